//! Property tests of `tencentcloud_runtime::callback`: no input makes the parser
//! panic, whatever the configuration, and no error shows the key, the token or the
//! decrypted text.

use proptest::prelude::*;
use tencentcloud_runtime::callback::{CallbackError, CallbackVerifier, Parsed};

const KEY: &str = "Kx7#pQ2!mZ9$wR4%tY6^uI8&oP0*aS3(";
const TOKEN: &str = "tok-9f8e7d6c5b4a";
const MARKER: &str = "PLAINTEXT-MARKER";

fn verifiers() -> Vec<CallbackVerifier> {
    let mut all = Vec::new();
    for key in [None, Some(KEY)] {
        for token in [None, Some(TOKEN)] {
            let mut builder = CallbackVerifier::builder().max_body_len(4096);
            if let Some(key) = key {
                builder = builder.callback_key(key);
            }
            if let Some(token) = token {
                builder = builder.token(token);
            }
            all.push(builder.build().unwrap());
        }
    }
    all.push(
        CallbackVerifier::builder()
            .callback_key(KEY)
            .allow_plaintext(true)
            .accept_legacy_v1(false)
            .build()
            .unwrap(),
    );
    all
}

fn check_discreet(error: &CallbackError) -> Result<(), TestCaseError> {
    let shown = format!("{error} {error:?}");
    for secret in [KEY, &KEY[..16], TOKEN, MARKER] {
        prop_assert!(!shown.contains(secret), "{shown:?} reveals {secret:?}");
    }
    Ok(())
}

/// Bodies that get past the first checks more often than uniformly random bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..1024),
        "[A-Za-z0-9+/=]{0,300}".prop_map(String::into_bytes),
        "[A-Za-z0-9+/=]{0,300}".prop_map(|b64| format!(r#"{{"encrypt":"{b64}"}}"#).into_bytes()),
        any::<String>().prop_map(|s| serde_json::json!({ "encrypt": s }).to_string().into_bytes()),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        envelope_like().prop_map(|v| v.to_string().into_bytes()),
        Just(b"{}".to_vec()),
        proptest::collection::vec(prop_oneof![Just(b'{'), Just(b'['), Just(b'"')], 0..400),
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,20}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            proptest::collection::btree_map("[A-Za-z]{0,8}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Objects with (some of) the envelope members, of any JSON type.
fn envelope_like() -> impl Strategy<Value = serde_json::Value> {
    let member = prop_oneof![
        json_value(),
        Just(serde_json::Value::from(MARKER)),
        Just(serde_json::Value::from(format!("{{\"{MARKER}\":1}}"))),
    ];
    proptest::collection::btree_map(
        prop_oneof![
            Just("MsgId".to_owned()),
            Just("MsgType".to_owned()),
            Just("MsgVersion".to_owned()),
            Just("MsgData".to_owned()),
            Just("encrypt".to_owned()),
            "[A-Za-z]{1,6}",
        ],
        member,
        0..6,
    )
    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect()))
}

fn signature() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        any::<String>().prop_map(Some),
        "[0-9a-f]{64}".prop_map(|h| Some(format!("sha256={h}"))),
        "[0-9a-zA-Z=]{0,80}".prop_map(|h| Some(format!("sha256={h}"))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bodies_never_panic(body in body(), signature in signature()) {
        for verifier in verifiers() {
            match verifier.parse(&body, signature.as_deref()) {
                Ok(Parsed::Probe) => {
                    let empty_object = serde_json::from_slice::<serde_json::Value>(&body)
                        .is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()));
                    prop_assert!(empty_object, "only an empty object is a probe");
                }
                Ok(_) => prop_assert!(!verifier.has_token() || signature.is_some()),
                Err(error) => check_discreet(&error)?,
            }
            let _ = verifier.decrypt(&body);
        }
    }
}

#[cfg(feature = "testing")]
mod sealed {
    use super::*;
    use tencentcloud_runtime::callback::sender::{BodyForm, CallbackSender};

    fn senders() -> Vec<CallbackSender> {
        [BodyForm::EncryptObject, BodyForm::BareBase64]
            .into_iter()
            .map(|form| {
                CallbackSender::builder()
                    .callback_key(KEY)
                    .token(TOKEN)
                    .form(form)
                    .build()
                    .unwrap()
            })
            .collect()
    }

    /// Plaintexts around a marker: JSON-ish and not.
    fn plaintext() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            (
                proptest::collection::vec(any::<u8>(), 0..64),
                proptest::collection::vec(any::<u8>(), 0..64)
            )
                .prop_map(|(a, b)| [a, MARKER.as_bytes().to_vec(), b].concat()),
            envelope_like().prop_map(|v| v.to_string().into_bytes()),
            (json_value(), ".{0,8}")
                .prop_map(|(v, s)| format!("{{\"{MARKER}\":{v}{s}").into_bytes()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Encrypted and signed plaintexts: decrypted, then accepted or refused with
        /// an error that does not quote them.
        #[test]
        fn encrypted_plaintexts_never_panic_nor_leak(plaintext in plaintext()) {
            for sender in senders() {
                let sealed = sender.seal_plaintext(&plaintext);
                for verifier in verifiers() {
                    if let Err(error) = verifier.parse(&sealed.body, sealed.content_signature.as_deref()) {
                        check_discreet(&error)?;
                    }
                }
            }
        }

        /// Any change to a signed body is caught by the signature check; without a
        /// token the damaged body still never panics.
        #[test]
        fn damaged_sealed_bodies(index in any::<prop::sample::Index>(), flip in 1u8.., cut in any::<bool>()) {
            let envelope = tencentcloud_runtime::callback::Envelope::new(
                "id", "FlowStatusChange", "ThirdPartyApp", serde_json::json!({ "Note": MARKER }));
            for sender in senders() {
                let sealed = sender.seal(&envelope);
                let mut body = sealed.body.clone();
                let at = index.index(body.len());
                if cut { body.truncate(at) } else { body[at] ^= flip }
                let signed = CallbackVerifier::builder().callback_key(KEY).token(TOKEN).build().unwrap();
                let result = signed.parse(&body, sealed.content_signature.as_deref());
                prop_assert_eq!(result, Err(CallbackError::SignatureMismatch));
                let unsigned = CallbackVerifier::builder().callback_key(KEY).build().unwrap();
                if let Err(error) = unsigned.parse(&body, None) {
                    check_discreet(&error)?;
                }
            }
        }
    }
}
