//! Input checks shared by the operations' `build()`: number ranges, string lengths and
//! absolute URLs. Each names the wire field in its [`ValidationError`].

use crate::error::{Rule, ValidationError};

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
}
