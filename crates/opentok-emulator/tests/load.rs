//! A bounded load test: 64 concurrent clients, 10,000 requests, zero errors, and the state
//! consistent afterwards.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use http::Method;
use opentok_core::token::Role;
use serde_json::json;

const CLIENTS: usize = 64;
const TOTAL: usize = 10_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_ten_thousand_requests() {
    let h = Arc::new(start().await);
    let per = TOTAL / CLIENTS; // 156 requests each, plus the remainder on client 0
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let h = h.clone();
        let n = per + if c == 0 { TOTAL - per * CLIENTS } else { 0 };
        tasks.push(tokio::spawn(async move {
            // Two requests to set up: a session and a client in it.
            let sid = h.session(true).await;
            let cid = h.join(&sid, Role::Publisher).await;
            let mut signals = 0u64;
            let mut errors = 0usize;
            for i in 2..n {
                let r = match i % 4 {
                    0 => {
                        h.call(
                            Method::GET,
                            &format!("/v2/project/{{k}}/session/{sid}/connection"),
                            None,
                        )
                        .await
                    }
                    1 => h.call(Method::GET, "/v2/project/{k}/archive?count=5", None).await,
                    _ => {
                        signals += 1;
                        h.call(
                            Method::POST,
                            &format!("/v2/project/{{k}}/session/{sid}/connection/{cid}/signal"),
                            Some(json!({"type": "load", "data": format!("{c}-{i}")})),
                        )
                        .await
                    }
                };
                if !r.status.is_success() {
                    errors += 1;
                }
            }
            (sid, signals, errors, n)
        }));
    }
    let mut sent = 0;
    let mut results = Vec::new();
    for t in tasks {
        let (sid, signals, errors, n) = tokio::time::timeout(Duration::from_secs(300), t)
            .await
            .expect("bounded in time")
            .expect("task");
        assert_eq!(errors, 0);
        sent += n;
        results.push((sid, signals));
    }
    let elapsed = started.elapsed();
    assert_eq!(sent, TOTAL);
    println!(
        "load: {TOTAL} requests from {CLIENTS} clients in {elapsed:?} ({:.0} req/s)",
        TOTAL as f64 / elapsed.as_secs_f64()
    );
    // Consistency: each session saw exactly its own client's signals, in order.
    for (sid, signals) in results {
        let ev = h.events(&sid).await;
        let got = of_type(&ev, "signal");
        assert_eq!(got.len() as u64, signals, "{sid}");
        assert_eq!(h.connection_count(&sid).await, 1);
    }
}
