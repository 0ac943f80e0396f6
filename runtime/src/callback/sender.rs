//! Sends callbacks the way the platform does, for testing your receiver offline
//! (cargo feature `testing`).
//!
//! [`CallbackSender`] encrypts a message with a `CallbackUrlKey` (AES-256-CBC, key =
//! the key string's bytes, IV = its first 16 bytes, PKCS#7, standard base64; facts
//! file §2), wraps it in the chosen body form (facts file §4), signs the body with a
//! token (`Content-Signature: sha256=<hex HMAC-SHA256>`, over the bytes sent; facts
//! file §3) and POSTs it with `Content-Type: application/json` (`text/plain` for the
//! legacy bare-base64 form, as the enterprise V1 sample shows; facts file §1).
//! [`seal`] is the same without the network: it returns the body and the header.
//!
//! ```
//! use tencentcloud_runtime::callback::sender::CallbackSender;
//! use tencentcloud_runtime::callback::{CallbackVerifier, Envelope, Parsed};
//!
//! let key = "CC23FB38AE1D47B09D939CFBAE64195F";
//! let sender = CallbackSender::builder().callback_key(key).token("t0ken").build()?;
//! let envelope = Envelope::new(
//!     "yDtKOUUckpfzn1drUP8YGQwIiomArVih",
//!     "OrgAuth",
//!     "ThirdPartyApp",
//!     serde_json::json!({"ApplicationId": "app", "AuthSuccess": true}),
//! );
//! let sealed = sender.seal(&envelope);
//!
//! let verifier = CallbackVerifier::builder().callback_key(key).token("t0ken").build()?;
//! let parsed = verifier.parse(&sealed.body, sealed.content_signature.as_deref()).unwrap();
//! assert_eq!(parsed, Parsed::Message(envelope));
//! # Ok::<(), tencentcloud_runtime::callback::CallbackConfigError>(())
//! ```

use std::time::Duration;

use super::crypto::{CallbackKey, SigningToken};
use super::error::CallbackConfigError;
use super::{Envelope, SIGNATURE_HEADER};

/// How the (encrypted) message is put into the HTTP body (facts file §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyForm {
    /// Form A: `{"encrypt":"<base64 ciphertext>"}`, `application/json` (the current
    /// partner form). Needs a key.
    EncryptObject,
    /// Form B: the base64 ciphertext as the whole body, `text/plain` (legacy V1).
    /// Needs a key.
    BareBase64,
    /// Form C: the plaintext JSON message, `application/json` (encryption off).
    Plaintext,
}

/// A ready-to-send callback request body and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedCallback {
    /// The exact body bytes (the signature covers exactly these).
    pub body: Vec<u8>,
    /// The `Content-Signature` value (`sha256=` + 64 lowercase hex digits), when a
    /// token is configured.
    pub content_signature: Option<String>,
    /// The `Content-Type` value to send.
    pub content_type: &'static str,
}

/// What the receiver answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// HTTP status code; the platform treats only 200 as delivered (facts file §1).
    pub status: u16,
    /// The response body.
    pub body: Vec<u8>,
}

/// Encrypts, signs and sends callback messages like the platform; build with
/// [`CallbackSender::builder`]. `Debug` redacts the key and the token.
#[derive(Debug, Clone)]
pub struct CallbackSender {
    key: Option<CallbackKey>,
    token: Option<SigningToken>,
    form: BodyForm,
    timeout: Duration,
}

/// Settings of a [`CallbackSender`]; checked by [`build`](Self::build).
#[derive(Clone, Default)]
pub struct CallbackSenderBuilder {
    key: Option<String>,
    token: Option<String>,
    form: Option<BodyForm>,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for CallbackSenderBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackSenderBuilder")
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("form", &self.form)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl CallbackSenderBuilder {
    /// Encrypt with this `CallbackUrlKey` (32 printable ASCII characters).
    pub fn callback_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Sign with this token (adds `Content-Signature`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The body form; default [`BodyForm::EncryptObject`] with a key,
    /// [`BodyForm::Plaintext`] without.
    pub fn form(mut self, form: BodyForm) -> Self {
        self.form = Some(form);
        self
    }

    /// Request timeout of [`CallbackSender::send`] (default 10 seconds).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    ///
    /// The key and token checks of the verifier's builder, and
    /// [`CallbackConfigError::FormNeedsKey`] for an encrypted form without a key.
    pub fn build(self) -> Result<CallbackSender, CallbackConfigError> {
        let key = self.key.as_deref().map(CallbackKey::new).transpose()?;
        let token = self.token.as_deref().map(SigningToken::new).transpose()?;
        let form = self.form.unwrap_or(if key.is_some() {
            BodyForm::EncryptObject
        } else {
            BodyForm::Plaintext
        });
        if form != BodyForm::Plaintext && key.is_none() {
            return Err(CallbackConfigError::FormNeedsKey);
        }
        Ok(CallbackSender {
            key,
            token,
            form,
            timeout: self.timeout.unwrap_or(Duration::from_secs(10)),
        })
    }
}

impl CallbackSender {
    /// Starts a configuration: no key, no token, plaintext form.
    pub fn builder() -> CallbackSenderBuilder {
        CallbackSenderBuilder::default()
    }

    /// The body form in use.
    pub fn form(&self) -> BodyForm {
        self.form
    }

    /// Encrypts (per the form) and signs an envelope, serialized as compact JSON.
    pub fn seal(&self, envelope: &Envelope) -> SealedCallback {
        self.seal_plaintext(&envelope.to_json_bytes())
    }

    /// Encrypts (per the form) and signs any plaintext, e.g. a bare V1 object or a
    /// deliberately broken message.
    pub fn seal_plaintext(&self, plaintext: &[u8]) -> SealedCallback {
        let (body, content_type) = match (self.form, &self.key) {
            (BodyForm::EncryptObject, Some(key)) => {
                let wrapper = serde_json::json!({ "encrypt": key.encrypt(plaintext) });
                (wrapper.to_string().into_bytes(), "application/json")
            }
            (BodyForm::BareBase64, Some(key)) => {
                (key.encrypt(plaintext).into_bytes(), "text/plain")
            }
            _ => (plaintext.to_vec(), "application/json"),
        };
        self.seal_raw(body, content_type)
    }

    /// The reachability probe `{}` (signed when a token is configured; facts file §1).
    pub fn probe(&self) -> SealedCallback {
        self.seal_raw(b"{}".to_vec(), "application/json")
    }

    /// Signs a body as it is, without encrypting.
    pub fn seal_raw(&self, body: Vec<u8>, content_type: &'static str) -> SealedCallback {
        let content_signature = self.token.as_ref().map(|t| t.sign(&body));
        SealedCallback {
            body,
            content_signature,
            content_type,
        }
    }

    /// Seals an envelope and POSTs it to `url`.
    ///
    /// # Errors
    ///
    /// reqwest's error when the request could not be made or timed out; any HTTP
    /// status, 200 or not, is a successful [`Delivery`].
    pub async fn send(&self, url: &str, envelope: &Envelope) -> Result<Delivery, reqwest::Error> {
        self.deliver(url, &self.seal(envelope)).await
    }

    /// POSTs an already sealed request to `url` with a fresh HTTP client.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub async fn deliver(
        &self,
        url: &str,
        sealed: &SealedCallback,
    ) -> Result<Delivery, reqwest::Error> {
        let client = reqwest::Client::builder().timeout(self.timeout).build()?;
        deliver_with(&client, url, sealed).await
    }
}

/// POSTs a sealed request with your own reqwest client: `Content-Type` and, when
/// present, `Content-Signature` headers, the body as is.
///
/// # Errors
///
/// reqwest's error when the request could not be made or its answer not read.
pub async fn deliver_with(
    client: &reqwest::Client,
    url: &str,
    sealed: &SealedCallback,
) -> Result<Delivery, reqwest::Error> {
    let mut request = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, sealed.content_type)
        .body(sealed.body.clone());
    if let Some(signature) = &sealed.content_signature {
        request = request.header(SIGNATURE_HEADER, signature);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let body = response.bytes().await?.to_vec();
    Ok(Delivery { status, body })
}

/// Pure form of the sender: the (body, `Content-Signature`) pair for a message.
///
/// With a `key` the body is form A, `{"encrypt":"<base64>"}`; without, the plaintext
/// JSON (form C). With a `token` the second item is `sha256=` + lowercase hex
/// HMAC-SHA256 of the returned body.
///
/// # Errors
///
/// The key and token checks of [`CallbackSenderBuilder::build`].
pub fn seal(
    envelope: &Envelope,
    key: Option<&str>,
    token: Option<&str>,
) -> Result<(Vec<u8>, Option<String>), CallbackConfigError> {
    let mut builder = CallbackSender::builder();
    if let Some(key) = key {
        builder = builder.callback_key(key);
    }
    if let Some(token) = token {
        builder = builder.token(token);
    }
    let sealed = builder.build()?.seal(envelope);
    Ok((sealed.body, sealed.content_signature))
}

/// The `Content-Signature` value for a body: `sha256=` + lowercase hex
/// HMAC-SHA256(token, body) (facts file §3).
///
/// # Errors
///
/// [`CallbackConfigError::EmptyToken`] for an empty token.
pub fn content_signature(token: &str, body: &[u8]) -> Result<String, CallbackConfigError> {
    Ok(SigningToken::new(token)?.sign(body))
}

/// The base64 AES-256-CBC ciphertext of `plaintext` under a `CallbackUrlKey` (facts
/// file §2), as carried in the `encrypt` member or a bare-base64 body.
///
/// # Errors
///
/// [`CallbackConfigError::KeyLength`] / [`KeyCharacters`](CallbackConfigError::KeyCharacters).
pub fn encrypt(key: &str, plaintext: &[u8]) -> Result<String, CallbackConfigError> {
    Ok(CallbackKey::new(key)?.encrypt(plaintext))
}
