//! Building responses: JSON bodies, the service's error bodies, XML and empty replies.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use http_body_util::Full;
use serde_json::{Value, json};

/// A response as the emulator sends it.
pub(crate) type HttpResp = Response<Full<Bytes>>;

/// Every reply handlers build, boxed so `Result<Resp, Resp>` stays small.
pub(crate) type Resp = Box<HttpResp>;

/// A handler's outcome: a reply either way, errors already rendered.
pub(crate) type HResult = Result<Resp, Resp>;

fn with_type(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Resp {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    Box::new(r)
}

/// A JSON reply with exactly `Content-Type: application/json` (the Python SDK compares it).
pub(crate) fn json(status: StatusCode, value: &Value) -> Resp {
    let body = serde_json::to_vec(value).unwrap_or_default();
    with_type(status, "application/json", body)
}

/// `200` with a JSON body already written (kept bytes are shared, not copied).
pub(crate) fn ok_bytes(body: impl Into<Bytes>) -> Resp {
    with_type(StatusCode::OK, "application/json", body)
}

/// `200` with a JSON body.
pub(crate) fn ok(value: &Value) -> Resp {
    json(StatusCode::OK, value)
}

/// An XML reply.
pub(crate) fn xml(status: StatusCode, body: String) -> Resp {
    with_type(status, "text/xml; charset=utf-8", body.into_bytes())
}

/// A plain-text reply.
pub(crate) fn text(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Resp {
    with_type(status, content_type, body)
}

/// A reply without a body.
pub(crate) fn empty(status: StatusCode) -> Resp {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    Box::new(r)
}

/// The service's JSON error body `{code, message, description}`.
pub(crate) fn error(status: StatusCode, code: i64, message: &str) -> Resp {
    json(
        status,
        &json!({"code": code, "message": message, "description": message}),
    )
}

/// `400` with the HTTP status as the code.
pub(crate) fn bad_request(message: &str) -> Resp {
    error(StatusCode::BAD_REQUEST, 400, message)
}

/// `404` with the HTTP status as the code.
pub(crate) fn not_found(message: &str) -> Resp {
    error(StatusCode::NOT_FOUND, 404, message)
}

/// `409` with the service's code.
pub(crate) fn conflict(code: i64, message: &str) -> Resp {
    error(StatusCode::CONFLICT, code, message)
}

/// `403` with code -1 (the auth errors' code).
pub(crate) fn forbidden(message: &str) -> Resp {
    error(StatusCode::FORBIDDEN, -1, message)
}

/// `405` naming the methods the path accepts.
pub(crate) fn method_not_allowed(allow: HeaderValue) -> Resp {
    let mut r = error(StatusCode::METHOD_NOT_ALLOWED, 405, "Method not allowed");
    r.headers_mut().insert(header::ALLOW, allow);
    r
}

/// `408` for a body that did not arrive in time; the connection is closed after it.
pub(crate) fn body_timeout(message: &str) -> Resp {
    let mut r = error(StatusCode::REQUEST_TIMEOUT, 408, message);
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// `413` for an oversized body or signal.
pub(crate) fn too_large(message: &str) -> Resp {
    error(StatusCode::PAYLOAD_TOO_LARGE, 413, message)
}

/// Escapes text for XML content and attributes.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// The XML `<errorPayload>` the service sends when the client did not ask for JSON, made
/// from a JSON error reply; other replies pass through.
pub(crate) fn xml_error_variant(resp: Resp) -> Resp {
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/json");
    if resp.status().as_u16() < 400 || !is_json {
        return resp;
    }
    let status = resp.status();
    let extra = resp.headers().get(header::ALLOW).cloned();
    let bytes = full_bytes(resp.into_body());
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let text = |k: &str| xml_escape(v.get(k).and_then(Value::as_str).unwrap_or(""));
    let code = v.get("code").and_then(Value::as_i64).unwrap_or(-1);
    let mut r = xml(
        status,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><errorPayload><code>{code}</code><message>{}</message><description>{}</description></errorPayload>",
            text("message"),
            text("description")
        ),
    );
    if let Some(allow) = extra {
        r.headers_mut().insert(header::ALLOW, allow);
    }
    r
}

/// The bytes of a `Full` body, which is ready at once: polled once, without a runtime.
fn full_bytes(body: Full<Bytes>) -> Bytes {
    use std::future::Future as _;
    use std::task::{Context, Poll, Waker};
    let mut fut = std::pin::pin!(http_body_util::BodyExt::collect(body));
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(c)) => c.to_bytes(),
        _ => Bytes::new(),
    }
}
