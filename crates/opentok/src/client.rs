//! [`OpenTok`]: credentials, API URL, transport, clock and randomness in one cheap handle.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use opentok_core::Transport;
use opentok_core::clock::{Clock, SystemClock};
use opentok_core::nonce::{NonceSource, OsNonce};
use opentok_core::token::{self, TokenOptions};
use opentok_core::{ApiUrl, Operation, RequestContext};
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
    /// Environment variables that exclude each other are set (named in the text): both kinds
    /// of credentials, or both forms of the private key.
    ConflictingEnv(&'static str),
    /// The file `VONAGE_PRIVATE_KEY_PATH` names could not be read.
    KeyFile(std::io::Error),
    /// The blocking client's internal runtime could not start.
    Runtime(std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(e) => e.fmt(f),
            BuildError::Transport(e) => e.fmt(f),
            BuildError::MissingEnv(name) => write!(f, "environment variable {name} is not set"),
            BuildError::ConflictingEnv(what) => write!(f, "conflicting environment variables: {what}"),
            BuildError::KeyFile(e) => write!(f, "could not read the file VONAGE_PRIVATE_KEY_PATH names: {e}"),
            BuildError::Runtime(e) => write!(f, "could not start the blocking runtime: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Invalid(e) => Some(e),
            BuildError::Transport(e) => Some(e),
            BuildError::MissingEnv(_) | BuildError::ConflictingEnv(_) => None,
            BuildError::KeyFile(e) => Some(e),
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
/// let session = ot.sessions().create(CreateSession::new()).await?;
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

    /// A client for a Vonage application: its id (a UUID) and its private key as PEM text
    /// (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`; read the file
    /// yourself). Requests go to `https://video.api.vonage.com` with `Authorization: Bearer`
    /// RS256 JWTs, and [`OpenTok::generate_token`] mints RS256 client tokens.
    ///
    /// ```no_run
    /// use opentok::OpenTok;
    ///
    /// let pem = std::fs::read_to_string("private.key")?;
    /// let ot = OpenTok::new_application("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", pem)?;
    /// assert_eq!(ot.api_url().as_str(), "https://video.api.vonage.com");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new_application(
        application_id: impl Into<String>,
        private_key_pem: impl Into<String>,
    ) -> Result<Self, BuildError> {
        Self::application_builder(application_id, private_key_pem).build()
    }

    /// Starts a configuration for a Vonage application (see [`OpenTok::new_application`]).
    pub fn application_builder(
        application_id: impl Into<String>,
        private_key_pem: impl Into<String>,
    ) -> OpenTokBuilder {
        OpenTokBuilder::application(application_id, private_key_pem)
    }

    /// A client from the environment (see [`OpenTokBuilder::from_env`]): `OPENTOK_API_KEY`
    /// and `OPENTOK_API_SECRET`, or `VONAGE_APPLICATION_ID` with `VONAGE_PRIVATE_KEY` or
    /// `VONAGE_PRIVATE_KEY_PATH`; and, when set, `OPENTOK_API_URL`.
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

    /// Mints a client token for `session_id`: with an API key and secret, T1 unless the
    /// options ask for a JWT; with a Vonage application, always an RS256 JWT. Pure: reads the
    /// clock and the randomness source, does no I/O.
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
    credentials: PendingCredentials,
    api_url: Option<String>,
    http: HyperTransportBuilder,
    transport: Option<Arc<dyn Transport>>,
    clock: Arc<dyn Clock>,
    nonce: Arc<dyn NonceSource>,
    nonce_set: bool,
}

/// The credentials as given, checked by [`OpenTokBuilder::build`].
enum PendingCredentials {
    Project {
        api_key: String,
        api_secret: String,
    },
    Application {
        application_id: String,
        private_key_pem: String,
    },
}

impl PendingCredentials {
    fn check(self) -> Result<Credentials, ValidationError> {
        match self {
            PendingCredentials::Project { api_key, api_secret } => Credentials::new(api_key, api_secret),
            PendingCredentials::Application {
                application_id,
                private_key_pem,
            } => Credentials::application(application_id, &private_key_pem),
        }
    }
}

impl fmt::Debug for PendingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The public halves only.
        match self {
            PendingCredentials::Project { api_key, .. } => f
                .debug_struct("Project")
                .field("api_key", api_key)
                .finish_non_exhaustive(),
            PendingCredentials::Application { application_id, .. } => f
                .debug_struct("Application")
                .field("application_id", application_id)
                .finish_non_exhaustive(),
        }
    }
}

impl fmt::Debug for OpenTokBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenTokBuilder")
            .field("credentials", &self.credentials)
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
        Self::with(PendingCredentials::Project {
            api_key: api_key.into(),
            api_secret: api_secret.into(),
        })
    }

    /// A configuration for a Vonage application (see [`OpenTok::new_application`]), with the
    /// same defaults; the default API URL is `https://video.api.vonage.com`.
    pub fn application(application_id: impl Into<String>, private_key_pem: impl Into<String>) -> Self {
        Self::with(PendingCredentials::Application {
            application_id: application_id.into(),
            private_key_pem: private_key_pem.into(),
        })
    }

    fn with(credentials: PendingCredentials) -> Self {
        Self {
            credentials,
            api_url: None,
            http: HyperTransportBuilder::new(),
            transport: None,
            clock: Arc::new(SystemClock),
            nonce: Arc::new(OsNonce),
            nonce_set: false,
        }
    }

    /// A configuration from the environment. Credentials of one kind:
    ///
    /// * `OPENTOK_API_KEY` and `OPENTOK_API_SECRET`, or
    /// * `VONAGE_APPLICATION_ID` with either `VONAGE_PRIVATE_KEY` (the PEM text) or
    ///   `VONAGE_PRIVATE_KEY_PATH` (a file holding it, read now).
    ///
    /// Variables of both kinds, both key variables, or half of a kind are an error naming
    /// the variables ([`BuildError::ConflictingEnv`], [`BuildError::MissingEnv`]); with none
    /// set, `OPENTOK_API_KEY` is reported missing. `OPENTOK_API_URL`, when set and non-empty,
    /// overrides the credentials' default API URL. Empty variables count as unset.
    pub fn from_env() -> Result<Self, BuildError> {
        let var = |name: &'static str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let (api_key, api_secret) = (var("OPENTOK_API_KEY"), var("OPENTOK_API_SECRET"));
        let application_id = var("VONAGE_APPLICATION_ID");
        let (pem, pem_path) = (var("VONAGE_PRIVATE_KEY"), var("VONAGE_PRIVATE_KEY_PATH"));
        let project_set = api_key.is_some() || api_secret.is_some();
        let application_set = application_id.is_some() || pem.is_some() || pem_path.is_some();
        let mut b = if project_set && application_set {
            return Err(BuildError::ConflictingEnv(
                "OPENTOK_API_KEY / OPENTOK_API_SECRET and VONAGE_APPLICATION_ID / VONAGE_PRIVATE_KEY / \
                 VONAGE_PRIVATE_KEY_PATH are both set; set one kind of credentials",
            ));
        } else if application_set {
            let id = application_id.ok_or(BuildError::MissingEnv("VONAGE_APPLICATION_ID"))?;
            let pem = match (pem, pem_path) {
                (Some(_), Some(_)) => {
                    return Err(BuildError::ConflictingEnv(
                        "VONAGE_PRIVATE_KEY and VONAGE_PRIVATE_KEY_PATH are both set; set one",
                    ));
                }
                (Some(pem), None) => pem,
                (None, Some(path)) => std::fs::read_to_string(path).map_err(BuildError::KeyFile)?,
                (None, None) => {
                    return Err(BuildError::MissingEnv(
                        "VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH",
                    ));
                }
            };
            Self::application(id, pem)
        } else {
            Self::new(
                api_key.ok_or(BuildError::MissingEnv("OPENTOK_API_KEY"))?,
                api_secret.ok_or(BuildError::MissingEnv("OPENTOK_API_SECRET"))?,
            )
        };
        if let Some(url) = var("OPENTOK_API_URL") {
            b = b.api_url(url);
        }
        Ok(b)
    }

    /// The REST base URL (default `https://api.opentok.com`, or `https://video.api.vonage.com`
    /// for a Vonage application). Plain `http://` is accepted
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
        let credentials = self.credentials.check()?;
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
