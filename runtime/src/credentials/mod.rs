//! Credentials: static keys, the environment, the profile file, a default chain and a
//! caching wrapper for refreshable (temporary) keys.
//!
//! Secrets never show up in `Debug` output or error messages: the secret key and the
//! session token are always redacted and the secret id is shortened.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::boxed::{BoxError, BoxFuture};

mod profile;
pub use profile::ProfileProvider;

/// Environment variable holding the secret id.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the secret key.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the session token of temporary credentials.
pub const ENV_SESSION_TOKEN: &str = "TENCENTCLOUD_SESSION_TOKEN";
/// Environment variable overriding the profile file path.
pub const ENV_CREDENTIALS_FILE: &str = "TENCENTCLOUD_CREDENTIALS_FILE";

/// A secret id / secret key pair, optionally with a session token and an expiry.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: String,
    secret_key: String,
    token: Option<String>,
    expires_at: Option<SystemTime>,
}

impl Credentials {
    /// Permanent credentials.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            secret_id: secret_id.into(),
            secret_key: secret_key.into(),
            token: None,
            expires_at: None,
        }
    }

    /// Adds the session token of temporary credentials.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sets the moment the credentials stop being valid.
    pub fn with_expiry(mut self, expires_at: SystemTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The secret id.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }
    /// The secret key. Keep it out of logs.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }
    /// The session token, for temporary credentials. Keep it out of logs.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
    /// When the credentials expire, if they do.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Checks that the credentials can sign a request sent at `now`: secret id and key
    /// present, without leading or trailing whitespace (a key read from a file often
    /// ends in a newline), id and token made of characters an HTTP header can carry,
    /// and not past their expiry. The one place where credentials are judged; the
    /// client calls it before signing, so bad credentials never leave the process.
    ///
    /// Errors are [`CredentialsError::Invalid`] or [`CredentialsError::Expired`];
    /// their messages name the field, never its value.
    pub fn check(&self, now: SystemTime) -> Result<(), CredentialsError> {
        self.check_fields()?;
        self.check_expiry(now)
    }

    /// The part of [`Credentials::check`] that does not depend on the time.
    pub(crate) fn check_fields(&self) -> Result<(), CredentialsError> {
        check_field("secret id", &self.secret_id, true)?;
        check_field("secret key", &self.secret_key, false)?;
        if let Some(token) = &self.token {
            check_field("session token", token, true)?;
        }
        Ok(())
    }

    /// The part of [`Credentials::check`] that does.
    pub(crate) fn check_expiry(&self, now: SystemTime) -> Result<(), CredentialsError> {
        if self.expires_at.is_some_and(|exp| exp <= now) {
            return Err(CredentialsError::Expired);
        }
        Ok(())
    }
}

/// One credential field: non-blank, no surrounding whitespace, and (for values sent
/// in headers) visible ASCII only.
fn check_field(what: &str, value: &str, in_header: bool) -> Result<(), CredentialsError> {
    let invalid = |why: &str| Err(CredentialsError::Invalid(format!("the {what} {why}")));
    if value.trim().is_empty() {
        return invalid("is empty");
    }
    if value.trim() != value {
        return invalid(
            "has leading or trailing whitespace (a newline at the end of a secret file?)",
        );
    }
    if in_header && !value.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return invalid("holds characters an HTTP header cannot carry");
    }
    Ok(())
}

/// Shortened secret id for diagnostics: the first four characters and the length.
pub(crate) fn mask_id(id: &str) -> String {
    let head: String = id.chars().take(4).collect();
    format!("{head}***({} chars)", id.chars().count())
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &mask_id(&self.secret_id))
            .field("secret_key", &"<redacted>")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Why credentials could not be obtained. Messages never contain secrets.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// No credentials were found in the source(s).
    #[error("no credentials found: {0}")]
    Missing(String),
    /// Credentials were found but are unusable (the message says which field and why).
    #[error("invalid credentials: {0}")]
    Invalid(String),
    /// The credentials' expiry ([`Credentials::expires_at`]) has passed.
    #[error("the credentials have expired")]
    Expired,
    /// A credentials file could not be read.
    #[error("cannot read credentials file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A custom provider failed.
    #[error("credentials provider failed: {0}")]
    Provider(#[source] BoxError),
}

/// Source of credentials, asked once per request attempt.
///
/// Object safe: implementations return a boxed future, so refreshable credentials
/// (temporary keys fetched from somewhere) can be plugged in as `Arc<dyn CredentialsProvider>`.
/// Wrap slow providers in [`CachingProvider`].
pub trait CredentialsProvider: Send + Sync {
    /// Returns credentials valid for a request sent now.
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;

    /// The credentials, when they never change (static keys): the client then uses
    /// them directly instead of asking per request. `None` (the default) for
    /// providers whose answer may change.
    fn fixed(&self) -> Option<&Credentials> {
        None
    }
}

impl CredentialsProvider for Credentials {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }

    fn fixed(&self) -> Option<&Credentials> {
        Some(self)
    }
}

impl<P: CredentialsProvider + ?Sized> CredentialsProvider for Arc<P> {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).credentials()
    }

    fn fixed(&self) -> Option<&Credentials> {
        (**self).fixed()
    }
}

/// Reads [`ENV_SECRET_ID`], [`ENV_SECRET_KEY`] and [`ENV_SESSION_TOKEN`] on every call.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvProvider;

impl EnvProvider {
    /// Resolves credentials from a variable lookup (the process environment for
    /// [`CredentialsProvider::credentials`]). Empty variables count as unset.
    pub fn resolve_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Credentials, CredentialsError> {
        let get = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
        match (get(ENV_SECRET_ID), get(ENV_SECRET_KEY)) {
            (Some(id), Some(key)) => {
                let mut c = Credentials::new(id.trim(), key.trim());
                c.token = get(ENV_SESSION_TOKEN).map(|t| t.trim().to_owned());
                Ok(c)
            }
            (None, None) => Err(CredentialsError::Missing(format!(
                "{ENV_SECRET_ID} and {ENV_SECRET_KEY} are not set"
            ))),
            (Some(_), None) => Err(CredentialsError::Missing(format!(
                "{ENV_SECRET_KEY} is not set"
            ))),
            (None, Some(_)) => Err(CredentialsError::Missing(format!(
                "{ENV_SECRET_ID} is not set"
            ))),
        }
    }
}

impl CredentialsProvider for EnvProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async { Self::resolve_with(|k| std::env::var(k).ok()) })
    }
}

/// The default chain: the environment, then the profile file.
#[derive(Debug, Clone, Default)]
pub struct DefaultChain {
    profile: ProfileProvider,
}

impl DefaultChain {
    /// The standard chain.
    pub fn new() -> Self {
        Self::default()
    }

    /// Resolves with a variable lookup (the process environment for the provider impl).
    pub fn resolve_with(
        &self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Credentials, CredentialsError> {
        let env_problem = match EnvProvider::resolve_with(&lookup) {
            Ok(c) => return Ok(c),
            Err(CredentialsError::Missing(m)) => m,
            Err(e) => return Err(e),
        };
        match self.profile.load(&lookup) {
            Ok(c) => Ok(c),
            Err(CredentialsError::Missing(m)) => {
                Err(CredentialsError::Missing(format!("{env_problem}; {m}")))
            }
            Err(CredentialsError::Io { path, source })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                Err(CredentialsError::Missing(format!(
                    "{env_problem}; no profile file at {}",
                    path.display()
                )))
            }
            Err(e) => Err(e),
        }
    }
}

impl CredentialsProvider for DefaultChain {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.resolve_with(|k| std::env::var(k).ok()) })
    }
}

/// Caches the credentials of an inner provider and asks it again once they are within
/// `refresh_margin` of their expiry. Credentials without expiry are cached forever.
/// Concurrent callers wait for a single refresh.
pub struct CachingProvider<P> {
    inner: P,
    refresh_margin: Duration,
    cached: tokio::sync::Mutex<Option<Credentials>>,
}

impl<P> CachingProvider<P> {
    /// Default margin before expiry at which credentials are refreshed.
    pub const DEFAULT_MARGIN: Duration = Duration::from_secs(300);

    /// Wraps `inner` with [`Self::DEFAULT_MARGIN`].
    pub fn new(inner: P) -> Self {
        Self::with_margin(inner, Self::DEFAULT_MARGIN)
    }

    /// Wraps `inner`, refreshing `refresh_margin` before expiry.
    pub fn with_margin(inner: P, refresh_margin: Duration) -> Self {
        CachingProvider {
            inner,
            refresh_margin,
            cached: tokio::sync::Mutex::new(None),
        }
    }

    fn fresh(&self, c: &Credentials, now: SystemTime) -> bool {
        match c.expires_at {
            None => true,
            Some(exp) => now
                .checked_add(self.refresh_margin)
                .is_some_and(|t| t < exp),
        }
    }
}

impl<P> fmt::Debug for CachingProvider<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingProvider")
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl<P: CredentialsProvider> CredentialsProvider for CachingProvider<P> {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            if let Some(c) = cached.as_ref() {
                if self.fresh(c, SystemTime::now()) {
                    return Ok(c.clone());
                }
            }
            let c = self.inner.credentials().await?;
            *cached = Some(c.clone());
            Ok(c)
        })
    }
}

/// A variable lookup over fixed pairs, for tests of the providers.
#[cfg(test)]
pub(crate) fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let m: std::collections::HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| m.get(k).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn env() {
        let c = EnvProvider::resolve_with(vars(&[(ENV_SECRET_ID, "AKIDx"), (ENV_SECRET_KEY, "k")]))
            .unwrap();
        assert_eq!(
            (c.secret_id(), c.secret_key(), c.token()),
            ("AKIDx", "k", None)
        );
        let c = EnvProvider::resolve_with(vars(&[
            (ENV_SECRET_ID, "AKIDx"),
            (ENV_SECRET_KEY, "k"),
            (ENV_SESSION_TOKEN, "t"),
        ]))
        .unwrap();
        assert_eq!(c.token(), Some("t"));
        assert!(matches!(
            EnvProvider::resolve_with(vars(&[(ENV_SECRET_ID, "AKIDx")])),
            Err(CredentialsError::Missing(_))
        ));
        assert!(matches!(
            EnvProvider::resolve_with(vars(&[(ENV_SECRET_ID, ""), (ENV_SECRET_KEY, "k")])),
            Err(CredentialsError::Missing(_))
        ));
    }

    #[test]
    fn chain_env_then_profile() {
        let dir = std::env::temp_dir().join(format!("tc-rt-cred-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials");
        std::fs::write(&file, "[default]\nsecret_id=AKIDfile\nsecret_key=filekey\n").unwrap();
        let f = file.to_str().unwrap();
        let chain = DefaultChain::new();
        let c = chain
            .resolve_with(vars(&[
                (ENV_SECRET_ID, "AKIDenv"),
                (ENV_SECRET_KEY, "envkey"),
                (ENV_CREDENTIALS_FILE, f),
            ]))
            .unwrap();
        assert_eq!(c.secret_id(), "AKIDenv");
        let c = chain
            .resolve_with(vars(&[(ENV_CREDENTIALS_FILE, f)]))
            .unwrap();
        assert_eq!(c.secret_id(), "AKIDfile");
        let missing = dir.join("nope");
        let e = chain
            .resolve_with(vars(&[(ENV_CREDENTIALS_FILE, missing.to_str().unwrap())]))
            .unwrap_err();
        assert!(matches!(e, CredentialsError::Missing(_)), "{e:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn check_judges_every_field() {
        let now = SystemTime::now();
        let invalid = |c: Credentials| match c.check(now) {
            Err(CredentialsError::Invalid(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(Credentials::new("AKID", "key").check(now).is_ok());
        assert!(invalid(Credentials::new("", "key")).contains("secret id is empty"));
        assert!(invalid(Credentials::new("AKID", "   ")).contains("secret key is empty"));
        let m = invalid(Credentials::new("AKID", "SECRETKEY\n"));
        assert!(
            m.contains("secret key has leading or trailing whitespace"),
            "{m}"
        );
        assert!(!m.contains("SECRETKEY"));
        assert!(invalid(Credentials::new(" AKID", "k")).contains("secret id has leading"));
        assert!(invalid(Credentials::new("AK ID", "k")).contains("header"));
        assert!(invalid(Credentials::new("AKID", "k").with_token("")).contains("token is empty"));
        assert!(invalid(Credentials::new("AKID", "k").with_token("t\r\n")).contains("token"));
        // A key may hold inner spaces and any character: it only feeds the HMAC.
        assert!(Credentials::new("AKID", "a b\u{e9}").check(now).is_ok());
        let past = now - Duration::from_secs(1);
        assert!(matches!(
            Credentials::new("AKID", "k").with_expiry(past).check(now),
            Err(CredentialsError::Expired)
        ));
        let future = now + Duration::from_secs(60);
        assert!(Credentials::new("AKID", "k")
            .with_expiry(future)
            .check(now)
            .is_ok());
    }

    #[test]
    fn secrets_not_in_debug() {
        let c =
            Credentials::new("AKIDSECRETIDVALUE", "SUPERSECRETKEY").with_token("SESSIONTOKENVALUE");
        let d = format!("{c:?}");
        assert!(
            !d.contains("SUPERSECRETKEY")
                && !d.contains("SESSIONTOKENVALUE")
                && !d.contains("SECRETIDVALUE"),
            "{d}"
        );
        assert!(d.contains("AKID"));
    }

    struct Counting {
        calls: AtomicUsize,
        lifetime: Duration,
    }
    impl CredentialsProvider for Counting {
        fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let c = Credentials::new(format!("AKID{n}"), "k")
                .with_token(format!("t{n}"))
                .with_expiry(SystemTime::now() + self.lifetime);
            Box::pin(async move { Ok(c) })
        }
    }

    /// A slow provider: concurrent callers of the cache share a single fetch.
    struct Slow(AtomicUsize);
    impl CredentialsProvider for Slow {
        fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(Credentials::new("AKIDslow", "k")
                    .with_expiry(SystemTime::now() + Duration::from_secs(3600)))
            })
        }
    }

    #[tokio::test]
    async fn caching_fetches_once_for_concurrent_callers() {
        let p = Arc::new(CachingProvider::new(Slow(AtomicUsize::new(0))));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let p = p.clone();
                tokio::spawn(async move { p.credentials().await.map(|c| c.secret_id().to_owned()) })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap(), "AKIDslow");
        }
        assert_eq!(p.inner.0.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn caching_passes_errors_through_and_retries_next_time() {
        struct FailOnce(AtomicUsize);
        impl CredentialsProvider for FailOnce {
            fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
                let n = self.0.fetch_add(1, Ordering::SeqCst);
                Box::pin(async move {
                    if n == 0 {
                        Err(CredentialsError::Provider("token service down".into()))
                    } else {
                        Ok(Credentials::new("AKIDok", "k"))
                    }
                })
            }
        }
        let p = CachingProvider::new(FailOnce(AtomicUsize::new(0)));
        assert!(matches!(
            p.credentials().await,
            Err(CredentialsError::Provider(_))
        ));
        assert_eq!(p.credentials().await.unwrap().secret_id(), "AKIDok");
        assert_eq!(p.credentials().await.unwrap().secret_id(), "AKIDok");
        assert_eq!(p.inner.0.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn caching_refreshes_within_margin() {
        // Lifetime well beyond the margin: one fetch serves all calls.
        let p = CachingProvider::with_margin(
            Counting {
                calls: AtomicUsize::new(0),
                lifetime: Duration::from_secs(3600),
            },
            Duration::from_secs(60),
        );
        for _ in 0..5 {
            assert_eq!(p.credentials().await.unwrap().secret_id(), "AKID0");
        }
        assert_eq!(p.inner.calls.load(Ordering::SeqCst), 1);
        // Lifetime shorter than the margin: every call refreshes.
        let p = CachingProvider::with_margin(
            Counting {
                calls: AtomicUsize::new(0),
                lifetime: Duration::from_secs(30),
            },
            Duration::from_secs(60),
        );
        for i in 0..3 {
            assert_eq!(
                p.credentials().await.unwrap().secret_id(),
                format!("AKID{i}")
            );
        }
        assert_eq!(p.inner.calls.load(Ordering::SeqCst), 3);
        // No expiry: cached forever.
        let p = CachingProvider::new(Credentials::new("a", "b"));
        assert_eq!(p.credentials().await.unwrap().secret_id(), "a");
    }
}
