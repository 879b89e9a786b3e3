//! Reading requests: percent-decoding, forms and queries, and lenient JSON field getters
//! (official SDKs send `"true"` strings, numbers as strings and explicit nulls).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use crate::reply::{Resp, bad_request};

/// Decodes `%XX` escapes (and `+` as space when `plus` is set) with the `percent-encoding`
/// crate, borrowing when there is nothing to decode; `None` for invalid UTF-8 or a broken
/// escape (a `%` without two hex digits, which the crate would keep as text).
pub(crate) fn percent_decode(s: &str, plus: bool) -> Option<Cow<'_, str>> {
    let b = s.as_bytes();
    let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
    let broken = b
        .iter()
        .enumerate()
        .any(|(i, &c)| c == b'%' && !(hex(i + 1) && hex(i + 2)));
    if broken {
        return None;
    }
    if plus && s.contains('+') {
        let spaced = s.replace('+', " ");
        let decoded = percent_decode_str(&spaced).decode_utf8().ok()?;
        return Some(Cow::Owned(decoded.into_owned()));
    }
    percent_decode_str(s).decode_utf8().ok()
}

/// Parses `a=b&c=d` (forms and queries); `None` when an escape is broken.
pub(crate) fn parse_form(s: &str) -> Option<Vec<(String, String)>> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((
                percent_decode(k, true)?.into_owned(),
                percent_decode(v, true)?.into_owned(),
            ))
        })
        .collect()
}

/// The first value of `key` in a parsed form.
pub(crate) fn form_get<'a>(form: &'a [(String, String)], key: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The body as a JSON object, or the service's 400.
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, Resp> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(bad_request("The request body must be a JSON object")),
        Err(_) => Err(bad_request("Invalid JSON in the request body")),
    }
}

/// A string field; null and absent are `None`; other types are a 400.
pub(crate) fn opt_str<'a>(m: &'a Map<String, Value>, k: &str) -> Result<Option<&'a str>, Resp> {
    match m.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(bad_request(&format!("{k} must be a string"))),
    }
}

/// A required, non-empty string field.
pub(crate) fn req_str<'a>(m: &'a Map<String, Value>, k: &str) -> Result<&'a str, Resp> {
    match opt_str(m, k)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(bad_request(&format!("{k} is required"))),
    }
}

/// A boolean field; accepts `true`/`false` and the strings `"true"`/`"false"`.
pub(crate) fn opt_bool(m: &Map<String, Value>, k: &str) -> Result<Option<bool>, Resp> {
    match m.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(bad_request(&format!("{k} must be a boolean"))),
    }
}

/// A non-negative integer field; accepts numbers and numeric strings.
pub(crate) fn opt_u64(m: &Map<String, Value>, k: &str) -> Result<Option<u64>, Resp> {
    let bad = || bad_request(&format!("{k} must be a non-negative integer"));
    match m.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// An integer field that must lie in `lo..=hi` when present.
pub(crate) fn opt_range(m: &Map<String, Value>, k: &str, lo: u64, hi: u64) -> Result<Option<u64>, Resp> {
    match opt_u64(m, k)? {
        Some(v) if v < lo || v > hi => Err(bad_request(&format!("{k} must be between {lo} and {hi}"))),
        v => Ok(v),
    }
}

/// A list of strings; null and absent are empty.
pub(crate) fn str_list(m: &Map<String, Value>, k: &str) -> Result<Vec<String>, Resp> {
    match m.get(k) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(bad_request(&format!("{k} must be a list of strings"))),
            })
            .collect(),
        Some(_) => Err(bad_request(&format!("{k} must be a list of strings"))),
    }
}

/// A nested object; null and absent are `None`.
pub(crate) fn opt_obj<'a>(
    m: &'a Map<String, Value>,
    k: &str,
) -> Result<Option<&'a Map<String, Value>>, Resp> {
    match m.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(bad_request(&format!("{k} must be an object"))),
    }
}

/// The six resolutions the service composes at.
pub(crate) const RESOLUTIONS: [&str; 6] = [
    "640x480",
    "480x640",
    "1280x720",
    "720x1280",
    "1920x1080",
    "1080x1920",
];

/// A resolution field, checked against [`RESOLUTIONS`].
pub(crate) fn opt_resolution<'a>(m: &'a Map<String, Value>, k: &str) -> Result<Option<&'a str>, Resp> {
    match opt_str(m, k)? {
        Some(r) if !RESOLUTIONS.contains(&r) => Err(bad_request(&format!(
            "{k} must be one of {}",
            RESOLUTIONS.join(", ")
        ))),
        r => Ok(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_forms_and_rejects_broken_escapes() {
        let f = parse_form("a=1+2&b=%41%2b&c").expect("parses");
        assert_eq!(form_get(&f, "a"), Some("1 2"));
        assert_eq!(form_get(&f, "b"), Some("A+"));
        assert_eq!(form_get(&f, "c"), Some(""));
        assert!(parse_form("a=%4").is_none());
        assert!(parse_form("a=%ff").is_none());
        assert_eq!(percent_decode("a+b", false).as_deref(), Some("a+b"));
    }

    #[test]
    fn lenient_getters() {
        let v = json!({"t": "true", "f": false, "n": "12", "m": 7, "x": null, "bad": [1]});
        let m = v.as_object().expect("object");
        assert_eq!(opt_bool(m, "t").ok(), Some(Some(true)));
        assert_eq!(opt_bool(m, "f").ok(), Some(Some(false)));
        assert_eq!(opt_bool(m, "x").ok(), Some(None));
        assert!(opt_bool(m, "bad").is_err());
        assert_eq!(opt_u64(m, "n").ok(), Some(Some(12)));
        assert_eq!(opt_u64(m, "m").ok(), Some(Some(7)));
        assert!(opt_range(m, "m", 10, 20).is_err());
        assert!(json_object(b"[1]").is_err());
        assert!(json_object(b"{").is_err());
        assert!(json_object(b"").is_ok());
    }
}
