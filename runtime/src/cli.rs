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
//! * `TENCENTCLOUD_REGION`: region.
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

use std::future::Future;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::client::{Client, ClientBuilder};
use crate::credentials::DefaultChain;
use crate::error::{DynamicCallError, Error, ErrorCode};
use crate::{Environment, ServiceMeta};

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
         {ENV_REGION}\n",
        name = service.name,
        version = service.version,
        endpoint = endpoint_var(service),
        environment = environment_var(service),
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

/// Applies the process environment (environment, endpoint, region, credentials) to
/// a builder.
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
        DynamicCallError::Call(e) => match e.request_id() {
            Some(id) => format!("error: {e}\nrequest id: {id}"),
            None => format!("error: {e}"),
        },
        other => format!("error: {other}"),
    }
}

/// The whole program with its inputs and outputs passed in (what [`run`] calls with
/// the real process environment). Returns the exit status.
pub async fn run_with<T, C, F, Fut>(
    builder: ClientBuilder<T>,
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
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&request) {
        return fail(
            stderr,
            format!("error: the request is not valid JSON: {e}"),
            EXIT_LOCAL,
        );
    }
    let builder = match configure(builder, &lookup) {
        Ok(b) => b,
        Err(msg) => return fail(stderr, format!("error: {msg}"), EXIT_LOCAL),
    };
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => return fail(stderr, format!("error: {e}"), EXIT_LOCAL),
    };
    match dispatch(client, action, request).await {
        Ok(value) => {
            let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
            if writeln!(stdout, "{text}").is_err() {
                return EXIT_REMOTE;
            }
            EXIT_OK
        }
        Err(e) => fail(stderr, describe(&e), exit_status(&e)),
    }
}

/// Runs the example program with the process arguments, environment and standard
/// streams. See the module docs for configuration and exit codes.
pub async fn run<T, C, F, Fut>(builder: ClientBuilder<T>, dispatch: F) -> ExitCode
where
    T: From<Client>,
    C: ErrorCode,
    F: FnOnce(T, String, String) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, DynamicCallError<C>>>,
{
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let code = run_with(
        builder,
        dispatch,
        args,
        |k| std::env::var(k).ok(),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
    .await;
    ExitCode::from(code)
}
