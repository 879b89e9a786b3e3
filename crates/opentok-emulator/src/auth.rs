//! Request authentication: `X-OPENTOK-AUTH` (API key + secret, HS256) or
//! `Authorization: Bearer` (Vonage applications, RS256) for the REST API and the control API,
//! and the legacy `X-TB-PARTNER-AUTH` / `X-TB-TOKEN-AUTH` headers of the hl API.
//!
//! An application's RS256 JWT is also accepted in `X-OPENTOK-AUTH`, where the OpenTok PHP SDK
//! sends it. Every refusal is a 403 (the service's OpenAPI spec; see
//! `docs/vonage-applications.md`).

use std::sync::Arc;

use http::HeaderMap;
use http::header::AUTHORIZATION;
use opentok_core::rest_auth::{
    PARTNER_AUTH_HEADER, REST_AUTH_HEADER, RestAuthError, TOKEN_AUTH_HEADER, verify_bearer, verify_rest_auth,
};
use subtle::ConstantTimeEq as _;

use crate::client_token::{self, Grant};
use crate::reply::{Resp, forbidden};
use crate::state::{Emu, Project, ProjectAuth};

fn header<'a>(h: &'a HeaderMap, name: &http::HeaderName) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn refuse(e: &RestAuthError) -> Resp {
    forbidden(&e.to_string())
}

/// The `Authorization` header when it holds a bearer credential.
fn bearer(h: &HeaderMap) -> Option<&str> {
    header(h, &AUTHORIZATION).filter(|v| v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer ")))
}

/// The REST credential `p` reads: `X-OPENTOK-AUTH` for a key + secret project; for an
/// application the bearer header, else `X-OPENTOK-AUTH`.
fn credential<'h>(p: &Project, h: &'h HeaderMap) -> Option<&'h str> {
    match p.auth {
        ProjectAuth::Secret(_) => header(h, &REST_AUTH_HEADER),
        ProjectAuth::Application { .. } => bearer(h).or_else(|| header(h, &REST_AUTH_HEADER)),
    }
}

/// Admits a REST call addressed to project `key` (the `{apiKey}` or `{applicationId}` of the
/// path).
pub(crate) fn rest<'a>(emu: &'a Emu, key: &str, h: &HeaderMap) -> Result<&'a Arc<Project>, Resp> {
    if bearer(h).is_none() && !h.contains_key(&REST_AUTH_HEADER) {
        return Err(refuse(&RestAuthError::Missing));
    }
    let Some(p) = emu.project(key) else {
        return Err(refuse(&RestAuthError::Issuer));
    };
    let token = credential(p, h).ok_or_else(|| refuse(&RestAuthError::Missing))?;
    let checked = match &p.auth {
        ProjectAuth::Secret(creds) => verify_rest_auth(token, creds, emu.now(), emu.config.skew).map(drop),
        ProjectAuth::Application { id, public_key } => {
            verify_bearer(token, id.as_str(), public_key, emu.now(), emu.config.skew).map(drop)
        }
    };
    checked.map_err(|e| refuse(&e))?;
    Ok(p)
}

/// Admits a call whose path names no project (session create, the control API): the
/// token's `application_id` (applications) or `iss` (API keys) picks the project, whose key
/// or secret must have signed it.
pub(crate) fn by_issuer<'a>(emu: &'a Emu, h: &HeaderMap) -> Result<&'a Arc<Project>, Resp> {
    let token = bearer(h)
        .or_else(|| header(h, &REST_AUTH_HEADER))
        .ok_or_else(|| refuse(&RestAuthError::Missing))?;
    let key = issuer(token).ok_or_else(|| refuse(&RestAuthError::Format))?;
    rest(emu, &key, h)
}

/// The project a JWT names, read without verifying it: its `application_id`, else its `iss`.
fn issuer(token: &str) -> Option<String> {
    use base64::Engine as _;
    let token = token.trim();
    let token = match token.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => &token[7..],
        _ => token,
    };
    let part = token.split('.').nth(1)?;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    let claims = serde_json::from_slice::<serde_json::Value>(&raw).ok()?;
    match claims.get("application_id").or_else(|| claims.get("iss"))? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Whether the request carries a legacy partner header.
pub(crate) fn has_partner(h: &HeaderMap) -> bool {
    h.contains_key(&PARTNER_AUTH_HEADER)
}

/// The project named by `X-TB-PARTNER-AUTH: key:secret`, or why not.
pub(crate) fn partner<'a>(emu: &'a Emu, h: &HeaderMap) -> Result<&'a Arc<Project>, &'static str> {
    let v = header(h, &PARTNER_AUTH_HEADER).ok_or("Missing X-TB-PARTNER-AUTH header")?;
    let (key, secret) = v.split_once(':').ok_or("Invalid partner credentials")?;
    let p = emu.project(key).ok_or("Invalid partner credentials")?;
    // An application has no secret to send.
    let ProjectAuth::Secret(creds) = &p.auth else {
        return Err("Invalid partner credentials");
    };
    let expected = creds.api_secret().expose_secret().as_bytes();
    // Constant time: how much of a guess matched must not show in how long the answer takes.
    if bool::from(expected.ct_eq(secret.as_bytes())) {
        Ok(p)
    } else {
        Err("The API secret did not match, Invalid credentials passed")
    }
}

/// The project and grant of an `X-TB-TOKEN-AUTH` client token (any session of the project).
pub(crate) fn token<'a>(emu: &'a Emu, h: &HeaderMap) -> Result<(&'a Arc<Project>, Grant), &'static str> {
    let t = header(h, &TOKEN_AUTH_HEADER).ok_or("Missing X-TB-TOKEN-AUTH header")?;
    let staging = emu.config.staging;
    if staging && (t == "devtoken" || t == "moderator_token") {
        let p = emu.projects.values().next().ok_or("Invalid token")?;
        let g = client_token::verify(t, &p.auth, None, emu.now(), true)?;
        return Ok((p, g));
    }
    let key = client_token::claimed_key(t).ok_or("Invalid token format")?;
    let p = emu.project(&key).ok_or("Invalid token")?;
    let g = client_token::verify(t, &p.auth, None, emu.now(), staging)?;
    Ok((p, g))
}
