//! The first thing to run: `cargo run -p opentok-sdk --example quickstart`.
//!
//! Without credentials in the environment it starts the embedded emulator (a local OpenTok
//! REST service) serving a Vonage application, whose key pair it generates, and creates a routed session, mints a token for each role, connects a simulated
//! participant, starts, stops, lists and deletes an archive, sends a signal and prints a
//! summary. With credentials of either kind in the environment it runs against the service
//! instead (`OPENTOK_API_URL` overrides the default host), skipping what needs a real connected
//! client (the participant, the archive and the signal):
//!
//! * an API key and secret: `OPENTOK_API_KEY` and `OPENTOK_API_SECRET`;
//! * a Vonage application: `VONAGE_APPLICATION_ID` with `VONAGE_PRIVATE_KEY` (the PEM text) or
//!   `VONAGE_PRIVATE_KEY_PATH` (the key file).
//!
//! Both kinds at once, or half of one, is an error naming the variables (exit status 1).

use std::error::Error;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use opentok::OpenTok;
use opentok::archive::{ArchiveStatus, DeleteArchive, GetArchive, ListArchives, StartArchive, StopArchive};
use opentok::session::{CreateSession, MediaMode};
use opentok::signal::Signal;
use opentok::token::{Role, TokenOptions};
use opentok_emulator::EmulatorHandle;
use opentok_emulator::participant::{Join, Publish};

/// Every variable `OpenTok::from_env` takes credentials from; any of them set (and not empty)
/// means the quickstart runs against the service rather than the embedded emulator.
const CREDENTIAL_VARIABLES: [&str; 5] = [
    "OPENTOK_API_KEY",
    "OPENTOK_API_SECRET",
    "VONAGE_APPLICATION_ID",
    "VONAGE_PRIVATE_KEY",
    "VONAGE_PRIVATE_KEY_PATH",
];

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quickstart: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A client for the service the environment names, or for an embedded emulator when no
/// credential variable is set.
async fn connect() -> Result<(OpenTok, Option<EmulatorHandle>), Box<dyn Error>> {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.trim().is_empty());
    if CREDENTIAL_VARIABLES.iter().any(|name| set(name)) {
        // One kind of credentials, complete; anything else is refused naming the variables.
        return Ok((OpenTok::from_env()?, None));
    }
    let (ot, emulator) = start_embedded_emulator().await?;
    Ok((ot, Some(emulator)))
}

/// Starts the emulator on a free loopback port serving a Vonage application, the kind of project
/// new customers get, and returns a client for it. The emulator generates the application's RSA
/// key pair and writes the private key to a file (in a temporary folder, gone once the key is
/// read); the client signs with that key, as it would with the key the Vonage dashboard gives.
async fn start_embedded_emulator() -> Result<(OpenTok, EmulatorHandle), Box<dyn Error>> {
    // Any UUID names an application; the real one comes from the dashboard.
    const APPLICATION_ID: &str = "5a1e0c2d-7f3b-4c9e-9d2a-0b6e8f4a1c37";
    let key_dir = tempfile::tempdir()?;
    let key_path = key_dir.path().join("private.key");
    let emulator = opentok_emulator::Emulator::builder()
        .generated_application(APPLICATION_ID, &key_path)
        .start()
        .await?;
    let private_key_pem = std::fs::read_to_string(&key_path)?;
    let ot = OpenTok::application_builder(APPLICATION_ID, private_key_pem)
        .api_url(emulator.base_url())
        .build()?;
    Ok((ot, emulator))
}

/// Which kind of credentials the client signs with, for the first lines printed.
fn describe_credentials(ot: &OpenTok) -> String {
    let creds = ot.credentials();
    match creds.application_credentials() {
        Some(app) => format!(
            "Vonage application {} (Authorization: Bearer RS256; RS256 client tokens)",
            app.application_id().as_str()
        ),
        None => format!(
            "API key {} and secret (X-OPENTOK-AUTH HS256; T1 client tokens)",
            creds.project_id()
        ),
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    // Either the service named by the environment, or an emulator on a free loopback port.
    let (ot, emulator) = connect().await?;
    println!("OpenTok quickstart against {}", ot.api_url());
    println!("  credentials: {}", describe_credentials(&ot));
    if emulator.is_some() {
        println!("  (embedded emulator: no credential variable in the environment)");
    }

    // 1. A routed session: media goes through the OpenTok Media Router, so it can be archived.
    let session = ot
        .sessions()
        .create(CreateSession::new().media_mode(MediaMode::Routed))
        .await?;
    let sid = session.session_id.clone();
    println!("\nsession  {sid}");

    // 2. One token per role; minting is local (no request).
    println!("\ntokens");
    let mut publisher_token = String::new();
    for role in Role::ALL {
        let token = ot.generate_token(&sid, &TokenOptions::new().role(role).data("name=quickstart"))?;
        // A token admits its holder to the session: show only its start and length.
        let head: String = token.chars().take(24).collect();
        println!("  {:<15} {head}… ({} characters)", role.as_str(), token.len());
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
        println!("archive  {} {}", stopped.id, stopped.status.as_str());
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut status = stopped.status;
        while status != ArchiveStatus::Available && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
            status = ot.archives().get(GetArchive::new(&archive.id)).await?.status;
        }
        println!("archive  {} {}", archive.id, status.as_str());
        let listed = ot.archives().list(ListArchives::new().session_id(&sid)).await?;
        println!("archives of this session: {}", listed.count);
        ot.archives().delete(DeleteArchive::new(&archive.id)).await?;
        println!("archive  {} deleted", archive.id);
        summary.push(format!(
            "archive started, stopped, became {}, listed ({} in the session) and deleted",
            status.as_str(),
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
