//! What the loopback benchmarks share: the request, the canned answer and a minimal
//! keep-alive HTTP/1.1 server.

use serde::{Deserialize, Serialize};
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

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
pub struct Response {
    pub operate_url: Option<String>,
    pub request_id: String,
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

/// Reads one `Content-Length` request off a keep-alive connection.
async fn read_one(s: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .split("\r\n")
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..head_end + len);
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
