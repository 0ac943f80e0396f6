//! The client: builder, signing per attempt, retries, rate limiting and tracing.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

use crate::boxed::BoxError;
use crate::credentials::{CredentialsProvider, DefaultChain};
use crate::decode::decode_with_request_id;
use crate::error::{BuildError, DynamicCallError, Error, ErrorCode};
use crate::ratelimit::{Limiters, RateLimitPolicy};
use crate::retry::RetryPolicy;
use crate::signing::{self, SigningInput};
use crate::transport::{
    HttpRequest, HttpResponse, ReqwestOptions, ReqwestTransport, Transport, TransportError,
};
use crate::{ActionMeta, ServiceMeta};

/// Largest request body the API accepts (10 MB).
pub const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;

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

/// Configures and creates a [`Client`] (or a generated client wrapping one, `T`).
pub struct ClientBuilder<T = Client> {
    service: &'static ServiceMeta,
    credentials: Option<Arc<dyn CredentialsProvider>>,
    endpoint: Option<String>,
    region: Option<String>,
    language: Language,
    timeout: Duration,
    connect_timeout: Duration,
    proxy: Option<String>,
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
            region: self.region.clone(),
            language: self.language,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            proxy: self.proxy.clone(),
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
            .field("region", &self.region)
            .field("language", &self.language)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("proxy", &self.proxy.as_ref().map(|_| "<set>"))
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
    /// profile file, looked up per request), endpoint `https://<service endpoint>`, no
    /// region, `zh-CN`, 60 s timeout, 10 s connect timeout, [`RetryPolicy::default`],
    /// [`RateLimitPolicy::default`], no `X-TC-RequestClient` header, signed payload.
    pub fn new(service: &'static ServiceMeta) -> Self {
        ClientBuilder {
            service,
            credentials: None,
            endpoint: None,
            region: None,
            language: Language::default(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            proxy: None,
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
    /// (`http://127.0.0.1:8080`). The `Host` header and the signature use the URL's
    /// `host[:port]`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
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

    /// Proxy URL for all requests (default transport only).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Tag sent as `X-TC-RequestClient` (not signed). Not sent unless set.
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
        let endpoint = self.endpoint.as_deref().unwrap_or(self.service.endpoint);
        let (url, host) = parse_endpoint(endpoint)?;
        check_header("region", self.region.as_deref())?;
        check_header("request client", self.request_client.as_deref())?;
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => Arc::new(
                ReqwestTransport::new(&ReqwestOptions {
                    connect_timeout: Some(self.connect_timeout),
                    proxy: self.proxy,
                })
                .map_err(BuildError::Http)?,
            ),
        };
        let inner = Inner {
            service: self.service,
            credentials: self
                .credentials
                .unwrap_or_else(|| Arc::new(DefaultChain::new())),
            url,
            host,
            region: self.region,
            language: self.language,
            timeout: self.timeout,
            request_client: self.request_client,
            retry: self.retry,
            limiters: Limiters::new(self.rate_limit, self.service),
            transport,
            unsigned_payload: self.unsigned_payload,
        };
        Ok(T::from(Client {
            inner: Arc::new(inner),
        }))
    }
}

fn check_header(what: &'static str, value: Option<&str>) -> Result<(), BuildError> {
    match value {
        Some(v) if v.is_empty() || !v.bytes().all(|b| (0x20..0x7f).contains(&b)) => {
            Err(BuildError::InvalidSetting {
                what,
                reason: "must be non-empty printable ASCII".into(),
            })
        }
        _ => Ok(()),
    }
}

/// Returns the request URL and the `Host` value of an endpoint setting.
fn parse_endpoint(endpoint: &str) -> Result<(String, String), BuildError> {
    let bad = |reason: &str| BuildError::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason: reason.to_owned(),
    };
    let full = if endpoint.contains("://") {
        endpoint.to_owned()
    } else {
        format!("https://{endpoint}")
    };
    let url = reqwest::Url::parse(&full).map_err(|e| bad(&e.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("credentials in the URL are not supported"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "the API is served at the root path; give only scheme, host and port",
        ));
    }
    let host_name = url.host_str().ok_or_else(|| bad("no host"))?;
    let host = match url.port() {
        Some(p) => format!("{host_name}:{p}"),
        None => host_name.to_owned(),
    };
    Ok((format!("{}://{host}/", url.scheme()), host))
}

/// A Tencent Cloud API client for one service. Cheap to clone (an `Arc`), `Send + Sync`;
/// clones share connections and rate limiters.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceMeta,
    credentials: Arc<dyn CredentialsProvider>,
    url: String,
    host: String,
    region: Option<String>,
    language: Language,
    timeout: Duration,
    request_client: Option<String>,
    retry: RetryPolicy,
    limiters: Limiters,
    transport: Arc<dyn Transport>,
    unsigned_payload: bool,
}

/// Why an attempt produced no HTTP answer.
enum AttemptFailure {
    Credentials(crate::credentials::CredentialsError),
    Timeout,
    Connect(BoxError),
    Transport(BoxError),
}

impl AttemptFailure {
    fn into_error<C: ErrorCode>(self) -> Error<C> {
        match self {
            AttemptFailure::Credentials(e) => Error::Credentials(e),
            AttemptFailure::Timeout => Error::Timeout,
            AttemptFailure::Connect(e) => Error::Connect(e),
            AttemptFailure::Transport(e) => Error::Transport(e),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("service", &i.service.name)
            .field("version", &i.service.version)
            .field("url", &i.url)
            .field("region", &i.region)
            .field("language", &i.language)
            .field("timeout", &i.timeout)
            .field("retry", &i.retry)
            .field("transport", &i.transport)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for `service`.
    pub fn builder(service: &'static ServiceMeta) -> ClientBuilder<Client> {
        ClientBuilder::new(service)
    }

    /// The service this client talks to.
    pub fn service(&self) -> &'static ServiceMeta {
        self.inner.service
    }

    /// The request URL (always ending in `/`).
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// Calls `action` with `request` and decodes the answer.
    ///
    /// The request is serialized once; each attempt waits for the action's rate
    /// limiter, fetches credentials, signs with a fresh timestamp and sends. Retries
    /// follow the [`RetryPolicy`] and happen only for [`Error::is_retryable`] errors.
    pub async fn call<Req, Resp, C>(
        &self,
        action: &'static ActionMeta,
        request: &Req,
    ) -> Result<Resp, Error<C>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
        C: ErrorCode,
    {
        let body = serde_json::to_vec(request).map_err(Error::Serialize)?;
        if body.len() > MAX_REQUEST_BYTES {
            return Err(Error::RequestTooLarge {
                size: body.len(),
                limit: MAX_REQUEST_BYTES,
            });
        }
        let span = tracing::info_span!(
            "tencentcloud.call",
            service = self.inner.service.name,
            action = action.name,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.call_with_retries(action, &body, span.clone())
            .instrument(span)
            .await
    }

    async fn call_with_retries<Resp: DeserializeOwned, C: ErrorCode>(
        &self,
        action: &'static ActionMeta,
        body: &[u8],
        span: tracing::Span,
    ) -> Result<Resp, Error<C>> {
        let started = tokio::time::Instant::now();
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            let result = match self.attempt(action, body).await {
                Ok(r) => decode_with_request_id::<Resp, C>(r.status, &r.body),
                Err(failure) => Err(failure.into_error()),
            };
            let request_id = match &result {
                Ok((_, id)) => id.as_deref(),
                Err(e) => e.request_id(),
            };
            if let Some(id) = request_id {
                span.record("request_id", id);
            }
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            match result {
                Ok((resp, _)) => {
                    tracing::debug!("call succeeded");
                    return Ok(resp);
                }
                Err(e) if e.is_retryable() && attempt < self.inner.retry.max_attempts() => {
                    let delay = self.inner.retry.backoff(attempt);
                    tracing::debug!(error = %e, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Err(e) => {
                    tracing::debug!(error = %e, "call failed");
                    return Err(e);
                }
            }
        }
    }

    /// One signed attempt, up to the raw answer. Not generic, so that it is compiled
    /// once rather than once per action.
    async fn attempt(
        &self,
        action: &'static ActionMeta,
        body: &[u8],
    ) -> Result<HttpResponse, AttemptFailure> {
        let i = &*self.inner;
        // Credentials first: a slow provider must not hold a rate-limit slot,
        // or requests would leave later than their slots and bunch up.
        let creds = i
            .credentials
            .credentials()
            .await
            .map_err(AttemptFailure::Credentials)?;
        creds
            .check(SystemTime::now())
            .map_err(AttemptFailure::Credentials)?;
        if let Some(limiter) = i.limiters.get(action) {
            limiter.acquire().await;
        }
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let signed = signing::sign(&SigningInput {
            service: i.service.name,
            host: &i.host,
            action: action.name,
            version: i.service.version,
            region: i.region.as_deref(),
            language: Some(i.language.as_str()),
            timestamp,
            secret_id: creds.secret_id(),
            secret_key: creds.secret_key(),
            token: creds.token(),
            request_client: i.request_client.as_deref(),
            body,
            unsigned_payload: i.unsigned_payload,
        });
        let request = HttpRequest {
            url: i.url.clone(),
            headers: signed.headers,
            body: body.to_vec(),
            timeout: i.timeout,
        };
        match tokio::time::timeout(i.timeout, i.transport.send(request)).await {
            Err(_) | Ok(Err(TransportError::Timeout)) => Err(AttemptFailure::Timeout),
            Ok(Err(TransportError::Connect(e))) => Err(AttemptFailure::Connect(e)),
            Ok(Err(TransportError::Other(e))) => Err(AttemptFailure::Transport(e)),
            Ok(Ok(resp)) => Ok(resp),
        }
    }

    /// For dynamic callers: parses `request_json` as `Req`, calls, and returns the typed
    /// response serialized back to JSON.
    pub async fn call_json<Req, Resp, C>(
        &self,
        action: &'static ActionMeta,
        request_json: &str,
    ) -> Result<serde_json::Value, DynamicCallError<C>>
    where
        Req: Serialize + DeserializeOwned,
        Resp: Serialize + DeserializeOwned,
        C: ErrorCode,
    {
        let request: Req =
            serde_json::from_str(request_json).map_err(DynamicCallError::InvalidRequest)?;
        let response: Resp = self.call::<Req, Resp, C>(action, &request).await?;
        serde_json::to_value(&response).map_err(DynamicCallError::EncodeResponse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let ok = |e: &str| parse_endpoint(e).unwrap();
        assert_eq!(
            ok("essbasic.tencentcloudapi.com"),
            (
                "https://essbasic.tencentcloudapi.com/".into(),
                "essbasic.tencentcloudapi.com".into()
            )
        );
        assert_eq!(
            ok("http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/".into(), "127.0.0.1:8080".into())
        );
        assert_eq!(
            ok("http://127.0.0.1:8080/"),
            ("http://127.0.0.1:8080/".into(), "127.0.0.1:8080".into())
        );
        assert_eq!(
            ok("https://h.example:443"),
            ("https://h.example/".into(), "h.example".into())
        );
        assert_eq!(
            ok("host.example:8443"),
            (
                "https://host.example:8443/".into(),
                "host.example:8443".into()
            )
        );
        assert_eq!(
            ok("http://[::1]:9000"),
            ("http://[::1]:9000/".into(), "[::1]:9000".into())
        );
        for bad in [
            "ftp://h",
            "http://h/path",
            "http://u:p@h",
            "http://",
            "",
            "http://h/?q=1",
        ] {
            assert!(parse_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(Language::default().as_str(), "zh-CN");
        assert_eq!(Language::EnUs.as_str(), "en-US");
    }

    #[test]
    fn header_settings_checked() {
        assert!(check_header("region", Some("ap-guangzhou")).is_ok());
        assert!(check_header("region", None).is_ok());
        assert!(check_header("region", Some("a\nb")).is_err());
        assert!(check_header("region", Some("")).is_err());
    }
}
