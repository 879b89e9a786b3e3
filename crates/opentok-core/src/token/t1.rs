//! The T1 format: `"T1==" + base64("partner_id=<key>&sig=<hex hmac-sha1(secret, data)>:" + data)`.
//!
//! `data` is form-encoded in the seed's order: `role, session_id, create_time, nonce,
//! [expire_time], [connection_data], [initial_layout_class_list]`.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use hmac::Mac;

use super::verify::{DecodedToken, Signed, token_time};
use super::{Role, TokenError, TokenFields, TokenFormat};
use crate::credentials::ProjectCredentials;
use crate::form;

/// The literal prefix of every T1 token (not base64 padding).
#[cfg_attr(not(fuzzing), allow(unreachable_pub))] // public through `crate::fuzzing` only
pub const T1_PREFIX: &str = "T1==";

/// Standard alphabet; padding optional (strict about trailing bits, so a changed last
/// character is never silently the same token).
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The data a T1 token signs: `role, session_id, create_time, nonce, [expire_time],
/// [connection_data], [initial_layout_class_list]`, form-encoded.
fn data(f: &TokenFields<'_>) -> String {
    let layout: usize = f.initial_layout_class_list.iter().map(|c| c.len() + 1).sum();
    let mut out = String::with_capacity(
        96 + 3 * (f.session_id.len() + f.nonce.len() + f.connection_data.map_or(0, str::len) + layout),
    );
    out.push_str("role=");
    out.push_str(f.role.as_str());
    out.push_str("&session_id=");
    form::encode_into(&mut out, f.session_id);
    // Writing into a `String` cannot fail.
    let _ = write!(out, "&create_time={}&nonce=", f.create_time);
    form::encode_into(&mut out, f.nonce);
    if let Some(exp) = f.expire_time {
        let _ = write!(out, "&expire_time={exp}");
    }
    if let Some(data) = f.connection_data {
        out.push_str("&connection_data=");
        form::encode_into(&mut out, data);
    }
    if !f.initial_layout_class_list.is_empty() {
        out.push_str("&initial_layout_class_list=");
        form::encode_into(&mut out, &f.initial_layout_class_list.join(" "));
    }
    out
}

/// Encodes a T1 token from `fields`, signed with the prepared HMAC-SHA1 state of `creds`.
///
/// No checks are made (see [`super::mint`] for the checked path); with the same fields the
/// output is byte for byte the seed's.
#[cfg_attr(not(fuzzing), allow(unreachable_pub))] // public through `crate::fuzzing` only
pub fn encode_t1(creds: &ProjectCredentials, fields: &TokenFields<'_>) -> String {
    let data = data(fields);
    let tag = creds
        .hmac_sha1()
        .chain_update(data.as_bytes())
        .finalize()
        .into_bytes();
    let key = creds.api_key().as_str();
    let mut inner = String::with_capacity(key.len() + 58 + data.len());
    inner.push_str("partner_id=");
    inner.push_str(key); // `A-Z a-z 0-9 - _ .`: nothing to form-encode
    inner.push_str("&sig=");
    for byte in tag {
        let _ = write!(inner, "{byte:02x}");
    }
    inner.push(':');
    inner.push_str(&data);
    let mut token = String::with_capacity(T1_PREFIX.len() + inner.len().div_ceil(3) * 4);
    token.push_str(T1_PREFIX);
    STANDARD.encode_string(inner, &mut token);
    token
}

fn malformed(what: &'static str) -> TokenError {
    TokenError::Malformed(what)
}

fn hex_nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn parse_sig(hex: &str) -> Option<[u8; 20]> {
    let hex = hex.as_bytes();
    if hex.len() != 40 {
        return None;
    }
    let mut sig = [0u8; 20];
    for (out, pair) in sig.iter_mut().zip(hex.chunks_exact(2)) {
        *out = hex_nibble(pair[0])? << 4 | hex_nibble(pair[1])?;
    }
    Some(sig)
}

fn parse_time(v: &str, what: &'static str) -> Result<u64, TokenError> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(what));
    }
    // Too many digits for u64 reads as u64::MAX, which `token_time` refuses as out of range.
    Ok(v.parse().unwrap_or(u64::MAX))
}

/// The data fields the official SDKs write in a T1 token, in any order; a token with any
/// other field, or with one of these twice, is refused before that field's value is decoded.
const DATA_FIELDS: [&str; 8] = [
    "role",
    "session_id",
    "create_time",
    "nonce",
    "expire_time",
    "connection_data",
    "initial_layout_class_list",
    "scope",
];

/// The `name=value` pairs of a form-encoded string, neither decoded; empty pairs skipped.
fn split_pairs(s: &str) -> impl Iterator<Item = (&str, &str)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// Marks field `bit` as seen, refusing it (`what`) when it was seen before.
fn first_time(seen: &mut u8, bit: usize, what: &'static str) -> Result<(), TokenError> {
    let mask = 1u8 << bit;
    if *seen & mask != 0 {
        return Err(malformed(what));
    }
    *seen |= mask;
    Ok(())
}

/// Decodes a T1 token (no secret needed). Accepts every field order the official SDKs
/// write, `%20` or `+` for spaces, `scope`, and Java's URL-safe base64; refuses fields no
/// SDK writes and repeated fields (each before decoding any value after it). The caller
/// ([`super::decode`]) has already refused tokens over [`super::MAX_TOKEN_BYTES`].
pub(super) fn decode_t1(token: &str) -> Result<DecodedToken, TokenError> {
    let body = token
        .trim_ascii()
        .strip_prefix(T1_PREFIX)
        .ok_or(malformed("no T1== prefix"))?;
    let body = body.trim_end_matches('=');
    let inner = if body.contains(['-', '_']) {
        let std: String = body
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        LENIENT_STANDARD.decode(std)
    } else {
        LENIENT_STANDARD.decode(body)
    }
    .map_err(|_| malformed("body is not base64"))?;
    let inner = String::from_utf8(inner).map_err(|_| malformed("body is not UTF-8"))?;
    let (head, data) = inner
        .split_once(':')
        .ok_or(malformed("no `:` between signature and data"))?;

    let mut partner_id = None;
    let mut sig = None;
    let mut seen = 0u8;
    for (k, v) in split_pairs(head) {
        let bit = match k {
            "partner_id" => 0,
            "sig" => 1,
            _ => return Err(malformed("a signature-part field no SDK writes")),
        };
        first_time(&mut seen, bit, "duplicate field in signature part")?;
        let v = form::decode(v).ok_or(malformed("signature part is not form-encoded"))?;
        if bit == 0 {
            partner_id = Some(v);
        } else {
            sig = Some(v);
        }
    }
    let api_key = partner_id.ok_or(malformed("no partner_id"))?;
    let sig = sig
        .as_deref()
        .and_then(parse_sig)
        .ok_or(malformed("sig is not 40 hex digits"))?;

    let mut session_id = None;
    let mut role = None;
    let mut create_time = None;
    let mut expire_time = None;
    let mut nonce = None;
    let mut connection_data = None;
    let mut layout = None;
    let mut seen = 0u8;
    for (k, v) in split_pairs(data) {
        // The name is checked, and seen at most once, before the value is decoded: a token
        // holds at most one of each of these eight fields.
        let bit = DATA_FIELDS
            .iter()
            .position(|f| *f == k)
            .ok_or(malformed("a data field no SDK writes"))?;
        first_time(&mut seen, bit, "duplicate field in data")?;
        let v = form::decode(v).ok_or(malformed("data is not form-encoded"))?;
        match k {
            "session_id" => session_id = Some(v),
            "role" => role = Some(Role::from_wire(&v).ok_or(malformed("unknown role"))?),
            "create_time" => create_time = Some(parse_time(&v, "create_time is not a Unix time")?),
            // PHP and others may write an empty expire_time for "none".
            "expire_time" if v.is_empty() => {}
            "expire_time" => expire_time = Some(parse_time(&v, "expire_time is not a Unix time")?),
            "nonce" => nonce = Some(v),
            "connection_data" => connection_data = Some(v),
            "initial_layout_class_list" => {
                layout = Some(v.split_ascii_whitespace().map(str::to_owned).collect())
            }
            // `scope` (Java and Node write `session.connect`) says nothing more.
            _ => {}
        }
    }
    Ok(DecodedToken {
        format: TokenFormat::T1,
        api_key,
        session_id: session_id.ok_or(malformed("no session_id"))?,
        role: role.ok_or(malformed("no role"))?,
        issued_at: token_time(
            create_time.ok_or(malformed("no create_time"))?,
            "create_time is out of range",
        )?,
        expire_time: expire_time
            .map(|t| token_time(t, "expire_time is out of range"))
            .transpose()?,
        nonce: nonce.ok_or(malformed("no nonce"))?,
        connection_data,
        initial_layout_class_list: layout.unwrap_or_default(),
        signed: Signed::T1 {
            data: data.to_owned(),
            sig,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_40_hex_digits() {
        assert_eq!(
            parse_sig("94bd3a18bcf0b12e31fa9d46c11769255c9ecefd").map(|s| s[0]),
            Some(0x94)
        );
        assert_eq!(
            parse_sig("94BD3A18BCF0B12E31FA9D46C11769255C9ECEFD").map(|s| s[1]),
            Some(0xbd)
        );
        assert_eq!(parse_sig("94bd"), None);
        assert_eq!(parse_sig("zzbd3a18bcf0b12e31fa9d46c11769255c9ecefd"), None);
    }

    #[test]
    fn malformed_bodies() {
        let m = |t: &str| decode_t1(t).expect_err("malformed");
        assert_eq!(m("T2==abc"), TokenError::Malformed("no T1== prefix"));
        assert_eq!(m("T1==!!!!"), TokenError::Malformed("body is not base64"));
        let enc = |s: &str| format!("T1=={}", STANDARD.encode(s));
        assert_eq!(
            m(&enc("no colon")),
            TokenError::Malformed("no `:` between signature and data")
        );
        assert_eq!(
            m(&enc("sig=00:role=publisher")),
            TokenError::Malformed("no partner_id")
        );
        assert_eq!(
            m(&enc("partner_id=1&sig=00:x")),
            TokenError::Malformed("sig is not 40 hex digits")
        );
        let head = format!("partner_id=1&sig={}", "0".repeat(40));
        assert_eq!(
            m(&enc(&format!("{head}:role=publisher&role=moderator"))),
            TokenError::Malformed("duplicate field in data")
        );
        assert_eq!(
            m(&enc(&format!("{head}:role=boss"))),
            TokenError::Malformed("unknown role")
        );
        assert_eq!(
            m(&enc(&format!("{head}:role=publisher&create_time=-1"))),
            TokenError::Malformed("create_time is not a Unix time")
        );
        assert_eq!(
            m(&enc(&format!("{head}:role=publisher&create_time=1&nonce=1"))),
            TokenError::Malformed("no session_id")
        );
        assert_eq!(
            m(&enc(&format!("{head}:nonce=%zz"))),
            TokenError::Malformed("data is not form-encoded")
        );
        // Unknown names are refused before their (here undecodable) values are read.
        assert_eq!(
            m(&enc(&format!("{head}:a=%zz"))),
            TokenError::Malformed("a data field no SDK writes")
        );
        assert_eq!(
            m(&enc(&format!("x=1&{head}:role=publisher"))),
            TokenError::Malformed("a signature-part field no SDK writes")
        );
        assert_eq!(
            m(&enc(&format!("{head}&partner_id=2:role=publisher"))),
            TokenError::Malformed("duplicate field in signature part")
        );
        // Every known field repeated is refused, however the two are spelled.
        for field in DATA_FIELDS {
            let value = if field == "role" { "publisher" } else { "1" };
            assert_eq!(
                m(&enc(&format!("{head}:{field}={value}&{field}=%zz"))),
                TokenError::Malformed("duplicate field in data"),
                "{field}"
            );
        }
    }
}
