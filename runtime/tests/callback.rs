//! `tencentcloud_runtime::callback`: the facts file's test vectors (§10), every
//! body form (§4), one error variant per failing step, and (feature `testing`) the
//! sender, pure and over HTTP.

use sha2::{Digest, Sha256};
use tencentcloud_runtime::callback::{
    CallbackConfigError, CallbackError, CallbackVerifier, Envelope, Parsed, DEFAULT_MAX_BODY_LEN,
};

/// Vector 1 (facts §10.1): enterprise V1 official sample, body form B.
const V1_KEY: &str = "TencentEssEncryptTestKey12345678";
const V1_BODY: &str = "YyYyLZonMceFMFFi5jRnnOWrOasvzmKtGAvRPq1IzuYma88UvTqyZy8QpNVMKxvJY3Sp+NJW6mgTfU35u7SbUon+QCjul1P9P6mcVRuVvYrM2DoFBDgjLURfX+CWnZ9m967nNqiubw9vj9ToysJDZyr0zo4NN1CCfvsyxnVNKhSNbRAy74x4SlLscZ/wcFwdy55S2rBxbjLCqViIj6llQFo74mLHJ8oumngBD1WJZ5ginDNEScPB7+cIHeKF5w3UvUpDqDIUjAj7KFUmIQM8/zY8EafhgCNhWRaGxuFxGF+iMqwC+HJYosbBmrKZ44+8xwL5WlXLx/Cf8bK7J4mJIWbKyul8PBE9Xh8lL/d0Ufnf4sUB0ypbdy/KIr+XQJgFjR2AQGENXvxxlCfdVY5svGfXYaaSSyDND1u9C8kMxQRfNHJye7ulTprROYTtq4GJ8UJQbJbuHvTcppGyMbGO2AvgXcoSogM0JuZzLK/gcPFIWIf9oFTg47M62sLf9YY7UASVITfA5LnE+/1clN4vn748wjS4tdxCL8wjWanPOONTPCMrwH0wsZ86xEf7aLl0/qBWGF13VYh4C4XgiDLtaOs6DdlzMz5EszWISpRRzfJLxcBnhHL9sQu7YWLZzRL6vmP1qtdWZbUYt4Z/eKff5gfmmDGHOxVjd3XhxhfHSdW3a8LzlMT3n69CPBEiOjXA4abshkiT6+hOlJ8uCws+ja2BSmwruqpUn4tq7Je91cT0AhGHuvq9s1VCB7vw8KsVimRHrC6eOa1rgm6qgQNP0fMgGRe+qu4BtfND1a/j9BBuIHQSjLSn2JB2P/EAvbb5J2iPVZj3SppgzhwVCgYUu+osA3LNC4NsYxm/yMs8mq7nOCIZd6D/BM9py5WKS6//e4mM6sY3/S2wOr8snkUsEuu5M35zyRcrCjIaRzV9OKZjP+aqkk2GcF/Figd3N/zCZ+WjC+L9r/ELHn64qEJxZDvXKXVE3dUOchbUPelCb3YO+Mub+76bnvt8IQ2MRf9NaFO7cWlh9mDWkZMXxmOTlxOxQtOeTrW+QywTkZaDGkP83HRjqXd7bn3YBcdFiOy/";
const V1_PLAINTEXT_SHA256: &str =
    "08500ca65bb490be15bc91974c58bc6e2dea2e8cee85eefc10e6428e6f17a62c";

/// Vector 2 (facts §10.2): envelope vector from Tencent's dispatcher tests.
const V2_KEY: &str = "CC23FB38AE1D47B09D939CFBAE64195F";
const V2_PLAINTEXT: &str = r#"{"MsgId":"yDtKOUUckpfzn1drUP8YGQwIiomArVih","MsgType":"TemplateAdd","MsgVersion":"CustomApp","MsgData":{"OrganizationId":"yDwJvUUckpk5rwf8Uxh4PcT1e3NS5wQn","OperatorUserId":"yDwJCUUckpk0y11sUxGkg4n1WsBQNkIp","TemplateId":"yDtKOUUckpfzdllkUuSHDA1uMECpNeoa","TemplateName":"sale-v1","CreateTime":1767146542}}"#;
const V2_PLAINTEXT_SHA256: &str =
    "fecb88f2835b4065dcfd96db2378c1a45c2580b4ccdaaeac160446b39251b9fa";
const V2_CIPHERTEXT: &str = "VV/zit1H66SsjoJ/yy6ezfESfFGjaoMCDElrlnnPf75bD6yWyRYnvLs+DJh8nR1+DOhtRKClQeLM69rBScm2nlS6NcxqAHm9aIlvl4dbp+OxVOmEwWb9nRV4l889u89RwV6BHtNpiwQN5x/e7f3Q1X6feX+zK78Sh3sP81KSIn7kEyrZSXlShJoY/mauraMiOldmMDzZ1AtiJ8nQ3S8L9W/WLoqgfeR8QnbsPkVYecuTdQAuA991C5ohw3OGTkaW5NiEVrRZ+EVi8OmacM6HuPZ0AWArQ1CE30d1PnWBwKXqLHdxqI8Jzk4DVC8ICDSjvuGiHJbupiFjo/f8IDHoJn96GPIed5mNBsZtFoHTqcTgn82nfzYBTZ4ExjFF4ONhgou2uvgXUwaT+2a/rVKRkYGQnoaB1R1kMEsUD8pYxcE=";

/// Vector 3 (facts §10.3): signatures with token `test_token_123`.
const V3_TOKEN: &str = "test_token_123";
const V3_SIGNATURE: &str =
    "sha256=605ece966b4dc234c1fa5df50c130e2410cb259739ea4ac9e5d1dd1b4e58c7d2";
const V3_PROBE_SIGNATURE: &str =
    "sha256=f5698f4208ddf09c5f9103aa38e6f42992e745dd5015fc43831e97e3a5723dba";

const KEY: &str = "0123456789abcdef0123456789ABCDEF";
const TOKEN: &str = "s3cret-token";

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn verifier(key: Option<&str>, token: Option<&str>) -> CallbackVerifier {
    let mut builder = CallbackVerifier::builder();
    if let Some(key) = key {
        builder = builder.callback_key(key);
    }
    if let Some(token) = token {
        builder = builder.token(token);
    }
    builder.build().expect("valid settings")
}

fn form_a(ciphertext: &str) -> Vec<u8> {
    format!(r#"{{"encrypt":"{ciphertext}"}}"#).into_bytes()
}

fn message(parsed: Parsed) -> Envelope {
    match parsed {
        Parsed::Message(envelope) => envelope,
        other => panic!("expected a V2 message, got {other:?}"),
    }
}

/// Every error's Display and Debug must not reveal any of these.
fn assert_discreet(error: &CallbackError, secrets: &[&str]) {
    let shown = format!("{error} {error:?}");
    for secret in secrets {
        assert!(
            !shown.contains(secret),
            "error {shown:?} reveals {secret:?}"
        );
    }
}

// ---------------------------------------------------------------- test vectors (§10)

#[test]
fn vector1_v1_sample_decrypts_exactly() {
    let verifier = verifier(Some(V1_KEY), None);
    assert_eq!(V1_BODY.len(), 1088);
    let plaintext = verifier.decrypt(V1_BODY.as_bytes()).unwrap();
    assert_eq!(plaintext.len(), 807);
    assert_eq!(sha256_hex(&plaintext), V1_PLAINTEXT_SHA256);

    // Body form B, a bare V1 flow object without envelope.
    let Parsed::LegacyV1(flow) = verifier.parse(V1_BODY.as_bytes(), None).unwrap() else {
        panic!("vector 1 is a bare V1 object")
    };
    let mut members: Vec<&str> = flow.keys().map(String::as_str).collect();
    members.sort_unstable();
    assert_eq!(
        members,
        [
            "Approvers",
            "CallbackType",
            "CallbackUrl",
            "CreateOn",
            "DeadLine",
            "DocumentId",
            "FlowCallbackStatus",
            "FlowDescription",
            "FlowId",
            "FlowName",
            "FlowType",
            "Operate",
            "RecipientId",
            "Unordered",
            "UpdatedOn",
            "UserData",
            "UserId"
        ]
    );
    assert_eq!(flow["CallbackType"], "sign");
    assert_eq!(flow["Operate"], "sign");
    assert_eq!(flow["CreateOn"], 1658892449);
    assert_eq!(flow["DeadLine"], 1661615999);
    assert_eq!(flow["UpdatedOn"], 1659604019);
    assert_eq!(flow["FlowCallbackStatus"], 4);
    assert_eq!(flow["Unordered"], true);
    let approvers = flow["Approvers"].as_array().unwrap();
    assert_eq!(approvers.len(), 1);
    let approver = approvers[0].as_object().unwrap();
    assert_eq!(approver["ApproverType"], 1);
    assert_eq!(approver["ApproveCallbackStatus"], 3);
    assert_eq!(approver["VerifyChannel"], "WEIXINAPP");
    assert_eq!(approver["Required"], true);
    assert_eq!(approver.len(), 13);

    // The same sample refused when legacy V1 messages are switched off.
    let strict = CallbackVerifier::builder()
        .callback_key(V1_KEY)
        .accept_legacy_v1(false)
        .build()
        .unwrap();
    let error = strict.parse(V1_BODY.as_bytes(), None).unwrap_err();
    assert!(matches!(&error, CallbackError::NotEnvelope { path, .. } if path == "$.MsgId"));
}

#[test]
fn vector2_envelope_decrypts_exactly_in_forms_a_and_b() {
    let verifier = verifier(Some(V2_KEY), None);
    let plaintext = verifier.decrypt(V2_CIPHERTEXT.as_bytes()).unwrap();
    assert_eq!(plaintext, V2_PLAINTEXT.as_bytes());
    assert_eq!(plaintext.len(), 306);
    assert_eq!(sha256_hex(&plaintext), V2_PLAINTEXT_SHA256);

    let expected: serde_json::Value = serde_json::from_str(V2_PLAINTEXT).unwrap();
    for body in [form_a(V2_CIPHERTEXT), V2_CIPHERTEXT.as_bytes().to_vec()] {
        let envelope = message(verifier.parse(&body, None).unwrap());
        assert_eq!(envelope.msg_id, "yDtKOUUckpfzn1drUP8YGQwIiomArVih");
        assert_eq!(envelope.msg_type, "TemplateAdd");
        assert_eq!(envelope.msg_version, "CustomApp");
        assert_eq!(envelope.msg_data, expected["MsgData"]);
        assert_eq!(envelope.msg_data["CreateTime"], 1767146542);
        assert!(envelope.extra.is_empty());
        assert_eq!(serde_json::to_value(&envelope).unwrap(), expected);
    }
}

#[test]
fn vector3_signatures_verify() {
    let verifier = verifier(Some(V2_KEY), Some(V3_TOKEN));
    let body = form_a(V2_CIPHERTEXT);
    assert_eq!(body.len(), 442);
    let envelope = message(verifier.parse(&body, Some(V3_SIGNATURE)).unwrap());
    assert_eq!(envelope.msg_type, "TemplateAdd");
    assert_eq!(
        verifier.parse(b"{}", Some(V3_PROBE_SIGNATURE)).unwrap(),
        Parsed::Probe
    );

    // Header case and surrounding blanks do not matter; the digest does.
    let upper = V3_SIGNATURE.to_ascii_uppercase();
    assert!(verifier.parse(&body, Some(&upper)).is_ok());
    assert!(verifier
        .parse(&body, Some(&format!(" {V3_SIGNATURE} ")))
        .is_ok());
    assert_eq!(
        verifier.parse(&body, Some(V3_PROBE_SIGNATURE)),
        Err(CallbackError::SignatureMismatch)
    );
}

// ---------------------------------------------------------------- body forms (§4)

#[test]
fn plaintext_message_keeps_every_member() {
    let body = br#"{"MsgId":"m1","MsgType":"OrgAuth","MsgVersion":"ThirdPartyApp",
        "MsgData":{"ApplicationId":"app","AuthSuccess":true,"Unknown":{"x":[1,2]}},"Later":7}"#;
    let envelope = message(verifier(None, None).parse(body, None).unwrap());
    assert_eq!(envelope.msg_id, "m1");
    assert_eq!(envelope.msg_type, "OrgAuth");
    assert_eq!(envelope.msg_version, "ThirdPartyApp");
    assert_eq!(envelope.msg_data["Unknown"]["x"][1], 2);
    assert_eq!(envelope.msg_data.as_object().unwrap().len(), 3);
    assert_eq!(envelope.extra["Later"], 7);
    assert_eq!(envelope.extra.len(), 1);
}

#[test]
fn msg_data_sent_as_a_json_string_is_decoded() {
    let body = br#"{"MsgId":"m","MsgType":"OrgOpenTsignBiz","MsgVersion":"ThirdPartyApp","MsgData":"{\"OpenSuccess\":true}"}"#;
    let envelope = message(verifier(None, None).parse(body, None).unwrap());
    assert_eq!(envelope.msg_data, serde_json::json!({"OpenSuccess": true}));

    let body = br#"{"MsgId":"m","MsgType":"T","MsgVersion":"V","MsgData":"not json"}"#;
    let error = verifier(None, None).parse(body, None).unwrap_err();
    assert!(matches!(&error, CallbackError::NotEnvelope { path, .. } if path == "$.MsgData"));
    assert_discreet(&error, &["not json"]);
}

#[test]
fn plaintext_with_a_key_is_refused_unless_allowed() {
    let body = br#"{"MsgId":"m","MsgType":"T","MsgVersion":"V","MsgData":{}}"#;
    assert_eq!(
        verifier(Some(KEY), None).parse(body, None),
        Err(CallbackError::Unencrypted)
    );
    let lenient = CallbackVerifier::builder()
        .callback_key(KEY)
        .allow_plaintext(true)
        .build()
        .unwrap();
    assert_eq!(message(lenient.parse(body, None).unwrap()).msg_type, "T");
}

#[test]
fn probe_is_recognised_in_every_configuration() {
    for v in [
        verifier(None, None),
        verifier(Some(KEY), None),
        verifier(None, Some(V3_TOKEN)),
        verifier(Some(KEY), Some(V3_TOKEN)),
    ] {
        assert_eq!(v.parse(b"{}", None).unwrap(), Parsed::Probe);
        assert_eq!(v.parse(b" {\n}\r\n", None).unwrap(), Parsed::Probe);
    }
    // A probe's signature, when sent, is checked.
    let v = verifier(None, Some(V3_TOKEN));
    assert_eq!(
        v.parse(b"{}", Some(V3_PROBE_SIGNATURE)).unwrap(),
        Parsed::Probe
    );
    assert_eq!(
        v.parse(b"{}", Some(V3_SIGNATURE)),
        Err(CallbackError::SignatureMismatch)
    );
    // Only `{}` is a probe: anything else without a header is refused.
    assert_eq!(
        v.parse(br#"{"a":1}"#, None),
        Err(CallbackError::SignatureMissing)
    );
}

#[test]
fn encrypted_body_without_a_key_is_key_missing() {
    let v = verifier(None, None);
    assert_eq!(
        v.parse(&form_a(V2_CIPHERTEXT), None),
        Err(CallbackError::KeyMissing)
    );
    assert_eq!(
        v.parse(V2_CIPHERTEXT.as_bytes(), None),
        Err(CallbackError::KeyMissing)
    );
    assert_eq!(
        v.decrypt(V2_CIPHERTEXT.as_bytes()),
        Err(CallbackError::KeyMissing)
    );
}

// ---------------------------------------------------------------- one variant per failure

#[test]
fn tampered_body_is_a_signature_mismatch() {
    let v = verifier(Some(V2_KEY), Some(V3_TOKEN));
    let mut body = form_a(V2_CIPHERTEXT);
    body[20] ^= 0x01;
    assert_eq!(
        v.parse(&body, Some(V3_SIGNATURE)),
        Err(CallbackError::SignatureMismatch)
    );
    let mut longer = form_a(V2_CIPHERTEXT);
    longer.push(b' ');
    assert_eq!(
        v.parse(&longer, Some(V3_SIGNATURE)),
        Err(CallbackError::SignatureMismatch)
    );
}

#[test]
fn wrong_token_is_a_signature_mismatch() {
    let v = verifier(Some(V2_KEY), Some("test_token_124"));
    let error = v
        .parse(&form_a(V2_CIPHERTEXT), Some(V3_SIGNATURE))
        .unwrap_err();
    assert_eq!(error, CallbackError::SignatureMismatch);
    assert_discreet(&error, &["test_token_124", V3_TOKEN, V2_KEY]);
}

#[test]
fn missing_and_malformed_signatures() {
    let v = verifier(Some(V2_KEY), Some(V3_TOKEN));
    let body = form_a(V2_CIPHERTEXT);
    assert_eq!(v.parse(&body, None), Err(CallbackError::SignatureMissing));
    let digest = &V3_SIGNATURE["sha256=".len()..];
    for bad in [
        digest.to_owned(),
        format!("sha1={digest}"),
        format!("sha256={}", &digest[..63]),
        format!("sha256={digest}0"),
        format!("sha256={}g", &digest[..63]),
        "sha256=".to_owned(),
        String::new(),
        "sha25é=".to_owned(),
    ] {
        let error = v.parse(&body, Some(&bad)).unwrap_err();
        assert!(
            matches!(error, CallbackError::SignatureMalformed { .. }),
            "{bad:?}: {error:?}"
        );
    }
}

#[test]
fn wrong_key_fails_decryption() {
    let v = verifier(Some("CC23FB38AE1D47B09D939CFBAE64195E"), None);
    let error = v.parse(&form_a(V2_CIPHERTEXT), None).unwrap_err();
    assert!(matches!(error, CallbackError::Decrypt { .. }), "{error:?}");
    assert_discreet(
        &error,
        &["CC23FB38AE1D47B09D939CFBAE64195", "TemplateAdd", "sale-v1"],
    );
}

#[test]
fn truncated_or_damaged_base64_is_a_base64_error() {
    let v = verifier(Some(V2_KEY), None);
    for ciphertext in [
        &V2_CIPHERTEXT[..V2_CIPHERTEXT.len() - 1],
        &V2_CIPHERTEXT[..V2_CIPHERTEXT.len() - 2],
        &V2_CIPHERTEXT[..5],
        "VV/z*t1H",
        "VV/zit1H66S=sjoJ",
    ] {
        let error = v.parse(&form_a(ciphertext), None).unwrap_err();
        assert!(
            matches!(error, CallbackError::Base64 { .. }),
            "{ciphertext}: {error:?}"
        );
        let error = v.parse(ciphertext.as_bytes(), None).unwrap_err();
        assert!(
            matches!(error, CallbackError::Base64 { .. }),
            "{ciphertext}: {error:?}"
        );
    }
}

#[test]
fn bad_padding_and_partial_blocks_are_decrypt_errors() {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    let v = verifier(Some(V2_KEY), None);
    let mut raw = STANDARD.decode(V2_CIPHERTEXT).unwrap();
    // Flipping the last byte of the next-to-last block flips the last padding byte
    // (14 bytes of 0x0e become ... 0x0f): invalid PKCS#7.
    let at = raw.len() - 17;
    raw[at] ^= 0x01;
    let error = v.parse(&form_a(&STANDARD.encode(&raw)), None).unwrap_err();
    assert!(
        matches!(error, CallbackError::Decrypt { reason } if reason.contains("padding")),
        "{error:?}"
    );

    // A whole number of blocks cut off at a base64 quad boundary: 318 bytes.
    let raw = STANDARD.decode(V2_CIPHERTEXT).unwrap();
    let error = v
        .parse(&form_a(&STANDARD.encode(&raw[..318])), None)
        .unwrap_err();
    assert!(matches!(error, CallbackError::Decrypt { .. }), "{error:?}");
    // Empty ciphertext.
    assert!(matches!(
        v.parse(&form_a(""), None),
        Err(CallbackError::Decrypt { .. })
    ));
}

#[test]
fn not_an_envelope_names_the_path() {
    let v = verifier(None, None);
    let cases: [(&[u8], &str); 9] = [
        (b"hello world", "$"),
        (b"{\"MsgId\":", "$"),
        (b"[1,2]", "$"),
        (b"", "$"),
        (br#"{"encrypt":42}"#, "$.encrypt"),
        (
            br#"{"MsgId":7,"MsgType":"T","MsgVersion":"V","MsgData":{}}"#,
            "$.MsgId",
        ),
        (
            br#"{"MsgId":"m","MsgVersion":"V","MsgData":{}}"#,
            "$.MsgType",
        ),
        (
            br#"{"MsgId":"m","MsgType":"T","MsgVersion":null,"MsgData":{}}"#,
            "$.MsgVersion",
        ),
        (
            br#"{"MsgId":"m","MsgType":"T","MsgVersion":"V","MsgData":[1]}"#,
            "$.MsgData",
        ),
    ];
    for (body, want) in cases {
        let error = v.parse(body, None).unwrap_err();
        match &error {
            CallbackError::NotEnvelope { path, .. } => {
                assert_eq!(path, want, "{}", String::from_utf8_lossy(body))
            }
            other => panic!("{}: {other:?}", String::from_utf8_lossy(body)),
        }
    }
}

#[test]
fn over_size_body_is_refused_before_anything_else() {
    let v = verifier(Some(KEY), Some(TOKEN));
    assert_eq!(v.max_body_len(), DEFAULT_MAX_BODY_LEN);
    let body = vec![b'A'; DEFAULT_MAX_BODY_LEN + 1];
    assert_eq!(
        v.parse(&body, None),
        Err(CallbackError::BodyTooLarge {
            len: DEFAULT_MAX_BODY_LEN + 1,
            limit: DEFAULT_MAX_BODY_LEN
        })
    );
    let small = CallbackVerifier::builder()
        .max_body_len(16)
        .build()
        .unwrap();
    assert!(matches!(
        small.parse(&form_a(V2_CIPHERTEXT), None),
        Err(CallbackError::BodyTooLarge {
            len: 442,
            limit: 16
        })
    ));
    assert_eq!(small.parse(b"{}", None).unwrap(), Parsed::Probe);
    assert_eq!(
        small.parse_http(&Default::default(), &[b' '; 17]),
        Err(CallbackError::BodyTooLarge { len: 17, limit: 16 })
    );
}

#[test]
fn parse_http_reads_the_signature_header() {
    use reqwest::header::{HeaderMap, HeaderValue};
    let v = verifier(Some(V2_KEY), Some(V3_TOKEN));
    let body = form_a(V2_CIPHERTEXT);
    let mut headers = HeaderMap::new();
    assert_eq!(
        v.parse_http(&headers, &body),
        Err(CallbackError::SignatureMissing)
    );
    headers.insert("content-signature", HeaderValue::from_static(V3_SIGNATURE));
    assert!(matches!(
        v.parse_http(&headers, &body),
        Ok(Parsed::Message(_))
    ));
    headers.append("Content-Signature", HeaderValue::from_static(V3_SIGNATURE));
    assert!(matches!(
        v.parse_http(&headers, &body),
        Err(CallbackError::SignatureMalformed { .. })
    ));
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-signature",
        HeaderValue::from_bytes(b"sha256=\xff").unwrap(),
    );
    assert!(matches!(
        v.parse_http(&headers, &body),
        Err(CallbackError::SignatureMalformed { .. })
    ));
    // Without a token the header is not looked at.
    let v = verifier(Some(V2_KEY), None);
    assert!(matches!(
        v.parse_http(&headers, &body),
        Ok(Parsed::Message(_))
    ));
}

// ---------------------------------------------------------------- settings

#[test]
fn bad_settings_are_refused_at_build_time() {
    let build = |key: &str| {
        CallbackVerifier::builder()
            .callback_key(key)
            .build()
            .map(|_| ())
    };
    assert_eq!(
        build("0123456789abcdef0123456789abcde"),
        Err(CallbackConfigError::KeyLength { chars: 31 })
    );
    assert_eq!(
        build(&format!("{KEY}0")),
        Err(CallbackConfigError::KeyLength { chars: 33 })
    );
    assert_eq!(
        build(&"ab".repeat(32)),
        Err(CallbackConfigError::KeyLength { chars: 64 })
    );
    assert_eq!(build(""), Err(CallbackConfigError::KeyLength { chars: 0 }));
    assert_eq!(
        build("0123456789abcdef0123456789abcdeé"),
        Err(CallbackConfigError::KeyCharacters)
    );
    assert_eq!(
        build("0123456789abcdef 123456789abcdef"),
        Err(CallbackConfigError::KeyCharacters)
    );
    assert_eq!(
        CallbackVerifier::builder().token("").build().map(|_| ()),
        Err(CallbackConfigError::EmptyToken)
    );
    assert_eq!(
        CallbackVerifier::builder()
            .max_body_len(0)
            .build()
            .map(|_| ()),
        Err(CallbackConfigError::ZeroBodyLimit)
    );
    let error = build("my-secret-key-that-is-too-long-by-far").unwrap_err();
    assert!(!format!("{error} {error:?}").contains("my-secret"));
}

#[test]
fn debug_output_redacts_key_and_token() {
    let builder = CallbackVerifier::builder().callback_key(KEY).token(TOKEN);
    let shown = format!("{builder:?}");
    let v = builder.build().unwrap();
    let shown = format!("{shown} {v:?}");
    assert!(shown.contains("redacted"));
    assert!(
        !shown.contains(KEY) && !shown.contains(&KEY[..16]) && !shown.contains(TOKEN),
        "{shown}"
    );
    assert!(v.has_key() && v.has_token());
}

// ---------------------------------------------------------------- sender (feature `testing`)

#[cfg(feature = "testing")]
mod sender {
    use super::*;
    use tencentcloud_runtime::callback::sender::{
        self, BodyForm, CallbackSender, Delivery, SealedCallback,
    };
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn sample() -> Envelope {
        let mut envelope = Envelope::new(
            "yDtKOUUckpfzn1drUP8YGQwIiomArVih",
            "FlowStatusChange",
            "ThirdPartyApp",
            serde_json::json!({"FlowId": "f", "FlowCallbackStatus": 4, "Approvers": [{"ApproverType": 1}],
                "Note": "秘密的合同 secret-plaintext-marker"}),
        );
        envelope
            .extra
            .insert("Later".into(), serde_json::json!(true));
        envelope
    }

    #[test]
    fn sender_reproduces_the_vectors() {
        assert_eq!(
            sender::encrypt(V2_KEY, V2_PLAINTEXT.as_bytes()).unwrap(),
            V2_CIPHERTEXT
        );
        let body = form_a(V2_CIPHERTEXT);
        assert_eq!(
            sender::content_signature(V3_TOKEN, &body).unwrap(),
            V3_SIGNATURE
        );
        assert_eq!(
            sender::content_signature(V3_TOKEN, b"{}").unwrap(),
            V3_PROBE_SIGNATURE
        );

        let s = CallbackSender::builder()
            .callback_key(V2_KEY)
            .token(V3_TOKEN)
            .build()
            .unwrap();
        assert_eq!(s.form(), BodyForm::EncryptObject);
        let sealed = s.seal_plaintext(V2_PLAINTEXT.as_bytes());
        assert_eq!(
            sealed,
            SealedCallback {
                body,
                content_signature: Some(V3_SIGNATURE.to_owned()),
                content_type: "application/json"
            }
        );
        assert_eq!(
            s.probe().content_signature.as_deref(),
            Some(V3_PROBE_SIGNATURE)
        );
    }

    #[test]
    fn round_trip_in_every_form() {
        let envelope = sample();
        for form in [
            BodyForm::EncryptObject,
            BodyForm::BareBase64,
            BodyForm::Plaintext,
        ] {
            for token in [None, Some(TOKEN)] {
                let mut builder = CallbackSender::builder().form(form);
                if form != BodyForm::Plaintext {
                    builder = builder.callback_key(KEY);
                }
                if let Some(token) = token {
                    builder = builder.token(token);
                }
                let sealed = builder.build().unwrap().seal(&envelope);
                assert_eq!(sealed.content_signature.is_some(), token.is_some());
                let key = (form != BodyForm::Plaintext).then_some(KEY);
                let parsed = verifier(key, token)
                    .parse(&sealed.body, sealed.content_signature.as_deref())
                    .unwrap();
                assert_eq!(
                    parsed,
                    Parsed::Message(envelope.clone()),
                    "{form:?} {token:?}"
                );
            }
        }
    }

    #[test]
    fn pure_seal_gives_body_and_signature() {
        let envelope = sample();
        let (body, signature) = sender::seal(&envelope, Some(KEY), Some(TOKEN)).unwrap();
        assert!(body.starts_with(br#"{"encrypt":""#));
        let signature = signature.unwrap();
        assert_eq!(signature, sender::content_signature(TOKEN, &body).unwrap());
        assert_eq!(signature.len(), "sha256=".len() + 64);
        let parsed = verifier(Some(KEY), Some(TOKEN))
            .parse(&body, Some(&signature))
            .unwrap();
        assert_eq!(parsed, Parsed::Message(envelope.clone()));

        let (body, signature) = sender::seal(&envelope, None, None).unwrap();
        assert_eq!(signature, None);
        assert_eq!(body, envelope.to_json_bytes());
        assert_eq!(
            sender::seal(&envelope, Some("short"), None),
            Err(CallbackConfigError::KeyLength { chars: 5 })
        );
        assert_eq!(
            CallbackSender::builder()
                .form(BodyForm::BareBase64)
                .build()
                .map(|_| ()),
            Err(CallbackConfigError::FormNeedsKey)
        );
    }

    #[test]
    fn non_json_plaintext_is_not_an_envelope_and_is_not_shown() {
        let v = verifier(Some(KEY), Some(TOKEN));
        let s = CallbackSender::builder()
            .callback_key(KEY)
            .token(TOKEN)
            .build()
            .unwrap();
        for plaintext in [
            &b"secret-plaintext-marker, not JSON"[..],
            b"\xff\xfe secret-plaintext-marker",
            br#"["secret-plaintext-marker"]"#,
            br#"{"MsgId":"secret-plaintext-marker","MsgType":1}"#,
            br#"{"secret-plaintext-marker": "#,
            b"",
        ] {
            let sealed = s.seal_plaintext(plaintext);
            let error = v
                .parse(&sealed.body, sealed.content_signature.as_deref())
                .unwrap_err();
            assert!(
                matches!(error, CallbackError::NotEnvelope { .. }),
                "{error:?}"
            );
            assert_discreet(&error, &["secret-plaintext-marker", KEY, TOKEN, &KEY[..16]]);
        }
        // Plaintext decrypted inside a bare-base64 body, too.
        let bare = CallbackSender::builder()
            .callback_key(KEY)
            .form(BodyForm::BareBase64)
            .build()
            .unwrap();
        let sealed = bare.seal_plaintext(b"secret-plaintext-marker");
        assert_eq!(sealed.content_type, "text/plain");
        let error = verifier(Some(KEY), None)
            .parse(&sealed.body, None)
            .unwrap_err();
        assert!(
            matches!(error, CallbackError::NotEnvelope { .. }),
            "{error:?}"
        );
    }

    /// A minimal receiver: one request per connection, answers 200 to messages and
    /// probes, 400 with the error text otherwise.
    async fn receiver(verifier: CallbackVerifier) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/callback", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut data = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head_len, body_len, headers) = loop {
                    let n = stream.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "connection closed before the headers ended");
                    data.extend_from_slice(&chunk[..n]);
                    if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8(data[..end].to_vec()).unwrap();
                        let mut headers = reqwest::header::HeaderMap::new();
                        for line in head.lines().skip(1) {
                            let (name, value) = line.split_once(':').unwrap();
                            headers.append(
                                reqwest::header::HeaderName::from_bytes(name.trim().as_bytes())
                                    .unwrap(),
                                value.trim().parse().unwrap(),
                            );
                        }
                        assert!(head.starts_with("POST /callback "), "{head}");
                        let len: usize =
                            headers["content-length"].to_str().unwrap().parse().unwrap();
                        break (end + 4, len, headers);
                    }
                };
                while data.len() < head_len + body_len {
                    let n = stream.read(&mut chunk).await.unwrap();
                    assert!(n > 0);
                    data.extend_from_slice(&chunk[..n]);
                }
                let body = &data[head_len..head_len + body_len];
                let (status, answer) = match verifier.parse_http(&headers, body) {
                    Ok(Parsed::Message(envelope)) => ("200 OK", envelope.msg_type),
                    Ok(Parsed::Probe) => ("200 OK", "probe".to_owned()),
                    Ok(_) => ("200 OK", "legacy".to_owned()),
                    Err(error) => ("400 Bad Request", error.to_string()),
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                    answer.len()
                );
                stream.write_all(response.as_bytes()).await.unwrap();
            }
        });
        url
    }

    #[tokio::test]
    async fn sender_posts_to_a_receiver() {
        let url = receiver(verifier(Some(KEY), Some(TOKEN))).await;
        let s = CallbackSender::builder()
            .callback_key(KEY)
            .token(TOKEN)
            .build()
            .unwrap();
        let delivery = s.send(&url, &sample()).await.unwrap();
        assert_eq!(
            delivery,
            Delivery {
                status: 200,
                body: b"FlowStatusChange".to_vec()
            }
        );
        assert_eq!(s.deliver(&url, &s.probe()).await.unwrap().body, b"probe");

        let wrong = CallbackSender::builder()
            .callback_key(KEY)
            .token("other")
            .build()
            .unwrap();
        let delivery = wrong.send(&url, &sample()).await.unwrap();
        assert_eq!(delivery.status, 400);
        assert_eq!(
            delivery.body,
            CallbackError::SignatureMismatch.to_string().into_bytes()
        );

        let mut tampered = s.seal(&sample());
        tampered.body.insert(1, b' ');
        assert_eq!(s.deliver(&url, &tampered).await.unwrap().status, 400);

        // Legacy form B, text/plain, carrying vector 1's kind of bare V1 object.
        let bare = CallbackSender::builder()
            .callback_key(KEY)
            .token(TOKEN)
            .form(BodyForm::BareBase64)
            .build()
            .unwrap();
        let sealed = bare.seal_plaintext(br#"{"FlowId":"f","FlowCallbackStatus":4}"#);
        let delivery = sender::deliver_with(&reqwest::Client::new(), &url, &sealed)
            .await
            .unwrap();
        assert_eq!(
            delivery,
            Delivery {
                status: 200,
                body: b"legacy".to_vec()
            }
        );
    }
}

#[test]
fn public_types_are_shareable_errors() {
    fn shareable<T: Send + Sync + 'static>() {}
    fn error<T: std::error::Error + Send + Sync + 'static>() {}
    shareable::<CallbackVerifier>();
    shareable::<Parsed>();
    shareable::<Envelope>();
    error::<CallbackError>();
    error::<CallbackConfigError>();
}
