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
//! client via [`transport::Transport`].

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
pub mod catalog;
pub(crate) mod check;
pub mod clock;
pub mod credentials;
pub mod error;
pub mod error_body;
pub(crate) mod form;
pub(crate) mod jwt;
pub mod list;
pub mod nonce;
pub mod operation;
pub mod rs256;
pub(crate) mod serde_util;
pub mod session_id;
pub mod token;
pub mod transport;

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

pub use credentials::{
    ApiKey, ApiSecret, ApplicationCredentials, ApplicationId, Credentials, ProjectCredentials,
};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, ResponseError, Rule, ValidationError};
pub use operation::{ApiUrl, ListOptions, Operation, OperationInfo, Page, RequestContext};
pub use transport::{HttpRequest, HttpResponse, Transport, TransportError};

pub use session_id::{DecodedSessionId, SessionIdError};
pub use token::{DecodedToken, Role, TokenError, TokenFormat, TokenOptions};
