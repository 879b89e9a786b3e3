//! Every facade method against the emulator over real HTTP on 127.0.0.1, success and failure,
//! one module per group of the API, with API key + secret credentials
//! (`facade_e2e_application` runs the same modules with a Vonage application).

#[path = "../support/mod.rs"]
mod support;

/// The credentials of this binary's clients.
const CREDENTIALS: support::Kind = support::Kind::Secret;

mod legacy;
mod moderation;
mod recording;
mod services;

use opentok::archive::{GetArchive, ListArchives};
use opentok::session::{ArchiveMode, CreateSession, MediaMode};
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
    let relayed =
        w.ot.sessions()
            .create(CreateSession::new())
            .await
            .expect("relayed");
    assert_ne!(routed.session_id, relayed.session_id);
    let decoded = opentok::session_id::decode(&routed.session_id).expect("decodes");
    assert!(decoded.belongs_to(KEY), "{decoded:?}");

    // Invalid input: nothing sent.
    let e =
        w.ot.sessions()
            .create(CreateSession::new().archive_mode(ArchiveMode::Always))
            .await
            .expect_err("always needs routed");
    assert!(matches!(e, Error::Validation(_)), "{e:?}");

    // Wrong secret: 403 on both auth styles' endpoints.
    let bad = w.impostor();
    assert_eq!(status_of(bad.sessions().create(CreateSession::new()).await), 403);
    let e = bad.archives().list(ListArchives::new()).await.expect_err("403");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::Unauthorized);
    assert!(e.may_have_been_sent());
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
        .sessions()
        .create(CreateSession::new().media_mode(MediaMode::Routed))
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
