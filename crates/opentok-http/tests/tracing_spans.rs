//! One `opentok.request` span per attempt, with method, path, attempt, status and latency, and
//! nothing from the headers (the auth header above all).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentok_core::Transport;
use opentok_http::{HyperTransport, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span's name and its fields as text.
type SpanRecord = (String, Vec<(String, String)>);

/// Records every span's name and fields, and every event's fields, as text.
#[derive(Default)]
struct Recorder {
    next: AtomicU64,
    spans: Mutex<Vec<SpanRecord>>,
    events: Mutex<Vec<String>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

struct Shared(Arc<Recorder>);

impl Subscriber for Shared {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.0.spans.lock().expect("lock");
        spans.push((span.metadata().name().to_owned(), fields));
        self.0.next.fetch_add(1, Ordering::SeqCst);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.spans.lock().expect("lock");
        if let Some((_, fields)) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.events.lock().expect("lock").push(format!("{fields:?}"));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn spans_carry_method_path_attempt_status_latency_and_no_headers() {
    // 503 once, then 200.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((mut sock, _)) = listener.accept().await {
            loop {
                let mut buf = vec![0u8; 8192];
                let Ok(read) = sock.read(&mut buf).await else {
                    break;
                };
                if read == 0 {
                    break;
                }
                let reply: &[u8] = if n == 0 {
                    b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n"
                } else {
                    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
                };
                n += 1;
                if sock.write_all(reply).await.is_err() {
                    break;
                }
            }
        }
    });

    let recorder = Arc::new(Recorder::default());
    let _guard = tracing::subscriber::set_default(Shared(recorder.clone()));
    let t = HyperTransport::builder()
        .no_proxy()
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .expect("transport");
    let secret = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWNsYWltcw.c2ln";
    let mut auth = http::HeaderValue::from_static(secret);
    auth.set_sensitive(true);
    let request = http::Request::get(format!("http://{addr}/v2/project/1/archive?count=5"))
        .header("x-opentok-auth", auth)
        .body(Vec::new())
        .expect("request");
    let r = t.send(request).await.expect("ok");
    assert_eq!(r.status(), 200);

    let spans = recorder.spans.lock().expect("lock").clone();
    let requests: Vec<_> = spans
        .iter()
        .filter(|(name, _)| name == "opentok.request")
        .collect();
    assert_eq!(requests.len(), 2, "{spans:?}");
    for (i, (_, fields)) in requests.iter().enumerate() {
        let get = |k: &str| {
            fields
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no {k} in {fields:?}"))
        };
        assert_eq!(get("method"), "GET");
        assert_eq!(get("path"), "/v2/project/1/archive");
        assert_eq!(get("attempt"), (i + 1).to_string());
        assert_eq!(get("status"), if i == 0 { "503" } else { "200" });
        assert!(get("latency_ms").parse::<u64>().is_ok(), "{fields:?}");
    }
    let everything = format!("{spans:?} {:?}", recorder.events.lock().expect("lock"));
    assert!(!everything.contains(secret), "{everything}");
    assert!(!everything.contains("x-opentok-auth"), "{everything}");
}
