//! The emulator-only control API under `/_emulator/v1`, standing in for WebRTC clients:
//! join with a client token, publish, leave, and read what the session's clients received.
//! Same auth as the REST API (the token's `iss` picks the project). Archive downloads and
//! HLS playlists are served here too, behind unguessable URLs.

use std::sync::atomic::Ordering;

use http::{Method, StatusCode};
use serde_json::{Value, json};
use subtle::ConstantTimeEq as _;

use crate::auth;
use crate::client_token;
use crate::input::{json_object, opt_str};
use crate::reply::{HResult, bad_request, empty, forbidden, not_found, ok, text};
use crate::router::Req;
use crate::session::ConnKind;
use crate::state::Emu;

/// Picks the handler for the request's method, or answers 405 with `Allow`.
macro_rules! methods {
    ($m:expr, $allow:literal, { $($meth:ident => $e:expr),+ $(,)? }) => {
        match *$m {
            $(Method::$meth => $e,)+
            _ => Err($crate::reply::method_not_allowed(http::HeaderValue::from_static($allow))),
        }
    };
}

/// Routes `/_emulator/v1/…`; `rest` is the path after the prefix.
pub(crate) fn handle(emu: &Emu, req: &Req, rest: &[&str]) -> HResult {
    let m = &req.method;
    match rest {
        ["health"] => methods!(m, "GET", { GET => Ok(ok(&json!({"status": "ok"}))) }),
        ["archives", aid, "download"] => methods!(m, "GET", { GET => download(emu, req, aid) }),
        ["broadcasts", bid, "hls", "index.m3u8"] => {
            methods!(m, "GET", { GET => playlist(emu, bid) })
        }
        ["sessions", sid, "connections"] => methods!(m, "POST", { POST => join(emu, req, sid) }),
        ["sessions", sid, "connections", cid] => {
            methods!(m, "DELETE", { DELETE => leave(emu, req, sid, cid) })
        }
        ["sessions", sid, "connections", cid, "streams"] => {
            methods!(m, "POST", { POST => publish(emu, req, sid, cid) })
        }
        ["sessions", sid, "events"] => methods!(m, "GET", { GET => events(emu, req, sid) }),
        ["callbacks", "stats"] => methods!(m, "GET", { GET => stats(emu, req) }),
        _ => Err(not_found("Resource not found")),
    }
}

fn join(emu: &Emu, req: &Req, sid: &str) -> HResult {
    let project = auth::by_issuer(emu, &req.headers)?;
    let b = json_object(&req.body)?;
    let token = opt_str(&b, "token")?.ok_or_else(|| bad_request("token is required"))?;
    let now = emu.now();
    project.with(|d| d.session(sid).map(|_| ()))?;
    let grant =
        client_token::verify(token, &project.auth, Some(sid), now, emu.config.staging).map_err(forbidden)?;
    project.with(|d| {
        d.tick(now);
        let role = grant.role;
        let data = grant.data.clone();
        let cid = d.connect(sid, role, grant.data, grant.layout, ConnKind::Client, now)?;
        Ok(ok(
            &json!({"connectionId": cid, "role": role.as_str(), "data": data}),
        ))
    })
}

fn publish(emu: &Emu, req: &Req, sid: &str, cid: &str) -> HResult {
    let project = auth::by_issuer(emu, &req.headers)?;
    let b = json_object(&req.body)?;
    let video_type = opt_str(&b, "videoType")?.unwrap_or("camera");
    if !matches!(video_type, "camera" | "screen" | "custom") {
        return Err(bad_request("videoType must be camera, screen or custom"));
    }
    let name = opt_str(&b, "name")?.unwrap_or("");
    let now = emu.now();
    project.with(|d| {
        let stid = d.publish(sid, cid, video_type, name, now)?;
        Ok(ok(&json!({"streamId": stid})))
    })
}

fn leave(emu: &Emu, req: &Req, sid: &str, cid: &str) -> HResult {
    let project = auth::by_issuer(emu, &req.headers)?;
    let now = emu.now();
    project.with(|d| {
        d.disconnect(sid, cid, "clientDisconnected", now)?;
        Ok(empty(StatusCode::NO_CONTENT))
    })
}

fn events(emu: &Emu, req: &Req, sid: &str) -> HResult {
    let project = auth::by_issuer(emu, &req.headers)?;
    let since: u64 = match req.query("since") {
        None | Some("") => 0,
        Some(v) => v
            .parse()
            .map_err(|_| bad_request("since must be a non-negative integer"))?,
    };
    project.with(|d| {
        let s = d.session(sid)?;
        let items: Vec<Value> = s
            .events
            .iter()
            .filter(|e| e.get("seq").and_then(Value::as_u64).unwrap_or(0) > since)
            .cloned()
            .collect();
        Ok(ok(
            &json!({"sessionId": s.id, "createdAt": s.created_ms, "count": items.len(), "items": items}),
        ))
    })
}

fn stats(emu: &Emu, req: &Req) -> HResult {
    let project = auth::by_issuer(emu, &req.headers)?;
    let s = &project.dispatcher.stats;
    Ok(ok(&json!({
        "delivered": s.delivered.load(Ordering::Relaxed),
        "failed": s.failed.load(Ordering::Relaxed),
        "attempts": s.attempts.load(Ordering::Relaxed),
        "dropped": s.dropped.load(Ordering::Relaxed),
    })))
}

fn download(emu: &Emu, req: &Req, aid: &str) -> HResult {
    let sig = req.query("sig").unwrap_or("");
    let expires: u64 = req.query("expires").and_then(|e| e.parse().ok()).unwrap_or(0);
    if expires < opentok_core::clock::unix_secs(emu.now()) {
        return Err(crate::reply::forbidden("The download URL has expired"));
    }
    for p in emu.projects.values() {
        let found = p.with(|d| {
            d.archives
                .by_id(aid)
                .filter(|a| {
                    // Constant time, like every signature check.
                    a.status == "available"
                        && bool::from(a.download_sig(expires).as_bytes().ct_eq(sig.as_bytes()))
                })
                .map(|a| a.content())
        });
        if let Some(bytes) = found {
            return Ok(text(StatusCode::OK, "video/mp4", bytes));
        }
    }
    Err(not_found("Archive download not found"))
}

fn playlist(emu: &Emu, bid: &str) -> HResult {
    for p in emu.projects.values() {
        let live = p.with(|d| d.broadcasts.iter().any(|b| b.id == bid && b.started));
        if live {
            let body = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n";
            return Ok(text(
                StatusCode::OK,
                "application/vnd.apple.mpegurl",
                body.as_bytes().to_vec(),
            ));
        }
    }
    Err(not_found("Broadcast not found"))
}
