//! Error bodies (JSON, XML `errorPayload`, legacy `<Errors>`) never panic the parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_core::ErrorBody;

fuzz_target!(|data: &[u8]| {
    let _ = ErrorBody::parse(data);
});
