//! Fault injection against tiny raw-TCP servers on 127.0.0.1:0.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use opentok_core::{Transport, TransportErrorKind};
use opentok_http::{Attempts, HyperTransport, Proxy, RetryPolicy};
use support::connect_proxy;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with the n-th request (0-based) it reads.
#[derive(Clone, Copy)]
enum Reply {
    /// Writes these bytes, keeps the connection open for more requests.
    Raw(&'static str),
    /// Writes these bytes and closes.
    RawClose(&'static str),
    /// Never answers.
    Stall,
    /// Closes without answering.
    Close,
}

struct Server {
    addr: std::net::SocketAddr,
    requests: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
    heads: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// `http://{addr}/x`: where the tests send their requests.
    fn url(&self) -> String {
        format!("http://{}/x", self.addr)
    }
}

/// Reads one request head (and its Content-Length body); `None` at EOF.
async fn read_request(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Option<String> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let len = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let mut chunk = [0u8; 4096];
                let n = sock.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            buf.drain(..end + 4 + len);
            return Some(head);
        }
        let mut chunk = [0u8; 4096];
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn server(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let requests = Arc::new(AtomicUsize::new(0));
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let script = Arc::new(script);
    let connections = Arc::new(AtomicUsize::new(0));
    let (r, h, c) = (requests.clone(), heads.clone(), connections.clone());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            let (r, h, script) = (r.clone(), h.clone(), script.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                while let Some(head) = read_request(&mut sock, &mut buf).await {
                    h.lock().expect("lock").push(head);
                    let n = r.fetch_add(1, Ordering::SeqCst);
                    match script(n) {
                        Reply::Raw(s) => {
                            if sock.write_all(s.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                        Reply::RawClose(s) => {
                            let _ = sock.write_all(s.as_bytes()).await;
                            return;
                        }
                        Reply::Stall => {
                            tokio::time::sleep(Duration::from_secs(30)).await;
                            return;
                        }
                        Reply::Close => return,
                    }
                }
            });
        }
    });
    Server {
        addr,
        requests,
        connections,
        heads,
    }
}

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
const UNAVAILABLE: &str = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n";

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
}

fn transport(retry: RetryPolicy) -> HyperTransport {
    HyperTransport::builder()
        .no_proxy()
        .retry(retry)
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("transport")
}

fn get(url: String) -> http::Request<Vec<u8>> {
    http::Request::get(url).body(Vec::new()).expect("request")
}

fn post(url: String) -> http::Request<Vec<u8>> {
    http::Request::post(url)
        .body(b"{\"a\":1}".to_vec())
        .expect("request")
}

#[tokio::test]
async fn stalled_server_times_out() {
    let s = server(|_| Reply::Stall).await;
    let t = HyperTransport::builder()
        .no_proxy()
        .request_timeout(Duration::from_millis(300))
        .build()
        .expect("transport");
    let started = Instant::now();
    let e = t.send(get(s.url())).await.expect_err("stalls");
    assert_eq!(e.kind(), TransportErrorKind::Timeout);
    assert!(e.may_have_been_sent());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(s.requests.load(Ordering::SeqCst), 1, "a timeout is not retried");
}

#[tokio::test]
async fn unavailable_twice_then_ok_is_retried() {
    let s = server(|n| {
        if n < 2 {
            Reply::Raw(UNAVAILABLE)
        } else {
            Reply::Raw(OK)
        }
    })
    .await;
    let r = transport(fast_retries())
        .send(get(s.url()))
        .await
        .expect("succeeds");
    assert_eq!(r.status(), 200);
    assert_eq!(r.body(), b"ok");
    assert_eq!(r.extensions().get::<Attempts>(), Some(&Attempts(3)));
    assert_eq!(s.requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn unavailable_forever_gives_up_after_the_attempt_limit() {
    let s = server(|_| Reply::Raw(UNAVAILABLE)).await;
    let r = transport(fast_retries().max_attempts(4))
        .send(get(s.url()))
        .await
        .expect("a response");
    assert_eq!(r.status(), 503);
    assert_eq!(r.extensions().get::<Attempts>(), Some(&Attempts(4)));
    assert_eq!(s.requests.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn post_is_not_retried_on_status() {
    let s = server(|_| Reply::Raw(UNAVAILABLE)).await;
    let r = transport(fast_retries())
        .send(post(s.url()))
        .await
        .expect("a response");
    assert_eq!(r.status(), 503);
    assert_eq!(s.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn post_that_reached_the_server_is_not_repeated() {
    let s = server(|_| Reply::Close).await;
    let e = transport(fast_retries())
        .send(post(s.url()))
        .await
        .expect_err("closed");
    assert!(e.may_have_been_sent());
    assert_eq!(e.kind(), TransportErrorKind::Io);
    assert_eq!(e.attempts(), 1);
    assert_eq!(s.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn post_that_never_connected_is_retried() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let e = transport(fast_retries())
        .send(post(format!("http://{addr}/x")))
        .await
        .expect_err("refused");
    assert_eq!(e.kind(), TransportErrorKind::Connect);
    assert!(!e.may_have_been_sent());
    assert_eq!(e.attempts(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let s = server(|n| {
        if n == 0 {
            Reply::Raw("HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 0\r\n\r\n")
        } else {
            Reply::Raw(OK)
        }
    })
    .await;
    let started = Instant::now();
    let r = transport(fast_retries())
        .send(get(s.url()))
        .await
        .expect("succeeds");
    assert_eq!(r.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_beyond_the_ceiling_returns_the_response() {
    let s = server(|_| {
        Reply::Raw("HTTP/1.1 503 Service Unavailable\r\nretry-after: 3600\r\ncontent-length: 0\r\n\r\n")
    })
    .await;
    let r = transport(fast_retries())
        .send(get(s.url()))
        .await
        .expect("a response");
    assert_eq!(r.status(), 503);
    assert_eq!(s.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn connection_closed_mid_body_is_an_io_error() {
    let s = server(|_| Reply::RawClose("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789")).await;
    let e = transport(RetryPolicy::none())
        .send(get(s.url()))
        .await
        .expect_err("truncated");
    assert_eq!(e.kind(), TransportErrorKind::Io);
    assert!(e.may_have_been_sent());
}

#[tokio::test]
async fn declared_body_over_the_cap_is_refused() {
    let s = server(|_| Reply::RawClose("HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\n\r\nxxxx")).await;
    let t = HyperTransport::builder()
        .no_proxy()
        .max_body_size(1024)
        .build()
        .expect("transport");
    let e = t.send(get(s.url())).await.expect_err("too large");
    assert_eq!(e.kind(), TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn streamed_body_over_the_cap_is_refused() {
    // Chunked, no length: 3 chunks of 512 bytes against a 1 KiB cap.
    static CHUNKED: std::sync::LazyLock<&'static str> = std::sync::LazyLock::new(|| {
        let chunk = format!("200\r\n{}\r\n", "a".repeat(512));
        let s =
            format!("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{chunk}{chunk}{chunk}0\r\n\r\n");
        Box::leak(s.into_boxed_str())
    });
    let s = server(|_| Reply::Raw(*CHUNKED)).await;
    let t = HyperTransport::builder()
        .no_proxy()
        .max_body_size(1024)
        .build()
        .expect("transport");
    let e = t.send(get(s.url())).await.expect_err("too large");
    assert_eq!(e.kind(), TransportErrorKind::BodyTooLarge);
    // Under the cap is fine.
    let t = HyperTransport::builder()
        .no_proxy()
        .max_body_size(2048)
        .build()
        .expect("transport");
    let r = t.send(get(s.url())).await.expect("fits");
    assert_eq!(r.body().len(), 1536);
}

#[tokio::test]
async fn plain_http_only_to_loopback() {
    let t = transport(RetryPolicy::none());
    let e = t
        .send(get("http://api.opentok.com/v2/project/1".into()))
        .await
        .expect_err("refused before sending");
    assert_eq!(e.kind(), TransportErrorKind::InvalidRequest);
    assert!(!e.may_have_been_sent());
    let e = t.send(get("ftp://127.0.0.1/".into())).await.expect_err("scheme");
    assert_eq!(e.kind(), TransportErrorKind::InvalidRequest);
}

#[tokio::test]
async fn user_agent_and_connection_reuse() {
    let s = server(|_| Reply::Raw(OK)).await;
    let t = HyperTransport::builder()
        .no_proxy()
        .user_agent_addendum("my-app/1.2")
        .build()
        .expect("transport");
    for _ in 0..3 {
        t.send(get(s.url())).await.expect("ok");
    }
    let heads = s.heads.lock().expect("lock").clone();
    assert_eq!(heads.len(), 3);
    assert_eq!(s.connections.load(Ordering::SeqCst), 1, "one pooled connection");
    let ua = heads[0]
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("user-agent:"))
        .expect("user agent")
        .to_owned();
    assert_eq!(
        ua.split_once(':').expect("header").1.trim(),
        format!("OpenTok-Rust-SDK/{} my-app/1.2", env!("CARGO_PKG_VERSION"))
    );
    assert!(
        HyperTransport::builder()
            .user_agent_addendum("bad\nvalue")
            .build()
            .is_err()
    );
}

/// A forward proxy for plain http: answers itself and records what it was asked.
#[tokio::test]
async fn plain_http_goes_through_a_forward_proxy_with_credentials() {
    let proxy = server(|_| Reply::Raw(OK)).await;
    let t = HyperTransport::builder()
        .proxy(
            Proxy::http(format!("http://{}", proxy.addr))
                .expect("proxy")
                .basic_auth("alice", "s3cret"),
        )
        .build()
        .expect("transport");
    let r = t
        .send(get("http://127.0.0.1:9/v2/project/1?x=y".into()))
        .await
        .expect("through the proxy");
    assert_eq!(r.status(), 200);
    let heads = proxy.heads.lock().expect("lock").clone();
    assert!(
        heads[0].starts_with("GET http://127.0.0.1:9/v2/project/1?x=y HTTP/1.1"),
        "{}",
        heads[0]
    );
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains("proxy-authorization: basic ywxpy2u6cznjcmv0"),
        "{}",
        heads[0]
    );
}

/// A CONNECT proxy that tunnels to the target; the target is a plain TCP listener, so the TLS
/// handshake fails after the tunnel is up, but the bytes that crossed prove the tunnel.
#[tokio::test]
async fn https_goes_through_a_connect_tunnel() {
    let target = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let target_addr = target.local_addr().expect("addr");
    let first_byte = Arc::new(std::sync::Mutex::new(None::<u8>));
    let fb = first_byte.clone();
    tokio::spawn(async move {
        if let Ok((mut sock, _)) = target.accept().await {
            let mut b = [0u8; 1];
            if sock.read_exact(&mut b).await.is_ok() {
                *fb.lock().expect("lock") = Some(b[0]);
            }
        }
    });
    let (proxy_addr, heads) = connect_proxy(Some("Basic dTpwdw==")).await;
    let t = HyperTransport::builder()
        .proxy(Proxy::https(format!("http://u:pw@{proxy_addr}")).expect("proxy"))
        .request_timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .build()
        .expect("transport");
    let e = t
        .send(get(format!("https://localhost:{}/v2", target_addr.port())))
        .await
        .expect_err("the target speaks no TLS");
    assert!(!e.may_have_been_sent(), "{e:?}");
    let head = heads.lock().expect("lock").first().cloned().unwrap_or_default();
    assert!(
        head.starts_with(&format!("CONNECT localhost:{} HTTP/1.1", target_addr.port())),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("proxy-authorization: basic dtpwdw=="),
        "{head}"
    );
    // 0x16: a TLS handshake record went through the tunnel.
    for _ in 0..50 {
        if first_byte.lock().expect("lock").is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(*first_byte.lock().expect("lock"), Some(0x16));
}

/// What a real proxy (squid, say) answers a CONNECT without the right credentials: a 407
/// with a challenge and a body, the connection kept open.
const PROXY_AUTH_REQUIRED: &str = "HTTP/1.1 407 Proxy Authentication Required\r\n\
    Proxy-Authenticate: Basic realm=\"proxy\"\r\ncontent-type: text/html\r\n\
    content-length: 20\r\n\r\n<html>denied</html>\n";

#[tokio::test]
async fn a_407_to_connect_is_a_proxy_auth_error_and_is_not_retried() {
    for reply in [
        Reply::Raw(PROXY_AUTH_REQUIRED),
        Reply::RawClose("HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n"),
    ] {
        let proxy = server(move |_| reply).await;
        let t = HyperTransport::builder()
            .proxy(Proxy::https(format!("http://{}", proxy.addr)).expect("proxy"))
            .retry(fast_retries())
            .request_timeout(Duration::from_secs(5))
            .build()
            .expect("transport");
        let e = t
            .send(get("https://localhost:1/".into()))
            .await
            .expect_err("refused");
        assert_eq!(e.kind(), TransportErrorKind::ProxyAuth, "{e:?}");
        assert!(!e.may_have_been_sent());
        assert_eq!(e.attempts(), 1, "a 407 is not retried");
        assert!(e.to_string().contains("407"), "{e}");
        assert_eq!(proxy.requests.load(Ordering::SeqCst), 1);
        let head = proxy
            .heads
            .lock()
            .expect("lock")
            .first()
            .cloned()
            .unwrap_or_default();
        assert!(head.starts_with("CONNECT localhost:1 HTTP/1.1"), "{head}");
    }
}

#[tokio::test]
async fn a_407_with_wrong_credentials_names_no_credentials() {
    let (proxy_addr, heads) = connect_proxy(Some("Basic dTpwdw==")).await;
    let t = HyperTransport::builder()
        .proxy(
            Proxy::https(format!("http://{proxy_addr}"))
                .expect("proxy")
                .basic_auth("u", "hunter2"),
        )
        .retry(RetryPolicy::none())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("transport");
    let e = t
        .send(get("https://localhost:1/".into()))
        .await
        .expect_err("refused");
    assert_eq!(e.kind(), TransportErrorKind::ProxyAuth, "{e:?}");
    let text = format!("{e} {e:?}");
    assert!(
        !text.contains("hunter2") && !text.contains("dTpodW50ZXIy"),
        "{text}"
    );
    assert_eq!(heads.lock().expect("lock").len(), 1);
}

#[tokio::test]
async fn a_proxy_refusing_for_another_reason_is_a_proxy_error() {
    let proxy = server(|_| Reply::RawClose("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")).await;
    let t = HyperTransport::builder()
        .proxy(Proxy::https(format!("http://{}", proxy.addr)).expect("proxy"))
        .retry(RetryPolicy::none())
        .build()
        .expect("transport");
    let e = t
        .send(get("https://localhost:1/".into()))
        .await
        .expect_err("refused");
    assert_eq!(e.kind(), TransportErrorKind::Proxy);
    assert!(!e.may_have_been_sent());
}

#[tokio::test]
async fn a_407_from_a_forward_proxy_is_a_proxy_auth_error() {
    let proxy = server(|_| Reply::Raw(PROXY_AUTH_REQUIRED)).await;
    let t = HyperTransport::builder()
        .proxy(Proxy::http(format!("http://{}", proxy.addr)).expect("proxy"))
        .allow_plain_http(true)
        .retry(fast_retries())
        .build()
        .expect("transport");
    let e = t
        .send(get("http://api.example.test/v2".into()))
        .await
        .expect_err("refused");
    assert_eq!(e.kind(), TransportErrorKind::ProxyAuth, "{e:?}");
    assert!(!e.may_have_been_sent());
    assert_eq!(e.attempts(), 1);
    // Straight from a server (no proxy), a 407 is only a response.
    let direct = server(|_| Reply::Raw(PROXY_AUTH_REQUIRED)).await;
    let t = HyperTransport::builder()
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .expect("transport");
    let r = t.send(get(direct.url())).await.expect("a response");
    assert_eq!(r.status().as_u16(), 407);
}
