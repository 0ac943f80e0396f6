//! An offline stand-in for a Tencent Cloud API 3.0 endpoint, for your own tests
//! (cargo feature `testing`).
//!
//! [`Server`] listens on `127.0.0.1` and serves HTTP/1.1 with hyper, so your tests
//! exercise a real server: keep-alive and pipelined requests, chunked request bodies,
//! clients that go away early. Like Tencent's servers it checks every request before
//! answering: it recomputes the TC3-HMAC-SHA256 signature from the bytes it
//! received (with its own code, not this crate's signer), checks the credential
//! scope and its date, the timestamp, the session token, and the protocol headers
//! (`POST /`, exactly one `Content-Type: application/json`, `Host`, `X-TC-Action`,
//! `X-TC-Version`, `X-TC-Timestamp`, `X-TC-Language`) and that the body is JSON.
//! A request that fails is answered with `AuthFailure.SignatureFailure` (the
//! reason in the message) and your handler is not called; every request is
//! recorded as a [`Received`], with the verdict, so a test can assert on what
//! was sent. Otherwise the handler chooses the [`Reply`]: a canned JSON answer
//! ([`ok`], [`api_error`]) or a fault (connection reset, truncated body, delay,
//! HTML or any raw body). [`Proxy`] is a loopback HTTP proxy for tests of proxy
//! settings: it records what it is asked and never reaches beyond the machine.
//!
//! Enable it for tests only:
//!
//! ```toml
//! [dev-dependencies]
//! tencentcloud-runtime = { version = "0.1", features = ["testing"] }
//! ```
//!
//! ```
//! use tencentcloud_runtime::testing::{ok, Expect, Server};
//! use tencentcloud_runtime::{ActionMeta, Client, Credentials, ServiceMeta};
//!
//! static SERVICE: ServiceMeta = ServiceMeta {
//!     name: "essbasic",
//!     version: "2021-05-26",
//!     production: tencentcloud_runtime::Hosts::new("essbasic.tencentcloudapi.com"),
//!     test: None,
//!     default_rate_limit: 20,
//! };
//! static PING: ActionMeta = ActionMeta { name: "Ping", rate_limit: 20, host: tencentcloud_runtime::HostRole::Main };
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let expect = Expect::new("essbasic", "2021-05-26").key("AKIDtest", "secret", None);
//! let server = Server::start(expect, |request| {
//!     assert_eq!(request.action(), "Ping");
//!     ok(r#""Pong":true"#, "req-1")
//! })
//! .await;
//! let client = Client::builder(&SERVICE)
//!     .endpoint(server.url())
//!     .credentials(Credentials::new("AKIDtest", "secret"))
//!     .build()
//!     .unwrap();
//! let answer: serde_json::Value = client
//!     .call::<_, _, String>(&PING, &serde_json::json!({}))
//!     .await
//!     .unwrap();
//! assert_eq!(answer["Pong"], true);
//! server.assert_all_verified();
//! assert_eq!(server.hits(), 1);
//! # }
//! ```

pub use proxy::Proxy;

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use sha2::{Digest, Sha256};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What the server expects of every request.
#[derive(Clone, Debug)]
pub struct Expect {
    /// Service name of the credential scope, e.g. `"essbasic"`.
    pub service: &'static str,
    /// Required `X-TC-Version`, e.g. `"2021-05-26"`.
    pub version: &'static str,
    /// Known keys: secret id -> (secret key, session token the request must carry, if any).
    pub keys: HashMap<String, (String, Option<String>)>,
}

impl Expect {
    /// Expects requests for `service` at API `version`; add keys with [`Expect::key`].
    pub fn new(service: &'static str, version: &'static str) -> Self {
        Expect {
            service,
            version,
            keys: HashMap::new(),
        }
    }
    /// Accepts requests signed with this secret id and key, carrying exactly `token`
    /// as `X-TC-Token` (`None`: no token header).
    pub fn key(mut self, id: &str, key: &str, token: Option<&str>) -> Self {
        self.keys
            .insert(id.into(), (key.into(), token.map(Into::into)));
        self
    }
}

/// How the server treats connections (see [`Server::start_with`]).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ServerOptions {
    /// Treat a keep-alive connection idle this long as closed, as Tencent's gateway
    /// does after about 60 s, in the way that hurts clients: a request arriving on it
    /// is dropped unread with the connection (as when the gateway's close and the
    /// request cross on the wire) and is not recorded. `None` (the default): never.
    pub idle_timeout: Option<Duration>,
}

impl ServerOptions {
    /// Treats connections idle for `idle` as closed (see [`ServerOptions::idle_timeout`]).
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = Some(idle);
        self
    }
}

/// One request as received.
#[derive(Clone, Debug)]
pub struct Received {
    /// When the request's head had fully arrived.
    pub at: Instant,
    /// Position among all requests this server received, from 0.
    pub index: usize,
    /// Number of the connection it came on, from 0 in accepting order.
    pub connection: usize,
    /// Headers in arrival order (repeated names grouped), names lower-cased, values
    /// trimmed.
    pub headers: Vec<(String, String)>,
    /// The body exactly as received (after HTTP framing: chunked bodies are joined).
    pub body: Vec<u8>,
    /// `Ok` when signature and protocol headers were all correct.
    pub verdict: Result<(), String>,
}

impl Received {
    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The `X-TC-Action` header, or `""`.
    pub fn action(&self) -> &str {
        self.header("x-tc-action").unwrap_or("")
    }
    /// The body parsed as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// What to answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A status and a JSON (or any) body with `Content-Type: application/json`.
    Json(u16, String),
    /// A status, content type and raw body.
    Raw(u16, &'static str, Vec<u8>),
    /// Reset the connection (RST) without answering.
    Reset,
    /// Announce a body 100 bytes longer than this, send only this, close.
    TruncatedBody(Vec<u8>),
    /// Wait, then answer.
    Delay(Duration, Box<Reply>),
}

/// A success envelope: `{"Response":{<fields>,"RequestId":...}}`, where `fields`
/// is the JSON text of the members (may be empty).
pub fn ok(fields: &str, request_id: &str) -> Reply {
    let sep = if fields.is_empty() { "" } else { "," };
    Reply::Json(
        200,
        format!(r#"{{"Response":{{{fields}{sep}"RequestId":"{request_id}"}}}}"#),
    )
}

/// An error envelope: `{"Response":{"Error":{"Code":...,"Message":...},"RequestId":...}}`.
pub fn api_error(code: &str, message: &str, request_id: &str) -> Reply {
    Reply::Json(
        200,
        format!(
            r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"{message}"}},"RequestId":"{request_id}"}}}}"#
        ),
    )
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

/// State shared by the accept loop and every connection.
struct Shared {
    received: Mutex<Vec<Received>>,
    handler: Arc<Handler>,
    expect: Expect,
    options: ServerOptions,
    connections: AtomicUsize,
}

/// The loopback server; it stops when dropped.
pub struct Server {
    /// The address it listens on (`127.0.0.1`, a free port).
    pub addr: std::net::SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Binds a free loopback port and serves every connection in a background task
    /// (call it inside a Tokio runtime). `handler` chooses the reply to each request
    /// that passed verification.
    pub async fn start(
        expect: Expect,
        handler: impl Fn(&Received) -> Reply + Send + Sync + 'static,
    ) -> Server {
        Self::start_with(ServerOptions::default(), expect, handler).await
    }

    /// [`Server::start`] with connection options (e.g. closing idle connections).
    pub async fn start_with(
        options: ServerOptions,
        expect: Expect,
        handler: impl Fn(&Received) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("bound address");
        let shared = Arc::new(Shared {
            received: Mutex::new(Vec::new()),
            handler: Arc::new(handler),
            expect,
            options,
            connections: AtomicUsize::new(0),
        });
        let accept_shared = shared.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let shared = accept_shared.clone();
                tokio::spawn(async move {
                    let _ = serve_connection(stream, shared).await;
                });
            }
        });
        Server { addr, shared, task }
    }

    /// The endpoint to give the client: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// How many requests arrived (verified or not).
    pub fn hits(&self) -> usize {
        self.shared.received.lock().unwrap().len()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Panics with the reason when any request failed verification.
    pub fn assert_all_verified(&self) {
        for r in self.received() {
            if let Err(e) = &r.verdict {
                panic!("request {} failed verification: {e}", r.index);
            }
        }
    }
}

/// Per-connection signals from the request handler to the connection task.
#[derive(Default)]
struct ConnState {
    /// A handler asked for [`Reply::Reset`].
    reset: Notify,
    /// Requests being handled right now.
    busy: AtomicUsize,
    /// When the last request finished, or the connection opened (for the idle
    /// timeout).
    last_done: Mutex<Option<Instant>>,
}

/// Serves one connection with hyper; drops it with a reset when a handler asks for it
/// (or the idle timeout says it is stale).
async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let number = shared.connections.fetch_add(1, Ordering::SeqCst);
    // A second handle on the socket, to turn the close into a reset (SO_LINGER 0).
    let std_stream = stream.into_std()?;
    let raw = std_stream.try_clone()?;
    let stream = TcpStream::from_std(std_stream)?;
    let state = Arc::new(ConnState::default());
    *state.last_done.lock().unwrap() = Some(Instant::now());
    let service = {
        let (shared, state) = (shared.clone(), state.clone());
        hyper::service::service_fn(move |request: Request<Incoming>| {
            // Handled in a task of its own, so that a request whose client went away
            // is still recorded and answered, as a real server would.
            let task = tokio::spawn(handle(request, shared.clone(), state.clone(), number));
            async move {
                match task.await {
                    Ok(Some(response)) => Ok::<_, Infallible>(response),
                    // Reset: the connection task drops the connection first.
                    _ => std::future::pending().await,
                }
            }
        })
    };
    let conn = hyper::server::conn::http1::Builder::new()
        .pipeline_flush(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => Ok(()),
        _ = state.reset.notified() => {
            socket2::SockRef::from(&raw).set_linger(Some(Duration::ZERO))?;
            Ok(())
        }
    }
}

type ReplyBody = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;

async fn handle(
    request: Request<Incoming>,
    shared: Arc<Shared>,
    state: Arc<ConnState>,
    connection: usize,
) -> Option<Response<ReplyBody>> {
    let idle_for = state.last_done.lock().unwrap().map(|t| t.elapsed());
    if let (Some(limit), Some(idle)) = (shared.options.idle_timeout, idle_for) {
        if state.busy.load(Ordering::SeqCst) == 0 && idle >= limit {
            // The gateway had closed this connection; the request crossed the close.
            state.reset.notify_one();
            return None;
        }
    }
    state.busy.fetch_add(1, Ordering::SeqCst);
    let at = Instant::now();
    let (parts, body) = request.into_parts();
    let request_line = format!("{} {} {:?}", parts.method, parts.uri, parts.version);
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).trim().to_owned(),
            )
        })
        .collect();
    let reply = match body.collect().await {
        Ok(body) => {
            let body = body.to_bytes().to_vec();
            let verdict = verify(&shared.expect, &request_line, &headers, &body);
            let received = {
                let mut all = shared.received.lock().unwrap();
                let r = Received {
                    at,
                    index: all.len(),
                    connection,
                    headers,
                    body,
                    verdict,
                };
                all.push(r.clone());
                r
            };
            match &received.verdict {
                Ok(()) => (shared.handler)(&received),
                Err(e) => api_error(
                    "AuthFailure.SignatureFailure",
                    &e.replace('"', "'"),
                    "server-rejected",
                ),
            }
        }
        // The client went away in the middle of the body: nothing to record.
        Err(_) => Reply::Reset,
    };
    let response = respond(reply, &state).await;
    *state.last_done.lock().unwrap() = Some(Instant::now());
    state.busy.fetch_sub(1, Ordering::SeqCst);
    response
}

/// The response for `reply`, or `None` for [`Reply::Reset`] (after signalling it).
async fn respond(mut reply: Reply, state: &ConnState) -> Option<Response<ReplyBody>> {
    loop {
        match reply {
            Reply::Delay(d, next) => {
                tokio::time::sleep(d).await;
                reply = *next;
            }
            Reply::Json(status, body) => {
                return Some(response(
                    status,
                    "application/json",
                    full(body.into_bytes()),
                ))
            }
            Reply::Raw(status, ct, body) => return Some(response(status, ct, full(body))),
            Reply::Reset => {
                state.reset.notify_one();
                return None;
            }
            Reply::TruncatedBody(part) => {
                let announced = part.len() + 100;
                let mut r = response(200, "application/json", Truncated::new(part).boxed());
                r.headers_mut()
                    .insert(hyper::header::CONTENT_LENGTH, announced.into());
                return Some(r);
            }
        }
    }
}

fn full(body: Vec<u8>) -> ReplyBody {
    Full::new(Bytes::from(body))
        .map_err(|never: Infallible| match never {})
        .boxed()
}

fn response(status: u16, content_type: &'static str, body: ReplyBody) -> Response<ReplyBody> {
    let mut r = Response::new(body);
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    r
}

/// A body that yields its bytes, waits for them to be flushed, then fails, so hyper
/// closes the connection short of the announced length.
struct Truncated {
    part: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
}

impl Truncated {
    fn new(part: Vec<u8>) -> Self {
        Truncated {
            part: Some(Bytes::from(part)),
            pause: Box::pin(tokio::time::sleep(Duration::from_millis(20))),
        }
    }
}

impl Body for Truncated {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if let Some(part) = self.part.take() {
            return Poll::Ready(Some(Ok(Frame::data(part))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => {
                Poll::Ready(Some(Err(std::io::Error::other("truncated on purpose"))))
            }
        }
    }
}

// ---- independent TC3-HMAC-SHA256 verification -------------------------------------

fn hmac256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

fn hex_sha256(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// UTC date by walking whole years and months (deliberately not the client's algorithm).
pub fn date_of(ts: u64) -> String {
    let mut days = ts / 86_400;
    let mut year = 1970u64;
    let leap = |y: u64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    loop {
        let len = if leap(year) { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        year += 1;
    }
    let months = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while days >= months[month] {
        days -= months[month];
        month += 1;
    }
    format!("{year:04}-{:02}-{:02}", month + 1, days + 1)
}

fn verify(
    expect: &Expect,
    request_line: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<(), String> {
    let h = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let one = |name: &str| -> Result<&str, String> {
        let n = headers.iter().filter(|(n, _)| n == name).count();
        if n != 1 {
            return Err(format!("header {name} present {n} times"));
        }
        Ok(h(name).unwrap())
    };
    if request_line != "POST / HTTP/1.1" {
        return Err(format!("request line {request_line:?}"));
    }
    let content_type = one("content-type")?;
    if content_type != "application/json" {
        return Err(format!("content-type {content_type:?}"));
    }
    let host = one("host")?;
    if one("x-tc-version")? != expect.version {
        return Err("wrong X-TC-Version".into());
    }
    let action = one("x-tc-action")?;
    if action.is_empty() {
        return Err("empty X-TC-Action".into());
    }
    match h("x-tc-language") {
        None | Some("zh-CN") | Some("en-US") => {}
        Some(other) => return Err(format!("bad X-TC-Language {other:?}")),
    }
    let ts: u64 = one("x-tc-timestamp")?
        .parse()
        .map_err(|_| "X-TC-Timestamp is not a number".to_string())?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    if now.abs_diff(ts) > 300 {
        return Err("AuthFailure.SignatureExpire: timestamp too far from server time".into());
    }
    let auth = one("authorization")?;
    let rest = auth
        .strip_prefix("TC3-HMAC-SHA256 Credential=")
        .ok_or("bad Authorization algorithm")?;
    let (credential, rest) = rest
        .split_once(", SignedHeaders=")
        .ok_or("bad Authorization")?;
    let (signed_headers, signature) = rest.split_once(", Signature=").ok_or("bad Authorization")?;
    if signed_headers != "content-type;host" {
        return Err(format!("SignedHeaders {signed_headers:?}"));
    }
    let parts: Vec<&str> = credential.split('/').collect();
    let [id, date, service, terminator] = parts[..] else {
        return Err("bad Credential".into());
    };
    if terminator != "tc3_request" || service != expect.service {
        return Err("bad credential scope".into());
    }
    if date != date_of(ts) {
        return Err(format!("scope date {date} is not the UTC date of {ts}"));
    }
    let (key, token) = expect.keys.get(id).ok_or("AuthFailure.SecretIdNotFound")?;
    if h("x-tc-token") != token.as_deref() {
        return Err("AuthFailure.TokenFailure".into());
    }
    let payload_hash = match h("x-tc-content-sha256") {
        Some("UNSIGNED-PAYLOAD") => hex_sha256(b"UNSIGNED-PAYLOAD"),
        Some(other) => return Err(format!("X-TC-Content-SHA256 {other:?}")),
        None => hex_sha256(body),
    };
    let canonical = format!(
        "POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n{payload_hash}"
    );
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{ts}\n{date}/{service}/tc3_request\n{}",
        hex_sha256(canonical.as_bytes())
    );
    let k = hmac256(format!("TC3{key}").as_bytes(), date.as_bytes());
    let k = hmac256(&k, service.as_bytes());
    let k = hmac256(&k, b"tc3_request");
    let expected = hex::encode(hmac256(&k, to_sign.as_bytes()));
    if expected != signature {
        return Err("AuthFailure.SignatureFailure: signature mismatch".into());
    }
    if serde_json::from_slice::<serde_json::Value>(body).is_err() {
        return Err("body is not JSON".into());
    }
    Ok(())
}

/// [`Proxy`]: a loopback HTTP proxy that records what clients ask it.
mod proxy {
    use std::net::SocketAddr;
    use std::sync::{Arc, Mutex};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    /// A loopback HTTP proxy for tests of proxy settings, which never reaches beyond
    /// the machine.
    ///
    /// It records the request line of the first request of each connection (e.g.
    /// `CONNECT essbasic.tencentcloudapi.com:443 HTTP/1.1` or
    /// `POST http://127.0.0.1:8080/ HTTP/1.1`). A plain-HTTP request for a loopback
    /// target (`127.0.0.1`, `localhost`, `[::1]`) is forwarded there (the rest of the
    /// connection is relayed as is); `CONNECT` and any other target are refused with
    /// `403 Forbidden`, so nothing is tunnelled.
    #[derive(Debug)]
    pub struct Proxy {
        addr: SocketAddr,
        seen: Arc<Mutex<Vec<String>>>,
        task: tokio::task::JoinHandle<()>,
    }

    impl Drop for Proxy {
        fn drop(&mut self) {
            self.task.abort();
        }
    }

    impl Proxy {
        /// Starts the proxy on a free loopback port.
        pub async fn start() -> Proxy {
            let listener = TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind loopback");
            let addr = listener.local_addr().expect("bound address");
            let seen = Arc::new(Mutex::new(Vec::new()));
            let log = seen.clone();
            let task = tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(serve(stream, log.clone()));
                }
            });
            Proxy { addr, seen, task }
        }

        /// The proxy's URL, `http://127.0.0.1:<port>`, as `HTTPS_PROXY` takes it.
        pub fn url(&self) -> String {
            format!("http://{}", self.addr)
        }

        /// The request lines received so far, one per connection, in order.
        pub fn requests(&self) -> Vec<String> {
            self.seen.lock().map(|s| s.clone()).unwrap_or_default()
        }
    }

    async fn serve(mut client: TcpStream, seen: Arc<Mutex<Vec<String>>>) {
        let mut head = Vec::new();
        let mut chunk = [0u8; 4096];
        let end = loop {
            if let Some(i) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match client.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&chunk[..n]),
            }
            if head.len() > 64 * 1024 {
                return;
            }
        };
        let text = String::from_utf8_lossy(&head[..end]).into_owned();
        let line = text.lines().next().unwrap_or_default().to_owned();
        if let Ok(mut s) = seen.lock() {
            s.push(line.clone());
        }
        let forbidden = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        let mut parts = line.split(' ');
        let (Some(method), Some(target), Some(version)) =
            (parts.next(), parts.next(), parts.next())
        else {
            let _ = client.write_all(forbidden).await;
            return;
        };
        let Some((authority, path)) = target
            .strip_prefix("http://")
            .map(|rest| rest.split_at(rest.find('/').unwrap_or(rest.len())))
            .filter(|(authority, _)| method != "CONNECT" && is_loopback(authority))
        else {
            let _ = client.write_all(forbidden).await;
            return;
        };
        let Ok(mut upstream) = TcpStream::connect(authority).await else {
            let _ = client
                .write_all(
                    b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            return;
        };
        let path = if path.is_empty() { "/" } else { path };
        let rest_of_head = &text[line.len()..];
        let rewritten = format!("{method} {path} {version}{rest_of_head}");
        if upstream.write_all(rewritten.as_bytes()).await.is_err()
            || upstream.write_all(&head[end..]).await.is_err()
        {
            return;
        }
        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
    }

    fn is_loopback(authority: &str) -> bool {
        let host = match authority.rsplit_once(':') {
            Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
            _ => authority,
        };
        matches!(host, "127.0.0.1" | "localhost" | "[::1]")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn independent_date_function_is_right() {
        assert_eq!(super::date_of(0), "1970-01-01");
        assert_eq!(super::date_of(951_782_400), "2000-02-29");
        assert_eq!(super::date_of(1_521_049_234), "2018-03-14");
    }
}
