//! Session ids: decode (`1_`/`2_` + base64url of `~`-separated fields) and mint new ones.
//!
//! A session id is a two-character prefix (`1_` or `2_`) followed by the unpadded base64url
//! encoding of `1~<project id>~<location>~<created>~<random>~…`. Field 1 is the API key (or
//! a Vonage application id) the session belongs to; a client token is only minted for a
//! session whose field 1 is the caller's key.
//!
//! Decoding is lenient where the official SDKs are: `+` and `/` are read like `-` and `_`,
//! `=` padding is optional, and surrounding whitespace is ignored. Anything else that does not
//! decode is a [`SessionIdError`], never a panic.
//!
//! ```
//! use opentok_core::session_id;
//! use opentok_core::{clock, nonce::SeededNonce};
//!
//! let now = clock::from_unix_millis(1_700_000_000_123);
//! let id = session_id::mint("47001234", None, now, &SeededNonce::new(7))?;
//! let decoded = session_id::decode(&id)?;
//! assert_eq!(decoded.project_id, "47001234");
//! assert_eq!(decoded.created, Some(now));
//! assert!(decoded.belongs_to("47001234"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::clock::{from_unix_millis, from_unix_secs, unix_millis};
use crate::error::{Rule, ValidationError};
use crate::nonce::NonceSource;

/// A session id could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionIdError {
    /// Empty input.
    #[error("session id is empty")]
    Empty,
    /// The id does not start with `1_` or `2_`.
    #[error("session id does not start with `1_` or `2_`")]
    BadPrefix,
    /// Longer than [`MAX_SESSION_ID_LEN`] characters.
    #[error("session id is longer than {MAX_SESSION_ID_LEN} characters")]
    TooLong,
    /// The part after the prefix is not base64url.
    #[error("session id is not base64url after its prefix")]
    NotBase64,
    /// The decoded bytes are not UTF-8 text.
    #[error("session id does not decode to UTF-8 text")]
    NotUtf8,
    /// The decoded text has no `~`-separated fields.
    #[error("session id has no `~`-separated fields")]
    MissingFields,
    /// Field 1 (the project id / API key) is empty.
    #[error("session id names no project (field 1 is empty)")]
    MissingProjectId,
}

/// The fields of a decoded session id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodedSessionId {
    /// The prefix's digit: `1` (old ids) or `2` (current ids).
    pub version: u8,
    /// Field 1: the API key (or application id) the session belongs to.
    pub project_id: String,
    /// Field 2: the location hint (an IPv4 address) given at creation, if any.
    pub location: Option<String>,
    /// Field 3 read as a time: epoch milliseconds in current ids, a date text
    /// (`Sat Mar 15 14:42:23 PDT 2014`) in old ones. `None` when it cannot be read.
    pub created: Option<SystemTime>,
    /// Field 3 as written.
    pub created_raw: String,
    /// Field 4: the random part.
    pub random: String,
    /// Every `~`-separated field, in order (field 0 is normally `1`).
    pub fields: Vec<String>,
}

impl DecodedSessionId {
    /// Whether the session belongs to `project_id` (field 1 equals it exactly).
    pub fn belongs_to(&self, project_id: &str) -> bool {
        self.project_id == project_id
    }
}

/// Session ids longer than this are refused, so decoding never allocates without bound.
pub const MAX_SESSION_ID_LEN: usize = 4096;

/// Base64 digit values for both alphabets (`-`/`+` = 62, `_`/`/` = 63); 0xFF elsewhere.
const DIGITS: [u8; 256] = {
    let mut t = [0xFF; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut i = 0;
    while i < alphabet.len() {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t[b'-' as usize] = 62;
    t[b'+' as usize] = 62;
    t[b'_' as usize] = 63;
    t[b'/' as usize] = 63;
    t
};

/// Decodes unpadded base64 of either alphabet (trailing bits tolerated, as the official
/// SDKs' decoders do) into `out`, returning the decoded length. `None` for a character
/// outside both alphabets, an impossible length, or an `out` too small.
fn decode_lenient(input: &[u8], out: &mut [u8]) -> Option<usize> {
    if input.len() % 4 == 1 {
        return None;
    }
    // Invalid characters map to 0xFF: OR-ing every digit value together and testing once at
    // the end keeps the loop free of branches.
    let mut seen = 0u8;
    let mut digit = |c: u8| {
        let d = DIGITS[usize::from(c)];
        seen |= d;
        u32::from(d & 0x3F)
    };
    let whole = input.len() / 4 * 3;
    let head = out.get_mut(..whole)?;
    let mut quads = input.chunks_exact(4);
    for (q, o) in (&mut quads).zip(head.chunks_exact_mut(3)) {
        let v = digit(q[0]) << 18 | digit(q[1]) << 12 | digit(q[2]) << 6 | digit(q[3]);
        let [_, a, b, c] = v.to_be_bytes();
        o[0] = a;
        o[1] = b;
        o[2] = c;
    }
    let n = whole;
    let tail = quads.remainder();
    let mut v = 0u32;
    for (i, &c) in tail.iter().enumerate() {
        v |= digit(c) << (18 - 6 * i);
    }
    if seen > 0x3F {
        return None;
    }
    let [_, a, b, _] = v.to_be_bytes();
    let extra: &[u8] = match tail.len() {
        0 => &[],
        2 => &[a],
        _ => &[a, b],
    };
    out.get_mut(n..n + extra.len())?.copy_from_slice(extra);
    Some(n + extra.len())
}

/// Bodies up to this many characters are decoded on the stack.
const STACK_BODY: usize = 256;

/// Trims `session_id`, checks its prefix and length and returns the version and the base64
/// body (without `=` padding). The checks, and their order, are shared by every reader.
fn split_id(session_id: &str) -> Result<(u8, &[u8]), SessionIdError> {
    let s = session_id.trim_ascii();
    if s.is_empty() {
        return Err(SessionIdError::Empty);
    }
    let version = match s.as_bytes() {
        [b @ (b'1' | b'2'), b'_', ..] => b - b'0',
        _ => return Err(SessionIdError::BadPrefix),
    };
    if s.len() > MAX_SESSION_ID_LEN {
        return Err(SessionIdError::TooLong);
    }
    // The prefix is two ASCII bytes, so index 2 is a char boundary.
    let body = s.get(2..).unwrap_or_default().trim_end_matches('=').as_bytes();
    if body.is_empty() {
        return Err(SessionIdError::MissingFields);
    }
    Ok((version, body))
}

/// Checks the prefix, decodes the body, checks it is UTF-8 and hands the version and the
/// decoded bytes to `f`. Short ids (every real one) never touch the heap.
fn with_decoded<R>(session_id: &str, f: impl FnOnce(u8, &[u8]) -> R) -> Result<R, SessionIdError> {
    let (version, body) = split_id(session_id)?;
    let finish = |decoded: &[u8]| -> Result<R, SessionIdError> {
        if !decoded.is_ascii() && std::str::from_utf8(decoded).is_err() {
            return Err(SessionIdError::NotUtf8);
        }
        Ok(f(version, decoded))
    };
    let mut stack = [0u8; STACK_BODY * 3 / 4];
    let mut heap = Vec::new();
    let out: &mut [u8] = if body.len() <= STACK_BODY {
        &mut stack
    } else {
        heap.resize(body.len() / 4 * 3 + 3, 0);
        &mut heap
    };
    let n = decode_lenient(body, out).ok_or(SessionIdError::NotBase64)?;
    finish(out.get(..n).unwrap_or_default())
}

/// Finds field 1 (between the first and second `~`) and checks it is not empty.
fn project_field(text: &[u8]) -> Result<&[u8], SessionIdError> {
    let mut fields = text.split(|&b| b == b'~');
    let _ = fields.next();
    match fields.next() {
        None => Err(SessionIdError::MissingFields),
        Some([]) => Err(SessionIdError::MissingProjectId),
        Some(p) => Ok(p),
    }
}

/// Decodes a session id.
pub fn decode(session_id: &str) -> Result<DecodedSessionId, SessionIdError> {
    with_decoded(session_id, |version, bytes| {
        project_field(bytes)?;
        let text = std::str::from_utf8(bytes).map_err(|_| SessionIdError::NotUtf8)?;
        let fields: Vec<String> = text.split('~').map(str::to_owned).collect();
        let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
        let created_raw = field(3);
        let location = Some(field(2)).filter(|l| !l.is_empty());
        Ok(DecodedSessionId {
            version,
            project_id: field(1),
            location,
            created: parse_created(&created_raw),
            created_raw,
            random: field(4),
            fields,
        })
    })?
}

/// Whether `session_id` decodes and its field 1 is `project_id`. Gives the same verdict as
/// [`decode`] followed by [`DecodedSessionId::belongs_to`], without allocating; this is the
/// check the token minter (and verifier) runs.
///
/// It reads the id once to check every character is base64 and that the decoded text is
/// ASCII (which the digit values alone tell), then decodes only the start of the text, as far
/// as field 1 goes. Ids this cannot settle (text that is not ASCII, a long field 0) take the
/// full decode.
pub(crate) fn belongs_to(session_id: &str, project_id: &str) -> Result<bool, SessionIdError> {
    let (_, body) = split_id(session_id)?;
    if body.len() % 4 == 1 {
        return Err(SessionIdError::NotBase64);
    }
    let full = || {
        with_decoded(session_id, |_, bytes| {
            project_field(bytes).map(|p| p == project_id.as_bytes())
        })?
    };
    // `seen` collects every digit value (0xFF marks a character outside both alphabets);
    // `high` collects the bits that become bit 7 of a decoded byte: bit 5 of a quad's first
    // digit, bit 3 of its second, bit 1 of its third. Eight characters are read at once.
    let (mut seen, mut high) = (0u8, 0u8);
    let mut words = body.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        let d = |i: u32| DIGITS[(w >> (8 * i) & 0xFF) as usize];
        let (a, b, c, e) = (d(0), d(1), d(2), d(3));
        let (f, g, h, k) = (d(4), d(5), d(6), d(7));
        seen |= a | b | c | e | f | g | h | k;
        high |= (a | f) & 0x20 | (b | g) & 0x08 | (c | h) & 0x02;
    }
    // The rest: whole quads, then a tail of two digits (one byte) or three (two bytes)
    // whose last digit only adds trailing bits.
    let rest = words.remainder();
    let whole_quads = rest.len() / 4 * 4;
    for (i, &c) in rest.iter().enumerate() {
        let d = DIGITS[usize::from(c)];
        seen |= d;
        if i < whole_quads || i + 1 < rest.len() {
            high |= d & [0x20, 0x08, 0x02, 0][i % 4];
        }
    }
    if seen > 0x3F {
        return Err(SessionIdError::NotBase64);
    }
    if high != 0 {
        return full();
    }
    // Every minted id starts `1~<key>~`: decode just those quads and compare (a key that
    // is empty or holds `~` is never field 1 whole, so it takes the longer way).
    let key = project_id.as_bytes();
    let quads = (key.len() + 3).div_ceil(3);
    let mut head = [0u8; 48];
    let plain_key = !key.is_empty() && key.iter().all(|&b| b != b'~');
    if quads * 4 <= body.len() && quads * 3 <= head.len() && plain_key {
        for q in 0..quads {
            let digit = |i: usize| u32::from(DIGITS[usize::from(body[4 * q + i])]);
            let [_, x, y, z] = (digit(0) << 18 | digit(1) << 12 | digit(2) << 6 | digit(3)).to_be_bytes();
            head[3 * q..3 * q + 3].copy_from_slice(&[x, y, z]);
        }
        if head.starts_with(b"1~")
            && head.get(2..2 + key.len()) == Some(key)
            && head.get(2 + key.len()) == Some(&b'~')
        {
            return Ok(true);
        }
    }
    // Otherwise decode enough whole quads for `<field 0>~<key>~` and a little more.
    let mut buf = [0u8; 96];
    let want = (key.len() + 8).div_ceil(3) * 4;
    let (prefix, whole) = match body.get(..want) {
        Some(p) if want < body.len() => (p, false),
        _ => (body, true),
    };
    let Some(n) = decode_lenient(prefix, &mut buf) else {
        return full(); // longer than `buf`
    };
    let text = buf.get(..n).unwrap_or_default();
    let Some(rest) = text
        .iter()
        .position(|&b| b == b'~')
        .and_then(|t| text.get(t + 1..))
    else {
        return if whole {
            Err(SessionIdError::MissingFields)
        } else {
            full()
        };
    };
    match rest.iter().position(|&b| b == b'~') {
        Some(0) => Err(SessionIdError::MissingProjectId),
        Some(end) => Ok(rest.get(..end) == Some(key)),
        None if whole && rest.is_empty() => Err(SessionIdError::MissingProjectId),
        None if whole => Ok(rest == key),
        // Field 1 goes on past the decoded start: it is longer than the key.
        None if rest.len() > key.len() => Ok(false),
        None => full(),
    }
}

/// Mints a realistic new session id: `2_` + base64url of
/// `1~<project id>~<location>~<now in ms>~<24 random base64 characters>~~`.
///
/// The project id must be non-empty; neither it nor the location may contain `~` or control
/// characters.
pub fn mint(
    project_id: &str,
    location: Option<&str>,
    now: SystemTime,
    nonce: &dyn NonceSource,
) -> Result<String, ValidationError> {
    let bad = |s: &str| s.chars().any(|c| c == '~' || c.is_control());
    if project_id.is_empty() {
        return Err(ValidationError::new("project_id", Rule::Required));
    }
    if bad(project_id) {
        return Err(ValidationError::new(
            "project_id",
            Rule::Charset("characters other than `~` and control characters"),
        ));
    }
    let location = location.unwrap_or_default();
    if bad(location) {
        return Err(ValidationError::new(
            "location",
            Rule::Charset("characters other than `~` and control characters"),
        ));
    }
    let mut random = [0u8; 18];
    nonce.fill_bytes(&mut random);
    let mut text = String::with_capacity(project_id.len() + location.len() + 48);
    text.push_str("1~");
    text.push_str(project_id);
    text.push('~');
    text.push_str(location);
    text.push('~');
    text.push_str(&unix_millis(now).to_string());
    text.push('~');
    STANDARD.encode_string(random, &mut text);
    text.push_str("~~");
    let mut id = String::with_capacity(2 + text.len().div_ceil(3) * 4);
    id.push_str("2_");
    URL_SAFE_NO_PAD.encode_string(text.as_bytes(), &mut id);
    Ok(id)
}

/// Reads field 3: epoch milliseconds (or seconds, for short numbers) or an old date text.
fn parse_created(raw: &str) -> Option<SystemTime> {
    if !raw.is_empty() && raw.len() <= 19 && raw.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = raw.parse().ok()?;
        return Some(if n >= 100_000_000_000 {
            from_unix_millis(n)
        } else {
            from_unix_secs(n)
        });
    }
    parse_date_text(raw)
}

/// Reads `Sat Mar 15 14:42:23 PDT 2014` (the old ids' Java `Date.toString()` form) for the
/// time zones those ids use.
fn parse_date_text(raw: &str) -> Option<SystemTime> {
    let mut parts = raw.split_ascii_whitespace();
    let (_weekday, month, day, hms, zone, year) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: i64 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    let mut hms = hms.split(':');
    let h: i64 = hms.next()?.parse().ok().filter(|h| (0..24).contains(h))?;
    let m: i64 = hms.next()?.parse().ok().filter(|m| (0..60).contains(m))?;
    let s: i64 = hms.next()?.parse().ok().filter(|s| (0..61).contains(s))?;
    if hms.next().is_some() {
        return None;
    }
    let offset_hours: i64 = match zone {
        "UTC" | "GMT" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + h * 3600 + m * 60 + s - offset_hours * 3600;
    u64::try_from(secs).ok().map(from_unix_secs)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonce::SeededNonce;

    const PEERS_ID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
    const RUBY_ID: &str = "1_MX4xMjM0NTZ-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4";

    #[test]
    fn decodes_a_current_id() {
        let d = decode(PEERS_ID).expect("decodes");
        assert_eq!(d.version, 2);
        assert_eq!(d.project_id, "47001234");
        assert_eq!(d.location, None);
        assert_eq!(d.created_raw, "1700000000123");
        assert_eq!(d.created, Some(from_unix_millis(1_700_000_000_123)));
        assert_eq!(d.random, "1STH75KUREaLL7J2SP7/JN+N");
        assert_eq!(
            d.fields,
            [
                "1",
                "47001234",
                "",
                "1700000000123",
                "1STH75KUREaLL7J2SP7/JN+N",
                "",
                ""
            ]
        );
    }

    #[test]
    fn decodes_an_old_id_with_a_date_text() {
        let d = decode(RUBY_ID).expect("decodes");
        assert_eq!(d.version, 1);
        assert_eq!(d.project_id, "123456");
        assert_eq!(d.created_raw, "Sat Mar 15 14:42:23 PDT 2014");
        // 2014-03-15 21:42:23 UTC
        assert_eq!(d.created, Some(from_unix_secs(1_394_919_743)));
        assert_eq!(d.random, "0.49013025");
    }

    #[test]
    fn decodes_a_location() {
        // "1~123456~12.34.56.78~Mon Mar 17 02:00:07 PDT 2014~0.21352564892731607~"
        let id = format!(
            "1_{}",
            URL_SAFE_NO_PAD.encode("1~123456~12.34.56.78~Mon Mar 17 02:00:07 PDT 2014~0.21352564892731607~")
        );
        let d = decode(&id).expect("decodes");
        assert_eq!(d.location.as_deref(), Some("12.34.56.78"));
        assert_eq!(d.created, Some(from_unix_secs(1_395_046_807)));
    }

    #[test]
    fn lenient_about_alphabet_padding_and_whitespace() {
        let std_alphabet = PEERS_ID.replace('-', "+");
        assert_eq!(decode(&std_alphabet).expect("+ read as -").project_id, "47001234");
        let text = "1~k~~1~???~";
        let url = URL_SAFE_NO_PAD.encode(text);
        assert!(url.contains('_'), "{url}");
        let slashed = format!("2_{}==", url.replace('_', "/"));
        assert_eq!(decode(&slashed).expect("/ and padding").fields[4], "???");
        assert_eq!(
            decode(&format!(" {PEERS_ID}\n")).expect("trimmed").project_id,
            "47001234"
        );
    }

    #[test]
    fn garbage_is_a_typed_error() {
        assert_eq!(decode(""), Err(SessionIdError::Empty));
        assert_eq!(decode("   "), Err(SessionIdError::Empty));
        assert_eq!(decode("3_MX4xMjM0NTZ-"), Err(SessionIdError::BadPrefix));
        assert_eq!(decode("MX4xMjM0NTZ-"), Err(SessionIdError::BadPrefix));
        assert_eq!(decode("2_"), Err(SessionIdError::MissingFields));
        assert_eq!(decode("2_!!!!"), Err(SessionIdError::NotBase64));
        assert_eq!(decode("2_A"), Err(SessionIdError::NotBase64));
        let not_utf8 = format!("2_{}", URL_SAFE_NO_PAD.encode([0xff, 0xfe, b'~', b'1']));
        assert_eq!(decode(&not_utf8), Err(SessionIdError::NotUtf8));
        let no_tilde = format!("2_{}", URL_SAFE_NO_PAD.encode("hello"));
        assert_eq!(decode(&no_tilde), Err(SessionIdError::MissingFields));
        let no_key = format!("2_{}", URL_SAFE_NO_PAD.encode("1~~x~"));
        assert_eq!(decode(&no_key), Err(SessionIdError::MissingProjectId));
        let long = format!("2_{}", "A".repeat(MAX_SESSION_ID_LEN));
        assert_eq!(decode(&long), Err(SessionIdError::TooLong));
    }

    #[test]
    fn long_ids_take_the_heap_path_and_agree() {
        let text = format!("1~k~~1~{}~", "r".repeat(600));
        let id = format!("2_{}", URL_SAFE_NO_PAD.encode(&text));
        assert!(id.len() > STACK_BODY);
        assert_eq!(decode(&id).expect("decodes").random.len(), 600);
        assert_eq!(belongs_to(&id, "k"), Ok(true));
        assert_eq!(belongs_to(&id, "j"), Ok(false));
    }

    #[test]
    fn belongs_to_matches_exact_pairs() {
        assert_eq!(belongs_to(PEERS_ID, "47001234"), Ok(true));
        assert_eq!(belongs_to(PEERS_ID, "4700123"), Ok(false), "a prefix of field 1");
        assert_eq!(
            belongs_to(PEERS_ID, "470012345"),
            Ok(false),
            "longer than field 1"
        );
        let spaced = format!(" {PEERS_ID}");
        assert_eq!(belongs_to(&spaced, "47001234"), Ok(true));
        assert_eq!(
            belongs_to(&PEERS_ID[..PEERS_ID.len() - 1], "47001234"),
            Err(SessionIdError::NotBase64)
        );
        assert_eq!(belongs_to(RUBY_ID, "123456"), Ok(true));
        assert_eq!(belongs_to(PEERS_ID, "123456"), Ok(false));
    }

    #[test]
    fn belongs_to_matches_field_one_only() {
        assert_eq!(belongs_to(PEERS_ID, "47001234"), Ok(true));
        assert_eq!(belongs_to(PEERS_ID, "4700123"), Ok(false));
        assert_eq!(belongs_to(PEERS_ID, "1"), Ok(false), "field 0 does not count");
        // Python accepts a key found in any field; we do not (location equal to the key).
        assert_eq!(belongs_to("1_MX45OTl-NDcwMDEyMzR-eH4", "47001234"), Ok(false));
        assert_eq!(belongs_to("1_MX45OTl-NDcwMDEyMzR-eH4", "999"), Ok(true));
        assert_eq!(belongs_to("x", "1"), Err(SessionIdError::BadPrefix));
        assert_eq!(belongs_to("", ""), Err(SessionIdError::Empty));
    }

    /// The full decode's verdict.
    fn slow_belongs_to(id: &str, key: &str) -> Result<bool, SessionIdError> {
        decode(id).map(|d| d.belongs_to(key))
    }

    #[test]
    fn belongs_to_agrees_with_decode_on_edge_cases() {
        let ids = [
            "1~k~x".to_owned(),
            "1~k".to_owned(),
            "1~~k".to_owned(),
            "~k~".to_owned(),
            "k~".to_owned(),
            "1~k\u{e9}~x".to_owned(),
            "1\u{e9}~k~".to_owned(),
            "1~k~\u{1F600}".to_owned(),
            "1~ab".to_owned(),
            "1~abc~".to_owned(),
        ];
        for text in &ids {
            for id in [
                format!("2_{}", URL_SAFE_NO_PAD.encode(text)),
                format!("1_{}==", STANDARD.encode(text).trim_end_matches('=')),
            ] {
                for key in ["k", "", "ab", "abc", "k\u{e9}", "1", "x"] {
                    assert_eq!(
                        belongs_to(&id, key),
                        slow_belongs_to(&id, key),
                        "{text:?} {key:?}"
                    );
                }
            }
        }
        let not_utf8 = format!("2_{}", URL_SAFE_NO_PAD.encode([b'1', b'~', b'k', 0xff]));
        assert_eq!(belongs_to(&not_utf8, "k"), Err(SessionIdError::NotUtf8));
        // trailing bits past the last byte do not count as a high bit
        assert_eq!(belongs_to("2_MX5r_w", "k"), slow_belongs_to("2_MX5r_w", "k"));
        assert_eq!(belongs_to("2_MX5rf_", "k"), slow_belongs_to("2_MX5rf_", "k"));
    }

    proptest::proptest! {
        #[test]
        fn belongs_to_agrees_with_decode(id in "\\PC{0,40}", key in "[0-9a-z~]{0,6}") {
            proptest::prop_assert_eq!(belongs_to(&id, &key), slow_belongs_to(&id, &key));
        }

        #[test]
        fn belongs_to_agrees_with_decode_on_encoded_text(
            text in "[0-9a-z~\u{e9}]{0,24}",
            key in "[0-9a-z~]{0,4}",
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
            version in "[12]",
            pad in "={0,2}",
        ) {
            for body in [URL_SAFE_NO_PAD.encode(&text), URL_SAFE_NO_PAD.encode(&bytes), STANDARD.encode(&bytes)] {
                let id = format!("{version}_{body}{pad}");
                proptest::prop_assert_eq!(belongs_to(&id, &key), slow_belongs_to(&id, &key), "{}", id);
                let mut raw = body.clone().into_bytes();
                if let Some(last) = raw.last_mut() {
                    *last = b"AB_-+/Q9"[usize::from(*last) % 8];
                }
                let id = format!("{version}_{}", String::from_utf8(raw).expect("ascii"));
                proptest::prop_assert_eq!(belongs_to(&id, &key), slow_belongs_to(&id, &key), "{}", id);
            }
        }
    }

    #[test]
    fn mints_ids_that_decode_back() {
        let now = from_unix_millis(1_700_000_000_123);
        let a = mint("47001234", Some("10.1.2.3"), now, &SeededNonce::new(1)).expect("mints");
        let b = mint("47001234", Some("10.1.2.3"), now, &SeededNonce::new(2)).expect("mints");
        assert_ne!(a, b);
        assert!(
            a.starts_with("2_MX40NzAwMTIzNH4xMC4xLjIuM34xNzAwMDAwMDAwMTIzf"),
            "{a}"
        );
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        let d = decode(&a).expect("decodes");
        assert_eq!(d.project_id, "47001234");
        assert_eq!(d.location.as_deref(), Some("10.1.2.3"));
        assert_eq!(d.created, Some(now));
        assert_eq!(d.random.len(), 24);
        assert_eq!(d.fields.len(), 7);
        assert!(d.fields[5].is_empty() && d.fields[6].is_empty());
        let uuid = "29f760f8-7ce1-46c9-ade3-f2dedee4ed5f";
        let c = mint(uuid, None, now, &SeededNonce::new(3)).expect("application id");
        assert!(decode(&c).expect("decodes").belongs_to(uuid));
    }

    #[test]
    fn mint_rejects_bad_inputs() {
        let now = from_unix_secs(1);
        let n = SeededNonce::new(1);
        assert_eq!(mint("", None, now, &n).expect_err("empty").field, "project_id");
        assert_eq!(mint("a~b", None, now, &n).expect_err("tilde").field, "project_id");
        assert_eq!(
            mint("a", Some("1~2"), now, &n).expect_err("tilde").field,
            "location"
        );
    }

    #[test]
    fn lenient_decoder_agrees_with_the_base64_crate() {
        let mut out = [0u8; 64];
        for len in 0..40usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            let enc = URL_SAFE_NO_PAD.encode(&bytes);
            let n = decode_lenient(enc.as_bytes(), &mut out).expect("decodes");
            assert_eq!(&out[..n], &bytes[..]);
            let std_enc = STANDARD.encode(&bytes);
            let n = decode_lenient(std_enc.trim_end_matches('=').as_bytes(), &mut out).expect("decodes");
            assert_eq!(&out[..n], &bytes[..]);
        }
        assert_eq!(decode_lenient(b"A", &mut out), None);
        assert_eq!(decode_lenient(b"AB=C", &mut out), None);
        assert_eq!(decode_lenient(b"AB.C", &mut out), None);
        assert_eq!(decode_lenient(b"QUJD", &mut [0u8; 2]), None, "output too small");
        // trailing bits are tolerated: "QR" and "QQ" both read as "A"
        assert_eq!(
            decode_lenient(b"QR", &mut out).map(|n| out[..n].to_vec()),
            Some(b"A".to_vec())
        );
    }

    #[test]
    fn civil_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(parse_created("1700000000"), Some(from_unix_secs(1_700_000_000)));
        assert_eq!(parse_created("Sat Mar 15 14:42:23 XYZ 2014"), None);
        assert_eq!(parse_created("Sat Foo 15 14:42:23 PDT 2014"), None);
        assert_eq!(parse_created(""), None);
    }
}
