//! A custom transport: any closure `Fn(HttpRequest) -> impl Future<Output = Result<HttpResponse,
//! TransportError>>` can send the SDK's requests. This one logs each request and answers it
//! itself, the way a test double, a recorder or an adapter for another HTTP client would.
//!
//! `cargo run -p opentok-sdk --example custom_transport`

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use opentok::archive::{ArchiveStatus, ListArchives};
use opentok::session::{CreateSession, MediaMode};
use opentok::{HttpRequest, HttpResponse, OpenTok, TransportError};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let transport = move |request: HttpRequest| {
        counter.fetch_add(1, Ordering::Relaxed);
        // The auth header is marked sensitive; print only method and path.
        println!("-> {} {}", request.method(), request.uri().path());
        let body = if request.uri().path() == "/session/create" {
            r#"[{"session_id":"1_MX4xMjM0NTZ-fjE3MDAwMDAwMDAwMDB-ZXhhbXBsZQ-fg","project_id":"123456"}]"#
        } else {
            r#"{"count":1,"items":[{"id":"b40ef09b-3811-4726-b508-e41a0f96c68f","status":"available","sessionId":"s","name":"demo"}]}"#
        };
        async move {
            let response: HttpResponse = http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(body.as_bytes().to_vec())
                .map_err(|e| {
                    TransportError::new(
                        opentok::TransportErrorKind::Other,
                        opentok::Sent::No,
                        e.to_string(),
                    )
                })?;
            Ok::<_, TransportError>(response)
        }
    };

    let ot = OpenTok::builder("123456", "0123456789abcdef0123456789abcdef01234567")
        .transport(transport)
        .build()?;
    let session = ot
        .sessions()
        .create(CreateSession::new().media_mode(MediaMode::Routed))
        .await?;
    println!("session: {}", session.session_id);
    let page = ot.archives().list(ListArchives::new()).await?;
    for a in &page.items {
        let ready = a.status == ArchiveStatus::Available;
        println!("archive {} ({:?}) ready: {ready}", a.id, a.name);
    }
    println!(
        "{} requests went through the closure",
        sent.load(Ordering::Relaxed)
    );
    Ok(())
}
