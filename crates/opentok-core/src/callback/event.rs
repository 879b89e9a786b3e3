//! The bodies the service POSTs to callback URLs: session monitoring events, and the
//! routing of any callback body to its kind ([`CallbackEvent`]).

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::archive::Archive;
use crate::broadcast::Broadcast;
use crate::captions::Captions;
use crate::render::Render;
use crate::serde_util::{opt, string_enum};
use crate::stream::VideoType;

string_enum! {
    /// The session monitoring events.
    pub enum SessionEventKind {
        /// The first client connected to a session.
        SessionCreated => "sessionCreated",
        /// The last client left a session, or the session was ended.
        SessionDestroyed => "sessionDestroyed",
        /// A client connected.
        ConnectionCreated => "connectionCreated",
        /// A client disconnected.
        ConnectionDestroyed => "connectionDestroyed",
        /// A client started publishing a stream.
        StreamCreated => "streamCreated",
        /// A stream stopped.
        StreamDestroyed => "streamDestroyed",
    }
}

/// The connection in a session monitoring event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventConnection {
    /// The connection id.
    pub id: String,
    /// When the client connected (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
    /// The connection data from the client's token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl EventConnection {
    /// A connection from its parts (for emulators and tests).
    pub fn new(id: impl Into<String>, created_at: Option<SystemTime>, data: Option<String>) -> Self {
        Self {
            id: id.into(),
            created_at,
            data,
        }
    }
}

/// The stream in a session monitoring event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventStream {
    /// The stream id.
    pub id: String,
    /// The connection publishing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<EventConnection>,
    /// When publishing started (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
    /// The stream's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the stream carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_type: Option<VideoType>,
}

impl EventStream {
    /// A stream from its parts (for emulators and tests).
    pub fn new(
        id: impl Into<String>,
        connection: Option<EventConnection>,
        created_at: Option<SystemTime>,
        video_type: Option<VideoType>,
    ) -> Self {
        Self {
            id: id.into(),
            connection,
            created_at,
            name: None,
            video_type,
        }
    }
}

/// A session monitoring event:
/// `{"sessionId","projectId","event","timestamp","connection"?|"stream"?,"reason"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SessionEvent {
    /// The session.
    #[serde(default)]
    pub session_id: String,
    /// The project (a string in some events, a number in others).
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The Vonage application, when the event names it `applicationId`.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// What happened.
    pub event: SessionEventKind,
    /// When it happened (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<SystemTime>,
    /// The connection, on connection events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<EventConnection>,
    /// The stream, on stream events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<EventStream>,
    /// Why, on destroyed events (`clientDisconnected`, `forceDisconnected`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl SessionEvent {
    /// An event from its session, kind and time (for emulators and tests).
    pub fn new(
        session_id: impl Into<String>,
        event: SessionEventKind,
        timestamp: Option<SystemTime>,
    ) -> Self {
        Self {
            session_id: session_id.into(),
            project_id: None,
            application_id: None,
            event,
            timestamp,
            connection: None,
            stream: None,
            reason: None,
        }
    }

    /// Sets the project id.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets the connection.
    pub fn with_connection(mut self, connection: EventConnection) -> Self {
        self.connection = Some(connection);
        self
    }

    /// Sets the stream.
    pub fn with_stream(mut self, stream: EventStream) -> Self {
        self.stream = Some(stream);
        self
    }

    /// Sets the reason.
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

/// A callback body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not read the callback body: {detail}")]
#[non_exhaustive]
pub struct CallbackError {
    /// What went wrong.
    pub detail: String,
}

impl CallbackError {
    fn new(detail: impl std::fmt::Display) -> Self {
        Self {
            detail: detail.to_string(),
        }
    }
}

/// A body the service POSTed to a callback URL, routed by its `event` field.
///
/// Serializing writes the inner payload unchanged (for emulators that send callbacks).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum CallbackEvent {
    /// A session monitoring event (session, connection or stream created or destroyed, and
    /// any other event with the session envelope: `sessionId` and `timestamp`).
    Session(SessionEvent),
    /// An archive status change (`"event":"archive"`, or an archive-shaped body).
    Archive(Box<Archive>),
    /// A broadcast status change (`"event":"broadcast"`, or a broadcast-shaped body).
    Broadcast(Box<Broadcast>),
    /// A live captions status change (a body with `captionId` or `captionsId`).
    Captions(Captions),
    /// An Experience Composer status change (`"event":"render"`).
    Render(Box<Render>),
    /// A JSON object this version does not recognise, kept whole.
    Unknown(serde_json::Value),
}

impl CallbackEvent {
    /// Reads a callback body. Duplicate keys are tolerated (the last wins: the archive
    /// callback documentation repeats `projectId`), unknown fields ignored, unknown
    /// events kept as [`CallbackEvent::Unknown`], and so are bodies whose kind is only
    /// guessed from their shape but whose fields do not fit it. Fails only when the body
    /// is not a JSON object, or names its kind in `event` (`archive`, `broadcast`, `render`
    /// or a session monitoring event) and its fields have the wrong types.
    pub fn parse(body: &[u8]) -> Result<Self, CallbackError> {
        let value: serde_json::Value = serde_json::from_slice(body).map_err(CallbackError::new)?;
        Self::from_value(value)
    }

    /// Routes an already-parsed JSON body (see [`CallbackEvent::parse`]).
    pub fn from_value(value: serde_json::Value) -> Result<Self, CallbackError> {
        let Some(obj) = value.as_object() else {
            return Err(CallbackError::new("the body is not a JSON object"));
        };
        let has = |k: &str| obj.get(k).is_some_and(|v| !v.is_null());
        let event = obj.get("event").and_then(serde_json::Value::as_str);
        // `strict`: the body names its kind outright, so a body that does not fit that kind
        // is an error. Otherwise the kind is guessed from the body's shape, and a body that
        // does not fit the guess is kept whole as `Unknown`.
        let (route, strict) = match event {
            Some("archive") => (Route::Archive, true),
            Some("broadcast") => (Route::Broadcast, true),
            Some("render") => (Route::Render, true),
            Some(name) if SessionEventKind::KNOWN.contains(&name) => (Route::Session, true),
            Some(_) if has("captionId") || has("captionsId") => (Route::Captions, false),
            Some(_) if has("sessionId") && has("timestamp") => (Route::Session, false),
            Some(_) => (Route::Unknown, false),
            None if has("captionId") || has("captionsId") => (Route::Captions, false),
            None if has("broadcastUrls") || has("hlsStatus") => (Route::Broadcast, false),
            None if has("outputMode") || (has("size") && has("status")) => (Route::Archive, false),
            None if has("url") && has("status") && has("id") => (Route::Render, false),
            None => (Route::Unknown, false),
        };
        let routed = match route {
            Route::Session => serde_json::from_value(value.clone()).map(Self::Session),
            Route::Archive => serde_json::from_value(value.clone()).map(|a| Self::Archive(Box::new(a))),
            Route::Broadcast => serde_json::from_value(value.clone()).map(|b| Self::Broadcast(Box::new(b))),
            Route::Captions => serde_json::from_value(value.clone()).map(Self::Captions),
            Route::Render => serde_json::from_value(value.clone()).map(|r| Self::Render(Box::new(r))),
            Route::Unknown => return Ok(Self::Unknown(value)),
        };
        match routed {
            Ok(event) => Ok(event),
            Err(e) if strict => Err(CallbackError::new(e)),
            Err(_) => Ok(Self::Unknown(value)),
        }
    }

    /// The session the event is about, when it names one.
    pub fn session_id(&self) -> Option<&str> {
        match self {
            Self::Session(e) => Some(e.session_id.as_str()),
            Self::Archive(a) => Some(a.session_id.as_str()),
            Self::Broadcast(b) => Some(b.session_id.as_str()),
            Self::Captions(c) => c.session_id.as_deref(),
            Self::Render(r) => r.session_id.as_deref(),
            Self::Unknown(v) => v.get("sessionId").and_then(serde_json::Value::as_str),
        }
        .filter(|s| !s.is_empty())
    }
}

#[derive(Clone, Copy)]
enum Route {
    Session,
    Archive,
    Broadcast,
    Captions,
    Render,
    Unknown,
}
