//! Randomness: nonces for tokens and JWT ids.
//!
//! Core reads OS randomness only through [`OsNonce`], the default [`NonceSource`]. Tests use
//! [`SeededNonce`], which yields the same sequence for the same seed. `rand_core` stays out of
//! the public API so its major versions do not leak into ours.

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

/// The operating system's random number generator.
///
/// Reads are buffered: one OS call fills 512 bytes, enough for 64 nonces, so a token pays a
/// few nanoseconds for its nonce instead of a system call. Every byte still comes from the OS
/// generator and none is handed out twice.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsNonce;

struct OsBuffer {
    bytes: [u8; 512],
    pos: usize,
}

static OS_BUFFER: std::sync::Mutex<OsBuffer> = std::sync::Mutex::new(OsBuffer {
    bytes: [0; 512],
    pos: 512,
});

impl NonceSource for OsNonce {
    fn next_u64(&self) -> u64 {
        use rand_core::RngCore;
        let mut buf = OS_BUFFER.lock().unwrap_or_else(|e| e.into_inner());
        if buf.pos + 8 > buf.bytes.len() {
            rand_core::OsRng.fill_bytes(&mut buf.bytes);
            buf.pos = 0;
        }
        let mut word = [0u8; 8];
        word.copy_from_slice(&buf.bytes[buf.pos..buf.pos + 8]);
        // Wipe what was handed out, so a later reader of the buffer cannot see it.
        let pos = buf.pos;
        buf.bytes[pos..pos + 8].fill(0);
        buf.pos += 8;
        u64::from_le_bytes(word)
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
    fn os_nonce_varies_across_buffer_refills() {
        let values: std::collections::HashSet<u64> = (0..200).map(|_| OsNonce.next_u64()).collect();
        assert_eq!(
            values.len(),
            200,
            "200 draws over several refills are all distinct"
        );
    }
}
