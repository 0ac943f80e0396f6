//! Driver of the generated example program:
//! `cargo run -p essbasic --example call -- <Action> <request.json | ->`.
//!
//! Configuration comes from the environment:
//!
//! * credentials: `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`,
//!   `TENCENTCLOUD_SESSION_TOKEN`, falling back to the profile file (see
//!   [`crate::credentials::DefaultChain`]), unless the builder already has credentials;
//! * `<SERVICE>_ENDPOINT` (e.g. `ESSBASIC_ENDPOINT`): endpoint host or full URL;
//! * `<SERVICE>_ENVIRONMENT` (e.g. `ESSBASIC_ENVIRONMENT`): `test` or `production`
//!   (the default), see [`crate::Environment`];
//! * `TENCENTCLOUD_REGION`: region;
//! * `HTTPS_PROXY` / `https_proxy` (and `HTTP_PROXY` / `http_proxy` for an `http://`
//!   endpoint), `NO_PROXY` / `no_proxy`: proxies, as Tencent's other SDKs and `tccli`
//!   use them ([`crate::ClientBuilder::proxy_from_env`]);
//! * `RUST_LOG`: what is logged on stderr (default `info`: a line per retry and the
//!   service's deprecation warnings; `debug` shows more, `off` nothing).
//!
//! Before anything is sent, the request is compared with what the generated
//! [`shape::RequestSchema`] knows of the action: a member the action (or a nested
//! structure) does not have is an error naming it with a did-you-mean, an enum value
//! that is not documented a warning listing the known values (the request is still
//! sent: the service may know newer values), and an unknown action name gets the
//! closest actions suggested. A failure's message shows its causes (e.g. the refused
//! connection). The response is printed as the typed response serializes.
//!
//! Exit codes:
//!
//! * `0`: success, the response is printed as pretty JSON on stdout;
//! * `1`: the call failed remotely: an API error (code, message and request id on
//!   stderr) or a network, timeout or HTTP status failure — things that may go away
//!   when tried again later;
//! * `2`: a local problem: bad arguments, unreadable file, invalid JSON, unknown action,
//!   missing or invalid credentials, invalid configuration — things the caller must fix;
//! * `3`: the service answered (HTTP 200) but its answer could not be decoded: the
//!   action **may have been carried out**, so it is not worth simply trying again;
//!   stderr has the reason, the failing member's path, the request id and the body.

mod log;
pub mod shape;

use std::future::Future;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use tracing::instrument::WithSubscriber;

use crate::boxed::ErrorChain;
use crate::client::{Client, ClientBuilder};
use crate::credentials::DefaultChain;
use crate::error::{DynamicCallError, Error, ErrorCode};
use crate::transport::ProxyEnv;
use crate::{Environment, ServiceMeta};
use shape::RequestSchema;

/// Environment variable holding the region.
pub const ENV_REGION: &str = "TENCENTCLOUD_REGION";

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: the call failed remotely (API error, network, bad answer).
pub const EXIT_REMOTE: u8 = 1;
/// Exit status: a local problem the caller must fix.
pub const EXIT_LOCAL: u8 = 2;
/// Exit status: the service answered but the answer could not be decoded; the action
/// may have been carried out ([`Error::InvalidResponse`]).
pub const EXIT_UNDECODED: u8 = 3;

/// Where the request JSON comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

/// Parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print usage and exit successfully.
    Help,
    /// Call an action.
    Call {
        /// Action name.
        action: String,
        /// Request source.
        input: Input,
    },
}

/// Usage text.
pub fn usage(program: &str, service: &ServiceMeta) -> String {
    format!(
        "usage: {program} <Action> <request.json | ->\n\n\
         Calls one {name} ({version}) action with the JSON request read from the file\n\
         (or from stdin for `-`) and prints the JSON response.\n\n\
         environment: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN\n\
         (or the profile file ~/.tencentcloud/credentials), {endpoint}, {environment} (test or production),\n\
         {ENV_REGION}, HTTPS_PROXY, HTTP_PROXY, NO_PROXY, {log} (default info)\n",
        name = service.name,
        version = service.version,
        endpoint = endpoint_var(service),
        environment = environment_var(service),
        log = log::ENV_LOG,
    )
}

/// Parses the arguments after the program name.
pub fn parse_args<I, S>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let args: Vec<String> = args.into_iter().map(Into::into).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(Command::Help);
    }
    match args.as_slice() {
        [action, input] => {
            if action.is_empty() || action.starts_with('-') {
                return Err(format!("invalid action name {action:?}"));
            }
            let input = if input == "-" {
                Input::Stdin
            } else {
                Input::File(PathBuf::from(input))
            };
            Ok(Command::Call {
                action: action.clone(),
                input,
            })
        }
        _ => Err(format!(
            "expected 2 arguments (<Action> <request.json | ->), got {}",
            args.len()
        )),
    }
}

/// Name of the endpoint variable of a service: `ESSBASIC_ENDPOINT` for `essbasic`.
pub fn endpoint_var(service: &ServiceMeta) -> String {
    service_var(service, "ENDPOINT")
}

/// Name of the environment variable choosing the [`Environment`] of a service:
/// `ESSBASIC_ENVIRONMENT` for `essbasic`.
pub fn environment_var(service: &ServiceMeta) -> String {
    service_var(service, "ENVIRONMENT")
}

/// `<SERVICE>_<suffix>`, the service name upper-cased with non-alphanumerics as `_`.
fn service_var(service: &ServiceMeta, suffix: &str) -> String {
    let name: String = service
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{name}_{suffix}")
}

/// Applies the process environment (environment, endpoint, region, proxies,
/// credentials) to a builder.
pub fn configure<T: From<Client>>(
    mut builder: ClientBuilder<T>,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<ClientBuilder<T>, String> {
    let nonempty = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
    let environment_var = environment_var(builder.service_meta());
    if let Some(value) = nonempty(&environment_var) {
        let environment = Environment::parse(&value).ok_or_else(|| {
            format!("{environment_var} must be \"test\" or \"production\", not {value:?}")
        })?;
        builder = builder.environment(environment);
    }
    if let Some(endpoint) = nonempty(&endpoint_var(builder.service_meta())) {
        builder = builder.endpoint(endpoint.trim());
    }
    if let Some(region) = nonempty(ENV_REGION) {
        builder = builder.region(region.trim());
    }
    let proxies = ProxyEnv::from_lookup(&lookup);
    if !proxies.is_empty() {
        builder = builder.proxy_env(proxies);
    }
    if !builder.has_credentials() {
        let creds = DefaultChain::new()
            .resolve_with(&lookup)
            .map_err(|e| e.to_string())?;
        builder = builder.credentials(creds);
    }
    Ok(builder)
}

/// Exit status for a failed dynamic call (see the module docs).
pub fn exit_status<C: ErrorCode>(error: &DynamicCallError<C>) -> u8 {
    match error {
        DynamicCallError::UnknownAction(_) | DynamicCallError::InvalidRequest(_) => EXIT_LOCAL,
        DynamicCallError::Call(
            Error::Credentials(_) | Error::Serialize(_) | Error::RequestTooLarge { .. },
        ) => EXIT_LOCAL,
        DynamicCallError::Call(Error::InvalidResponse { .. }) => EXIT_UNDECODED,
        _ => EXIT_REMOTE,
    }
}

/// Message printed on stderr for a failed dynamic call.
pub fn describe<C: ErrorCode>(error: &DynamicCallError<C>) -> String {
    match error {
        DynamicCallError::Call(Error::Api(api)) => {
            let mut text = format!(
                "API error\ncode: {}\nmessage: {}\nrequest id: {}",
                api.code.as_wire(),
                api.message,
                api.request_id
            );
            if let Some(trace) = &api.trace_id {
                text.push_str(&format!("\ntrace id: {trace}"));
            }
            text
        }
        DynamicCallError::Call(e @ Error::InvalidResponse { body, .. }) => {
            format!("error: {e}\nbody ({} bytes kept):\n{body}", body.len())
        }
        // With its causes: "could not connect: ...: Connection refused".
        DynamicCallError::Call(e) => match e.request_id() {
            Some(id) => format!("error: {}\nrequest id: {id}", ErrorChain(e)),
            None => format!("error: {}", ErrorChain(e)),
        },
        other => format!("error: {other}"),
    }
}

/// Message for an action name the schema does not know, with the closest ones.
fn unknown_action(action: &str, schema: &RequestSchema) -> String {
    let mut text = format!("error: unknown action {action:?}");
    match schema.closest_actions(action).as_slice() {
        [] => {}
        [one] => text.push_str(&format!("\n  help: did you mean `{one}`?")),
        several => text.push_str(&format!(
            "\n  help: the closest actions are {}",
            several
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    text
}

/// The whole program with its inputs and outputs passed in (what [`run`] calls with
/// the real process environment). `schema` is the generated description of the
/// service's requests ([`RequestSchema::EMPTY`] checks nothing). Log lines are
/// written to `stderr` once the call is over. Returns the exit status.
#[allow(clippy::too_many_arguments)] // the process, spelled out for tests
pub async fn run_with<T, C, F, Fut>(
    builder: ClientBuilder<T>,
    schema: &'static RequestSchema,
    dispatch: F,
    args: Vec<String>,
    lookup: impl Fn(&str) -> Option<String>,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8
where
    T: From<Client>,
    C: ErrorCode,
    F: FnOnce(T, String, String) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, DynamicCallError<C>>>,
{
    let buffer = Arc::new(Mutex::new(String::new()));
    let process = Process {
        args,
        lookup: &lookup,
        stdin,
        stdout,
        stderr,
        log: log::Sink::Buffer(buffer),
    };
    run_process(builder, schema, dispatch, process).await
}

/// Where [`run_process`] reads and writes.
struct Process<'a> {
    args: Vec<String>,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    stdin: &'a mut dyn Read,
    stdout: &'a mut dyn Write,
    stderr: &'a mut dyn Write,
    log: log::Sink,
}

async fn run_process<T, C, F, Fut>(
    builder: ClientBuilder<T>,
    schema: &'static RequestSchema,
    dispatch: F,
    process: Process<'_>,
) -> u8
where
    T: From<Client>,
    C: ErrorCode,
    F: FnOnce(T, String, String) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, DynamicCallError<C>>>,
{
    let Process {
        args,
        lookup,
        stdin,
        stdout,
        stderr,
        log: sink,
    } = process;
    let program = args.first().cloned().unwrap_or_else(|| "call".into());
    let service = builder.service_meta();
    let fail = |stderr: &mut dyn Write, msg: String, code: u8| {
        let _ = writeln!(stderr, "{msg}");
        code
    };
    let (action, input) = match parse_args(args.into_iter().skip(1)) {
        Ok(Command::Help) => {
            let _ = write!(stdout, "{}", usage(&program, service));
            return EXIT_OK;
        }
        Ok(Command::Call { action, input }) => (action, input),
        Err(msg) => {
            return fail(
                stderr,
                format!("error: {msg}\n\n{}", usage(&program, service)),
                EXIT_LOCAL,
            )
        }
    };
    let shape = schema.action(&action);
    if shape.is_none() && !schema.actions.is_empty() {
        return fail(stderr, unknown_action(&action, schema), EXIT_LOCAL);
    }
    let mut request = String::new();
    let read = match &input {
        Input::Stdin => stdin
            .read_to_string(&mut request)
            .map(drop)
            .map_err(|e| format!("cannot read stdin: {e}")),
        Input::File(path) => std::fs::read_to_string(path)
            .map(|s| request = s)
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
    };
    if let Err(msg) = read {
        return fail(stderr, format!("error: {msg}"), EXIT_LOCAL);
    }
    let parsed = match serde_json::from_str::<serde_json::Value>(&request) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                stderr,
                format!("error: the request is not valid JSON: {e}"),
                EXIT_LOCAL,
            )
        }
    };
    if let Some(shape) = shape {
        let findings = shape::check_request(shape, &parsed);
        for warning in &findings.warnings {
            let _ = writeln!(stderr, "warning: {warning}");
        }
        if !findings.errors.is_empty() {
            let errors: Vec<String> = findings
                .errors
                .iter()
                .map(|e| format!("error: {e}"))
                .collect();
            return fail(stderr, errors.join("\n"), EXIT_LOCAL);
        }
    }
    let builder = match configure(builder, lookup) {
        Ok(b) => b,
        Err(msg) => return fail(stderr, format!("error: {msg}"), EXIT_LOCAL),
    };
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => return fail(stderr, format!("error: {e}"), EXIT_LOCAL),
    };
    let filter = log::Filter::parse(lookup(log::ENV_LOG).as_deref());
    let logger = tracing::Dispatch::new(log::Log::new(filter, sink.clone()));
    let result = dispatch(client, action.clone(), request)
        .with_subscriber(logger)
        .await;
    if let log::Sink::Buffer(buffer) = &sink {
        if let Ok(mut lines) = buffer.lock() {
            let _ = stderr.write_all(std::mem::take(&mut *lines).as_bytes());
        }
    }
    match result {
        Ok(value) => {
            let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
            if writeln!(stdout, "{text}").is_err() {
                return EXIT_REMOTE;
            }
            EXIT_OK
        }
        Err(DynamicCallError::UnknownAction(_)) => {
            fail(stderr, unknown_action(&action, schema), EXIT_LOCAL)
        }
        Err(e) => fail(stderr, describe(&e), exit_status(&e)),
    }
}

/// Runs the example program with the process arguments, environment and standard
/// streams, checking requests against `schema` (generated with the service). See the
/// module docs for configuration and exit codes.
pub async fn run<T, C, F, Fut>(
    builder: ClientBuilder<T>,
    schema: &'static RequestSchema,
    dispatch: F,
) -> ExitCode
where
    T: From<Client>,
    C: ErrorCode,
    F: FnOnce(T, String, String) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, DynamicCallError<C>>>,
{
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let lookup = |k: &str| std::env::var(k).ok();
    let process = Process {
        args,
        lookup: &lookup,
        stdin: &mut std::io::stdin().lock(),
        stdout: &mut std::io::stdout().lock(),
        // Not locked: log lines are written to it as they happen.
        stderr: &mut std::io::stderr(),
        log: log::Sink::Stderr,
    };
    let code = run_process(builder, schema, dispatch, process).await;
    ExitCode::from(code)
}
