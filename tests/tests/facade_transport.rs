//! The facade's transport settings reach the built-in transport: retries for idempotent calls
//! only, the request timeout, the User-Agent addendum.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use opentok::archive::GetArchive;
use opentok::session::CreateSession;
use opentok::{Error, OpenTok, RetryPolicy, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const UNAVAILABLE: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n";
const ARCHIVE: &str = r#"{"id":"a1","status":"available","sessionId":"s"}"#;

/// A server that answers 503 to the first `fail` requests, then `ok_body` with 200; `None`
/// for `ok_body` means it never answers. Returns its address, the request count and the
/// request heads.
async fn server(
    fail: usize,
    ok_body: Option<&'static str>,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let count = Arc::new(AtomicUsize::new(0));
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (c, h) = (count.clone(), heads.clone());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let (c, h) = (c.clone(), h.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                loop {
                    let Ok(n) = sock.read(&mut buf).await else { return };
                    if n == 0 {
                        return;
                    }
                    h.lock()
                        .expect("lock")
                        .push(String::from_utf8_lossy(&buf[..n]).into_owned());
                    let i = c.fetch_add(1, Ordering::SeqCst);
                    let reply = if i < fail {
                        UNAVAILABLE.to_vec()
                    } else if let Some(body) = ok_body {
                        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
                            .into_bytes()
                    } else {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    };
                    if sock.write_all(&reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, count, heads)
}

fn client(url: &str) -> OpenTok {
    OpenTok::builder("123456", "0123456789abcdef0123456789abcdef01234567")
        .api_url(url)
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(5)),
        )
        .request_timeout(Duration::from_millis(500))
        .user_agent_addendum("e2e-suite/1")
        .build()
        .expect("client")
}

#[tokio::test]
async fn idempotent_calls_are_retried_through_the_facade() {
    let (url, count, heads) = server(2, Some(ARCHIVE)).await;
    let a = client(&url)
        .archives()
        .get(GetArchive::new("a1"))
        .await
        .expect("third time lucky");
    assert_eq!(a.id, "a1");
    assert_eq!(count.load(Ordering::SeqCst), 3);
    let head = heads.lock().expect("lock")[0].to_ascii_lowercase();
    assert!(
        head.contains(&format!(
            "user-agent: opentok-rust-sdk/{} e2e-suite/1",
            env!("CARGO_PKG_VERSION")
        )),
        "{head}"
    );
}

#[tokio::test]
async fn a_post_that_got_an_answer_is_not_repeated() {
    let (url, count, _) = server(5, Some("[]")).await;
    let e = client(&url)
        .sessions()
        .create(CreateSession::new())
        .await
        .expect_err("503");
    let api = e.api().expect("api error");
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(api.attempts, 1, "sent once");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_error_after_retries_says_how_many_attempts() {
    let (url, count, _) = server(10, Some(ARCHIVE)).await;
    let e = client(&url)
        .archives()
        .get(GetArchive::new("a1"))
        .await
        .expect_err("503 every time");
    let api = e.api().expect("api error");
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(api.attempts, 3, "the policy's max_attempts");
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert!(e.to_string().ends_with("(after 3 attempts)"), "{e}");
}

#[tokio::test]
async fn the_request_timeout_is_a_transport_timeout() {
    let (url, count, _) = server(0, None).await;
    let e = client(&url)
        .archives()
        .get(GetArchive::new("a1"))
        .await
        .expect_err("stalls");
    match &e {
        Error::Transport(t) => {
            assert_eq!(t.kind(), TransportErrorKind::Timeout);
            assert!(t.may_have_been_sent());
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(count.load(Ordering::SeqCst), 1, "timeouts are not retried");
}
