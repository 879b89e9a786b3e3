//! Vonage application projects: `Authorization: Bearer` RS256 REST auth checked with the
//! application's public key, session ids carrying the application id, RS256 client tokens
//! admitted by the control API, forged bearer tokens refused, generated key pairs, and an
//! application served next to a key + secret project.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use hmac::Mac as _;
use http::{Method, StatusCode};
use opentok_core::ApplicationCredentials;
use opentok_core::PrivateKey;
use opentok_core::archive::{ListArchives, StartArchive};
use opentok_core::nonce::OsNonce;
use opentok_core::rest_auth::{REST_AUTH_HEADER, bearer_token, encode_bearer};
use opentok_core::session::{CreateSession, MediaMode};
use opentok_core::token::{Role, TokenOptions};
use opentok_core::{ApiUrl, Credentials};
use opentok_emulator::participant::{Join, Publish};

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const OTHER_APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4e";
const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../opentok-core/tests/vectors/vonage/"
);

fn vector(name: &str) -> String {
    std::fs::read_to_string(format!("{VECTORS}{name}")).expect("test vector")
}

fn private_pem() -> String {
    vector("THROWAWAY_TEST_KEY_private_pkcs8.pem")
}

fn public_pem() -> String {
    vector("test_public_key.pem")
}

fn app_creds() -> ApplicationCredentials {
    ApplicationCredentials::new(APP, &private_pem()).expect("application credentials")
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).expect("after 1970").as_secs()
}

/// A harness whose operations are signed with the application's credentials; `project`
/// stays the key + secret project served next to it.
async fn start_app() -> Harness {
    let mut h = start_with(builder().application(APP, public_pem())).await;
    h.creds = Credentials::application(APP, &private_pem()).expect("credentials");
    h
}

/// `GET` the application's archive list with these headers.
async fn list_archives(h: &Harness, headers: &[(&str, &str)]) -> Reply {
    h.raw(
        Method::GET,
        &format!("/v2/project/{APP}/archive"),
        headers,
        vec![],
    )
    .await
}

#[tokio::test]
async fn an_application_drives_sessions_tokens_and_archives_next_to_a_key_project() {
    let h = start_app().await;
    assert_eq!(h.emu.applications().len(), 1);
    assert_eq!(h.emu.applications()[0].application_id(), APP);
    let sid = h.session(true).await;
    let decoded = opentok_core::session_id::decode(&sid).expect("decodes");
    assert!(decoded.belongs_to(APP), "{decoded:?}");

    let token = h.token(&sid, Role::Publisher);
    assert!(token.starts_with("eyJhbGciOiJSUzI1NiIs"), "an RS256 client token");
    let cid = h
        .op(&Join::new(&sid, &token))
        .await
        .expect("joins with an RS256 token");
    h.op(&Publish::new(&sid, &cid).name("cam"))
        .await
        .expect("publishes");
    let archive = h.op(&StartArchive::new(&sid)).await.expect("archive starts");
    let listed = h.op(&ListArchives::new()).await.expect("archives listed");
    assert!(listed.items.iter().any(|a| a.id == archive.id), "{listed:?}");

    // The key + secret project is served alongside, and its sessions are its own.
    let key = Credentials::from(h.project.clone());
    let ctx_url = ApiUrl::new(h.emu.base_url()).expect("url");
    let op = CreateSession::new().media_mode(MediaMode::Routed);
    let ctx = opentok_core::RequestContext::new(&key, &ctx_url, SystemTime::now(), &OsNonce);
    let resp = h
        .send(opentok_core::Operation::build(&op, &ctx).expect("request"))
        .await;
    let key_sid = opentok_core::Operation::parse(&op, &resp)
        .expect("key session")
        .session_id;
    assert!(
        opentok_core::session_id::decode(&key_sid)
            .expect("decodes")
            .belongs_to(KEY)
    );
    // The key project's auth does not open the application's paths, nor the reverse.
    let r = list_archives(&h, &[(REST_AUTH_HEADER.as_str(), &h.auth())]).await;
    // (An HS256 token is not an RS256 one, whatever it says.)
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (StatusCode::FORBIDDEN, Some("Invalid token format"))
    );
    let bearer = format!(
        "Bearer {}",
        bearer_token(&app_creds(), SystemTime::now(), &OsNonce)
    );
    let r = h
        .raw(
            Method::GET,
            "/v2/project/{k}/archive",
            &[("authorization", &bearer)],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.json);
    // An application's token does not admit a client to the key project's session.
    let r = h.join_with(&key_sid, &h.token(&sid, Role::Publisher)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.json);
}

#[tokio::test]
async fn what_every_sdk_sends_is_accepted() {
    let h = start_app().await;
    let c = app_creds();
    let now = unix(SystemTime::now());
    let key = c.private_key();
    let tokens = [
        // @vonage/server-sdk's claims (what core sends).
        bearer_token(&c, SystemTime::now(), &OsNonce),
        // Vonage Python: 900 s, its own order.
        key.encode_jwt(
            format!(r#"{{"application_id":"{APP}","iat":{now},"jti":"a","exp":{}}}"#, now + 900).as_bytes(),
        ),
        // Java and .NET: no exp, a base64 jti.
        encode_bearer(&c, now, None, &"A".repeat(88)),
        // The OpenTok Node shim: iss and ist too.
        key.encode_jwt(
            format!(
                r#"{{"iss":"{APP}","ist":"project","iat":{now},"exp":{},"application_id":"{APP}","jti":"b"}}"#,
                now + 300
            )
            .as_bytes(),
        ),
    ];
    for t in &tokens {
        let r = list_archives(&h, &[("authorization", &format!("Bearer {t}"))]).await;
        assert_eq!(r.status, StatusCode::OK, "{:?} for {t}", r.json);
    }
    // The OpenTok PHP SDK sends the RS256 JWT in X-OPENTOK-AUTH.
    let r = list_archives(&h, &[(REST_AUTH_HEADER.as_str(), &tokens[0])]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    // Session create names no project: the application_id claim picks it.
    let r = h
        .raw(
            Method::POST,
            "/session/create",
            &[("authorization", &format!("bearer {}", tokens[1]))],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let sid = r.json[0]["session_id"].as_str().expect("a session id");
    assert!(
        opentok_core::session_id::decode(sid)
            .expect("decodes")
            .belongs_to(APP)
    );
}

/// An HS256 JWT signed with `secret` (the key-confusion forgery: the public key's text).
fn hs256(claims: &str, secret: &[u8]) -> String {
    let mut t = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    t.push('.');
    t.push_str(&URL_SAFE_NO_PAD.encode(claims));
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(t.as_bytes());
    t.push('.');
    t.push_str(&URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()));
    t
}

#[tokio::test]
async fn forged_expired_and_foreign_bearer_tokens_are_refused_with_403() {
    let h = start_app().await;
    let c = app_creds();
    let now = unix(SystemTime::now());
    let other_key =
        PrivateKey::from_pem(&vector("OTHER_THROWAWAY_KEY_private_pkcs8.pem")).expect("other key");
    let claims = |app: &str, iat: u64, exp: u64| {
        format!(r#"{{"jti":"j","iat":{iat},"exp":{exp},"application_id":"{app}"}}"#)
    };
    let valid = claims(APP, now, now + 180);
    let unsigned = {
        let t = c.private_key().encode_jwt(valid.as_bytes());
        let (head_claims, _) = t.rsplit_once('.').expect("three parts");
        format!("{head_claims}.")
    };
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(&valid)
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "another key",
            other_key.encode_jwt(valid.as_bytes()),
            "Invalid signature",
        ),
        ("no signature", unsigned, "Invalid signature"),
        (
            "expired",
            c.private_key()
                .encode_jwt(claims(APP, now - 1000, now - 100).as_bytes()),
            "Token expired",
        ),
        (
            "issued in the future",
            c.private_key()
                .encode_jwt(claims(APP, now + 600, now + 900).as_bytes()),
            "issued time cannot be greater than current time",
        ),
        (
            "another application",
            c.private_key()
                .encode_jwt(claims(OTHER_APP, now, now + 180).as_bytes()),
            "Issuer not found",
        ),
        ("alg none", none, "Invalid token format"),
        (
            "HS256 keyed with the public key",
            hs256(&valid, public_pem().as_bytes()),
            "Invalid token format",
        ),
        ("garbage", "e30.e30.e30".to_owned(), "Invalid token format"),
    ];
    for (what, token, msg) in &cases {
        for header in ["authorization", REST_AUTH_HEADER.as_str()] {
            let value = if header == "authorization" {
                format!("Bearer {token}")
            } else {
                token.clone()
            };
            let r = list_archives(&h, &[(header, &value)]).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{what} in {header}: {:?}",
                r.json
            );
            assert_eq!(r.json["message"], *msg, "{what} in {header}");
        }
        // Nor does a forgery create a session.
        let r = h
            .raw(
                Method::POST,
                "/session/create",
                &[("authorization", &format!("Bearer {token}"))],
                vec![],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}: {:?}", r.json);
    }
    for headers in [vec![], vec![("authorization", "Basic YTpi")]] {
        let r = list_archives(&h, &headers).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.json["message"], "Missing authentication header");
    }
}

#[tokio::test]
async fn participants_join_with_rs256_client_tokens_only_when_valid() {
    let h = start_app().await;
    let sid = h.session(true).await;
    let other_sid = h.session(true).await;
    let cid = h
        .op(&Join::new(&sid, &h.token(&sid, Role::Moderator)))
        .await
        .expect("joins");
    assert!(!cid.is_empty());
    let now = SystemTime::now();
    let other_key =
        Credentials::application(APP, &vector("OTHER_THROWAWAY_KEY_private_pkcs8.pem")).expect("other key");
    let mint = |creds: &Credentials, session: &str, at: SystemTime, opts: TokenOptions| {
        opentok_core::token::mint(creds, session, &opts, at, &OsNonce).expect("minted")
    };
    let day_ago = now - Duration::from_secs(2 * 86_400);
    let cases = [
        (
            "another session's token",
            mint(&h.creds, &other_sid, now, TokenOptions::new()),
            "Token is not for this session",
        ),
        (
            "another key's token",
            mint(&other_key, &sid, now, TokenOptions::new()),
            "Invalid signature",
        ),
        (
            "an expired token",
            mint(&h.creds, &sid, day_ago, TokenOptions::new()),
            "Token expired",
        ),
        (
            "a key + secret token",
            "T1==cGFydG5lcl9pZD00NzAwMTIzNCZzaWc9YWJjOnJvbGU9cHVibGlzaGVy".to_owned(),
            "Invalid token format",
        ),
    ];
    for (what, token, msg) in cases {
        let e = h.op(&Join::new(&sid, &token)).await.expect_err(what);
        let text = format!("{e:?}");
        assert!(
            text.contains("403") || text.contains("Forbidden"),
            "{what}: {text}"
        );
        assert!(text.contains(msg), "{what}: {text}");
    }
}

#[tokio::test]
async fn a_generated_key_pair_is_written_for_its_owner_and_works() {
    let dir = std::env::temp_dir().join(format!("opentok-emu-keygen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("private.key");
    let emu = builder()
        .generated_application(APP, &path)
        .start()
        .await
        .expect("starts with a generated key pair");
    let app = &emu.applications()[0];
    assert_eq!(app.private_key_path(), Some(path.as_path()));
    let pem = std::fs::read_to_string(&path).expect("private key written");
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8 PEM");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only: {mode:o}");
    }
    let creds = ApplicationCredentials::new(APP, &pem).expect("the key reads back");
    assert_eq!(&creds.private_key().public_key(), app.public_key());
    // Nothing about the key shows in Debug output.
    let shown = format!("{emu:?}");
    assert!(!shown.contains(&pem[40..80]), "{shown}");
    let mut h = start_with(builder()).await;
    h.emu = emu;
    h.api_url = ApiUrl::new(h.emu.base_url()).expect("url");
    h.creds = Credentials::application(APP, &pem).expect("credentials");
    let sid = h.session(false).await;
    h.op(&Join::new(&sid, &h.token(&sid, Role::Publisher)))
        .await
        .expect("joins with a token signed by the generated key");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn bad_application_settings_are_refused_at_start() {
    let e = builder()
        .application("not-a-uuid", public_pem())
        .start()
        .await
        .expect_err("bad id");
    assert!(e.to_string().contains("application_id"), "{e}");
    let e = builder()
        .application(
            APP,
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        )
        .start()
        .await
        .expect_err("bad key");
    assert!(
        e.to_string().contains("public_key") || e.to_string().contains("key"),
        "{e}"
    );
    let e = builder()
        .generated_application(APP, "/nonexistent-dir/for/sure/private.key")
        .start()
        .await
        .expect_err("unwritable");
    assert!(e.to_string().contains("private key"), "{e}");
}
