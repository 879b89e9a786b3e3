//! RS256 tokens of Vonage application credentials against the tokens the official SDKs
//! minted with the throwaway test key (`tests/vectors/vonage/`, see its README): every one
//! verifies with core's verifier, the Node SDKs' are reproduced byte for byte, and forged
//! ones (tampered, another key, `alg: none`, HS256 keyed with the public key) are refused.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use opentok_core::PublicKey;
use opentok_core::clock::from_unix_secs;
use opentok_core::nonce::NonceSource;
use opentok_core::rest_auth::{RestAuthError, encode_bearer, verify_bearer};
use opentok_core::token::{self, Role, TokenError, TokenOptions};
use opentok_core::{ApplicationCredentials, Credentials};
use serde_json::Value;
use sha2::Sha256;

const PKCS8: &str = include_str!("vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
const PKCS1: &str = include_str!("vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs1.pem");
const OTHER_KEY: &str = include_str!("vectors/vonage/OTHER_THROWAWAY_KEY_private_pkcs8.pem");
const PUBLIC_PEM: &str = include_str!("vectors/vonage/test_public_key.pem");
const TOKENS: &str = include_str!("vectors/vonage/tokens.json");
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const NOW: u64 = 1_700_000_000;

fn vectors() -> (Value, Vec<Value>) {
    let all: Value = serde_json::from_str(TOKENS).expect("tokens.json is JSON");
    let cases = all["vectors"].as_array().expect("vectors").clone();
    assert_eq!(cases.len(), 13, "the 13 tokens of the reference");
    (all, cases)
}

fn public() -> PublicKey {
    PublicKey::from_pem(PUBLIC_PEM).expect("test public key")
}

fn app(pem: &str) -> ApplicationCredentials {
    ApplicationCredentials::new(APP, pem).expect("valid")
}

/// A nonce source that yields the given values in turn (then zeros).
#[derive(Debug)]
struct Sequence(std::sync::Mutex<Vec<u64>>);

impl NonceSource for Sequence {
    fn next_u64(&self) -> u64 {
        let mut v = self.0.lock().expect("not poisoned");
        if v.is_empty() { 0 } else { v.remove(0) }
    }
}

/// The two draws that make the vectors' jti, `00000000-0000-4000-8000-000000000001`.
fn vector_jti() -> Sequence {
    Sequence(std::sync::Mutex::new(vec![0x4000, 0x8000_0000_0000_0001]))
}

#[test]
fn every_sdk_token_verifies_with_the_public_key() {
    let (all, cases) = vectors();
    assert_eq!(all["application_id"], APP);
    let now = from_unix_secs(NOW);
    let sid = all["session_id"].as_str().expect("sid");
    for key in [
        public(),
        app(PKCS8).private_key().public_key(),
        app(PKCS1).private_key().public_key(),
    ] {
        for case in &cases {
            let name = format!("{} {}", case["sdk"], case["case"]);
            let t = case["token"].as_str().expect("token");
            let inputs = &case["inputs"];
            match case["kind"].as_str() {
                Some("client_token") => {
                    let d = token::verify_rs256(t, APP, &key, now).unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(d.session_id, sid, "{name}");
                    assert_eq!(d.application_id, APP, "{name}");
                    assert_eq!(d.issued_at, now, "{name}");
                    assert_eq!(d.jti.as_deref(), all["jti"].as_str(), "{name}");
                    assert_eq!(d.subject.as_deref(), Some("video"), "{name}");
                    let role = inputs["role"].as_str().unwrap_or("publisher");
                    assert_eq!(d.role.as_str(), role, "{name}");
                    assert_eq!(
                        d.connection_data.as_deref(),
                        inputs["connection_data"].as_str(),
                        "{name}"
                    );
                    let layout: Vec<String> = inputs["initial_layout_class_list"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default();
                    assert_eq!(d.initial_layout_class_list, layout, "{name}");
                    let exp = case["claims"]["exp"].as_u64().expect("every SDK run wrote exp");
                    assert_eq!(d.expire_time, Some(from_unix_secs(exp)), "{name}");
                    // Refused once expired.
                    assert!(
                        matches!(
                            token::verify_rs256(t, APP, &key, from_unix_secs(exp)),
                            Err(TokenError::Expired { .. })
                        ),
                        "{name}"
                    );
                    assert_eq!(token::decode_rs256(t).as_ref().ok(), Some(&d), "{name}");
                }
                Some("rest_auth") => {
                    let c = verify_bearer(t, APP, &key, now, Duration::ZERO)
                        .unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(c.iat, NOW, "{name}");
                    assert_eq!(c.exp, case["claims"]["exp"].as_u64(), "{name}");
                    assert_eq!(c.jti.as_deref(), all["jti"].as_str(), "{name}");
                    let bearer = format!("Bearer {t}");
                    assert!(verify_bearer(&bearer, APP, &key, now, Duration::ZERO).is_ok());
                }
                other => panic!("{name}: unknown kind {other:?}"),
            }
        }
    }
}

#[test]
fn node_sdk_tokens_are_reproduced_byte_for_byte() {
    let (all, cases) = vectors();
    let sid = all["session_id"].as_str().expect("sid");
    let creds = Credentials::application(APP, PKCS8).expect("valid");
    let now = from_unix_secs(NOW);
    let mut reproduced = 0;
    for case in &cases {
        let sdk = case["sdk"].as_str().expect("sdk");
        if !matches!(sdk, "vonage-node" | "opentok-node-shim") {
            continue;
        }
        let t = case["token"].as_str().expect("token");
        let inputs = &case["inputs"];
        match case["case"].as_str().expect("case") {
            // The checked path: token::mint with the vector's clock and jti draws.
            "client_token_defaults" | "client_token_expireTime_ignored" => {
                let ours = token::mint(&creds, sid, &TokenOptions::new(), now, &vector_jti()).expect("mints");
                assert_eq!(ours, t, "{sdk} defaults");
            }
            "client_token_all_options" => {
                let opts = TokenOptions::new()
                    .role(Role::Moderator)
                    .data(inputs["connection_data"].as_str().expect("data"))
                    .initial_layout_class_list(["focus", "inactive"])
                    .expire_time(from_unix_secs(inputs["exp"].as_u64().expect("exp")));
                let ours = token::mint(&creds, sid, &opts, now, &vector_jti()).expect("mints");
                assert_eq!(ours, t, "{sdk} all options");
            }
            "rest_auth" if sdk == "vonage-node" => {
                let app = creds.application_credentials().expect("application");
                let ours = encode_bearer(app, NOW, Some(NOW + 900), all["jti"].as_str().expect("jti"));
                assert_eq!(ours, t, "{sdk} bearer");
            }
            _ => continue,
        }
        reproduced += 1;
    }
    assert_eq!(
        reproduced, 6,
        "three client tokens per Node SDK, and @vonage's bearer JWT"
    );
}

/// Re-encodes `token`'s claims after `edit`, keeping its header and signature.
fn with_claims(token: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut parts = token.split('.');
    let (h, c, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let mut claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(c).expect("b64")).expect("json");
    edit(&mut claims);
    let c = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).expect("json"));
    format!("{h}.{c}.{s}")
}

#[test]
fn forgeries_are_refused() {
    let (_, cases) = vectors();
    let key = public();
    let now = from_unix_secs(NOW);
    for case in &cases {
        let name = format!("{} {}", case["sdk"], case["case"]);
        let t = case["token"].as_str().expect("token");
        let client = case["kind"] == "client_token";
        let check = |forged: &str| {
            if client {
                token::verify_rs256(forged, APP, &key, now)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            } else {
                verify_bearer(forged, APP, &key, now, Duration::ZERO)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        };
        assert!(check(t).is_ok(), "{name}");

        // Tampered: a claim changed, the signature kept.
        let tampered = with_claims(t, |c| c["iat"] = Value::from(NOW - 1));
        assert!(check(&tampered).is_err(), "{name}: tampered claims");
        if client {
            let promoted = with_claims(t, |c| c["role"] = Value::from("moderator"));
            let promoted = if case["inputs"]["role"] == "moderator" {
                with_claims(t, |c| c["role"] = Value::from("subscriber"))
            } else {
                promoted
            };
            assert_eq!(
                token::verify_rs256(&promoted, APP, &key, now),
                Err(TokenError::BadSignature),
                "{name}: role changed"
            );
        }

        // The same claims signed by another key.
        let claims = URL_SAFE_NO_PAD
            .decode(t.split('.').nth(1).expect("claims"))
            .expect("b64");
        let other = app(OTHER_KEY).private_key().encode_jwt(&claims);
        assert!(check(&other).is_err(), "{name}: another key");
        if client {
            assert_eq!(
                token::verify_rs256(&other, APP, &key, now),
                Err(TokenError::BadSignature),
                "{name}"
            );
        } else {
            assert_eq!(
                verify_bearer(&other, APP, &key, now, Duration::ZERO),
                Err(RestAuthError::Signature),
                "{name}"
            );
        }

        // `alg: none`, with and without the old signature.
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(&claims);
        for forged in [
            format!("{none_header}.{body}."),
            format!("{none_header}.{body}.{}", t.rsplit('.').next().expect("sig")),
        ] {
            assert!(check(&forged).is_err(), "{name}: alg none");
        }

        // Key confusion: HS256 keyed with the public key's PEM text (and its DER).
        let hs_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let signing_input = format!("{hs_header}.{body}");
        let der = base64::engine::general_purpose::STANDARD
            .decode(
                PUBLIC_PEM
                    .lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect::<String>(),
            )
            .expect("pem body");
        for secret in [PUBLIC_PEM.as_bytes(), &der] {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any length");
            mac.update(signing_input.as_bytes());
            let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
            let forged = format!("{signing_input}.{sig}");
            assert!(check(&forged).is_err(), "{name}: HS256 key confusion");
            if client {
                assert_eq!(
                    token::verify_rs256(&forged, APP, &key, now),
                    Err(TokenError::Malformed("JWT algorithm is not RS256")),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn tokens_for_another_application_or_session_are_refused() {
    let (all, _) = vectors();
    let sid = all["session_id"].as_str().expect("sid");
    let now = from_unix_secs(NOW);
    let creds = Credentials::application(APP, PKCS8).expect("valid");
    let key = public();
    let t = token::mint(&creds, sid, &TokenOptions::new(), now, &vector_jti()).expect("mints");
    let other_app = "ffffffff-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    assert_eq!(
        token::verify_rs256(&t, other_app, &key, now),
        Err(TokenError::WrongKey)
    );
    // A token naming the application for a session of another project: signed right, refused.
    let foreign_sid = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
    let claims = URL_SAFE_NO_PAD
        .decode(t.split('.').nth(1).expect("claims"))
        .expect("b64");
    let mut claims: Value = serde_json::from_slice(&claims).expect("JSON claims");
    claims["session_id"] = Value::from(foreign_sid);
    let claims = serde_json::to_vec(&claims).expect("serializes");
    let foreign = app(PKCS8).private_key().encode_jwt(&claims);
    assert_eq!(
        token::verify_rs256(&foreign, APP, &key, now),
        Err(TokenError::ForeignSession)
    );
}
