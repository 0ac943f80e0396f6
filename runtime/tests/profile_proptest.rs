//! Property tests of the profile-file reader (`ProfileProvider::parse` and
//! `read_file`): any text or bytes give credentials or an error, never a panic; a
//! well-formed file in any of the accepted spellings (both separators, spaces, quotes,
//! comments, other sections, BOM, CRLF) gives exactly its `[default]` values; and no
//! error shows the secret key.
//!
//! Bounded for `cargo test`: 256 cases per property (`PROPTEST_CASES` overrides).

use proptest::prelude::*;
use tencentcloud_runtime::credentials::ProfileProvider;
use tencentcloud_runtime::CredentialsError;

const MARKER: &str = "SECRET-MARKER-7f3a";

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One line of a well-formed `key <sep> value` pair, in any accepted spelling.
fn pair(key: &'static str, value: String) -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["=", ":", " = ", " : ", "= ", " ="]),
        prop::sample::select(vec!["", "\"", "'"]),
        prop::sample::select(vec!["", " ", "\t"]),
    )
        .prop_map(move |(sep, quote, trailing)| {
            format!("{key}{sep}{quote}{value}{quote}{trailing}")
        })
}

fn comment() -> impl Strategy<Value = String> {
    ("[#;]", "[ -~]{0,20}", prop::sample::select(vec!["", "  "]))
        .prop_map(|(mark, text, indent)| format!("{indent}{mark}{text}"))
}

/// Blank lines and comments.
fn filler() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop_oneof![Just(String::new()), comment()], 0..3)
}

/// A section that is not `[default]`, with decoy credentials.
fn other_section() -> impl Strategy<Value = Vec<String>> {
    ("[a-z]{1,8}", filler()).prop_map(|(name, filler)| {
        let name = if name == "default" {
            "other".into()
        } else {
            name
        };
        let mut lines = vec![format!("[{name}]"), "secret_id = DECOY".into()];
        lines.extend(filler);
        lines.push("secret_key: decoy".into());
        lines
    })
}

/// `(file text, id, key, token)`.
fn profile() -> impl Strategy<Value = (String, String, String, Option<String>)> {
    let id = "AKID[A-Za-z0-9_-]{1,24}";
    let key = "[A-Za-z0-9+/=#;:_-]{0,38}[A-Za-z0-9]";
    let token = prop::option::of("[A-Za-z0-9+/=_-]{1,40}");
    (id, key, token).prop_flat_map(|(id, key, token)| {
        let mut lines: Vec<BoxedStrategy<Vec<String>>> = vec![
            pair("secret_id", id.clone()).prop_map(|l| vec![l]).boxed(),
            pair("secret_key", key.clone())
                .prop_map(|l| vec![l])
                .boxed(),
        ];
        if let Some(t) = &token {
            lines.push(pair("token", t.clone()).prop_map(|l| vec![l]).boxed());
        }
        (
            any::<bool>(),
            any::<bool>(),
            filler(),
            prop::option::of(other_section()),
            Just(lines).prop_flat_map(|l| l).prop_shuffle(),
            filler(),
            prop::option::of(other_section()),
        )
            .prop_map(move |(bom, crlf, head, before, pairs, tail, after)| {
                let mut all: Vec<String> = head;
                all.extend(before.unwrap_or_default());
                all.push("[default]".into());
                for (i, p) in pairs.into_iter().enumerate() {
                    all.extend(p);
                    if i == 0 {
                        all.extend(tail.clone());
                    }
                }
                all.extend(after.unwrap_or_default());
                let newline = if crlf { "\r\n" } else { "\n" };
                let text = format!(
                    "{}{}{newline}",
                    if bom { "\u{feff}" } else { "" },
                    all.join(newline)
                );
                (text, id.clone(), key.clone(), token.clone())
            })
    })
}

/// Text that looks like INI more often than arbitrary strings do, with the marker
/// secret key somewhere.
fn ini_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[default]".to_owned()),
        Just("[default".to_owned()),
        Just("default]".to_owned()),
        Just("[]".to_owned()),
        Just("secret_id = AKIDx".to_owned()),
        Just("secret_id =".to_owned()),
        Just("token: \"".to_owned()),
        Just(format!("secret_key = {MARKER}")),
        Just(format!("secret_key = \" {MARKER}\"")),
        Just(format!("secret_key {MARKER}")),
        Just(format!("[{MARKER}]")),
        "[ -~]{0,30}",
        any::<String>(),
    ];
    (
        prop::collection::vec(line, 0..12),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(|(lines, newline)| lines.join(newline))
}

fn discreet(error: &CredentialsError) -> Result<(), TestCaseError> {
    let shown = format!("{error} {error:?}");
    prop_assert!(!shown.contains(MARKER), "{shown}");
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn well_formed_files_give_exactly_their_default_section((text, id, key, token) in profile()) {
        let c = ProfileProvider::parse(&text)
            .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(c.secret_id(), id.as_str(), "{:?}", text);
        prop_assert_eq!(c.secret_key(), key.as_str(), "{:?}", text);
        prop_assert_eq!(c.token(), token.as_deref(), "{:?}", text);
    }

    #[test]
    fn any_text_gives_credentials_or_a_discreet_error(text in prop_oneof![any::<String>(), ini_like()]) {
        match ProfileProvider::parse(&text) {
            Ok(c) => {
                // Whatever was read passed the checks: no blank or padded values.
                prop_assert!(!c.secret_id().is_empty() && c.secret_id().trim() == c.secret_id());
                prop_assert!(!c.secret_key().is_empty() && c.secret_key().trim() == c.secret_key());
            }
            Err(e) => discreet(&e)?,
        }
    }

    #[test]
    fn any_bytes_in_a_file_give_credentials_or_an_error(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            ini_like().prop_map(String::into_bytes),
            ini_like().prop_map(|t| { let mut b = t.into_bytes(); b.push(0xFF); b }),
        ]
    ) {
        let path = std::env::temp_dir().join(format!("profile-proptest-{}", std::process::id()));
        std::fs::write(&path, &bytes).unwrap();
        let result = ProfileProvider::read_file(&path);
        let _ = std::fs::remove_file(&path);
        match result {
            Ok(_) => prop_assert!(std::str::from_utf8(&bytes).is_ok()),
            Err(e) => {
                discreet(&e)?;
                if std::str::from_utf8(&bytes).is_err() {
                    prop_assert!(matches!(e, CredentialsError::Io { .. }), "{e:?}");
                }
            }
        }
    }
}
