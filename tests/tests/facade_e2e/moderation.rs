//! Signals, streams, connections and SIP: what a moderator does to a live session.

use crate::support::{World, status_of};
use opentok::connection::{ForceDisconnect, ListConnections};
use opentok::signal::{Signal, SignalConnection};
use opentok::sip::{Dial, PlayDtmf, PlayDtmfConnection};
use opentok::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, SetStreamLayoutClass, SetStreamLayoutClasses,
};
use opentok::{ApiErrorKind, Error};

#[tokio::test]
async fn signals_to_session_and_connection() {
    // 1 KiB: room for a join with an RS256 client token (about 700 bytes).
    let w = World::start_with(opentok_emulator::Emulator::builder().max_body_bytes(1024)).await;
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
    // Within the SDK's 8 KiB limit but over this emulator's 1 KiB body cap: 413.
    let e = ot
        .signals()
        .send(Signal::new(&live.sid, "x".repeat(2000)))
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
    let details = ot
        .streams()
        .force_mute(ForceMuteStream::new(&live.sid, &live.stream_id))
        .await
        .expect("mute one")
        .expect("project details");
    assert!(details.application_id.is_some());
    let again = ot
        .streams()
        .mute_all(MuteAll::enable(&live.sid))
        .await
        .expect("mute all");
    assert_eq!(again, Some(details));
    ot.streams()
        .mute_all(MuteAll::disable(&live.sid))
        .await
        .expect("unmute all");
    assert_eq!(
        status_of(ot.streams().list(ListStreams::new("2_no-such-session")).await),
        400,
        "an id that does not decode"
    );
    let unknown = opentok::session_id::mint(
        ot.credentials().project_id(),
        None,
        std::time::SystemTime::now(),
        &opentok::OsNonce,
    )
    .expect("mints");
    assert_eq!(
        status_of(ot.streams().list(ListStreams::new(&unknown)).await),
        404,
        "a well-formed id of no session"
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
