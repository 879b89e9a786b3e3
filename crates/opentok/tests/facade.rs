//! The facade over closure transports: what it builds, sends, parses and pages.

use std::sync::{Arc, Mutex};

use opentok::archive::{ListArchives, StartArchive, StopArchive};
use opentok::session::CreateSession;
use opentok::token::{TokenFormat, TokenOptions};
use opentok::{
    ApiErrorKind, Error, HttpRequest, HttpResponse, Idempotent, ManualClock, OpenTok, SeededNonce,
    TransportError,
};

const KEY: &str = "123456";
const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

type Log = Arc<Mutex<Vec<(String, String, Option<bool>)>>>;

/// A client whose transport answers with `reply` and records method, URI and the idempotency
/// hint of every request.
fn client_with(reply: impl Fn(&HttpRequest) -> (u16, String) + Send + Sync + 'static) -> (OpenTok, Log) {
    let log: Log = Arc::default();
    let seen = log.clone();
    let reply = Arc::new(reply);
    let transport = move |req: HttpRequest| {
        let (status, body) = reply(&req);
        seen.lock().expect("lock").push((
            req.method().to_string(),
            req.uri().to_string(),
            req.extensions().get::<Idempotent>().map(|i| i.0),
        ));
        async move {
            Ok::<HttpResponse, TransportError>(
                http::Response::builder()
                    .status(status)
                    .body(body.into_bytes())
                    .expect("response"),
            )
        }
    };
    let ot = OpenTok::builder(KEY, SECRET)
        .transport(transport)
        .clock(ManualClock::at_unix(1_700_000_000))
        .nonce_source(SeededNonce::new(7))
        .build()
        .expect("client");
    (ot, log)
}

fn archive_json(id: &str) -> String {
    format!(r#"{{"id":"{id}","status":"started","sessionId":"s1","createdAt":1700000000000}}"#)
}

#[tokio::test]
async fn execute_builds_sends_and_parses() {
    let (ot, log) = client_with(|req| {
        assert!(req.headers().contains_key("x-opentok-auth"));
        (
            200,
            r#"[{"session_id":"2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg","project_id":"123456"}]"#.into(),
        )
    });
    let s = ot.sessions().create(CreateSession::new()).await.expect("session");
    assert_eq!(s.session_id, "2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg");
    let s2 = ot.sessions().create(CreateSession::new()).await.expect("session");
    assert_eq!(s, s2);
    let log = log.lock().expect("lock");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].0, "POST");
    assert_eq!(log[0].1, "https://api.opentok.com/session/create");
    assert_eq!(log[0].2, Some(false), "a POST is not idempotent");
}

#[tokio::test]
async fn invalid_input_sends_nothing() {
    let (ot, log) = client_with(|_| (200, "{}".into()));
    let e = ot
        .archives()
        .start(StartArchive::new(""))
        .await
        .expect_err("empty session id");
    match &e {
        Error::Validation(v) => assert_eq!(v.field, "sessionId"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(!e.may_have_been_sent());
    assert!(log.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn dot_segment_ids_send_nothing() {
    // `..` once went out raw: `…/connection/../signal` is a signal to everyone behind a
    // normalising proxy, and a force-mute of stream `..` a mute of the whole session.
    let (ot, log) = client_with(|_| (204, String::new()));
    let sid = "2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg";
    let e = ot
        .signals()
        .send_to(opentok::signal::Signal::new(sid, "x").to_connection(".."))
        .await
        .expect_err("dot segment");
    match &e {
        Error::Validation(v) => assert_eq!(v.field, "connectionId"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    let e = ot
        .streams()
        .force_mute(opentok::stream::ForceMuteStream::new(sid, "."))
        .await
        .expect_err("dot segment");
    match &e {
        Error::Validation(v) => assert_eq!(v.field, "streamId"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(!e.may_have_been_sent());
    assert!(log.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn error_statuses_become_api_errors() {
    let (ot, log) = client_with(|_| (404, r#"{"code":-1,"message":"Archive not found"}"#.into()));
    let e = ot
        .archives()
        .stop(StopArchive::new("nope"))
        .await
        .expect_err("404");
    let api = e.api().expect("api error");
    assert_eq!(api.kind, ApiErrorKind::NotFound);
    assert_eq!(api.message.as_deref(), Some("Archive not found"));
    let log = log.lock().expect("lock");
    assert_eq!(
        log[0].1,
        "https://api.opentok.com/v2/project/123456/archive/nope/stop"
    );
}

#[tokio::test]
async fn transport_errors_pass_through() {
    let transport = |_req: HttpRequest| async {
        Err::<HttpResponse, _>(TransportError::new(
            opentok::TransportErrorKind::Connect,
            opentok::Sent::No,
            "refused",
        ))
    };
    let ot = OpenTok::builder(KEY, SECRET)
        .transport(transport)
        .build()
        .expect("client");
    let e = ot
        .archives()
        .get(opentok::archive::GetArchive::new("a"))
        .await
        .expect_err("refused");
    assert!(matches!(e, Error::Transport(_)));
    assert!(!e.may_have_been_sent());
}

#[tokio::test]
async fn lists_page_lazily() {
    // 7 archives served in pages of 3 according to offset/count.
    let (ot, log) = client_with(|req| {
        let q = req.uri().query().unwrap_or_default().to_owned();
        let get = |k: &str| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_owned))
                .and_then(|v| v.parse::<usize>().ok())
        };
        let offset = get("offset").unwrap_or(0);
        let count = get("count").unwrap_or(50);
        let items: Vec<String> = (offset..7.min(offset + count))
            .map(|i| archive_json(&format!("a{i}")))
            .collect();
        (200, format!(r#"{{"count":7,"items":[{}]}}"#, items.join(",")))
    });
    let mut items = ot.archives().list_all(ListArchives::new().count(3));
    let mut ids = Vec::new();
    while let Some(a) = items.next_item().await {
        ids.push(a.expect("archive").id);
        if ids.len() == 2 {
            assert_eq!(log.lock().expect("lock").len(), 1, "one page so far");
        }
    }
    assert_eq!(ids, ["a0", "a1", "a2", "a3", "a4", "a5", "a6"]);
    {
        let log = log.lock().expect("lock");
        assert_eq!(log.len(), 3, "three pages: {log:?}");
        assert!(log[2].1.contains("offset=6"), "{}", log[2].1);
        assert_eq!(log[0].2, Some(true), "a GET is idempotent");
    }

    // Page by page too.
    let page = ot
        .archives()
        .list(ListArchives::new().offset(3).count(3))
        .await
        .expect("page");
    assert_eq!(page.count, 7);
    assert_eq!(page.items.len(), 3);
}

#[tokio::test]
async fn paging_stops_at_the_first_error() {
    let (ot, _log) = client_with(|req| {
        if req.uri().query().unwrap_or_default().contains("offset=0") {
            (200, format!(r#"{{"count":5,"items":[{}]}}"#, archive_json("a0")))
        } else {
            (500, "oops".into())
        }
    });
    let mut items = ot.archives().list_all(ListArchives::new().count(1));
    assert_eq!(items.next_item().await.expect("one").expect("ok").id, "a0");
    let e = items.next_item().await.expect("an error").expect_err("500");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::Server);
    assert!(items.next_item().await.is_none());
}

#[test]
fn tokens_are_pure_and_reproducible() {
    let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_699_999_000);
    let session = opentok::session_id::mint(KEY, None, now, &SeededNonce::new(1)).expect("session id");
    let mint = || {
        let (ot, log) = client_with(|_| (500, String::new()));
        let t1 = ot.generate_token(&session, &TokenOptions::new()).expect("t1");
        let jwt = ot
            .generate_token(&session, &TokenOptions::new().format(TokenFormat::Jwt))
            .expect("jwt");
        assert!(log.lock().expect("lock").is_empty(), "no I/O");
        (t1, jwt)
    };
    let (t1, jwt) = mint();
    assert!(t1.starts_with("T1=="), "{t1}");
    assert_eq!(jwt.split('.').count(), 3, "{jwt}");
    assert_eq!((t1, jwt), mint(), "same clock and seed, same tokens");
}

#[test]
fn builder_rejects_bad_settings() {
    assert!(matches!(
        OpenTok::builder(KEY, SECRET).api_url("ftp://x").build(),
        Err(opentok::BuildError::Invalid(_))
    ));
    assert!(matches!(
        OpenTok::builder("", SECRET).build(),
        Err(opentok::BuildError::Invalid(_))
    ));
    assert!(matches!(
        OpenTok::builder(KEY, SECRET).user_agent_addendum("a\nb").build(),
        Err(opentok::BuildError::Transport(_))
    ));
    let ot = OpenTok::builder(KEY, SECRET)
        .api_url("http://127.0.0.1:4010/")
        .build()
        .expect("loopback http is fine");
    assert_eq!(ot.api_url().as_str(), "http://127.0.0.1:4010");
    let dbg = format!("{ot:?}");
    assert!(!dbg.contains(SECRET), "{dbg}");
}

#[test]
fn builder_debug_hides_the_secret_and_proxy_credentials() {
    let b = OpenTok::builder(KEY, SECRET).proxy(
        opentok::Proxy::all("http://alice:pr0xy-pass@127.0.0.1:3128")
            .expect("proxy")
            .basic_auth("bob", "basic-pass"),
    );
    let dbg = format!("{b:?}");
    assert!(dbg.contains(KEY), "{dbg}");
    for secret in [SECRET, "pr0xy-pass", "basic-pass"] {
        assert!(!dbg.contains(secret), "{secret} leaked: {dbg}");
    }
}

#[test]
fn an_api_url_with_credentials_in_it_never_shows_them() {
    // Rejected outright, or kept out of Debug and of the URLs requests go to.
    if let Ok(ot) = OpenTok::builder(KEY, SECRET)
        .api_url("https://user:url-pass@api.opentok.com")
        .build()
    {
        let dbg = format!("{ot:?} {}", ot.api_url().as_str());
        assert!(!dbg.contains("url-pass"), "{dbg}");
    }
}
