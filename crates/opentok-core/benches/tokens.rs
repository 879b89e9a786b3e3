//! Token throughput: `cargo bench -p opentok-core --bench tokens`.
//!
//! A hand-rolled harness (no bench framework): after a warm-up, the cases run interleaved in
//! short timed rounds of N calls (`std::time::Instant`, `std::hint::black_box`); each case's
//! best round is reported as ns/token and tokens/s, with the median round beside it.
//!
//! Each token format runs next to its floor: the same work done in a bare loop with the
//! crates, none of core's code. The floor draws the nonce as `mint` does (`OsNonce`), decodes
//! the session id with the `base64` crate and compares its field 1 with the key, writes the
//! claims or data with `format!`, and signs and encodes them with the crates: `hmac`, `sha1`,
//! hex and `base64` for T1; `hmac`, `sha2` and `base64` for the HS256 JWT (`jsonwebtoken` is
//! not a dependency); `ring` over the same `header.claims` bytes for RS256. Before timing,
//! each floor is checked to write the very token `mint` writes for the same nonce. Target:
//! each format within 1.2x of its floor.

use std::hint::black_box;
use std::time::{Duration, Instant};

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use opentok_core::clock::from_unix_secs;
use opentok_core::nonce::{NonceSource, OsNonce, SeededNonce};
use opentok_core::rest_auth::{rest_auth_header, rest_auth_token};
use opentok_core::token::{self, Role, TokenFormat, TokenOptions};
use opentok_core::{Credentials, ProjectCredentials};
use sha1::Sha1;
use sha2::Sha256;

const KEY: &str = "47001234";
const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";
const SID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
const NOW: u64 = 1_700_000_000;
const NONCE_MODULUS: u64 = 1_000_000_000_000_000;

/// Warm-up calls, calls per round and rounds of a table.
#[derive(Clone, Copy)]
struct Plan {
    warmup: u32,
    iters: u32,
    rounds: usize,
}

/// The HMAC tokens: about a microsecond each.
const FAST: Plan = Plan {
    warmup: 20_000,
    iters: 2_000,
    rounds: 300,
};
/// RS256 tokens: an RSA 2048 signature is about a millisecond.
const RSA: Plan = Plan {
    warmup: 20,
    iters: 10,
    rounds: 40,
};

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const APP_SID: &str = "1_MX4wYTFiMmMzZC00ZTVmLTRhNmItOGM3ZC05ZTBmMWEyYjNjNGR-fjE3MDAwMDAwMDAxMjN-ZEdoeWIzZGhkMkY1TFhSbGMzUXRjMlZ6YzJsdmJnfn5-";
const PKCS8: &str = include_str!("../tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");

/// A case: runs its operation `n` times.
type Case<'a> = (&'static str, Box<dyn FnMut(u32) + 'a>);

fn case<'a, R>(name: &'static str, mut f: impl FnMut() -> R + 'a) -> Case<'a> {
    (
        name,
        Box::new(move |n| {
            for _ in 0..n {
                black_box(f());
            }
        }),
    )
}

/// ns per call of each case. The cases run interleaved, round after round, so a burst of
/// load from elsewhere on the machine hits them alike; each case's best round is its figure
/// (the rounds a context switch or another process's burst landed in only ever run slower).
/// The median round is returned too, to show how noisy the machine was.
fn measure(cases: &mut [Case<'_>], plan: Plan) -> Vec<(f64, f64)> {
    for (_, run) in cases.iter_mut() {
        run(plan.warmup);
    }
    let mut samples = vec![Vec::with_capacity(plan.rounds); cases.len()];
    for _ in 0..plan.rounds {
        for ((_, run), out) in cases.iter_mut().zip(&mut samples) {
            let start = Instant::now();
            run(plan.iters);
            out.push(start.elapsed().as_nanos() as f64 / f64::from(plan.iters));
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            (s[0], s[s.len() / 2])
        })
        .collect()
}

/// The floor's session check: the id's body decodes (base64url) and its field 1 is `key`.
fn belongs(session_id: &str, key: &str) -> bool {
    let body = session_id.get(2..).unwrap_or_default();
    let text = URL_SAFE_NO_PAD.decode(body).expect("base64url");
    let text = std::str::from_utf8(&text).expect("utf-8");
    text.split('~').nth(1) == Some(key)
}

/// The T1 floor: a publisher token with no expiry, written with the crates.
fn t1_floor(mac: &Hmac<Sha1>, session_id: &str, nonce: &dyn NonceSource) -> String {
    assert!(belongs(session_id, KEY));
    let n = nonce.next_u64() % NONCE_MODULUS;
    // Session ids are base64url: nothing to form-encode.
    let data = format!("role=publisher&session_id={session_id}&create_time={NOW}&nonce={n}");
    let tag = mac.clone().chain_update(data.as_bytes()).finalize().into_bytes();
    let mut sig = String::with_capacity(40);
    for b in tag {
        let _ = write!(sig, "{b:02x}");
    }
    let inner = format!("partner_id={KEY}&sig={sig}:{data}");
    format!("T1=={}", STANDARD.encode(inner))
}

/// The HS256 floor: a publisher JWT client token expiring after 24 hours.
fn jwt_floor(mac: &Hmac<Sha256>, session_id: &str, nonce: &dyn NonceSource) -> String {
    assert!(belongs(session_id, KEY));
    let n = nonce.next_u64() % NONCE_MODULUS;
    let exp = NOW + 86_400;
    let claims = format!(
        r#"{{"iss":"{KEY}","ist":"project","iat":{NOW},"exp":{exp},"nonce":{n},"role":"publisher","scope":"session.connect","session_id":"{session_id}"}}"#
    );
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
    let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims));
    let sig = mac.clone().chain_update(input.as_bytes()).finalize().into_bytes();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

/// Hands out the same value every time.
#[derive(Debug)]
struct Fixed(u64);

impl NonceSource for Fixed {
    fn next_u64(&self) -> u64 {
        self.0
    }
}

fn main() {
    let creds = Credentials::new(KEY, SECRET).expect("valid");
    let project = ProjectCredentials::new(KEY, SECRET).expect("valid");
    let sha1 = <Hmac<Sha1> as Mac>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    let sha256 = <Hmac<Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    let now = from_unix_secs(NOW);
    let nonce = SeededNonce::new(42);

    let plain = TokenOptions::new();
    let full = TokenOptions::new()
        .role(Role::Moderator)
        .expire_time(now + Duration::from_secs(7 * 86_400))
        .data("name=Johnny & co ~ü {\"userId\":42}")
        .initial_layout_class_list(["focus", "small"]);
    let jwt = TokenOptions::new().format(TokenFormat::Jwt);

    // The floors write the very tokens `mint` writes.
    let fixed = Fixed(123_456_789);
    let sample = token::mint(&creds, SID, &plain, now, &fixed).expect("mints");
    assert_eq!(sample, t1_floor(&sha1, SID, &fixed), "the T1 floor's token");
    let sample_jwt = token::mint(&creds, SID, &jwt, now, &fixed).expect("mints");
    assert_eq!(
        sample_jwt,
        jwt_floor(&sha256, SID, &fixed),
        "the JWT floor's token"
    );

    let sessions: Vec<String> = (0..512)
        .map(|_| opentok_core::session_id::mint(KEY, None, now, &nonce).expect("mints"))
        .collect();
    let mut next = 0usize;

    println!(
        "opentok-core token throughput: best of {} interleaved rounds x {} calls, after {} warm-up",
        FAST.rounds, FAST.iters, FAST.warmup
    );
    println!(
        "T1 token: {} bytes; JWT client token: {} bytes",
        sample.len(),
        sample_jwt.len()
    );
    // Every case draws its nonce as production does (`OsNonce`), but one, which shows what
    // the tests' deterministic source costs instead.
    let mut cases = vec![
        case("T1 token", || {
            token::mint(&creds, black_box(SID), &plain, now, &OsNonce)
        }),
        case("floor: T1 with hmac + sha1 + base64 + format!", || {
            t1_floor(&sha1, black_box(SID), &OsNonce)
        }),
        case("JWT client token", || {
            token::mint(&creds, black_box(SID), &jwt, now, &OsNonce)
        }),
        case("floor: JWT with hmac + sha2 + base64 + format!", || {
            jwt_floor(&sha256, black_box(SID), &OsNonce)
        }),
        case("T1 token, a different session each time", || {
            next = (next + 1) % sessions.len();
            token::mint(&creds, &sessions[next], &plain, now, &OsNonce)
        }),
        case("T1 token, moderator + expiry + data + layout", || {
            token::mint(&creds, black_box(SID), &full, now, &OsNonce)
        }),
        case("T1 token, nonce from SeededNonce", || {
            token::mint(&creds, black_box(SID), &plain, now, &nonce)
        }),
        case("REST auth header (X-OPENTOK-AUTH)", || {
            rest_auth_token(&project, now, &OsNonce)
        }),
    ];
    let results = measure(&mut cases, FAST);
    print_table(&cases, &results);
    println!();
    println!(
        "T1 / its floor:                   {:.2}x (target <= 1.2x)",
        results[0].0 / results[1].0
    );
    println!(
        "JWT / its floor:                  {:.2}x (target <= 1.2x)",
        results[2].0 / results[3].0
    );
    rs256_table();
}

fn print_table(cases: &[Case<'_>], results: &[(f64, f64)]) {
    println!(
        "{:<46} {:>10} {:>14} {:>12}",
        "case", "ns/token", "tokens/s", "median ns"
    );
    for ((name, _), (best, median)) in cases.iter().zip(results) {
        println!("{name:<46} {best:>10.1} {:>14.0} {median:>12.1}", 1e9 / best);
    }
}

/// Vonage application credentials: RS256 against ring signing the same bytes.
fn rs256_table() {
    use ring::rand::SystemRandom;
    use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
    use rustls_pki_types::PrivateKeyDer;
    use rustls_pki_types::pem::PemObject;

    let creds = Credentials::application(APP, PKCS8).expect("valid");
    let now = from_unix_secs(1_700_000_000);
    let options = TokenOptions::new();
    let sample = token::mint(&creds, APP_SID, &options, now, &OsNonce).expect("mints");
    let signing_input = sample.rsplit_once('.').expect("three parts").0.to_owned();
    let der = PrivateKeyDer::from_pem_slice(PKCS8.as_bytes()).expect("pem");
    let pair = RsaKeyPair::from_pkcs8(der.secret_der()).expect("rsa key");
    let rng = SystemRandom::new();
    let mut sig = vec![0u8; pair.public().modulus_len()];

    println!();
    println!(
        "RS256 (Vonage application, RSA {} bits): best of {} interleaved rounds x {} calls, after {} warm-up",
        pair.public().modulus_len() * 8,
        RSA.rounds,
        RSA.iters,
        RSA.warmup
    );
    println!(
        "RS256 client token: {} bytes, signing input {} bytes",
        sample.len(),
        signing_input.len()
    );
    let mut cases = vec![
        case("RS256 client token", || {
            token::mint(&creds, black_box(APP_SID), &options, now, &OsNonce)
        }),
        case("REST auth header (Authorization: Bearer)", || {
            rest_auth_header(&creds, now, &OsNonce)
        }),
        case("floor: ring RS256 over the same bytes", || {
            pair.sign(
                &RSA_PKCS1_SHA256,
                &rng,
                black_box(signing_input.as_bytes()),
                &mut sig,
            )
            .expect("signs");
            sig[0]
        }),
    ];
    let results = measure(&mut cases, RSA);
    print_table(&cases, &results);
    let (client, bearer, fl) = (results[0].0, results[1].0, results[2].0);
    println!();
    println!(
        "RS256 client token / floor:       {:.3}x (target <= 1.2x)",
        client / fl
    );
    println!(
        "Bearer header / floor:            {:.3}x (target <= 1.2x)",
        bearer / fl
    );
}
