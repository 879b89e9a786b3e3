//! The Audio Connector: stream a session's audio to a WebSocket (a connection joins the
//! session), and stop it.

use http::StatusCode;
use serde_json::{Map, Value};

use super::serve::{id, serve};
use crate::client_token::Role;
use crate::input::{json_object, opt_bool, opt_obj, opt_str, opt_u64, req_str, str_list};
use crate::reply::{HResult, Resp, bad_request, conflict, empty, not_found, ok};
use crate::router::Ctx;
use crate::routes::captions::cap;
use crate::routes::sip::body_token;
use crate::session::ConnKind;

/// One Audio Connector call.
#[derive(Debug, Clone)]
pub(crate) struct AudioConnectRec {
    pub(crate) id: String,
    pub(crate) session_id: String,
    pub(crate) connection_id: String,
    pub(crate) active: bool,
}

/// `POST …/connect`: 200 `{"id","connectionId"}`.
pub(crate) fn start(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let sid = req_str(&b, "sessionId")?.to_owned();
    let token = req_str(&b, "token")?;
    let ws = opt_obj(&b, "websocket")?.ok_or_else(|| bad_request("websocket is required"))?;
    let uri = req_str(ws, "uri")?;
    if !(uri.starts_with("ws://") || uri.starts_with("wss://")) {
        return Err(bad_request("websocket.uri must be a ws:// or wss:// URI"));
    }
    let streams = str_list(ws, "streams")?;
    if streams.len() > 50 {
        return Err(bad_request("websocket.streams may name at most 50 streams"));
    }
    if opt_u64(ws, "audioRate")?.is_some_and(|rate| !matches!(rate, 8000 | 16000 | 24000)) {
        return Err(bad_request("websocket.audioRate must be 8000, 16000 or 24000"));
    }
    opt_bool(ws, "bidirectional")?;
    if ws
        .get("headers")
        .is_some_and(|h| !matches!(h, Value::Object(_) | Value::Null))
    {
        return Err(bad_request("websocket.headers must be an object"));
    }
    check_audio_transport(ws)?;
    body_token(cx, token, &sid)?;
    cx.with(|d| {
        let s = d.session(&sid)?;
        if !s.routed {
            return Err(conflict(
                409,
                "Only routed sessions are allowed to initiate Connect Calls",
            ));
        }
        if let Some(bad) = streams.iter().find(|st| s.stream(st).is_none()) {
            return Err(bad_request(&format!("Invalid stream ID: {bad}")));
        }
        cap(d.connects.len(), d.config.limits.renders, "Audio Connector calls")?;
        let cid = d.connect(
            &sid,
            Role::Publisher,
            None,
            Vec::new(),
            ConnKind::AudioConnector,
            cx.now,
        )?;
        let id = crate::ids::uuid();
        d.connects.push(AudioConnectRec {
            id: id.clone(),
            session_id: sid,
            connection_id: cid.clone(),
            active: true,
        });
        let reply = opentok_core::audio_connector::AudioConnection::new(id, cid);
        Ok(ok(&serde_json::to_value(&reply).unwrap_or_default()))
    })
}

/// Checks `websocket.audioTransport` (snake_case keys inside): `transport` binary or json,
/// `encoding` base64 and required with json, `audio_field` / `receive_audio_field` non-empty
/// strings, `static_fields` an object.
fn check_audio_transport(ws: &Map<String, Value>) -> Result<(), Resp> {
    let Some(t) = opt_obj(ws, "audioTransport")? else {
        return Ok(());
    };
    let json = match opt_str(t, "transport")? {
        Some("json") => true,
        Some("binary") => false,
        _ => {
            return Err(bad_request(
                "websocket.audioTransport.transport must be binary or json",
            ));
        }
    };
    match opt_str(t, "encoding")? {
        Some("base64") => {}
        None if !json => {}
        None => {
            return Err(bad_request(
                "websocket.audioTransport.encoding is required with transport json",
            ));
        }
        Some(_) => return Err(bad_request("websocket.audioTransport.encoding must be base64")),
    }
    for key in ["audio_field", "receive_audio_field"] {
        if opt_str(t, key)?.is_some_and(str::is_empty) {
            return Err(bad_request(&format!(
                "websocket.audioTransport.{key} must not be empty"
            )));
        }
    }
    opt_obj(t, "static_fields")?;
    Ok(())
}

/// `POST …/connect/{id}/stop`: the connection leaves the session.
pub(crate) fn stop(cx: &Ctx<'_>, id: &str) -> HResult {
    cx.with(|d| {
        let Some(c) = d.connects.iter_mut().find(|c| c.id == id) else {
            return Err(not_found("Audio Connector call not found"));
        };
        if c.active {
            c.active = false;
            let (sid, cid) = (c.session_id.clone(), c.connection_id.clone());
            let _ = d.disconnect(&sid, &cid, "clientDisconnected", cx.now);
        }
        Ok(empty(StatusCode::OK))
    })
}

// The operations of core's table this module serves.
serve! {
    audio_connector::StartAudioConnector => Project |cx, _| start(cx);
    audio_connector::StopAudioConnector => Project |cx, ids| stop(cx, id(ids, 0));
}
