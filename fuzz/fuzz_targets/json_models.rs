//! Every operation's `parse` survives any status and body: byte 0 picks the operation, bytes 1..3
//! the status (big endian, folded into 100..=599), the rest is the body. A 2xx either parses or is a
//! `DecodeError`; anything else is an `ApiError` — never a panic.
#![no_main]

use http::{Response, StatusCode};
use libfuzzer_sys::fuzz_target;
use opentok_core::Operation;
use opentok_core::{session, stream};

#[path = "../../crates/opentok-core/tests/samples/mod.rs"]
mod samples;

use samples::SESSION;

/// Parses with one operation; returns whether it succeeded.
fn parse<Op: Operation>(op: Op, response: &Response<&[u8]>) -> bool {
    op.parse(response).is_ok()
}

type Parser = fn(&Response<&[u8]>) -> bool;

/// Expands the operations table into `PARSERS`: one entry per call (its sample), then one per
/// other reply format or mode a call reads.
macro_rules! parsers {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
    } )*) => {
        const PARSERS: &[Parser] = &[
            $($(
                |r| parse(samples::sample::<opentok_core::$module::$op>($sample), r),
            )*)*
            |r| {
                parse(
                    session::CreateSession::new().reply_format(session::ReplyFormat::Xml),
                    r,
                )
            },
            |r| parse(stream::MuteAll::disable(SESSION), r),
        ];
    };
}

opentok_core::for_each_operation!(parsers);

fuzz_target!(|data: &[u8]| {
    let [pick, hi, lo, body @ ..] = data else { return };
    let status = 100 + u16::from_be_bytes([*hi, *lo]) % 500;
    let Ok(status) = StatusCode::from_u16(status) else {
        return;
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let parser = PARSERS[usize::from(*pick) % PARSERS.len()];
    let ok = parser(&response);
    assert!(
        !ok || status.is_success(),
        "a {status} response parsed as success"
    );
});
