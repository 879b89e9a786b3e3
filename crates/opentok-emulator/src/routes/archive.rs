//! Archive endpoints: start (with the service's rules), stop, get, delete, list newest
//! first, layouts, stream selection in manual mode, and the storage target. The record and
//! its lifecycle are in `archive_record`.

use http::StatusCode;
use serde_json::{Value, json};

use super::serve::{id, serve};
use crate::input::{json_object, opt_bool, opt_range, opt_resolution, opt_str, req_str};
use crate::reply::{HResult, Resp, bad_request, conflict, empty, error, not_found, ok, ok_bytes};
use crate::router::Ctx;
use crate::routes::layout;
use crate::routes::listing::{page, written_page};
use crate::state::ProjectData;
use crate::timefmt::millis;

pub(crate) use super::archive_record::{
    ArchiveRec, Shown, URL_LIFETIME_SECS, auto_start, auto_stop, do_stop, notify, tick,
};

/// `200` with archive `i` as read (its JSON is kept for the next read).
fn archive_reply(d: &ProjectData, i: usize) -> Resp {
    ok_bytes(d.archives.json(i, d))
}

/// `200` with an archive just started or stopped, gathered under the lock and written after
/// it; not kept (a project that makes many archives keeps the JSON of those read only).
fn changed_reply(shown: Option<Shown>) -> Resp {
    ok_bytes(shown.map(|s| s.to_bytes()).unwrap_or_default())
}

fn index(d: &ProjectData, aid: &str) -> Result<usize, Resp> {
    d.archives
        .position(aid)
        .ok_or_else(|| not_found("Archive not found"))
}

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
    if max_bitrate.is_some() && qp.is_some() {
        return Err(bad_request(
            "maxBitrate and quantizationParameter are mutually exclusive",
        ));
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
    // The record is made before the lock is taken; only the checks against the project and
    // the insertion hold it.
    let now = millis(cx.now);
    let rec = ArchiveRec {
        id: crate::ids::uuid(),
        session_id: sid,
        name,
        status: "started",
        created_ms: now,
        updated_ms: now,
        stopped_ms: None,
        duration: 0,
        size: 0,
        individual,
        manual,
        has_audio,
        has_video,
        resolution: (!individual).then(|| resolution.unwrap_or("640x480").to_owned()),
        layout: std::sync::Arc::new(layout),
        multi_tag: tag,
        max_bitrate,
        qp,
        transcription,
        streams: Vec::new(),
        url_token: crate::ids::url_token(),
        auto: false,
    };
    let shown = cx.with(|d| {
        let s = d.session(&rec.session_id)?;
        if !s.routed {
            return Err(conflict(15008, "Only routed sessions are allowed to initiate archives."));
        }
        if !s.has_clients() {
            return Err(not_found(
                "Not found. No clients are actively connected to the OpenTok session.",
            ));
        }
        if d.archives.recording(&rec.session_id, rec.multi_tag.as_deref()).is_some() {
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
        let i = d.archives.push(rec);
        notify(d, i);
        Ok(d.archives.shown(i, d))
    })?;
    Ok(changed_reply(shown))
}

/// `POST …/archive/{aid}/stop`.
pub(crate) fn stop(cx: &Ctx<'_>, aid: &str) -> HResult {
    let shown = cx.with(|d| {
        let i = index(d, aid)?;
        if !d.archives[i].active() {
            return Err(conflict(
                15002,
                "You can only stop an archive that has one of the following statuses: started OR paused OR stopped",
            ));
        }
        do_stop(d, i, cx.now);
        Ok(d.archives.shown(i, d))
    })?;
    Ok(changed_reply(shown))
}

/// `GET …/archive/{aid}`.
pub(crate) fn get(cx: &Ctx<'_>, aid: &str) -> HResult {
    cx.with(|d| {
        let i = index(d, aid)?;
        Ok(archive_reply(d, i))
    })
}

/// `DELETE …/archive/{aid}`: 204 when available or uploaded; 409 otherwise.
pub(crate) fn delete(cx: &Ctx<'_>, aid: &str) -> HResult {
    cx.with(|d| {
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
    // Under the lock only the page's JSON is gathered (kept from earlier replies unless an
    // archive changed); the reply is put together after.
    let (total, items) = cx.with(|d| {
        let newest_first = (0..d.archives.len()).rev();
        match sid {
            None => {
                let page = newest_first.skip(offset).take(count);
                (d.archives.len(), d.archives.page_json(page, d))
            }
            Some(s) => {
                let of_session = |&i: &usize| d.archives[i].session_id == s;
                let total = newest_first.clone().filter(of_session).count();
                let page = newest_first.filter(of_session).skip(offset).take(count);
                (total, d.archives.page_json(page, d))
            }
        }
    });
    Ok(ok_bytes(written_page(total, &items)))
}

/// A layout change's reply: empty on the OpenTok host; the archive or broadcast itself on the
/// Vonage host (recorded replies the Vonage Python SDK parses, in
/// conformance/sdk-reply-fixtures/vonage-python).
pub(crate) fn layout_reply(d: &ProjectData, changed: Value) -> Resp {
    if d.application {
        ok(&changed)
    } else {
        empty(StatusCode::OK)
    }
}

/// `PUT …/archive/{aid}/layout`.
pub(crate) fn set_layout(cx: &Ctx<'_>, aid: &str) -> HResult {
    let l = layout::check(&json_object(&cx.req.body)?)?;
    cx.with(|d| {
        let i = index(d, aid)?;
        let a = &mut d.archives[i];
        if a.individual {
            return Err(bad_request("Layouts apply to composed archives only"));
        }
        if !a.active() {
            return Err(conflict(15003, "The archive is not in progress"));
        }
        a.layout = std::sync::Arc::new(l);
        Ok(layout_reply(d, d.archives[i].to_json(d)))
    })
}

/// `PATCH …/archive/{aid}/streams` with `addStream` or `removeStream` (manual mode only).
pub(crate) fn patch_streams(cx: &Ctx<'_>, aid: &str) -> HResult {
    let b = json_object(&cx.req.body)?;
    let add = opt_str(&b, "addStream")?.map(str::to_owned);
    let remove = opt_str(&b, "removeStream")?.map(str::to_owned);
    let has_audio = opt_bool(&b, "hasAudio")?.unwrap_or(true);
    let has_video = opt_bool(&b, "hasVideo")?.unwrap_or(true);
    cx.with(|d| {
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

/// `DELETE …/archive/storage`: removes the upload target (the emulator keeps none), `204`.
pub(crate) fn delete_storage(_cx: &Ctx<'_>) -> HResult {
    Ok(empty(StatusCode::NO_CONTENT))
}

// The operations of core's table this module serves.
serve! {
    archive::StartArchive => Project |cx, _| start(cx);
    archive::StopArchive => Project |cx, ids| stop(cx, id(ids, 0));
    archive::GetArchive => Project |cx, ids| get(cx, id(ids, 0));
    archive::ListArchives => Project |cx, _| list(cx);
    archive::DeleteArchive => Project |cx, ids| delete(cx, id(ids, 0));
    archive::SetArchiveLayout => Project |cx, ids| set_layout(cx, id(ids, 0));
    archive::AddArchiveStream => Project |cx, ids| patch_streams(cx, id(ids, 0));
    archive::RemoveArchiveStream => Project |cx, ids| patch_streams(cx, id(ids, 0));
    archive::SetArchiveStorage => Project |cx, _| set_storage(cx);
    archive::DeleteArchiveStorage => Project |cx, _| delete_storage(cx);
}
