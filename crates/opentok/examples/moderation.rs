//! Moderation: list streams, set layout classes, force-mute one stream, mute everyone (and
//! undo), signal one participant, force a participant out.
//!
//! `cargo run -p opentok-sdk --example moderation` (embedded emulator without credentials).

mod common;

use opentok::connection::{ForceDisconnect, ListConnections};
use opentok::signal::SignalConnection;
use opentok::stream::{ForceMuteStream, ListStreams, MuteAll, SetStreamLayoutClasses};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setup = common::Setup::new().await?;
    let ot = &setup.ot;
    let live = setup.live_session().await?;

    for s in ot.streams().list(ListStreams::new(&live.sid)).await?.items {
        println!("stream {} ({:?})", s.id, s.video_type);
    }
    ot.streams()
        .set_layout_classes(SetStreamLayoutClasses::new(&live.sid).stream(&live.stream_id, ["focus"]))
        .await?;
    ot.streams()
        .force_mute(ForceMuteStream::new(&live.sid, &live.stream_id))
        .await?;
    ot.streams().mute_all(MuteAll::enable(&live.sid)).await?;
    ot.streams().mute_all(MuteAll::disable(&live.sid)).await?;
    ot.signals()
        .send_to(
            SignalConnection::new(&live.sid, &live.connection_id, "please unmute").signal_type("moderation"),
        )
        .await?;
    ot.connections()
        .force_disconnect(ForceDisconnect::new(&live.sid, &live.connection_id))
        .await?;
    let left = ot.connections().list(ListConnections::new(&live.sid)).await?;
    println!("connections left in the session: {}", left.items.len());
    setup.finish().await;
    Ok(())
}
