//! Live captions: start, stop, status.

use std::time::{Duration, SystemTime};

use http::Method;
use serde::{Deserialize, Serialize};

use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, check_id, parse_empty, parse_json, with_json, without_body,
};
use crate::serde_util::opt;
use crate::serde_util::string_enum;
use crate::transport::HttpRequest;

/// The shortest `maxDuration` the service takes, in seconds (5 minutes).
pub const MIN_MAX_DURATION_SECS: u32 = 300;
/// The longest `maxDuration` the service takes, in seconds (4 hours; also the default).
pub const MAX_MAX_DURATION_SECS: u32 = 14_400;

/// The shortest callback or page URL the service takes, in characters.
pub(crate) const MIN_URL_CHARS: usize = 15;
/// The longest callback or page URL the service takes, in characters.
pub(crate) const MAX_URL_CHARS: usize = 2048;

/// What follows the first of `schemes` (ASCII, compared case-insensitively) that `url`
/// starts with.
pub(crate) fn strip_scheme<'a>(url: &'a str, schemes: &[&str]) -> Option<&'a str> {
    schemes.iter().find_map(|scheme| {
        let head = url.as_bytes().get(..scheme.len())?;
        if head.eq_ignore_ascii_case(scheme.as_bytes()) {
            url.get(scheme.len()..)
        } else {
            None
        }
    })
}

/// Checks an absolute `http(s)` URL of 15 to 2048 characters (callback and page URLs).
pub(crate) fn check_http_url(field: &'static str, url: &str) -> Result<(), ValidationError> {
    let (min, max) = (MIN_URL_CHARS, MAX_URL_CHARS);
    if url.is_empty() {
        return Err(ValidationError::new(field, Rule::Required));
    }
    let len = url.chars().count();
    if len > max {
        return Err(ValidationError::new(
            field,
            Rule::TooLong {
                max,
                actual: len,
                unit: "characters",
            },
        ));
    }
    let rest = strip_scheme(url, &["https://", "http://"]);
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) || len < min {
        return Err(ValidationError::new(
            field,
            Rule::Format("an absolute http(s) URL of at least 15 characters"),
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ValidationError::new(
            field,
            Rule::Charset("non-whitespace, printable characters"),
        ));
    }
    Ok(())
}

string_enum! {
    /// Where live captions stand.
    pub enum CaptionsStatus {
        /// Captioning is running.
        Started => "started",
        /// Captioning has stopped.
        Stopped => "stopped",
        /// Captioning is paused.
        Paused => "paused",
        /// Captioning failed (see `reason`).
        Failed => "failed",
    }
}

/// The reply of [`StartCaptions`]: the new captions' id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CaptionsStarted {
    /// The captions id, for [`StopCaptions`] and [`GetCaptions`].
    pub captions_id: String,
}

impl CaptionsStarted {
    /// A reply from its id (for emulators and tests).
    pub fn new(captions_id: impl Into<String>) -> Self {
        Self {
            captions_id: captions_id.into(),
        }
    }
}

/// Live captions' status: the reply of [`GetCaptions`] and the body the service POSTs to
/// the `statusCallbackUrl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Captions {
    /// The captions id (`captionId` on the wire; `captionsId` is read too).
    #[serde(rename = "captionId", alias = "captionsId")]
    pub captions_id: String,
    /// The project, when named `projectId` (a string or a number).
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The Vonage application, when named `applicationId`.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The session captioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Where the captions stand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CaptionsStatus>,
    /// When captioning was started (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
    /// When the status last changed (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<SystemTime>,
    /// How long captioning has run (seconds on the wire).
    #[serde(default, with = "opt::secs", skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// The spoken language (`en-US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// The transcription provider (`aws-transcribe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Why the status changed (on `stopped` or `failed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Captions {
    /// A status from its id, session and status (for emulators and tests).
    pub fn new(
        captions_id: impl Into<String>,
        session_id: impl Into<String>,
        status: CaptionsStatus,
    ) -> Self {
        Self {
            captions_id: captions_id.into(),
            project_id: None,
            application_id: None,
            session_id: Some(session_id.into()),
            status: Some(status),
            created_at: None,
            updated_at: None,
            duration: None,
            language_code: None,
            provider: None,
            reason: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct StartBody {
    session_id: String,
    token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    language_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_captions: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_callback_url: Option<String>,
}

/// Starts live captions for a session: `POST /v2/project/{apiKey}/captions` with
/// `{"sessionId","token","languageCode"?,"maxDuration"?,"partialCaptions"?,"statusCallbackUrl"?}`;
/// the service answers 202 `{"captionsId"}`.
///
/// The session must be routed; the token is a moderator token for it. 409 (code 60003) when
/// captions already run.
#[derive(Clone, PartialEq, Eq)]
pub struct StartCaptions {
    body: StartBody,
}

impl std::fmt::Debug for StartCaptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartCaptions")
            .field("session_id", &self.body.session_id)
            .field("token", &"[REDACTED]")
            .field("language_code", &self.body.language_code)
            .field("max_duration", &self.body.max_duration)
            .field("partial_captions", &self.body.partial_captions)
            .field("status_callback_url", &self.body.status_callback_url)
            .finish()
    }
}

impl StartCaptions {
    /// Captions `session_id`, connecting with the moderator `token`.
    pub fn new(session_id: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            body: StartBody {
                session_id: session_id.into(),
                token: token.into(),
                language_code: None,
                max_duration: None,
                partial_captions: None,
                status_callback_url: None,
            },
        }
    }

    /// The spoken language, a BCP-47 tag such as `en-US` (the default) or `en-GB`.
    pub fn language_code(mut self, code: impl Into<String>) -> Self {
        self.body.language_code = Some(code.into());
        self
    }

    /// Stops captioning after this many seconds (300–14400; default 14400).
    pub fn max_duration(mut self, secs: u32) -> Self {
        self.body.max_duration = Some(secs);
        self
    }

    /// Whether to send faster, less accurate partial captions (default true).
    pub fn partial_captions(mut self, partial: bool) -> Self {
        self.body.partial_captions = Some(partial);
        self
    }

    /// Where the service POSTs status changes ([`Captions`] bodies); 15–2048 characters.
    pub fn status_callback_url(mut self, url: impl Into<String>) -> Self {
        self.body.status_callback_url = Some(url.into());
        self
    }
}

/// Checks a BCP-47 tag of the shape the service lists: `ll-CC` (two or three lowercase
/// letters, `-`, two uppercase letters).
fn check_language_code(code: &str) -> Result<(), ValidationError> {
    if code.is_empty() {
        return Err(ValidationError::new("languageCode", Rule::Required));
    }
    let ok = code.split_once('-').is_some_and(|(lang, region)| {
        (2..=3).contains(&lang.len())
            && lang.bytes().all(|b| b.is_ascii_lowercase())
            && region.len() == 2
            && region.bytes().all(|b| b.is_ascii_uppercase())
    });
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            "languageCode",
            Rule::Format("a language tag such as en-US"),
        ))
    }
}

impl Operation for StartCaptions {
    type Output = CaptionsStarted;

    const INFO: OperationInfo = OperationInfo {
        name: "start_captions",
        method: "POST",
        path: "/v2/project/{apiKey}/captions",
        summary: "Start live captions for a session",
        facade: "captions().start",
        cli: "captions start",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let b = &self.body;
        check_id("sessionId", &b.session_id)?;
        if b.token.is_empty() {
            return Err(ValidationError::new("token", Rule::Required));
        }
        if let Some(code) = &b.language_code {
            check_language_code(code)?;
        }
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
        if let Some(url) = &b.status_callback_url {
            check_http_url("statusCallbackUrl", url)?;
        }
        with_json(ctx.project_request(Method::POST, &["captions"], &[]), b)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<CaptionsStarted, ResponseError> {
        parse_json(response)
    }
}

/// Stops live captions: `POST /v2/project/{apiKey}/captions/{captionsId}/stop` (202, no body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopCaptions {
    captions_id: String,
}

impl StopCaptions {
    /// Stops `captions_id`.
    pub fn new(captions_id: impl Into<String>) -> Self {
        Self {
            captions_id: captions_id.into(),
        }
    }
}

impl Operation for StopCaptions {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "stop_captions",
        method: "POST",
        path: "/v2/project/{apiKey}/captions/{captionsId}/stop",
        summary: "Stop live captions",
        facade: "captions().stop",
        cli: "captions stop",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("captionsId", &self.captions_id)?;
        without_body(ctx.project_request(Method::POST, &["captions", &self.captions_id, "stop"], &[]))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Gets live captions' status: `GET /v2/project/{apiKey}/captions/{captionsId}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCaptions {
    captions_id: String,
}

impl GetCaptions {
    /// Gets the status of `captions_id`.
    pub fn new(captions_id: impl Into<String>) -> Self {
        Self {
            captions_id: captions_id.into(),
        }
    }
}

impl Operation for GetCaptions {
    type Output = Captions;

    const INFO: OperationInfo = OperationInfo {
        name: "get_captions",
        method: "GET",
        path: "/v2/project/{apiKey}/captions/{captionsId}",
        summary: "Get the status of live captions",
        facade: "captions().get",
        cli: "captions get",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("captionsId", &self.captions_id)?;
        without_body(ctx.project_request(Method::GET, &["captions", &self.captions_id], &[]))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Captions, ResponseError> {
        parse_json(response)
    }
}

/// The operations this module defines, for the operations table.
pub(crate) const OPERATIONS: &[OperationInfo] = &[StartCaptions::INFO, StopCaptions::INFO, GetCaptions::INFO];

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::clock::from_unix_millis;
    use crate::connection::test_support::*;
    use crate::error::ApiErrorKind;

    const CASSETTE_REPLY: &str = r#"{ "captionsId": "7c0680fc-6274-4de5-a66f-d0648e8d3ac2" }"#;

    #[test]
    fn start_matches_cassettes() {
        // Ruby cassette OpenTok_Captions/receives_a_valid_response_when_starting_captions.
        let op = StartCaptions::new("SESSIONID", "TOKENID");
        let req = build_ok(&op);
        assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/captions");
        assert_eq!(
            json_body(&req),
            json!({"sessionId":"SESSIONID","token":"TOKENID"})
        );
        let started = op.parse(&reply(202, CASSETTE_REPLY)).expect("202");
        assert_eq!(
            started,
            CaptionsStarted::new("7c0680fc-6274-4de5-a66f-d0648e8d3ac2")
        );

        // …_when_starting_captions_with_options.
        let op = StartCaptions::new("SESSIONID", "TOKENID")
            .language_code("en-GB")
            .max_duration(5000)
            .partial_captions(false)
            .status_callback_url("https://example.com/captions/status");
        let req = build_ok(&op);
        assert_eq!(
            json_body(&req),
            json!({"sessionId":"SESSIONID","token":"TOKENID","languageCode":"en-GB",
                   "maxDuration":5000,"partialCaptions":false,
                   "statusCallbackUrl":"https://example.com/captions/status"})
        );
        op.parse(&reply(202, CASSETTE_REPLY)).expect("202");
        op.parse(&reply(200, CASSETTE_REPLY)).expect("200 too");
    }

    #[test]
    fn start_errors() {
        let op = StartCaptions::new("S", "T");
        let e = op
            .parse(&reply(
                409,
                r#"{"code":60003,"message":"Audio captioning is already enabled"}"#,
            ))
            .expect_err("409");
        let api = e.api().expect("api");
        assert_eq!(api.kind, ApiErrorKind::Conflict);
        assert_eq!(api.code, Some(60003));
        assert!(matches!(op.parse(&reply(202, "")), Err(ResponseError::Decode(_))));
        assert!(format!("{op:?}").contains("[REDACTED]"));
        assert!(!format!("{:?}", StartCaptions::new("S", "T1==tok")).contains("T1==tok"));
    }

    #[test]
    fn max_duration_range() {
        build_ok(&StartCaptions::new("S", "T").max_duration(300));
        build_ok(&StartCaptions::new("S", "T").max_duration(14_400));
        for (bad, actual) in [(299u32, 299i64), (14_401, 14_401), (0, 0)] {
            let e = invalid(&StartCaptions::new("S", "T").max_duration(bad));
            assert_eq!(
                (e.field.as_ref(), e.rule),
                (
                    "maxDuration",
                    Rule::OutOfRange {
                        min: 300,
                        max: 14_400,
                        actual
                    }
                )
            );
        }
    }

    #[test]
    fn status_callback_url_rules() {
        build_ok(&StartCaptions::new("S", "T").status_callback_url("https://a.co/xyz"));
        build_ok(&StartCaptions::new("S", "T").status_callback_url("HTTPS://例え.jp/状態"));
        let e = invalid(&StartCaptions::new("S", "T").status_callback_url("https:///////////"));
        assert!(matches!(e.rule, Rule::Format(_)));
        let e = invalid(&StartCaptions::new("S", "T").status_callback_url("https://a.co/"));
        assert_eq!(e.field, "statusCallbackUrl");
        assert!(matches!(e.rule, Rule::Format(_)));
        let e = invalid(&StartCaptions::new("S", "T").status_callback_url("ftp://example.com/status"));
        assert!(matches!(e.rule, Rule::Format(_)));
        let long = format!("https://example.com/{}", "a".repeat(2048));
        let e = invalid(&StartCaptions::new("S", "T").status_callback_url(long));
        assert_eq!(e.field, "statusCallbackUrl");
        assert!(matches!(e.rule, Rule::TooLong { max: 2048, .. }));
        let e = invalid(&StartCaptions::new("S", "T").status_callback_url(""));
        assert_eq!((e.field.as_ref(), e.rule), ("statusCallbackUrl", Rule::Required));
        let e = invalid(&StartCaptions::new("S", "T").status_callback_url("https://example.com/a b"));
        assert!(matches!(e.rule, Rule::Charset(_)));
    }

    #[test]
    fn start_rules() {
        let e = invalid(&StartCaptions::new("", "T"));
        assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
        let e = invalid(&StartCaptions::new("S", ""));
        assert_eq!((e.field.as_ref(), e.rule), ("token", Rule::Required));
        for ok in ["en-US", "fil-PH", "zh-CN"] {
            build_ok(&StartCaptions::new("S", "T").language_code(ok));
        }
        for bad in ["english", "en_US", "EN-us", "e-US"] {
            let e = invalid(&StartCaptions::new("S", "T").language_code(bad));
            assert_eq!(e.field, "languageCode", "{bad}");
            assert!(matches!(e.rule, Rule::Format(_)), "{bad}");
        }
        let e = invalid(&StartCaptions::new("S", "T").language_code(""));
        assert_eq!((e.field.as_ref(), e.rule), ("languageCode", Rule::Required));
    }

    #[test]
    fn stop_matches_cassette() {
        // Ruby cassette OpenTok_Captions/receives_a_valid_response_when_stopping_captions.
        let op = StopCaptions::new("CAPTIONSID");
        let req = build_ok(&op);
        assert_eq!(
            req.uri(),
            "https://api.opentok.com/v2/project/123456/captions/CAPTIONSID/stop"
        );
        assert_no_body(&req);
        op.parse(&reply(202, "")).expect("202");
        let e = op
            .parse(&reply(404, r#"{"message":"No matching captionsId"}"#))
            .expect_err("404");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
        let e = invalid(&StopCaptions::new(""));
        assert_eq!((e.field.as_ref(), e.rule), ("captionsId", Rule::Required));
    }

    #[test]
    fn get_captions_status() {
        let op = GetCaptions::new("7c0680fc");
        let req = build_ok(&op);
        assert_eq!(
            req.uri(),
            "https://api.opentok.com/v2/project/123456/captions/7c0680fc"
        );
        assert_no_body(&req);
        let body = r#"{"captionId":"7c0680fc","applicationId":"78d335fa-323d-0114-9c3d-d6f0d48968cf",
            "sessionId":"S","status":"stopped","createdAt":1700000000000,"updatedAt":"1700000300000",
            "duration":"300","languageCode":"en-US","provider":"aws-transcribe",
            "reason":"Max duration exceeded","future":[1]}"#;
        let c = op.parse(&reply(200, body)).expect("parses");
        assert_eq!(c.captions_id, "7c0680fc");
        assert_eq!(
            c.application_id.as_deref(),
            Some("78d335fa-323d-0114-9c3d-d6f0d48968cf")
        );
        assert_eq!(c.status, Some(CaptionsStatus::Stopped));
        assert_eq!(c.created_at, Some(from_unix_millis(1_700_000_000_000)));
        assert_eq!(c.updated_at, Some(from_unix_millis(1_700_000_300_000)));
        assert_eq!(c.duration, Some(Duration::from_secs(300)));
        assert_eq!(c.language_code.as_deref(), Some("en-US"));
        assert_eq!(c.provider.as_deref(), Some("aws-transcribe"));
        assert_eq!(c.reason.as_deref(), Some("Max duration exceeded"));
        let back: Captions = serde_json::from_value(serde_json::to_value(&c).expect("ser")).expect("de");
        assert_eq!(back, c);

        let c: Captions =
            serde_json::from_str(r#"{"captionsId":"x","status":"transcribing"}"#).expect("parses");
        assert_eq!(c.captions_id, "x");
        assert_eq!(c.status, Some(CaptionsStatus::Other("transcribing".into())));
        let e = invalid(&GetCaptions::new(""));
        assert_eq!((e.field.as_ref(), e.rule), ("captionsId", Rule::Required));
    }
}
