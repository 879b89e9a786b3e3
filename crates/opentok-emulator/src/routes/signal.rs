//! Signals to every client of a session or to one connection, with the size limits.

use http::StatusCode;
use serde_json::json;

use super::serve::{id, serve};
use crate::input::{json_object, opt_str};
use crate::reply::{HResult, empty, error, not_found, too_large};
use crate::router::Ctx;

/// Largest `type`, in bytes.
pub(crate) const MAX_TYPE: usize = 128;
/// Largest `data`, in bytes.
pub(crate) const MAX_DATA: usize = 8192;

/// `POST …/session/{sid}[/connection/{cid}]/signal`: 204.
pub(crate) fn send(cx: &Ctx<'_>, sid: &str, to: Option<&str>) -> HResult {
    let body = json_object(&cx.req.body)?;
    let Some(data) = opt_str(&body, "data")? else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            15202,
            "Signal payload 'data' must be set",
        ));
    };
    let ty = opt_str(&body, "type")?.unwrap_or("");
    if ty.len() > MAX_TYPE {
        return Err(too_large(
            "The type string exceeds the maximum length (128 bytes)",
        ));
    }
    if data.len() > MAX_DATA {
        return Err(too_large("The data string exceeds the maximum size (8 kB)"));
    }
    cx.with(|d| {
        let s = d.session(sid)?;
        if !s.has_clients() {
            return Err(not_found(
                "Not found. No clients are actively connected to the OpenTok session.",
            ));
        }
        if to.is_some_and(|cid| s.connection(cid).is_none()) {
            return Err(not_found("Not found. The client specified is not connected."));
        }
        d.session_event(
            sid,
            "signal",
            cx.now,
            json!({"signalType": ty, "data": data, "to": to}),
        );
        Ok(empty(StatusCode::NO_CONTENT))
    })
}

// The operations of core's table this module serves.
serve! {
    signal::Signal => Project |cx, ids| send(cx, id(ids, 0), None);
    signal::SignalConnection => Project |cx, ids| send(cx, id(ids, 0), Some(id(ids, 1)));
}
