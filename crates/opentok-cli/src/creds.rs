//! Credentials: the API key, the secret (from a file or the environment, never from an
//! argument) and the API URL; the client built from them; and the reading of every other
//! secret a command needs (stream keys, client tokens, passwords) the same way.

use std::io::Read as _;
use std::path::Path;
use std::time::Duration;

use opentok::Credentials;
use opentok::{OpenTok, RetryPolicy};

use crate::cli::Global;
use crate::error::CliError;

/// What the command line and the environment say.
pub(crate) struct Creds {
    /// The API key.
    pub(crate) key: Option<String>,
    /// The secret.
    secret: Option<String>,
    /// The REST base URL.
    pub(crate) url: Option<String>,
}

impl std::fmt::Debug for Creds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Creds")
            .field("key", &self.key)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("url", &self.url)
            .finish()
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Reads a secret from `path` (`-` is stdin), without its trailing line break.
pub(crate) fn read_secret_file(path: &Path) -> Result<String, CliError> {
    let mut text = String::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text).map(|_| ()))
    };
    read.map_err(|e| {
        CliError::usage(format!("cannot read the secret file {}", path.display())).with_source(e)
    })?;
    let secret = text.trim_end_matches(['\r', '\n']).trim().to_owned();
    if secret.is_empty() {
        return Err(CliError::usage(format!(
            "the secret file {} is empty",
            path.display()
        )));
    }
    Ok(secret)
}

/// A secret read from `file` ([`read_secret_file`]) when one is named, else from the
/// environment variable `var`; `None` when neither gives one.
pub(crate) fn secret_from(file: Option<&Path>, var: &str) -> Result<Option<String>, CliError> {
    match file {
        Some(path) => read_secret_file(path).map(Some),
        None => Ok(env(var)),
    }
}

impl Creds {
    /// Gathers the options and the environment (`--api-key` over `OPENTOK_API_KEY`, …).
    pub(crate) fn load(g: &Global) -> Result<Self, CliError> {
        let secret = secret_from(g.api_secret_file.as_deref(), "OPENTOK_API_SECRET")?;
        Ok(Self {
            key: g.api_key.clone().or_else(|| env("OPENTOK_API_KEY")),
            secret,
            url: g.api_url.clone().or_else(|| env("OPENTOK_API_URL")),
        })
    }

    /// The secret, if one was given (file or environment).
    pub(crate) fn secret(&self) -> Option<&str> {
        self.secret.as_deref()
    }

    /// The key, or a usage error saying how to give it.
    pub(crate) fn require_key(&self) -> Result<&str, CliError> {
        self.key
            .as_deref()
            .ok_or_else(|| CliError::usage("no API key: set OPENTOK_API_KEY or pass --api-key KEY"))
    }

    /// The secret, or a usage error saying how to give it.
    pub(crate) fn require_secret(&self) -> Result<&str, CliError> {
        self.secret.as_deref().ok_or_else(|| {
            CliError::usage(
                "no API secret: set OPENTOK_API_SECRET or pass --api-secret-file FILE \
                 (the secret is never taken as a command-line argument)",
            )
        })
    }

    /// The credentials, when both the key and the secret are known.
    pub(crate) fn credentials(&self) -> Result<Option<Credentials>, CliError> {
        match (&self.key, &self.secret) {
            (Some(k), Some(s)) => Credentials::new(k.clone(), s.clone())
                .map(Some)
                .map_err(|e| CliError::usage("invalid credentials").with_source(e)),
            _ => Ok(None),
        }
    }

    /// The client; needs the key and the secret.
    pub(crate) fn client(&self, timeout: Duration) -> Result<OpenTok, CliError> {
        let key = self.require_key()?;
        let secret = self.require_secret()?;
        let mut b = OpenTok::builder(key, secret)
            .request_timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .retry(RetryPolicy::default().max_attempts(2))
            .user_agent_addendum(concat!("opentok-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(url) = &self.url {
            b = b.api_url(url.clone());
        }
        b.build()
            .map_err(|e| CliError::usage("cannot set up the client").with_source(e))
    }
}
