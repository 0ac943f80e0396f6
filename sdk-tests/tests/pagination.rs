//! The generated paginators against the verifying loopback server, whose handler
//! answers each page by the request's `Offset`: a listing over several pages, an
//! empty listing, a total that changes while the listing is read, an error on page 2,
//! and the client's retries and rate limit applying to every page.

use std::future::poll_fn;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use essbasic::runtime::paginate::Stream;
use essbasic::runtime::{Credentials, RateLimitPolicy, RetryPolicy};
use essbasic::types::{
    Agent, ChannelDescribeBillUsageDetailRequest, ChannelDescribeRolesRequest,
    DescribeTemplatesRequest,
};
use essbasic::ErrorCode;
use essbasic_sdk_tests::{assert_protocol, client, expect, SECRET_ID, SECRET_KEY};
use tencentcloud_runtime::testing::{api_error, ok, Received, Reply, Server};

/// `DescribeTemplates` asking for `limit` templates per page.
fn templates_request(limit: u64) -> DescribeTemplatesRequest {
    let agent = Agent::new("app").proxy_organization_open_id("org");
    DescribeTemplatesRequest::new(agent).limit(limit)
}

/// The request's `Offset` (0 when absent) and `Limit`.
fn offset_and_limit(r: &Received) -> (u64, u64) {
    let body = r.json();
    (
        body["Offset"].as_u64().unwrap_or(0),
        body["Limit"].as_u64().expect("every test sets a limit"),
    )
}

/// One page of a listing of `total` templates named `t0`, `t1`, ..., as the service
/// answers it, reporting `reported` as the total.
fn templates_page(offset: u64, limit: u64, total: u64, reported: u64, id: &str) -> Reply {
    let items: Vec<String> = (offset..total.min(offset + limit))
        .map(|i| format!(r#"{{"TemplateId": "t{i}"}}"#))
        .collect();
    ok(
        &format!(
            r#""Templates": [{}], "TotalCount": {reported}, "Offset": {offset}, "Limit": {limit}"#,
            items.join(",")
        ),
        id,
    )
}

/// A server listing `total` templates, reporting the total truthfully.
async fn listing(total: u64) -> Server {
    Server::start(expect(), move |r| {
        let (offset, limit) = offset_and_limit(r);
        templates_page(offset, limit, total, total, &format!("r{}", r.index))
    })
    .await
}

fn ids(templates: &[essbasic::types::TemplateInfo]) -> Vec<String> {
    templates
        .iter()
        .map(|t| t.template_id.clone().unwrap_or_default())
        .collect()
}

fn names(n: u64) -> Vec<String> {
    (0..n).map(|i| format!("t{i}")).collect()
}

/// The `Offset` member of each request the server received (`None`: not sent).
fn offsets_sent(server: &Server) -> Vec<Option<u64>> {
    server
        .received()
        .iter()
        .map(|r| {
            assert_protocol(server, r, r.action());
            r.json()["Offset"].as_u64()
        })
        .collect()
}

/// The next item of any stream, through the `Stream` trait alone.
async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn a_listing_of_three_pages() {
    let server = listing(5).await;
    let client = client(&server);
    let mut pages = client.describe_templates_pages(templates_request(2));
    let mut seen = Vec::new();
    while let Some(page) = next(&mut pages).await {
        let page = page.expect("every page succeeds");
        assert_eq!(page.total_count, Some(5));
        seen.push(ids(page.templates.as_deref().unwrap_or_default()));
    }
    assert_eq!(
        seen,
        vec![vec!["t0", "t1"], vec!["t2", "t3"], vec!["t4"]],
        "three pages, in order"
    );
    assert_eq!(pages.pages_received(), 3);
    assert!(next(&mut pages).await.is_none(), "ended for good");
    // The first page goes as given; the others carry the offset the paginator set.
    assert_eq!(offsets_sent(&server), vec![None, Some(2), Some(4)]);
    assert!(server
        .received()
        .iter()
        .all(|r| r.action() == "DescribeTemplates"));
    for r in server.received() {
        assert_eq!(r.json()["Limit"], 2, "the page size is the request's");
        assert_eq!(r.json()["Agent"]["ProxyOrganizationOpenId"], "org");
    }

    // The same listing as items, and collected.
    let mut items = client
        .describe_templates_pages(templates_request(2))
        .items();
    let mut streamed = Vec::new();
    while let Some(item) = items.next_item().await {
        streamed.push(item.expect("no error").template_id.unwrap_or_default());
    }
    assert_eq!(streamed, names(5));
    let all = client
        .describe_templates_pages(templates_request(2))
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(ids(&all), names(5));
    assert_eq!(server.hits(), 9);
}

#[tokio::test]
async fn a_listing_starts_at_the_requests_offset() {
    let server = listing(5).await;
    let all = client(&server)
        .describe_templates_pages(templates_request(2).offset(3))
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(ids(&all), ["t3", "t4"]);
    assert_eq!(offsets_sent(&server), vec![Some(3)]);
}

#[tokio::test]
async fn an_empty_listing_is_one_empty_page() {
    let server = listing(0).await;
    let client = client(&server);
    let mut pages = client.describe_templates_pages(templates_request(10));
    let page = pages.next_page().await.expect("one page").expect("ok");
    assert_eq!(page.templates.as_deref().map(<[_]>::len), Some(0));
    assert_eq!(page.total_count, Some(0));
    assert!(pages.next_page().await.is_none());
    assert_eq!(server.hits(), 1);

    let all = client
        .describe_templates_pages(templates_request(10))
        .collect_items()
        .await
        .expect("collected");
    assert!(all.is_empty());
    let mut items = client
        .describe_templates_pages(templates_request(10))
        .items();
    assert!(items.next_item().await.is_none());
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn a_total_that_grows_is_followed_to_its_new_end() {
    // Templates are added while the listing is read: the first page reports 4, the
    // later ones 6, and all 6 are read.
    let server = Server::start(expect(), |r| {
        let (offset, limit) = offset_and_limit(r);
        let total = if offset == 0 { 4 } else { 6 };
        templates_page(offset, limit, 6, total, "grow")
    })
    .await;
    let all = client(&server)
        .describe_templates_pages(templates_request(2))
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(ids(&all), names(6));
    assert_eq!(offsets_sent(&server), vec![None, Some(2), Some(4)]);
}

#[tokio::test]
async fn a_total_that_shrinks_ends_the_listing_early() {
    // Templates are deleted while the listing is read: the second page reports 3,
    // so nothing is asked beyond it even though the first page reported 10.
    let server = Server::start(expect(), |r| {
        let (offset, limit) = offset_and_limit(r);
        let total = if offset == 0 { 10 } else { 3 };
        templates_page(offset, limit, 10, total, "shrink")
    })
    .await;
    let all = client(&server)
        .describe_templates_pages(templates_request(2))
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(ids(&all), names(4));
    assert_eq!(offsets_sent(&server), vec![None, Some(2)]);
}

#[tokio::test]
async fn a_response_without_a_total_is_read_until_an_empty_page() {
    let server = Server::start(expect(), |r| {
        let (offset, limit) = offset_and_limit(r);
        let items: Vec<String> = (offset..3.min(offset + limit))
            .map(|i| format!(r#"{{"TemplateId": "t{i}"}}"#))
            .collect();
        ok(&format!(r#""Templates": [{}]"#, items.join(",")), "nototal")
    })
    .await;
    let all = client(&server)
        .describe_templates_pages(templates_request(2))
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(ids(&all), names(3));
    assert_eq!(offsets_sent(&server), vec![None, Some(2), Some(3)]);
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_listing_after_the_first_pages_items() {
    let server = Server::start(expect(), |r| {
        let (offset, limit) = offset_and_limit(r);
        if offset == 2 {
            api_error("FailedOperation", "page two failed", "r-err")
        } else {
            templates_page(offset, limit, 6, 6, "r")
        }
    })
    .await;
    let client = client(&server);
    let mut items = client
        .describe_templates_pages(templates_request(2))
        .items();
    let first = items.next_item().await.unwrap().unwrap();
    let second = items.next_item().await.unwrap().unwrap();
    assert_eq!(ids(&[first, second]), names(2));
    let error = items
        .next_item()
        .await
        .expect("the error is yielded")
        .expect_err("page two fails");
    assert_eq!(error.code(), Some(&ErrorCode::FailedOperation));
    assert_eq!(error.request_id(), Some("r-err"));
    assert!(items.next_item().await.is_none(), "then the stream ends");
    assert!(items.next_item().await.is_none(), "and stays ended");
    assert_eq!(server.hits(), 2, "nothing is sent after the error");

    // The page stream yields the error once too, and `collect_items` returns it.
    let mut pages = client.describe_templates_pages(templates_request(2));
    assert!(pages.next_page().await.unwrap().is_ok());
    assert!(pages.next_page().await.unwrap().is_err());
    assert!(pages.next_page().await.is_none());
    let error = client
        .describe_templates_pages(templates_request(2))
        .collect_items()
        .await
        .expect_err("the listing fails");
    assert_eq!(error.code(), Some(&ErrorCode::FailedOperation));
    assert_eq!(server.hits(), 6);
}

#[tokio::test]
async fn a_rate_limited_page_is_retried_by_the_client() {
    // The first attempt at page 2 is refused with RequestLimitExceeded; the client's
    // retry policy resends it and the listing completes.
    let refused = Arc::new(AtomicUsize::new(0));
    let counter = refused.clone();
    let server = Server::start(expect(), move |r| {
        let (offset, limit) = offset_and_limit(r);
        if offset == 2 && counter.fetch_add(1, Ordering::SeqCst) == 0 {
            return api_error("RequestLimitExceeded", "slow down", "r-limit");
        }
        templates_page(offset, limit, 5, 5, "r")
    })
    .await;
    let all = client(&server)
        .describe_templates_pages(templates_request(2))
        .collect_items()
        .await
        .expect("the refused page is retried");
    assert_eq!(ids(&all), names(5));
    assert_eq!(offsets_sent(&server), vec![None, Some(2), Some(2), Some(4)]);
    let received = server.received();
    assert_eq!(
        received[1].header("x-tc-traceid"),
        received[2].header("x-tc-traceid"),
        "a retry of the same call, not a new page"
    );
    assert_ne!(
        received[0].header("x-tc-traceid"),
        received[1].header("x-tc-traceid"),
        "each page is its own call"
    );
}

#[tokio::test]
async fn pages_keep_to_the_clients_rate_limit() {
    let server = listing(5).await;
    let client = essbasic::Client::builder()
        .endpoint(server.url())
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .retry(RetryPolicy::disabled())
        .rate_limit(RateLimitPolicy::per_action().with_override("DescribeTemplates", 2))
        .build()
        .expect("client builds");
    let all = client
        .describe_templates_pages(templates_request(2))
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(ids(&all), names(5));
    let received = server.received();
    assert_eq!(received.len(), 3);
    let spread = received[2].at.duration_since(received[0].at);
    assert!(
        spread >= Duration::from_secs(1),
        "at most 2 pages a second: the third waited {spread:?}"
    );
}

#[tokio::test]
async fn a_page_numbered_listing_asks_for_the_next_page() {
    // `ChannelDescribeBillUsageDetail` documents `Offset` as a page number from 0.
    let server = Server::start(expect(), |r| {
        let body = r.json();
        let page = body["Offset"].as_u64().unwrap_or(0);
        let limit = body["Limit"].as_u64().unwrap_or(100);
        let first = page * limit;
        let items: Vec<String> = (first..5.min(first + limit))
            .map(|i| format!(r#"{{"FlowId": "f{i}"}}"#))
            .collect();
        ok(
            &format!(r#""Details": [{}], "Total": 5"#, items.join(",")),
            "bill",
        )
    })
    .await;
    let client = client(&server);
    let request =
        ChannelDescribeBillUsageDetailRequest::new(Agent::new("app"), "20260901", "20260930")
            .limit(2);
    let flows = |all: Vec<essbasic::types::ChannelBillUsageDetail>| -> Vec<String> {
        all.into_iter()
            .map(|d| d.flow_id.unwrap_or_default())
            .collect()
    };
    let all = client
        .channel_describe_bill_usage_detail_pages(request.clone())
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(flows(all), ["f0", "f1", "f2", "f3", "f4"]);
    assert_eq!(offsets_sent(&server), vec![None, Some(1), Some(2)]);

    // Starting at page 1: the items of page 0 count towards the total.
    let all = client
        .channel_describe_bill_usage_detail_pages(request.offset(1))
        .collect_items()
        .await
        .expect("collected");
    assert_eq!(flows(all), ["f2", "f3", "f4"]);
    assert_eq!(offsets_sent(&server)[3..], [Some(1), Some(2)]);
}

#[tokio::test]
async fn a_page_size_sent_as_text_still_pages() {
    // `ChannelDescribeRoles` takes `Limit` as a string and `Offset` as a page number.
    let server = Server::start(expect(), |r| {
        let body = r.json();
        let page = body["Offset"].as_u64().unwrap_or(0);
        let limit: u64 = body["Limit"].as_str().unwrap().parse().unwrap();
        let first = page * limit;
        let roles: Vec<String> = (first..3.min(first + limit))
            .map(|i| format!(r#"{{"RoleId": "r{i}"}}"#))
            .collect();
        ok(
            &format!(r#""ChannelRoles": [{}], "TotalCount": 3"#, roles.join(",")),
            "roles",
        )
    })
    .await;
    let request = ChannelDescribeRolesRequest::new(Agent::new("app"), "2");
    let roles: Vec<String> = client(&server)
        .channel_describe_roles_pages(request)
        .collect_items()
        .await
        .expect("collected")
        .into_iter()
        .map(|r| r.role_id.unwrap_or_default())
        .collect();
    assert_eq!(roles, ["r0", "r1", "r2"]);
    assert_eq!(offsets_sent(&server), vec![None, Some(1)]);
    assert!(server.received().iter().all(|r| r.json()["Limit"] == "2"));
}

#[tokio::test]
async fn a_paginator_can_be_driven_on_another_task() {
    let server = listing(3).await;
    let items = client(&server)
        .describe_templates_pages(templates_request(2))
        .items();
    let collected = tokio::spawn(async move {
        let mut items = items;
        let mut out = Vec::new();
        while let Some(item) = items.next_item().await {
            out.push(item.expect("ok").template_id.unwrap_or_default());
        }
        out
    })
    .await
    .expect("task finished");
    assert_eq!(collected, names(3));
}
