//! The hl operations: session create, archive manifest, download URL, delete and stitch.

use std::fmt;

use http::Response;

use super::models::{ArchiveManifest, LegacyError, LegacySession, LegacyXmlError};
use crate::auth;
use crate::error::{BodyFormat, DecodeError, ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, setters, success_body, with_form, without_body,
};
use crate::serde_util::string_enum;
use crate::transport::HttpRequest;

string_enum! {
    /// The legacy `p2p.preference` session property.
    pub enum P2pPreference {
        /// Streams go directly between the (at most two) clients when they can.
        Enabled => "enabled",
        /// Streams are relayed by the OpenTok servers (the service's default).
        Disabled => "disabled",
    }
}

/// Property names the legacy session create takes through their own setters.
const RESERVED: &[&str] = &["api_key", "partner_id", "location", "p2p.preference"];

/// `POST /hl/session/create`: creates a session with the legacy API (`X-TB-PARTNER-AUTH`).
///
/// The reply is a `<Sessions>` document; an `<Errors>` document, which the service sent with
/// HTTP 200, becomes an [`ApiError`](crate::ApiError) whose status is the error's code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegacyCreateSession {
    location: Option<String>,
    p2p_preference: Option<P2pPreference>,
    properties: Vec<(String, String)>,
}

impl LegacyCreateSession {
    /// A session create with no location hint and no properties.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// The IP address (v4 or v6) that places the session in the network (`location`).
        location: impl Into<String>,
        /// The `p2p.preference` property.
        p2p_preference: P2pPreference,
    }

    /// Any other session property, sent as is (for example the deprecated
    /// `echoSuppression.enabled` or `multiplexer.numOutputStreams`). Names are
    /// `[A-Za-z0-9._-]`, at most 64 bytes; values at most 1000 bytes.
    pub fn property(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.properties.push((name.into(), value.into()));
        self
    }
}

impl Operation for LegacyCreateSession {
    type Output = LegacySession;

    const INFO: OperationInfo = OperationInfo {
        name: "legacy_create_session",
        method: "POST",
        path: "/hl/session/create",
        summary: "Create a session with the legacy v0.91 hl API (XML reply).",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let (name, value) = auth::partner_auth_header(ctx.credentials())?;
        if let Some(ip) = &self.location {
            if ip.trim().parse::<std::net::IpAddr>().is_err() {
                return Err(ValidationError::new("location", Rule::Format("an IP address")));
            }
        }
        for (k, v) in &self.properties {
            check_property(k, v)?;
        }
        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(3 + self.properties.len());
        pairs.push(("api_key", ctx.project_id()));
        if let Some(ip) = &self.location {
            pairs.push(("location", ip.trim()));
        }
        if let Some(p) = &self.p2p_preference {
            pairs.push(("p2p.preference", p.as_str()));
        }
        pairs.extend(self.properties.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let (method, path) = ctx.method_and_path(&Self::INFO, &[])?;
        with_form(ctx.bare_request(method, &path, &[]).header(name, value), pairs)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Self::Output, ResponseError> {
        parse_legacy_xml(response, LegacySession::from_xml)
    }
}

fn check_property(name: &str, value: &str) -> Result<(), ValidationError> {
    if name.is_empty() {
        return Err(ValidationError::new("property", Rule::Required));
    }
    if name.len() > 64 {
        return Err(ValidationError::new(
            "property",
            Rule::TooLong {
                max: 64,
                actual: name.len(),
                unit: "bytes",
            },
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(ValidationError::new(
            "property",
            Rule::Charset("A-Z a-z 0-9 . _ -"),
        ));
    }
    if RESERVED.contains(&name) {
        return Err(ValidationError::new(
            "property",
            Rule::Conflict(format!("`{name}` is set with its own option").into()),
        ));
    }
    if value.len() > 1000 {
        return Err(ValidationError::new(
            "property",
            Rule::TooLong {
                max: 1000,
                actual: value.len(),
                unit: "bytes",
            },
        ));
    }
    Ok(())
}

/// Formats an operation holding a moderator token without the token.
fn redacted(f: &mut fmt::Formatter<'_>, name: &str, ids: &[(&str, &str)]) -> fmt::Result {
    let mut d = f.debug_struct(name);
    for (k, v) in ids {
        d.field(k, v);
    }
    d.field("token", &"<redacted>").finish()
}

/// Builds the request `info` describes (an hl archive path) with `X-TB-TOKEN-AUTH`.
fn token_request(
    ctx: &RequestContext<'_>,
    info: &OperationInfo,
    ids: &[(&str, &str)],
    token: &str,
) -> Result<HttpRequest, ValidationError> {
    let (method, path) = ctx.method_and_path(info, ids)?;
    if token.is_empty() {
        return Err(ValidationError::new("token", Rule::Required));
    }
    let (name, value) = auth::token_auth_header(token)?;
    without_body(ctx.bare_request(method, &path, &[]).header(name, value))
}

/// `GET /hl/archive/getmanifest/{archiveId}`: the manifest of a legacy archive, read with a
/// moderator client token (`X-TB-TOKEN-AUTH`).
#[derive(Clone, PartialEq, Eq)]
pub struct GetManifest {
    archive_id: String,
    token: String,
}

impl GetManifest {
    /// The manifest of `archive_id`, authorised by `moderator_token`.
    pub fn new(archive_id: impl Into<String>, moderator_token: impl Into<String>) -> Self {
        Self {
            archive_id: archive_id.into(),
            token: moderator_token.into(),
        }
    }
}

impl fmt::Debug for GetManifest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        redacted(f, "GetManifest", &[("archive_id", &self.archive_id)])
    }
}

impl Operation for GetManifest {
    type Output = ArchiveManifest;

    const INFO: OperationInfo = OperationInfo {
        name: "legacy_get_manifest",
        method: "GET",
        path: "/hl/archive/getmanifest/{archiveId}",
        summary: "Get a legacy archive's manifest: its videos and timeline (XML).",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        token_request(ctx, &Self::INFO, &[("archiveId", &self.archive_id)], &self.token)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Self::Output, ResponseError> {
        parse_legacy_xml(response, ArchiveManifest::from_xml)
    }
}

/// `GET /hl/archive/url/{archiveId}/{videoId}`: the download URL of one video of a legacy
/// archive (the reply is the bare URL as text).
#[derive(Clone, PartialEq, Eq)]
pub struct GetArchiveUrl {
    archive_id: String,
    video_id: String,
    token: String,
}

impl GetArchiveUrl {
    /// The URL of video `video_id` (from the manifest) of `archive_id`.
    pub fn new(
        archive_id: impl Into<String>,
        video_id: impl Into<String>,
        moderator_token: impl Into<String>,
    ) -> Self {
        Self {
            archive_id: archive_id.into(),
            video_id: video_id.into(),
            token: moderator_token.into(),
        }
    }
}

impl fmt::Debug for GetArchiveUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        redacted(
            f,
            "GetArchiveUrl",
            &[("archive_id", &self.archive_id), ("video_id", &self.video_id)],
        )
    }
}

impl Operation for GetArchiveUrl {
    type Output = String;

    const INFO: OperationInfo = OperationInfo {
        name: "legacy_archive_url",
        method: "GET",
        path: "/hl/archive/url/{archiveId}/{videoId}",
        summary: "Get the download URL of one video of a legacy archive.",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let ids = [
            ("archiveId", self.archive_id.as_str()),
            ("videoId", &self.video_id),
        ];
        token_request(ctx, &Self::INFO, &ids, &self.token)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Self::Output, ResponseError> {
        let body = success_body(response)?;
        let status = response.status();
        let text = std::str::from_utf8(body)
            .map_err(|e| DecodeError::new(status, BodyFormat::Text, e, body))?
            .trim_start_matches('\u{feff}')
            .trim();
        refusal(text, response)?;
        let is_url = (text.starts_with("https://") || text.starts_with("http://"))
            && !text.contains(|c: char| c.is_whitespace() || c.is_control());
        if !is_url {
            return Err(DecodeError::new(status, BodyFormat::Text, "expected a download URL", body).into());
        }
        Ok(text.to_owned())
    }
}

/// `POST /hl/archive/delete/{archiveId}`: deletes a legacy archive. The service answers 404
/// when the archive does not exist, belongs to another key, or the token is not a moderator's.
#[derive(Clone, PartialEq, Eq)]
pub struct DeleteLegacyArchive {
    archive_id: String,
    token: String,
}

impl DeleteLegacyArchive {
    /// Deletes `archive_id`, authorised by `moderator_token`.
    pub fn new(archive_id: impl Into<String>, moderator_token: impl Into<String>) -> Self {
        Self {
            archive_id: archive_id.into(),
            token: moderator_token.into(),
        }
    }
}

impl fmt::Debug for DeleteLegacyArchive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        redacted(f, "DeleteLegacyArchive", &[("archive_id", &self.archive_id)])
    }
}

impl Operation for DeleteLegacyArchive {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "legacy_delete_archive",
        method: "POST",
        path: "/hl/archive/delete/{archiveId}",
        summary: "Delete a legacy archive.",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        token_request(ctx, &Self::INFO, &[("archiveId", &self.archive_id)], &self.token)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Self::Output, ResponseError> {
        let body = success_body(response)?;
        let text = String::from_utf8_lossy(body);
        refusal(text.trim_start_matches('\u{feff}').trim(), response)
    }
}

/// `POST /hl/archive/{archiveId}/stitch`: asks for a legacy archive's streams composed into one
/// MP4 (`X-TB-PARTNER-AUTH`). The service answered 201 with the file's signed URL in
/// `Location` once it was ready, and 202 while it was still composing it (ask again later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StitchArchive {
    archive_id: String,
}

impl StitchArchive {
    /// Stitches `archive_id`.
    pub fn new(archive_id: impl Into<String>) -> Self {
        Self {
            archive_id: archive_id.into(),
        }
    }
}

/// What a stitch request answers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stitch {
    /// The composed MP4 is ready at this signed, expiring URL (201 with `Location`).
    Ready {
        /// The download URL.
        location: String,
    },
    /// The service is still composing the file (202).
    Processing,
}

impl Operation for StitchArchive {
    type Output = Stitch;

    const INFO: OperationInfo = OperationInfo {
        name: "legacy_stitch_archive",
        method: "POST",
        path: "/hl/archive/{archiveId}/stitch",
        summary: "Compose a legacy archive's streams into one MP4.",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let (method, path) = ctx.method_and_path(&Self::INFO, &[("archiveId", &self.archive_id)])?;
        let (name, value) = auth::partner_auth_header(ctx.credentials())?;
        without_body(ctx.bare_request(method, &path, &[]).header(name, value))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Self::Output, ResponseError> {
        let body = success_body(response)?;
        let location = response.headers().get(http::header::LOCATION);
        match location.map(|v| v.to_str()) {
            Some(Ok(url)) if url.starts_with("https://") || url.starts_with("http://") => Ok(Stitch::Ready {
                location: url.to_owned(),
            }),
            None if response.status() == http::StatusCode::ACCEPTED => Ok(Stitch::Processing),
            _ => Err(DecodeError::new(
                response.status(),
                BodyFormat::Text,
                "expected 202, or a download URL in Location",
                body,
            )
            .into()),
        }
    }
}

/// `Err` with the service's error when `text` is an `<Errors>` document.
fn refusal<B: AsRef<[u8]>>(text: &str, response: &Response<B>) -> Result<(), ResponseError> {
    if !text.starts_with('<') {
        return Ok(());
    }
    match LegacyError::parse_all(text) {
        Some(errors) => {
            let first = errors.into_iter().next().unwrap_or_default();
            Err(first
                .to_api_error(response.body().as_ref())
                .attempts_from(response)
                .into())
        }
        None => Ok(()),
    }
}

/// A 2xx with a legacy XML body read by `read`; `<Errors>` in it becomes an `ApiError`.
fn parse_legacy_xml<T, B: AsRef<[u8]>>(
    response: &Response<B>,
    read: impl FnOnce(&str) -> Result<T, LegacyXmlError>,
) -> Result<T, ResponseError> {
    let body = success_body(response)?;
    let status = response.status();
    let text = std::str::from_utf8(body).map_err(|e| DecodeError::new(status, BodyFormat::Xml, e, body))?;
    read(text).map_err(|e| match e {
        LegacyXmlError::Refused(err) => err.to_api_error(body).attempts_from(response).into(),
        other => DecodeError::new(status, BodyFormat::Xml, other, body).into(),
    })
}
