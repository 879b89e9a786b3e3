//! Sessions: the create-session call (`POST /session/create`, form body; XML or JSON reply)
//! and the [`Session`] it returns.
//!
//! **Reply format.** By default [`CreateSession`] sends `Accept: application/json` and the
//! service answers with a JSON array of one session (what the Node, Java and Python SDKs do;
//! it carries more fields than the XML). [`CreateSession::reply_format`] with
//! [`ReplyFormat::Xml`] sends `Accept: */*` instead, as the Ruby SDK's recordings do, and the
//! service answers `<sessions><Session>…`. Whatever was asked for, [`CreateSession::parse`]
//! reads both shapes (and the 2012 `<Sessions>` root), judging by the body itself.
//!
//! ```
//! use opentok_core::layout::Resolution;
//! use opentok_core::session::{ArchiveMode, CreateSession, MediaMode};
//!
//! let op = CreateSession::new()
//!     .media_mode(MediaMode::Routed)
//!     .archive_mode(ArchiveMode::Always)
//!     .archive_name("daily standup")
//!     .archive_resolution(Resolution::Hd)
//!     .location("12.34.56.78");
//! # let _ = op;
//! ```

use std::net::Ipv4Addr;

use http::header::ACCEPT;
use http::{HeaderValue, Response};
use serde::{Deserialize, Serialize};

use crate::check::check_len;
use crate::error::{BodyFormat, DecodeError, ResponseError, Rule, ValidationError};
use crate::layout::Resolution;
use crate::operation::{Operation, OperationInfo, RequestContext, setters, success_body, with_form};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

/// How a session's media flows (`p2p.preference`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MediaMode {
    /// Clients exchange media directly where they can (`p2p.preference=enabled`). The
    /// default. Relayed sessions cannot be archived.
    #[default]
    Relayed,
    /// Media goes through the OpenTok Media Router (`p2p.preference=disabled`); needed for
    /// archiving, broadcasts, SIP and end-to-end encryption.
    Routed,
}

impl MediaMode {
    /// The `p2p.preference` value.
    pub fn p2p_preference(self) -> &'static str {
        match self {
            MediaMode::Relayed => "enabled",
            MediaMode::Routed => "disabled",
        }
    }
}

string_enum! {
    /// Whether a session is archived automatically (`archiveMode`).
    pub enum ArchiveMode {
        /// Archives are started by calls (the service's default).
        Manual => "manual",
        /// An archive starts when the first client connects; needs [`MediaMode::Routed`].
        Always => "always",
    }
}

/// Which reply format to ask the service for; both are parsed either way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReplyFormat {
    /// `Accept: application/json`: a JSON array of one session (the default).
    #[default]
    Json,
    /// `Accept: */*`: the XML `<sessions><Session>…` document.
    Xml,
}

/// A created session. Every field but the id is optional: which ones appear depends on the
/// reply format and the service version.
///
/// The JSON reply uses snake_case keys (`session_id`, `create_dt`, …), and so does this model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// The session id, to mint client tokens for.
    pub session_id: String,
    /// The project (API key) the session belongs to.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The older name of the project id.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// The Vonage application id, on the Vonage host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The creation time as the service wrote it (`Mon Mar 17 00:41:31 PDT 2014`, or
    /// milliseconds in some replies): kept as text, since its format is not fixed.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub create_dt: Option<String>,
    /// The media server URL, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_server_url: Option<String>,
    /// The media server host name, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_server_hostname: Option<String>,
    /// The messaging server URL, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_server_url: Option<String>,
    /// The messaging (WebSocket) URL, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_url: Option<String>,
    /// The symphony address, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symphony_address: Option<String>,
    /// The ICE server host, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ice_server: Option<String>,
    /// Seconds the ICE credentials stay valid, when the reply says.
    #[serde(default, with = "opt::number", skip_serializing_if = "Option::is_none")]
    pub ice_credential_expiration: Option<u64>,
    /// The session status, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_status: Option<String>,
    /// The session segment id, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_segment_id: Option<String>,
}

impl Session {
    /// A session with only its id.
    pub fn new(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            ..Self::default()
        }
    }

    /// The project id, falling back to the partner id and then the application id.
    pub fn project(&self) -> Option<&str> {
        self.project_id
            .as_deref()
            .or(self.partner_id.as_deref())
            .or(self.application_id.as_deref())
    }

    /// Reads a create-session reply body: the JSON array (or a bare object), or the XML
    /// `<sessions>` / `<Sessions>` document. Fails (format, reason) when it holds no session.
    pub(crate) fn from_reply(body: &[u8]) -> Result<Self, (BodyFormat, String)> {
        let text = std::str::from_utf8(body).map_err(|e| (BodyFormat::Text, e.to_string()))?;
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('<') {
            let doc: XmlSessions =
                quick_xml::de::from_str(text).map_err(|e| (BodyFormat::Xml, e.to_string()))?;
            let first = doc
                .sessions
                .into_iter()
                .next()
                .ok_or((BodyFormat::Xml, "no <Session> element in the reply".to_owned()))?;
            return first.into_session();
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| (BodyFormat::Json, e.to_string()))?;
        let one = match value {
            serde_json::Value::Array(items) => items
                .into_iter()
                .next()
                .ok_or((BodyFormat::Json, "empty session array in the reply".to_owned()))?,
            other => other,
        };
        let s = Session::deserialize(one).map_err(|e| (BodyFormat::Json, e.to_string()))?;
        if s.session_id.is_empty() {
            return Err((BodyFormat::Json, "the reply has no session_id".to_owned()));
        }
        Ok(s)
    }
}

/// `<sessions>` (or the 2012 `<Sessions>`) root; quick-xml does not check the root's name.
#[derive(Debug, Deserialize)]
struct XmlSessions {
    #[serde(rename = "Session", alias = "session", default)]
    sessions: Vec<XmlSession>,
}

/// One `<Session>`: XML elements read as text, then converted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct XmlSession {
    session_id: Option<String>,
    project_id: Option<String>,
    partner_id: Option<String>,
    application_id: Option<String>,
    create_dt: Option<String>,
    media_server_url: Option<String>,
    media_server_hostname: Option<String>,
    messaging_server_url: Option<String>,
    messaging_url: Option<String>,
    symphony_address: Option<String>,
    ice_server: Option<String>,
    ice_credential_expiration: Option<String>,
    session_status: Option<String>,
    session_segment_id: Option<String>,
}

impl XmlSession {
    fn into_session(self) -> Result<Session, (BodyFormat, String)> {
        fn keep(s: Option<String>) -> Option<String> {
            s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
        }
        let session_id =
            keep(self.session_id).ok_or((BodyFormat::Xml, "the <Session> has no <session_id>".to_owned()))?;
        Ok(Session {
            session_id,
            project_id: keep(self.project_id),
            partner_id: keep(self.partner_id),
            application_id: keep(self.application_id),
            create_dt: keep(self.create_dt),
            media_server_url: keep(self.media_server_url),
            media_server_hostname: keep(self.media_server_hostname),
            messaging_server_url: keep(self.messaging_server_url),
            messaging_url: keep(self.messaging_url),
            symphony_address: keep(self.symphony_address),
            ice_server: keep(self.ice_server),
            ice_credential_expiration: keep(self.ice_credential_expiration).and_then(|v| v.parse().ok()),
            session_status: keep(self.session_status),
            session_segment_id: keep(self.session_segment_id),
        })
    }
}

/// Creates a session: `POST /session/create` with a form body.
///
/// Sent fields, in this order: `location`, `archiveMode`, `archiveName`, `archiveResolution`,
/// `e2ee` (each only when set) and `p2p.preference` (always, since the service's own default
/// differs from the SDKs').
///
/// Rules: `location` is a dotted-quad IPv4 address; `archiveMode=always` needs
/// [`MediaMode::Routed`]; `archiveName` (1–80 characters) and `archiveResolution` only with
/// `archiveMode=always`; `e2ee=true` needs [`MediaMode::Routed`].
///
/// ```
/// use opentok_core::{ApiUrl, Operation, RequestContext};
/// use opentok_core::session::{ArchiveMode, CreateSession, MediaMode};
/// use opentok_core::{Credentials, clock, nonce::SeededNonce};
///
/// let creds = Credentials::new("123456", "0123456789abcdef0123456789abcdef01234567")?;
/// let url = ApiUrl::new("https://api.opentok.com")?;
/// let nonce = SeededNonce::new(1);
/// let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_700_000_000), &nonce);
///
/// // A routed session recorded from its first connection on.
/// let op = CreateSession::new().media_mode(MediaMode::Routed).archive_mode(ArchiveMode::Always);
/// let request = op.build(&ctx)?;
/// assert_eq!(request.uri(), "https://api.opentok.com/session/create");
/// assert_eq!(request.body(), b"archiveMode=always&p2p.preference=disabled");
///
/// // Automatic archiving needs the Media Router: refused before sending.
/// let err = CreateSession::new().archive_mode(ArchiveMode::Always).build(&ctx).unwrap_err();
/// assert_eq!(err.field, "archiveMode");
///
/// // The reply names the new session.
/// let reply = http::Response::new(
///     br#"[{"session_id":"2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg","project_id":"123456"}]"#.to_vec(),
/// );
/// let session = op.parse(&reply)?;
/// assert_eq!(session.session_id, "2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateSession {
    pub(crate) media_mode: MediaMode,
    pub(crate) location: Option<String>,
    pub(crate) archive_mode: Option<ArchiveMode>,
    pub(crate) archive_name: Option<String>,
    pub(crate) archive_resolution: Option<Resolution>,
    pub(crate) e2ee: Option<bool>,
    pub(crate) reply_format: ReplyFormat,
}

impl CreateSession {
    /// A relayed session with no options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the media mode.
    pub fn media_mode(mut self, mode: MediaMode) -> Self {
        self.media_mode = mode;
        self
    }

    setters! {
        /// Sets the IPv4 location hint.
        location: impl Into<String>,
        /// Sets the archive mode.
        archive_mode: ArchiveMode,
        /// Names the automatic archives (needs `archiveMode=always`).
        archive_name: impl Into<String>,
        /// Sets the automatic archives' resolution (needs `archiveMode=always`).
        archive_resolution: Resolution,
        /// Turns end-to-end encryption on or off (on needs routed media).
        e2ee: bool,
    }

    /// Chooses the reply format to ask for.
    pub fn reply_format(mut self, format: ReplyFormat) -> Self {
        self.reply_format = format;
        self
    }

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(loc) = &self.location {
            if loc.parse::<Ipv4Addr>().is_err() {
                return Err(ValidationError::new(
                    "location",
                    Rule::Format("an IPv4 address (dotted quad)"),
                ));
            }
        }
        let always = match &self.archive_mode {
            None | Some(ArchiveMode::Manual) => false,
            Some(ArchiveMode::Always) => true,
            Some(ArchiveMode::Other(_)) => {
                return Err(ValidationError::new(
                    "archiveMode",
                    Rule::OneOf(ArchiveMode::KNOWN),
                ));
            }
        };
        let routed = self.media_mode == MediaMode::Routed;
        if always && !routed {
            return Err(ValidationError::new(
                "archiveMode",
                Rule::Conflict("always needs the routed media mode (p2p.preference=disabled)".into()),
            ));
        }
        if let Some(name) = &self.archive_name {
            if !always {
                return Err(ValidationError::new(
                    "archiveName",
                    Rule::Conflict("only allowed with archiveMode always".into()),
                ));
            }
            if name.is_empty() {
                return Err(ValidationError::new("archiveName", Rule::Required));
            }
            check_len("archiveName", Some(name), 80)?;
        }
        if let Some(res) = &self.archive_resolution {
            if !always {
                return Err(ValidationError::new(
                    "archiveResolution",
                    Rule::Conflict("only allowed with archiveMode always".into()),
                ));
            }
            res.validate("archiveResolution")?;
        }
        if self.e2ee == Some(true) && !routed {
            return Err(ValidationError::new(
                "e2ee",
                Rule::Conflict("end-to-end encryption needs the routed media mode".into()),
            ));
        }
        Ok(())
    }
}

impl Operation for CreateSession {
    type Output = Session;

    const INFO: OperationInfo = OperationInfo {
        name: "create_session",
        method: "POST",
        path: "/session/create",
        summary: "Create a session (relayed or routed, optional location hint and automatic archiving)",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        self.validate()?;
        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(6);
        if let Some(l) = &self.location {
            pairs.push(("location", l));
        }
        if let Some(m) = &self.archive_mode {
            pairs.push(("archiveMode", m.as_str()));
        }
        if let Some(n) = &self.archive_name {
            pairs.push(("archiveName", n));
        }
        if let Some(r) = &self.archive_resolution {
            pairs.push(("archiveResolution", r.as_str()));
        }
        if let Some(e) = self.e2ee {
            pairs.push(("e2ee", if e { "true" } else { "false" }));
        }
        pairs.push(("p2p.preference", self.media_mode.p2p_preference()));
        let mut builder = ctx.request_for(&Self::INFO, &[], &[])?;
        if self.reply_format == ReplyFormat::Xml {
            if let Some(headers) = builder.headers_mut() {
                headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
            }
        }
        with_form(builder, pairs)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Session, ResponseError> {
        let body = success_body(response)?;
        Session::from_reply(body)
            .map_err(|(format, detail)| DecodeError::new(response.status(), format, detail, body).into())
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod robustness;
