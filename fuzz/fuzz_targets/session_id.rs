//! Session id decoding never panics, and what it decodes is consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opentok_core::session_id;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(decoded) = session_id::decode(text) {
        assert!(!decoded.project_id.is_empty(), "decoded an id with no project");
        assert_eq!(decoded.fields.get(1), Some(&decoded.project_id));
        assert!(decoded.belongs_to(&decoded.project_id));
    }
});
