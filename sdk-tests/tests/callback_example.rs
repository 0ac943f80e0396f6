//! The generated callback example program, run as users run it
//! (`cargo run -p essbasic --example callback -- [--key K] [--token T] [--signature S] <file | ->`):
//! bodies made with the runtime's testing sender, exit codes 0, 1 and 2.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Output, Stdio};

use essbasic_sdk_tests::workspace_root;
use serde_json::{json, Value};
use tencentcloud_runtime::callback::sender::{self, CallbackSender};
use tencentcloud_runtime::callback::Envelope;

const KEY: &str = "0123456789abcdef0123456789ABCDEF";
const OTHER_KEY: &str = "FEDCBA9876543210fedcba9876543210";
const TOKEN: &str = "callback-example-token";

/// A body file that removes itself.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "essbasic-sdk-tests-{}-callback-{name}",
            std::process::id()
        ));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `cargo run --offline -p essbasic --example callback -- <args>`, with `stdin` as input.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO"));
    command
        .args([
            "run",
            "--offline",
            "--quiet",
            "-p",
            "essbasic",
            "--example",
            "callback",
            "--",
        ])
        .args(args)
        .current_dir(workspace_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        command.env("CARGO_TARGET_DIR", target);
    }
    let mut child = command.spawn().expect("cargo runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Exit code 1 with exactly one line on stderr containing `expected`.
fn assert_refused(output: &Output, expected: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "stderr: {err}");
    assert!(output.stdout.is_empty(), "nothing on stdout");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(expected), "{err}");
    for secret in [KEY, OTHER_KEY, TOKEN, "Purchase contract"] {
        assert!(!err.contains(secret), "stderr reveals {secret}: {err}");
    }
}

fn message() -> Value {
    json!({
        "MsgId": "yDwfUUUckpsqo2hfUuO9hbLYEsrzW3Qz",
        "MsgType": "FlowStatusChange",
        "MsgVersion": "ThirdPartyApp",
        "MsgData": {
            "FlowId": "yDwFkUUckpstv7x5UxNwA5b0bNl8Y2ki",
            "FlowName": "Purchase contract",
            "FlowCallbackStatus": "four",
            "Operate": "sign",
            "MemberAddedLater": {"Nested": [1, 2]},
            "Approvers": [{"RecipientId": "r1", "CaSign": ""}]
        }
    })
}

fn envelope(message: &Value) -> Envelope {
    Envelope::new(
        message["MsgId"].as_str().unwrap(),
        message["MsgType"].as_str().unwrap(),
        message["MsgVersion"].as_str().unwrap(),
        message["MsgData"].clone(),
    )
}

fn printed(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(output));
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one line of JSON: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}

fn sealed_sender() -> CallbackSender {
    CallbackSender::builder()
        .callback_key(KEY)
        .token(TOKEN)
        .build()
        .unwrap()
}

#[test]
fn plaintext_prints_every_member_and_exits_0() {
    let body = message().to_string();
    let file = TempFile::new("plain.json", body.as_bytes());
    assert_eq!(printed(&run(&[file.path()], b"")), message());
    // From standard input too.
    assert_eq!(printed(&run(&["-"], body.as_bytes())), message());
}

#[test]
fn encrypted_and_signed_body_is_verified_decrypted_and_printed() {
    let sealed = sealed_sender().seal(&envelope(&message()));
    let signature = sealed.content_signature.clone().unwrap();
    let file = TempFile::new("sealed.json", &sealed.body);
    let output = run(
        &[
            "--key",
            KEY,
            "--token",
            TOKEN,
            "--signature",
            &signature,
            file.path(),
        ],
        b"",
    );
    assert_eq!(printed(&output), message());
    // `--flag=value` works as well.
    let output = run(
        &[
            &format!("--key={KEY}"),
            &format!("--token={TOKEN}"),
            &format!("--signature={signature}"),
            "-",
        ],
        &sealed.body,
    );
    assert_eq!(printed(&output), message());
}

#[test]
fn the_probe_exits_0() {
    let output = run(&["--token", TOKEN, "-"], b"{}");
    assert_eq!(printed(&output), json!({}));
    assert!(stderr(&output).contains("probe"));
}

#[test]
fn signature_missing_or_wrong_exits_1() {
    let sealed = sealed_sender().seal(&envelope(&message()));
    let signature = sealed.content_signature.unwrap();
    assert_refused(
        &run(&["--key", KEY, "--token", TOKEN, "-"], &sealed.body),
        "Content-Signature header is missing",
    );
    assert_refused(
        &run(
            &[
                "--key",
                KEY,
                "--token",
                "another-token",
                "--signature",
                &signature,
                "-",
            ],
            &sealed.body,
        ),
        "does not match",
    );
    // A tampered body under the right token.
    let mut tampered = sealed.body.clone();
    let at = tampered.len() / 2;
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    assert_refused(
        &run(
            &[
                "--key",
                KEY,
                "--token",
                TOKEN,
                "--signature",
                &signature,
                "-",
            ],
            &tampered,
        ),
        "does not match",
    );
}

#[test]
fn wrong_key_truncated_base64_bad_padding_and_non_json_exit_1() {
    let plaintext = message().to_string();
    let ciphertext = sender::encrypt(KEY, plaintext.as_bytes()).unwrap();
    let body = |c: &str| json!({ "encrypt": c }).to_string().into_bytes();

    let wrong_key = run(&["--key", OTHER_KEY, "-"], &body(&ciphertext));
    assert_eq!(wrong_key.status.code(), Some(1), "{}", stderr(&wrong_key));
    assert!(
        stderr(&wrong_key).contains("could not be decrypted")
            || stderr(&wrong_key).contains("not a callback message"),
        "{}",
        stderr(&wrong_key)
    );

    let truncated = &ciphertext[..ciphertext.len() - 3];
    assert_refused(&run(&["--key", KEY, "-"], &body(truncated)), "base64");

    // 48 plaintext bytes are 3 whole blocks: the first 64 base64 characters of their
    // ciphertext are those blocks without the padding block, whose last byte `}` is
    // no valid PKCS#7 padding.
    let blocks = sender::encrypt(KEY, &[b'}'; 48]).unwrap();
    assert_refused(
        &run(&["--key", KEY, "-"], &body(&blocks[..64])),
        "could not be decrypted",
    );

    let not_json = sender::encrypt(KEY, b"not a callback at all").unwrap();
    assert_refused(
        &run(&["--key", KEY, "-"], &body(&not_json)),
        "not a callback message",
    );
    // The bare-base64 body form too.
    assert_refused(
        &run(&["--key", KEY, "-"], not_json.as_bytes()),
        "not a callback message",
    );
    // Plaintext that is not a message.
    assert_refused(&run(&["-"], b"[1, 2]"), "not a callback message");
}

#[test]
fn local_problems_exit_2() {
    let missing = std::env::temp_dir().join("essbasic-sdk-tests-no-such-callback-file");
    let output = run(&[missing.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );

    for args in [
        &["--bogus", "x", "-"][..],
        &["--key"][..],
        &[][..],
        &["a", "b"][..],
        &["--key", "too-short", "-"][..],
        &["--signature", "sha256=00", "-"][..],
        &["--token", TOKEN, "--token", TOKEN, "-"][..],
    ] {
        let output = run(args, b"{}");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }

    // An encrypted body needs `--key`.
    let sealed = sealed_sender().seal(&envelope(&message()));
    let output = run(&["-"], &sealed.body);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--key"), "{}", stderr(&output));
}
