//! HMAC-SHA1 (RFC 2104) with the keyed state prepared once: what signs T1 tokens.
//!
//! Keying HMAC hashes one block (the key XOR `ipad`) for the inner hash and one (the key
//! XOR `opad`) for the outer. [`HmacSha1Key`] keeps the SHA-1 state after each of those
//! blocks, so a signature costs only the message's blocks and one outer block: four SHA-1
//! compressions for a T1 token's data. The compression is the `sha1` crate's (SHA-NI where
//! the CPU has it); this module only pads and chains the blocks, which the `hmac` crate's
//! general buffering would otherwise do at about 35 ns a token.
//!
//! ```
//! use opentok_core::hmac_sha1::HmacSha1Key;
//!
//! // RFC 2202, test case 2.
//! let key = HmacSha1Key::new(b"Jefe");
//! let tag = key.sign(b"what do ya want for nothing?");
//! assert_eq!(tag[..4], [0xef, 0xfc, 0xdf, 0x6a]);
//! assert!(key.verify(b"what do ya want for nothing?", &tag));
//! assert!(!key.verify(b"what do ya want for nothing!", &tag));
//! ```

use std::fmt;

use sha1::digest::generic_array::GenericArray;
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// SHA-1's initial state (FIPS 180-4, 5.3.1).
const SHA1_IV: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];

/// SHA-1's block size in bytes.
const BLOCK: usize = 64;

/// Length of an HMAC-SHA1 tag in bytes.
pub const TAG_LEN: usize = 20;

/// An HMAC-SHA1 key with its inner and outer states prepared. Prints redacted.
#[derive(Clone)]
pub struct HmacSha1Key {
    inner: [u32; 5],
    outer: [u32; 5],
}

impl HmacSha1Key {
    /// Prepares `key` (any length; keys over 64 bytes are hashed first, as RFC 2104 says).
    pub fn new(key: &[u8]) -> Self {
        let mut padded = [0u8; BLOCK];
        if key.len() > BLOCK {
            padded[..TAG_LEN].copy_from_slice(&Sha1::digest(key));
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let keyed = |pad: u8| {
            let mut block = padded;
            block.iter_mut().for_each(|b| *b ^= pad);
            let mut state = SHA1_IV;
            compress(&mut state, &block);
            state
        };
        Self {
            inner: keyed(0x36),
            outer: keyed(0x5c),
        }
    }

    /// The HMAC-SHA1 tag of `data`.
    pub fn sign(&self, data: &[u8]) -> [u8; TAG_LEN] {
        let mut state = self.inner;
        let mut blocks = data.chunks_exact(BLOCK);
        for block in &mut blocks {
            compress(&mut state, block);
        }
        // The last partial block, 0x80, zeros, and the bit length of ipad block + data.
        let rest = blocks.remainder();
        let mut tail = [0u8; 2 * BLOCK];
        tail[..rest.len()].copy_from_slice(rest);
        tail[rest.len()] = 0x80;
        let end = if rest.len() < BLOCK - 8 { BLOCK } else { 2 * BLOCK };
        let bits = (BLOCK as u64 + data.len() as u64).wrapping_mul(8);
        tail[end - 8..end].copy_from_slice(&bits.to_be_bytes());
        for block in tail[..end].chunks_exact(BLOCK) {
            compress(&mut state, block);
        }

        // The outer hash: opad block (prepared) + the inner digest, in one padded block.
        let mut block = [0u8; BLOCK];
        write_digest(&state, &mut block);
        block[TAG_LEN] = 0x80;
        block[BLOCK - 8..].copy_from_slice(&((BLOCK + TAG_LEN) as u64 * 8).to_be_bytes());
        let mut state = self.outer;
        compress(&mut state, &block);
        let mut tag = [0u8; TAG_LEN];
        write_digest(&state, &mut tag);
        tag
    }

    /// Whether `tag` is the HMAC-SHA1 of `data`, compared in constant time.
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> bool {
        self.sign(data).ct_eq(tag).into()
    }
}

impl fmt::Debug for HmacSha1Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacSha1Key(<redacted>)")
    }
}

/// One SHA-1 compression of a 64-byte `block` (callers pass whole blocks only).
fn compress(state: &mut [u32; 5], block: &[u8]) {
    sha1::compress(state, std::slice::from_ref(GenericArray::from_slice(block)));
}

/// The big-endian bytes of `state` into the start of `out`.
fn write_digest(state: &[u32; 5], out: &mut [u8]) {
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, Mac};
    use proptest::prelude::*;

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn rfc_2202_vectors() {
        let counting: Vec<u8> = (1..=25).collect();
        let cases: [(&[u8], &[u8], &str); 7] = [
            (
                &[0x0b; 20],
                b"Hi There",
                "b617318655057264e28bc0b6fb378c8ef146be00",
            ),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            ),
            (
                &[0xaa; 20],
                &[0xdd; 50],
                "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
            ),
            (
                &[0x0c; 20],
                b"Test With Truncation",
                "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
            ),
            (
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "aa4ae5e15272d00e95705637ce8a3b55ed402112",
            ),
            (
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
            ),
            (&counting, &[0xcd; 50], "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
        ];
        for (key, data, want) in cases {
            let k = HmacSha1Key::new(key);
            assert_eq!(hex(&k.sign(data)), want, "key {key:?}");
            assert!(k.verify(data, &k.sign(data)));
        }
    }

    #[test]
    fn every_padding_boundary_agrees_with_the_hmac_crate() {
        let key = HmacSha1Key::new(b"584febcb92be7d3af15c92e1035d151c90d8cb81");
        let reference = <Hmac<Sha1> as Mac>::new_from_slice(b"584febcb92be7d3af15c92e1035d151c90d8cb81")
            .expect("any key length");
        let data: Vec<u8> = (0..=255u8).cycle().take(300).collect();
        for len in 0..data.len() {
            let mut mac = reference.clone();
            mac.update(&data[..len]);
            assert_eq!(
                key.sign(&data[..len])[..],
                mac.finalize().into_bytes()[..],
                "length {len}"
            );
        }
    }

    #[test]
    fn verify_rejects_other_tags() {
        let key = HmacSha1Key::new(b"secret");
        let tag = key.sign(b"data");
        assert!(key.verify(b"data", &tag));
        assert!(!key.verify(b"data", &tag[..19]), "a truncated tag");
        assert!(
            !key.verify(b"data", &[tag.as_slice(), &[0]].concat()),
            "a longer tag"
        );
        let mut flipped = tag;
        flipped[7] ^= 1;
        assert!(!key.verify(b"data", &flipped));
        assert!(!HmacSha1Key::new(b"other").verify(b"data", &tag));
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(
            format!("{:?}", HmacSha1Key::new(b"s3cret")),
            "HmacSha1Key(<redacted>)"
        );
    }

    proptest! {
        #[test]
        fn agrees_with_the_hmac_crate(
            key in proptest::collection::vec(any::<u8>(), 0..200),
            data in proptest::collection::vec(any::<u8>(), 0..400),
        ) {
            let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(&key).expect("any key length");
            mac.update(&data);
            prop_assert_eq!(
                HmacSha1Key::new(&key).sign(&data).to_vec(),
                mac.finalize().into_bytes().to_vec()
            );
        }
    }
}
