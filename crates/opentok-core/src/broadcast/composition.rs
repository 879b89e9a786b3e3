//! The broadcast layout and stream-selection calls (through [`crate::layout::Composition`]).

use http::Response;

use crate::error::{ResponseError, ValidationError};
use crate::layout::{Composition, Layout};
use crate::operation::{Operation, OperationInfo, RequestContext, parse_empty};
use crate::transport::HttpRequest;

/// Changes a broadcast's layout: `PUT /v2/project/{apiKey}/broadcast/{broadcastId}/layout`
/// with the layout as the body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SetBroadcastLayout {
    /// The broadcast id.
    pub broadcast_id: String,
    /// The new layout.
    pub layout: Layout,
}

impl SetBroadcastLayout {
    /// Sets `layout` on `broadcast_id`.
    pub fn new(broadcast_id: impl Into<String>, layout: Layout) -> Self {
        Self {
            broadcast_id: broadcast_id.into(),
            layout,
        }
    }
}

impl Operation for SetBroadcastLayout {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "set_broadcast_layout",
        method: "PUT",
        path: "/v2/project/{apiKey}/broadcast/{broadcastId}/layout",
        summary: "Change a broadcast's layout",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        broadcast(&self.broadcast_id).set_layout(ctx, &self.layout)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// The broadcast `id` as the target of the layout and stream calls.
fn broadcast(id: &str) -> Composition<'_> {
    Composition {
        resource: "broadcast",
        id_field: "broadcastId",
        id,
    }
}

/// The one table row for the streams PATCH, which adds or removes a stream.
const STREAMS_INFO: OperationInfo = OperationInfo {
    name: "select_broadcast_streams",
    method: "PATCH",
    path: "/v2/project/{apiKey}/broadcast/{broadcastId}/streams",
    summary: "Add a stream to or remove one from a manual-mode broadcast",
};

/// Adds a stream to a broadcast in manual stream mode:
/// `PATCH /v2/project/{apiKey}/broadcast/{broadcastId}/streams` with
/// `{addStream, hasAudio?, hasVideo?}` (204; 405 when the stream mode is auto).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddBroadcastStream {
    /// The broadcast id.
    pub broadcast_id: String,
    /// The stream to add.
    pub stream_id: String,
    /// Include its audio (default true).
    pub has_audio: Option<bool>,
    /// Include its video (default true).
    pub has_video: Option<bool>,
}

impl AddBroadcastStream {
    /// Adds `stream_id` to `broadcast_id` with its audio and video.
    pub fn new(broadcast_id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            broadcast_id: broadcast_id.into(),
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

impl Operation for AddBroadcastStream {
    type Output = ();

    const INFO: OperationInfo = STREAMS_INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        broadcast(&self.broadcast_id).add_stream(ctx, &self.stream_id, self.has_audio, self.has_video)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Removes a stream from a broadcast in manual stream mode:
/// `PATCH /v2/project/{apiKey}/broadcast/{broadcastId}/streams` with `{removeStream}` (204).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RemoveBroadcastStream {
    /// The broadcast id.
    pub broadcast_id: String,
    /// The stream to remove.
    pub stream_id: String,
}

impl RemoveBroadcastStream {
    /// Removes `stream_id` from `broadcast_id`.
    pub fn new(broadcast_id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            broadcast_id: broadcast_id.into(),
            stream_id: stream_id.into(),
        }
    }
}

impl Operation for RemoveBroadcastStream {
    type Output = ();

    const INFO: OperationInfo = STREAMS_INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        broadcast(&self.broadcast_id).remove_stream(ctx, &self.stream_id)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}
