//! The same API without an async runtime in the caller (feature `blocking`).
//!
//! [`OpenTok`] here wraps the async client and drives it on an internal current-thread Tokio
//! runtime. Do not call it from inside an async runtime (Tokio panics when a runtime is
//! blocked on from within another); use the async client there.
//!
//! ```no_run
//! use opentok::blocking::OpenTok;
//! use opentok::archive::ListArchives;
//!
//! let ot = OpenTok::new("47001234", "secret")?;
//! for archive in ot.archives().list_all(ListArchives::new().count(100)) {
//!     println!("{}", archive?.id);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::sync::Arc;

use opentok_core::Error;
use opentok_core::Operation;
use opentok_core::token::TokenOptions;

use crate::client::{BuildError, OpenTokBuilder};
use crate::paging::{Items, Paged};

pub use crate::groups::blocking_groups::{
    Archives, AudioConnector, Broadcasts, Callbacks, Captions, Connections, Legacy, Renders, Sessions,
    Signals, Sip, Streams,
};

/// The blocking client: the async [`crate::OpenTok`] plus its own runtime. Cheap to clone.
#[derive(Clone)]
pub struct OpenTok {
    client: crate::OpenTok,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl fmt::Debug for OpenTok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::OpenTok")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl OpenTok {
    /// A client for `api_key` / `api_secret` with the default settings.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Result<Self, BuildError> {
        OpenTokBuilder::new(api_key, api_secret).build_blocking()
    }

    /// Starts a configuration; finish it with [`OpenTokBuilder::build_blocking`].
    pub fn builder(api_key: impl Into<String>, api_secret: impl Into<String>) -> OpenTokBuilder {
        OpenTokBuilder::new(api_key, api_secret)
    }

    /// A client for a Vonage application (see [`crate::OpenTok::new_application`]).
    pub fn new_application(
        application_id: impl Into<String>,
        private_key_pem: impl Into<String>,
    ) -> Result<Self, BuildError> {
        OpenTokBuilder::application(application_id, private_key_pem).build_blocking()
    }

    /// A client from the environment (see [`OpenTokBuilder::from_env`]).
    pub fn from_env() -> Result<Self, BuildError> {
        OpenTokBuilder::from_env()?.build_blocking()
    }

    /// Wraps an async client in a new internal runtime.
    pub fn from_async(client: crate::OpenTok) -> Result<Self, BuildError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(BuildError::Runtime)?;
        Ok(Self {
            client,
            runtime: Arc::new(runtime),
        })
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::OpenTok {
        &self.client
    }

    /// Builds, sends and parses `op` (see [`crate::OpenTok::execute`]).
    pub fn execute<Op>(&self, op: &Op) -> Result<Op::Output, Error>
    where
        Op: Operation + Sync,
    {
        self.runtime.block_on(self.client.execute(op))
    }

    /// Mints a client token (see [`crate::OpenTok::generate_token`]).
    pub fn generate_token(&self, session_id: &str, options: &TokenOptions) -> Result<String, Error> {
        self.client.generate_token(session_id, options)
    }

    /// Every item of a list call, one page per request (see [`crate::OpenTok::list_all`]).
    pub fn list_all<Op: Paged>(&self, op: Op) -> BlockingItems<Op::Item> {
        BlockingItems {
            items: self.client.list_all(op),
            runtime: Arc::clone(&self.runtime),
        }
    }
}

/// Every item of a list, fetched one page at a time as the iterator advances.
pub struct BlockingItems<T> {
    items: Items<T>,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl<T> fmt::Debug for BlockingItems<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingItems")
            .field("items", &self.items)
            .finish()
    }
}

impl<T: Send + 'static> Iterator for BlockingItems<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.items.next_blocking(&self.runtime)
    }
}

impl Archives<'_> {
    /// Every archive, lazily paged.
    pub fn list_all(
        &self,
        op: opentok_core::archive::ListArchives,
    ) -> BlockingItems<opentok_core::archive::Archive> {
        self.ot.list_all(op)
    }
}

impl Broadcasts<'_> {
    /// Every broadcast, lazily paged.
    pub fn list_all(
        &self,
        op: opentok_core::broadcast::ListBroadcasts,
    ) -> BlockingItems<opentok_core::broadcast::Broadcast> {
        self.ot.list_all(op)
    }
}

impl Renders<'_> {
    /// Every render, lazily paged.
    pub fn list_all(
        &self,
        op: opentok_core::render::ListRenders,
    ) -> BlockingItems<opentok_core::render::Render> {
        self.ot.list_all(op)
    }
}

impl OpenTokBuilder {
    /// Builds a [`blocking::OpenTok`](OpenTok) with its own internal runtime.
    pub fn build_blocking(self) -> Result<OpenTok, BuildError> {
        OpenTok::from_async(self.build()?)
    }
}
