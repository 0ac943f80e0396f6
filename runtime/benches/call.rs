//! One full client call (serialize, sign, send to a loopback server, decode) next to a
//! plain reqwest POST of the same bytes to the same server.

#[allow(dead_code)]
mod support;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use support::{request, serve, Response};
use tencentcloud_runtime::{
    ActionMeta, Client, Credentials, RateLimitPolicy, RetryPolicy, ServiceMeta,
};
use tokio::net::TcpListener;

static SVC: ServiceMeta = ServiceMeta {
    name: "essbasic",
    version: "2021-05-26",
    production: tencentcloud_runtime::Hosts::new("unused.invalid"),
    test: None,
    default_rate_limit: 20,
};
static ACTION: ActionMeta = ActionMeta {
    name: "ModifyExtendedService",
    rate_limit: 20,
    host: tencentcloud_runtime::HostRole::Main,
};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let addr = rt.block_on(async {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(serve(l));
        addr
    });
    let url = format!("http://{addr}/");
    let client = Client::builder(&SVC)
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        ))
        .rate_limit(RateLimitPolicy::disabled())
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let request = request();
    let body = serde_json::to_vec(&request).unwrap();
    let plain = reqwest::Client::new();

    let mut g = c.benchmark_group("loopback_call");
    g.bench_function("runtime_full_call", |b| {
        b.to_async(&rt).iter(|| async {
            let r: Response = client
                .call::<_, Response, String>(&ACTION, &request)
                .await
                .unwrap();
            r
        })
    });
    g.bench_function("plain_reqwest_post", |b| {
        b.to_async(&rt).iter(|| async {
            let r = plain
                .post(&url)
                .header("Content-Type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            r.bytes().await.unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
