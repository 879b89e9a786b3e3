//! Operations: every REST call as a value with a pure `build` and a pure `parse`.
//!
//! ```
//! use opentok_core::{ApiUrl, Operation, RequestContext};
//! use opentok_core::{Credentials, clock, nonce::SeededNonce};
//!
//! # fn demo<Op: Operation>(op: Op) -> Result<(), Box<dyn std::error::Error>> {
//! let creds = Credentials::new("123456", "secret")?;
//! let url = ApiUrl::new("https://api.opentok.com")?;
//! let nonce = SeededNonce::new(1);
//! let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_700_000_000), &nonce);
//! let request = op.build(&ctx)?;            // http::Request<Vec<u8>>, auth header included
//! # let response = http::Response::new(Vec::<u8>::new());
//! // … send it with any HTTP client, then:
//! let output = op.parse(&response)?;        // typed result, or the service's error
//! # let _ = (request, output); Ok(()) }
//! ```

use std::time::SystemTime;

use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use http::{HeaderValue, Method, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub(crate) use crate::check::check_id;
use crate::credentials::Credentials;
use crate::error::{ApiError, BodyFormat, DecodeError, ResponseError, Rule, ValidationError};
use crate::form;
use crate::nonce::NonceSource;
use crate::transport::HttpRequest;

/// The `User-Agent` core puts on every request; transports may append to it.
pub const USER_AGENT_VALUE: &str = concat!("OpenTok-Rust-SDK/", env!("CARGO_PKG_VERSION"));

/// One REST call: a pure request builder and a pure response parser.
pub trait Operation {
    /// What a successful response parses into.
    type Output;

    /// What the call is, for tables, logs and the emulator.
    const INFO: OperationInfo;

    /// Validates the inputs and builds the request: method, URL, headers (auth included) and
    /// body. Fails before anything could be sent.
    fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError>;

    /// Reads a response: any 2xx parses into [`Operation::Output`], anything else into an
    /// [`ApiError`] carrying status, code, message and raw body.
    fn parse<B: AsRef<[u8]>>(&self, response: &Response<B>) -> Result<Self::Output, ResponseError>;

    /// Whether repeating the call cannot change the outcome (GET, PUT, DELETE): transports may
    /// retry it after an ambiguous failure.
    fn idempotent(&self) -> bool {
        matches!(Self::INFO.method, "GET" | "PUT" | "DELETE" | "HEAD")
    }
}

/// A row of the operations table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// Stable snake_case name (`start_archive`).
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template (`/v2/project/{apiKey}/archive/{archiveId}/stop`), relative to the API URL.
    pub path: &'static str,
    /// One-line summary.
    pub summary: &'static str,
}

/// A validated REST base URL: `http(s)://host[:port][/prefix]`, no trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiUrl(Box<str>);

impl ApiUrl {
    /// Checks and wraps a base URL.
    pub fn new(url: impl AsRef<str>) -> Result<Self, ValidationError> {
        let raw = url.as_ref().trim_end_matches('/');
        let uri: http::Uri = raw
            .parse()
            .map_err(|_| ValidationError::new("api_url", Rule::Format("an absolute http(s) URL")))?;
        match uri.scheme_str() {
            Some("http") | Some("https") => {}
            _ => {
                return Err(ValidationError::new(
                    "api_url",
                    Rule::Format("an absolute http(s) URL"),
                ));
            }
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(ValidationError::new(
                "api_url",
                Rule::Format("an absolute http(s) URL with a host"),
            ));
        }
        if uri.query().is_some() || raw.contains('#') {
            return Err(ValidationError::new(
                "api_url",
                Rule::Format("a URL without query or fragment"),
            ));
        }
        if raw.contains('@') {
            return Err(ValidationError::new(
                "api_url",
                Rule::Format("a URL without user information"),
            ));
        }
        Ok(Self(raw.into()))
    }

    /// The URL as text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ApiUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything `build` needs besides the operation's own inputs. Time and randomness are passed
/// in, so the same context gives the same request.
#[derive(Clone, Copy)]
pub struct RequestContext<'a> {
    credentials: &'a Credentials,
    api_url: &'a ApiUrl,
    now: SystemTime,
    nonce: &'a dyn NonceSource,
}

impl std::fmt::Debug for RequestContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestContext")
            .field("credentials", self.credentials)
            .field("api_url", self.api_url)
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl<'a> RequestContext<'a> {
    /// A context for building requests at `now`.
    pub fn new(
        credentials: &'a Credentials,
        api_url: &'a ApiUrl,
        now: SystemTime,
        nonce: &'a dyn NonceSource,
    ) -> Self {
        Self {
            credentials,
            api_url,
            now,
            nonce,
        }
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &'a Credentials {
        self.credentials
    }

    /// The REST base URL.
    pub fn api_url(&self) -> &'a ApiUrl {
        self.api_url
    }

    /// The time requests are built at.
    pub fn now(&self) -> SystemTime {
        self.now
    }

    /// The randomness source.
    pub fn nonce(&self) -> &'a dyn NonceSource {
        self.nonce
    }

    /// The project id that goes into `/v2/project/{id}`.
    pub(crate) fn project_id(&self) -> &'a str {
        self.credentials.project_id()
    }

    /// The request `info` describes: its method, and its path template under the API URL with
    /// `{apiKey}` filled with the project id and every other `{name}` with the id `ids` gives
    /// for it, each checked first (the path-id rule, reported as `name`) and percent-encoded, so no
    /// id changes which resource the path names. A placeholder no id fills, or an id the
    /// template has no place for, is refused; so is a method `http` does not know. The request
    /// carries the REST auth header, `Accept: application/json` and the SDK's `User-Agent`.
    pub fn request_for(
        &self,
        info: &OperationInfo,
        ids: &[(&str, &str)],
        query: &[(&str, String)],
    ) -> Result<http::request::Builder, ValidationError> {
        let (method, path) = self.method_and_path(info, ids)?;
        Ok(self.authed_request(method, &path, query))
    }

    /// `info`'s method, and its path with the placeholders filled (see
    /// [`request_for`](Self::request_for)); for calls that add their own auth header.
    pub(crate) fn method_and_path(
        &self,
        info: &OperationInfo,
        ids: &[(&str, &str)],
    ) -> Result<(Method, String), ValidationError> {
        let method = Method::from_bytes(info.method.as_bytes())
            .map_err(|_| ValidationError::new("method", Rule::Format("an HTTP method")))?;
        let mut path = String::with_capacity(info.path.len() + 64);
        let mut rest = info.path;
        let mut used = 0;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            path.push_str(&rest[..open]);
            let name = rest.get(open + 1..close).unwrap_or_default();
            if name == "apiKey" {
                form::encode_path_segment(&mut path, self.project_id());
            } else {
                let value = ids
                    .iter()
                    .find_map(|(k, v)| (*k == name).then_some(*v))
                    .ok_or_else(|| ValidationError::new(name, Rule::Required))?;
                check_id(name, value)?;
                form::encode_path_segment(&mut path, value);
                used += 1;
            }
            rest = rest.get(close + 1..).unwrap_or_default();
        }
        path.push_str(rest);
        if used != ids.len() {
            return Err(ValidationError::new(
                "request",
                Rule::Conflict(format!("an id with no place in `{}`", info.path).into()),
            ));
        }
        Ok((method, path))
    }

    /// A request to `path` (already encoded, starting with `/`) under the API URL, with the
    /// REST auth header, `Accept: application/json` and the SDK's `User-Agent`.
    pub(crate) fn authed_request(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
    ) -> http::request::Builder {
        let (name, value) = crate::auth::rest_auth_header(self.credentials, self.now, self.nonce);
        self.bare_request(method, path, query)
            .header(name, value)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
    }

    /// A request to `path` under the API URL with only the `User-Agent` set; for the legacy
    /// hl API, whose operations add their own auth header.
    pub(crate) fn bare_request(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
    ) -> http::request::Builder {
        let mut uri = String::with_capacity(self.api_url.as_str().len() + path.len() + 32);
        uri.push_str(self.api_url.as_str());
        uri.push_str(path);
        for (i, (k, v)) in query.iter().enumerate() {
            uri.push(if i == 0 { '?' } else { '&' });
            form::encode_into(&mut uri, k);
            uri.push('=');
            form::encode_into(&mut uri, v);
        }
        http::Request::builder()
            .method(method)
            .uri(uri)
            .header(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE))
    }
}

/// Writes an operation's builder-style setters for its optional fields, each with its own doc
/// line: `field: impl Into<T>` takes anything that converts (`name("x")`), `field: T` takes the
/// value itself; either way the field becomes `Some(value)`. `field in part: …` sets a field
/// of a nested wire object (`secure in sip: bool` sets `self.sip.secure`). Setters that do
/// more than assign are written by hand beside it.
macro_rules! setters {
    () => {};
    ($(#[$doc:meta])* $field:ident in $part:ident: impl Into<$ty:ty> $(, $($rest:tt)*)?) => {
        $(#[$doc])*
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            self.$part.$field = Some(value.into());
            self
        }
        $crate::operation::setters! { $($($rest)*)? }
    };
    ($(#[$doc:meta])* $field:ident in $part:ident: $ty:ty $(, $($rest:tt)*)?) => {
        $(#[$doc])*
        pub fn $field(mut self, value: $ty) -> Self {
            self.$part.$field = Some(value);
            self
        }
        $crate::operation::setters! { $($($rest)*)? }
    };
    ($(#[$doc:meta])* $field:ident: impl Into<$ty:ty> $(, $($rest:tt)*)?) => {
        $(#[$doc])*
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
        $crate::operation::setters! { $($($rest)*)? }
    };
    ($(#[$doc:meta])* $field:ident: $ty:ty $(, $($rest:tt)*)?) => {
        $(#[$doc])*
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
        $crate::operation::setters! { $($($rest)*)? }
    };
}
pub(crate) use setters;

/// Declares a call on one resource id with no body (stop, get or delete an archive, broadcast
/// or render): a struct holding the id, its `new`, and an [`Operation`] whose
/// request is `INFO`'s method and path with the id in the named placeholder, and whose reply
/// the given function parses (by default [`parse_json_tolerant`]). The row comes after the
/// output type, or, with the parser, as a `const INFO: OperationInfo = …;` item.
macro_rules! id_op {
    (@parse) => { $crate::operation::parse_json_tolerant };
    (@parse $parse:path) => { $parse };
    (
        $(#[$meta:meta])*
        $name:ident { $field:ident: $placeholder:literal }, $output:ty,
        $info:expr $(, $parse:path)? $(,)?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            pub(crate) $field: String,
        }

        impl $name {
            #[doc = concat!("The call for `", stringify!($field), "`.")]
            pub fn new($field: impl Into<String>) -> Self {
                Self { $field: $field.into() }
            }
        }

        impl $crate::operation::Operation for $name {
            type Output = $output;

            const INFO: $crate::operation::OperationInfo = $info;

            fn build(
                &self,
                ctx: &$crate::operation::RequestContext<'_>,
            ) -> Result<$crate::transport::HttpRequest, $crate::error::ValidationError> {
                $crate::operation::without_body(ctx.request_for(
                    &Self::INFO,
                    &[($placeholder, &self.$field)],
                    &[],
                )?)
            }

            fn parse<B: AsRef<[u8]>>(
                &self,
                response: &http::Response<B>,
            ) -> Result<$output, $crate::error::ResponseError> {
                ($crate::operation::id_op!(@parse $($parse)?))(response)
            }
        }
    };
    (
        $(#[$meta:meta])*
        $name:ident { $field:ident: $placeholder:literal }, $output:ty $(, $parse:path)?;
        const INFO: OperationInfo = $info:expr;
    ) => {
        $crate::operation::id_op! {
            $(#[$meta])*
            $name { $field: $placeholder }, $output, $info $(, $parse)?
        }
    };
}
pub(crate) use id_op;

/// Starts the `Debug` output of a call that joins a session with a client token (captions,
/// Experience Composer, Audio Connector, SIP dial): `name { session_id: …, token: "<redacted>"`,
/// so the token never shows; the caller adds its other fields and finishes.
pub(crate) fn debug_with_token<'a, 'b>(
    f: &'a mut std::fmt::Formatter<'b>,
    name: &str,
    session_id: &str,
) -> std::fmt::DebugStruct<'a, 'b> {
    let mut d = f.debug_struct(name);
    d.field("session_id", &session_id).field("token", &"<redacted>");
    d
}

fn finish(builder: http::request::Builder, body: Vec<u8>) -> Result<HttpRequest, ValidationError> {
    builder
        .body(body)
        .map_err(|e| ValidationError::new("request", Rule::Conflict(e.to_string().into())))
}

/// Finishes a request with a JSON body and `Content-Type: application/json`; a body that
/// cannot be serialised is a [`ValidationError`] on `body`.
pub fn with_json<T: serde::Serialize + ?Sized>(
    builder: http::request::Builder,
    body: &T,
) -> Result<HttpRequest, ValidationError> {
    let bytes = serde_json::to_vec(body)
        .map_err(|e| ValidationError::new("body", Rule::Conflict(e.to_string().into())))?;
    finish(
        builder.header(CONTENT_TYPE, HeaderValue::from_static("application/json")),
        bytes,
    )
}

/// Finishes a request with a form body.
pub(crate) fn with_form<'a>(
    builder: http::request::Builder,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<HttpRequest, ValidationError> {
    let body = form::encode_pairs(pairs).into_bytes();
    finish(
        builder.header(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        ),
        body,
    )
}

/// Finishes a request with no body.
pub fn without_body(builder: http::request::Builder) -> Result<HttpRequest, ValidationError> {
    finish(builder, Vec::new())
}

/// The body of a 2xx response, or the service's error.
pub(crate) fn success_body<B: AsRef<[u8]>>(response: &Response<B>) -> Result<&[u8], ApiError> {
    let body = response.body().as_ref();
    if response.status().is_success() {
        Ok(body)
    } else {
        Err(ApiError::from_parts(response.status(), body).attempts_from(response))
    }
}

/// A 2xx whose body, if any, is ignored; anything else is the service's error.
pub fn parse_empty<B: AsRef<[u8]>>(response: &Response<B>) -> Result<(), ResponseError> {
    success_body(response)?;
    Ok(())
}

/// A 2xx with a JSON body of type `T`; anything else is the service's error ([`ApiError`]).
pub fn parse_json<T: DeserializeOwned, B: AsRef<[u8]>>(response: &Response<B>) -> Result<T, ResponseError> {
    let body = success_body(response)?;
    serde_json::from_slice(body)
        .map_err(|e| DecodeError::new(response.status(), BodyFormat::Json, e, body).into())
}

/// Reads a JSON body so that a key the service repeats (the archive callback example repeats
/// `projectId`; official SDKs' broadcast examples repeat `hasAudio`) keeps its last value instead
/// of failing, as every official SDK reads it. The body is read directly first; only when that
/// fails on a duplicate field is it read again through `serde_json::Value`, which keeps the last
/// value (but not the document order of an object's keys, such as `rtmp` keyed by id).
pub(crate) fn from_json_tolerant<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body).or_else(|first: serde_json::Error| {
        if !first.is_data() || !first.to_string().starts_with("duplicate field") {
            return Err(first);
        }
        let value: serde_json::Value = serde_json::from_slice(body)?;
        T::deserialize(value)
    })
}

/// [`parse_json`] with duplicate keys tolerated (see [`from_json_tolerant`]).
pub(crate) fn parse_json_tolerant<T: serde::de::DeserializeOwned, B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> Result<T, ResponseError> {
    let body = success_body(response)?;
    from_json_tolerant(body)
        .map_err(|e| DecodeError::new(response.status(), BodyFormat::Json, e, body).into())
}

/// One page of a list: the total `count` the service reports and this page's `items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
#[non_exhaustive]
pub struct Page<T> {
    /// Total number of items (not only this page's).
    #[serde(default, deserialize_with = "crate::serde_util::lenient_u64")]
    pub count: u64,
    /// This page's items.
    #[serde(default, deserialize_with = "crate::serde_util::null_as_empty")]
    pub items: Vec<T>,
}

impl<T> Page<T> {
    /// A page from parts.
    pub fn new(count: u64, items: Vec<T>) -> Self {
        Self { count, items }
    }
}

/// Paging options shared by the list calls: `offset` (0 = newest) and `count` (0..=1000).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ListOptions {
    /// Skip this many items.
    pub(crate) offset: Option<u32>,
    /// Return at most this many (0..=1000).
    pub(crate) count: Option<u32>,
    /// Only items of this session (archives and broadcasts).
    pub(crate) session_id: Option<String>,
}

impl ListOptions {
    /// Sets the offset.
    pub(crate) fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Sets the page size (0..=1000).
    pub(crate) fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// Filters by session.
    pub(crate) fn session_id(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }

    /// Validates and renders the query pairs.
    pub(crate) fn query(&self) -> Result<Vec<(&'static str, String)>, ValidationError> {
        let mut q = Vec::with_capacity(3);
        if let Some(o) = self.offset {
            q.push(("offset", o.to_string()));
        }
        if let Some(c) = self.count {
            if c > 1000 {
                return Err(ValidationError::new(
                    "count",
                    Rule::OutOfRange {
                        min: 0,
                        max: 1000,
                        actual: i64::from(c),
                    },
                ));
            }
            q.push(("count", c.to_string()));
        }
        if let Some(s) = &self.session_id {
            check_id("sessionId", s)?;
            q.push(("sessionId", s.clone()));
        }
        Ok(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonce::SeededNonce;

    #[test]
    fn api_url_rules() {
        assert_eq!(
            ApiUrl::new("https://api.opentok.com/").expect("ok").as_str(),
            "https://api.opentok.com"
        );
        assert_eq!(
            ApiUrl::new("http://127.0.0.1:8080")
                .expect("plain http is allowed")
                .as_str(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "",
            "api.opentok.com",
            "ftp://x",
            "https://u:p@x",
            "https://x/?a=b",
            "https://",
        ] {
            let e = ApiUrl::new(bad).expect_err(bad);
            assert_eq!(e.field, "api_url");
        }
    }

    #[test]
    fn request_for_encodes_and_signs() {
        const INFO: OperationInfo = OperationInfo {
            name: "t",
            method: "GET",
            path: "/v2/project/{apiKey}/archive/{archiveId}",
            summary: "",
        };
        let creds = Credentials::new("123456", "secret").expect("valid");
        let url = ApiUrl::new("https://api.opentok.com").expect("valid");
        let nonce = SeededNonce::new(9);
        let ctx = RequestContext::new(&creds, &url, crate::clock::from_unix_secs(1_700_000_000), &nonce);
        let query = [("sessionId", "x y".into()), ("count", "5".into())];
        let req = without_body(
            ctx.request_for(&INFO, &[("archiveId", "a b")], &query)
                .expect("fills"),
        )
        .expect("builds");
        assert_eq!(
            req.uri().to_string(),
            "https://api.opentok.com/v2/project/123456/archive/a%20b?sessionId=x+y&count=5"
        );
        assert!(req.headers()["x-opentok-auth"].is_sensitive());
        assert_eq!(req.headers()["accept"], "application/json");
        assert_eq!(req.headers()["user-agent"], USER_AGENT_VALUE);
    }

    #[test]
    fn request_for_fills_the_template() {
        const INFO: OperationInfo = OperationInfo {
            name: "t",
            method: "PATCH",
            path: "/v2/project/{apiKey}/session/{sessionId}/stream/{streamId}",
            summary: "",
        };
        let creds = Credentials::new("123456", "secret").expect("valid");
        let url = ApiUrl::new("https://api.opentok.com").expect("valid");
        let nonce = SeededNonce::new(9);
        let ctx = RequestContext::new(&creds, &url, crate::clock::from_unix_secs(1_700_000_000), &nonce);
        let ids = [("streamId", "s 1"), ("sessionId", "2_MX~")];
        let req = without_body(ctx.request_for(&INFO, &ids, &[]).expect("fills")).expect("builds");
        assert_eq!(req.method(), Method::PATCH);
        assert_eq!(
            req.uri().to_string(),
            "https://api.opentok.com/v2/project/123456/session/2_MX~/stream/s%201"
        );
        assert!(req.headers()["x-opentok-auth"].is_sensitive());
        let field = |ids: &[(&str, &str)]| ctx.request_for(&INFO, ids, &[]).expect_err("refused");
        let e = field(&[("sessionId", "a"), ("streamId", "..")]);
        assert_eq!(
            (e.field.as_ref(), e.rule),
            ("streamId", Rule::Format("an id other than `.` and `..`"))
        );
        let e = field(&[("sessionId", "a/b"), ("streamId", "s")]);
        assert_eq!(e.field, "sessionId");
        let e = field(&[("sessionId", "a")]);
        assert_eq!((e.field.as_ref(), e.rule), ("streamId", Rule::Required));
        let e = field(&[("sessionId", "a"), ("streamId", "s"), ("connectionId", "c")]);
        assert_eq!(e.field, "request");
    }

    #[test]
    fn list_options_validate() {
        let e = ListOptions::default().count(1001).query().expect_err("too many");
        assert_eq!(e.field, "count");
        let q = ListOptions::default()
            .offset(2)
            .count(1000)
            .session_id("s")
            .query()
            .expect("ok");
        assert_eq!(q.len(), 3);
    }

    #[test]
    fn page_is_lenient() {
        let p: Page<u32> = serde_json::from_str(r#"{"count":"7","items":null,"extra":1}"#).expect("parses");
        assert_eq!(p, Page::new(7, vec![]));
    }

    #[test]
    fn error_statuses_become_api_errors() {
        let resp = http::Response::builder()
            .status(409)
            .body(br#"{"code":15004,"message":"nope"}"#.to_vec())
            .expect("valid");
        let e = parse_empty(&resp).expect_err("409");
        let api = e.api().expect("api error");
        assert_eq!(api.code, Some(15004));
        assert_eq!(api.kind, crate::error::ApiErrorKind::Conflict);
        assert_eq!(api.attempts, 1, "no Attempts extension: sent once");
        assert_eq!(
            api.to_string(),
            "OpenTok API error: HTTP 409 Conflict, code 15004: nope"
        );
        let mut resp = http::Response::builder()
            .status(503)
            .body(Vec::new())
            .expect("valid");
        resp.extensions_mut().insert(crate::transport::Attempts(4));
        let api = parse_empty(&resp)
            .expect_err("503")
            .api()
            .cloned()
            .expect("api error");
        assert_eq!(api.attempts, 4);
        assert_eq!(
            api.to_string(),
            "OpenTok API error: HTTP 503 Service Unavailable (after 4 attempts)"
        );
        let resp = http::Response::builder()
            .status(200)
            .body(b"{".to_vec())
            .expect("valid");
        assert!(matches!(
            parse_json::<Page<u32>, _>(&resp),
            Err(ResponseError::Decode(_))
        ));
    }

    #[test]
    fn tolerant_json_keeps_last_duplicate() {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct P {
            #[serde(default, deserialize_with = "crate::serde_util::opt_string_or_number")]
            project_id: Option<String>,
        }
        let p: P = from_json_tolerant(br#"{"projectId":1,"projectId":123456}"#).expect("parses");
        assert_eq!(p.project_id.as_deref(), Some("123456"));
        assert!(serde_json::from_slice::<P>(br#"{"projectId":1,"projectId":2}"#).is_err());
    }
}
