//! Paged lists: `?offset&count[&sessionId]`, newest first, with the total in `count`.

use serde_json::{Value, json};

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

/// `{count: total, items: page}` from items already in order (newest first); only the
/// page's items are rendered.
pub(crate) fn paged<T>(
    items: impl Iterator<Item = T>,
    offset: usize,
    count: usize,
    render: impl Fn(T) -> Value,
) -> Value {
    let mut total = 0;
    let mut page = Vec::with_capacity(count.min(64));
    for item in items {
        if total >= offset && page.len() < count {
            page.push(render(item));
        }
        total += 1;
    }
    json!({"count": total, "items": page})
}
