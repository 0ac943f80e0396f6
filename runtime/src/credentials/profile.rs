//! The profile file (`~/.tencentcloud/credentials`), read with an INI parser.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use configparser::ini::Ini;

use super::{Credentials, CredentialsError, CredentialsProvider, ENV_CREDENTIALS_FILE};
use crate::boxed::BoxFuture;

/// Reads the `[default]` section of the profile file (INI): keys `secret_id`,
/// `secret_key` and, optionally, `token`.
///
/// The file is `$TENCENTCLOUD_CREDENTIALS_FILE` when set, else
/// `~/.tencentcloud/credentials`. It is read on every call.
#[derive(Debug, Clone, Default)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
}

impl ProfileProvider {
    /// Uses the default path resolution.
    pub fn new() -> Self {
        ProfileProvider { path: None }
    }

    /// Uses a fixed file.
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        ProfileProvider {
            path: Some(path.into()),
        }
    }

    /// The path that would be read, given a variable lookup.
    pub fn resolve_path(&self, lookup: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
        if let Some(p) = &self.path {
            return Some(p.clone());
        }
        if let Some(p) = lookup(ENV_CREDENTIALS_FILE).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        let home = lookup("HOME")
            .or_else(|| lookup("USERPROFILE"))
            .filter(|h| !h.is_empty())?;
        Some(Path::new(&home).join(".tencentcloud").join("credentials"))
    }

    /// Reads credentials from the file `path`.
    pub fn read_file(path: &Path) -> Result<Credentials, CredentialsError> {
        let text = std::fs::read_to_string(path).map_err(|source| CredentialsError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text).map_err(|e| match e {
            CredentialsError::Missing(m) => {
                CredentialsError::Missing(format!("{}: {m}", path.display()))
            }
            other => other,
        })
    }

    /// Parses the text of a profile file: the `[default]` section's `secret_id`,
    /// `secret_key` and optional `token`.
    ///
    /// The INI dialect is that of Tencent's Python and Go SDKs: `key = value` or
    /// `key: value`, whole-line `#` and `;` comments (no inline comments, so a `#` or
    /// `;` inside a value is kept), a leading UTF-8 byte-order mark and CRLF line ends
    /// accepted, surrounding spaces trimmed, and one pair of matching quotes around a
    /// value removed. Section and key names are case-sensitive; keys before any
    /// section belong to none.
    ///
    /// Errors: [`CredentialsError::Missing`] naming what the section lacks (or that
    /// there is no `[default]` section), [`CredentialsError::Invalid`] for a
    /// malformed file or unusable values (see [`Credentials::check`]).
    pub fn parse(text: &str) -> Result<Credentials, CredentialsError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut defaults = Ini::new_cs().defaults();
        // Keys outside any section must not count as `[default]`.
        defaults.default_section = "\u{0}no section".into();
        defaults.enable_inline_comments = false;
        let mut ini = Ini::new_from_defaults(defaults);
        let sections = ini
            .read(text.to_owned())
            .map_err(|e| CredentialsError::Invalid(format!("malformed profile file: {e}")))?;
        let section = sections.get("default").ok_or_else(|| {
            CredentialsError::Missing("no [default] section in the profile file".into())
        })?;
        let get = |key: &str| {
            section
                .get(key)
                .and_then(|v| v.as_deref())
                .map(unquote)
                .filter(|v| !v.is_empty())
        };
        let (id, key) = match (get("secret_id"), get("secret_key")) {
            (Some(id), Some(key)) => (id, key),
            (Some(_), None) => {
                return Err(CredentialsError::Missing(
                    "section [default] has secret_id but no secret_key".into(),
                ))
            }
            (None, Some(_)) => {
                return Err(CredentialsError::Missing(
                    "section [default] has secret_key but no secret_id".into(),
                ))
            }
            (None, None) => {
                return Err(CredentialsError::Missing(
                    "section [default] has no secret_id and no secret_key".into(),
                ))
            }
        };
        let mut c = Credentials::new(id, key);
        c.token = get("token").map(str::to_owned);
        c.check(SystemTime::now()).map_err(|e| match e {
            CredentialsError::Invalid(m) => {
                CredentialsError::Invalid(format!("profile [default]: {m}"))
            }
            other => other,
        })?;
        Ok(c)
    }

    pub(super) fn load(
        &self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Credentials, CredentialsError> {
        let path = self.resolve_path(lookup).ok_or_else(|| {
            CredentialsError::Missing("no home directory for the profile file".into())
        })?;
        Self::read_file(&path)
    }
}

impl CredentialsProvider for ProfileProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.load(|k| std::env::var(k).ok()) })
    }
}

/// `value` without one pair of matching surrounding quotes (`"..."` or `'...'`), as
/// Tencent's Go SDK reads its profile.
fn unquote(value: &str) -> &str {
    let v = value.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::vars;

    #[test]
    fn profile_parse() {
        let text = "# comment\n[other]\nsecret_id = no\nsecret_key = no\n\n[default]\n secret_id = AKIDp \nsecret_key=pk\ntoken = tk\n[x]\nsecret_id=zzz\n";
        let c = ProfileProvider::parse(text).unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKIDp", "pk", Some("tk"))
        );
        let c = ProfileProvider::parse("[default]\nsecret_id=a\nsecret_key=b\n").unwrap();
        assert_eq!(c.token(), None);
        assert!(ProfileProvider::parse("[other]\nsecret_id=a\nsecret_key=b\n").is_err());
        assert!(ProfileProvider::parse("[default]\nsecret_id=a\n").is_err());
        // An empty value is a missing one.
        assert!(matches!(
            ProfileProvider::parse("[default]\nsecret_id=a\nsecret_key=\n"),
            Err(CredentialsError::Missing(_))
        ));
        // A value the checks refuse is invalid, and the message names the field only.
        let e =
            ProfileProvider::parse("[default]\nsecret_id=a b\nsecret_key=SEKRIT\n").unwrap_err();
        assert!(matches!(e, CredentialsError::Invalid(_)) && !e.to_string().contains("SEKRIT"));
    }

    #[test]
    fn profile_path_resolution() {
        let p = ProfileProvider::new();
        assert_eq!(
            p.resolve_path(vars(&[("HOME", "/h")])),
            Some(PathBuf::from("/h/.tencentcloud/credentials"))
        );
        assert_eq!(
            p.resolve_path(vars(&[("HOME", "/h"), (ENV_CREDENTIALS_FILE, "/x/c")])),
            Some(PathBuf::from("/x/c"))
        );
        assert_eq!(p.resolve_path(vars(&[])), None);
        assert_eq!(
            ProfileProvider::with_path("/y").resolve_path(vars(&[("HOME", "/h")])),
            Some(PathBuf::from("/y"))
        );
    }

    #[test]
    fn profile_dialect_matches_the_official_sdks() {
        let ok = |text: &str| {
            let c = ProfileProvider::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            (
                c.secret_id().to_owned(),
                c.secret_key().to_owned(),
                c.token().map(str::to_owned),
            )
        };
        let plain = ("AKIDp".to_owned(), "pk".to_owned(), None);
        // `key: value`, CRLF, a BOM, comments of both kinds.
        assert_eq!(ok("[default]\nsecret_id: AKIDp\nsecret_key : pk\n"), plain);
        assert_eq!(
            ok("[default]\r\nsecret_id=AKIDp\r\nsecret_key=pk\r\n"),
            plain
        );
        assert_eq!(
            ok("\u{feff}[default]\nsecret_id=AKIDp\nsecret_key=pk"),
            plain
        );
        assert_eq!(
            ok("; top\n# also\n[default]\n  # indented comment\nsecret_id=AKIDp\n;x\nsecret_key=pk\n"),
            plain
        );
        // Quotes are removed; `#` and `;` inside a value are kept.
        assert_eq!(
            ok("[default]\nsecret_id=\"AKIDp\"\nsecret_key='pk'\n"),
            plain
        );
        assert_eq!(
            ok("[default]\nsecret_id=AKIDp\nsecret_key=p#k;1\ntoken = t\n").1,
            "p#k;1"
        );
        // Keys before any section are not `[default]`.
        assert!(ProfileProvider::parse("secret_id=a\nsecret_key=b\n").is_err());
        // Exactly what is missing.
        let missing = |text: &str| match ProfileProvider::parse(text) {
            Err(CredentialsError::Missing(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            missing("[default]\nsecret_id=AKIDp\n"),
            "section [default] has secret_id but no secret_key"
        );
        assert_eq!(
            missing("[default]\nsecret_key=pk\n"),
            "section [default] has secret_key but no secret_id"
        );
        assert!(missing("[other]\nsecret_id=a\n").contains("no [default] section"));
    }
}
