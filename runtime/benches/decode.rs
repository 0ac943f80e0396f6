//! Decoding a realistic answer (a list of flows with nested signers, 20 members of
//! each scalar kind) into types shaped like the generated ones before lenient decoding
//! (plain `Option` members, undeclared members dropped) and after (members through
//! `de::lenient::option`, undeclared members kept in a flattened map), well-typed and
//! with drifted members.

use criterion::{criterion_group, criterion_main, Criterion};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tencentcloud_runtime::de::lenient;
use tencentcloud_runtime::decode_response;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PlainSigner {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signed_on: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_done: Option<bool>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PlainFlow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flow_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dead_line: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    need_review: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signers: Option<Vec<PlainSigner>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PlainResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flow_info: Option<Vec<PlainFlow>>,
    #[serde(rename = "RequestId", default)]
    request_id: String,
}

macro_rules! lenient_struct {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct $name {
            $(
                #[serde(default, deserialize_with = "lenient::option", skip_serializing_if = "Option::is_none")]
                $field: Option<$ty>,
            )*
            #[serde(flatten, skip_serializing_if = "lenient::skip_other")]
            other: Map<String, Value>,
        }
        impl<'de> lenient::Lenient<'de> for $name {
            fn deserialize_lenient<D: serde::Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                lenient::record(d)
            }
        }
    };
}

macro_rules! no_other_struct {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct $name {
            $(
                #[serde(default, deserialize_with = "lenient::option", skip_serializing_if = "Option::is_none")]
                $field: Option<$ty>,
            )*
        }
        impl<'de> lenient::Lenient<'de> for $name {
            fn deserialize_lenient<D: serde::Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                lenient::record(d)
            }
        }
    };
}

// Lenient members without the flattened map, to tell the two costs apart.
no_other_struct!(NoOtherSigner {
    name: String,
    signed_on: i64,
    is_done: bool
});
no_other_struct!(NoOtherFlow {
    flow_id: String,
    dead_line: i64,
    amount: f64,
    need_review: bool,
    signers: Vec<NoOtherSigner>,
});
no_other_struct!(NoOtherResponse { total_count: u64, flow_info: Vec<NoOtherFlow>, request_id: String });

lenient_struct!(LenientSigner {
    name: String,
    signed_on: i64,
    is_done: bool
});
lenient_struct!(LenientFlow {
    flow_id: String,
    dead_line: i64,
    amount: f64,
    need_review: bool,
    signers: Vec<LenientSigner>,
});

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LenientResponse {
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    total_count: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    flow_info: Option<Vec<LenientFlow>>,
    #[serde(
        rename = "RequestId",
        default,
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    request_id: String,
    #[serde(flatten, skip_serializing_if = "lenient::skip_other")]
    other: Map<String, Value>,
}

fn body(drift: bool) -> Vec<u8> {
    let flows: Vec<String> = (0..20)
        .map(|i| {
            let dead_line = if drift && i == 3 { format!("\"{}\"", 1_700_000_000 + i) } else { (1_700_000_000 + i).to_string() };
            format!(
                r#"{{"FlowId":"yDwFkUUckpstqfvzUE1h3ji{i:05}","DeadLine":{dead_line},"Amount":{i}.25,"NeedReview":false,"Signers":[{{"Name":"张三","SignedOn":1690000000,"IsDone":true}},{{"Name":"Li Si","SignedOn":1690000001,"IsDone":false}}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"Response":{{"TotalCount":20,"FlowInfo":[{}],"RequestId":"0d6f1d5b-6a0d-4a43-9a0e-4e7f3c1b2a99"}}}}"#,
        flows.join(",")
    )
    .into_bytes()
}

fn bench(c: &mut Criterion) {
    let clean = body(false);
    let drifted = body(true);
    let mut g = c.benchmark_group("decode_20_flows");
    g.bench_function("plain_types_well_typed", |b| {
        b.iter(|| decode_response::<PlainResponse, String>(200, &clean).unwrap())
    });
    g.bench_function("lenient_types_well_typed", |b| {
        b.iter(|| decode_response::<LenientResponse, String>(200, &clean).unwrap())
    });
    g.bench_function("lenient_members_without_other_well_typed", |b| {
        b.iter(|| decode_response::<NoOtherResponse, String>(200, &clean).unwrap())
    });
    g.bench_function("lenient_types_one_drifted_member", |b| {
        b.iter(|| decode_response::<LenientResponse, String>(200, &drifted).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
