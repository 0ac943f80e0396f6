//! Receiving the notifications (callbacks, webhooks) Tencent e-signature pushes to
//! your HTTP endpoint: signature check, decryption and the message envelope.
//!
//! Service-agnostic: it knows the transport and crypto of the callbacks, not the
//! per-`MsgType` data (generated service crates decode [`Envelope::msg_data`] into
//! typed structs on top of this). Every fact used here comes from the project's
//! callback facts file (`essbasic-callbacks.md`); the section is named where it
//! matters.
//!
//! What a request goes through in [`CallbackVerifier::parse`], in this order:
//!
//! 1. **size**: a body over the limit (default [`DEFAULT_MAX_BODY_LEN`], 1 MiB) is
//!    refused before anything else ([`CallbackError::BodyTooLarge`]);
//! 2. **signature** (only when a token is configured, and then required): the
//!    `Content-Signature` header must be `sha256=` + lowercase hex
//!    HMAC-SHA256(token, raw body), computed over the bytes on the wire, i.e. over
//!    the encrypted form when encryption is on (facts §3); compared in constant
//!    time. The bare probe `{}` without a header is the one exception (see below);
//! 3. **body form** (facts §4): `{"encrypt":"<base64>"}` (form A), the base64
//!    ciphertext as the whole body (form B, legacy), a plaintext JSON message
//!    (forms C and D, encryption off), or `{}`, the reachability probe (form E);
//! 4. **decryption** (forms A, B; facts §2): standard base64, AES-256-CBC whose key
//!    is the 32 bytes of the `CallbackUrlKey` string itself and whose IV is its first
//!    16 bytes, PKCS#7 padding (checked);
//! 5. **envelope** (facts §5): a V2 message `{"MsgId","MsgType","MsgVersion","MsgData"}`
//!    becomes [`Parsed::Message`]; a bare V1 object without those members becomes
//!    [`Parsed::LegacyV1`].
//!
//! ```
//! use tencentcloud_runtime::callback::{CallbackVerifier, Parsed};
//!
//! let verifier = CallbackVerifier::builder()
//!     .callback_key("CC23FB38AE1D47B09D939CFBAE64195F") // console "CallbackKey" (CallbackUrlKey)
//!     .token("test_token_123") // console "callback signature verification TOKEN"
//!     .build()?;
//!
//! // In your HTTP handler: the raw body bytes and the Content-Signature header.
//! # let body = br#"{}"#;
//! # let signature = Some("sha256=f5698f4208ddf09c5f9103aa38e6f42992e745dd5015fc43831e97e3a5723dba");
//! match verifier.parse(body, signature) {
//!     Ok(Parsed::Message(envelope)) => {
//!         println!("{} {}", envelope.msg_type, envelope.msg_id); // then answer 200
//!     }
//!     Ok(_) => { /* probe or legacy V1 message: answer 200 */ }
//!     Err(error) => eprintln!("refused callback: {error}"), // answer 400
//! }
//! # Ok::<(), tencentcloud_runtime::callback::CallbackConfigError>(())
//! ```
//!
//! With the cargo feature `testing`, the `sender` module encrypts, signs and POSTs messages
//! like the platform, for testing receivers offline.
//!
//! Security notes: AES-CBC gives confidentiality, not integrity, and the IV is fixed
//! per key (facts §2), so configure a signature token, which is checked before any
//! decryption, and answer every error with the same status so the padding check is
//! no oracle. `MsgId` is the de-duplication key; messages can arrive out of order
//! and more than once (facts §1).

mod crypto;
mod envelope;
mod error;
#[cfg(feature = "testing")]
pub mod sender;

use serde_json::{Map, Value};

use crypto::{CallbackKey, SigningToken};
pub use envelope::{Envelope, Parsed, MSG_VERSION_CUSTOM_APP, MSG_VERSION_THIRD_PARTY_APP};
pub use error::{CallbackConfigError, CallbackError};

/// Name of the HTTP header carrying the signature (facts file §3).
pub const SIGNATURE_HEADER: &str = "Content-Signature";

/// Default limit on the size of a callback body: 1 MiB (1,048,576 bytes).
pub const DEFAULT_MAX_BODY_LEN: usize = 1024 * 1024;

/// Checks and decodes callback requests; built once from your console settings with
/// [`CallbackVerifier::builder`], then shared (it is `Clone + Send + Sync`).
///
/// `Debug` output redacts the key and the token.
#[derive(Clone, Debug)]
pub struct CallbackVerifier {
    key: Option<CallbackKey>,
    token: Option<SigningToken>,
    max_body_len: usize,
    allow_plaintext: bool,
    accept_legacy_v1: bool,
}

/// Settings of a [`CallbackVerifier`]; nothing is checked until [`build`](Self::build).
///
/// `Debug` output redacts the key and the token.
#[derive(Clone, Default)]
pub struct CallbackVerifierBuilder {
    key: Option<String>,
    token: Option<String>,
    max_body_len: Option<usize>,
    allow_plaintext: bool,
    accept_legacy_v1: Option<bool>,
}

impl std::fmt::Debug for CallbackVerifierBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackVerifierBuilder")
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("max_body_len", &self.max_body_len)
            .field("allow_plaintext", &self.allow_plaintext)
            .field("accept_legacy_v1", &self.accept_legacy_v1)
            .finish()
    }
}

impl CallbackVerifierBuilder {
    /// The application's callback encryption key (the console's callback encryption key,
    /// API name `CallbackUrlKey`): 32 printable ASCII characters, used as they are
    /// (facts file §2). Without a key, bodies are expected in plaintext.
    pub fn callback_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The signature verification token (the console's callback signature token). When set,
    /// every request must carry a matching `Content-Signature` header (facts file §3).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Largest body accepted, in bytes (default [`DEFAULT_MAX_BODY_LEN`], 1 MiB).
    /// Larger bodies are refused with [`CallbackError::BodyTooLarge`] before any
    /// other work. Apply the same limit when reading the body from the network.
    pub fn max_body_len(mut self, bytes: usize) -> Self {
        self.max_body_len = Some(bytes);
        self
    }

    /// With a key configured, also accept plaintext messages (default: refused with
    /// [`CallbackError::Unencrypted`], since the platform encrypts whenever a key is
    /// configured, facts file §2). Useful while switching encryption on. Without a
    /// key this setting has no effect: plaintext is the only form then.
    pub fn allow_plaintext(mut self, allow: bool) -> Self {
        self.allow_plaintext = allow;
        self
    }

    /// Accept V1 messages, JSON objects without the envelope members (default: on;
    /// facts file §5 says enterprises registered before 2023-05-15 get them, and
    /// older partner integrations may). When off they are refused with
    /// [`CallbackError::NotEnvelope`].
    pub fn accept_legacy_v1(mut self, accept: bool) -> Self {
        self.accept_legacy_v1 = Some(accept);
        self
    }

    /// Checks the settings and builds the verifier.
    ///
    /// # Errors
    ///
    /// [`CallbackConfigError::KeyLength`] / [`KeyCharacters`](CallbackConfigError::KeyCharacters)
    /// for a key that is not 32 printable ASCII characters,
    /// [`EmptyToken`](CallbackConfigError::EmptyToken) and
    /// [`ZeroBodyLimit`](CallbackConfigError::ZeroBodyLimit).
    pub fn build(self) -> Result<CallbackVerifier, CallbackConfigError> {
        let key = self.key.as_deref().map(CallbackKey::new).transpose()?;
        let token = self.token.as_deref().map(SigningToken::new).transpose()?;
        let max_body_len = self.max_body_len.unwrap_or(DEFAULT_MAX_BODY_LEN);
        if max_body_len == 0 {
            return Err(CallbackConfigError::ZeroBodyLimit);
        }
        Ok(CallbackVerifier {
            key,
            token,
            max_body_len,
            allow_plaintext: self.allow_plaintext,
            accept_legacy_v1: self.accept_legacy_v1.unwrap_or(true),
        })
    }
}

impl CallbackVerifier {
    /// Starts a configuration: no key, no token, 1 MiB limit.
    pub fn builder() -> CallbackVerifierBuilder {
        CallbackVerifierBuilder::default()
    }

    /// The body size limit in bytes.
    pub fn max_body_len(&self) -> usize {
        self.max_body_len
    }

    /// Whether a `CallbackUrlKey` is configured (bodies are then expected encrypted).
    pub fn has_key(&self) -> bool {
        self.key.is_some()
    }

    /// Whether a signature token is configured (`Content-Signature` is then required).
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Verifies and decodes one callback request.
    ///
    /// `body` is the raw request body exactly as received (the signature covers these
    /// bytes); `content_signature` is the value of the `Content-Signature` header, if
    /// the request had one. Without a configured token the header is ignored.
    ///
    /// The probe body `{}` is [`Parsed::Probe`] even without a header when a token is
    /// configured (it carries no data, and whether the platform signs its probe is
    /// not documented, facts file §1); a header that *is* present is checked, so a
    /// wrong token shows up already at the console's URL check.
    ///
    /// # Errors
    ///
    /// A [`CallbackError`] naming the failed step. Never panics, whatever the input.
    pub fn parse(
        &self,
        body: &[u8],
        content_signature: Option<&str>,
    ) -> Result<Parsed, CallbackError> {
        if body.len() > self.max_body_len {
            return Err(CallbackError::BodyTooLarge {
                len: body.len(),
                limit: self.max_body_len,
            });
        }
        if let Some(token) = &self.token {
            match content_signature {
                Some(header) => token.verify(body, header)?,
                None if is_probe(body) => return Ok(Parsed::Probe),
                None => return Err(CallbackError::SignatureMissing),
            }
        }
        self.decode(body)
    }

    /// Like [`parse`](Self::parse), taking the signature from the request headers
    /// (the `http` crate's map, as used by reqwest, hyper and axum).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse); a `Content-Signature` header that appears more than
    /// once or is not visible ASCII is [`CallbackError::SignatureMalformed`] when a
    /// token is configured.
    pub fn parse_http(
        &self,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
    ) -> Result<Parsed, CallbackError> {
        if body.len() > self.max_body_len {
            return Err(CallbackError::BodyTooLarge {
                len: body.len(),
                limit: self.max_body_len,
            });
        }
        if self.token.is_none() {
            return self.parse(body, None);
        }
        let mut values = headers.get_all(SIGNATURE_HEADER).iter();
        let signature = match (values.next(), values.next()) {
            (None, _) => None,
            (Some(value), None) => {
                Some(
                    value
                        .to_str()
                        .map_err(|_| CallbackError::SignatureMalformed {
                            reason: "it is not visible ASCII text",
                        })?,
                )
            }
            (Some(_), Some(_)) => {
                return Err(CallbackError::SignatureMalformed {
                    reason: "the header appears more than once",
                })
            }
        };
        self.parse(body, signature)
    }

    /// Decryption alone (facts file §2): standard base64 ciphertext (the value of
    /// `encrypt`, or a bare-base64 body) → the plaintext bytes, PKCS#7 padding
    /// checked and removed. No signature check, size limit or JSON parsing; for
    /// diagnostics and tests, receivers use [`parse`](Self::parse).
    ///
    /// # Errors
    ///
    /// [`CallbackError::KeyMissing`] without a configured key,
    /// [`CallbackError::Base64`], [`CallbackError::Decrypt`].
    pub fn decrypt(&self, base64_ciphertext: &[u8]) -> Result<Vec<u8>, CallbackError> {
        self.key
            .as_ref()
            .ok_or(CallbackError::KeyMissing)?
            .decrypt(base64_ciphertext)
    }

    /// Steps 3 to 5: body form, decryption, envelope.
    fn decode(&self, body: &[u8]) -> Result<Parsed, CallbackError> {
        let text = body.trim_ascii();
        if text.first() == Some(&b'{') {
            let object = parse_object(text, "body")?;
            if object.is_empty() {
                return Ok(Parsed::Probe);
            }
            if let Some(encrypt) = object.get("encrypt") {
                let Value::String(ciphertext) = encrypt else {
                    return Err(CallbackError::not_envelope(
                        "$.encrypt",
                        format!(
                            "expected a base64 string, found {}",
                            envelope::json_kind(encrypt)
                        ),
                    ));
                };
                return self.decrypt_and_classify(ciphertext.as_bytes());
            }
            if self.key.is_some() && !self.allow_plaintext {
                return Err(CallbackError::Unencrypted);
            }
            return envelope::classify_object(object, self.accept_legacy_v1);
        }
        if text.is_empty() {
            return Err(CallbackError::not_envelope("$", "the body is empty"));
        }
        // Form B: the base64 ciphertext as the whole body.
        if self.key.is_none() && !looks_like_base64(text) {
            return Err(CallbackError::not_envelope(
                "$",
                "the body is not a JSON object",
            ));
        }
        self.decrypt_and_classify(text)
    }

    fn decrypt_and_classify(&self, ciphertext: &[u8]) -> Result<Parsed, CallbackError> {
        let key = self.key.as_ref().ok_or(CallbackError::KeyMissing)?;
        let plaintext = key.decrypt(ciphertext)?;
        let object = parse_object(plaintext.trim_ascii(), "decrypted text")?;
        envelope::classify_object(object, self.accept_legacy_v1)
    }
}

/// Whether the body is the reachability probe `{}` (surrounding whitespace allowed).
fn is_probe(body: &[u8]) -> bool {
    matches!(
        serde_json::from_slice::<Value>(body.trim_ascii()),
        Ok(Value::Object(ref o)) if o.is_empty()
    )
}

fn looks_like_base64(text: &[u8]) -> bool {
    text.iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// JSON text → object; errors say where, never what (serde_json's messages can quote
/// input, so only its category and position are used).
fn parse_object(text: &[u8], what: &str) -> Result<Map<String, Value>, CallbackError> {
    match serde_json::from_slice::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(CallbackError::not_envelope(
            "$",
            format!(
                "the {what} is {}, not a JSON object",
                envelope::json_kind(&other)
            ),
        )),
        Err(e) => {
            let kind = match e.classify() {
                serde_json::error::Category::Eof => "ends early",
                serde_json::error::Category::Syntax => "has a syntax error",
                serde_json::error::Category::Data => "is too deeply nested or not valid",
                serde_json::error::Category::Io => "could not be read",
            };
            Err(CallbackError::not_envelope(
                "$",
                format!(
                    "the {what} is not JSON: it {kind} at line {} column {}",
                    e.line(),
                    e.column()
                ),
            ))
        }
    }
}
