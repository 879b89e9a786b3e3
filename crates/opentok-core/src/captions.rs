//! Live captions: start and stop, and the status body the service POSTs to `statusCallbackUrl`.
//!
//! There is no status call: `GET …/captions/{captionsId}` was never served by the service
//! (the Vonage Node SDK deprecated its `getCaptionStatus` for that reason); status arrives
//! only through the callback.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::check::{check_http_url, check_id, check_range};
use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, debug_with_token, id_op, parse_empty, parse_json, setters,
    with_json,
};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

/// The shortest `maxDuration` the service takes, in seconds (5 minutes).
const MIN_MAX_DURATION_SECS: u32 = 300;
/// The longest `maxDuration` the service takes, in seconds (4 hours; also the default).
const MAX_MAX_DURATION_SECS: u32 = 14_400;

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
    /// The captions id, for [`StopCaptions`].
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

/// Live captions' status: the body the service POSTs to the `statusCallbackUrl`.
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

/// Starts live captions for a session: `POST /v2/project/{apiKey}/captions` with
/// `{"sessionId","token","languageCode"?,"maxDuration"?,"partialCaptions"?,"statusCallbackUrl"?}`;
/// the service answers 202 `{"captionsId"}`.
///
/// The session must be routed; the token is a moderator token for it. 409 (code 60003) when
/// captions already run.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartCaptions {
    pub(crate) session_id: String,
    pub(crate) token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) language_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max_duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) partial_captions: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) status_callback_url: Option<String>,
}

impl std::fmt::Debug for StartCaptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        debug_with_token(f, "StartCaptions", &self.session_id)
            .field("language_code", &self.language_code)
            .field("max_duration", &self.max_duration)
            .field("partial_captions", &self.partial_captions)
            .field("status_callback_url", &self.status_callback_url)
            .finish()
    }
}

impl StartCaptions {
    /// Captions `session_id`, connecting with the moderator `token`.
    pub fn new(session_id: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            token: token.into(),
            language_code: None,
            max_duration: None,
            partial_captions: None,
            status_callback_url: None,
        }
    }

    setters! {
        /// The spoken language, a BCP-47 tag such as `en-US` (the default) or `en-GB`.
        language_code: impl Into<String>,
        /// Stops captioning after this many seconds (300–14400; default 14400).
        max_duration: u32,
        /// Whether to send faster, less accurate partial captions (default true).
        partial_captions: bool,
        /// Where the service POSTs status changes ([`Captions`] bodies); 15–2048 characters.
        status_callback_url: impl Into<String>,
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
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        check_id("sessionId", &self.session_id)?;
        if self.token.is_empty() {
            return Err(ValidationError::new("token", Rule::Required));
        }
        if let Some(code) = &self.language_code {
            check_language_code(code)?;
        }
        check_range(
            "maxDuration",
            self.max_duration,
            MIN_MAX_DURATION_SECS,
            MAX_MAX_DURATION_SECS,
        )?;
        if let Some(url) = &self.status_callback_url {
            check_http_url("statusCallbackUrl", url)?;
        }
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<CaptionsStarted, ResponseError> {
        parse_json(response)
    }
}

id_op! {
    /// Stops live captions: `POST /v2/project/{apiKey}/captions/{captionsId}/stop` (202, no body).
    StopCaptions { captions_id: "captionsId" }, (), parse_empty;
    const INFO: OperationInfo = OperationInfo {
        name: "stop_captions",
        method: "POST",
        path: "/v2/project/{apiKey}/captions/{captionsId}/stop",
        summary: "Stop live captions",
    };
}

#[cfg(test)]
mod tests;
