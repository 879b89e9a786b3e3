//! Live streaming broadcasts (HLS and RTMP): start, stop, get, list, layout and stream
//! selection; the [`Broadcast`] model, which is also the body of the broadcast status
//! callback (`"event": "broadcast"`).
//!
//! ```
//! use opentok_core::broadcast::{HlsOutput, RtmpOutput, StartBroadcast};
//! use std::time::Duration;
//!
//! let op = StartBroadcast::new("1_MX4xMjM0NTZ-…")
//!     .hls(HlsOutput::new().low_latency(true))
//!     .rtmp(RtmpOutput::new("rtmps://live.example.com/app", "stream-key").id("main"))
//!     .max_duration(Duration::from_secs(3600));
//! # let _ = op;
//! ```

mod composition;
mod ops;

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::layout::{Resolution, SelectedStream, StreamMode};
use crate::serde_util::{opt, string_enum};

pub use composition::*;
pub use ops::*;

string_enum! {
    /// Where a broadcast stands (`status`).
    pub enum BroadcastStatus {
        /// Broadcasting.
        Started => "started",
        /// Stopped.
        Stopped => "stopped",
    }
}

string_enum! {
    /// Where one RTMP output stands (`broadcastUrls.rtmp[].status`).
    pub enum RtmpStatus {
        /// Connecting to the RTMP server.
        Connecting => "connecting",
        /// Started.
        Started => "started",
        /// Streaming.
        Live => "live",
        /// Disconnected; the service may retry.
        Offline => "offline",
        /// Stopped.
        Stopped => "stopped",
        /// Failed.
        Error => "error",
    }
}

/// One RTMP output of a running broadcast. The stream name is often the destination's stream
/// key, so `Debug` prints it redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RtmpStream {
    /// The output's id (given at start, or the key it was listed under).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The RTMP server URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_url: Option<String>,
    /// The stream name (key) on that server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_name: Option<String>,
    /// Where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RtmpStatus>,
}

impl fmt::Debug for RtmpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RtmpStream")
            .field("id", &self.id)
            .field("server_url", &self.server_url)
            .field("stream_name", &self.stream_name.as_ref().map(|_| "<redacted>"))
            .field("status", &self.status)
            .finish()
    }
}

/// Where a broadcast can be watched (`broadcastUrls`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BroadcastUrls {
    /// The HLS playlist URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls: Option<String>,
    /// The HLS output's status, when the reply has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_status: Option<String>,
    /// The RTMP outputs. The service sends either an array or an object keyed by output id;
    /// both read into this list (keys fill in missing ids, in document order).
    #[serde(
        default,
        deserialize_with = "rtmp_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub rtmp: Vec<RtmpStream>,
}

/// Reads `rtmp` as an array, an object keyed by id, or null.
fn rtmp_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RtmpStream>, D::Error> {
    struct V;

    impl<'de> Visitor<'de> for V {
        type Value = Vec<RtmpStream>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of RTMP outputs, an object of them keyed by id, or null")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
            while let Some(item) = seq.next_element::<RtmpStream>()? {
                out.push(item);
            }
            Ok(out)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0).min(16));
            while let Some((key, mut item)) = map.next_entry::<String, RtmpStream>()? {
                item.id.get_or_insert(key);
                out.push(item);
            }
            Ok(out)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(V)
        }
    }

    d.deserialize_any(V)
}

/// HLS settings of a running broadcast (`settings.hls`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HlsSettings {
    /// Low-latency HLS.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub low_latency: Option<bool>,
    /// DVR (rewind) support.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub dvr: Option<bool>,
}

/// A running broadcast's settings (`settings`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BroadcastSettings {
    /// HLS settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls: Option<HlsSettings>,
}

/// A live streaming broadcast, as the broadcast calls return it and the broadcast status
/// callback posts it.
///
/// Only `id` is required: the stop-broadcast reply as the REST reference documents it has no
/// `status`, so that reads as `None`. `broadcastUrls` is null once stopped. Numbers may arrive
/// as strings; unknown fields are ignored; a repeated key keeps its last value (as every
/// official SDK reads it); unknown statuses are kept (`Other`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Broadcast {
    /// The broadcast id.
    pub id: String,
    /// Where it stands; `None` when the reply does not say (the documented stop reply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BroadcastStatus>,
    /// The session broadcast.
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
    /// Longest it may run (whole seconds on the wire).
    #[serde(default, with = "opt::secs", skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<Duration>,
    /// Maximum video bitrate, bits per second.
    #[serde(default, with = "opt::number", skip_serializing_if = "Option::is_none")]
    pub max_bitrate: Option<u64>,
    /// The composed resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// Automatic or manual stream selection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_mode: Option<StreamMode>,
    /// Whether audio is broadcast.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_audio: Option<bool>,
    /// Whether video is broadcast.
    #[serde(default, with = "opt::flag", skip_serializing_if = "Option::is_none")]
    pub has_video: Option<bool>,
    /// The tag that lets several broadcasts of one session run at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_broadcast_tag: Option<String>,
    /// Output settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<BroadcastSettings>,
    /// `"broadcast"` in replies and status callbacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The streams included (manual stream mode).
    #[serde(
        default,
        deserialize_with = "crate::serde_util::null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub streams: Vec<SelectedStream>,
    /// Where to watch it; `None` once stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broadcast_urls: Option<BroadcastUrls>,
    /// The HLS output's status, when the reply has it at the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hls_status: Option<String>,
}

impl Broadcast {
    /// A broadcast with only its id, status and session (for emulators and tests).
    pub fn new(id: impl Into<String>, status: BroadcastStatus, session_id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            status: Some(status),
            session_id: session_id.into(),
            project_id: None,
            partner_id: None,
            application_id: None,
            created_at: None,
            updated_at: None,
            max_duration: None,
            max_bitrate: None,
            resolution: None,
            stream_mode: None,
            has_audio: None,
            has_video: None,
            multi_broadcast_tag: None,
            settings: None,
            event: None,
            streams: Vec::new(),
            broadcast_urls: None,
            hls_status: None,
        }
    }

    /// Reads a broadcast from JSON, such as a broadcast status callback body (a repeated key
    /// keeps its last value).
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

    /// The HLS playlist URL, when the broadcast has one.
    pub fn hls_url(&self) -> Option<&str> {
        self.broadcast_urls.as_ref()?.hls.as_deref()
    }

    /// The RTMP outputs (empty once stopped).
    pub fn rtmp(&self) -> &[RtmpStream] {
        self.broadcast_urls.as_ref().map_or(&[], |u| u.rtmp.as_slice())
    }
}

#[cfg(test)]
mod tests;
