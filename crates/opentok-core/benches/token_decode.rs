//! Token decoding against hostile input: `cargo bench -p opentok-core --bench token_decode`.
//!
//! Prints ns per `token::decode` (best and median of timed rounds, as the `tokens` bench
//! does) for: a typical T1 token; the longest T1 token `mint` writes (about 32 KiB); a token
//! just under `MAX_TOKEN_BYTES` made of thousands of unknown fields, and one of thousands of
//! repeats of one known field (both refused at the first field they break); and the issue's
//! ~320 KB token of 60,000 short fields (refused by its length). Before linear decoding the
//! last took 2.3 s in release.

use std::hint::black_box;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use opentok_core::Credentials;
use opentok_core::clock::from_unix_secs;
use opentok_core::nonce::SeededNonce;
use opentok_core::token::{self, TokenOptions};

const KEY: &str = "47001234";
const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";
const SID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
const ROUNDS: usize = 50;

/// A T1 token with `KEY`'s head, an all-zero signature and `data`.
fn t1_with_data(data: &str) -> String {
    let inner = format!("partner_id={KEY}&sig={}:{data}", "0".repeat(40));
    format!("T1=={}", STANDARD.encode(inner))
}

/// Best and median ns per decode of `token`, over `ROUNDS` rounds of `iters` calls.
fn measure(token: &str, iters: u32) -> (f64, f64) {
    let mut samples: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                let _ = black_box(token::decode(black_box(token)));
            }
            start.elapsed().as_nanos() as f64 / f64::from(iters)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (samples[0], samples[ROUNDS / 2])
}

fn main() {
    let creds = Credentials::new(KEY, SECRET).expect("valid");
    let now = from_unix_secs(1_700_000_000);
    let typical = token::mint(&creds, SID, &TokenOptions::new(), now, &SeededNonce::new(1)).expect("mints");
    let wide = "\u{1F3A5}".repeat(1000);
    let longest = token::mint(
        &creds,
        SID,
        &TokenOptions::new()
            .data(wide.clone())
            .initial_layout_class_list([wide]),
        now,
        &SeededNonce::new(1),
    )
    .expect("mints");
    let valid = format!("session_id={SID}&create_time=1700000000&role=publisher&nonce=1");
    let unknown = t1_with_data(&format!("{valid}{}", "&x=1".repeat(8_000)));
    let repeated = t1_with_data(&format!("{valid}{}", "&scope=1".repeat(4_000)));
    let attack = t1_with_data(&"a=1&".repeat(60_000));
    println!("token::decode, ns per call (best / median of {ROUNDS} rounds)");
    for (name, t, iters) in [
        ("typical T1", &typical, 2_000),
        ("longest T1 mint writes", &longest, 50),
        ("8,000 unknown fields (under the cap)", &unknown, 50),
        ("4,000 repeats of scope (under the cap)", &repeated, 50),
        ("60,000 short fields (over the cap)", &attack, 2_000),
    ] {
        let (best, median) = measure(t, iters);
        println!("{name:<42} {:>7} bytes {best:>12.0} {median:>12.0}", t.len());
    }
}
