//! Callbacks: registration calls and the event payloads the service POSTs to them.
//!
//! Registration (`/v2/project/{apiKey}/callback`) is the older API the Node SDK exposes;
//! today most projects set callback URLs in the account dashboard. Either way the service
//! POSTs JSON bodies to those URLs: read them with [`CallbackEvent::parse`], which routes a
//! body by its `event` field (or, for bodies without one, by its shape) to session
//! monitoring, archive, broadcast, captions or render status.
//!
//! ```
//! use opentok_core::callback::{CallbackEvent, SessionEventKind};
//! let body = br#"{"sessionId":"2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr","projectId":"123456",
//!   "event":"connectionCreated","timestamp":1470257688309,
//!   "connection":{"id":"c053fcc8","createdAt":1470257688143,"data":"TOKENDATA"}}"#;
//! match CallbackEvent::parse(body)? {
//!     CallbackEvent::Session(e) => {
//!         assert_eq!(e.event, SessionEventKind::ConnectionCreated);
//!         assert_eq!(e.connection.and_then(|c| c.data).as_deref(), Some("TOKENDATA"));
//!     }
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), opentok_core::callback::CallbackError>(())
//! ```

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, id_op, parse_empty, parse_json, with_json, without_body,
};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

mod event;

pub use event::{CallbackError, CallbackEvent, EventConnection, EventStream, SessionEvent, SessionEventKind};

string_enum! {
    /// What a registered callback watches.
    pub enum CallbackGroup {
        /// Client connections.
        Connection => "connection",
        /// Published streams.
        Stream => "stream",
    }
}

string_enum! {
    /// Which change of the group triggers a registered callback.
    pub enum CallbackEventType {
        /// Something was created.
        Created => "created",
        /// Something was destroyed.
        Destroyed => "destroyed",
    }
}

/// A registered callback: the reply of [`RegisterCallback`] and the items of
/// [`ListCallbacks`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Callback {
    /// The callback id (a string or a number on the wire).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// What it watches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<CallbackGroup>,
    /// Which change triggers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<CallbackEventType>,
    /// Where the service POSTs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was registered (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
    /// When it was last changed (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<SystemTime>,
}

impl Callback {
    /// A callback from its parts (for emulators and tests).
    pub fn new(
        id: impl Into<String>,
        group: CallbackGroup,
        event: CallbackEventType,
        url: impl Into<String>,
        created_at: Option<SystemTime>,
    ) -> Self {
        Self {
            id: id.into(),
            group: Some(group),
            event: Some(event),
            url: Some(url.into()),
            created_at,
            updated_at: None,
        }
    }
}

/// A required id that may arrive as a string or a number.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    crate::serde_util::opt_string_or_number(d)?.ok_or_else(|| serde::de::Error::custom("missing id"))
}

/// Checks an absolute `http(s)` URL with a host, free of whitespace.
fn check_callback_url(url: &str) -> Result<(), ValidationError> {
    if url.is_empty() {
        return Err(ValidationError::new("url", Rule::Required));
    }
    let rest = crate::check::strip_scheme(url, &["https://", "http://"]);
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
        return Err(ValidationError::new(
            "url",
            Rule::Format("an absolute http(s) URL"),
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ValidationError::new(
            "url",
            Rule::Charset("non-whitespace, printable characters"),
        ));
    }
    if url.len() > 2048 {
        return Err(ValidationError::new(
            "url",
            Rule::TooLong {
                max: 2048,
                actual: url.len(),
                unit: "bytes",
            },
        ));
    }
    Ok(())
}

/// Registers a callback URL for a group and event: `POST /v2/project/{apiKey}/callback`
/// with `{"group","event","url"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterCallback {
    pub(crate) group: CallbackGroup,
    pub(crate) event: CallbackEventType,
    pub(crate) url: String,
}

impl RegisterCallback {
    /// Has the service POST to `url` when `event` happens to `group`.
    pub fn new(group: CallbackGroup, event: CallbackEventType, url: impl Into<String>) -> Self {
        Self {
            group,
            event,
            url: url.into(),
        }
    }
}

impl Operation for RegisterCallback {
    type Output = Callback;

    const INFO: OperationInfo = OperationInfo {
        name: "register_callback",
        method: "POST",
        path: "/v2/project/{apiKey}/callback",
        summary: "Register a callback URL for connection or stream events",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        if self.group.as_str().is_empty() {
            return Err(ValidationError::new("group", Rule::Required));
        }
        if self.event.as_str().is_empty() {
            return Err(ValidationError::new("event", Rule::Required));
        }
        check_callback_url(&self.url)?;
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Callback, ResponseError> {
        parse_json(response)
    }
}

/// Lists the registered callbacks: `GET /v2/project/{apiKey}/callback` (a JSON array).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCallbacks;

impl ListCallbacks {
    /// Lists every registered callback.
    pub fn new() -> Self {
        Self
    }
}

impl Operation for ListCallbacks {
    type Output = Vec<Callback>;

    const INFO: OperationInfo = OperationInfo {
        name: "list_callbacks",
        method: "GET",
        path: "/v2/project/{apiKey}/callback",
        summary: "List the registered callbacks",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        without_body(ctx.request_for(&Self::INFO, &[], &[])?)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Vec<Callback>, ResponseError> {
        let list: Option<Vec<Callback>> = parse_json(response)?;
        Ok(list.unwrap_or_default())
    }
}

id_op! {
    /// Unregisters a callback: `DELETE /v2/project/{apiKey}/callback/{callbackId}` (204).
    DeleteCallback { callback_id: "callbackId" }, (), parse_empty;
    const INFO: OperationInfo = OperationInfo {
        name: "delete_callback",
        method: "DELETE",
        path: "/v2/project/{apiKey}/callback/{callbackId}",
        summary: "Unregister a callback",
    };
}

#[cfg(test)]
mod tests;
