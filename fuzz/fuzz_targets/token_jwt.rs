//! JWT client token decoding never panics. The input is decoded as given, and split at 0xFF
//! bytes into header, claims and signature, each base64url-encoded and joined with `.` (so the
//! fuzzer reaches the JSON claims reader). Whatever decodes is minted again with `encode_jwt`, and
//! that token must decode to the same fields.
#![no_main]

#[path = "common/token_roundtrip.rs"]
mod token_roundtrip;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use libfuzzer_sys::fuzz_target;
use opentok_core::fuzzing::encode_jwt;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        token_roundtrip::check(text, encode_jwt);
    }
    let parts: Vec<String> = data
        .splitn(3, |b| *b == 0xFF)
        .map(|p| URL_SAFE_NO_PAD.encode(p))
        .collect();
    token_roundtrip::check(&parts.join("."), encode_jwt);
});
