//! The archive state machine, the service's conflicts, listing and stream selection, driven
//! with core's operations over real HTTP.

mod common;

use std::time::Duration;

use common::*;
use http::{Method, StatusCode};
use opentok_core::archive::{
    AddArchiveStream, DeleteArchive, GetArchive, ListArchives, OutputMode, RemoveArchiveStream,
    SetArchiveLayout, StartArchive, StopArchive,
};
use opentok_core::layout::{Layout, LayoutType, StreamMode};
use opentok_core::session::{ArchiveMode, CreateSession, MediaMode};
use opentok_core::token::Role;

fn api_status(e: &opentok_core::ResponseError) -> (u16, Option<i64>) {
    let a = e.api().expect("api error");
    (a.status.as_u16(), a.code)
}

#[tokio::test]
async fn lifecycle_started_stopped_available_deleted() {
    let h = start_with(builder().archive_processing(Duration::from_millis(100))).await;
    let sid = h.session(true).await;
    // No client yet: refused.
    let e = h.op(&StartArchive::new(&sid)).await.expect_err("no clients");
    assert_eq!(api_status(&e).0, 404);
    h.join(&sid, Role::Publisher).await;
    let a = h
        .op(&StartArchive::new(&sid).name("first"))
        .await
        .expect("started");
    assert_eq!(a.status.as_str(), "started");
    assert_eq!(a.name.as_deref(), Some("first"));
    // One composed archive per session unless the tag differs.
    let e = h
        .op(&StartArchive::new(&sid))
        .await
        .expect_err("already recording");
    assert_eq!(api_status(&e), (409, Some(15001)));
    let tagged = h
        .op(&StartArchive::new(&sid).multi_archive_tag("t2"))
        .await
        .expect("tagged");
    assert_eq!(tagged.multi_archive_tag.as_deref(), Some("t2"));
    // Delete while started: 409 15004.
    let e = h.op(&DeleteArchive::new(&a.id)).await.expect_err("not yet");
    assert_eq!(api_status(&e), (409, Some(15004)));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let s = h.op(&StopArchive::new(&a.id)).await.expect("stopped");
    assert_eq!(s.status.as_str(), "stopped");
    assert!(s.duration.expect("duration") >= Duration::from_secs(1));
    let e = h.op(&StopArchive::new(&a.id)).await.expect_err("stop twice");
    assert_eq!(api_status(&e), (409, Some(15002)));
    let ok = h
        .eventually(|| async {
            h.op(&GetArchive::new(&a.id))
                .await
                .map(|g| g.status.as_str() == "available")
                .unwrap_or(false)
        })
        .await;
    assert!(ok, "became available");
    let g = h.op(&GetArchive::new(&a.id)).await.expect("get");
    let size = g.size.expect("size");
    assert!(size > 0);
    // The download URL is served by the emulator and has `size` bytes.
    let url = g.url.expect("url");
    let path = url.strip_prefix(h.emu.base_url()).expect("served here");
    let r = h.raw(Method::GET, path, &[], vec![]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.bytes.len() as u64, size);
    // The URL is signed and expires after 10 minutes.
    let expires: u64 = url
        .split("expires=")
        .nth(1)
        .and_then(|v| v.split('&').next())
        .and_then(|v| v.parse().ok())
        .expect("expires");
    let now = opentok_core::clock::unix_secs(std::time::SystemTime::now());
    assert!((now + 590..=now + 610).contains(&expires), "{expires} vs {now}");
    let tampered = path.replace(&format!("expires={expires}"), &format!("expires={}", expires + 1));
    let r = h.raw(Method::GET, &tampered, &[], vec![]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "signature covers the expiry");
    // A signature of the right length that differs in its last digit is refused.
    let sig = path
        .split("sig=")
        .nth(1)
        .and_then(|v| v.split('&').next())
        .expect("sig");
    let last = if sig.ends_with('0') { "1" } else { "0" };
    let near = format!("{}{last}", &sig[..sig.len() - 1]);
    let r = h.raw(Method::GET, &path.replace(sig, &near), &[], vec![]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a near signature");
    let r = h
        .raw(
            Method::GET,
            &format!("/_emulator/v1/archives/{}/download?expires=1&sig=x", a.id),
            &[],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "expired");
    h.op(&DeleteArchive::new(&a.id)).await.expect("deleted");
    let g = h.op(&GetArchive::new(&a.id)).await.expect("still listed");
    assert_eq!(g.status.as_str(), "deleted");
    assert!(g.url.is_none());
    let e = h
        .op(&GetArchive::new("00000000-0000-4000-8000-000000000000"))
        .await
        .expect_err("unknown");
    assert_eq!(api_status(&e).0, 404);
}

#[tokio::test]
async fn relayed_sessions_and_bad_options_are_refused() {
    let h = start().await;
    let sid = h.session(false).await;
    h.join(&sid, Role::Publisher).await;
    let e = h.op(&StartArchive::new(&sid)).await.expect_err("relayed");
    assert_eq!(api_status(&e), (409, Some(15008)));
    let routed = h.session(true).await;
    h.join(&routed, Role::Publisher).await;
    for body in [
        serde_json::json!({"sessionId": routed, "hasAudio": false, "hasVideo": false}),
        serde_json::json!({"sessionId": routed, "outputMode": "individual", "resolution": "640x480"}),
        serde_json::json!({"sessionId": routed, "resolution": "2x2"}),
        serde_json::json!({"sessionId": routed, "layout": {"type": "custom"}}),
        serde_json::json!({"sessionId": routed, "maxBitrate": 5}),
        serde_json::json!({"sessionId": routed, "maxBitrate": 2_000_000, "quantizationParameter": 25}),
        serde_json::json!({"sessionId": routed, "hasTranscription": true}),
        serde_json::json!({"name": "no session"}),
    ] {
        let r = h
            .call(Method::POST, "/v2/project/{k}/archive", Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
    }
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/archive",
            Some(serde_json::json!({"sessionId": "2_nope"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "an id that does not decode");
    let unknown = opentok_core::session_id::mint(
        h.creds.project_id(),
        None,
        std::time::SystemTime::now(),
        &opentok_core::nonce::OsNonce,
    )
    .expect("mints");
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/archive",
            Some(serde_json::json!({ "sessionId": unknown })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a well-formed id of no session");
    // Python sends nulls and "true" strings: accepted.
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/archive",
            Some(serde_json::json!({"sessionId": routed, "name": null, "hasAudio": "true", "resolution": null, "multiArchiveTag": null, "maxBitrate": null, "outputMode": "composed", "streamMode": "auto"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert!(r.json["createdAt"].is_u64());
}

#[tokio::test]
async fn list_is_newest_first_with_paging_and_total_count() {
    let h = start().await;
    let a = h.session(true).await;
    let b = h.session(true).await;
    h.join(&a, Role::Publisher).await;
    h.join(&b, Role::Publisher).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let sid = if i % 2 == 0 { &a } else { &b };
        let x = h
            .op(&StartArchive::new(sid).multi_archive_tag(format!("t{i}")))
            .await
            .expect("start");
        ids.push(x.id);
    }
    let all = h.op(&ListArchives::new()).await.expect("list");
    assert_eq!(all.count, 5);
    let got: Vec<&str> = all.items.iter().map(|x| x.id.as_str()).collect();
    let want: Vec<&str> = ids.iter().rev().map(String::as_str).collect();
    assert_eq!(got, want);
    let page = h.op(&ListArchives::new().offset(1).count(2)).await.expect("page");
    assert_eq!(page.count, 5);
    assert_eq!(
        page.items.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        want[1..3]
    );
    let only_b = h.op(&ListArchives::new().session_id(&b)).await.expect("filtered");
    assert_eq!(only_b.count, 2);
    assert!(only_b.items.iter().all(|x| x.session_id == b));
    let r = h
        .call(Method::GET, "/v2/project/{k}/archive?count=5000", None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn manual_stream_selection_and_layouts() {
    let h = start().await;
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    let st = h.publish(&sid, &cid, "camera").await;
    let auto = h.op(&StartArchive::new(&sid)).await.expect("auto");
    assert_eq!(auto.streams.len(), 1, "auto mode records every stream");
    let e = h
        .op(&AddArchiveStream::new(&auto.id, &st))
        .await
        .expect_err("auto mode");
    assert_eq!(api_status(&e).0, 405);
    let m = h
        .op(&StartArchive::new(&sid)
            .stream_mode(StreamMode::Manual)
            .output_mode(OutputMode::Individual)
            .multi_archive_tag("m"))
        .await
        .expect("manual");
    assert!(m.streams.is_empty());
    h.op(&AddArchiveStream::new(&m.id, &st).has_video(false))
        .await
        .expect("added");
    let g = h.op(&GetArchive::new(&m.id)).await.expect("get");
    assert_eq!(g.streams.len(), 1);
    assert_eq!(g.streams[0].stream_id, st);
    assert_eq!(g.streams[0].has_video, Some(false));
    let e = h
        .op(&AddArchiveStream::new(&m.id, "no-such-stream"))
        .await
        .expect_err("unknown stream");
    assert_eq!(api_status(&e).0, 404);
    h.op(&RemoveArchiveStream::new(&m.id, &st))
        .await
        .expect("removed");
    let e = h
        .op(&RemoveArchiveStream::new(&m.id, &st))
        .await
        .expect_err("gone");
    assert_eq!(api_status(&e).0, 404);
    h.op(&SetArchiveLayout::new(&auto.id, Layout::pip()))
        .await
        .expect("layout");
    let g = h
        .call(
            Method::GET,
            &format!("/v2/project/{{k}}/archive/{}", auto.id),
            None,
        )
        .await;
    assert_eq!(g.json["layout"]["type"], "pip");
    // The spec's screenshareType enum includes custom.
    h.op(&SetArchiveLayout::new(
        &auto.id,
        Layout::best_fit().screenshare_type(LayoutType::Custom),
    ))
    .await
    .expect("screenshareType custom");
    let g = h
        .call(
            Method::GET,
            &format!("/v2/project/{{k}}/archive/{}", auto.id),
            None,
        )
        .await;
    assert_eq!(
        g.json["layout"],
        serde_json::json!({"type": "bestFit", "screenshareType": "custom"})
    );
    let r = h
        .call(
            Method::PUT,
            &format!("/v2/project/{{k}}/archive/{}/layout", auto.id),
            Some(serde_json::json!({"type": "pip", "screenshareType": "bestFit"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn archive_mode_always_starts_with_the_first_client_and_stops_with_the_last() {
    let h = start().await;
    let s = h
        .op(&CreateSession::new()
            .media_mode(MediaMode::Routed)
            .archive_mode(ArchiveMode::Always)
            .archive_name("auto"))
        .await
        .expect("session");
    let sid = s.session_id;
    assert_eq!(h.op(&ListArchives::new()).await.expect("list").count, 0);
    let cid = h.join(&sid, Role::Publisher).await;
    let l = h.op(&ListArchives::new().session_id(&sid)).await.expect("list");
    assert_eq!(l.count, 1);
    assert_eq!(l.items[0].status.as_str(), "started");
    assert_eq!(l.items[0].name.as_deref(), Some("auto"));
    let r = h
        .call(
            Method::DELETE,
            &format!("/_emulator/v1/sessions/{sid}/connections/{cid}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let l = h.op(&ListArchives::new().session_id(&sid)).await.expect("list");
    assert_ne!(l.items[0].status.as_str(), "started");
}
