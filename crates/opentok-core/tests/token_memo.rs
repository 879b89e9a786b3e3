//! Minting keeps the thread's last session (its id, the key it was checked against, the start
//! of its T1 data with that start's base64). The memo must never show: every token minted
//! after any sequence of others is the one written from scratch, and every refusal is the one
//! a full decode of the session id gives.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use opentok_core::clock::from_unix_secs;
use opentok_core::nonce::{NonceSource, SeededNonce};
use opentok_core::token::{Role, TokenError, TokenFormat, TokenOptions, mint, verify_for_session};
use opentok_core::{Credentials, session_id};
use proptest::prelude::*;

/// Hands out the value it was last given.
#[derive(Debug, Default)]
struct Next(AtomicU64);

impl NonceSource for Next {
    fn next_u64(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Keys whose `partner_id=<key>&sig=` heads leave 0, 2 and 1 bytes over a whole base64 group,
/// and two secrets for the first key.
const PROJECTS: [(&str, &str); 4] = [
    ("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81"),
    ("47001234", "another secret for the same key"),
    ("1234567", "s"),
    ("123456789", "secret"),
];

const NOW: u64 = 1_700_000_000;
const EXPIRES: u64 = NOW + 3600;

/// The T1 token written from scratch.
fn reference(
    project: usize,
    sid: &str,
    role: Role,
    nonce: u64,
    data: Option<&str>,
    layout: &[String],
) -> String {
    let (key, secret) = PROJECTS[project];
    let mut text = format!(
        "role={}&session_id={}&create_time={NOW}&nonce={nonce}&expire_time={EXPIRES}",
        role.as_str(),
        common::form(sid)
    );
    if let Some(data) = data {
        text.push_str(&format!("&connection_data={}", common::form(data)));
    }
    if !layout.is_empty() {
        text.push_str(&format!(
            "&initial_layout_class_list={}",
            common::form(&layout.join(" "))
        ));
    }
    common::t1_token(key, secret, &text)
}

/// Sessions of each key, one that belongs to none of them, one a character off the first,
/// one that does not decode, and the second with spaces around it.
fn sessions() -> Vec<String> {
    let seeded = SeededNonce::new(7);
    let now = from_unix_secs(NOW);
    let mut ids: Vec<String> = ["47001234", "47001234", "1234567", "123456789", "999"]
        .iter()
        .map(|k| session_id::mint(k, None, now, &seeded).expect("mints"))
        .collect();
    let mut off = ids[0].clone();
    off.pop();
    off.push('A');
    ids.push(off);
    ids.push("2_not*base64".into());
    ids.push(format!(" {} ", ids[1]));
    ids
}

/// One mint call: project, session, role, JWT or not, nonce, connection data, layout.
type Call = (usize, usize, Role, bool, u64, Option<String>, Vec<String>);

fn call() -> impl Strategy<Value = Call> {
    let role = prop_oneof![
        Just(Role::Publisher),
        Just(Role::Subscriber),
        Just(Role::Moderator),
        Just(Role::PublisherOnly)
    ];
    // Mostly the first project and session, so the memo is hit as a server would hit it.
    (
        prop_oneof![3 => Just(0), 1 => 0..PROJECTS.len()],
        prop_oneof![3 => Just(0), 1 => 0..8usize],
        role,
        proptest::bool::weighted(0.15),
        0..1_000_000_000_000_000u64,
        proptest::option::of("[ -~é]{0,12}"),
        proptest::collection::vec("[a-z]{1,6}", 0..3),
    )
}

fn options(role: Role, jwt: bool, data: &Option<String>, layout: &[String]) -> TokenOptions {
    let mut options = TokenOptions::new()
        .role(role)
        .expire_time(from_unix_secs(EXPIRES));
    if let Some(d) = data {
        options = options.data(d.clone());
    }
    if !layout.is_empty() {
        options = options.initial_layout_class_list(layout.to_vec());
    }
    if jwt {
        options = options.format(TokenFormat::Jwt);
    }
    options
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn tokens_after_any_sequence_are_written_from_scratch(calls in proptest::collection::vec(call(), 1..40)) {
        let ids = sessions();
        let nonce = Next::default();
        let now = from_unix_secs(NOW);
        for (project, sid, role, jwt, n, data, layout) in calls {
            let (key, secret) = PROJECTS[project];
            let creds = Credentials::new(key, secret).expect("valid");
            let sid = &ids[sid];
            nonce.0.store(n, Ordering::Relaxed);
            let got = mint(&creds, sid, &options(role, jwt, &data, &layout), now, &nonce);
            let belongs = session_id::decode(sid).map(|d| d.belongs_to(key));
            match (&got, belongs) {
                (Ok(token), Ok(true)) if jwt => {
                    prop_assert!(verify_for_session(token, &creds, now, sid.trim()).is_ok());
                }
                (Ok(token), Ok(true)) => {
                    let want = reference(project, sid.trim(), role, n, data.as_deref(), &layout);
                    prop_assert_eq!(token, &want);
                }
                (Err(TokenError::Invalid(v)), Ok(false) | Err(_)) => {
                    prop_assert_eq!(v.field.as_ref(), "session_id");
                }
                (got, belongs) => prop_assert!(false, "{got:?}, but the session belongs: {belongs:?}"),
            }
        }
    }
}

#[test]
fn the_longest_sessions_are_remembered_too() {
    // A location near the id length limit, and the standard alphabet's `+` and `/` (which the
    // data percent-encodes) in the random field.
    let now = from_unix_secs(NOW);
    let long =
        session_id::mint("47001234", Some(&"l".repeat(2_900)), now, &SeededNonce::new(3)).expect("mints");
    assert!(long.len() > 3_800, "{}", long.len());
    let creds = Credentials::new(PROJECTS[0].0, PROJECTS[0].1).expect("valid");
    for n in 0..3 {
        let nonce = Next(AtomicU64::new(n));
        let t = mint(
            &creds,
            &long,
            &options(Role::Publisher, false, &None, &[]),
            now,
            &nonce,
        )
        .expect("mints");
        assert_eq!(t, reference(0, &long, Role::Publisher, n, None, &[]), "token {n}");
    }
}

/// A nonce source that mints a token itself: the inner mint runs while the outer one holds
/// the thread's scratch.
#[derive(Debug)]
struct Minting(Credentials, String);

impl NonceSource for Minting {
    fn next_u64(&self) -> u64 {
        let other = mint(
            &self.0,
            &self.1,
            &TokenOptions::new(),
            from_unix_secs(NOW),
            &Next::default(),
        );
        other.map_or(0, |t| t.len() as u64)
    }
}

#[test]
fn a_nonce_source_that_mints_gets_its_own_scratch() {
    let ids = sessions();
    let (key, secret) = PROJECTS[0];
    let creds = Credentials::new(key, secret).expect("valid");
    let nonce = Minting(creds.clone(), ids[1].clone());
    // The inner token: a publisher, no expiry, nonce 0; its length is the outer nonce.
    let inner = common::t1_token(
        key,
        secret,
        &format!(
            "role=publisher&session_id={}&create_time={NOW}&nonce=0",
            common::form(&ids[1])
        ),
    );
    let want = reference(0, &ids[0], Role::Moderator, inner.len() as u64, None, &[]);
    let opts = options(Role::Moderator, false, &None, &[]);
    for round in 0..3 {
        let t = mint(&creds, &ids[0], &opts, from_unix_secs(NOW), &nonce).expect("mints");
        assert_eq!(t, want, "round {round}");
    }
}
