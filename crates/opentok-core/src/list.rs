//! The list calls (archives, broadcasts, renders): one [`List`] shape, told apart by a
//! [`Listed`] kind that names the table row and the item type.
//!
//! ```
//! use opentok_core::archive::ListArchives;
//! use opentok_core::{ApiUrl, Credentials, Operation, RequestContext, clock, nonce::SeededNonce};
//!
//! let creds = Credentials::new("123456", "secret")?;
//! let url = ApiUrl::new("https://api.opentok.com")?;
//! let nonce = SeededNonce::new(1);
//! let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_700_000_000), &nonce);
//! let request = ListArchives::new().offset(50).count(50).build(&ctx)?;
//! assert_eq!(
//!     request.uri(),
//!     "https://api.opentok.com/v2/project/123456/archive?offset=50&count=50"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::marker::PhantomData;

use http::Response;
use serde::de::DeserializeOwned;

use crate::error::{ResponseError, ValidationError};
use crate::operation::{
    ListOptions, Operation, OperationInfo, Page, RequestContext, parse_json_tolerant, without_body,
};
use crate::transport::HttpRequest;

/// What a [`List`] lists: its row of the operations table and its item type.
pub trait Listed {
    /// The list call's row of the operations table.
    const INFO: OperationInfo;
    /// One listed item.
    type Item: DeserializeOwned;
}

/// A [`Listed`] kind whose list can be narrowed to one session (`sessionId`).
pub trait SessionFiltered: Listed {}

/// Lists items of kind `K`, newest first: `GET {INFO.path}?offset&count&sessionId` →
/// [`Page`]. `count` is 0..=1000. Used through its aliases (`ListArchives`, `ListBroadcasts`,
/// `ListRenders`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct List<K> {
    pub(crate) options: ListOptions,
    pub(crate) kind: PhantomData<fn() -> K>,
}

impl<K> Default for List<K> {
    fn default() -> Self {
        Self {
            options: ListOptions::default(),
            kind: PhantomData,
        }
    }
}

impl<K> List<K> {
    /// The first page with the service's default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Skips `offset` items.
    pub fn offset(mut self, offset: u32) -> Self {
        self.options = self.options.offset(offset);
        self
    }

    /// Returns at most `count` (0..=1000).
    pub fn count(mut self, count: u32) -> Self {
        self.options = self.options.count(count);
        self
    }
}

impl<K: SessionFiltered> List<K> {
    /// Only items of this session.
    pub fn session_id(mut self, session_id: impl Into<String>) -> Self {
        self.options = self.options.session_id(session_id);
        self
    }
}

impl<K: Listed> Operation for List<K> {
    type Output = Page<K::Item>;

    const INFO: OperationInfo = K::INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let query = self.options.query()?;
        without_body(ctx.request_for(&K::INFO, &[], &query)?)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Page<K::Item>, ResponseError> {
        parse_json_tolerant(response)
    }
}
