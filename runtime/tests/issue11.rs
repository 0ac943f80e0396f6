//! Stale keep-alive connections, settings and credentials refused before anything is
//! sent, and the SDK identifying itself on the wire (request client, user agent, a
//! fresh trace id per call that errors carry too).

mod common;

use std::time::{Duration, SystemTime};

use common::{api_error, ok, Expect, Reply, Server, ServerOptions, PING, SVC};
use tencentcloud_runtime::{
    BuildError, Client, ClientBuilder, Credentials, CredentialsError, Error, RetryPolicy,
};

const ID: &str = "AKIDissue11";
const KEY: &str = "issue11-secret";

fn expect() -> Expect {
    Expect::new(SVC.name, SVC.version).key(ID, KEY, None)
}

fn builder(server: &Server) -> ClientBuilder {
    Client::builder(&SVC)
        .endpoint(server.url())
        .credentials(Credentials::new(ID, KEY))
        .retry(RetryPolicy::disabled())
}

/// A server that treats connections idle for 200 ms as closed, like the gateway
/// after 60 s.
async fn gateway_like_server() -> Server {
    Server::start_with(
        ServerOptions::default().idle_timeout(Duration::from_millis(200)),
        expect(),
        |r| ok("", &format!("rid-{}", r.index)),
    )
    .await
}

async fn ping(client: &Client) -> Result<serde_json::Value, Error> {
    client.call(&PING, &serde_json::json!({})).await
}

/// The gateway closes keep-alive connections idle for a while; calls spaced about
/// that long apart must never fail for it (with retries switched off, so that only
/// the pool setting and the never-written resend can save them).
#[tokio::test]
async fn connections_the_server_closed_when_idle_never_fail_a_call() {
    let server = gateway_like_server().await;
    // The pool drops connections idle longer than the server would keep them.
    let client = builder(&server)
        .pool_idle_timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let mut failures = Vec::new();
    for i in 0..8u64 {
        // Around the server's limit: just under, at, just over.
        tokio::time::sleep(Duration::from_millis(180 + (i % 3) * 20)).await;
        if let Err(e) = ping(&client).await {
            failures.push(e.to_string());
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(server.hits(), 8);
    server.assert_all_verified();
}

/// The same server with a pool that keeps connections longer than the server does:
/// requests crossing the server's close fail, which is what the setting prevents.
#[tokio::test]
async fn a_pool_outliving_the_servers_idle_limit_does_fail() {
    let server = gateway_like_server().await;
    let client = builder(&server)
        .pool_idle_timeout(Duration::from_secs(90))
        .build()
        .unwrap();
    ping(&client).await.unwrap();
    let mut failures = 0;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(230)).await;
        if let Err(e) = ping(&client).await {
            assert!(
                matches!(e, Error::Transport { .. } | Error::Connect(_)),
                "{e:?}"
            );
            failures += 1;
        }
    }
    assert!(failures > 0, "the stale-connection race was not reproduced");
}

#[tokio::test]
async fn the_default_pool_timeout_is_30_seconds_and_reuses_connections() {
    assert_eq!(
        tencentcloud_runtime::DEFAULT_POOL_IDLE_TIMEOUT,
        Duration::from_secs(30)
    );
    let server = Server::start(expect(), |r| ok("", &format!("rid-{}", r.index))).await;
    let client = builder(&server).build().unwrap();
    for _ in 0..3 {
        ping(&client).await.unwrap();
    }
    assert_eq!(server.connections(), 1, "one keep-alive connection");
}

#[tokio::test]
async fn bad_explicit_credentials_are_refused_locally_and_nothing_is_sent() {
    let server = Server::start(expect(), |r| ok("", &format!("rid-{}", r.index))).await;
    let past = SystemTime::now() - Duration::from_secs(60);
    let cases = [
        (Credentials::new("", KEY), "secret id is empty"),
        (Credentials::new("   ", KEY), "secret id is empty"),
        (Credentials::new(ID, ""), "secret key is empty"),
        (
            Credentials::new(ID, format!("{KEY}\n")),
            "secret key has leading or trailing whitespace",
        ),
        (
            Credentials::new(format!(" {ID}"), KEY),
            "secret id has leading or trailing whitespace",
        ),
        (
            Credentials::new(ID, KEY).with_token(""),
            "session token is empty",
        ),
        (
            Credentials::new(ID, KEY).with_token("tok\n"),
            "session token has leading or trailing whitespace",
        ),
        (Credentials::new(ID, KEY).with_expiry(past), "expired"),
    ];
    for (creds, says) in cases {
        let client = builder(&server).credentials(creds).build().unwrap();
        let e = ping(&client).await.unwrap_err();
        assert!(matches!(e, Error::Credentials(_)), "{e:?}");
        assert!(e.to_string().contains(says), "{e} should say {says:?}");
        assert!(!e.to_string().contains(KEY));
        assert!(e.trace_id().is_none(), "nothing was sent");
    }
    assert!(matches!(
        ping(
            &builder(&server)
                .credentials(Credentials::new(ID, KEY).with_expiry(past))
                .build()
                .unwrap()
        )
        .await,
        Err(Error::Credentials(CredentialsError::Expired))
    ));
    assert_eq!(server.hits(), 0, "nothing reached the server");
}

#[test]
fn every_string_setting_follows_one_rule() {
    let b = || Client::builder(&SVC).credentials(Credentials::new(ID, KEY));
    let refused = |r: Result<Client, BuildError>, what: &str| match r {
        Err(BuildError::InvalidSetting { what: w, .. }) => assert_eq!(w, what),
        other => panic!("{what}: {other:?}"),
    };
    for blank in ["", "  ", " x", "x\n"] {
        refused(b().region(blank).build(), "region");
        refused(b().request_client(blank).build(), "request client");
        refused(b().endpoint(blank).build(), "endpoint");
        refused(b().proxy(blank).build(), "proxy");
        refused(b().connect_to(blank).build(), "connect-to URL");
    }
    assert!(b().region("ap-guangzhou").build().is_ok());
}

#[tokio::test]
async fn every_call_sends_who_is_calling_and_a_fresh_trace_id_that_errors_carry() {
    let server = Server::start(expect(), |r| {
        if r.index == 2 {
            api_error("InternalError", "boom", "rid-err")
        } else if r.index == 3 {
            Reply::Raw(503, "text/html", b"<html>busy</html>".to_vec())
        } else {
            ok("", &format!("rid-{}", r.index))
        }
    })
    .await;
    let client = builder(&server).build().unwrap();
    ping(&client).await.unwrap();
    ping(&client).await.unwrap();
    let api = ping(&client).await.unwrap_err();
    let status = ping(&client).await.unwrap_err();
    let received = server.received();
    let sent: Vec<&str> = received
        .iter()
        .map(|r| r.header("x-tc-traceid").unwrap())
        .collect();
    assert_ne!(sent[0], sent[1], "fresh per call");
    assert_eq!(api.trace_id(), Some(sent[2]));
    assert_eq!(api.request_id(), Some("rid-err"));
    assert_eq!(status.trace_id(), Some(sent[3]));
    assert!(status.to_string().contains(sent[3]), "{status}");
    for r in &received {
        assert!(r
            .header("x-tc-requestclient")
            .unwrap()
            .starts_with("SDK_RUST_"));
        assert!(r
            .header("user-agent")
            .unwrap()
            .starts_with("tencentcloud-runtime-rust/"));
    }
    server.assert_all_verified();

    // The builder's tag replaces the default; the signature does not cover either.
    let tagged = builder(&server)
        .request_client("my-app/1.0")
        .build()
        .unwrap();
    ping(&tagged).await.unwrap();
    let last = server.received().pop().unwrap();
    assert_eq!(last.header("x-tc-requestclient"), Some("my-app/1.0"));
    server.assert_all_verified();
}

#[tokio::test]
async fn retries_of_one_call_keep_its_trace_id() {
    let server = Server::start(expect(), |r| {
        if r.index == 0 {
            api_error("RequestLimitExceeded", "slow down", "rid-0")
        } else {
            ok("", "rid-1")
        }
    })
    .await;
    let client = builder(&server)
        .retry(RetryPolicy::new(2).with_base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    ping(&client).await.unwrap();
    let r = server.received();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].header("x-tc-traceid"), r[1].header("x-tc-traceid"));
}
