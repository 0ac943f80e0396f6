//! The service's answer to a call: a raw HTTP response classified and decoded
//! (success, API error, or a body that is no API answer). Serde helpers for
//! the members of typed responses are in [`crate::de`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::de::lenient;
use crate::error::{kept_body, snippet, ApiError, Error, ErrorCode, InvalidBodyReason};

/// Decodes the raw HTTP answer of a Tencent Cloud API 3.0 call.
///
/// * HTTP 200 with `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` gives
///   [`Error::Api`];
/// * HTTP 200 with `{"Response": {...fields..., "RequestId"}}` gives `Ok(T)`, `T` being
///   deserialized from the inner `Response` object. Members that do not have their
///   documented type are decoded leniently by generated types (see
///   [`crate::de::lenient`]): each one converted or left unset is reported as a
///   `tracing` warning naming the member's path and the request id;
/// * any other status gives [`Error::HttpStatus`] with a short snippet of the body,
///   and a 200 body that cannot be decoded [`Error::InvalidResponse`] with the whole
///   body (up to [`crate::MAX_KEPT_BODY`] bytes) and the path of the member
///   where decoding failed.
///
/// It never panics. A `DeprecatedWarning` in `Response` is logged with `tracing::warn!`.
/// [`Client`](crate::Client) calls decode through the same code, with the action's
/// name in the warnings.
pub fn decode_response<T: DeserializeOwned + Serialize, C: ErrorCode>(
    status: u16,
    body: &[u8],
) -> Result<T, Error<C>> {
    decode_with_request_id("", status, body).map(|(t, _)| t)
}

/// [`decode_response`] for `action`, also returning the request id of a successful
/// answer.
pub(crate) fn decode_with_request_id<T: DeserializeOwned + Serialize, C: ErrorCode>(
    action: &str,
    status: u16,
    body: &[u8],
) -> Result<(T, Option<String>), Error<C>> {
    if status == 200 {
        if let Some(decoded) = decode_success(action, body) {
            return Ok(decoded);
        }
    }
    decode_thoroughly(action, status, body)
}

/// `{"Response": ...}` with the inner object kept as raw text.
#[derive(Deserialize)]
struct Outer<'a> {
    #[serde(rename = "Response", borrow)]
    response: &'a RawValue,
}

/// The members of `Response` the runtime itself looks at, kept raw (so that any JSON
/// type is accepted here and judged later).
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "Error", borrow)]
    error: Option<&'a RawValue>,
    #[serde(rename = "RequestId", borrow)]
    request_id: Option<&'a RawValue>,
    #[serde(rename = "DeprecatedWarning", borrow)]
    deprecated_warning: Option<&'a RawValue>,
}

/// The common case, without building a JSON tree: a well-formed success envelope
/// decoded straight into `T`. `None` for anything else (an error envelope, a
/// malformed or surprising body, a shape `T` rejects), which
/// [`decode_thoroughly`] then classifies.
fn decode_success<T: DeserializeOwned + Serialize>(
    action: &str,
    body: &[u8],
) -> Option<(T, Option<String>)> {
    let outer: Outer<'_> = serde_json::from_slice(body).ok()?;
    let raw = outer.response.get();
    if !raw.starts_with('{') {
        return None;
    }
    let head: Head<'_> = serde_json::from_str(raw).ok()?;
    // Error envelopes and deprecation warnings (removed before decoding) are rare:
    // the thorough path handles them.
    if head.error.is_some_and(|e| e.get() != "null") || head.deprecated_warning.is_some() {
        return None;
    }
    // A success without a string `RequestId` is no valid answer: the thorough path
    // reports it.
    let request_id = head
        .request_id
        .and_then(|r| serde_json::from_str::<String>(r.get()).ok())
        .filter(|id| !id.is_empty())?;
    let request_id = Some(request_id);
    let drifted = lenient::drift_count();
    let t = serde_json::from_str::<T>(raw).ok()?;
    if lenient::drift_count() != drifted {
        if let Ok(received) = serde_json::from_str::<Value>(raw) {
            warn_drifts(action, request_id.as_deref(), &received, &t);
        }
    }
    Some((t, request_id))
}

/// Top-level members of `Response` the runtime handles itself.
const ENVELOPE_MEMBERS: [&str; 3] = ["RequestId", "Error", "DeprecatedWarning"];

/// At most this many drift warnings per answer; the rest are counted in one more.
const MAX_DRIFT_WARNINGS: usize = 20;

/// One `tracing` warning per member that was converted or left unset.
fn warn_drifts<T: Serialize>(action: &str, request_id: Option<&str>, received: &Value, t: &T) {
    let Ok(decoded) = serde_json::to_value(t) else {
        return;
    };
    let drifts = lenient::drifts(received, &decoded, &ENVELOPE_MEMBERS);
    let request_id = request_id.unwrap_or("");
    for drift in drifts.iter().take(MAX_DRIFT_WARNINGS) {
        let decoded = drift.decoded.as_deref().unwrap_or("nothing (left unset)");
        tracing::warn!(
            action,
            request_id,
            member = %drift.path,
            received = %drift.received,
            decoded = %decoded,
            "response member {} of {} does not have its documented type: received {}, decoded as {}",
            drift.path,
            if action.is_empty() { "the answer" } else { action },
            drift.received,
            decoded,
        );
    }
    if drifts.len() > MAX_DRIFT_WARNINGS {
        tracing::warn!(
            action,
            request_id,
            more = drifts.len() - MAX_DRIFT_WARNINGS,
            "{} more response members do not have their documented type",
            drifts.len() - MAX_DRIFT_WARNINGS
        );
    }
}

fn warn_deprecated(request_id: Option<&str>, warning: &Value) {
    tracing::warn!(
        request_id = request_id.unwrap_or(""),
        warning = %warning,
        "the server reports use of a deprecated API feature"
    );
}

/// Every answer, classified precisely, through a JSON tree.
fn decode_thoroughly<T: DeserializeOwned + Serialize, C: ErrorCode>(
    action: &str,
    status: u16,
    body: &[u8],
) -> Result<(T, Option<String>), Error<C>> {
    if status != 200 {
        let request_id = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| request_id_of(v.get("Response")?.as_object()?));
        return Err(Error::HttpStatus {
            status,
            snippet: snippet(body),
            request_id,
            trace_id: None,
        });
    }
    let invalid = |reason, path: Option<String>, request_id| Error::InvalidResponse {
        status,
        reason,
        path: path.map(String::into_boxed_str),
        body: kept_body(body),
        request_id,
        trace_id: None,
    };
    let trimmed = body.trim_ascii_start();
    if trimmed.trim_ascii_end().is_empty() {
        return Err(invalid(InvalidBodyReason::Empty, None, None));
    }
    if trimmed.first() == Some(&b'<') {
        return Err(invalid(InvalidBodyReason::Html, None, None));
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) if e.is_eof() => {
            return Err(invalid(
                InvalidBodyReason::Truncated(e.to_string()),
                syntax_error_path(body),
                None,
            ))
        }
        Err(e) => {
            return Err(invalid(
                InvalidBodyReason::Malformed(e.to_string()),
                syntax_error_path(body),
                None,
            ))
        }
    };
    let Value::Object(mut outer) = value else {
        return Err(invalid(InvalidBodyReason::MissingResponse, None, None));
    };
    let Some(Value::Object(mut response)) = outer.remove("Response") else {
        return Err(invalid(
            InvalidBodyReason::MissingResponse,
            Some(String::from("Response")),
            None,
        ));
    };
    let request_id = request_id_of(&response);
    if let Some(error) = response.get("Error").filter(|e| !e.is_null()) {
        let Some(code) = error.get("Code").and_then(Value::as_str) else {
            return Err(invalid(
                InvalidBodyReason::BadErrorEnvelope,
                Some(String::from("Response.Error.Code")),
                request_id,
            ));
        };
        let message = error
            .get("Message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(Error::Api(ApiError {
            code: C::from_wire(code),
            message: message.to_owned(),
            request_id: request_id.unwrap_or_default(),
            trace_id: None,
        }));
    }
    if request_id.as_deref().is_none_or(str::is_empty) {
        return Err(invalid(
            InvalidBodyReason::MissingRequestId,
            Some(String::from("Response.RequestId")),
            None,
        ));
    }
    if let Some(warning) = response.remove("DeprecatedWarning") {
        warn_deprecated(request_id.as_deref(), &warning);
    }
    let response = Value::Object(response);
    let drifted = lenient::drift_count();
    match T::deserialize(&response) {
        Ok(t) => {
            if lenient::drift_count() != drifted {
                warn_drifts(action, request_id.as_deref(), &response, &t);
            }
            Ok((t, request_id))
        }
        Err(e) => {
            // Again, to learn where it failed (rare, so not paid on every answer).
            let path = match serde_path_to_error::deserialize::<_, T>(&response) {
                Err(tracked) => Some(member_path("Response", &tracked.path().to_string())),
                Ok(_) => None,
            };
            Err(invalid(
                InvalidBodyReason::UnexpectedShape(e.to_string()),
                path,
                request_id,
            ))
        }
    }
}

/// `Response.FlowIds[1]` from a parent and serde_path_to_error's text (`.` for the
/// root, `FlowIds[1]` below it).
fn member_path(parent: &str, inner: &str) -> String {
    match inner {
        "" | "." => parent.to_owned(),
        inner if parent.is_empty() => inner.to_owned(),
        inner => format!("{parent}.{inner}"),
    }
}

/// Where in the body JSON parsing stopped, as a member path (`Response.FlowIds[2]`).
fn syntax_error_path(body: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, Value>(&mut de) {
        Err(tracked) => {
            let path = member_path("", &tracked.path().to_string());
            (!path.is_empty()).then_some(path)
        }
        Ok(_) => None,
    }
}

/// The `RequestId` of a `Response` object, when it is a string.
fn request_id_of(response: &serde_json::Map<String, Value>) -> Option<String> {
    response.get("RequestId")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Resp {
        operate_url: Option<String>,
        request_id: String,
    }

    fn dec(status: u16, body: &str) -> Result<Resp, Error> {
        decode_response(status, body.as_bytes())
    }

    fn reason(r: Result<Resp, Error>) -> InvalidBodyReason {
        match r {
            Err(Error::InvalidResponse {
                reason,
                status: 200,
                ..
            }) => reason,
            other => panic!("expected InvalidResponse, got {other:?}"),
        }
    }

    #[test]
    fn success() {
        let r = dec(200, r#"{"Response":{"OperateUrl":"u","RequestId":"r1"}}"#).unwrap();
        assert_eq!(
            r,
            Resp {
                operate_url: Some("u".into()),
                request_id: "r1".into()
            }
        );
        let r = dec(
            200,
            r#"{"Response":{"RequestId":"r1","DeprecatedWarning":"x"}}"#,
        )
        .unwrap();
        assert_eq!(r.operate_url, None);
    }

    #[test]
    fn null_error_and_null_request_id_still_decode() {
        let r = dec(
            200,
            r#"{"Response":{"Error":null,"OperateUrl":"u","RequestId":"r1"}}"#,
        )
        .unwrap();
        assert_eq!(r.operate_url.as_deref(), Some("u"));
    }

    #[test]
    fn error_envelope() {
        let e = dec(200, r#"{"Response":{"Error":{"Code":"InvalidParameter.ParamError","Message":"m"},"RequestId":"r2"}}"#)
            .unwrap_err();
        match e {
            Error::Api(a) => {
                assert_eq!(a.code, "InvalidParameter.ParamError");
                assert_eq!(a.message, "m");
                assert_eq!(a.request_id, "r2");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            reason(dec(
                200,
                r#"{"Response":{"Error":{"Message":"m"},"RequestId":"r2"}}"#
            )),
            InvalidBodyReason::BadErrorEnvelope
        );
    }

    #[test]
    fn bad_bodies() {
        assert_eq!(reason(dec(200, "")), InvalidBodyReason::Empty);
        assert_eq!(reason(dec(200, " \r\n")), InvalidBodyReason::Empty);
        assert_eq!(
            reason(dec(200, "<html><body>502</body></html>")),
            InvalidBodyReason::Html
        );
        assert!(matches!(
            reason(dec(200, r#"{"Response":{"Req"#)),
            InvalidBodyReason::Truncated(_)
        ));
        assert!(matches!(
            reason(dec(200, "nonsense")),
            InvalidBodyReason::Malformed(_)
        ));
        assert_eq!(reason(dec(200, "[]")), InvalidBodyReason::MissingResponse);
        assert_eq!(reason(dec(200, "{}")), InvalidBodyReason::MissingResponse);
        assert_eq!(
            reason(dec(200, r#"{"Response":"x"}"#)),
            InvalidBodyReason::MissingResponse
        );
        assert!(matches!(
            reason(dec(200, r#"{"Response":{"OperateUrl":5,"RequestId":"r"}}"#)),
            InvalidBodyReason::UnexpectedShape(_)
        ));
    }

    /// The tree-free path and the thorough one agree wherever the fast one answers.
    #[test]
    fn fast_and_thorough_paths_agree() {
        let bodies = [
            r#"{"Response":{"OperateUrl":"u","RequestId":"r1"}}"#,
            r#"{"Response":{"RequestId":"r2","OperateUrl":null,"Extra":[1,{"a":"\u00e9"}]}}"#,
            r#" {"Other":1,"Response":{"RequestId":"r3","Error":null}} "#,
            r#"{"Response":{"RequestId":5}}"#,
            r#"{"Response":{"RequestId":"r4","RequestId":"r5"}}"#,
            r#"{"Response":{"Error":{"Code":"X","Message":"m"},"RequestId":"r6"}}"#,
            r#"{"Response":{"DeprecatedWarning":"w","RequestId":"r7"}}"#,
            r#"{"Response":[]}"#,
        ];
        for body in bodies {
            let thorough =
                decode_thoroughly::<serde_json::Value, String>("A", 200, body.as_bytes()).ok();
            if let Some(fast) = decode_success::<serde_json::Value>("A", body.as_bytes()) {
                assert_eq!(Some(fast), thorough, "{body}");
            }
            let full =
                decode_with_request_id::<serde_json::Value, String>("A", 200, body.as_bytes());
            assert_eq!(full.ok(), thorough, "{body}");
        }
    }

    #[test]
    fn non_200() {
        match dec(503, "<html>busy</html>").unwrap_err() {
            Error::HttpStatus {
                status: 503,
                snippet,
                request_id: None,
                trace_id: None,
            } => assert_eq!(snippet, "<html>busy</html>"),
            other => panic!("{other:?}"),
        }
        match dec(500, r#"{"Response":{"RequestId":"r9"}}"#).unwrap_err() {
            Error::HttpStatus {
                status: 500,
                request_id,
                ..
            } => assert_eq!(request_id.as_deref(), Some("r9")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn never_panics_on_prefixes_and_noise() {
        let full = r#"{"Response":{"Error":{"Code":"A.B","Message":"签名失败"},"RequestId":"r"}}"#
            .as_bytes();
        for n in 0..full.len() {
            let _ = decode_response::<Resp, String>(200, &full[..n]);
            let _ = decode_response::<serde_json::Value, String>(200, &full[..n]);
            let _ = decode_response::<Resp, String>(502, &full[..n]);
        }
        let mut state = 0x2545F4914F6CDD1Du64;
        for len in 0..400 {
            let body: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state & 0xff) as u8
                })
                .collect();
            let _ = decode_response::<Resp, String>(200, &body);
        }
    }
}
