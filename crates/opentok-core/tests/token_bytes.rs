//! Minted T1 tokens are byte for byte the token written from the format's definition by
//! `common::t1_token` (none of core's code) for any key, secret, session, role, nonce, data
//! and layout, and every refusal of a session is the one a full decode of its id gives.

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

/// Keys whose `partner_id=<key>&sig=` heads leave 0, 2 and 1 bytes over a whole base64 group
/// (so the data starts at each offset of a group), and two secrets for the first key.
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
    (
        0..PROJECTS.len(),
        0..8usize,
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
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn tokens_are_the_ones_written_from_scratch(call in call()) {
        let ids = sessions();
        let (project, sid, role, jwt, n, data, layout) = call;
        let (key, secret) = PROJECTS[project];
        let creds = Credentials::new(key, secret).expect("valid");
        let sid = &ids[sid];
        let nonce = Next(AtomicU64::new(n));
        let now = from_unix_secs(NOW);
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

#[test]
fn the_longest_sessions_are_written_from_scratch_too() {
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
