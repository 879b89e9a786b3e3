//! Input checks shared by the operations' `build()`: ids that go into paths, number ranges,
//! string lengths and absolute URLs. Each names the wire field in its [`ValidationError`].

use crate::error::{Rule, ValidationError};

/// The longest id that goes into a path, in bytes.
const MAX_ID_BYTES: usize = 255;

/// Whether `segment` is a path's `.` or `..`, which RFC 3986 normalisation removes (with the
/// segment before it, for `..`).
pub(crate) fn is_dot_segment(segment: &str) -> bool {
    segment == "." || segment == ".."
}

/// Checks an id (session, connection, stream, archive, broadcast, render, captions, call,
/// callback, legacy video) that goes into a request path, a query or a body: non-empty, at
/// most 255 bytes, not `.` or `..`, and without `/`, `?`, `#` or control characters.
///
/// Every path builder calls it for each id before the path is written (which then
/// percent-encodes what else the id holds), so no id can change which resource a request
/// names, even behind a proxy that normalises paths.
pub fn check_id(field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(field, Rule::Required));
    }
    if value.len() > MAX_ID_BYTES {
        return Err(ValidationError::new(
            field,
            Rule::TooLong {
                max: MAX_ID_BYTES,
                actual: value.len(),
                unit: "bytes",
            },
        ));
    }
    if is_dot_segment(value) {
        return Err(ValidationError::new(
            field,
            Rule::Format("an id other than `.` and `..`"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() || matches!(c, '/' | '?' | '#'))
    {
        return Err(ValidationError::new(
            field,
            Rule::Charset("printable characters other than `/`, `?` and `#`"),
        ));
    }
    Ok(())
}

/// Checks an optional number against an inclusive range.
pub(crate) fn check_range(
    field: &'static str,
    value: Option<u32>,
    min: u32,
    max: u32,
) -> Result<(), ValidationError> {
    match value {
        Some(v) if v < min || v > max => Err(ValidationError::new(
            field,
            Rule::OutOfRange {
                min: i64::from(min),
                max: i64::from(max),
                actual: i64::from(v),
            },
        )),
        _ => Ok(()),
    }
}

/// Checks an optional string's length in characters.
pub(crate) fn check_len(field: &'static str, value: Option<&str>, max: usize) -> Result<(), ValidationError> {
    if let Some(v) = value {
        let n = v.chars().count();
        if n > max {
            return Err(ValidationError::new(
                field,
                Rule::TooLong {
                    max,
                    actual: n,
                    unit: "characters",
                },
            ));
        }
    }
    Ok(())
}

/// Rejects `hasAudio` and `hasVideo` both false (reported on `hasVideo`).
pub(crate) fn check_tracks(has_audio: Option<bool>, has_video: Option<bool>) -> Result<(), ValidationError> {
    if has_audio == Some(false) && has_video == Some(false) {
        return Err(ValidationError::new(
            "hasVideo",
            Rule::Conflict("hasAudio and hasVideo cannot both be false".into()),
        ));
    }
    Ok(())
}

/// Checks `maxBitrate` (100 000 – 6 000 000 bits per second).
pub(crate) fn check_max_bitrate(value: Option<u32>) -> Result<(), ValidationError> {
    check_range("maxBitrate", value, 100_000, 6_000_000)
}

/// The shortest callback or page URL the service takes, in characters.
pub(crate) const MIN_URL_CHARS: usize = 15;
/// The longest callback or page URL the service takes, in characters.
pub(crate) const MAX_URL_CHARS: usize = 2048;

/// What follows the first of `schemes` (ASCII, compared case-insensitively) that `url`
/// starts with.
pub(crate) fn strip_scheme<'a>(url: &'a str, schemes: &[&str]) -> Option<&'a str> {
    schemes.iter().find_map(|scheme| {
        let head = url.as_bytes().get(..scheme.len())?;
        if head.eq_ignore_ascii_case(scheme.as_bytes()) {
            url.get(scheme.len()..)
        } else {
            None
        }
    })
}

/// Checks an absolute `http(s)` URL of 15 to 2048 characters (callback and page URLs).
pub(crate) fn check_http_url(field: &'static str, url: &str) -> Result<(), ValidationError> {
    let (min, max) = (MIN_URL_CHARS, MAX_URL_CHARS);
    if url.is_empty() {
        return Err(ValidationError::new(field, Rule::Required));
    }
    let len = url.chars().count();
    if len > max {
        return Err(ValidationError::new(
            field,
            Rule::TooLong {
                max,
                actual: len,
                unit: "characters",
            },
        ));
    }
    let rest = strip_scheme(url, &["https://", "http://"]);
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) || len < min {
        return Err(ValidationError::new(
            field,
            Rule::Format("an absolute http(s) URL of at least 15 characters"),
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ValidationError::new(
            field,
            Rule::Charset("non-whitespace, printable characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_would_change_a_path_are_refused() {
        for ok in [
            "2_MX4xfg", "a.b", "...", ".a", "a..", "%2e%2e", "é", "a b", "a;b", "a&b",
        ] {
            assert_eq!(check_id("streamId", ok), Ok(()), "{ok:?}");
        }
        let rule = |id: &str| check_id("streamId", id).expect_err(id).rule;
        assert_eq!(rule(""), Rule::Required);
        for dots in [".", ".."] {
            assert_eq!(rule(dots), Rule::Format("an id other than `.` and `..`"));
        }
        for bad in ["a/b", "/", "a?b", "#", "a\u{0}", "\u{85}", "\t"] {
            assert_eq!(
                rule(bad),
                Rule::Charset("printable characters other than `/`, `?` and `#`"),
                "{bad:?}"
            );
        }
        assert_eq!(
            rule(&"a".repeat(256)),
            Rule::TooLong {
                max: 255,
                actual: 256,
                unit: "bytes"
            }
        );
        assert_eq!(check_id("streamId", &"a".repeat(255)), Ok(()));
        assert_eq!(check_id("streamId", "..").expect_err("dots").field, "streamId");
    }

    #[test]
    fn length_counts_characters() {
        let e = check_len("name", Some(&"é".repeat(81)), 80).expect_err("long");
        assert_eq!(
            e.rule,
            Rule::TooLong {
                max: 80,
                actual: 81,
                unit: "characters"
            }
        );
        assert!(check_len("name", Some(&"é".repeat(80)), 80).is_ok());
    }

    #[test]
    fn tracks_and_bitrate() {
        let e = check_tracks(Some(false), Some(false)).expect_err("no tracks");
        assert_eq!(e.field, "hasVideo");
        assert!(check_tracks(Some(false), None).is_ok());
        let e = check_max_bitrate(Some(99_999)).expect_err("too low");
        assert_eq!(
            e.rule,
            Rule::OutOfRange {
                min: 100_000,
                max: 6_000_000,
                actual: 99_999
            }
        );
        assert!(check_max_bitrate(Some(6_000_000)).is_ok());
        assert!(check_max_bitrate(Some(6_000_001)).is_err());
    }
}
