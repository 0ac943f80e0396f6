//! Every documented example of every action, read from `schema/actions/*.yaml` at
//! test time, sent through the generated SDK to the verifying loopback server, which
//! answers with the documented response: all of them through `Client::call_by_name`
//! (which decodes into the action's typed request and response), and those of a few
//! actions through their typed methods as well.

use std::fmt::Debug;
use std::future::Future;

use essbasic::types::{
    ChannelCreateSealPolicyRequest, ChannelCreateSealPolicyResponse, ModifyExtendedServiceRequest,
    ModifyExtendedServiceResponse,
};
use essbasic::ErrorCode;
use essbasic_sdk_tests::{
    assert_protocol, client, examples_of, expect, schema_actions, without_nulls,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tencentcloud_runtime::testing::{Reply, Server};
use tencentcloud_runtime::DynamicCallError;

async fn check_every_example<Req, Resp, F, Fut>(action: &str, call: F)
where
    Req: DeserializeOwned + Serialize + Debug,
    Resp: DeserializeOwned + Serialize + Debug + PartialEq,
    F: Fn(essbasic::Client, Req) -> Fut,
    Fut: Future<Output = Result<Resp, essbasic::Error>>,
{
    let examples = examples_of(action);
    assert!(!examples.is_empty(), "{action} documents no example");
    for example in examples {
        let title = format!("{action} / {}", example.title);
        let reply = example.response.clone();
        let server = Server::start(expect(), move |_| Reply::Json(200, reply.clone())).await;
        let request: Req = serde_json::from_str(&example.request)
            .unwrap_or_else(|e| panic!("{title}: the documented request does not parse: {e}"));

        let result = call(client(&server), request).await;

        let received = server.received();
        assert_eq!(received.len(), 1, "{title}: exactly one request (no retry)");
        assert_protocol(&server, &received[0], action);
        assert_eq!(
            received[0].json(),
            example.request_json(),
            "{title}: the server did not receive the documented request"
        );
        match example.error() {
            None => {
                let response = result.unwrap_or_else(|e| panic!("{title}: call failed: {e}"));
                let mut documented = example.response_body();
                if let Some(map) = documented.as_object_mut() {
                    map.remove("DeprecatedWarning");
                }
                let expected: Resp = serde_json::from_value(documented.clone()).unwrap();
                assert_eq!(response, expected, "{title}");
                assert_eq!(
                    without_nulls(serde_json::to_value(&response).unwrap()),
                    without_nulls(documented),
                    "{title}: the typed response lost or changed fields"
                );
            }
            Some((code, message)) => {
                let error = match result {
                    Ok(response) => panic!("{title}: expected error {code}, got {response:?}"),
                    Err(e) => e,
                };
                let expected = ErrorCode::from(code.as_str());
                assert!(
                    !matches!(expected, ErrorCode::Unknown(_)),
                    "{title}: documented code {code} has no ErrorCode variant"
                );
                assert!(
                    matches!(error, essbasic::Error::Api(_)),
                    "{title}: {error:?}"
                );
                assert_eq!(error.code(), Some(&expected), "{title}");
                assert_eq!(error.code().unwrap().as_str(), code);
                assert_eq!(
                    error.request_id(),
                    Some(example.request_id().as_str()),
                    "{title}"
                );
                assert!(error.to_string().contains(&message), "{title}: {error}");
            }
        }
    }
}

#[tokio::test]
async fn modify_extended_service_examples() {
    check_every_example::<ModifyExtendedServiceRequest, ModifyExtendedServiceResponse, _, _>(
        "ModifyExtendedService",
        |client, request| async move { client.modify_extended_service(&request).await },
    )
    .await;
}

#[tokio::test]
async fn channel_create_seal_policy_examples() {
    check_every_example::<ChannelCreateSealPolicyRequest, ChannelCreateSealPolicyResponse, _, _>(
        "ChannelCreateSealPolicy",
        |client, request| async move { client.channel_create_seal_policy(&request).await },
    )
    .await;
}

#[tokio::test]
async fn every_example_of_every_action_by_name() {
    let actions = schema_actions();
    assert!(actions.len() >= 99, "the whole service is in the schema");
    let mut checked = 0;
    for (action, examples) in actions {
        for example in examples {
            let title = format!("{action} / {}", example.title);
            let reply = example.response.clone();
            let server = Server::start(expect(), move |_| Reply::Json(200, reply.clone())).await;
            let result = client(&server)
                .call_by_name(&action, &example.request)
                .await;
            let received = server.received();
            assert_eq!(received.len(), 1, "{title}: exactly one request (no retry)");
            assert_protocol(&server, &received[0], &action);
            assert_eq!(
                whole_floats_as_integers(received[0].json()),
                whole_floats_as_integers(example.request_json()),
                "{title}"
            );
            match (example.error(), result) {
                (None, Ok(response)) => {
                    let mut documented = example.response_body();
                    if let Some(map) = documented.as_object_mut() {
                        map.remove("DeprecatedWarning");
                    }
                    assert_eq!(
                        whole_floats_as_integers(without_nulls(response)),
                        whole_floats_as_integers(without_nulls(documented)),
                        "{title}: the typed response lost or changed fields"
                    );
                }
                (Some((code, _)), Err(DynamicCallError::Call(error))) => {
                    assert_eq!(
                        error.code(),
                        Some(&ErrorCode::from(code.as_str())),
                        "{title}"
                    );
                    assert!(
                        !matches!(error.code(), Some(ErrorCode::Unknown(_))),
                        "{title}: documented code {code} has no ErrorCode variant"
                    );
                }
                (expected, got) => panic!("{title}: expected {expected:?}, got {got:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 226, "every documented example ran ({checked})");
}

/// `100.0` and `100` are the same number on the wire (a `float` member the
/// documentation writes as `100` comes back from the typed value as `100.0`).
fn whole_floats_as_integers(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => {
            Value::Array(items.into_iter().map(whole_floats_as_integers).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_floats_as_integers(v)))
                .collect(),
        ),
        other => other,
    }
}
