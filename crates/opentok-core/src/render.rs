//! Experience Composer (renders): start, get, list, stop; the render model.
//!
//! An Experience Composer loads a web page in a headless browser and publishes it into a
//! session as a stream.

use std::time::SystemTime;

use http::Method;
use serde::{Deserialize, Serialize};

use crate::check::{check_http_url, check_len, check_range};
use crate::error::{ResponseError, Rule, ValidationError};
use crate::layout::Resolution;
use crate::operation::{
    ListOptions, Operation, OperationInfo, Page, RequestContext, check_id, debug_with_token, parse_empty,
    parse_json, with_json, without_body,
};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

/// The shortest `maxDuration` of a render, in seconds.
pub const MIN_MAX_DURATION_SECS: u32 = 60;
/// The longest `maxDuration` of a render, in seconds (10 hours).
pub const MAX_MAX_DURATION_SECS: u32 = 36_000;
/// The longest render name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

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
struct Properties {
    name: String,
}

#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct StartBody {
    session_id: String,
    token: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<Resolution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_callback_url: Option<String>,
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
#[derive(Clone, PartialEq, Eq)]
pub struct StartRender {
    body: StartBody,
}

impl std::fmt::Debug for StartRender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        debug_with_token(f, "StartRender", &self.body.session_id)
            .field("url", &self.body.url)
            .field("max_duration", &self.body.max_duration)
            .field("resolution", &self.body.resolution)
            .field("properties", &self.body.properties)
            .field("status_callback_url", &self.body.status_callback_url)
            .finish()
    }
}

impl StartRender {
    /// Renders the page at `url` (15–2048 characters) into `session_id`, connecting with
    /// `token`.
    pub fn new(session_id: impl Into<String>, token: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            body: StartBody {
                session_id: session_id.into(),
                token: token.into(),
                url: url.into(),
                max_duration: None,
                resolution: None,
                properties: None,
                status_callback_url: None,
            },
        }
    }

    /// Stops the render after this many seconds (60–36000; service default 7200).
    pub fn max_duration(mut self, secs: u32) -> Self {
        self.body.max_duration = Some(secs);
        self
    }

    /// The video resolution (service default 1280x720).
    pub fn resolution(mut self, resolution: Resolution) -> Self {
        self.body.resolution = Some(resolution);
        self
    }

    /// The name of the render's stream (1–200 characters).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.properties = Some(Properties { name: name.into() });
        self
    }

    /// Where the service POSTs the render's status changes ([`Render`] bodies; the render
    /// shows it as `callbackUrl`); an http(s) URL of 15–2048 characters.
    pub fn status_callback_url(mut self, url: impl Into<String>) -> Self {
        self.body.status_callback_url = Some(url.into());
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
        let b = &self.body;
        check_id("sessionId", &b.session_id)?;
        if b.token.is_empty() {
            return Err(ValidationError::new("token", Rule::Required));
        }
        check_http_url("url", &b.url)?;
        check_range(
            "maxDuration",
            b.max_duration,
            MIN_MAX_DURATION_SECS,
            MAX_MAX_DURATION_SECS,
        )?;
        if let Some(r) = &b.resolution {
            r.validate("resolution")?;
        }
        if let Some(p) = &b.properties {
            if p.name.is_empty() {
                return Err(ValidationError::new("properties.name", Rule::Required));
            }
            check_len("properties.name", Some(&p.name), MAX_NAME_CHARS)?;
        }
        if let Some(url) = &b.status_callback_url {
            check_http_url("statusCallbackUrl", url)?;
        }
        with_json(ctx.project_request(Method::POST, &["render"], &[]), b)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Render, ResponseError> {
        parse_json(response)
    }
}

/// Gets a render: `GET /v2/project/{apiKey}/render/{renderId}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetRender {
    render_id: String,
}

impl GetRender {
    /// Gets `render_id`.
    pub fn new(render_id: impl Into<String>) -> Self {
        Self {
            render_id: render_id.into(),
        }
    }
}

impl Operation for GetRender {
    type Output = Render;

    const INFO: OperationInfo = OperationInfo {
        name: "get_render",
        method: "GET",
        path: "/v2/project/{apiKey}/render/{renderId}",
        summary: "Get an Experience Composer render",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("renderId", &self.render_id)?;
        without_body(ctx.project_request(Method::GET, &["render", &self.render_id], &[]))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Render, ResponseError> {
        parse_json(response)
    }
}

/// Lists renders, newest first: `GET /v2/project/{apiKey}/render?offset&count`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRenders {
    offset: Option<u32>,
    count: Option<u32>,
}

impl ListRenders {
    /// Lists with the service's paging defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Skips this many renders.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Returns at most this many renders (0..=1000).
    pub fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }
}

impl Operation for ListRenders {
    type Output = Page<Render>;

    const INFO: OperationInfo = OperationInfo {
        name: "list_renders",
        method: "GET",
        path: "/v2/project/{apiKey}/render",
        summary: "List Experience Composer renders",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let query = ListOptions {
            offset: self.offset,
            count: self.count,
            session_id: None,
        }
        .query()?;
        without_body(ctx.project_request(Method::GET, &["render"], &query))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Page<Render>, ResponseError> {
        parse_json(response)
    }
}

/// Stops a render: `DELETE /v2/project/{apiKey}/render/{renderId}` (204, or 200: any 2xx).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopRender {
    render_id: String,
}

impl StopRender {
    /// Stops `render_id`.
    pub fn new(render_id: impl Into<String>) -> Self {
        Self {
            render_id: render_id.into(),
        }
    }
}

impl Operation for StopRender {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "stop_render",
        method: "DELETE",
        path: "/v2/project/{apiKey}/render/{renderId}",
        summary: "Stop an Experience Composer render",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("renderId", &self.render_id)?;
        without_body(ctx.project_request(Method::DELETE, &["render", &self.render_id], &[]))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

#[cfg(test)]
mod tests;
