//! Streams: list, get, layout class lists, force mute one, mute all and undo; the stream model.
//!
//! On stream calls the service answers **408** for an invalid stream id; it reads as
//! [`ApiErrorKind::InvalidStreamId`](crate::error::ApiErrorKind::InvalidStreamId), not a
//! timeout, and is not retried.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::check::check_id;
use crate::error::{BodyFormat, DecodeError, ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, Page, RequestContext, id_op, parse_empty, parse_json, success_body, with_json,
    without_body,
};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

string_enum! {
    /// What a stream carries.
    pub enum VideoType {
        /// A camera.
        Camera => "camera",
        /// A screen share.
        Screen => "screen",
        /// A custom video source.
        Custom => "custom",
    }
}

/// A stream published to a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Stream {
    /// The stream id.
    pub id: String,
    /// What the stream carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_type: Option<VideoType>,
    /// The name the publisher gave the stream (often empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The stream's layout classes.
    #[serde(default, deserialize_with = "crate::serde_util::null_as_empty")]
    pub layout_class_list: Vec<String>,
}

impl Stream {
    /// A stream from its parts (for emulators and tests).
    pub fn new(
        id: impl Into<String>,
        video_type: Option<VideoType>,
        name: Option<String>,
        layout_class_list: Vec<String>,
    ) -> Self {
        Self {
            id: id.into(),
            video_type,
            name,
            layout_class_list,
        }
    }
}

/// Checks a layout class list: each class non-empty and free of whitespace (classes are
/// space-separated where clients see them).
fn check_classes(field: &str, classes: &[String]) -> Result<(), ValidationError> {
    for (i, class) in classes.iter().enumerate() {
        if class.is_empty() {
            return Err(ValidationError::new(format!("{field}[{i}]"), Rule::Required));
        }
        if class.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ValidationError::new(
                format!("{field}[{i}]"),
                Rule::Charset("non-whitespace, printable characters"),
            ));
        }
    }
    Ok(())
}

id_op! {
    /// Lists the streams of a session: `GET /v2/project/{apiKey}/session/{sessionId}/stream`.
    ///
    /// A session the service does not know is an error (404), not an empty list.
    ListStreams { session_id: "sessionId" }, Page<Stream>, parse_json;
    const INFO: OperationInfo = OperationInfo {
        name: "list_streams",
        method: "GET",
        path: "/v2/project/{apiKey}/session/{sessionId}/stream",
        summary: "List the streams of a session",
    };
}

/// Gets one stream: `GET /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetStream {
    session_id: String,
    stream_id: String,
}

impl GetStream {
    /// Gets `stream_id` of `session_id`.
    pub fn new(session_id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            stream_id: stream_id.into(),
        }
    }
}

impl Operation for GetStream {
    type Output = Stream;

    const INFO: OperationInfo = OperationInfo {
        name: "get_stream",
        method: "GET",
        path: "/v2/project/{apiKey}/session/{sessionId}/stream/{streamId}",
        summary: "Get one stream of a session",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let ids = [
            ("sessionId", self.session_id.as_str()),
            ("streamId", &self.stream_id),
        ];
        without_body(ctx.request_for(&Self::INFO, &ids, &[])?)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Stream, ResponseError> {
        parse_json(response)
    }
}

/// One stream's new layout classes, an item of [`SetStreamLayoutClasses`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamClasses {
    /// The stream id.
    pub id: String,
    /// Its layout classes (empty clears them).
    pub layout_class_list: Vec<String>,
}

/// Sets the layout classes of several streams at once:
/// `PUT /v2/project/{apiKey}/session/{sessionId}/stream` with
/// `{"items":[{"id","layoutClassList"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetStreamLayoutClasses {
    #[serde(skip)]
    pub(crate) session_id: String,
    pub(crate) items: Vec<StreamClasses>,
}

impl SetStreamLayoutClasses {
    /// Starts an update for `session_id`; add streams with [`SetStreamLayoutClasses::stream`].
    pub fn new(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            items: Vec::new(),
        }
    }

    /// Gives `stream_id` the layout classes `classes` (none clears them).
    pub fn stream<I, S>(mut self, stream_id: impl Into<String>, classes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.items.push(StreamClasses {
            id: stream_id.into(),
            layout_class_list: classes.into_iter().map(Into::into).collect(),
        });
        self
    }
}

impl Operation for SetStreamLayoutClasses {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "set_stream_layout_classes",
        method: "PUT",
        path: "/v2/project/{apiKey}/session/{sessionId}/stream",
        summary: "Set the layout classes of several streams",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let request = ctx.request_for(&Self::INFO, &[("sessionId", &self.session_id)], &[])?;
        if self.items.is_empty() {
            return Err(ValidationError::new("items", Rule::Required));
        }
        for (i, item) in self.items.iter().enumerate() {
            check_id("id", &item.id).map_err(|e| ValidationError::new(format!("items[{i}].id"), e.rule))?;
            check_classes(&format!("items[{i}].layoutClassList"), &item.layout_class_list)?;
        }
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Sets the layout classes of one stream:
/// `PUT /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}` with
/// `{"layoutClassList":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetStreamLayoutClass {
    #[serde(skip)]
    pub(crate) session_id: String,
    #[serde(skip)]
    pub(crate) stream_id: String,
    pub(crate) layout_class_list: Vec<String>,
}

impl SetStreamLayoutClass {
    /// Gives `stream_id` of `session_id` the layout classes `classes` (none clears them).
    pub fn new<I, S>(session_id: impl Into<String>, stream_id: impl Into<String>, classes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            session_id: session_id.into(),
            stream_id: stream_id.into(),
            layout_class_list: classes.into_iter().map(Into::into).collect(),
        }
    }
}

impl Operation for SetStreamLayoutClass {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "set_stream_layout_class",
        method: "PUT",
        path: "/v2/project/{apiKey}/session/{sessionId}/stream/{streamId}",
        summary: "Set the layout classes of one stream",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let ids = [
            ("sessionId", self.session_id.as_str()),
            ("streamId", &self.stream_id),
        ];
        let request = ctx.request_for(&Self::INFO, &ids, &[])?;
        check_classes("layoutClassList", &self.layout_class_list)?;
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

string_enum! {
    /// Whether a project is in service.
    pub enum ProjectStatus {
        /// In service.
        Active => "ACTIVE",
        /// Suspended.
        Suspended => "SUSPENDED",
    }
}

string_enum! {
    /// The environment a project runs in.
    pub enum ProjectEnvironment {
        /// The standard environment.
        Standard => "standard",
        /// An enterprise environment.
        Enterprise => "enterprise",
    }
}

/// The project details both mute calls answer with (the spec's `Project-Details`:
/// `{"applicationId","status","name","environment","createdAt"}`). Every field is optional:
/// replies seen in SDK fixtures carry some, all or none of them. A `secret` in the reply (the
/// Vonage Node SDK's type lists one) is never read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProjectDetails {
    /// The Vonage application, when named `applicationId` (a string or a number).
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The project (API key), when named `id`, as in the account-management object.
    #[serde(
        default,
        rename = "id",
        with = "opt::string",
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<String>,
    /// Whether the project is in service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
    /// The project's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The environment it runs in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<ProjectEnvironment>,
    /// When the project was created (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
}

impl ProjectDetails {
    /// Details of `application_id` in `status` (for emulators and tests).
    pub fn new(application_id: impl Into<String>, status: ProjectStatus) -> Self {
        Self {
            application_id: Some(application_id.into()),
            project_id: None,
            status: Some(status),
            name: None,
            environment: None,
            created_at: None,
        }
    }
}

/// A mute reply: `None` for an empty body, else the [`ProjectDetails`] it carries (a body
/// that is not a JSON object is a [`DecodeError`]).
fn parse_project_details<B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> Result<Option<ProjectDetails>, ResponseError> {
    let body = success_body(response)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let decode =
        |detail: &dyn std::fmt::Display| DecodeError::new(response.status(), BodyFormat::Json, detail, body);
    // Through a `Value`, so a repeated key keeps its last value and only an object is read.
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value @ serde_json::Value::Object(_)) => ProjectDetails::deserialize(value)
            .map(Some)
            .map_err(|e| decode(&e).into()),
        Ok(_) => Err(decode(&"expected a JSON object").into()),
        Err(e) => Err(decode(&e).into()),
    }
}

/// Mutes the audio of one stream:
/// `POST /v2/project/{apiKey}/session/{sessionId}/stream/{streamId}/mute` (no body); the
/// service answers with [`ProjectDetails`] (or an empty body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceMuteStream {
    session_id: String,
    stream_id: String,
}

impl ForceMuteStream {
    /// Mutes `stream_id` of `session_id`.
    pub fn new(session_id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            stream_id: stream_id.into(),
        }
    }
}

impl Operation for ForceMuteStream {
    type Output = Option<ProjectDetails>;

    const INFO: OperationInfo = OperationInfo {
        name: "force_mute_stream",
        method: "POST",
        path: "/v2/project/{apiKey}/session/{sessionId}/stream/{streamId}/mute",
        summary: "Mute the audio of one stream",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let ids = [
            ("sessionId", self.session_id.as_str()),
            ("streamId", &self.stream_id),
        ];
        without_body(ctx.request_for(&Self::INFO, &ids, &[])?)
    }

    /// The project details the service answers with; `None` for an empty body.
    fn parse<B: AsRef<[u8]>>(
        &self,
        response: &http::Response<B>,
    ) -> Result<Option<ProjectDetails>, ResponseError> {
        parse_project_details(response)
    }
}

/// Mutes every stream of a session, current and future, except some
/// ([`MuteAll::enable`]: `{"active":true,"excludedStreamIds":[…]}`), or lifts that state
/// ([`MuteAll::disable`]: `{"active":false}`):
/// `POST /v2/project/{apiKey}/session/{sessionId}/mute`; the service answers with
/// [`ProjectDetails`] (or an empty body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MuteAll {
    #[serde(skip)]
    pub(crate) session_id: String,
    pub(crate) active: bool,
    #[serde(rename = "excludedStreamIds", skip_serializing_if = "Vec::is_empty")]
    pub(crate) excluded: Vec<String>,
}

impl MuteAll {
    /// Mutes every stream of `session_id`; exclude some with [`MuteAll::exclude`].
    pub fn enable(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            active: true,
            excluded: Vec::new(),
        }
    }

    /// Lifts the mute-all state of `session_id`.
    pub fn disable(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            active: false,
            excluded: Vec::new(),
        }
    }

    /// Leaves `stream_id` unmuted (only with [`MuteAll::enable`]).
    pub fn exclude(mut self, stream_id: impl Into<String>) -> Self {
        self.excluded.push(stream_id.into());
        self
    }

    /// Leaves every stream in `stream_ids` unmuted (only with [`MuteAll::enable`]).
    pub fn exclude_all<I, S>(mut self, stream_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.excluded.extend(stream_ids.into_iter().map(Into::into));
        self
    }
}

impl Operation for MuteAll {
    type Output = Option<ProjectDetails>;

    const INFO: OperationInfo = OperationInfo {
        name: "mute_all",
        method: "POST",
        path: "/v2/project/{apiKey}/session/{sessionId}/mute",
        summary: "Mute every stream of a session (except some), or lift that state",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let request = ctx.request_for(&Self::INFO, &[("sessionId", &self.session_id)], &[])?;
        if !self.active && !self.excluded.is_empty() {
            return Err(ValidationError::new(
                "excludedStreamIds",
                Rule::Conflict("only allowed when muting (active: true)".into()),
            ));
        }
        for (i, id) in self.excluded.iter().enumerate() {
            check_id("excludedStreamIds", id)
                .map_err(|e| ValidationError::new(format!("excludedStreamIds[{i}]"), e.rule))?;
        }
        with_json(request, self)
    }

    /// The project details the service answers with; `None` for an empty body.
    fn parse<B: AsRef<[u8]>>(
        &self,
        response: &http::Response<B>,
    ) -> Result<Option<ProjectDetails>, ResponseError> {
        parse_project_details(response)
    }
}

#[cfg(test)]
mod tests;
