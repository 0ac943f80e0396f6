//! Cost of one TC3-HMAC-SHA256 signature.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use tencentcloud_runtime::signing::{sign, SigningInput};

fn input(body: &[u8]) -> SigningInput<'_> {
    SigningInput {
        service: "essbasic",
        host: "essbasic.tencentcloudapi.com",
        action: "ModifyExtendedService",
        version: "2021-05-26",
        region: Some("ap-guangzhou"),
        language: Some("zh-CN"),
        timestamp: 1_700_000_000,
        secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        token: None,
        request_client: None,
        body,
        unsigned_payload: false,
    }
}

fn bench(c: &mut Criterion) {
    let small = br#"{"Agent":{"AppId":"yDw1","ProxyOrganizationOpenId":"org-1","ProxyOperator":{"OpenId":"op-1"}},"ServiceType":"AUTO_SIGN","Operate":"OPEN"}"#;
    let large: Vec<u8> = {
        let mut v = b"{\"Data\":\"".to_vec();
        v.extend(std::iter::repeat_n(b'x', 64 * 1024));
        v.extend_from_slice(b"\"}");
        v
    };
    let mut g = c.benchmark_group("sign");
    g.throughput(Throughput::Bytes(small.len() as u64));
    g.bench_function("small_body", |b| b.iter(|| sign(black_box(&input(small)))));
    g.throughput(Throughput::Bytes(large.len() as u64));
    g.bench_function("64KiB_body", |b| b.iter(|| sign(black_box(&input(&large)))));
    g.finish();
    // The body is not hashed at all with the unsigned-payload option.
    c.bench_function("sign/64KiB_body_unsigned_payload", |b| {
        b.iter(|| {
            sign(black_box(&SigningInput {
                unsigned_payload: true,
                ..input(&large)
            }))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
