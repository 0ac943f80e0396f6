//! TC3-HMAC-SHA256 request signing (Tencent Cloud API 3.0).
//!
//! [`sign`] is a pure function of its [`SigningInput`]: it produces the canonical
//! request, the string to sign, the signature, the `Authorization` header and the
//! complete list of headers to send. The body bytes are signed exactly as given.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The only content type the runtime sends (no charset, as the official SDKs do).
pub const CONTENT_TYPE: &str = "application/json";
/// The signature algorithm name.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// Payload placeholder hashed instead of the body when the payload is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const SIGNED_HEADERS: &str = "content-type;host";

/// Everything that goes into one signature.
#[derive(Clone, Copy)]
pub struct SigningInput<'a> {
    /// Service short name (signature scope), e.g. `"essbasic"`.
    pub service: &'a str,
    /// `Host` header value: host name, plus `:port` when not the scheme's default.
    pub host: &'a str,
    /// Action name (`X-TC-Action`).
    pub action: &'a str,
    /// API version (`X-TC-Version`).
    pub version: &'a str,
    /// Region (`X-TC-Region`), sent only when set.
    pub region: Option<&'a str>,
    /// Language (`X-TC-Language`), sent only when set.
    pub language: Option<&'a str>,
    /// Unix time in seconds (`X-TC-Timestamp`); also determines the scope date (UTC).
    pub timestamp: u64,
    /// Secret id.
    pub secret_id: &'a str,
    /// Secret key.
    pub secret_key: &'a str,
    /// Session token of temporary credentials (`X-TC-Token`), sent only when set.
    pub token: Option<&'a str>,
    /// Client tag (`X-TC-RequestClient`), sent only when set.
    pub request_client: Option<&'a str>,
    /// Exact body bytes.
    pub body: &'a [u8],
    /// Sign the literal `UNSIGNED-PAYLOAD` instead of the body and send
    /// `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`.
    pub unsigned_payload: bool,
}

impl fmt::Debug for SigningInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningInput")
            .field("service", &self.service)
            .field("host", &self.host)
            .field("action", &self.action)
            .field("version", &self.version)
            .field("region", &self.region)
            .field("language", &self.language)
            .field("timestamp", &self.timestamp)
            .field("secret_id", &crate::credentials::mask_id(self.secret_id))
            .field("secret_key", &"<redacted>")
            .field("token", &self.token.map(|_| "<redacted>"))
            .field("request_client", &self.request_client)
            .field("body_len", &self.body.len())
            .field("unsigned_payload", &self.unsigned_payload)
            .finish()
    }
}

/// Result of [`sign`].
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// Scope date, `YYYY-MM-DD` (UTC date of the timestamp).
    pub date: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// All headers to send, `Authorization` and `Host` included, in a fixed order.
    pub headers: Vec<(&'static str, String)>,
}

impl SignedRequest {
    /// The value of a header by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                if *n == "X-TC-Token" {
                    (*n, "<redacted>")
                } else {
                    (*n, v.as_str())
                }
            })
            .collect();
        f.debug_struct("SignedRequest")
            .field("date", &self.date)
            .field("canonical_request", &self.canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .field("headers", &headers)
            .finish()
    }
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Signs one request.
pub fn sign(input: &SigningInput<'_>) -> SignedRequest {
    let date = utc_date_string(input.timestamp);
    let payload_hash = if input.unsigned_payload {
        sha256_hex(UNSIGNED_PAYLOAD.as_bytes())
    } else {
        sha256_hex(input.body)
    };
    let canonical_request = format!(
        "POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:{}\n\n{SIGNED_HEADERS}\n{payload_hash}",
        input.host
    );
    let scope = format!("{date}/{}/tc3_request", input.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{scope}\n{}",
        input.timestamp,
        sha256_hex(canonical_request.as_bytes())
    );
    let mut key = Vec::with_capacity(3 + input.secret_key.len());
    key.extend_from_slice(b"TC3");
    key.extend_from_slice(input.secret_key.as_bytes());
    let k_date = hmac(&key, date.as_bytes());
    let k_service = hmac(&k_date, input.service.as_bytes());
    let k_signing = hmac(&k_service, b"tc3_request");
    let signature = hex::encode(hmac(&k_signing, string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={SIGNED_HEADERS}, Signature={signature}",
        input.secret_id
    );

    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(11);
    headers.push(("Authorization", authorization.clone()));
    headers.push(("Content-Type", CONTENT_TYPE.to_owned()));
    headers.push(("Host", input.host.to_owned()));
    headers.push(("X-TC-Action", input.action.to_owned()));
    if input.unsigned_payload {
        headers.push(("X-TC-Content-SHA256", UNSIGNED_PAYLOAD.to_owned()));
    }
    if let Some(language) = input.language {
        headers.push(("X-TC-Language", language.to_owned()));
    }
    if let Some(region) = input.region {
        headers.push(("X-TC-Region", region.to_owned()));
    }
    if let Some(client) = input.request_client {
        headers.push(("X-TC-RequestClient", client.to_owned()));
    }
    headers.push(("X-TC-Timestamp", input.timestamp.to_string()));
    if let Some(token) = input.token {
        headers.push(("X-TC-Token", token.to_owned()));
    }
    headers.push(("X-TC-Version", input.version.to_owned()));

    SignedRequest {
        date,
        canonical_request,
        string_to_sign,
        signature,
        authorization,
        headers,
    }
}

/// Civil (proleptic Gregorian) date `(year, month, day)` of a count of days since
/// 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift the epoch to 0000-03-01 so that leap days end each 400-year era's years.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365, from March 1st
    let mp = (5 * doy + 2) / 153; // month index from March, 0..=11
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DD`, the UTC date of a unix timestamp in seconds.
pub fn utc_date_string(timestamp: u64) -> String {
    let (y, m, d) = civil_from_days((timestamp / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_boundaries() {
        assert_eq!(utc_date_string(0), "1970-01-01");
        assert_eq!(utc_date_string(86_399), "1970-01-01");
        assert_eq!(utc_date_string(86_400), "1970-01-02");
        assert_eq!(utc_date_string(951_782_399), "2000-02-28");
        assert_eq!(utc_date_string(951_782_400), "2000-02-29");
        assert_eq!(utc_date_string(951_868_800), "2000-03-01");
        assert_eq!(utc_date_string(4_107_542_399), "2100-02-28");
        assert_eq!(utc_date_string(4_107_542_400), "2100-03-01");
        assert_eq!(utc_date_string(1_704_067_199), "2023-12-31");
        assert_eq!(utc_date_string(1_704_067_200), "2024-01-01");
        assert_eq!(utc_date_string(1_709_164_800), "2024-02-29");
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    /// Cross-check against a naive day-by-day walk over 1970..2200.
    #[test]
    fn date_matches_naive_walk() {
        let (mut y, mut m, mut d) = (1970i64, 1u32, 1u32);
        for days in 0..(230 * 366) {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let len = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                _ if leap => 29,
                _ => 28,
            };
            d += 1;
            if d > len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn optional_headers_only_when_set() {
        let input = SigningInput {
            service: "svc",
            host: "h",
            action: "A",
            version: "v",
            region: None,
            language: None,
            timestamp: 1,
            secret_id: "id",
            secret_key: "SEKRIT-KEY",
            token: None,
            request_client: None,
            body: b"{}",
            unsigned_payload: false,
        };
        let s = sign(&input);
        let names: Vec<&str> = s.headers.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "Authorization",
                "Content-Type",
                "Host",
                "X-TC-Action",
                "X-TC-Timestamp",
                "X-TC-Version"
            ]
        );
        let s2 = sign(&SigningInput {
            request_client: Some("rt/1"),
            token: Some("tok"),
            ..input
        });
        assert_eq!(s2.header("x-tc-requestclient"), Some("rt/1"));
        assert_eq!(s2.signature, s.signature, "optional headers are not signed");
        assert!(!format!("{s2:?}").contains("tok"));
        assert!(!format!("{input:?}").contains("SEKRIT"));
    }
}
