//! Broadcasts, SIP, captions, Experience Composer, Audio Connector, callback registration and
//! the archive upload target.

mod common;

use std::time::Duration;

use common::*;
use http::{Method, StatusCode};
use opentok_core::archive::{AzureStorage, DeleteArchiveStorage, SetArchiveStorage};
use opentok_core::audio_connector::{AudioEncoding, AudioTransport, StartAudioConnector, StopAudioConnector};
use opentok_core::broadcast::{
    AddBroadcastStream, GetBroadcast, HlsOutput, ListBroadcasts, RemoveBroadcastStream, RtmpOutput,
    SetBroadcastLayout, StartBroadcast, StopBroadcast,
};
use opentok_core::callback::{
    CallbackEventType, CallbackGroup, DeleteCallback, ListCallbacks, RegisterCallback,
};
use opentok_core::captions::{StartCaptions, StopCaptions};
use opentok_core::connection::ListConnections;
use opentok_core::layout::{Layout, StreamMode};
use opentok_core::render::{GetRender, ListRenders, StartRender, StopRender};
use opentok_core::sip::Dial;
use opentok_core::stream::ListStreams;
use opentok_core::token::Role;
use serde_json::json;

fn status(e: &opentok_core::ResponseError) -> u16 {
    e.api().expect("api error").status.as_u16()
}

#[tokio::test]
async fn broadcasts_outputs_tags_layouts_and_streams() {
    let h = start().await;
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    let st = h.publish(&sid, &cid, "camera").await;
    let b = h
        .op(&StartBroadcast::new(&sid)
            .hls(HlsOutput::new().low_latency(true))
            .rtmp(RtmpOutput::new("rtmp://example.com/live", "key").id("r1"))
            .max_duration(Duration::from_secs(600)))
        .await
        .expect("started");
    assert_eq!(b.status.as_ref().map(|s| s.as_str()), Some("started"));
    let urls = b.broadcast_urls.clone().expect("urls");
    let hls = urls.hls.expect("hls url");
    assert_eq!(urls.rtmp.len(), 1);
    let r = h
        .raw(
            Method::GET,
            hls.strip_prefix(h.emu.base_url()).expect("served here"),
            &[],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&r.bytes).starts_with("#EXTM3U"));
    let e = h
        .op(&StartBroadcast::new(&sid).hls(HlsOutput::new()))
        .await
        .expect_err("same tag");
    assert_eq!(status(&e), 409);
    let m = h
        .op(&StartBroadcast::new(&sid)
            .hls(HlsOutput::new())
            .multi_broadcast_tag("two")
            .stream_mode(StreamMode::Manual))
        .await
        .expect("tagged");
    let e = h
        .op(&AddBroadcastStream::new(&b.id, &st))
        .await
        .expect_err("auto");
    assert_eq!(status(&e), 405);
    h.op(&AddBroadcastStream::new(&m.id, &st)).await.expect("add");
    assert_eq!(
        h.op(&GetBroadcast::new(&m.id)).await.expect("get").streams.len(),
        1
    );
    h.op(&RemoveBroadcastStream::new(&m.id, &st))
        .await
        .expect("remove");
    h.op(&SetBroadcastLayout::new(&b.id, Layout::custom("stream { }")))
        .await
        .expect("layout");
    let rtmp6: Vec<_> = (0..6)
        .map(|i| json!({"serverUrl": "rtmp://x/y", "streamName": format!("s{i}")}))
        .collect();
    for body in [
        json!({"sessionId": sid}),
        json!({"sessionId": sid, "outputs": {}}),
        json!({"sessionId": sid, "outputs": {"hls": {"dvr": true, "lowLatency": true}}}),
        json!({"sessionId": sid, "outputs": {"rtmp": rtmp6}}),
        json!({"sessionId": sid, "outputs": {"hls": {}}, "maxDuration": 10}),
    ] {
        let r = h
            .call(Method::POST, "/v2/project/{k}/broadcast", Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
    }
    let list = h.op(&ListBroadcasts::new()).await.expect("list");
    assert_eq!(list.count, 2);
    assert_eq!(list.items[0].id, m.id, "newest first");
    let s = h.op(&StopBroadcast::new(&b.id)).await.expect("stop");
    assert_eq!(s.status.as_ref().map(|s| s.as_str()), Some("stopped"));
    assert!(s.broadcast_urls.is_none());
    let e = h
        .op(&StopBroadcast::new(&b.id))
        .await
        .expect_err("stopped already");
    assert_eq!(status(&e), 404);
}

#[tokio::test]
async fn sip_dial_adds_a_connection_and_a_stream() {
    let h = start().await;
    let relayed = h.session(false).await;
    let e = h
        .op(&Dial::new(
            &relayed,
            h.token(&relayed, Role::Publisher),
            "sip:a@example.com",
        ))
        .await
        .expect_err("relayed");
    assert_eq!(status(&e), 409);
    let sid = h.session(true).await;
    let call = h
        .op(
            &Dial::new(&sid, h.token(&sid, Role::Publisher), "sip:a@example.com")
                .header("X-k", "v")
                .secure(true),
        )
        .await
        .expect("dialled");
    let cid = call.connection_id.expect("connection");
    let conns = h.op(&ListConnections::new(&sid)).await.expect("connections");
    assert!(conns.items.iter().any(|c| c.connection_id == cid));
    let streams = h.op(&ListStreams::new(&sid)).await.expect("streams");
    assert_eq!(streams.items[0].id, call.stream_id.expect("stream"));
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/dial",
            Some(json!({"sessionId": sid, "token": "T1==bad", "sip": {"uri": "sip:a@b"}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn captions_render_and_audio_connector() {
    let h = start().await;
    let sid = h.session(true).await;
    let tok = h.token(&sid, Role::Moderator);
    let c = h.op(&StartCaptions::new(&sid, &tok)).await.expect("captions");
    let e = h
        .op(&StartCaptions::new(&sid, &tok))
        .await
        .expect_err("already on");
    assert_eq!(e.api().expect("api").code, Some(60003));
    // The service has no captions status call: like any path it does not serve, 404.
    let r = h
        .call(
            Method::GET,
            &format!("/v2/project/{{k}}/captions/{}", c.captions_id),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    h.op(&StopCaptions::new(&c.captions_id)).await.expect("stop");
    let e = h.op(&StopCaptions::new("nope")).await.expect_err("unknown");
    assert_eq!(status(&e), 404);
    h.op(&StartCaptions::new(&sid, &tok))
        .await
        .expect("again after stop");

    let r = h
        .op(&StartRender::new(&sid, &tok, "https://example.com/app")
            .name("composer")
            .status_callback_url("http://127.0.0.1:9/render-status"))
        .await
        .expect("render");
    assert_eq!(
        r.callback_url.as_deref(),
        Some("http://127.0.0.1:9/render-status")
    );
    let got = h.op(&GetRender::new(&r.id)).await.expect("get");
    assert_eq!(got.id, r.id);
    assert_eq!(h.op(&ListRenders::new()).await.expect("list").count, 1);
    let streams = h.op(&ListStreams::new(&sid)).await.expect("streams");
    assert_eq!(streams.items.len(), 1, "the composer publishes");
    h.op(&StopRender::new(&r.id)).await.expect("stop");
    let streams = h.op(&ListStreams::new(&sid)).await.expect("streams");
    assert!(streams.items.is_empty());
    let e = h.op(&GetRender::new("nope")).await.expect_err("unknown");
    assert_eq!(status(&e), 404);

    let a = h
        .op(&StartAudioConnector::new(&sid, &tok, "wss://example.com/ws").audio_rate(16000))
        .await
        .expect("connect");
    let conns = h.op(&ListConnections::new(&sid)).await.expect("connections");
    assert!(
        conns
            .items
            .iter()
            .any(|x| Some(&x.connection_id) == a.connection_id.as_ref())
    );
    h.op(&StopAudioConnector::new(&a.id)).await.expect("stop");
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/connect",
            Some(
                json!({"sessionId": sid, "token": tok, "websocket": {"uri": "wss://x", "audioRate": 11025}}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn callback_registration() {
    let h = start().await;
    let c = h
        .op(&RegisterCallback::new(
            CallbackGroup::Connection,
            CallbackEventType::Created,
            "http://127.0.0.1:9/cb",
        ))
        .await
        .expect("registered");
    let all = h.op(&ListCallbacks::new()).await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, c.id);
    h.op(&DeleteCallback::new(&c.id)).await.expect("deleted");
    let e = h.op(&DeleteCallback::new(&c.id)).await.expect_err("gone");
    assert_eq!(status(&e), 404);
    let r = h
        .call(
            Method::POST,
            "/v2/project/{k}/callback",
            Some(json!({"group": "nope", "event": "created", "url": "http://x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn audio_connector_audio_transport() {
    let h = start().await;
    let sid = h.session(true).await;
    let tok = h.token(&sid, Role::Moderator);
    let json_transport = AudioTransport::json(AudioEncoding::Base64)
        .audio_field("out")
        .receive_audio_field("in")
        .static_field("botId", "b-7");
    let op = StartAudioConnector::new(&sid, &tok, "wss://example.com/ws")
        .bidirectional(true)
        .audio_transport(json_transport);
    let a = h.op(&op).await.expect("json transport");
    h.op(&StopAudioConnector::new(&a.id)).await.expect("stop");
    let op = StartAudioConnector::new(&sid, &tok, "wss://example.com/ws")
        .audio_transport(AudioTransport::binary());
    h.op(&op).await.expect("binary transport");

    // What core refuses, other clients may send: the emulator refuses it too.
    for (transport, why) in [
        (json!({"transport": "json"}), "encoding is required"),
        (
            json!({"transport": "json", "encoding": "hex"}),
            "encoding must be base64",
        ),
        (json!({"transport": "pcm"}), "transport must be binary or json"),
        (json!({"encoding": "base64"}), "transport must be binary or json"),
        (
            json!({"transport": "json", "encoding": "base64", "audio_field": ""}),
            "audio_field must not be empty",
        ),
        (
            json!({"transport": "json", "encoding": "base64", "static_fields": ["x"]}),
            "static_fields must be an object",
        ),
        (
            json!("{\"transport\":\"json\"}"),
            "audioTransport must be an object",
        ),
    ] {
        let body = json!({"sessionId": sid, "token": tok,
            "websocket": {"uri": "wss://x.example.com", "audioTransport": transport}});
        let r = h.call(Method::POST, "/v2/project/{k}/connect", Some(body)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{transport}");
        let msg = r.json["message"].as_str().unwrap_or_default();
        assert!(msg.contains(why), "{transport}: {msg}");
    }
}

/// The upload target is set with `PUT` and removed with `DELETE` on one path; no other
/// method is served there, and removing it takes the project's credentials.
#[tokio::test]
async fn the_archive_upload_target_is_set_and_removed() {
    let h = start().await;
    h.op(&SetArchiveStorage::azure(AzureStorage::new("acct", "key", "box")))
        .await
        .expect("set");
    h.op(&DeleteArchiveStorage::new()).await.expect("removed");
    // Removing it again is not an error: there is simply none.
    h.op(&DeleteArchiveStorage::new()).await.expect("removed again");

    let r = h
        .call(Method::DELETE, "/v2/project/{k}/archive/storage", None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.bytes.is_empty());
    let r = h.call(Method::GET, "/v2/project/{k}/archive/storage", None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.headers["allow"], "PUT, DELETE");
    let r = h
        .raw(
            Method::DELETE,
            "/v2/project/{k}/archive/storage",
            &[("x-opentok-auth", "not-a-token")],
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// Routes no source shows the service serving answer as the emulator answers any route it
/// does not serve: 405 with `Allow` for another method on a served path, 404 for a path.
#[tokio::test]
async fn routes_the_service_does_not_serve_are_refused() {
    let h = start().await;
    let sid = h.session(true).await;
    let tok = h.token(&sid, Role::Moderator);
    let b = h
        .op(&StartBroadcast::new(&sid).hls(HlsOutput::new()))
        .await
        .expect("broadcast");

    let r = h
        .call(
            Method::GET,
            &format!("/v2/project/{{k}}/broadcast/{}/layout", b.id),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.headers["allow"], "PUT");

    let dial = json!({"sessionId": sid, "token": tok, "sip": {"uri": "sip:a@example.com"}});
    let r = h
        .call(Method::POST, "/v2/project/{k}/call", Some(dial.clone()))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h.call(Method::POST, "/v2/project/{k}/dial", Some(dial)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
}

/// A broadcast stops, and an Experience Composer starts and then stops, when its time comes
/// (the emulator's clock is moved by hand; each request is signed at that clock's time).
#[tokio::test]
async fn broadcasts_and_renders_end_at_their_max_duration() {
    let clock = std::sync::Arc::new(opentok_core::clock::ManualClock::new(std::time::SystemTime::now()));
    let h = start_with(builder().clock(clock.clone())).await;
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    h.publish(&sid, &cid, "camera").await;
    let tok = h.token(&sid, Role::Publisher);
    let b = h
        .op(&StartBroadcast::new(&sid)
            .hls(HlsOutput::new())
            .max_duration(Duration::from_secs(60)))
        .await
        .expect("broadcast");
    let r = h
        .op(&StartRender::new(&sid, &tok, "https://example.com/app").max_duration(60))
        .await
        .expect("render");
    let status_of = |path: String| {
        let h = &h;
        let token = h.auth_at(opentok_core::clock::Clock::now(&*clock));
        async move {
            let r = h
                .raw(
                    Method::GET,
                    &path,
                    &[(opentok_core::rest_auth::REST_AUTH_HEADER.as_str(), &token)],
                    vec![],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            r.json["status"].as_str().expect("a status").to_owned()
        }
    };
    let broadcast = format!("/v2/project/{{k}}/broadcast/{}", b.id);
    let render = format!("/v2/project/{{k}}/render/{}", r.id);
    assert_eq!(status_of(render.clone()).await, "starting");
    clock.advance(Duration::from_secs(59));
    assert_eq!(status_of(broadcast.clone()).await, "started");
    assert_eq!(
        status_of(render.clone()).await,
        "started",
        "after the processing time"
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(status_of(broadcast).await, "stopped");
    assert_eq!(status_of(render).await, "stopped");
}
