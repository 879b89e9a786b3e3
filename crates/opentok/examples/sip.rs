//! SIP interconnect: dial a SIP endpoint into a session, then play DTMF to everyone and to the
//! SIP participant alone.
//!
//! `cargo run -p opentok-sdk --example sip` (embedded emulator without credentials).

mod common;

use opentok::sip::{Dial, PlayDtmf};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setup = common::Setup::new().await?;
    let ot = &setup.ot;
    let live = setup.live_session().await?;

    let call = ot
        .sip()
        .dial(
            Dial::new(
                &live.sid,
                &live.moderator,
                "sip:conference@sip.example.com;transport=tls",
            )
            .secure(true)
            .auth("sip-user", "sip-password"),
        )
        .await?;
    println!("SIP call {} on connection {:?}", call.id, call.connection_id);
    ot.sip().play_dtmf(PlayDtmf::new(&live.sid, "1234#")).await?;
    if let Some(connection_id) = &call.connection_id {
        ot.sip()
            .play_dtmf_to(PlayDtmf::new(&live.sid, "9").to_connection(connection_id))
            .await?;
    }
    println!("DTMF sent");
    setup.finish().await;
    Ok(())
}
