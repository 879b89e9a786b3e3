//! Error types.
//!
//! Each stage fails with its own type: building a request fails with [`ValidationError`]
//! (names the field and the rule it broke), reading a response with [`ResponseError`]
//! (the service said no: [`ApiError`]; or its reply made no sense: [`DecodeError`]), sending
//! with [`TransportError`](crate::transport::TransportError). [`Error`] gathers them all for
//! callers who want one type.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The value is required and missing or empty.
    Required,
    /// Longer than allowed (`unit` is "characters", "bytes" or "items").
    TooLong {
        /// Largest allowed length.
        max: usize,
        /// Length given.
        actual: usize,
        /// What is counted.
        unit: &'static str,
    },
    /// A number outside its range.
    OutOfRange {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
        /// Value given.
        actual: i64,
    },
    /// Not one of the allowed values.
    OneOf(&'static [&'static str]),
    /// Contains a character outside the allowed set (described in the string).
    Charset(&'static str),
    /// Not in the expected format (described in the string).
    Format(&'static str),
    /// Not allowed together with another field, or only allowed with it.
    Conflict(Cow<'static, str>),
    /// A time in the past where a future one is required.
    InPast,
    /// A time too far in the future.
    TooFarInFuture {
        /// Largest allowed distance from now, in seconds.
        max_secs: u64,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("is required"),
            Rule::TooLong { max, actual, unit } => {
                write!(f, "must be at most {max} {unit} (got {actual})")
            }
            Rule::OutOfRange { min, max, actual } => {
                write!(f, "must be between {min} and {max} (got {actual})")
            }
            Rule::OneOf(allowed) => write!(f, "must be one of {}", allowed.join(", ")),
            Rule::Charset(set) => write!(f, "may only contain {set}"),
            Rule::Format(what) => write!(f, "must be {what}"),
            Rule::Conflict(why) => f.write_str(why),
            Rule::InPast => f.write_str("must be in the future"),
            Rule::TooFarInFuture { max_secs } => {
                // In the largest whole unit: "30 days", not "2592000 seconds".
                let (n, unit) = match *max_secs {
                    s if s > 0 && s % 86_400 == 0 => (s / 86_400, "day"),
                    s if s > 0 && s % 3_600 == 0 => (s / 3_600, "hour"),
                    s => (s, "second"),
                };
                let plural = if n == 1 { "" } else { "s" };
                write!(f, "must be at most {n} {unit}{plural} from now")
            }
        }
    }
}

/// Input rejected before anything was sent: names the field and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{field}`: {rule}")]
pub struct ValidationError {
    /// The field, as the wire names it (`archiveName`, `outputs.rtmp[1].serverUrl`).
    pub field: Cow<'static, str>,
    /// The rule it broke.
    pub rule: Rule,
}

impl ValidationError {
    /// A new error for `field`.
    pub fn new(field: impl Into<Cow<'static, str>>, rule: Rule) -> Self {
        Self {
            field: field.into(),
            rule,
        }
    }
}

/// What an error status means, as the service uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: invalid input.
    InvalidRequest,
    /// 401/403: the credentials or auth header were rejected.
    Unauthorized,
    /// 404: no such resource (or no connected client, for signals and archives).
    NotFound,
    /// 405: stream add/remove on an archive or broadcast in automatic stream mode.
    NotAllowed,
    /// 408: on stream calls, an invalid stream id (not a timeout).
    InvalidStreamId,
    /// 409: conflicts with the resource's state.
    Conflict,
    /// 413: a signal over the size limits.
    PayloadTooLarge,
    /// 429: rate limited.
    RateLimited,
    /// 5xx: the service failed.
    Server,
    /// Any other non-success status.
    Other,
}

impl ApiErrorKind {
    /// The kind for an HTTP status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::InvalidRequest,
            401 | 403 => Self::Unauthorized,
            404 => Self::NotFound,
            405 => Self::NotAllowed,
            408 => Self::InvalidStreamId,
            409 => Self::Conflict,
            413 => Self::PayloadTooLarge,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }
}

/// The service answered with an error.
///
/// ```
/// use http::StatusCode;
/// use opentok_core::{ApiError, ApiErrorKind};
///
/// // What `parse` makes of a 409 (a session already being recorded).
/// let body = br#"{"code":15002,"message":"Recording already in progress"}"#;
/// let e = ApiError::from_parts(StatusCode::CONFLICT, body);
/// assert_eq!(e.kind, ApiErrorKind::Conflict);
/// assert_eq!(e.code, Some(15002));
/// assert_eq!(e.message.as_deref(), Some("Recording already in progress"));
/// assert_eq!(
///     e.to_string(),
///     "OpenTok API error: HTTP 409 Conflict, code 15002: Recording already in progress"
/// );
///
/// // A body that is not JSON or XML is kept as it came.
/// let e = ApiError::from_parts(StatusCode::BAD_GATEWAY, b"<html>upstream down</html>");
/// assert_eq!((e.kind, e.message.as_deref()), (ApiErrorKind::Server, None));
/// assert_eq!(e.body_text(), "<html>upstream down</html>");
/// assert!(ApiError::retryable_status(e.status));
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What the status means.
    pub kind: ApiErrorKind,
    /// The service's error code (`15004`, `-1`, …), when the body had one.
    pub code: Option<i64>,
    /// The service's message, when the body had one.
    pub message: Option<String>,
    /// The service's longer description, when the body had one.
    pub description: Option<String>,
    /// The raw body (at most [`ApiError::MAX_BODY`] bytes are kept).
    pub body: Vec<u8>,
    /// How many times the request was sent before this reply: more than 1 when the transport
    /// retried (a 503, say) and gave up (see [`Attempts`](crate::transport::Attempts)).
    pub attempts: u32,
}

impl ApiError {
    /// How much of an error body is kept.
    pub const MAX_BODY: usize = 64 * 1024;

    /// Reads an error from a status and body: JSON `{code, message, description}`, XML
    /// `<errorPayload>` or legacy `<Errors><error code=…>`, or anything else (kept raw).
    pub fn from_parts(status: StatusCode, body: &[u8]) -> Self {
        let body_fields = crate::error_body::ErrorBody::parse(body).unwrap_or_default();
        let kept = &body[..body.len().min(Self::MAX_BODY)];
        Self {
            status,
            kind: ApiErrorKind::from_status(status),
            code: body_fields.code,
            message: body_fields.message,
            description: body_fields.description,
            body: kept.to_vec(),
            attempts: 1,
        }
    }

    /// The error with the attempt count `response` carries (see
    /// [`Attempts`](crate::transport::Attempts)).
    pub(crate) fn attempts_from<B>(mut self, response: &http::Response<B>) -> Self {
        self.attempts = crate::transport::Attempts::of(response);
        self
    }

    /// Whether a reply with `status` is worth sending the call again for: 429 (rate limited),
    /// 502, 503 and 504 (a gateway or the service briefly unavailable). `opentok-http`'s
    /// `RetryPolicy` retries idempotent calls on exactly these, and
    /// [`Error::is_retryable`] answers with them.
    pub fn retryable_status(status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 502 | 503 | 504)
    }

    /// The raw body as text (lossy).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("kind", &self.kind)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("description", &self.description)
            .field("body", &self.body_text())
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpenTok API error: HTTP {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, ", code {code}")?;
        }
        match (&self.message, &self.description) {
            (Some(m), _) => write!(f, ": {m}")?,
            (None, Some(d)) => write!(f, ": {d}")?,
            (None, None) => {}
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// The body format a decoder expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyFormat {
    /// JSON.
    Json,
    /// XML.
    Xml,
    /// Plain text.
    Text,
}

/// A success status whose body could not be read as the expected type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not read the {format:?} body of an HTTP {status} reply: {detail}")]
pub struct DecodeError {
    /// HTTP status.
    pub status: StatusCode,
    /// The format expected.
    pub format: BodyFormat,
    /// What went wrong.
    pub detail: String,
    /// The raw body (at most [`ApiError::MAX_BODY`] bytes are kept).
    pub body: Vec<u8>,
}

impl DecodeError {
    /// A new decode error.
    pub fn new(status: StatusCode, format: BodyFormat, detail: impl fmt::Display, body: &[u8]) -> Self {
        Self {
            status,
            format,
            detail: detail.to_string(),
            body: body[..body.len().min(ApiError::MAX_BODY)].to_vec(),
        }
    }
}

/// Reading a response failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The service answered with an error status.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The service answered with success but a body we could not read.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

impl ResponseError {
    /// The API error, if the service answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            ResponseError::Api(e) => Some(e),
            ResponseError::Decode(_) => None,
        }
    }
}

/// Every error the SDK can return.
///
/// A web app usually needs three answers: whose fault it was ([`Error::is_client_error`]),
/// whether to try again ([`Error::is_retryable`]) and what the service said
/// ([`Error::status`], [`Error::api`]).
///
/// ```
/// use http::StatusCode;
/// use opentok_core::archive::StartArchive;
/// use opentok_core::{ApiUrl, Operation, RequestContext};
/// use opentok_core::{Credentials, Error, clock, nonce::SeededNonce};
///
/// /// The status a web app answers its own client with.
/// fn status_for(e: &Error) -> StatusCode {
///     if e.is_client_error() {
///         e.status().unwrap_or(StatusCode::BAD_REQUEST)
///     } else if e.is_retryable() {
///         StatusCode::SERVICE_UNAVAILABLE
///     } else {
///         StatusCode::BAD_GATEWAY
///     }
/// }
///
/// let creds = Credentials::new("123456", "0123456789abcdef0123456789abcdef01234567")?;
/// let url = ApiUrl::new("https://api.opentok.com")?;
/// let nonce = SeededNonce::new(1);
/// let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_700_000_000), &nonce);
///
/// // Bad input: nothing was sent.
/// let e = Error::from(StartArchive::new("").build(&ctx).unwrap_err());
/// assert_eq!(e.to_string(), "invalid `sessionId`: is required");
/// assert!(e.is_client_error() && !e.may_have_been_sent());
/// assert_eq!(status_for(&e), StatusCode::BAD_REQUEST);
///
/// // The service refused: 404 for a session with no clients.
/// let op = StartArchive::new("2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg");
/// let reply = |status: u16| http::Response::builder().status(status).body(Vec::new());
/// let e = Error::from(op.parse(&reply(404)?).unwrap_err());
/// assert_eq!(e.status(), Some(StatusCode::NOT_FOUND));
/// assert_eq!(status_for(&e), StatusCode::NOT_FOUND);
///
/// // The service was briefly unavailable: worth another try later.
/// let e = Error::from(op.parse(&reply(503)?).unwrap_err());
/// assert!(e.is_retryable() && !e.is_client_error());
/// assert_eq!(status_for(&e), StatusCode::SERVICE_UNAVAILABLE);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input rejected before anything was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The service answered with an error status.
    #[error(transparent)]
    Api(ApiError),
    /// The service's reply could not be read.
    #[error(transparent)]
    Decode(DecodeError),
    /// The request could not be sent or its reply not received.
    #[error(transparent)]
    Transport(#[from] crate::transport::TransportError),
    /// A client token could not be decoded or verified. (An input [`mint`](crate::token::mint)
    /// rejects, such as a bad `session_id`, converts to [`Error::Validation`].)
    #[error(transparent)]
    Token(crate::token::TokenError),
    /// A session id could not be decoded.
    #[error(transparent)]
    SessionId(#[from] crate::session_id::SessionIdError),
}

impl From<crate::token::TokenError> for Error {
    /// [`TokenError::Invalid`](crate::token::TokenError::Invalid) (an input minting rejected:
    /// `session_id`, `expire_time`, …) becomes [`Error::Validation`], the caller's fault like
    /// any other bad input; the other token errors stay [`Error::Token`].
    fn from(e: crate::token::TokenError) -> Self {
        match e {
            crate::token::TokenError::Invalid(v) => Error::Validation(v),
            other => Error::Token(other),
        }
    }
}

impl From<ResponseError> for Error {
    fn from(e: ResponseError) -> Self {
        match e {
            ResponseError::Api(e) => Error::Api(e),
            ResponseError::Decode(e) => Error::Decode(e),
        }
    }
}

impl Error {
    /// The API error, if the service answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status of the service's error reply: `Some` for [`Error::Api`] only (a
    /// [`Error::Decode`] came with a success status, and nothing else got a reply).
    pub fn status(&self) -> Option<StatusCode> {
        self.api().map(|e| e.status)
    }

    /// Whether the caller's input is at fault, so sending the same call again cannot help:
    /// input rejected before sending ([`Error::Validation`], including a bad `session_id` given
    /// to token minting), a token or session id that does not decode or verify
    /// ([`Error::Token`], [`Error::SessionId`]), or a 4xx reply other than 429 (rate limiting
    /// is the caller's volume, not its input: it [is retryable](Error::is_retryable)).
    pub fn is_client_error(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Token(_) | Error::SessionId(_) => true,
            Error::Api(e) => e.status.is_client_error() && e.status != StatusCode::TOO_MANY_REQUESTS,
            Error::Decode(_) | Error::Transport(_) => false,
        }
    }

    /// Whether the same call may succeed if sent again later. The rule is the one
    /// `opentok-http`'s `RetryPolicy` follows, so it answers "retry once more, after a while"
    /// for what the transport itself retried and gave up on:
    ///
    /// * a reply with a [retryable status](ApiError::retryable_status): 429, 502, 503, 504 (not
    ///   500 or 501, which say the call itself failed); honour a `Retry-After` if you kept one.
    ///   For a call that is not [idempotent](crate::Operation::idempotent) (a POST such as
    ///   starting an archive) a 502 or 504 may come after the service acted: check its state
    ///   first.
    /// * a transport error that certainly did not send the request ([`Error::may_have_been_sent`]
    ///   is `false`) and failed to connect or timed out connecting; TLS and proxy failures are
    ///   set-up problems, not transient.
    ///
    /// Everything else is `false`: bad input ([`Error::is_client_error`]), other statuses, an
    /// unreadable reply, and a broken exchange that may have reached the service (retrying it
    /// could do a non-idempotent call twice).
    pub fn is_retryable(&self) -> bool {
        use crate::transport::TransportErrorKind;
        match self {
            Error::Api(e) => ApiError::retryable_status(e.status),
            Error::Transport(t) => {
                !t.may_have_been_sent()
                    && matches!(
                        t.kind(),
                        TransportErrorKind::Connect | TransportErrorKind::Timeout
                    )
            }
            Error::Validation(_) | Error::Decode(_) | Error::Token(_) | Error::SessionId(_) => false,
        }
    }

    /// Whether the request may have reached the service. `false` means it certainly did not
    /// (rejected before sending, or failed to connect), so retrying cannot duplicate it.
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Token(_) | Error::SessionId(_) => false,
            Error::Api(_) | Error::Decode(_) => true,
            Error::Transport(t) => t.may_have_been_sent(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_future_limits_are_said_in_their_largest_whole_unit() {
        let say = |max_secs| Rule::TooFarInFuture { max_secs }.to_string();
        assert_eq!(say(2_592_000), "must be at most 30 days from now");
        assert_eq!(say(86_400), "must be at most 1 day from now");
        assert_eq!(say(7_200), "must be at most 2 hours from now");
        assert_eq!(say(90), "must be at most 90 seconds from now");
        assert_eq!(say(0), "must be at most 0 seconds from now");
    }
}
