//! The front door: reads the body under the size cap and the body timeout, splits the path,
//! authenticates a project's calls and hands the request to its route (the table of
//! `routes::serve`) or to the control API.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, header};
use http_body_util::{BodyExt, Limited};
use hyper::body::{Body as _, Incoming};

use crate::input::{parse_form, percent_decode};
use crate::reply::{HResult, HttpResp, bad_request, body_timeout, not_found, too_large};
use crate::route_table::Found;
use crate::routes::serve::Handler;
use crate::state::{Emu, Project, ProjectData};
use crate::{auth, control};

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

impl Ctx<'_> {
    /// Runs `f` under the project's lock, once the project's timed lifecycles (archive
    /// processing, max durations) are advanced to `now`: one lock for both.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut ProjectData) -> R) -> R {
        self.project.with(|d| {
            d.tick(self.now);
            f(d)
        })
    }
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
    let too_large_reply = || *too_large(&format!("Request body too large: the limit is {max} bytes"));
    if declared.is_some_and(|n| n > max as u64) {
        return too_large_reply();
    }
    // A request without a body (most reads) has nothing to wait for.
    let read = async {
        if body.is_end_stream() {
            Ok(Ok(Bytes::new()))
        } else {
            let limited = Limited::new(body, max).collect();
            tokio::time::timeout(emu.config.conn.body, limited)
                .await
                .map(|r| r.map(http_body_util::Collected::to_bytes))
        }
    };
    let body = match read.await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            return too_large_reply();
        }
        Ok(Err(_)) => return *bad_request("Could not read the request body"),
        Err(_) => return *body_timeout("The request body did not arrive in time"),
    };
    let Some(query) = parse_form(parts.uri.query().unwrap_or("")) else {
        return *bad_request("Invalid query string");
    };
    let segs = match segments(parts.uri.path()) {
        Ok(segs) => segs,
        Err(why) => return *bad_request(why),
    };
    let req = Req {
        method: parts.method,
        headers: parts.headers,
        query,
        body,
    };
    let segs: Vec<&str> = segs.iter().map(AsRef::as_ref).collect();
    let resp = dispatch(&emu, &req, &segs).unwrap_or_else(|e| e);
    // The REST API answers errors in XML unless the client asked for JSON.
    let rest = matches!(segs.as_slice(), ["v2", ..] | ["session", "create"]);
    if rest && !req.accepts_json() {
        return *crate::reply::xml_error_variant(resp);
    }
    *resp
}

/// The path's segments, percent-decoded. Leading slashes and one trailing slash are
/// allowed; an empty segment, `.`, `..`, or one that decodes to `/`, `?`, `#` or a control
/// character is refused, so no id the routes see can carry them.
fn segments(path: &str) -> Result<Vec<Cow<'_, str>>, &'static str> {
    let path = path.trim_start_matches('/');
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.is_empty() {
        return Ok(Vec::new());
    }
    path.split('/')
        .map(|raw| {
            let seg = percent_decode(raw, false).ok_or("Invalid path: a broken percent escape")?;
            if seg.is_empty() {
                return Err("Invalid path: an empty segment");
            }
            if seg == "." || seg == ".." {
                return Err("Invalid path: `.` and `..` are not ids");
            }
            if seg
                .chars()
                .any(|c| matches!(c, '/' | '?' | '#') || c.is_control())
            {
                return Err("Invalid path: a segment holds `/`, `?`, `#` or a control character");
            }
            Ok(seg)
        })
        .collect()
}

fn dispatch(emu: &Emu, req: &Req, segs: &[&str]) -> HResult {
    if let ["_emulator", "v1", rest @ ..] = segs {
        return control::handle(emu, req, rest);
    }
    // A project's calls are authenticated before their route is looked up, so an unknown
    // path or method is only told to the project's own callers.
    let project = match segs {
        ["v2", "project", key, ..] => Some(auth::rest(emu, key, &req.headers)?),
        _ => None,
    };
    let (handler, ids) = match emu.routes.find(&req.method, segs) {
        Found::Handler(h, ids) => (*h, ids),
        Found::Refused(r) => return r,
    };
    match (handler, project) {
        (Handler::Project(f), Some(project)) => {
            let cx = Ctx {
                emu,
                project,
                req,
                now: emu.now(),
            };
            // The first id is the project's, already checked.
            f(&cx, ids.get(1..).unwrap_or_default())
        }
        (Handler::Open(f), _) => f(emu, req, &ids),
        (Handler::Project(_), None) => Err(not_found("Resource not found")),
    }
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn segments_are_decoded_and_bad_ids_refused() {
        assert_eq!(
            segments("/v2/project/1/archive/a%2Db/").expect("ok"),
            ["v2", "project", "1", "archive", "a-b"]
        );
        assert_eq!(segments("//hl/x").expect("ok"), ["hl", "x"]);
        assert!(segments("/").expect("ok").is_empty());
        for bad in [
            "/v2/project/1/archive//stop",
            "/v2/project/1/archive/.",
            "/v2/project/1/archive/..",
            "/v2/project/1/archive/%2E%2E",
            "/v2/project/1/archive/%2e",
            "/v2/project/1/archive/a%2Fb",
            "/v2/project/1/archive/a%3Fb",
            "/v2/project/1/archive/a%23b",
            "/v2/project/1/archive/a%00b",
            "/v2/project/1/archive/a%0Ab",
            "/v2/project/1/archive/a%7Fb",
            "/v2/project/1/archive/a%C2%85b",
            "/v2/project/1/archive/a%zzb",
            "/v2/project/1/archive/%FF",
        ] {
            assert!(segments(bad).is_err(), "{bad}");
        }
    }
}
