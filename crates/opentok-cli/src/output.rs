//! Output: aligned tables for people, one JSON document for scripts.

use std::io::Write as _;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::CliError;

/// Where results go, and in which shape.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Out {
    /// One JSON document instead of a table.
    pub(crate) json: bool,
}

/// A list column: its header and the dotted path of the field it shows.
pub(crate) type Column = (&'static str, &'static str);

fn to_value<T: Serialize>(v: &T) -> Result<Value, CliError> {
    serde_json::to_value(v).map_err(|e| CliError::service("cannot render the result").with_source(e))
}

/// `v` with its top-level field names in camelCase (`session_id` → `sessionId`): the CLI's
/// documents name fields as the REST API's JSON mostly does, and this re-keys the models that
/// keep a reply's snake_case (a created session).
pub(crate) fn camel_case<T: Serialize>(v: &T) -> Result<Value, CliError> {
    Ok(match to_value(v)? {
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, x)| (camel(&k), x)).collect()),
        other => other,
    })
}

/// `snake_case` → `snakeCase`.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes `text` to stdout; a closed pipe (`opentok … | head`) is not an error worth
/// reporting.
pub(crate) fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

impl Out {
    /// Prints one object: JSON as is, or a two-column `field  value` table.
    pub(crate) fn object<T: Serialize>(&self, v: &T) -> Result<(), CliError> {
        let value = to_value(v)?;
        if self.json {
            emit(&json_text(&value));
        } else {
            let mut rows = Vec::new();
            flatten("", &value, &mut rows);
            emit(&key_value_table(&rows));
        }
        Ok(())
    }

    /// Prints a list: JSON `{"count": n, "items": [...]}`, or a table of `columns`.
    pub(crate) fn list<T: Serialize>(&self, items: &[T], columns: &[Column]) -> Result<(), CliError> {
        let values = items.iter().map(to_value).collect::<Result<Vec<_>, _>>()?;
        if self.json {
            let doc = serde_json::json!({"count": values.len(), "items": values});
            emit(&json_text(&doc));
        } else {
            let mut rows: Vec<Vec<String>> = vec![columns.iter().map(|(h, _)| (*h).to_owned()).collect()];
            for v in &values {
                rows.push(
                    columns
                        .iter()
                        .map(|(_, path)| lookup(v, path).map_or_else(String::new, |x| show(path, x)))
                        .collect(),
                );
            }
            emit(&grid(&rows));
            if values.is_empty() {
                eprintln!("(none)");
            }
        }
        Ok(())
    }

    /// Reports a call with no result: a sentence for people, `{"ok": true, …fields}` for
    /// scripts.
    pub(crate) fn done(&self, sentence: &str, fields: Value) {
        if self.json {
            let mut doc = Map::new();
            doc.insert("ok".into(), Value::Bool(true));
            if let Value::Object(m) = fields {
                doc.extend(m);
            }
            emit(&json_text(&Value::Object(doc)));
        } else {
            emit(&format!("{sentence}\n"));
        }
    }

    /// Prints one value alone (a token, a session id, a URL), or `doc` as JSON.
    pub(crate) fn scalar(&self, text: &str, doc: Value) {
        if self.json {
            emit(&json_text(&doc));
        } else {
            emit(&format!("{text}\n"));
        }
    }
}

fn json_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into());
    s.push('\n');
    s
}

/// The value at a dotted path (`broadcastUrls.hls`).
fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Flattens nested objects to dotted keys; arrays of scalars are joined, arrays of objects
/// numbered.
fn flatten(prefix: &str, v: &Value, rows: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, rows);
            }
        }
        Value::Array(items) if items.iter().any(|x| x.is_object() || x.is_array()) => {
            for (i, x) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, rows);
            }
        }
        Value::Null => {}
        Value::String(s) if s.is_empty() => {}
        other => rows.push((prefix.to_owned(), show(prefix, other))),
    }
}

/// A value for a table cell; times (`…At` fields in ms or s) are shown as UTC.
fn show(key: &str, v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(|x| show("", x)).collect::<Vec<_>>().join(" "),
        Value::Number(n) => {
            let last = key.rsplit(['.', '[']).next().unwrap_or(key);
            match n.as_u64() {
                Some(t) if is_time_field(last) && t > 0 => {
                    let secs = if t > 100_000_000_000 { t / 1000 } else { t };
                    utc(secs)
                }
                _ => n.to_string(),
            }
        }
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Object(_) => v.to_string(),
    }
}

fn is_time_field(name: &str) -> bool {
    name.ends_with("At") || matches!(name, "timestamp" | "issuedAt" | "expireTime" | "created")
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS UTC`; the raw number past year 9999.
pub(crate) fn utc(secs: u64) -> String {
    let at = i64::try_from(secs)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok());
    let Some(at) = at else { return secs.to_string() };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn key_value_table(rows: &[(String, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        out.push_str(&format!("{k:width$}  {v}\n"));
    }
    out
}

fn grid(rows: &[Vec<String>]) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let w = widths.get(c).copied().unwrap_or(0);
            if c + 1 == cols {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:w$}  "));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(253_402_300_799), "9999-12-31 23:59:59 UTC");
        assert_eq!(utc(253_402_300_800), "253402300800", "year 10000 stays a number");
        assert_eq!(utc(u64::MAX), u64::MAX.to_string());
    }

    #[test]
    fn times_in_tables() {
        assert_eq!(
            show("createdAt", &serde_json::json!(1_700_000_000_000u64)),
            "2023-11-14 22:13:20 UTC"
        );
        assert_eq!(show("size", &serde_json::json!(1234)), "1234");
    }

    #[test]
    fn snake_case_names_become_camel_case() {
        let v = serde_json::json!({"session_id": "s", "create_dt": "d", "projectId": "p", "x": {"a_b": 1}});
        assert_eq!(
            camel_case(&v).expect("object"),
            serde_json::json!({"sessionId": "s", "createDt": "d", "projectId": "p", "x": {"a_b": 1}})
        );
        assert_eq!(camel("ice_credential_expiration"), "iceCredentialExpiration");
        assert_eq!(camel("_x"), "_x");
    }

    #[test]
    fn flatten_nested() {
        let v = serde_json::json!({"a": 1, "b": {"c": "x", "d": null, "z": ""}, "e": ["p", "q"], "f": [{"g": true}]});
        let mut rows = Vec::new();
        flatten("", &v, &mut rows);
        assert_eq!(
            rows,
            vec![
                ("a".to_owned(), "1".to_owned()),
                ("b.c".to_owned(), "x".to_owned()),
                ("e".to_owned(), "p q".to_owned()),
                ("f[0].g".to_owned(), "true".to_owned()),
            ]
        );
    }
}
