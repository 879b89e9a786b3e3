//! Ids in paths: the router refuses `.`, `..`, empty segments, and segments that decode to
//! `/`, `?`, `#` or a control character, with a 400 naming the rule, before any route or
//! auth sees them; well-formed ids, escaped or not, are served.

mod common;

use std::time::Duration;

use common::*;
use http::{Method, StatusCode};
use opentok_core::archive::StartArchive;
use opentok_core::token::Role;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn bad_ids_in_paths_are_refused_with_400() {
    let h = start().await;
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    h.publish(&sid, &cid, "camera").await;
    let a = h.op(&StartArchive::new(&sid)).await.expect("archive started");
    for bad in [
        ".", "..", "%2E", "%2e%2E", "a%2Fb", "%2F", "a%3Fb", "a%23b", "a%00b", "a%0D%0Ab", "a%7Fb",
        "a%C2%85b",
    ] {
        for path in [
            format!("/v2/project/{{k}}/archive/{bad}"),
            format!("/v2/project/{{k}}/session/{bad}/connection"),
            format!("/v2/project/{{k}}/session/{sid}/connection/{bad}"),
            format!("/_emulator/v1/sessions/{bad}/connections"),
            format!("/_emulator/v1/archives/{bad}/download?expires=1&sig=x"),
            format!("/archive/getmanifest/{bad}"),
        ] {
            let r = h.call(Method::GET, &path, None).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
            let msg = r.json["message"].as_str().unwrap_or_default();
            assert!(msg.starts_with("Invalid path: "), "{path}: {msg}");
        }
    }
    // An empty id between two segments.
    let r = h.call(Method::POST, "/v2/project/{k}/archive//stop", None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["message"], "Invalid path: an empty segment");
    // Refused before auth: no token needed to be told the path is wrong.
    let r = h
        .raw(Method::GET, "/v2/project/{k}/archive/..", &[], vec![])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Well-formed ids are served, escaped or not, and a trailing slash is fine.
    let escaped = a.id.replace('-', "%2D");
    for path in [
        format!("/v2/project/{{k}}/archive/{}", a.id),
        format!("/v2/project/{{k}}/archive/{escaped}"),
        format!("/v2/project/{{k}}/archive/{}/", a.id),
    ] {
        let r = h.call(Method::GET, &path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.json["id"], a.id.as_str());
    }
}

#[tokio::test]
async fn raw_dot_segments_and_control_bytes_on_the_wire_are_refused() {
    let h = start().await;
    let token = h.auth();
    for target in [
        format!("/v2/project/{KEY}/archive/.."),
        format!("/v2/project/{KEY}/archive/./stop"),
        format!("/v2/project/{KEY}/archive/a\u{1}b"),
        format!("/v2/project/{KEY}/archive/a%2F..%2Fb"),
    ] {
        let mut s = tokio::net::TcpStream::connect(h.emu.local_addr())
            .await
            .expect("connects");
        let req = format!(
            "GET {target} HTTP/1.1\r\nhost: emu\r\naccept: application/json\r\nx-opentok-auth: {token}\r\nconnection: close\r\n\r\n"
        );
        s.write_all(req.as_bytes()).await.expect("writes");
        let mut got = Vec::new();
        tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut got))
            .await
            .expect("answered in time")
            .expect("reads");
        let text = String::from_utf8_lossy(&got);
        // hyper itself refuses a raw control byte in the request line; the router the rest.
        assert!(text.starts_with("HTTP/1.1 400 "), "{target:?}: {text}");
    }
}
