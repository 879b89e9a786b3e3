//! HTTPS on loopback: an rcgen certificate for 127.0.0.1, requests over TLS (HTTP/1.1 and
//! HTTP/2 by ALPN), the connection timeouts and cap still working under TLS, and bad TLS
//! settings refused at start without quoting them. Every wait is bounded.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use opentok_emulator::StartError;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

const BOUND: Duration = Duration::from_secs(10);
const SHORT: Duration = Duration::from_millis(300);

/// A certificate for 127.0.0.1 and localhost: (certificate PEM, key PEM, certificate DER).
fn certificate() -> (String, String, CertificateDer<'static>) {
    let c = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .expect("certificate");
    (c.cert.pem(), c.signing_key.serialize_pem(), c.cert.der().clone())
}

fn connector(der: CertificateDer<'static>, alpn: &[&[u8]]) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(der).expect("root");
    let mut config =
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsConnector::from(Arc::new(config))
}

async fn tls_connect(h: &Harness, c: &TlsConnector) -> TlsStream<TcpStream> {
    let tcp = TcpStream::connect(h.emu.local_addr()).await.expect("connects");
    let name = ServerName::try_from("127.0.0.1").expect("name");
    tokio::time::timeout(BOUND, c.connect(name, tcp))
        .await
        .expect("handshake in time")
        .expect("handshake")
}

async fn start_tls(b: opentok_emulator::EmulatorBuilder) -> (Harness, CertificateDer<'static>) {
    let (cert, key, der) = certificate();
    (start_with(b.tls_cert(cert).tls_key(key)).await, der)
}

#[tokio::test]
async fn serves_https_over_http1_and_http2() {
    let (h, der) = start_tls(builder()).await;
    assert!(
        h.emu.base_url().starts_with("https://127.0.0.1:"),
        "{}",
        h.emu.base_url()
    );
    let url = format!("{}/_emulator/v1/health", h.emu.base_url());

    let io = TokioIo::new(tls_connect(&h, &connector(der.clone(), &[b"http/1.1"])).await);
    let (mut send, conn) = hyper::client::conn::http1::handshake(io).await.expect("h1");
    tokio::spawn(conn);
    let req = Request::get(&url)
        .header("host", "127.0.0.1")
        .body(Empty::<Bytes>::new())
        .expect("req");
    let resp = send.send_request(req).await.expect("h1 request");
    assert_eq!(resp.status(), StatusCode::OK);

    let tls = tls_connect(&h, &connector(der, &[b"h2"])).await;
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let (mut send, conn) = hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tls))
        .await
        .expect("h2");
    tokio::spawn(conn);
    let resp = send
        .send_request(Request::get(&url).body(Empty::<Bytes>::new()).expect("req"))
        .await
        .expect("h2 request");
    assert_eq!(resp.status(), StatusCode::OK);
    resp.into_body().collect().await.expect("body");

    // Plain HTTP to the TLS port gets no HTTP answer.
    let mut s = TcpStream::connect(h.emu.local_addr()).await.expect("connects");
    s.write_all(b"GET /_emulator/v1/health HTTP/1.1\r\nhost: emu\r\n\r\n")
        .await
        .expect("writes");
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(BOUND, s.read_to_end(&mut buf))
        .await
        .expect("closed in time");
    assert!(
        !buf.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&buf)
    );
}

/// Reads until the peer closes; false if it stays open past `BOUND`.
async fn closed<S: tokio::io::AsyncRead + Unpin>(s: &mut S) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + BOUND;
    loop {
        match tokio::time::timeout_at(deadline.into(), s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn silent_and_idle_tls_connections_are_closed() {
    let (h, der) = start_tls(builder().header_timeout(SHORT).idle_timeout(SHORT)).await;
    // No handshake at all.
    let mut s = TcpStream::connect(h.emu.local_addr()).await.expect("connects");
    let t = Instant::now();
    assert!(closed(&mut s).await, "a silent TCP connection stays open");
    assert!(
        t.elapsed() >= SHORT - Duration::from_millis(50),
        "{:?}",
        t.elapsed()
    );
    // A handshake, then nothing.
    let mut tls = tls_connect(&h, &connector(der.clone(), &[])).await;
    let t = Instant::now();
    assert!(closed(&mut tls).await, "a silent TLS connection stays open");
    assert!(
        t.elapsed() >= SHORT - Duration::from_millis(100),
        "{:?}",
        t.elapsed()
    );
    // A request, then idle.
    let mut tls = tls_connect(&h, &connector(der, &[])).await;
    tls.write_all(b"GET /_emulator/v1/health HTTP/1.1\r\nhost: emu\r\n\r\n")
        .await
        .expect("writes");
    assert!(closed(&mut tls).await, "an idle TLS connection stays open");
}

#[tokio::test]
async fn the_connection_cap_holds_under_tls() {
    let (h, der) = start_tls(
        builder()
            .max_connections(2)
            .header_timeout(Duration::from_secs(30)),
    )
    .await;
    let c = connector(der, &[]);
    let _a = tls_connect(&h, &c).await;
    let _b = tls_connect(&h, &c).await;
    // A third is closed at once, without a handshake.
    let tcp = TcpStream::connect(h.emu.local_addr()).await.expect("connects");
    let name = ServerName::try_from("127.0.0.1").expect("name");
    let third = tokio::time::timeout(BOUND, c.connect(name, tcp))
        .await
        .expect("answered in time");
    assert!(third.is_err(), "a connection past the cap was served");
    drop((_a, _b));
    // Once the others close, new ones are served again.
    let deadline = Instant::now() + BOUND;
    loop {
        let tcp = TcpStream::connect(h.emu.local_addr()).await.expect("connects");
        let name = ServerName::try_from("127.0.0.1").expect("name");
        if let Ok(mut s) = c.connect(name, tcp).await {
            s.write_all(b"GET /_emulator/v1/health HTTP/1.1\r\nhost: emu\r\nconnection: close\r\n\r\n")
                .await
                .expect("writes");
            let mut buf = Vec::new();
            let _ = tokio::time::timeout(BOUND, s.read_to_end(&mut buf)).await;
            if buf.starts_with(b"HTTP/1.1 200") {
                break;
            }
        }
        assert!(Instant::now() < deadline, "not served again within {BOUND:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn bad_tls_settings_are_refused_without_quoting_them() {
    let (cert, key, _) = certificate();
    let other_key = certificate().1;
    let cases = [
        (builder().tls_cert(cert.clone()), "tls_key"),
        (builder().tls_key(key.clone()), "tls_cert"),
        (
            builder().tls_cert("not a certificate").tls_key(key.clone()),
            "tls_cert",
        ),
        (builder().tls_cert(cert.clone()).tls_key("not a key"), "tls_key"),
        (
            builder().tls_cert(cert.clone()).tls_key(other_key.clone()),
            "tls_key",
        ),
    ];
    for (b, names) in cases {
        let e = b.start().await.expect_err("refused");
        assert!(matches!(e, StartError::Tls(_)), "{e:?}");
        let text = format!("{e} {e:?}");
        assert!(text.contains(names), "{text}");
        for secret in [&key, &other_key] {
            assert!(!text.contains(&secret[30..70]), "{text}");
        }
    }
}
