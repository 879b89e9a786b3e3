//! The HS256 JWT client token: claims `iss, ist="project", iat, exp, nonce, role,
//! scope="session.connect", session_id, [connection_data], [initial_layout_class_list]`.

use std::io::Write as _;

use serde::Deserialize;

use super::options::DEFAULT_TOKEN_LIFETIME;
use super::verify::{DecodedToken, Signed, token_time};
use super::{Role, TokenError, TokenFields, TokenFormat};
use crate::credentials::ProjectCredentials;
use crate::jwt;

/// The `scope` claim of a client token.
pub(crate) const CLIENT_TOKEN_SCOPE: &str = "session.connect";

/// Appends the decimal digits of `n`.
pub(super) fn push_u64(out: &mut Vec<u8>, n: u64) {
    // Writing into a `Vec` cannot fail.
    let _ = write!(out, "{n}");
}

/// Appends `s` as a JSON string literal (quoted and escaped).
pub(super) fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        // Nothing to escape (session ids, keys, most data): copy it between quotes.
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// Whether `s` is a JSON number that reads back as exactly the same text: an integer that
/// fits `u64`, or a decimal of at most 15 significant digits with no trailing zero.
fn is_plain_number(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let canonical_int = |p: &str| digits(p) && (p == "0" || !p.starts_with('0'));
    match s.split_once('.') {
        None => canonical_int(s) && s.parse::<u64>().is_ok(),
        Some((int, frac)) => {
            canonical_int(int)
                && digits(frac)
                && !frac.ends_with('0')
                && int.trim_start_matches('0').len() + frac.len() <= 15
        }
    }
}

/// Encodes an HS256 JWT client token from `fields`, signed with the prepared HMAC-SHA256
/// state of `creds`. `iat` is the create time; `exp` the expire time, or 24 hours after
/// `iat` when there is none. A nonce that reads as a number is written as a JSON number (as
/// the official SDKs do), anything else as a string. No checks are made (see
/// [`super::mint`]).
#[cfg_attr(not(fuzzing), allow(unreachable_pub))] // public through `crate::fuzzing` only
pub fn encode_jwt(creds: &ProjectCredentials, fields: &TokenFields<'_>) -> String {
    let exp = fields.expire_time.unwrap_or(
        fields
            .create_time
            .saturating_add(DEFAULT_TOKEN_LIFETIME.as_secs()),
    );
    let layout: usize = fields.initial_layout_class_list.iter().map(|c| c.len() + 1).sum();
    let mut c = Vec::with_capacity(
        192 + creds.api_key().as_str().len()
            + fields.session_id.len()
            + fields.nonce.len()
            + fields.connection_data.map_or(0, |d| d.len() + 24)
            + layout
            + 32,
    );
    c.extend_from_slice(b"{\"iss\":");
    push_json_str(&mut c, creds.api_key().as_str());
    c.extend_from_slice(b",\"ist\":\"project\",\"iat\":");
    push_u64(&mut c, fields.create_time);
    c.extend_from_slice(b",\"exp\":");
    push_u64(&mut c, exp);
    c.extend_from_slice(b",\"nonce\":");
    if is_plain_number(fields.nonce) {
        c.extend_from_slice(fields.nonce.as_bytes());
    } else {
        push_json_str(&mut c, fields.nonce);
    }
    c.extend_from_slice(b",\"role\":\"");
    c.extend_from_slice(fields.role.as_str().as_bytes());
    c.extend_from_slice(b"\",\"scope\":\"session.connect\",\"session_id\":");
    push_json_str(&mut c, fields.session_id);
    if let Some(data) = fields.connection_data {
        c.extend_from_slice(b",\"connection_data\":");
        push_json_str(&mut c, data);
    }
    if !fields.initial_layout_class_list.is_empty() {
        c.extend_from_slice(b",\"initial_layout_class_list\":");
        let joined = fields.initial_layout_class_list.join(" ");
        push_json_str(&mut c, &joined);
    }
    c.push(b'}');
    jwt::encode_hs256(creds.hmac_sha256(), &c)
}

/// The layout list as the SDKs write it: a space-joined string, or (some versions, Python) an
/// array. Read by both JWT client-token readers (HS256 here, RS256 in `rs256.rs`).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Layout {
    Joined(String),
    List(Vec<String>),
}

/// The layout classes of an optional `initial_layout_class_list` claim.
pub(super) fn layout_classes(layout: Option<Layout>) -> Vec<String> {
    match layout {
        None => Vec::new(),
        Some(Layout::Joined(s)) => s.split_ascii_whitespace().map(str::to_owned).collect(),
        Some(Layout::List(v)) => v,
    }
}

/// The role of a client token's claims, after checking its optional `scope`.
pub(super) fn client_role(scope: Option<&str>, role: Option<&str>) -> Result<Role, TokenError> {
    if scope.is_some_and(|s| s != CLIENT_TOKEN_SCOPE) {
        return Err(malformed("scope is not `session.connect`"));
    }
    let role = role.ok_or(malformed("no role"))?;
    Role::from_wire(role).ok_or(malformed("unknown role"))
}

#[derive(Deserialize)]
struct Claims {
    #[serde(default, deserialize_with = "crate::serde_util::opt_string_or_number")]
    iss: Option<String>,
    #[serde(default)]
    ist: Option<String>,
    #[serde(default, deserialize_with = "crate::serde_util::lenient_opt_u64")]
    iat: Option<u64>,
    #[serde(default, deserialize_with = "crate::serde_util::lenient_opt_u64")]
    exp: Option<u64>,
    #[serde(default, deserialize_with = "crate::serde_util::opt_string_or_number")]
    nonce: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    session_id: Option<String>,
    #[serde(default)]
    connection_data: Option<String>,
    #[serde(default)]
    initial_layout_class_list: Option<Layout>,
}

fn malformed(what: &'static str) -> TokenError {
    TokenError::Malformed(what)
}

/// Decodes a JWT client token (no secret needed). Accepts the claim sets of the Python,
/// Node, Ruby and PHP SDKs (any order, extra claims, numeric or string nonces).
pub(super) fn decode_jwt(token: &str) -> Result<DecodedToken, TokenError> {
    let token = token.trim_ascii();
    let raw = jwt::split(token).map_err(|e| match e {
        jwt::JwtShapeError::Parts => malformed("not a T1 token or a three-part JWT"),
        jwt::JwtShapeError::Base64 => malformed("a JWT part is not base64url"),
        jwt::JwtShapeError::Json => malformed("JWT header or claims are not JSON objects"),
        jwt::JwtShapeError::Algorithm => malformed("JWT algorithm is not HS256"),
    })?;
    let claims: Claims =
        serde_json::from_slice(&raw.claims).map_err(|_| malformed("JWT claims have the wrong shape"))?;
    if claims.ist.as_deref().is_some_and(|i| i != "project") {
        return Err(malformed("ist is not `project`"));
    }
    let role = client_role(claims.scope.as_deref(), claims.role.as_deref())?;
    let layout = layout_classes(claims.initial_layout_class_list);
    Ok(DecodedToken {
        format: TokenFormat::Jwt,
        api_key: claims.iss.ok_or(malformed("no iss"))?,
        session_id: claims.session_id.ok_or(malformed("no session_id"))?,
        role,
        issued_at: token_time(claims.iat.ok_or(malformed("no iat"))?, "iat is out of range")?,
        expire_time: claims
            .exp
            .map(|t| token_time(t, "exp is out of range"))
            .transpose()?,
        nonce: claims.nonce.ok_or(malformed("no nonce"))?,
        connection_data: claims.connection_data,
        initial_layout_class_list: layout,
        signed: Signed::Jwt {
            signing_input: raw.signing_input.to_owned(),
            signature: raw.signature,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_match_serde_json() {
        for s in [
            "",
            "2_MX40-fg",
            "a\"b",
            "back\\slash",
            "tab\t",
            "\u{1}",
            "é 🎥",
            "</script>",
            "\u{7f}",
        ] {
            let mut ours = Vec::new();
            push_json_str(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).expect("serialises"), "{s:?}");
        }
    }

    #[test]
    fn plain_numbers() {
        for ok in [
            "0",
            "7",
            "123456",
            "0.123456789",
            "10.5",
            "18446744073709551615",
            "0.000001",
        ] {
            assert!(is_plain_number(ok), "{ok}");
        }
        for bad in [
            "",
            ".5",
            "5.",
            "01",
            "1e5",
            "-1",
            "0x1",
            "1.2.3",
            "abc",
            "0.50",
            "18446744073709551616",
            "0.1234567890123456",
        ] {
            assert!(!is_plain_number(bad), "{bad}");
        }
    }
}
