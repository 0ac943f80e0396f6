//! Helpers for the end-to-end tests of the generated `essbasic` SDK in `tests/`:
//! the documented examples read from `schema/actions/*.yaml`, and a client wired to
//! the verifying loopback server of `tencentcloud_runtime::testing`.
//!
//! Nothing here is published; the tests are the point.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use tencentcloud_runtime::testing::{Expect, Received, Server};
use tencentcloud_runtime::{Credentials, RetryPolicy};

/// Secret id the test server accepts.
pub const SECRET_ID: &str = "AKIDsdktests0000000000000000000000";
/// Secret key belonging to [`SECRET_ID`].
pub const SECRET_KEY: &str = "sdk-tests-secret-key-0123456789";
/// API version every request must carry.
pub const VERSION: &str = "2021-05-26";

/// The workspace root (parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("sdk-tests lives inside the workspace")
        .to_path_buf()
}

/// One documented example of an action, as written in the schema.
#[derive(Debug, Clone)]
pub struct Example {
    /// The action, e.g. `ModifyExtendedService`.
    pub action: String,
    /// The example's title.
    pub title: String,
    /// The request JSON text.
    pub request: String,
    /// The response JSON text (a whole `{"Response": ...}` envelope).
    pub response: String,
}

impl Example {
    /// The request as JSON.
    pub fn request_json(&self) -> Value {
        serde_json::from_str(&self.request)
            .unwrap_or_else(|e| panic!("{}: request is not JSON: {e}", self.title))
    }
    /// The `Response` object of the documented answer.
    pub fn response_body(&self) -> Value {
        let envelope: Value = serde_json::from_str(&self.response)
            .unwrap_or_else(|e| panic!("{}: response is not JSON: {e}", self.title));
        envelope["Response"].clone()
    }
    /// `Some((code, message))` when the documented answer is an error envelope.
    pub fn error(&self) -> Option<(String, String)> {
        let body = self.response_body();
        let error = body.get("Error")?;
        Some((
            error["Code"].as_str().expect("error code").to_owned(),
            error["Message"].as_str().unwrap_or_default().to_owned(),
        ))
    }
    /// The documented request id.
    pub fn request_id(&self) -> String {
        self.response_body()["RequestId"]
            .as_str()
            .expect("every documented response has a RequestId")
            .to_owned()
    }
}

#[derive(Deserialize)]
struct ActionFile {
    action: String,
    #[serde(default)]
    examples: Vec<ExampleEntry>,
}

#[derive(Deserialize)]
struct ExampleEntry {
    title: String,
    request: String,
    response: String,
}

/// Every action file of the schema: (action name, its documented examples), sorted by name.
pub fn schema_actions() -> Vec<(String, Vec<Example>)> {
    let dir = workspace_root().join("schema").join("actions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let file: ActionFile =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let examples = file
                .examples
                .into_iter()
                .map(|e| Example {
                    action: file.action.clone(),
                    title: e.title,
                    request: e.request,
                    response: e.response,
                })
                .collect();
            (file.action, examples)
        })
        .collect()
}

/// The documented examples of one action (panics when the action has no schema file).
pub fn examples_of(action: &str) -> Vec<Example> {
    schema_actions()
        .into_iter()
        .find(|(name, _)| name == action)
        .unwrap_or_else(|| panic!("no schema/actions file for {action}"))
        .1
}

/// What the test server expects: service `essbasic`, [`VERSION`], the test key.
pub fn expect() -> Expect {
    Expect::new("essbasic", VERSION).key(SECRET_ID, SECRET_KEY, None)
}

/// A client of the generated SDK pointed at `server`, with fast retries.
pub fn client(server: &Server) -> essbasic::Client {
    essbasic::Client::builder()
        .endpoint(server.url())
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .retry(RetryPolicy::new(3).with_base_delay(std::time::Duration::from_millis(1)))
        .build()
        .expect("client builds")
}

/// Checks what Tencent's servers check and what the SDK promises about the headers
/// of one request: verified signature, action, version, content type and host.
pub fn assert_protocol(server: &Server, received: &Received, action: &str) {
    if let Err(reason) = &received.verdict {
        panic!("request {} failed verification: {reason}", received.index);
    }
    assert_eq!(received.header("x-tc-action"), Some(action));
    assert_eq!(received.header("x-tc-version"), Some(VERSION));
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_eq!(
        received.header("host"),
        Some(server.addr.to_string().as_str())
    );
    assert!(
        received
            .header("authorization")
            .is_some_and(|a| a.starts_with(&format!("TC3-HMAC-SHA256 Credential={SECRET_ID}/"))),
        "signed with the test key"
    );
}

/// Drops `null` members recursively (an absent and a null field mean the same on the wire).
pub fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// The top-level README, whose Rust examples run here as doctests so they stay true.
#[doc = include_str!("../../README.md")]
mod readme {}
