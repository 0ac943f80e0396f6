//! The callback key (AES-256-CBC, facts file §2) and the signature token
//! (HMAC-SHA256, facts file §3). All primitives come from RustCrypto crates.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::error::{CallbackConfigError, CallbackError};

type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;
type Aes256CbcEnc = cbc::Encryptor<aes::Aes256>;

/// Length of a `CallbackUrlKey` in characters (= bytes, the key is ASCII).
pub(crate) const KEY_LEN: usize = 32;
const BLOCK: usize = 16;

/// A validated `CallbackUrlKey`: 32 printable ASCII characters whose bytes are the
/// AES-256 key; the IV is the first 16 of them (facts file §2).
#[derive(Clone)]
pub(crate) struct CallbackKey([u8; KEY_LEN]);

impl CallbackKey {
    pub(crate) fn new(key: &str) -> Result<Self, CallbackConfigError> {
        let chars = key.chars().count();
        if chars != KEY_LEN {
            return Err(CallbackConfigError::KeyLength { chars });
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(CallbackConfigError::KeyCharacters);
        }
        let mut bytes = [0u8; KEY_LEN];
        bytes.copy_from_slice(key.as_bytes());
        Ok(CallbackKey(bytes))
    }

    fn iv(&self) -> [u8; BLOCK] {
        let mut iv = [0u8; BLOCK];
        iv.copy_from_slice(&self.0[..BLOCK]);
        iv
    }

    /// base64 text → plaintext bytes (PKCS#7 checked).
    pub(crate) fn decrypt(&self, base64_text: &[u8]) -> Result<Vec<u8>, CallbackError> {
        let mut buf = STANDARD
            .decode(base64_text)
            .map_err(|e| CallbackError::Base64 {
                reason: base64_reason(&e),
            })?;
        if buf.is_empty() {
            return Err(CallbackError::Decrypt {
                reason: "the ciphertext is empty",
            });
        }
        if buf.len() % BLOCK != 0 {
            return Err(CallbackError::Decrypt {
                reason: "the ciphertext is not a whole number of 16-byte AES blocks",
            });
        }
        let len = Aes256CbcDec::new(&self.0.into(), &self.iv().into())
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map_err(|_| CallbackError::Decrypt {
                reason: "bad PKCS#7 padding (wrong CallbackUrlKey or damaged ciphertext)",
            })?
            .len();
        buf.truncate(len);
        Ok(buf)
    }

    /// plaintext bytes → standard base64 of the PKCS#7-padded AES-256-CBC ciphertext.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn encrypt(&self, plaintext: &[u8]) -> String {
        let msg_len = plaintext.len();
        // Room for the plaintext plus a full padding block: always enough for PKCS#7.
        let mut buf = vec![0u8; msg_len + BLOCK];
        buf[..msg_len].copy_from_slice(plaintext);
        let encrypted = Aes256CbcEnc::new(&self.0.into(), &self.iv().into())
            .encrypt_padded_mut::<Pkcs7>(&mut buf, msg_len)
            .map(|ct| ct.len());
        match encrypted {
            Ok(len) => {
                buf.truncate(len);
                STANDARD.encode(&buf)
            }
            // Unreachable: the buffer always has room for the padding.
            Err(_) => String::new(),
        }
    }
}

impl std::fmt::Debug for CallbackKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallbackKey(<redacted>)")
    }
}

fn base64_reason(e: &base64::DecodeError) -> String {
    match e {
        base64::DecodeError::InvalidByte(offset, _) => {
            format!(
                "a character outside the base64 alphabet, or misplaced padding, at offset {offset}"
            )
        }
        base64::DecodeError::InvalidLength(len) => {
            format!("{len} base64 symbols is not a valid length (truncated?)")
        }
        base64::DecodeError::InvalidLastSymbol(offset, _) => {
            format!("the last symbol at offset {offset} is not canonical (truncated or damaged?)")
        }
        base64::DecodeError::InvalidPadding => "the `=` padding is missing or wrong".to_owned(),
    }
}

/// The prefix of the `Content-Signature` value (facts file §3).
pub(crate) const SIGNATURE_PREFIX: &str = "sha256=";

/// A validated signature token; holds the HMAC state keyed with the token's bytes.
#[derive(Clone)]
pub(crate) struct SigningToken(Hmac<Sha256>);

impl SigningToken {
    pub(crate) fn new(token: &str) -> Result<Self, CallbackConfigError> {
        if token.is_empty() {
            return Err(CallbackConfigError::EmptyToken);
        }
        // HMAC accepts keys of any length, so this never fails for a non-empty token.
        Hmac::<Sha256>::new_from_slice(token.as_bytes())
            .map(SigningToken)
            .map_err(|_| CallbackConfigError::EmptyToken)
    }

    /// `sha256=` + lowercase hex HMAC-SHA256(token, body).
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn sign(&self, body: &[u8]) -> String {
        let mut mac = self.0.clone();
        mac.update(body);
        format!(
            "{SIGNATURE_PREFIX}{}",
            hex::encode(mac.finalize().into_bytes())
        )
    }

    /// Checks a `Content-Signature` value against the raw body, in constant time.
    pub(crate) fn verify(&self, body: &[u8], header: &str) -> Result<(), CallbackError> {
        let value = header.trim_matches(|c: char| c == ' ' || c == '\t');
        let digest_hex = match value.get(..SIGNATURE_PREFIX.len()) {
            Some(prefix) if prefix.eq_ignore_ascii_case(SIGNATURE_PREFIX) => {
                &value[SIGNATURE_PREFIX.len()..]
            }
            _ => {
                return Err(CallbackError::SignatureMalformed {
                    reason: "it does not start with `sha256=`",
                })
            }
        };
        if digest_hex.len() != 64 {
            return Err(CallbackError::SignatureMalformed {
                reason: "the digest after `sha256=` is not 64 hex digits",
            });
        }
        let digest = hex::decode(digest_hex).map_err(|_| CallbackError::SignatureMalformed {
            reason: "the digest after `sha256=` is not hexadecimal",
        })?;
        let mut mac = self.0.clone();
        mac.update(body);
        mac.verify_slice(&digest)
            .map_err(|_| CallbackError::SignatureMismatch)
    }
}

impl std::fmt::Debug for SigningToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningToken(<redacted>)")
    }
}
