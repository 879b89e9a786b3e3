//! Form encoding (`application/x-www-form-urlencoded`) as the service and the seed use it:
//! `A-Z a-z 0-9 - . _ ~` stay, space becomes `+`, every other UTF-8 byte becomes `%XX`
//! (uppercase). Bytes are never rewritten otherwise.

/// Where encoded text goes: a `String`, or the bytes of a buffer that is hashed or encoded
/// further (T1 tokens), which then needs no UTF-8 check.
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);
    /// Appends `%XX` for `byte` (uppercase hex).
    fn put_escape(&mut self, byte: u8);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
    fn put_escape(&mut self, byte: u8) {
        self.push('%');
        self.push(char::from(HEX[usize::from(byte >> 4)]));
        self.push(char::from(HEX[usize::from(byte & 0xF)]));
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    fn put_escape(&mut self, byte: u8) {
        self.extend_from_slice(&[b'%', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]]);
    }
}

/// Appends the form encoding of `value` to `out`.
pub(crate) fn encode_into(out: &mut impl Sink, value: &str) {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if keep {
            continue;
        }
        // Bytes start..i are kept ASCII, so both ends are char boundaries.
        out.put(value.get(start..i).unwrap_or_default());
        if b == b' ' {
            out.put("+");
        } else {
            out.put_escape(b);
        }
        start = i + 1;
    }
    out.put(value.get(start..).unwrap_or_default());
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
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xF) as usize] as char);
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
