//! The HTTP layer, behind the object-safe [`Transport`] trait.
//!
//! [`ReqwestTransport`] (reqwest + rustls) is the default; tests and users may plug in
//! their own implementation with [`crate::ClientBuilder::transport`].

use std::fmt;
use std::time::Duration;

pub use bytes::Bytes;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::Url;

use crate::boxed::BoxError;
pub use crate::boxed::BoxFuture;

/// One fully signed HTTP request (always `POST`).
///
/// Cheap to clone: the body is shared, not copied, between attempts.
#[derive(Clone)]
pub struct HttpRequest {
    /// Where to connect and send it, e.g. `https://essbasic.tencentcloudapi.com/`.
    pub url: Url,
    /// Headers to send, `Host` included: its value is what was signed, and may differ
    /// from the URL's authority when the client connects elsewhere than the signed host
    /// ([`crate::ClientBuilder::connect_to`]).
    pub headers: HeaderMap,
    /// Body bytes, exactly as signed.
    pub body: Bytes,
    /// Deadline for the whole exchange. The client also enforces it around
    /// [`Transport::send`], so implementations may use it as a hint only.
    pub timeout: Duration,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("HttpRequest")
            .field("url", &self.url)
            .field("header_names", &headers)
            .field("body_len", &self.body.len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A raw HTTP answer.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Body bytes.
    pub body: Bytes,
}

/// A transport failure, classified by whether the request may have reached the server.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// No connection could be made: the request surely did not reach the server.
    #[error("connect: {0}")]
    Connect(#[source] BoxError),
    /// The connection failed before the request was written (typically a pooled
    /// keep-alive connection the server had just closed): the server never saw it, so
    /// the client sends it again at once, once.
    #[error("not sent: {0}")]
    NotSent(#[source] BoxError),
    /// The deadline passed; the request may have been received and executed.
    #[error("timed out")]
    Timeout,
    /// Any other failure (e.g. connection reset); the request may have been received.
    #[error("{0}")]
    Other(#[source] BoxError),
}

/// Sends signed requests. Object safe; implementations must be cheap to share.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and returns the status and the complete body.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// Options of the default transport.
#[derive(Debug, Clone, Default)]
pub struct ReqwestOptions {
    /// TCP connect timeout.
    pub connect_timeout: Option<Duration>,
    /// Proxy URL for all requests.
    pub proxy: Option<String>,
    /// Proxies by target scheme, as read from the environment; used when `proxy` is
    /// `None`.
    pub proxy_env: Option<ProxyEnv>,
    /// How long an idle pooled connection is kept (`None`: reqwest's default, 90 s).
    pub pool_idle_timeout: Option<Duration>,
}

/// The proxy settings of the environment, the way Tencent's Python SDK and `tccli`
/// (through `requests`) read them: [`ProxyEnv::from_lookup`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    /// Proxy for `https://` targets (`https_proxy`, `HTTPS_PROXY`).
    pub https: Option<String>,
    /// Proxy for `http://` targets (`http_proxy`, `HTTP_PROXY`).
    pub http: Option<String>,
    /// Hosts reached directly (`no_proxy`, `NO_PROXY`): comma-separated domains (a
    /// domain covers its subdomains), IP addresses or networks (`10.0.0.0/8`), or `*`.
    pub no_proxy: Option<String>,
}

impl fmt::Debug for ProxyEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Proxy URLs may carry a password.
        let set = |v: &Option<String>| v.as_ref().map(|_| "<set>");
        f.debug_struct("ProxyEnv")
            .field("https", &set(&self.https))
            .field("http", &set(&self.http))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl ProxyEnv {
    /// Reads `https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY` and
    /// `no_proxy`/`NO_PROXY` through `lookup`; the lower-case name wins when both are
    /// set (as with `requests` and curl), and empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| {
            [name.to_ascii_lowercase(), name.to_owned()]
                .iter()
                .find_map(|n| {
                    lookup(n)
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty())
                })
        };
        ProxyEnv {
            https: get("HTTPS_PROXY"),
            http: get("HTTP_PROXY"),
            no_proxy: get("NO_PROXY"),
        }
    }

    /// Reads the process environment ([`ProxyEnv::from_lookup`]).
    pub fn from_env() -> Self {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Whether no proxy is set.
    pub fn is_empty(&self) -> bool {
        self.https.is_none() && self.http.is_none()
    }

    fn proxies(&self) -> Result<Vec<reqwest::Proxy>, BoxError> {
        let no_proxy = || {
            self.no_proxy
                .as_deref()
                .and_then(reqwest::NoProxy::from_string)
        };
        let mut out = Vec::new();
        if let Some(url) = &self.https {
            out.push(reqwest::Proxy::https(url.as_str())?.no_proxy(no_proxy()));
        }
        if let Some(url) = &self.http {
            out.push(reqwest::Proxy::http(url.as_str())?.no_proxy(no_proxy()));
        }
        Ok(out)
    }
}

/// The default transport: reqwest with rustls, HTTP/1.1 and HTTP/2, connection pooling.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Creates the transport.
    pub fn new(options: &ReqwestOptions) -> Result<Self, BoxError> {
        // Redirects are not followed: a 3xx is the gateway's answer, and following
        // a 307/308 would resend the signed body, a retry nobody decided on.
        // reqwest's own retry of HTTP/2 refusals is off: it keeps a copy of every
        // request (all its headers) in case one is refused. The client sends a refused
        // request again itself ([`TransportError::NotSent`], see `never_written`).
        let mut b = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never().max_retries_per_request(0));
        if let Some(t) = options.connect_timeout {
            b = b.connect_timeout(t);
        }
        if let Some(t) = options.pool_idle_timeout {
            b = b.pool_idle_timeout(t);
        }
        // Only the configured proxies are used: the environment is read only when
        // asked to (`ClientBuilder::proxy_from_env`), never by reqwest itself.
        b = b.no_proxy();
        match (&options.proxy, &options.proxy_env) {
            (Some(p), _) => b = b.proxy(reqwest::Proxy::all(p.as_str())?),
            (None, Some(env)) => {
                for proxy in env.proxies()? {
                    b = b.proxy(proxy);
                }
            }
            (None, None) => {}
        }
        Ok(ReqwestTransport { client: b.build()? })
    }

    /// Wraps an existing reqwest client.
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

fn classify(e: reqwest::Error) -> TransportError {
    // A connect timeout is a connect error: nothing was sent yet.
    if e.is_connect() {
        TransportError::Connect(Box::new(e))
    } else if e.is_timeout() {
        TransportError::Timeout
    } else if never_written(&e) {
        TransportError::NotSent(Box::new(e))
    } else {
        TransportError::Other(Box::new(e))
    }
}

/// Whether the server surely never processed the request:
/// - hyper canceled it before writing it (its connection closed while the request
///   waited to go out);
/// - an HTTP/2 server refused the stream (`REFUSED_STREAM`) or was closing the
///   connection gracefully (`GOAWAY` with `NO_ERROR`), the two refusals RFC 9113
///   (section 8.7) calls safe to retry, and the ones reqwest would itself retry.
///
/// Any other failure (a reset or an early close after writing began) may have
/// reached the server.
fn never_written(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_canceled)
        {
            return true;
        }
        if let Some(h2) = s.downcast_ref::<h2::Error>() {
            return is_http2_refusal(h2);
        }
        source = s.source();
    }
    false
}

/// `REFUSED_STREAM` or a graceful `GOAWAY`, sent by the server.
fn is_http2_refusal(e: &h2::Error) -> bool {
    e.is_remote()
        && match e.reason() {
            Some(h2::Reason::REFUSED_STREAM) => e.is_reset(),
            Some(h2::Reason::NO_ERROR) => e.is_go_away(),
            _ => false,
        }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            // The client enforces `request.timeout` around this future (dropping it on
            // expiry), so no second timer is armed here.
            let HttpRequest {
                url,
                mut headers,
                body,
                ..
            } = request;
            // reqwest derives Host from the URL authority; an explicit Host is kept
            // only when it differs (a client connecting elsewhere than the signed
            // host), since for HTTP/2 it must not be sent twice.
            if headers
                .get(reqwest::header::HOST)
                .and_then(|h| h.to_str().ok())
                .is_some_and(|h| is_authority_of(h, &url))
            {
                headers.remove(reqwest::header::HOST);
            }
            let mut req = reqwest::Request::new(reqwest::Method::POST, url);
            *req.headers_mut() = headers;
            *req.body_mut() = Some(body.into());
            let resp = self.client.execute(req).await.map_err(classify)?;
            let status = resp.status().as_u16();
            let body = resp.bytes().await.map_err(classify)?;
            Ok(HttpResponse { status, body })
        })
    }
}

/// `host[:port]` of a URL, the port only when it is not the scheme's default: the
/// `Host` value a request to it carries.
pub(crate) fn authority_of(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    })
}

/// Whether `value` is [`authority_of`] `url`, without allocating.
fn is_authority_of(value: &str, url: &Url) -> bool {
    let Some(rest) = url.host_str().and_then(|h| value.strip_prefix(h)) else {
        return false;
    };
    match url.port() {
        None => rest.is_empty(),
        Some(p) => rest.strip_prefix(':').and_then(|r| r.parse().ok()) == Some(p),
    }
}

#[cfg(test)]
mod proxy_env_tests {
    use super::ProxyEnv;

    #[test]
    fn lower_case_wins_and_empty_is_unset() {
        let vars = [
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:2"),
            ("HTTP_PROXY", "http://plain:3"),
            ("no_proxy", "  "),
            ("NO_PROXY", "localhost,10.0.0.0/8"),
        ];
        let env = ProxyEnv::from_lookup(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(env.https.as_deref(), Some("http://lower:2"));
        assert_eq!(env.http.as_deref(), Some("http://plain:3"));
        assert_eq!(env.no_proxy.as_deref(), Some("localhost,10.0.0.0/8"));
        assert!(!env.is_empty());
        assert!(ProxyEnv::from_lookup(|_| None).is_empty());
        // Proxy URLs may hold passwords: not in Debug.
        let secret = ProxyEnv {
            https: Some("http://user:pw@proxy:1".into()),
            ..ProxyEnv::default()
        };
        assert!(!format!("{secret:?}").contains("pw"));
    }
}
