//! Live captions: start (202, 409 when already on) and stop (202); status goes to the
//! `statusCallbackUrl` only (the service has no status call).

use std::time::{Duration, SystemTime};

use opentok_core::captions::{Captions, CaptionsStarted, CaptionsStatus};
use opentok_core::clock::from_unix_millis;

use http::StatusCode;
use serde_json::Value;

use super::serve::{id, serve};
use crate::input::{json_object, opt_bool, opt_range, opt_str, req_str};
use crate::reply::{HResult, Resp, bad_request, conflict, empty, json, not_found};
use crate::router::Ctx;
use crate::routes::sip::body_token;
use crate::state::ProjectData;
use crate::timefmt::millis;

/// The languages the service transcribes.
const LANGUAGES: [&str; 13] = [
    "en-US", "en-AU", "en-GB", "es-US", "fr-FR", "fr-CA", "de-DE", "hi-IN", "it-IT", "ja-JP", "ko-KR",
    "pt-BR", "zh-CN",
];

/// One captioning job.
#[derive(Debug, Clone)]
pub(crate) struct CaptionsRec {
    pub(crate) id: String,
    pub(crate) session_id: String,
    pub(crate) language: String,
    pub(crate) status: &'static str,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
    pub(crate) callback: Option<String>,
}

impl CaptionsRec {
    /// The captions status the service POSTs to `statusCallbackUrl` (core's [`Captions`] model).
    fn to_json(&self, d: &ProjectData) -> Value {
        let mut c = Captions::new(&self.id, &self.session_id, CaptionsStatus::from(self.status));
        c.application_id = Some(d.key.clone());
        c.created_at = Some(from_unix_millis(self.created_ms));
        c.updated_at = Some(from_unix_millis(self.updated_ms));
        c.duration = Some(Duration::from_secs(
            self.updated_ms.saturating_sub(self.created_ms) / 1000,
        ));
        c.language_code = Some(self.language.clone());
        c.provider = Some("aws-transcribe".into());
        serde_json::to_value(&c).unwrap_or(Value::Null)
    }
}

fn set_status(d: &mut ProjectData, i: usize, status: &'static str, now: SystemTime) {
    let Some(c) = d.captions.get_mut(i) else { return };
    c.status = status;
    c.updated_ms = millis(now);
    let c = c.clone();
    if let Some(url) = &c.callback {
        let j = c.to_json(d);
        d.emit_to(url, &j);
    }
}

/// `POST …/captions`: 202 `{"captionsId"}`.
pub(crate) fn start(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let sid = req_str(&b, "sessionId")?.to_owned();
    let token = req_str(&b, "token")?;
    let language = opt_str(&b, "languageCode")?.unwrap_or("en-US").to_owned();
    if !LANGUAGES.contains(&language.as_str()) {
        return Err(bad_request("Unsupported languageCode"));
    }
    let max_duration = opt_range(&b, "maxDuration", 300, 14_400)?.unwrap_or(14_400);
    opt_bool(&b, "partialCaptions")?;
    let callback = opt_str(&b, "statusCallbackUrl")?.map(str::to_owned);
    if callback.as_ref().is_some_and(|u| u.len() < 15 || u.len() > 2048) {
        return Err(bad_request("statusCallbackUrl must be 15 to 2048 characters"));
    }
    body_token(cx, token, &sid)?;
    cx.with(|d| {
        if !d.session(&sid)?.routed {
            return Err(conflict(409, "Captions are only allowed in routed sessions"));
        }
        if d.captions
            .iter()
            .any(|c| c.session_id == sid && c.status == "started")
        {
            return Err(conflict(60003, "Audio captioning is already enabled"));
        }
        cap(d.captions.len(), d.config.limits.renders, "captions")?;
        let now = millis(cx.now);
        let id = crate::ids::uuid();
        d.captions_ends.schedule(
            now.saturating_add(max_duration.saturating_mul(1000)),
            d.captions.len(),
        );
        d.captions.push(CaptionsRec {
            id: id.clone(),
            session_id: sid,
            language,
            status: "started",
            created_ms: now,
            updated_ms: now,
            callback,
        });
        set_status(d, d.captions.len() - 1, "started", cx.now);
        let started = serde_json::to_value(CaptionsStarted::new(id)).unwrap_or_default();
        Ok(json(StatusCode::ACCEPTED, &started))
    })
}

/// A 400 when a project holds `max` of a kind already.
pub(crate) fn cap(len: usize, max: usize, what: &str) -> Result<(), Resp> {
    if len >= max {
        return Err(bad_request(&format!(
            "Emulator limit: at most {max} {what} per project"
        )));
    }
    Ok(())
}

fn index(d: &ProjectData, id: &str) -> Result<usize, Resp> {
    d.captions
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| not_found("No matching captionsId was found"))
}

/// `POST …/captions/{id}/stop`: 202.
pub(crate) fn stop(cx: &Ctx<'_>, id: &str) -> HResult {
    cx.with(|d| {
        let i = index(d, id)?;
        if d.captions[i].status == "started" {
            set_status(d, i, "stopped", cx.now);
        }
        Ok(empty(StatusCode::ACCEPTED))
    })
}

/// Stops captions that reached `maxDuration`.
pub(crate) fn tick(d: &mut ProjectData, now: SystemTime) {
    let due = d.captions_ends.take_due(millis(now));
    for i in due {
        if d.captions.get(i).is_some_and(|c| c.status == "started") {
            set_status(d, i, "stopped", now);
        }
    }
}

// The operations of core's table this module serves.
serve! {
    captions::StartCaptions => Project |cx, _| start(cx);
    captions::StopCaptions => Project |cx, ids| stop(cx, id(ids, 0));
}
