//! The hot path as users load it: 16 calls in flight on one client thread (a
//! current-thread runtime, `JoinSet`) against one keep-alive loopback server, next to a
//! plain reqwest POST of the same bytes loaded the same way; and one call without any
//! I/O (serialize, sign, decode through an in-memory transport).
//!
//! A third line sends, with plain reqwest, the body *and the headers* of a signed
//! request, so that the cost of what the protocol puts on the wire (ten headers
//! against one) is told apart from the cost of the SDK's own work.
//!
//! Figures are per call (`iter_custom` divides each batch of 16 by 16).

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use tencentcloud_runtime::transport::{
    BoxFuture, HeaderMap, HttpRequest, HttpResponse, Transport, TransportError,
};
use tokio::task::JoinSet;

#[allow(dead_code)]
mod support;
use support::{client, request, runtime_and_server, Request, Response, ACTION, ANSWER};

const IN_FLIGHT: u32 = 16;

/// Answers every request with `ANSWER` without any I/O, keeping the last headers.
#[derive(Debug, Default)]
struct Canned {
    last_headers: std::sync::Mutex<Option<HeaderMap>>,
}

impl Transport for Canned {
    fn send(&self, r: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        *self.last_headers.lock().unwrap() = Some(r.headers);
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                body: tencentcloud_runtime::transport::Bytes::from_static(ANSWER),
            })
        })
    }
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
    let local = tokio::task::LocalSet::new();
    let (rt, addr) = runtime_and_server();
    let url = format!("http://{addr}/");
    let runtime_client = client(&format!("http://{addr}")).build().unwrap();
    let request = Arc::new(request());
    let body = bytes_of(&request);
    let plain = reqwest::Client::new();

    let canned = Arc::new(Canned::default());
    let no_io = client("unused.invalid")
        .transport(canned.clone())
        .build()
        .unwrap();
    let signed_headers = rt.block_on(async {
        let _: Response = no_io
            .call::<_, Response, String>(&ACTION, &*request)
            .await
            .unwrap();
        let mut h = canned.last_headers.lock().unwrap().take().unwrap();
        h.remove("host");
        h
    });

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
    g.bench_function("plain_reqwest_post_same_headers_per_call", |b| {
        b.iter_custom(|iters| {
            local.block_on(&rt, async {
                batches(iters, || {
                    let (plain, url, body) = (plain.clone(), url.clone(), body.clone());
                    let headers = signed_headers.clone();
                    async move {
                        let r = plain
                            .post(&url)
                            .headers(headers)
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
