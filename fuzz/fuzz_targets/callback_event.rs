//! Callback bodies the service POSTs to an app (archive, broadcast, captions, render status and
//! session monitoring events) never panic the reader: any bytes are an event or a `CallbackError`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_core::callback::CallbackEvent;

fuzz_target!(|data: &[u8]| {
    let _ = CallbackEvent::parse(data);
});
