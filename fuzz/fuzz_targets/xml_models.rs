//! Every XML reader survives arbitrary bytes: the legacy `<Sessions>`, archive manifest and
//! `<Errors>` documents, the session XML reply and XML error bodies. What the legacy readers
//! accept, they write back to XML that reads as the same value.
#![no_main]

use http::Response;
use libfuzzer_sys::fuzz_target;
use opentok_core::ErrorBody;
use opentok_core::Operation;
use opentok_core::legacy::{ArchiveManifest, LegacyError, LegacySession};
use opentok_core::session::{CreateSession, ReplyFormat};

fuzz_target!(|data: &[u8]| {
    let _ = ErrorBody::parse(data);
    let _ = CreateSession::new()
        .reply_format(ReplyFormat::Xml)
        .parse(&Response::new(data));
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(session) = LegacySession::from_xml(xml) {
        assert_eq!(LegacySession::from_xml(&session.to_xml()).ok(), Some(session));
    }
    if let Ok(manifest) = ArchiveManifest::from_xml(xml) {
        assert_eq!(ArchiveManifest::from_xml(&manifest.to_xml()).ok(), Some(manifest));
    }
    // `errors_to_xml` normalises (a missing kind or one that is not an XML name is written as
    // `error`, a missing message as ""), so the first write/read is lossy by design; after it,
    // writing and reading again must change nothing (escaping and unescaping agree).
    if let Some(errors) = LegacyError::parse_all(xml) {
        let once = LegacyError::parse_all(&LegacyError::errors_to_xml(&errors)).expect("own <Errors> reads");
        assert_eq!(
            LegacyError::parse_all(&LegacyError::errors_to_xml(&once)),
            Some(once)
        );
    }
});
