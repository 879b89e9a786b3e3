//! Connections that send nothing, idle, dribble a body or come in too great numbers are
//! closed or turned away, and the emulator keeps answering everyone else. Raw TCP on
//! 127.0.0.1; every wait is bounded and the timeouts are short ones set through the builder.

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SHORT: Duration = Duration::from_millis(300);
/// Long enough that a test passing within it shows another timeout did the work.
const LONG: Duration = Duration::from_secs(30);
/// The most any single wait in these tests may take.
const BOUND: Duration = Duration::from_secs(10);

const HEALTH: &[u8] = b"GET /_emulator/v1/health HTTP/1.1\r\nhost: emu\r\n\r\n";

async fn connect(h: &Harness) -> TcpStream {
    TcpStream::connect(h.emu.local_addr()).await.expect("connects")
}

/// Reads until the peer closes (or resets) the connection; `None` if it stays open past
/// `BOUND`.
async fn read_until_closed(s: &mut TcpStream) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let until = tokio::time::Instant::now() + BOUND;
    loop {
        match tokio::time::timeout_at(until, s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Reads one response with a `content-length` body: its status line and the whole text.
async fn read_response(s: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&got).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_owned)
                })
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if body.len() >= len {
                return text;
            }
        }
        let n = tokio::time::timeout(BOUND, s.read(&mut buf))
            .await
            .expect("a response in time")
            .expect("reads");
        assert!(n > 0, "closed mid-response: {text}");
        got.extend_from_slice(&buf[..n]);
    }
}

/// One health request on a fresh connection: the status line, or `None` when turned away
/// with a close or reset.
async fn health(h: &Harness) -> Option<String> {
    let mut s = connect(h).await;
    if s.write_all(HEALTH).await.is_err() {
        return None;
    }
    let got = read_until_closed_or_response(&mut s).await?;
    got.lines().next().map(str::to_owned)
}

async fn read_until_closed_or_response(s: &mut TcpStream) -> Option<String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(BOUND, s.read(&mut buf)).await {
            Err(_) => panic!("neither a response nor a close in {BOUND:?}"),
            Ok(Ok(0) | Err(_)) => {
                return (!got.is_empty()).then(|| String::from_utf8_lossy(&got).into_owned());
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
        if String::from_utf8_lossy(&got).contains("\r\n\r\n") {
            return Some(String::from_utf8_lossy(&got).into_owned());
        }
    }
}

/// Polls health on fresh connections until one answers 200, for at most `BOUND`.
async fn eventually_healthy(h: &Harness) -> Duration {
    let t = Instant::now();
    while t.elapsed() < BOUND {
        if health(h).await.is_some_and(|l| l.starts_with("HTTP/1.1 200")) {
            return t.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no 200 within {BOUND:?}");
}

#[tokio::test]
async fn a_silent_connection_is_closed_after_the_header_timeout() {
    let h = start_with(builder().header_timeout(SHORT).idle_timeout(LONG)).await;
    // Nothing at all, the start of an HTTP/1 head, and the start of the HTTP/2 preface (which
    // keeps hyper-util's version detection waiting).
    for sent in [
        &b""[..],
        b"GET /_emulator/v1/health HTTP/1.1\r\nhost:",
        b"PRI * HTTP/2.0\r\n",
    ] {
        let mut s = connect(&h).await;
        let t = Instant::now();
        s.write_all(sent).await.expect("writes");
        let got = read_until_closed(&mut s).await;
        let took = t.elapsed();
        assert!(
            got.is_some(),
            "{:?}: still open after {BOUND:?}",
            String::from_utf8_lossy(sent)
        );
        assert!(
            took >= SHORT - Duration::from_millis(50),
            "closed after {took:?}, before the header timeout"
        );
    }
    assert_eq!(health(&h).await.as_deref(), Some("HTTP/1.1 200 OK"));
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let h = start_with(builder().header_timeout(LONG).idle_timeout(SHORT)).await;
    let mut s = connect(&h).await;
    s.write_all(HEALTH).await.expect("writes");
    let first = read_response(&mut s).await;
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    // Kept alive: a second request on the same connection is served.
    s.write_all(HEALTH).await.expect("writes");
    let second = read_response(&mut s).await;
    assert!(second.starts_with("HTTP/1.1 200"), "{second}");
    let t = Instant::now();
    let rest = read_until_closed(&mut s).await.expect("closed when idle");
    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    assert!(
        t.elapsed() >= SHORT - Duration::from_millis(50),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn an_idle_http2_connection_is_closed() {
    let h = start_with(builder().header_timeout(LONG).idle_timeout(SHORT)).await;
    let io = TokioIo::new(connect(&h).await);
    let (mut send, conn) = hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
        .await
        .expect("h2 handshake");
    let driver = tokio::spawn(conn);
    let req = Request::get(format!("{}/_emulator/v1/health", h.emu.base_url()))
        .body(Empty::<Bytes>::new())
        .expect("request");
    let resp = send.send_request(req).await.expect("h2 request");
    assert_eq!(resp.status(), StatusCode::OK);
    resp.into_body().collect().await.expect("body");
    let t = Instant::now();
    let ended = tokio::time::timeout(BOUND, driver).await;
    assert!(ended.is_ok(), "the server closed the idle HTTP/2 connection");
    assert!(
        t.elapsed() >= SHORT - Duration::from_millis(50),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn a_slow_body_is_cut_with_408() {
    let h = start_with(
        builder()
            .header_timeout(LONG)
            .idle_timeout(LONG)
            .body_timeout(SHORT),
    )
    .await;
    let mut s = connect(&h).await;
    let head = format!(
        "POST /v2/project/{KEY}/archive HTTP/1.1\r\nhost: emu\r\naccept: application/json\r\n\
         x-opentok-auth: {}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"sess",
        h.auth()
    );
    let t = Instant::now();
    s.write_all(head.as_bytes()).await.expect("writes");
    let got = read_until_closed(&mut s).await.expect("closed after the reply");
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("did not arrive in time"), "{text}");
    assert!(
        t.elapsed() >= SHORT - Duration::from_millis(50),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(health(&h).await.as_deref(), Some("HTTP/1.1 200 OK"));
}

#[tokio::test]
async fn past_the_cap_new_clients_are_turned_away_and_served_again_later() {
    // Long enough for the checks below on a busy machine, short enough to wait out.
    let timeout = Duration::from_secs(3);
    let h = start_with(
        builder()
            .max_connections(8)
            .header_timeout(timeout)
            .idle_timeout(LONG),
    )
    .await;
    // One client that is already served keeps being served.
    let mut kept = connect(&h).await;
    kept.write_all(HEALTH).await.expect("writes");
    assert!(read_response(&mut kept).await.starts_with("HTTP/1.1 200"));
    let t = Instant::now();
    let mut silent = Vec::new();
    for _ in 0..7 {
        silent.push(connect(&h).await);
    }
    // The ninth: a bare 503 or a close, never served.
    let turned_away = health(&h).await;
    println!("past the cap: {turned_away:?}");
    assert!(
        turned_away
            .as_deref()
            .is_none_or(|l| l.starts_with("HTTP/1.1 503")),
        "{turned_away:?}"
    );
    kept.write_all(HEALTH).await.expect("writes");
    assert!(read_response(&mut kept).await.starts_with("HTTP/1.1 200"));
    assert!(
        t.elapsed() < timeout,
        "the checks above ran before the silent ones timed out"
    );
    // Once the silent ones are closed, new clients are served.
    eventually_healthy(&h).await;
    for s in &mut silent {
        assert!(
            read_until_closed(s).await.is_some(),
            "a silent connection was closed"
        );
    }
}

#[tokio::test]
async fn three_hundred_silent_connections_do_not_stop_a_real_request() {
    let h = start_with(
        builder()
            .max_connections(64)
            .header_timeout(Duration::from_secs(1)),
    )
    .await;
    let mut silent = Vec::new();
    for _ in 0..300 {
        silent.push(connect(&h).await);
    }
    let took = eventually_healthy(&h).await;
    println!("a real request succeeded {took:?} after 300 silent connections");
    // The service is really back: a signed REST call works too.
    let r = h.call(http::Method::GET, "/v2/project/{k}/archive", None).await;
    assert_eq!(r.status, StatusCode::OK);
    drop(silent);
}

#[tokio::test]
async fn huge_timeouts_are_bounded_not_a_panic() {
    let h = start_with(
        builder()
            .header_timeout(Duration::MAX)
            .idle_timeout(Duration::MAX)
            .body_timeout(Duration::MAX),
    )
    .await;
    assert_eq!(health(&h).await.as_deref(), Some("HTTP/1.1 200 OK"));
    let r = h.call(http::Method::GET, "/v2/project/{k}/archive", None).await;
    assert_eq!(r.status, StatusCode::OK);
}
