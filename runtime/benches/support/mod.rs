//! What the loopback benchmarks share: the request, the canned answer and a minimal
//! keep-alive HTTP/1.1 server.

use serde::{Deserialize, Serialize};
use tencentcloud_runtime::{
    ActionMeta, Client, ClientBuilder, Credentials, HostRole, Hosts, RateLimitPolicy, RetryPolicy,
    ServiceMeta,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Agent {
    pub app_id: String,
    pub proxy_organization_open_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Request {
    pub agent: Agent,
    pub service_type: String,
    pub operate: String,
}

/// Shaped like a generated response: lenient members, undeclared ones kept.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
pub struct Response {
    #[serde(
        default,
        deserialize_with = "tencentcloud_runtime::de::lenient::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub operate_url: Option<String>,
    #[serde(
        rename = "RequestId",
        default,
        deserialize_with = "tencentcloud_runtime::de::null_as_default"
    )]
    pub request_id: String,
    #[serde(
        flatten,
        skip_serializing_if = "tencentcloud_runtime::de::lenient::skip_other"
    )]
    pub other: serde_json::Map<String, serde_json::Value>,
}

pub static SVC: ServiceMeta = ServiceMeta {
    name: "essbasic",
    version: "2021-05-26",
    production: Hosts::new("unused.invalid"),
    test: None,
    default_rate_limit: 20,
};
pub static ACTION: ActionMeta = ActionMeta {
    name: "ModifyExtendedService",
    rate_limit: 20,
    host: HostRole::Main,
};

/// A client for `endpoint` with the bench's credentials, no rate limit, no retries,
/// and otherwise the defaults (the 60 s call timeout among them).
pub fn client(endpoint: &str) -> ClientBuilder {
    Client::builder(&SVC)
        .endpoint(endpoint)
        .credentials(Credentials::new(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        ))
        .rate_limit(RateLimitPolicy::disabled())
        .retry(RetryPolicy::disabled())
}

pub const ANSWER: &[u8] = br#"{"Response":{"OperateUrl":"https://example.invalid/op?x=1","RequestId":"0d6f1d5b-6a0d-4a43-9a0e-4e7f3c1b2a99"}}"#;

pub fn request() -> Request {
    Request {
        agent: Agent {
            app_id: "yDw1".into(),
            proxy_organization_open_id: "org-1".into(),
        },
        service_type: "AUTO_SIGN".into(),
        operate: "OPEN".into(),
    }
}

/// Reads one `Content-Length` request off a keep-alive connection, parsing its head
/// with `httparse` (hyper's parser), so that the server's cost per header byte is
/// that of a real server's.
async fn read_one(s: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    let (head_len, body_len) = loop {
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut headers);
        if let httparse::Status::Complete(n) = req.parse(buf).ok()? {
            let len = req
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                .and_then(|h| std::str::from_utf8(h.value).ok()?.trim().parse().ok())
                .unwrap_or(0usize);
            break (n, len);
        }
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    while buf.len() < head_len + body_len {
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..head_len + body_len);
    Some(())
}

/// A minimal keep-alive HTTP/1.1 server answering every request with `ANSWER` (no
/// signature check, so both clients get the same answer at the same cost).
pub async fn serve(listener: TcpListener) {
    loop {
        let Ok((mut s, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(async move {
            let mut buf = Vec::new();
            let mut out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                ANSWER.len()
            )
            .into_bytes();
            out.extend_from_slice(ANSWER);
            while read_one(&mut s, &mut buf).await.is_some() {
                if s.write_all(&out).await.is_err() {
                    return;
                }
            }
        });
    }
}

/// A current-thread runtime and the address of [`serve`] running on it.
pub fn runtime_and_server() -> (tokio::runtime::Runtime, std::net::SocketAddr) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let addr = rt.block_on(async {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(serve(l));
        addr
    });
    (rt, addr)
}
