//! HTTP/2 refusals: a stream the server refused (`REFUSED_STREAM`) was never
//! processed, so the client sends the request again at once; any other reset may
//! have been processed, so it is an error. reqwest's own retry of refusals is off in
//! the default transport, so these cases rest on the runtime's classification.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tencentcloud_runtime::transport::ReqwestTransport;
use tencentcloud_runtime::{Client, Credentials, Error, RetryPolicy};

#[path = "common/service.rs"]
mod service;
use service::{PING, SVC};
use tokio::net::TcpListener;

/// A cleartext HTTP/2 server that resets its first `resets` streams with `reason`
/// and answers the others with a success; returns its URL and the streams seen.
async fn h2_server(resets: usize, reason: h2::Reason) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let Ok(mut conn) = h2::server::handshake(socket).await else {
                    return;
                };
                while let Some(Ok((_request, mut respond))) = conn.accept().await {
                    if counter.fetch_add(1, Ordering::SeqCst) < resets {
                        respond.send_reset(reason);
                        continue;
                    }
                    let answer = hyper::Response::builder()
                        .status(200)
                        .header("content-type", "application/json")
                        .body(())
                        .unwrap();
                    let Ok(mut body) = respond.send_response(answer, false) else {
                        continue;
                    };
                    let _ = body.send_data(
                        bytes::Bytes::from_static(br#"{"Response":{"RequestId":"rid-h2"}}"#),
                        true,
                    );
                }
            });
        }
    });
    (url, seen)
}

/// A client speaking HTTP/2 without TLS, with reqwest's own retries off (as in the
/// default transport) and the runtime's retries off too.
fn client(url: &str) -> Client {
    let http = reqwest::Client::builder()
        .http2_prior_knowledge()
        .retry(reqwest::retry::never().max_retries_per_request(0))
        .build()
        .unwrap();
    Client::builder(&SVC)
        .endpoint(url)
        .credentials(Credentials::new("AKIDh2", "h2-secret"))
        .retry(RetryPolicy::disabled())
        .transport(Arc::new(ReqwestTransport::from_client(http)))
        .build()
        .unwrap()
}

async fn ping(client: &Client) -> Result<serde_json::Value, Error> {
    client.call(&PING, &serde_json::json!({})).await
}

#[tokio::test]
async fn a_refused_stream_is_sent_again_at_once() {
    let (url, seen) = h2_server(1, h2::Reason::REFUSED_STREAM).await;
    let answer = ping(&client(&url)).await.unwrap();
    assert_eq!(answer["RequestId"], "rid-h2");
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_stream_refused_twice_is_a_connect_error() {
    let (url, seen) = h2_server(2, h2::Reason::REFUSED_STREAM).await;
    let err = ping(&client(&url)).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn any_other_reset_may_have_been_processed_and_is_not_resent() {
    let (url, seen) = h2_server(1, h2::Reason::INTERNAL_ERROR).await;
    let err = ping(&client(&url)).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}
