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

mod jwt_token;
mod options;
mod rs256;
mod t1;
mod verify;

pub use jwt_token::encode_jwt;
pub use options::{DEFAULT_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME, Role, TokenFormat, TokenOptions};
pub use rs256::{ApplicationToken, decode_rs256, encode_rs256, verify_rs256};
pub use t1::{T1_PREFIX, encode_t1};
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

/// Everything a client token carries, ready to encode with [`encode_t1`] or [`encode_jwt`].
///
/// This is the low-level path: nothing is checked and the time and nonce are given as they
/// are to be written, so known tokens can be reproduced byte for byte. [`mint`] is the
/// checked path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenFields<'a> {
    /// The role.
    pub role: Role,
    /// The session id, as written.
    pub session_id: &'a str,
    /// Unix seconds of minting (T1 `create_time`, JWT `iat`).
    pub create_time: u64,
    /// The nonce text (`123456`, `0.123456789`, …).
    pub nonce: &'a str,
    /// Unix seconds of expiry, if any.
    pub expire_time: Option<u64>,
    /// Connection data, if any.
    pub connection_data: Option<&'a str>,
    /// Layout classes (written joined by spaces; omitted when empty).
    pub initial_layout_class_list: &'a [String],
}

impl<'a> TokenFields<'a> {
    /// Fields for a publisher token with no expiry, data or layout.
    pub fn new(session_id: &'a str, create_time: u64, nonce: &'a str) -> Self {
        Self {
            role: Role::Publisher,
            session_id,
            create_time,
            nonce,
            expire_time: None,
            connection_data: None,
            initial_layout_class_list: &[],
        }
    }
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
mod tests {
    use super::*;
    use crate::clock::from_unix_secs;
    use crate::nonce::SeededNonce;

    const SID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";

    fn creds() -> Credentials {
        Credentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81").expect("valid")
    }

    #[test]
    fn nonces_are_decimal_and_below_ten_to_the_fifteenth() {
        #[derive(Debug)]
        struct Fixed(u64);
        impl NonceSource for Fixed {
            fn next_u64(&self) -> u64 {
                self.0
            }
        }
        let now = from_unix_secs(1_700_000_000);
        for (drawn, text) in [
            (0, "0"),
            (42, "42"),
            (u64::MAX, "744073709551615"),
            (999_999_999_999_999, "999999999999999"),
            (1_000_000_000_000_000, "0"),
        ] {
            for format in [TokenFormat::T1, TokenFormat::Jwt] {
                let opts = TokenOptions::new().format(format);
                let t = mint(&creds(), SID, &opts, now, &Fixed(drawn)).expect("mints");
                assert_eq!(decode(&t).expect("decodes").nonce, text, "{format:?}");
            }
        }
    }

    #[test]
    fn mint_checks_the_session() {
        let now = from_unix_secs(1_700_000_000);
        let n = SeededNonce::new(1);
        let other = Credentials::new("999", "x").expect("valid");
        let e = mint(&other, SID, &TokenOptions::new(), now, &n).expect_err("other key");
        let TokenError::Invalid(v) = e else {
            panic!("{e:?}")
        };
        assert_eq!(v.field, "session_id");
        assert!(matches!(v.rule, Rule::Conflict(_)));
        for bad in ["", "garbage", "2_!!", "3_MX4"] {
            let e = mint(&creds(), bad, &TokenOptions::new(), now, &n).expect_err(bad);
            let TokenError::Invalid(v) = e else {
                panic!("{e:?}")
            };
            assert_eq!(v.field, "session_id");
            assert!(matches!(v.rule, Rule::Format(_)));
        }
    }

    #[test]
    fn mint_checks_options_and_fixes_create_time() {
        let now = from_unix_secs(1_700_000_000);
        let n = SeededNonce::new(1);
        let e = mint(&creds(), SID, &TokenOptions::new().expire_time(now), now, &n).expect_err("now");
        assert!(
            matches!(e, TokenError::Invalid(ref v) if v.field == "expire_time"),
            "{e:?}"
        );
        let e = mint(
            &creds(),
            SID,
            &TokenOptions::new().data("x".repeat(1001)),
            now,
            &n,
        )
        .expect_err("data");
        assert!(
            matches!(e, TokenError::Invalid(ref v) if v.field == "connection_data"),
            "{e:?}"
        );
        let t = mint(&creds(), SID, &TokenOptions::new(), now, &n).expect("mints");
        let d = decode(&t).expect("decodes");
        assert_eq!(d.issued_at, now);
        assert_eq!(d.expire_time, None, "T1 leaves the default expiry to the service");
        assert_eq!(d.expires_at(), from_unix_secs(1_700_086_400));
        let j = mint(
            &creds(),
            SID,
            &TokenOptions::new().format(TokenFormat::Jwt),
            now,
            &n,
        )
        .expect("jwt");
        let d = decode(&j).expect("decodes");
        assert_eq!(
            d.expire_time,
            Some(from_unix_secs(1_700_086_400)),
            "JWT gets exp = now + 24 h"
        );
    }

    #[test]
    fn verification_failures_are_typed() {
        let now = from_unix_secs(1_700_000_000);
        let n = SeededNonce::new(1);
        for format in [TokenFormat::T1, TokenFormat::Jwt] {
            let opts = TokenOptions::new()
                .format(format)
                .expire_time(from_unix_secs(1_700_000_100));
            let t = mint(&creds(), SID, &opts, now, &n).expect("mints");
            assert!(verify(&t, &creds(), now).is_ok());
            let wrong_secret = Credentials::new("47001234", "not-the-secret").expect("valid");
            assert_eq!(verify(&t, &wrong_secret, now), Err(TokenError::BadSignature));
            let wrong_key =
                Credentials::new("47001235", "584febcb92be7d3af15c92e1035d151c90d8cb81").expect("ok");
            assert_eq!(verify(&t, &wrong_key, now), Err(TokenError::WrongKey));
            assert_eq!(
                verify(&t, &creds(), from_unix_secs(1_700_000_100)),
                Err(TokenError::Expired {
                    expired_at: from_unix_secs(1_700_000_100)
                })
            );
            assert!(verify(&t, &creds(), from_unix_secs(1_700_000_099)).is_ok());
            assert_eq!(
                verify_for_session(&t, &creds(), now, "2_other"),
                Err(TokenError::WrongSession)
            );
            assert!(verify_for_session(&t, &creds(), now, SID).is_ok());
        }
    }

    #[test]
    fn debug_leaves_the_signature_out() {
        let now = from_unix_secs(1_700_000_000);
        let t = mint(&creds(), SID, &TokenOptions::new(), now, &SeededNonce::new(5)).expect("mints");
        let d = decode(&t).expect("decodes");
        let dbg = format!("{d:?}");
        assert!(dbg.contains("47001234") && !dbg.contains("sig"), "{dbg}");
    }
}
