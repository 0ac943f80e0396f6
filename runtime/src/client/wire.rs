//! The headers of a request: those fixed for a client are built once, the rest
//! (signature, timestamp, token, action, host) per attempt.

use crate::error::BuildError;
use crate::signing::{CONTENT_TYPE, UNSIGNED_PAYLOAD};
use crate::transport::{HeaderMap, HeaderName, HeaderValue};

/// `X-TC-Action`.
pub const ACTION: HeaderName = HeaderName::from_static("x-tc-action");
/// `X-TC-Timestamp`.
pub const TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
/// `X-TC-Token`.
pub const TOKEN: HeaderName = HeaderName::from_static("x-tc-token");
const VERSION: HeaderName = HeaderName::from_static("x-tc-version");
const LANGUAGE: HeaderName = HeaderName::from_static("x-tc-language");
const REGION: HeaderName = HeaderName::from_static("x-tc-region");
const REQUEST_CLIENT: HeaderName = HeaderName::from_static("x-tc-requestclient");
const CONTENT_SHA256: HeaderName = HeaderName::from_static("x-tc-content-sha256");

/// What every request of one client carries, whatever the action.
pub struct Fixed<'a> {
    pub version: &'a str,
    pub language: &'a str,
    pub region: Option<&'a str>,
    pub request_client: Option<&'a str>,
    pub unsigned_payload: bool,
}

impl Fixed<'_> {
    /// The header map every attempt starts from (cloned per attempt, never re-parsed).
    pub fn headers(&self) -> Result<HeaderMap, BuildError> {
        let value = |what: &'static str, v: &str| {
            HeaderValue::from_str(v).map_err(|_| BuildError::InvalidSetting {
                what,
                reason: "must be printable ASCII".into(),
            })
        };
        let mut h = HeaderMap::with_capacity(12);
        h.insert(
            crate::transport::HeaderName::from_static("content-type"),
            HeaderValue::from_static(CONTENT_TYPE),
        );
        h.insert(VERSION, value("version", self.version)?);
        h.insert(LANGUAGE, value("language", self.language)?);
        if let Some(region) = self.region {
            h.insert(REGION, value("region", region)?);
        }
        if let Some(tag) = self.request_client {
            h.insert(REQUEST_CLIENT, value("request client", tag)?);
        }
        if self.unsigned_payload {
            h.insert(CONTENT_SHA256, HeaderValue::from_static(UNSIGNED_PAYLOAD));
        }
        Ok(h)
    }
}

/// The `X-TC-Action` value of an action name, without copying it.
///
/// # Panics
///
/// When the name holds characters a header cannot carry: action names are
/// identifiers, so this is a bug in the (generated) [`crate::ActionMeta`].
pub fn action_value(name: &'static str) -> HeaderValue {
    HeaderValue::from_static(name)
}
