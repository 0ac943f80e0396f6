//! The example-program driver, exercised through `cli::run_with` against a loopback
//! server, with a miniature "generated crate" shaped exactly like the real one.

mod common;

use std::collections::HashMap;
use std::process::ExitCode;

use common::{api_error, ok, Expect, Received, Reply, Server};
use serde_json::Value;
use tencentcloud_runtime::cli::{self, Command, Input};

/// What the code generator emits, in miniature.
mod generated {
    use serde::{Deserialize, Serialize};
    use serde_json::Value;
    use tencentcloud_runtime::{ActionMeta, DynamicCallError, ServiceMeta};

    pub static SERVICE: ServiceMeta = ServiceMeta {
        name: "clisvc",
        version: "2021-05-26",
        production: tencentcloud_runtime::Hosts::new("clisvc.invalid"),
        test: None,
        default_rate_limit: 20,
    };
    pub static PING_ACTION: ActionMeta = ActionMeta {
        name: "Ping",
        rate_limit: 20,
        host: tencentcloud_runtime::HostRole::Main,
    };

    #[derive(Debug, Clone, PartialEq)]
    pub enum ErrorCode {
        ParamError,
        Unknown(String),
    }
    impl std::fmt::Display for ErrorCode {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(tencentcloud_runtime::ErrorCode::as_wire(self))
        }
    }
    impl tencentcloud_runtime::ErrorCode for ErrorCode {
        fn from_wire(code: &str) -> Self {
            match code {
                "InvalidParameter.ParamError" => ErrorCode::ParamError,
                c => ErrorCode::Unknown(c.to_owned()),
            }
        }
        fn as_wire(&self) -> &str {
            match self {
                ErrorCode::ParamError => "InvalidParameter.ParamError",
                ErrorCode::Unknown(c) => c,
            }
        }
        fn is_retryable(&self) -> bool {
            self.as_wire().starts_with("RequestLimitExceeded")
        }
    }

    pub type Error = tencentcloud_runtime::Error<ErrorCode>;
    pub type ClientBuilder = tencentcloud_runtime::ClientBuilder<Client>;

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct PingRequest {
        pub name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub mode: Option<String>,
    }

    /// What the generator emits into the example program.
    pub mod shapes {
        use tencentcloud_runtime::cli::shape::{ActionShape, EnumShape, Member, RequestSchema};
        static MODE_VALUES: EnumShape = EnumShape {
            name: "Mode",
            values: &["FAST", "SLOW"],
        };
        pub static REQUESTS: RequestSchema = RequestSchema {
            actions: &[ActionShape {
                name: "Ping",
                request: &[
                    Member::value("Name"),
                    Member::enumeration("Mode", &MODE_VALUES),
                ],
            }],
        };
    }
    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct PingResponse {
        pub pong: String,
        pub request_id: String,
    }

    #[derive(Debug, Clone)]
    pub struct Client {
        inner: tencentcloud_runtime::Client,
    }
    impl From<tencentcloud_runtime::Client> for Client {
        fn from(inner: tencentcloud_runtime::Client) -> Self {
            Client { inner }
        }
    }
    impl Client {
        pub fn builder() -> ClientBuilder {
            ClientBuilder::new(&SERVICE)
        }
        pub async fn ping(&self, request: &PingRequest) -> Result<PingResponse, Error> {
            self.inner
                .call::<_, PingResponse, ErrorCode>(&PING_ACTION, request)
                .await
        }
        pub async fn call_by_name(
            &self,
            action: &str,
            json: &str,
        ) -> Result<Value, DynamicCallError<ErrorCode>> {
            match action {
                "Ping" => {
                    self.inner
                        .call_json::<PingRequest, PingResponse, ErrorCode>(&PING_ACTION, json)
                        .await
                }
                other => Err(DynamicCallError::UnknownAction(other.to_owned())),
            }
        }
    }
}

/// The generated `examples/call.rs` body must type-check against `cli::run`.
#[allow(dead_code)]
async fn example_main() -> ExitCode {
    cli::run(
        generated::Client::builder(),
        &generated::shapes::REQUESTS,
        |c, a, j| async move { c.call_by_name(&a, &j).await },
    )
    .await
}

const ID: &str = "AKIDcli0000000000001";
const KEY: &str = "cli-secret-key";

struct Outcome {
    code: u8,
    stdout: String,
    stderr: String,
}

async fn run(args: &[&str], env: &[(&str, String)], stdin: &str) -> Outcome {
    run_checked(&generated::shapes::REQUESTS, args, env, stdin).await
}

async fn run_checked(
    schema: &'static cli::shape::RequestSchema,
    args: &[&str],
    env: &[(&str, String)],
    stdin: &str,
) -> Outcome {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    args.insert(0, "call".into());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run_with(
        generated::Client::builder(),
        schema,
        |c, a, j| async move { c.call_by_name(&a, &j).await },
        args,
        |k| env.get(k).cloned(),
        &mut stdin.as_bytes(),
        &mut out,
        &mut err,
    )
    .await;
    Outcome {
        code,
        stdout: String::from_utf8(out).unwrap(),
        stderr: String::from_utf8(err).unwrap(),
    }
}

async fn server() -> Server {
    Server::start(
        Expect::new("clisvc", "2021-05-26").key(ID, KEY, None),
        |r: &Received| {
            let body: Value = serde_json::from_slice(&r.body).unwrap_or_default();
            match body["Name"].as_str().unwrap_or("") {
                "bad" => api_error("InvalidParameter.ParamError", "Name is bad", "rid-bad"),
                "down" => Reply::Raw(503, "text/html", b"<html>down</html>".to_vec()),
                name => ok(&format!(r#""Pong":"pong {name}""#), "rid-ok"),
            }
        },
    )
    .await
}

fn env_for(server: &Server) -> Vec<(&'static str, String)> {
    vec![
        ("TENCENTCLOUD_SECRET_ID", ID.into()),
        ("TENCENTCLOUD_SECRET_KEY", KEY.into()),
        ("CLISVC_ENDPOINT", server.url()),
        ("TENCENTCLOUD_REGION", "ap-beijing".into()),
    ]
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("tc-rt-cli-{}-{name}", std::process::id()));
    std::fs::write(&p, content).unwrap();
    p
}

#[tokio::test]
async fn success_prints_pretty_json_and_exits_0() {
    let s = server().await;
    let file = temp_file("ok.json", r#"{"Name":"ann"}"#);
    let o = run(&["Ping", file.to_str().unwrap()], &env_for(&s), "").await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    std::fs::remove_file(&file).unwrap();
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"Pong": "pong ann", "RequestId": "rid-ok"})
    );
    assert!(
        o.stdout.contains("\n  \"Pong\""),
        "pretty printed: {}",
        o.stdout
    );
    s.assert_all_verified();
    let r = &s.received()[0];
    assert_eq!(r.header("x-tc-region"), Some("ap-beijing"));
    assert_eq!(r.header("x-tc-action"), Some("Ping"));

    // Same through stdin.
    let o = run(&["Ping", "-"], &env_for(&s), r#"{"Name":"bo"}"#).await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("pong bo"));
}

#[tokio::test]
async fn remote_failures_exit_1() {
    let s = server().await;
    let o = run(&["Ping", "-"], &env_for(&s), r#"{"Name":"bad"}"#).await;
    assert_eq!(o.code, 1);
    for part in ["InvalidParameter.ParamError", "Name is bad", "rid-bad"] {
        assert!(o.stderr.contains(part), "{part} in {}", o.stderr);
    }
    assert!(o.stdout.is_empty());
    let o = run(&["Ping", "-"], &env_for(&s), r#"{"Name":"down"}"#).await;
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("503"), "{}", o.stderr);
}

#[tokio::test]
async fn local_problems_exit_2_without_calling() {
    let s = server().await;
    let env = env_for(&s);
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["Ping"], "", "expected 2 arguments"),
        (vec!["Ping", "-", "extra"], "", "expected 2 arguments"),
        (vec!["Ping", "/nonexistent/dir/req.json"], "", "cannot read"),
        (vec!["Ping", "-"], "{not json", "not valid JSON"),
        (vec!["Ping", "-"], r#"{"Name": 5}"#, "invalid request JSON"),
        (vec!["NoSuchAction", "-"], "{}", "unknown action"),
        (vec!["Pnig", "-"], "{}", "help: did you mean `Ping`?"),
        (
            vec!["Ping", "-"],
            r#"{"Nmae": "x"}"#,
            "error: Ping has no parameter `Nmae`\n  help: did you mean `Name`?",
        ),
    ];
    for (args, stdin, expected) in cases {
        let o = run(&args, &env, stdin).await;
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains(expected), "{args:?}: {}", o.stderr);
    }
    assert_eq!(s.hits(), 0);

    // No credentials anywhere (no variables, no home, no profile file).
    let env = vec![("CLISVC_ENDPOINT", s.url())];
    let o = run(&["Ping", "-"], &env, "{}").await;
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("TENCENTCLOUD_SECRET_ID"), "{}", o.stderr);
    // A bad endpoint.
    let mut env = env_for(&s);
    env[2].1 = "ftp://nope".into();
    let o = run(&["Ping", "-"], &env, "{}").await;
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(s.hits(), 0);
}

#[tokio::test]
async fn help_exits_0() {
    let o = run(&["--help"], &[], "").await;
    assert_eq!(o.code, 0);
    assert!(
        o.stdout.contains("usage: call <Action>") && o.stdout.contains("CLISVC_ENDPOINT"),
        "{}",
        o.stdout
    );
}

#[test]
fn argument_and_environment_helpers() {
    assert_eq!(cli::parse_args(["-h"]), Ok(Command::Help));
    assert_eq!(
        cli::parse_args(["A", "-"]),
        Ok(Command::Call {
            action: "A".into(),
            input: Input::Stdin
        })
    );
    assert_eq!(
        cli::parse_args(["A", "r.json"]),
        Ok(Command::Call {
            action: "A".into(),
            input: Input::File("r.json".into())
        })
    );
    assert!(cli::parse_args(["-x", "r.json"]).is_err());
    assert!(cli::parse_args(Vec::<String>::new()).is_err());
    assert_eq!(cli::endpoint_var(&generated::SERVICE), "CLISVC_ENDPOINT");
    let svc = tencentcloud_runtime::ServiceMeta {
        name: "ess-basic",
        version: "",
        production: tencentcloud_runtime::Hosts::new(""),
        test: None,
        default_rate_limit: 1,
    };
    assert_eq!(cli::endpoint_var(&svc), "ESS_BASIC_ENDPOINT");
    assert_eq!(cli::environment_var(&svc), "ESS_BASIC_ENVIRONMENT");
}

#[test]
fn the_environment_variable_picks_the_test_hosts() {
    static TWO_ENVS: tencentcloud_runtime::ServiceMeta = tencentcloud_runtime::ServiceMeta {
        name: "essbasic",
        version: "2021-05-26",
        production: tencentcloud_runtime::Hosts::new("essbasic.tencentcloudapi.com"),
        test: Some(tencentcloud_runtime::Hosts::new(
            "essbasic.test.ess.tencent.cn",
        )),
        default_rate_limit: 20,
    };
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    let url = |pairs: &'static [(&'static str, &'static str)]| {
        let b = tencentcloud_runtime::Client::builder(&TWO_ENVS);
        cli::configure(b, vars(pairs)).map(|b| b.build().unwrap().url().to_owned())
    };
    static DEFAULT: &[(&str, &str)] = &[
        ("TENCENTCLOUD_SECRET_ID", "AKIDx"),
        ("TENCENTCLOUD_SECRET_KEY", "k"),
    ];
    static TEST: &[(&str, &str)] = &[
        ("TENCENTCLOUD_SECRET_ID", "AKIDx"),
        ("TENCENTCLOUD_SECRET_KEY", "k"),
        ("ESSBASIC_ENVIRONMENT", " Test "),
    ];
    static BAD: &[(&str, &str)] = &[
        ("TENCENTCLOUD_SECRET_ID", "AKIDx"),
        ("TENCENTCLOUD_SECRET_KEY", "k"),
        ("ESSBASIC_ENVIRONMENT", "staging"),
    ];
    assert_eq!(
        url(DEFAULT).unwrap(),
        "https://essbasic.tencentcloudapi.com/"
    );
    assert_eq!(url(TEST).unwrap(), "https://essbasic.test.ess.tencent.cn/");
    let e = url(BAD).unwrap_err();
    assert!(
        e.contains("ESSBASIC_ENVIRONMENT") && e.contains("staging"),
        "{e}"
    );
}

#[tokio::test]
async fn generated_style_typed_method_works() {
    let s = server().await;
    let client = generated::Client::builder()
        .endpoint(s.url())
        .credentials(tencentcloud_runtime::Credentials::new(ID, KEY))
        .build()
        .unwrap();
    let r = client
        .ping(&generated::PingRequest {
            name: "typed".into(),
            mode: None,
        })
        .await
        .unwrap();
    assert_eq!(r.pong, "pong typed");
    let e = client
        .ping(&generated::PingRequest {
            name: "bad".into(),
            mode: None,
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(&generated::ErrorCode::ParamError));
}

#[tokio::test]
async fn undocumented_enum_values_warn_and_are_sent() {
    let s = server().await;
    let o = run(
        &["Ping", "-"],
        &env_for(&s),
        r#"{"Name":"ann","Mode":"TURBO"}"#,
    )
    .await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.starts_with(
            "warning: `Mode` is \"TURBO\", which is not a documented value of Mode (sent anyway: the service may know newer values)\n  known values: FAST, SLOW\n"
        ),
        "{}",
        o.stderr
    );
    assert_eq!(s.hits(), 1);
    let sent: Value = serde_json::from_slice(&s.received()[0].body).unwrap();
    assert_eq!(sent["Mode"], "TURBO");
}

#[tokio::test]
async fn without_a_schema_the_dispatcher_decides() {
    let s = server().await;
    let empty = &cli::shape::RequestSchema::EMPTY;
    let o = run_checked(
        empty,
        &["Ping", "-"],
        &env_for(&s),
        r#"{"Name":"a","Nmae":1}"#,
    )
    .await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run_checked(empty, &["Nope", "-"], &env_for(&s), "{}").await;
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("unknown action \"Nope\""), "{}", o.stderr);
}

/// A loopback port with nothing listening.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn connection_failures_show_their_cause_and_each_retry() {
    let env = vec![
        ("TENCENTCLOUD_SECRET_ID", ID.to_owned()),
        ("TENCENTCLOUD_SECRET_KEY", KEY.to_owned()),
        (
            "CLISVC_ENDPOINT",
            format!("http://127.0.0.1:{}", closed_port()),
        ),
    ];
    let o = run(&["Ping", "-"], &env, r#"{"Name":"a"}"#).await;
    assert_eq!(o.code, 1, "{}", o.stderr);
    let lines: Vec<&str> = o.stderr.lines().collect();
    let retries: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("info: retrying (attempt="))
        .collect();
    assert_eq!(retries.len(), 2, "3 attempts, 2 retries:\n{}", o.stderr);
    assert!(
        retries[0].contains("attempt=1, max_attempts=3"),
        "{}",
        retries[0]
    );
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("error: could not connect: "),
        "{}",
        o.stderr
    );
    assert!(
        last.to_lowercase().contains("connection refused"),
        "{}",
        o.stderr
    );
    assert!(
        retries[0].to_lowercase().contains("connection refused"),
        "{}",
        o.stderr
    );

    // RUST_LOG=off silences the log, not the error.
    let mut quiet = env.clone();
    quiet.push(("RUST_LOG", "off".into()));
    let o = run(&["Ping", "-"], &quiet, r#"{"Name":"a"}"#).await;
    assert_eq!(o.code, 1);
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
}

#[tokio::test]
async fn proxies_come_from_the_environment_and_no_proxy_bypasses_them() {
    use tencentcloud_runtime::testing::Proxy;
    let s = server().await;
    let proxy = Proxy::start().await;
    // Lower-case `http_proxy`, as curl and requests read it: the proxy forwards the
    // plain-HTTP request to the loopback server.
    let mut env = env_for(&s);
    env.push(("http_proxy", proxy.url()));
    let o = run(&["Ping", "-"], &env, r#"{"Name":"via"}"#).await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        proxy.requests(),
        [format!("POST {}/ HTTP/1.1", s.url().trim_end_matches('/'))]
    );
    assert_eq!(s.hits(), 1);
    s.assert_all_verified();

    // NO_PROXY names the server's address: straight there.
    env.push(("NO_PROXY", "localhost, 127.0.0.1".into()));
    let o = run(&["Ping", "-"], &env, r#"{"Name":"direct"}"#).await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(proxy.requests().len(), 1, "the proxy saw nothing new");
    assert_eq!(s.hits(), 2);

    // `https_proxy` is asked to CONNECT to an https endpoint (and refuses).
    let env = vec![
        ("TENCENTCLOUD_SECRET_ID", ID.to_owned()),
        ("TENCENTCLOUD_SECRET_KEY", KEY.to_owned()),
        (
            "CLISVC_ENDPOINT",
            format!("https://127.0.0.1:{}", closed_port()),
        ),
        ("https_proxy", proxy.url()),
        ("RUST_LOG", "off".into()),
    ];
    let o = run(&["Ping", "-"], &env, r#"{"Name":"tls"}"#).await;
    assert_eq!(o.code, 1, "{}", o.stderr);
    let connects: Vec<String> = proxy.requests().into_iter().skip(1).collect();
    assert!(!connects.is_empty());
    assert!(
        connects.iter().all(|l| l.starts_with("CONNECT 127.0.0.1:")),
        "{connects:?}"
    );
}

/// A 200 answer that cannot be decoded: the service answered and may have acted, so
/// the program says so, keeps the body and the failing member's path, never calls it
/// worth retrying, and exits 3 (not 1, "may go away when tried again").
#[tokio::test]
async fn undecodable_answer_exits_3_and_says_the_action_may_have_happened() {
    let s = Server::start(
        Expect::new("clisvc", "2021-05-26").key(ID, KEY, None),
        |_: &Received| {
            Reply::Raw(
                200,
                "application/json",
                br#"{"Response":{"Pong":"created","Items":[1,2,"#.to_vec(),
            )
        },
    )
    .await;
    let o = run(&["Ping", "-"], &env_for(&s), r#"{"Name":"x"}"#).await;
    assert_eq!(o.code, cli::EXIT_UNDECODED, "{}", o.stderr);
    assert_eq!(cli::EXIT_UNDECODED, 3);
    assert!(o.stdout.is_empty());
    for part in [
        "the service answered (HTTP 200)",
        "may have been carried out",
        "at Response.Items",
        r#"{"Response":{"Pong":"created","Items":[1,2,"#,
    ] {
        assert!(o.stderr.contains(part), "{part:?} in {}", o.stderr);
    }
    assert!(!o.stderr.contains("tried again"), "{}", o.stderr);
    assert_eq!(s.hits(), 1, "never resent");
}
