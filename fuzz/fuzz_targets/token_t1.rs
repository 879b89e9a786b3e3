//! T1 decoding never panics. The input is decoded as given, and wrapped as `T1==` + base64 of
//! itself (so the fuzzer reaches the inner `partner_id=…&sig=…:data` parser). Whatever decodes is
//! minted again with `encode_t1`, and that token must decode to the same fields.
#![no_main]

#[path = "common/token_roundtrip.rs"]
mod token_roundtrip;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use opentok_core::fuzzing::{T1_PREFIX, encode_t1};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        token_roundtrip::check(text, encode_t1);
    }
    token_roundtrip::check(&format!("{T1_PREFIX}{}", STANDARD.encode(data)), encode_t1);
});
