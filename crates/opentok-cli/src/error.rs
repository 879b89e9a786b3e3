//! Command failures: what went wrong, its causes, the service's answer, and the exit code.

use std::error::Error as StdError;
use std::fmt::Write as _;

use opentok::{ApiError, Error};

/// Exit status for a usage error: bad arguments, invalid input, missing credentials.
pub(crate) const EXIT_USAGE: i32 = 2;
/// Exit status when the service answered with an error.
pub(crate) const EXIT_SERVICE: i32 = 1;
/// Exit status when the service could not be reached or the exchange broke.
pub(crate) const EXIT_NETWORK: i32 = 3;

/// A failed command.
#[derive(Debug)]
pub(crate) struct CliError {
    code: i32,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
    api: Option<Box<ApiError>>,
}

impl CliError {
    /// A usage error (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(EXIT_USAGE, message)
    }

    /// A service-side failure (exit 1).
    pub(crate) fn service(message: impl Into<String>) -> Self {
        Self::new(EXIT_SERVICE, message)
    }

    /// A network failure (exit 3).
    pub(crate) fn network(message: impl Into<String>) -> Self {
        Self::new(EXIT_NETWORK, message)
    }

    /// Stopped by Ctrl-C (exit 130, as shells report SIGINT).
    pub(crate) fn interrupted(message: impl Into<String>) -> Self {
        Self::new(130, message)
    }

    fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            source: None,
            api: None,
        }
    }

    /// Attaches the underlying error (its chain is printed).
    pub(crate) fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The exit status.
    pub(crate) fn code(&self) -> i32 {
        self.code
    }

    /// Wraps an SDK error that happened while doing `what` (`"archive start"`).
    pub(crate) fn from_sdk(what: &str, e: Error) -> Self {
        match e {
            Error::Validation(v) => Self::usage(format!("{what}: invalid input")).with_source(v),
            Error::Token(t) => Self::usage(format!("{what}: bad token input")).with_source(t),
            Error::SessionId(s) => Self::usage(format!("{what}: bad session id")).with_source(s),
            Error::Api(api) => {
                let mut err = Self::service(format!("{what}: the service refused the request"));
                err.api = Some(Box::new(api.clone()));
                err.with_source(api)
            }
            Error::Decode(d) => {
                Self::service(format!("{what}: the service's reply could not be read")).with_source(d)
            }
            Error::Transport(t) => {
                Self::network(format!("{what}: could not reach the service")).with_source(t)
            }
            other => Self::service(format!("{what}: failed")).with_source(other),
        }
    }

    /// The text for stderr: the message, each cause on its own line, and the service's
    /// status, code and message when it answered.
    pub(crate) fn render(&self) -> String {
        let mut out = format!("error: {}\n", self.message);
        let mut cause: Option<&(dyn StdError + 'static)> = self.source.as_deref().map(|e| e as _);
        while let Some(c) = cause {
            let _ = writeln!(out, "  caused by: {c}");
            cause = c.source();
        }
        if let Some(api) = &self.api {
            let _ = write!(out, "  service: HTTP {}", api.status.as_u16());
            if let Some(code) = api.code {
                let _ = write!(out, ", code {code}");
            }
            if let Some(m) = api.message.as_deref().or(api.description.as_deref()) {
                let _ = write!(out, ", message: {m}");
            }
            out.push('\n');
            if api.code.is_none() && api.message.is_none() && !api.body.is_empty() {
                let body = api.body_text();
                let body: String = body.chars().take(500).collect();
                let _ = writeln!(out, "  body: {}", body.trim());
            }
        }
        out
    }
}
