//! The v0.91 "hl" API: read an archive's XML manifest, get a video's download URL and delete
//! the archive, each authorised by a moderator client token.
//!
//! `cargo run -p opentok-sdk --example legacy_manifest` (embedded emulator without credentials).

mod common;

use opentok::archive::{StartArchive, StopArchive};
use opentok::legacy::{DeleteLegacyArchive, GetArchiveUrl, GetManifest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setup = common::Setup::new().await?;
    let ot = &setup.ot;
    let live = setup.live_session().await?;
    let archive = ot
        .archives()
        .start(StartArchive::new(&live.sid).name("hl demo"))
        .await?;
    ot.archives().stop(StopArchive::new(&archive.id)).await?;

    let manifest = ot
        .legacy()
        .manifest(GetManifest::new(&archive.id, &live.moderator))
        .await?;
    println!("manifest of {} ({:?})", manifest.archive_id, manifest.title);
    for video in &manifest.resources {
        let url = ot
            .legacy()
            .archive_url(GetArchiveUrl::new(&archive.id, &video.id, &live.moderator))
            .await?;
        println!("  video {} ({:?} ms): {url}", video.id, video.length);
    }
    ot.legacy()
        .delete_archive(DeleteLegacyArchive::new(&archive.id, &live.moderator))
        .await?;
    println!("deleted {}", archive.id);
    setup.finish().await;
    Ok(())
}
