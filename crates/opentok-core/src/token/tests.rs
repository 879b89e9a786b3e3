//! Minting and verifying, through the checked path and the unchecked encoders.

use super::*;
use crate::clock::from_unix_secs;
use crate::nonce::SeededNonce;

const SID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";

fn creds() -> Credentials {
    Credentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81").expect("valid")
}

#[test]
fn nonces_are_decimal_and_below_ten_to_the_fifteenth() {
    #[derive(Debug)]
    struct Fixed(u64);
    impl NonceSource for Fixed {
        fn next_u64(&self) -> u64 {
            self.0
        }
    }
    let now = from_unix_secs(1_700_000_000);
    for (drawn, text) in [
        (0, "0"),
        (42, "42"),
        (u64::MAX, "744073709551615"),
        (999_999_999_999_999, "999999999999999"),
        (1_000_000_000_000_000, "0"),
    ] {
        for format in [TokenFormat::T1, TokenFormat::Jwt] {
            let opts = TokenOptions::new().format(format);
            let t = mint(&creds(), SID, &opts, now, &Fixed(drawn)).expect("mints");
            assert_eq!(decode(&t).expect("decodes").nonce, text, "{format:?}");
        }
    }
}

#[test]
fn mint_checks_the_session() {
    let now = from_unix_secs(1_700_000_000);
    let n = SeededNonce::new(1);
    let other = Credentials::new("999", "x").expect("valid");
    let e = mint(&other, SID, &TokenOptions::new(), now, &n).expect_err("other key");
    let TokenError::Invalid(v) = e else {
        panic!("{e:?}")
    };
    assert_eq!(v.field, "session_id");
    assert!(matches!(v.rule, Rule::Conflict(_)));
    for bad in ["", "garbage", "2_!!", "3_MX4"] {
        let e = mint(&creds(), bad, &TokenOptions::new(), now, &n).expect_err(bad);
        let TokenError::Invalid(v) = e else {
            panic!("{e:?}")
        };
        assert_eq!(v.field, "session_id");
        assert!(matches!(v.rule, Rule::Format(_)));
    }
}

#[test]
fn mint_checks_options_and_fixes_create_time() {
    let now = from_unix_secs(1_700_000_000);
    let n = SeededNonce::new(1);
    let e = mint(&creds(), SID, &TokenOptions::new().expire_time(now), now, &n).expect_err("now");
    assert!(
        matches!(e, TokenError::Invalid(ref v) if v.field == "expire_time"),
        "{e:?}"
    );
    let e = mint(
        &creds(),
        SID,
        &TokenOptions::new().data("x".repeat(1001)),
        now,
        &n,
    )
    .expect_err("data");
    assert!(
        matches!(e, TokenError::Invalid(ref v) if v.field == "connection_data"),
        "{e:?}"
    );
    let t = mint(&creds(), SID, &TokenOptions::new(), now, &n).expect("mints");
    let d = decode(&t).expect("decodes");
    assert_eq!(d.issued_at, now);
    assert_eq!(d.expire_time, None, "T1 leaves the default expiry to the service");
    assert_eq!(d.expires_at(), from_unix_secs(1_700_086_400));
    let j = mint(
        &creds(),
        SID,
        &TokenOptions::new().format(TokenFormat::Jwt),
        now,
        &n,
    )
    .expect("jwt");
    let d = decode(&j).expect("decodes");
    assert_eq!(
        d.expire_time,
        Some(from_unix_secs(1_700_086_400)),
        "JWT gets exp = now + 24 h"
    );
}

#[test]
fn verification_failures_are_typed() {
    let now = from_unix_secs(1_700_000_000);
    let n = SeededNonce::new(1);
    for format in [TokenFormat::T1, TokenFormat::Jwt] {
        let opts = TokenOptions::new()
            .format(format)
            .expire_time(from_unix_secs(1_700_000_100));
        let t = mint(&creds(), SID, &opts, now, &n).expect("mints");
        assert!(verify(&t, &creds(), now).is_ok());
        let wrong_secret = Credentials::new("47001234", "not-the-secret").expect("valid");
        assert_eq!(verify(&t, &wrong_secret, now), Err(TokenError::BadSignature));
        let wrong_key = Credentials::new("47001235", "584febcb92be7d3af15c92e1035d151c90d8cb81").expect("ok");
        assert_eq!(verify(&t, &wrong_key, now), Err(TokenError::WrongKey));
        assert_eq!(
            verify(&t, &creds(), from_unix_secs(1_700_000_100)),
            Err(TokenError::Expired {
                expired_at: from_unix_secs(1_700_000_100)
            })
        );
        assert!(verify(&t, &creds(), from_unix_secs(1_700_000_099)).is_ok());
        assert_eq!(
            verify_for_session(&t, &creds(), now, "2_other"),
            Err(TokenError::WrongSession)
        );
        assert!(verify_for_session(&t, &creds(), now, SID).is_ok());
    }
}

#[test]
fn debug_leaves_the_signature_out() {
    let now = from_unix_secs(1_700_000_000);
    let t = mint(&creds(), SID, &TokenOptions::new(), now, &SeededNonce::new(5)).expect("mints");
    let d = decode(&t).expect("decodes");
    let dbg = format!("{d:?}");
    assert!(dbg.contains("47001234") && !dbg.contains("sig"), "{dbg}");
}

/// The unchecked encoders, which `mint` reaches with a drawn nonce: here with the inputs of
/// known tokens (a nonce `mint` never draws, a session of another key).
mod encoders {
    use std::path::PathBuf;

    use proptest::prelude::*;
    use serde_json::Value;

    use super::super::{TokenFields, decode, encode_jwt, encode_t1, verify};
    use super::*;
    use crate::credentials::ProjectCredentials;
    use crate::session_id;

    fn vectors(name: &str) -> Vec<Value> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors")
            .join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        serde_json::from_str(&text).expect("vector file is JSON")
    }

    /// A publisher token's fields: nonce `1`, no expiry, data or layout.
    fn publisher(session_id: &str, create_time: u64) -> TokenFields<'_> {
        TokenFields {
            role: Role::Publisher,
            session_id,
            create_time,
            nonce: "1",
            expire_time: None,
            connection_data: None,
            initial_layout_class_list: &[],
        }
    }

    fn s<'a>(v: &'a Value, k: &str) -> &'a str {
        v[k].as_str().unwrap_or_else(|| panic!("{k} is a string in {v}"))
    }

    /// The seed's two Ruby T1 tokens, byte for byte. Their nonce, `0.123456789`, is Ruby's
    /// `Random.rand` text, which `mint` (decimal integers below 10^15) never writes.
    #[test]
    fn ruby_seed_tokens_byte_for_byte() {
        let cases = vectors("t1_ruby_seed.json");
        assert_eq!(cases.len(), 2);
        for v in &cases {
            let layout: Vec<String> = v["layout"]
                .as_array()
                .map(|a| a.iter().map(|x| x.as_str().expect("class").to_owned()).collect())
                .unwrap_or_default();
            let nonce = s(v, "nonce");
            let fields = TokenFields {
                role: s(v, "role").parse::<Role>().expect("role"),
                session_id: s(v, "session_id"),
                create_time: v["create_time"].as_u64().expect("create_time"),
                nonce,
                expire_time: v["expire_time"].as_u64(),
                connection_data: v["data"].as_str(),
                initial_layout_class_list: &layout,
            };
            let project = ProjectCredentials::new(s(v, "api_key"), s(v, "api_secret")).expect("valid");
            let token = encode_t1(&project, &fields);
            assert_eq!(token, s(v, "expected_token"), "case {}", s(v, "case"));
            // and it reads back to the same fields
            let d = decode(&token).expect("decodes");
            assert_eq!(d.role.as_str(), s(v, "role"));
            assert_eq!(d.nonce, nonce);
            assert_eq!(d.connection_data.as_deref(), v["data"].as_str());
            assert_eq!(d.initial_layout_class_list, layout);
        }
    }

    /// Signed correctly with our secret, but the session's field 1 is someone else's key
    /// (`mint` refuses to write such a token).
    #[test]
    fn a_token_for_another_keys_session_is_refused() {
        let p = ProjectCredentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81").expect("ok");
        let creds = Credentials::from(p.clone());
        let foreign = session_id::mint("999", None, from_unix_secs(1), &SeededNonce::new(1)).expect("mints");
        for encode in [encode_t1, encode_jwt] {
            let t = encode(&p, &publisher(&foreign, 1_700_000_000));
            assert_eq!(
                verify(&t, &creds, from_unix_secs(1_700_000_000)),
                Err(TokenError::ForeignSession)
            );
        }
        let t = encode_t1(&p, &publisher("2_nope", 1_700_000_000));
        assert!(matches!(
            verify(&t, &creds, from_unix_secs(1_700_000_000)),
            Err(TokenError::BadSessionId(_))
        ));
    }

    proptest! {
        /// Any create and expire time (`mint` only writes times near its clock) decodes, or is
        /// refused as out of range.
        #[test]
        fn any_time_decodes_or_is_refused_without_panicking(create in any::<u64>(), expire in any::<u64>()) {
            let now = from_unix_secs(1_700_000_000);
            let p = ProjectCredentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81").expect("valid");
            let mut fields = publisher(SID, create);
            fields.expire_time = Some(expire);
            for t in [encode_t1(&p, &fields), encode_jwt(&p, &fields)] {
                match decode(&t) {
                    Ok(d) => {
                        prop_assert_eq!(crate::clock::unix_secs(d.issued_at), create);
                        let _ = d.expires_at();
                        let _ = d.verify(&creds(), now);
                    }
                    Err(e) => prop_assert!(matches!(e, TokenError::Malformed(m) if m.contains("out of range")), "{:?}", e),
                }
            }
        }
    }
}
