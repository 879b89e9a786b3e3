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
/// Reads are buffered per thread: one OS call fills 512 bytes, enough for 64 nonces, so a
/// token pays for eight bytes of OS randomness instead of a system call, and threads minting
/// at once never wait on each other. Every byte still comes from the OS generator and none
/// is handed out twice.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsNonce;

struct OsBuffer {
    bytes: [u8; 512],
    pos: usize,
}

thread_local! {
    static OS_BUFFER: std::cell::RefCell<OsBuffer> =
        const { std::cell::RefCell::new(OsBuffer { bytes: [0; 512], pos: 512 }) };
}

impl OsBuffer {
    fn next_u64(&mut self) -> u64 {
        use rand_core::RngCore;
        if self.pos + 8 > self.bytes.len() {
            rand_core::OsRng.fill_bytes(&mut self.bytes);
            self.pos = 0;
        }
        let mut word = [0u8; 8];
        let taken = &mut self.bytes[self.pos..self.pos + 8];
        word.copy_from_slice(taken);
        // Wipe what was handed out, so a later reader of the buffer cannot see it.
        taken.fill(0);
        self.pos += 8;
        u64::from_le_bytes(word)
    }
}

impl NonceSource for OsNonce {
    fn next_u64(&self) -> u64 {
        use rand_core::RngCore;
        OS_BUFFER
            .try_with(|buf| buf.try_borrow_mut().ok().map(|mut buf| buf.next_u64()))
            .ok()
            .flatten()
            // Thread teardown (or re-entry): straight from the OS.
            .unwrap_or_else(|| rand_core::OsRng.next_u64())
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
