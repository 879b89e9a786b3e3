//! # opentok-core
//!
//! Mint a client token that lets a browser or phone join a session:
//!
//! ```
//! use std::time::SystemTime;
//! use opentok_core::token::{self, Role, TokenOptions};
//! use opentok_core::{Credentials, nonce::OsNonce};
//!
//! let creds = Credentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81")?;
//! let session_id = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
//! let options = TokenOptions::new().role(Role::Moderator).data("name=Johnny");
//! let now = SystemTime::now();
//! let t = token::mint(&creds, session_id, &options, now, &OsNonce)?;
//! assert!(t.starts_with("T1=="));
//!
//! // Anyone holding the secret can check it (the emulator does, to admit clients).
//! let decoded = token::verify_for_session(&t, &creds, now, session_id)?;
//! assert_eq!(decoded.role, Role::Moderator);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The protocol core of the OpenTok (Vonage Video) server SDK, with no I/O: client tokens,
//! REST auth, session ids, the JSON and XML models, and every REST call as a pure
//! build-request / parse-response pair. Time and randomness come in through [`clock::Clock`]
//! and [`nonce::NonceSource`], so every output can be reproduced in a test.
//!
//! Send the requests with `opentok-http`, through the `opentok-sdk` facade, or with any HTTP
//! client via [`Transport`].
//!
//! ## A call the SDK does not model yet
//!
//! Implement [`Operation`] with the same helpers the built-in calls use:
//! [`RequestContext::request_for`] (method and path from the operation's [`OperationInfo`], every
//! id checked with [`check_id`]'s rule and percent-encoded, auth header), [`with_json`] or
//! [`without_body`] to finish the request, and [`parse_json`] or [`parse_empty`] to read the
//! reply (any non-2xx becomes an [`ApiError`]).
//!
//! ```
//! use opentok_core::nonce::SeededNonce;
//! use opentok_core::{
//!     ApiUrl, Credentials, HttpRequest, Operation, OperationInfo, RequestContext, ResponseError,
//!     ValidationError, clock, parse_json, without_body,
//! };
//!
//! /// `GET /v2/project/{apiKey}/archive/{archiveId}/transcription`.
//! struct GetTranscription {
//!     archive_id: String,
//! }
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Transcription {
//!     status: String,
//! }
//!
//! impl Operation for GetTranscription {
//!     type Output = Transcription;
//!     const INFO: OperationInfo = OperationInfo {
//!         name: "get_transcription",
//!         method: "GET",
//!         path: "/v2/project/{apiKey}/archive/{archiveId}/transcription",
//!         summary: "Get an archive's transcription.",
//!     };
//!
//!     fn build(&self, ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
//!         // Method and path come from INFO; each id is checked and percent-encoded.
//!         let ids = [("archiveId", self.archive_id.as_str())];
//!         without_body(ctx.request_for(&Self::INFO, &ids, &[])?)
//!     }
//!
//!     fn parse<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<Transcription, ResponseError> {
//!         parse_json(response)
//!     }
//! }
//!
//! let creds = Credentials::new("123456", "secret")?;
//! let url = ApiUrl::new("https://api.opentok.com")?;
//! let nonce = SeededNonce::new(1);
//! let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_700_000_000), &nonce);
//!
//! let op = GetTranscription { archive_id: "b40ef09b".into() };
//! let request = op.build(&ctx)?;
//! assert_eq!(
//!     request.uri(),
//!     "https://api.opentok.com/v2/project/123456/archive/b40ef09b/transcription"
//! );
//! assert!(request.headers().contains_key("x-opentok-auth"));
//!
//! let reply = http::Response::new(br#"{"status":"available"}"#.to_vec());
//! assert_eq!(op.parse(&reply)?.status, "available");
//! let refused = http::Response::builder().status(404).body(Vec::new())?;
//! let status = op.parse(&refused).err().and_then(|e| e.api().map(|api| api.status));
//! assert_eq!(status, Some(http::StatusCode::NOT_FOUND));
//!
//! // A path id is checked before anything is built.
//! let bad = GetTranscription { archive_id: "../sessions".into() };
//! assert_eq!(bad.build(&ctx).err().map(|e| e.field), Some("archiveId".into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

// Implementation: private. What other crates need is re-exported below, by name.
mod auth;
mod check;
mod credentials;
mod error;
mod error_body;
mod form;
mod jwt;
mod operation;
mod rs256;
mod serde_util;
mod transport;

pub mod catalog;
pub mod clock;
pub mod list;
pub mod nonce;
pub mod session_id;
pub mod token;

pub mod archive;
pub mod audio_connector;
pub mod broadcast;
pub mod callback;
pub mod captions;
pub mod connection;
pub mod layout;
pub mod legacy;
pub mod render;
pub mod session;
pub mod signal;
pub mod sip;
pub mod stream;

pub use check::check_id;
pub use credentials::{
    ApiKey, ApiSecret, ApplicationCredentials, ApplicationId, Credentials, OPENTOK_API_URL,
    ProjectCredentials, VONAGE_API_URL,
};
pub use error::{
    ApiError, ApiErrorKind, BodyFormat, DecodeError, Error, ResponseError, Rule, ValidationError,
};
pub use error_body::ErrorBody;
pub use operation::{
    ApiUrl, Operation, OperationInfo, Page, RequestContext, USER_AGENT_VALUE, parse_empty, parse_json,
    with_json, without_body,
};
pub use rs256::{PrivateKey, PublicKey};
pub use transport::{
    Attempts, BoxError, BoxFuture, HttpRequest, HttpResponse, Sent, Transport, TransportError,
    TransportErrorKind,
};

/// The fuzz targets' door, built only with `--cfg fuzzing` (cargo-fuzz sets it; so does
/// `fuzz/.cargo/config.toml`): the unchecked token encoders, which write whatever fields they
/// are given so that a decoded token can be written again. Not part of the API.
#[cfg(fuzzing)]
pub mod fuzzing {
    pub use crate::token::fields::TokenFields;
    pub use crate::token::jwt_token::encode_jwt;
    pub use crate::token::t1::{T1_PREFIX, encode_t1};
}

/// REST authentication as the service checks it: the header names, the HS256 and RS256 tokens
/// each request carries, and their verifiers (the emulator's side of `X-OPENTOK-AUTH`,
/// `Authorization: Bearer` and the legacy hl API's `X-TB-PARTNER-AUTH` / `X-TB-TOKEN-AUTH`).
///
/// Built with the non-default `verify` feature: a server SDK sends these headers (every
/// operation's request carries one) but never checks them; the emulator and tests do.
#[cfg(feature = "verify")]
#[cfg_attr(docsrs, doc(cfg(feature = "verify")))]
pub mod rest_auth {
    pub use crate::auth::bearer::{bearer_token, encode_bearer};
    pub use crate::auth::verify::{
        BearerClaims, RestAuthClaims, RestAuthError, verify_bearer, verify_rest_auth,
    };
    pub use crate::auth::{
        PARTNER_AUTH_HEADER, REST_AUTH_HEADER, TOKEN_AUTH_HEADER, rest_auth_header, rest_auth_token,
    };
}
