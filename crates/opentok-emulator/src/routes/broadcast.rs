//! Live broadcasts: HLS and RTMP outputs, broadcast URLs (the HLS playlist is served by the
//! emulator), tags, layouts, manual stream selection, stop and the `maxDuration` timer.

use std::time::{Duration, SystemTime};

use opentok_core::broadcast::{
    Broadcast, BroadcastSettings, BroadcastStatus, BroadcastUrls, HlsSettings, RtmpStream,
};
use opentok_core::clock::from_unix_millis;
use opentok_core::layout::{Resolution, SelectedStream, StreamMode};

use http::StatusCode;
use serde_json::{Map, Value, json};

use super::serve::{id, serve};
use crate::input::{json_object, opt_bool, opt_obj, opt_range, opt_resolution, opt_str, req_str};
use crate::reply::{HResult, Resp, bad_request, conflict, empty, error, not_found, ok, ok_bytes};
use crate::router::Ctx;
use crate::routes::layout;
use crate::routes::listing::{page, paged, write_value};
use crate::state::ProjectData;
use crate::timefmt::millis;

/// One broadcast as the emulator keeps it.
#[derive(Debug, Clone)]
pub(crate) struct BroadcastRec {
    pub(crate) id: String,
    pub(crate) session_id: String,
    pub(crate) started: bool,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
    pub(crate) max_duration: u64,
    pub(crate) max_bitrate: Option<u64>,
    pub(crate) resolution: String,
    pub(crate) manual: bool,
    pub(crate) has_audio: bool,
    pub(crate) has_video: bool,
    pub(crate) multi_tag: Option<String>,
    pub(crate) layout: Value,
    pub(crate) hls: Option<(bool, bool)>,
    pub(crate) rtmp: Vec<(String, String, String)>,
    pub(crate) streams: Vec<(String, bool, bool)>,
}

impl BroadcastRec {
    /// The broadcast as the REST API shows it: core's [`Broadcast`] model, plus the
    /// `layout` and the `broadcastUrls: null` a stopped broadcast has.
    pub(crate) fn to_json(&self, d: &ProjectData) -> Value {
        let mut b = Broadcast::new(
            &self.id,
            if self.started {
                BroadcastStatus::Started
            } else {
                BroadcastStatus::Stopped
            },
            &self.session_id,
        );
        if d.application {
            b.application_id = Some(d.key.clone());
        } else {
            b.project_id = Some(d.key.clone());
            b.partner_id = Some(d.key.clone());
        }
        b.created_at = Some(from_unix_millis(self.created_ms));
        b.updated_at = Some(from_unix_millis(self.updated_ms));
        b.max_duration = Some(Duration::from_secs(self.max_duration));
        b.max_bitrate = self.max_bitrate;
        b.resolution = Some(Resolution::from(self.resolution.as_str()));
        b.stream_mode = Some(if self.manual {
            StreamMode::Manual
        } else {
            StreamMode::Auto
        });
        b.has_audio = Some(self.has_audio);
        b.has_video = Some(self.has_video);
        b.multi_broadcast_tag = self.multi_tag.clone();
        b.event = Some("broadcast".into());
        if let Some((dvr, low)) = self.hls {
            let mut hls = HlsSettings::default();
            hls.dvr = Some(dvr);
            hls.low_latency = Some(low);
            let mut settings = BroadcastSettings::default();
            settings.hls = Some(hls);
            b.settings = Some(settings);
        }
        b.streams = self
            .streams
            .iter()
            .map(|(id, a, v)| SelectedStream::new(id, Some(*a), Some(*v)))
            .collect();
        if self.started {
            let mut urls = BroadcastUrls::default();
            if self.hls.is_some() {
                urls.hls = Some(format!(
                    "{}/_emulator/v1/broadcasts/{}/hls/index.m3u8",
                    d.base_url, self.id
                ));
                urls.hls_status = Some("live".into());
            }
            // RtmpStream has no public constructor: read it from its wire form.
            urls.rtmp = self
                .rtmp
                .iter()
                .filter_map(|(id, url, name)| {
                    serde_json::from_value::<RtmpStream>(json!({
                        "id": id, "serverUrl": url, "streamName": name, "status": "live"
                    }))
                    .ok()
                })
                .collect();
            b.broadcast_urls = Some(urls);
        }
        let mut j = serde_json::to_value(&b).unwrap_or(Value::Null);
        if let Some(o) = j.as_object_mut() {
            o.insert("layout".into(), self.layout.clone());
            o.entry("broadcastUrls").or_insert(Value::Null);
            o.entry("streams").or_insert_with(|| json!([]));
        }
        j
    }
}

fn index(d: &ProjectData, id: &str) -> Result<usize, Resp> {
    d.broadcasts
        .iter()
        .position(|b| b.id == id)
        .ok_or_else(|| not_found("Broadcast not found"))
}

fn notify(d: &mut ProjectData, i: usize) {
    if let Some(b) = d.broadcasts.get(i) {
        let j = b.to_json(d);
        d.emit("broadcast", "status", &j);
    }
}

/// HLS settings (`dvr`, `lowLatency`) and RTMP outputs (`id`, `serverUrl`, `streamName`).
type Outputs = (Option<(bool, bool)>, Vec<(String, String, String)>);

fn outputs(b: &Map<String, Value>) -> Result<Outputs, Resp> {
    let o = opt_obj(b, "outputs")?.ok_or_else(|| bad_request("outputs is required"))?;
    let hls = match opt_obj(o, "hls")? {
        Some(h) => {
            let dvr = opt_bool(h, "dvr")?.unwrap_or(false);
            let low = opt_bool(h, "lowLatency")?.unwrap_or(false);
            if dvr && low {
                return Err(bad_request("HLS dvr and lowLatency cannot both be enabled"));
            }
            Some((dvr, low))
        }
        None => None,
    };
    let rtmp = match o.get("rtmp") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => {
            if a.len() > 5 {
                return Err(bad_request(
                    "You have exceeded the limit of five simultaneous RTMP streams",
                ));
            }
            let mut out = Vec::with_capacity(a.len());
            for r in a {
                let Value::Object(r) = r else {
                    return Err(bad_request("each rtmp output must be an object"));
                };
                let id = opt_str(r, "id")?.unwrap_or_default().to_owned();
                out.push((
                    id,
                    req_str(r, "serverUrl")?.to_owned(),
                    req_str(r, "streamName")?.to_owned(),
                ));
            }
            out
        }
        Some(_) => return Err(bad_request("rtmp must be a list")),
    };
    if hls.is_none() && rtmp.is_empty() {
        return Err(bad_request("At least one output (hls or rtmp) is required"));
    }
    Ok((hls, rtmp))
}

/// `POST …/broadcast`.
pub(crate) fn start(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let sid = req_str(&b, "sessionId")?.to_owned();
    let (hls, rtmp) = outputs(&b)?;
    let max_duration = opt_range(&b, "maxDuration", 60, 36_000)?.unwrap_or(14_400);
    let max_bitrate = opt_range(&b, "maxBitrate", 100_000, 6_000_000)?;
    let resolution = opt_resolution(&b, "resolution")?.unwrap_or("640x480").to_owned();
    let manual = match opt_str(&b, "streamMode")? {
        None | Some("auto") => false,
        Some("manual") => true,
        Some(_) => return Err(bad_request("streamMode must be auto or manual")),
    };
    let has_audio = opt_bool(&b, "hasAudio")?.unwrap_or(true);
    let has_video = opt_bool(&b, "hasVideo")?.unwrap_or(true);
    let layout = layout::from_start(&b)?;
    let tag = opt_str(&b, "multiBroadcastTag")?.map(str::to_owned);
    cx.with(|d| {
        d.session(&sid)?;
        if d.broadcasts
            .iter()
            .any(|x| x.session_id == sid && x.started && x.multi_tag == tag)
        {
            return Err(conflict(409, "Session is already composed for given tag"));
        }
        if d.broadcasts.len() >= d.config.limits.broadcasts {
            return Err(bad_request(&format!(
                "Emulator limit: at most {} broadcasts per project",
                d.config.limits.broadcasts
            )));
        }
        let now = millis(cx.now);
        d.broadcast_ends.schedule(
            now.saturating_add(max_duration.saturating_mul(1000)),
            d.broadcasts.len(),
        );
        d.broadcasts.push(BroadcastRec {
            id: crate::ids::uuid(),
            session_id: sid,
            started: true,
            created_ms: now,
            updated_ms: now,
            max_duration,
            max_bitrate,
            resolution,
            manual,
            has_audio,
            has_video,
            multi_tag: tag,
            layout,
            hls,
            rtmp,
            streams: Vec::new(),
        });
        let i = d.broadcasts.len() - 1;
        notify(d, i);
        Ok(ok(&d.broadcasts[i].to_json(d)))
    })
}

fn do_stop(d: &mut ProjectData, i: usize, now: SystemTime) {
    if let Some(b) = d.broadcasts.get_mut(i) {
        b.started = false;
        b.updated_ms = millis(now);
    }
    notify(d, i);
}

/// Stops broadcasts that reached `maxDuration`.
pub(crate) fn tick(d: &mut ProjectData, now: SystemTime) {
    let due = d.broadcast_ends.take_due(millis(now));
    for i in due {
        if d.broadcasts.get(i).is_some_and(|b| b.started) {
            do_stop(d, i, now);
        }
    }
}

/// `POST …/broadcast/{id}/stop`.
pub(crate) fn stop(cx: &Ctx<'_>, id: &str) -> HResult {
    cx.with(|d| {
        let i = index(d, id)?;
        if !d.broadcasts[i].started {
            return Err(not_found("The broadcast is already stopped"));
        }
        do_stop(d, i, cx.now);
        Ok(ok(&d.broadcasts[i].to_json(d)))
    })
}

/// `GET …/broadcast/{id}`.
pub(crate) fn get(cx: &Ctx<'_>, id: &str) -> HResult {
    cx.with(|d| {
        let i = index(d, id)?;
        Ok(ok(&d.broadcasts[i].to_json(d)))
    })
}

/// `GET …/broadcast?offset&count&sessionId`.
pub(crate) fn list(cx: &Ctx<'_>) -> HResult {
    let (offset, count) = page(cx.req)?;
    let sid = cx.req.query("sessionId").filter(|s| !s.is_empty());
    cx.with(|d| {
        let items = d
            .broadcasts
            .iter()
            .rev()
            .filter(|b| sid.is_none_or(|s| b.session_id == s));
        Ok(ok_bytes(paged(items, offset, count, |b, out| {
            write_value(&b.to_json(d), out);
        })))
    })
}

/// `PUT …/broadcast/{id}/layout`.
pub(crate) fn set_layout(cx: &Ctx<'_>, id: &str) -> HResult {
    let l = layout::check(&json_object(&cx.req.body)?)?;
    cx.with(|d| {
        let i = index(d, id)?;
        let b = &mut d.broadcasts[i];
        if !b.started {
            return Err(conflict(409, "The broadcast is not in progress"));
        }
        b.layout = l;
        Ok(super::archive::layout_reply(d, d.broadcasts[i].to_json(d)))
    })
}

/// `PATCH …/broadcast/{id}/streams` (manual mode only).
pub(crate) fn patch_streams(cx: &Ctx<'_>, id: &str) -> HResult {
    let body = json_object(&cx.req.body)?;
    let add = opt_str(&body, "addStream")?.map(str::to_owned);
    let remove = opt_str(&body, "removeStream")?.map(str::to_owned);
    let has_audio = opt_bool(&body, "hasAudio")?.unwrap_or(true);
    let has_video = opt_bool(&body, "hasVideo")?.unwrap_or(true);
    cx.with(|d| {
        let i = index(d, id)?;
        let b = &d.broadcasts[i];
        if !b.manual {
            return Err(error(
                StatusCode::METHOD_NOT_ALLOWED,
                405,
                "Stream selection is not supported for broadcasts with streamMode auto",
            ));
        }
        if !b.started {
            return Err(conflict(409, "The broadcast is not in progress"));
        }
        let sid = b.session_id.clone();
        match (add, remove) {
            (Some(st), None) => {
                if d.session(&sid)?.stream(&st).is_none() {
                    return Err(not_found("Stream not found"));
                }
                let b = &mut d.broadcasts[i];
                b.streams.retain(|(x, _, _)| *x != st);
                b.streams.push((st, has_audio, has_video));
            }
            (None, Some(st)) => {
                let b = &mut d.broadcasts[i];
                let before = b.streams.len();
                b.streams.retain(|(x, _, _)| *x != st);
                if b.streams.len() == before {
                    return Err(not_found("Stream not found in the broadcast"));
                }
            }
            _ => return Err(bad_request("Give exactly one of addStream and removeStream")),
        }
        Ok(empty(StatusCode::NO_CONTENT))
    })
}

// The operations of core's table this module serves.
serve! {
    broadcast::StartBroadcast => Project |cx, _| start(cx);
    broadcast::StopBroadcast => Project |cx, ids| stop(cx, id(ids, 0));
    broadcast::GetBroadcast => Project |cx, ids| get(cx, id(ids, 0));
    broadcast::ListBroadcasts => Project |cx, _| list(cx);
    broadcast::SetBroadcastLayout => Project |cx, ids| set_layout(cx, id(ids, 0));
    broadcast::AddBroadcastStream => Project |cx, ids| patch_streams(cx, id(ids, 0));
    broadcast::RemoveBroadcastStream => Project |cx, ids| patch_streams(cx, id(ids, 0));
}
