//! One full client call (serialize, sign, send to a loopback server, decode) next to a
//! plain reqwest POST of the same bytes to the same server.

#[allow(dead_code)]
#[path = "../src/testing.rs"]
mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use serde::{Deserialize, Serialize};
use tencentcloud_runtime::{
    ActionMeta, Client, Credentials, RateLimitPolicy, RetryPolicy, ServiceMeta,
};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

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

/// A keep-alive HTTP/1.1 server answering every request with `ANSWER` (no signature
/// check, so both benchmarked clients get the same answer at the same cost).
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
            while let Ok(Some(_)) = common::read_request(&mut s, &mut buf).await {
                if s.write_all(&out).await.is_err() {
                    return;
                }
            }
        });
    }
}

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
    let request = Request {
        agent: Agent {
            app_id: "yDw1".into(),
            proxy_organization_open_id: "org-1".into(),
        },
        service_type: "AUTO_SIGN".into(),
        operate: "OPEN".into(),
    };
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
