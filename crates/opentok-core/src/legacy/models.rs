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
    pub fn to_api_error(&self, body: &[u8]) -> ApiError {
        let status = self.status();
        ApiError {
            status,
            kind: ApiErrorKind::from_status(status),
            code: self.code,
            message: self.message.clone(),
            description: self.kind.clone(),
            body: body[..body.len().min(ApiError::MAX_BODY)].to_vec(),
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
                    event_type: TimelineEventType::from_wire(e.attr("type").unwrap_or("").trim()),
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
mod tests {
    use super::*;

    /// The seed's manifest, with the typographic quotes the page printed around `PLAY` made straight.
    const SEED_MANIFEST: &str = "<manifest version=\"0.1\" archiveid=\"340ded4d-a587-4ca0-b92a-ef86b6997fc7\" title=\"archive1318034901141\"> <resources> <video id=\"125f0b49-e452-4b61-ade5-2f4589ade4cb\" length=\"8687\" name=\"Bob\" /> </resources> <timeline> <event type=\"PLAY\" id=\"125f0b49-e452-4b61-ade5-2f4589ade4cb\" offset=\"0\" /> </timeline> </manifest>";

    /// The 2012 recording (Ruby cassette `archives.yml`).
    const RECORDED_MANIFEST: &str = r#"<manifest version="0.1" archiveid="200567af-0726-4e93-883b-fe0426d6310a" title="1346797109799">
  <resources>
    <video id="bbf108c9-7237-49ae-9057-2ccdb71cf675" length="18734" name=""/>
    <video id="3f0d3ec6-4a41-4cc5-9e38-f9e6375ba5fd" length="18743" name=""/>
  </resources>
  <timeline>
    <event type="PLAY" id="3f0d3ec6-4a41-4cc5-9e38-f9e6375ba5fd" offset="1255" data="" />
    <event type="PLAY" id="bbf108c9-7237-49ae-9057-2ccdb71cf675" offset="1263" data="" />
  </timeline>
</manifest>"#;

    #[test]
    fn seed_manifest() {
        let m = ArchiveManifest::from_xml(SEED_MANIFEST).expect("parses");
        assert_eq!(m.archive_id, "340ded4d-a587-4ca0-b92a-ef86b6997fc7");
        assert_eq!(m.version.as_deref(), Some("0.1"));
        assert_eq!(m.title.as_deref(), Some("archive1318034901141"));
        assert_eq!(
            m.resources,
            vec![VideoResource::new(
                "125f0b49-e452-4b61-ade5-2f4589ade4cb",
                Some(8687),
                Some("Bob".into())
            )]
        );
        assert_eq!(
            m.timeline,
            vec![TimelineEvent::new(
                TimelineEventType::Play,
                "125f0b49-e452-4b61-ade5-2f4589ade4cb",
                Some(0)
            )]
        );
        // As printed, the quotes are not XML quotes: a clear error, not a guess.
        let printed = SEED_MANIFEST.replace("\"PLAY\"", "\u{201d}PLAY\u{201d}");
        assert!(matches!(
            ArchiveManifest::from_xml(&printed),
            Err(LegacyXmlError::Malformed(_))
        ));
    }

    #[test]
    fn recorded_manifest_and_round_trip() {
        let m = ArchiveManifest::from_xml(RECORDED_MANIFEST).expect("parses");
        assert_eq!(m.resources.len(), 2);
        assert_eq!(m.resources[1].length, Some(18743));
        assert_eq!(m.resources[0].name.as_deref(), Some(""));
        assert_eq!(m.timeline[0].offset, Some(1255));
        assert_eq!(m.timeline[1].id, "bbf108c9-7237-49ae-9057-2ccdb71cf675");
        assert_eq!(m.timeline[1].data, None);
        let again = ArchiveManifest::from_xml(&m.to_xml()).expect("round trip");
        assert_eq!(again, m);
        let json = serde_json::to_value(&m).expect("json");
        assert_eq!(json["archiveId"], "200567af-0726-4e93-883b-fe0426d6310a");
        assert_eq!(json["resources"][0]["length"], 18734);
        assert_eq!(json["timeline"][0]["type"], "PLAY");
    }

    #[test]
    fn manifest_leniency_and_rules() {
        let m = ArchiveManifest::from_xml(
            "<Manifest archiveid='a' extra='x'><unknown><video id='nope'/></unknown><resources><video id='v' length=' 12 '/><other/><video id='w'/></resources><timeline><event type='STOP' id='v' offset=''/></timeline></Manifest>",
        )
        .expect("parses");
        assert_eq!(
            m.resources.len(),
            2,
            "videos outside <resources> are not resources"
        );
        assert_eq!(m.resources[0].length, Some(12));
        assert_eq!(m.resources[1].length, None);
        assert_eq!(m.timeline[0].event_type, TimelineEventType::Other("STOP".into()));
        assert_eq!(m.timeline[0].offset, None);
        for bad in [
            "<manifest/>",
            "<manifest archiveid='a'><resources><video length='1'/></resources></manifest>",
            "<manifest archiveid='a'><resources><video id='v' length='-1'/></resources></manifest>",
            "<manifest archiveid='a'><timeline><event id='v' offset='1.5'/></timeline></manifest>",
            "<sessions/>",
        ] {
            assert!(
                matches!(ArchiveManifest::from_xml(bad), Err(LegacyXmlError::Unexpected(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            ArchiveManifest::from_xml("<manifest"),
            Err(LegacyXmlError::Malformed(_))
        ));
    }

    #[test]
    fn sessions_reply_both_casings() {
        let recorded = "<Sessions>\n  <Session>\n    <session_id>2_MX40NTk3ODJ-fjIwMTItMDktMDQg</session_id>\n    <partner_id>459782</partner_id>\n    <create_dt>2012-09-04 23:27:12.767869+00:00</create_dt>\n    <session_status></session_status>\n  </Session>\n</Sessions>";
        let s = LegacySession::from_xml(recorded).expect("parses");
        assert_eq!(s.session_id, "2_MX40NTk3ODJ-fjIwMTItMDktMDQg");
        assert_eq!(s.partner_id.as_deref(), Some("459782"));
        assert_eq!(s.create_dt.as_deref(), Some("2012-09-04 23:27:12.767869+00:00"));
        assert_eq!(s.session_status, None);
        let newer = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sessions><Session><session_id>1_MX4xMjM0NTZ-</session_id><partner_id>123456</partner_id><create_dt>Mon Mar 17 00:41:31 PDT 2014</create_dt></Session></sessions>";
        let s = LegacySession::from_xml(newer).expect("parses");
        assert_eq!(s.session_id, "1_MX4xMjM0NTZ-");
        assert_eq!(LegacySession::from_xml(&s.to_xml()).expect("round trip"), s);
        assert!(matches!(
            LegacySession::from_xml("<Sessions><Session><partner_id>1</partner_id></Session></Sessions>"),
            Err(LegacyXmlError::Unexpected(_))
        ));
    }

    #[test]
    fn errors_in_a_200_body() {
        let body = "<Errors><error code=\"403\"><notAuthorized message=\"The API secret did not match, Invalid credentials passed\"/></error></Errors>";
        let Err(LegacyXmlError::Refused(e)) = LegacySession::from_xml(body) else {
            panic!("refused expected");
        };
        assert_eq!(e.code, Some(403));
        assert_eq!(e.kind.as_deref(), Some("notAuthorized"));
        assert_eq!(
            e.message.as_deref(),
            Some("The API secret did not match, Invalid credentials passed")
        );
        let api = e.to_api_error(body.as_bytes());
        assert_eq!(api.status, StatusCode::FORBIDDEN);
        assert_eq!(api.kind, ApiErrorKind::Unauthorized);
        assert_eq!(api.code, Some(403));
        assert_eq!(api.body, body.as_bytes());
        // The error inside a <Session>, as anvil.opentok.com sent it.
        let inside = "<sessions><Session><error code=\"403\"><errorMessage message=\"Invalid token\"/></error></Session></sessions>";
        let Err(LegacyXmlError::Refused(e)) = LegacySession::from_xml(inside) else {
            panic!("refused expected");
        };
        assert_eq!(e.message.as_deref(), Some("Invalid token"));
        // Codes that are not HTTP error statuses map to 400.
        let e = LegacyError::parse_all("<Errors><error code=\"-1\">oops</error></Errors>").expect("errors");
        assert_eq!(e[0].message.as_deref(), Some("oops"));
        assert_eq!(e[0].status(), StatusCode::BAD_REQUEST);
        assert_eq!(LegacyError::parse_all("<manifest/>"), None);
        let written =
            LegacyError::errors_to_xml(&[LegacyError::new(404, "itemNotFound", "Archive <a> not found")]);
        assert_eq!(
            LegacyError::parse_all(&written).expect("errors"),
            vec![LegacyError::new(404, "itemNotFound", "Archive <a> not found")]
        );
    }
}
