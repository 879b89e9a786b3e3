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
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD};
use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

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

/// The base64url alphabet, padding optional and trailing bits tolerated (as the official
/// SDKs' decoders do); [`with_decoded`] maps the standard alphabet's `+` and `/` onto it.
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

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
/// decoded bytes to `f`.
fn with_decoded<R>(session_id: &str, f: impl FnOnce(u8, &[u8]) -> R) -> Result<R, SessionIdError> {
    let (version, body) = split_id(session_id)?;
    let decoded = if body.contains(&b'+') || body.contains(&b'/') {
        let url: Vec<u8> = body
            .iter()
            .map(|&c| match c {
                b'+' => b'-',
                b'/' => b'_',
                c => c,
            })
            .collect();
        LENIENT_URL_SAFE.decode(url)
    } else {
        LENIENT_URL_SAFE.decode(body)
    }
    .map_err(|_| SessionIdError::NotBase64)?;
    if std::str::from_utf8(&decoded).is_err() {
        return Err(SessionIdError::NotUtf8);
    }
    Ok(f(version, &decoded))
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

/// Whether `session_id` decodes and its field 1 is `project_id`: the verdict of [`decode`]
/// followed by [`DecodedSessionId::belongs_to`], without splitting every field. This is
/// the check the token minter (and verifier) runs.
pub(crate) fn belongs_to(session_id: &str, project_id: &str) -> Result<bool, SessionIdError> {
    with_decoded(session_id, |_, bytes| {
        project_field(bytes).map(|p| p == project_id.as_bytes())
    })?
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
    let month = match month {
        "Jan" => Month::January,
        "Feb" => Month::February,
        "Mar" => Month::March,
        "Apr" => Month::April,
        "May" => Month::May,
        "Jun" => Month::June,
        "Jul" => Month::July,
        "Aug" => Month::August,
        "Sep" => Month::September,
        "Oct" => Month::October,
        "Nov" => Month::November,
        "Dec" => Month::December,
        _ => return None,
    };
    let year: i32 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    let date = Date::from_calendar_date(year, month, day.parse().ok()?).ok()?;
    let mut hms = hms.split(':');
    let (h, m, s) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() {
        return None;
    }
    // A leap second (`:60`) reads as the next second, as Java's `Date` does.
    let s: u8 = s.parse().ok().filter(|s| *s <= 60)?;
    let time = Time::from_hms(h.parse().ok()?, m.parse().ok()?, s.min(59)).ok()?;
    let offset_hours: i8 = match zone {
        "UTC" | "GMT" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    let offset = UtcOffset::from_hms(offset_hours, 0, 0).ok()?;
    let secs = PrimitiveDateTime::new(date, time)
        .assume_offset(offset)
        .unix_timestamp()
        + i64::from(s / 60);
    u64::try_from(secs).ok().map(from_unix_secs)
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
    fn long_ids_decode() {
        let text = format!("1~k~~1~{}~", "r".repeat(600));
        let id = format!("2_{}", URL_SAFE_NO_PAD.encode(&text));
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
    fn lenient_about_trailing_bits_strict_about_the_rest() {
        // "MX5rfg" is "1~k~"; "fh" sets a bit past the last byte, which the SDKs ignore.
        let want = decode("2_MX5rfg").expect("decodes").fields;
        assert_eq!(want, ["1", "k", ""]);
        assert_eq!(decode("2_MX5rfh").expect("trailing bit").fields, want);
        assert_eq!(decode("2_MX5rfh==").expect("padded").fields, want);
        assert_eq!(
            decode("2_MX5r/g").map(|d| d.fields),
            decode("2_MX5r_g").map(|d| d.fields)
        );
        assert_eq!(decode("2_MX=5rfg"), Err(SessionIdError::NotBase64), "`=` inside");
        assert_eq!(decode("2_MX5r.g"), Err(SessionIdError::NotBase64));
        assert_eq!(decode("2_MX5rf"), Err(SessionIdError::NotBase64), "length 4n+1");
    }

    #[test]
    fn civil_dates() {
        // 14:42:23 PDT is 21:42:23 UTC.
        assert_eq!(
            parse_created("Sat Mar 15 14:42:23 PDT 2014"),
            Some(from_unix_secs(1_394_919_743))
        );
        assert_eq!(
            parse_created("Tue Feb 29 00:00:00 UTC 2000"),
            Some(from_unix_secs(951_782_400))
        );
        assert_eq!(
            parse_created("Thu Jan 01 00:00:00 GMT 1970"),
            Some(from_unix_secs(0))
        );
        assert_eq!(
            parse_created("Thu Jan 01 00:00:00 EST 1970"),
            Some(from_unix_secs(18_000))
        );
        assert_eq!(parse_created("Wed Dec 31 23:00:00 PST 1969"), None, "before 1970");
        assert_eq!(parse_created("Thu Feb 29 00:00:00 UTC 2001"), None, "no such day");
        assert_eq!(parse_created("Sat Mar 15 24:00:00 UTC 2014"), None);
        assert_eq!(parse_created("1700000000"), Some(from_unix_secs(1_700_000_000)));
        assert_eq!(parse_created("Sat Mar 15 14:42:23 XYZ 2014"), None);
        assert_eq!(parse_created("Sat Foo 15 14:42:23 PDT 2014"), None);
        assert_eq!(parse_created(""), None);
    }
}
