//! The legacy XML documents: `<Sessions><Session>`, `<Errors><error code=…>` and the archive
//! `manifest`. Each reads from XML (`from_xml`) and writes back to it (`to_xml`, for the
//! emulator); the serde derives give the JSON shape (camelCase) the rest of the SDK uses.

use std::fmt::Write as _;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use super::xml::{self, Element};
use crate::error::{ApiError, ApiErrorKind};
use crate::serde_util::string_enum;

/// A legacy document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LegacyXmlError {
    /// Not well-formed XML, or not UTF-8.
    #[error("malformed legacy XML: {0}")]
    Malformed(String),
    /// Well-formed, but not the document expected (wrong root, a required element or attribute
    /// missing, a number that is not a number).
    #[error("unexpected legacy XML: {0}")]
    Unexpected(String),
    /// The document is the service's `<Errors>` envelope (or a `<Session>` holding an
    /// `<error>`): the call was refused, even though the HTTP status said 200.
    #[error("the service refused the call: {0}")]
    Refused(LegacyError),
}

fn tree(xml: &str) -> Result<Element, LegacyXmlError> {
    xml::parse(xml).map_err(|e| LegacyXmlError::Malformed(e.0))
}

/// One `<error code="…"><kind message="…"/></error>` of a legacy `<Errors>` document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LegacyError {
    /// The `code` attribute: an HTTP-like status (`403`, `404`) or `-1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    /// The name of the first child element (`notAuthorized`, `itemNotFound`, `errorMessage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// That child's `message` attribute, or else the error's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl std::fmt::Display for LegacyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(c) => write!(f, "code {c}")?,
            None => f.write_str("no code")?,
        }
        if let Some(k) = &self.kind {
            write!(f, " ({k})")?;
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl LegacyError {
    /// A new error.
    pub fn new(code: i64, kind: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: Some(code),
            kind: Some(kind.into()),
            message: Some(message.into()),
        }
    }

    /// Every error of an `<Errors>` document; `None` when `xml` is not one.
    pub fn parse_all(xml: &str) -> Option<Vec<LegacyError>> {
        let root = xml::parse(xml).ok()?;
        root.is("Errors")
            .then(|| root.children_named("error").map(Self::from_element).collect())
    }

    fn from_element(e: &Element) -> Self {
        let code = e.attr("code").and_then(|c| c.trim().parse().ok());
        let first = e.children.first();
        let message = first
            .and_then(|c| c.attr("message"))
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .or_else(|| {
                let t = e.text.trim();
                (!t.is_empty()).then(|| t.to_owned())
            });
        Self {
            code,
            kind: first.map(|c| c.name.clone()),
            message,
        }
    }

    /// The HTTP status this error stands for: its code when that is an HTTP error status
    /// (the hl API used `403` and `404`), otherwise 400.
    pub fn status(&self) -> StatusCode {
        self.code
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| (400..=599).contains(c))
            .and_then(|c| StatusCode::from_u16(c).ok())
            .unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// The [`ApiError`] for this error, found in `body` (kept raw). The status is
    /// [`LegacyError::status`], since the hl API reported errors with HTTP 200.
    pub(crate) fn to_api_error(&self, body: &[u8]) -> ApiError {
        let status = self.status();
        ApiError {
            status,
            kind: ApiErrorKind::from_status(status),
            code: self.code,
            message: self.message.clone(),
            description: self.kind.clone(),
            body: body[..body.len().min(ApiError::MAX_BODY)].to_vec(),
            attempts: 1,
        }
    }

    /// Renders `errors` as an `<Errors>` document.
    pub fn errors_to_xml(errors: &[LegacyError]) -> String {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Errors>");
        for e in errors {
            s.push_str("<error");
            if let Some(c) = e.code {
                let _ = write!(s, " code=\"{c}\"");
            }
            s.push('>');
            let kind = e.kind.as_deref().filter(|k| is_xml_name(k)).unwrap_or("error");
            let _ = write!(
                s,
                "<{kind} message=\"{}\"/>",
                xml::escape(e.message.as_deref().unwrap_or(""))
            );
            s.push_str("</error>");
        }
        s.push_str("</Errors>");
        s
    }
}

/// Whether `s` can be written as an element name as is.
fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The session a legacy `POST /hl/session/create` made: one `<Session>` of the `<Sessions>`
/// reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LegacySession {
    /// The new session id.
    pub session_id: String,
    /// The API key (`partner_id`) the session belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// When it was created, as the service wrote it (a human date, not a timestamp:
    /// `2012-09-04 23:27:12.767869+00:00` or `Mon Mar 17 00:41:31 PDT 2014`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_dt: Option<String>,
    /// `session_status`, usually empty (then `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_status: Option<String>,
}

impl LegacySession {
    /// A session with only its id.
    pub fn new(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            partner_id: None,
            create_dt: None,
            session_status: None,
        }
    }

    /// Reads the first `<Session>` of a `<Sessions>` (or `<sessions>`) document. An `<Errors>`
    /// document, or a `<Session>` holding an `<error>`, is [`LegacyXmlError::Refused`].
    pub fn from_xml(xml: &str) -> Result<Self, LegacyXmlError> {
        let root = tree(xml)?;
        refused(&root)?;
        if !root.is("Sessions") {
            return Err(LegacyXmlError::Unexpected(format!(
                "root element <{}>, expected <Sessions>",
                root.name
            )));
        }
        let session = root
            .child("Session")
            .ok_or_else(|| LegacyXmlError::Unexpected("no <Session> in <Sessions>".into()))?;
        if let Some(e) = session.child("error") {
            return Err(LegacyXmlError::Refused(LegacyError::from_element(e)));
        }
        let session_id = session
            .child_text("session_id")
            .ok_or_else(|| LegacyXmlError::Unexpected("no <session_id> in <Session>".into()))?;
        Ok(Self {
            session_id,
            partner_id: session.child_text("partner_id"),
            create_dt: session.child_text("create_dt"),
            session_status: session.child_text("session_status"),
        })
    }

    /// Renders the `<Sessions>` reply holding this session.
    pub fn to_xml(&self) -> String {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Sessions><Session>");
        let _ = write!(s, "<session_id>{}</session_id>", xml::escape(&self.session_id));
        for (name, value) in [
            ("partner_id", &self.partner_id),
            ("create_dt", &self.create_dt),
            ("session_status", &self.session_status),
        ] {
            let _ = write!(
                s,
                "<{name}>{}</{name}>",
                xml::escape(value.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</Session></Sessions>");
        s
    }
}

/// `Err(Refused)` when `root` is an `<Errors>` envelope.
fn refused(root: &Element) -> Result<(), LegacyXmlError> {
    if root.is("Errors") {
        let first = root
            .child("error")
            .map(LegacyError::from_element)
            .unwrap_or_default();
        return Err(LegacyXmlError::Refused(first));
    }
    Ok(())
}

string_enum! {
    /// What a timeline event does.
    pub enum TimelineEventType {
        /// The video resource starts playing at the event's offset.
        Play => "PLAY",
    }
}

/// One video of an archive: `resources/video`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VideoResource {
    /// The video id, used to fetch its download URL.
    pub id: String,
    /// Its length; milliseconds, as inferred from the recordings (an 18 s clip is `18734`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u64>,
    /// The stream name (empty for archives made before v0.91.48).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl VideoResource {
    /// A video with its id, length and name.
    pub fn new(id: impl Into<String>, length: Option<u64>, name: Option<String>) -> Self {
        Self {
            id: id.into(),
            length,
            name,
        }
    }
}

/// One event of an archive's timeline: `timeline/event`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimelineEvent {
    /// What happens (`PLAY`; unknown types are kept).
    #[serde(rename = "type")]
    pub event_type: TimelineEventType,
    /// The video resource it concerns.
    pub id: String,
    /// When, from the start of the archive; milliseconds, as inferred from the recordings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// The event's `data` attribute, when not empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

impl TimelineEvent {
    /// An event of `event_type` for video `id` at `offset`.
    pub fn new(event_type: TimelineEventType, id: impl Into<String>, offset: Option<u64>) -> Self {
        Self {
            event_type,
            id: id.into(),
            offset,
            data: None,
        }
    }
}

/// A legacy archive manifest: the videos an archive holds and when each plays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ArchiveManifest {
    /// The archive id (`archiveid`).
    pub archive_id: String,
    /// The manifest format version (`0.1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The archive's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The videos (`resources/video`).
    #[serde(default)]
    pub resources: Vec<VideoResource>,
    /// The timeline (`timeline/event`).
    #[serde(default)]
    pub timeline: Vec<TimelineEvent>,
}

impl ArchiveManifest {
    /// An empty manifest for `archive_id`.
    pub fn new(archive_id: impl Into<String>) -> Self {
        Self {
            archive_id: archive_id.into(),
            version: None,
            title: None,
            resources: Vec::new(),
            timeline: Vec::new(),
        }
    }

    /// Reads a `<manifest>` document. Unknown elements and attributes are ignored; `length`
    /// and `offset` must be whole numbers (blank reads as absent); `archiveid` and every
    /// video's and event's `id` are required. An `<Errors>` document is
    /// [`LegacyXmlError::Refused`].
    pub fn from_xml(xml: &str) -> Result<Self, LegacyXmlError> {
        let root = tree(xml)?;
        refused(&root)?;
        if !root.is("manifest") {
            return Err(LegacyXmlError::Unexpected(format!(
                "root element <{}>, expected <manifest>",
                root.name
            )));
        }
        let archive_id = required(&root, "archiveid")?;
        let resources = root
            .children_named("resources")
            .flat_map(|r| r.children_named("video"))
            .map(|v| {
                Ok(VideoResource {
                    id: required(v, "id")?,
                    length: number(v, "length")?,
                    name: v.attr("name").map(str::to_owned),
                })
            })
            .collect::<Result<Vec<_>, LegacyXmlError>>()?;
        let timeline = root
            .children_named("timeline")
            .flat_map(|t| t.children_named("event"))
            .map(|e| {
                Ok(TimelineEvent {
                    event_type: TimelineEventType::from(e.attr("type").unwrap_or("").trim()),
                    id: required(e, "id")?,
                    offset: number(e, "offset")?,
                    data: e.attr("data").filter(|d| !d.is_empty()).map(str::to_owned),
                })
            })
            .collect::<Result<Vec<_>, LegacyXmlError>>()?;
        Ok(Self {
            archive_id,
            version: root.attr("version").map(str::to_owned),
            title: root.attr("title").map(str::to_owned),
            resources,
            timeline,
        })
    }

    /// Renders the manifest as the service wrote it.
    pub fn to_xml(&self) -> String {
        let mut s = String::from("<manifest");
        if let Some(v) = &self.version {
            let _ = write!(s, " version=\"{}\"", xml::escape(v));
        }
        let _ = write!(s, " archiveid=\"{}\"", xml::escape(&self.archive_id));
        if let Some(t) = &self.title {
            let _ = write!(s, " title=\"{}\"", xml::escape(t));
        }
        s.push_str("><resources>");
        for v in &self.resources {
            let _ = write!(s, "<video id=\"{}\"", xml::escape(&v.id));
            if let Some(l) = v.length {
                let _ = write!(s, " length=\"{l}\"");
            }
            if let Some(n) = &v.name {
                let _ = write!(s, " name=\"{}\"", xml::escape(n));
            }
            s.push_str("/>");
        }
        s.push_str("</resources><timeline>");
        for e in &self.timeline {
            let _ = write!(
                s,
                "<event type=\"{}\" id=\"{}\"",
                xml::escape(e.event_type.as_str()),
                xml::escape(&e.id)
            );
            if let Some(o) = e.offset {
                let _ = write!(s, " offset=\"{o}\"");
            }
            if let Some(d) = &e.data {
                let _ = write!(s, " data=\"{}\"", xml::escape(d));
            }
            s.push_str("/>");
        }
        s.push_str("</timeline></manifest>");
        s
    }
}

fn required(e: &Element, attr: &str) -> Result<String, LegacyXmlError> {
    e.attr(attr)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| LegacyXmlError::Unexpected(format!("<{}> has no `{attr}`", e.name)))
}

fn number(e: &Element, attr: &str) -> Result<Option<u64>, LegacyXmlError> {
    match e.attr(attr).map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            LegacyXmlError::Unexpected(format!("<{}> `{attr}` is not a whole number: {v:?}", e.name))
        }),
    }
}

#[cfg(test)]
mod tests;
