//! HTTP proxies: explicit configuration or `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`, CONNECT
//! tunnels for https, absolute-form requests for plain http, basic credentials.

use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use base64::Engine as _;
use http::{HeaderValue, Uri};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use hyper_util::rt::TokioIo;
use opentok_core::BoxError;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::config::ConfigError;

/// An explicitly configured proxy.
///
/// ```
/// use opentok_http::Proxy;
/// let proxy = Proxy::all("http://proxy.internal:3128")?
///     .basic_auth("user", "pass")
///     .no_proxy("localhost, .internal.example");
/// # Ok::<(), opentok_http::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Proxy {
    http: Option<String>,
    https: Option<String>,
    no_proxy: String,
    auth: Option<(String, String)>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("http", &self.http.as_deref().map(redact_userinfo))
            .field("https", &self.https.as_deref().map(redact_userinfo))
            .field("no_proxy", &self.no_proxy)
            .field("basic_auth", &self.auth.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Proxy {
    /// A proxy for both http and https destinations: `http://[user:pass@]host:port`.
    pub fn all(url: impl Into<String>) -> Result<Self, ConfigError> {
        let url = checked_proxy_url(url.into())?;
        Ok(Self {
            http: Some(url.clone()),
            https: Some(url),
            no_proxy: String::new(),
            auth: None,
        })
    }

    /// A proxy for https destinations only (tunnelled with CONNECT).
    pub fn https(url: impl Into<String>) -> Result<Self, ConfigError> {
        Ok(Self {
            http: None,
            https: Some(checked_proxy_url(url.into())?),
            no_proxy: String::new(),
            auth: None,
        })
    }

    /// A proxy for plain http destinations only (absolute-form requests).
    pub fn http(url: impl Into<String>) -> Result<Self, ConfigError> {
        Ok(Self {
            http: Some(checked_proxy_url(url.into())?),
            https: None,
            no_proxy: String::new(),
            auth: None,
        })
    }

    /// Basic credentials for the proxy (`Proxy-Authorization`); they take precedence over any
    /// in the URL and are never logged.
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Some((user.into(), password.into()));
        self
    }

    /// Hosts that bypass the proxy, in `NO_PROXY` syntax (comma-separated domains, which also
    /// match their subdomains, IPs, CIDR ranges, or `*`).
    pub fn no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = list.into();
        self
    }
}

/// Accepts `http://host:port` (with optional credentials) or `host:port`.
fn checked_proxy_url(url: String) -> Result<String, ConfigError> {
    let with_scheme = if url.contains("://") {
        url
    } else {
        format!("http://{url}")
    };
    let uri: Uri = with_scheme
        .parse()
        .map_err(|_| ConfigError::new("proxy", "must be an http://host:port URL"))?;
    if uri.scheme_str() != Some("http") {
        return Err(ConfigError::new(
            "proxy",
            "only http:// proxies are supported (https destinations are tunnelled with CONNECT)",
        ));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(ConfigError::new("proxy", "must name a host"));
    }
    Ok(with_scheme)
}

/// Hides `user:pass@` in a URL.
fn redact_userinfo(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}<redacted>@{}", &url[..s + 3], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

/// Which proxy, if any, the transport uses.
#[derive(Debug, Clone, Default)]
pub(crate) enum ProxySetting {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY`, read once when the transport is
    /// built; loopback destinations always go direct.
    #[default]
    Env,
    /// No proxy at all.
    Disabled,
    /// An explicit proxy.
    Explicit(Proxy),
}

/// Where one destination's connection goes.
#[derive(Clone)]
pub(crate) struct Route {
    pub(crate) proxy: Uri,
    pub(crate) auth: Option<HeaderValue>,
}

/// Resolved proxy rules.
pub(crate) struct ProxyRules {
    matcher: Option<Matcher>,
    from_env: bool,
    auth: Option<HeaderValue>,
}

impl fmt::Debug for ProxyRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyRules")
            .field("matcher", &self.matcher)
            .field("from_env", &self.from_env)
            .finish_non_exhaustive()
    }
}

impl ProxyRules {
    pub(crate) fn new(setting: &ProxySetting) -> Self {
        match setting {
            ProxySetting::Disabled => Self {
                matcher: None,
                from_env: false,
                auth: None,
            },
            ProxySetting::Env => Self {
                matcher: Some(Matcher::from_env()),
                from_env: true,
                auth: None,
            },
            ProxySetting::Explicit(p) => {
                let mut b = Matcher::builder().no(p.no_proxy.clone());
                if let Some(h) = &p.http {
                    b = b.http(h.clone());
                }
                if let Some(h) = &p.https {
                    b = b.https(h.clone());
                }
                Self {
                    matcher: Some(b.build()),
                    from_env: false,
                    auth: p.auth.as_ref().map(|(u, pw)| basic_auth_value(u, pw)),
                }
            }
        }
    }

    /// The proxy for `dst`, if any.
    pub(crate) fn route(&self, dst: &Uri) -> Option<Route> {
        let matcher = self.matcher.as_ref()?;
        if self.from_env && dst.host().is_some_and(is_loopback_host) {
            return None;
        }
        let intercept: Intercept = matcher.intercept(dst)?;
        let auth = self
            .auth
            .clone()
            .or_else(|| intercept.basic_auth().cloned())
            .map(|mut v| {
                v.set_sensitive(true);
                v
            });
        Some(Route {
            proxy: intercept.uri().clone(),
            auth,
        })
    }
}

/// `Basic base64(user:password)`, marked sensitive.
fn basic_auth_value(user: &str, password: &str) -> HeaderValue {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut v = HeaderValue::from_str(&format!("Basic {encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("Basic"));
    v.set_sensitive(true);
    v
}

/// `localhost`, `*.localhost`, 127.0.0.0/8 or `::1`.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The proxy could not be reached or refused the tunnel.
#[derive(Debug)]
pub(crate) struct ProxyError {
    /// The proxy answered the CONNECT with 407: it wants (other) credentials.
    pub(crate) auth_required: bool,
    pub(crate) source: BoxError,
}

impl ProxyError {
    /// A failure to reach the proxy.
    fn unreachable(source: BoxError) -> Self {
        Self {
            auth_required: false,
            source,
        }
    }

    /// A failed CONNECT. hyper-util keeps its tunnel error type private; its `Debug` names
    /// the variant, so a 407 is told apart by that name (a test with a fake proxy answering
    /// 407 checks it).
    fn tunnel(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            auth_required: format!("{error:?}") == "ProxyAuthRequired",
            source: Box::new(error),
        }
    }
}

impl fmt::Display for ProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "proxy failed: {}", self.source)
    }
}

impl std::error::Error for ProxyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// The connect timeout fired (TCP, proxy handshake and TLS together).
#[derive(Debug)]
pub(crate) struct ConnectTimeout;

impl fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connect timed out")
    }
}

impl std::error::Error for ConnectTimeout {}

type ConnectFuture<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;

/// TCP connections, direct or through a proxy.
#[derive(Clone)]
pub(crate) struct ProxyConnector {
    pub(crate) http: HttpConnector,
    pub(crate) rules: Arc<ProxyRules>,
}

impl Service<Uri> for ProxyConnector {
    type Response = ProxyStream;
    type Error = BoxError;
    type Future = ConnectFuture<ProxyStream>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let route = self.rules.route(&dst);
        let mut http = self.http.clone();
        Box::pin(async move {
            match route {
                None => {
                    let io = http.call(dst).await.map_err(BoxError::from)?;
                    Ok(ProxyStream { io, proxied: false })
                }
                Some(route) if dst.scheme_str() == Some("https") => {
                    let mut tunnel = Tunnel::new(route.proxy, http);
                    if let Some(auth) = route.auth {
                        tunnel = tunnel.with_auth(auth);
                    }
                    let io = tunnel.call(dst).await.map_err(ProxyError::tunnel)?;
                    Ok(ProxyStream { io, proxied: false })
                }
                Some(route) => {
                    let io = http
                        .call(route.proxy)
                        .await
                        .map_err(|e| ProxyError::unreachable(Box::new(e)))?;
                    Ok(ProxyStream { io, proxied: true })
                }
            }
        })
    }
}

/// A TCP stream that knows whether it leads to a forward proxy.
#[derive(Debug)]
pub(crate) struct ProxyStream {
    io: TokioIo<TcpStream>,
    proxied: bool,
}

impl Connection for ProxyStream {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.proxied)
    }
}

impl hyper::rt::Read for ProxyStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for ProxyStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}

/// Puts one deadline on a whole connect: TCP, proxy handshake and TLS.
#[derive(Clone)]
pub(crate) struct TimeoutConnector<C> {
    pub(crate) inner: C,
    pub(crate) timeout: Duration,
}

impl<C> Service<Uri> for TimeoutConnector<C>
where
    C: Service<Uri>,
    C::Error: Into<BoxError>,
    C::Future: Send + 'static,
    C::Response: Send + 'static,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = ConnectFuture<C::Response>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let fut = self.inner.call(dst);
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, fut).await {
                Ok(r) => r.map_err(Into::into),
                Err(_) => Err(Box::new(ConnectTimeout) as BoxError),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "LOCALHOST",
            "a.localhost",
            "127.0.0.1",
            "127.9.9.9",
            "[::1]",
            "::1",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in ["localhost.example", "10.0.0.1", "api.opentok.com", "[::2]"] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn explicit_proxy_routes_and_hides_credentials() {
        let p = Proxy::all("http://u:p@proxy.example:3128")
            .expect("valid")
            .no_proxy("internal.example");
        let dbg = format!("{p:?}");
        assert!(!dbg.contains("u:p"), "{dbg}");
        let rules = ProxyRules::new(&ProxySetting::Explicit(p));
        let r = rules
            .route(&Uri::from_static("https://api.opentok.com/v2"))
            .expect("proxied");
        assert_eq!(r.proxy.host(), Some("proxy.example"));
        let auth = r.auth.expect("credentials from the URL");
        assert!(auth.is_sensitive());
        assert_eq!(auth, "Basic dTpw");
        assert!(
            rules
                .route(&Uri::from_static("https://x.internal.example/"))
                .is_none()
        );
        // Explicit proxies apply to loopback too (tests use that).
        assert!(rules.route(&Uri::from_static("http://127.0.0.1:1/")).is_some());
    }

    #[test]
    fn explicit_basic_auth_wins() {
        let p = Proxy::https("proxy.example:8080")
            .expect("scheme added")
            .basic_auth("alice", "s3cret");
        let rules = ProxyRules::new(&ProxySetting::Explicit(p));
        let r = rules.route(&Uri::from_static("https://a/")).expect("proxied");
        assert_eq!(r.auth.expect("auth"), "Basic YWxpY2U6czNjcmV0");
        assert!(
            rules.route(&Uri::from_static("http://a/")).is_none(),
            "https only"
        );
    }

    #[test]
    fn bad_proxy_urls() {
        assert!(Proxy::all("https://proxy:443").is_err());
        assert!(Proxy::all("socks5://proxy:1080").is_err());
        assert!(Proxy::all("http://").is_err());
        assert!(
            ProxyRules::new(&ProxySetting::Disabled)
                .route(&Uri::from_static("https://a/"))
                .is_none()
        );
    }
}
