//! The layout and stream-selection calls archives and broadcasts share: one shape each
//! ([`SetLayout`], [`AddStream`], [`RemoveStream`]), told apart by a [`Composed`] kind that
//! names the id's placeholder and the table rows. `archive` and `broadcast` export them under
//! their own names (`SetArchiveLayout = SetLayout<ArchiveKind>`, …).

use std::marker::PhantomData;

use http::Response;
use serde::Serialize;

use super::Layout;
use crate::check::{check_id, check_tracks};
use crate::error::{ResponseError, ValidationError};
use crate::operation::{Operation, OperationInfo, RequestContext, parse_empty, setters, with_json};
use crate::transport::HttpRequest;

/// A recording whose layout and streams can be changed while it runs: an archive or a
/// broadcast.
pub trait Composed {
    /// The id's placeholder in the paths, also its wire name in errors (`archiveId`).
    const ID: &'static str;
    /// The layout call's row of the operations table.
    const LAYOUT_INFO: OperationInfo;
    /// The streams PATCH's row (adding and removing a stream share it).
    const STREAMS_INFO: OperationInfo;
}

/// Changes a composed recording's layout: `PUT …/{archiveId or broadcastId}/layout` with the
/// layout as the body (`{type, stylesheet?, screenshareType?}`; the rules of [`Layout`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SetLayout<K> {
    pub(crate) id: String,
    pub(crate) layout: Layout,
    pub(crate) kind: PhantomData<fn() -> K>,
}

impl<K> SetLayout<K> {
    /// Sets `layout` on the recording `id`.
    pub fn new(id: impl Into<String>, layout: Layout) -> Self {
        Self {
            id: id.into(),
            layout,
            kind: PhantomData,
        }
    }
}

impl<K: Composed> Operation for SetLayout<K> {
    type Output = ();

    const INFO: OperationInfo = K::LAYOUT_INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let request = ctx.request_for(&K::LAYOUT_INFO, &[(K::ID, &self.id)], &[])?;
        self.layout.validate("")?;
        with_json(request, &self.layout)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Adds a stream to a recording in manual stream mode: `PATCH …/streams` with
/// `{addStream, hasAudio?, hasVideo?}` (204; 405 when the stream mode is auto). `hasAudio`
/// and `hasVideo` cannot both be false.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AddStream<K> {
    #[serde(skip)]
    pub(crate) id: String,
    #[serde(rename = "addStream")]
    pub(crate) stream_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) has_audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) has_video: Option<bool>,
    #[serde(skip)]
    pub(crate) kind: PhantomData<fn() -> K>,
}

impl<K> AddStream<K> {
    /// Adds `stream_id` to the recording `id` with its audio and video.
    pub fn new(id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            stream_id: stream_id.into(),
            has_audio: None,
            has_video: None,
            kind: PhantomData,
        }
    }

    setters! {
        /// Includes the stream's audio or not (default true).
        has_audio: bool,
        /// Includes the stream's video or not (default true).
        has_video: bool,
    }
}

impl<K: Composed> Operation for AddStream<K> {
    type Output = ();

    const INFO: OperationInfo = K::STREAMS_INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let request = ctx.request_for(&K::STREAMS_INFO, &[(K::ID, &self.id)], &[])?;
        check_id("addStream", &self.stream_id)?;
        check_tracks(self.has_audio, self.has_video)?;
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Removes a stream from a recording in manual stream mode: `PATCH …/streams` with
/// `{removeStream}` (204).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RemoveStream<K> {
    #[serde(skip)]
    pub(crate) id: String,
    #[serde(rename = "removeStream")]
    pub(crate) stream_id: String,
    #[serde(skip)]
    pub(crate) kind: PhantomData<fn() -> K>,
}

impl<K> RemoveStream<K> {
    /// Removes `stream_id` from the recording `id`.
    pub fn new(id: impl Into<String>, stream_id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            stream_id: stream_id.into(),
            kind: PhantomData,
        }
    }
}

impl<K: Composed> Operation for RemoveStream<K> {
    type Output = ();

    const INFO: OperationInfo = K::STREAMS_INFO;

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let request = ctx.request_for(&K::STREAMS_INFO, &[(K::ID, &self.id)], &[])?;
        check_id("removeStream", &self.stream_id)?;
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}
