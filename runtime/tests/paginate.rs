//! The paginator's arithmetic, against an in-memory transport that answers a listing
//! by the request's offset: page numbers without a known page size, a first page
//! other than 0, an offset the request cannot hold, and what a finished stream says.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tencentcloud_runtime::paginate::{OffsetUnit, PagedRequest, PagedResponse, Paginator, Stream};
use tencentcloud_runtime::transport::{
    BoxFuture, Bytes, HttpRequest, HttpResponse, Transport, TransportError,
};
use tencentcloud_runtime::{ActionMeta, Client, Credentials, RetryPolicy};

#[path = "common/service.rs"]
mod service;
use service::SVC;

static LIST: ActionMeta = ActionMeta {
    name: "List",
    rate_limit: 0,
    host: tencentcloud_runtime::HostRole::Main,
};

/// A listing of `total` numbers, `size` per page unless the request sets `Limit`,
/// paged by page number or by item offset; records the offsets it was sent.
#[derive(Debug)]
struct Listing {
    total: u64,
    size: u64,
    unit: OffsetUnit,
    offsets: Mutex<Vec<Option<u64>>>,
}

impl Transport for Listing {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let offset = body["Offset"].as_u64();
        self.offsets.lock().unwrap().push(offset);
        let size = body["Limit"].as_u64().unwrap_or(self.size);
        let first = match self.unit {
            OffsetUnit::Page => offset.unwrap_or(0) * size,
            _ => offset.unwrap_or(0),
        };
        let items: Vec<u64> = (first..self.total.min(first + size)).collect();
        let answer = serde_json::json!({"Response": {"Items": items, "Total": self.total, "RequestId": "r"}});
        let body = Bytes::from(answer.to_string());
        Box::pin(async move { Ok(HttpResponse { status: 200, body }) })
    }
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ByPage {
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Page {
    items: Option<Vec<u64>>,
    total: Option<u64>,
}

impl PagedResponse for Page {
    type Item = u64;
    fn items(&self) -> &[u64] {
        self.items.as_deref().unwrap_or_default()
    }
    fn into_items(self) -> Vec<u64> {
        self.items.unwrap_or_default()
    }
    fn total(&self) -> Option<u64> {
        self.total
    }
}

impl PagedRequest for ByPage {
    type Response = Page;
    const OFFSET_UNIT: OffsetUnit = OffsetUnit::Page;
    fn offset(&self) -> Option<u64> {
        self.offset
    }
    fn set_offset(&mut self, offset: u64) -> bool {
        self.offset = Some(offset);
        true
    }
    fn limit(&self) -> Option<u64> {
        self.limit
    }
}

/// Item offsets in a wire type that holds 0 to 3 only.
#[derive(Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Narrow {
    offset: u8,
    limit: u64,
}

impl PagedRequest for Narrow {
    type Response = Page;
    const OFFSET_UNIT: OffsetUnit = OffsetUnit::Item;
    fn offset(&self) -> Option<u64> {
        Some(self.offset.into())
    }
    fn set_offset(&mut self, offset: u64) -> bool {
        match u8::try_from(offset) {
            Ok(o) if o <= 3 => {
                self.offset = o;
                true
            }
            _ => false,
        }
    }
    fn limit(&self) -> Option<u64> {
        Some(self.limit)
    }
}

fn client(listing: Arc<Listing>) -> Client {
    Client::builder(&SVC)
        .credentials(Credentials::new("AKIDpaginate", "key"))
        .retry(RetryPolicy::disabled())
        .transport(listing)
        .build()
        .unwrap()
}

fn listing(total: u64, size: u64, unit: OffsetUnit) -> Arc<Listing> {
    Arc::new(Listing {
        total,
        size,
        unit,
        offsets: Mutex::new(Vec::new()),
    })
}

#[tokio::test]
async fn page_numbers_without_a_page_size_count_the_first_page() {
    // Page size unknown to the client (the service's default, 3): the first page's
    // length stands in for it.
    let l = listing(8, 3, OffsetUnit::Page);
    let request = ByPage {
        offset: Some(1),
        limit: None,
    };
    let all = Paginator::<_, String>::new(client(l.clone()), &LIST, request)
        .collect_items()
        .await
        .unwrap();
    assert_eq!(all, [3, 4, 5, 6, 7]);
    // Pages 1 and 2: 3 (before) + 5 (read) reach the total of 8.
    assert_eq!(*l.offsets.lock().unwrap(), [Some(1), Some(2)]);
}

#[tokio::test]
async fn a_short_first_page_never_skips_items() {
    // Starting at the last page, which is short: the estimate of the items before it
    // is too low, which costs one empty page and skips nothing.
    let l = listing(8, 3, OffsetUnit::Page);
    let request = ByPage {
        offset: Some(2),
        limit: None,
    };
    let all = Paginator::<_, String>::new(client(l.clone()), &LIST, request)
        .collect_items()
        .await
        .unwrap();
    assert_eq!(all, [6, 7]);
    assert_eq!(*l.offsets.lock().unwrap(), [Some(2), Some(3)]);
}

#[tokio::test]
async fn page_numbers_from_zero_with_a_page_size() {
    let l = listing(5, 100, OffsetUnit::Page);
    let request = ByPage {
        offset: None,
        limit: Some(2),
    };
    let mut pages = Paginator::<_, String>::new(client(l.clone()), &LIST, request);
    assert_eq!(pages.size_hint(), (0, None));
    let mut lengths = Vec::new();
    while let Some(page) = pages.next_page().await {
        lengths.push(page.unwrap().items().len());
    }
    assert_eq!(lengths, [2, 2, 1]);
    assert_eq!(pages.size_hint(), (0, Some(0)));
    assert_eq!(pages.pages_received(), 3);
    assert_eq!(*l.offsets.lock().unwrap(), [None, Some(1), Some(2)]);
    let debug = format!("{pages:?}");
    assert!(
        debug.contains("\"List\"") && debug.contains("done: true"),
        "{debug}"
    );
}

#[tokio::test]
async fn an_offset_the_request_cannot_hold_ends_the_listing() {
    let l = listing(10, 2, OffsetUnit::Item);
    let request = Narrow {
        offset: 0,
        limit: 2,
    };
    let all = Paginator::<_, String>::new(client(l.clone()), &LIST, request)
        .collect_items()
        .await
        .unwrap();
    // Offsets 0 and 2 fit; 4 does not, so the listing stops there.
    assert_eq!(all, [0, 1, 2, 3]);
    assert_eq!(*l.offsets.lock().unwrap(), [Some(0), Some(2)]);
}
