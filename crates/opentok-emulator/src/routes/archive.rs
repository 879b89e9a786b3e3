//! Archives: start (with the service's rules), stop, the started → stopped → available
//! lifecycle with duration, size and a download URL the emulator serves, delete, list newest
//! first, layouts, and stream selection in manual mode.

use std::time::{Duration, SystemTime};

use opentok_core::archive::{Archive, ArchiveStatus, OutputMode};
use opentok_core::clock::from_unix_millis;
use opentok_core::layout::{Resolution, SelectedStream, StreamMode};

use http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::input::{json_object, opt_bool, opt_range, opt_resolution, opt_str, req_str};
use crate::reply::{HResult, Resp, bad_request, conflict, empty, error, not_found, ok};
use crate::router::Ctx;
use crate::routes::layout;
use crate::routes::listing::{page, paged};
use crate::state::ProjectData;
use crate::timefmt::millis;

/// How long a download URL stays valid: the service's 10 minutes.
pub(crate) const URL_LIFETIME_SECS: u64 = 600;

/// One archive as the emulator keeps it.
#[derive(Debug, Clone)]
pub(crate) struct ArchiveRec {
    pub(crate) id: String,
    pub(crate) session_id: String,
    pub(crate) name: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
    pub(crate) stopped_ms: Option<u64>,
    pub(crate) duration: u64,
    pub(crate) size: u64,
    pub(crate) sha256: Option<String>,
    pub(crate) individual: bool,
    pub(crate) manual: bool,
    pub(crate) has_audio: bool,
    pub(crate) has_video: bool,
    pub(crate) resolution: Option<String>,
    pub(crate) layout: Value,
    pub(crate) multi_tag: Option<String>,
    pub(crate) max_bitrate: Option<u64>,
    pub(crate) qp: Option<u64>,
    pub(crate) transcription: Option<Value>,
    pub(crate) streams: Vec<(String, bool, bool)>,
    pub(crate) url_token: String,
    pub(crate) auto: bool,
}

impl ArchiveRec {
    fn active(&self) -> bool {
        matches!(self.status, "started" | "paused")
    }

    /// A download URL valid until `expires` (Unix seconds): signed with the archive's
    /// unguessable token, like the service's 10-minute signed URLs.
    pub(crate) fn download_url(&self, base: &str, expires: u64, video: Option<&str>) -> String {
        let mut url = format!(
            "{base}/_emulator/v1/archives/{}/download?expires={expires}&sig={}",
            self.id,
            self.download_sig(expires)
        );
        if let Some(v) = video {
            url.push_str("&video=");
            url.push_str(v);
        }
        url
    }

    /// The signature of a download URL that expires at `expires`.
    pub(crate) fn download_sig(&self, expires: u64) -> String {
        let digest = Sha256::digest(format!("{}:{expires}", self.url_token));
        crate::ids::hex(&digest)
    }

    /// The bytes the download URL serves (deterministic, `size` long).
    pub(crate) fn content(&self) -> Vec<u8> {
        let line = format!("opentok-emulator archive {}\n", self.id);
        line.bytes()
            .cycle()
            .take(usize::try_from(self.size).unwrap_or(0))
            .collect()
    }

    /// The archive as the REST API shows it: core's [`Archive`] model, plus the `layout`
    /// and the explicit `url: null` the service sends.
    pub(crate) fn to_json(&self, d: &ProjectData) -> Value {
        let streams: Vec<SelectedStream> = if self.active() && !self.manual {
            d.sessions
                .get(&self.session_id)
                .map(|s| {
                    s.streams
                        .iter()
                        .map(|st| SelectedStream::new(&st.id, Some(self.has_audio), Some(self.has_video)))
                        .collect()
                })
                .unwrap_or_default()
        } else {
            self.streams
                .iter()
                .map(|(id, a, v)| SelectedStream::new(id, Some(*a), Some(*v)))
                .collect()
        };
        let url = (self.status == "available")
            .then(|| self.download_url(&d.base_url, d.now_ms / 1000 + URL_LIFETIME_SECS, None));
        let mut a = Archive::new(&self.id, ArchiveStatus::from_wire(self.status), &self.session_id);
        a.name = self.name.clone();
        a.reason = Some(String::new());
        a.project_id = Some(d.key.clone());
        a.partner_id = Some(d.key.clone());
        a.created_at = Some(from_unix_millis(self.created_ms));
        a.updated_at = Some(from_unix_millis(self.updated_ms));
        a.size = Some(self.size);
        a.duration = Some(Duration::from_secs(self.duration));
        a.output_mode = Some(if self.individual {
            OutputMode::Individual
        } else {
            OutputMode::Composed
        });
        a.stream_mode = Some(if self.manual {
            StreamMode::Manual
        } else {
            StreamMode::Auto
        });
        a.has_audio = Some(self.has_audio);
        a.has_video = Some(self.has_video);
        a.has_transcription = Some(self.transcription.is_some());
        a.transcription = self
            .transcription
            .as_ref()
            .and_then(|t| serde_json::from_value(t.clone()).ok());
        a.resolution = self.resolution.as_deref().map(Resolution::from_wire);
        a.sha256sum = self.sha256.clone();
        a.event = Some("archive".into());
        a.url = url;
        a.multi_archive_tag = self.multi_tag.clone();
        a.max_bitrate = self.max_bitrate;
        a.quantization_parameter = self.qp;
        a.streams = streams;
        let mut j = serde_json::to_value(&a).unwrap_or(Value::Null);
        if let Some(o) = j.as_object_mut() {
            o.entry("url").or_insert(Value::Null);
            o.entry("streams").or_insert_with(|| json!([]));
            if !self.individual {
                o.insert("layout".into(), self.layout.clone());
            }
        }
        j
    }
}

fn find<'a>(d: &'a ProjectData, aid: &str) -> Result<&'a ArchiveRec, Resp> {
    d.archives
        .iter()
        .find(|a| a.id == aid)
        .ok_or_else(|| not_found("Archive not found"))
}

fn index(d: &ProjectData, aid: &str) -> Result<usize, Resp> {
    d.archives
        .iter()
        .position(|a| a.id == aid)
        .ok_or_else(|| not_found("Archive not found"))
}

fn notify(d: &mut ProjectData, i: usize) {
    if let Some(a) = d.archives.get(i) {
        let j = a.to_json(d);
        d.emit("archive", "status", &j);
    }
}

/// `POST …/archive`.
pub(crate) fn start(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let sid = req_str(&b, "sessionId")?.to_owned();
    let has_audio = opt_bool(&b, "hasAudio")?.unwrap_or(true);
    let has_video = opt_bool(&b, "hasVideo")?.unwrap_or(true);
    if !has_audio && !has_video {
        return Err(bad_request("An archive must have audio, video or both"));
    }
    let individual = match opt_str(&b, "outputMode")? {
        None | Some("composed") => false,
        Some("individual") => true,
        Some(_) => return Err(bad_request("outputMode must be composed or individual")),
    };
    let manual = match opt_str(&b, "streamMode")? {
        None | Some("auto") => false,
        Some("manual") => true,
        Some(_) => return Err(bad_request("streamMode must be auto or manual")),
    };
    let resolution = opt_resolution(&b, "resolution")?;
    if individual && resolution.is_some() {
        return Err(bad_request("resolution is not allowed for individual archives"));
    }
    let layout = layout::from_start(&b)?;
    let max_bitrate = opt_range(&b, "maxBitrate", 100_000, 6_000_000)?;
    let qp = opt_range(&b, "quantizationParameter", 15, 40)?;
    if individual && qp.is_some() {
        return Err(bad_request("quantizationParameter is only for composed archives"));
    }
    let transcription = if opt_bool(&b, "hasTranscription")?.unwrap_or(false) {
        if !individual {
            return Err(bad_request("hasTranscription is only for individual archives"));
        }
        let props = crate::input::opt_obj(&b, "transcriptionProperties")?;
        let lang = props
            .and_then(|p| p.get("primaryLanguageCode"))
            .and_then(Value::as_str)
            .unwrap_or("en-US");
        let summary = match props {
            Some(p) => opt_bool(p, "hasSummary")?.unwrap_or(false),
            None => false,
        };
        Some(json!({"status": "requested", "primaryLanguageCode": lang, "hasSummary": summary}))
    } else {
        None
    };
    let name = opt_str(&b, "name")?.map(str::to_owned);
    let tag = opt_str(&b, "multiArchiveTag")?.map(str::to_owned);
    cx.project.with(|d| {
        let s = d.session(&sid)?;
        if !s.routed {
            return Err(conflict(15008, "Only routed sessions are allowed to initiate archives."));
        }
        if !s.has_clients() {
            return Err(not_found(
                "Not found. No clients are actively connected to the OpenTok session.",
            ));
        }
        if d
            .archives
            .iter()
            .any(|a| a.session_id == sid && a.active() && a.multi_tag == tag)
        {
            return Err(conflict(
                15001,
                "The session is already being recorded; use a unique multiArchiveTag for simultaneous archives",
            ));
        }
        if d.archives.len() >= d.config.limits.archives {
            return Err(bad_request(&format!(
                "Emulator limit: at most {} archives per project",
                d.config.limits.archives
            )));
        }
        let now = millis(cx.now);
        let rec = ArchiveRec {
            id: crate::ids::uuid(),
            session_id: sid.clone(),
            name,
            status: "started",
            created_ms: now,
            updated_ms: now,
            stopped_ms: None,
            duration: 0,
            size: 0,
            sha256: None,
            individual,
            manual,
            has_audio,
            has_video,
            resolution: (!individual).then(|| resolution.unwrap_or("640x480").to_owned()),
            layout,
            multi_tag: tag,
            max_bitrate,
            qp,
            transcription,
            streams: Vec::new(),
            url_token: crate::ids::url_token(),
            auto: false,
        };
        d.archives.push(rec);
        let i = d.archives.len() - 1;
        notify(d, i);
        Ok(ok(&d.archives[i].to_json(d)))
    })
}

/// Starts the archive of an `archiveMode=always` session (its first client connected).
pub(crate) fn auto_start(d: &mut ProjectData, sid: &str, now: SystemTime) {
    let Some(s) = d.sessions.get(sid) else { return };
    if d.archives.len() >= d.config.limits.archives
        || d.archives
            .iter()
            .any(|a| a.session_id == sid && a.active() && a.multi_tag.is_none())
    {
        return;
    }
    let ms = millis(now);
    let rec = ArchiveRec {
        id: crate::ids::uuid(),
        session_id: sid.to_owned(),
        name: s.archive_name.clone(),
        status: "started",
        created_ms: ms,
        updated_ms: ms,
        stopped_ms: None,
        duration: 0,
        size: 0,
        sha256: None,
        individual: false,
        manual: false,
        has_audio: true,
        has_video: true,
        resolution: Some(s.archive_resolution.clone().unwrap_or_else(|| "640x480".into())),
        layout: json!({"type": "bestFit"}),
        multi_tag: None,
        max_bitrate: None,
        qp: None,
        transcription: None,
        streams: Vec::new(),
        url_token: crate::ids::url_token(),
        auto: true,
    };
    d.archives.push(rec);
    let i = d.archives.len() - 1;
    notify(d, i);
}

/// Stops the automatic archive of a session whose last client left.
pub(crate) fn auto_stop(d: &mut ProjectData, sid: &str, now: SystemTime) {
    let ids: Vec<usize> = (0..d.archives.len())
        .filter(|&i| {
            d.archives
                .get(i)
                .is_some_and(|a| a.auto && a.active() && a.session_id == sid)
        })
        .collect();
    for i in ids {
        do_stop(d, i, now);
    }
}

fn do_stop(d: &mut ProjectData, i: usize, now: SystemTime) {
    let frozen: Vec<(String, bool, bool)> = match d.archives.get(i) {
        Some(a) if !a.manual => d
            .sessions
            .get(&a.session_id)
            .map(|s| {
                s.streams
                    .iter()
                    .map(|st| (st.id.clone(), a.has_audio, a.has_video))
                    .collect()
            })
            .unwrap_or_default(),
        Some(a) => a.streams.clone(),
        None => return,
    };
    let ms = millis(now);
    if let Some(a) = d.archives.get_mut(i) {
        a.status = "stopped";
        a.stopped_ms = Some(ms);
        a.updated_ms = ms;
        a.duration = ms.saturating_sub(a.created_ms) / 1000;
        a.streams = frozen;
    }
    notify(d, i);
}

/// Moves stopped archives to `available` once the processing time has passed.
pub(crate) fn tick(d: &mut ProjectData, now: SystemTime) {
    let ms = millis(now);
    let wait = u64::try_from(d.config.archive_processing.as_millis()).unwrap_or(u64::MAX);
    let ready: Vec<usize> = (0..d.archives.len())
        .filter(|&i| {
            d.archives.get(i).is_some_and(|a| {
                a.status == "stopped" && a.stopped_ms.is_some_and(|t| ms >= t.saturating_add(wait))
            })
        })
        .collect();
    for i in ready {
        if let Some(a) = d.archives.get_mut(i) {
            a.status = "available";
            a.updated_ms = ms;
            a.size = (1024 * (1 + a.duration)).min(1024 * 1024);
            a.sha256 = Some(crate::ids::hex(&Sha256::digest(a.content())));
            if let Some(t) = a.transcription.as_mut() {
                t["status"] = json!("available");
            }
        }
        notify(d, i);
    }
}

/// `POST …/archive/{aid}/stop`.
pub(crate) fn stop(cx: &Ctx<'_>, aid: &str) -> HResult {
    cx.project.with(|d| {
        let i = index(d, aid)?;
        if !d.archives[i].active() {
            return Err(conflict(
                15002,
                "You can only stop an archive that has one of the following statuses: started OR paused OR stopped",
            ));
        }
        do_stop(d, i, cx.now);
        Ok(ok(&d.archives[i].to_json(d)))
    })
}

/// `GET …/archive/{aid}`.
pub(crate) fn get(cx: &Ctx<'_>, aid: &str) -> HResult {
    cx.project.with(|d| Ok(ok(&find(d, aid)?.to_json(d))))
}

/// `DELETE …/archive/{aid}`: 204 when available or uploaded; 409 otherwise.
pub(crate) fn delete(cx: &Ctx<'_>, aid: &str) -> HResult {
    cx.project.with(|d| {
        let i = index(d, aid)?;
        let a = &mut d.archives[i];
        if !matches!(a.status, "available" | "uploaded" | "deleted") {
            return Err(conflict(
                15004,
                "You can only delete an archive that has one of the following statuses: available OR uploaded OR deleted",
            ));
        }
        a.status = "deleted";
        a.updated_ms = millis(cx.now);
        notify(d, i);
        Ok(empty(StatusCode::NO_CONTENT))
    })
}

/// `GET …/archive?offset&count&sessionId`: newest first, `count` is the total.
pub(crate) fn list(cx: &Ctx<'_>) -> HResult {
    let (offset, count) = page(cx.req)?;
    let sid = cx.req.query("sessionId").filter(|s| !s.is_empty());
    cx.project.with(|d| {
        let items: Vec<Value> = d
            .archives
            .iter()
            .rev()
            .filter(|a| sid.is_none_or(|s| a.session_id == s))
            .map(|a| a.to_json(d))
            .collect();
        Ok(ok(&paged(items, offset, count)))
    })
}

/// `PUT …/archive/{aid}/layout`.
pub(crate) fn set_layout(cx: &Ctx<'_>, aid: &str) -> HResult {
    let l = layout::check(&json_object(&cx.req.body)?)?;
    cx.project.with(|d| {
        let i = index(d, aid)?;
        let a = &mut d.archives[i];
        if a.individual {
            return Err(bad_request("Layouts apply to composed archives only"));
        }
        if !a.active() {
            return Err(conflict(15003, "The archive is not in progress"));
        }
        a.layout = l;
        Ok(empty(StatusCode::OK))
    })
}

/// `PATCH …/archive/{aid}/streams` with `addStream` or `removeStream` (manual mode only).
pub(crate) fn patch_streams(cx: &Ctx<'_>, aid: &str) -> HResult {
    let b = json_object(&cx.req.body)?;
    let add = opt_str(&b, "addStream")?.map(str::to_owned);
    let remove = opt_str(&b, "removeStream")?.map(str::to_owned);
    let has_audio = opt_bool(&b, "hasAudio")?.unwrap_or(true);
    let has_video = opt_bool(&b, "hasVideo")?.unwrap_or(true);
    cx.project.with(|d| {
        let i = index(d, aid)?;
        let a = &d.archives[i];
        if !a.manual {
            return Err(error(
                StatusCode::METHOD_NOT_ALLOWED,
                405,
                "Stream selection is not supported for archives with streamMode auto",
            ));
        }
        if !a.active() {
            return Err(conflict(409, "The archive is not in progress"));
        }
        let sid = a.session_id.clone();
        match (add, remove) {
            (Some(st), None) => {
                if d.session(&sid)?.stream(&st).is_none() {
                    return Err(not_found("Stream not found"));
                }
                let a = &mut d.archives[i];
                a.streams.retain(|(id, _, _)| *id != st);
                a.streams.push((st, has_audio, has_video));
            }
            (None, Some(st)) => {
                let a = &mut d.archives[i];
                let before = a.streams.len();
                a.streams.retain(|(id, _, _)| *id != st);
                if a.streams.len() == before {
                    return Err(not_found("Stream not found in the archive"));
                }
            }
            _ => return Err(bad_request("Give exactly one of addStream and removeStream")),
        }
        Ok(empty(StatusCode::NO_CONTENT))
    })
}

/// `PUT …/archive/storage`: accepts an S3 or Azure upload target.
pub(crate) fn set_storage(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    match opt_str(&b, "type")? {
        Some("s3") | Some("azure") => {}
        _ => return Err(bad_request("type must be s3 or azure")),
    }
    if crate::input::opt_obj(&b, "config")?.is_none() {
        return Err(bad_request("config is required"));
    }
    Ok(empty(StatusCode::OK))
}

/// `DELETE …/archive/storage`.
pub(crate) fn delete_storage(_cx: &Ctx<'_>) -> HResult {
    Ok(empty(StatusCode::NO_CONTENT))
}
