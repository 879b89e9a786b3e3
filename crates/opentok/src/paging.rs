//! Lazy paging: list calls as a [`Stream`] of items, fetching one page at a time.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use opentok_core::BoxFuture;
use opentok_core::Error;
use opentok_core::list::{List, Listed};
use opentok_core::{Operation, Page};

use crate::client::OpenTok;

/// A list call that pages with `offset`.
pub trait Paged: Operation<Output = Page<Self::Item>> + Clone + Send + Sync + 'static {
    /// What the list holds.
    type Item: Send + 'static;

    /// The same call starting at `offset`.
    fn at_offset(&self, offset: u32) -> Self;
}

/// Every list call (`ListArchives`, `ListBroadcasts`, `ListRenders`) pages the same way.
impl<K> Paged for List<K>
where
    K: Listed + Clone + Send + Sync + 'static,
    K::Item: Send + 'static,
{
    type Item = K::Item;
    fn at_offset(&self, offset: u32) -> Self {
        self.clone().offset(offset)
    }
}

type Fetch<T> = Box<dyn FnMut(u32) -> BoxFuture<'static, Result<Page<T>, Error>> + Send>;

/// Every item of a list, newest first, fetched lazily one page at a time (the page size is
/// the call's `count`, or the service's default). Ends after the last page or the first error.
///
/// Items added while paging shift the offsets, so an item may be seen twice or skipped; that
/// is how the service's offset paging works.
pub struct Items<T> {
    fetch: Fetch<T>,
    pending: Option<BoxFuture<'static, Result<Page<T>, Error>>>,
    buffer: VecDeque<T>,
    offset: u32,
    done: bool,
}

// Nothing is ever pinned through `Items`: items sit in a `VecDeque` and the page future is boxed.
impl<T> Unpin for Items<T> {}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("offset", &self.offset)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Items<T> {
    pub(crate) fn new<Op: Paged<Item = T>>(ot: OpenTok, op: Op) -> Self {
        Self {
            fetch: Box::new(move |offset| {
                let ot = ot.clone();
                let op = op.at_offset(offset);
                Box::pin(async move { ot.execute(&op).await })
            }),
            pending: None,
            buffer: VecDeque::new(),
            offset: 0,
            done: false,
        }
    }

    /// Reads the next item (the same as the `Stream` impl, without a stream combinator crate).
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Takes a page into the buffer; returns whether paging goes on.
    fn accept(&mut self, page: Page<T>) {
        let got = u32::try_from(page.items.len()).unwrap_or(u32::MAX);
        self.offset = self.offset.saturating_add(got);
        if got == 0 || u64::from(self.offset) >= page.count {
            self.done = true;
        }
        self.buffer.extend(page.items);
    }

    #[cfg(feature = "blocking")]
    pub(crate) fn next_blocking(&mut self, rt: &tokio::runtime::Runtime) -> Option<Result<T, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            if self.done {
                return None;
            }
            match rt.block_on((self.fetch)(self.offset)) {
                Ok(page) => self.accept(page),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

impl<T: Send + 'static> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let offset = this.offset;
            let fut = this.pending.get_or_insert_with(|| (this.fetch)(offset));
            match fut.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => {
                    this.pending = None;
                    match result {
                        Ok(page) => this.accept(page),
                        Err(e) => {
                            this.done = true;
                            return Poll::Ready(Some(Err(e)));
                        }
                    }
                }
            }
        }
    }
}

impl OpenTok {
    /// Every item of a list call, lazily, one page per request, starting at the newest
    /// (any offset set on `op` is replaced).
    pub fn list_all<Op: Paged>(&self, op: Op) -> Items<Op::Item> {
        Items::new(self.clone(), op)
    }
}
