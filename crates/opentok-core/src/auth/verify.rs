//! The service's side of REST authentication: the claims a request's token carries and the
//! checks that admit it. Built with the `verify` feature (the emulator's), and for core's
//! own tests.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::clock::unix_secs;
use crate::credentials::ProjectCredentials;
use crate::jwt;
use crate::rs256::{self, PublicKey};

/// The service's cap on `exp - iat`.
const MAX_REST_AUTH_LIFETIME: Duration = Duration::from_secs(300);

/// The claims of a REST auth token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RestAuthClaims {
    /// The API key.
    pub iss: String,
    /// Issuer type: `project`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ist: Option<String>,
    /// Issued at (Unix seconds).
    pub iat: u64,
    /// Expires at (Unix seconds).
    pub exp: u64,
    /// Unique token id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// Why a REST auth token was refused. The messages are the service's own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RestAuthError {
    /// The header is missing.
    #[error("Missing authentication header")]
    Missing,
    /// Not a compact HS256 JWT with JSON claims.
    #[error("Invalid token format")]
    Format,
    /// Signed with another secret.
    #[error("Invalid signature")]
    Signature,
    /// `iss` is not the API key of the project addressed.
    #[error("Issuer not found")]
    Issuer,
    /// `ist` is present and not `project`.
    #[error("Invalid issuer type")]
    IssuerType,
    /// `iat` is ahead of the server's clock beyond the allowed skew.
    #[error("issued time cannot be greater than current time")]
    IssuedInFuture,
    /// `exp` has passed.
    #[error("Token expired")]
    Expired,
    /// `exp - iat` is over 300 seconds.
    #[error("The maximum allowed expiration time range is 5 minutes")]
    LifetimeTooLong,
}

/// Verifies an `X-OPENTOK-AUTH` token against `creds` at `now`, allowing `skew` for `iat`.
pub fn verify_rest_auth(
    token: &str,
    creds: &ProjectCredentials,
    now: SystemTime,
    skew: Duration,
) -> Result<RestAuthClaims, RestAuthError> {
    let raw = jwt::split(token.trim()).map_err(|_| RestAuthError::Format)?;
    let claims: RestAuthClaims = serde_json::from_slice(&raw.claims).map_err(|_| RestAuthError::Format)?;
    if !jwt::verify(creds.hmac_sha256(), &raw) {
        return Err(RestAuthError::Signature);
    }
    if claims.iss != creds.api_key().as_str() {
        return Err(RestAuthError::Issuer);
    }
    // Ruby puts `ist` in the header; accept it in either place, but when present it must be project.
    let ist = claims.ist.as_deref().or(raw.header_ist.as_deref());
    if ist.is_some_and(|i| i != "project") {
        return Err(RestAuthError::IssuerType);
    }
    let now_s = unix_secs(now);
    if claims.iat > now_s + skew.as_secs() {
        return Err(RestAuthError::IssuedInFuture);
    }
    if claims.exp <= now_s {
        return Err(RestAuthError::Expired);
    }
    if claims.exp.saturating_sub(claims.iat) > MAX_REST_AUTH_LIFETIME.as_secs() {
        return Err(RestAuthError::LifetimeTooLong);
    }
    Ok(claims)
}

/// The claims of a REST bearer JWT, as read by [`verify_bearer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BearerClaims {
    /// The application id.
    pub application_id: String,
    /// Issued at (Unix seconds).
    pub iat: u64,
    /// Expires at (Unix seconds); the Java and .NET SDKs send none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<u64>,
    /// Unique token id (a UUID; base64 text from the .NET SDKs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// Verifies a REST bearer JWT (with or without its `Bearer ` prefix) for `application_id`
/// with `key` at `now`, allowing `skew` for `iat`.
///
/// Accepts what every official SDK sends: any claim order, extra claims (`iss`, `ist`), no
/// `exp` (Java, .NET) and any lifetime (900 s from the Vonage SDKs). Refuses another
/// algorithm than RS256, a bad signature, another application, a missing or future `iat`
/// and a passed `exp`.
pub fn verify_bearer(
    token: &str,
    application_id: &str,
    key: &PublicKey,
    now: SystemTime,
    skew: Duration,
) -> Result<BearerClaims, RestAuthError> {
    let token = token.trim_ascii();
    let token = match token.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => &token[7..],
        _ => token,
    };
    let claims = rs256::verify(token, key).map_err(|e| match e {
        rs256::Rs256Error::Signature => RestAuthError::Signature,
        _ => RestAuthError::Format,
    })?;
    let claims: BearerClaims = serde_json::from_slice(&claims).map_err(|_| RestAuthError::Format)?;
    if claims.application_id != application_id {
        return Err(RestAuthError::Issuer);
    }
    let now_s = unix_secs(now);
    if claims.iat > now_s.saturating_add(skew.as_secs()) {
        return Err(RestAuthError::IssuedInFuture);
    }
    if claims.exp.is_some_and(|exp| exp <= now_s) {
        return Err(RestAuthError::Expired);
    }
    Ok(claims)
}
