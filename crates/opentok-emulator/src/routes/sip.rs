//! SIP dial-out (adds a connection and a stream to the session) and DTMF.

use http::StatusCode;
use opentok_core::sip::SipCall;
use serde_json::json;

use super::serve::{id, serve};
use crate::client_token::{self, Role};
use crate::input::{json_object, opt_bool, opt_obj, opt_str, req_str, str_list};
use crate::reply::{HResult, Resp, bad_request, conflict, empty, error, not_found, ok};
use crate::router::Ctx;
use crate::session::ConnKind;

/// Checks a client token given in a body for `sid`; a bad one is a 400.
pub(crate) fn body_token(cx: &Ctx<'_>, token: &str, sid: &str) -> Result<client_token::Grant, Resp> {
    client_token::verify(token, &cx.project.auth, Some(sid), cx.now, cx.emu.config.staging)
        .map_err(|why| bad_request(&format!("Invalid token: {why}")))
}

/// `POST …/dial`.
pub(crate) fn dial(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let sid = req_str(&b, "sessionId")?.to_owned();
    let token = req_str(&b, "token")?;
    let sip = opt_obj(&b, "sip")?.ok_or_else(|| bad_request("sip is required"))?;
    let uri = req_str(sip, "uri")?.to_owned();
    if !(uri.starts_with("sip:") || uri.starts_with("sips:")) {
        return Err(bad_request("sip.uri must be a SIP URI"));
    }
    opt_str(sip, "from")?;
    opt_obj(sip, "headers")?;
    if let Some(a) = opt_obj(sip, "auth")? {
        req_str(a, "username")?;
    }
    for k in ["secure", "video", "observeForceMute"] {
        opt_bool(sip, k)?;
    }
    str_list(sip, "streams")?;
    let grant = body_token(cx, token, &sid)?;
    cx.with(|d| {
        if !d.session(&sid)?.routed {
            return Err(conflict(409, "SIP calls are only allowed in routed sessions"));
        }
        let cid = d.connect(
            &sid,
            Role::Publisher,
            grant.data,
            Vec::new(),
            ConnKind::Sip,
            cx.now,
        )?;
        let stid = d.publish(&sid, &cid, "camera", &uri, cx.now)?;
        let mut call = SipCall::new(crate::ids::uuid(), cid, stid);
        call.project_id = Some(d.key.clone());
        call.session_id = Some(sid);
        call.created_at = Some(cx.now);
        call.updated_at = Some(cx.now);
        Ok(ok(&serde_json::to_value(&call).unwrap_or_default()))
    })
}

/// `POST …/session/{sid}[/connection/{cid}]/play-dtmf` with `{"digits"}`.
pub(crate) fn dtmf(cx: &Ctx<'_>, sid: &str, to: Option<&str>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let digits = opt_str(&b, "digits")?.unwrap_or("");
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'*' | b'#' | b'p'))
    {
        return Err(error(StatusCode::BAD_REQUEST, 400, "Invalid DTMF Digits"));
    }
    cx.with(|d| {
        let s = d.session(sid)?;
        if to.is_some_and(|cid| s.connection(cid).is_none()) {
            return Err(not_found("Connection not found"));
        }
        d.session_event(sid, "dtmf", cx.now, json!({"digits": digits, "to": to}));
        Ok(empty(StatusCode::OK))
    })
}

// The operations of core's table this module serves.
serve! {
    sip::Dial => Project |cx, _| dial(cx);
    sip::PlayDtmf => Project |cx, ids| dtmf(cx, id(ids, 0), None);
    sip::PlayDtmfConnection => Project |cx, ids| dtmf(cx, id(ids, 0), Some(id(ids, 1)));
}
