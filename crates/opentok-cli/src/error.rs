//! Command failures: what went wrong, its causes, the service's answer, and the exit code;
//! shown as text, or with `--json` as one JSON document, on stderr.

use std::error::Error as StdError;
use std::fmt::Write as _;

use opentok::{ApiError, Error, TransportErrorKind};
use serde_json::{Map, Value, json};

/// Exit status for a usage error: bad arguments, invalid input, missing credentials.
pub(crate) const EXIT_USAGE: i32 = 2;
/// Exit status when the service answered with an error, or the command failed at run time
/// (the emulator cannot listen, a file cannot be written).
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

    /// A service-side or run-time failure (exit 1).
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
                // The service's answer is shown once, as `service:`; not as a cause too.
                let mut err = Self::service(format!("{what}: the service refused the request"));
                err.api = Some(Box::new(api));
                err
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

    /// The causes, outermost first; a wrapper whose text already holds its source's is
    /// followed by that source only when it adds something.
    fn causes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut cause: Option<&(dyn StdError + 'static)> = self.source.as_deref().map(|e| e as _);
        while let Some(c) = cause {
            let text = c.to_string();
            if !out.last().is_some_and(|last| last.contains(&text)) {
                out.push(text);
            }
            cause = c.source();
        }
        out
    }

    /// The service's answer in one line: `HTTP 404, code 15004, message: Archive not found`.
    fn service_line(api: &ApiError) -> String {
        let mut out = format!("HTTP {}", api.status.as_u16());
        if let Some(code) = api.code {
            let _ = write!(out, ", code {code}");
        }
        if let Some(m) = api.message.as_deref().or(api.description.as_deref()) {
            let _ = write!(out, ", message: {m}");
        }
        if api.attempts > 1 {
            let _ = write!(out, " (after {} attempts)", api.attempts);
        }
        out
    }

    /// The first 500 characters of a reply body that had no code or message to show.
    fn unexplained_body(api: &ApiError) -> Option<String> {
        if api.code.is_some() || api.message.is_some() || api.body.is_empty() {
            return None;
        }
        let body: String = api.body_text().chars().take(500).collect();
        Some(body.trim().to_owned())
    }

    /// The text for stderr: the message, each cause on its own line, and the service's
    /// status, code and message when it answered.
    pub(crate) fn render(&self) -> String {
        let mut out = format!("error: {}\n", self.message);
        for c in self.causes() {
            let _ = writeln!(out, "  caused by: {c}");
        }
        if let Some(api) = &self.api {
            let _ = writeln!(out, "  service: {}", Self::service_line(api));
            if let Some(body) = Self::unexplained_body(api) {
                let _ = writeln!(out, "  body: {body}");
            }
        }
        out
    }

    /// The document for stderr under `--json`: `{"error": {"message", "exitCode", "causes",
    /// "service": {"status", "code", "message", "attempts", "body"}}}` (absent parts left out).
    pub(crate) fn render_json(&self) -> String {
        let mut err = Map::new();
        err.insert("message".into(), json!(self.message));
        err.insert("exitCode".into(), json!(self.code));
        err.insert("causes".into(), json!(self.causes()));
        if let Some(api) = &self.api {
            let mut service = Map::new();
            service.insert("status".into(), json!(api.status.as_u16()));
            if let Some(code) = api.code {
                service.insert("code".into(), json!(code));
            }
            if let Some(m) = api.message.as_deref().or(api.description.as_deref()) {
                service.insert("message".into(), json!(m));
            }
            service.insert("attempts".into(), json!(api.attempts));
            if let Some(body) = Self::unexplained_body(api) {
                service.insert("body".into(), json!(body));
            }
            err.insert("service".into(), Value::Object(service));
        }
        let mut text = serde_json::to_string_pretty(&json!({ "error": err }))
            .unwrap_or_else(|_| "{\"error\":{}}".to_owned());
        text.push('\n');
        text
    }

    /// Prints the error on stderr, as text or (`json`) as a JSON document, and returns the
    /// exit status.
    pub(crate) fn report(&self, json: bool) -> i32 {
        let text = if json { self.render_json() } else { self.render() };
        // Nothing more to do when stderr is closed.
        let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
        self.code()
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
        assert_eq!(text.matches("Archive not found").count(), 1, "{text}");
    }

    #[test]
    fn json_errors_are_one_document() {
        let mut api = ApiError::from_parts(
            http::StatusCode::SERVICE_UNAVAILABLE,
            br#"{"code":503,"message":"busy"}"#,
        );
        api.attempts = 3;
        let e = CliError::from_sdk("archive list", Error::Api(api));
        let doc: Value = serde_json::from_str(&e.render_json()).expect("JSON");
        assert_eq!(
            doc,
            json!({"error": {
                "message": "archive list: the service refused the request",
                "exitCode": 1,
                "causes": [],
                "service": {"status": 503, "code": 503, "message": "busy", "attempts": 3},
            }})
        );
        assert!(
            e.render().contains("message: busy (after 3 attempts)"),
            "{}",
            e.render()
        );
        let invalid = CliError::from_sdk(
            "x",
            Error::Validation(ValidationError::new("name", Rule::Required)),
        );
        let doc: Value = serde_json::from_str(&invalid.render_json()).expect("JSON");
        assert_eq!(doc["error"]["exitCode"], 2);
        assert_eq!(doc["error"]["causes"], json!(["invalid `name`: is required"]));
        assert!(doc["error"].get("service").is_none());
    }

    #[test]
    fn a_cause_its_wrapper_already_says_is_not_repeated() {
        let bind = std::io::Error::new(std::io::ErrorKind::AddrInUse, "Address already in use");
        #[derive(Debug)]
        struct CannotListen(std::io::Error);
        impl std::fmt::Display for CannotListen {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "cannot listen: {}", self.0)
            }
        }
        impl StdError for CannotListen {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let e = CliError::service("cannot start the emulator").with_source(CannotListen(bind));
        assert_eq!(
            e.render(),
            "error: cannot start the emulator\n  caused by: cannot listen: Address already in use\n"
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
