//! [`OpenTok`]: credentials, API URL, transport, clock and randomness in one cheap handle.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use opentok_core::clock::{Clock, SystemClock};
use opentok_core::nonce::{NonceSource, OsNonce};
use opentok_core::operation::{ApiUrl, Operation, RequestContext};
use opentok_core::token::{self, TokenOptions};
use opentok_core::transport::Transport;
use opentok_core::{Credentials, Error, ValidationError};
use opentok_http::{HyperTransportBuilder, Idempotent, Proxy, RetryPolicy};

/// A client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A credential or the API URL was rejected (names the field).
    Invalid(ValidationError),
    /// A transport setting was rejected.
    Transport(opentok_http::ConfigError),
    /// A required environment variable is missing or not Unicode.
    MissingEnv(&'static str),
    /// The blocking client's internal runtime could not start.
    Runtime(std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(e) => e.fmt(f),
            BuildError::Transport(e) => e.fmt(f),
            BuildError::MissingEnv(name) => write!(f, "environment variable {name} is not set"),
            BuildError::Runtime(e) => write!(f, "could not start the blocking runtime: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Invalid(e) => Some(e),
            BuildError::Transport(e) => Some(e),
            BuildError::MissingEnv(_) => None,
            BuildError::Runtime(e) => Some(e),
        }
    }
}

impl From<ValidationError> for BuildError {
    fn from(e: ValidationError) -> Self {
        BuildError::Invalid(e)
    }
}

impl From<opentok_http::ConfigError> for BuildError {
    fn from(e: opentok_http::ConfigError) -> Self {
        BuildError::Transport(e)
    }
}

/// The OpenTok (Vonage Video) server client.
///
/// Cheap to clone: clones share credentials, the connection pool, the clock and the
/// randomness source. Every REST call is an operation value from the resource modules
/// (`archive::StartArchive`, `stream::ListStreams`, …), sent with [`OpenTok::execute`] or
/// with the grouped methods ([`OpenTok::archives`], [`OpenTok::streams`], …).
///
/// ```no_run
/// use opentok::{OpenTok, session::CreateSession, token::TokenOptions};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let ot = OpenTok::new("47001234", "secret")?;
/// let session = ot.create_session(CreateSession::new()).await?;
/// let token = ot.generate_token(&session.session_id, &TokenOptions::new())?;
/// # let _ = token; Ok(()) }
/// ```
#[derive(Clone)]
pub struct OpenTok {
    inner: Arc<Inner>,
}

struct Inner {
    credentials: Credentials,
    api_url: ApiUrl,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
    nonce: Arc<dyn NonceSource>,
}

impl fmt::Debug for OpenTok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenTok")
            .field("credentials", &self.inner.credentials)
            .field("api_url", &self.inner.api_url)
            .field("clock", &self.inner.clock)
            .finish_non_exhaustive()
    }
}

impl OpenTok {
    /// A client for `api_key` / `api_secret` with the default settings.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Result<Self, BuildError> {
        Self::builder(api_key, api_secret).build()
    }

    /// Starts a configuration.
    pub fn builder(api_key: impl Into<String>, api_secret: impl Into<String>) -> OpenTokBuilder {
        OpenTokBuilder::new(api_key, api_secret)
    }

    /// A client from `OPENTOK_API_KEY`, `OPENTOK_API_SECRET` and, when set, `OPENTOK_API_URL`.
    pub fn from_env() -> Result<Self, BuildError> {
        OpenTokBuilder::from_env()?.build()
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The REST base URL.
    pub fn api_url(&self) -> &ApiUrl {
        &self.inner.api_url
    }

    /// Builds `op` at the clock's current time, sends it and parses the reply.
    ///
    /// Nothing is sent when `op` is invalid ([`Error::Validation`]); a non-2xx reply is
    /// [`Error::Api`]; a failed exchange is [`Error::Transport`], which tells whether the
    /// request may have reached the service.
    pub async fn execute<Op>(&self, op: &Op) -> Result<Op::Output, Error>
    where
        Op: Operation + Sync,
    {
        let inner = &*self.inner;
        let mut request = {
            let ctx = RequestContext::new(
                &inner.credentials,
                &inner.api_url,
                inner.clock.now(),
                &*inner.nonce,
            );
            op.build(&ctx)?
        };
        request.extensions_mut().insert(Idempotent(op.idempotent()));
        let response = inner.transport.send(request).await?;
        Ok(op.parse(&response)?)
    }

    /// Mints a client token for `session_id` (T1 unless the options ask for a JWT). Pure:
    /// reads the clock and the randomness source, does no I/O.
    pub fn generate_token(&self, session_id: &str, options: &TokenOptions) -> Result<String, Error> {
        let inner = &*self.inner;
        Ok(token::mint(
            &inner.credentials,
            session_id,
            options,
            inner.clock.now(),
            &*inner.nonce,
        )?)
    }
}

/// Configures an [`OpenTok`].
///
/// ```
/// use std::time::Duration;
/// use opentok::{OpenTok, RetryPolicy};
///
/// let ot = OpenTok::builder("47001234", "secret")
///     .api_url("http://127.0.0.1:4010")
///     .request_timeout(Duration::from_secs(20))
///     .retry(RetryPolicy::default().max_attempts(5))
///     .user_agent_addendum("my-app/2.0")
///     .build()?;
/// # let _ = ot; Ok::<(), opentok::BuildError>(())
/// ```
pub struct OpenTokBuilder {
    api_key: String,
    api_secret: String,
    api_url: Option<String>,
    http: HyperTransportBuilder,
    transport: Option<Arc<dyn Transport>>,
    clock: Arc<dyn Clock>,
    nonce: Arc<dyn NonceSource>,
    nonce_set: bool,
}

impl fmt::Debug for OpenTokBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenTokBuilder")
            .field("api_key", &self.api_key)
            .field("api_url", &self.api_url)
            .field("http", &self.http)
            .field("custom_transport", &self.transport.is_some())
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl OpenTokBuilder {
    /// A configuration with the defaults: the credentials' default API URL, the
    /// [`HyperTransport`](opentok_http::HyperTransport) defaults, the system clock and the OS random generator.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Self {
        Self {
            api_key: api_key.into(),
            api_secret: api_secret.into(),
            api_url: None,
            http: HyperTransportBuilder::new(),
            transport: None,
            clock: Arc::new(SystemClock),
            nonce: Arc::new(OsNonce),
            nonce_set: false,
        }
    }

    /// A configuration from `OPENTOK_API_KEY`, `OPENTOK_API_SECRET` and, when set and
    /// non-empty, `OPENTOK_API_URL`.
    pub fn from_env() -> Result<Self, BuildError> {
        let var = |name: &'static str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or(BuildError::MissingEnv(name))
        };
        let mut b = Self::new(var("OPENTOK_API_KEY")?, var("OPENTOK_API_SECRET")?);
        if let Ok(url) = var("OPENTOK_API_URL") {
            b = b.api_url(url);
        }
        Ok(b)
    }

    /// The REST base URL (default `https://api.opentok.com`). Plain `http://` is accepted
    /// for loopback hosts only, unless [`OpenTokBuilder::allow_plain_http`] is set.
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// Connect timeout of the built-in transport (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.connect_timeout(timeout);
        self
    }

    /// Whole-request timeout of the built-in transport, per attempt (default 60 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.request_timeout(timeout);
        self
    }

    /// Retry policy of the built-in transport (default: three attempts).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.http = self.http.retry(policy);
        self
    }

    /// An explicit proxy for the built-in transport (default: from the environment).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.http = self.http.proxy(proxy);
        self
    }

    /// Ignores proxy settings in the environment.
    pub fn no_proxy(mut self) -> Self {
        self.http = self.http.no_proxy();
        self
    }

    /// Text appended to the `User-Agent` header.
    pub fn user_agent_addendum(mut self, addendum: impl Into<String>) -> Self {
        self.http = self.http.user_agent_addendum(addendum);
        self
    }

    /// Allows plain `http://` API URLs to hosts other than loopback.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.http = self.http.allow_plain_http(allow);
        self
    }

    /// Replaces the whole built-in transport configuration.
    pub fn http(mut self, http: HyperTransportBuilder) -> Self {
        self.http = http;
        self
    }

    /// Sends requests with `transport` instead of the built-in one: any [`Transport`],
    /// including a closure `Fn(HttpRequest) -> impl Future<Output = Result<HttpResponse,
    /// TransportError>>`. The built-in transport's settings are then unused.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The clock requests and tokens are stamped with (default: the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The randomness behind nonces, JWT ids and retry jitter (default: the OS generator).
    pub fn nonce_source(mut self, nonce: impl NonceSource + 'static) -> Self {
        self.nonce = Arc::new(nonce);
        self.nonce_set = true;
        self
    }

    /// Checks the settings and builds the client. Needs no runtime.
    pub fn build(self) -> Result<OpenTok, BuildError> {
        let credentials = Credentials::new(self.api_key, self.api_secret)?;
        let api_url = ApiUrl::new(self.api_url.as_deref().unwrap_or(credentials.default_api_url()))?;
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => {
                let mut http = self.http;
                if self.nonce_set {
                    http = http.nonce_source(Arc::clone(&self.nonce));
                }
                Arc::new(http.build()?) as Arc<dyn Transport>
            }
        };
        Ok(OpenTok {
            inner: Arc::new(Inner {
                credentials,
                api_url,
                transport,
                clock: self.clock,
                nonce: self.nonce,
            }),
        })
    }
}
