//! RS256 readers (Vonage application credentials) never panic: client tokens and REST bearer
//! JWTs, as given and with 0xFF-split parts base64url-joined under an RS256 header (so the
//! fuzzer reaches the claims reader and the signature check). A token that verifies decodes
//! to the same fields; the throwaway test key's public half does the checking.
#![no_main]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use libfuzzer_sys::fuzz_target;
use opentok_core::PublicKey;
use opentok_core::clock::from_unix_secs;
use opentok_core::rest_auth::verify_bearer;
use opentok_core::token;

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const PUBLIC_PEM: &str = include_str!("../../crates/opentok-core/tests/vectors/vonage/test_public_key.pem");

fn check(text: &str, key: &PublicKey) {
    let now = from_unix_secs(1_700_000_000);
    let decoded = token::decode_rs256(text);
    if let Ok(verified) = token::verify_rs256(text, APP, key, now) {
        assert_eq!(decoded.as_ref().ok(), Some(&verified), "verified but decodes otherwise");
    }
    let _ = verify_bearer(text, APP, key, now, Duration::from_secs(5));
}

fuzz_target!(|data: &[u8]| {
    let key = PublicKey::from_pem(PUBLIC_PEM).expect("test public key");
    if let Ok(text) = std::str::from_utf8(data) {
        check(text, &key);
        let _ = PublicKey::from_pem(text);
        let _ = opentok_core::PrivateKey::from_pem(text);
    }
    let mut parts: Vec<String> = vec![URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#)];
    parts.extend(data.splitn(2, |b| *b == 0xFF).map(|p| URL_SAFE_NO_PAD.encode(p)));
    check(&parts.join("."), &key);
});
