//! Errors of the callback receiver: one variant per step that can fail.

/// Why a callback request was refused by [`CallbackVerifier::parse`](super::CallbackVerifier::parse).
///
/// Each variant names the step that failed, in the order the steps run: size limit,
/// `Content-Signature`, body form, base64, AES decryption and padding, envelope.
/// The messages never contain the `CallbackUrlKey`, the signature token, the
/// signature value or any decrypted text; [`NotEnvelope`](Self::NotEnvelope) names
/// a JSON path and a reason only.
///
/// A receiver should answer every error with the same non-200 status (e.g. 400) and
/// log the error: a non-200 answer makes the platform send the message again
/// (facts file §1, "Retries").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// The body is longer than the configured limit (bytes); checked before
    /// anything else, so an over-size body is never verified nor decrypted.
    #[error("callback body is {len} bytes, over the limit of {limit} bytes")]
    BodyTooLarge {
        /// Length of the body received, in bytes.
        len: usize,
        /// The configured limit, in bytes
        /// ([`CallbackVerifierBuilder::max_body_len`](super::CallbackVerifierBuilder::max_body_len)).
        limit: usize,
    },
    /// A signature token is configured but the request has no `Content-Signature`
    /// header (facts file §3: with a token the platform always sends it).
    #[error("the Content-Signature header is missing although a signature token is configured")]
    SignatureMissing,
    /// The `Content-Signature` header is not `sha256=` followed by 64 hex digits,
    /// or it appears more than once.
    #[error("the Content-Signature header is malformed: {reason}")]
    SignatureMalformed {
        /// What is wrong with the header's shape (never its value).
        reason: &'static str,
    },
    /// The HMAC-SHA256 of the raw body with the configured token differs from the
    /// `Content-Signature` header: the body was altered, or the token is wrong.
    #[error(
        "the Content-Signature does not match the body (altered body or wrong signature token)"
    )]
    SignatureMismatch,
    /// The body is encrypted (an `{"encrypt": ..}` object or a bare base64 body)
    /// but no `CallbackUrlKey` is configured.
    #[error("the callback body is encrypted but no CallbackUrlKey is configured")]
    KeyMissing,
    /// A `CallbackUrlKey` is configured but the body is a plaintext message; refused
    /// unless [`CallbackVerifierBuilder::allow_plaintext`](super::CallbackVerifierBuilder::allow_plaintext)
    /// is set (facts file §2: with a key configured the platform encrypts).
    #[error("the callback body is not encrypted although a CallbackUrlKey is configured")]
    Unencrypted,
    /// The ciphertext is not standard base64 (alphabet `+` `/`, `=` padding).
    #[error("the callback ciphertext is not valid base64: {reason}")]
    Base64 {
        /// The base64 decoder's finding: kind and offset, never the input.
        reason: String,
    },
    /// AES-256-CBC decryption failed: the ciphertext is empty or not a whole number
    /// of 16-byte blocks, or the PKCS#7 padding is wrong (typically a wrong key or a
    /// damaged ciphertext).
    #[error("the callback could not be decrypted: {reason}")]
    Decrypt {
        /// Which check failed (length or padding).
        reason: &'static str,
    },
    /// The (decrypted) text is not a callback message: not JSON, not a JSON object,
    /// or an envelope member missing or of the wrong type.
    #[error("not a callback message at {path}: {reason}")]
    NotEnvelope {
        /// JSON path of the offending place, e.g. `$`, `$.encrypt`, `$.MsgType`.
        path: String,
        /// What is wrong there (never the value found).
        reason: String,
    },
}

impl CallbackError {
    pub(crate) fn not_envelope(path: &str, reason: impl Into<String>) -> Self {
        CallbackError::NotEnvelope {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }
}

/// A setting of [`CallbackVerifierBuilder`](super::CallbackVerifierBuilder) (or of the
/// `testing` sender) that can never work, refused by `build()`.
///
/// Messages never contain the key or the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackConfigError {
    /// The `CallbackUrlKey` does not have 32 characters. AES-256 takes the key string's
    /// own bytes as the 32-byte key (facts file §2); it is not hex- or base64-decoded.
    #[error(
        "the CallbackUrlKey must be 32 characters (its bytes are the AES-256 key), got {chars}"
    )]
    KeyLength {
        /// Number of characters of the key given.
        chars: usize,
    },
    /// The `CallbackUrlKey` contains characters outside printable ASCII (`!` to `~`):
    /// non-ASCII characters would make it longer than 32 bytes, and spaces or control
    /// characters are almost certainly a copy-and-paste accident.
    #[error("the CallbackUrlKey must consist of printable ASCII characters without spaces")]
    KeyCharacters,
    /// The signature token is empty.
    #[error("the signature token must not be empty")]
    EmptyToken,
    /// The body size limit is zero, which would refuse every request.
    #[error("the callback body size limit must be at least 1 byte")]
    ZeroBodyLimit,
    /// (testing sender) an encrypted body form was chosen but no key was given.
    #[error("an encrypted body form needs a CallbackUrlKey")]
    FormNeedsKey,
}
