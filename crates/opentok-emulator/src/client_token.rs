//! Client tokens as the emulator admits them: T1 (`T1==` + base64 of `partner_id=…&sig=…:data`)
//! and HS256 JWTs, each verified against the project's secret, the session and the clock.
//! Staging mode adds the generic `devtoken` and `moderator_token`.

use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use opentok_core::ProjectCredentials;
use opentok_core::clock::unix_secs;
use serde_json::Value;
use sha1::Sha1;
use sha2::Sha256;

use crate::input::{form_get, parse_form};

/// A connection role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Subscriber,
    Publisher,
    PublisherOnly,
    Moderator,
}

impl Role {
    pub(crate) fn parse(s: &str) -> Option<Role> {
        match s {
            "subscriber" => Some(Role::Subscriber),
            "publisher" => Some(Role::Publisher),
            "publisheronly" => Some(Role::PublisherOnly),
            "moderator" => Some(Role::Moderator),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Subscriber => "subscriber",
            Role::Publisher => "publisher",
            Role::PublisherOnly => "publisheronly",
            Role::Moderator => "moderator",
        }
    }

    pub(crate) fn may_publish(self) -> bool {
        self != Role::Subscriber
    }
}

/// What a verified token grants.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub(crate) session_id: Option<String>,
    pub(crate) role: Role,
    pub(crate) data: Option<String>,
    pub(crate) layout: Vec<String>,
}

/// Why a token was refused (the text goes into the 403 body).
pub(crate) type Refusal = &'static str;

/// The API key a token claims, read without verifying anything.
pub(crate) fn claimed_key(token: &str) -> Option<String> {
    let token = token.trim();
    if let Some(b64) = token.strip_prefix("T1==") {
        let raw = decode_b64(b64)?;
        let text = String::from_utf8(raw).ok()?;
        let (head, _) = text.split_once(':')?;
        let f = parse_form(head)?;
        return form_get(&f, "partner_id").map(str::to_owned);
    }
    let claims = jwt_part(token, 1)?;
    match claims.get("iss")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Verifies `token` for `session_id` (any session of the project when `None`).
pub(crate) fn verify(
    token: &str,
    creds: &ProjectCredentials,
    session_id: Option<&str>,
    now: SystemTime,
    staging: bool,
) -> Result<Grant, Refusal> {
    let token = token.trim();
    if staging && (token == "devtoken" || token == "moderator_token") {
        let role = if token == "devtoken" {
            Role::Publisher
        } else {
            Role::Moderator
        };
        return Ok(Grant {
            session_id: session_id.map(str::to_owned),
            role,
            data: None,
            layout: Vec::new(),
        });
    }
    let grant = if let Some(b64) = token.strip_prefix("T1==") {
        verify_t1(b64, creds, now)?
    } else if token.split('.').count() == 3 {
        verify_jwt(token, creds, now)?
    } else {
        return Err("Invalid token format");
    };
    if let Some(sid) = session_id
        && grant.session_id.as_deref() != Some(sid)
    {
        return Err("Token is not for this session");
    }
    Ok(grant)
}

fn decode_b64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    STANDARD
        .decode(s)
        .or_else(|_| STANDARD_NO_PAD.decode(s.trim_end_matches('=')))
        .ok()
}

fn verify_t1(b64: &str, creds: &ProjectCredentials, now: SystemTime) -> Result<Grant, Refusal> {
    let raw = decode_b64(b64).ok_or("Invalid token format")?;
    let text = String::from_utf8(raw).map_err(|_| "Invalid token format")?;
    let (head, data) = text.split_once(':').ok_or("Invalid token format")?;
    let head = parse_form(head).ok_or("Invalid token format")?;
    if form_get(&head, "partner_id") != Some(creds.api_key().as_str()) {
        return Err("Token was not issued for this project");
    }
    let sig = form_get(&head, "sig").ok_or("Invalid token format")?;
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(creds.api_secret().expose_secret().as_bytes())
        .map_err(|_| "Invalid signature")?;
    mac.update(data.as_bytes());
    let expected = crate::ids::hex(&mac.finalize().into_bytes());
    if !constant_eq(expected.as_bytes(), sig.to_ascii_lowercase().as_bytes()) {
        return Err("Invalid signature");
    }
    let fields = parse_form(data).ok_or("Invalid token format")?;
    if let Some(exp) = form_get(&fields, "expire_time").filter(|s| !s.is_empty()) {
        let exp: u64 = exp.parse().map_err(|_| "Invalid token format")?;
        if exp <= unix_secs(now) {
            return Err("Token expired");
        }
    }
    let role = match form_get(&fields, "role") {
        None | Some("") => Role::Publisher,
        Some(r) => Role::parse(r).ok_or("Invalid role")?,
    };
    Ok(Grant {
        session_id: form_get(&fields, "session_id").map(str::to_owned),
        role,
        data: form_get(&fields, "connection_data").map(str::to_owned),
        layout: split_layout(form_get(&fields, "initial_layout_class_list")),
    })
}

fn jwt_part(token: &str, i: usize) -> Option<serde_json::Map<String, Value>> {
    let part = token.split('.').nth(i)?;
    let raw = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    match serde_json::from_slice(&raw).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

fn verify_jwt(token: &str, creds: &ProjectCredentials, now: SystemTime) -> Result<Grant, Refusal> {
    let header = jwt_part(token, 0).ok_or("Invalid token format")?;
    let claims = jwt_part(token, 1).ok_or("Invalid token format")?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err("Invalid token format");
    }
    let (signed, sig) = token.rsplit_once('.').ok_or("Invalid token format")?;
    let sig = URL_SAFE_NO_PAD
        .decode(sig.trim_end_matches('='))
        .map_err(|_| "Invalid token format")?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(creds.api_secret().expose_secret().as_bytes())
        .map_err(|_| "Invalid signature")?;
    mac.update(signed.as_bytes());
    if mac.verify_slice(&sig).is_err() {
        return Err("Invalid signature");
    }
    let iss = match claims.get("iss") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("Invalid token format"),
    };
    if iss != creds.api_key().as_str() {
        return Err("Token was not issued for this project");
    }
    if let Some(scope) = claims.get("scope").and_then(Value::as_str)
        && scope != "session.connect"
    {
        return Err("Invalid token scope");
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_u64)
        .ok_or("Invalid token format")?;
    if exp <= unix_secs(now) {
        return Err("Token expired");
    }
    let role = match claims.get("role").and_then(Value::as_str) {
        None => Role::Publisher,
        Some(r) => Role::parse(r).ok_or("Invalid role")?,
    };
    let text = |k: &str| claims.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(Grant {
        session_id: text("session_id"),
        role,
        data: text("connection_data"),
        layout: split_layout(text("initial_layout_class_list").as_deref()),
    })
}

fn split_layout(s: Option<&str>) -> Vec<String> {
    s.map(|s| s.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
