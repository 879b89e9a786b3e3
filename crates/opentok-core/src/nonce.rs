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
