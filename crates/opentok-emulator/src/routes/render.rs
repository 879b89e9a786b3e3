//! Experience Composer: start (202; it joins the session and publishes a stream), get,
//! list, stop, and the `maxDuration` timer.

use std::time::SystemTime;

use http::StatusCode;
use opentok_core::clock::from_unix_millis;
use opentok_core::layout::Resolution;
use opentok_core::render::{Render, RenderStatus};
use serde_json::Value;

use super::serve::{id, serve};
use crate::client_token::Role;
use crate::input::{json_object, opt_obj, opt_range, opt_resolution, opt_str, req_str};
use crate::reply::{HResult, Resp, bad_request, empty, json, not_found, ok, ok_bytes};
use crate::router::Ctx;
use crate::routes::captions::cap;
use crate::routes::listing::{page, paged, write_value};
use crate::routes::sip::body_token;
use crate::session::ConnKind;
use crate::state::ProjectData;
use crate::timefmt::millis;

/// One Experience Composer.
#[derive(Debug, Clone)]
pub(crate) struct RenderRec {
    pub(crate) id: String,
    pub(crate) session_id: String,
    pub(crate) url: String,
    pub(crate) resolution: String,
    pub(crate) name: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) reason: Option<&'static str>,
    pub(crate) stream_id: String,
    pub(crate) connection_id: String,
    pub(crate) created_ms: u64,
    pub(crate) updated_ms: u64,
    pub(crate) callback: Option<String>,
}

impl RenderRec {
    /// The render as the REST API shows it (core's [`Render`] model).
    fn to_json(&self, d: &ProjectData) -> Value {
        let mut r = Render::new(&self.id, &self.session_id, RenderStatus::from(self.status));
        if d.application {
            r.application_id = Some(d.key.clone());
        } else {
            r.project_id = Some(d.key.clone());
        }
        r.created_at = Some(from_unix_millis(self.created_ms));
        r.updated_at = Some(from_unix_millis(self.updated_ms));
        r.url = Some(self.url.clone());
        r.resolution = Some(Resolution::from(self.resolution.as_str()));
        r.stream_id = Some(self.stream_id.clone());
        r.reason = self.reason.map(str::to_owned);
        r.event = Some("render".into());
        r.callback_url = self.callback.clone();
        r.name = self.name.clone();
        serde_json::to_value(&r).unwrap_or(Value::Null)
    }
}

fn index(d: &ProjectData, id: &str) -> Result<usize, Resp> {
    d.renders
        .iter()
        .position(|r| r.id == id)
        .ok_or_else(|| not_found("Render not found"))
}

/// `POST …/render`: 202 with the render.
pub(crate) fn start(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let sid = req_str(&b, "sessionId")?.to_owned();
    let token = req_str(&b, "token")?;
    let url = req_str(&b, "url")?.to_owned();
    if url.len() < 15 || url.len() > 2048 {
        return Err(bad_request("url must be 15 to 2048 characters"));
    }
    let max_duration = opt_range(&b, "maxDuration", 60, 36_000)?.unwrap_or(7200);
    let resolution = opt_resolution(&b, "resolution")?.unwrap_or("1280x720").to_owned();
    let name = match opt_obj(&b, "properties")? {
        Some(p) => opt_str(p, "name")?.map(str::to_owned),
        None => None,
    };
    if name
        .as_ref()
        .is_some_and(|n| n.is_empty() || n.chars().count() > 200)
    {
        return Err(bad_request("properties.name must be 1 to 200 characters"));
    }
    let callback = match opt_str(&b, "statusCallbackUrl")? {
        Some(u) => Some(u),
        None => opt_str(&b, "callbackUrl")?,
    }
    .map(str::to_owned);
    if callback
        .as_ref()
        .is_some_and(|u| u.parse::<http::Uri>().is_err() || !u.starts_with("http"))
    {
        return Err(bad_request("statusCallbackUrl must be an http or https URL"));
    }
    body_token(cx, token, &sid)?;
    cx.with(|d| {
        d.session(&sid)?;
        cap(d.renders.len(), d.config.limits.renders, "renders")?;
        let data = Some(format!("{{\"name\":\"{}\"}}", name.clone().unwrap_or_default()));
        let cid = d.connect(&sid, Role::Publisher, data, Vec::new(), ConnKind::Render, cx.now)?;
        let label = name.clone().unwrap_or_else(|| "Experience Composer".into());
        let stid = d.publish(&sid, &cid, "custom", &label, cx.now)?;
        let now = millis(cx.now);
        let wait = u64::try_from(d.config.archive_processing.as_millis()).unwrap_or(u64::MAX);
        let i = d.renders.len();
        d.render_starts.schedule(now.saturating_add(wait), i);
        d.render_ends
            .schedule(now.saturating_add(max_duration.saturating_mul(1000)), i);
        d.renders.push(RenderRec {
            id: crate::ids::uuid(),
            session_id: sid,
            url,
            resolution,
            name,
            status: "starting",
            reason: None,
            stream_id: stid,
            connection_id: cid,
            created_ms: now,
            updated_ms: now,
            callback,
        });
        notify(d, i);
        Ok(json(StatusCode::ACCEPTED, &d.renders[i].to_json(d)))
    })
}

fn notify(d: &mut ProjectData, i: usize) {
    let Some(r) = d.renders.get(i) else { return };
    if let Some(url) = r.callback.clone() {
        let j = r.to_json(d);
        d.emit_to(&url, &j);
    }
}

fn do_stop(d: &mut ProjectData, i: usize, reason: &'static str, now: SystemTime) {
    let Some(r) = d.renders.get_mut(i) else { return };
    r.status = "stopped";
    r.reason = Some(reason);
    r.updated_ms = millis(now);
    let (sid, cid) = (r.session_id.clone(), r.connection_id.clone());
    let _ = d.disconnect(&sid, &cid, "clientDisconnected", now);
    notify(d, i);
}

/// `DELETE …/render/{id}`: 200 (what the Java and Python SDKs expect).
pub(crate) fn stop(cx: &Ctx<'_>, id: &str) -> HResult {
    cx.with(|d| {
        let i = index(d, id)?;
        if d.renders[i].status != "stopped" {
            do_stop(d, i, "Stop Requested", cx.now);
        }
        Ok(empty(StatusCode::OK))
    })
}

/// `GET …/render/{id}`.
pub(crate) fn get(cx: &Ctx<'_>, id: &str) -> HResult {
    cx.with(|d| {
        let i = index(d, id)?;
        Ok(ok(&d.renders[i].to_json(d)))
    })
}

/// `GET …/render?offset&count`.
pub(crate) fn list(cx: &Ctx<'_>) -> HResult {
    let (offset, count) = page(cx.req)?;
    cx.with(|d| {
        Ok(ok_bytes(paged(
            d.renders.iter().rev(),
            offset,
            count,
            |r, out| {
                write_value(&r.to_json(d), out);
            },
        )))
    })
}

/// Moves renders from `starting` to `started` after the processing time, and stops those
/// that reached `maxDuration`.
pub(crate) fn tick(d: &mut ProjectData, now: SystemTime) {
    let ms = millis(now);
    for i in d.render_starts.take_due(ms) {
        if d.renders.get(i).is_some_and(|r| r.status == "starting") {
            if let Some(r) = d.renders.get_mut(i) {
                r.status = "started";
                r.updated_ms = ms;
            }
            notify(d, i);
        }
    }
    let due = d.render_ends.take_due(ms);
    for i in due {
        if d.renders.get(i).is_some_and(|r| r.status != "stopped") {
            do_stop(d, i, "Max duration exceeded", now);
        }
    }
}

// The operations of core's table this module serves.
serve! {
    render::StartRender => Project |cx, _| start(cx);
    render::StopRender => Project |cx, ids| stop(cx, id(ids, 0));
    render::GetRender => Project |cx, ids| get(cx, id(ids, 0));
    render::ListRenders => Project |cx, _| list(cx);
}
