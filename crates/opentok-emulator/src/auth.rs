//! Request authentication: `X-OPENTOK-AUTH` for the REST API and the control API, and the
//! legacy `X-TB-PARTNER-AUTH` / `X-TB-TOKEN-AUTH` headers of the hl API.

use std::sync::Arc;

use http::HeaderMap;
use opentok_core::auth::{
    PARTNER_AUTH_HEADER, REST_AUTH_HEADER, RestAuthError, TOKEN_AUTH_HEADER, verify_rest_auth,
};
use subtle::ConstantTimeEq as _;

use crate::client_token::{self, Grant};
use crate::reply::{Resp, forbidden};
use crate::state::{Emu, Project};

fn header<'a>(h: &'a HeaderMap, name: &http::HeaderName) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn refuse(e: &RestAuthError) -> Resp {
    forbidden(&e.to_string())
}

/// Admits a REST call addressed to project `key` (the `{apiKey}` of the path).
pub(crate) fn rest<'a>(emu: &'a Emu, key: &str, h: &HeaderMap) -> Result<&'a Arc<Project>, Resp> {
    let token = header(h, &REST_AUTH_HEADER).ok_or_else(|| refuse(&RestAuthError::Missing))?;
    let Some(p) = emu.project(key) else {
        return Err(refuse(&RestAuthError::Issuer));
    };
    verify_rest_auth(token, &p.creds, emu.now(), emu.config.skew).map_err(|e| refuse(&e))?;
    Ok(p)
}

/// Admits a call whose path names no project (session create, the control API): the
/// token's `iss` picks the project, whose secret must have signed it.
pub(crate) fn by_issuer<'a>(emu: &'a Emu, h: &HeaderMap) -> Result<&'a Arc<Project>, Resp> {
    let token = header(h, &REST_AUTH_HEADER).ok_or_else(|| refuse(&RestAuthError::Missing))?;
    let key = issuer(token).ok_or_else(|| refuse(&RestAuthError::Format))?;
    rest(emu, &key, h)
}

/// The `iss` claim of a JWT, read without verifying it.
fn issuer(token: &str) -> Option<String> {
    use base64::Engine as _;
    let part = token.trim().split('.').nth(1)?;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    match serde_json::from_slice::<serde_json::Value>(&raw)
        .ok()?
        .get("iss")?
    {
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
    let expected = p.creds.api_secret().expose_secret().as_bytes();
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
        let g = client_token::verify(t, &p.creds, None, emu.now(), true)?;
        return Ok((p, g));
    }
    let key = client_token::claimed_key(t).ok_or("Invalid token format")?;
    let p = emu.project(&key).ok_or("Invalid token")?;
    let g = client_token::verify(t, &p.creds, None, emu.now(), staging)?;
    Ok((p, g))
}
