//! Callback registration: `{group, event, url}`; list and delete. Delivery is in
//! `crate::callbacks`.

use http::StatusCode;
use opentok_core::callback::{Callback, CallbackEventType, CallbackGroup};
use opentok_core::clock::from_unix_millis;
use serde_json::Value;

use super::serve::{id, serve};
use crate::input::{json_object, req_str};
use crate::reply::{HResult, bad_request, empty, not_found, ok};
use crate::router::Ctx;
use crate::timefmt::millis;

/// The groups and events callbacks can be registered for.
const GROUPS: [(&str, &[&str]); 5] = [
    ("archive", &["status"]),
    ("broadcast", &["status"]),
    ("connection", &["created", "destroyed"]),
    ("stream", &["created", "destroyed"]),
    ("session", &["created", "destroyed"]),
];

/// One registered callback.
#[derive(Debug, Clone)]
pub(crate) struct CallbackRec {
    pub(crate) id: String,
    pub(crate) group: String,
    pub(crate) event: String,
    pub(crate) url: String,
    pub(crate) created_ms: u64,
}

impl CallbackRec {
    /// The callback as the REST API shows it (core's [`Callback`] model).
    fn to_json(&self) -> Value {
        let c = Callback::new(
            &self.id,
            CallbackGroup::from(self.group.as_str()),
            CallbackEventType::from(self.event.as_str()),
            &self.url,
            Some(from_unix_millis(self.created_ms)),
        );
        serde_json::to_value(&c).unwrap_or(Value::Null)
    }
}

/// `POST …/callback`.
pub(crate) fn register(cx: &Ctx<'_>) -> HResult {
    let b = json_object(&cx.req.body)?;
    let group = req_str(&b, "group")?;
    let event = req_str(&b, "event")?;
    let url = req_str(&b, "url")?;
    let Some((_, events)) = GROUPS.iter().find(|(g, _)| *g == group) else {
        return Err(bad_request(
            "group must be archive, broadcast, connection, stream or session",
        ));
    };
    if event != "*" && !events.contains(&event) {
        return Err(bad_request(&format!(
            "event must be one of {} or *",
            events.join(", ")
        )));
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.parse::<http::Uri>().is_err() {
        return Err(bad_request("url must be an http or https URL"));
    }
    cx.with(|d| {
        if d.callbacks.len() >= d.config.limits.callbacks {
            return Err(bad_request(&format!(
                "Emulator limit: at most {} callbacks per project",
                d.config.limits.callbacks
            )));
        }
        let rec = CallbackRec {
            id: crate::ids::uuid(),
            group: group.to_owned(),
            event: event.to_owned(),
            url: url.to_owned(),
            created_ms: millis(cx.now),
        };
        let j = rec.to_json();
        d.callbacks.push(rec);
        Ok(ok(&j))
    })
}

/// `GET …/callback`: a JSON array.
pub(crate) fn list(cx: &Ctx<'_>) -> HResult {
    cx.with(|d| {
        let items: Vec<Value> = d.callbacks.iter().map(CallbackRec::to_json).collect();
        Ok(ok(&Value::Array(items)))
    })
}

/// `DELETE …/callback/{id}`: 204.
pub(crate) fn delete(cx: &Ctx<'_>, id: &str) -> HResult {
    cx.with(|d| {
        let before = d.callbacks.len();
        d.callbacks.retain(|c| c.id != id);
        if d.callbacks.len() == before {
            return Err(not_found("Callback not found"));
        }
        Ok(empty(StatusCode::NO_CONTENT))
    })
}

// The operations of core's table this module serves.
serve! {
    callback::RegisterCallback => Project |cx, _| register(cx);
    callback::ListCallbacks => Project |cx, _| list(cx);
    callback::DeleteCallback => Project |cx, ids| delete(cx, id(ids, 0));
}
