//! Real TLS on 127.0.0.1: a self-signed server (rcgen + rustls, ALPN h2 and http/1.1) behind
//! hyper's auto server, reached directly and through a CONNECT proxy.

mod support;

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use opentok_core::{Transport, TransportErrorKind};
use opentok_http::{HyperTransport, HyperTransportBuilder, Proxy, RetryPolicy};
use support::connect_proxy;
use tokio::net::TcpListener;

/// Starts a TLS server for `localhost` that answers with the HTTP version it saw; returns
/// its port and its certificate (DER).
async fn tls_server(alpn: &[&[u8]]) -> (u16, Vec<u8>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("certificate");
    let cert_der = certified.cert.der().to_vec();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let mut config =
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert_der.clone().into()], key)
            .expect("server config");
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = service_fn(|req: http::Request<hyper::body::Incoming>| async move {
                    let body = format!("{:?} {}", req.version(), req.uri().path());
                    Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(body))))
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    (port, cert_der)
}

/// A transport without a proxy that trusts `cert` too.
fn trusting(cert: Vec<u8>) -> HyperTransportBuilder {
    HyperTransport::builder().no_proxy().add_root_certificate(cert)
}

/// A transport through the CONNECT proxy on `proxy_port` with these credentials, trusting `cert`.
fn through_proxy(proxy_port: u16, user: &str, password: &str, cert: Vec<u8>) -> HyperTransportBuilder {
    HyperTransport::builder()
        .proxy(
            Proxy::https(format!("http://127.0.0.1:{proxy_port}"))
                .expect("proxy")
                .basic_auth(user, password),
        )
        .add_root_certificate(cert)
}

fn get(url: String) -> http::Request<Vec<u8>> {
    http::Request::get(url).body(Vec::new()).expect("request")
}

#[tokio::test]
async fn https_negotiates_http2_by_alpn() {
    let (port, cert) = tls_server(&[b"h2", b"http/1.1"]).await;
    let t = trusting(cert).build().expect("transport");
    let r = t
        .send(get(format!("https://localhost:{port}/v2/x")))
        .await
        .expect("ok");
    assert_eq!(r.status(), 200);
    assert_eq!(String::from_utf8_lossy(r.body()), "HTTP/2.0 /v2/x");
}

#[tokio::test]
async fn https_falls_back_to_http1() {
    let (port, cert) = tls_server(&[b"http/1.1"]).await;
    let t = trusting(cert).build().expect("transport");
    let r = t
        .send(get(format!("https://localhost:{port}/a")))
        .await
        .expect("ok");
    assert_eq!(String::from_utf8_lossy(r.body()), "HTTP/1.1 /a");
}

#[tokio::test]
async fn untrusted_certificate_is_a_tls_error_before_sending() {
    let (port, _cert) = tls_server(&[b"h2", b"http/1.1"]).await;
    let t = HyperTransport::builder()
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .expect("transport");
    let e = t
        .send(get(format!("https://localhost:{port}/")))
        .await
        .expect_err("untrusted");
    assert_eq!(e.kind(), TransportErrorKind::Tls, "{e:?}");
    assert!(!e.may_have_been_sent());
}

#[tokio::test]
async fn bad_extra_root_is_a_config_error() {
    let e = HyperTransport::builder()
        .add_root_certificate(b"not a certificate".to_vec())
        .build()
        .expect_err("rejected");
    assert_eq!(e.field(), "tls");
}

#[tokio::test]
async fn https_through_an_authenticating_connect_proxy() {
    let (port, cert) = tls_server(&[b"h2", b"http/1.1"]).await;
    // "alice:s3cret"
    let (proxy, seen) = connect_proxy(Some("Basic YWxpY2U6czNjcmV0")).await;
    let proxy_port = proxy.port();
    let t = through_proxy(proxy_port, "alice", "s3cret", cert.clone())
        .build()
        .expect("transport");
    let r = t
        .send(get(format!("https://localhost:{port}/tunnelled")))
        .await
        .expect("ok");
    assert_eq!(String::from_utf8_lossy(r.body()), "HTTP/2.0 /tunnelled");
    let heads = seen.lock().expect("lock").clone();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].starts_with(&format!("CONNECT localhost:{port} HTTP/1.1")),
        "{}",
        heads[0]
    );

    // Wrong credentials: the proxy refuses, nothing reached the server.
    let t = through_proxy(proxy_port, "alice", "wrong", cert)
        .retry(RetryPolicy::none())
        .build()
        .expect("transport");
    let e = t
        .send(get(format!("https://localhost:{port}/")))
        .await
        .expect_err("407");
    assert_eq!(e.kind(), TransportErrorKind::ProxyAuth);
    assert!(!e.may_have_been_sent());
    // Neither the Debug nor the Display of the error carries the credentials.
    let text = format!("{e} {e:?}");
    assert!(
        !text.contains("wrong") && !text.contains("YWxpY2U6d3Jvbmc"),
        "{text}"
    );
}
