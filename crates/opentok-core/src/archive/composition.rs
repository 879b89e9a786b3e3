//! The archive layout and stream-selection calls (through [`crate::layout::Composition`]).

use http::Response;

use crate::error::{ResponseError, ValidationError};
use crate::layout::{Composition, Layout};
use crate::operation::{Operation, OperationInfo, RequestContext, parse_empty};
use crate::transport::HttpRequest;

/// Changes a composed archive's layout: `PUT /v2/project/{apiKey}/archive/{archiveId}/layout`
/// with the layout as the body (`{type, stylesheet?, screenshareType?}`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SetArchiveLayout {
    /// The archive id.
    pub archive_id: String,
    /// The new layout.
    pub layout: Layout,
}

impl SetArchiveLayout {
    /// Sets `layout` on `archive_id`.
    pub fn new(archive_id: impl Into<String>, layout: Layout) -> Self {
        Self {
            archive_id: archive_id.into(),
            layout,
        }
    }
}

impl Operation for SetArchiveLayout {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "set_archive_layout",
        method: "PUT",
        path: "/v2/project/{apiKey}/archive/{archiveId}/layout",
        summary: "Change a composed archive's layout",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        archive(&self.archive_id).set_layout(ctx, &self.layout)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// The archive `id` as the target of the layout and stream calls.
fn archive(id: &str) -> Composition<'_> {
    Composition {
        resource: "archive",
        id_field: "archiveId",
        id,
    }
}

/// The one table row for the streams PATCH, which adds or removes a stream.
const STREAMS_INFO: OperationInfo = OperationInfo {
    name: "select_archive_streams",
    method: "PATCH",
    path: "/v2/project/{apiKey}/archive/{archiveId}/streams",
    summary: "Add a stream to or remove one from a manual-mode archive",
};

/// Adds a stream to an archive in manual stream mode:
/// `PATCH /v2/project/{apiKey}/archive/{archiveId}/streams` with
/// `{addStream, hasAudio?, hasVideo?}` (204; 405 when the archive's stream mode is auto).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddArchiveStream {
    /// The archive id.
    pub archive_id: String,
    /// The stream to add.
    pub stream_id: String,
    /// Include its audio (default true).
    pub has_audio: Option<bool>,
    /// Include its video (default true).
    pub has_video: Option<bool>,
}

impl AddArchiveStream {
    /// Adds `stream_id` to `archive_id` with its audio and video.
    pub fn new(archive_id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            archive_id: archive_id.into(),
            stream_id: stream_id.into(),
            has_audio: None,
            has_video: None,
        }
    }

    /// Includes the stream's audio or not.
    pub fn has_audio(mut self, on: bool) -> Self {
        self.has_audio = Some(on);
        self
    }

    /// Includes the stream's video or not.
    pub fn has_video(mut self, on: bool) -> Self {
        self.has_video = Some(on);
        self
    }
}

impl Operation for AddArchiveStream {
    type Output = ();

    const INFO: OperationInfo = STREAMS_INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        archive(&self.archive_id).add_stream(ctx, &self.stream_id, self.has_audio, self.has_video)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Removes a stream from an archive in manual stream mode:
/// `PATCH /v2/project/{apiKey}/archive/{archiveId}/streams` with `{removeStream}` (204).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RemoveArchiveStream {
    /// The archive id.
    pub archive_id: String,
    /// The stream to remove.
    pub stream_id: String,
}

impl RemoveArchiveStream {
    /// Removes `stream_id` from `archive_id`.
    pub fn new(archive_id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            archive_id: archive_id.into(),
            stream_id: stream_id.into(),
        }
    }
}

impl Operation for RemoveArchiveStream {
    type Output = ();

    const INFO: OperationInfo = STREAMS_INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        archive(&self.archive_id).remove_stream(ctx, &self.stream_id)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}
