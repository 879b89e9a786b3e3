//! Live streaming: start an HLS broadcast, read its playback URL, stop it.
//!
//! `cargo run -p opentok-sdk --example broadcast` (embedded emulator without credentials).

mod common;

use opentok::broadcast::{GetBroadcast, HlsOutput, StartBroadcast, StopBroadcast};
use opentok::layout::Layout;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setup = common::Setup::new().await?;
    let ot = &setup.ot;
    let live = setup.live_session().await?;

    let b = ot
        .broadcasts()
        .start(
            StartBroadcast::new(&live.sid)
                .hls(HlsOutput::new().low_latency(true))
                .layout(Layout::best_fit()),
        )
        .await?;
    println!("broadcast {} started", b.id);
    let b = ot.broadcasts().get(GetBroadcast::new(&b.id)).await?;
    println!("HLS playback: {}", b.hls_url().unwrap_or("-"));
    ot.broadcasts().stop(StopBroadcast::new(&b.id)).await?;
    println!("broadcast {} stopped", b.id);
    setup.finish().await;
    Ok(())
}
