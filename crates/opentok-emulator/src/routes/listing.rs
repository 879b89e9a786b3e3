//! Paged lists: `?offset&count[&sessionId]`, newest first, with the total in `count`.

use bytes::Bytes;
use serde_json::Value;

use crate::reply::{Resp, bad_request};
use crate::router::Req;

/// Offset and page size from the query (`count` defaults to 50, at most 1000).
pub(crate) fn page(req: &Req) -> Result<(usize, usize), Resp> {
    let num = |k: &str, default: usize| -> Result<usize, Resp> {
        match req.query(k) {
            None | Some("") => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| bad_request(&format!("{k} must be a non-negative integer"))),
        }
    };
    let offset = num("offset", 0)?;
    let count = num("count", 50)?;
    if count > 1000 {
        return Err(bad_request("count must be at most 1000"));
    }
    Ok((offset, count))
}

/// `{"count": total, "items": page}` as JSON text, from items already in order (newest
/// first); only the page's items are written.
pub(crate) fn paged<T>(
    items: impl Iterator<Item = T>,
    offset: usize,
    count: usize,
    mut write: impl FnMut(T, &mut Vec<u8>),
) -> Vec<u8> {
    let mut total = 0usize;
    let mut page = Vec::new();
    for item in items {
        if total >= offset && total - offset < count {
            if total > offset {
                page.push(b',');
            }
            write(item, &mut page);
        }
        total += 1;
    }
    let mut out = format!("{{\"count\":{total},\"items\":[").into_bytes();
    out.extend_from_slice(&page);
    out.extend_from_slice(b"]}");
    out
}

/// `{"count": total, "items": page}` as JSON text, from the page's items already written as
/// JSON.
pub(crate) fn written_page(total: usize, page: &[Bytes]) -> Vec<u8> {
    let len = page.iter().map(|b| b.len() + 1).sum::<usize>();
    let mut out = Vec::with_capacity(len + 32);
    out.extend_from_slice(format!("{{\"count\":{total},\"items\":[").as_bytes());
    for (n, item) in page.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
    }
    out.extend_from_slice(b"]}");
    out
}

/// Writes `value` as JSON.
pub(crate) fn write_value(value: &Value, out: &mut Vec<u8>) {
    // Writing a `Value` to memory cannot fail; `null` keeps the page valid regardless.
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.extend_from_slice(b"null");
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_page_is_its_slice_of_the_items_and_the_total() {
        let render = |n: u32, out: &mut Vec<u8>| out.extend_from_slice(n.to_string().as_bytes());
        let page = super::paged(1..=5, 1, 2, render);
        let v: serde_json::Value = serde_json::from_slice(&page).expect("json");
        assert_eq!(v, json!({"count": 5, "items": [2, 3]}));
        let past = super::paged(1..=5, 9, 2, render);
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&past).expect("json"),
            json!({"count": 5, "items": []})
        );
    }

    #[test]
    fn a_written_page_joins_its_items_under_the_total() {
        let items = [
            bytes::Bytes::from_static(b"{\"a\":1}"),
            bytes::Bytes::from_static(b"[2]"),
        ];
        let page = super::written_page(7, &items);
        let v: serde_json::Value = serde_json::from_slice(&page).expect("json");
        assert_eq!(v, json!({"count": 7, "items": [{"a": 1}, [2]]}));
        let empty = super::written_page(0, &[]);
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&empty).expect("json"),
            json!({"count": 0, "items": []})
        );
    }
}
