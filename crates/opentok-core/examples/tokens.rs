//! Mints a session id and client tokens (T1 and JWT), then decodes and verifies them.
//!
//! `cargo run -p opentok-core --example tokens` (no arguments, no network). The credentials
//! are made up; the first part uses the real clock and OS randomness, the second fixed ones
//! to show that minting is reproducible.

use std::error::Error;
use std::time::{Duration, SystemTime};

use opentok_core::clock::{self, Clock, ManualClock, SystemClock};
use opentok_core::nonce::{NonceSource, OsNonce, SeededNonce};
use opentok_core::token::{self, Role, TokenError, TokenFormat, TokenOptions};
use opentok_core::{Credentials, session_id};

const API_KEY: &str = "47001234";
const API_SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";

fn show(label: &str, t: &str, creds: &Credentials, now: SystemTime, sid: &str) -> Result<(), Box<dyn Error>> {
    let d = token::verify_for_session(t, creds, now, sid)?;
    let expires_in = d.expires_at().duration_since(now).unwrap_or_default().as_secs();
    println!("{label} ({} characters): {}…", t.len(), &t[..t.len().min(48)]);
    println!(
        "  verified: role={} data={:?} layout={:?} nonce={} expires in {} h {} min",
        d.role.as_str(),
        d.connection_data.as_deref().unwrap_or(""),
        d.initial_layout_class_list,
        d.nonce,
        expires_in / 3600,
        expires_in % 3600 / 60
    );
    Ok(())
}

fn mint_all(clock: &dyn Clock, nonce: &dyn NonceSource) -> Result<Vec<String>, Box<dyn Error>> {
    let creds = Credentials::new(API_KEY, API_SECRET)?;
    let now = clock.now();
    let sid = session_id::mint(API_KEY, Some("10.1.2.3"), now, nonce)?;
    let decoded = session_id::decode(&sid)?;
    println!("session id: {sid}");
    println!(
        "  project {} location {} created {} ms after the epoch",
        decoded.project_id,
        decoded.location.as_deref().unwrap_or("-"),
        clock::unix_millis(decoded.created.unwrap_or(now))
    );

    let t1_opts = TokenOptions::new()
        .role(Role::Moderator)
        .data("name=Johnny & co ~ü")
        .initial_layout_class_list(["focus", "small"]);
    let t1 = token::mint(&creds, &sid, &t1_opts, now, nonce)?;
    show("T1 token", &t1, &creds, now, &sid)?;

    let jwt_opts = TokenOptions::new()
        .role(Role::Subscriber)
        .expire_time(now + Duration::from_secs(2 * 3600))
        .format(TokenFormat::Jwt);
    let jwt = token::mint(&creds, &sid, &jwt_opts, now, nonce)?;
    show("JWT token", &jwt, &creds, now, &sid)?;

    // What verification refuses.
    let wrong_secret = Credentials::new(API_KEY, "not-the-secret")?;
    let later = now + Duration::from_secs(3 * 3600);
    let refused = [
        ("wrong secret", token::verify(&t1, &wrong_secret, now).err()),
        ("three hours later", token::verify(&jwt, &creds, later).err()),
        (
            "another session",
            token::verify_for_session(&t1, &creds, now, "2_other").err(),
        ),
        (
            "one character changed",
            token::verify(&tamper(&t1), &creds, now).err(),
        ),
    ];
    for (what, err) in refused {
        let err: Option<TokenError> = err;
        println!(
            "  refused ({what}): {}",
            err.map_or("NOT REFUSED".into(), |e| e.to_string())
        );
    }
    let bad = TokenOptions::new().data("x".repeat(1001));
    if let Err(e) = token::mint(&creds, &sid, &bad, now, nonce) {
        println!("  not minted (1001 characters of data): {e}");
    }
    Ok(vec![sid, t1, jwt])
}

/// The token with one character in the middle replaced.
fn tamper(t: &str) -> String {
    let mid = t.len() / 2;
    let c = if &t[mid..mid + 1] == "A" { "B" } else { "A" };
    format!("{}{c}{}", &t[..mid], &t[mid + 1..])
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("== real clock and OS randomness ==");
    mint_all(&SystemClock, &OsNonce)?;

    println!();
    println!("== fixed clock and seeded nonces: the same output on every run ==");
    let clock = ManualClock::at_unix(1_700_000_000);
    let first = mint_all(&clock, &SeededNonce::new(2024))?;
    let again = {
        // quietly, a second time
        let creds = Credentials::new(API_KEY, API_SECRET)?;
        let nonce = SeededNonce::new(2024);
        let now = clock.now();
        let sid = session_id::mint(API_KEY, Some("10.1.2.3"), now, &nonce)?;
        let t1 = TokenOptions::new()
            .role(Role::Moderator)
            .data("name=Johnny & co ~ü")
            .initial_layout_class_list(["focus", "small"]);
        token::mint(&creds, &sid, &t1, now, &nonce)?
    };
    println!(
        "reproducible: {}",
        if first.get(1) == Some(&again) { "yes" } else { "NO" }
    );
    Ok(())
}
