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
/// Only those two claims are read, borrowed from the decoded payload (the check that follows
/// reads the whole token).
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
    let claims = serde_json::from_slice::<Named<'_>>(&raw).ok()?;
    match claims.application_id {
        Claim::Absent => claims.iss.into_key(),
        named => named.into_key(),
    }
}

/// The two claims that name a project.
#[derive(serde::Deserialize)]
struct Named<'a> {
    #[serde(default, borrow)]
    application_id: Claim<'a>,
    #[serde(default, borrow)]
    iss: Claim<'a>,
}

/// A claim that names a project: text or a number; anything else names none.
#[derive(Default)]
enum Claim<'a> {
    #[default]
    Absent,
    Text(std::borrow::Cow<'a, str>),
    Number(serde_json::Number),
    Other,
}

impl Claim<'_> {
    fn into_key(self) -> Option<String> {
        match self {
            Claim::Text(s) => Some(s.into_owned()),
            Claim::Number(n) => Some(n.to_string()),
            Claim::Absent | Claim::Other => None,
        }
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Claim<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Claim<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Claim<'de>, E> {
                Ok(Claim::Text(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Claim<'de>, E> {
                Ok(Claim::Text(v.to_owned().into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Claim<'de>, E> {
                Ok(Claim::Number(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Claim<'de>, E> {
                Ok(Claim::Number(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Claim<'de>, E> {
                Ok(serde_json::Number::from_f64(v).map_or(Claim::Other, Claim::Number))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Claim<'de>, E> {
                Ok(Claim::Other)
            }
            fn visit_unit<E>(self) -> Result<Claim<'de>, E> {
                Ok(Claim::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Claim<'de>, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Claim::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Claim<'de>, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Claim::Other)
            }
        }
        d.deserialize_any(V)
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

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    fn token(claims: &str) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.sig", b64(r#"{"alg":"HS256"}"#), b64(claims))
    }

    /// `application_id` wins over `iss`; text or numbers name a project; any other value,
    /// `null` included, names none (and `iss` is then not read).
    #[test]
    fn the_issuer_is_the_application_id_else_iss() {
        let cases = [
            (r#"{"iss":"47001234","exp":1}"#, Some("47001234")),
            (r#"{"iss":47001234}"#, Some("47001234")),
            (r#"{"iss":"x\"y"}"#, Some("x\"y")),
            (r#"{"application_id":"app-1","iss":"47001234"}"#, Some("app-1")),
            (r#"{"iss":"47001234","application_id":"app-1"}"#, Some("app-1")),
            (r#"{"application_id":null,"iss":"47001234"}"#, None),
            (r#"{"iss":true}"#, None),
            (r#"{"iss":{"a":[1]}}"#, None),
            (r#"{"sub":"x"}"#, None),
            ("not json", None),
        ];
        for (claims, want) in cases {
            assert_eq!(super::issuer(&token(claims)).as_deref(), want, "{claims}");
            let bearer = format!("Bearer {}", token(claims));
            assert_eq!(super::issuer(&bearer).as_deref(), want, "{claims}");
        }
        assert_eq!(super::issuer("no-dots"), None);
    }
}
