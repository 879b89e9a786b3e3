//! The archive calls (endpoints 12–18): start, stop, get, list and delete here; layout and
//! stream selection in `composition.rs`.

use http::Response;
use serde::{Deserialize, Serialize};

use super::{Archive, ArchiveKind, OutputMode};
use crate::check::{check_id, check_len, check_max_bitrate, check_range, check_tracks};
use crate::error::{ResponseError, Rule, ValidationError};
use crate::layout::{Layout, Resolution, StreamMode};
use crate::list::{List, Listed, SessionFiltered};
use crate::operation::{
    Operation, OperationInfo, RequestContext, id_op, parse_empty, parse_json_tolerant, setters, with_json,
};
use crate::transport::HttpRequest;

/// Transcription options for individual archives (`transcriptionProperties`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TranscriptionProperties {
    /// The language to transcribe (`en-US`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) primary_language_code: Option<String>,
    /// Whether to add a summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) has_summary: Option<bool>,
}

impl TranscriptionProperties {
    /// No options: the service's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Sets the language code.
        primary_language_code: impl Into<String>,
        /// Asks for a summary.
        has_summary: bool,
    }
}

/// Starts recording a session: `POST /v2/project/{apiKey}/archive` → [`Archive`].
///
/// Rules checked by `build`: `sessionId` required; `name` ≤ 80 characters; `hasAudio` and
/// `hasVideo` not both false; `outputMode`, `streamMode` and `resolution` known values;
/// `resolution` and `quantizationParameter` (15–40) only for composed archives; `layout`
/// rules (see [`Layout`]); `maxBitrate` 100 000–6 000 000, and not together with
/// `quantizationParameter` (the two are mutually exclusive); `hasTranscription` only for
/// individual archives and `transcriptionProperties` only with `hasTranscription`.
/// Options left unset are not sent (the service's defaults apply).
///
/// ```
/// use opentok_core::archive::{ArchiveStatus, OutputMode, StartArchive};
/// use opentok_core::{ApiUrl, Operation, RequestContext};
/// use opentok_core::{Credentials, Rule, clock, nonce::SeededNonce};
///
/// let creds = Credentials::new("123456", "0123456789abcdef0123456789abcdef01234567")?;
/// let url = ApiUrl::new("https://api.opentok.com")?;
/// let nonce = SeededNonce::new(1);
/// let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_700_000_000), &nonce);
/// let session_id = "2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg";
///
/// let op = StartArchive::new(session_id)
///     .name("stand-up")
///     .output_mode(OutputMode::Individual);
/// let request = op.build(&ctx)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.uri(), "https://api.opentok.com/v2/project/123456/archive");
/// let body: serde_json::Value = serde_json::from_slice(request.body())?;
/// assert_eq!(body["sessionId"], session_id);
/// assert_eq!(body["outputMode"], "individual");
///
/// // A rule broken: refused before anything is sent, naming the wire field.
/// let err = StartArchive::new(session_id).name("x".repeat(81)).build(&ctx).unwrap_err();
/// assert_eq!(err.field, "name");
/// assert!(matches!(err.rule, Rule::TooLong { max: 80, .. }));
///
/// // The service's reply is the new archive.
/// let reply = http::Response::new(
///     br#"{"id":"b40ef09b","status":"started","sessionId":"2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg"}"#.to_vec(),
/// );
/// let archive = op.parse(&reply)?;
/// assert_eq!((archive.id.as_str(), archive.status), ("b40ef09b", ArchiveStatus::Started));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StartArchive {
    pub(crate) session_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) has_audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) has_video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) output_mode: Option<OutputMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resolution: Option<Resolution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) layout: Option<Layout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) stream_mode: Option<StreamMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) multi_archive_tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max_bitrate: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) quantization_parameter: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) has_transcription: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) transcription_properties: Option<TranscriptionProperties>,
}

impl StartArchive {
    /// Records `session_id` with the service's defaults.
    pub fn new(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            name: None,
            has_audio: None,
            has_video: None,
            output_mode: None,
            resolution: None,
            layout: None,
            stream_mode: None,
            multi_archive_tag: None,
            max_bitrate: None,
            quantization_parameter: None,
            has_transcription: None,
            transcription_properties: None,
        }
    }

    setters! {
        /// Names the archive (≤ 80 characters).
        name: impl Into<String>,
        /// Records audio or not.
        has_audio: bool,
        /// Records video or not.
        has_video: bool,
        /// Composed or individual.
        output_mode: OutputMode,
        /// The composed resolution.
        resolution: Resolution,
        /// The composed layout.
        layout: Layout,
        /// Automatic or manual stream selection.
        stream_mode: StreamMode,
        /// Tag allowing several simultaneous archives of one session.
        multi_archive_tag: impl Into<String>,
        /// Maximum video bitrate (100 000–6 000 000 bits per second; not with
        /// [`quantization_parameter`](Self::quantization_parameter)).
        max_bitrate: u32,
        /// Video quantization parameter (15–40, composed only; not with
        /// [`max_bitrate`](Self::max_bitrate)).
        quantization_parameter: u32,
        /// Transcribes the audio (individual archives only).
        has_transcription: bool,
    }

    /// Transcription options (turns transcription on).
    pub fn transcription_properties(mut self, props: TranscriptionProperties) -> Self {
        self.has_transcription = Some(true);
        self.transcription_properties = Some(props);
        self
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_id("sessionId", &self.session_id)?;
        check_len("name", self.name.as_deref(), 80)?;
        check_tracks(self.has_audio, self.has_video)?;
        let individual = match &self.output_mode {
            None | Some(OutputMode::Composed) => false,
            Some(OutputMode::Individual) => true,
            Some(OutputMode::Other(_)) => {
                return Err(ValidationError::new("outputMode", Rule::OneOf(OutputMode::KNOWN)));
            }
        };
        if let Some(r) = &self.resolution {
            r.validate("resolution")?;
            if individual {
                return Err(ValidationError::new(
                    "resolution",
                    Rule::Conflict("only allowed with outputMode composed".into()),
                ));
            }
        }
        if let Some(l) = &self.layout {
            l.validate("layout")?;
        }
        if let Some(m) = &self.stream_mode {
            m.validate("streamMode")?;
        }
        check_max_bitrate(self.max_bitrate)?;
        check_range("quantizationParameter", self.quantization_parameter, 15, 40)?;
        if self.quantization_parameter.is_some() && individual {
            return Err(ValidationError::new(
                "quantizationParameter",
                Rule::Conflict("only allowed with outputMode composed".into()),
            ));
        }
        if self.quantization_parameter.is_some() && self.max_bitrate.is_some() {
            return Err(ValidationError::new(
                "quantizationParameter",
                Rule::Conflict("not allowed together with maxBitrate".into()),
            ));
        }
        if self.has_transcription == Some(true) && !individual {
            return Err(ValidationError::new(
                "hasTranscription",
                Rule::Conflict("only allowed with outputMode individual".into()),
            ));
        }
        if self.transcription_properties.is_some() && self.has_transcription != Some(true) {
            return Err(ValidationError::new(
                "transcriptionProperties",
                Rule::Conflict("only allowed with hasTranscription true".into()),
            ));
        }
        Ok(())
    }
}

impl Operation for StartArchive {
    type Output = Archive;

    const INFO: OperationInfo = OperationInfo {
        name: "start_archive",
        method: "POST",
        path: "/v2/project/{apiKey}/archive",
        summary: "Start recording a session",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        self.validate()?;
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Archive, ResponseError> {
        parse_json_tolerant(response)
    }
}

id_op! {
    /// Stops a recording: `POST /v2/project/{apiKey}/archive/{archiveId}/stop` → [`Archive`]
    /// (status `stopped`; 409 when it is not recording).
    StopArchive { archive_id: "archiveId" }, Archive,
    OperationInfo {
        name: "stop_archive",
        method: "POST",
        path: "/v2/project/{apiKey}/archive/{archiveId}/stop",
        summary: "Stop recording an archive",
    },
    parse_json_tolerant
}

id_op! {
    /// Gets an archive: `GET /v2/project/{apiKey}/archive/{archiveId}` → [`Archive`].
    GetArchive { archive_id: "archiveId" }, Archive,
    OperationInfo {
        name: "get_archive",
        method: "GET",
        path: "/v2/project/{apiKey}/archive/{archiveId}",
        summary: "Get an archive",
    },
    parse_json_tolerant
}

id_op! {
    /// Deletes an archive's file: `DELETE /v2/project/{apiKey}/archive/{archiveId}` (204; 409
    /// unless the archive is `available`, `uploaded` or `deleted`).
    DeleteArchive { archive_id: "archiveId" }, (),
    OperationInfo {
        name: "delete_archive",
        method: "DELETE",
        path: "/v2/project/{apiKey}/archive/{archiveId}",
        summary: "Delete an archive",
    },
    parse_empty
}

/// Lists archives, newest first: `GET /v2/project/{apiKey}/archive?offset&count&sessionId`
/// → [`Page<Archive>`](crate::operation::Page). `count` is 0..=1000.
pub type ListArchives = List<ArchiveKind>;

impl Listed for ArchiveKind {
    type Item = Archive;

    const INFO: OperationInfo = OperationInfo {
        name: "list_archives",
        method: "GET",
        path: "/v2/project/{apiKey}/archive",
        summary: "List archives (offset, count, sessionId)",
    };
}

impl SessionFiltered for ArchiveKind {}
