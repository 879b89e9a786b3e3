//! Property tests for RS256 (Vonage application credentials): mint → verify round trips for
//! arbitrary options, and readers (tokens, bearer JWTs, PEM keys) that return errors, never
//! panic, on arbitrary, mutated and huge input.

use std::time::Duration;

use opentok_core::clock::from_unix_secs;
use opentok_core::nonce::SeededNonce;
use opentok_core::rest_auth::verify_bearer;
use opentok_core::token::{self, Role, TokenOptions};
use opentok_core::{Credentials, rest_auth};
use opentok_core::{PrivateKey, PublicKey};
use proptest::prelude::*;

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SID: &str = "1_MX4wYTFiMmMzZC00ZTVmLTRhNmItOGM3ZC05ZTBmMWEyYjNjNGR-fjE3MDAwMDAwMDAxMjN-ZEdoeWIzZGhkMkY1TFhSbGMzUXRjMlZ6YzJsdmJnfn5-";
const PKCS8: &str = include_str!("vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
const PUBLIC_PEM: &str = include_str!("vectors/vonage/test_public_key.pem");
const NOW: u64 = 1_700_000_000;

fn creds() -> Credentials {
    Credentials::application(APP, PKCS8).expect("valid")
}

fn public() -> PublicKey {
    PublicKey::from_pem(PUBLIC_PEM).expect("public key")
}

/// Every reader, on `text`; none may panic.
fn read_everything(text: &str) {
    let now = from_unix_secs(NOW);
    let key = public();
    let _ = token::decode_rs256(text);
    let _ = token::verify_rs256(text, APP, &key, now);
    let _ = verify_bearer(text, APP, &key, now, Duration::from_secs(5));
    let _ = token::decode(text);
    let _ = PrivateKey::from_pem(text);
    let _ = PublicKey::from_pem(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn minted_tokens_verify_with_what_was_asked(
        role in prop::sample::select(Role::ALL.to_vec()),
        data in prop::option::of(prop::collection::vec(any::<char>(), 0..=1000).prop_map(String::from_iter)),
        layout in prop::collection::vec("[A-Za-z0-9_-]{1,12}", 0..8),
        ttl in 1u64..=30 * 86_400,
        seed in any::<u64>(),
    ) {
        let now = from_unix_secs(NOW);
        let mut opts = TokenOptions::new()
            .role(role)
            .expire_time(now + Duration::from_secs(ttl))
            .initial_layout_class_list(layout.clone());
        if let Some(d) = &data {
            opts = opts.data(d.clone());
        }
        let t = token::mint(&creds(), SID, &opts, now, &SeededNonce::new(seed)).expect("mints");
        let d = token::verify_rs256(&t, APP, &public(), now).expect("verifies");
        prop_assert_eq!(d.role, role);
        prop_assert_eq!(d.connection_data, data);
        prop_assert_eq!(d.initial_layout_class_list, layout);
        prop_assert_eq!(d.expire_time, Some(now + Duration::from_secs(ttl)));
        prop_assert_eq!(d.session_id, SID);
    }

    #[test]
    fn readers_survive_arbitrary_text(text in ".{0,600}") {
        read_everything(&text);
    }

    #[test]
    fn readers_survive_mutated_tokens(at in any::<prop::sample::Index>(), byte in any::<u8>(), seed in any::<u64>()) {
        let now = from_unix_secs(NOW);
        let client = token::mint(&creds(), SID, &TokenOptions::new(), now, &SeededNonce::new(seed)).expect("mints");
        let bearer = rest_auth::bearer_token(creds().application_credentials().expect("app"), now, &SeededNonce::new(seed));
        for t in [client, bearer] {
            let mut bytes = t.clone().into_bytes();
            let i = at.index(bytes.len());
            let changed = bytes[i] != byte;
            bytes[i] = byte;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            read_everything(&text);
            if changed && text != t {
                // A changed token never verifies.
                prop_assert!(token::verify_rs256(&text, APP, &public(), now).is_err());
                prop_assert!(verify_bearer(&text, APP, &public(), now, Duration::ZERO).is_err());
            }
        }
    }
}

#[test]
fn huge_input_is_refused_without_panicking() {
    let now = from_unix_secs(NOW);
    let claims = "eyJ".repeat(1 << 20);
    let huge = format!("eyJhbGciOiJSUzI1NiJ9.{claims}.{}", "A".repeat(1 << 20));
    assert!(token::verify_rs256(&huge, APP, &public(), now).is_err());
    assert!(verify_bearer(&huge, APP, &public(), now, Duration::ZERO).is_err());
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        "A".repeat(1 << 22)
    );
    assert_eq!(PrivateKey::from_pem(&pem).expect_err("junk").field, "private_key");
    read_everything(&".".repeat(1 << 20));
}
