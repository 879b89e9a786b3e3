//! Decoding (no secret needed) and verification (with the project's secret) of both formats.

use std::fmt;
use std::time::SystemTime;

use hmac::Mac;

use super::jwt_token::decode_jwt;
use super::options::DEFAULT_TOKEN_LIFETIME;
use super::t1::{T1_PREFIX, decode_t1};
use super::{Role, TokenError, TokenFormat};
use crate::clock::unix_secs;
use crate::credentials::{Credentials, ProjectCredentials};

/// The last second of the year 9999: later token times are refused as malformed (they
/// would overflow the platform's time type).
const MAX_TOKEN_SECS: u64 = 253_402_300_799;

/// A token's Unix time in seconds as a [`SystemTime`]; `what` names the field when it is out
/// of range.
pub(super) fn token_time(secs: u64, what: &'static str) -> Result<SystemTime, TokenError> {
    if secs > MAX_TOKEN_SECS {
        return Err(TokenError::Malformed(what));
    }
    Ok(crate::clock::from_unix_secs(secs))
}

/// What the signature covers, kept for [`DecodedToken::verify`].
#[derive(Clone, PartialEq, Eq)]
pub(super) enum Signed {
    /// The T1 data string and its HMAC-SHA1.
    T1 { data: String, sig: [u8; 20] },
    /// The JWT's `header.claims` and its HMAC-SHA256.
    Jwt {
        signing_input: String,
        signature: Vec<u8>,
    },
}

/// A client token's contents, read without checking the signature (see [`decode`]), or
/// after checking it (see [`verify`]).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodedToken {
    /// The format it was written in.
    pub format: TokenFormat,
    /// The API key it names (T1 `partner_id`, JWT `iss`).
    pub api_key: String,
    /// The session it admits to.
    pub session_id: String,
    /// The role.
    pub role: Role,
    /// When it was minted (T1 `create_time`, JWT `iat`).
    pub issued_at: SystemTime,
    /// The expire time it carries (T1 `expire_time`, JWT `exp`), if any. See
    /// [`DecodedToken::expires_at`] for the time it really stops working.
    pub expire_time: Option<SystemTime>,
    /// The nonce, as written.
    pub nonce: String,
    /// Connection data.
    pub connection_data: Option<String>,
    /// Initial layout classes.
    pub initial_layout_class_list: Vec<String>,
    pub(super) signed: Signed,
}

impl fmt::Debug for DecodedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The signature is left out: with it the token could be rebuilt from a log line.
        f.debug_struct("DecodedToken")
            .field("format", &self.format)
            .field("api_key", &self.api_key)
            .field("session_id", &self.session_id)
            .field("role", &self.role)
            .field("issued_at", &self.issued_at)
            .field("expire_time", &self.expire_time)
            .field("nonce", &self.nonce)
            .field("connection_data", &self.connection_data)
            .field("initial_layout_class_list", &self.initial_layout_class_list)
            .finish_non_exhaustive()
    }
}

impl DecodedToken {
    /// When the token stops admitting clients: its expire time, or 24 hours after it was
    /// minted when it carries none (the service's default).
    pub fn expires_at(&self) -> SystemTime {
        self.expire_time
            .unwrap_or_else(|| self.issued_at + DEFAULT_TOKEN_LIFETIME)
    }

    /// Checks the token against `creds` at `now` (see [`verify`]).
    pub(crate) fn verify(&self, creds: &Credentials, now: SystemTime) -> Result<(), TokenError> {
        match creds {
            Credentials::Project(p) => self.verify_project(p, now),
            // T1 and HS256 tokens are never an application's; see `token::verify_rs256`.
            Credentials::Application(_) => Err(TokenError::WrongKey),
        }
    }

    /// [`DecodedToken::verify`], and the token is for `session_id`.
    pub(crate) fn verify_for_session(
        &self,
        creds: &Credentials,
        now: SystemTime,
        session_id: &str,
    ) -> Result<(), TokenError> {
        self.verify(creds, now)?;
        if self.session_id != session_id.trim_ascii() {
            return Err(TokenError::WrongSession);
        }
        Ok(())
    }

    fn verify_project(&self, creds: &ProjectCredentials, now: SystemTime) -> Result<(), TokenError> {
        if self.api_key != creds.api_key().as_str() {
            return Err(TokenError::WrongKey);
        }
        if !self.signature_ok(creds) {
            return Err(TokenError::BadSignature);
        }
        match crate::session_id::belongs_to(&self.session_id, creds.api_key().as_str()) {
            Ok(true) => {}
            Ok(false) => return Err(TokenError::ForeignSession),
            Err(e) => return Err(TokenError::BadSessionId(e)),
        }
        let expires_at = self.expires_at();
        if unix_secs(now) >= unix_secs(expires_at) {
            return Err(TokenError::Expired {
                expired_at: expires_at,
            });
        }
        Ok(())
    }

    fn signature_ok(&self, creds: &ProjectCredentials) -> bool {
        match &self.signed {
            Signed::T1 { data, sig } => creds
                .hmac_sha1()
                .chain_update(data.as_bytes())
                .verify_slice(&sig[..])
                .is_ok(),
            Signed::Jwt {
                signing_input,
                signature,
            } => {
                let mut mac = creds.hmac_sha256();
                mac.update(signing_input.as_bytes());
                mac.verify_slice(signature).is_ok()
            }
        }
    }
}

/// The longest client token [`decode`] (and so [`verify`]) reads, in bytes: 48 KiB.
///
/// Real tokens are a few hundred bytes; the longest [`super::mint`] can write (1000
/// four-byte characters of connection data and as many of layout classes, each byte
/// percent-encoded in T1) is about 32 KiB. Longer text is refused with
/// [`TokenError::TooLong`] before it is decoded.
pub const MAX_TOKEN_BYTES: usize = 48 * 1024;

/// Reads a client token of either format without checking its signature: for looking
/// inside a token. Use [`verify`] to trust what it says.
///
/// Text longer than [`MAX_TOKEN_BYTES`] is refused with [`TokenError::TooLong`]; a T1
/// token with a field no SDK writes, or a field twice, is [`TokenError::Malformed`]. The
/// work is linear in the token's length.
pub fn decode(token: &str) -> Result<DecodedToken, TokenError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::TooLong {
            max: MAX_TOKEN_BYTES,
            actual: token.len(),
        });
    }
    if token.trim_ascii_start().starts_with(T1_PREFIX) {
        decode_t1(token)
    } else {
        decode_jwt(token)
    }
}

/// Decodes a client token and checks it against `creds` at `now`: the API key is theirs, the
/// signature is made with their secret, the session belongs to their key, and the token has
/// not expired (`now` is before [`DecodedToken::expires_at`]).
pub fn verify(token: &str, creds: &Credentials, now: SystemTime) -> Result<DecodedToken, TokenError> {
    let decoded = decode(token)?;
    decoded.verify(creds, now)?;
    Ok(decoded)
}

/// [`verify`], and the token is for `session_id`.
pub fn verify_for_session(
    token: &str,
    creds: &Credentials,
    now: SystemTime,
    session_id: &str,
) -> Result<DecodedToken, TokenError> {
    let decoded = decode(token)?;
    decoded.verify_for_session(creds, now, session_id)?;
    Ok(decoded)
}
