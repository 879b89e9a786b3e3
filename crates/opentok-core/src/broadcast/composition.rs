//! The broadcast layout and stream-selection calls: the shapes in [`crate::layout`] for
//! [`BroadcastKind`].

use crate::layout::{AddStream, Composed, RemoveStream, SetLayout};
use crate::operation::OperationInfo;

/// Changes a broadcast's layout: `PUT /v2/project/{apiKey}/broadcast/{broadcastId}/layout`
/// with the layout as the body.
pub type SetBroadcastLayout = SetLayout<BroadcastKind>;

/// The broadcast as the target of the layout and stream calls (its id is `broadcastId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BroadcastKind;

impl Composed for BroadcastKind {
    const ID: &'static str = "broadcastId";

    const LAYOUT_INFO: OperationInfo = OperationInfo {
        name: "set_broadcast_layout",
        method: "PUT",
        path: "/v2/project/{apiKey}/broadcast/{broadcastId}/layout",
        summary: "Change a broadcast's layout",
    };

    const STREAMS_INFO: OperationInfo = STREAMS_INFO;
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
pub type AddBroadcastStream = AddStream<BroadcastKind>;

/// Removes a stream from a broadcast in manual stream mode:
/// `PATCH /v2/project/{apiKey}/broadcast/{broadcastId}/streams` with `{removeStream}` (204).
pub type RemoveBroadcastStream = RemoveStream<BroadcastKind>;
