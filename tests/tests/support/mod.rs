//! Shared set-up for the facade's end-to-end tests: an emulator on 127.0.0.1:0, a client
//! pointed at it, and the emulator's control API (simulated clients) as operations.

#![allow(dead_code, unreachable_pub)]

use opentok::session::{CreateSession, MediaMode};
use opentok::token::{Role, TokenOptions};
use opentok::{
    ApiError, BodyFormat, DecodeError, HttpRequest, OpenTok, Operation, OperationInfo, RequestContext,
    ResponseError, Rule, ValidationError,
};
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
            .execute(&Publish::new(&sid, &connection_id))
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

/// The emulator's control API: a simulated client connects with a token.
pub struct Join {
    session_id: String,
    token: String,
}

impl Join {
    pub fn new(session_id: &str, token: &str) -> Self {
        Self {
            session_id: session_id.into(),
            token: token.into(),
        }
    }
}

impl Operation for Join {
    type Output = String;
    const INFO: OperationInfo = OperationInfo {
        name: "emulator_join",
        method: "POST",
        path: "/_emulator/v1/sessions/{sessionId}/connections",
        summary: "A simulated client connects",
        facade: "-",
        cli: "-",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        control(
            ctx,
            &format!("/_emulator/v1/sessions/{}/connections", self.session_id),
            &serde_json::json!({ "token": self.token }),
        )
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<String, ResponseError> {
        field(response, "connectionId")
    }
}

/// The emulator's control API: a simulated client publishes a camera.
pub struct Publish {
    session_id: String,
    connection_id: String,
}

impl Publish {
    pub fn new(session_id: &str, connection_id: &str) -> Self {
        Self {
            session_id: session_id.into(),
            connection_id: connection_id.into(),
        }
    }
}

impl Operation for Publish {
    type Output = String;
    const INFO: OperationInfo = OperationInfo {
        name: "emulator_publish",
        method: "POST",
        path: "/_emulator/v1/sessions/{sessionId}/connections/{connectionId}/streams",
        summary: "A simulated client publishes",
        facade: "-",
        cli: "-",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        control(
            ctx,
            &format!(
                "/_emulator/v1/sessions/{}/connections/{}/streams",
                self.session_id, self.connection_id
            ),
            &serde_json::json!({ "videoType": "camera", "name": "cam" }),
        )
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<String, ResponseError> {
        field(response, "streamId")
    }
}

fn control(
    ctx: &RequestContext<'_>,
    path: &str,
    body: &serde_json::Value,
) -> Result<HttpRequest, ValidationError> {
    ctx.authed_request(http::Method::POST, path, &[])
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body.to_string().into_bytes())
        .map_err(|e| ValidationError::new("request", Rule::Conflict(e.to_string().into())))
}

fn field<B: AsRef<[u8]>>(response: &http::Response<B>, name: &str) -> Result<String, ResponseError> {
    let body = response.body().as_ref();
    if !response.status().is_success() {
        return Err(ApiError::from_parts(response.status(), body).into());
    }
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| DecodeError::new(response.status(), BodyFormat::Json, e, body))?;
    v.get(name)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            DecodeError::new(response.status(), BodyFormat::Json, format!("no {name}"), body).into()
        })
}

/// The status of an API error, or a panic naming what came instead.
pub fn status_of<T: std::fmt::Debug>(r: Result<T, opentok::Error>) -> u16 {
    match r {
        Err(opentok::Error::Api(e)) => e.status.as_u16(),
        other => panic!("expected an API error, got {other:?}"),
    }
}
