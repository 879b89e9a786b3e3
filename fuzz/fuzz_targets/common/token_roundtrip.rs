//! The token round trip both token targets check: decoding never panics, and whatever decodes is
//! minted again with the format's encoder and must decode to the same fields, stably.

use opentok_core::clock::{from_unix_secs, unix_secs};
use opentok_core::fuzzing::TokenFields;
use opentok_core::token::{self, DecodedToken};
use opentok_core::{Credentials, ProjectCredentials};

/// An encoder of one token format (`encode_t1` or `encode_jwt`).
pub type Encode = fn(&ProjectCredentials, &TokenFields<'_>) -> String;

/// Verifies and decodes `token`; re-mints what decodes with `encode` and checks it.
pub fn check(token: &str, encode: Encode) {
    let Ok(creds) = ProjectCredentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81") else {
        return;
    };
    let _ = token::verify(
        token,
        &Credentials::from(creds.clone()),
        from_unix_secs(1_700_000_000),
    );
    let Ok(decoded) = token::decode(token) else { return };
    let again = remint(&creds, &decoded, encode);
    let redecoded = token::decode(&again).expect("a token the encoder wrote decodes");
    assert_eq!(
        remint(&creds, &redecoded, encode),
        again,
        "re-minting is not stable"
    );
    assert_eq!(redecoded.session_id, decoded.session_id);
    assert_eq!(redecoded.role, decoded.role);
    assert_eq!(redecoded.nonce, decoded.nonce);
    assert_eq!(redecoded.connection_data, decoded.connection_data);
}

fn remint(creds: &ProjectCredentials, d: &DecodedToken, encode: Encode) -> String {
    let fields = TokenFields {
        role: d.role,
        session_id: &d.session_id,
        create_time: unix_secs(d.issued_at),
        nonce: &d.nonce,
        expire_time: d.expire_time.map(unix_secs),
        connection_data: d.connection_data.as_deref(),
        initial_layout_class_list: &d.initial_layout_class_list,
    };
    encode(creds, &fields)
}
