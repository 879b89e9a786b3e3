//! Experience Composer (renders): start, get, list, stop; the render model.
//!
//! An Experience Composer loads a web page in a headless browser and publishes it into a
//! session as a stream.

use std::time::SystemTime;

use http::Method;
use serde::{Deserialize, Serialize};

use crate::captions::check_http_url;
use crate::error::{ResponseError, Rule, ValidationError};
use crate::layout::Resolution;
use crate::operation::{
    ListOptions, Operation, OperationInfo, Page, RequestContext, check_id, parse_empty, parse_json,
    with_json, without_body,
};
use crate::serde_util::opt;
use crate::serde_util::string_enum;
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
}

/// Starts an Experience Composer: `POST /v2/project/{apiKey}/render` with
/// `{"sessionId","token","url","maxDuration"?,"resolution"?,"properties"?:{"name"}}`;
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
        f.debug_struct("StartRender")
            .field("session_id", &self.body.session_id)
            .field("token", &"[REDACTED]")
            .field("url", &self.body.url)
            .field("max_duration", &self.body.max_duration)
            .field("resolution", &self.body.resolution)
            .field("properties", &self.body.properties)
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
}

impl Operation for StartRender {
    type Output = Render;

    const INFO: OperationInfo = OperationInfo {
        name: "start_render",
        method: "POST",
        path: "/v2/project/{apiKey}/render",
        summary: "Start an Experience Composer render",
        facade: "renders().start",
        cli: "render start",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let b = &self.body;
        check_id("sessionId", &b.session_id)?;
        if b.token.is_empty() {
            return Err(ValidationError::new("token", Rule::Required));
        }
        check_http_url("url", &b.url)?;
        if let Some(d) = b.max_duration {
            if !(MIN_MAX_DURATION_SECS..=MAX_MAX_DURATION_SECS).contains(&d) {
                return Err(ValidationError::new(
                    "maxDuration",
                    Rule::OutOfRange {
                        min: MIN_MAX_DURATION_SECS.into(),
                        max: MAX_MAX_DURATION_SECS.into(),
                        actual: d.into(),
                    },
                ));
            }
        }
        if let Some(r) = &b.resolution {
            r.validate("resolution")?;
        }
        if let Some(p) = &b.properties {
            let len = p.name.chars().count();
            if len == 0 {
                return Err(ValidationError::new("properties.name", Rule::Required));
            }
            if len > MAX_NAME_CHARS {
                return Err(ValidationError::new(
                    "properties.name",
                    Rule::TooLong {
                        max: MAX_NAME_CHARS,
                        actual: len,
                        unit: "characters",
                    },
                ));
            }
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
        facade: "renders().get",
        cli: "render get",
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
        facade: "renders().list",
        cli: "render list",
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
        facade: "renders().stop",
        cli: "render stop",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("renderId", &self.render_id)?;
        without_body(ctx.project_request(Method::DELETE, &["render", &self.render_id], &[]))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[
    StartRender::INFO,
    GetRender::INFO,
    ListRenders::INFO,
    StopRender::INFO,
];

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::clock::from_unix_millis;
    use crate::connection::test_support::*;
    use crate::error::ApiErrorKind;

    const RENDER_ID: &str = "80abaf0d-25a3-4efc-968f-6268d620668d";

    fn cassette_render(status: &str) -> String {
        format!(
            r#"{{
          "id": "80abaf0d-25a3-4efc-968f-6268d620668d",
          "sessionId": "SESSIONID",
          "projectId": "e2343f23456g34709d2443a234",
          "createdAt": 1437676551000,
          "updatedAt": 1437676551000,
          "url": "https://example.com/my-render",
          "resolution": "1280x720",
          "status": "{status}",
          "streamId": "e32445b743678c98230f238"
        }}"#
        )
    }

    #[test]
    fn start_matches_cassette() {
        // Ruby cassette OpenTok_Renders/starts_an_Experience_Composer_render.
        let op = StartRender::new("SESSIONID", "TOKEN", "https://example.com/my-render");
        let req = build_ok(&op);
        assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/render");
        assert_eq!(
            json_body(&req),
            json!({"sessionId":"SESSIONID","token":"TOKEN","url":"https://example.com/my-render"})
        );
        let r = op.parse(&reply(202, &cassette_render("starting"))).expect("202");
        assert_eq!(r.id, RENDER_ID);
        assert_eq!(r.session_id.as_deref(), Some("SESSIONID"));
        assert_eq!(r.project_id.as_deref(), Some("e2343f23456g34709d2443a234"));
        assert_eq!(r.created_at, Some(from_unix_millis(1_437_676_551_000)));
        assert_eq!(r.updated_at, Some(from_unix_millis(1_437_676_551_000)));
        assert_eq!(r.url.as_deref(), Some("https://example.com/my-render"));
        assert_eq!(r.resolution, Some(Resolution::Hd));
        assert_eq!(r.status, Some(RenderStatus::Starting));
        assert_eq!(r.stream_id.as_deref(), Some("e32445b743678c98230f238"));
        let back: Render = serde_json::from_value(serde_json::to_value(&r).expect("ser")).expect("de");
        assert_eq!(back, r);
    }

    #[test]
    fn start_with_every_option() {
        let op = StartRender::new("S", "T1==dummy", "https://w.example.com")
            .max_duration(1800)
            .resolution(Resolution::FullHd)
            .name("r");
        let req = build_ok(&op);
        assert_eq!(
            json_body(&req),
            json!({"sessionId":"S","token":"T1==dummy","url":"https://w.example.com",
                   "maxDuration":1800,"resolution":"1920x1080","properties":{"name":"r"}})
        );
        assert!(!format!("{op:?}").contains("T1==dummy"));
    }

    #[test]
    fn start_rules() {
        let e = invalid(&StartRender::new("", "T", "https://example.com/x"));
        assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
        let e = invalid(&StartRender::new("S", "", "https://example.com/x"));
        assert_eq!((e.field.as_ref(), e.rule), ("token", Rule::Required));
        let e = invalid(&StartRender::new("S", "T", ""));
        assert_eq!((e.field.as_ref(), e.rule), ("url", Rule::Required));
        let e = invalid(&StartRender::new("S", "T", "https://a.b/c"));
        assert_eq!(e.field, "url");
        assert!(matches!(e.rule, Rule::Format(_)));
        let e = invalid(&StartRender::new(
            "S",
            "T",
            format!("https://example.com/{}", "p".repeat(2030)),
        ));
        assert_eq!(e.field, "url");
        assert!(matches!(
            e.rule,
            Rule::TooLong {
                max: 2048,
                actual: 2050,
                ..
            }
        ));

        let url = "https://example.com/x";
        build_ok(&StartRender::new("S", "T", url).max_duration(60));
        build_ok(&StartRender::new("S", "T", url).max_duration(36_000));
        for (bad, actual) in [(59u32, 59i64), (36_001, 36_001)] {
            let e = invalid(&StartRender::new("S", "T", url).max_duration(bad));
            assert_eq!(
                (e.field.as_ref(), e.rule),
                (
                    "maxDuration",
                    Rule::OutOfRange {
                        min: 60,
                        max: 36_000,
                        actual
                    }
                )
            );
        }
        let e = invalid(&StartRender::new("S", "T", url).resolution(Resolution::from("800x600")));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            ("resolution", Rule::OneOf(Resolution::KNOWN))
        );
        let e = invalid(&StartRender::new("S", "T", url).name(""));
        assert_eq!((e.field.as_ref(), e.rule), ("properties.name", Rule::Required));
        build_ok(&StartRender::new("S", "T", url).name("é".repeat(200)));
        let e = invalid(&StartRender::new("S", "T", url).name("n".repeat(201)));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            (
                "properties.name",
                Rule::TooLong {
                    max: 200,
                    actual: 201,
                    unit: "characters"
                }
            )
        );
    }

    #[test]
    fn get_matches_cassette() {
        // Ruby cassette OpenTok_Renders/finds_an_Experience_Composer_render.
        let op = GetRender::new(RENDER_ID);
        let req = build_ok(&op);
        assert_eq!(
            req.uri().to_string(),
            format!("https://api.opentok.com/v2/project/123456/render/{RENDER_ID}")
        );
        assert_no_body(&req);
        let r = op.parse(&reply(200, &cassette_render("started"))).expect("200");
        assert_eq!(r.status, Some(RenderStatus::Started));
        let e = op
            .parse(&reply(404, r#"{"message":"Not found"}"#))
            .expect_err("404");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
        let e = invalid(&GetRender::new(""));
        assert_eq!((e.field.as_ref(), e.rule), ("renderId", Rule::Required));
    }

    #[test]
    fn render_parses_leniently() {
        // PHP mock render_get shape plus unknown fields and values.
        let body = r#"{"id":"x","sessionId":"S","applicationId":"app","projectId":27086612,
            "createdAt":"1547080511760","updatedAt":1547080518965,"url":"https://example.com/my-render",
            "resolution":"1024x768","status":"paused","reason":"Could not load URL","event":"render",
            "callbackUrl":"https://cb.example.com","name":"n","streamId":null,"brandNew":{"a":1}}"#;
        let r: Render = serde_json::from_str(body).expect("parses");
        assert_eq!(r.project_id.as_deref(), Some("27086612"));
        assert_eq!(r.application_id.as_deref(), Some("app"));
        assert_eq!(r.created_at, Some(from_unix_millis(1_547_080_511_760)));
        assert_eq!(r.resolution, Some(Resolution::Other("1024x768".into())));
        assert_eq!(r.status, Some(RenderStatus::Other("paused".into())));
        assert_eq!(r.reason.as_deref(), Some("Could not load URL"));
        assert_eq!(r.event.as_deref(), Some("render"));
        assert_eq!(r.callback_url.as_deref(), Some("https://cb.example.com"));
        assert_eq!(r.name.as_deref(), Some("n"));
        assert_eq!(r.stream_id, None);
        let failed: Render = serde_json::from_str(r#"{"id":"y","status":"failed"}"#).expect("parses");
        assert_eq!(failed.status, Some(RenderStatus::Failed));
    }

    #[test]
    fn list_matches_cassettes() {
        // Ruby cassettes OpenTok_Renders/for_many_renders/*.
        for (op, uri) in [
            (
                ListRenders::new(),
                "https://api.opentok.com/v2/project/123456/render",
            ),
            (
                ListRenders::new().count(2),
                "https://api.opentok.com/v2/project/123456/render?count=2",
            ),
            (
                ListRenders::new().offset(3),
                "https://api.opentok.com/v2/project/123456/render?offset=3",
            ),
            (
                ListRenders::new().offset(2).count(2),
                "https://api.opentok.com/v2/project/123456/render?offset=2&count=2",
            ),
        ] {
            let req = build_ok(&op);
            assert_eq!(req.uri(), uri);
            assert_no_body(&req);
        }
        let body = r#"{
          "count":2,
          "items":[
            {"id":"80abaf0d-25a3-4efc-968f-6268d620668d",
             "sessionId":"1_MX4yNzA4NjYxMn5-MTU0NzA4MDUyMTEzNn5sOXU5ZnlWYXplRnZGblV4RUo3dXJpZk1-fg",
             "projectId":"27086612","createdAt":1547080532099,"updatedAt":1547080532099,
             "url": "https://example.com/my-render","resolution": "1280x720","status": "started",
             "streamId": "d2334b35690a92f78945"},
            {"id":"d95f6496-df6e-4f49-86d6-832e00303602",
             "sessionId":"2_MX4yNzA4NjYxMn5-MTU0NzA4MDUwMDc2MH5STWRiSE1jZjVoV3lBQU9nN2JuNElUV3V-fg",
             "projectId":"27086612","createdAt":1547080511760,"updatedAt":1547080518965,
             "url": "https://example.com/my-render","resolution": "1280x720","status":"stopped",
             "streamId": "d2334b35690a92f78945","reason":"Max duration exceeded"}
          ]
        }"#;
        let page = ListRenders::new()
            .count(2)
            .parse(&reply(200, body))
            .expect("parses");
        assert_eq!(page.count, 2);
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[1].status, Some(RenderStatus::Stopped));
        assert_eq!(page.items[1].reason.as_deref(), Some("Max duration exceeded"));
        assert_eq!(
            page.items[1].updated_at,
            Some(from_unix_millis(1_547_080_518_965))
        );
    }

    #[test]
    fn list_count_rule() {
        build_ok(&ListRenders::new().count(1000));
        let e = invalid(&ListRenders::new().count(1001));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            (
                "count",
                Rule::OutOfRange {
                    min: 0,
                    max: 1000,
                    actual: 1001
                }
            )
        );
    }

    #[test]
    fn stop_accepts_any_2xx() {
        // Ruby cassette OpenTok_Renders/stops_an_Experience_Composer_render (204); Java and
        // Python treat 200 as success.
        let op = StopRender::new(RENDER_ID);
        let req = build_ok(&op);
        assert_eq!(
            req.uri().to_string(),
            format!("https://api.opentok.com/v2/project/123456/render/{RENDER_ID}")
        );
        assert_no_body(&req);
        op.parse(&reply(204, "")).expect("204");
        op.parse(&reply(200, &cassette_render("stopped"))).expect("200");
        op.parse(&reply(202, "")).expect("202");
        let e = op
            .parse(&reply(400, r#"{"code":400,"message":"Invalid"}"#))
            .expect_err("400");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::InvalidRequest);
        let e = invalid(&StopRender::new(""));
        assert_eq!((e.field.as_ref(), e.rule), ("renderId", Rule::Required));
    }
}
