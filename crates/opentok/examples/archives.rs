//! Archives: record a session in manual stream mode, pick its streams, change the layout,
//! stop, wait until it is available, page through every archive lazily, delete.
//!
//! `cargo run -p opentok-sdk --example archives` (embedded emulator without credentials).

mod common;

use std::time::{Duration, Instant};

use opentok::archive::{
    AddArchiveStream, ArchiveStatus, DeleteArchive, GetArchive, ListArchives, SetArchiveLayout, StartArchive,
    StopArchive,
};
use opentok::layout::{Layout, StreamMode};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setup = common::Setup::new().await?;
    let ot = &setup.ot;
    let live = setup.live_session().await?;

    let archive = ot
        .archives()
        .start(
            StartArchive::new(&live.sid)
                .name("team meeting")
                .stream_mode(StreamMode::Manual),
        )
        .await?;
    println!("started {} ({})", archive.id, archive.status.as_str());
    ot.archives()
        .add_stream(AddArchiveStream::new(&archive.id, &live.stream_id))
        .await?;
    ot.archives()
        .set_layout(SetArchiveLayout::new(&archive.id, Layout::best_fit()))
        .await?;
    ot.archives().stop(StopArchive::new(&archive.id)).await?;

    let deadline = Instant::now() + Duration::from_secs(30);
    let done = loop {
        let a = ot.archives().get(GetArchive::new(&archive.id)).await?;
        if a.status == ArchiveStatus::Available || Instant::now() > deadline {
            break a;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    println!(
        "{} is {}; download: {}",
        done.id,
        done.status.as_str(),
        done.url.as_deref().unwrap_or("-")
    );

    // Every archive of the project, fetched 50 at a time as the loop advances.
    let mut all = ot.archives().list_all(ListArchives::new().count(50));
    while let Some(a) = all.next_item().await {
        let a = a?;
        println!(
            "  {} {:<10} {}",
            a.id,
            a.status.as_str(),
            a.name.as_deref().unwrap_or("")
        );
    }

    ot.archives().delete(DeleteArchive::new(&archive.id)).await?;
    println!("deleted {}", archive.id);
    setup.finish().await;
    Ok(())
}
