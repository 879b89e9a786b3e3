//! Callbacks: registration calls and the event payloads the service POSTs to them.
//!
//! Registration (`/v2/project/{apiKey}/callback`) is the older API the Node SDK exposes;
//! today most projects set callback URLs in the account dashboard. Either way the service
//! POSTs JSON bodies to those URLs: read them with [`CallbackEvent::parse`], which routes a
//! body by its `event` field (or, for bodies without one, by its shape) to session
//! monitoring, archive, broadcast, captions or render status.
//!
//! ```
//! use opentok_core::callback::{CallbackEvent, SessionEventKind};
//! let body = br#"{"sessionId":"2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr","projectId":"123456",
//!   "event":"connectionCreated","timestamp":1470257688309,
//!   "connection":{"id":"c053fcc8","createdAt":1470257688143,"data":"TOKENDATA"}}"#;
//! match CallbackEvent::parse(body)? {
//!     CallbackEvent::Session(e) => {
//!         assert_eq!(e.event, SessionEventKind::ConnectionCreated);
//!         assert_eq!(e.connection.and_then(|c| c.data).as_deref(), Some("TOKENDATA"));
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), opentok_core::callback::CallbackError>(())
//! ```

use std::time::SystemTime;

use http::Method;
use serde::{Deserialize, Serialize};

use crate::archive::Archive;
use crate::broadcast::Broadcast;
use crate::captions::Captions;
use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, check_id, parse_empty, parse_json, with_json, without_body,
};
use crate::render::Render;
use crate::serde_util::string_enum;
use crate::stream::VideoType;
use crate::transport::HttpRequest;

string_enum! {
    /// What a registered callback watches.
    pub enum CallbackGroup {
        /// Client connections.
        Connection => "connection",
        /// Published streams.
        Stream => "stream",
    }
}

string_enum! {
    /// Which change of the group triggers a registered callback.
    pub enum CallbackEventType {
        /// Something was created.
        Created => "created",
        /// Something was destroyed.
        Destroyed => "destroyed",
    }
}

/// A registered callback: the reply of [`RegisterCallback`] and the items of
/// [`ListCallbacks`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Callback {
    /// The callback id (a string or a number on the wire).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// What it watches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<CallbackGroup>,
    /// Which change triggers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<CallbackEventType>,
    /// Where the service POSTs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was registered (milliseconds on the wire).
    #[serde(
        default,
        deserialize_with = "crate::serde_util::opt_millis",
        serialize_with = "crate::serde_util::ser_opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<SystemTime>,
    /// When it was last changed (milliseconds on the wire).
    #[serde(
        default,
        deserialize_with = "crate::serde_util::opt_millis",
        serialize_with = "crate::serde_util::ser_opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated_at: Option<SystemTime>,
}

impl Callback {
    /// A callback from its parts (for emulators and tests).
    pub fn new(
        id: impl Into<String>,
        group: CallbackGroup,
        event: CallbackEventType,
        url: impl Into<String>,
        created_at: Option<SystemTime>,
    ) -> Self {
        Self {
            id: id.into(),
            group: Some(group),
            event: Some(event),
            url: Some(url.into()),
            created_at,
            updated_at: None,
        }
    }
}

/// A required id that may arrive as a string or a number.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    crate::serde_util::opt_string_or_number(d)?.ok_or_else(|| serde::de::Error::custom("missing id"))
}

/// Checks an absolute `http(s)` URL with a host, free of whitespace.
fn check_callback_url(url: &str) -> Result<(), ValidationError> {
    if url.is_empty() {
        return Err(ValidationError::new("url", Rule::Required));
    }
    let rest = crate::captions::strip_scheme(url, &["https://", "http://"]);
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
        return Err(ValidationError::new(
            "url",
            Rule::Format("an absolute http(s) URL"),
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ValidationError::new(
            "url",
            Rule::Charset("non-whitespace, printable characters"),
        ));
    }
    if url.len() > 2048 {
        return Err(ValidationError::new(
            "url",
            Rule::TooLong {
                max: 2048,
                actual: url.len(),
                unit: "bytes",
            },
        ));
    }
    Ok(())
}

#[derive(Serialize)]
struct RegisterBody<'a> {
    group: &'a CallbackGroup,
    event: &'a CallbackEventType,
    url: &'a str,
}

/// Registers a callback URL for a group and event: `POST /v2/project/{apiKey}/callback`
/// with `{"group","event","url"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterCallback {
    group: CallbackGroup,
    event: CallbackEventType,
    url: String,
}

impl RegisterCallback {
    /// Has the service POST to `url` when `event` happens to `group`.
    pub fn new(group: CallbackGroup, event: CallbackEventType, url: impl Into<String>) -> Self {
        Self {
            group,
            event,
            url: url.into(),
        }
    }
}

impl Operation for RegisterCallback {
    type Output = Callback;

    const INFO: OperationInfo = OperationInfo {
        name: "register_callback",
        method: "POST",
        path: "/v2/project/{apiKey}/callback",
        summary: "Register a callback URL for connection or stream events",
        facade: "callbacks().register",
        cli: "callback register",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        if self.group.as_str().is_empty() {
            return Err(ValidationError::new("group", Rule::Required));
        }
        if self.event.as_str().is_empty() {
            return Err(ValidationError::new("event", Rule::Required));
        }
        check_callback_url(&self.url)?;
        with_json(
            ctx.project_request(Method::POST, &["callback"], &[]),
            &RegisterBody {
                group: &self.group,
                event: &self.event,
                url: &self.url,
            },
        )
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Callback, ResponseError> {
        parse_json(response)
    }
}

/// Lists the registered callbacks: `GET /v2/project/{apiKey}/callback` (a JSON array).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCallbacks;

impl ListCallbacks {
    /// Lists every registered callback.
    pub fn new() -> Self {
        Self
    }
}

impl Operation for ListCallbacks {
    type Output = Vec<Callback>;

    const INFO: OperationInfo = OperationInfo {
        name: "list_callbacks",
        method: "GET",
        path: "/v2/project/{apiKey}/callback",
        summary: "List the registered callbacks",
        facade: "callbacks().list",
        cli: "callback list",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        without_body(ctx.project_request(Method::GET, &["callback"], &[]))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Vec<Callback>, ResponseError> {
        let list: Option<Vec<Callback>> = parse_json(response)?;
        Ok(list.unwrap_or_default())
    }
}

/// Unregisters a callback: `DELETE /v2/project/{apiKey}/callback/{callbackId}` (204).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteCallback {
    callback_id: String,
}

impl DeleteCallback {
    /// Unregisters `callback_id`.
    pub fn new(callback_id: impl Into<String>) -> Self {
        Self {
            callback_id: callback_id.into(),
        }
    }
}

impl Operation for DeleteCallback {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "delete_callback",
        method: "DELETE",
        path: "/v2/project/{apiKey}/callback/{callbackId}",
        summary: "Unregister a callback",
        facade: "callbacks().delete",
        cli: "callback delete",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("callbackId", &self.callback_id)?;
        without_body(ctx.project_request(Method::DELETE, &["callback", &self.callback_id], &[]))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] =
    &[RegisterCallback::INFO, ListCallbacks::INFO, DeleteCallback::INFO];

// ---------------------------------------------------------------------------------------
// Event payloads
// ---------------------------------------------------------------------------------------

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
    #[serde(
        default,
        deserialize_with = "crate::serde_util::opt_millis",
        serialize_with = "crate::serde_util::ser_opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
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
    #[serde(
        default,
        deserialize_with = "crate::serde_util::opt_millis",
        serialize_with = "crate::serde_util::ser_opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
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
    #[serde(
        default,
        deserialize_with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<String>,
    /// The Vonage application, when the event names it `applicationId`.
    #[serde(
        default,
        deserialize_with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub application_id: Option<String>,
    /// What happened.
    pub event: SessionEventKind,
    /// When it happened (milliseconds on the wire).
    #[serde(
        default,
        deserialize_with = "crate::serde_util::opt_millis",
        serialize_with = "crate::serde_util::ser_opt_millis",
        skip_serializing_if = "Option::is_none"
    )]
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::archive::ArchiveStatus;
    use crate::broadcast::BroadcastStatus;
    use crate::captions::CaptionsStatus;
    use crate::clock::from_unix_millis;
    use crate::connection::test_support::*;
    use crate::error::ApiErrorKind;
    use crate::render::RenderStatus;

    #[test]
    fn register_builds_and_parses() {
        let op = RegisterCallback::new(
            CallbackGroup::Connection,
            CallbackEventType::Created,
            "https://example.com/cb",
        );
        let req = build_ok(&op);
        assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/callback");
        assert_eq!(
            json_body(&req),
            json!({"group":"connection","event":"created","url":"https://example.com/cb"})
        );
        let cb = op
            .parse(&reply(
                200,
                r#"{"id":"cb-1","group":"connection","event":"created","url":"https://example.com/cb","createdAt":1470257688143}"#,
            ))
            .expect("parses");
        assert_eq!(
            cb,
            Callback::new(
                "cb-1",
                CallbackGroup::Connection,
                CallbackEventType::Created,
                "https://example.com/cb",
                Some(from_unix_millis(1_470_257_688_143))
            )
        );
        let back: Callback = serde_json::from_value(serde_json::to_value(&cb).expect("ser")).expect("de");
        assert_eq!(back, cb);
        let e = op
            .parse(&reply(403, r#"{"code":-1,"message":"Invalid"}"#))
            .expect_err("403");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::Unauthorized);
    }

    #[test]
    fn register_rules() {
        let ok = |url: &str| RegisterCallback::new(CallbackGroup::Stream, CallbackEventType::Destroyed, url);
        build_ok(&ok("http://a.example"));
        build_ok(&ok("https://é.example/cb"));
        let e = invalid(&ok(""));
        assert_eq!((e.field.as_ref(), e.rule), ("url", Rule::Required));
        for bad in ["example.com/cb", "ftp://example.com", "https://", "https:///path"] {
            let e = invalid(&ok(bad));
            assert_eq!(e.field, "url", "{bad}");
            assert!(matches!(e.rule, Rule::Format(_)), "{bad}");
        }
        let e = invalid(&ok("https://example.com/a b"));
        assert!(matches!(e.rule, Rule::Charset(_)));
        let e = invalid(&ok(&format!("https://example.com/{}", "x".repeat(2100))));
        assert!(matches!(e.rule, Rule::TooLong { max: 2048, .. }));
        let e = invalid(&RegisterCallback::new(
            CallbackGroup::from(""),
            CallbackEventType::Created,
            "https://example.com",
        ));
        assert_eq!((e.field.as_ref(), e.rule), ("group", Rule::Required));
        let e = invalid(&RegisterCallback::new(
            CallbackGroup::Connection,
            CallbackEventType::from(""),
            "https://example.com",
        ));
        assert_eq!((e.field.as_ref(), e.rule), ("event", Rule::Required));
        // Values this version does not know are passed through.
        let req = build_ok(&RegisterCallback::new(
            CallbackGroup::from("archive"),
            CallbackEventType::from("status"),
            "https://example.com",
        ));
        assert_eq!(json_body(&req)["group"], "archive");
    }

    #[test]
    fn list_parses_an_array() {
        let op = ListCallbacks::new();
        let req = build_ok(&op);
        assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/callback");
        assert_no_body(&req);
        let list = op
            .parse(&reply(
                200,
                r#"[{"id":"a","group":"stream","event":"destroyed","url":"https://x.example","createdAt":"1470257688143"},
                    {"id":42,"group":"session","event":"created","url":"https://y.example","updatedAt":1}]"#,
            ))
            .expect("parses");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].group, Some(CallbackGroup::Stream));
        assert_eq!(list[0].created_at, Some(from_unix_millis(1_470_257_688_143)));
        assert_eq!(list[1].id, "42");
        assert_eq!(list[1].group, Some(CallbackGroup::Other("session".into())));
        assert!(op.parse(&reply(200, "null")).expect("null").is_empty());
        assert!(op.parse(&reply(200, "[]")).expect("empty").is_empty());
        assert!(matches!(
            op.parse(&reply(200, "{}")),
            Err(ResponseError::Decode(_))
        ));
    }

    #[test]
    fn delete_builds_and_parses() {
        let op = DeleteCallback::new("cb-1");
        let req = build_ok(&op);
        assert_eq!(
            req.uri(),
            "https://api.opentok.com/v2/project/123456/callback/cb-1"
        );
        assert_no_body(&req);
        op.parse(&reply(204, "")).expect("204");
        let e = op.parse(&reply(404, "")).expect_err("404");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
        let e = invalid(&DeleteCallback::new(""));
        assert_eq!((e.field.as_ref(), e.rule), ("callbackId", Rule::Required));
    }

    fn session_event(body: &str) -> SessionEvent {
        match CallbackEvent::parse(body.as_bytes()).expect("parses") {
            CallbackEvent::Session(e) => e,
            other => panic!("expected a session event, got {other:?}"),
        }
    }

    #[test]
    fn connection_created_doc_example() {
        let e = session_event(
            r#"{
            "sessionId": "2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr",
            "projectId": "123456",
            "event": "connectionCreated",
            "timestamp": 1470257688309,
            "connection": {
                "id": "c053fcc8-c681-41d5-8ec2-7a9e1434a21e",
                "createdAt": 1470257688143,
                "data": "TOKENDATA"
            }
        }"#,
        );
        assert_eq!(e.session_id, "2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr");
        assert_eq!(e.project_id.as_deref(), Some("123456"));
        assert_eq!(e.event, SessionEventKind::ConnectionCreated);
        assert_eq!(e.timestamp, Some(from_unix_millis(1_470_257_688_309)));
        assert_eq!(
            e.connection,
            Some(EventConnection::new(
                "c053fcc8-c681-41d5-8ec2-7a9e1434a21e",
                Some(from_unix_millis(1_470_257_688_143)),
                Some("TOKENDATA".into())
            ))
        );
        assert_eq!(e.stream, None);
    }

    #[test]
    fn session_and_stream_events() {
        let e = session_event(
            r#"{"sessionId":"S","projectId":123456,"event":"sessionCreated","timestamp":"1470257688000"}"#,
        );
        assert_eq!(e.event, SessionEventKind::SessionCreated);
        assert_eq!(e.project_id.as_deref(), Some("123456"));
        assert_eq!(e.timestamp, Some(from_unix_millis(1_470_257_688_000)));

        let e = session_event(
            r#"{"sessionId":"S","projectId":"123456","event":"streamCreated","timestamp":1470258860571,
            "stream":{"id":"63245362","connection":{"id":"e9f8c166","createdAt":1470257688143,"data":""},
            "createdAt":1470258845416,"name":"","videoType":"camera"}}"#,
        );
        assert_eq!(e.event, SessionEventKind::StreamCreated);
        let s = e.stream.expect("stream");
        assert_eq!(s.id, "63245362");
        assert_eq!(s.video_type, Some(VideoType::Camera));
        assert_eq!(s.created_at, Some(from_unix_millis(1_470_258_845_416)));
        assert_eq!(s.connection.expect("connection").id, "e9f8c166");

        let e = session_event(
            r#"{"sessionId":"S","projectId":"123456","event":"streamDestroyed","reason":"clientDisconnected",
            "timestamp":1470258896953,"stream":{"id":"63245362","videoType":"screen"}}"#,
        );
        assert_eq!(e.event, SessionEventKind::StreamDestroyed);
        assert_eq!(e.reason.as_deref(), Some("clientDisconnected"));

        let e = session_event(
            r#"{"sessionId":"S","projectId":"1","event":"connectionDestroyed","reason":"forceDisconnected",
            "timestamp":1,"connection":{"id":"c"}}"#,
        );
        assert_eq!(e.event, SessionEventKind::ConnectionDestroyed);
        let e = session_event(
            r#"{"sessionId":"S","event":"sessionDestroyed","timestamp":2,"reason":"forceDisconnected"}"#,
        );
        assert_eq!(e.event, SessionEventKind::SessionDestroyed);
    }

    #[test]
    fn unknown_session_envelope_events_are_kept() {
        let e = session_event(
            r#"{"sessionId":"S","projectId":"1","event":"sessionNotification","timestamp":5,"reason":"serverRotation"}"#,
        );
        assert_eq!(e.event, SessionEventKind::Other("sessionNotification".into()));
        assert_eq!(e.reason.as_deref(), Some("serverRotation"));
    }

    #[test]
    fn archive_doc_example_with_repeated_project_id() {
        let body = r#"{
            "id": "75f30a36-df0f-471b-88b0-c56ad26b4473",
            "status": "started",
            "name": "",
            "reason": "",
            "sessionId": "2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr",
            "projectId": 123456,
            "createdAt": 1470317864000,
            "size": 0,
            "duration": 0,
            "outputMode": "composed",
            "hasAudio": true,
            "hasVideo": true,
            "certificate": "",
            "sha256sum": "",
            "password": "",
            "updatedAt": 1470317864152,
            "projectId": 123456
        }"#;
        let CallbackEvent::Archive(a) = CallbackEvent::parse(body.as_bytes()).expect("parses") else {
            panic!("expected an archive");
        };
        assert_eq!(a.id, "75f30a36-df0f-471b-88b0-c56ad26b4473");
        assert_eq!(a.status, ArchiveStatus::Started);
        assert_eq!(a.project_id.as_deref(), Some("123456"));
        assert_eq!(a.created_at, Some(from_unix_millis(1_470_317_864_000)));
        let with_event = r#"{"id":"a","status":"uploaded","sessionId":"S","event":"archive"}"#;
        let ev = CallbackEvent::parse(with_event.as_bytes()).expect("parses");
        assert!(matches!(&ev, CallbackEvent::Archive(a) if a.status == ArchiveStatus::Uploaded));
        assert_eq!(ev.session_id(), Some("S"));
    }

    #[test]
    fn broadcast_render_and_captions_status() {
        let ev = CallbackEvent::parse(
            br#"{"id":"b","sessionId":"S","projectId":"1","status":"started","event":"broadcast",
                 "broadcastUrls":{"hls":"https://x/hls.m3u8"}}"#,
        )
        .expect("parses");
        assert!(matches!(&ev, CallbackEvent::Broadcast(b) if b.status == BroadcastStatus::Started));
        let ev = CallbackEvent::parse(
            br#"{"id":"b","sessionId":"S","status":"stopped","broadcastUrls":null,"hlsStatus":"ended"}"#,
        )
        .expect("parses");
        assert!(matches!(&ev, CallbackEvent::Broadcast(b) if b.status == BroadcastStatus::Stopped));

        let ev = CallbackEvent::parse(
            br#"{"id":"r","sessionId":"S","projectId":"1","status":"failed","reason":"Could not load URL",
                 "url":"https://example.com/page","event":"render","createdAt":1,"updatedAt":2}"#,
        )
        .expect("parses");
        let CallbackEvent::Render(r) = &ev else {
            panic!("expected a render")
        };
        assert_eq!(r.status, Some(RenderStatus::Failed));
        assert_eq!(r.reason.as_deref(), Some("Could not load URL"));
        assert_eq!(ev.session_id(), Some("S"));

        let ev = CallbackEvent::parse(
            br#"{"captionId":"c","applicationId":"app","sessionId":"S","status":"failed",
                 "createdAt":1,"updatedAt":2,"duration":10,"languageCode":"en-US",
                 "provider":"aws-transcribe","reason":"engine failure"}"#,
        )
        .expect("parses");
        let CallbackEvent::Captions(c) = &ev else {
            panic!("expected captions")
        };
        assert_eq!(c.status, Some(CaptionsStatus::Failed));
        assert_eq!(ev.session_id(), Some("S"));
    }

    #[test]
    fn unknown_and_bad_bodies() {
        let ev = CallbackEvent::parse(br#"{"event":"somethingNew","x":1}"#).expect("parses");
        assert_eq!(ev, CallbackEvent::Unknown(json!({"event":"somethingNew","x":1})));
        assert_eq!(ev.session_id(), None);
        let ev = CallbackEvent::parse(br#"{"hello":"world"}"#).expect("parses");
        assert!(matches!(ev, CallbackEvent::Unknown(_)));
        for bad in [
            &b""[..],
            b"not json",
            b"[1,2]",
            b"\"str\"",
            b"\xff\xfe",
            b"{\"sessionId\":",
        ] {
            assert!(CallbackEvent::parse(bad).is_err(), "{bad:?}");
        }
        // A recognised event with fields of the wrong type is an error, not a panic.
        let e = CallbackEvent::parse(br#"{"sessionId":"S","event":"streamCreated","timestamp":"soon"}"#)
            .expect_err("bad timestamp");
        assert!(!e.detail.is_empty());
        let e = CallbackEvent::parse(br#"{"event":"archive","id":"a"}"#).expect_err("no status");
        assert!(e.detail.contains("status"), "{}", e.detail);
        // A body whose kind is only guessed from its shape is kept whole when it does not fit.
        let odd = json!({"id":"a","status":"started","size":"big"});
        let ev = CallbackEvent::parse(odd.to_string().as_bytes()).expect("kept");
        assert_eq!(ev, CallbackEvent::Unknown(odd));
        let odd = json!({"event":"captionsStatus","captionId":7});
        let ev = CallbackEvent::parse(odd.to_string().as_bytes()).expect("kept");
        assert_eq!(ev, CallbackEvent::Unknown(odd));
        let odd = json!({"event":"callDestroyed","sessionId":"S","timestamp":"later"});
        let ev = CallbackEvent::parse(odd.to_string().as_bytes()).expect("kept");
        assert_eq!(ev, CallbackEvent::Unknown(odd));
        assert_eq!(ev.session_id(), Some("S"));
    }

    #[test]
    fn events_serialize_as_their_payload() {
        let ev = CallbackEvent::Session(
            SessionEvent::new(
                "S",
                SessionEventKind::StreamCreated,
                Some(from_unix_millis(1_470_258_860_571)),
            )
            .with_project_id("123456")
            .with_stream(EventStream::new(
                "st",
                Some(EventConnection::new("c", None, Some("d".into()))),
                None,
                Some(VideoType::Screen),
            )),
        );
        let v = serde_json::to_value(&ev).expect("serializes");
        assert_eq!(
            v,
            json!({"sessionId":"S","projectId":"123456","event":"streamCreated",
                   "timestamp":1_470_258_860_571u64,
                   "stream":{"id":"st","connection":{"id":"c","data":"d"},"videoType":"screen"}})
        );
        let back = CallbackEvent::from_value(v).expect("routes");
        assert_eq!(back, ev);
        let ev = CallbackEvent::Session(
            SessionEvent::new("S", SessionEventKind::ConnectionDestroyed, None)
                .with_connection(EventConnection::new("c", None, None))
                .with_reason("clientDisconnected"),
        );
        let v = serde_json::to_value(&ev).expect("serializes");
        assert_eq!(v["reason"], "clientDisconnected");
    }
}
