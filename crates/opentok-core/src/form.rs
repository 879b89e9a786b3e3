//! Form encoding (`application/x-www-form-urlencoded`) as the service and the official SDKs use it:
//! `A-Z a-z 0-9 - . _ ~` stay, space becomes `+`, every other UTF-8 byte becomes `%XX`
//! (uppercase). Bytes are never rewritten otherwise.
//!
//! Hand-written rather than the `form_urlencoded` crate because that crate's set differs on
//! two bytes: it keeps `*` and escapes `~` (`%7E`). Those bytes are signed in T1 tokens, so
//! using it would change the token bytes every official SDK writes and reads (the vectors in
//! `tests/vectors/` pin them).

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends the form encoding of `value` to `out`.
pub(crate) fn encode_into(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if keep {
            continue;
        }
        // Bytes start..i are kept ASCII, so both ends are char boundaries.
        out.push_str(value.get(start..i).unwrap_or_default());
        if b == b' ' {
            out.push('+');
        } else {
            push_escape(out, b);
        }
        start = i + 1;
    }
    out.push_str(value.get(start..).unwrap_or_default());
}

/// Appends `%XX` for `byte` (uppercase hex).
fn push_escape(out: &mut String, byte: u8) {
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0xF)]));
}

/// The form encoding of `value`.
#[cfg(test)]
pub(crate) fn encode(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    encode_into(&mut s, value);
    s
}

/// Encodes `pairs` as a form body: `k=v&k=v`.
pub(crate) fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut s = String::new();
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            s.push('&');
        }
        encode_into(&mut s, k);
        s.push('=');
        encode_into(&mut s, v);
    }
    s
}

/// Decodes one form-encoded component (`+` is space, `%XX` a byte). `None` when a `%` escape
/// is malformed or the bytes are not UTF-8.
pub(crate) fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let s = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(s, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Splits a form body into decoded pairs. `None` when any component does not decode.
#[cfg(test)]
pub(crate) fn decode_pairs(body: &str) -> Option<Vec<(String, String)>> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

/// Percent-encodes one URL path segment (everything outside `A-Z a-z 0-9 - . _ ~`).
pub(crate) fn encode_path_segment(out: &mut String, segment: &str) {
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            push_escape(out, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_encoding() {
        assert_eq!(
            encode("name=Johnny & co ~ü\r\n"),
            "name%3DJohnny+%26+co+~%C3%BC%0D%0A"
        );
        assert_eq!(encode("focus small"), "focus+small");
        assert_eq!(encode("a-b.c_d~e"), "a-b.c_d~e");
        // Where `form_urlencoded` differs: it would write `%7E` and `*`.
        assert_eq!(encode("~*"), "~%2A");
    }

    #[test]
    fn round_trip() {
        let s = "x y=&%+ü\u{1F600}";
        assert_eq!(decode(&encode(s)).as_deref(), Some(s));
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(
            decode_pairs("a=1&b=x+y&c").expect("decodes"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("c".into(), "".into())
            ]
        );
    }
}
