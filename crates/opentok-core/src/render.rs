//! Experience Composer (renders): start, get, list, stop; the render model.
//!
//! An Experience Composer loads a web page in a headless browser and publishes it into a
//! session as a stream.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::check::{check_http_url, check_id, check_len, check_range};
use crate::error::{ResponseError, Rule, ValidationError};
use crate::layout::Resolution;
use crate::list::{List, Listed};
use crate::operation::{
    Operation, OperationInfo, RequestContext, debug_with_token, id_op, parse_empty, parse_json, setters,
    with_json,
};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

/// The shortest `maxDuration` of a render, in seconds.
const MIN_MAX_DURATION_SECS: u32 = 60;
/// The longest `maxDuration` of a render, in seconds (10 hours).
const MAX_MAX_DURATION_SECS: u32 = 36_000;
/// The longest render name, in characters.
const MAX_NAME_CHARS: usize = 200;

string_enum! {
    /// Where a render stands.
    pub enum RenderStatus {
        /// The browser is starting.
        Starting => "starting",
        /// The page is being published.
        Started => "started",
        /// The render has stopped (see `reason`).
        Stopped => "stopped",
        /// The render failed (see `reason`).
        Failed => "failed",
    }
}

/// An Experience Composer render: the reply of [`StartRender`] and [`GetRender`], the items
/// of [`ListRenders`], and the body of render status callbacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Render {
    /// The render id.
    pub id: String,
    /// The session the render publishes into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The project, when named `projectId` (a string or a number).
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The Vonage application, when named `applicationId`.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// When the render was started (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
    /// When the render last changed (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<SystemTime>,
    /// The page rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The video resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// Where the render stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RenderStatus>,
    /// The stream the render publishes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_id: Option<String>,
    /// Why the render stopped or failed (`Max duration exceeded`, `Stop Requested`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The event name in status callbacks (`render`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The status callback URL configured for the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// The render's name (its stream's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Render {
    /// A render from its id, session and status (for emulators and tests).
    pub fn new(id: impl Into<String>, session_id: impl Into<String>, status: RenderStatus) -> Self {
        Self {
            id: id.into(),
            session_id: Some(session_id.into()),
            project_id: None,
            application_id: None,
            created_at: None,
            updated_at: None,
            url: None,
            resolution: None,
            status: Some(status),
            stream_id: None,
            reason: None,
            event: None,
            callback_url: None,
            name: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Properties {
    name: String,
}

/// Starts an Experience Composer: `POST /v2/project/{apiKey}/render` with
/// `{"sessionId","token","url","maxDuration"?,"resolution"?,"properties"?:{"name"},
/// "statusCallbackUrl"?}`;
/// the service answers 202 with the [`Render`].
///
/// ```
/// use opentok_core::layout::Resolution;
/// use opentok_core::render::StartRender;
/// let start = StartRender::new("1_MX4…", "T1==…", "https://example.com/my-render")
///     .max_duration(1800)
///     .resolution(Resolution::FullHd)
///     .name("Composed view");
/// # let _ = start;
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartRender {
    pub(crate) session_id: String,
    pub(crate) token: String,
    pub(crate) url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max_duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resolution: Option<Resolution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) properties: Option<Properties>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) status_callback_url: Option<String>,
}

impl std::fmt::Debug for StartRender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        debug_with_token(f, "StartRender", &self.session_id)
            .field("url", &self.url)
            .field("max_duration", &self.max_duration)
            .field("resolution", &self.resolution)
            .field("properties", &self.properties)
            .field("status_callback_url", &self.status_callback_url)
            .finish()
    }
}

impl StartRender {
    /// Renders the page at `url` (15–2048 characters) into `session_id`, connecting with
    /// `token`.
    pub fn new(session_id: impl Into<String>, token: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            token: token.into(),
            url: url.into(),
            max_duration: None,
            resolution: None,
            properties: None,
            status_callback_url: None,
        }
    }

    setters! {
        /// Stops the render after this many seconds (60–36000; service default 7200).
        max_duration: u32,
        /// The video resolution (service default 1280x720).
        resolution: Resolution,
        /// Where the service POSTs the render's status changes ([`Render`] bodies; the render
        /// shows it as `callbackUrl`); an http(s) URL of 15–2048 characters.
        status_callback_url: impl Into<String>,
    }

    /// The name of the render's stream (1–200 characters).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.properties = Some(Properties { name: name.into() });
        self
    }
}

impl Operation for StartRender {
    type Output = Render;

    const INFO: OperationInfo = OperationInfo {
        name: "start_render",
        method: "POST",
        path: "/v2/project/{apiKey}/render",
        summary: "Start an Experience Composer render",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("sessionId", &self.session_id)?;
        if self.token.is_empty() {
            return Err(ValidationError::new("token", Rule::Required));
        }
        check_http_url("url", &self.url)?;
        check_range(
            "maxDuration",
            self.max_duration,
            MIN_MAX_DURATION_SECS,
            MAX_MAX_DURATION_SECS,
        )?;
        if let Some(r) = &self.resolution {
            r.validate("resolution")?;
        }
        if let Some(p) = &self.properties {
            if p.name.is_empty() {
                return Err(ValidationError::new("properties.name", Rule::Required));
            }
            check_len("properties.name", Some(&p.name), MAX_NAME_CHARS)?;
        }
        if let Some(url) = &self.status_callback_url {
            check_http_url("statusCallbackUrl", url)?;
        }
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Render, ResponseError> {
        parse_json(response)
    }
}

id_op! {
    /// Gets a render: `GET /v2/project/{apiKey}/render/{renderId}`.
    GetRender { render_id: "renderId" }, Render, parse_json;
    const INFO: OperationInfo = OperationInfo {
        name: "get_render",
        method: "GET",
        path: "/v2/project/{apiKey}/render/{renderId}",
        summary: "Get an Experience Composer render",
    };
}

/// Lists renders, newest first: `GET /v2/project/{apiKey}/render?offset&count`.
pub type ListRenders = List<RenderKind>;

/// The render as the kind of [`ListRenders`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderKind;

impl Listed for RenderKind {
    type Item = Render;

    const INFO: OperationInfo = OperationInfo {
        name: "list_renders",
        method: "GET",
        path: "/v2/project/{apiKey}/render",
        summary: "List Experience Composer renders",
    };
}

id_op! {
    /// Stops a render: `DELETE /v2/project/{apiKey}/render/{renderId}` (204, or 200: any 2xx).
    StopRender { render_id: "renderId" }, (), parse_empty;
    const INFO: OperationInfo = OperationInfo {
        name: "stop_render",
        method: "DELETE",
        path: "/v2/project/{apiKey}/render/{renderId}",
        summary: "Stop an Experience Composer render",
    };
}

#[cfg(test)]
mod tests;
