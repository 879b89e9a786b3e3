//! A CONNECT proxy on 127.0.0.1:0 for the transport's tests.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The request heads a proxy was sent, in order.
pub(crate) type Heads = Arc<Mutex<Vec<String>>>;

/// A CONNECT proxy: records each request head, answers 407 unless the head carries
/// `Proxy-Authorization: {expected_auth}` (when given), then pipes bytes both ways to the
/// destination (`localhost` is dialled as 127.0.0.1).
pub(crate) async fn connect_proxy(expected_auth: Option<&'static str>) -> (SocketAddr, Heads) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen: Heads = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read_exact(&mut byte).await.is_err() || head.len() > 8192 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                log.lock().expect("lock").push(head.clone());
                let authorized = expected_auth.is_none_or(|auth| {
                    head.lines()
                        .any(|l| l.eq_ignore_ascii_case(&format!("proxy-authorization: {auth}")))
                });
                if !authorized {
                    let _ = client
                        .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    return;
                }
                let dest = head
                    .split(' ')
                    .nth(1)
                    .unwrap_or_default()
                    .replace("localhost", "127.0.0.1");
                let Ok(mut upstream) = TcpStream::connect(dest).await else {
                    return;
                };
                let _ = client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (addr, seen)
}
