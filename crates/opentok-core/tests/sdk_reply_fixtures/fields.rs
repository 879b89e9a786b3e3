//! Reading the index's field paths (`items[0].streams.len`, `rtmp{foo}.serverUrl`,
//! `[1].createdAt`, `broadcastUrls`) out of a parsed output written back as JSON.

use serde_json::Value;

/// One step of a path.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    /// An object's key.
    Key(&'a str),
    /// An array's element.
    Index(usize),
    /// The element of a list (or object) with this id.
    Id(&'a str),
    /// How many elements (`.len`).
    Len,
}

fn steps(path: &str) -> Result<Vec<Step<'_>>, String> {
    let mut out = Vec::new();
    for part in path.split('.') {
        if part == "len" {
            out.push(Step::Len);
            continue;
        }
        let name_end = part.find(['[', '{']).unwrap_or(part.len());
        if name_end > 0 {
            out.push(Step::Key(&part[..name_end]));
        }
        let mut rest = &part[name_end..];
        while !rest.is_empty() {
            let (close, inner) = match rest.as_bytes()[0] {
                b'[' => (']', true),
                b'{' => ('}', false),
                _ => return Err(format!("path {path}: unexpected {rest}")),
            };
            let end = rest
                .find(close)
                .ok_or_else(|| format!("path {path}: unclosed {rest}"))?;
            let text = &rest[1..end];
            out.push(if inner {
                Step::Index(
                    text.parse()
                        .map_err(|_| format!("path {path}: bad index {text}"))?,
                )
            } else {
                Step::Id(text)
            });
            rest = &rest[end + 1..];
        }
    }
    Ok(out)
}

/// The value at `path` in `ours`, `Null` where the output has nothing there.
///
/// Three readings bridge the index's naming and core's models: `rtmp` on a broadcast is core's
/// `broadcastUrls.rtmp` (a list whose entries carry the id the service keyed them by); a path
/// ending at `broadcastUrls` asks whether the broadcast has any (`true` / `false`); and the
/// index's `captionsId` is the captions status's `captionId` (the wire name core writes back,
/// reading either).
pub(crate) fn read(ours: &Value, path: &str) -> Result<Value, String> {
    let steps = steps(path)?;
    let mut cur = Some(ours);
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        cur = match (step, cur) {
            (Step::Key("broadcastUrls"), Some(v)) if last => {
                return Ok(Value::Bool(v.get("broadcastUrls").is_some_and(|u| !u.is_null())));
            }
            (Step::Key("rtmp"), Some(v)) if v.get("rtmp").is_none() => {
                v.get("broadcastUrls").and_then(|u| u.get("rtmp"))
            }
            (Step::Key("captionsId"), Some(v)) if v.get("captionsId").is_none() => v.get("captionId"),
            (Step::Key(k), Some(v)) => v.get(*k),
            (Step::Index(n), Some(v)) => v.get(*n),
            (Step::Id(id), Some(Value::Array(items))) => items
                .iter()
                .find(|e| e.get("id").and_then(Value::as_str) == Some(*id)),
            (Step::Id(id), Some(v)) => v.get(*id),
            (Step::Len, v) => {
                let n = match v {
                    Some(Value::Array(a)) => a.len(),
                    Some(Value::Object(o)) => o.len(),
                    None | Some(Value::Null) => 0,
                    Some(other) => return Err(format!("{path}: len of {other}")),
                };
                return Ok(Value::from(n));
            }
            (_, None) => None,
        };
    }
    Ok(cur.cloned().unwrap_or(Value::Null))
}

/// Whether a value core read is the one the index expects (numbers by value, so `25` and
/// `25.0` agree).
pub(crate) fn same(expected: &Value, ours: &Value) -> bool {
    match (expected, ours) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        _ => expected == ours,
    }
}

#[test]
fn paths_read_as_the_index_means_them() {
    let broadcast = serde_json::json!({
        "id": "b", "count": 2,
        "items": [{"streams": [{"streamId": "s1"}]}, {}],
        "broadcastUrls": {"rtmp": [{"id": "foo", "serverUrl": "rtmp://a"}]},
    });
    let r = |p: &str| read(&broadcast, p).expect("reads");
    assert_eq!(r("id"), "b");
    assert_eq!(r("items.len"), 2);
    assert_eq!(r("items[0].streams[0].streamId"), "s1");
    assert_eq!(r("items[0].streams.len"), 1);
    assert_eq!(r("items[1].streams.len"), 0);
    assert_eq!(r("items[5].streams"), Value::Null);
    assert_eq!(r("rtmp.len"), 1);
    assert_eq!(r("rtmp{foo}.serverUrl"), "rtmp://a");
    assert_eq!(r("rtmp{bar}.serverUrl"), Value::Null);
    assert_eq!(r("broadcastUrls"), true);
    let captions = serde_json::json!({"captionId": "c"});
    assert_eq!(read(&captions, "captionsId").expect("reads"), "c");
    assert_eq!(
        read(&serde_json::json!({"broadcastUrls": null}), "broadcastUrls").expect("reads"),
        false
    );
    let list = serde_json::json!([{"id": "x"}, {"id": "y"}]);
    assert_eq!(read(&list, "len").expect("reads"), 2);
    assert_eq!(read(&list, "[1].id").expect("reads"), "y");
    assert!(read(&list, "[x]").is_err());
    assert!(same(&serde_json::json!(25), &serde_json::json!(25.0)));
    assert!(!same(&serde_json::json!("25"), &serde_json::json!(25)));
}
