//! TC3-HMAC-SHA256 request signing (Tencent Cloud API 3.0).
//!
//! [`sign`] is a pure function of its [`SigningInput`]: it produces the canonical
//! request, the string to sign, the signature, the `Authorization` header and the
//! complete list of headers to send. The body bytes are signed exactly as given.
//!
//! [`Signer`] is the client's hot path: the same signature, computed without building
//! the intermediate strings, with the derived signing key cached per secret key and
//! UTC day. Both are checked against the official vectors.

use std::fmt;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The only content type the runtime sends (no charset, as the official SDKs do).
pub const CONTENT_TYPE: &str = "application/json";
/// The signature algorithm name.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// Payload placeholder hashed instead of the body when the payload is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Hex SHA-256 of [`UNSIGNED_PAYLOAD`], the payload hash of every unsigned request.
const UNSIGNED_PAYLOAD_HASH: &[u8; 64] =
    b"438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96";
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
    let k_signing = derive_key(input.secret_key, date.as_bytes(), input.service);
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

/// Signs requests for one service, caching the derived signing key.
///
/// Deriving the key takes three HMACs over the secret key, the UTC date and the
/// service; they change at most once a day, so the keyed HMAC state is kept for the
/// last (secret key, day) seen. [`Signer::authorization`] then hashes the canonical
/// request and the string to sign incrementally, allocating only the result.
pub struct Signer {
    service: Box<str>,
    cached: Mutex<Option<CachedKey>>,
}

/// The keyed HMAC of one secret key on one UTC day.
struct CachedKey {
    secret_key: String,
    day: u64,
    date: [u8; 10],
    mac: HmacSha256,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// What the signature covers besides the headers.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// The exact body bytes.
    Body(&'a [u8]),
    /// The literal `UNSIGNED-PAYLOAD` (sent with `X-TC-Content-SHA256`).
    Unsigned,
}

impl Signer {
    /// A signer for `service` (the credential scope, e.g. `"essbasic"`).
    pub fn new(service: &str) -> Self {
        Signer {
            service: service.into(),
            cached: Mutex::new(None),
        }
    }

    /// The `Authorization` header value of a request to `host` at `timestamp`
    /// (Unix seconds), byte for byte what [`sign`] puts in
    /// [`SignedRequest::authorization`] for the same input.
    pub fn authorization(
        &self,
        host: &str,
        timestamp: u64,
        secret_id: &str,
        secret_key: &str,
        payload: Payload<'_>,
    ) -> String {
        let mut payload_hex = *UNSIGNED_PAYLOAD_HASH;
        if let Payload::Body(body) = payload {
            hex_into(&Sha256::digest(body), &mut payload_hex);
        }
        let mut canonical = Sha256::new();
        canonical.update(b"POST\n/\n\ncontent-type:");
        canonical.update(CONTENT_TYPE.as_bytes());
        canonical.update(b"\nhost:");
        canonical.update(host.as_bytes());
        canonical.update(b"\n\n");
        canonical.update(SIGNED_HEADERS.as_bytes());
        canonical.update(b"\n");
        canonical.update(payload_hex);
        let mut canonical_hex = [0u8; 64];
        hex_into(&canonical.finalize(), &mut canonical_hex);

        let (mut mac, date) = self.keyed_mac(secret_key, timestamp);
        let date = std::str::from_utf8(&date).unwrap_or_default();
        mac.update(ALGORITHM.as_bytes());
        mac.update(b"\n");
        let mut digits = [0u8; 20];
        mac.update(decimal(timestamp, &mut digits));
        mac.update(b"\n");
        mac.update(date.as_bytes());
        mac.update(b"/");
        mac.update(self.service.as_bytes());
        mac.update(b"/tc3_request\n");
        mac.update(&canonical_hex);
        let mut signature = [0u8; 64];
        hex_into(&mac.finalize().into_bytes(), &mut signature);

        let mut out = String::with_capacity(160 + secret_id.len() + self.service.len());
        out.push_str(ALGORITHM);
        out.push_str(" Credential=");
        out.push_str(secret_id);
        out.push('/');
        out.push_str(date);
        out.push('/');
        out.push_str(&self.service);
        out.push_str("/tc3_request, SignedHeaders=");
        out.push_str(SIGNED_HEADERS);
        out.push_str(", Signature=");
        out.push_str(std::str::from_utf8(&signature).unwrap_or_default());
        out
    }

    /// The HMAC keyed with the signing key of `secret_key` on the UTC day of
    /// `timestamp`, and that day as `YYYY-MM-DD`; from the cache when it matches.
    fn keyed_mac(&self, secret_key: &str, timestamp: u64) -> (HmacSha256, [u8; 10]) {
        let day = timestamp / 86_400;
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cached.as_ref() {
            if c.day == day && c.secret_key == secret_key {
                return (c.mac.clone(), c.date);
            }
        }
        let mut date = [0u8; 10];
        date.copy_from_slice(utc_date_string(timestamp).as_bytes());
        let k_signing = derive_key(secret_key, &date, &self.service);
        let mac =
            <HmacSha256 as Mac>::new_from_slice(&k_signing).expect("HMAC takes any key length");
        *cached = Some(CachedKey {
            secret_key: secret_key.to_owned(),
            day,
            date,
            mac: mac.clone(),
        });
        (mac, date)
    }
}

/// The TC3 signing key: `HMAC(HMAC(HMAC("TC3" + key, date), service), "tc3_request")`.
fn derive_key(secret_key: &str, date: &[u8], service: &str) -> [u8; 32] {
    let mut key = Vec::with_capacity(3 + secret_key.len());
    key.extend_from_slice(b"TC3");
    key.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac(&key, date);
    let k_service = hmac(&k_date, service.as_bytes());
    hmac(&k_service, b"tc3_request")
}

/// `n` in decimal, written at the end of `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

fn hex_into(bytes: &[u8], out: &mut [u8; 64]) {
    // 32 bytes always fit 64 hex digits.
    let _ = hex::encode_to_slice(bytes, out);
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
    fn unsigned_payload_hash_is_the_hash_of_the_placeholder() {
        assert_eq!(
            sha256_hex(UNSIGNED_PAYLOAD.as_bytes()).as_bytes(),
            UNSIGNED_PAYLOAD_HASH
        );
    }

    #[test]
    fn decimal_digits() {
        let mut b = [0u8; 20];
        assert_eq!(decimal(0, &mut b), b"0");
        assert_eq!(decimal(1_700_000_000, &mut b), b"1700000000");
        assert_eq!(decimal(u64::MAX, &mut b), u64::MAX.to_string().as_bytes());
    }

    #[test]
    fn signer_matches_sign_across_days_and_keys() {
        let signer = Signer::new("svc");
        for (ts, key) in [
            (1, "k1"),
            (2, "k1"),
            (86_400, "k1"),
            (86_401, "k2"),
            (5, "k1"),
        ] {
            for unsigned_payload in [false, true] {
                let input = SigningInput {
                    service: "svc",
                    host: "h.example:8080",
                    action: "A",
                    version: "v",
                    region: None,
                    language: None,
                    timestamp: ts,
                    secret_id: "id",
                    secret_key: key,
                    token: None,
                    request_client: None,
                    body: b"{\"A\":1}",
                    unsigned_payload,
                };
                let payload = if unsigned_payload {
                    Payload::Unsigned
                } else {
                    Payload::Body(input.body)
                };
                assert_eq!(
                    signer.authorization(input.host, ts, "id", key, payload),
                    sign(&input).authorization,
                    "{ts} {key}"
                );
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
