//! Randomness: nonces for tokens and JWT ids.
//!
//! Core reads OS randomness only through [`OsNonce`], the default [`NonceSource`]. Tests use
//! [`SeededNonce`], which yields the same sequence for the same seed. `rand` and `rand_core`
//! stay out of the public API, so their major versions do not leak into ours.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// A source of random 64-bit values.
pub trait NonceSource: Send + Sync + fmt::Debug {
    /// The next value.
    fn next_u64(&self) -> u64;

    /// Fills `dest` with random bytes.
    fn fill_bytes(&self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

/// A random (version 4) UUID drawn from `nonce`, as lowercase 8-4-4-4-12 text: the `jti` of
/// RS256 tokens, as the official Vonage SDKs write it.
pub(crate) fn uuid_v4(nonce: &dyn NonceSource) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&nonce.next_u64().to_be_bytes());
    bytes[8..].copy_from_slice(&nonce.next_u64().to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 0x0f)]));
    }
    out
}

/// Randomness from the operating system, drawn through the thread's CSPRNG.
///
/// [`next_u64`](NonceSource::next_u64) (token nonces, JWT ids) reads `rand`'s thread-local
/// generator: ChaCha12, keyed from the operating system's generator, re-keyed from it every
/// 64 KiB of output and after a `fork`. A nonce costs a few nanoseconds instead of a system
/// call, and threads minting at once never wait on each other.
/// [`fill_bytes`](NonceSource::fill_bytes) (the random part of session ids) reads the
/// operating system's generator directly.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsNonce;

impl NonceSource for OsNonce {
    fn next_u64(&self) -> u64 {
        use rand::RngCore;
        rand::thread_rng().next_u64()
    }

    fn fill_bytes(&self, dest: &mut [u8]) {
        use rand_core::RngCore;
        rand_core::OsRng.fill_bytes(dest)
    }
}

/// A deterministic source (SplitMix64): the same seed gives the same sequence.
/// For tests and reproducible output; never for production secrets.
#[derive(Debug)]
pub struct SeededNonce {
    state: AtomicU64,
}

impl SeededNonce {
    /// A source starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed),
        }
    }
}

impl NonceSource for SeededNonce {
    fn next_u64(&self) -> u64 {
        let mut z = self
            .state
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl<N: NonceSource + ?Sized> NonceSource for std::sync::Arc<N> {
    fn next_u64(&self) -> u64 {
        (**self).next_u64()
    }
    fn fill_bytes(&self, dest: &mut [u8]) {
        (**self).fill_bytes(dest)
    }
}

impl<N: NonceSource + ?Sized> NonceSource for &N {
    fn next_u64(&self) -> u64 {
        (**self).next_u64()
    }
    fn fill_bytes(&self, dest: &mut [u8]) {
        (**self).fill_bytes(dest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_is_reproducible_and_varies() {
        let a = SeededNonce::new(7);
        let b = SeededNonce::new(7);
        let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], xs[1]);
        let mut buf = [0u8; 13];
        SeededNonce::new(1).fill_bytes(&mut buf);
        assert!(buf.iter().any(|&b| b != 0));
    }

    #[test]
    fn uuids_are_version_4_text() {
        let n = SeededNonce::new(3);
        let a = uuid_v4(&n);
        let b = uuid_v4(&n);
        assert_ne!(a, b);
        for u in [a, b] {
            let groups: Vec<&str> = u.split('-').collect();
            assert_eq!(
                groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12],
                "{u}"
            );
            assert!(
                u.bytes()
                    .all(|c| c == b'-' || c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
            );
            assert!(groups[2].starts_with('4'), "{u}");
            assert!(
                matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
                "{u}"
            );
        }
    }

    #[test]
    fn os_nonce_values_are_distinct() {
        let values: std::collections::HashSet<u64> = (0..200).map(|_| OsNonce.next_u64()).collect();
        assert_eq!(values.len(), 200, "200 draws are all distinct");
    }

    #[test]
    fn os_nonce_threads_draw_distinct_values() {
        let threads: Vec<_> = (0..8)
            .map(|_| std::thread::spawn(|| (0..150).map(|_| OsNonce.next_u64()).collect::<Vec<_>>()))
            .collect();
        let mut all = std::collections::HashSet::new();
        for t in threads {
            for v in t.join().expect("no panic") {
                assert!(all.insert(v), "{v} drawn twice");
            }
        }
        assert_eq!(all.len(), 8 * 150);
    }
}
