//! The T1 format: `"T1==" + base64("partner_id=<key>&sig=<hex hmac-sha1(secret, data)>:" + data)`.
//!
//! `data` is form-encoded in the seed's order: `role, session_id, create_time, nonce,
//! [expire_time], [connection_data], [initial_layout_class_list]`.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

use super::t1_base64::{self, encode_to_slice, encoded_len};
use super::t1_scratch::Scratch;
use super::verify::{DecodedToken, Signed, token_time};
use super::{Role, TokenError, TokenFields, TokenFormat};
use crate::credentials::ProjectCredentials;
use crate::form;

/// The literal prefix of every T1 token (not base64 padding).
pub const T1_PREFIX: &str = "T1==";

/// Standard alphabet; padding optional (strict about trailing bits, so a changed last
/// character is never silently the same token).
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The two lowercase hex digits of every byte.
const HEX_PAIRS: [[u8; 2]; 256] = {
    let digits = b"0123456789abcdef";
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [digits[i >> 4], digits[i & 0xF]];
        i += 1;
    }
    t
};

/// What every T1 token of one API key starts with, prepared once with the credentials:
/// `T1==` and the base64 of `partner_id=<key>&sig=` up to its last whole 3-byte group. The
/// 0 to 2 bytes after that group (`carry`) lead the part encoded for each token.
#[derive(Clone)]
pub(crate) struct T1Head {
    encoded: Box<str>,
    carry: Box<str>,
}

impl T1Head {
    /// The head for `key` (API keys are `A-Z a-z 0-9 - _ .`: nothing to form-encode).
    pub(crate) fn new(key: &str) -> Self {
        let inner = format!("partner_id={key}&sig=");
        let (whole, carry) = inner.split_at(inner.len() / 3 * 3);
        Self {
            encoded: t1_base64::prefixed(T1_PREFIX, whole.as_bytes()).into(),
            carry: carry.into(),
        }
    }
}

/// "00" to "99", for writing two digits per division.
const DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// Writes the decimal digits of `n` at the end of `buf`, returning them as text.
pub(crate) fn format_u64(n: u64, buf: &mut [u8; 20]) -> &str {
    // Only ASCII digits are written.
    std::str::from_utf8(digits_u64(n, buf)).unwrap_or_default()
}

/// Writes the decimal digits of `n` at the end of `buf`, returning them.
pub(super) fn digits_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    while n >= 100 {
        let d = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    }
    if n >= 10 {
        let d = n as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    &buf[i..]
}

/// Appends the decimal digits of `n` without going through `fmt`.
pub(super) fn push_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(digits_u64(n, &mut [0u8; 20]));
}

/// Form-encodes `value` into `out` (via [`form::encode_into`]), copying it as it is when
/// every byte is unreserved: session ids and nonces always are, and the branch-free check
/// is much cheaper than the general encoder.
fn encode_value(out: &mut Vec<u8>, value: &str) {
    // `|`, not `||`: no branches, so the check runs many bytes at a time.
    let unreserved = |b: u8| {
        ((b | 0x20).wrapping_sub(b'a') < 26)
            | (b.wrapping_sub(b'0') < 10)
            | (b == b'-')
            | (b == b'_')
            | (b == b'.')
            | (b == b'~')
    };
    if value.bytes().fold(0u8, |bad, b| bad | u8::from(!unreserved(b))) == 0 {
        out.extend_from_slice(value.as_bytes());
    } else {
        form::encode_into(out, value);
    }
}

/// Writes the start of the data that only the role and the session fix:
/// `role=<role>&session_id=<id>&create_time=`.
fn write_session_part(out: &mut Vec<u8>, role: Role, session_id: &str) {
    out.extend_from_slice(match role {
        Role::Subscriber => b"role=subscriber&session_id=",
        Role::Publisher => b"role=publisher&session_id=",
        Role::PublisherOnly => b"role=publisheronly&session_id=",
        Role::Moderator => b"role=moderator&session_id=",
    });
    encode_value(out, session_id);
    out.extend_from_slice(b"&create_time=");
}

/// Writes the rest of the data, from the create time's digits on.
fn write_rest(out: &mut Vec<u8>, f: &TokenFields<'_>) {
    push_u64(out, f.create_time);
    out.extend_from_slice(b"&nonce=");
    encode_value(out, f.nonce);
    if let Some(exp) = f.expire_time {
        out.extend_from_slice(b"&expire_time=");
        push_u64(out, exp);
    }
    if let Some(data) = f.connection_data {
        out.extend_from_slice(b"&connection_data=");
        form::encode_into(out, data);
    }
    if let Some((first, rest)) = f.initial_layout_class_list.split_first() {
        out.extend_from_slice(b"&initial_layout_class_list=");
        form::encode_into(out, first);
        for class in rest {
            out.push(b'+'); // the joining space, form-encoded
            form::encode_into(out, class);
        }
    }
}

/// An upper bound on the length of the data after the session part.
fn rest_capacity(f: &TokenFields<'_>) -> usize {
    // Fixed names and numbers; values at worst triple when percent-encoded.
    let layout: usize = f.initial_layout_class_list.iter().map(|c| c.len() * 3 + 1).sum();
    96 + 3 * (f.nonce.len() + f.connection_data.map_or(0, str::len)) + layout
}

/// Encodes a T1 token from `fields`, signed with the prepared HMAC-SHA1 state of `creds`.
///
/// No checks are made (see [`super::mint`] for the checked path); with the same fields the
/// output is byte for byte the seed's.
pub fn encode_t1(creds: &ProjectCredentials, fields: &TokenFields<'_>) -> String {
    let mut scratch = Scratch::take();
    let token = encode_t1_with(&mut scratch, creds, fields);
    scratch.put_back();
    token
}

/// [`encode_t1`] with the thread's scratch in hand.
pub(super) fn encode_t1_with(
    scratch: &mut Scratch,
    creds: &ProjectCredentials,
    fields: &TokenFields<'_>,
) -> String {
    let head = creds.t1_head();
    // The inner string after the head: its carry, the signature (a placeholder until the
    // data is signed), ':' and the data. When the thread's last token had the same session,
    // the session part of the data, and its base64, are taken from it.
    let sig_at = head.carry.len();
    let data_at = sig_at + 41;
    let part = &mut scratch.part;
    let reuse = part.prepare(data_at, fields.role, fields.session_id, |out| {
        write_session_part(out, fields.role, fields.session_id);
    });
    let bytes = &mut scratch.inner;
    bytes.clear();
    bytes.reserve(data_at + 3 * fields.session_id.len() + 32 + rest_capacity(fields));
    bytes.extend_from_slice(head.carry.as_bytes());
    bytes.extend_from_slice(&[b'0'; 40]);
    bytes.push(b':');
    if reuse {
        bytes.extend_from_slice(part.raw());
    } else {
        write_session_part(bytes, fields.role, fields.session_id);
    }
    write_rest(bytes, fields);

    let (signed_part, data) = bytes.split_at_mut(data_at);
    let digest = creds.hmac_sha1().sign(data);
    if let Some(sig) = signed_part.get_mut(sig_at..sig_at + 40) {
        for (pair, byte) in sig.chunks_exact_mut(2).zip(digest) {
            pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
        }
    }

    // head.encoded + base64(before the part's groups) + the groups' base64 + base64(after).
    let (before, middle, after) = if reuse {
        let (from, to) = part.groups();
        (&bytes[..data_at + from], part.encoded(), &bytes[data_at + to..])
    } else {
        (&bytes[..], &[][..], &[][..])
    };
    let mut out =
        vec![0u8; head.encoded.len() + encoded_len(before.len()) + middle.len() + encoded_len(after.len())];
    let (h, rest) = out.split_at_mut(head.encoded.len());
    h.copy_from_slice(head.encoded.as_bytes());
    let (b, rest) = rest.split_at_mut(encoded_len(before.len()));
    encode_to_slice(before, b);
    let (m, a) = rest.split_at_mut(middle.len());
    m.copy_from_slice(middle);
    encode_to_slice(after, a);
    // Only ASCII was written.
    String::from_utf8(out).unwrap_or_default()
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
    use base64::engine::general_purpose::STANDARD;

    #[test]
    fn fast_path_encodes_like_the_form_encoder() {
        for v in [
            "",
            "abcXYZ019-._~",
            "2_MX40NzAw-fg",
            "a b",
            "a+b",
            "é",
            "@",
            "`",
            "{",
            "/",
            "[",
            ":",
            "\u{7f}",
        ] {
            let mut fast = Vec::new();
            encode_value(&mut fast, v);
            let mut slow = String::new();
            form::encode_into(&mut slow, v);
            assert_eq!(fast, slow.as_bytes(), "{v:?}");
        }
        for b in 0u8..=127 {
            let v = char::from(b).to_string();
            let (mut fast, mut slow) = (Vec::new(), String::new());
            encode_value(&mut fast, &v);
            form::encode_into(&mut slow, &v);
            assert_eq!(fast, slow.as_bytes(), "byte {b}");
        }
    }

    #[test]
    fn numbers_and_hex() {
        for n in [0, 7, 10, 1_492_510_660, u64::MAX] {
            let mut s = Vec::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string().as_bytes());
        }
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
