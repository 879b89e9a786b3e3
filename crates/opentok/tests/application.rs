//! The facade with Vonage application credentials: requests go to video.api.vonage.com with
//! an RS256 `Authorization: Bearer` JWT and the application id in the path, and
//! `generate_token` mints RS256 client tokens.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentok_core::clock::from_unix_secs;
use opentok_core::rest_auth::verify_bearer;

use opentok::PublicKey;
use opentok::stream::ListStreams;
use opentok::token::{Role, TokenFormat, TokenOptions, verify_rs256};
use opentok::{BuildError, HttpRequest, HttpResponse, ManualClock, OpenTok, SeededNonce, TransportError};

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const PKCS8: &str =
    include_str!("../../opentok-core/tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
const SID: &str = "1_MX4wYTFiMmMzZC00ZTVmLTRhNmItOGM3ZC05ZTBmMWEyYjNjNGR-fjE3MDAwMDAwMDAxMjN-ZEdoeWIzZGhkMkY1TFhSbGMzUXRjMlZ6YzJsdmJnfn5-";
const NOW: u64 = 1_700_000_000;

type Seen = Arc<Mutex<Vec<HttpRequest>>>;

fn client() -> (OpenTok, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let transport = move |req: HttpRequest| {
        log.lock().expect("lock").push(req);
        async move {
            Ok::<HttpResponse, TransportError>(
                http::Response::builder()
                    .status(200)
                    .body(br#"{"count":0,"items":[]}"#.to_vec())
                    .expect("response"),
            )
        }
    };
    let ot = OpenTok::application_builder(APP, PKCS8)
        .transport(transport)
        .clock(ManualClock::at_unix(NOW))
        .nonce_source(SeededNonce::new(3))
        .build()
        .expect("client");
    (ot, seen)
}

#[tokio::test]
async fn requests_carry_a_bearer_jwt_to_the_vonage_host() {
    let (ot, seen) = client();
    ot.execute(&ListStreams::new(SID)).await.expect("lists");
    let req = seen.lock().expect("lock").pop().expect("one request");
    assert_eq!(
        req.uri().to_string(),
        format!("https://video.api.vonage.com/v2/project/{APP}/session/{SID}/stream")
    );
    assert!(req.headers().get("x-opentok-auth").is_none());
    let auth = req.headers().get("authorization").expect("bearer");
    assert!(auth.is_sensitive());
    let key = ot
        .credentials()
        .application_credentials()
        .expect("app")
        .private_key()
        .public_key();
    let now = from_unix_secs(NOW);
    let claims =
        verify_bearer(auth.to_str().expect("ascii"), APP, &key, now, Duration::ZERO).expect("verifies");
    assert_eq!(claims.application_id, APP);
}

#[test]
fn generate_token_mints_rs256_for_an_application() {
    let (ot, _) = client();
    let key = PublicKey::from_pem(include_str!(
        "../../opentok-core/tests/vectors/vonage/test_public_key.pem"
    ))
    .expect("public key");
    let now = from_unix_secs(NOW);
    for format in [TokenFormat::T1, TokenFormat::Jwt] {
        let t = ot
            .generate_token(SID, &TokenOptions::new().role(Role::Subscriber).format(format))
            .expect("mints");
        let d = verify_rs256(&t, APP, &key, now).expect("verifies");
        assert_eq!(d.role, Role::Subscriber);
        assert_eq!(d.session_id, SID);
    }
    let other = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
    assert!(
        ot.generate_token(other, &TokenOptions::new()).is_err(),
        "another project's session"
    );
}

#[test]
fn bad_application_credentials_name_the_field() {
    match OpenTok::new_application("123456", PKCS8) {
        Err(BuildError::Invalid(e)) => assert_eq!(e.field, "application_id"),
        other => panic!("{other:?}"),
    }
    match OpenTok::new_application(
        APP,
        "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n",
    ) {
        Err(BuildError::Invalid(e)) => assert_eq!(e.field, "private_key"),
        other => panic!("{other:?}"),
    }
    let ot = OpenTok::new_application(APP, PKCS8).expect("valid");
    assert_eq!(ot.api_url().as_str(), "https://video.api.vonage.com");
    let shown = format!("{ot:?} {:?}", OpenTok::application_builder(APP, PKCS8));
    assert!(!shown.contains("MII"), "{shown}");
}
