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

use http::Response;
use opentok_core::BodyFormat;
use opentok_core::{
    ApiError, DecodeError, HttpRequest, Operation, OperationInfo, RequestContext, ResponseError,
    ValidationError, with_json,
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
        let request = ctx.request_for(&Self::INFO, &[("sessionId", &self.session_id)], &[])?;
        with_json(request, &json!({ "token": self.token }))
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
        let ids = [
            ("sessionId", self.session_id.as_str()),
            ("connectionId", &self.connection_id),
        ];
        let request = ctx.request_for(&Self::INFO, &ids, &[])?;
        with_json(
            request,
            &json!({ "videoType": self.video_type, "name": self.name }),
        )
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<String, ResponseError> {
        string_field(response, "streamId")
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
    fn ids_fill_the_path_checked_and_one_that_would_change_it_is_refused() {
        let creds = opentok_core::Credentials::new("123456", "0123456789abcdef0123456789abcdef01234567")
            .expect("credentials");
        let url = opentok_core::ApiUrl::new("http://127.0.0.1:4010").expect("url");
        let nonce = opentok_core::nonce::SeededNonce::new(1);
        let ctx = RequestContext::new(
            &creds,
            &url,
            opentok_core::clock::from_unix_secs(1_700_000_000),
            &nonce,
        );
        let request = Publish::new("1_MX4x~-.a", "c1").build(&ctx).expect("request");
        assert_eq!(
            request.uri(),
            "http://127.0.0.1:4010/_emulator/v1/sessions/1_MX4x~-.a/connections/c1/streams"
        );
        let refused = Join::new("1_MX4x/../x", "T1==").build(&ctx).expect_err("refused");
        assert_eq!(refused.field, "sessionId");
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
