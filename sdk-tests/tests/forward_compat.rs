//! What users rely on when the service moves ahead of the SDK: unknown enum values
//! and error codes are kept, unknown and null response fields are tolerated, and
//! rate-limit errors are retried.

use essbasic::types::{
    Agent, ChannelCreateSealPolicyRequest, ExtendedServiceOperation, ExtendedServiceType,
    MiniProgramLinkType, ModifyExtendedServiceRequest, UserInfo,
};
use essbasic::ErrorCode;
use essbasic_sdk_tests::{assert_protocol, client, expect};
use serde_json::json;
use tencentcloud_runtime::testing::{api_error, ok, Server};

fn request(service_type: ExtendedServiceType) -> ModifyExtendedServiceRequest {
    let agent = Agent::new("app-id")
        .proxy_organization_open_id("org-open-id")
        .proxy_operator(UserInfo::new().open_id("admin-open-id"));
    ModifyExtendedServiceRequest::new(agent, service_type, ExtendedServiceOperation::Open)
}

#[tokio::test]
async fn unknown_request_enum_values_go_out_unchanged() {
    let server = Server::start(expect(), |_| ok(r#""OperateUrl":"""#, "rid-enum")).await;
    let service_type = ExtendedServiceType::from("NEW_THING");
    let endpoint = MiniProgramLinkType::from("NEW_ENDPOINT");
    assert!(matches!(service_type, ExtendedServiceType::Unknown(_)));
    assert_eq!(service_type.as_str(), "NEW_THING");
    assert_eq!(endpoint.to_string(), "NEW_ENDPOINT");

    let response = client(&server)
        .modify_extended_service(&request(service_type).endpoint(endpoint))
        .await
        .unwrap();

    assert_eq!(response.request_id, "rid-enum");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_protocol(&server, &received[0], "ModifyExtendedService");
    assert_eq!(
        received[0].json(),
        json!({
            "Agent": {
                "AppId": "app-id",
                "ProxyOrganizationOpenId": "org-open-id",
                "ProxyOperator": {"OpenId": "admin-open-id"}
            },
            "ServiceType": "NEW_THING",
            "Operate": "OPEN",
            "Endpoint": "NEW_ENDPOINT"
        })
    );
}

#[tokio::test]
async fn unknown_error_code_is_kept() {
    let server = Server::start(expect(), |_| {
        api_error(
            "FailedOperation.Brand_New",
            "something new went wrong",
            "rid-new-code",
        )
    })
    .await;

    let error = client(&server)
        .modify_extended_service(&request(ExtendedServiceType::AutoSign))
        .await
        .unwrap_err();

    let code = error.code().expect("an API error has a code");
    assert!(
        matches!(code, ErrorCode::Unknown(v) if v.as_str() == "FailedOperation.Brand_New"),
        "{code:?}"
    );
    assert_eq!(code.as_str(), "FailedOperation.Brand_New");
    assert_eq!(code.category(), "FailedOperation");
    assert!(!code.is_retryable());
    assert_eq!(error.request_id(), Some("rid-new-code"));
    assert!(
        error.to_string().contains("something new went wrong"),
        "{error}"
    );
    assert_eq!(server.hits(), 1, "an unknown code is not retried");
    server.assert_all_verified();
}

#[tokio::test]
async fn unknown_fields_and_nulls_in_responses_decode() {
    let server = Server::start(expect(), |r| match r.action() {
        "ModifyExtendedService" => ok(
            r#""OperateUrl":null,"BrandNewField":{"Nested":[1,2,{"x":null}]},"AnotherOne":"text""#,
            "rid-lenient-1",
        ),
        _ => ok(
            r#""UserIds":null,"PolicyIds":["p-1"],"Extra":42"#,
            "rid-lenient-2",
        ),
    })
    .await;
    let client = client(&server);

    let response = client
        .modify_extended_service(&request(ExtendedServiceType::DownloadFlow))
        .await
        .unwrap();
    assert_eq!(response.operate_url, None);
    assert_eq!(response.request_id, "rid-lenient-1");

    let agent = Agent::new("app-id").proxy_organization_open_id("org-open-id");
    let seal = ChannelCreateSealPolicyRequest::new(agent, "seal-id", vec!["user-1".into()]);
    let response = client.channel_create_seal_policy(&seal).await.unwrap();
    assert_eq!(response.user_ids, None);
    assert_eq!(response.request_id, "rid-lenient-2");

    assert_eq!(server.hits(), 2);
    server.assert_all_verified();
}

#[tokio::test]
async fn request_limit_exceeded_is_retried() {
    assert!(ErrorCode::RequestLimitExceeded.is_retryable());
    assert!(!ErrorCode::InvalidParameterParamError.is_retryable());

    // Refused twice, then accepted: the client's third attempt succeeds.
    let server = Server::start(expect(), |r| match r.index {
        0 | 1 => api_error(
            "RequestLimitExceeded",
            "slow down",
            &format!("rid-limit-{}", r.index),
        ),
        _ => ok(
            r#""OperateUrl":"https://example.invalid/confirm""#,
            "rid-finally",
        ),
    })
    .await;
    let response = client(&server)
        .modify_extended_service(&request(ExtendedServiceType::AutoSign))
        .await
        .unwrap();
    assert_eq!(response.request_id, "rid-finally");
    assert_eq!(
        response.operate_url.as_deref(),
        Some("https://example.invalid/confirm")
    );
    let received = server.received();
    assert_eq!(received.len(), 3, "two refusals, then success");
    for r in &received {
        assert_protocol(&server, r, "ModifyExtendedService");
        assert_eq!(
            r.body, received[0].body,
            "every attempt sends the same request"
        );
    }

    // Always refused: the client gives up after its 3 attempts with the typed code.
    let server = Server::start(expect(), |r| {
        api_error(
            "RequestLimitExceeded",
            "slow down",
            &format!("rid-limit-{}", r.index),
        )
    })
    .await;
    let error = client(&server)
        .modify_extended_service(&request(ExtendedServiceType::AutoSign))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::RequestLimitExceeded));
    assert_eq!(error.request_id(), Some("rid-limit-2"));
    assert_eq!(server.hits(), 3);
    server.assert_all_verified();

    // A non-retryable code is sent once.
    let server = Server::start(expect(), |_| {
        api_error("InvalidParameter.ParamError", "bad", "rid-once")
    })
    .await;
    let error = client(&server)
        .modify_extended_service(&request(ExtendedServiceType::AutoSign))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::InvalidParameterParamError));
    assert_eq!(server.hits(), 1);
}
