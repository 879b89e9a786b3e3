//! Command failures: what went wrong, its causes, the service's answer, and the exit code.

use std::error::Error as StdError;
use std::fmt::Write as _;

use opentok::{ApiError, Error, TransportErrorKind};

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
            Error::Transport(t) if t.kind() == TransportErrorKind::InvalidRequest => {
                Self::usage(format!("{what}: the request could not be sent as built")).with_source(t)
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
        let mut last = String::new();
        while let Some(c) = cause {
            // Wrappers that display their source's text would repeat it.
            let text = c.to_string();
            if text != last {
                let _ = writeln!(out, "  caused by: {text}");
            }
            last = text;
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

#[cfg(test)]
mod tests {
    use opentok::{Rule, Sent, TransportError, ValidationError};

    use super::*;

    #[test]
    fn service_errors_show_status_code_and_message() {
        let api = ApiError::from_parts(
            http::StatusCode::NOT_FOUND,
            br#"{"code":15004,"message":"Archive not found"}"#,
        );
        let e = CliError::from_sdk("archive get", Error::Api(api));
        assert_eq!(e.code(), EXIT_SERVICE);
        let text = e.render();
        assert!(
            text.starts_with("error: archive get: the service refused the request\n"),
            "{text}"
        );
        assert!(
            text.contains("  service: HTTP 404, code 15004, message: Archive not found\n"),
            "{text}"
        );
    }

    #[test]
    fn each_failure_has_its_exit_code() {
        let invalid = ValidationError::new("archiveName", Rule::Required);
        assert_eq!(
            CliError::from_sdk("x", Error::Validation(invalid)).code(),
            EXIT_USAGE
        );
        let refused = TransportError::new(TransportErrorKind::Connect, Sent::No, "connection refused");
        let e = CliError::from_sdk("x", Error::Transport(refused));
        assert_eq!(e.code(), EXIT_NETWORK);
        assert!(
            e.render().contains("caused by: connection refused"),
            "{}",
            e.render()
        );
        let bad = TransportError::new(TransportErrorKind::InvalidRequest, Sent::No, "scheme not allowed");
        assert_eq!(CliError::from_sdk("x", Error::Transport(bad)).code(), EXIT_USAGE);
    }

    #[test]
    fn repeated_causes_are_shown_once() {
        #[derive(Debug)]
        struct Wrap(ValidationError);
        impl std::fmt::Display for Wrap {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
        impl StdError for Wrap {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let e = CliError::usage("cannot set up the client")
            .with_source(Wrap(ValidationError::new("api_url", Rule::Required)));
        assert_eq!(
            e.render(),
            "error: cannot set up the client\n  caused by: invalid `api_url`: is required\n"
        );
    }
}
