//! Identifiers: UUIDs for archives, connections, streams and the rest; API keys and secrets.

use opentok_core::nonce::{NonceSource, OsNonce};

/// Where ids draw their randomness: core's thread-local CSPRNG (`OsNonce::next_u64`:
/// ChaCha12 keyed and re-keyed from the operating system's generator), eight bytes at a
/// time, so an id costs no system call (`OsNonce::fill_bytes` makes one per call).
#[derive(Debug, Clone, Copy)]
struct Random;

impl NonceSource for Random {
    fn next_u64(&self) -> u64 {
        OsNonce.next_u64()
    }
}

/// A random version-4 UUID in lower-case hex, the shape of the service's ids.
pub(crate) fn uuid() -> String {
    let mut b = [0u8; 16];
    Random.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(D[usize::from(b >> 4)]));
        s.push(char::from(D[usize::from(b & 15)]));
    }
    s
}

/// A generated API key: eight digits, like the service's.
pub(crate) fn api_key() -> String {
    format!("{}", 10_000_000 + Random.next_u64() % 90_000_000)
}

/// A generated API secret: forty hex digits.
pub(crate) fn api_secret() -> String {
    let mut b = [0u8; 20];
    Random.fill_bytes(&mut b);
    hex(&b)
}

/// A random token for unguessable download URLs.
pub(crate) fn url_token() -> String {
    let mut b = [0u8; 16];
    Random.fill_bytes(&mut b);
    hex(&b)
}

/// Whether `s` has the shape of a UUID.
#[cfg(test)]
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// A new session id in the service's modern shape (minted by core).
pub(crate) fn session_id(api_key: &str, location: &str, now: std::time::SystemTime) -> String {
    let loc = (!location.is_empty()).then_some(location);
    opentok_core::session_id::mint(api_key, loc, now, &Random)
        .or_else(|_| opentok_core::session_id::mint(api_key, None, now, &Random))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_uuids_and_differ() {
        let a = uuid();
        assert!(is_uuid(&a), "{a}");
        assert_ne!(a, uuid());
        assert_eq!(&a[14..15], "4");
        assert!(!is_uuid("not-a-uuid"));
        assert_eq!(api_key().len(), 8);
        assert_eq!(api_secret().len(), 40);
    }
}
