//! The generated example program, run as users run it
//! (`cargo run -p essbasic --example call -- <Action> <file>`), against the verifying
//! loopback server.

use std::path::PathBuf;
use std::process::Output;

use essbasic::types::ModifyExtendedServiceResponse;
use essbasic_sdk_tests::{
    assert_protocol, examples_of, expect, workspace_root, Example, SECRET_ID, SECRET_KEY,
};
use serde_json::Value;
use tencentcloud_runtime::testing::{Proxy, Reply, Server};

/// A request file that removes itself.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "essbasic-sdk-tests-{}-{name}.json",
            std::process::id()
        ));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `cargo run --offline -p essbasic --example call -- ModifyExtendedService <file>`
/// from the workspace root, with the test key and `ESSBASIC_ENDPOINT` = the server.
async fn run_call_example(server: &Server, file: &TempFile) -> Output {
    let endpoint = server.url();
    run_program(
        "ModifyExtendedService",
        file,
        &[("ESSBASIC_ENDPOINT", &endpoint)],
    )
    .await
}

/// The program with `action` and `file`, the test key, no variable of the caller's
/// environment that changes its behaviour (proxies, log filter, endpoint, region),
/// and then `env`.
async fn run_program(action: &str, file: &TempFile, env: &[(&str, &str)]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO"));
    command
        .args([
            "run",
            "--offline",
            "--quiet",
            "-p",
            "essbasic",
            "--example",
            "call",
            "--",
        ])
        .arg(action)
        .arg(&file.0)
        .current_dir(workspace_root())
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
    for name in [
        "TENCENTCLOUD_SESSION_TOKEN",
        "TENCENTCLOUD_REGION",
        "TENCENTCLOUD_CREDENTIALS_FILE",
        "ESSBASIC_ENDPOINT",
        "ESSBASIC_ENVIRONMENT",
        "RUST_LOG",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        command.env("CARGO_TARGET_DIR", target);
    }
    tokio::task::spawn_blocking(move || command.output().expect("cargo runs"))
        .await
        .unwrap()
}

fn example(success: bool) -> Example {
    examples_of("ModifyExtendedService")
        .into_iter()
        .find(|e| e.error().is_none() == success)
        .expect("ModifyExtendedService documents both a success and an error example")
}

fn serve(example: &Example) -> impl Fn(&tencentcloud_runtime::testing::Received) -> Reply {
    let reply = example.response.clone();
    move |_| Reply::Json(200, reply.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn success_prints_the_typed_response_and_exits_0() {
    // The example with a non-empty OperateUrl, so the output carries a real field.
    let example = examples_of("ModifyExtendedService")
        .into_iter()
        .filter(|e| e.error().is_none())
        .max_by_key(|e| e.response.len())
        .unwrap();
    let server = Server::start(expect(), serve(&example)).await;
    let file = TempFile::new("ok", &example.request);

    let output = run_call_example(&server, &file).await;

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let printed: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"));
    let expected: ModifyExtendedServiceResponse =
        serde_json::from_value(example.response_body()).unwrap();
    assert!(expected
        .operate_url
        .as_deref()
        .is_some_and(|u| !u.is_empty()));
    assert_eq!(printed, serde_json::to_value(&expected).unwrap());
    let typed: ModifyExtendedServiceResponse = serde_json::from_value(printed).unwrap();
    assert_eq!(typed, expected);

    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_protocol(&server, &received[0], "ModifyExtendedService");
    assert_eq!(received[0].json(), example.request_json());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_error_exits_1_with_code_message_and_request_id() {
    let example = example(false);
    let (code, message) = example.error().unwrap();
    let server = Server::start(expect(), serve(&example)).await;
    let file = TempFile::new("api-error", &example.request);

    let output = run_call_example(&server, &file).await;

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.trim().is_empty(), "nothing on stdout: {stdout}");
    assert!(stderr.contains(&format!("code: {code}")), "{stderr}");
    assert!(stderr.contains(&format!("message: {message}")), "{stderr}");
    assert!(
        stderr.contains(&format!("request id: {}", example.request_id())),
        "{stderr}"
    );
    assert_eq!(server.hits(), 1);
    assert_protocol(&server, &server.received()[0], "ModifyExtendedService");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_json_file_exits_2_without_calling_the_server() {
    let example = example(true);
    let server = Server::start(expect(), serve(&example)).await;
    let truncated = &example.request[..example.request.len() / 2];
    let file = TempFile::new("bad-json", truncated);

    let output = run_call_example(&server, &file).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(stderr.contains("not valid JSON"), "{stderr}");
    assert!(output.stdout.is_empty());
    assert_eq!(server.hits(), 0, "a local error never reaches the server");
}

/// What the program printed, for assertion messages.
fn shown(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The documented success example's request with `edit` applied.
fn edited_request(edit: impl FnOnce(&mut Value)) -> String {
    let mut request = example(true).request_json();
    edit(&mut request);
    request.to_string()
}

/// A loopback port with nothing listening.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_misspelt_member_exits_2_with_a_suggestion_and_sends_nothing() {
    let server = Server::start(expect(), serve(&example(true))).await;
    // `Endpoit` for `Endpoint`, and, nested, `Agent.ProxyOperater` for `ProxyOperator`.
    let request = edited_request(|r| {
        r["Endpoit"] = "APP".into();
        let agent = r["Agent"].as_object_mut().unwrap();
        let operator = agent
            .remove("ProxyOperator")
            .unwrap_or_else(|| serde_json::json!({}));
        agent.insert("ProxyOperater".into(), operator);
    });
    let file = TempFile::new("typo", &request);

    let output = run_call_example(&server, &file).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{}", shown(&output));
    assert!(
        stderr.contains(
            "error: ModifyExtendedService has no parameter `Endpoit`\n  help: did you mean `Endpoint`?"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: `Agent.ProxyOperater`: Agent has no member `ProxyOperater`\n  help: did you mean `ProxyOperator`?"
        ),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    assert_eq!(server.hits(), 0, "a misspelt request is never sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undocumented_enum_value_warns_with_the_known_values_and_is_sent() {
    let server = Server::start(expect(), serve(&example(true))).await;
    let request = edited_request(|r| r["ServiceType"] = "AUTO_SIGN_V2".into());
    let file = TempFile::new("enum", &request);

    let output = run_call_example(&server, &file).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{}", shown(&output));
    assert!(
        stderr.starts_with(
            "warning: `ServiceType` is \"AUTO_SIGN_V2\", which is not a documented value of ExtendedServiceType (sent anyway: the service may know newer values)\n  \
             known values: AUTO_SIGN, OVERSEA_SIGN, MOBILE_CHECK_APPROVER, PAGING_SEAL, DOWNLOAD_FLOW, AGE_LIMIT_EXPANSION, HIDE_OPERATOR_DISPLAY\n  \
             help: did you mean `AUTO_SIGN`?\n"
        ),
        "{stderr}"
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_protocol(&server, &received[0], "ModifyExtendedService");
    assert_eq!(received[0].json()["ServiceType"], "AUTO_SIGN_V2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_action_suggests_the_closest() {
    let file = TempFile::new("unknown-action", &example(true).request);

    let output = run_program("ModifyExtendedServce", &file, &[]).await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{}", shown(&output));
    assert_eq!(
        stderr,
        "error: unknown action \"ModifyExtendedServce\"\n  help: did you mean `ModifyExtendedService`?\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_names_its_cause_and_each_retry_is_shown() {
    let file = TempFile::new("refused", &example(true).request);
    let endpoint = format!("http://127.0.0.1:{}", closed_port());

    let output = run_program(
        "ModifyExtendedService",
        &file,
        &[("ESSBASIC_ENDPOINT", &endpoint)],
    )
    .await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{}", shown(&output));
    let lines: Vec<&str> = stderr.lines().collect();
    // The default policy: 3 attempts, so 2 retries, each on a line of its own.
    let retries: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("info: retrying (attempt="))
        .collect();
    assert_eq!(retries.len(), 2, "{stderr}");
    assert!(retries[1].contains("attempt=2, max_attempts=3"), "{stderr}");
    let last = lines.last().copied().unwrap_or_default();
    assert!(last.starts_with("error: could not connect: "), "{stderr}");
    assert!(
        last.contains("Connection refused") || last.contains("connection refused"),
        "the cause, not just \"error sending request\": {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_proxy_is_asked_to_connect() {
    // An https endpoint on loopback, so that nothing leaves the machine even if the
    // proxy were ignored; the proxy records the CONNECT and refuses it.
    let proxy = Proxy::start().await;
    let port = closed_port();
    let file = TempFile::new("https-proxy", &example(true).request);
    let endpoint = format!("https://127.0.0.1:{port}");
    let proxy_url = proxy.url();

    let output = run_program(
        "ModifyExtendedService",
        &file,
        &[
            ("ESSBASIC_ENDPOINT", &endpoint),
            ("HTTPS_PROXY", &proxy_url),
            ("RUST_LOG", "off"),
        ],
    )
    .await;

    assert_eq!(output.status.code(), Some(1), "{}", shown(&output));
    let seen = proxy.requests();
    assert!(!seen.is_empty(), "{}", shown(&output));
    for line in &seen {
        assert_eq!(line, &format!("CONNECT 127.0.0.1:{port} HTTP/1.1"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_proxy_forwards_and_no_proxy_bypasses_it() {
    let example = example(true);
    let server = Server::start(expect(), serve(&example)).await;
    let proxy = Proxy::start().await;
    let file = TempFile::new("http-proxy", &example.request);
    let endpoint = server.url();
    let proxy_url = proxy.url();

    // Through the proxy: it sees the absolute-form request and forwards it.
    let output = run_program(
        "ModifyExtendedService",
        &file,
        &[
            ("ESSBASIC_ENDPOINT", &endpoint),
            ("HTTP_PROXY", &proxy_url),
            ("HTTPS_PROXY", &proxy_url),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", shown(&output));
    assert_eq!(
        proxy.requests(),
        [format!("POST {}/ HTTP/1.1", endpoint.trim_end_matches('/'))]
    );
    assert_eq!(server.hits(), 1);
    assert_protocol(&server, &server.received()[0], "ModifyExtendedService");

    // NO_PROXY names the server: straight there, the proxy sees nothing new.
    let output = run_program(
        "ModifyExtendedService",
        &file,
        &[
            ("ESSBASIC_ENDPOINT", &endpoint),
            ("HTTP_PROXY", &proxy_url),
            ("HTTPS_PROXY", &proxy_url),
            ("NO_PROXY", "127.0.0.1"),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", shown(&output));
    assert_eq!(proxy.requests().len(), 1);
    assert_eq!(server.hits(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_newer_than_the_schema_are_printed() {
    let example = example(true);
    let mut body = example.response_body();
    body["BrandNewMember"] = serde_json::json!({"Nested": [1, 2]});
    let reply = serde_json::json!({ "Response": body }).to_string();
    let server = Server::start(expect(), move |_| Reply::Json(200, reply.clone())).await;
    let file = TempFile::new("newer", &example.request);

    let output = run_call_example(&server, &file).await;

    assert_eq!(output.status.code(), Some(0), "{}", shown(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed["BrandNewMember"],
        serde_json::json!({"Nested": [1, 2]})
    );
}
