//! The facade's end-to-end modules of `facade_e2e` (sessions, recording, moderation,
//! services) again, with a client built from Vonage application credentials against the
//! emulator's application project; plus what only applications have: refused forgeries,
//! the legacy hl API refused before sending, and HTTPS with a trusted test certificate.

#[path = "../support/mod.rs"]
mod support;

#[path = "../facade_e2e/moderation.rs"]
mod moderation;
#[path = "../facade_e2e/recording.rs"]
mod recording;
#[path = "../facade_e2e/services.rs"]
mod services;

/// The credentials of this binary's clients.
const CREDENTIALS: support::Kind = support::Kind::Application;

use opentok::archive::ListArchives;
use opentok::session::{CreateSession, MediaMode};
use opentok::token::{self, Role, TokenOptions};
use opentok::{ApiErrorKind, Error, HyperTransport, OpenTok};
use opentok_emulator::Emulator;
use opentok_emulator::participant::Join;
use support::{APP, KEY, Kind, SECRET, World, status_of, vector};

#[tokio::test]
async fn application_sessions_tokens_and_refusals() {
    let w = World::start().await;
    assert_eq!(w.project_id(), APP);
    let s =
        w.ot.sessions()
            .create(CreateSession::new().media_mode(MediaMode::Routed))
            .await
            .expect("session");
    let decoded = opentok::session_id::decode(&s.session_id).expect("decodes");
    assert!(decoded.belongs_to(APP), "{decoded:?}");
    // The client token is RS256 and verifies with the emulator's public key.
    let t = w.token(&s.session_id, Role::Moderator);
    let public = w.emu.applications()[0].public_key();
    let d = token::verify_rs256(&t, APP, public, std::time::SystemTime::now()).expect("verifies");
    assert_eq!(d.role, Role::Moderator);
    w.ot.execute(&Join::new(&s.session_id, &t)).await.expect("joins");

    // Signed with another key: 403, Unauthorized, and the key never shows.
    let bad = w.impostor();
    assert_eq!(status_of(bad.sessions().create(CreateSession::new()).await), 403);
    let e = bad.archives().list(ListArchives::new()).await.expect_err("403");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::Unauthorized);
    let pem = vector("OTHER_THROWAWAY_KEY_private_pkcs8.pem");
    let shown = format!("{e} {e:?} {bad:?}");
    assert!(!shown.contains(&pem[40..80]), "{shown}");

    // The legacy hl API sends the secret itself: refused before sending.
    let e =
        w.ot.legacy()
            .create_session(opentok::legacy::LegacyCreateSession::new())
            .await
            .expect_err("no secret to send");
    assert!(
        matches!(e, Error::Validation(ref v) if v.field == "credentials"),
        "{e:?}"
    );
    assert!(!e.may_have_been_sent());
}

/// A certificate for 127.0.0.1: (PEM, key PEM, DER).
fn certificate() -> (String, String, Vec<u8>) {
    let c = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("certificate");
    (c.cert.pem(), c.signing_key.serialize_pem(), c.cert.der().to_vec())
}

#[tokio::test]
async fn both_credential_kinds_over_https_with_a_trusted_test_certificate() {
    let (cert, key, der) = certificate();
    let emu = Emulator::builder()
        .tls_cert(cert)
        .tls_key(key)
        .project(KEY, SECRET)
        .application(APP, vector("test_public_key.pem"))
        .start()
        .await
        .expect("emulator");
    assert!(emu.base_url().starts_with("https://"), "{}", emu.base_url());
    for kind in [Kind::Secret, Kind::Application] {
        let transport = HyperTransport::builder()
            .add_root_certificate(der.clone())
            .build()
            .expect("transport");
        let b = match kind {
            Kind::Secret => OpenTok::builder(KEY, SECRET),
            Kind::Application => {
                OpenTok::application_builder(APP, vector("THROWAWAY_TEST_KEY_private_pkcs8.pem"))
            }
        };
        let ot = b
            .api_url(emu.base_url())
            .transport(transport)
            .build()
            .expect("client");
        let sid = ot
            .sessions()
            .create(CreateSession::new().media_mode(MediaMode::Routed))
            .await
            .expect("session over TLS")
            .session_id;
        let t = ot
            .generate_token(&sid, &TokenOptions::new().role(Role::Publisher))
            .expect("token");
        ot.execute(&Join::new(&sid, &t)).await.expect("joins over TLS");
        ot.archives()
            .list(ListArchives::new())
            .await
            .expect("lists over TLS");
    }
    // A client that does not trust the certificate sends nothing useful.
    let ot = OpenTok::application_builder(APP, vector("THROWAWAY_TEST_KEY_private_pkcs8.pem"))
        .api_url(emu.base_url())
        .build()
        .expect("client");
    let e = ot
        .sessions()
        .create(CreateSession::new())
        .await
        .expect_err("untrusted");
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    emu.shutdown().await;
}
