//! The transport boundary: `http::Request<Vec<u8>>` in, `http::Response<Vec<u8>>` out.
//!
//! Core never does I/O; something that implements [`Transport`] does. `opentok-http` is the
//! production one (hyper + rustls). Any `Fn(HttpRequest) -> impl Future` closure is a
//! transport too, so a test double or an adapter for another HTTP library is a few lines.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A request as core builds it.
pub type HttpRequest = http::Request<Vec<u8>>;
/// A response as transports return it.
pub type HttpResponse = http::Response<Vec<u8>>;
/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// A boxed, sendable error.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// How many times a transport sent the request before the response it returns (1 when it did
/// not retry). A transport that retries puts it in the response's extensions; the operations
/// copy it into [`ApiError::attempts`](crate::ApiError::attempts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts(pub u32);

impl Attempts {
    /// The count in `response`'s extensions, or 1 when the transport put none there.
    pub(crate) fn of<B>(response: &http::Response<B>) -> u32 {
        response.extensions().get::<Attempts>().map_or(1, |a| a.0.max(1))
    }
}

/// Sends one request and returns its response, whatever the status.
pub trait Transport: Send + Sync {
    /// Sends `request`. A non-2xx status is a response, not an error.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

impl<F, Fut> Transport for F
where
    F: Fn(HttpRequest) -> Fut + Send + Sync,
    Fut: Future<Output = Result<HttpResponse, TransportError>> + Send + 'static,
{
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self(request))
    }
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

/// What went wrong in a transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Could not connect (DNS, refused, unreachable, TLS handshake before any byte was sent).
    Connect,
    /// The connect or whole-request timeout fired.
    Timeout,
    /// TLS failed.
    Tls,
    /// The proxy refused or failed.
    Proxy,
    /// The proxy asked for credentials, or refused those given (HTTP 407): the request did
    /// not reach the service.
    ProxyAuth,
    /// The connection broke while sending or receiving.
    Io,
    /// The response body was over the configured cap.
    BodyTooLarge,
    /// The request could not be sent as built (bad URL, scheme not allowed, …).
    InvalidRequest,
    /// Anything else.
    Other,
}

/// Whether a failed request may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sent {
    /// Certainly not: safe to retry even when not idempotent.
    No,
    /// Maybe: the server may have acted on it.
    Maybe,
}

/// A request that could not be completed.
pub struct TransportError {
    kind: TransportErrorKind,
    sent: Sent,
    attempts: u32,
    message: String,
    source: Option<BoxError>,
}

impl TransportError {
    /// A new error.
    pub fn new(kind: TransportErrorKind, sent: Sent, message: impl Into<String>) -> Self {
        Self {
            kind,
            sent,
            attempts: 1,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Records how many attempts were made before giving up.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request may have reached the server.
    pub fn may_have_been_sent(&self) -> bool {
        self.sent == Sent::Maybe
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("sent", &self.sent)
            .field("attempts", &self.attempts)
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if self.sent == Sent::Maybe {
            f.write_str(" [the request may have reached the server]")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closures_are_transports() {
        let t = |req: HttpRequest| async move {
            let body = format!("{} {}", req.method(), req.uri().path()).into_bytes();
            Ok::<_, TransportError>(http::Response::builder().status(200).body(body).expect("valid"))
        };
        fn assert_transport<T: Transport>(_: &T) {}
        assert_transport(&t);
        let e = TransportError::new(TransportErrorKind::Timeout, Sent::Maybe, "timed out").with_attempts(3);
        assert_eq!(e.kind(), TransportErrorKind::Timeout);
        assert!(e.may_have_been_sent());
        assert_eq!(
            e.to_string(),
            "timed out (after 3 attempts) [the request may have reached the server]"
        );
    }
}
