//! Archives (recordings): start, stop, get, list, delete, layout, stream selection and the
//! project's archive storage target; the [`Archive`] model, which is also the body of the
//! archive status callback (`"event": "archive"`).
//!
//! ```
//! use opentok_core::archive::{OutputMode, StartArchive};
//! use opentok_core::layout::{Layout, Resolution};
//!
//! let op = StartArchive::new("1_MX4xMjM0NTZ-…")
//!     .name("interview")
//!     .output_mode(OutputMode::Composed)
//!     .resolution(Resolution::Hd)
//!     .layout(Layout::best_fit());
//! # let _ = op;
//! ```

mod composition;
mod ops;
mod storage;

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::layout::{Resolution, SelectedStream, StreamMode};
use crate::serde_util::{opt, string_enum};

pub use composition::*;
pub use ops::*;
pub use storage::*;

string_enum! {
    /// Where an archive stands (`status`).
    pub enum ArchiveStatus {
        /// Available for download from the OpenTok cloud (through `url`, for 10 minutes).
        Available => "available",
        /// Deleted.
        Deleted => "deleted",
        /// No longer available from the OpenTok cloud.
        Expired => "expired",
        /// The recording failed.
        Failed => "failed",
        /// Recording, but no client is publishing: nothing is recorded.
        Paused => "paused",
        /// Recording.
        Started => "started",
        /// Recording stopped; the file is being prepared.
        Stopped => "stopped",
        /// Uploaded to the project's storage target.
        Uploaded => "uploaded",
    }
}

string_enum! {
    /// How an archive is recorded (`outputMode`).
    pub enum OutputMode {
        /// One MP4 file with every stream composed into a layout (the default).
        Composed => "composed",
        /// A ZIP with one file per stream.
        Individual => "individual",
    }
}

/// A text value that never shows in `Debug` (archive passwords, storage keys). It is sent
/// and received as a plain JSON string.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "<redacted>" })
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

/// An archive's transcription (`transcription`), for archives started with
/// `hasTranscription`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Transcription {
    /// Where the transcription stands (`requested`, `available`, `failed`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Where to download it, when available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Why it failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The language transcribed (`en-US`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_language_code: Option<String>,
    /// Whether a summary was asked for.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_summary: Option<bool>,
}

/// An archive, as the archive calls return it and the archive status callback posts it.
///
/// Only `id` and `status` are required; every other field appears depending on the call, the
/// archive's state and the service version. Numbers may arrive as strings; unknown fields
/// are ignored; unknown statuses and modes are kept (`Other`).
///
/// ```
/// use std::time::Duration;
/// use opentok_core::archive::{Archive, ArchiveStatus, OutputMode};
///
/// // What `GET …/archive/{id}` returns (and the archive status callback posts) once the
/// // file is ready: numbers may come as strings, unknown fields are ignored.
/// let archive: Archive = serde_json::from_str(r#"{
///     "id": "b40ef09b-3811-4726-b508-e41a0f96c68f", "status": "available",
///     "sessionId": "2_MX4xMjM0NTZ-fjE3MDB-ZmFrZQ-fg", "name": "stand-up",
///     "createdAt": 1700000000000, "duration": "42", "size": 1843200,
///     "outputMode": "composed", "url": "https://example.com/archive.mp4",
///     "somethingNew": true
/// }"#)?;
/// assert_eq!(archive.status, ArchiveStatus::Available);
/// assert_eq!(archive.duration, Some(Duration::from_secs(42)));
/// assert_eq!(archive.output_mode, Some(OutputMode::Composed));
/// assert_eq!(archive.url.as_deref(), Some("https://example.com/archive.mp4"));
///
/// // A status this SDK does not know yet is kept, not refused.
/// let later: Archive = serde_json::from_str(r#"{"id":"a","status":"archived-elsewhere"}"#)?;
/// assert_eq!(later.status.as_str(), "archived-elsewhere");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Archive {
    /// The archive id.
    pub id: String,
    /// Where it stands.
    pub status: ArchiveStatus,
    /// The name given at start (often `""` when none was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Why it stopped or failed (`"user initiated"`, `"maximum duration exceeded"`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The session recorded.
    #[serde(default)]
    pub session_id: String,
    /// The project (API key), as `projectId` (a number or a string).
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The project under its older name, `partnerId`.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// The Vonage application id, on the Vonage host.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// When it started (milliseconds since the epoch on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
    /// When it last changed (milliseconds since the epoch on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<SystemTime>,
    /// File size in bytes (0 until the file exists).
    #[serde(default, with = "opt::number", skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Recorded length (whole seconds on the wire).
    #[serde(default, with = "opt::secs", skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// Composed or individual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_mode: Option<OutputMode>,
    /// Automatic or manual stream selection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_mode: Option<StreamMode>,
    /// Whether audio is recorded.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_audio: Option<bool>,
    /// Whether video is recorded.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_video: Option<bool>,
    /// Whether a transcription was asked for.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_transcription: Option<bool>,
    /// The transcription, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcription: Option<Transcription>,
    /// The composed resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// SHA-256 of the file, for encrypted archives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256sum: Option<String>,
    /// The encrypted archive's password (redacted in `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<SecretString>,
    /// The certificate the archive was encrypted with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// `"archive"` in status callbacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Download URL, set only while `available` (valid for 10 minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The tag that lets several archives of one session run at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_archive_tag: Option<String>,
    /// Maximum video bitrate, bits per second.
    #[serde(default, with = "opt::number", skip_serializing_if = "Option::is_none")]
    pub max_bitrate: Option<u64>,
    /// Video quantization parameter (composed, variable bitrate).
    #[serde(default, with = "opt::number", skip_serializing_if = "Option::is_none")]
    pub quantization_parameter: Option<u64>,
    /// The streams included (manual stream mode).
    #[serde(
        default,
        deserialize_with = "crate::serde_util::null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub streams: Vec<SelectedStream>,
}

impl Archive {
    /// An archive with only its id, status and session (for emulators and tests).
    pub fn new(id: impl Into<String>, status: ArchiveStatus, session_id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            status,
            name: None,
            reason: None,
            session_id: session_id.into(),
            project_id: None,
            partner_id: None,
            application_id: None,
            created_at: None,
            updated_at: None,
            size: None,
            duration: None,
            output_mode: None,
            stream_mode: None,
            has_audio: None,
            has_video: None,
            has_transcription: None,
            transcription: None,
            resolution: None,
            sha256sum: None,
            password: None,
            certificate: None,
            event: None,
            url: None,
            multi_archive_tag: None,
            max_bitrate: None,
            quantization_parameter: None,
            streams: Vec::new(),
        }
    }

    /// Reads an archive from JSON, such as an archive status callback body. A key given
    /// twice keeps its last value (the service's documented callback example repeats
    /// `projectId`).
    pub fn from_json(body: &[u8]) -> Result<Self, serde_json::Error> {
        crate::operation::from_json_tolerant(body)
    }

    /// The project id, falling back to the partner id and then the application id.
    pub fn project(&self) -> Option<&str> {
        self.project_id
            .as_deref()
            .or(self.partner_id.as_deref())
            .or(self.application_id.as_deref())
    }
}

/// The archive status callback example from the REST callback reference (it repeats
/// `projectId`), shared by the archive and callback tests.
#[cfg(test)]
pub(crate) const CALLBACK_EXAMPLE: &str = r#"{
        "id": "75f30a36-df0f-471b-88b0-c56ad26b4473",
        "status": "started",
        "name": "",
        "reason": "",
        "sessionId": "2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr",
        "projectId": 123456,
        "createdAt": 1470317864000,
        "size": 0,
        "duration": 0,
        "outputMode": "composed",
        "hasAudio": true,
        "hasVideo": true,
        "certificate": "",
        "sha256sum": "",
        "password": "",
        "updatedAt": 1470317864152,
        "projectId": 123456
    }"#;

#[cfg(test)]
mod tests;
