//! The legacy hl API: partner-auth session create, manifest, download URL and delete with a
//! moderator token; errors as XML `<Errors>` in a 200.

mod common;

use std::time::Duration;

use common::*;
use http::{Method, StatusCode};
use opentok_core::archive::{StartArchive, StopArchive};
use opentok_core::legacy::{DeleteLegacyArchive, GetArchiveUrl, GetManifest, LegacyCreateSession};
use opentok_core::token::Role;

#[tokio::test]
async fn legacy_session_manifest_url_and_delete() {
    let h = start_with(builder().archive_processing(Duration::from_millis(20))).await;
    let s = h
        .op(&LegacyCreateSession::new().location("10.0.0.1"))
        .await
        .expect("legacy session");
    assert!(
        opentok_core::session_id::decode(&s.session_id)
            .expect("decodes")
            .belongs_to(KEY)
    );
    assert_eq!(s.partner_id.as_deref(), Some(KEY));
    // Wrong secret: an <Errors> document in a 200.
    let r = h
        .raw(
            Method::POST,
            "/hl/session/create",
            &[("x-tb-partner-auth", &format!("{KEY}:nope"))],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let text = String::from_utf8(r.bytes).expect("utf8");
    assert!(
        text.contains("<Errors><error code=\"403\"><notAuthorized"),
        "{text}"
    );
    // A secret of the right length that differs in one place, first or last, is refused too
    // (the comparison is constant time, over the whole secret).
    for at in [0, SECRET.len() - 1] {
        let mut near = SECRET.as_bytes().to_vec();
        near[at] = if near[at] == b'0' { b'1' } else { b'0' };
        let near = String::from_utf8(near).expect("ascii");
        let r = h
            .raw(
                Method::POST,
                "/hl/session/create",
                &[("x-tb-partner-auth", &format!("{KEY}:{near}"))],
                vec![],
            )
            .await;
        let text = String::from_utf8(r.bytes).expect("utf8");
        assert!(text.contains("<notAuthorized"), "{at}: {text}");
    }

    // Record something on a v2 archive, then read it back through the hl API.
    let sid = h.session(true).await;
    let cid = h.join(&sid, Role::Publisher).await;
    let st = h.publish(&sid, &cid, "camera").await;
    let a = h.op(&StartArchive::new(&sid)).await.expect("start");
    h.op(&StopArchive::new(&a.id)).await.expect("stop");
    let moderator = h.token(&sid, Role::Moderator);
    let m = h
        .op(&GetManifest::new(&a.id, &moderator))
        .await
        .expect("manifest");
    assert_eq!(m.archive_id, a.id);
    assert_eq!(m.resources.len(), 1);
    assert_eq!(m.resources[0].id, st);
    let url = h
        .op(&GetArchiveUrl::new(&a.id, &st, &moderator))
        .await
        .expect("url");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // A publisher token is not enough.
    let e = h
        .op(&GetManifest::new(&a.id, h.token(&sid, Role::Publisher)))
        .await
        .expect_err("not a moderator");
    assert_eq!(e.api().expect("api").code, Some(403));
    let e = h
        .op(&GetManifest::new("nope", &moderator))
        .await
        .expect_err("unknown archive");
    assert_eq!(e.api().expect("api").code, Some(404));
    // Stitch: 202 while processing, 201 with a Location once available.
    let partner = format!("{KEY}:{SECRET}");
    let stitch = format!("/hl/archive/{}/stitch", a.id);
    let first = h
        .raw(Method::POST, &stitch, &[("x-tb-partner-auth", &partner)], vec![])
        .await;
    assert!(matches!(first.status.as_u16(), 201 | 202), "{}", first.status);
    let ready = h
        .eventually(|| async {
            h.raw(Method::POST, &stitch, &[("x-tb-partner-auth", &partner)], vec![])
                .await
                .status
                == StatusCode::CREATED
        })
        .await;
    assert!(ready);
    let r = h
        .raw(Method::POST, &stitch, &[("x-tb-partner-auth", &partner)], vec![])
        .await;
    assert!(
        r.headers["location"]
            .to_str()
            .expect("ascii")
            .contains("/download?expires=")
    );
    let r = h
        .raw(
            Method::POST,
            &stitch,
            &[("x-tb-partner-auth", &format!("{KEY}:bad"))],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = h
        .raw(
            Method::POST,
            "/hl/archive/nope/stitch",
            &[("x-tb-partner-auth", &partner)],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    h.op(&DeleteLegacyArchive::new(&a.id, &moderator))
        .await
        .expect("deleted");
    let e = h
        .op(&DeleteLegacyArchive::new(&a.id, &moderator))
        .await
        .expect_err("gone");
    assert_eq!(e.api().expect("api").code, Some(404));
    // GET on delete is not routed.
    let r = h
        .raw(Method::GET, &format!("/hl/archive/delete/{}", a.id), &[], vec![])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
