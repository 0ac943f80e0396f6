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
use tencentcloud_runtime::testing::{Reply, Server};

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
        .arg("ModifyExtendedService")
        .arg(&file.0)
        .current_dir(workspace_root())
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .env("ESSBASIC_ENDPOINT", server.url())
        .env_remove("TENCENTCLOUD_SESSION_TOKEN")
        .env_remove("TENCENTCLOUD_REGION")
        .env_remove("TENCENTCLOUD_CREDENTIALS_FILE");
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
