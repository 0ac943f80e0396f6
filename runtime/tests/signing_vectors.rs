//! Every signing vector produced by Tencent's official Python SDK must match byte for byte.

use std::collections::BTreeMap;

use serde::Deserialize;
use tencentcloud_runtime::signing::{sign, Payload, Signer, SigningInput};

#[derive(Deserialize)]
struct File {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    secret_id: String,
    secret_key: String,
    token: Option<String>,
    service: String,
    host: String,
    action: String,
    version: String,
    region: Option<String>,
    language: Option<String>,
    timestamp: u64,
    unsigned_payload: bool,
    method: String,
    body: String,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    date: String,
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    headers: BTreeMap<String, String>,
}

/// The signing input of a vector, exactly as the official SDK was given it.
fn input(v: &Vector) -> SigningInput<'_> {
    SigningInput {
        service: &v.service,
        host: &v.host,
        action: &v.action,
        version: &v.version,
        region: v.region.as_deref(),
        language: v.language.as_deref(),
        timestamp: v.timestamp,
        secret_id: &v.secret_id,
        secret_key: &v.secret_key,
        token: v.token.as_deref(),
        request_client: None,
        body: v.body.as_bytes(),
        unsigned_payload: v.unsigned_payload,
    }
}

fn vectors() -> Vec<Vector> {
    let text = include_str!("../testdata/tc3-official-python-sdk.json");
    serde_json::from_str::<File>(text)
        .expect("vector file parses")
        .vectors
}

#[test]
fn official_python_sdk_vectors_match_byte_for_byte() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 40, "all vectors are present");
    for (i, v) in vectors.iter().enumerate() {
        assert_eq!(v.method, "POST", "vector {i}");
        let signed = sign(&input(v));
        assert_eq!(signed.date, v.expected.date, "date of vector {i}");
        assert_eq!(
            signed.canonical_request, v.expected.canonical_request,
            "canonical request of vector {i}"
        );
        assert_eq!(
            signed.string_to_sign, v.expected.string_to_sign,
            "string to sign of vector {i}"
        );
        assert_eq!(
            signed.signature, v.expected.signature,
            "signature of vector {i}"
        );
        assert_eq!(
            Some(signed.authorization.as_str()),
            v.expected.headers.get("Authorization").map(String::as_str),
            "Authorization of vector {i}"
        );
        // The client's cached, allocation-free path gives the same header.
        let signer = Signer::new(&v.service);
        for _ in 0..2 {
            let payload = if v.unsigned_payload {
                Payload::Unsigned
            } else {
                Payload::Body(v.body.as_bytes())
            };
            assert_eq!(
                signer.authorization(&v.host, v.timestamp, &v.secret_id, &v.secret_key, payload),
                signed.authorization,
                "Signer on vector {i}"
            );
        }
        // Exactly the listed headers, with exactly the listed values.
        let ours: BTreeMap<String, String> = signed
            .headers
            .iter()
            .map(|(n, val)| (n.to_string(), val.clone()))
            .collect();
        assert_eq!(
            ours.len(),
            signed.headers.len(),
            "no duplicate headers in vector {i}"
        );
        assert_eq!(ours, v.expected.headers, "headers of vector {i}");
    }
}

#[test]
fn the_request_client_tag_is_extra_and_unsigned() {
    let v = &vectors()[0];
    let base = SigningInput {
        request_client: Some("tencentcloud-runtime-rust/0.1"),
        ..input(v)
    };
    let signed = sign(&base);
    assert_eq!(signed.signature, v.expected.signature);
    assert_eq!(
        signed.header("X-TC-RequestClient"),
        Some("tencentcloud-runtime-rust/0.1")
    );
    assert_eq!(signed.headers.len(), v.expected.headers.len() + 1);
}

#[test]
fn body_bytes_are_signed_as_given() {
    // Same JSON value, different bytes: a different signature (no re-serialization).
    let v = &vectors()[1];
    assert!(!v.unsigned_payload);
    let spaced = v.body.replace(": ", ":");
    assert_ne!(spaced, v.body);
    let mk = |body: &'_ str| {
        sign(&SigningInput {
            body: body.as_bytes(),
            ..input(v)
        })
        .signature
    };
    assert_eq!(mk(&v.body), v.expected.signature);
    assert_ne!(mk(&spaced), v.expected.signature);
}
