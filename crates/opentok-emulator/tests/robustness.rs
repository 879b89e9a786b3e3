//! Bad input never breaks the emulator: arbitrary bodies and paths get 4xx and it keeps
//! serving; per-project caps answer with a message; projects are isolated; HTTP/2 works.

mod common;

use bytes::Bytes;
use common::*;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use opentok_core::token::Role;
use opentok_emulator::Limits;

/// A deterministic byte generator (xorshift), so failures reproduce.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = (self.next() as usize) % max;
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[tokio::test]
async fn arbitrary_bodies_get_client_errors_and_serving_continues() {
    let h = start().await;
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    let paths = [
        "/v2/project/{k}/archive".to_owned(),
        format!("/v2/project/{{k}}/session/{sid}/signal"),
        format!("/v2/project/{{k}}/session/{sid}/mute"),
        format!("/v2/project/{{k}}/session/{sid}/stream"),
        "/v2/project/{k}/broadcast".to_owned(),
        "/v2/project/{k}/dial".to_owned(),
        "/v2/project/{k}/render".to_owned(),
        "/v2/project/{k}/connect".to_owned(),
        "/v2/project/{k}/captions".to_owned(),
        "/v2/project/{k}/callback".to_owned(),
        format!("/_emulator/v1/sessions/{sid}/connections"),
        format!("/_emulator/v1/sessions/{sid}/connections/{cid}/streams"),
        "/session/create".to_owned(),
    ];
    let mut g = Gen(0x5eed_1234_abcd_ef01);
    let mut seen = 0;
    for round in 0..40 {
        for p in &paths {
            let mut body = g.bytes(200);
            if round % 2 == 0 {
                // Half the time: JSON-looking objects with odd values.
                let v = g.next();
                body = format!("{{\"sessionId\": {v}, \"active\": [1], \"type\": {{}}, \"data\": null}}")
                    .into_bytes();
            }
            let method = if p.ends_with("/stream") {
                Method::PUT
            } else {
                Method::POST
            };
            let r = h.call(method, p, None).await;
            assert!(
                r.status.is_client_error() || r.status.is_success(),
                "{p}: {}",
                r.status
            );
            let token = h.auth();
            let r = h
                .raw(
                    Method::POST,
                    p,
                    &[("x-opentok-auth", &token), ("content-type", "application/json")],
                    body,
                )
                .await;
            // Unknown fields are ignored and an empty body is `{}`, so some of these succeed;
            // none may be a server error.
            assert!(
                r.status.is_client_error() || r.status.is_success(),
                "{p}: {} {:?}",
                r.status,
                r.json
            );
            if r.status.is_client_error() && r.status != StatusCode::FORBIDDEN {
                assert!(r.json["message"].is_string(), "{p}: an error body with a message");
            }
            seen += 1;
        }
    }
    assert_eq!(seen, 40 * paths.len());
    for p in [
        "/v2/project/{k}/archive/%zz",
        "/v2/project/{k}/archive?offset=%zz",
        "/v2/project/{k}/archive?count=-1",
    ] {
        let r = h.call(Method::GET, p, None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{p}");
    }
    assert_eq!(h.connection_count(&sid).await, 1);
}

#[tokio::test]
async fn per_project_caps_say_what_was_exceeded() {
    let mut limits = Limits::default();
    limits.sessions = 2;
    limits.connections_per_session = 1;
    limits.events_per_session = 5;
    limits.streams_per_session = 1;
    let h = start_with(builder().limits(limits)).await;
    let sid = h.session(true).await;
    h.session(true).await;
    let r = h
        .raw(
            Method::POST,
            "/session/create",
            &[("x-opentok-auth", &h.auth())],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&r.bytes).contains("at most 2 sessions"));
    let cid = h.join(&sid, Role::Publisher).await;
    h.publish(&sid, &cid, "camera").await;
    let r = h
        .call(
            Method::POST,
            &format!("/_emulator/v1/sessions/{sid}/connections/{cid}/streams"),
            Some(serde_json::json!({"videoType": "screen"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json["message"]
            .as_str()
            .expect("message")
            .contains("at most 1 streams")
    );
    let r = h.join_with(&sid, &h.token(&sid, Role::Publisher)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json["message"]
            .as_str()
            .expect("message")
            .contains("at most 1 connections")
    );
    for i in 0..10 {
        let r = h
            .call(
                Method::POST,
                &format!("/v2/project/{{k}}/session/{sid}/signal"),
                Some(serde_json::json!({"data": i.to_string()})),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
    }
    let ev = h.events(&sid).await;
    assert_eq!(ev.len(), 5, "the feed keeps the newest events");
    assert_eq!(ev[4]["data"], "9");
}

#[tokio::test]
async fn projects_are_isolated() {
    let h = start_with(builder().project("5550001", "another-secret-value")).await;
    assert_eq!(h.emu.projects().len(), 2);
    let sid = h.session(true).await;
    let other = opentok_core::ProjectCredentials::new("5550001", "another-secret-value").expect("creds");
    let token = opentok_core::rest_auth::rest_auth_token(
        &other,
        std::time::SystemTime::now(),
        &opentok_core::nonce::OsNonce,
    );
    let r = h
        .raw(
            Method::GET,
            &format!("/v2/project/5550001/session/{sid}/connection"),
            &[("x-opentok-auth", &token)],
            vec![],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "the other project does not see the session"
    );
    let r = h
        .raw(
            Method::GET,
            "/v2/project/{k}/archive",
            &[("x-opentok-auth", &token)],
            vec![],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "its token does not open this project"
    );
}

#[tokio::test]
async fn serves_http2_with_prior_knowledge() {
    let h = start().await;
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http();
    let req = Request::get(format!("{}/_emulator/v1/health", h.emu.base_url()))
        .body(Full::new(Bytes::new()))
        .expect("request");
    let resp = client.request(req).await.expect("h2 request");
    assert_eq!(resp.version(), http::Version::HTTP_2);
    assert_eq!(resp.status(), StatusCode::OK);
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    assert_eq!(&body[..], br#"{"status":"ok"}"#);
}
