//! # opentok-http
//!
//! The production transport for the OpenTok server SDK: [`HyperTransport`] implements
//! [`opentok_core::Transport`] on hyper 1 with hyper-util's keep-alive pool and
//! rustls (ring provider, passed explicitly), HTTP/1.1 and HTTP/2 by ALPN.
//!
//! - Timeouts: connect (TCP, proxy handshake and TLS; default 10 s) and whole request (default
//!   60 s); either fails with kind `Timeout`.
//! - Retries ([`RetryPolicy`]): exponential backoff with jitter, bounded attempts,
//!   `Retry-After` honoured. Idempotent requests are retried on connect errors and on 429, 502,
//!   503 and 504; a POST only when it provably never reached the server.
//! - Proxies ([`Proxy`]): `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` from the environment or
//!   explicit configuration; CONNECT tunnels for https; basic credentials, never logged.
//! - Response bodies over a cap (default 16 MiB) fail with kind `BodyTooLarge` and are not
//!   buffered.
//! - `User-Agent: OpenTok-Rust-SDK/<version>` plus an optional addendum; one `tracing` span
//!   per attempt (`opentok.request`: method, path, attempt, status, latency_ms), never headers.
//! - Plain `http://` only to loopback (an emulator) unless explicitly allowed.
//!
//! Roots: the bundled Mozilla roots (`webpki-roots`) by default; the `native-roots` feature
//! uses the operating system's store instead.
//!
//! ```no_run
//! use opentok_http::HyperTransport;
//! use opentok_core::Transport;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let transport = HyperTransport::new()?;
//! let request = http::Request::get("https://api.opentok.com/").body(Vec::new())?;
//! let response = transport.send(request).await?;
//! println!("{}", response.status());
//! # Ok(()) }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod config;
mod proxy;
mod retry;
mod transport;

pub use config::{
    ConfigError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_POOL_IDLE_TIMEOUT,
    DEFAULT_REQUEST_TIMEOUT, HyperTransportBuilder,
};
pub use proxy::Proxy;
pub use retry::RetryPolicy;
pub use transport::{Attempts, HyperTransport, Idempotent};
