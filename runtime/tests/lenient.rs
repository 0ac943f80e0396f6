//! Lenient decoding of answers with types shaped like the generated ones: the rule per
//! kind of drift, undecodable bodies kept whole with the failing path, and a property
//! test over arbitrary JSON.

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use tencentcloud_runtime::de::lenient::{self, Drift};
use tencentcloud_runtime::{decode_response, Error, InvalidBodyReason, MAX_KEPT_BODY};

/// A structure as codegen emits it for answers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Flow {
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    flow_id: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    deadline: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    signers: Option<Vec<Flow>>,
    #[serde(flatten, skip_serializing_if = "lenient::skip_other")]
    other: Map<String, Value>,
}

impl<'de> lenient::Lenient<'de> for Flow {
    fn deserialize_lenient<D: serde::Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        lenient::record(d)
    }
}

/// A string enum as codegen emits it (reduced).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Status(String);

impl From<&str> for Status {
    fn from(s: &str) -> Self {
        Status(s.to_owned())
    }
}

impl<'de> lenient::Lenient<'de> for Status {
    fn deserialize_lenient<D: serde::Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        lenient::enumeration(d)
    }
}

/// An action's response as codegen emits it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Resp {
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    total: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    growth: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    rate: Option<f64>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    flag: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    status: Option<Status>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    ids: Option<Vec<i64>>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    flow_info: Option<Vec<Flow>>,
    #[serde(
        default,
        deserialize_with = "lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    main: Option<Box<Flow>>,
    #[serde(
        rename = "RequestId",
        default,
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    request_id: String,
    #[serde(flatten, skip_serializing_if = "lenient::skip_other")]
    other: Map<String, Value>,
}

/// Decodes `{"Response": {<members>, "RequestId": "rid"}}`.
fn decode(members: &str) -> Resp {
    let sep = if members.is_empty() { "" } else { "," };
    let body = format!(r#"{{"Response":{{{members}{sep}"RequestId":"rid"}}}}"#);
    let before = lenient::drift_count();
    let r: Resp = decode_response::<Resp, String>(200, body.as_bytes())
        .unwrap_or_else(|e| panic!("{members}: {e}"));
    assert_eq!(r.request_id, "rid");
    let _ = before;
    r
}

/// Whether decoding `members` noted drift.
fn drifted(members: &str) -> bool {
    let before = lenient::drift_count();
    let _ = decode(members);
    lenient::drift_count() != before
}

#[test]
fn the_issue_examples() {
    assert_eq!(decode(r#""Total":"23""#).total, Some(23));
    assert_eq!(decode(r#""Growth":174.19"#).growth, None);
    assert_eq!(decode(r#""Flag":1"#).flag, Some(true));
    assert_eq!(decode(r#""Total":3.0"#).total, Some(3));
    assert!(drifted(r#""Total":"23""#) && drifted(r#""Growth":174.19"#) && drifted(r#""Flag":1"#));
    assert!(!drifted(r#""Total":23,"Growth":-5,"Flag":true,"Rate":2"#));
}

#[test]
fn integers() {
    let total = |v: &str| decode(&format!(r#""Total":{v}"#)).total;
    let growth = |v: &str| decode(&format!(r#""Growth":{v}"#)).growth;
    assert_eq!(total("18446744073709551615"), Some(u64::MAX));
    assert_eq!(total("18446744073709551616"), None, "out of range");
    assert_eq!(total("-1"), None, "negative for uint64");
    assert_eq!(total(r#""-1""#), None);
    assert_eq!(total(r#""3.0""#), Some(3));
    assert_eq!(total(r#""1e3""#), Some(1000));
    assert_eq!(total(r#""""#), None);
    assert_eq!(total(r#""x""#), None);
    assert_eq!(total(r#"" 7""#), None, "no trimming");
    assert_eq!(total(r#""NaN""#), None);
    assert_eq!(total(r#""inf""#), None);
    assert_eq!(total("true"), None, "wrong kind");
    assert_eq!(total("[1]"), None);
    assert_eq!(total(r#"{"a":1}"#), None);
    assert_eq!(total("null"), None);
    assert_eq!(growth("-9223372036854775808"), Some(i64::MIN));
    assert_eq!(growth("9223372036854775808"), None, "out of range");
    assert_eq!(growth(r#""-42""#), Some(-42));
    assert_eq!(growth("-3.0"), Some(-3));
    assert_eq!(growth("0.5"), None);
    assert_eq!(growth("1e300"), None);
}

#[test]
fn floats_booleans_strings_and_enums() {
    let r = decode(r#""Rate":"1.5","Flag":"TRUE","Name":123,"Status":4"#);
    assert_eq!(r.rate, Some(1.5));
    assert_eq!(r.flag, Some(true));
    assert_eq!(r.name.as_deref(), Some("123"));
    assert_eq!(r.status, Some(Status("4".into())));
    assert_eq!(decode(r#""Rate":7"#).rate, Some(7.0));
    assert_eq!(decode(r#""Rate":"x""#).rate, None);
    for (text, flag) in [
        ("0", Some(false)),
        ("1.0", Some(true)),
        ("2", None),
        (r#""0""#, Some(false)),
        (r#""false""#, Some(false)),
        (r#""yes""#, None),
        ("[]", None),
    ] {
        assert_eq!(decode(&format!(r#""Flag":{text}"#)).flag, flag, "{text}");
    }
    assert_eq!(decode(r#""Name":2.5"#).name.as_deref(), Some("2.5"));
    assert_eq!(decode(r#""Name":false"#).name.as_deref(), Some("false"));
    assert_eq!(decode(r#""Name":{"a":1}"#).name, None);
    assert_eq!(decode(r#""Status":["A"]"#).status, None);
    assert!(!drifted(r#""Name":"x","Status":"A_NEW_VALUE""#));
}

#[test]
fn lists_are_whole_or_unset() {
    assert_eq!(decode(r#""Ids":["1",2,3.0]"#).ids, Some(vec![1, 2, 3]));
    assert_eq!(
        decode(r#""Ids":["1","x"]"#).ids,
        None,
        "one element cannot be represented"
    );
    assert_eq!(decode(r#""Ids":[1,null]"#).ids, None);
    assert_eq!(decode(r#""Ids":"1,2""#).ids, None);
    assert_eq!(decode(r#""Ids":[]"#).ids, Some(vec![]));
    assert!(!drifted(r#""Ids":[1,2]"#));
    assert!(drifted(r#""Ids":[1,null]"#));
    // A list of structures: each element lenient on its own.
    let r = decode(r#""FlowInfo":[{"FlowId":"a","Deadline":"10"},{"Deadline":0.5,"New":1}]"#);
    let flows = r.flow_info.unwrap();
    assert_eq!(flows[0].deadline, Some(10));
    assert_eq!(flows[1].deadline, None);
    assert_eq!(flows[1].other["New"], json!(1));
    assert_eq!(decode(r#""FlowInfo":[{"FlowId":"a"},"b"]"#).flow_info, None);
    // Nested structure, boxed, in a list inside a structure.
    let r = decode(r#""Main":{"Signers":[{"Deadline":"5"}]}"#);
    assert_eq!(r.main.unwrap().signers.unwrap()[0].deadline, Some(5));
    assert_eq!(decode(r#""Main":"x""#).main, None);
}

#[test]
fn unknown_members_are_kept_and_serialized() {
    let r = decode(r#""Total":1,"Brand":{"New":[1]},"FlowInfo":[{"Later":true}]"#);
    assert_eq!(r.other["Brand"], json!({"New": [1]}));
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"Total": 1, "Brand": {"New": [1]}, "FlowInfo": [{"Later": true}], "RequestId": "rid"})
    );
}

#[test]
fn drift_paths() {
    let received = json!({"Total": "23", "FlowInfo": [{"Deadline": 1}, {"Deadline": 1.5}], "Ids": ["1", "x"], "New": 1, "Rate": 2, "RequestId": "r"});
    let decoded: Resp = serde_json::from_value(received.clone()).unwrap();
    let drifts = lenient::drifts(
        &received,
        &serde_json::to_value(&decoded).unwrap(),
        &["RequestId"],
    );
    let paths: Vec<(&str, Option<&str>)> = drifts
        .iter()
        .map(|d| (d.path.as_str(), d.decoded.as_deref()))
        .collect();
    assert_eq!(
        paths,
        [
            ("FlowInfo[1].Deadline", None),
            ("Ids", None),
            ("Total", Some("23"))
        ]
    );
    let d: &Drift = &drifts[0];
    assert_eq!(d.to_string(), "FlowInfo[1].Deadline: received 1.5, which the documented type cannot represent; left unset");
}

#[test]
fn undecodable_bodies_keep_the_whole_body_and_the_path() {
    let long = format!(
        r#"{{"Response":{{"Name":"{}","Items":[1,2,"#,
        "x".repeat(10_000)
    );
    match decode_response::<Resp, String>(200, long.as_bytes()).unwrap_err() {
        Error::InvalidResponse {
            status: 200,
            reason: InvalidBodyReason::Truncated(_),
            path,
            body,
            ..
        } => {
            assert_eq!(&*body, long, "the whole body, not a snippet");
            assert_eq!(path.as_deref(), Some("Response.Items"));
        }
        other => panic!("{other:?}"),
    }
    let huge = format!(
        r#"{{"Response":{{"Name":"{}"#,
        "y".repeat(MAX_KEPT_BODY + 10)
    );
    match decode_response::<Resp, String>(200, huge.as_bytes()).unwrap_err() {
        Error::InvalidResponse { body, .. } => {
            assert_eq!(body.len(), MAX_KEPT_BODY + '…'.len_utf8());
            assert!(body.ends_with('…'));
        }
        other => panic!("{other:?}"),
    }
    // A success without a request id is no answer.
    let e = decode_response::<Resp, String>(200, br#"{"Response":{"Total":1}}"#).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidResponse { reason: InvalidBodyReason::MissingRequestId, path: Some(p), .. } if &**p == "Response.RequestId"),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(
        text.contains("the service answered (HTTP 200)")
            && text.contains("may have been carried out"),
        "{text}"
    );
    assert!(!e.is_retryable());
    // A type that is not lenient (hand-written, strict): the path names the member.
    #[derive(Debug, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Strict {
        items: Vec<u32>,
    }
    let e = decode_response::<Strict, String>(
        200,
        br#"{"Response":{"RequestId":"r","Items":[1,"x"]}}"#,
    )
    .unwrap_err();
    match e {
        Error::InvalidResponse {
            reason: InvalidBodyReason::UnexpectedShape(_),
            request_id,
            path,
            ..
        } => {
            assert_eq!(request_id.as_deref(), Some("r"));
            assert_eq!(path.as_deref(), Some("Response.Items[1]"));
        }
        other => panic!("{other:?}"),
    }
}

/// Arbitrary JSON, biased towards the members `Resp` declares.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![Just(0.0), Just(1.0), Just(3.0), Just(-2.5), Just(1e19)].prop_map(Value::from),
        "[0-9.eE+-]{0,6}".prop_map(Value::from),
        prop_oneof![Just("true"), Just("23"), Just("x"), Just("")].prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Total"),
        Just("Growth"),
        Just("Rate"),
        Just("Flag"),
        Just("Name"),
        Just("Status"),
        Just("Ids"),
        Just("FlowInfo"),
        Just("Main"),
        Just("Deadline"),
        Just("Signers"),
        Just("FlowId"),
        Just("RequestId"),
        Just("Error"),
        Just("Other"),
    ]
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Every 200 with a `Response` object decodes (with its request id) or fails
    /// keeping the body; never a panic, never an `Ok` without a request id.
    #[test]
    fn arbitrary_responses(members in prop::collection::btree_map(key(), json_value(), 0..8), rid in prop::option::of(json_value())) {
        let mut response: Map<String, Value> = members.into_iter().collect();
        match rid {
            Some(rid) => { response.insert("RequestId".into(), rid); }
            None => { response.remove("RequestId"); }
        }
        let body = serde_json::to_vec(&json!({"Response": response})).unwrap();
        match decode_response::<Resp, String>(200, &body) {
            Ok(r) => {
                prop_assert!(!r.request_id.is_empty());
                prop_assert_eq!(Some(&Value::from(r.request_id.clone())), response.get("RequestId"));
            }
            Err(Error::Api(a)) => prop_assert!(response.get("Error").is_some_and(|e| !e.is_null()), "{:?}", a),
            Err(Error::InvalidResponse { body: kept, .. }) => {
                prop_assert_eq!(kept.as_bytes(), &body[..]);
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
        // The same through serde_json::Value never panics either.
        let _ = decode_response::<Value, String>(200, &body);
    }
}
