//! SIP: dial out into a session, play DTMF; the SIP call model.

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::check::check_id;
use crate::error::{ResponseError, Rule, ValidationError};
use crate::operation::{
    Operation, OperationInfo, RequestContext, debug_with_token, parse_empty, parse_json, setters, with_json,
};
use crate::serde_util::opt;
use crate::transport::HttpRequest;

/// A SIP call into a session: the reply of [`Dial`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SipCall {
    /// The SIP call id.
    pub id: String,
    /// The connection the call joined the session with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<String>,
    /// The stream the call publishes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_id: Option<String>,
    /// The project (a string or a number on the wire).
    #[serde(default, with = "opt::string", skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// When the call was created (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<SystemTime>,
    /// When the call was last updated (milliseconds on the wire).
    #[serde(default, with = "opt::millis", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<SystemTime>,
}

impl SipCall {
    /// A call from its ids (for emulators and tests).
    pub fn new(
        id: impl Into<String>,
        connection_id: impl Into<String>,
        stream_id: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            connection_id: Some(connection_id.into()),
            stream_id: Some(stream_id.into()),
            project_id: None,
            session_id: None,
            created_at: None,
            updated_at: None,
        }
    }
}

/// Credentials the SIP endpoint asks for (digest auth). The password never appears in
/// `Debug` output.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SipAuth {
    /// The user name.
    pub(crate) username: String,
    password: String,
}

impl SipAuth {
    /// A user name and password.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The password.
    pub fn expose_password(&self) -> &str {
        &self.password
    }
}

impl fmt::Debug for SipAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SipAuth")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SipOptions {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    headers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth: Option<SipAuth>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secure: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    observe_force_mute: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    streams: Option<Vec<String>>,
}

impl fmt::Debug for SipOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry credentials: only their names show.
        f.debug_struct("SipOptions")
            .field("uri", &self.uri)
            .field("from", &self.from)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("auth", &self.auth)
            .field("secure", &self.secure)
            .field("video", &self.video)
            .field("observe_force_mute", &self.observe_force_mute)
            .field("streams", &self.streams)
            .finish()
    }
}

/// Dials a SIP endpoint and joins the call to a session: `POST /v2/project/{apiKey}/dial`
/// with `{"sessionId","token","sip":{"uri",…}}`.
///
/// The session must be routed (409 otherwise). The token is a client token for the session
/// that the call connects with.
///
/// ```
/// use opentok_core::sip::Dial;
/// let dial = Dial::new("1_MX4…", "T1==…", "sip:+15128675309@acme.pstn.example.com;transport=tls")
///     .auth("bob", "abc123")
///     .secure(true)
///     .header("X-Room", "42");
/// # let _ = dial;
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dial {
    pub(crate) session_id: String,
    pub(crate) token: String,
    pub(crate) sip: SipOptions,
}

impl fmt::Debug for Dial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_with_token(f, "Dial", &self.session_id)
            .field("sip", &self.sip)
            .finish()
    }
}

impl Dial {
    /// Dials `uri` (`sip:` or `sips:`) into `session_id`, connecting with `token`.
    pub fn new(session_id: impl Into<String>, token: impl Into<String>, uri: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            token: token.into(),
            sip: SipOptions {
                uri: uri.into(),
                from: None,
                headers: BTreeMap::new(),
                auth: None,
                secure: None,
                video: None,
                observe_force_mute: None,
                streams: None,
            },
        }
    }

    setters! {
        /// The caller (`from`) shown to the SIP endpoint, e.g. `14155550101@example.com`.
        from in sip: impl Into<String>,
        /// Whether media is encrypted (SRTP).
        secure in sip: bool,
        /// Whether the call carries video too.
        video in sip: bool,
        /// Whether the call obeys the session's force-mute.
        observe_force_mute in sip: bool,
    }

    /// Adds a custom SIP header to the INVITE.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.sip.headers.insert(name.into(), value.into());
        self
    }

    /// Digest credentials for the SIP endpoint.
    pub fn auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.sip.auth = Some(SipAuth::new(username, password));
        self
    }

    /// Sends only these streams to the SIP endpoint (default: all).
    pub fn streams<I, S>(mut self, stream_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.sip.streams = Some(stream_ids.into_iter().map(Into::into).collect());
        self
    }

    fn check(&self) -> Result<(), ValidationError> {
        check_id("sessionId", &self.session_id)?;
        if self.token.is_empty() {
            return Err(ValidationError::new("token", Rule::Required));
        }
        let uri = &self.sip.uri;
        if uri.is_empty() {
            return Err(ValidationError::new("sip.uri", Rule::Required));
        }
        let rest = crate::check::strip_scheme(uri, &["sip:", "sips:"]);
        if rest.is_none_or(str::is_empty) {
            return Err(ValidationError::new(
                "sip.uri",
                Rule::Format("a SIP URI starting with sip: or sips:"),
            ));
        }
        if uri.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(ValidationError::new(
                "sip.uri",
                Rule::Charset("non-whitespace, printable characters"),
            ));
        }
        if let Some(from) = &self.sip.from {
            if from.is_empty() {
                return Err(ValidationError::new("sip.from", Rule::Required));
            }
        }
        for (name, value) in &self.sip.headers {
            let valid_name = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.!%*+`'~".contains(&b));
            if !valid_name {
                return Err(ValidationError::new(
                    format!("sip.headers.{name}"),
                    Rule::Format("a SIP header name (letters, digits and - _ . ! % * + ` ' ~)"),
                ));
            }
            if value.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
                return Err(ValidationError::new(
                    format!("sip.headers.{name}"),
                    Rule::Charset("a single line"),
                ));
            }
        }
        if let Some(auth) = &self.sip.auth {
            if auth.username.is_empty() {
                return Err(ValidationError::new("sip.auth.username", Rule::Required));
            }
        }
        if let Some(streams) = &self.sip.streams {
            for (i, s) in streams.iter().enumerate() {
                check_id("streams", s)
                    .map_err(|e| ValidationError::new(format!("sip.streams[{i}]"), e.rule))?;
            }
        }
        Ok(())
    }
}

impl Operation for Dial {
    type Output = SipCall;

    const INFO: OperationInfo = OperationInfo {
        name: "sip_dial",
        method: "POST",
        path: "/v2/project/{apiKey}/dial",
        summary: "Dial a SIP endpoint into a session",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        self.check()?;
        with_json(ctx.request_for(&Self::INFO, &[], &[])?, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<SipCall, ResponseError> {
        parse_json(response)
    }
}

/// The characters DTMF digits may use: `0-9`, `*`, `#`, and `p` (a 500 ms pause).
fn check_digits(digits: &str) -> Result<(), ValidationError> {
    if digits.is_empty() {
        return Err(ValidationError::new("digits", Rule::Required));
    }
    if !digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'#' | b'p'))
    {
        return Err(ValidationError::new("digits", Rule::Charset("0-9, *, # and p")));
    }
    Ok(())
}

/// Plays DTMF tones to every SIP participant of a session:
/// `POST /v2/project/{apiKey}/session/{sessionId}/play-dtmf` with `{"digits"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlayDtmf {
    #[serde(skip)]
    pub(crate) session_id: String,
    pub(crate) digits: String,
}

impl PlayDtmf {
    /// Plays `digits` (`0-9 * # p`, `p` = 500 ms pause) into `session_id`.
    pub fn new(session_id: impl Into<String>, digits: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            digits: digits.into(),
        }
    }

    /// Plays the same digits to one connection instead.
    pub fn to_connection(self, connection_id: impl Into<String>) -> PlayDtmfConnection {
        PlayDtmfConnection {
            session_id: self.session_id,
            connection_id: connection_id.into(),
            digits: self.digits,
        }
    }
}

impl Operation for PlayDtmf {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "play_dtmf_session",
        method: "POST",
        path: "/v2/project/{apiKey}/session/{sessionId}/play-dtmf",
        summary: "Play DTMF tones to every SIP participant of a session",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let request = ctx.request_for(&Self::INFO, &[("sessionId", &self.session_id)], &[])?;
        check_digits(&self.digits)?;
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

/// Plays DTMF tones to one SIP connection:
/// `POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/play-dtmf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlayDtmfConnection {
    #[serde(skip)]
    pub(crate) session_id: String,
    #[serde(skip)]
    pub(crate) connection_id: String,
    pub(crate) digits: String,
}

impl PlayDtmfConnection {
    /// Plays `digits` (`0-9 * # p`) to `connection_id` of `session_id`.
    pub fn new(
        session_id: impl Into<String>,
        connection_id: impl Into<String>,
        digits: impl Into<String>,
    ) -> Self {
        PlayDtmf::new(session_id, digits).to_connection(connection_id)
    }
}

impl Operation for PlayDtmfConnection {
    type Output = ();

    const INFO: OperationInfo = OperationInfo {
        name: "play_dtmf_connection",
        method: "POST",
        path: "/v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/play-dtmf",
        summary: "Play DTMF tones to one SIP connection",
    };

    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let ids = [
            ("sessionId", self.session_id.as_str()),
            ("connectionId", &self.connection_id),
        ];
        let request = ctx.request_for(&Self::INFO, &ids, &[])?;
        check_digits(&self.digits)?;
        with_json(request, self)
    }

    fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<(), ResponseError> {
        parse_empty(response)
    }
}

#[cfg(test)]
mod tests;
