//! Callback delivery to a local receiver on 127.0.0.1:0, with retries.

mod common;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use common::*;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use opentok_core::archive::{StartArchive, StopArchive};
use opentok_core::token::Role;
use serde_json::{Value, json};

/// A receiver that fails the first `fail_first` requests with 500, then records bodies.
async fn receiver(fail_first: usize) -> (String, Arc<Mutex<Vec<Value>>>, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let got = Arc::new(Mutex::new(Vec::new()));
    let hits = Arc::new(Mutex::new(0usize));
    let (g, n) = (got.clone(), hits.clone());
    tokio::spawn(async move {
        for _ in 0..1000 {
            let Ok((stream, _)) = listener.accept().await else {
                break;
            };
            let (g, n) = (g.clone(), n.clone());
            tokio::spawn(async move {
                let svc = service_fn(move |req: Request<Incoming>| {
                    let (g, n) = (g.clone(), n.clone());
                    async move {
                        let body = req
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let count = {
                            let mut n = n.lock().expect("lock");
                            *n += 1;
                            *n
                        };
                        let status = if count <= fail_first {
                            StatusCode::INTERNAL_SERVER_ERROR
                        } else {
                            g.lock()
                                .expect("lock")
                                .push(serde_json::from_slice(&body).unwrap_or(Value::Null));
                            StatusCode::OK
                        };
                        let mut r = Response::new(Full::new(Bytes::new()));
                        *r.status_mut() = status;
                        Ok::<_, Infallible>(r)
                    }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    (format!("http://{addr}/cb"), got, hits)
}

#[tokio::test]
async fn session_monitoring_and_archive_status_callbacks_are_delivered_with_retries() {
    let h = start_with(
        builder()
            .archive_processing(Duration::from_millis(20))
            .callback_retries(4, Duration::from_millis(20)),
    )
    .await;
    let (url, got, hits) = receiver(1).await;
    for (group, event) in [("connection", "created"), ("stream", "*"), ("archive", "status")] {
        let r = h
            .call(
                Method::POST,
                "/v2/project/{k}/callback",
                Some(json!({"group": group, "event": event, "url": url})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    }
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    let st = h.publish(&sid, &cid, "camera").await;
    let a = h.op(&StartArchive::new(&sid)).await.expect("start");
    h.op(&StopArchive::new(&a.id)).await.expect("stop");
    let delivered = h
        .eventually(|| async {
            let g = got.lock().expect("lock");
            g.iter().filter(|v| v["event"] == "archive").count() >= 3
                && g.iter().any(|v| v["event"] == "connectionCreated")
                && g.iter().any(|v| v["event"] == "streamCreated")
        })
        .await;
    let got = got.lock().expect("lock").clone();
    assert!(delivered, "{got:?}");
    let conn = got
        .iter()
        .find(|v| v["event"] == "connectionCreated")
        .expect("connection event");
    assert_eq!(conn["sessionId"], sid.as_str());
    assert_eq!(conn["projectId"], KEY);
    assert_eq!(conn["connection"]["id"], cid.as_str());
    assert_eq!(conn["connection"]["data"], "name=test");
    // Every delivery parses with core's callback model.
    for v in &got {
        opentok_core::callback::CallbackEvent::from_value(v.clone()).unwrap_or_else(|e| panic!("{e:?}: {v}"));
    }
    let stream = got
        .iter()
        .find(|v| v["event"] == "streamCreated")
        .expect("stream event");
    assert_eq!(stream["stream"]["id"], st.as_str());
    let mut statuses: Vec<&str> = got
        .iter()
        .filter(|v| v["event"] == "archive" && v["id"] == a.id.as_str())
        .filter_map(|v| v["status"].as_str())
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, vec!["available", "started", "stopped"]);
    assert!(
        *hits.lock().expect("lock") > got.len(),
        "the first attempt failed and was retried"
    );
    let stats = h.call(Method::GET, "/_emulator/v1/callbacks/stats", None).await;
    assert_eq!(stats.json["failed"], 0);
    assert!(stats.json["attempts"].as_u64().expect("n") > stats.json["delivered"].as_u64().expect("n"));
}

#[tokio::test]
async fn unreachable_callbacks_fail_after_bounded_retries() {
    let h = start_with(builder().callback_retries(2, Duration::from_millis(10))).await;
    // A port nobody listens on: bind, note the address, close.
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/cb", dead.local_addr().expect("addr"));
    drop(dead);
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/callback",
            Some(json!({"group": "connection", "event": "created", "url": url})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let sid = h.session(true).await;
    h.join(&sid, Role::Publisher).await;
    let failed = h
        .eventually(|| async {
            let s = h.call(Method::GET, "/_emulator/v1/callbacks/stats", None).await;
            s.json["failed"] == 1 && s.json["attempts"] == 2
        })
        .await;
    assert!(failed);
}

#[tokio::test]
async fn dashboard_callbacks_and_render_status_urls() {
    let (url, got, _) = receiver(0).await;
    let h = start_with(
        builder()
            .callback("session", "*", &url)
            .archive_processing(Duration::from_millis(20)),
    )
    .await;
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    let tok = h.token(&sid, Role::Moderator);
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/render",
            Some(json!({"sessionId": sid, "token": tok, "url": "https://example.com/app", "statusCallbackUrl": url})),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.json["status"], "starting");
    let rid = r.json["id"].as_str().expect("id").to_owned();
    let started = h
        .eventually(|| async {
            let g = h
                .call(Method::GET, &format!("/v2/project/{{k}}/render/{rid}"), None)
                .await;
            g.json["status"] == "started"
        })
        .await;
    assert!(started);
    let r = h
        .call(Method::DELETE, &format!("/v2/project/{{k}}/render/{rid}"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = h
        .call(
            Method::DELETE,
            &format!("/_emulator/v1/sessions/{sid}/connections/{cid}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let done = h
        .eventually(|| async {
            let g = got.lock().expect("lock");
            let renders: Vec<&str> = g
                .iter()
                .filter(|v| v["event"] == "render")
                .filter_map(|v| v["status"].as_str())
                .collect();
            renders.contains(&"starting")
                && renders.contains(&"started")
                && renders.contains(&"stopped")
                && g.iter().any(|v| v["event"] == "sessionCreated")
                && g.iter().any(|v| v["event"] == "sessionDestroyed")
        })
        .await;
    assert!(done, "{:?}", got.lock().expect("lock"));
}
