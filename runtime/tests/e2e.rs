//! End-to-end tests against a real HTTP server on 127.0.0.1 that verifies signatures
//! independently and injects faults.

mod common;

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{api_error, ok, Expect, Received, Reply, Server, SVC};
use serde::{Deserialize, Serialize};
use tencentcloud_runtime::credentials::CredentialsError;
use tencentcloud_runtime::transport::{
    BoxFuture, HttpRequest, HttpResponse, ReqwestOptions, ReqwestTransport, Transport,
    TransportError,
};
use tencentcloud_runtime::{
    ActionMeta, Client, ClientBuilder, Credentials, CredentialsProvider, Error, ErrorCode,
    InvalidBodyReason, Language, RateLimitPolicy, RetryPolicy,
};

static ECHO: ActionMeta = ActionMeta {
    name: "Echo",
    rate_limit: 1000,
    host: tencentcloud_runtime::HostRole::Main,
};
static BURST: ActionMeta = ActionMeta {
    name: "Burst",
    rate_limit: 10,
    host: tencentcloud_runtime::HostRole::Main,
};

const ID: &str = "AKIDtestTESTtest1234";
const KEY: &str = "test-secret-key-0123456789";

#[derive(Serialize, Deserialize, Debug, Clone)]
#[serde(rename_all = "PascalCase")]
struct EchoRequest {
    name: String,
    count: i64,
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
struct EchoResponse {
    greeting: String,
    #[serde(
        default,
        deserialize_with = "::tencentcloud_runtime::de::null_as_default"
    )]
    items: Vec<String>,
    request_id: String,
}

/// A typed error code set, as a generated crate would have.
#[derive(Clone, Debug, PartialEq)]
enum Code {
    ParamError,
    RequestLimit(String),
    Unknown(String),
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}

impl ErrorCode for Code {
    fn from_wire(code: &str) -> Self {
        match code {
            "InvalidParameter.ParamError" => Code::ParamError,
            c if c.starts_with("RequestLimitExceeded") => Code::RequestLimit(c.into()),
            c => Code::Unknown(c.into()),
        }
    }
    fn as_wire(&self) -> &str {
        match self {
            Code::ParamError => "InvalidParameter.ParamError",
            Code::RequestLimit(c) | Code::Unknown(c) => c,
        }
    }
    fn is_retryable(&self) -> bool {
        matches!(self, Code::RequestLimit(_))
    }
}

fn expect() -> Expect {
    Expect::new(SVC.name, SVC.version).key(ID, KEY, None)
}

fn builder(server: &Server) -> ClientBuilder<Client> {
    Client::builder(&SVC)
        .endpoint(server.url())
        .credentials(Credentials::new(ID, KEY))
        .timeout(Duration::from_secs(10))
        .retry(
            RetryPolicy::new(3)
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(20)),
        )
}

fn req(name: &str) -> EchoRequest {
    EchoRequest {
        name: name.into(),
        count: 1,
    }
}

fn name_of(r: &Received) -> String {
    serde_json::from_slice::<EchoRequest>(&r.body)
        .map(|e| e.name)
        .unwrap_or_default()
}

fn greet(r: &Received) -> Reply {
    ok(
        &format!(r#""Greeting":"hello {}","Items":null"#, name_of(r)),
        &format!("rid-{}", r.index),
    )
}

async fn echo<C: ErrorCode>(client: &Client, name: &str) -> Result<EchoResponse, Error<C>> {
    client.call::<_, EchoResponse, C>(&ECHO, &req(name)).await
}

#[tokio::test]
async fn signed_call_succeeds_and_every_header_is_verified() {
    let server = Server::start(expect(), greet).await;
    let client = builder(&server).build().unwrap();
    let resp = echo::<String>(&client, "ann").await.unwrap();
    assert_eq!(resp.greeting, "hello ann");
    assert_eq!(resp.request_id, "rid-0");
    assert!(resp.items.is_empty());
    server.assert_all_verified();
    let r = &server.received()[0];
    assert_eq!(r.header("host"), Some(server.addr.to_string().as_str()));
    assert_eq!(r.header("x-tc-action"), Some("Echo"));
    assert_eq!(r.header("x-tc-version"), Some("2020-02-02"));
    assert_eq!(r.header("x-tc-language"), Some("zh-CN"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    // Who is calling, and a trace id for this call (neither is signed).
    let sdk = format!("SDK_RUST_{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(r.header("x-tc-requestclient"), Some(sdk.as_str()));
    let agent = format!("tencentcloud-runtime-rust/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(r.header("user-agent"), Some(agent.as_str()));
    assert_eq!(r.header("x-tc-traceid").map(str::len), Some(36));
    for absent in ["x-tc-region", "x-tc-token", "x-tc-content-sha256"] {
        assert_eq!(r.header(absent), None, "{absent}");
    }
    assert_eq!(r.body, serde_json::to_vec(&req("ann")).unwrap());
}

#[tokio::test]
async fn token_region_language_unsigned_payload_and_request_client_are_sent() {
    let server = Server::start(
        Expect::new(SVC.name, SVC.version).key(ID, KEY, Some("tmp-token-xyz")),
        greet,
    )
    .await;
    let client = builder(&server)
        .credentials(Credentials::new(ID, KEY).with_token("tmp-token-xyz"))
        .region("ap-guangzhou")
        .language(Language::EnUs)
        .unsigned_payload(true)
        .request_client("runtime-tests/1")
        .build()
        .unwrap();
    echo::<String>(&client, "bo").await.unwrap();
    server.assert_all_verified();
    let r = &server.received()[0];
    assert_eq!(r.header("x-tc-token"), Some("tmp-token-xyz"));
    assert_eq!(r.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(r.header("x-tc-language"), Some("en-US"));
    assert_eq!(r.header("x-tc-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    assert_eq!(r.header("x-tc-requestclient"), Some("runtime-tests/1"));
}

#[tokio::test]
async fn a_wrong_key_or_missing_token_is_rejected_by_the_server() {
    let server = Server::start(
        Expect::new(SVC.name, SVC.version).key(ID, KEY, Some("tok")),
        greet,
    )
    .await;
    // Right token, wrong key.
    let client = builder(&server)
        .credentials(Credentials::new(ID, "not-the-key").with_token("tok"))
        .build()
        .unwrap();
    let err = echo::<String>(&client, "x").await.unwrap_err();
    assert_eq!(
        err.code().map(String::as_str),
        Some("AuthFailure.SignatureFailure"),
        "{err}"
    );
    // Right key, no token.
    let client = builder(&server).build().unwrap();
    let err = echo::<String>(&client, "x").await.unwrap_err();
    assert_eq!(
        err.code().map(String::as_str),
        Some("AuthFailure.SignatureFailure"),
        "{err}"
    );
    assert_eq!(server.hits(), 2, "auth failures are not retried");
    assert!(server.received().iter().all(|r| r.verdict.is_err()));
}

#[tokio::test]
async fn api_errors_are_typed_and_not_retried() {
    let server = Server::start(expect(), |r: &Received| match name_of(r).as_str() {
        "param" => api_error(
            "InvalidParameter.ParamError",
            "ServiceType is invalid",
            "rid-param",
        ),
        _ => api_error("FailedOperation.Whatever", "nope", "rid-other"),
    })
    .await;
    let client = builder(&server).build().unwrap();
    match echo::<Code>(&client, "param").await.unwrap_err() {
        Error::Api(e) => {
            assert_eq!(e.code, Code::ParamError);
            assert_eq!(e.message, "ServiceType is invalid");
            assert_eq!(e.request_id, "rid-param");
        }
        other => panic!("{other:?}"),
    }
    let err = echo::<Code>(&client, "other").await.unwrap_err();
    assert_eq!(
        err.code(),
        Some(&Code::Unknown("FailedOperation.Whatever".into()))
    );
    assert_eq!(err.request_id(), Some("rid-other"));
    assert_eq!(
        err.to_string(),
        "FailedOperation.Whatever: nope (request id rid-other)"
    );
    assert_eq!(server.hits(), 2);
    server.assert_all_verified();
}

/// Counts how often credentials are asked for (once per signed attempt).
struct CountingCreds(AtomicUsize);
impl CredentialsProvider for CountingCreds {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Credentials::new(ID, KEY)) })
    }
}

#[tokio::test]
async fn rate_limit_codes_are_retried_with_a_fresh_signature_then_succeed() {
    let server = Server::start(expect(), |r: &Received| {
        if r.index < 2 {
            api_error("RequestLimitExceeded", "slow down", "rid-limit")
        } else {
            greet(r)
        }
    })
    .await;
    let creds = Arc::new(CountingCreds(AtomicUsize::new(0)));
    let client = builder(&server)
        .credentials_provider(creds.clone())
        .build()
        .unwrap();
    let resp = echo::<Code>(&client, "cy").await.unwrap();
    assert_eq!(resp.greeting, "hello cy");
    assert_eq!(server.hits(), 3);
    assert_eq!(
        creds.0.load(Ordering::SeqCst),
        3,
        "every attempt is signed anew"
    );
    server.assert_all_verified();
}

#[tokio::test]
async fn rate_limit_retries_are_bounded_and_can_be_disabled() {
    let server = Server::start(expect(), |_: &Received| {
        api_error("RequestLimitExceeded.UinLimitExceeded", "busy", "rid-l")
    })
    .await;
    let client = builder(&server)
        .retry(
            RetryPolicy::new(4)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(4)),
        )
        .build()
        .unwrap();
    let err = echo::<Code>(&client, "d").await.unwrap_err();
    assert_eq!(
        err.code(),
        Some(&Code::RequestLimit(
            "RequestLimitExceeded.UinLimitExceeded".into()
        ))
    );
    assert!(err.is_retryable());
    assert_eq!(server.hits(), 4);

    let client = builder(&server)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    echo::<Code>(&client, "d").await.unwrap_err();
    assert_eq!(server.hits(), 5);
}

/// Each fault the server can produce, and the error the client must turn it into.
#[tokio::test]
async fn bad_answers_become_typed_errors_and_are_never_retried() {
    let server = Server::start(expect(), |r: &Received| match name_of(r).as_str() {
        "503" => Reply::Raw(
            503,
            "text/html",
            b"<html><body>Service Unavailable</body></html>".to_vec(),
        ),
        "500json" => Reply::Json(500, r#"{"Response":{"RequestId":"rid-500"}}"#.into()),
        "html200" => Reply::Raw(
            200,
            "text/html",
            "<!DOCTYPE html><html>网关错误</html>".as_bytes().to_vec(),
        ),
        "empty" => Reply::Json(200, String::new()),
        "truncated" => Reply::Json(200, r#"{"Response":{"Greeting":"hel"#.into()),
        "garbage" => Reply::Json(200, "not json at all".into()),
        "noresponse" => Reply::Json(200, r#"{"Result":{}}"#.into()),
        "wrongshape" => ok(r#""Greeting":42"#, "rid-shape"),
        "long" => Reply::Raw(502, "text/plain", "错".repeat(2000).into_bytes()),
        "cutbody" => Reply::TruncatedBody(br#"{"Response":{"#.to_vec()),
        _ => greet(r),
    })
    .await;
    let client = builder(&server).build().unwrap();
    let cases = [
        "503",
        "500json",
        "html200",
        "empty",
        "truncated",
        "garbage",
        "noresponse",
        "wrongshape",
        "long",
        "cutbody",
    ];
    for (done, name) in cases.into_iter().enumerate() {
        let err = echo::<String>(&client, name).await.expect_err(name);
        assert!(!err.is_retryable(), "{name}");
        match (name, &err) {
            (
                "503",
                Error::HttpStatus {
                    status: 503,
                    snippet,
                    request_id: None,
                    trace_id: Some(_),
                },
            ) => {
                assert!(snippet.contains("Service Unavailable"))
            }
            (
                "500json",
                Error::HttpStatus {
                    status: 500,
                    request_id: Some(id),
                    ..
                },
            ) => assert_eq!(id, "rid-500"),
            (
                "html200",
                Error::InvalidResponse {
                    status: 200,
                    reason: InvalidBodyReason::Html,
                    body,
                    ..
                },
            ) => {
                assert!(body.contains("网关错误"))
            }
            (
                "empty",
                Error::InvalidResponse {
                    reason: InvalidBodyReason::Empty,
                    ..
                },
            ) => {}
            (
                "truncated",
                Error::InvalidResponse {
                    reason: InvalidBodyReason::Truncated(_),
                    ..
                },
            ) => {}
            (
                "garbage",
                Error::InvalidResponse {
                    reason: InvalidBodyReason::Malformed(_),
                    body,
                    ..
                },
            ) => {
                assert_eq!(&**body, "not json at all")
            }
            (
                "noresponse",
                Error::InvalidResponse {
                    reason: InvalidBodyReason::MissingResponse,
                    ..
                },
            ) => {}
            (
                "wrongshape",
                Error::InvalidResponse {
                    reason: InvalidBodyReason::UnexpectedShape(_),
                    request_id,
                    ..
                },
            ) => {
                assert_eq!(request_id.as_deref(), Some("rid-shape"))
            }
            (
                "long",
                Error::HttpStatus {
                    status: 502,
                    snippet,
                    ..
                },
            ) => {
                assert!(
                    snippet.len() <= 260 && snippet.ends_with('…') && snippet.starts_with('错'),
                    "{snippet}"
                )
            }
            ("cutbody", Error::Transport { .. }) => {}
            _ => panic!("{name}: unexpected {err:?}"),
        }
        assert_eq!(server.hits(), done + 1, "{name} was not retried");
    }
    server.assert_all_verified();
    // The client still works afterwards.
    echo::<String>(&client, "fine").await.unwrap();
}

#[tokio::test]
async fn a_reset_after_sending_is_not_retried() {
    let server = Server::start(expect(), |_: &Received| Reply::Reset).await;
    let client = builder(&server).build().unwrap();
    let err = echo::<String>(&client, "r").await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn timeouts_are_honoured_and_never_retried() {
    let server = Server::start(expect(), |r: &Received| {
        Reply::Delay(Duration::from_secs(30), Box::new(greet(r)))
    })
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = echo::<String>(&client, "slow").await.unwrap_err();
    // Generous bound: far below the server's 30 s delay.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.hits(), 1);
}

/// Wraps the real transport, failing the first `fail_first` sends as connect errors.
#[derive(Debug)]
struct FlakyConnect {
    inner: ReqwestTransport,
    sends: AtomicUsize,
    fail_first: usize,
}

impl Transport for FlakyConnect {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let n = self.sends.fetch_add(1, Ordering::SeqCst);
        if n < self.fail_first {
            return Box::pin(async {
                Err(TransportError::Connect("injected connect failure".into()))
            });
        }
        self.inner.send(request)
    }
}

#[tokio::test]
async fn refused_connections_are_retried_up_to_the_limit() {
    // A port that nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let transport = Arc::new(FlakyConnect {
        inner: ReqwestTransport::new(&ReqwestOptions::default()).unwrap(),
        sends: AtomicUsize::new(0),
        fail_first: 0,
    });
    let client = Client::builder(&SVC)
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::new(ID, KEY))
        .retry(RetryPolicy::new(3).with_base_delay(Duration::from_millis(1)))
        .transport(transport.clone())
        .build()
        .unwrap();
    let err = echo::<String>(&client, "x").await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(transport.sends.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_connect_failure_is_retried_and_the_call_then_succeeds() {
    let server = Server::start(expect(), greet).await;
    let transport = Arc::new(FlakyConnect {
        inner: ReqwestTransport::new(&ReqwestOptions::default()).unwrap(),
        sends: AtomicUsize::new(0),
        fail_first: 2,
    });
    let client = builder(&server)
        .transport(transport.clone())
        .build()
        .unwrap();
    echo::<String>(&client, "z").await.unwrap();
    assert_eq!(transport.sends.load(Ordering::SeqCst), 3);
    assert_eq!(server.hits(), 1);
    server.assert_all_verified();
}

/// Extra spacing for the rate-limit tests; see `a_burst_never_exceeds_...`.
const JITTER_MARGIN: Duration = Duration::from_millis(200);

/// Largest number of arrivals within any window of length `window` starting at an arrival.
fn max_in_window(mut times: Vec<Instant>, window: Duration) -> usize {
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_never_exceeds_the_rate_limit_in_any_one_second_window() {
    let server = Server::start(expect(), greet).await;
    // The limiter spaces request *starts*; the server sees arrivals. The margin absorbs
    // scheduling delays between the two on a busy machine, so the check is not flaky.
    let client = builder(&server)
        .rate_limit(RateLimitPolicy::per_action().with_margin(JITTER_MARGIN))
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..25)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .call::<_, EchoResponse, String>(&BURST, &req(&format!("b{i}")))
                    .await
            })
        })
        .collect();
    let mut oks = 0;
    for t in tasks {
        t.await.unwrap().unwrap();
        oks += 1;
    }
    assert_eq!(oks, 25, "nothing lost");
    let times: Vec<Instant> = server.received().iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 25);
    let peak = max_in_window(times, Duration::from_secs(1));
    assert!(peak <= 10, "{peak} requests within one second, limit is 10");
    assert_eq!(peak, 10, "the limiter lets a full window through");
    // 25 requests at 10 per second need at least two full windows.
    assert!(started.elapsed() >= Duration::from_secs(2));
    server.assert_all_verified();
}

/// Credentials that take until `ready` to arrive, as a refresh of temporary keys might.
struct SlowUntil {
    ready: Instant,
}

impl CredentialsProvider for SlowUntil {
    fn credentials(
        &self,
    ) -> tencentcloud_runtime::transport::BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            tokio::time::sleep_until(self.ready.into()).await;
            Ok(Credentials::new(ID, KEY))
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_credentials_do_not_let_a_burst_exceed_the_rate_limit() {
    // If calls took their rate-limit slots before waiting for credentials, the
    // first ten would leave together when the credentials arrive, right before
    // the next ten slots open: twenty requests within one second.
    let server = Server::start(expect(), greet).await;
    let client = builder(&server)
        .credentials(SlowUntil {
            ready: Instant::now() + Duration::from_millis(900),
        })
        .rate_limit(RateLimitPolicy::per_action().with_margin(JITTER_MARGIN))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .call::<_, EchoResponse, String>(&BURST, &req(&format!("s{i}")))
                    .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let times: Vec<Instant> = server.received().iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 20);
    let peak = max_in_window(times, Duration::from_secs(1));
    assert!(peak <= 10, "{peak} requests within one second, limit is 10");
    server.assert_all_verified();
}

#[tokio::test]
async fn credentials_no_header_can_carry_are_a_credentials_error_and_nothing_is_sent() {
    let server = Server::start(expect(), greet).await;
    let client = builder(&server)
        .credentials(Credentials::new("AKID\nbroken", KEY))
        .build()
        .unwrap();
    let err = client
        .call::<_, EchoResponse, String>(&ECHO, &req("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(!err.to_string().contains(KEY));
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn redirects_are_answers_not_followed() {
    let server = Server::start(expect(), |_| {
        Reply::Raw(307, "text/plain", b"moved".to_vec())
    })
    .await;
    let client = builder(&server).build().unwrap();
    let err = client
        .call::<_, EchoResponse, String>(&ECHO, &req("x"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::HttpStatus { status: 307, .. }),
        "{err:?}"
    );
    assert_eq!(server.hits(), 1, "the signed body is not sent again");
}

#[tokio::test]
async fn rate_limit_overrides_and_disabling() {
    let server = Server::start(expect(), greet).await;
    // Override the action's limit to 3 per second: 7 calls need two more windows.
    let client = builder(&server)
        .rate_limit(
            RateLimitPolicy::per_action()
                .with_override("Echo", 3)
                .with_margin(JITTER_MARGIN),
        )
        .build()
        .unwrap();
    let calls: Vec<_> = (0..7)
        .map(|i| {
            let c = client.clone();
            async move { echo::<String>(&c, &format!("o{i}")).await }
        })
        .collect();
    for r in futures_join(calls).await {
        r.unwrap();
    }
    let times: Vec<Instant> = server.received().iter().map(|r| r.at).collect();
    assert_eq!(max_in_window(times, Duration::from_secs(1)), 3);

    // Disabled: a burst of 12 at a 10/s action all arrive within one window.
    let server = Server::start(expect(), greet).await;
    let client = builder(&server)
        .rate_limit(RateLimitPolicy::disabled())
        .build()
        .unwrap();
    let calls: Vec<_> = (0..12)
        .map(|i| {
            let c = client.clone();
            async move {
                c.call::<_, EchoResponse, String>(&BURST, &req(&format!("d{i}")))
                    .await
            }
        })
        .collect();
    for r in futures_join(calls).await {
        r.unwrap();
    }
    let times: Vec<Instant> = server.received().iter().map(|r| r.at).collect();
    let peak = max_in_window(times, Duration::from_secs(1));
    assert!(
        peak > 10,
        "with limiting disabled the burst exceeds the action's 10/s ({peak})"
    );
}

/// Runs futures concurrently on the current task set and collects their results in order.
async fn futures_join<F: std::future::Future + Send + 'static>(futs: Vec<F>) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futs.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_mixed_faults_every_call_ends_in_a_response_or_a_typed_error() {
    let server = Server::start(expect(), |r: &Received| {
        let name = name_of(r);
        let i: usize = name[1..].parse().unwrap_or(0);
        match i % 6 {
            0 => greet(r),
            1 => Reply::Raw(503, "text/html", b"<html>busy</html>".to_vec()),
            2 => Reply::Reset,
            3 => api_error("InvalidParameter.ParamError", "bad", "rid"),
            4 => Reply::Json(200, r#"{"Response":{"Gre"#.into()),
            _ => Reply::Delay(Duration::from_secs(30), Box::new(greet(r))),
        }
    })
    .await;
    let client = builder(&server)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let calls: Vec<_> = (0..30)
        .map(|i| {
            let c = client.clone();
            async move { (i, echo::<Code>(&c, &format!("m{i}")).await) }
        })
        .collect();
    let results = tokio::time::timeout(Duration::from_secs(20), futures_join(calls))
        .await
        .expect("all calls end");
    assert_eq!(results.len(), 30);
    for (i, r) in results {
        match (i % 6, &r) {
            (0, Ok(resp)) => assert_eq!(resp.greeting, format!("hello m{i}")),
            (1, Err(Error::HttpStatus { status: 503, .. }))
            | (2, Err(Error::Transport { .. }))
            | (3, Err(Error::Api(_)))
            | (
                4,
                Err(Error::InvalidResponse {
                    reason: InvalidBodyReason::Truncated(_),
                    ..
                }),
            )
            | (5, Err(Error::Timeout { .. })) => {}
            _ => panic!("call {i}: unexpected {r:?}"),
        }
    }
    assert_eq!(server.hits(), 30, "no call was resent");
    server.assert_all_verified();
}

const TOKEN: &str = "SESSION-TOKEN-VALUE";

#[tokio::test]
async fn the_wire_carries_the_token_only_in_its_header() {
    // Sanity check of the server side: the token is really sent (so the checks above
    // are meaningful), and the secret key never leaves the process.
    let server = Server::start(
        Expect::new(SVC.name, SVC.version).key(ID, KEY, Some(TOKEN)),
        |_: &Received| Reply::Json(200, r#"{"Response":{"RequestId":"r"}}"#.into()),
    )
    .await;
    let client = Client::builder(&SVC)
        .endpoint(server.url())
        .credentials(Credentials::new(ID, KEY).with_token(TOKEN))
        .build()
        .unwrap();
    let _: serde_json::Value = client
        .call::<_, _, String>(&ECHO, &serde_json::json!({}))
        .await
        .unwrap();
    let r = &server.received()[0];
    assert_eq!(r.header("x-tc-token"), Some(TOKEN));
    let wire: String = r
        .headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}\n"))
        .collect();
    assert!(!wire.contains(KEY) && !String::from_utf8_lossy(&r.body).contains(KEY));
}
