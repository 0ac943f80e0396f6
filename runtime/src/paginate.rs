//! Paginators for actions that list with an offset, a page size and a total.
//!
//! Generated crates implement [`PagedRequest`] for the request of each action the
//! service description marks as paged (which members are the offset, the page size,
//! the list of items and the total), and [`PagedResponse`] for its response; their
//! `Client::<action>_pages(request)` method returns a [`Paginator`]. Everything else
//! lives here.
//!
//! A [`Paginator`] is a [`Stream`] of pages (whole responses) and has an inherent
//! [`Paginator::next_page`], so no extension trait is needed; [`Paginator::items`]
//! flattens it into a stream of items and [`Paginator::collect_items`] gathers them.
//! Each page is one ordinary [`Client::call`]: it waits for the action's rate limiter,
//! is retried under the client's [`crate::RetryPolicy`] and runs in its own tracing
//! span, exactly as a direct call would.
//!
//! # How it advances and when it stops
//!
//! The first page is the request exactly as given (its offset, or the service's
//! default when unset). Then:
//!
//! * [`OffsetUnit::Item`] (the offset counts items): the next offset is this page's
//!   offset plus the number of items the page held, so a service that returns fewer
//!   items than asked (a capped page size) never makes the paginator skip any;
//! * [`OffsetUnit::Page`] (the offset is a page number from 0): the next offset is
//!   this page's number plus one.
//!
//! The stream ends after the page that
//!
//! * holds no items (an empty listing yields one empty page, then ends), or
//! * reaches the total that page reports: the items before the next offset are at
//!   least as many as the total. The *latest* total counts, so a listing that grows
//!   while it is read is followed to its new end and one that shrinks ends earlier;
//!   offset paging over a changing listing can still show an item twice or miss one
//!   that moved across a page boundary, as it does for any caller.
//!
//! A page shorter than the page size does *not* end the stream: the service does not
//! promise that only the last page is short, and when it is the last the total
//! already says so. A response without a total is read until an empty page.
//! Termination is guaranteed whenever the total is stable: every page that does not
//! end the stream holds at least one item and moves the offset forward. A next
//! offset that the request's integer type cannot hold also ends the stream.
//!
//! The first error ends the stream: it is yielded once, then the stream yields
//! `None` and sends nothing more.

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use futures_core::Stream;

use crate::boxed::BoxFuture;
use crate::{ActionMeta, Client, Error, ErrorCode};

/// What one step of an action's offset counts.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum OffsetUnit {
    /// The offset is the position of the first item to return, from 0 (the default).
    #[default]
    Item,
    /// The offset is the number of the page to return, from 0.
    Page,
}

/// The request of a paged action: a serializable value whose offset the paginator
/// reads and sets. Implemented by generated code.
pub trait PagedRequest: Serialize + Clone + Send + Sync + 'static {
    /// The action's response.
    type Response: PagedResponse;

    /// What the offset counts.
    const OFFSET_UNIT: OffsetUnit;

    /// The offset set in the request (`None`: unset, which the service reads as 0;
    /// also `None` when the value is negative).
    fn offset(&self) -> Option<u64>;

    /// Sets the offset; `false` when the request's integer type cannot hold it.
    fn set_offset(&mut self, offset: u64) -> bool;

    /// The page size set in the request (`None`: unset, the service's default).
    fn limit(&self) -> Option<u64>;
}

/// The response of a paged action: one page of items and the total. Implemented by
/// generated code.
pub trait PagedResponse: Serialize + DeserializeOwned + Send + 'static {
    /// One listed item.
    type Item: Send + 'static;

    /// The items of this page (empty when the service sent none).
    fn items(&self) -> &[Self::Item];

    /// The items of this page, taken out of the response.
    fn into_items(self) -> Vec<Self::Item>;

    /// The number of items in the whole listing, as of this page (`None` when the
    /// service did not send it or sent a negative number).
    fn total(&self) -> Option<u64>;
}

type PageFuture<Req, C> = BoxFuture<'static, Result<<Req as PagedRequest>::Response, Error<C>>>;

/// A [`Stream`] of the pages of one listing: each item is a whole response, or the
/// error that ended the listing. See the [module documentation](self) for how it
/// advances and when it stops.
///
/// Nothing is sent until the stream is polled. It is `Send`, so it can be driven on
/// any task; dropping it cancels the page in flight.
pub struct Paginator<Req: PagedRequest, C: ErrorCode> {
    client: Client,
    action: &'static ActionMeta,
    /// The request of the next page.
    request: Req,
    /// The offset of the next page, as the paginator counts it.
    offset: u64,
    /// The offset the listing started at.
    start: u64,
    /// Items received so far.
    seen: u64,
    /// Pages received so far.
    pages: u64,
    /// Items per page for [`OffsetUnit::Page`]: the request's limit, else the length
    /// of the first non-empty page.
    page_size: Option<u64>,
    in_flight: Option<PageFuture<Req, C>>,
    done: bool,
}

// The paginator never pins anything in place: the page in flight is boxed.
impl<Req: PagedRequest, C: ErrorCode> Unpin for Paginator<Req, C> {}

impl<Req: PagedRequest, C: ErrorCode> fmt::Debug for Paginator<Req, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &self.action.name)
            .field("offset", &self.offset)
            .field("pages", &self.pages)
            .field("items", &self.seen)
            .field("in_flight", &self.in_flight.is_some())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<Req: PagedRequest, C: ErrorCode> Paginator<Req, C> {
    /// A paginator over `action`, starting with `request` as given.
    pub fn new(client: Client, action: &'static ActionMeta, request: Req) -> Self {
        let start = request.offset().unwrap_or(0);
        Paginator {
            client,
            action,
            page_size: request.limit(),
            request,
            offset: start,
            start,
            seen: 0,
            pages: 0,
            in_flight: None,
            done: false,
        }
    }

    /// The next page: `None` once the listing is complete or an error was returned.
    pub async fn next_page(&mut self) -> Option<Result<Req::Response, Error<C>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, in order, as a [`Stream`]; the error that ends the
    /// listing comes after the items of the pages before it.
    pub fn items(self) -> Items<Req, C> {
        Items {
            pages: self,
            buffer: Vec::new().into_iter(),
        }
    }

    /// Every item of the listing, or the first error (the items read before it are
    /// dropped).
    pub async fn collect_items(
        mut self,
    ) -> Result<Vec<<Req::Response as PagedResponse>::Item>, Error<C>> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await {
            all.extend(page?.into_items());
        }
        Ok(all)
    }

    /// How many pages were received so far.
    pub fn pages_received(&self) -> u64 {
        self.pages
    }

    /// Records a received page and prepares the next request, or marks the end.
    fn advance(&mut self, page: &Req::Response) {
        let n = page.items().len() as u64;
        self.pages += 1;
        self.seen = self.seen.saturating_add(n);
        let (next, position) = match Req::OFFSET_UNIT {
            OffsetUnit::Item => {
                let next = self.offset.checked_add(n);
                (next, next)
            }
            OffsetUnit::Page => {
                if self.page_size.is_none() && n > 0 {
                    self.page_size = Some(n);
                }
                // Items before the first page, when it was not page 0: an
                // underestimate at worst (a first page shorter than the size), which
                // can only cost one more request, never skip items.
                let before = self.start.checked_mul(self.page_size.unwrap_or(0));
                let position = before.and_then(|b| b.checked_add(self.seen));
                (self.offset.checked_add(1), position)
            }
        };
        let reason = match (next, position, page.total()) {
            _ if n == 0 => Some("empty page"),
            (None, _, _) | (_, None, _) => Some("offset out of range"),
            (_, Some(position), Some(total)) if position >= total => Some("total reached"),
            (Some(next), _, _) if !self.request.set_offset(next) => {
                Some("offset out of the request's range")
            }
            (Some(next), _, _) => {
                self.offset = next;
                None
            }
        };
        if let Some(reason) = reason {
            tracing::debug!(
                action = self.action.name,
                pages = self.pages,
                items = self.seen,
                reason,
                "listing complete"
            );
            self.done = true;
        }
    }
}

impl<Req: PagedRequest, C: ErrorCode> Stream for Paginator<Req, C> {
    type Item = Result<Req::Response, Error<C>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let in_flight = this.in_flight.get_or_insert_with(|| {
            let client = this.client.clone();
            let action = this.action;
            let request = this.request.clone();
            Box::pin(async move { client.call::<Req, Req::Response, C>(action, &request).await })
        });
        let result = ready!(in_flight.as_mut().poll(cx));
        this.in_flight = None;
        match result {
            Ok(page) => {
                this.advance(&page);
                Poll::Ready(Some(Ok(page)))
            }
            Err(e) => {
                tracing::debug!(action = this.action.name, pages = this.pages, error = %e, "listing ended by an error");
                this.done = true;
                Poll::Ready(Some(Err(e)))
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            (0, Some(0))
        } else {
            (0, None)
        }
    }
}

/// A [`Stream`] of the items of a listing, page after page ([`Paginator::items`]).
/// An error ends it, after the items of the pages before it.
pub struct Items<Req: PagedRequest, C: ErrorCode> {
    pages: Paginator<Req, C>,
    buffer: std::vec::IntoIter<<Req::Response as PagedResponse>::Item>,
}

impl<Req: PagedRequest, C: ErrorCode> Unpin for Items<Req, C> {}

impl<Req: PagedRequest, C: ErrorCode> fmt::Debug for Items<Req, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<Req: PagedRequest, C: ErrorCode> Items<Req, C> {
    /// The next item: `None` once the listing is complete or an error was returned.
    pub async fn next_item(
        &mut self,
    ) -> Option<Result<<Req::Response as PagedResponse>::Item, Error<C>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<Req: PagedRequest, C: ErrorCode> Stream for Items<Req, C> {
    type Item = Result<<Req::Response as PagedResponse>::Item, Error<C>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffer = page.into_items().into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffer.len();
        match self.pages.size_hint() {
            (_, Some(0)) => (buffered, Some(buffered)),
            _ => (buffered, None),
        }
    }
}
