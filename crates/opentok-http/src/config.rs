//! The transport's configuration.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use opentok_core::nonce::{NonceSource, OsNonce};

use crate::proxy::{Proxy, ProxySetting};
use crate::retry::RetryPolicy;
use crate::transport::HyperTransport;

/// A configuration value was rejected when building a transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    field: &'static str,
    message: String,
}

impl ConfigError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }

    /// The setting that was rejected (`proxy`, `user_agent`, `tls`).
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid transport setting `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The default connect timeout (TCP, proxy handshake and TLS together).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default whole-request timeout (per attempt: connect, send, and read the whole body).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// The default time an idle pooled connection is kept.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// The default cap on a response body: 16 MiB.
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;

/// Builds a [`HyperTransport`].
///
/// ```
/// use std::time::Duration;
/// use opentok_http::{HyperTransport, RetryPolicy};
///
/// let transport = HyperTransport::builder()
///     .connect_timeout(Duration::from_secs(5))
///     .request_timeout(Duration::from_secs(30))
///     .retry(RetryPolicy::default().max_attempts(4))
///     .user_agent_addendum("my-app/1.2")
///     .build()?;
/// # let _ = transport; Ok::<(), opentok_http::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct HyperTransportBuilder {
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) pool_idle_timeout: Duration,
    pub(crate) pool_max_idle_per_host: usize,
    pub(crate) max_body: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) proxy: ProxySetting,
    pub(crate) user_agent_addendum: Option<String>,
    pub(crate) allow_plain_http: bool,
    pub(crate) nonce: Arc<dyn NonceSource>,
    pub(crate) extra_roots: Vec<Vec<u8>>,
}

impl fmt::Debug for HyperTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransportBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_body", &self.max_body)
            .field("retry", &self.retry)
            .field("proxy", &self.proxy)
            .field("user_agent_addendum", &self.user_agent_addendum)
            .field("allow_plain_http", &self.allow_plain_http)
            .field("extra_roots", &self.extra_roots.len())
            .finish_non_exhaustive()
    }
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: 32,
            max_body: DEFAULT_MAX_BODY,
            retry: RetryPolicy::default(),
            proxy: ProxySetting::Env,
            user_agent_addendum: None,
            allow_plain_http: false,
            nonce: Arc::new(OsNonce),
            extra_roots: Vec::new(),
        }
    }
}

impl HyperTransportBuilder {
    /// The defaults: 10 s connect, 60 s request, 90 s idle, 16 MiB body cap, three attempts,
    /// proxies from the environment, plain http only to loopback.
    pub fn new() -> Self {
        Self::default()
    }

    /// Timeout for establishing a connection (TCP, proxy handshake and TLS).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Timeout for one whole attempt: connect, send, and receive the complete body.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long an idle pooled connection is kept.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// How many idle connections are kept per host.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// The largest response body accepted; a larger one fails with
    /// [`TransportErrorKind::BodyTooLarge`](opentok_core::TransportErrorKind::BodyTooLarge)
    /// without being buffered.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The retry policy ([`RetryPolicy::none`] to disable retries).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends every request through `proxy` (instead of the environment's proxy settings).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = ProxySetting::Explicit(proxy);
        self
    }

    /// Ignores proxy settings in the environment and connects directly.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Disabled;
        self
    }

    /// Reads `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` when the transport is
    /// built (the default). Loopback destinations always go direct.
    pub fn proxy_from_env(mut self) -> Self {
        self.proxy = ProxySetting::Env;
        self
    }

    /// Text appended to `User-Agent: OpenTok-Rust-SDK/<version>`, e.g. `my-app/1.2`.
    pub fn user_agent_addendum(mut self, addendum: impl Into<String>) -> Self {
        self.user_agent_addendum = Some(addendum.into());
        self
    }

    /// Allows plain `http://` to hosts other than loopback. Off by default, so a mistyped URL
    /// never sends credentials in clear.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// Also trusts this certificate authority (DER), e.g. a TLS-inspecting corporate proxy's
    /// or a test server's. The default roots stay trusted.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(der.into());
        self
    }

    /// The randomness behind retry jitter (default: the OS generator).
    pub fn nonce_source(mut self, nonce: Arc<dyn NonceSource>) -> Self {
        self.nonce = nonce;
        self
    }

    /// Builds the transport. Needs no runtime; requests must be sent from inside a Tokio
    /// runtime.
    pub fn build(self) -> Result<HyperTransport, ConfigError> {
        HyperTransport::from_builder(self)
    }
}
