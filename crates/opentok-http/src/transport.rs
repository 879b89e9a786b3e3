//! [`HyperTransport`]: the pooled hyper client behind [`Transport`].

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, PROXY_AUTHORIZATION, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, Version};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
pub use opentok_core::Attempts;
use opentok_core::USER_AGENT_VALUE;
use opentok_core::nonce::NonceSource;
use opentok_core::{
    BoxFuture, HttpRequest, HttpResponse, Sent, Transport, TransportError, TransportErrorKind,
};
use tracing::Instrument as _;

use crate::config::{ConfigError, HyperTransportBuilder};
use crate::proxy::{
    ConnectTimeout, ProxyConnector, ProxyError, ProxyRules, TimeoutConnector, is_loopback_host,
};
use crate::retry::{RetryPolicy, idempotent_method};

type Connector = TimeoutConnector<hyper_rustls::HttpsConnector<ProxyConnector>>;

/// Overrides, for one request, whether the transport may repeat it after an ambiguous
/// failure or a 429/502/503/504. Without it the method decides (GET, PUT, DELETE, HEAD and
/// OPTIONS are idempotent). Put it in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Idempotent(pub bool);

/// The production [`Transport`]: hyper 1 with a keep-alive pool, rustls (ring) with HTTP/1.1
/// and HTTP/2 by ALPN, timeouts, retries, proxies and a response size cap. Cheap to clone;
/// clones share the pool.
#[derive(Clone)]
pub struct HyperTransport {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client<Connector, Full<Bytes>>,
    request_timeout: Duration,
    max_body: usize,
    retry: RetryPolicy,
    nonce: Arc<dyn NonceSource>,
    user_agent: Option<HeaderValue>,
    user_agent_addendum: Option<String>,
    allow_plain_http: bool,
    rules: Arc<ProxyRules>,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("request_timeout", &self.inner.request_timeout)
            .field("max_body", &self.inner.max_body)
            .field("retry", &self.inner.retry)
            .field("user_agent", &self.inner.user_agent)
            .field("allow_plain_http", &self.inner.allow_plain_http)
            .field("proxy", &self.inner.rules)
            .finish_non_exhaustive()
    }
}

impl HyperTransport {
    /// A transport with the default settings (see [`HyperTransportBuilder::new`]).
    pub fn new() -> Result<Self, ConfigError> {
        HyperTransportBuilder::new().build()
    }

    /// Starts a configuration.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::new()
    }

    pub(crate) fn from_builder(b: HyperTransportBuilder) -> Result<Self, ConfigError> {
        let user_agent = match &b.user_agent_addendum {
            None => None,
            Some(add) => Some(
                HeaderValue::from_str(&format!("{USER_AGENT_VALUE} {add}"))
                    .map_err(|_| ConfigError::new("user_agent", "must be visible ASCII text"))?,
            ),
        };
        let rules = Arc::new(ProxyRules::new(&b.proxy));
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(b.connect_timeout));
        let proxy = ProxyConnector {
            http,
            rules: Arc::clone(&rules),
        };
        let tls = tls_builder(&b.extra_roots)?;
        let https = tls
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(proxy);
        let connector = TimeoutConnector {
            inner: https,
            timeout: b.connect_timeout,
        };
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(b.pool_idle_timeout)
            .pool_max_idle_per_host(b.pool_max_idle_per_host)
            .pool_timer(TokioTimer::new())
            .build(connector);
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                request_timeout: b.request_timeout,
                max_body: b.max_body,
                retry: b.retry,
                nonce: b.nonce,
                user_agent,
                user_agent_addendum: b.user_agent_addendum,
                allow_plain_http: b.allow_plain_http,
                rules,
            }),
        })
    }

    /// Sends a request: retries as the policy allows, and returns the last response whatever
    /// its status.
    pub async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (parts, body) = request.into_parts();
        let target = Target::new(&self.inner, parts, Bytes::from(body))?;
        let retry = &self.inner.retry;
        let max = retry.attempts();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let span = tracing::info_span!(
                target: "opentok_http",
                "opentok.request",
                method = %target.method,
                path = %target.uri.path(),
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = self.attempt(&target).instrument(span.clone()).await;
            span.record(
                "latency_ms",
                u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            match result {
                Ok(mut response) => {
                    span.record("status", response.status().as_u16());
                    if attempt < max && target.idempotent {
                        let delay = retry.status_delay(
                            response.status(),
                            response.headers(),
                            attempt,
                            &*self.inner.nonce,
                            SystemTime::now(),
                        );
                        if let Some(delay) = delay {
                            span.in_scope(
                                || tracing::debug!(target: "opentok_http", ?delay, "retrying after status"),
                            );
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                    }
                    response.extensions_mut().insert(Attempts(attempt));
                    return Ok(response);
                }
                Err(error) => {
                    let retryable = !error.may_have_been_sent()
                        && matches!(
                            error.kind(),
                            TransportErrorKind::Connect | TransportErrorKind::Timeout
                        );
                    span.in_scope(|| tracing::debug!(target: "opentok_http", %error, "attempt failed"));
                    if retryable && attempt < max {
                        tokio::time::sleep(retry.backoff(attempt, &*self.inner.nonce)).await;
                        continue;
                    }
                    return Err(error.with_attempts(attempt));
                }
            }
        }
    }

    async fn attempt(&self, target: &Target) -> Result<HttpResponse, TransportError> {
        let mut request = http::Request::new(Full::new(target.body.clone()));
        *request.method_mut() = target.method.clone();
        *request.uri_mut() = target.uri.clone();
        *request.version_mut() = target.version;
        *request.headers_mut() = target.headers.clone();
        let max_body = self.inner.max_body;
        let client = &self.inner.client;
        let forward_proxied = target.forward_proxied;
        let exchange = async move {
            let response = client.request(request).await.map_err(classify)?;
            // A forward proxy that wants credentials answers itself: the service never saw it.
            if forward_proxied && response.status() == StatusCode::PROXY_AUTHENTICATION_REQUIRED {
                return Err(TransportError::new(
                    TransportErrorKind::ProxyAuth,
                    Sent::No,
                    PROXY_AUTH_MESSAGE,
                ));
            }
            read_limited(response, max_body).await
        };
        match tokio::time::timeout(self.inner.request_timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::new(
                TransportErrorKind::Timeout,
                Sent::Maybe,
                format!(
                    "request timed out after {} ms",
                    self.inner.request_timeout.as_millis()
                ),
            )),
        }
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.execute(request))
    }
}

/// A request ready to be sent (and re-sent).
struct Target {
    method: Method,
    uri: Uri,
    version: Version,
    headers: HeaderMap,
    body: Bytes,
    idempotent: bool,
    /// Sent to a forward proxy (plain http through a proxy), so a 407 is the proxy's.
    forward_proxied: bool,
}

impl Target {
    fn new(inner: &Inner, parts: http::request::Parts, body: Bytes) -> Result<Self, TransportError> {
        let invalid = |m: &str| TransportError::new(TransportErrorKind::InvalidRequest, Sent::No, m);
        let host = parts
            .uri
            .host()
            .ok_or_else(|| invalid("the request URL has no host"))?;
        match parts.uri.scheme_str() {
            Some("https") => {}
            Some("http") => {
                if !inner.allow_plain_http && !is_loopback_host(host) {
                    return Err(invalid(
                        "plain http is only allowed to loopback hosts unless explicitly enabled; use https",
                    ));
                }
            }
            _ => return Err(invalid("the request URL must be http or https")),
        }
        let idempotent = parts
            .extensions
            .get::<Idempotent>()
            .map_or_else(|| idempotent_method(&parts.method), |i| i.0);
        let mut headers = parts.headers;
        if let Some(add) = &inner.user_agent_addendum {
            let value = match headers.get(USER_AGENT) {
                Some(v) if v.as_bytes() != USER_AGENT_VALUE.as_bytes() => v
                    .to_str()
                    .ok()
                    .and_then(|v| HeaderValue::from_str(&format!("{v} {add}")).ok()),
                _ => inner.user_agent.clone(),
            };
            if let Some(v) = value {
                headers.insert(USER_AGENT, v);
            }
        } else if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        }
        let mut forward_proxied = false;
        if parts.uri.scheme_str() == Some("http") {
            if let Some(route) = inner.rules.route(&parts.uri) {
                forward_proxied = true;
                if let Some(auth) = route.auth {
                    headers.insert(PROXY_AUTHORIZATION, auth);
                }
            }
        }
        Ok(Self {
            method: parts.method,
            uri: parts.uri,
            version: parts.version,
            headers,
            body,
            idempotent,
            forward_proxied,
        })
    }
}

/// The TLS half of the connector: ring passed explicitly, webpki (or native) roots, plus any
/// extra trust anchors.
fn tls_builder(
    extra_roots: &[Vec<u8>],
) -> Result<hyper_rustls::HttpsConnectorBuilder<hyper_rustls::builderstates::WantsSchemes>, ConfigError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls_error = |e: &dyn std::fmt::Display| ConfigError::new("tls", e.to_string());
    if extra_roots.is_empty() {
        #[cfg(feature = "native-roots")]
        return hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(provider)
            .map_err(|e| tls_error(&e));
        #[cfg(not(feature = "native-roots"))]
        return hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .map_err(|e| tls_error(&e));
    }
    let mut roots = rustls::RootCertStore::empty();
    #[cfg(feature = "native-roots")]
    {
        let native = rustls_native_certs::load_native_certs();
        let _ = roots.add_parsable_certificates(native.certs);
    }
    #[cfg(not(feature = "native-roots"))]
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for der in extra_roots {
        roots
            .add(rustls::pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| tls_error(&e))?;
    }
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(&e))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(config))
}

/// Reads a body, failing as soon as it is known to be over `max` bytes.
async fn read_limited(
    response: http::Response<hyper::body::Incoming>,
    max: usize,
) -> Result<HttpResponse, TransportError> {
    let (parts, mut body) = response.into_parts();
    let too_large = |len: u64| {
        TransportError::new(
            TransportErrorKind::BodyTooLarge,
            Sent::Maybe,
            format!("response body of {len}+ bytes is over the {max}-byte cap"),
        )
    };
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(len) = declared {
        if len > max as u64 {
            return Err(too_large(len));
        }
    }
    let initial = declared.map_or(0, |l| usize::try_from(l).unwrap_or(max).min(max));
    let mut buf = Vec::with_capacity(initial.min(1024 * 1024));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            TransportError::new(
                TransportErrorKind::Io,
                Sent::Maybe,
                "the connection broke while reading the response body",
            )
            .with_source(e)
        })?;
        if let Ok(data) = frame.into_data() {
            if buf.len().saturating_add(data.len()) > max {
                return Err(too_large((buf.len() + data.len()) as u64));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(http::Response::from_parts(parts, buf))
}

/// What a [`TransportErrorKind::ProxyAuth`] error says.
const PROXY_AUTH_MESSAGE: &str =
    "the proxy asked for credentials, or refused those given (HTTP 407); nothing reached the service";

/// Maps a client error to a kind, and to whether the request may have been sent.
fn classify(error: hyper_util::client::legacy::Error) -> TransportError {
    let connect = error.is_connect();
    let mut kind = if connect {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::Io
    };
    let mut source: Option<&(dyn StdError + 'static)> = error.source();
    while let Some(s) = source {
        if s.is::<ConnectTimeout>() {
            kind = TransportErrorKind::Timeout;
            break;
        }
        if let Some(p) = s.downcast_ref::<ProxyError>() {
            kind = if p.auth_required {
                TransportErrorKind::ProxyAuth
            } else {
                TransportErrorKind::Proxy
            };
            break;
        }
        if s.is::<rustls::Error>() {
            kind = TransportErrorKind::Tls;
            break;
        }
        // `io::Error::source` skips the error it wraps; descend into it with `get_ref`.
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut && connect {
                kind = TransportErrorKind::Timeout;
                break;
            }
            if let Some(inner) = io.get_ref() {
                source = Some(inner as &(dyn StdError + 'static));
                continue;
            }
        }
        source = s.source();
    }
    let (sent, message) = if connect {
        let what = match kind {
            TransportErrorKind::Timeout => "connect timed out",
            TransportErrorKind::Proxy => "the proxy failed or refused the tunnel",
            TransportErrorKind::ProxyAuth => PROXY_AUTH_MESSAGE,
            TransportErrorKind::Tls => "the TLS handshake failed",
            _ => "could not connect",
        };
        (Sent::No, what)
    } else {
        (
            Sent::Maybe,
            "the connection broke while sending the request or reading the response",
        )
    };
    TransportError::new(kind, sent, message).with_source(error)
}
