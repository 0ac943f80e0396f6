//! Error types shared by every generated service crate.

use std::fmt;

pub(crate) use crate::boxed::BoxError;
use crate::credentials::CredentialsError;

/// A service error code, as found in `Response.Error.Code`.
///
/// Generated crates implement it for their own code enum (with a fallback variant
/// for codes they do not know); `String` implements it for untyped use.
pub trait ErrorCode: Clone + fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// Maps a wire code such as `"InvalidParameter.ParamError"`. Never fails: unknown
    /// codes must be kept.
    fn from_wire(code: &str) -> Self;
    /// The dotted wire code.
    fn as_wire(&self) -> &str;
    /// Whether resending the same request is safe and may succeed. Implementations
    /// should answer at least [`crate::is_retryable_code`] (the rate-limit codes).
    fn is_retryable(&self) -> bool;
}

impl ErrorCode for String {
    fn from_wire(code: &str) -> Self {
        code.to_owned()
    }
    fn as_wire(&self) -> &str {
        self
    }
    fn is_retryable(&self) -> bool {
        crate::retry::is_retryable_code(self)
    }
}

/// An error envelope returned by the service (`{"Response": {"Error": ...}}`).
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct ApiError<C> {
    /// The error code.
    pub code: C,
    /// The human readable message sent by the server.
    pub message: String,
    /// The request id assigned by the server.
    pub request_id: String,
    /// The `X-TC-TraceId` this client sent with the call, when known.
    pub trace_id: Option<String>,
}

impl<C> ApiError<C> {
    /// Creates an API error (useful for tests and mock transports).
    pub fn new(code: C, message: impl Into<String>, request_id: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            request_id: request_id.into(),
            trace_id: None,
        }
    }
}

impl<C: fmt::Display> fmt::Display for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (request id {})",
            self.code, self.message, self.request_id
        )
    }
}

impl<C: fmt::Debug + fmt::Display> std::error::Error for ApiError<C> {}

/// Why a response body could not be decoded.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidBodyReason {
    /// The body was empty (or only whitespace).
    Empty,
    /// The body looks like an HTML page (typically from a gateway or proxy).
    Html,
    /// The JSON ended early.
    Truncated(String),
    /// The body is not valid JSON.
    Malformed(String),
    /// Valid JSON without a `Response` object.
    MissingResponse,
    /// `Response.Error` exists but has no string `Code`.
    BadErrorEnvelope,
    /// A success answer without a (non-empty) string `Response.RequestId`, which every
    /// answer of the API carries.
    MissingRequestId,
    /// The `Response` object does not match the expected response type.
    UnexpectedShape(String),
}

impl fmt::Display for InvalidBodyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidBodyReason::Empty => f.write_str("empty body"),
            InvalidBodyReason::Html => f.write_str("HTML instead of JSON"),
            InvalidBodyReason::Truncated(e) => write!(f, "truncated JSON ({e})"),
            InvalidBodyReason::Malformed(e) => write!(f, "malformed JSON ({e})"),
            InvalidBodyReason::MissingResponse => f.write_str("no \"Response\" object"),
            InvalidBodyReason::BadErrorEnvelope => {
                f.write_str("error envelope without a string Code")
            }
            InvalidBodyReason::MissingRequestId => {
                f.write_str("success answer without a string RequestId")
            }
            InvalidBodyReason::UnexpectedShape(e) => write!(f, "unexpected response shape: {e}"),
        }
    }
}

/// Every way a call can fail.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error<C: ErrorCode = String> {
    /// The server answered with an error envelope.
    #[error("{0}")]
    Api(ApiError<C>),
    /// The server (or a gateway) answered with a status other than 200.
    #[error("HTTP status {status}{}{}: {snippet}", fmt_id("request id", .request_id), fmt_id("trace id", .trace_id))]
    HttpStatus {
        /// HTTP status code.
        status: u16,
        /// Start of the body (at most a few hundred bytes, cut at a character boundary).
        snippet: String,
        /// Request id, when the body carried one.
        request_id: Option<String>,
        /// The `X-TC-TraceId` this client sent, when known.
        trace_id: Option<String>,
    },
    /// HTTP 200 with a body that cannot be decoded. **The service answered, so it may
    /// have carried out the action**: never resend a non-idempotent action blindly on
    /// this error; look at its state first (its [`request_id`](Error::request_id) and
    /// [`trace_id`](Error::trace_id) identify the call).
    ///
    /// Members of an unexpected type do not cause it (they are decoded leniently,
    /// see [`crate::de::lenient`]); a body that is not JSON, a missing `Response`
    /// object or an error envelope without a code do.
    #[error(
        "the service answered (HTTP {status}) but its answer could not be decoded ({reason}{}); \
         the action may have been carried out, so check before sending it again{}{}: {}",
        fmt_path(.path), fmt_id("request id", .request_id), fmt_id("trace id", .trace_id), snippet(.body.as_bytes())
    )]
    InvalidResponse {
        /// HTTP status code.
        status: u16,
        /// What is wrong with the body.
        reason: InvalidBodyReason,
        /// Where decoding stopped, as a member path from the top of the body
        /// (`Response.FlowIds[2]`), when it could be told.
        path: Option<Box<str>>,
        /// The whole body as received (invalid UTF-8 replaced), cut after
        /// [`MAX_KEPT_BODY`] bytes with `…` appended.
        body: Box<str>,
        /// Request id, when one could be read.
        request_id: Option<String>,
        /// The `X-TC-TraceId` this client sent, when known.
        trace_id: Option<String>,
    },
    /// No complete answer arrived in time. The request may have reached the server and
    /// may have been executed, so it is never resent automatically.
    #[error("request timed out; it may have reached the server{}", fmt_id("trace id", .trace_id))]
    Timeout {
        /// The `X-TC-TraceId` this client sent, when known.
        trace_id: Option<String>,
    },
    /// The connection could not be established; the request surely did not reach the server.
    #[error("could not connect: {0}")]
    Connect(#[source] BoxError),
    /// Another transport failure (e.g. connection reset after sending); the request may
    /// have reached the server.
    #[error("transport error{}: {source}", fmt_id("trace id", .trace_id))]
    Transport {
        /// The cause.
        source: BoxError,
        /// The `X-TC-TraceId` this client sent, when known.
        trace_id: Option<String>,
    },
    /// Credentials could not be obtained.
    #[error("credentials: {0}")]
    Credentials(#[from] CredentialsError),
    /// The request could not be serialized to JSON.
    #[error("could not serialize the request: {0}")]
    Serialize(#[source] serde_json::Error),
    /// The serialized request exceeds the service's size limit.
    #[error("request body of {size} bytes exceeds the limit of {limit} bytes")]
    RequestTooLarge {
        /// Size of the serialized body.
        size: usize,
        /// The limit.
        limit: usize,
    },
}

fn fmt_path(path: &Option<Box<str>>) -> String {
    match path {
        Some(path) => format!(" at {path}"),
        None => String::new(),
    }
}

fn fmt_id(what: &str, id: &Option<String>) -> String {
    match id {
        Some(id) => format!(" ({what} {id})"),
        None => String::new(),
    }
}

impl<C: ErrorCode> Error<C> {
    /// The service error code, for [`Error::Api`].
    pub fn code(&self) -> Option<&C> {
        match self {
            Error::Api(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The request id assigned by the server, when one is known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(&e.request_id),
            Error::HttpStatus { request_id, .. } | Error::InvalidResponse { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The `X-TC-TraceId` the client sent with the call, for errors that may involve the
    /// server (API errors, bad answers, timeouts, transport failures): quote it, with
    /// the request id, when asking Tencent about a call.
    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.trace_id.as_deref(),
            Error::HttpStatus { trace_id, .. }
            | Error::InvalidResponse { trace_id, .. }
            | Error::Timeout { trace_id }
            | Error::Transport { trace_id, .. } => trace_id.as_deref(),
            _ => None,
        }
    }

    /// Sets the trace id of the errors that carry one.
    pub(crate) fn with_trace_id(mut self, id: &str) -> Self {
        match &mut self {
            Error::Api(ApiError { trace_id, .. })
            | Error::HttpStatus { trace_id, .. }
            | Error::InvalidResponse { trace_id, .. }
            | Error::Timeout { trace_id }
            | Error::Transport { trace_id, .. } => *trace_id = Some(id.to_owned()),
            _ => {}
        }
        self
    }

    /// Whether resending the request is safe: a retryable error code, or a connection
    /// that was never established. Timeouts and other transport errors are not.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.code.is_retryable(),
            Error::Connect(_) => true,
            _ => false,
        }
    }
}

/// Why [`crate::ClientBuilder::build`] failed.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The endpoint is neither a host name nor an `http(s)://` URL.
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong.
        reason: String,
    },
    /// A configured header value (region, request client) contains invalid characters.
    #[error("invalid {what}: {reason}")]
    InvalidSetting {
        /// The setting.
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The HTTP client could not be created (e.g. invalid proxy URL).
    #[error("could not create the HTTP client: {0}")]
    Http(#[source] BoxError),
}

/// Error of [`crate::Client::call_json`], used by dynamic callers such as the example program.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum DynamicCallError<C: ErrorCode = String> {
    /// No action with this name exists in the service.
    #[error("unknown action {0:?}")]
    UnknownAction(String),
    /// The request JSON does not match the action's request type.
    #[error("invalid request JSON: {0}")]
    InvalidRequest(#[source] serde_json::Error),
    /// The call failed.
    #[error(transparent)]
    Call(#[from] Error<C>),
    /// The typed response could not be turned back into JSON.
    #[error("could not encode the response as JSON: {0}")]
    EncodeResponse(#[source] serde_json::Error),
}

/// Largest part of an undecodable body kept in [`Error::InvalidResponse`]: 1 MiB.
pub const MAX_KEPT_BODY: usize = 1024 * 1024;

/// The body kept in [`Error::InvalidResponse`]: all of it up to [`MAX_KEPT_BODY`] bytes.
pub(crate) fn kept_body(body: &[u8]) -> Box<str> {
    prefix_text(body, MAX_KEPT_BODY).into_boxed_str()
}

/// Start of a body for error messages: at most 256 bytes, cut at a UTF-8 character
/// boundary, with `…` appended when something was cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    prefix_text(body, 256)
}

/// The first `limit` bytes of `body` as text (whole characters only), with `…`
/// when cut.
pub(crate) fn prefix_text(body: &[u8], limit: usize) -> String {
    let cut = body.len() > limit;
    let prefix = &body[..body.len().min(limit)];
    let mut s = match std::str::from_utf8(prefix) {
        Ok(s) => s.to_owned(),
        // The cut split a multi-byte character: drop its first bytes.
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&prefix[..e.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(prefix).into_owned(),
    };
    if cut {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_codes() {
        let c = String::from_wire("RequestLimitExceeded.UinLimitExceeded");
        assert!(c.is_retryable());
        assert_eq!(c.as_wire(), "RequestLimitExceeded.UinLimitExceeded");
        assert!(String::from_wire("RequestLimitExceeded").is_retryable());
        assert!(!String::from_wire("LimitExceeded").is_retryable());
        assert!(!String::from_wire("InternalError").is_retryable());
    }

    #[test]
    fn api_error_display_and_accessors() {
        let e: Error = Error::Api(ApiError::new(
            "InvalidParameter.ParamError".into(),
            "bad",
            "rid-1",
        ));
        assert_eq!(
            e.to_string(),
            "InvalidParameter.ParamError: bad (request id rid-1)"
        );
        assert_eq!(
            e.code().map(String::as_str),
            Some("InvalidParameter.ParamError")
        );
        assert_eq!(e.request_id(), Some("rid-1"));
        assert!(!e.is_retryable());
        let t: Error = Error::Timeout { trace_id: None };
        assert!(!t.is_retryable() && t.code().is_none() && t.request_id().is_none());
        let c: Error = Error::Connect("refused".into());
        assert!(c.is_retryable());
        let tr: Error = Error::Transport {
            source: "reset".into(),
            trace_id: None,
        };
        assert!(!tr.is_retryable());
        let h: Error = Error::HttpStatus {
            status: 503,
            snippet: "x".into(),
            request_id: Some("r".into()),
            trace_id: None,
        };
        assert_eq!(h.to_string(), "HTTP status 503 (request id r): x");
        let h = h.with_trace_id("t-1");
        assert_eq!(
            h.to_string(),
            "HTTP status 503 (request id r) (trace id t-1): x"
        );
        assert_eq!(h.trace_id(), Some("t-1"));
        assert_eq!(
            tr.with_trace_id("t-2").to_string(),
            "transport error (trace id t-2): reset"
        );
        assert_eq!(h.request_id(), Some("r"));
    }

    #[test]
    fn snippet_cuts_on_char_boundary() {
        assert_eq!(snippet(b"short"), "short");
        // 255 ASCII bytes then a 3-byte character straddling the 256-byte cut.
        let mut body = vec![b'a'; 255];
        body.extend_from_slice("签名".as_bytes());
        let s = snippet(&body);
        assert_eq!(s, format!("{}…", "a".repeat(255)));
        // Character ending exactly at the cut is kept.
        let mut body = vec![b'a'; 253];
        body.extend_from_slice("签x".as_bytes());
        assert_eq!(snippet(&body), format!("{}签…", "a".repeat(253)));
        // Invalid UTF-8 in the middle never panics.
        let s = snippet(&[0xff, 0xfe, b'a']);
        assert!(s.ends_with('a'));
        for n in 0..600 {
            let body: Vec<u8> = "é签🙂".bytes().cycle().take(n).collect();
            let _ = snippet(&body);
        }
    }
}
