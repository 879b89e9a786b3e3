//! Connections: list them, and force one to disconnect.

use http::StatusCode;
use opentok_core::clock::from_unix_millis;
use opentok_core::connection::{Connection, ConnectionList, ConnectionState};
use serde_json::Value;

use super::serve::{id, serve};
use crate::reply::{HResult, empty, ok};
use crate::router::Ctx;

/// `GET …/session/{sid}/connection`.
pub(crate) fn list(cx: &Ctx<'_>, sid: &str) -> HResult {
    cx.with(|d| {
        let s = d.session(sid)?;
        let items: Vec<Connection> = s
            .connections
            .iter()
            .map(|c| {
                Connection::new(
                    &c.id,
                    Some(ConnectionState::Connected),
                    Some(from_unix_millis(c.created_ms)),
                )
            })
            .collect();
        let list = ConnectionList::new(&d.key, sid, items);
        Ok(ok(&serde_json::to_value(&list).unwrap_or(Value::Null)))
    })
}

/// `DELETE …/session/{sid}/connection/{cid}`: 204, or 404 when not connected.
pub(crate) fn disconnect(cx: &Ctx<'_>, sid: &str, cid: &str) -> HResult {
    cx.with(|d| {
        d.session(sid)?;
        d.disconnect(sid, cid, "forceDisconnected", cx.now)?;
        Ok(empty(StatusCode::NO_CONTENT))
    })
}

// The operations of core's table this module serves.
serve! {
    connection::ListConnections => Project |cx, ids| list(cx, id(ids, 0));
    connection::ForceDisconnect => Project |cx, ids| disconnect(cx, id(ids, 0), id(ids, 1));
}
