//! The front door: reads the body under the size cap and the body timeout, splits the path
//! and hands the request to the REST routes, the legacy hl routes or the control API.

use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, header};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;

use crate::input::{parse_form, percent_decode};
use crate::reply::{HResult, HttpResp, bad_request, body_timeout, not_found, too_large};
use crate::state::{Emu, Project};
use crate::{auth, control, routes};

/// A request with its body read.
#[derive(Debug)]
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) headers: HeaderMap,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl Req {
    /// A query parameter.
    pub(crate) fn query(&self, k: &str) -> Option<&str> {
        crate::input::form_get(&self.query, k)
    }

    /// Whether the client asked for JSON.
    pub(crate) fn accepts_json(&self) -> bool {
        self.headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("application/json"))
    }
}

/// What a REST handler works with.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub(crate) emu: &'a Emu,
    pub(crate) project: &'a Arc<Project>,
    pub(crate) req: &'a Req,
    pub(crate) now: SystemTime,
}

/// Serves one request; never fails.
pub(crate) async fn handle(emu: Arc<Emu>, req: Request<Incoming>) -> HttpResp {
    let (parts, body) = req.into_parts();
    let max = emu.config.max_body;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let limit_msg = format!("Request body too large: the limit is {max} bytes");
    if declared.is_some_and(|n| n > max as u64) {
        return *too_large(&limit_msg);
    }
    let read = tokio::time::timeout(emu.config.conn.body, Limited::new(body, max).collect());
    let body = match read.await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return *too_large(&limit_msg);
        }
        Ok(Err(_)) => return *bad_request("Could not read the request body"),
        Err(_) => return *body_timeout("The request body did not arrive in time"),
    };
    let Some(query) = parse_form(parts.uri.query().unwrap_or("")) else {
        return *bad_request("Invalid query string");
    };
    let segs: Option<Vec<String>> = parts
        .uri
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect();
    let Some(segs) = segs else {
        return *bad_request("Invalid path");
    };
    let req = Req {
        method: parts.method,
        headers: parts.headers,
        query,
        body,
    };
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let resp = dispatch(&emu, &req, &segs).unwrap_or_else(|e| e);
    // The REST API answers errors in XML unless the client asked for JSON.
    let rest = matches!(segs.as_slice(), ["v2", ..] | ["session", "create"]);
    if rest && !req.accepts_json() {
        return *crate::reply::xml_error_variant(resp);
    }
    *resp
}

fn dispatch(emu: &Emu, req: &Req, segs: &[&str]) -> HResult {
    match segs {
        ["session", "create"] => routes::session::create(emu, req),
        ["hl", rest @ ..] => routes::legacy::handle(emu, req, rest),
        ["archive", "getmanifest", _] => routes::legacy::handle(emu, req, segs),
        ["v2", "project", key, rest @ ..] => {
            let project = auth::rest(emu, key, &req.headers)?;
            let now = emu.now();
            project.with(|d| d.tick(now));
            let cx = Ctx {
                emu,
                project,
                req,
                now,
            };
            routes::dispatch(&cx, rest)
        }
        ["_emulator", "v1", rest @ ..] => control::handle(emu, req, rest),
        _ => Err(not_found("Resource not found")),
    }
}
