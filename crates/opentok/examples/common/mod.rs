//! Shared by the examples: a client for the service named in the environment, or for an
//! embedded emulator, plus the emulator's control API (simulated clients) as operations.

#![allow(dead_code)]

use opentok::session::{CreateSession, MediaMode};
use opentok::token::{Role, TokenOptions};
use opentok::{
    ApiError, BodyFormat, DecodeError, HttpRequest, OpenTok, Operation, OperationInfo, RequestContext,
    ResponseError, Rule, ValidationError,
};
use opentok_emulator::EmulatorHandle;

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
            .create_session(CreateSession::new().media_mode(MediaMode::Routed))
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

/// Emulator control API: a simulated client connects with a token.
pub(crate) struct Join {
    session_id: String,
    token: String,
}

impl Join {
    pub(crate) fn new(session_id: &str, token: &str) -> Self {
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

/// Emulator control API: a simulated client publishes a camera.
pub(crate) struct Publish {
    session_id: String,
    connection_id: String,
}

impl Publish {
    pub(crate) fn new(session_id: &str, connection_id: &str) -> Self {
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
            &serde_json::json!({ "videoType": "camera", "name": "camera" }),
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
