//! The legacy hl API: session create, manifest, download URL, stitch and delete.

use crate::support::{World, status_of};
use opentok::archive::{StartArchive, StopArchive};

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

#[tokio::test]
async fn legacy_manifest_url_and_delete() {
    use opentok::legacy::{DeleteLegacyArchive, GetArchiveUrl, GetManifest, Stitch, StitchArchive};
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

    // Stitch: the composed file once the archive is available, or "still processing".
    match ot
        .legacy()
        .stitch(StitchArchive::new(&a.id))
        .await
        .expect("stitch")
    {
        Stitch::Ready { location } => assert!(location.starts_with("http"), "{location}"),
        Stitch::Processing => {}
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        status_of(ot.legacy().stitch(StitchArchive::new("no-such-archive")).await),
        404
    );
    assert_eq!(
        status_of(w.impostor().legacy().stitch(StitchArchive::new(&a.id)).await),
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
