//! The testing server is a real HTTP/1.1 server: chunked request bodies, pipelined and
//! keep-alive requests, and clients that go away early, spoken by hand on raw sockets.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{ok, Expect, Reply, Server};
use tencentcloud_runtime::signing::{sign, SigningInput};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ID: &str = "AKIDrawSocketTest";
const KEY: &str = "raw-socket-secret";

fn expect() -> Expect {
    Expect::new("testsvc", "2020-02-02").key(ID, KEY, None)
}

async fn server() -> Server {
    Server::start(expect(), |r| {
        let n = r.json()["N"].as_i64().unwrap_or(-1);
        ok(&format!(r#""N":{n}"#), &format!("rid-{}", r.index))
    })
    .await
}

/// The signed head of a request (ending in the blank line), with `framing` as the
/// body-length header line.
fn head(server: &Server, body: &[u8], framing: &str) -> String {
    let host = server.addr.to_string();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signed = sign(&SigningInput {
        service: "testsvc",
        host: &host,
        action: "Echo",
        version: "2020-02-02",
        region: None,
        language: None,
        timestamp: now,
        secret_id: ID,
        secret_key: KEY,
        token: None,
        request_client: None,
        body,
        unsigned_payload: false,
    });
    let mut out = String::from("POST / HTTP/1.1\r\n");
    for (name, value) in &signed.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(framing);
    out.push_str("\r\n\r\n");
    out
}

fn with_length(server: &Server, body: &[u8]) -> Vec<u8> {
    let mut out = head(server, body, &format!("Content-Length: {}", body.len())).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads `n` `Content-Length` responses and returns their bodies.
async fn read_responses(s: &mut TcpStream, n: usize) -> Vec<String> {
    let mut buf = Vec::new();
    let mut bodies = Vec::new();
    let mut chunk = [0u8; 4096];
    while bodies.len() < n {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            assert!(head.starts_with("http/1.1 200"), "{head}");
            let len: usize = head
                .split("\r\n")
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse().unwrap())
                .expect("content-length");
            if buf.len() >= end + 4 + len {
                bodies.push(String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).into_owned());
                buf.drain(..end + 4 + len);
                continue;
            }
        }
        let read = tokio::time::timeout(Duration::from_secs(5), s.read(&mut chunk));
        let k = read.await.expect("answer in time").unwrap();
        assert!(k > 0, "connection closed early");
        buf.extend_from_slice(&chunk[..k]);
    }
    bodies
}

#[tokio::test]
async fn chunked_request_bodies_are_joined_and_verified() {
    let server = server().await;
    let body = br#"{"N":7,"Padding":"0123456789abcdef"}"#;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(head(&server, body, "Transfer-Encoding: chunked").as_bytes())
        .await
        .unwrap();
    // Three chunks in separate writes, the last one split mid-way.
    for part in [&body[..5], &body[5..20], &body[20..]] {
        s.write_all(format!("{:x}\r\n", part.len()).as_bytes())
            .await
            .unwrap();
        s.write_all(part).await.unwrap();
        s.write_all(b"\r\n").await.unwrap();
        s.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    s.write_all(b"0\r\n\r\n").await.unwrap();
    let bodies = read_responses(&mut s, 1).await;
    assert!(bodies[0].contains(r#""N":7"#), "{}", bodies[0]);
    server.assert_all_verified();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, body);
    assert_eq!(received[0].header("transfer-encoding"), Some("chunked"));
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order_on_one_connection() {
    let server = server().await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    // Three requests in a single write, before reading any answer.
    let mut all = Vec::new();
    for n in 0..3 {
        all.extend(with_length(&server, format!(r#"{{"N":{n}}}"#).as_bytes()));
    }
    s.write_all(&all).await.unwrap();
    let bodies = read_responses(&mut s, 3).await;
    for (n, body) in bodies.iter().enumerate() {
        assert!(body.contains(&format!(r#""N":{n}"#)), "{body}");
    }
    // The connection stays open for a later request (keep-alive).
    s.write_all(&with_length(&server, br#"{"N":3}"#))
        .await
        .unwrap();
    assert!(read_responses(&mut s, 1).await[0].contains(r#""N":3"#));
    server.assert_all_verified();
    assert_eq!(server.hits(), 4);
    assert!(server.received().iter().all(|r| r.connection == 0));
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn clients_that_close_early_do_not_disturb_the_server() {
    let server = Server::start(expect(), |r| {
        Reply::Delay(
            Duration::from_millis(50),
            Box::new(ok("", &format!("rid-{}", r.index))),
        )
    })
    .await;
    // 1: the head and half the announced body, then gone.
    let body = br#"{"N":1}"#;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let h = head(&server, body, &format!("Content-Length: {}", body.len()));
    s.write_all(h.as_bytes()).await.unwrap();
    s.write_all(&body[..3]).await.unwrap();
    drop(s);
    // 2: a complete request, closed before the (delayed) answer.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(&with_length(&server, br#"{"N":2}"#))
        .await
        .unwrap();
    drop(s);
    // 3: half a head.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"POST / HTTP/1.1\r\nHost: x").await.unwrap();
    drop(s);
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The server still answers a well-behaved client.
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(&with_length(&server, br#"{"N":4}"#))
        .await
        .unwrap();
    assert_eq!(read_responses(&mut s, 1).await.len(), 1);
    server.assert_all_verified();
    // The cut-off body was never a request; the complete one was received.
    let bodies: Vec<Vec<u8>> = server.received().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies, [br#"{"N":2}"#.to_vec(), br#"{"N":4}"#.to_vec()]);
}
