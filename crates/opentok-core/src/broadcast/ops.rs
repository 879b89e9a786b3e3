//! The broadcast calls (endpoints 20–25): start, stop, get and list here; layout and stream
//! selection in `composition.rs`.

use std::time::Duration;

use http::{Method, Response};
use serde::Serialize;

use super::Broadcast;
use crate::check::check_range;
use crate::error::{ResponseError, Rule, ValidationError};
use crate::layout::{Layout, Resolution, StreamMode, check_max_bitrate, check_tracks, parse_json_tolerant};
use crate::operation::{
    ListOptions, Operation, OperationInfo, Page, RequestContext, check_id, with_json, without_body,
};
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
    pub dvr: Option<bool>,
    /// Low-latency HLS; not together with DVR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low_latency: Option<bool>,
}

impl HlsOutput {
    /// HLS with the service's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Turns DVR on or off.
    pub fn dvr(mut self, on: bool) -> Self {
        self.dvr = Some(on);
        self
    }

    /// Turns low latency on or off.
    pub fn low_latency(mut self, on: bool) -> Self {
        self.low_latency = Some(on);
        self
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
    pub id: Option<String>,
    /// The RTMP(S) server URL.
    pub server_url: String,
    /// The stream name (key) on that server.
    pub stream_name: String,
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

    /// Names the output.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A broadcast's outputs (`outputs`): HLS and/or up to five RTMP servers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BroadcastOutputs {
    /// The HLS output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hls: Option<HlsOutput>,
    /// The RTMP outputs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rtmp: Vec<RtmpOutput>,
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
/// both false; `layout` rules ([`Layout::validate`]). Unset options are not sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StartBroadcast {
    /// The session to broadcast.
    pub session_id: String,
    /// The outputs.
    pub outputs: BroadcastOutputs,
    /// The composed layout.
    pub layout: Option<Layout>,
    /// Longest it may run (60 s – 10 h).
    pub max_duration: Option<Duration>,
    /// The composed resolution.
    pub resolution: Option<Resolution>,
    /// Automatic (default) or manual stream selection.
    pub stream_mode: Option<StreamMode>,
    /// Tag allowing several simultaneous broadcasts of one session.
    pub multi_broadcast_tag: Option<String>,
    /// Maximum video bitrate, bits per second.
    pub max_bitrate: Option<u32>,
    /// Broadcast audio (default true).
    pub has_audio: Option<bool>,
    /// Broadcast video (default true).
    pub has_video: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StartBroadcastBody<'a> {
    session_id: &'a str,
    outputs: &'a BroadcastOutputs,
    #[serde(skip_serializing_if = "Option::is_none")]
    layout: Option<&'a Layout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_duration: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<&'a Resolution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stream_mode: Option<&'a StreamMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multi_broadcast_tag: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_bitrate: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    has_video: Option<bool>,
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

    /// The composed layout.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = Some(layout);
        self
    }

    /// Longest it may run (60 s – 36 000 s; whole seconds are sent).
    pub fn max_duration(mut self, max: Duration) -> Self {
        self.max_duration = Some(max);
        self
    }

    /// The composed resolution.
    pub fn resolution(mut self, resolution: Resolution) -> Self {
        self.resolution = Some(resolution);
        self
    }

    /// Automatic or manual stream selection.
    pub fn stream_mode(mut self, mode: StreamMode) -> Self {
        self.stream_mode = Some(mode);
        self
    }

    /// Tag allowing several simultaneous broadcasts of one session.
    pub fn multi_broadcast_tag(mut self, tag: impl Into<String>) -> Self {
        self.multi_broadcast_tag = Some(tag.into());
        self
    }

    /// Maximum video bitrate (100 000–6 000 000 bits per second).
    pub fn max_bitrate(mut self, bps: u32) -> Self {
        self.max_bitrate = Some(bps);
        self
    }

    /// Broadcasts audio or not.
    pub fn has_audio(mut self, on: bool) -> Self {
        self.has_audio = Some(on);
        self
    }

    /// Broadcasts video or not.
    pub fn has_video(mut self, on: bool) -> Self {
        self.has_video = Some(on);
        self
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
        let body = StartBroadcastBody {
            session_id: &self.session_id,
            outputs: &self.outputs,
            layout: self.layout.as_ref(),
            max_duration: self.max_duration.map(|d| d.as_secs()),
            resolution: self.resolution.as_ref(),
            stream_mode: self.stream_mode.as_ref(),
            multi_broadcast_tag: self.multi_broadcast_tag.as_deref(),
            max_bitrate: self.max_bitrate,
            has_audio: self.has_audio,
            has_video: self.has_video,
        };
        with_json(ctx.project_request(Method::POST, &["broadcast"], &[]), &body)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Broadcast, ResponseError> {
        parse_json_tolerant(response)
    }
}

/// Declares an operation on one broadcast id with no request body.
macro_rules! broadcast_id_op {
    (
        $(#[$meta:meta])*
        $name:ident, $method:ident, [$($tail:literal),*], $info:expr
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// The broadcast id.
            pub broadcast_id: String,
        }

        impl $name {
            /// The call for `broadcast_id`.
            pub fn new(broadcast_id: impl Into<String>) -> Self {
                Self { broadcast_id: broadcast_id.into() }
            }
        }

        impl Operation for $name {
            type Output = Broadcast;

            const INFO: OperationInfo = $info;

            fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
                check_id("broadcastId", &self.broadcast_id)?;
                without_body(ctx.project_request(
                    Method::$method,
                    &["broadcast", &self.broadcast_id $(, $tail)*],
                    &[],
                ))
            }

            fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Broadcast, ResponseError> {
                parse_json_tolerant(response)
            }
        }
    };
}

broadcast_id_op! {
    /// Stops a broadcast: `POST /v2/project/{apiKey}/broadcast/{broadcastId}/stop` →
    /// [`Broadcast`] (status `stopped`, `broadcastUrls` null; 404 when not found or already
    /// stopped).
    StopBroadcast, POST, ["stop"],
    OperationInfo {
        name: "stop_broadcast",
        method: "POST",
        path: "/v2/project/{apiKey}/broadcast/{broadcastId}/stop",
        summary: "Stop a broadcast",
    }
}

broadcast_id_op! {
    /// Gets a broadcast: `GET /v2/project/{apiKey}/broadcast/{broadcastId}` → [`Broadcast`].
    GetBroadcast, GET, [],
    OperationInfo {
        name: "get_broadcast",
        method: "GET",
        path: "/v2/project/{apiKey}/broadcast/{broadcastId}",
        summary: "Get a broadcast",
    }
}

/// Lists broadcasts, newest first: `GET /v2/project/{apiKey}/broadcast?offset&count&sessionId`
/// → [`Page<Broadcast>`]. `count` is 0..=1000.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListBroadcasts {
    /// Paging and session filter.
    pub options: ListOptions,
}

impl ListBroadcasts {
    /// The first page with the service's default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// A list call with these options.
    pub fn with_options(options: ListOptions) -> Self {
        Self { options }
    }

    /// Skips `offset` broadcasts.
    pub fn offset(mut self, offset: u32) -> Self {
        self.options = self.options.offset(offset);
        self
    }

    /// Returns at most `count` (0..=1000).
    pub fn count(mut self, count: u32) -> Self {
        self.options = self.options.count(count);
        self
    }

    /// Only broadcasts of this session.
    pub fn session_id(mut self, session_id: impl Into<String>) -> Self {
        self.options = self.options.session_id(session_id);
        self
    }
}

impl Operation for ListBroadcasts {
    type Output = Page<Broadcast>;

    const INFO: OperationInfo = OperationInfo {
        name: "list_broadcasts",
        method: "GET",
        path: "/v2/project/{apiKey}/broadcast",
        summary: "List broadcasts (offset, count, sessionId)",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let query = self.options.query()?;
        without_body(ctx.project_request(Method::GET, &["broadcast"], &query))
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Page<Broadcast>, ResponseError> {
        parse_json_tolerant(response)
    }
}
