//! The broadcast calls (endpoints 20–25): start, stop, get and list here; layout and stream
//! selection in `composition.rs`.

use std::time::Duration;

use http::Response;
use serde::Serialize;

use super::{Broadcast, BroadcastKind};
use crate::check::{check_id, check_max_bitrate, check_range, check_tracks};
use crate::error::{ResponseError, Rule, ValidationError};
use crate::layout::{Layout, Resolution, StreamMode};
use crate::list::{List, Listed, SessionFiltered};
use crate::operation::{
    Operation, OperationInfo, RequestContext, id_op, parse_json_tolerant, setters, with_json,
};
use crate::serde_util::ser_opt_secs;
use crate::transport::HttpRequest;

/// The most RTMP outputs one broadcast may have.
const MAX_RTMP: usize = 5;

/// The HLS output (`outputs.hls`). With no option set it is sent as `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HlsOutput {
    /// DVR (rewind) support; not together with low latency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dvr: Option<bool>,
    /// Low-latency HLS; not together with DVR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) low_latency: Option<bool>,
}

impl HlsOutput {
    /// HLS with the service's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Turns DVR on or off.
        dvr: bool,
        /// Turns low latency on or off.
        low_latency: bool,
    }
}

/// One RTMP output (`outputs.rtmp[]`): `serverUrl` and `streamName` are required. The stream
/// name is often the destination's stream key, so `Debug` prints it redacted.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RtmpOutput {
    /// An id for the output, unique within the broadcast.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    /// The RTMP(S) server URL.
    pub(crate) server_url: String,
    /// The stream name (key) on that server.
    pub(crate) stream_name: String,
}

impl std::fmt::Debug for RtmpOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RtmpOutput")
            .field("id", &self.id)
            .field("server_url", &self.server_url)
            .field("stream_name", &"<redacted>")
            .finish()
    }
}

impl RtmpOutput {
    /// An output to `server_url` under `stream_name`.
    pub fn new(server_url: impl Into<String>, stream_name: impl Into<String>) -> Self {
        Self {
            id: None,
            server_url: server_url.into(),
            stream_name: stream_name.into(),
        }
    }

    setters! {
        /// Names the output.
        id: impl Into<String>,
    }
}

/// A broadcast's outputs (`outputs`): HLS and/or up to five RTMP servers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BroadcastOutputs {
    /// The HLS output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) hls: Option<HlsOutput>,
    /// The RTMP outputs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) rtmp: Vec<RtmpOutput>,
}

impl BroadcastOutputs {
    fn validate(&self) -> Result<(), ValidationError> {
        if self.hls.is_none() && self.rtmp.is_empty() {
            return Err(ValidationError::new("outputs", Rule::Required));
        }
        if let Some(h) = &self.hls {
            if h.dvr == Some(true) && h.low_latency == Some(true) {
                return Err(ValidationError::new(
                    "outputs.hls.lowLatency",
                    Rule::Conflict("dvr and lowLatency cannot both be true".into()),
                ));
            }
        }
        if self.rtmp.len() > MAX_RTMP {
            return Err(ValidationError::new(
                "outputs.rtmp",
                Rule::TooLong {
                    max: MAX_RTMP,
                    actual: self.rtmp.len(),
                    unit: "items",
                },
            ));
        }
        for (i, r) in self.rtmp.iter().enumerate() {
            if r.server_url.trim().is_empty() {
                return Err(ValidationError::new(
                    format!("outputs.rtmp[{i}].serverUrl"),
                    Rule::Required,
                ));
            }
            if r.stream_name.trim().is_empty() {
                return Err(ValidationError::new(
                    format!("outputs.rtmp[{i}].streamName"),
                    Rule::Required,
                ));
            }
            if let Some(id) = &r.id {
                if self.rtmp[..i].iter().any(|o| o.id.as_ref() == Some(id)) {
                    return Err(ValidationError::new(
                        format!("outputs.rtmp[{i}].id"),
                        Rule::Conflict("RTMP output ids must be unique".into()),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Starts a live streaming broadcast: `POST /v2/project/{apiKey}/broadcast` → [`Broadcast`].
///
/// Rules checked by `build`: `sessionId` required; at least one output; HLS `dvr` and
/// `lowLatency` not both true; at most five RTMP outputs, each with `serverUrl` and
/// `streamName` (and unique ids); `maxDuration` 60–36 000 seconds; `resolution` and
/// `streamMode` known values; `maxBitrate` 100 000–6 000 000; `hasAudio` and `hasVideo` not
/// both false; `layout` follows the rules of [`Layout`]. Unset options are not sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StartBroadcast {
    pub(crate) session_id: String,
    pub(crate) outputs: BroadcastOutputs,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) layout: Option<Layout>,
    #[serde(serialize_with = "ser_opt_secs", skip_serializing_if = "Option::is_none")]
    pub(crate) max_duration: Option<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resolution: Option<Resolution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) stream_mode: Option<StreamMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) multi_broadcast_tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max_bitrate: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) has_audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) has_video: Option<bool>,
}

impl StartBroadcast {
    /// Broadcasts `session_id`; add at least one output with [`hls`](Self::hls) or
    /// [`rtmp`](Self::rtmp).
    pub fn new(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            outputs: BroadcastOutputs::default(),
            layout: None,
            max_duration: None,
            resolution: None,
            stream_mode: None,
            multi_broadcast_tag: None,
            max_bitrate: None,
            has_audio: None,
            has_video: None,
        }
    }

    /// Sets the HLS output.
    pub fn hls(mut self, hls: HlsOutput) -> Self {
        self.outputs.hls = Some(hls);
        self
    }

    /// Adds an RTMP output (at most five).
    pub fn rtmp(mut self, rtmp: RtmpOutput) -> Self {
        self.outputs.rtmp.push(rtmp);
        self
    }

    /// Replaces every output.
    pub fn outputs(mut self, outputs: BroadcastOutputs) -> Self {
        self.outputs = outputs;
        self
    }

    setters! {
        /// The composed layout.
        layout: Layout,
        /// Longest it may run (60 s – 36 000 s; whole seconds are sent).
        max_duration: Duration,
        /// The composed resolution.
        resolution: Resolution,
        /// Automatic or manual stream selection.
        stream_mode: StreamMode,
        /// Tag allowing several simultaneous broadcasts of one session.
        multi_broadcast_tag: impl Into<String>,
        /// Maximum video bitrate (100 000–6 000 000 bits per second).
        max_bitrate: u32,
        /// Broadcasts audio or not.
        has_audio: bool,
        /// Broadcasts video or not.
        has_video: bool,
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_id("sessionId", &self.session_id)?;
        self.outputs.validate()?;
        if let Some(l) = &self.layout {
            l.validate("layout")?;
        }
        let secs = self
            .max_duration
            .map(|d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX));
        check_range("maxDuration", secs, 60, 36_000)?;
        if let Some(r) = &self.resolution {
            r.validate("resolution")?;
        }
        if let Some(m) = &self.stream_mode {
            m.validate("streamMode")?;
        }
        check_max_bitrate(self.max_bitrate)?;
        check_tracks(self.has_audio, self.has_video)
    }
}

impl Operation for StartBroadcast {
    type Output = Broadcast;

    const INFO: OperationInfo = OperationInfo {
        name: "start_broadcast",
        method: "POST",
        path: "/v2/project/{apiKey}/broadcast",
        summary: "Start a live streaming broadcast (HLS and/or RTMP)",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        self.validate()?;
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Broadcast, ResponseError> {
        parse_json_tolerant(response)
    }
}

id_op! {
    /// Stops a broadcast: `POST /v2/project/{apiKey}/broadcast/{broadcastId}/stop` →
    /// [`Broadcast`] (status `stopped`, `broadcastUrls` null; 404 when not found or already
    /// stopped).
    StopBroadcast { broadcast_id: "broadcastId" }, Broadcast,
    OperationInfo {
        name: "stop_broadcast",
        method: "POST",
        path: "/v2/project/{apiKey}/broadcast/{broadcastId}/stop",
        summary: "Stop a broadcast",
    }
}

id_op! {
    /// Gets a broadcast: `GET /v2/project/{apiKey}/broadcast/{broadcastId}` → [`Broadcast`].
    GetBroadcast { broadcast_id: "broadcastId" }, Broadcast,
    OperationInfo {
        name: "get_broadcast",
        method: "GET",
        path: "/v2/project/{apiKey}/broadcast/{broadcastId}",
        summary: "Get a broadcast",
    }
}

/// Lists broadcasts, newest first: `GET /v2/project/{apiKey}/broadcast?offset&count&sessionId`
/// → [`Page<Broadcast>`](crate::operation::Page). `count` is 0..=1000.
pub type ListBroadcasts = List<BroadcastKind>;

impl Listed for BroadcastKind {
    type Item = Broadcast;

    const INFO: OperationInfo = OperationInfo {
        name: "list_broadcasts",
        method: "GET",
        path: "/v2/project/{apiKey}/broadcast",
        summary: "List broadcasts (offset, count, sessionId)",
    };
}

impl SessionFiltered for BroadcastKind {}
