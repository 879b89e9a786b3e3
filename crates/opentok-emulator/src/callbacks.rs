//! Callback delivery: status changes and session-monitoring events are POSTed as JSON to the
//! registered URLs by a small hyper client, retried with a doubling back-off. The queue and
//! the number of deliveries in flight are bounded; plain `http://` URLs only (no TLS here).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, header};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::sync::{Semaphore, mpsc};

/// One callback to send.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub(crate) url: String,
    pub(crate) body: Vec<u8>,
}

/// Counters of what happened to callbacks.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) delivered: AtomicU64,
    pub(crate) failed: AtomicU64,
    pub(crate) attempts: AtomicU64,
    pub(crate) dropped: AtomicU64,
}

/// The sending end: cheap to clone, never blocks.
#[derive(Debug, Clone)]
pub(crate) struct Dispatcher {
    tx: mpsc::Sender<Outgoing>,
    pub(crate) stats: Arc<Stats>,
}

const QUEUE: usize = 4096;
const IN_FLIGHT: usize = 32;

impl Dispatcher {
    /// Starts the delivery task on the current runtime.
    pub(crate) fn start(attempts: u32, backoff: Duration) -> Dispatcher {
        let (tx, mut rx) = mpsc::channel::<Outgoing>(QUEUE);
        let stats = Arc::new(Stats::default());
        let st = stats.clone();
        tokio::spawn(async move {
            let client: Client<HttpConnector, Full<Bytes>> =
                Client::builder(TokioExecutor::new()).build_http();
            let permits = Arc::new(Semaphore::new(IN_FLIGHT));
            while let Some(o) = rx.recv().await {
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    break;
                };
                let client = client.clone();
                let st = st.clone();
                tokio::spawn(async move {
                    deliver(&client, &o, attempts.max(1), backoff, &st).await;
                    drop(permit);
                });
            }
        });
        Dispatcher { tx, stats }
    }

    /// Queues a delivery; counts it as dropped when the queue is full.
    pub(crate) fn send(&self, o: Outgoing) {
        if self.tx.try_send(o).is_err() {
            self.stats.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

async fn deliver(
    client: &Client<HttpConnector, Full<Bytes>>,
    o: &Outgoing,
    attempts: u32,
    backoff: Duration,
    stats: &Stats,
) {
    let mut wait = backoff;
    for attempt in 0..attempts {
        if attempt > 0 {
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
        }
        stats.attempts.fetch_add(1, Ordering::Relaxed);
        let Ok(req) = Request::builder()
            .method(Method::POST)
            .uri(o.url.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::USER_AGENT, "opentok-emulator")
            .body(Full::new(Bytes::from(o.body.clone())))
        else {
            break;
        };
        let sent = tokio::time::timeout(Duration::from_secs(5), client.request(req)).await;
        if matches!(&sent, Ok(Ok(resp)) if resp.status().is_success()) {
            stats.delivered.fetch_add(1, Ordering::Relaxed);
            return;
        }
    }
    stats.failed.fetch_add(1, Ordering::Relaxed);
}
