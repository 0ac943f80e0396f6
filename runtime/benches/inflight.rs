//! The hot path as users load it: 16 calls in flight on one client thread (a
//! current-thread runtime, `JoinSet`) against one keep-alive loopback server, next to a
//! plain reqwest POST of the same bytes loaded the same way; and one call without any
//! I/O (serialize, sign, decode through an in-memory transport).
//!
//! Figures are per call (`iter_custom` divides each batch of 16 by 16).

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde::{Deserialize, Serialize};
use tencentcloud_runtime::transport::{
    BoxFuture, HttpRequest, HttpResponse, Transport, TransportError,
};
use tencentcloud_runtime::{
    ActionMeta, Client, Credentials, RateLimitPolicy, RetryPolicy, ServiceMeta,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

const IN_FLIGHT: u32 = 16;

static SVC: ServiceMeta = ServiceMeta {
    name: "essbasic",
    version: "2021-05-26",
    endpoint: "unused.invalid",
    default_rate_limit: 20,
};
static ACTION: ActionMeta = ActionMeta {
    name: "ModifyExtendedService",
    rate_limit: 20,
};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Agent {
    app_id: String,
    proxy_organization_open_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    agent: Agent,
    service_type: String,
    operate: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Response {
    operate_url: Option<String>,
    request_id: String,
}

const ANSWER: &[u8] = br#"{"Response":{"OperateUrl":"https://example.invalid/op?x=1","RequestId":"0d6f1d5b-6a0d-4a43-9a0e-4e7f3c1b2a99"}}"#;

fn request() -> Request {
    Request {
        agent: Agent {
            app_id: "yDw1".into(),
            proxy_organization_open_id: "org-1".into(),
        },
        service_type: "AUTO_SIGN".into(),
        operate: "OPEN".into(),
    }
}

/// Reads one `Content-Length` request off a keep-alive connection.
async fn read_one(s: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .split("\r\n")
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..head_end + len);
    Some(())
}

/// A minimal keep-alive HTTP/1.1 server answering every request with `ANSWER` (no
/// signature check, so both clients get the same answer at the same cost).
async fn serve(listener: TcpListener) {
    loop {
        let Ok((mut s, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(async move {
            let mut buf = Vec::new();
            let mut out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                ANSWER.len()
            )
            .into_bytes();
            out.extend_from_slice(ANSWER);
            while read_one(&mut s, &mut buf).await.is_some() {
                if s.write_all(&out).await.is_err() {
                    return;
                }
            }
        });
    }
}

/// Answers every request with `ANSWER` without any I/O.
#[derive(Debug)]
struct Canned;

impl Transport for Canned {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                body: ANSWER.to_vec(),
            })
        })
    }
}

fn client(endpoint: &str) -> tencentcloud_runtime::ClientBuilder {
    Client::builder(&SVC)
        .endpoint(endpoint)
        .credentials(Credentials::new(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        ))
        .rate_limit(RateLimitPolicy::disabled())
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(10))
}

/// Runs `iters` calls, `IN_FLIGHT` at a time, and returns the time per batch divided
/// by the batch size.
async fn batches<F, Fut>(iters: u64, make: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let start = Instant::now();
    for _ in 0..iters {
        let mut set = JoinSet::new();
        for _ in 0..IN_FLIGHT {
            set.spawn_local(make());
        }
        while let Some(r) = set.join_next().await {
            r.unwrap();
        }
    }
    start.elapsed() / IN_FLIGHT
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let local = tokio::task::LocalSet::new();
    let addr = rt.block_on(async {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(serve(l));
        addr
    });
    let url = format!("http://{addr}/");
    let runtime_client = client(&format!("http://{addr}")).build().unwrap();
    let request = Arc::new(request());
    let body = bytes_of(&request);
    let plain = reqwest::Client::new();

    let mut g = c.benchmark_group("in_flight_16");
    g.bench_function("runtime_call_per_call", |b| {
        b.iter_custom(|iters| {
            local.block_on(&rt, async {
                batches(iters, || {
                    let (client, request) = (runtime_client.clone(), request.clone());
                    async move {
                        let _: Response = client
                            .call::<_, Response, String>(&ACTION, &*request)
                            .await
                            .unwrap();
                    }
                })
                .await
            })
        })
    });
    g.bench_function("plain_reqwest_post_per_call", |b| {
        b.iter_custom(|iters| {
            local.block_on(&rt, async {
                batches(iters, || {
                    let (plain, url, body) = (plain.clone(), url.clone(), body.clone());
                    async move {
                        let r = plain
                            .post(&url)
                            .header("Content-Type", "application/json")
                            .body(body)
                            .send()
                            .await
                            .unwrap();
                        r.bytes().await.unwrap();
                    }
                })
                .await
            })
        })
    });
    g.finish();

    let no_io = client("unused.invalid")
        .transport(Arc::new(Canned))
        .build()
        .unwrap();
    c.bench_function("no_io/serialize_sign_decode", |b| {
        b.to_async(&rt).iter(|| async {
            let r: Response = no_io
                .call::<_, Response, String>(&ACTION, &*request)
                .await
                .unwrap();
            r
        })
    });
}

fn bytes_of(request: &Request) -> Vec<u8> {
    serde_json::to_vec(request).unwrap()
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    targets = bench
}
criterion_main!(benches);
