//! The client: signing per attempt, retries, rate limiting and tracing.

mod builder;
mod endpoint;
mod wire;

use endpoint::Targets;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::Serialize;
use tracing::Instrument;

pub use builder::{ClientBuilder, Language, DEFAULT_POOL_IDLE_TIMEOUT};

use crate::answer::decode_with_request_id;
use crate::boxed::{BoxError, ErrorChain};
use crate::credentials::CredentialsProvider;
use crate::de::lenient;
use crate::error::{DynamicCallError, Error, ErrorCode};
use crate::ratelimit::Limiters;
use crate::retry::RetryPolicy;
use crate::signing::{Payload, Signer};
use crate::transport::{
    Bytes, HeaderMap, HeaderValue, HttpRequest, HttpResponse, Transport, TransportError,
};
use crate::{ActionMeta, HostRole, ServiceMeta};

/// Largest request body the API accepts (10 MB).
pub const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;

/// A Tencent Cloud API client for one service. Cheap to clone (an `Arc`), `Send + Sync`;
/// clones share connections and rate limiters.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceMeta,
    credentials: Arc<dyn CredentialsProvider>,
    targets: Targets,
    region: Option<String>,
    language: Language,
    timeout: Duration,
    retry: RetryPolicy,
    limiters: Limiters,
    transport: Arc<dyn Transport>,
    unsigned_payload: bool,
    signer: Signer,
    /// Headers fixed for this client; each attempt clones and completes them.
    headers: HeaderMap,
    /// Whether the provider holds fixed credentials whose fields passed
    /// [`crate::Credentials::check`] when the client was built (only their expiry
    /// is then checked per attempt).
    fixed_credentials_valid: bool,
}

/// Why an attempt produced no HTTP answer.
enum AttemptFailure {
    Credentials(crate::credentials::CredentialsError),
    Timeout,
    Connect(BoxError),
    /// The request was never written (see [`Client::attempt`]); it may be sent again
    /// at once, within the same deadline.
    NotSent(BoxError, tokio::time::Instant),
    Transport(BoxError),
}

impl AttemptFailure {
    fn into_error<C: ErrorCode>(self) -> Error<C> {
        match self {
            AttemptFailure::Credentials(e) => Error::Credentials(e),
            AttemptFailure::Timeout => Error::Timeout { trace_id: None },
            AttemptFailure::Connect(e) | AttemptFailure::NotSent(e, _) => Error::Connect(e),
            AttemptFailure::Transport(source) => Error::Transport {
                source,
                trace_id: None,
            },
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("service", &i.service.name)
            .field("version", &i.service.version)
            .field("targets", &i.targets)
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

    /// Where requests of the service's main host go (a URL ending in `/`).
    pub fn url(&self) -> &str {
        self.inner.targets.get(HostRole::Main).url.as_str()
    }

    /// Where requests of actions served by `role` go, and the `Host` they sign:
    /// `(url, host)`.
    pub fn target(&self, role: HostRole) -> (&str, &str) {
        let t = self.inner.targets.get(role);
        (t.url.as_str(), &t.host)
    }

    /// Calls `action` with `request` and decodes the answer.
    ///
    /// The answer decodes leniently as far as `Resp` allows (generated types: see
    /// [`crate::de::lenient`]); each member converted or left unset is reported as a
    /// `tracing` warning with the action, the member's path and the request id, found
    /// by comparing the answer with the decoded value serialized back (hence
    /// `Resp: Serialize`; this costs nothing when every member had its documented type).
    ///
    /// The request is serialized once, without the members an SDK type kept from an
    /// earlier answer but does not declare ([`crate::de::lenient::skip_other`]); each attempt waits for the action's rate
    /// limiter, fetches credentials, signs with a fresh timestamp and sends. Retries
    /// follow the [`RetryPolicy`] and happen only for [`Error::is_retryable`] errors.
    pub async fn call<Req, Resp, C>(
        &self,
        action: &'static ActionMeta,
        request: &Req,
    ) -> Result<Resp, Error<C>>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned + Serialize,
        C: ErrorCode,
    {
        let body = lenient::serializing_request(|| serde_json::to_vec(request));
        let body = Bytes::from(body.map_err(Error::Serialize)?);
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
            trace_id = tracing::field::Empty,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let trace_id = wire::TraceId::new();
        span.record("trace_id", trace_id.as_str());
        self.call_with_retries(action, &body, &trace_id, span.clone())
            .instrument(span)
            .await
            .map_err(|e| e.with_trace_id(trace_id.as_str()))
    }

    async fn call_with_retries<Resp: DeserializeOwned + Serialize, C: ErrorCode>(
        &self,
        action: &'static ActionMeta,
        body: &Bytes,
        trace_id: &wire::TraceId,
        span: tracing::Span,
    ) -> Result<Resp, Error<C>> {
        // The clock is read only for a span someone records.
        let started = (!span.is_disabled()).then(tokio::time::Instant::now);
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            let answer = match self.attempt(action, body, trace_id, None).await {
                Err(AttemptFailure::NotSent(e, deadline)) => {
                    tracing::debug!(error = %e, "request not written; sending it again at once");
                    self.attempt(action, body, trace_id, Some(deadline)).await
                }
                other => other,
            };
            let result = match answer {
                Ok(r) => decode_with_request_id::<Resp, C>(action.name, r.status, &r.body),
                Err(failure) => Err(failure.into_error()),
            };
            let request_id = match &result {
                Ok((_, id)) => id.as_deref(),
                Err(e) => e.request_id(),
            };
            if let Some(id) = request_id {
                span.record("request_id", id);
            }
            if let Some(started) = started {
                span.record("latency_ms", started.elapsed().as_millis() as u64);
            }
            match result {
                Ok((resp, _)) => {
                    tracing::debug!("call succeeded");
                    return Ok(resp);
                }
                Err(e) if e.is_retryable() && attempt < self.inner.retry.max_attempts() => {
                    let delay = self.inner.retry.backoff(attempt);
                    // At INFO, so that retries show wherever calls are logged at all.
                    tracing::info!(
                        attempt,
                        max_attempts = self.inner.retry.max_attempts(),
                        delay_ms = delay.as_millis() as u64,
                        error = %ErrorChain(&e),
                        "retrying"
                    );
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
    ///
    /// A send that fails before the request was written (a pooled connection the
    /// server had just closed) ends in [`AttemptFailure::NotSent`]; the caller repeats
    /// it once at once (`resend`: the first send's deadline), without waiting for the
    /// rate limiter again: the server never saw it, so this is not a retry in the
    /// [`RetryPolicy`] sense.
    ///
    /// Everything before the send happens in [`Client::signed_request`], so that
    /// what this future keeps across its awaits is small.
    async fn attempt(
        &self,
        action: &'static ActionMeta,
        body: &Bytes,
        trace_id: &wire::TraceId,
        resend: Option<tokio::time::Instant>,
    ) -> Result<HttpResponse, AttemptFailure> {
        let i = &*self.inner;
        let request = {
            // Credentials first: a slow provider must not hold a rate-limit slot,
            // or requests would leave later than their slots and bunch up.
            let fetched;
            let (creds, fields_checked) = match i.credentials.fixed() {
                Some(fixed) => (fixed, i.fixed_credentials_valid),
                None => {
                    fetched = i
                        .credentials
                        .credentials()
                        .await
                        .map_err(AttemptFailure::Credentials)?;
                    (&fetched, false)
                }
            };
            let now = SystemTime::now();
            if fields_checked {
                creds.check_expiry(now)
            } else {
                creds.check(now)
            }
            .map_err(AttemptFailure::Credentials)?;
            let now = match i.limiters.get(action).filter(|_| resend.is_none()) {
                Some(limiter) => {
                    limiter.acquire().await;
                    SystemTime::now()
                }
                None => now,
            };
            self.signed_request(action, body, trace_id, creds, now)?
        };
        let deadline = resend.unwrap_or_else(|| tokio::time::Instant::now() + i.timeout);
        match tokio::time::timeout_at(deadline, i.transport.send(request)).await {
            Ok(Ok(answer)) => Ok(answer),
            Err(_) | Ok(Err(TransportError::Timeout)) => Err(AttemptFailure::Timeout),
            Ok(Err(TransportError::NotSent(e))) if resend.is_none() => {
                Err(AttemptFailure::NotSent(e, deadline))
            }
            // Unwritten twice: the server surely never saw it, as with a refused
            // connection.
            Ok(Err(TransportError::Connect(e) | TransportError::NotSent(e))) => {
                Err(AttemptFailure::Connect(e))
            }
            Ok(Err(TransportError::Other(e))) => Err(AttemptFailure::Transport(e)),
        }
    }

    /// The signed request of one attempt sent at `now`.
    fn signed_request(
        &self,
        action: &'static ActionMeta,
        body: &Bytes,
        trace_id: &wire::TraceId,
        creds: &crate::Credentials,
        now: SystemTime,
    ) -> Result<HttpRequest, AttemptFailure> {
        let i = &*self.inner;
        let timestamp = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let payload = if i.unsigned_payload {
            Payload::Unsigned
        } else {
            Payload::Body(body)
        };
        let target = i.targets.get(action.host);
        let authorization = i.signer.authorization(
            &target.host,
            timestamp,
            creds.secret_id(),
            creds.secret_key(),
            payload,
        );
        // `check` made id and token header-safe, so these cannot fail.
        let unsendable = |what: &str| {
            AttemptFailure::Credentials(crate::CredentialsError::Invalid(format!(
                "the {what} cannot be sent in a header"
            )))
        };
        let authorization =
            HeaderValue::try_from(authorization).map_err(|_| unsendable("secret id"))?;
        let token = match creds.token() {
            Some(t) => Some(HeaderValue::from_str(t).map_err(|_| unsendable("session token"))?),
            None => None,
        };
        let headers = wire::PerAttempt {
            authorization,
            host: target.host_value.clone(),
            action: wire::action_value(action.name),
            timestamp: timestamp.into(),
            trace_id: trace_id.header_value(),
            token,
        }
        .fill(&i.headers);
        Ok(HttpRequest {
            url: target.url.clone(),
            headers,
            body: body.clone(),
            timeout: i.timeout,
        })
    }

    /// For dynamic callers: parses `request_json` as `Req`, calls, and returns the typed
    /// response serialized back to JSON, with the members the service returned that
    /// the SDK does not declare (kept in the generated types' `other`).
    ///
    /// The request is parsed strictly: a member that a lenient SDK type would convert
    /// or drop (such as `"Flag": 1` for a boolean in a structure also used in answers)
    /// is refused with [`DynamicCallError::InvalidRequest`] naming it, and nothing is
    /// sent.
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
        let drifted = lenient::drift_count();
        let request: Req =
            serde_json::from_str(request_json).map_err(DynamicCallError::InvalidRequest)?;
        if lenient::drift_count() != drifted {
            return Err(DynamicCallError::InvalidRequest(mistyped_request(
                request_json,
                &request,
            )));
        }
        let response: Resp = self.call::<Req, Resp, C>(action, &request).await?;
        serde_json::to_value(&response).map_err(DynamicCallError::EncodeResponse)
    }
}

/// The error for a request JSON with members of the wrong type, naming them.
fn mistyped_request<Req: Serialize>(request_json: &str, request: &Req) -> serde_json::Error {
    use serde::de::Error as _;
    let received = serde_json::from_str::<serde_json::Value>(request_json).unwrap_or_default();
    let parsed = serde_json::to_value(request).unwrap_or_default();
    let members: Vec<String> = lenient::drifts(&received, &parsed, &[])
        .iter()
        .map(|d| format!("{} ({})", d.path, d.received))
        .collect();
    serde_json::Error::custom(format!(
        "members without their documented type: {}",
        if members.is_empty() {
            String::from("(unknown)")
        } else {
            members.join(", ")
        }
    ))
}
