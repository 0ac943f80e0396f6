//! Per-action hosts and environments: the `Host` header and the signature of an
//! action served by the file host, in production and test, proven against the
//! verifying loopback server through `connect_to`.

mod common;

use common::{ok, Expect, Server};
use tencentcloud_runtime::{
    ActionMeta, BuildError, Client, Credentials, Environment, HostRole, Hosts, ServiceMeta,
};

static ESS: ServiceMeta = ServiceMeta {
    name: "essbasic",
    version: "2021-05-26",
    production: Hosts::new("essbasic.tencentcloudapi.com").with_file("file.ess.tencent.cn"),
    test: Some(Hosts::new("essbasic.test.ess.tencent.cn").with_file("file.test.ess.tencent.cn")),
    default_rate_limit: 20,
};
static UPLOAD_FILES: ActionMeta = ActionMeta {
    name: "UploadFiles",
    rate_limit: 20,
    host: HostRole::File,
};
static DESCRIBE_USAGE: ActionMeta = ActionMeta {
    name: "DescribeUsage",
    rate_limit: 20,
    host: HostRole::Main,
};

const ID: &str = "AKIDenvironments";
const KEY: &str = "environments-secret";

async fn server() -> Server {
    // The server checks the signature over the Host header it received and the
    // credential scope `essbasic`, whatever the host.
    Server::start(
        Expect::new("essbasic", "2021-05-26").key(ID, KEY, None),
        |r| ok("", &format!("rid-{}", r.index)),
    )
    .await
}

async fn hosts_seen(client: &Client, server: &Server) -> Vec<String> {
    for action in [&UPLOAD_FILES, &DESCRIBE_USAGE] {
        let _: serde_json::Value = client
            .call::<_, _, String>(action, &serde_json::json!({}))
            .await
            .unwrap();
    }
    server.assert_all_verified();
    let received = server.received();
    let n = received.len();
    received[n - 2..]
        .iter()
        .map(|r| format!("{} {}", r.action(), r.header("host").unwrap_or("-")))
        .collect()
}

#[tokio::test]
async fn each_environment_signs_and_sends_its_own_hosts() {
    let server = server().await;
    let cases = [
        (
            Environment::Production,
            [
                "UploadFiles file.ess.tencent.cn",
                "DescribeUsage essbasic.tencentcloudapi.com",
            ],
        ),
        (
            Environment::Test,
            [
                "UploadFiles file.test.ess.tencent.cn",
                "DescribeUsage essbasic.test.ess.tencent.cn",
            ],
        ),
    ];
    for (environment, expected) in cases {
        let client = Client::builder(&ESS)
            .environment(environment)
            .connect_to(server.url())
            .credentials(Credentials::new(ID, KEY))
            .build()
            .unwrap();
        assert_eq!(
            hosts_seen(&client, &server).await,
            expected,
            "{environment:?}"
        );
        assert_eq!(
            client.target(HostRole::File).1,
            expected[0].split(' ').nth(1).unwrap()
        );
    }
    // The default is production.
    let client = Client::builder(&ESS)
        .credentials(Credentials::new(ID, KEY))
        .build()
        .unwrap();
    assert_eq!(client.url(), "https://essbasic.tencentcloudapi.com/");
    assert_eq!(
        client.target(HostRole::File),
        ("https://file.ess.tencent.cn/", "file.ess.tencent.cn")
    );
}

#[tokio::test]
async fn an_explicit_endpoint_overrides_environment_and_action_hosts() {
    let server = server().await;
    let client = Client::builder(&ESS)
        .environment(Environment::Test)
        .endpoint(server.url())
        .credentials(Credentials::new(ID, KEY))
        .build()
        .unwrap();
    let host = server.addr.to_string();
    assert_eq!(
        hosts_seen(&client, &server).await,
        [
            format!("UploadFiles {host}"),
            format!("DescribeUsage {host}")
        ]
    );
}

#[test]
fn a_service_without_a_test_environment_refuses_it_when_built() {
    static PROD_ONLY: ServiceMeta = ServiceMeta {
        name: "svc",
        version: "v",
        production: Hosts::new("svc.example.com"),
        test: None,
        default_rate_limit: 20,
    };
    let e = Client::builder(&PROD_ONLY)
        .environment(Environment::Test)
        .credentials(Credentials::new(ID, KEY))
        .build()
        .unwrap_err();
    assert!(
        matches!(
            e,
            BuildError::InvalidSetting {
                what: "environment",
                ..
            }
        ),
        "{e}"
    );
    // With an explicit endpoint the environment's hosts are not needed.
    assert!(Client::builder(&PROD_ONLY)
        .environment(Environment::Test)
        .endpoint("http://127.0.0.1:9")
        .build()
        .is_ok());
}
