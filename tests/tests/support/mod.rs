//! Shared set-up for the facade's end-to-end tests: an emulator on 127.0.0.1:0 serving an API
//! key and secret project and a Vonage application, a client pointed at it with the credential
//! kind the test binary names (`crate::CREDENTIALS`), and a live session with a simulated
//! participant.

#![allow(dead_code, unreachable_pub)]

use opentok::OpenTok;
use opentok::session::{CreateSession, MediaMode};
use opentok::token::{Role, TokenOptions};
use opentok_emulator::participant::{Join, Publish};
use opentok_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};

pub const KEY: &str = "47001234";
pub const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";
/// The application served next to the key + secret project.
pub const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// Which credentials a test's client uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// API key + secret.
    Secret,
    /// A Vonage application (id + RSA private key).
    Application,
}

/// A throwaway key pair file of core's test vectors.
pub fn vector(name: &str) -> String {
    let path = format!(
        "{}/../crates/opentok-core/tests/vectors/vonage/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("test vector")
}

/// A running emulator and a client for it.
pub struct World {
    pub emu: EmulatorHandle,
    pub ot: OpenTok,
    pub kind: Kind,
}

impl World {
    pub async fn start() -> Self {
        Self::start_with(Emulator::builder()).await
    }

    pub async fn start_with(builder: EmulatorBuilder) -> Self {
        Self::start_as(crate::CREDENTIALS, builder).await
    }

    pub async fn start_as(kind: Kind, builder: EmulatorBuilder) -> Self {
        let emu = builder
            .project(KEY, SECRET)
            .application(APP, vector("test_public_key.pem"))
            .start()
            .await
            .expect("emulator starts");
        let ot = Self::client(kind, emu.base_url(), false);
        Self { emu, ot, kind }
    }

    /// A client of `kind` for `url`; with `forged`, signing with the wrong secret or key.
    fn client(kind: Kind, url: &str, forged: bool) -> OpenTok {
        let b = match (kind, forged) {
            (Kind::Secret, false) => OpenTok::builder(KEY, SECRET),
            (Kind::Secret, true) => OpenTok::builder(KEY, "ffffffffffffffffffffffffffffffffffffffff"),
            (Kind::Application, false) => {
                OpenTok::application_builder(APP, vector("THROWAWAY_TEST_KEY_private_pkcs8.pem"))
            }
            (Kind::Application, true) => {
                OpenTok::application_builder(APP, vector("OTHER_THROWAWAY_KEY_private_pkcs8.pem"))
            }
        };
        b.api_url(url).build().expect("client")
    }

    /// The project id in paths and session ids: the API key or the application id.
    pub fn project_id(&self) -> &'static str {
        match self.kind {
            Kind::Secret => KEY,
            Kind::Application => APP,
        }
    }

    /// A client with the right key (or application id) and the wrong secret (or private key).
    pub fn impostor(&self) -> OpenTok {
        Self::client(self.kind, self.emu.base_url(), true)
    }

    /// A routed session with one connected client publishing one camera stream.
    pub async fn live_session(&self) -> Live {
        let sid = self
            .ot
            .sessions()
            .create(CreateSession::new().media_mode(MediaMode::Routed))
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
