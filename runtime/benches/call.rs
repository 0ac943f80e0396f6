//! One full client call (serialize, sign, send to a loopback server, decode) next to a
//! plain reqwest POST of the same bytes to the same server.

#[allow(dead_code)]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use support::{client, request, runtime_and_server, Response, ACTION};

fn bench(c: &mut Criterion) {
    let (rt, addr) = runtime_and_server();
    let url = format!("http://{addr}/");
    let client = client(&format!("http://{addr}")).build().unwrap();
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
