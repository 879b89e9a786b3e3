//! Loading the Ruby SDK's VCR cassettes and comparing core's requests with them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use http::Response;
use opentok_core::nonce::SeededNonce;
use opentok_core::{ApiUrl, Credentials, Operation, RequestContext, clock};
use serde::Deserialize;
use serde_json::Value;

/// Where the cassettes are (`../shared/conformance/ruby-sdk-cassettes` beside the checkout), or
/// `None`, after one notice, when they are absent.
pub(crate) fn cassette_dir() -> Option<PathBuf> {
    crate::shared_data::conformance_dir("ruby-sdk-cassettes")
}

/// Every `.yml` under the cassette directory, as paths relative to it (`/`-separated), sorted;
/// empty when the cassettes are absent.
pub(crate) fn cassette_files() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(".yml"))
            {
                let rel = path.strip_prefix(root).expect("under root");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let Some(root) = cassette_dir() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    out
}

#[derive(Debug, Deserialize)]
struct Cassette {
    http_interactions: Vec<Interaction>,
}

#[derive(Debug, Deserialize)]
struct Interaction {
    request: RawRequest,
    response: RawResponse,
}

#[derive(Debug, Deserialize)]
struct RawBody {
    #[serde(default)]
    string: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawRequest {
    method: String,
    uri: String,
    #[serde(default)]
    body: Option<RawBody>,
    #[serde(default)]
    headers: BTreeMap<String, serde_yaml_ng::Value>,
}

#[derive(Debug, Deserialize)]
struct RawStatus {
    code: u16,
}

#[derive(Debug, Deserialize)]
struct RawResponse {
    status: RawStatus,
    #[serde(default)]
    headers: BTreeMap<String, serde_yaml_ng::Value>,
    #[serde(default)]
    body: Option<RawBody>,
}

/// One recorded call: the request the Ruby SDK sent and the reply it got.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    /// The cassette, relative to the cassette directory.
    pub(crate) file: String,
    /// `POST`, `GET`, … (upper case).
    pub(crate) method: String,
    /// The path, without the query.
    pub(crate) path: String,
    /// The query as decoded pairs.
    pub(crate) query: Vec<(String, String)>,
    /// Request headers, lower-case names, first value.
    pub(crate) request_headers: BTreeMap<String, String>,
    /// Request body text.
    pub(crate) request_body: String,
    /// Reply status.
    pub(crate) status: u16,
    /// Reply headers, lower-case names, first value.
    pub(crate) response_headers: BTreeMap<String, String>,
    /// Reply body text.
    pub(crate) response_body: String,
}

fn first_values(headers: BTreeMap<String, serde_yaml_ng::Value>) -> BTreeMap<String, String> {
    headers
        .into_iter()
        .filter_map(|(k, v)| {
            let value = match v {
                serde_yaml_ng::Value::String(s) => s,
                serde_yaml_ng::Value::Sequence(items) => items.into_iter().next()?.as_str()?.to_owned(),
                other => serde_yaml_ng::to_string(&other).ok()?.trim().to_owned(),
            };
            Some((k.to_ascii_lowercase(), value))
        })
        .collect()
}

/// Loads a cassette holding exactly one interaction.
pub(crate) fn load(file: &str) -> Result<Recorded, String> {
    let path = cassette_dir().ok_or("the cassettes are absent")?.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {file}: {e}"))?;
    let cassette: Cassette = serde_yaml_ng::from_str(&text).map_err(|e| format!("parsing {file}: {e}"))?;
    let [one] = <[Interaction; 1]>::try_from(cassette.http_interactions)
        .map_err(|v| format!("{file}: expected one interaction, found {}", v.len()))?;
    let uri: http::Uri = one
        .request
        .uri
        .parse()
        .map_err(|e| format!("{file}: bad uri: {e}"))?;
    Ok(Recorded {
        file: file.to_owned(),
        method: one.request.method.to_ascii_uppercase(),
        path: uri.path().to_owned(),
        query: uri.query().map(decode_form).transpose()?.unwrap_or_default(),
        request_headers: first_values(one.request.headers),
        request_body: one.request.body.and_then(|b| b.string).unwrap_or_default(),
        status: one.response.status.code,
        response_headers: first_values(one.response.headers),
        response_body: one.response.body.and_then(|b| b.string).unwrap_or_default(),
    })
}

/// Decodes `k=v&k=v` (`+` is a space, `%XX` a byte), independently of core's encoder.
pub(crate) fn decode_form(s: &str) -> Result<Vec<(String, String)>, String> {
    fn component(c: &str) -> Result<String, String> {
        let bytes = c.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = c
                        .get(i + 1..i + 3)
                        .ok_or_else(|| format!("bad escape in {c:?}"))?;
                    out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("bad escape in {c:?}"))?);
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).map_err(|_| format!("not UTF-8: {c:?}"))
    }
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Ok((component(k)?, component(v)?))
        })
        .collect()
}

/// A documented, deliberate difference between core's request and the Ruby recording. The
/// comparison rewrites the recorded body by it before comparing, and fails when the rewrite
/// finds nothing to change (so a stale entry cannot linger).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Diff {
    /// In the JSON object at `object` (a JSON pointer, `""` for the root), the recording
    /// names a key `from` where core sends `to`.
    RenameKey {
        /// Pointer to the object holding the key.
        object: &'static str,
        /// The recording's key.
        from: &'static str,
        /// Core's key.
        to: &'static str,
        /// Why core differs.
        why: &'static str,
    },
    /// At `at`, the recording has the string `"true"`/`"false"` where core sends a boolean.
    StringBool {
        /// Pointer to the value.
        at: &'static str,
        /// Why core differs.
        why: &'static str,
    },
    /// A difference outside the compared parts (method, path, query, body), stated for the
    /// summary: headers such as the User-Agent, or inputs the Rust types cannot express.
    Note(&'static str),
}

impl Diff {
    /// One line for the summary.
    pub(crate) fn describe(&self) -> String {
        match self {
            Diff::RenameKey {
                object,
                from,
                to,
                why,
            } => {
                format!("JSON key `{object}/{from}` is sent as `{to}`: {why}")
            }
            Diff::StringBool { at, why } => format!("`{at}` is a JSON boolean, not a string: {why}"),
            Diff::Note(n) => format!("note: {n}"),
        }
    }

    fn apply_json(&self, recorded: &mut Value) -> Result<(), String> {
        match self {
            Diff::RenameKey { object, from, to, .. } => {
                let obj = recorded
                    .pointer_mut(object)
                    .and_then(Value::as_object_mut)
                    .ok_or_else(|| format!("stale difference: no object at `{object}`"))?;
                let v = obj
                    .remove(*from)
                    .ok_or_else(|| format!("stale difference: no key `{from}` at `{object}`"))?;
                obj.insert((*to).to_owned(), v);
                Ok(())
            }
            Diff::StringBool { at, .. } => {
                let v = recorded
                    .pointer_mut(at)
                    .ok_or_else(|| format!("stale difference: nothing at `{at}`"))?;
                let b = match v.as_str() {
                    Some("true") => true,
                    Some("false") => false,
                    _ => return Err(format!("stale difference: `{at}` is {v}, not a string boolean")),
                };
                *v = Value::Bool(b);
                Ok(())
            }
            Diff::Note(_) => Ok(()),
        }
    }
}

/// What a passing case reports.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// The operation the cassette was matched with.
    pub(crate) operation: &'static str,
    /// The known differences applied.
    pub(crate) differences: Vec<String>,
}

/// The cassettes' API key, with a secret of our own.
fn credentials() -> Credentials {
    Credentials::new("123456", "1234567890abcdef1234567890abcdef1234567890").expect("valid")
}

/// The fixed time requests are built at.
fn now() -> SystemTime {
    clock::from_unix_secs(1_700_000_000)
}

/// The context every case builds with: the cassettes' API key, a fixed time and nonce.
pub(crate) fn with_ctx<T>(f: impl FnOnce(&RequestContext<'_>) -> T) -> T {
    let creds = credentials();
    let url = ApiUrl::new("https://api.opentok.com").expect("valid");
    let nonce = SeededNonce::new(7);
    let ctx = RequestContext::new(&creds, &url, now(), &nonce);
    f(&ctx)
}

/// Builds `op`, compares its request with the recording (applying `diffs`), then parses the
/// recorded reply with it. Returns the parse result for the case to check, and the report.
pub(crate) fn check<Op: Operation>(
    rec: &Recorded,
    op: &Op,
    diffs: &[Diff],
) -> Result<(Result<Op::Output, opentok_core::ResponseError>, Report), String> {
    let req = with_ctx(|ctx| op.build(ctx)).map_err(|e| format!("build failed: {e}"))?;
    let info = Op::INFO;
    if req.method().as_str() != rec.method {
        return Err(format!(
            "method: core {} vs recorded {}",
            req.method(),
            rec.method
        ));
    }
    if info.method != rec.method {
        return Err(format!("INFO.method {} vs recorded {}", info.method, rec.method));
    }
    if req.uri().path() != rec.path {
        return Err(format!(
            "path: core {} vs recorded {}",
            req.uri().path(),
            rec.path
        ));
    }
    if !template_matches(info.path, &rec.path) {
        return Err(format!(
            "INFO.path {} does not match recorded {}",
            info.path, rec.path
        ));
    }
    let mut ours_q = req
        .uri()
        .query()
        .map(decode_form)
        .transpose()?
        .unwrap_or_default();
    let mut rec_q = rec.query.clone();
    ours_q.sort();
    rec_q.sort();
    if ours_q != rec_q {
        return Err(format!("query: core {ours_q:?} vs recorded {rec_q:?}"));
    }
    if rec.request_headers.contains_key("x-opentok-auth") {
        // Core's header must be there and verify with the same credentials at the same time.
        let token = req
            .headers()
            .get("x-opentok-auth")
            .and_then(|v| v.to_str().ok())
            .ok_or("core sends no X-OPENTOK-AUTH header")?;
        let creds = credentials();
        let project = creds.project().ok_or("no project credentials")?;
        opentok_core::rest_auth::verify_rest_auth(token, project, now(), Duration::ZERO)
            .map_err(|e| format!("core's X-OPENTOK-AUTH does not verify: {e}"))?;
    }
    let mut report = Report {
        operation: info.name,
        differences: diffs.iter().map(Diff::describe).collect(),
    };
    compare_body(rec, &req, diffs)?;
    let ua = req
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !ua.starts_with("OpenTok-Rust-SDK/") {
        return Err(format!("user agent {ua:?}"));
    }
    let mut builder = Response::builder().status(rec.status);
    if let Some(ct) = rec.response_headers.get("content-type") {
        builder = builder.header("content-type", ct.as_str());
    }
    let response = builder
        .body(rec.response_body.as_bytes().to_vec())
        .map_err(|e| format!("response: {e}"))?;
    report.differences.dedup();
    Ok((op.parse(&response), report))
}

/// Whether `path` fits the template (`{name}` matches one non-empty segment).
fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

fn compare_body(rec: &Recorded, req: &http::Request<Vec<u8>>, diffs: &[Diff]) -> Result<(), String> {
    let ours = std::str::from_utf8(req.body()).map_err(|_| "core's body is not UTF-8".to_owned())?;
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let recorded = rec.request_body.trim();
    if recorded.is_empty() {
        return if ours.is_empty() {
            Ok(())
        } else {
            Err(format!("recorded an empty body, core sends {ours:?}"))
        };
    }
    if content_type.starts_with("application/json") {
        let mut expected: Value =
            serde_json::from_str(recorded).map_err(|e| format!("recorded JSON body: {e}"))?;
        for d in diffs {
            d.apply_json(&mut expected)?;
        }
        let actual: Value = serde_json::from_str(ours).map_err(|e| format!("core's JSON body: {e}"))?;
        if actual != expected {
            return Err(format!(
                "JSON body differs\n      core:     {actual}\n      expected: {expected}\n      recorded: {recorded}"
            ));
        }
        let rec_ct = rec.request_headers.get("content-type").map(String::as_str);
        if rec_ct.is_some_and(|c| !c.starts_with("application/json")) {
            return Err(format!("content type: core JSON vs recorded {rec_ct:?}"));
        }
        Ok(())
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let mut a = decode_form(ours)?;
        let mut b = decode_form(recorded)?;
        a.sort();
        b.sort();
        if a != b {
            return Err(format!(
                "form body differs\n      core:     {a:?}\n      recorded: {b:?}"
            ));
        }
        Ok(())
    } else {
        Err(format!(
            "recorded body {recorded:?}, core sends {ours:?} with content type {content_type:?}"
        ))
    }
}

/// The recorded reply body as JSON, to check parsed values against the recording itself.
pub(crate) fn reply_json(rec: &Recorded) -> Result<Value, String> {
    serde_json::from_str(&rec.response_body).map_err(|e| format!("{}: reply is not JSON: {e}", rec.file))
}

/// The text of the first `<name>` element of the recorded reply (a plain string search, so it
/// does not share code with core's XML reading).
pub(crate) fn reply_xml_text(rec: &Recorded, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = rec.response_body.find(&open)? + open.len();
    let len = rec.response_body[start..].find(&close)?;
    Some(rec.response_body[start..start + len].to_owned())
}

/// `Err(message)` unless `cond`.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// `Err` unless `a == b`, naming the expression.
#[macro_export]
macro_rules! ensure_eq {
    ($a:expr, $b:expr) => {{
        let (a, b) = (&$a, &$b);
        if a != b {
            return Err(format!("{} = {:?}, expected {:?}", stringify!($a), a, b));
        }
    }};
}
