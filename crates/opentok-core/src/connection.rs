//! Connections: list and force disconnect; the connection model.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::error::{ResponseError, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, id_op, parse_empty, parse_json, without_body,
};
use crate::serde_util::{opt, string_enum};
use crate::transport::HttpRequest;

string_enum! {
    /// Where a client's connection to a session stands.
    pub enum ConnectionState {
        /// The client is connecting.
        Connecting => "Connecting",
        /// The client is connected.
        Connected => "Connected",
        /// The client has disconnected.
        Disconnected => "Disconnected",
    }
}

/// A client's connection to a session, as listed by [`ListConnections`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Connection {
    /// The connection id.
    pub connection_id: String,
    /// Where the connection stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_state: Option<ConnectionState>,
    /// When the client connected (milliseconds on the wire, as a number or a string).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
}

impl Connection {
    /// A connection from its parts (for emulators and tests).
    pub fn new(
        connection_id: impl Into<String>,
        connection_state: Option<ConnectionState>,
        created_at: Option<SystemTime>,
    ) -> Self {
        Self {
            connection_id: connection_id.into(),
            connection_state,
            created_at,
        }
    }
}

/// The connections of a session: the reply of [`ListConnections`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConnectionList {
    /// How many connections the session has.
    #[serde(default, deserialize_with = "crate::serde_util::lenient_u64")]
    pub count: u64,
    /// The project (API key), when the reply names it as `projectId` (a string or a number).
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The Vonage application, when the reply names the project as `applicationId`.
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The connections.
    #[serde(default, deserialize_with = "crate::serde_util::null_as_empty")]
    pub items: Vec<Connection>,
}

impl ConnectionList {
    /// A list from its parts (for emulators and tests); `count` is the number of items.
    pub fn new(project_id: impl Into<String>, session_id: impl Into<String>, items: Vec<Connection>) -> Self {
        Self {
            count: items.len() as u64,
            project_id: Some(project_id.into()),
            application_id: None,
            session_id: Some(session_id.into()),
            items,
        }
    }
}

id_op! {
    /// Lists the clients connected to a session:
    /// `GET /v2/project/{apiKey}/session/{sessionId}/connection`.
    ListConnections { session_id: "sessionId" }, ConnectionList, parse_json;
    const INFO: OperationInfo = OperationInfo {
        name: "list_connections",
        method: "GET",
        path: "/v2/project/{apiKey}/session/{sessionId}/connection",
        summary: "List the clients connected to a session",
    };
}

/// Disconnects a client from a session:
/// `DELETE /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceDisconnect {
    session_id: String,
    connection_id: String,
}

impl ForceDisconnect {
    /// Disconnects `connection_id` from `session_id`.
    pub fn new(session_id: impl Into<String>, connection_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            connection_id: connection_id.into(),
        }
    }
}

impl Operation for ForceDisconnect {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "force_disconnect",
        method: "DELETE",
        path: "/v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}",
        summary: "Disconnect a client from a session",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let ids = [
            ("sessionId", self.session_id.as_str()),
            ("connectionId", &self.connection_id),
        ];
        without_body(ctx.request_for(&Self::INFO, &ids, &[])?)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Helpers shared by the resource modules' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use std::time::Duration;

    use crate::credentials::Credentials;
    use crate::error::ValidationError;
    use crate::nonce::SeededNonce;
    use crate::operation::{ApiUrl, Operation, RequestContext};
    use crate::transport::HttpRequest;

    /// The time test requests are built at.
    pub(crate) const NOW_SECS: u64 = 1_700_000_000;

    /// Builds `op` for project `123456` (secret `secret`) against `https://api.opentok.com`.
    pub(crate) fn build<O: Operation>(op: &O) -> Result<HttpRequest, ValidationError> {
        let creds = Credentials::new("123456", "secret").expect("valid credentials");
        let url = ApiUrl::new("https://api.opentok.com").expect("valid url");
        let nonce = SeededNonce::new(7);
        let ctx = RequestContext::new(&creds, &url, crate::clock::from_unix_secs(NOW_SECS), &nonce);
        op.build(&ctx)
    }

    /// Builds `op`, expecting success, and checks the parts every REST call shares: the REST
    /// auth header verifies with the test secret and is marked sensitive, and the method
    /// matches the operation's table row.
    pub(crate) fn build_ok<O: Operation>(op: &O) -> HttpRequest {
        let req = build(op).expect("builds");
        assert_eq!(req.method().as_str(), O::INFO.method);
        let auth = &req.headers()["x-opentok-auth"];
        assert!(auth.is_sensitive());
        let creds = Credentials::new("123456", "secret").expect("valid credentials");
        let claims = crate::auth::verify::verify_rest_auth(
            auth.to_str().expect("ascii"),
            creds.project().expect("project credentials"),
            crate::clock::from_unix_secs(NOW_SECS),
            Duration::from_secs(10),
        )
        .expect("auth header verifies");
        assert_eq!(claims.iss, "123456");
        assert_eq!(req.headers()["accept"], "application/json");
        req
    }

    /// The request's body as a JSON value, after checking its content type.
    pub(crate) fn json_body(req: &HttpRequest) -> serde_json::Value {
        assert_eq!(req.headers()["content-type"], "application/json");
        serde_json::from_slice(req.body()).expect("JSON body")
    }

    /// Checks a request has no body and no content type.
    pub(crate) fn assert_no_body(req: &HttpRequest) {
        assert!(req.body().is_empty());
        assert!(req.headers().get("content-type").is_none());
    }

    /// A response with `status` and `body`.
    pub(crate) fn reply(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .expect("valid response")
    }

    /// The validation error building `op` fails with.
    pub(crate) fn invalid<O: Operation>(op: &O) -> ValidationError {
        match build(op) {
            Ok(req) => panic!("expected a validation error, built {req:?}"),
            Err(e) => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::clock::from_unix_millis;
    use crate::error::{ApiErrorKind, Rule};

    #[test]
    fn list_connections_builds() {
        let req = build_ok(&ListConnections::new("1_MX4xMjM0NTZ-fg"));
        assert_eq!(
            req.uri(),
            "https://api.opentok.com/v2/project/123456/session/1_MX4xMjM0NTZ-fg/connection"
        );
        assert_no_body(&req);
    }

    #[test]
    fn list_connections_parses_string_and_number_times() {
        // PHP fixture shape: projectId, createdAt as a string.
        let body = r#"{"count":3,"projectId":"123456","sessionId":"SESSIONID","items":[
            {"connectionId":"b3ab5d6c","connectionState":"Connected","createdAt":"1384221730000"},
            {"connectionId":"c4bc6e7d","connectionState":"Connecting","createdAt":1384221730555},
            {"connectionId":"d5cd7f8e","connectionState":"Reconnecting","createdAt":null,"extra":true}]}"#;
        let list = ListConnections::new("SESSIONID")
            .parse(&reply(200, body))
            .expect("parses");
        assert_eq!(list.count, 3);
        assert_eq!(list.project_id.as_deref(), Some("123456"));
        assert_eq!(list.session_id.as_deref(), Some("SESSIONID"));
        assert_eq!(list.items.len(), 3);
        assert_eq!(list.items[0].connection_state, Some(ConnectionState::Connected));
        assert_eq!(
            list.items[0].created_at,
            Some(from_unix_millis(1_384_221_730_000))
        );
        assert_eq!(list.items[1].connection_state, Some(ConnectionState::Connecting));
        assert_eq!(
            list.items[1].created_at,
            Some(from_unix_millis(1_384_221_730_555))
        );
        assert_eq!(
            list.items[2].connection_state,
            Some(ConnectionState::Other("Reconnecting".into()))
        );
        assert_eq!(list.items[2].created_at, None);

        // .NET fixture shape: applicationId, numeric count as a string.
        let body = r#"{"count":"1","applicationId":"app-uuid","sessionId":"S","items":[
            {"connectionId":"x","connectionState":"Connected","createdAt":1384221730000}]}"#;
        let list = ListConnections::new("S")
            .parse(&reply(200, body))
            .expect("parses");
        assert_eq!(list.count, 1);
        assert_eq!(list.project_id, None);
        assert_eq!(list.application_id.as_deref(), Some("app-uuid"));
    }

    #[test]
    fn connection_list_round_trips_through_json() {
        let list = ConnectionList::new(
            "123456",
            "S",
            vec![Connection::new(
                "c1",
                Some(ConnectionState::Connected),
                Some(from_unix_millis(1_700_000_000_123)),
            )],
        );
        let v = serde_json::to_value(&list).expect("serializes");
        assert_eq!(v["items"][0]["createdAt"], 1_700_000_000_123u64);
        assert_eq!(v["items"][0]["connectionState"], "Connected");
        let back: ConnectionList = serde_json::from_value(v).expect("parses");
        assert_eq!(back, list);
    }

    #[test]
    fn list_connections_errors() {
        let e = ListConnections::new("S")
            .parse(&reply(404, r#"{"code":404,"message":"Session not found"}"#))
            .expect_err("404");
        let api = e.api().expect("api error");
        assert_eq!(api.kind, ApiErrorKind::NotFound);
        assert_eq!(api.message.as_deref(), Some("Session not found"));
        assert!(matches!(
            ListConnections::new("S").parse(&reply(200, "not json")),
            Err(ResponseError::Decode(_))
        ));
    }

    #[test]
    fn force_disconnect_builds_and_parses() {
        // Ruby cassette OpenTok_Connections/forces_a_connection_to_be_terminated.
        let op = ForceDisconnect::new("SESSIONID", "CONNID");
        let req = build_ok(&op);
        assert_eq!(
            req.uri(),
            "https://api.opentok.com/v2/project/123456/session/SESSIONID/connection/CONNID"
        );
        assert_no_body(&req);
        // The cassette's 204 carries an irrelevant error body: still success.
        op.parse(&reply(
            204,
            r#"{"code":-1,"message":"Issuer not found","description":"Issuer not found"}"#,
        ))
        .expect("204 is success");
        let e = op.parse(&reply(404, "")).expect_err("404");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
        let e = op
            .parse(&reply(403, r#"{"code":-1,"message":"Invalid token"}"#))
            .expect_err("403");
        assert_eq!(e.api().expect("api").kind, ApiErrorKind::Unauthorized);
    }

    #[test]
    fn ids_are_validated() {
        let e = invalid(&ListConnections::new(""));
        assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
        let e = invalid(&ForceDisconnect::new("S", ""));
        assert_eq!((e.field.as_ref(), e.rule), ("connectionId", Rule::Required));
        let e = invalid(&ForceDisconnect::new("S", "a\nb"));
        assert_eq!(e.field, "connectionId");
        assert!(matches!(e.rule, Rule::Charset(_)));
        let e = invalid(&ForceDisconnect::new("x".repeat(256), "c"));
        assert_eq!(e.field, "sessionId");
        assert!(matches!(e.rule, Rule::TooLong { max: 255, .. }));
    }
}
