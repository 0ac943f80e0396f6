//! Each action goes to its own host in each environment: `UploadFiles` to the file
//! host, everything else to the main host, in production and in the test
//! environment, each signed for that host with the one `essbasic` scope. The client
//! connects to a loopback server (`connect_to`) while keeping the logical host in the
//! `Host` header and the signature, which the server verifies independently.

use essbasic::runtime::{Credentials, Environment, RetryPolicy};
use essbasic::types::{Agent, FileBusinessType, UploadFile, UploadFilesRequest};
use essbasic_sdk_tests::{expect, SECRET_ID, SECRET_KEY, VERSION};
use tencentcloud_runtime::testing::{ok, Server};

fn client(server: &Server, environment: Option<Environment>) -> essbasic::Client {
    let mut builder = essbasic::Client::builder()
        .connect_to(server.url())
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .retry(RetryPolicy::disabled());
    if let Some(environment) = environment {
        builder = builder.environment(environment);
    }
    builder.build().expect("client builds")
}

/// Sends `UploadFiles` and `DescribeUsage` and returns the `Host` header of each.
async fn hosts(environment: Option<Environment>) -> (String, String) {
    let server = Server::start(expect(), |_| {
        ok(r#""FileIds": ["f"], "TotalCount": 1"#, "r")
    })
    .await;
    let client = client(&server, environment);
    let upload = UploadFilesRequest::new(Agent::new("app"), FileBusinessType::Template)
        .file_infos(vec![UploadFile::new("QUJD").file_name("a.pdf")]);
    client.upload_files(&upload).await.expect("upload answered");
    client
        .call_by_name(
            "DescribeUsage",
            r#"{"Agent": {"AppId": "app"}, "StartDate": "2024-01-01", "EndDate": "2024-01-02"}"#,
        )
        .await
        .expect("usage answered");

    let received = server.received();
    assert_eq!(received.len(), 2);
    for r in &received {
        // The server recomputed the signature over the Host it received.
        if let Err(reason) = &r.verdict {
            panic!("{} failed verification: {reason}", r.action());
        }
        assert_eq!(r.header("x-tc-version"), Some(VERSION));
        let authorization = r.header("authorization").unwrap();
        assert!(
            authorization.contains("/essbasic/tc3_request"),
            "one signature scope for every host: {authorization}"
        );
    }
    assert_eq!(received[0].action(), "UploadFiles");
    assert_eq!(received[1].action(), "DescribeUsage");
    let host = |i: usize| received[i].header("host").unwrap().to_owned();
    (host(0), host(1))
}

#[tokio::test]
async fn production_is_the_default() {
    assert_eq!(
        hosts(None).await,
        (
            "file.ess.tencent.cn".to_owned(),
            "essbasic.tencentcloudapi.com".to_owned()
        )
    );
    assert_eq!(
        hosts(Some(Environment::Production)).await,
        hosts(None).await
    );
}

#[tokio::test]
async fn the_test_environment_has_its_own_hosts() {
    assert_eq!(
        hosts(Some(Environment::Test)).await,
        (
            "file.test.ess.tencent.cn".to_owned(),
            "essbasic.test.ess.tencent.cn".to_owned()
        )
    );
}

#[tokio::test]
async fn an_explicit_endpoint_overrides_every_host() {
    let server = Server::start(expect(), |_| ok(r#""FileIds": ["f"]"#, "r")).await;
    let client = essbasic::Client::builder()
        .environment(Environment::Test)
        .endpoint(server.url())
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .build()
        .unwrap();
    let upload = UploadFilesRequest::new(Agent::new("app"), FileBusinessType::Template);
    client.upload_files(&upload).await.unwrap();
    let received = server.received();
    assert_eq!(
        received[0].header("host"),
        Some(server.addr.to_string().as_str())
    );
    assert!(received[0].verdict.is_ok());
}
