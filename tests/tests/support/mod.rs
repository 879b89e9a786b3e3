//! Shared set-up for the facade's end-to-end tests: an emulator on 127.0.0.1:0, a client
//! pointed at it, and a live session with a simulated participant.

#![allow(dead_code, unreachable_pub)]

use opentok::OpenTok;
use opentok::session::{CreateSession, MediaMode};
use opentok::token::{Role, TokenOptions};
use opentok_emulator::participant::{Join, Publish};
use opentok_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};

pub const KEY: &str = "47001234";
pub const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

/// A running emulator and a client for it.
pub struct World {
    pub emu: EmulatorHandle,
    pub ot: OpenTok,
}

impl World {
    pub async fn start() -> Self {
        Self::start_with(Emulator::builder()).await
    }

    pub async fn start_with(builder: EmulatorBuilder) -> Self {
        let emu = builder
            .project(KEY, SECRET)
            .start()
            .await
            .expect("emulator starts");
        let ot = OpenTok::builder(KEY, SECRET)
            .api_url(emu.base_url())
            .build()
            .expect("client");
        Self { emu, ot }
    }

    /// A client with the right key and the wrong secret.
    pub fn impostor(&self) -> OpenTok {
        OpenTok::builder(KEY, "ffffffffffffffffffffffffffffffffffffffff")
            .api_url(self.emu.base_url())
            .build()
            .expect("client")
    }

    /// A routed session with one connected client publishing one camera stream.
    pub async fn live_session(&self) -> Live {
        let sid = self
            .ot
            .create_session(CreateSession::new().media_mode(MediaMode::Routed))
            .await
            .expect("session")
            .session_id;
        let publisher = self.token(&sid, Role::Publisher);
        let moderator = self.token(&sid, Role::Moderator);
        let connection_id = self
            .ot
            .execute(&Join::new(&sid, &publisher))
            .await
            .expect("a simulated client joins");
        let stream_id = self
            .ot
            .execute(&Publish::new(&sid, &connection_id).name("cam"))
            .await
            .expect("it publishes");
        Live {
            sid,
            publisher,
            moderator,
            connection_id,
            stream_id,
        }
    }

    pub fn token(&self, sid: &str, role: Role) -> String {
        self.ot
            .generate_token(sid, &TokenOptions::new().role(role))
            .expect("token")
    }
}

/// A session with a connected, publishing client.
pub struct Live {
    pub sid: String,
    pub publisher: String,
    pub moderator: String,
    pub connection_id: String,
    pub stream_id: String,
}

/// The status of an API error, or a panic naming what came instead.
pub fn status_of<T: std::fmt::Debug>(r: Result<T, opentok::Error>) -> u16 {
    match r {
        Err(opentok::Error::Api(e)) => e.status.as_u16(),
        other => panic!("expected an API error, got {other:?}"),
    }
}
