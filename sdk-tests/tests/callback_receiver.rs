//! The generated receiver example (`cargo run -p essbasic --example receiver`), end to
//! end: started on 127.0.0.1, fed by the runtime's testing sender like the platform
//! feeds it. It answers 200 to verified callbacks and to the probe only.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

use essbasic_sdk_tests::workspace_root;
use serde_json::{json, Value};
use tencentcloud_runtime::callback::sender::{deliver_with, CallbackSender, SealedCallback};
use tencentcloud_runtime::callback::Envelope;

const KEY: &str = "0123456789abcdef0123456789ABCDEF";
const TOKEN: &str = "receiver-token";

/// The receiver process, killed when dropped.
struct Running {
    child: Child,
    stdout: BufReader<ChildStdout>,
    url: String,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut command = Command::new(env!("CARGO"));
        command
            .args([
                "run",
                "--offline",
                "--quiet",
                "-p",
                "essbasic",
                "--example",
                "receiver",
                "--",
                "--listen",
                "127.0.0.1:0",
            ])
            .args(args)
            .current_dir(workspace_root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
            command.env("CARGO_TARGET_DIR", target);
        }
        let mut child = command.spawn().expect("cargo runs");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let url = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_owned();
        Running { child, stdout, url }
    }

    /// The next callback the receiver printed.
    fn next_printed(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn envelope() -> Envelope {
    Envelope::new(
        "yDwfUUUckpsqo2hfUuO9hbLYEsrzW3Qb",
        "OrgAuth",
        "ThirdPartyApp",
        json!({"ApplicationId": "app", "ProxyOrganizationOpenId": "org", "AuthSuccess": true, "AddedLater": 1}),
    )
}

async fn status(client: &reqwest::Client, url: &str, sealed: &SealedCallback) -> u16 {
    deliver_with(client, url, sealed).await.unwrap().status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_200_only_to_verified_callbacks() {
    let mut receiver =
        tokio::task::spawn_blocking(|| Running::start(&["--key", KEY, "--token", TOKEN]))
            .await
            .unwrap();
    let url = receiver.url.clone();
    let client = reqwest::Client::new();
    let sender = CallbackSender::builder()
        .callback_key(KEY)
        .token(TOKEN)
        .build()
        .unwrap();

    // A verified callback: 200, and printed with every member.
    let delivery = sender.send(&url, &envelope()).await.unwrap();
    assert_eq!(delivery.status, 200);
    let printed = tokio::task::spawn_blocking(move || {
        let value = receiver.next_printed();
        (receiver, value)
    })
    .await
    .unwrap();
    let mut receiver = printed.0;
    assert_eq!(
        printed.1,
        serde_json::to_value(essbasic::callbacks::Callback::from_envelope(envelope())).unwrap()
    );
    assert_eq!(printed.1["MsgData"]["AddedLater"], 1);

    // The probe, signed or not: 200.
    assert_eq!(status(&client, &url, &sender.probe()).await, 200);
    let unsigned = CallbackSender::builder().build().unwrap();
    assert_eq!(status(&client, &url, &unsigned.probe()).await, 200);

    // Tampered body, same signature: refused.
    let mut tampered = sender.seal(&envelope());
    let at = tampered.body.len() / 2;
    tampered.body[at] = if tampered.body[at] == b'A' {
        b'B'
    } else {
        b'A'
    };
    assert_eq!(status(&client, &url, &tampered).await, 400);

    // Signed with another token, encrypted with another key, unsigned, unencrypted.
    let others = [
        CallbackSender::builder()
            .callback_key(KEY)
            .token("wrong-token")
            .build()
            .unwrap(),
        CallbackSender::builder()
            .callback_key("FEDCBA9876543210fedcba9876543210")
            .token(TOKEN)
            .build()
            .unwrap(),
        CallbackSender::builder().callback_key(KEY).build().unwrap(),
        CallbackSender::builder().token(TOKEN).build().unwrap(),
    ];
    for other in &others {
        assert_eq!(
            status(&client, &url, &other.seal(&envelope())).await,
            400,
            "{other:?}"
        );
    }

    // Over the size limit: refused unread.
    // (The receiver may close the connection before the whole body is sent.)
    let huge = sender.seal_raw(vec![b' '; 1024 * 1024 + 1], "application/json");
    if let Ok(delivery) = deliver_with(&client, &url, &huge).await {
        assert_eq!(delivery.status, 413);
    }

    // Not a POST.
    let get = client.get(&url).send().await.unwrap();
    assert_eq!(get.status().as_u16(), 405);

    // Still serving, and nothing refused was printed: the next line is the next callback.
    assert_eq!(sender.send(&url, &envelope()).await.unwrap().status, 200);
    let value = tokio::task::spawn_blocking(move || receiver.next_printed())
        .await
        .unwrap();
    assert_eq!(value["MsgId"], "yDwfUUUckpsqo2hfUuO9hbLYEsrzW3Qb");
}
