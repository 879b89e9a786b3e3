//! Client tokens against the official SDKs' vectors and an independent Python verifier.
//!
//! * every T1 and JWT token from the official SDKs decodes to its inputs and verifies, and a
//!   token with one character changed (signature, data, key) is rejected;
//! * tokens core mints pass the independent verifier `tools/verify_token.py` (Python standard
//!   library; skipped with a notice when python3 is missing).
//!
//! The vectors are in `tests/vectors/` (its README says which SDK package made each). The seed's
//! two Ruby T1 tokens, whose nonce `mint` never draws, are written byte for byte by the unit
//! tests of `src/token/tests.rs`.

mod common;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use opentok_core::clock::{from_unix_secs, unix_secs};
use opentok_core::nonce::OsNonce;
use opentok_core::token::{self, Role, TokenError, TokenFormat, TokenOptions};
use opentok_core::{Credentials, session_id};
use serde_json::Value;

fn vectors(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("vector file is JSON")
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("{k} is a string in {v}"))
}

fn creds_of(v: &Value) -> Credentials {
    Credentials::new(s(v, "api_key"), s(v, "api_secret")).expect("vector credentials are valid")
}

/// The nonce exactly as the vector's generator wrote it (numbers as JSON prints them).
fn nonce_text(v: &Value) -> String {
    match &v["nonce"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn layout_of(v: &Value) -> Vec<String> {
    v["layout"]
        .as_array()
        .map(|a| a.iter().map(|x| x.as_str().expect("class").to_owned()).collect())
        .unwrap_or_default()
}

/// The token with one character of its decoded inner string replaced, re-encoded.
fn tamper_t1(token: &str, pick: impl Fn(&str) -> usize) -> String {
    let inner = STANDARD.decode(&token[4..]).expect("base64");
    let mut inner = String::from_utf8(inner).expect("utf-8");
    let at = pick(&inner);
    let old = inner.as_bytes()[at];
    let new = if old == b'1' { "2" } else { "1" };
    inner.replace_range(at..at + 1, new);
    format!("T1=={}", STANDARD.encode(inner))
}

#[test]
fn every_official_t1_token_verifies_and_tampering_is_caught() {
    let cases = vectors("t1_tokens.json");
    assert_eq!(cases.len(), 39);
    for v in &cases {
        let case = format!("{} / {}", s(v, "sdk"), s(v, "case"));
        let creds = creds_of(v);
        let token = s(v, "expected_token");
        let created = v["create_time"].as_u64().expect("create_time");
        let now = from_unix_secs(created);
        let d = token::verify_for_session(token, &creds, now, s(v, "session_id"))
            .unwrap_or_else(|e| panic!("{case}: {e}"));

        assert_eq!(d.format, TokenFormat::T1, "{case}");
        assert_eq!(d.api_key, s(v, "api_key"), "{case}");
        assert_eq!(d.role.as_str(), s(v, "role"), "{case}");
        assert_eq!(unix_secs(d.issued_at), created, "{case}");
        assert_eq!(
            d.expire_time.map(unix_secs),
            v["expire_time_in_token"].as_u64(),
            "{case}"
        );
        assert_eq!(d.nonce, nonce_text(v), "{case}");
        // Python and Node omit empty data; a vector's null or "" both mean none here.
        assert_eq!(
            d.connection_data.as_deref().filter(|x| !x.is_empty()),
            v["data"].as_str().filter(|x| !x.is_empty()),
            "{case}"
        );
        if s(v, "sdk") != "legacy" {
            assert_eq!(d.initial_layout_class_list, layout_of(v), "{case}");
        }
        // valid up to its expiry, not at it
        let expires = unix_secs(d.expires_at());
        assert!(
            token::verify(token, &creds, from_unix_secs(expires - 1)).is_ok(),
            "{case}"
        );
        assert_eq!(
            token::verify(token, &creds, from_unix_secs(expires)),
            Err(TokenError::Expired {
                expired_at: from_unix_secs(expires)
            }),
            "{case}"
        );

        // one character changed in the signature
        let t = tamper_t1(token, |i| i.find("&sig=").expect("sig") + 5 + 7);
        assert_eq!(
            token::verify(&t, &creds, now),
            Err(TokenError::BadSignature),
            "{case}"
        );
        // one character changed in the data (the create time's last digit)
        let t = tamper_t1(token, |i| {
            let at = i.find("create_time=").expect("create_time") + "create_time=".len();
            at + 9
        });
        assert_eq!(
            token::verify(&t, &creds, now),
            Err(TokenError::BadSignature),
            "{case}"
        );
        // one character changed in the key
        let t = tamper_t1(token, |i| i.find("partner_id=").expect("partner_id") + 11);
        assert_eq!(
            token::verify(&t, &creds, now),
            Err(TokenError::WrongKey),
            "{case}"
        );
        // one character changed in the token text itself, mid-body
        let mut raw = token.to_owned();
        let mid = raw.len() / 2;
        let c = if &raw[mid..mid + 1] == "A" { "B" } else { "A" };
        raw.replace_range(mid..mid + 1, c);
        assert!(
            token::verify(&raw, &creds, now).is_err(),
            "{case}: mid-body change accepted"
        );
        // the wrong secret
        let other = Credentials::new(s(v, "api_key"), "another-secret").expect("valid");
        assert_eq!(
            token::verify(token, &other, now),
            Err(TokenError::BadSignature),
            "{case}"
        );
    }
}

#[test]
fn every_official_jwt_verifies_and_tampering_is_caught() {
    let cases = vectors("jwt_tokens.json");
    assert_eq!(cases.len(), 19);
    let mut client_tokens = 0;
    for v in &cases {
        let case = format!("{} / {}", s(v, "sdk"), s(v, "case"));
        let creds = creds_of(v);
        let token = s(v, "expected_token");
        let created = v["create_time"].as_u64().expect("create_time");
        let now = from_unix_secs(created);
        if v.get("session_id").is_none() {
            // The REST auth header (no session, no role) is not a client token: core's REST
            // verifier takes it, and the client-token verifier refuses it by name.
            let Credentials::Project(p) = &creds else {
                unreachable!()
            };
            let claims = opentok_core::rest_auth::verify_rest_auth(token, p, now, Duration::from_secs(5))
                .unwrap_or_else(|e| panic!("{case}: {e}"));
            assert_eq!(claims.iss, s(v, "api_key"));
            assert_eq!(
                token::verify(token, &creds, now),
                Err(TokenError::Malformed("no role"))
            );
            continue;
        }
        client_tokens += 1;
        let d = token::verify_for_session(token, &creds, now, s(v, "session_id"))
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(d.format, TokenFormat::Jwt, "{case}");
        assert_eq!(d.role.as_str(), s(v, "role"), "{case}");
        assert_eq!(unix_secs(d.issued_at), created, "{case}");
        assert_eq!(
            d.expire_time.map(unix_secs),
            v["expire_time_in_token"].as_u64(),
            "{case}"
        );
        assert_eq!(d.nonce, nonce_text(v), "{case}");
        assert_eq!(
            d.connection_data.as_deref().filter(|x| !x.is_empty()),
            v["data"].as_str().filter(|x| !x.is_empty()),
            "{case}"
        );
        assert_eq!(d.initial_layout_class_list, layout_of(v), "{case}");

        let parts: Vec<&str> = token.split('.').collect();
        // one character changed in the signature
        let mut sig = parts[2].to_owned();
        let c = if &sig[5..6] == "A" { "B" } else { "A" };
        sig.replace_range(5..6, c);
        let t = format!("{}.{}.{sig}", parts[0], parts[1]);
        assert_eq!(
            token::verify(&t, &creds, now),
            Err(TokenError::BadSignature),
            "{case}"
        );
        // one character changed in the claims (the role's first letter, upper-cased)
        let claims = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("utf-8");
        let role = format!("\"role\":\"{}\"", s(v, "role"));
        let swapped = claims.replace(&role, &role.replace("\"role\":\"", "\"role\":\"x"));
        assert_ne!(swapped, claims);
        let t = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(&swapped), parts[2]);
        assert!(token::verify(&t, &creds, now).is_err(), "{case}");
        let nonce_changed = claims.replacen("\"iat\":1700000000", "\"iat\":1700000001", 1);
        assert_ne!(nonce_changed, claims, "{case}");
        let t = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(&nonce_changed),
            parts[2]
        );
        assert_eq!(
            token::verify(&t, &creds, now),
            Err(TokenError::BadSignature),
            "{case}"
        );
        // one character changed in the key
        let key_changed = claims.replace("\"iss\":\"47001234\"", "\"iss\":\"47001235\"");
        assert_ne!(key_changed, claims, "{case}");
        let t = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(&key_changed),
            parts[2]
        );
        assert_eq!(
            token::verify(&t, &creds, now),
            Err(TokenError::WrongKey),
            "{case}"
        );
    }
    assert_eq!(client_tokens, 18);
}

/// Runs the repository's independent verifier (`tools/verify_token.py`, request on stdin so no
/// secret is in argv); `None` when python3 cannot be started.
fn python_verify(key: &str, secret: &str, token: &str, session: &str, now: u64) -> Option<(bool, String)> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/verify_token.py");
    assert!(script.exists(), "{} is part of the repository", script.display());
    let mut child = Command::new("python3")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let request = serde_json::json!({
        "api_key": key, "api_secret": secret, "token": token, "session_id": session, "now": now,
    });
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(request.to_string().as_bytes())
        .expect("writes the request");
    let out = child.wait_with_output().expect("verifier runs");
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    ))
}

#[test]
fn minted_tokens_pass_the_independent_verifier() {
    let key = "47001234";
    let secret = "584febcb92be7d3af15c92e1035d151c90d8cb81";
    let creds = Credentials::new(key, secret).expect("valid");
    let now = std::time::SystemTime::now();
    let sid = session_id::mint(key, Some("10.0.0.1"), now, &OsNonce).expect("mints");
    let mut checked = 0;
    for format in [TokenFormat::T1, TokenFormat::Jwt] {
        for role in Role::ALL {
            let opts = TokenOptions::new()
                .role(role)
                .format(format)
                .expire_time(now + Duration::from_secs(7 * 86_400))
                .data("José & \"friends\" = 日本語 🎥 ~!*'()+%20")
                .initial_layout_class_list(["focus", "full-screen"]);
            let t = token::mint(&creds, &sid, &opts, now, &OsNonce).expect("mints");
            let Some((ok, out)) = python_verify(key, secret, &t, &sid, unix_secs(now)) else {
                println!("NOTICE: python3 is not available; the independent token verifier was not run");
                return;
            };
            assert!(
                ok,
                "{format:?} {}: verify_token.py refused our token:\n{out}",
                role.as_str()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 8);
    // and a tampered one fails there too
    let t = token::mint(&creds, &sid, &TokenOptions::new().data("abc"), now, &OsNonce).expect("mints");
    let tampered = tamper_t1(&t, |i| i.find("&sig=").expect("sig") + 5);
    let (ok, out) = python_verify(key, secret, &tampered, &sid, unix_secs(now)).expect("ran before");
    assert!(!ok, "verify_token.py accepted a tampered token:\n{out}");
    let (ok, _) = python_verify(key, "wrong-secret", &t, &sid, unix_secs(now)).expect("ran before");
    assert!(!ok, "verify_token.py accepted the wrong secret");
}

const KEY: &str = "47001234";
const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";
const SID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";

fn t1_of(data: &str) -> String {
    common::t1_token(KEY, SECRET, data)
}

fn jwt_of(claims: &str) -> String {
    use hmac::{Hmac, Mac};
    let head = URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"HS256"}"#);
    let input = format!("{head}.{}", URL_SAFE_NO_PAD.encode(claims));
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).expect("any key");
    mac.update(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

#[test]
fn shapes_of_the_other_sdks_decode_and_verify() {
    let creds = Credentials::new(KEY, SECRET).expect("valid");
    let now = from_unix_secs(1_700_000_000);

    // Java: its own field order, scope, a raw (unencoded) layout list, URL-safe base64.
    let java_data = format!(
        "create_time=1700000000&expire_time=1700086400&session_id={SID}&nonce=12345&role=publisheronly\
         &scope=session.connect&initial_layout_class_list=focus small&connection_data=a%3Db~~~~~~"
    );
    let standard = t1_of(&java_data);
    let url_safe = standard.replace('+', "-").replace('/', "_");
    assert_ne!(
        url_safe, standard,
        "the token has characters the URL-safe alphabet changes"
    );
    for t in [&standard, &url_safe] {
        let d = token::verify_for_session(t, &creds, now, SID).expect("Java-shaped T1 verifies");
        assert_eq!(d.role, Role::PublisherOnly);
        assert_eq!(d.initial_layout_class_list, ["focus", "small"]);
        assert_eq!(d.connection_data.as_deref(), Some("a=b~~~~~~"));
        assert_eq!(d.expire_time, Some(from_unix_secs(1_700_086_400)));
    }

    // PHP: an empty expire_time means none; the service's 24 h default applies.
    let php = t1_of(&format!(
        "session_id={SID}&create_time=1700000000&role=moderator&nonce=1700000000.1234567&expire_time="
    ));
    let d = token::verify(&php, &creds, now).expect("PHP-shaped T1 verifies");
    assert_eq!(d.expire_time, None);
    assert_eq!(d.expires_at(), from_unix_secs(1_700_086_400));
    assert_eq!(d.nonce, "1700000000.1234567");

    // Ruby JWT: a float nonce, no exp (valid for the default 24 h), layout as a string.
    let ruby = jwt_of(&format!(
        r#"{{"iss":"{KEY}","ist":"project","iat":1700000000,"nonce":0.49013025,"role":"moderator","scope":"session.connect","session_id":"{SID}","initial_layout_class_list":"focus small"}}"#
    ));
    let d = token::verify_for_session(&ruby, &creds, now, SID).expect("Ruby-shaped JWT verifies");
    assert_eq!(d.nonce, "0.49013025");
    assert_eq!(d.expire_time, None);
    assert_eq!(d.initial_layout_class_list, ["focus", "small"]);
    assert!(token::verify(&ruby, &creds, from_unix_secs(1_700_086_399)).is_ok());
    assert!(matches!(
        token::verify(&ruby, &creds, from_unix_secs(1_700_086_400)),
        Err(TokenError::Expired { .. })
    ));

    // A layout list given as an array, a numeric iss.
    let array = jwt_of(&format!(
        r#"{{"iss":{KEY},"iat":1700000000,"exp":1700000100,"nonce":"n","role":"subscriber","session_id":"{SID}","initial_layout_class_list":["a","b"]}}"#
    ));
    let d = token::verify(&array, &creds, now).expect("array layout verifies");
    assert_eq!(d.initial_layout_class_list, ["a", "b"]);

    // Claims that are not a client token's are refused by name.
    let wrong_scope = jwt_of(&format!(
        r#"{{"iss":"{KEY}","iat":1,"nonce":1,"role":"publisher","scope":"account","session_id":"{SID}"}}"#
    ));
    assert_eq!(
        token::decode(&wrong_scope),
        Err(TokenError::Malformed("scope is not `session.connect`"))
    );
    let wrong_ist = jwt_of(&format!(
        r#"{{"iss":"{KEY}","ist":"account","iat":1,"nonce":1,"role":"publisher","session_id":"{SID}"}}"#
    ));
    assert_eq!(
        token::decode(&wrong_ist),
        Err(TokenError::Malformed("ist is not `project`"))
    );
}
