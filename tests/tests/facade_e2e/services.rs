//! Captions, Experience Composer, Audio Connector and callbacks.

use crate::support::{World, status_of};
use opentok::audio_connector::{StartAudioConnector, StopAudioConnector};
use opentok::callback::{CallbackEventType, CallbackGroup, DeleteCallback, ListCallbacks, RegisterCallback};
use opentok::captions::{StartCaptions, StopCaptions};
use opentok::render::{GetRender, ListRenders, StartRender, StopRender};

#[tokio::test]
async fn captions_start_stop() {
    let w = World::start().await;
    let live = w.live_session().await;
    let ot = &w.ot;
    let started = ot
        .captions()
        .start(StartCaptions::new(&live.sid, &live.moderator))
        .await
        .expect("start");
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
        status_of(ot.captions().stop(StopCaptions::new("no-such-captions")).await),
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
