//! The REST API under `/v2/project/{apiKey}`: one module per resource, and the table that
//! maps each path and method to its handler (other methods get 405, unknown paths 404).

pub(crate) mod archive;
pub(crate) mod archive_record;
pub(crate) mod broadcast;
pub(crate) mod callback;
pub(crate) mod captions;
pub(crate) mod connect;
pub(crate) mod connection;
pub(crate) mod layout;
pub(crate) mod legacy;
pub(crate) mod listing;
pub(crate) mod render;
pub(crate) mod session;
pub(crate) mod signal;
pub(crate) mod sip;
pub(crate) mod stream;

use http::Method;

use crate::reply::{HResult, not_found};
use crate::router::Ctx;

/// Picks the handler for the request's method, or answers 405 with `Allow`.
macro_rules! methods {
    ($m:expr, $allow:literal, { $($meth:ident => $e:expr),+ $(,)? }) => {
        match *$m {
            $(Method::$meth => $e,)+
            _ => Err($crate::reply::method_not_allowed($allow)),
        }
    };
}
pub(crate) use methods;

/// Routes a project call; `rest` is the path after `/v2/project/{apiKey}`.
pub(crate) fn dispatch(cx: &Ctx<'_>, rest: &[&str]) -> HResult {
    let m = &cx.req.method;
    match rest {
        ["session", sid, "connection"] => methods!(m, "GET", { GET => connection::list(cx, sid) }),
        ["session", sid, "connection", cid] => {
            methods!(m, "DELETE", { DELETE => connection::disconnect(cx, sid, cid) })
        }
        ["session", sid, "signal"] => methods!(m, "POST", { POST => signal::send(cx, sid, None) }),
        ["session", sid, "connection", cid, "signal"] => {
            methods!(m, "POST", { POST => signal::send(cx, sid, Some(cid)) })
        }
        ["session", sid, "play-dtmf"] => methods!(m, "POST", { POST => sip::dtmf(cx, sid, None) }),
        ["session", sid, "connection", cid, "play-dtmf"] => {
            methods!(m, "POST", { POST => sip::dtmf(cx, sid, Some(cid)) })
        }
        ["session", sid, "stream"] => methods!(m, "GET, PUT", {
            GET => stream::list(cx, sid),
            PUT => stream::set_class_lists(cx, sid),
        }),
        ["session", sid, "stream", stid] => methods!(m, "GET, PUT", {
            GET => stream::get(cx, sid, stid),
            PUT => stream::update(cx, sid, stid),
        }),
        ["session", sid, "stream", stid, "mute"] => {
            methods!(m, "POST", { POST => stream::mute(cx, sid, stid) })
        }
        ["session", sid, "mute"] => methods!(m, "POST", { POST => stream::mute_all(cx, sid) }),
        ["archive"] => methods!(m, "GET, POST", {
            GET => archive::list(cx),
            POST => archive::start(cx),
        }),
        ["archive", "storage"] => methods!(m, "PUT", { PUT => archive::set_storage(cx) }),
        ["archive", aid] => methods!(m, "GET, DELETE", {
            GET => archive::get(cx, aid),
            DELETE => archive::delete(cx, aid),
        }),
        ["archive", aid, "stop"] => methods!(m, "POST", { POST => archive::stop(cx, aid) }),
        ["archive", aid, "layout"] => methods!(m, "PUT", { PUT => archive::set_layout(cx, aid) }),
        ["archive", aid, "streams"] => {
            methods!(m, "PATCH", { PATCH => archive::patch_streams(cx, aid) })
        }
        ["broadcast"] => methods!(m, "GET, POST", {
            GET => broadcast::list(cx),
            POST => broadcast::start(cx),
        }),
        ["broadcast", bid] => methods!(m, "GET", { GET => broadcast::get(cx, bid) }),
        ["broadcast", bid, "stop"] => methods!(m, "POST", { POST => broadcast::stop(cx, bid) }),
        ["broadcast", bid, "layout"] => methods!(m, "PUT", { PUT => broadcast::set_layout(cx, bid) }),
        ["broadcast", bid, "streams"] => {
            methods!(m, "PATCH", { PATCH => broadcast::patch_streams(cx, bid) })
        }
        ["dial"] => methods!(m, "POST", { POST => sip::dial(cx) }),
        ["captions"] => methods!(m, "POST", { POST => captions::start(cx) }),
        ["captions", id, "stop"] => methods!(m, "POST", { POST => captions::stop(cx, id) }),
        ["render"] => methods!(m, "GET, POST", {
            GET => render::list(cx),
            POST => render::start(cx),
        }),
        ["render", id] => methods!(m, "GET, DELETE", {
            GET => render::get(cx, id),
            DELETE => render::stop(cx, id),
        }),
        ["connect"] => methods!(m, "POST", { POST => connect::start(cx) }),
        ["connect", id, "stop"] => methods!(m, "POST", { POST => connect::stop(cx, id) }),
        ["callback"] => methods!(m, "GET, POST", {
            GET => callback::list(cx),
            POST => callback::register(cx),
        }),
        ["callback", id] => methods!(m, "DELETE", { DELETE => callback::delete(cx, id) }),
        _ => Err(not_found("Resource not found")),
    }
}
