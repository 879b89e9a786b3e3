//! Every operation of the table built with both kinds of credentials: API key + secret and a
//! Vonage application. No operation knows the kind: the requests differ only in the host,
//! the id in the path and the auth header (`X-OPENTOK-AUTH` HS256 or `Authorization: Bearer`
//! RS256). The legacy hl API's session create, which sends the key and secret themselves,
//! is refused for an application with an error naming `credentials`.

use std::collections::BTreeSet;
use std::time::Duration;

mod samples;

use opentok_core::clock::from_unix_secs;
use opentok_core::nonce::SeededNonce;
use opentok_core::rest_auth::{verify_bearer, verify_rest_auth};
use opentok_core::{ApiUrl, Credentials, Operation, RequestContext};

const KEY: &str = "4700999";
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const PKCS8: &str = include_str!("vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
const NOW: u64 = 1_700_000_000;

/// What building one operation with both kinds gave.
#[derive(Default)]
struct Outcome {
    /// Operations built with both kinds, requests compared.
    same: BTreeSet<&'static str>,
    /// Operations refused for an application (only the legacy partner-auth call).
    refused: BTreeSet<&'static str>,
}

fn request_with<Op: Operation>(op: &Op, creds: &Credentials) -> Result<http::Request<Vec<u8>>, String> {
    let url = ApiUrl::new(creds.default_api_url()).expect("default url");
    let nonce = SeededNonce::new(9);
    let ctx = RequestContext::new(creds, &url, from_unix_secs(NOW), &nonce);
    op.build(&ctx).map_err(|e| format!("{}: {e}", e.field))
}

fn compare<Op: Operation>(op: &Op, out: &mut Outcome) {
    let name = Op::INFO.name;
    let project = Credentials::new(KEY, "secret").expect("valid");
    let app = Credentials::application(APP, PKCS8).expect("valid");
    let p = request_with(op, &project).unwrap_or_else(|e| panic!("{name} with a key: {e}"));
    let a = match request_with(op, &app) {
        Ok(a) => a,
        Err(e) => {
            assert!(e.starts_with("credentials:"), "{name}: {e}");
            assert!(name.starts_with("legacy_"), "{name} refused: {e}");
            out.refused.insert(name);
            return;
        }
    };
    assert_eq!(p.method(), a.method(), "{name}");
    assert_eq!(p.uri().host(), Some("api.opentok.com"), "{name}");
    assert_eq!(a.uri().host(), Some("video.api.vonage.com"), "{name}");
    let path = |r: &http::Request<Vec<u8>>| r.uri().path_and_query().map(|p| p.to_string());
    assert_eq!(
        path(&p).map(|s| s.replace(KEY, APP)),
        path(&a),
        "{name}: only the project id differs"
    );
    if p.uri().path().starts_with("/v2/project/") {
        assert!(
            a.uri().path().starts_with(&format!("/v2/project/{APP}")),
            "{name}"
        );
    }
    assert_eq!(p.body(), a.body(), "{name}: same body");
    let now = from_unix_secs(NOW);
    match p.headers().get("x-opentok-auth") {
        Some(h) => {
            let p_creds = project.project().expect("project");
            verify_rest_auth(h.to_str().expect("ascii"), p_creds, now, Duration::ZERO)
                .expect("HS256 verifies");
            assert!(a.headers().get("x-opentok-auth").is_none(), "{name}");
            let bearer = a.headers().get("authorization").expect("bearer header");
            assert!(bearer.is_sensitive(), "{name}");
            let text = bearer.to_str().expect("ascii");
            assert!(text.starts_with("Bearer "), "{name}");
            let key = app.application_credentials().expect("application").public_key();
            let claims = verify_bearer(text, APP, &key, now, Duration::ZERO).expect("RS256 verifies");
            assert_eq!(claims.application_id, APP);
        }
        // The legacy archive calls carry the caller's moderator token instead.
        None => assert!(a.headers().get("authorization").is_none(), "{name}"),
    }
    let others = |r: &http::Request<Vec<u8>>| {
        r.headers()
            .iter()
            .filter(|(n, _)| !matches!(n.as_str(), "x-opentok-auth" | "authorization"))
            .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&p), others(&a), "{name}: same other headers");
    out.same.insert(name);
}

/// Expands the operations table into `compare_every`: `compare` with each call's sample.
macro_rules! compare_each {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
    } )*) => {
        fn compare_every(out: &mut Outcome) {
            $($(
                compare(&samples::sample::<opentok_core::$module::$op>($sample), out);
            )*)*
        }
    };
}

opentok_core::for_each_operation!(compare_each);

#[test]
fn every_operation_builds_with_both_kinds_of_credentials() {
    let mut out = Outcome::default();
    compare_every(&mut out);
    assert!(out.same.contains("start_archive"), "{:?}", out.same);
    assert_eq!(
        out.refused.into_iter().collect::<Vec<_>>(),
        ["legacy_create_session", "legacy_stitch_archive"],
        "only the calls that send the secret itself (X-TB-PARTNER-AUTH) need a key"
    );
}
