//! Every facade method against the emulator over real HTTP on 127.0.0.1, success and failure.

mod support;

use std::time::{Duration, Instant};

use opentok::archive::{
    AddArchiveStream, ArchiveStatus, DeleteArchive, GetArchive, ListArchives, RemoveArchiveStream, S3Storage,
    SetArchiveLayout, SetArchiveStorage, StartArchive, StopArchive,
};
use opentok::audio_connector::{StartAudioConnector, StopAudioConnector};
use opentok::broadcast::{
    AddBroadcastStream, GetBroadcast, HlsOutput, ListBroadcasts, RemoveBroadcastStream, SetBroadcastLayout,
    StartBroadcast, StopBroadcast,
};
use opentok::callback::{CallbackEventType, CallbackGroup, DeleteCallback, ListCallbacks, RegisterCallback};
use opentok::captions::{GetCaptions, StartCaptions, StopCaptions};
use opentok::connection::{ForceDisconnect, ListConnections};
use opentok::layout::{Layout, StreamMode};
use opentok::render::{GetRender, ListRenders, StartRender, StopRender};
use opentok::session::{ArchiveMode, CreateSession, MediaMode};
use opentok::signal::{Signal, SignalConnection};
use opentok::sip::{Dial, PlayDtmf, PlayDtmfConnection};
use opentok::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, SetStreamLayoutClass, SetStreamLayoutClasses,
};
use opentok::{ApiErrorKind, Error};
use support::{KEY, World, status_of};

#[tokio::test]
async fn sessions_create_and_reject() {
    let w = World::start().await;
    let routed =
        w.ot.sessions()
            .create(CreateSession::new().media_mode(MediaMode::Routed))
            .await
            .expect("routed");
    let relayed = w.ot.create_session(CreateSession::new()).await.expect("relayed");
    assert_ne!(routed.session_id, relayed.session_id);
    let decoded = opentok::session_id::decode(&routed.session_id).expect("decodes");
    assert!(decoded.belongs_to(KEY), "{decoded:?}");

    // Invalid input: nothing sent.
    let e =
        w.ot.create_session(CreateSession::new().archive_mode(ArchiveMode::Always))
            .await
            .expect_err("always needs routed");
    assert!(matches!(e, Error::Validation(_)), "{e:?}");

    // Wrong secret: 403 on both auth styles' endpoints.
    let bad = w.impostor();
    assert_eq!(status_of(bad.create_session(CreateSession::new()).await), 403);
    let e = bad.archives().list(ListArchives::new()).await.expect_err("403");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::Unauthorized);
    assert!(e.may_have_been_sent());
}

#[tokio::test]
async fn archives_lifecycle() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;

    let a = ot
        .archives()
        .start(
            StartArchive::new(&live.sid)
                .name("e2e")
                .stream_mode(StreamMode::Manual),
        )
        .await
        .expect("start");
    assert_eq!(a.status, ArchiveStatus::Started);
    assert_eq!(a.session_id, live.sid);
    assert_eq!(a.name.as_deref(), Some("e2e"));
    // A second archive of the same session while one records: 409.
    assert_eq!(
        status_of(ot.archives().start(StartArchive::new(&live.sid)).await),
        409
    );

    ot.archives()
        .set_layout(SetArchiveLayout::new(&a.id, Layout::pip()))
        .await
        .expect("layout");
    ot.archives()
        .add_stream(AddArchiveStream::new(&a.id, &live.stream_id))
        .await
        .expect("add stream");
    ot.archives()
        .remove_stream(RemoveArchiveStream::new(&a.id, &live.stream_id))
        .await
        .expect("remove stream");
    assert_eq!(
        status_of(
            ot.archives()
                .add_stream(AddArchiveStream::new(&a.id, "no-such-stream"))
                .await
        ),
        404
    );

    // Deleting a recording archive: 409.
    assert_eq!(
        status_of(ot.archives().delete(DeleteArchive::new(&a.id)).await),
        409
    );

    let stopped = ot.archives().stop(StopArchive::new(&a.id)).await.expect("stop");
    assert_eq!(stopped.status, ArchiveStatus::Stopped);
    assert_eq!(status_of(ot.archives().stop(StopArchive::new(&a.id)).await), 409);

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = ot.archives().get(GetArchive::new(&a.id)).await.expect("get");
        if got.status == ArchiveStatus::Available {
            break;
        }
        assert!(Instant::now() < deadline, "never became available: {got:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let page = ot
        .archives()
        .list(ListArchives::new().session_id(&live.sid))
        .await
        .expect("list");
    assert_eq!(page.count, 1);
    assert_eq!(page.items[0].id, a.id);

    ot.archives()
        .delete(DeleteArchive::new(&a.id))
        .await
        .expect("delete");
    assert_eq!(
        status_of(
            ot.archives()
                .get(GetArchive::new("00000000-0000-0000-0000-000000000000"))
                .await
        ),
        404
    );

    ot.archives()
        .set_storage(SetArchiveStorage::s3(S3Storage::new(
            "bucket", "AKIA123", "s3cr3t",
        )))
        .await
        .expect("storage");
}

#[tokio::test]
async fn archives_page_lazily_over_http() {
    let w = World::start().await;
    let ot = &w.ot;
    // Five sessions, one archive each (stopped at once so the next can start).
    let mut ids = Vec::new();
    for _ in 0..5 {
        let live = w.live_session().await;
        let a = ot
            .archives()
            .start(StartArchive::new(&live.sid))
            .await
            .expect("start");
        ot.archives().stop(StopArchive::new(&a.id)).await.expect("stop");
        ids.push(a.id);
    }
    let mut items = ot.archives().list_all(ListArchives::new().count(2));
    let mut seen = Vec::new();
    while let Some(a) = items.next_item().await {
        seen.push(a.expect("archive").id);
    }
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn broadcasts_lifecycle() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;

    let b = ot
        .broadcasts()
        .start(
            StartBroadcast::new(&live.sid)
                .hls(HlsOutput::new())
                .stream_mode(StreamMode::Manual),
        )
        .await
        .expect("start");
    assert_eq!(b.session_id, live.sid);
    assert!(b.hls_url().is_some(), "{b:?}");
    assert_eq!(
        status_of(
            ot.broadcasts()
                .start(StartBroadcast::new(&live.sid).hls(HlsOutput::new()))
                .await
        ),
        409
    );
    let got = ot.broadcasts().get(GetBroadcast::new(&b.id)).await.expect("get");
    assert_eq!(got.id, b.id);
    ot.broadcasts()
        .set_layout(SetBroadcastLayout::new(&b.id, Layout::best_fit()))
        .await
        .expect("layout");
    ot.broadcasts()
        .add_stream(AddBroadcastStream::new(&b.id, &live.stream_id))
        .await
        .expect("add");
    ot.broadcasts()
        .remove_stream(RemoveBroadcastStream::new(&b.id, &live.stream_id))
        .await
        .expect("remove");
    let page = ot
        .broadcasts()
        .list(ListBroadcasts::new().session_id(&live.sid))
        .await
        .expect("list");
    assert_eq!(page.count, 1);
    let all: Vec<_> = {
        let mut items = ot.broadcasts().list_all(ListBroadcasts::new().count(1));
        let mut v = Vec::new();
        while let Some(x) = items.next_item().await {
            v.push(x.expect("broadcast").id);
        }
        v
    };
    assert_eq!(all, std::slice::from_ref(&b.id));
    ot.broadcasts()
        .stop(StopBroadcast::new(&b.id))
        .await
        .expect("stop");
    // The service answers 404 for an already stopped broadcast.
    assert_eq!(
        status_of(ot.broadcasts().stop(StopBroadcast::new(&b.id)).await),
        404
    );
    assert_eq!(
        status_of(ot.broadcasts().get(GetBroadcast::new("nope")).await),
        404
    );
}

#[tokio::test]
async fn signals_to_session_and_connection() {
    let w = World::start_with(opentok_emulator::Emulator::builder().max_body_bytes(512)).await;
    let live = w.live_session().await;
    let ot = &w.ot;
    ot.signals()
        .send(Signal::new(&live.sid, "hello").signal_type("chat"))
        .await
        .expect("to everyone");
    ot.signals()
        .send_to(SignalConnection::new(&live.sid, &live.connection_id, "hi you"))
        .await
        .expect("to one");
    assert_eq!(
        status_of(
            ot.signals()
                .send_to(SignalConnection::new(&live.sid, "no-such-connection", "x"))
                .await
        ),
        404
    );
    // Within the SDK's 8 KiB limit but over this emulator's 512-byte body cap: 413.
    let e = ot
        .signals()
        .send(Signal::new(&live.sid, "x".repeat(1000)))
        .await
        .expect_err("413");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::PayloadTooLarge);
    // Over the SDK's own limit: rejected before sending.
    let e = ot
        .signals()
        .send(Signal::new(&live.sid, "x".repeat(9000)))
        .await
        .expect_err("too long");
    assert!(matches!(e, Error::Validation(_)), "{e:?}");
}

#[tokio::test]
async fn streams_and_moderation() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let page = ot
        .streams()
        .list(ListStreams::new(&live.sid))
        .await
        .expect("list");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, live.stream_id);
    let s = ot
        .streams()
        .get(GetStream::new(&live.sid, &live.stream_id))
        .await
        .expect("get");
    assert_eq!(s.id, live.stream_id);
    let missing = ot
        .streams()
        .get(GetStream::new(&live.sid, "no-such-stream"))
        .await
        .expect_err("missing");
    assert!(
        matches!(missing.api().map(|e| e.status.as_u16()), Some(404 | 408)),
        "{missing:?}"
    );
    ot.streams()
        .set_layout_classes(SetStreamLayoutClasses::new(&live.sid).stream(&live.stream_id, ["full", "focus"]))
        .await
        .expect("classes");
    let s = ot
        .streams()
        .get(GetStream::new(&live.sid, &live.stream_id))
        .await
        .expect("get");
    assert_eq!(s.layout_class_list, ["full", "focus"]);
    ot.streams()
        .set_layout_class(SetStreamLayoutClass::new(&live.sid, &live.stream_id, ["small"]))
        .await
        .expect("class");
    ot.streams()
        .force_mute(ForceMuteStream::new(&live.sid, &live.stream_id))
        .await
        .expect("mute one");
    ot.streams()
        .mute_all(MuteAll::enable(&live.sid))
        .await
        .expect("mute all");
    ot.streams()
        .mute_all(MuteAll::disable(&live.sid))
        .await
        .expect("unmute all");
    assert_eq!(
        status_of(ot.streams().list(ListStreams::new("2_no-such-session")).await),
        404
    );
}

#[tokio::test]
async fn connections_list_and_force_disconnect() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let list = ot
        .connections()
        .list(ListConnections::new(&live.sid))
        .await
        .expect("list");
    assert!(
        list.items.iter().any(|c| c.connection_id == live.connection_id),
        "{list:?}"
    );
    ot.connections()
        .force_disconnect(ForceDisconnect::new(&live.sid, &live.connection_id))
        .await
        .expect("disconnect");
    let list = ot
        .connections()
        .list(ListConnections::new(&live.sid))
        .await
        .expect("list");
    assert!(
        list.items.iter().all(|c| c.connection_id != live.connection_id),
        "{list:?}"
    );
    assert_eq!(
        status_of(
            ot.connections()
                .force_disconnect(ForceDisconnect::new(&live.sid, &live.connection_id))
                .await
        ),
        404
    );
}

#[tokio::test]
async fn sip_dial_and_dtmf() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let call = ot
        .sip()
        .dial(
            Dial::new(
                &live.sid,
                &live.moderator,
                "sip:alice@sip.example.com;transport=tls",
            )
            .secure(true),
        )
        .await
        .expect("dial");
    let call_connection = call.connection_id.clone().expect("the call has a connection");
    ot.sip()
        .play_dtmf(PlayDtmf::new(&live.sid, "1234#"))
        .await
        .expect("dtmf");
    ot.sip()
        .play_dtmf_to(PlayDtmfConnection::new(&live.sid, &call_connection, "9"))
        .await
        .expect("dtmf to one");
    assert_eq!(
        status_of(
            ot.sip()
                .play_dtmf_to(PlayDtmfConnection::new(&live.sid, "no-such-connection", "9"))
                .await
        ),
        404
    );
}

#[tokio::test]
async fn captions_start_get_stop() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let started = ot
        .captions()
        .start(StartCaptions::new(&live.sid, &live.moderator))
        .await
        .expect("start");
    let got = ot
        .captions()
        .get(GetCaptions::new(&started.captions_id))
        .await
        .expect("get");
    assert_eq!(got.captions_id, started.captions_id);
    assert_eq!(
        status_of(
            ot.captions()
                .start(StartCaptions::new(&live.sid, &live.moderator))
                .await
        ),
        409
    );
    ot.captions()
        .stop(StopCaptions::new(&started.captions_id))
        .await
        .expect("stop");
    assert_eq!(
        status_of(ot.captions().get(GetCaptions::new("no-such-captions")).await),
        404
    );
}

#[tokio::test]
async fn renders_start_get_list_stop() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let r = ot
        .renders()
        .start(StartRender::new(&live.sid, &live.moderator, "https://example.com/composer").name("e2e"))
        .await
        .expect("start");
    assert_eq!(
        ot.renders().get(GetRender::new(&r.id)).await.expect("get").id,
        r.id
    );
    let page = ot.renders().list(ListRenders::new()).await.expect("list");
    assert!(page.items.iter().any(|x| x.id == r.id));
    let mut items = ot.renders().list_all(ListRenders::new().count(1));
    let first = items.next_item().await.expect("one").expect("render");
    assert_eq!(first.id, r.id);
    ot.renders().stop(StopRender::new(&r.id)).await.expect("stop");
    assert_eq!(
        status_of(ot.renders().get(GetRender::new("no-such-render")).await),
        404
    );
}

#[tokio::test]
async fn audio_connector_start_stop() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let call = ot
        .audio_connector()
        .start(
            StartAudioConnector::new(&live.sid, &live.moderator, "wss://example.com/audio")
                .stream(&live.stream_id),
        )
        .await
        .expect("start");
    assert!(!call.id.is_empty());
    ot.audio_connector()
        .stop(StopAudioConnector::new(&call.id))
        .await
        .expect("stop");
    let e = ot
        .audio_connector()
        .stop(StopAudioConnector::new("no-such-call"))
        .await
        .expect_err("missing");
    assert!(e.api().is_some(), "{e:?}");
}

#[tokio::test]
async fn callbacks_register_list_delete() {
    let w = World::start().await;
    let ot = &w.ot;
    let cb = ot
        .callbacks()
        .register(RegisterCallback::new(
            CallbackGroup::Connection,
            CallbackEventType::Created,
            "https://example.com/opentok/events",
        ))
        .await
        .expect("register");
    let all = ot.callbacks().list(ListCallbacks::new()).await.expect("list");
    assert!(all.iter().any(|c| c.id == cb.id), "{all:?}");
    ot.callbacks()
        .delete(DeleteCallback::new(&cb.id))
        .await
        .expect("delete");
    assert_eq!(
        status_of(ot.callbacks().delete(DeleteCallback::new(&cb.id)).await),
        404
    );
}

#[tokio::test]
async fn legacy_session_create() {
    let w = World::start().await;
    let s =
        w.ot.legacy()
            .create_session(opentok::legacy::LegacyCreateSession::new())
            .await
            .expect("hl session");
    assert!(!s.session_id.is_empty(), "{s:?}");
    let e = w
        .impostor()
        .legacy()
        .create_session(opentok::legacy::LegacyCreateSession::new())
        .await
        .expect_err("wrong secret");
    assert!(
        matches!(e.api().map(|a| a.status.as_u16()), Some(401 | 403)),
        "{e:?}"
    );
}

#[test]
fn blocking_client_against_the_emulator() {
    // The emulator needs a runtime; the blocking client brings its own.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let emu = rt
        .block_on(
            opentok_emulator::Emulator::builder()
                .project(KEY, support::SECRET)
                .start(),
        )
        .expect("emulator");
    let ot = opentok::blocking::OpenTok::builder(KEY, support::SECRET)
        .api_url(emu.base_url())
        .build_blocking()
        .expect("client");
    let s = ot
        .create_session(CreateSession::new().media_mode(MediaMode::Routed))
        .expect("session");
    assert!(!s.session_id.is_empty());
    let page = ot.archives().list(ListArchives::new()).expect("list");
    assert_eq!(page.count, 0);
    assert_eq!(
        ot.archives()
            .get(GetArchive::new("nope"))
            .expect_err("404")
            .api()
            .map(|e| e.status.as_u16()),
        Some(404)
    );
    rt.block_on(emu.shutdown());
}

#[tokio::test]
async fn legacy_manifest_url_and_delete() {
    use opentok::legacy::{DeleteLegacyArchive, GetArchiveUrl, GetManifest};
    use opentok::token::Role;

    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let a = ot
        .archives()
        .start(StartArchive::new(&live.sid).name("hl"))
        .await
        .expect("start");
    ot.archives().stop(StopArchive::new(&a.id)).await.expect("stop");

    let m = ot
        .legacy()
        .manifest(GetManifest::new(&a.id, &live.moderator))
        .await
        .expect("manifest");
    assert_eq!(m.archive_id, a.id);
    assert_eq!(m.title.as_deref(), Some("hl"));
    let video = m.resources.first().expect("one video").id.clone();

    let url = ot
        .legacy()
        .archive_url(GetArchiveUrl::new(&a.id, &video, &live.moderator))
        .await
        .expect("url");
    assert!(url.starts_with("http"), "{url}");
    assert_eq!(
        status_of(
            ot.legacy()
                .archive_url(GetArchiveUrl::new(&a.id, "no-such-video", &live.moderator))
                .await
        ),
        404
    );

    // A publisher token is not enough.
    let publisher = w.token(&live.sid, Role::Publisher);
    assert_eq!(
        status_of(ot.legacy().manifest(GetManifest::new(&a.id, &publisher)).await),
        403
    );

    ot.legacy()
        .delete_archive(DeleteLegacyArchive::new(&a.id, &live.moderator))
        .await
        .expect("delete");
    assert_eq!(
        status_of(
            ot.legacy()
                .manifest(GetManifest::new(&a.id, &live.moderator))
                .await
        ),
        404
    );
    assert_eq!(
        status_of(
            ot.legacy()
                .delete_archive(DeleteLegacyArchive::new(&a.id, &live.moderator))
                .await
        ),
        404
    );
}

/// Every grouped method of the facade is exercised by a test in this file.
#[test]
fn every_facade_method_is_covered_here() {
    let source = include_str!("facade_e2e.rs");
    let missing: Vec<_> = opentok::FACADE_METHODS
        .iter()
        .filter(|(_, op)| !source.contains(&format!("{op}::")))
        .collect();
    assert!(missing.is_empty(), "not exercised end to end: {missing:?}");
}
