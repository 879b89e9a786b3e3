//! REST auth, routing, body limits and session creation over real HTTP.

mod common;

use std::time::{Duration, SystemTime};

use common::*;
use http::{Method, StatusCode};
use opentok_core::rest_auth::REST_AUTH_HEADER;
use opentok_core::session::{ArchiveMode, CreateSession, MediaMode};

#[tokio::test]
async fn auth_failures_are_403_with_the_services_messages() {
    let h = start().await;
    let path = "/v2/project/{k}/archive";
    let cases: Vec<(String, &str)> = vec![
        (
            opentok_core::rest_auth::rest_auth_token(
                &opentok_core::ProjectCredentials::new(KEY, "wrong-secret").expect("creds"),
                SystemTime::now(),
                &opentok_core::nonce::OsNonce,
            ),
            "Invalid signature",
        ),
        (
            h.auth_at(SystemTime::now() - Duration::from_secs(400)),
            "Token expired",
        ),
        (
            h.auth_at(SystemTime::now() + Duration::from_secs(120)),
            "issued time cannot be greater than current time",
        ),
        ("not-a-jwt".to_owned(), "Invalid token format"),
    ];
    for (token, msg) in cases {
        let r = h
            .raw(Method::GET, path, &[(REST_AUTH_HEADER.as_str(), &token)], vec![])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{msg}");
        assert_eq!(r.json["message"], msg);
        assert_eq!(r.json["code"], -1);
        assert_eq!(r.headers["content-type"], "application/json");
    }
    let r = h.raw(Method::GET, path, &[], vec![]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json["message"], "Missing authentication header");
    // A valid token for this project used on another project's path.
    let token = h.auth();
    let r = h
        .raw(
            Method::GET,
            "/v2/project/999/archive",
            &[(REST_AUTH_HEADER.as_str(), &token)],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json["message"], "Issuer not found");
    // Without `Accept: application/json` the service answers errors in XML.
    let r = h
        .raw(
            Method::GET,
            path,
            &[("accept", "*/*"), (REST_AUTH_HEADER.as_str(), "bad")],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let text = String::from_utf8(r.bytes.clone()).expect("utf8");
    assert!(
        text.contains("<errorPayload><code>-1</code><message>Invalid token format</message>"),
        "{text}"
    );
    let parsed = opentok_core::ErrorBody::parse(&r.bytes).expect("core reads it");
    assert_eq!(parsed.message.as_deref(), Some("Invalid token format"));
    // And a good one passes.
    let r = h.call(Method::GET, path, None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_paths_wrong_methods_and_bad_bodies() {
    let h = start_with(builder().max_body_bytes(4096)).await;
    let r = h.call(Method::GET, "/v2/project/{k}/nothing-here", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h.raw(Method::GET, "/what", &[], vec![]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h.call(Method::DELETE, "/v2/project/{k}/archive", None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.headers["allow"], "GET, POST");
    let token = h.auth();
    let r = h
        .raw(
            Method::POST,
            "/v2/project/{k}/archive",
            &[(REST_AUTH_HEADER.as_str(), &token)],
            b"{not json".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = h
        .raw(
            Method::POST,
            "/v2/project/{k}/archive",
            &[(REST_AUTH_HEADER.as_str(), &token)],
            vec![b' '; 5000],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json["code"], 413);
    // Still serving afterwards.
    let r = h.call(Method::GET, "/v2/project/{k}/archive", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = h.raw(Method::GET, "/_emulator/v1/health", &[], vec![]).await;
    assert_eq!(r.json["status"], "ok");
}

#[tokio::test]
async fn session_create_xml_json_and_form_rules() {
    let h = start().await;
    // Through core's operation (JSON reply).
    let s = h
        .op(&CreateSession::new()
            .media_mode(MediaMode::Routed)
            .location("10.1.2.3"))
        .await
        .expect("created");
    let decoded = opentok_core::session_id::decode(&s.session_id).expect("real format");
    assert!(decoded.belongs_to(KEY));
    // XML by default.
    let token = h.auth();
    let auth = ("x-opentok-auth", token.as_str());
    let form = ("content-type", "application/x-www-form-urlencoded");
    let r = h
        .raw(
            Method::POST,
            "/session/create",
            &[auth, form, ("accept", "*/*")],
            b"p2p.preference=enabled".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let text = String::from_utf8(r.bytes).expect("utf8");
    assert!(text.contains("<sessions><Session><session_id>2_"), "{text}");
    assert!(
        r.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/xml")
    );
    // JSON: exactly application/json.
    let r = h
        .raw(
            Method::POST,
            "/session/create",
            &[auth, form, ("accept", "application/json")],
            vec![],
        )
        .await;
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.json[0]["partner_id"], KEY);
    for bad in [
        "p2p.preference=enabled&archiveMode=always",
        "archiveMode=manual&archiveName=x",
        "archiveMode=always&archiveResolution=1x1",
        "location=not-an-ip",
        "p2p.preference=enabled&e2ee=true",
        "p2p.preference=sometimes",
        "a=%zz",
    ] {
        let r = h
            .raw(
                Method::POST,
                "/session/create",
                &[auth, form],
                bad.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let ok = "p2p.preference=disabled&archiveMode=always&archiveName=n&archiveResolution=1280x720&e2ee=true";
    let r = h
        .raw(
            Method::POST,
            "/session/create",
            &[auth, form],
            ok.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Core's op rejects archiveMode=always on relayed before sending; the emulator agrees.
    let r = h
        .op(&CreateSession::new()
            .media_mode(MediaMode::Routed)
            .archive_mode(ArchiveMode::Always))
        .await;
    assert!(r.is_ok());
    let r = h.raw(Method::POST, "/session/create", &[form], vec![]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let h = start().await;
    let addr = h.emu.local_addr();
    let Harness { emu, .. } = h;
    tokio::time::timeout(Duration::from_secs(10), emu.shutdown())
        .await
        .expect("shuts down");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn client_tokens_minted_far_in_the_future_are_refused() {
    use opentok_core::token::{Role, TokenFormat, TokenOptions};
    let h = start().await;
    let sid = h.session(true).await;
    let at = |ahead: Duration, format: TokenFormat| {
        opentok_core::token::mint(
            &h.creds,
            &sid,
            &TokenOptions::new().role(Role::Publisher).format(format),
            SystemTime::now() + ahead,
            &opentok_core::nonce::OsNonce,
        )
        .expect("token minted")
    };
    for format in [TokenFormat::T1, TokenFormat::Jwt] {
        // Within the allowed 5 minutes of clock drift: admitted.
        let r = h.join_with(&sid, &at(Duration::from_secs(4 * 60), format)).await;
        assert_eq!(r.status, StatusCode::OK, "{format:?}: {:?}", r.json);
        // An hour ahead: refused, though its signature is good and it has not expired.
        let r = h.join_with(&sid, &at(Duration::from_secs(3600), format)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{format:?}");
        assert_eq!(r.json["message"], "Token was issued in the future", "{format:?}");
    }
    // The legacy hl API checks X-TB-TOKEN-AUTH the same way.
    let r = h
        .raw(
            Method::GET,
            "/hl/archive/getmanifest/nope",
            &[("x-tb-token-auth", &at(Duration::from_secs(3600), TokenFormat::T1))],
            vec![],
        )
        .await;
    let text = String::from_utf8_lossy(&r.bytes);
    assert!(text.contains("issued in the future"), "{text}");
}
