//! Signals: send to every client of a session or to one connection.
//!
//! The service answers 204; **413** (read as
//! [`ApiErrorKind::PayloadTooLarge`](crate::error::ApiErrorKind::PayloadTooLarge)) when `type`
//! or `data` is over its limit, which [`Signal`] and [`SignalConnection`] check before sending.

use serde::Serialize;

use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{Operation, OperationInfo, RequestContext, parse_empty, with_json};
use crate::transport::HttpRequest;

/// The largest signal `type`, in bytes.
const MAX_TYPE_BYTES: usize = 128;
/// The largest signal `data`, in bytes (8 KiB).
const MAX_DATA_BYTES: usize = 8192;

/// A signal's payload: `{"type"?, "data"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Payload {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    data: String,
}

impl Payload {
    fn check(&self) -> Result<(), ValidationError> {
        if let Some(kind) = &self.kind {
            if kind.len() > MAX_TYPE_BYTES {
                return Err(ValidationError::new(
                    "type",
                    Rule::TooLong {
                        max: MAX_TYPE_BYTES,
                        actual: kind.len(),
                        unit: "bytes",
                    },
                ));
            }
        }
        if self.data.is_empty() {
            return Err(ValidationError::new("data", Rule::Required));
        }
        if self.data.len() > MAX_DATA_BYTES {
            return Err(ValidationError::new(
                "data",
                Rule::TooLong {
                    max: MAX_DATA_BYTES,
                    actual: self.data.len(),
                    unit: "bytes",
                },
            ));
        }
        Ok(())
    }
}

/// Sends a signal to every client connected to a session:
/// `POST /v2/project/{apiKey}/session/{sessionId}/signal` with `{"type"?, "data"}`.
///
/// `data` is required (at most 8192 bytes); `type` is optional (at most 128 bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    #[serde(skip)]
    pub(crate) session_id: String,
    #[serde(flatten)]
    pub(crate) payload: Payload,
}

impl Signal {
    /// Signals `data` to every client of `session_id`.
    pub fn new(session_id: impl Into<String>, data: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            payload: Payload {
                kind: None,
                data: data.into(),
            },
        }
    }

    /// Sets the signal's type (clients filter on it), at most 128 bytes.
    pub fn signal_type(mut self, signal_type: impl Into<String>) -> Self {
        self.payload.kind = Some(signal_type.into());
        self
    }

    /// Sends the same signal to one connection instead.
    pub fn to_connection(self, connection_id: impl Into<String>) -> SignalConnection {
        SignalConnection {
            session_id: self.session_id,
            connection_id: connection_id.into(),
            payload: self.payload,
        }
    }
}

impl Operation for Signal {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "signal_session",
        method: "POST",
        path: "/v2/project/{apiKey}/session/{sessionId}/signal",
        summary: "Send a signal to every client of a session",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let request = ctx.request_for(&Self::INFO, &[("sessionId", &self.session_id)], &[])?;
        self.payload.check()?;
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Sends a signal to one client:
/// `POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/signal`.
///
/// Same rules as [`Signal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalConnection {
    #[serde(skip)]
    pub(crate) session_id: String,
    #[serde(skip)]
    pub(crate) connection_id: String,
    #[serde(flatten)]
    pub(crate) payload: Payload,
}

impl SignalConnection {
    /// Signals `data` to `connection_id` of `session_id`.
    pub fn new(
        session_id: impl Into<String>,
        connection_id: impl Into<String>,
        data: impl Into<String>,
    ) -> Self {
        Signal::new(session_id, data).to_connection(connection_id)
    }

    /// Sets the signal's type (clients filter on it), at most 128 bytes.
    pub fn signal_type(mut self, signal_type: impl Into<String>) -> Self {
        self.payload.kind = Some(signal_type.into());
        self
    }
}

impl Operation for SignalConnection {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "signal_connection",
        method: "POST",
        path: "/v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/signal",
        summary: "Send a signal to one client of a session",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let ids = [
            ("sessionId", self.session_id.as_str()),
            ("connectionId", &self.connection_id),
        ];
        let request = ctx.request_for(&Self::INFO, &ids, &[])?;
        self.payload.check()?;
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::connection::test_support::*;
    use crate::error::ApiErrorKind;

    /// The 204 body the Ruby signal cassettes recorded (an XML error payload that must be
    /// ignored).
    const CASSETTE_204: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><errorPayload><code>-1</code><message>Issuer not found</message><description>Issuer not found</description></errorPayload>"#;

    #[test]
    fn signal_session_matches_cassette() {
        // Ruby cassette OpenTok_Signals/receives_a_valid_response_for_all_connections.
        let op = Signal::new("SESSIONID", "Hello").signal_type("chat");
        let req = build_ok(&op);
        assert_eq!(
            req.uri(),
            "https://api.opentok.com/v2/project/123456/session/SESSIONID/signal"
        );
        assert_eq!(json_body(&req), json!({"type":"chat","data":"Hello"}));
        assert_eq!(req.body().as_slice(), br#"{"type":"chat","data":"Hello"}"#);
        op.parse(&reply(204, CASSETTE_204)).expect("204 is success");
        op.parse(&reply(204, "")).expect("204 is success");
    }

    #[test]
    fn signal_connection_matches_cassette() {
        // Ruby cassette OpenTok_Signals/receives_a_valid_response_for_a_connection.
        let op = SignalConnection::new("SESSIONID", "CONNID", "Hello").signal_type("chat");
        let req = build_ok(&op);
        assert_eq!(
            req.uri(),
            "https://api.opentok.com/v2/project/123456/session/SESSIONID/connection/CONNID/signal"
        );
        assert_eq!(json_body(&req), json!({"type":"chat","data":"Hello"}));
        op.parse(&reply(204, CASSETTE_204)).expect("204 is success");
        assert_eq!(
            Signal::new("SESSIONID", "Hello")
                .signal_type("chat")
                .to_connection("CONNID"),
            op
        );
    }

    #[test]
    fn type_is_optional() {
        let req = build_ok(&Signal::new("S", "x"));
        assert_eq!(json_body(&req), json!({"data":"x"}));
    }

    #[test]
    fn limits_are_inclusive() {
        let op = Signal::new("S", "d".repeat(MAX_DATA_BYTES)).signal_type("t".repeat(MAX_TYPE_BYTES));
        build_ok(&op);
    }

    #[test]
    fn type_over_128_bytes() {
        // 65 two-byte characters: 130 bytes but only 65 characters.
        let e = invalid(&Signal::new("S", "x").signal_type("é".repeat(65)));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            (
                "type",
                Rule::TooLong {
                    max: 128,
                    actual: 130,
                    unit: "bytes"
                }
            )
        );
    }

    #[test]
    fn data_over_8_kib() {
        let e = invalid(&SignalConnection::new("S", "C", "d".repeat(8193)));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            (
                "data",
                Rule::TooLong {
                    max: 8192,
                    actual: 8193,
                    unit: "bytes"
                }
            )
        );
    }

    #[test]
    fn data_is_required() {
        let e = invalid(&Signal::new("S", "").signal_type("chat"));
        assert_eq!((e.field.as_ref(), e.rule), ("data", Rule::Required));
    }

    #[test]
    fn ids_are_required() {
        let e = invalid(&Signal::new("", "x"));
        assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
        let e = invalid(&SignalConnection::new("S", "", "x"));
        assert_eq!((e.field.as_ref(), e.rule), ("connectionId", Rule::Required));
    }

    #[test]
    fn error_statuses() {
        let op = Signal::new("S", "x");
        let e = op
            .parse(&reply(
                413,
                r#"{"code":413,"message":"Signal payload too large"}"#,
            ))
            .expect_err("413");
        let api = e.api().expect("api");
        assert_eq!(api.kind, ApiErrorKind::PayloadTooLarge);
        assert_eq!(api.code, Some(413));
        let e = op
            .parse(&reply(
                404,
                r#"{"message":"Not found. No clients are actively connected to the OpenTok session."}"#,
            ))
            .expect_err("404");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
        let e = op
            .parse(&reply(
                400,
                r#"{"code":15202,"message":"Signal payload 'data' must be set"}"#,
            ))
            .expect_err("400");
        assert_eq!(e.api().expect("api").code, Some(15202));
        let e = op.parse(&reply(403, CASSETTE_204)).expect_err("403");
        let api = e.api().expect("api");
        assert_eq!(api.kind, ApiErrorKind::Unauthorized);
        assert_eq!(api.message.as_deref(), Some("Issuer not found"));
    }
}
