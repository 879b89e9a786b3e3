//! Connections: list them, and force one to disconnect.

use http::StatusCode;
use serde_json::{Value, json};

use crate::reply::{HResult, empty, ok};
use crate::router::Ctx;

/// `GET …/session/{sid}/connection`.
pub(crate) fn list(cx: &Ctx<'_>, sid: &str) -> HResult {
    cx.project.with(|d| {
        let s = d.session(sid)?;
        let items: Vec<Value> = s
            .connections
            .iter()
            .map(|c| {
                json!({
                    "connectionId": c.id,
                    "connectionState": "Connected",
                    "createdAt": c.created_ms,
                })
            })
            .collect();
        Ok(ok(&json!({
            "count": items.len(),
            "projectId": d.key,
            "sessionId": sid,
            "items": items,
        })))
    })
}

/// `DELETE …/session/{sid}/connection/{cid}`: 204, or 404 when not connected.
pub(crate) fn disconnect(cx: &Ctx<'_>, sid: &str, cid: &str) -> HResult {
    cx.project.with(|d| {
        d.session(sid)?;
        d.disconnect(sid, cid, "forceDisconnected", cx.now)?;
        Ok(empty(StatusCode::NO_CONTENT))
    })
}
