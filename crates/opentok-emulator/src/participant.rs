//! Simulated participants from the client side: the control API under `/_emulator/v1` as
//! ordinary [`Operation`]s, so any OpenTok client built on `opentok-core` signs and sends them
//! like the REST calls.
//!
//! ```
//! use opentok_core::Operation;
//! use opentok_emulator::participant::{Join, Publish};
//!
//! // With the facade: `let connection_id = ot.execute(&join).await?;`
//! let join = Join::new("1_MX4xMjM0NTY3OH5-", "T1==...");
//! let publish = Publish::new("1_MX4xMjM0NTY3OH5-", "connection-id").name("camera");
//! assert_eq!(Join::INFO.path, "/_emulator/v1/sessions/{sessionId}/connections");
//! # let _ = (join, publish);
//! ```

use http::{Method, Response, header};
use opentok_core::BodyFormat;
use opentok_core::{
    ApiError, DecodeError, HttpRequest, Operation, OperationInfo, RequestContext, ResponseError, Rule,
    ValidationError,
};
use serde_json::{Value, json};

/// A simulated client connects to a session with a client token (T1 or JWT); the output is
/// its connection id. A bad or expired token is refused with 403.
#[derive(Debug, Clone)]
pub struct Join {
    session_id: String,
    token: String,
}

impl Join {
    /// A client joining `session_id` with `token`.
    pub fn new(session_id: &str, token: &str) -> Self {
        Self {
            session_id: session_id.into(),
            token: token.into(),
        }
    }
}

impl Operation for Join {
    type Output = String;
    const INFO: OperationInfo = OperationInfo {
        name: "emulator_join",
        method: "POST",
        path: "/_emulator/v1/sessions/{sessionId}/connections",
        summary: "A simulated client connects with a token",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        control_request(
            ctx,
            &[&self.session_id, "connections"],
            &json!({ "token": self.token }),
        )
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<String, ResponseError> {
        string_field(response, "connectionId")
    }
}

/// A connected simulated client publishes a stream (a camera named `camera` unless set
/// otherwise); the output is the stream id. Subscribers may not publish.
#[derive(Debug, Clone)]
pub struct Publish {
    session_id: String,
    connection_id: String,
    video_type: String,
    name: String,
}

impl Publish {
    /// A camera stream published by `connection_id` in `session_id`.
    pub fn new(session_id: &str, connection_id: &str) -> Self {
        Self {
            session_id: session_id.into(),
            connection_id: connection_id.into(),
            video_type: "camera".into(),
            name: "camera".into(),
        }
    }

    /// The stream's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// A screen-share stream instead of a camera.
    pub fn screen(mut self) -> Self {
        self.video_type = "screen".into();
        self
    }
}

impl Operation for Publish {
    type Output = String;
    const INFO: OperationInfo = OperationInfo {
        name: "emulator_publish",
        method: "POST",
        path: "/_emulator/v1/sessions/{sessionId}/connections/{connectionId}/streams",
        summary: "A simulated client publishes a stream",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        control_request(
            ctx,
            &[&self.session_id, "connections", &self.connection_id, "streams"],
            &json!({ "videoType": self.video_type, "name": self.name }),
        )
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<String, ResponseError> {
        string_field(response, "streamId")
    }
}

/// `POST /_emulator/v1/sessions/{segments…}` with a JSON body and the REST auth header.
fn control_request(
    ctx: &RequestContext<'_>,
    segments: &[&str],
    body: &Value,
) -> Result<HttpRequest, ValidationError> {
    let mut path = String::from("/_emulator/v1/sessions");
    for s in segments {
        path.push('/');
        encode_segment(&mut path, s);
    }
    ctx.authed_request(Method::POST, &path, &[])
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.to_string().into_bytes())
        .map_err(|e| ValidationError::new("request", Rule::Conflict(e.to_string().into())))
}

/// Percent-encodes everything but the unreserved characters, so an id stays one segment.
fn encode_segment(out: &mut String, segment: &str) {
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// The string `name` of a successful JSON reply, or the API error of a failed one.
fn string_field<B: AsRef<[u8]>>(response: &Response<B>, name: &str) -> Result<String, ResponseError> {
    let body = response.body().as_ref();
    if !response.status().is_success() {
        return Err(ApiError::from_parts(response.status(), body).into());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| DecodeError::new(response.status(), BodyFormat::Json, e, body))?;
    value
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            DecodeError::new(response.status(), BodyFormat::Json, format!("no {name}"), body).into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded_so_an_id_cannot_change_the_path() {
        let mut p = String::new();
        encode_segment(&mut p, "1_MX4x~-.a/b?c%");
        assert_eq!(p, "1_MX4x~-.a%2Fb%3Fc%25");
    }

    #[test]
    fn a_reply_without_the_field_is_a_decode_error_and_a_403_an_api_error() {
        let ok = Response::builder()
            .status(200)
            .body(b"{\"x\":1}".to_vec())
            .expect("response");
        assert!(matches!(
            string_field(&ok, "streamId"),
            Err(ResponseError::Decode(_))
        ));
        let refused = Response::builder()
            .status(403)
            .body(b"{\"code\":403,\"message\":\"Invalid token\"}".to_vec())
            .expect("response");
        match string_field(&refused, "connectionId") {
            Err(ResponseError::Api(e)) => assert_eq!(e.status.as_u16(), 403),
            other => panic!("expected an API error, got {other:?}"),
        }
        let good = Response::builder()
            .status(200)
            .body(b"{\"connectionId\":\"c1\"}".to_vec())
            .expect("response");
        assert_eq!(string_field(&good, "connectionId").expect("field"), "c1");
    }
}
