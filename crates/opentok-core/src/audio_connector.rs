//! Audio Connector: stream a session's audio to a WebSocket, and stop it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::check::check_id;
use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, debug_with_token, id_op, parse_empty, parse_json, setters,
    with_json,
};
use crate::serde_util::string_enum;
use crate::transport::HttpRequest;

/// The most streams one Audio Connector can send.
const MAX_STREAMS: usize = 50;
/// The audio sample rates the service offers, in Hz.
const AUDIO_RATES: &[u32] = &[8000, 16000, 24000];

/// A running Audio Connector: the reply of [`StartAudioConnector`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AudioConnection {
    /// The Audio Connector call id, for [`StopAudioConnector`].
    pub id: String,
    /// The connection the Audio Connector joined the session with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<String>,
}

impl AudioConnection {
    /// A reply from its ids (for emulators and tests).
    pub fn new(id: impl Into<String>, connection_id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            connection_id: Some(connection_id.into()),
        }
    }
}

string_enum! {
    /// How the audio inside a JSON WebSocket message is encoded
    /// (`websocket.audioTransport.encoding`).
    pub enum AudioEncoding {
        /// Base64 text (the one encoding the service names).
        Base64 => "base64",
    }
}

/// The framing of audio on the WebSocket (`websocket.audioTransport.transport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Framing {
    Binary,
    Json,
}

/// How audio travels on the WebSocket: `websocket.audioTransport`, whose keys are
/// snake_case on the wire (`{"transport","encoding"?,"audio_field"?,"receive_audio_field"?,
/// "static_fields"?}`).
///
/// [`AudioTransport::binary`] is the service's default (raw 16-bit PCM frames);
/// [`AudioTransport::json`] wraps each frame in a JSON text message whose `audio_field`
/// (default `audio`) holds the encoded audio, with the `static_fields` added to every
/// message the service sends. The field options are for JSON framing only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AudioTransport {
    transport: Framing,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<AudioEncoding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audio_field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    receive_audio_field: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    static_fields: BTreeMap<String, String>,
}

impl AudioTransport {
    /// Raw binary PCM frames (`{"transport":"binary"}`), the service's default.
    pub fn binary() -> Self {
        Self::framed(Framing::Binary, None)
    }

    /// JSON text messages with the audio in `encoding` (`{"transport":"json","encoding":…}`;
    /// the service requires an encoding with JSON framing).
    pub fn json(encoding: AudioEncoding) -> Self {
        Self::framed(Framing::Json, Some(encoding))
    }

    fn framed(transport: Framing, encoding: Option<AudioEncoding>) -> Self {
        Self {
            transport,
            encoding,
            audio_field: None,
            receive_audio_field: None,
            static_fields: BTreeMap::new(),
        }
    }

    /// The JSON key holding the audio the service sends (service default `audio`).
    pub fn audio_field(mut self, key: impl Into<String>) -> Self {
        self.audio_field = Some(key.into());
        self
    }

    /// The JSON key the service reads audio from in messages it receives, with
    /// [`StartAudioConnector::bidirectional`] (service default: the `audio_field`).
    pub fn receive_audio_field(mut self, key: impl Into<String>) -> Self {
        self.receive_audio_field = Some(key.into());
        self
    }

    /// Adds a key and value the service puts in every JSON message it sends.
    pub fn static_field(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.static_fields.insert(key.into(), value.into());
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        const AT: &str = "websocket.audioTransport";
        if self.transport == Framing::Binary {
            let json_only = [
                ("audio_field", self.audio_field.is_some()),
                ("receive_audio_field", self.receive_audio_field.is_some()),
                ("static_fields", !self.static_fields.is_empty()),
            ];
            if let Some((name, _)) = json_only.iter().find(|(_, set)| *set) {
                return Err(ValidationError::new(
                    format!("{AT}.{name}"),
                    Rule::Conflict("only with transport json".into()),
                ));
            }
        }
        if self.encoding.as_ref().is_some_and(|e| e.as_str().is_empty()) {
            return Err(ValidationError::new(format!("{AT}.encoding"), Rule::Required));
        }
        for (name, key) in [
            ("audio_field", &self.audio_field),
            ("receive_audio_field", &self.receive_audio_field),
        ] {
            if key.as_deref().is_some_and(str::is_empty) {
                return Err(ValidationError::new(format!("{AT}.{name}"), Rule::Required));
            }
        }
        if self.static_fields.contains_key("") {
            return Err(ValidationError::new(
                format!("{AT}.static_fields"),
                Rule::Format("non-empty keys"),
            ));
        }
        Ok(())
    }
}

#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WebSocketOptions {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    streams: Option<Vec<String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    headers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audio_rate: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bidirectional: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audio_transport: Option<AudioTransport>,
}

/// Connects a session's audio to a WebSocket server: `POST /v2/project/{apiKey}/connect`
/// with `{"sessionId","token","websocket":{"uri","streams"?,"headers"?,"audioRate"?,
/// "bidirectional"?,"audioTransport"?}}`; the service answers `{"id","connectionId"}`.
///
/// The session must be routed (409 otherwise). Without `streams`, all audio is mixed.
/// Header values may carry credentials for the WebSocket server, so `Debug` shows only
/// their names.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartAudioConnector {
    pub(crate) session_id: String,
    pub(crate) token: String,
    pub(crate) websocket: WebSocketOptions,
}

impl fmt::Debug for StartAudioConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ws = &self.websocket;
        debug_with_token(f, "StartAudioConnector", &self.session_id)
            .field("uri", &ws.uri)
            .field("streams", &ws.streams)
            .field("headers", &ws.headers.keys().collect::<Vec<_>>())
            .field("audio_rate", &ws.audio_rate)
            .field("bidirectional", &ws.bidirectional)
            .field("audio_transport", &ws.audio_transport)
            .finish()
    }
}

impl StartAudioConnector {
    /// Sends the audio of `session_id` to the WebSocket at `uri` (`ws://` or `wss://`),
    /// connecting with `token`.
    pub fn new(session_id: impl Into<String>, token: impl Into<String>, uri: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            token: token.into(),
            websocket: WebSocketOptions {
                uri: uri.into(),
                streams: None,
                headers: BTreeMap::new(),
                audio_rate: None,
                bidirectional: None,
                audio_transport: None,
            },
        }
    }

    /// Sends only this stream's audio (repeatable; at most 50 streams).
    pub fn stream(mut self, stream_id: impl Into<String>) -> Self {
        self.websocket
            .streams
            .get_or_insert_with(Vec::new)
            .push(stream_id.into());
        self
    }

    /// Sends only these streams' audio (at most 50).
    pub fn streams<I, S>(mut self, stream_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.websocket
            .streams
            .get_or_insert_with(Vec::new)
            .extend(stream_ids.into_iter().map(Into::into));
        self
    }

    /// Adds a header the service sends in the WebSocket's opening request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.websocket.headers.insert(name.into(), value.into());
        self
    }

    setters! {
        /// The audio sample rate in Hz: 8000, 16000 or 24000 (service default 16000).
        audio_rate in websocket: u32,
        /// Whether audio from the WebSocket is played back into the session.
        bidirectional in websocket: bool,
        /// How audio is framed on the WebSocket (service default: binary).
        audio_transport in websocket: AudioTransport,
    }

    fn check(&self) -> Result<(), ValidationError> {
        let ws = &self.websocket;
        check_id("sessionId", &self.session_id)?;
        if self.token.is_empty() {
            return Err(ValidationError::new("token", Rule::Required));
        }
        if ws.uri.is_empty() {
            return Err(ValidationError::new("websocket.uri", Rule::Required));
        }
        let rest = crate::check::strip_scheme(&ws.uri, &["wss://", "ws://"]);
        if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
            return Err(ValidationError::new(
                "websocket.uri",
                Rule::Format("a WebSocket URL starting with ws:// or wss://"),
            ));
        }
        if ws.uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ValidationError::new(
                "websocket.uri",
                Rule::Charset("non-whitespace, printable characters"),
            ));
        }
        if let Some(streams) = &ws.streams {
            if streams.len() > MAX_STREAMS {
                return Err(ValidationError::new(
                    "websocket.streams",
                    Rule::TooLong {
                        max: MAX_STREAMS,
                        actual: streams.len(),
                        unit: "items",
                    },
                ));
            }
            for (i, s) in streams.iter().enumerate() {
                check_id("streams", s)
                    .map_err(|e| ValidationError::new(format!("websocket.streams[{i}]"), e.rule))?;
            }
        }
        for (name, value) in &ws.headers {
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
                return Err(ValidationError::new(
                    format!("websocket.headers.{name}"),
                    Rule::Format("an HTTP header name"),
                ));
            }
            if value.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
                return Err(ValidationError::new(
                    format!("websocket.headers.{name}"),
                    Rule::Charset("a single line"),
                ));
            }
        }
        if let Some(rate) = ws.audio_rate {
            if !AUDIO_RATES.contains(&rate) {
                return Err(ValidationError::new(
                    "websocket.audioRate",
                    Rule::OneOf(&["8000", "16000", "24000"]),
                ));
            }
        }
        if let Some(t) = &ws.audio_transport {
            t.check()?;
        }
        Ok(())
    }
}

impl Operation for StartAudioConnector {
    type Output = AudioConnection;

    const INFO: OperationInfo = OperationInfo {
        name: "start_audio_connector",
        method: "POST",
        path: "/v2/project/{apiKey}/connect",
        summary: "Stream a session's audio to a WebSocket server",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        self.check()?;
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<AudioConnection, ResponseError> {
        parse_json(response)
    }
}

id_op! {
    /// Stops an Audio Connector: `POST /v2/project/{apiKey}/connect/{callId}/stop`.
    StopAudioConnector { call_id: "callId" }, (), parse_empty;
    const INFO: OperationInfo = OperationInfo {
        name: "stop_audio_connector",
        method: "POST",
        path: "/v2/project/{apiKey}/connect/{callId}/stop",
        summary: "Stop an Audio Connector",
    };
}

#[cfg(test)]
mod tests;
