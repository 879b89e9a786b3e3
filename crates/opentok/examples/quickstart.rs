//! The first thing to run: `cargo run -p opentok-sdk --example quickstart`.
//!
//! Without credentials in the environment it starts the embedded emulator (a local OpenTok
//! REST service), creates a routed session, mints a token for each role, connects a simulated
//! participant, starts, stops, lists and deletes an archive, sends a signal and prints a
//! summary. With `OPENTOK_API_KEY` and `OPENTOK_API_SECRET` set (and optionally
//! `OPENTOK_API_URL`) it runs against that service instead, skipping what needs a real
//! connected client (the participant, the archive and the signal).

use std::time::{Duration, Instant};

use opentok::OpenTok;
use opentok::archive::{ArchiveStatus, DeleteArchive, GetArchive, ListArchives, StartArchive, StopArchive};
use opentok::session::{CreateSession, MediaMode};
use opentok::signal::Signal;
use opentok::token::{Role, TokenOptions};
use opentok_emulator::participant::{Join, Publish};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let real = std::env::var("OPENTOK_API_KEY").is_ok_and(|v| !v.is_empty())
        && std::env::var("OPENTOK_API_SECRET").is_ok_and(|v| !v.is_empty());

    // Either the service named by the environment, or an emulator on a free loopback port.
    let (ot, emulator) = if real {
        (OpenTok::from_env()?, None)
    } else {
        let emu = opentok_emulator::Emulator::builder().start().await?;
        let ot = OpenTok::builder(emu.api_key(), emu.api_secret())
            .api_url(emu.base_url())
            .build()?;
        (ot, Some(emu))
    };
    println!("OpenTok quickstart against {}", ot.api_url());
    if emulator.is_some() {
        println!("  (embedded emulator: no OPENTOK_API_KEY / OPENTOK_API_SECRET in the environment)");
    }

    // 1. A routed session: media goes through the OpenTok Media Router, so it can be archived.
    let session = ot
        .create_session(CreateSession::new().media_mode(MediaMode::Routed))
        .await?;
    let sid = session.session_id.clone();
    println!("\nsession  {sid}");

    // 2. One token per role; minting is local (no request).
    println!("\ntokens");
    let mut publisher_token = String::new();
    for role in Role::ALL {
        let token = ot.generate_token(&sid, &TokenOptions::new().role(role).data("name=quickstart"))?;
        println!("  {:<15} {token}", role.to_string());
        if role == Role::Publisher {
            publisher_token = token;
        }
    }

    let mut summary = vec![
        "created a routed session".to_string(),
        format!("minted {} tokens", Role::ALL.len()),
    ];

    if emulator.is_some() {
        // 3. A simulated participant joins with the publisher token and publishes a camera.
        let connection_id = ot.execute(&Join::new(&sid, &publisher_token)).await?;
        let stream_id = ot
            .execute(&Publish::new(&sid, &connection_id).name("quickstart camera"))
            .await?;
        println!("\nparticipant  connection {connection_id}, stream {stream_id}");
        summary.push("connected a simulated participant publishing one stream".into());

        // 4. Archive: start, stop, wait until available, list, delete.
        let archive = ot
            .archives()
            .start(StartArchive::new(&sid).name("quickstart"))
            .await?;
        println!("\narchive  {} started", archive.id);
        let stopped = ot.archives().stop(StopArchive::new(&archive.id)).await?;
        println!("archive  {} {}", stopped.id, stopped.status);
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut status = stopped.status;
        while status != ArchiveStatus::Available && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
            status = ot.archives().get(GetArchive::new(&archive.id)).await?.status;
        }
        println!("archive  {} {status}", archive.id);
        let listed = ot.archives().list(ListArchives::new().session_id(&sid)).await?;
        println!("archives of this session: {}", listed.count);
        ot.archives().delete(DeleteArchive::new(&archive.id)).await?;
        println!("archive  {} deleted", archive.id);
        summary.push(format!(
            "archive started, stopped, became {status}, listed ({} in the session) and deleted",
            listed.count
        ));

        // 5. A signal to everyone in the session.
        ot.signals()
            .send(Signal::new(&sid, "hello from the quickstart").signal_type("chat"))
            .await?;
        println!("\nsignal   sent (type chat)");
        summary.push("sent a signal to the session".into());
    } else {
        let page = ot.archives().list(ListArchives::new().count(5)).await?;
        println!("\narchives in the project: {}", page.count);
        summary.push(format!("listed archives ({} in the project)", page.count));
        summary.push("skipped participant, archive and signal: they need a real connected client".into());
    }

    println!("\nsummary ({} ms)", started.elapsed().as_millis());
    for line in &summary {
        println!("  - {line}");
    }
    if let Some(emu) = emulator {
        emu.shutdown().await;
    }
    Ok(())
}
