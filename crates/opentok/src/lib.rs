//! # opentok
//!
//! The OpenTok (Vonage Video) server SDK for Rust (package `opentok-sdk`).
//!
//! [`OpenTok`] holds the credentials, the API URL, a [`Transport`] (by default
//! [`HyperTransport`]: pooled, TLS, timeouts, retries, proxies), a [`Clock`] and a
//! [`NonceSource`]. Every REST call is an operation value from the resource modules, sent
//! with [`OpenTok::execute`] or the grouped method named after it:
//!
//! ```no_run
//! use opentok::OpenTok;
//! use opentok::archive::{ListArchives, StartArchive};
//! use opentok::session::{CreateSession, MediaMode};
//! use opentok::token::{Role, TokenOptions};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let ot = OpenTok::from_env()?; // OPENTOK_API_KEY, OPENTOK_API_SECRET, OPENTOK_API_URL
//! let session = ot.sessions().create(CreateSession::new().media_mode(MediaMode::Routed)).await?;
//! let token = ot.generate_token(&session.session_id, &TokenOptions::new().role(Role::Moderator))?;
//! let archive = ot.archives().start(StartArchive::new(&session.session_id).name("demo")).await?;
//! ot.archives().stop(opentok::archive::StopArchive::new(&archive.id)).await?;
//! let first_page = ot.archives().list(ListArchives::new().count(50)).await?;
//! # let _ = (token, first_page); Ok(()) }
//! ```
//!
//! Lists also page lazily: [`Archives::list_all`] returns [`Items`], a
//! `futures_core::Stream` of items (or call [`Items::next_item`] without a stream crate).
//!
//! Errors: [`Error`] says whether input was invalid (nothing sent), the service refused
//! ([`ApiError`], with status, code and message), its reply was unreadable, or the exchange
//! failed ([`TransportError`], which tells whether the request may have reached the service).
//!
//! Features: `blocking` (the `opentok::blocking` module: the same API without an async runtime in the
//! caller), `native-roots` (the OS certificate store instead of the bundled roots).

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod groups;
mod paging;

pub use client::{BuildError, OpenTok, OpenTokBuilder};
pub use groups::{
    Archives, AudioConnector, Broadcasts, Callbacks, Captions, Connections, Legacy, Renders, Sessions,
    Signals, Sip, Streams,
};
pub use paging::{Items, Paged};

// The resource modules: each holds its models and its operations.
pub use opentok_core::{
    archive, audio_connector, broadcast, callback, captions, connection, layout, legacy, render, session,
    session_id, signal, sip, stream, token,
};

pub use opentok_core::catalog;
// The operations table, for layers above that expand it (the `opentok` command).
pub use opentok_core::clock::{Clock, ManualClock, SystemClock};
pub use opentok_core::for_each_operation;
pub use opentok_core::nonce::{NonceSource, OsNonce, SeededNonce};
pub use opentok_core::{
    ApiError, ApiErrorKind, BodyFormat, Credentials, DecodeError, Error, ResponseError, Rule, ValidationError,
};
pub use opentok_core::{
    ApiUrl, Operation, OperationInfo, Page, RequestContext, check_id, parse_empty, parse_json, with_json,
    without_body,
};
pub use opentok_core::{
    BoxError, BoxFuture, HttpRequest, HttpResponse, Sent, Transport, TransportError, TransportErrorKind,
};
// RS256 keys of Vonage application credentials (a public key verifies their client tokens).
pub use opentok_core::{PrivateKey, PublicKey};
pub use opentok_http::{
    Attempts, ConfigError, HyperTransport, HyperTransportBuilder, Idempotent, Proxy, RetryPolicy,
};
