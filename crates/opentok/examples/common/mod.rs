//! Shared by the examples: a client for the service named in the environment, or for an
//! embedded emulator, with a simulated participant from the emulator's control API.

#![allow(dead_code)]

use opentok::OpenTok;
use opentok::session::{CreateSession, MediaMode};
use opentok::token::{Role, TokenOptions};
use opentok_emulator::EmulatorHandle;
use opentok_emulator::participant::{Join, Publish};

/// A client, and the emulator behind it when no credentials are in the environment.
pub(crate) struct Setup {
    pub(crate) ot: OpenTok,
    pub(crate) emulator: Option<EmulatorHandle>,
}

impl Setup {
    pub(crate) async fn new() -> Result<Self, Box<dyn std::error::Error>> {
        let set = |k: &str| std::env::var(k).is_ok_and(|v| !v.is_empty());
        if set("OPENTOK_API_KEY") && set("OPENTOK_API_SECRET") {
            return Ok(Self {
                ot: OpenTok::from_env()?,
                emulator: None,
            });
        }
        let emu = opentok_emulator::Emulator::builder().start().await?;
        let ot = OpenTok::builder(emu.api_key(), emu.api_secret())
            .api_url(emu.base_url())
            .build()?;
        println!("(embedded emulator at {})", emu.base_url());
        Ok(Self {
            ot,
            emulator: Some(emu),
        })
    }

    /// A routed session with one simulated participant publishing a camera (emulator only).
    pub(crate) async fn live_session(&self) -> Result<Live, Box<dyn std::error::Error>> {
        if self.emulator.is_none() {
            return Err("this example needs a connected client: run it without OPENTOK_API_KEY / OPENTOK_API_SECRET to use the embedded emulator".into());
        }
        let sid = self
            .ot
            .sessions()
            .create(CreateSession::new().media_mode(MediaMode::Routed))
            .await?
            .session_id;
        let moderator = self
            .ot
            .generate_token(&sid, &TokenOptions::new().role(Role::Moderator))?;
        let connection_id = self.ot.execute(&Join::new(&sid, &moderator)).await?;
        let stream_id = self.ot.execute(&Publish::new(&sid, &connection_id)).await?;
        Ok(Live {
            sid,
            moderator,
            connection_id,
            stream_id,
        })
    }

    pub(crate) async fn finish(self) {
        if let Some(emu) = self.emulator {
            emu.shutdown().await;
        }
    }
}

/// A session with a connected, publishing participant.
pub(crate) struct Live {
    pub(crate) sid: String,
    pub(crate) moderator: String,
    pub(crate) connection_id: String,
    pub(crate) stream_id: String,
}
