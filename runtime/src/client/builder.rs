//! [`ClientBuilder`]: every setting of a client, checked when it is built.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::endpoint::Targets;
use super::{wire, Client, Inner};
use crate::credentials::{CredentialsProvider, DefaultChain};
use crate::error::BuildError;
use crate::ratelimit::{Limiters, RateLimitPolicy};
use crate::retry::RetryPolicy;
use crate::signing::Signer;
use crate::transport::{ProxyEnv, ReqwestOptions, ReqwestTransport, Transport};
use crate::{Environment, ServiceMeta};

/// Language of server messages (`X-TC-Language`).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Simplified Chinese, `zh-CN` (the default).
    #[default]
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// Default of [`ClientBuilder::pool_idle_timeout`]: 30 s, half the ~60 s after which
/// Tencent's gateway closes idle connections.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Configures and creates a [`Client`] (or a generated client wrapping one, `T`).
pub struct ClientBuilder<T = Client> {
    service: &'static ServiceMeta,
    credentials: Option<Arc<dyn CredentialsProvider>>,
    endpoint: Option<String>,
    environment: Environment,
    connect_to: Option<String>,
    region: Option<String>,
    language: Language,
    timeout: Duration,
    connect_timeout: Duration,
    pool_idle_timeout: Duration,
    proxy: Option<String>,
    proxy_env: Option<ProxyEnv>,
    request_client: Option<String>,
    retry: RetryPolicy,
    rate_limit: RateLimitPolicy,
    transport: Option<Arc<dyn Transport>>,
    unsigned_payload: bool,
    _target: PhantomData<fn() -> T>,
}

impl<T> Clone for ClientBuilder<T> {
    fn clone(&self) -> Self {
        ClientBuilder {
            service: self.service,
            credentials: self.credentials.clone(),
            endpoint: self.endpoint.clone(),
            environment: self.environment,
            connect_to: self.connect_to.clone(),
            region: self.region.clone(),
            language: self.language,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            pool_idle_timeout: self.pool_idle_timeout,
            proxy: self.proxy.clone(),
            proxy_env: self.proxy_env.clone(),
            request_client: self.request_client.clone(),
            retry: self.retry,
            rate_limit: self.rate_limit.clone(),
            transport: self.transport.clone(),
            unsigned_payload: self.unsigned_payload,
            _target: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ClientBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "<provider>"),
            )
            .field("endpoint", &self.endpoint)
            .field("environment", &self.environment)
            .field("connect_to", &self.connect_to)
            .field("region", &self.region)
            .field("language", &self.language)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("proxy", &self.proxy.as_ref().map(|_| "<set>"))
            .field("proxy_env", &self.proxy_env)
            .field("request_client", &self.request_client)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("transport", &self.transport)
            .field("unsigned_payload", &self.unsigned_payload)
            .finish()
    }
}

impl<T: From<Client>> ClientBuilder<T> {
    /// A builder with defaults: credentials from the [`DefaultChain`] (environment, then
    /// profile file, looked up per request), [`Environment::Production`] hosts, no
    /// region, `zh-CN`, 60 s timeout, 10 s connect timeout, 30 s pool idle timeout,
    /// [`RetryPolicy::default`], [`RateLimitPolicy::default`], `X-TC-RequestClient`
    /// naming this SDK, signed payload.
    pub fn new(service: &'static ServiceMeta) -> Self {
        ClientBuilder {
            service,
            credentials: None,
            endpoint: None,
            environment: Environment::default(),
            connect_to: None,
            region: None,
            language: Language::default(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            proxy: None,
            proxy_env: None,
            request_client: None,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitPolicy::default(),
            transport: None,
            unsigned_payload: false,
            _target: PhantomData,
        }
    }

    /// Uses these credentials (static [`crate::Credentials`] or any provider).
    pub fn credentials(self, provider: impl CredentialsProvider + 'static) -> Self {
        self.credentials_provider(Arc::new(provider))
    }

    /// Uses a shared credentials provider.
    pub fn credentials_provider(mut self, provider: Arc<dyn CredentialsProvider>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// A host name (`essbasic.tencentcloudapi.com`, HTTPS) or a full URL
    /// (`http://127.0.0.1:8080`) serving every action, overriding the
    /// [`environment`](Self::environment)'s hosts (per-action hosts included). The
    /// `Host` header and the signature use the URL's `host[:port]`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Which deployment to talk to (default [`Environment::Production`]): picks the
    /// service's main host and the host of actions with a [`crate::HostRole`]
    /// override, from [`ServiceMeta::production`] or [`ServiceMeta::test`]. Building
    /// fails when the service has no such environment. An
    /// [`endpoint`](Self::endpoint) overrides it.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Connects to this URL (`http://127.0.0.1:8080`: scheme, host and port) for
    /// every request, while the `Host` header and the signature keep the logical
    /// host chosen by [`environment`](Self::environment) or
    /// [`endpoint`](Self::endpoint) and the action. For offline tests against a
    /// loopback server and for tunnels. Default transport: the `Host` header is sent
    /// as signed (HTTP/1.1).
    pub fn connect_to(mut self, url: impl Into<String>) -> Self {
        self.connect_to = Some(url.into());
        self
    }

    /// Region sent as `X-TC-Region` (none by default).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Language of server messages.
    pub fn language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Deadline of one attempt (connecting, sending and reading the answer).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Deadline for establishing a connection (default transport only).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long an idle keep-alive connection stays in the pool (default transport
    /// only; default [`DEFAULT_POOL_IDLE_TIMEOUT`], 30 s). Keep it below the server's
    /// own idle limit (Tencent's gateway closes idle connections after about 60 s), so
    /// that requests are not sent on connections the server is closing.
    pub fn pool_idle_timeout(mut self, idle: Duration) -> Self {
        self.pool_idle_timeout = idle;
        self
    }

    /// Proxy URL for all requests (default transport only). Takes precedence over
    /// [`proxy_from_env`](Self::proxy_from_env).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Uses the proxies of the environment, as Tencent's other SDKs and `tccli` do:
    /// `HTTPS_PROXY` for `https://` targets, `HTTP_PROXY` for `http://` ones, hosts
    /// in `NO_PROXY` reached directly (lower-case names too; see
    /// [`ProxyEnv::from_lookup`]). The variables are read now. Without this call
    /// the client ignores them (default transport only).
    pub fn proxy_from_env(self) -> Self {
        self.proxy_env(ProxyEnv::from_env())
    }

    /// Uses these environment-style proxy settings (what
    /// [`proxy_from_env`](Self::proxy_from_env) reads), e.g. from another source
    /// of variables.
    pub fn proxy_env(mut self, proxies: ProxyEnv) -> Self {
        self.proxy_env = Some(proxies);
        self
    }

    /// Tag sent as `X-TC-RequestClient` (not signed) instead of the default, which
    /// names this SDK and its version (`SDK_RUST_<version>`).
    pub fn request_client(mut self, tag: impl Into<String>) -> Self {
        self.request_client = Some(tag.into());
        self
    }

    /// Retry policy ([`RetryPolicy::disabled`] to switch retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limiting ([`RateLimitPolicy::disabled`] to switch it off).
    pub fn rate_limit(mut self, policy: RateLimitPolicy) -> Self {
        self.rate_limit = policy;
        self
    }

    /// Replaces the HTTP transport (then `connect_timeout` and `proxy` are not used).
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Signs `UNSIGNED-PAYLOAD` instead of the body (sends `X-TC-Content-SHA256`).
    pub fn unsigned_payload(mut self, on: bool) -> Self {
        self.unsigned_payload = on;
        self
    }

    /// The service being configured.
    pub fn service_meta(&self) -> &'static ServiceMeta {
        self.service
    }

    /// Whether credentials were set explicitly.
    pub fn has_credentials(&self) -> bool {
        self.credentials.is_some()
    }

    /// Creates the client.
    pub fn build(self) -> Result<T, BuildError> {
        check_setting("endpoint", self.endpoint.as_deref(), false)?;
        check_setting("connect-to URL", self.connect_to.as_deref(), false)?;
        check_setting("proxy", self.proxy.as_deref(), false)?;
        check_setting("region", self.region.as_deref(), true)?;
        check_setting("request client", self.request_client.as_deref(), true)?;
        let targets = Targets::resolve(
            self.service,
            self.environment,
            self.endpoint.as_deref(),
            self.connect_to.as_deref(),
        )?;
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => Arc::new(
                ReqwestTransport::new(&ReqwestOptions {
                    connect_timeout: Some(self.connect_timeout),
                    proxy: self.proxy,
                    proxy_env: self.proxy_env,
                    pool_idle_timeout: Some(self.pool_idle_timeout),
                })
                .map_err(BuildError::Http)?,
            ),
        };
        let headers = wire::Fixed {
            version: self.service.version,
            language: self.language.as_str(),
            region: self.region.as_deref(),
            request_client: self.request_client.as_deref(),
            unsigned_payload: self.unsigned_payload,
        }
        .headers()?;
        let credentials: Arc<dyn CredentialsProvider> = self
            .credentials
            .unwrap_or_else(|| Arc::new(DefaultChain::new()));
        let fixed_credentials_valid = credentials
            .fixed()
            .is_some_and(|c| c.check_fields().is_ok());
        let inner = Inner {
            service: self.service,
            credentials,
            fixed_credentials_valid,
            targets,
            region: self.region,
            language: self.language,
            timeout: self.timeout,
            retry: self.retry,
            limiters: Limiters::new(self.rate_limit, self.service),
            transport,
            unsigned_payload: self.unsigned_payload,
            signer: Signer::new(self.service.name),
            headers,
        };
        Ok(T::from(Client {
            inner: Arc::new(inner),
        }))
    }
}

/// The rule for every string setting: not blank, no leading or trailing whitespace
/// (refused rather than trimmed, like credentials), and for values sent as headers
/// printable ASCII only.
fn check_setting(what: &'static str, value: Option<&str>, header: bool) -> Result<(), BuildError> {
    let Some(v) = value else { return Ok(()) };
    let reason = if v.trim().is_empty() {
        "is empty"
    } else if v.trim() != v {
        "has leading or trailing whitespace"
    } else if header && !v.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        "must be printable ASCII"
    } else {
        return Ok(());
    };
    Err(BuildError::InvalidSetting {
        what,
        reason: reason.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(Language::default().as_str(), "zh-CN");
        assert_eq!(Language::EnUs.as_str(), "en-US");
    }

    #[test]
    fn string_settings_checked() {
        assert!(check_setting("region", Some("ap-guangzhou"), true).is_ok());
        assert!(check_setting("region", None, true).is_ok());
        assert!(check_setting("region", Some("a\nb"), true).is_err());
        assert!(check_setting("endpoint", Some("h\u{e9}"), false).is_ok());
        for bad in ["", "   ", " ap-guangzhou", "ap-guangzhou\n"] {
            assert!(check_setting("region", Some(bad), true).is_err(), "{bad:?}");
            assert!(
                check_setting("endpoint", Some(bad), false).is_err(),
                "{bad:?}"
            );
        }
    }
}
