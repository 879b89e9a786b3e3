//! The archive calls (endpoints 12–18): start, stop, get, list and delete here; layout and
//! stream selection in `composition.rs`.

use http::{Method, Response};
use serde::{Deserialize, Serialize};

use super::{Archive, OutputMode};
use crate::check::{check_len, check_range};
use crate::error::{ResponseError, Rule, ValidationError};
use crate::layout::{Layout, Resolution, StreamMode, check_max_bitrate, check_tracks, parse_json_tolerant};
use crate::operation::{
    ListOptions, Operation, OperationInfo, Page, RequestContext, check_id, parse_empty, with_json,
    without_body,
};
use crate::transport::HttpRequest;

/// Transcription options for individual archives (`transcriptionProperties`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TranscriptionProperties {
    /// The language to transcribe (`en-US`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_language_code: Option<String>,
    /// Whether to add a summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_summary: Option<bool>,
}

impl TranscriptionProperties {
    /// No options: the service's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the language code.
    pub fn primary_language_code(mut self, code: impl Into<String>) -> Self {
        self.primary_language_code = Some(code.into());
        self
    }

    /// Asks for a summary.
    pub fn has_summary(mut self, on: bool) -> Self {
        self.has_summary = Some(on);
        self
    }
}

/// Starts recording a session: `POST /v2/project/{apiKey}/archive` → [`Archive`].
///
/// Rules checked by `build`: `sessionId` required; `name` ≤ 80 characters; `hasAudio` and
/// `hasVideo` not both false; `outputMode`, `streamMode` and `resolution` known values;
/// `resolution` and `quantizationParameter` (15–40) only for composed archives; `layout`
/// rules ([`Layout::validate`]); `maxBitrate` 100 000–6 000 000, and not together with
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
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StartArchive {
    /// The session to record.
    pub session_id: String,
    /// Archive name.
    pub name: Option<String>,
    /// Record audio (default true).
    pub has_audio: Option<bool>,
    /// Record video (default true).
    pub has_video: Option<bool>,
    /// Composed (default) or individual.
    pub output_mode: Option<OutputMode>,
    /// Composed resolution.
    pub resolution: Option<Resolution>,
    /// Composed layout.
    pub layout: Option<Layout>,
    /// Automatic (default) or manual stream selection.
    pub stream_mode: Option<StreamMode>,
    /// Tag allowing several simultaneous archives of one session.
    pub multi_archive_tag: Option<String>,
    /// Maximum video bitrate, bits per second.
    pub max_bitrate: Option<u32>,
    /// Video quantization parameter (composed only).
    pub quantization_parameter: Option<u32>,
    /// Transcribe the audio (individual only).
    pub has_transcription: Option<bool>,
    /// Transcription options.
    pub transcription_properties: Option<TranscriptionProperties>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StartArchiveBody<'a> {
    session_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_mode: Option<&'a OutputMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<&'a Resolution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    layout: Option<&'a Layout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stream_mode: Option<&'a StreamMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multi_archive_tag: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_bitrate: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quantization_parameter: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_transcription: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transcription_properties: Option<&'a TranscriptionProperties>,
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

    /// Names the archive (≤ 80 characters).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Records audio or not.
    pub fn has_audio(mut self, on: bool) -> Self {
        self.has_audio = Some(on);
        self
    }

    /// Records video or not.
    pub fn has_video(mut self, on: bool) -> Self {
        self.has_video = Some(on);
        self
    }

    /// Composed or individual.
    pub fn output_mode(mut self, mode: OutputMode) -> Self {
        self.output_mode = Some(mode);
        self
    }

    /// The composed resolution.
    pub fn resolution(mut self, resolution: Resolution) -> Self {
        self.resolution = Some(resolution);
        self
    }

    /// The composed layout.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = Some(layout);
        self
    }

    /// Automatic or manual stream selection.
    pub fn stream_mode(mut self, mode: StreamMode) -> Self {
        self.stream_mode = Some(mode);
        self
    }

    /// Tag allowing several simultaneous archives of one session.
    pub fn multi_archive_tag(mut self, tag: impl Into<String>) -> Self {
        self.multi_archive_tag = Some(tag.into());
        self
    }

    /// Maximum video bitrate (100 000–6 000 000 bits per second; not with
    /// [`quantization_parameter`](Self::quantization_parameter)).
    pub fn max_bitrate(mut self, bps: u32) -> Self {
        self.max_bitrate = Some(bps);
        self
    }

    /// Video quantization parameter (15–40, composed only; not with
    /// [`max_bitrate`](Self::max_bitrate)).
    pub fn quantization_parameter(mut self, qp: u32) -> Self {
        self.quantization_parameter = Some(qp);
        self
    }

    /// Transcribes the audio (individual archives only).
    pub fn has_transcription(mut self, on: bool) -> Self {
        self.has_transcription = Some(on);
        self
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
        facade: "archives().start",
        cli: "archive start",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        self.validate()?;
        let body = StartArchiveBody {
            session_id: &self.session_id,
            name: self.name.as_deref(),
            has_audio: self.has_audio,
            has_video: self.has_video,
            output_mode: self.output_mode.as_ref(),
            resolution: self.resolution.as_ref(),
            layout: self.layout.as_ref(),
            stream_mode: self.stream_mode.as_ref(),
            multi_archive_tag: self.multi_archive_tag.as_deref(),
            max_bitrate: self.max_bitrate,
            quantization_parameter: self.quantization_parameter,
            has_transcription: self.has_transcription,
            transcription_properties: self.transcription_properties.as_ref(),
        };
        with_json(ctx.project_request(Method::POST, &["archive"], &[]), &body)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Archive, ResponseError> {
        parse_json_tolerant(response)
    }
}

/// Declares an operation on one archive id with no request body.
macro_rules! archive_id_op {
    (
        $(#[$meta:meta])*
        $name:ident, $output:ty, $method:ident, [$($tail:literal),*], $info:expr, $parse:path
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// The archive id.
            pub archive_id: String,
        }

        impl $name {
            /// The call for `archive_id`.
            pub fn new(archive_id: impl Into<String>) -> Self {
                Self { archive_id: archive_id.into() }
            }
        }

        impl Operation for $name {
            type Output = $output;

            const INFO: OperationInfo = $info;

            fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
                check_id("archiveId", &self.archive_id)?;
                without_body(ctx.project_request(
                    Method::$method,
                    &["archive", &self.archive_id $(, $tail)*],
                    &[],
                ))
            }

            fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<$output, ResponseError> {
                $parse(response)
            }
        }
    };
}

archive_id_op! {
    /// Stops a recording: `POST /v2/project/{apiKey}/archive/{archiveId}/stop` → [`Archive`]
    /// (status `stopped`; 409 when it is not recording).
    StopArchive, Archive, POST, ["stop"],
    OperationInfo {
        name: "stop_archive",
        method: "POST",
        path: "/v2/project/{apiKey}/archive/{archiveId}/stop",
        summary: "Stop recording an archive",
        facade: "archives().stop",
        cli: "archive stop",
    },
    parse_json_tolerant
}

archive_id_op! {
    /// Gets an archive: `GET /v2/project/{apiKey}/archive/{archiveId}` → [`Archive`].
    GetArchive, Archive, GET, [],
    OperationInfo {
        name: "get_archive",
        method: "GET",
        path: "/v2/project/{apiKey}/archive/{archiveId}",
        summary: "Get an archive",
        facade: "archives().get",
        cli: "archive get",
    },
    parse_json_tolerant
}

archive_id_op! {
    /// Deletes an archive's file: `DELETE /v2/project/{apiKey}/archive/{archiveId}` (204; 409
    /// unless the archive is `available`, `uploaded` or `deleted`).
    DeleteArchive, (), DELETE, [],
    OperationInfo {
        name: "delete_archive",
        method: "DELETE",
        path: "/v2/project/{apiKey}/archive/{archiveId}",
        summary: "Delete an archive",
        facade: "archives().delete",
        cli: "archive delete",
    },
    parse_empty
}

/// Lists archives, newest first: `GET /v2/project/{apiKey}/archive?offset&count&sessionId`
/// → [`Page<Archive>`]. `count` is 0..=1000.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListArchives {
    /// Paging and session filter.
    pub options: ListOptions,
}

impl ListArchives {
    /// The first page with the service's default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// A list call with these options.
    pub fn with_options(options: ListOptions) -> Self {
        Self { options }
    }

    /// Skips `offset` archives.
    pub fn offset(mut self, offset: u32) -> Self {
        self.options = self.options.offset(offset);
        self
    }

    /// Returns at most `count` (0..=1000).
    pub fn count(mut self, count: u32) -> Self {
        self.options = self.options.count(count);
        self
    }

    /// Only archives of this session.
    pub fn session_id(mut self, session_id: impl Into<String>) -> Self {
        self.options = self.options.session_id(session_id);
        self
    }
}

impl Operation for ListArchives {
    type Output = Page<Archive>;

    const INFO: OperationInfo = OperationInfo {
        name: "list_archives",
        method: "GET",
        path: "/v2/project/{apiKey}/archive",
        summary: "List archives (offset, count, sessionId)",
        facade: "archives().list",
        cli: "archive list",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let query = self.options.query()?;
        without_body(ctx.project_request(Method::GET, &["archive"], &query))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Page<Archive>, ResponseError> {
        parse_json_tolerant(response)
    }
}
