//! Archives and broadcasts: lifecycles, layouts, streams, storage and lazy paging.

use std::time::{Duration, Instant};

use crate::support::{World, status_of};
use opentok::archive::{
    AddArchiveStream, ArchiveStatus, DeleteArchive, GetArchive, ListArchives, RemoveArchiveStream, S3Storage,
    SetArchiveLayout, SetArchiveStorage, StartArchive, StopArchive,
};
use opentok::broadcast::{
    AddBroadcastStream, GetBroadcast, HlsOutput, ListBroadcasts, RemoveBroadcastStream, SetBroadcastLayout,
    StartBroadcast, StopBroadcast,
};
use opentok::layout::{Layout, StreamMode};

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
