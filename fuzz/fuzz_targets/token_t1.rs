//! T1 decoding never panics. The input is decoded as given, and wrapped as `T1==` + base64 of
//! itself (so the fuzzer reaches the inner `partner_id=…&sig=…:data` parser). Whatever decodes is
//! minted again with `encode_t1`, and that token must decode to the same fields.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use opentok_core::clock::{from_unix_secs, unix_secs};
use opentok_core::token::{self, DecodedToken, T1_PREFIX, TokenFields, encode_t1};
use opentok_core::{Credentials, ProjectCredentials};

fn check(token: &str) {
    let Ok(creds) = ProjectCredentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81") else {
        return;
    };
    let _ = token::verify(
        token,
        &Credentials::from(creds.clone()),
        from_unix_secs(1_700_000_000),
    );
    let Ok(decoded) = token::decode(token) else { return };
    let again = remint(&creds, &decoded);
    let redecoded = token::decode(&again).expect("a token encode_t1 wrote decodes");
    assert_eq!(remint(&creds, &redecoded), again, "re-minting is not stable");
    assert_eq!(redecoded.session_id, decoded.session_id);
    assert_eq!(redecoded.role, decoded.role);
    assert_eq!(redecoded.nonce, decoded.nonce);
    assert_eq!(redecoded.connection_data, decoded.connection_data);
}

fn remint(creds: &ProjectCredentials, d: &DecodedToken) -> String {
    let fields = TokenFields {
        role: d.role,
        session_id: &d.session_id,
        create_time: unix_secs(d.issued_at),
        nonce: &d.nonce,
        expire_time: d.expire_time.map(unix_secs),
        connection_data: d.connection_data.as_deref(),
        initial_layout_class_list: &d.initial_layout_class_list,
    };
    encode_t1(creds, &fields)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    check(&format!("{T1_PREFIX}{}", STANDARD.encode(data)));
});
