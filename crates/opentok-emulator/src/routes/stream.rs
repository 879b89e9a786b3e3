//! Streams: list and get, layout class lists, force mute of one stream and mute-all.

use http::StatusCode;
use serde_json::{Value, json};

use opentok_core::clock::from_unix_millis;
use opentok_core::stream::{ProjectDetails, ProjectEnvironment, ProjectStatus};

use super::serve::{id, serve};
use crate::input::{json_object, opt_bool, str_list};
use crate::reply::{HResult, Resp, bad_request, empty, error, not_found, ok, ok_bytes};
use crate::router::Ctx;
use crate::session::Session;
use crate::state::ProjectData;

/// A list reply: `{"count", "items"}`.
#[derive(serde::Serialize)]
struct Listed<T> {
    count: usize,
    items: Vec<T>,
}

/// `200` with `value` written as JSON.
fn written(value: &impl serde::Serialize) -> Resp {
    ok_bytes(serde_json::to_vec(value).unwrap_or_default())
}

/// `GET …/session/{sid}/stream`: the streams' models are gathered under the lock and
/// written after.
pub(crate) fn list(cx: &Ctx<'_>, sid: &str) -> HResult {
    let items: Vec<_> = cx.with(|d| {
        let s = d.session(sid)?;
        Ok::<_, Resp>(s.streams.iter().map(Session::stream_model).collect())
    })?;
    Ok(written(&Listed {
        count: items.len(),
        items,
    }))
}

/// `GET …/session/{sid}/stream/{stid}`; an unknown stream id is the service's 408.
pub(crate) fn get(cx: &Ctx<'_>, sid: &str, stid: &str) -> HResult {
    let model = cx.with(|d| {
        let s = d.session(sid)?;
        match s.stream(stid) {
            Some(st) => Ok(Session::stream_model(st)),
            None => Err(error(
                StatusCode::REQUEST_TIMEOUT,
                408,
                "You passed in an invalid stream ID",
            )),
        }
    })?;
    Ok(written(&model))
}

fn layout_list(item: &serde_json::Map<String, Value>) -> Result<Vec<String>, crate::reply::Resp> {
    let list = str_list(item, "layoutClassList")?;
    if list.join(" ").len() > 1000 {
        return Err(bad_request("layoutClassList is longer than 1000 characters"));
    }
    Ok(list)
}

/// `PUT …/session/{sid}/stream` with `{"items":[{"id","layoutClassList"}]}`.
pub(crate) fn set_class_lists(cx: &Ctx<'_>, sid: &str) -> HResult {
    let body = json_object(&cx.req.body)?;
    let Some(Value::Array(items)) = body.get("items") else {
        return Err(bad_request("items must be a list"));
    };
    let mut changes = Vec::with_capacity(items.len());
    for it in items {
        let Value::Object(o) = it else {
            return Err(bad_request("each item must be an object"));
        };
        let id = crate::input::req_str(o, "id")?.to_owned();
        changes.push((id, layout_list(o)?));
    }
    cx.with(|d| {
        let s = d.session_mut(sid)?;
        if let Some((bad, _)) = changes.iter().find(|(id, _)| s.stream(id).is_none()) {
            return Err(bad_request(&format!("Invalid stream ID: {bad}")));
        }
        let ids: Vec<String> = changes.iter().map(|(id, _)| id.clone()).collect();
        for (id, list) in changes {
            if let Some(st) = s.stream_mut(&id) {
                st.layout = list;
            }
        }
        if !d.application {
            return Ok(empty(StatusCode::OK));
        }
        // The Vonage host answers with the changed streams (a recorded reply the Vonage
        // Python SDK parses; reference: vonage_application_credentials.md §4.4).
        let s = d.session(sid)?;
        let items: Vec<_> = ids
            .iter()
            .filter_map(|id| s.stream(id))
            .map(Session::stream_model)
            .collect();
        Ok(written(&Listed {
            count: items.len(),
            items,
        }))
    })
}

/// `PUT …/session/{sid}/stream/{stid}` with `{"layoutClassList": […]}`.
pub(crate) fn update(cx: &Ctx<'_>, sid: &str, stid: &str) -> HResult {
    let body = json_object(&cx.req.body)?;
    let list = layout_list(&body)?;
    cx.with(|d| {
        let s = d.session_mut(sid)?;
        let st = s.stream_mut(stid).ok_or_else(|| not_found("Stream not found"))?;
        st.layout = list;
        Ok(empty(StatusCode::OK))
    })
}

/// The spec's Project-Details, the reply of both mute calls (core's [`ProjectDetails`]).
fn project_details(d: &ProjectData) -> Resp {
    let mut p = ProjectDetails::new(&d.key, ProjectStatus::Active);
    p.name = Some(format!("Emulator project {}", d.key));
    p.environment = Some(ProjectEnvironment::Standard);
    p.created_at = Some(from_unix_millis(d.created_ms));
    ok(&serde_json::to_value(&p).unwrap_or_default())
}

/// `POST …/session/{sid}/stream/{stid}/mute`.
pub(crate) fn mute(cx: &Ctx<'_>, sid: &str, stid: &str) -> HResult {
    cx.with(|d| {
        let s = d.session_mut(sid)?;
        let st = s.stream_mut(stid).ok_or_else(|| not_found("Stream not found"))?;
        st.audio_muted = true;
        d.session_event(
            sid,
            "forceMute",
            cx.now,
            json!({"streamId": stid, "reason": "forceMute"}),
        );
        Ok(project_details(d))
    })
}

/// `POST …/session/{sid}/mute` with `{"active", "excludedStreamIds"}` (also accepts the
/// `excludedStreams` name and `"true"` strings that official SDKs send).
pub(crate) fn mute_all(cx: &Ctx<'_>, sid: &str) -> HResult {
    let body = json_object(&cx.req.body)?;
    let active = opt_bool(&body, "active")?.ok_or_else(|| bad_request("active is required"))?;
    let mut excluded = str_list(&body, "excludedStreamIds")?;
    excluded.extend(str_list(&body, "excludedStreams")?);
    cx.with(|d| {
        let s = d.session_mut(sid)?;
        let mut muted = Vec::new();
        if active {
            for st in s.streams.iter_mut() {
                if !excluded.contains(&st.id) {
                    st.audio_muted = true;
                    muted.push(st.id.clone());
                }
            }
            s.mute_all = Some(excluded.clone());
        } else {
            s.mute_all = None;
        }
        d.session_event(
            sid,
            "muteAll",
            cx.now,
            json!({"active": active, "excludedStreamIds": excluded}),
        );
        for id in muted {
            d.session_event(
                sid,
                "forceMute",
                cx.now,
                json!({"streamId": id, "reason": "muteAll"}),
            );
        }
        Ok(project_details(d))
    })
}

// The operations of core's table this module serves.
serve! {
    stream::ListStreams => Project |cx, ids| list(cx, id(ids, 0));
    stream::GetStream => Project |cx, ids| get(cx, id(ids, 0), id(ids, 1));
    stream::SetStreamLayoutClasses => Project |cx, ids| set_class_lists(cx, id(ids, 0));
    stream::SetStreamLayoutClass => Project |cx, ids| update(cx, id(ids, 0), id(ids, 1));
    stream::ForceMuteStream => Project |cx, ids| mute(cx, id(ids, 0), id(ids, 1));
    stream::MuteAll => Project |cx, ids| mute_all(cx, id(ids, 0));
}
