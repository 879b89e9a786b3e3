//! Property tests for client tokens and session ids: encode → decode → verify round trips
//! for arbitrary options, and decoders that return errors (never panic) on arbitrary input.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use opentok_core::clock::{from_unix_millis, from_unix_secs};
use opentok_core::nonce::SeededNonce;
use opentok_core::token::{self, Role, TokenError, TokenFormat, TokenOptions};
use opentok_core::{Credentials, session_id};
use proptest::prelude::*;

const KEY: &str = "47001234";
const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";
const SID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";

fn creds() -> Credentials {
    Credentials::new(KEY, SECRET).expect("valid")
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn format() -> impl Strategy<Value = TokenFormat> {
    prop::sample::select(vec![TokenFormat::T1, TokenFormat::Jwt])
}

/// Arbitrary Unicode (any scalar value, controls included), up to 1000 characters.
fn data() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=1000).prop_map(String::from_iter)
}

/// Layout classes: 1–12 non-whitespace characters each, up to 10 of them.
fn layout() -> impl Strategy<Value = Vec<String>> {
    let class = prop::collection::vec(
        any::<char>().prop_filter("no whitespace", |c| !c.is_whitespace()),
        1..12,
    )
    .prop_map(String::from_iter);
    prop::collection::vec(class, 0..10)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mint_decode_verify_round_trip(
        role in role(),
        format in format(),
        now_s in 1_000_000_000u64..4_000_000_000,
        expire_in in prop::option::of(1u64..=30 * 86_400),
        data in prop::option::of(data()),
        layout in layout(),
        seed in any::<u64>(),
    ) {
        let now = from_unix_secs(now_s);
        let mut opts = TokenOptions::new().role(role).format(format).initial_layout_class_list(layout.clone());
        if let Some(secs) = expire_in {
            opts = opts.expire_time(now + Duration::from_secs(secs));
        }
        if let Some(d) = &data {
            opts = opts.data(d.clone());
        }
        let t = token::mint(&creds(), SID, &opts, now, &SeededNonce::new(seed)).expect("valid options mint");
        match format {
            TokenFormat::T1 => prop_assert!(t.starts_with("T1==")),
            TokenFormat::Jwt => prop_assert_eq!(t.split('.').count(), 3),
        }
        let d = token::verify_for_session(&t, &creds(), now, SID).expect("own token verifies");
        prop_assert_eq!(d.format, format);
        prop_assert_eq!(d.api_key.as_str(), KEY);
        prop_assert_eq!(d.session_id.as_str(), SID);
        prop_assert_eq!(d.role, role);
        prop_assert_eq!(d.issued_at, now);
        prop_assert_eq!(&d.connection_data, &data);
        prop_assert_eq!(&d.initial_layout_class_list, &layout);
        prop_assert!(d.nonce.bytes().all(|b| b.is_ascii_digit()) && d.nonce.len() <= 15);
        let expected_exp = now + Duration::from_secs(expire_in.unwrap_or(86_400));
        prop_assert_eq!(d.expires_at(), expected_exp);
        prop_assert_eq!(d.expire_time.is_some(), expire_in.is_some() || format == TokenFormat::Jwt);
        // valid until, not at, its expiry; and only for its own secret
        prop_assert!(token::verify(&t, &creds(), expected_exp - Duration::from_secs(1)).is_ok());
        prop_assert_eq!(
            token::verify(&t, &creds(), expected_exp),
            Err(TokenError::Expired { expired_at: expected_exp })
        );
        let other = Credentials::new(KEY, "other-secret").expect("valid");
        prop_assert_eq!(token::verify(&t, &other, now), Err(TokenError::BadSignature));
    }

    #[test]
    fn over_long_data_is_refused_by_name(extra in 1usize..50, c in any::<char>(), format in format()) {
        let now = from_unix_secs(1_700_000_000);
        let opts = TokenOptions::new().format(format).data(c.to_string().repeat(1000 + extra));
        let e = token::mint(&creds(), SID, &opts, now, &SeededNonce::new(1)).expect_err("too long");
        prop_assert!(matches!(e, TokenError::Invalid(ref v) if v.field == "connection_data"), "{:?}", e);
    }

    #[test]
    fn decode_never_panics_on_strings(s in any::<String>()) {
        let now = from_unix_secs(1_700_000_000);
        let _ = token::decode(&s);
        let _ = token::verify(&s, &creds(), now);
        let _ = token::decode(&format!("T1=={s}"));
        let _ = session_id::decode(&s);
        let _ = session_id::decode(&format!("2_{s}"));
    }

    #[test]
    fn decode_never_panics_on_encoded_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let now = from_unix_secs(1_700_000_000);
        // T1 whose inner string is arbitrary bytes, and with a plausible head
        let _ = token::verify(&format!("T1=={}", STANDARD.encode(&bytes)), &creds(), now);
        let mut inner = format!("partner_id={KEY}&sig=94bd3a18bcf0b12e31fa9d46c11769255c9ecefd:").into_bytes();
        inner.extend_from_slice(&bytes);
        let _ = token::verify(&format!("T1=={}", STANDARD.encode(&inner)), &creds(), now);
        // JWTs with arbitrary claims, and with arbitrary JSON-ish claims
        let b64 = URL_SAFE_NO_PAD.encode(&bytes);
        let _ = token::verify(&format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{b64}.{b64}"), &creds(), now);
        let mut json = b"{\"iss\":\"47001234\",\"role\":".to_vec();
        json.extend_from_slice(&bytes);
        let c = URL_SAFE_NO_PAD.encode(&json);
        let _ = token::verify(&format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{c}.AAAA"), &creds(), now);
        // session ids whose payload is arbitrary bytes
        let _ = session_id::decode(&format!("1_{b64}"));
        let _ = session_id::decode(&format!("2_{}", STANDARD.encode(&bytes)));
    }

    #[test]
    fn session_id_mint_decode_round_trip(
        project in "[^~\\p{Cc}]{1,40}",
        location in prop::option::of("[^~\\p{Cc}]{1,20}"),
        now_ms in 0u64..10_000_000_000_000,
        seed in any::<u64>(),
    ) {
        let now = from_unix_millis(now_ms);
        let id = session_id::mint(&project, location.as_deref(), now, &SeededNonce::new(seed)).expect("mints");
        prop_assert!(id.starts_with("2_"));
        prop_assert!(id[2..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let d = session_id::decode(&id).expect("decodes");
        prop_assert_eq!(d.version, 2);
        prop_assert_eq!(&d.project_id, &project);
        prop_assert_eq!(&d.location, &location);
        prop_assert_eq!(&d.created_raw, &now_ms.to_string());
        prop_assert_eq!(d.random.len(), 24);
        prop_assert!(d.belongs_to(&project));
        // A token minted for a session of this project verifies; a token for it under another
        // key is refused.
        // (`.` and `..` are refused as keys: the key is a path segment.)
        let key_charset = project.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
        if key_charset && project != "." && project != ".." {
            let c = Credentials::new(project.clone(), SECRET).expect("valid key");
            let now_s = from_unix_secs(1_700_000_000);
            let t = token::mint(&c, &id, &TokenOptions::new(), now_s, &SeededNonce::new(seed)).expect("mints");
            prop_assert!(token::verify_for_session(&t, &c, now_s, &id).is_ok());
        }
    }
}

#[test]
fn session_id_round_trip_for_ascii_keys_is_exercised() {
    // the property above only mints tokens for keys in the API key charset: check one here
    let id = session_id::mint("47001234", None, from_unix_millis(5), &SeededNonce::new(1)).expect("mints");
    let t = token::mint(
        &creds(),
        &id,
        &TokenOptions::new(),
        from_unix_secs(10),
        &SeededNonce::new(1),
    )
    .expect("mints");
    assert!(token::verify_for_session(&t, &creds(), from_unix_secs(10), &id).is_ok());
}

/// A T1 token with `KEY`'s head, an all-zero signature and `data`.
fn t1_with_data(data: &str) -> String {
    format!(
        "T1=={}",
        STANDARD.encode(format!("partner_id={KEY}&sig={}:{data}", "0".repeat(40)))
    )
}

#[test]
fn a_huge_token_of_short_fields_is_refused_by_its_length() {
    // The attack: ~330 KB of 60,000 short fields, once quadratic to decode.
    let t = t1_with_data(&"a=1&".repeat(60_000));
    assert!(t.len() > 300_000, "{}", t.len());
    let too_long = TokenError::TooLong {
        max: token::MAX_TOKEN_BYTES,
        actual: t.len(),
    };
    assert_eq!(token::decode(&t), Err(too_long.clone()));
    assert_eq!(
        token::verify(&t, &creds(), from_unix_secs(1_700_000_000)),
        Err(too_long)
    );
    // The same length of JWT-shaped text is refused the same way.
    let jwt = format!("eyJhbGciOiJIUzI1NiJ9.{}.AAAA", "A".repeat(330_000));
    assert!(matches!(token::decode(&jwt), Err(TokenError::TooLong { .. })));
}

#[test]
fn many_fields_under_the_cap_are_refused_at_the_first_the_sdks_never_write() {
    let valid = format!("session_id={SID}&create_time=1700000000&role=publisher&nonce=1");
    // Thousands of unknown fields, and thousands of one known field, just under the cap.
    let unknown = t1_with_data(&format!("{valid}{}", "&x=1".repeat(8_000)));
    let repeated = t1_with_data(&format!("{valid}{}", "&scope=1".repeat(4_000)));
    for t in [&unknown, &repeated] {
        assert!(
            t.len() > 40_000 && t.len() <= token::MAX_TOKEN_BYTES,
            "{}",
            t.len()
        );
    }
    assert_eq!(
        token::decode(&unknown),
        Err(TokenError::Malformed("a data field no SDK writes"))
    );
    assert_eq!(
        token::decode(&repeated),
        Err(TokenError::Malformed("duplicate field in data"))
    );
    // Every field some SDK writes is still read, `scope` included.
    let all = t1_with_data(&format!(
        "{valid}&scope=session.connect&expire_time=&connection_data=a&initial_layout_class_list=b+c"
    ));
    let d = token::decode(&all).expect("decodes");
    assert_eq!(d.initial_layout_class_list, ["b", "c"]);
}

#[test]
fn the_longest_tokens_mint_writes_are_under_the_cap() {
    // 1000 four-byte characters of data and of layout classes: the most each option takes.
    let now = from_unix_secs(1_700_000_000);
    let wide = "\u{1F3A5}".repeat(1000);
    for format in [TokenFormat::T1, TokenFormat::Jwt] {
        let opts = TokenOptions::new()
            .format(format)
            .data(wide.clone())
            .initial_layout_class_list([wide.clone()]);
        let t = token::mint(&creds(), SID, &opts, now, &SeededNonce::new(1)).expect("mints");
        assert!(t.len() <= token::MAX_TOKEN_BYTES, "{format:?}: {}", t.len());
        let d = token::verify_for_session(&t, &creds(), now, SID).expect("verifies");
        assert_eq!(d.connection_data.as_deref(), Some(wide.as_str()));
    }
}
