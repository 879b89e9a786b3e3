//! The example server against the embedded emulator: every route driven over real HTTP, and
//! the emulator's archive callbacks arriving at the callback route.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use opentok::callback::{CallbackEventType, CallbackGroup, RegisterCallback};
use opentok::token::{self, Role};
use opentok::{Credentials, OpenTok};
use opentok_axum_example::{AppState, MAX_EVENTS, app};
use opentok_emulator::participant::Join;
use opentok_emulator::{Emulator, EmulatorHandle};
use serde_json::{Value, json};

const KEY: &str = "47001234";
const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";

/// The emulator, a client on it, and the app listening on 127.0.0.1 port 0.
struct Running {
    emulator: EmulatorHandle,
    ot: OpenTok,
    state: AppState,
    base: String,
    http: Client<HttpConnector, Full<Bytes>>,
}

async fn start() -> Running {
    let emulator = Emulator::builder()
        .project(KEY, SECRET)
        .archive_processing(Duration::from_millis(50))
        .start()
        .await
        .expect("emulator starts");
    let ot = OpenTok::builder(KEY, SECRET)
        .api_url(emulator.base_url())
        .build()
        .expect("client");
    let state = AppState::new(ot.clone());
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let router = app(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let http = Client::builder(TokioExecutor::new()).build_http();
    Running {
        emulator,
        ot,
        state,
        base,
        http,
    }
}

impl Running {
    /// Sends `body` as JSON and returns the status and the reply: JSON, `Null` when empty,
    /// a JSON string when it is not JSON (axum's own refusals are plain text).
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let bytes = body.map(|b| b.to_string()).unwrap_or_default();
        self.raw(method, path, bytes.into_bytes()).await
    }

    async fn raw(&self, method: Method, path: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        let response = tokio::time::timeout(Duration::from_secs(10), self.http.request(request))
            .await
            .expect("the app answers within 10 s")
            .expect("the app answers");
        let status = response.status();
        let body = response.into_body().collect().await.expect("body").to_bytes();
        let json = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()))
        };
        (status, json)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_tokens_archives_and_callbacks() {
    let run = start().await;
    // On the real service the archive callback URL is set in the account; the emulator takes
    // it through the callback registration call.
    run.ot
        .callbacks()
        .register(RegisterCallback::new(
            CallbackGroup::from("archive"),
            CallbackEventType::from("status"),
            format!("{}/callbacks/opentok", run.base),
        ))
        .await
        .expect("callback registered");

    // A room.
    let (status, room) = run.call(Method::POST, "/rooms", None).await;
    assert_eq!(status, StatusCode::CREATED, "{room}");
    let sid = room["sessionId"].as_str().expect("sessionId").to_owned();
    assert!(sid.starts_with("2_"), "{sid}");

    // A token for it, which the emulator admits a stand-in client with.
    let (status, minted) = run
        .call(
            Method::POST,
            &format!("/rooms/{sid}/tokens"),
            Some(json!({"role": "moderator", "data": "name=Ada"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{minted}");
    let token = minted["token"].as_str().expect("token");
    let creds = Credentials::new(KEY, SECRET).expect("credentials");
    let decoded =
        token::verify_for_session(token, &creds, std::time::SystemTime::now(), &sid).expect("verifies");
    assert_eq!(decoded.role, Role::Moderator);
    assert_eq!(decoded.connection_data.as_deref(), Some("name=Ada"));
    run.ot
        .execute(&Join::new(&sid, token))
        .await
        .expect("client joins");

    // Record, check, stop.
    let (status, started) = run
        .call(
            Method::POST,
            &format!("/rooms/{sid}/archives"),
            Some(json!({"name": "demo"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    assert_eq!(started["status"], "started");
    assert_eq!(started["name"], "demo");
    assert_eq!(started["sessionId"], sid.as_str());
    let archive_id = started["id"].as_str().expect("id").to_owned();

    let (status, again) = run
        .call(Method::POST, &format!("/rooms/{sid}/archives"), Some(json!({})))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the session is already recorded: {again}"
    );
    assert_eq!(again["retryable"], false);

    let (status, got) = run
        .call(Method::GET, &format!("/archives/{archive_id}"), None)
        .await;
    assert_eq!(
        (status, &got["status"]),
        (StatusCode::OK, &json!("started")),
        "{got}"
    );

    let (status, stopped) = run
        .call(Method::POST, &format!("/archives/{archive_id}/stop"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{stopped}");
    assert_eq!(stopped["status"], "stopped");

    // The emulator POSTs each status change to the callback route: started, stopped, then
    // available once processed. Polled through the app's own route, for at most 10 s.
    let deadline = Instant::now() + Duration::from_secs(10);
    let statuses = loop {
        let (status, events) = run.call(Method::GET, "/events", None).await;
        assert_eq!(status, StatusCode::OK);
        let statuses: Vec<String> = events
            .as_array()
            .expect("a list")
            .iter()
            .filter(|e| e["id"] == archive_id.as_str())
            .filter_map(|e| e["status"].as_str().map(str::to_owned))
            .collect();
        if statuses.iter().any(|s| s == "available") || Instant::now() > deadline {
            break statuses;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(statuses, ["started", "stopped", "available"]);
    let kept = run.state.recent_events();
    assert!(
        kept.iter()
            .all(|e| matches!(e, opentok::callback::CallbackEvent::Archive(_))),
        "{kept:?}"
    );
    run.emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_client_error_naming_the_field() {
    let run = start().await;
    let (status, reply) = run
        .call(Method::POST, "/rooms/not-a-session/tokens", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    let text = reply["error"].as_str().expect("error text");
    assert!(text.starts_with("invalid `session_id`"), "{text}");

    let (_, room) = run.call(Method::POST, "/rooms", None).await;
    let sid = room["sessionId"].as_str().expect("sessionId");
    let (status, reply) = run
        .call(
            Method::POST,
            &format!("/rooms/{sid}/tokens"),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    assert!(
        reply["error"].as_str().expect("text").contains("`role`"),
        "{reply}"
    );

    // The service's own refusals keep their status: no client is connected yet, and there is
    // no such archive.
    let (status, reply) = run
        .call(Method::POST, &format!("/rooms/{sid}/archives"), Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{reply}");
    let (status, reply) = run
        .call(
            Method::POST,
            "/archives/00000000-0000-0000-0000-000000000000/stop",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{reply}");

    // Refused before sending: an archive name over 80 characters.
    let (status, reply) = run
        .call(
            Method::POST,
            &format!("/rooms/{sid}/archives"),
            Some(json!({"name": "x".repeat(81)})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    assert!(
        reply["error"].as_str().expect("text").contains("`name`"),
        "{reply}"
    );
    run.emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_callback_route_refuses_what_is_not_an_event_and_keeps_a_bounded_list() {
    let run = start().await;
    let (status, reply) = run
        .raw(Method::POST, "/callbacks/opentok", b"not json".to_vec())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    let (status, _) = run
        .raw(Method::POST, "/callbacks/opentok", vec![b' '; 65 * 1024])
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let sid = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
    for n in 0..MAX_EVENTS + 5 {
        let event = json!({
            "sessionId": sid, "projectId": KEY, "event": "connectionCreated",
            "timestamp": 1_700_000_000_000u64 + n as u64,
            "connection": {"id": format!("c{n}"), "createdAt": 1_700_000_000_000u64, "data": ""}
        });
        let (status, _) = run.call(Method::POST, "/callbacks/opentok", Some(event)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, events) = run.call(Method::GET, "/events", None).await;
    let ids: Vec<&str> = events
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["connection"]["id"].as_str().expect("connection id"))
        .collect();
    assert_eq!(ids.len(), MAX_EVENTS);
    assert_eq!(
        (ids[0], ids[MAX_EVENTS - 1]),
        ("c5", "c104"),
        "the oldest are dropped"
    );
    run.emulator.shutdown().await;
}
