//! Client tokens: T1 (the seed's format, the default) and HS256 JWT for API key + secret
//! credentials, RS256 JWT for Vonage application credentials; minting, decoding, verifying.
//!
//! A browser or phone joins a session with a token the server mints. [`mint`] checks the
//! options, then writes the token in the chosen [`TokenFormat`]:
//!
//! * **T1**: `"T1==" + base64("partner_id=<key>&sig=<hex HMAC-SHA1(secret, data)>:" + data)`,
//!   `data` form-encoded in the order `role, session_id, create_time, nonce, [expire_time],
//!   [connection_data], [initial_layout_class_list]`.
//! * **JWT**: HS256 with claims `iss, ist, iat, exp, nonce, role, scope, session_id,
//!   [connection_data], [initial_layout_class_list]`.
//!
//! * **RS256** (application credentials, whatever the format option): claims `scope, session_id,
//!   role, initial_layout_class_list, exp, sub="video", acl, [connection_data], jti, iat,
//!   application_id`; read with [`decode_rs256`], checked with a public key by [`verify_rs256`].
//!
//! [`decode`] reads either format without the secret; [`verify`] also checks signature, API
//! key, session and expiry; both accept tokens from every official SDK.
//!
//! ```
//! use std::time::Duration;
//! use opentok_core::token::{self, Role, TokenFormat, TokenOptions};
//! use opentok_core::{Credentials, clock, nonce::OsNonce};
//!
//! let creds = Credentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81")?;
//! let session = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
//! let now = clock::from_unix_secs(1_700_000_000);
//! let opts = TokenOptions::new()
//!     .role(Role::Subscriber)
//!     .expire_time(now + Duration::from_secs(3600))
//!     .format(TokenFormat::Jwt);
//! let t = token::mint(&creds, session, &opts, now, &OsNonce)?;
//! let decoded = token::verify_for_session(&t, &creds, now, session)?;
//! assert_eq!(decoded.role, Role::Subscriber);
//! assert_eq!(
//!     token::verify(&t, &creds, now + Duration::from_secs(3600)),
//!     Err(token::TokenError::Expired { expired_at: now + Duration::from_secs(3600) })
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::SystemTime;

use crate::clock::unix_secs;
use crate::credentials::Credentials;
use crate::error::{Rule, ValidationError};
use crate::nonce::NonceSource;
use crate::session_id::SessionIdError;

// `fields`, `jwt_token` and `t1` hold the unchecked encoders, which the crate's fuzzing door
// (`crate::fuzzing`, built with `--cfg fuzzing`) opens to the fuzz targets; `mint` is the
// public, checked path.
pub(crate) mod fields;
pub(crate) mod jwt_token;
mod options;
mod rs256;
pub(crate) mod t1;
mod verify;

pub(crate) use fields::TokenFields;
use jwt_token::encode_jwt;
pub use options::{DEFAULT_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME, Role, TokenFormat, TokenOptions};
pub use rs256::{ApplicationToken, decode_rs256, verify_rs256};
use t1::encode_t1;
pub use verify::{DecodedToken, MAX_TOKEN_BYTES, decode, verify, verify_for_session};

/// A client token could not be minted, decoded or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// An option broke a rule (minting).
    #[error(transparent)]
    Invalid(#[from] crate::error::ValidationError),
    /// The text is not a token of either format (what is wrong is named).
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The text is longer than any token (see [`MAX_TOKEN_BYTES`]); it was not decoded.
    #[error("malformed token: {actual} bytes, longer than the {max} a token may have")]
    TooLong {
        /// The longest token read, in bytes ([`MAX_TOKEN_BYTES`]).
        max: usize,
        /// The length given, in bytes.
        actual: usize,
    },
    /// The token names another API key than the one it is checked against.
    #[error("the token was minted for another API key")]
    WrongKey,
    /// The signature was not made with this project's secret (or the token was altered).
    #[error("the token's signature does not match")]
    BadSignature,
    /// The token's session id does not belong to this API key.
    #[error("the token's session does not belong to this API key")]
    ForeignSession,
    /// The token's session id does not decode.
    #[error("the token's session id is invalid: {0}")]
    BadSessionId(SessionIdError),
    /// The token is for another session than the one expected.
    #[error("the token is for another session")]
    WrongSession,
    /// The token has expired.
    #[error("the token expired")]
    Expired {
        /// When it expired.
        expired_at: SystemTime,
    },
}

/// Nonces drawn from a [`NonceSource`] are written as decimal integers below 10^15 (as
/// `opentok-token` writes its own): exact both as T1 text and as a JSON number.
const NONCE_MODULUS: u64 = 1_000_000_000_000_000;

/// Mints a client token for `session_id` with `options`, at `now`, drawing its nonce from
/// `nonce`.
///
/// Project credentials write the format the options name; application credentials always
/// write an RS256 JWT.
///
/// Checks, each failing with [`TokenError::Invalid`] naming the field: the session id
/// decodes and its field 1 is the API key or application id (`session_id`); the expire time is strictly after
/// `now` and at most 30 days later (`expire_time`); the data has at most 1000 characters
/// (`connection_data`); the layout classes are non-empty, without whitespace, and at most
/// 1000 characters joined by spaces (`initial_layout_class_list`).
///
/// The keyed HMAC states are prepared once per secret, in the credentials.
pub fn mint(
    creds: &Credentials,
    session_id: &str,
    options: &TokenOptions,
    now: SystemTime,
    nonce: &dyn NonceSource,
) -> Result<String, TokenError> {
    let project = match creds {
        Credentials::Project(p) => p,
        Credentials::Application(a) => return rs256::mint(a, session_id, options, now, nonce),
    };
    let session_id = session_id.trim_ascii();
    let expire_time = options.check(now)?;
    let refusal = match crate::session_id::belongs_to(session_id, project.api_key().as_str()) {
        Ok(true) => None,
        Ok(false) => Some(Rule::Conflict(
            "the session does not belong to this API key".into(),
        )),
        Err(_) => Some(Rule::Format(
            "a session id: `1_` or `2_` + base64url of `~`-separated fields",
        )),
    };
    if let Some(rule) = refusal {
        return Err(ValidationError::new("session_id", rule).into());
    }
    let nonce_text = (nonce.next_u64() % NONCE_MODULUS).to_string();
    let fields = TokenFields {
        role: options.role,
        session_id,
        create_time: unix_secs(now),
        nonce: &nonce_text,
        expire_time,
        connection_data: options.data.as_deref(),
        initial_layout_class_list: &options.initial_layout_class_list,
    };
    Ok(match options.format {
        TokenFormat::T1 => encode_t1(project, &fields),
        TokenFormat::Jwt => encode_jwt(project, &fields),
    })
}

#[cfg(test)]
mod tests;
