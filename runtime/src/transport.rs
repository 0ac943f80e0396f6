//! The HTTP layer, behind the object-safe [`Transport`] trait.
//!
//! [`ReqwestTransport`] (reqwest + rustls) is the default; tests and users may plug in
//! their own implementation with [`crate::ClientBuilder::transport`].

use std::fmt;
use std::time::Duration;

use crate::boxed::BoxError;
pub use crate::boxed::BoxFuture;

/// One fully signed HTTP request (always `POST`).
#[derive(Clone)]
pub struct HttpRequest {
    /// Full URL, e.g. `https://essbasic.tencentcloudapi.com/`.
    pub url: String,
    /// Headers to send, `Host` included (its value is what was signed).
    pub headers: Vec<(&'static str, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Deadline for the whole exchange. The client also enforces it around
    /// [`Transport::send`], so implementations may use it as a hint only.
    pub timeout: Duration,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
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
    pub body: Vec<u8>,
}

/// A transport failure, classified by whether the request may have reached the server.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// No connection could be made: the request surely did not reach the server.
    #[error("connect: {0}")]
    Connect(#[source] BoxError),
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
        let mut b = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        if let Some(t) = options.connect_timeout {
            b = b.connect_timeout(t);
        }
        // Only the configured proxy is used, never one from the environment.
        b = match &options.proxy {
            Some(p) => b.proxy(reqwest::Proxy::all(p.as_str())?),
            None => b.no_proxy(),
        };
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
    } else {
        TransportError::Other(Box::new(e))
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            // The client enforces `request.timeout` around this future (dropping it on
            // expiry), so no second timer is armed here.
            let mut rb = self.client.post(&request.url);
            for (name, value) in &request.headers {
                // reqwest derives Host from the URL authority, which is exactly the
                // signed value (host plus non-default port); setting it twice would
                // be wrong for HTTP/2.
                if name.eq_ignore_ascii_case("host") {
                    continue;
                }
                rb = rb.header(*name, value.as_str());
            }
            let resp = rb.body(request.body).send().await.map_err(classify)?;
            let status = resp.status().as_u16();
            let body = resp.bytes().await.map_err(classify)?;
            Ok(HttpResponse {
                status,
                body: body.to_vec(),
            })
        })
    }
}
