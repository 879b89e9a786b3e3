//! The archive layout and stream-selection calls: the shapes in [`crate::layout`] for
//! [`ArchiveKind`].

use crate::layout::{AddStream, Composed, RemoveStream, SetLayout};
use crate::operation::OperationInfo;

/// Changes a composed archive's layout: `PUT /v2/project/{apiKey}/archive/{archiveId}/layout`
/// with the layout as the body (`{type, stylesheet?, screenshareType?}`).
pub type SetArchiveLayout = SetLayout<ArchiveKind>;

/// The archive as the target of the layout and stream calls (its id is `archiveId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ArchiveKind;

impl Composed for ArchiveKind {
    const ID: &'static str = "archiveId";

    const LAYOUT_INFO: OperationInfo = OperationInfo {
        name: "set_archive_layout",
        method: "PUT",
        path: "/v2/project/{apiKey}/archive/{archiveId}/layout",
        summary: "Change a composed archive's layout",
    };

    const STREAMS_INFO: OperationInfo = STREAMS_INFO;
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
pub type AddArchiveStream = AddStream<ArchiveKind>;

/// Removes a stream from an archive in manual stream mode:
/// `PATCH /v2/project/{apiKey}/archive/{archiveId}/streams` with `{removeStream}` (204).
pub type RemoveArchiveStream = RemoveStream<ArchiveKind>;
