//! The headers of a request: those fixed for a client are built once, the rest
//! (signature, timestamp, trace id, action, host, token) per attempt.
//!
//! The fixed map also holds an empty slot for each per-attempt header, so that an
//! attempt clones the map and fills the slots in place ([`PerAttempt::fill`]) instead
//! of hashing five names into it.

use crate::error::BuildError;
use crate::signing::{CONTENT_TYPE, UNSIGNED_PAYLOAD};
use crate::transport::{HeaderMap, HeaderName, HeaderValue};

/// `X-TC-Action`.
pub const ACTION: HeaderName = HeaderName::from_static("x-tc-action");
/// `X-TC-Timestamp`.
pub const TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
/// `X-TC-TraceId`.
pub const TRACE_ID: HeaderName = HeaderName::from_static("x-tc-traceid");
/// `X-TC-Token`.
pub const TOKEN: HeaderName = HeaderName::from_static("x-tc-token");
const VERSION: HeaderName = HeaderName::from_static("x-tc-version");
const LANGUAGE: HeaderName = HeaderName::from_static("x-tc-language");
const REGION: HeaderName = HeaderName::from_static("x-tc-region");
const REQUEST_CLIENT: HeaderName = HeaderName::from_static("x-tc-requestclient");
const CONTENT_SHA256: HeaderName = HeaderName::from_static("x-tc-content-sha256");

/// `X-TC-RequestClient` sent when the builder sets none: the SDK's language and version,
/// in the form Tencent's SDKs use (`SDK_PYTHON_3.0.1000`).
pub const DEFAULT_REQUEST_CLIENT: &str = concat!("SDK_RUST_", env!("CARGO_PKG_VERSION"));
/// `User-Agent` of every request.
pub const USER_AGENT: &str = concat!("tencentcloud-runtime-rust/", env!("CARGO_PKG_VERSION"));

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
        let mut h = HeaderMap::with_capacity(16);
        for name in PER_ATTEMPT {
            h.insert(name, HeaderValue::from_static(""));
        }
        h.insert(
            crate::transport::HeaderName::from_static("content-type"),
            HeaderValue::from_static(CONTENT_TYPE),
        );
        h.insert(
            crate::transport::HeaderName::from_static("user-agent"),
            HeaderValue::from_static(USER_AGENT),
        );
        h.insert(VERSION, value("version", self.version)?);
        h.insert(LANGUAGE, value("language", self.language)?);
        if let Some(region) = self.region {
            h.insert(REGION, value("region", region)?);
        }
        let tag = self.request_client.unwrap_or(DEFAULT_REQUEST_CLIENT);
        h.insert(REQUEST_CLIENT, value("request client", tag)?);
        if self.unsigned_payload {
            h.insert(CONTENT_SHA256, HeaderValue::from_static(UNSIGNED_PAYLOAD));
        }
        Ok(h)
    }
}

/// The headers set per attempt, in the order of [`PerAttempt`]'s members.
const PER_ATTEMPT: [HeaderName; 5] = [
    reqwest::header::AUTHORIZATION,
    reqwest::header::HOST,
    ACTION,
    TIMESTAMP,
    TRACE_ID,
];

/// The values of one attempt's own headers.
pub struct PerAttempt {
    pub authorization: HeaderValue,
    pub host: HeaderValue,
    pub action: HeaderValue,
    pub timestamp: HeaderValue,
    pub trace_id: HeaderValue,
    /// `X-TC-Token`, for temporary credentials only (so not a slot of the fixed map).
    pub token: Option<HeaderValue>,
}

impl PerAttempt {
    /// The headers of an attempt: a copy of `fixed` (from [`Fixed::headers`]) with its
    /// empty slots filled.
    pub fn fill(self, fixed: &HeaderMap) -> HeaderMap {
        let mut headers = fixed.clone();
        let mut values = [
            Some(self.authorization),
            Some(self.host),
            Some(self.action),
            Some(self.timestamp),
            Some(self.trace_id),
        ];
        // The slots come first, in `PER_ATTEMPT` order, as `Fixed::headers` inserted
        // them; each is still checked by name.
        let slots = PER_ATTEMPT;
        for ((name, value), (slot, new)) in headers.iter_mut().zip(slots.iter().zip(&mut values)) {
            if name == slot {
                if let Some(v) = new.take() {
                    *value = v;
                }
            }
        }
        // Only a map not made by `Fixed::headers` lacks a slot; fill it the slow way.
        for (name, value) in PER_ATTEMPT.into_iter().zip(values) {
            if let Some(v) = value {
                headers.insert(name, v);
            }
        }
        if let Some(token) = self.token {
            headers.insert(TOKEN, token);
        }
        headers
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

/// A call's `X-TC-TraceId`: a random UUID (version 4 layout), fresh per call and the
/// same for its retries.
pub struct TraceId {
    text: [u8; 36],
}

impl TraceId {
    /// A fresh random id.
    pub fn new() -> Self {
        let mut bytes = fastrand::u128(..).to_be_bytes();
        bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
        let mut text = [b'-'; 36];
        let mut hex = [0u8; 32];
        // 16 bytes always fit 32 hex digits.
        let _ = hex::encode_to_slice(bytes, &mut hex);
        for (range, at) in [
            (0..8, 0),
            (8..12, 9),
            (12..16, 14),
            (16..20, 19),
            (20..32, 24),
        ] {
            text[at..at + range.len()].copy_from_slice(&hex[range]);
        }
        TraceId { text }
    }

    /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    pub fn as_str(&self) -> &str {
        // Only hex digits and dashes.
        std::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// The id as a header value.
    pub fn header_value(&self) -> HeaderValue {
        HeaderValue::from_bytes(&self.text).unwrap_or_else(|_| HeaderValue::from_static("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn per_attempt(token: Option<&'static str>) -> PerAttempt {
        PerAttempt {
            authorization: HeaderValue::from_static("TC3-HMAC-SHA256 Credential=x"),
            host: HeaderValue::from_static("essbasic.tencentcloudapi.com"),
            action: action_value("DescribeUsage"),
            timestamp: HeaderValue::from(1_700_000_000u64),
            trace_id: HeaderValue::from_static("trace"),
            token: token.map(HeaderValue::from_static),
        }
    }

    fn fixed() -> HeaderMap {
        Fixed {
            version: "2021-05-26",
            language: "zh-CN",
            region: None,
            request_client: None,
            unsigned_payload: false,
        }
        .headers()
        .unwrap()
    }

    #[test]
    fn every_slot_is_filled_and_the_fixed_headers_kept() {
        for token in [None, Some("tok")] {
            let h = per_attempt(token).fill(&fixed());
            assert_eq!(h.len(), 10 + usize::from(token.is_some()));
            assert!(h.values().all(|v| !v.is_empty()), "{h:?}");
            assert_eq!(h["authorization"], "TC3-HMAC-SHA256 Credential=x");
            assert_eq!(h["host"], "essbasic.tencentcloudapi.com");
            assert_eq!(h["x-tc-action"], "DescribeUsage");
            assert_eq!(h["x-tc-timestamp"], "1700000000");
            assert_eq!(h["x-tc-traceid"], "trace");
            assert_eq!(h["x-tc-version"], "2021-05-26");
            assert_eq!(h["content-type"], "application/json");
            assert_eq!(h.get("x-tc-token").map(|v| v.to_str().unwrap()), token);
        }
    }

    #[test]
    fn a_map_without_slots_is_filled_too() {
        let mut bare = fixed();
        for name in PER_ATTEMPT {
            bare.remove(name);
        }
        let h = per_attempt(None).fill(&bare);
        assert_eq!(h, per_attempt(None).fill(&fixed()));
    }

    #[test]
    fn trace_ids_are_fresh_uuid_v4_strings() {
        let a = TraceId::new();
        let b = TraceId::new();
        assert_ne!(a.as_str(), b.as_str());
        let s = a.as_str();
        assert_eq!(s.len(), 36);
        let groups: Vec<&str> = s.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'));
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert!(s.bytes().all(|c| c == b'-' || c.is_ascii_hexdigit()));
        assert_eq!(a.header_value().to_str().unwrap(), s);
    }
}
