//! Tracing spans and events of a call, the `DeprecatedWarning` warning, and the promise
//! that secrets never appear in logs, `Debug` output or error messages.
//!
//! Only one test in this binary makes calls: tracing caches per-callsite interest
//! globally, so a concurrent call without the capturing subscriber could hide spans.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{api_error, ok, Expect, Received, Server};
use tencentcloud_runtime::credentials::{ProfileProvider, ENV_SECRET_ID};
use tencentcloud_runtime::{ActionMeta, Client, Credentials, Error, RetryPolicy, ServiceMeta};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

static SVC: ServiceMeta = ServiceMeta {
    name: "obsvc",
    version: "2021-01-01",
    production: tencentcloud_runtime::Hosts::new("obsvc.invalid"),
    test: None,
    default_rate_limit: 100,
};
static PING: ActionMeta = ActionMeta {
    name: "Ping",
    rate_limit: 100,
    host: tencentcloud_runtime::HostRole::Main,
};

const ID: &str = "AKIDobservabilityID42";
const KEY: &str = "SUPERSECRET-KEY-VALUE";
const TOKEN: &str = "SESSION-TOKEN-VALUE";

/// Span name and fields, by span id.
type SpanMap = HashMap<u64, (String, Vec<(String, String)>)>;

/// Collects every span (with its fields, including ones recorded later) and every event.
#[derive(Default, Clone)]
struct Capture {
    next: Arc<AtomicU64>,
    spans: Arc<Mutex<SpanMap>>,
    events: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);
impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        attrs.record(&mut Fields(&mut fields));
        self.spans
            .lock()
            .unwrap()
            .insert(id, (attrs.metadata().name().to_owned(), fields));
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some((_, fields)) = self.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        let mut line = format!("{} {}", event.metadata().level(), event.metadata().target());
        for (k, v) in fields {
            let _ = write!(line, " {k}={v}");
        }
        self.events.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Capture {
    fn everything(&self) -> String {
        let mut all = self.events.lock().unwrap().join("\n");
        for (name, fields) in self.spans.lock().unwrap().values() {
            let _ = write!(all, "\n{name} {fields:?}");
        }
        all
    }
    fn call_spans(&self) -> Vec<HashMap<String, String>> {
        let spans = self.spans.lock().unwrap();
        let mut ids: Vec<u64> = spans.keys().copied().collect();
        ids.sort_unstable();
        let mut out = Vec::new();
        for id in ids {
            let (name, fields) = &spans[&id];
            if name == "tencentcloud.call" {
                // Later recordings overwrite earlier ones.
                out.push(fields.iter().cloned().collect());
            }
        }
        out
    }
}

fn assert_no_secrets(text: &str) {
    for secret in [KEY, TOKEN] {
        assert!(!text.contains(secret), "secret leaked into:\n{text}");
    }
}

#[tokio::test]
async fn spans_record_action_attempt_latency_and_request_id_without_secrets() {
    let capture = Capture::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));

    let server = Server::start(
        Expect::new(SVC.name, SVC.version).key(ID, KEY, Some(TOKEN)),
        |r: &Received| match r.index {
            0 => api_error("RequestLimitExceeded", "slow down", "rid-first"),
            1 => ok(r#""DeprecatedWarning":"field Foo is deprecated""#, "rid-ok"),
            _ => api_error("AuthFailure.UnauthorizedOperation", "denied", "rid-denied"),
        },
    )
    .await;
    let client = Client::builder(&SVC)
        .endpoint(server.url())
        .credentials(Credentials::new(ID, KEY).with_token(TOKEN))
        .retry(RetryPolicy::new(3).with_base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();

    let v: serde_json::Value = client
        .call::<_, _, String>(&PING, &serde_json::json!({"A": 1}))
        .await
        .unwrap();
    assert_eq!(v["RequestId"], "rid-ok");
    assert!(v.get("DeprecatedWarning").is_none());
    let err = client
        .call::<_, serde_json::Value, String>(&PING, &serde_json::json!({}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    server.assert_all_verified();

    let spans = capture.call_spans();
    assert_eq!(spans.len(), 2, "one span per call");
    assert_eq!(spans[0]["action"], "Ping");
    assert_eq!(spans[0]["service"], "obsvc");
    assert_eq!(spans[0]["attempt"], "2");
    assert_eq!(spans[0]["request_id"], "rid-ok");
    assert!(spans[0]["latency_ms"].parse::<u64>().is_ok());
    assert_eq!(spans[1]["attempt"], "1");
    assert_eq!(spans[1]["request_id"], "rid-denied");
    // The trace id sent on the wire is the span's, and the error's.
    let received = server.received();
    assert_eq!(
        Some(spans[0]["trace_id"].as_str()),
        received[1].header("x-tc-traceid")
    );
    assert_eq!(Some(spans[1]["trace_id"].as_str()), err.trace_id());
    assert_eq!(
        Some(spans[1]["trace_id"].as_str()),
        received[2].header("x-tc-traceid")
    );

    let all = capture.everything();
    assert!(
        all.lines().any(|l| l.starts_with("WARN")
            && l.contains("field Foo is deprecated")
            && l.contains("rid-ok")),
        "DeprecatedWarning is surfaced as a warning:\n{all}"
    );
    assert!(all.contains("retrying"), "{all}");
    assert_no_secrets(&all);
    // Errors and the client's Debug output are free of secrets too.
    assert_no_secrets(&format!("{err} {err:?} {client:?}"));
}

#[test]
fn debug_and_errors_never_show_secrets() {
    let creds = Credentials::new(ID, KEY).with_token(TOKEN);
    let builder = Client::builder(&SVC)
        .credentials(creds.clone())
        .proxy("http://user:pw@proxy.invalid:3128");
    let text = format!("{creds:?} {builder:?}");
    assert_no_secrets(&text);
    assert!(!text.contains("pw@"), "proxy credentials hidden: {text}");
    assert!(!format!("{creds:?}").contains(ID), "secret id is shortened");

    // A profile file with a key but no id: the error names the problem, not the key.
    let e = ProfileProvider::parse(&format!("[default]\nsecret_key = {KEY}\n")).unwrap_err();
    assert_no_secrets(&format!("{e} {e:?}"));
    let e = tencentcloud_runtime::credentials::EnvProvider::resolve_with(|k| {
        (k != ENV_SECRET_ID).then(|| KEY.to_owned())
    })
    .unwrap_err();
    assert_no_secrets(&format!("{e} {e:?}"));

    let signed =
        tencentcloud_runtime::signing::sign(&tencentcloud_runtime::signing::SigningInput {
            service: "s",
            host: "h",
            action: "A",
            version: "v",
            region: None,
            language: None,
            timestamp: 0,
            secret_id: ID,
            secret_key: KEY,
            token: Some(TOKEN),
            request_client: None,
            body: b"{}",
            unsigned_payload: false,
        });
    assert_no_secrets(&format!("{signed:?}"));
}
