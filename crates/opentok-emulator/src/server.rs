//! Starting and stopping: the builder, the lifecycle ticker, and the handle with the base URL
//! and credentials (the accept loop is in `accept`, TLS settings in `tls`, generated
//! application keys in `keygen`).

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentok_core::ApplicationId;
use opentok_core::PublicKey;
use opentok_core::clock::{Clock, SystemClock};
use opentok_core::{ProjectCredentials, ValidationError};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::callbacks::Dispatcher;
use crate::config::{Config, Limits};
use crate::state::{Emu, Project, ProjectAuth, ProjectData};

/// The emulator; start one with [`Emulator::builder`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Emulator;

impl Emulator {
    /// A builder with the defaults: `127.0.0.1:0`, one generated project, staging off.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            projects: Vec::new(),
            applications: Vec::new(),
            tls: (None, None),
            callbacks: Vec::new(),
            config: Config::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// An API key or secret broke a rule.
    #[error("invalid project credentials: {0}")]
    Credentials(#[from] ValidationError),
    /// The listen address could not be bound.
    #[error("cannot listen: {0}")]
    Bind(#[from] std::io::Error),
    /// The TLS certificate or key is missing, unreadable or mismatched (names the setting,
    /// never its content).
    #[error("invalid TLS settings: {0}")]
    Tls(String),
    /// An application's key pair could not be generated or its private key written.
    #[error("{0}")]
    KeyPair(String),
}

/// How an application's public key is given.
enum AppKey {
    /// PEM text of the public key (`-----BEGIN PUBLIC KEY-----`).
    Public(String),
    /// Generate a key pair and write the private key here.
    Generate(PathBuf),
}

/// A Vonage application the emulator serves: its id, its public key, and where its generated
/// private key was written.
#[derive(Debug, Clone)]
pub struct EmulatorApplication {
    application_id: ApplicationId,
    public_key: PublicKey,
    private_key_path: Option<PathBuf>,
}

impl EmulatorApplication {
    /// The application id (the project id of paths and session ids).
    pub fn application_id(&self) -> &str {
        self.application_id.as_str()
    }

    /// The public key the emulator checks bearer JWTs and client tokens with.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// Where the private key of a generated key pair was written (PKCS#8 PEM, readable by
    /// its owner only); `None` when the public key was given.
    pub fn private_key_path(&self) -> Option<&Path> {
        self.private_key_path.as_deref()
    }
}

/// Settings for an emulator; finish with [`EmulatorBuilder::start`].
pub struct EmulatorBuilder {
    listen: SocketAddr,
    projects: Vec<(String, String)>,
    applications: Vec<(String, AppKey)>,
    tls: (Option<String>, Option<String>),
    callbacks: Vec<(String, String, String)>,
    config: Config,
    clock: Arc<dyn Clock>,
}

/// Shows the projects' keys and application ids, never secrets, keys or key paths.
impl fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = self.projects.iter().map(|(k, _)| k.as_str()).collect();
        let apps: Vec<&str> = self.applications.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("EmulatorBuilder")
            .field("listen", &self.listen)
            .field("project_keys", &keys)
            .field("application_ids", &apps)
            .field("tls", &self.tls.0.is_some())
            .field("callbacks", &self.callbacks)
            .field("config", &self.config)
            .field("clock", &self.clock)
            .finish()
    }
}

impl EmulatorBuilder {
    /// Adds a project (API key and secret). Without any, one is generated.
    pub fn project(mut self, api_key: impl Into<String>, api_secret: impl Into<String>) -> Self {
        self.projects.push((api_key.into(), api_secret.into()));
        self
    }

    /// Adds a Vonage application project: its id (a UUID) and its public key as PEM text
    /// (`-----BEGIN PUBLIC KEY-----`). Its callers send `Authorization: Bearer` RS256 JWTs
    /// signed with the private key, and its client tokens are RS256 JWTs. Key + secret
    /// projects and applications can be served side by side.
    pub fn application(
        mut self,
        application_id: impl Into<String>,
        public_key_pem: impl Into<String>,
    ) -> Self {
        self.applications
            .push((application_id.into(), AppKey::Public(public_key_pem.into())));
        self
    }

    /// Adds a Vonage application project with a key pair generated at start: the private key
    /// is written to `private_key_path` (PKCS#8 PEM, created or replaced, readable by its
    /// owner only), see [`EmulatorApplication::private_key_path`].
    pub fn generated_application(
        mut self,
        application_id: impl Into<String>,
        private_key_path: impl Into<PathBuf>,
    ) -> Self {
        self.applications
            .push((application_id.into(), AppKey::Generate(private_key_path.into())));
        self
    }

    /// Serves HTTPS with this PEM certificate chain (with [`EmulatorBuilder::tls_key`]); the
    /// base URL then starts with `https://`.
    pub fn tls_cert(mut self, cert_chain_pem: impl Into<String>) -> Self {
        self.tls.0 = Some(cert_chain_pem.into());
        self
    }

    /// The PEM private key of [`EmulatorBuilder::tls_cert`]'s certificate.
    pub fn tls_key(mut self, key_pem: impl Into<String>) -> Self {
        self.tls.1 = Some(key_pem.into());
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Registers a callback on every project from the start, like a URL set in the account
    /// dashboard: `group` is `archive`, `broadcast`, `connection`, `stream` or `session`;
    /// `event` is `status`, `created`, `destroyed` or `*`.
    pub fn callback(
        mut self,
        group: impl Into<String>,
        event: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        self.callbacks.push((group.into(), event.into(), url.into()));
        self
    }

    /// Staging mode: also accept the generic client tokens `devtoken` (publisher) and
    /// `moderator_token` (moderator) for any session.
    pub fn staging(mut self, on: bool) -> Self {
        self.config.staging = on;
        self
    }

    /// How far a REST token's `iat` may be ahead of the emulator's clock (default 10 s).
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.config.skew = skew;
        self
    }

    /// The largest request body accepted; larger ones get 413 (default 1 MiB).
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.config.max_body = n;
        self
    }

    /// How long a stopped archive takes to become `available`, and an Experience Composer
    /// to go from `starting` to `started` (default 200 ms).
    pub fn archive_processing(mut self, d: Duration) -> Self {
        self.config.archive_processing = d;
        self
    }

    /// Callback delivery attempts (default 3) and the first back-off (default 100 ms,
    /// doubling after each failure).
    pub fn callback_retries(mut self, attempts: u32, backoff: Duration) -> Self {
        self.config.callback_attempts = attempts;
        self.config.callback_backoff = backoff;
        self
    }

    /// How long a connection may take from accept to its first complete request head, and an
    /// HTTP/1 connection to send each later head (default 10 s); past it the connection is
    /// closed. An HTTP/2 peer that does not answer a ping within it is dropped too. Each
    /// connection timeout is kept between 1 ms and one day.
    pub fn header_timeout(mut self, d: Duration) -> Self {
        self.config.conn.header = crate::config::timeout_within_range(d);
        self
    }

    /// How long a connection may stay open without a request in progress (default 60 s);
    /// then it is closed (HTTP/2 with a `GOAWAY`). An HTTP/1 connection between requests is
    /// closed after the header timeout already when that is shorter.
    pub fn idle_timeout(mut self, d: Duration) -> Self {
        self.config.conn.idle = crate::config::timeout_within_range(d);
        self
    }

    /// How long a request may take from its head to the end of its body (default 30 s); a
    /// slower one gets 408 and its connection is closed.
    pub fn body_timeout(mut self, d: Duration) -> Self {
        self.config.conn.body = crate::config::timeout_within_range(d);
        self
    }

    /// How many connections may be open at once (default 1024, at least 1, at most
    /// 1,000,000); past it a new connection gets a bare `503` and is closed, and those
    /// already open are served as before.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.config.conn.max = n.clamp(1, 1_000_000);
        self
    }

    /// Caps on what one project may hold.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.config.limits = limits;
        self
    }

    /// The clock that REST and client tokens are checked against (default: system time).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Binds, starts serving on the current tokio runtime and returns the handle.
    pub async fn start(self) -> Result<EmulatorHandle, StartError> {
        let mut pairs = self.projects;
        if pairs.is_empty() {
            pairs.push((crate::ids::api_key(), crate::ids::api_secret()));
        }
        let creds: Vec<ProjectCredentials> = pairs
            .into_iter()
            .map(|(k, s)| ProjectCredentials::new(k, s))
            .collect::<Result<_, _>>()?;
        let tls = match self.tls {
            (None, None) => None,
            (Some(cert), Some(key)) => Some(crate::tls::server_config(&cert, &key)?),
            (Some(_), None) => return Err(StartError::Tls("tls_cert needs tls_key".to_owned())),
            (None, Some(_)) => return Err(StartError::Tls("tls_key needs tls_cert".to_owned())),
        };
        let apps = applications(self.applications)?;
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("{}://{addr}", if tls.is_some() { "https" } else { "http" });
        let dispatcher = Dispatcher::start(self.config.callback_attempts, self.config.callback_backoff);
        let auths = creds
            .iter()
            .map(|c| ProjectAuth::Secret(c.clone()))
            .chain(apps.iter().map(|a| ProjectAuth::Application {
                id: a.application_id.clone(),
                public_key: a.public_key.clone(),
            }));
        let mut projects = HashMap::new();
        for auth in auths {
            let key = auth.project_id().to_owned();
            let mut data = ProjectData::new(key.clone(), self.config.clone(), base_url.clone());
            data.application = matches!(auth, ProjectAuth::Application { .. });
            for (group, event, url) in &self.callbacks {
                data.callbacks.push(crate::routes::callback::CallbackRec {
                    id: crate::ids::uuid(),
                    group: group.clone(),
                    event: event.clone(),
                    url: url.clone(),
                    created_ms: 0,
                });
            }
            projects.insert(
                key,
                Arc::new(Project {
                    auth,
                    data: Mutex::new(data),
                    dispatcher: dispatcher.clone(),
                }),
            );
        }
        let emu = Arc::new(Emu {
            config: self.config,
            base_url: base_url.clone(),
            projects,
            clock: self.clock,
            routes: crate::routes::serve::table(),
        });
        let (tx, rx) = watch::channel(false);
        let ticker = tokio::spawn(tick_loop(emu.clone(), rx.clone()));
        let server = tokio::spawn(crate::accept::serve(listener, tls, emu, rx));
        Ok(EmulatorHandle {
            addr,
            base_url,
            creds,
            apps,
            shutdown: tx,
            tasks: vec![server, ticker],
        })
    }
}

/// Reads or generates each application's public key.
fn applications(specs: Vec<(String, AppKey)>) -> Result<Vec<EmulatorApplication>, StartError> {
    specs
        .into_iter()
        .map(|(id, key)| {
            let application_id = ApplicationId::new(id)?;
            let (public_key, private_key_path) = match key {
                AppKey::Public(pem) => (PublicKey::from_pem(&pem)?, None),
                AppKey::Generate(path) => (
                    crate::keygen::generate(&path).map_err(|e| StartError::KeyPair(e.to_string()))?,
                    Some(path),
                ),
            };
            Ok(EmulatorApplication {
                application_id,
                public_key,
                private_key_path,
            })
        })
        .collect()
}

async fn tick_loop(emu: Arc<Emu>, mut stop: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(Duration::from_millis(50));
    loop {
        tokio::select! {
            _ = every.tick() => {
                let now = emu.now();
                for p in emu.projects.values() {
                    p.with(|d| d.tick(now));
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// A running emulator. Dropping it stops the server too; [`EmulatorHandle::shutdown`] also
/// waits for open connections to finish.
#[derive(Debug)]
pub struct EmulatorHandle {
    addr: SocketAddr,
    base_url: String,
    creds: Vec<ProjectCredentials>,
    apps: Vec<EmulatorApplication>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// The base URL to point an SDK at, e.g. `http://127.0.0.1:40123` (`https://` with TLS).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the emulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The first project's API key.
    pub fn api_key(&self) -> &str {
        self.creds.first().map_or("", |c| c.api_key().as_str())
    }

    /// The first project's API secret.
    pub fn api_secret(&self) -> &str {
        self.creds.first().map_or("", |c| c.api_secret().expose_secret())
    }

    /// Every configured project's credentials.
    pub fn projects(&self) -> &[ProjectCredentials] {
        &self.creds
    }

    /// Every configured Vonage application.
    pub fn applications(&self) -> &[EmulatorApplication] {
        &self.apps
    }

    /// Stops accepting, lets open requests finish (up to 5 s) and waits for the tasks.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for t in self.tasks.drain(..) {
            let _ = t.await;
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn builder_debug_shows_keys_but_never_secrets() {
        let b = Emulator::builder().project("47001234", SECRET);
        let dbg = format!("{b:?}");
        assert!(dbg.contains("47001234"), "{dbg}");
        assert!(!dbg.contains(SECRET), "{dbg}");
    }

    #[tokio::test]
    async fn handle_debug_never_shows_secrets() {
        let emu = Emulator::builder()
            .project("47001234", SECRET)
            .start()
            .await
            .expect("starts");
        let dbg = format!("{emu:?}");
        assert!(dbg.contains("47001234"), "{dbg}");
        assert!(!dbg.contains(SECRET), "{dbg}");
        emu.shutdown().await;
    }
}
