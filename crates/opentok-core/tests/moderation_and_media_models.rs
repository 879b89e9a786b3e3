//! Streams, connections, signals, SIP, captions, renders, Audio Connector and callbacks,
//! through the public API only: every parser survives arbitrary bytes and statuses, and the
//! models round-trip through JSON.

use opentok_core::audio_connector::{StartAudioConnector, StopAudioConnector};
use opentok_core::callback::{
    CallbackEvent, CallbackEventType, CallbackGroup, DeleteCallback, ListCallbacks, RegisterCallback,
};
use opentok_core::captions::{StartCaptions, StopCaptions};
use opentok_core::connection::{ForceDisconnect, ListConnections};
use opentok_core::render::{GetRender, ListRenders, StartRender, StopRender};
use opentok_core::signal::{Signal, SignalConnection};
use opentok_core::sip::{Dial, PlayDtmf, PlayDtmfConnection};
use opentok_core::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, SetStreamLayoutClass, SetStreamLayoutClasses,
};
use opentok_core::{Operation, ResponseError};
use proptest::prelude::*;

fn response(status: u16, body: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .body(body.to_vec())
        .expect("valid response")
}

/// Parses `body` with `status` through `op`, checking the outcome agrees with the status.
fn check<O: Operation>(op: &O, status: u16, body: &[u8]) {
    match op.parse(&response(status, body)) {
        Ok(_) => assert!((200..300).contains(&status), "{} accepted {status}", O::INFO.name),
        Err(ResponseError::Api(e)) => {
            assert!(!(200..300).contains(&status), "{} rejected a 2xx", O::INFO.name);
            assert_eq!(e.status.as_u16(), status);
        }
        Err(ResponseError::Decode(e)) => {
            assert!((200..300).contains(&status));
            assert_eq!(e.status.as_u16(), status);
        }
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

fn parse_all(status: u16, body: &[u8]) {
    check(&ListStreams::new("S"), status, body);
    check(&GetStream::new("S", "X"), status, body);
    check(&SetStreamLayoutClasses::new("S").stream("X", ["a"]), status, body);
    check(&SetStreamLayoutClass::new("S", "X", ["a"]), status, body);
    check(&ForceMuteStream::new("S", "X"), status, body);
    check(&MuteAll::enable("S"), status, body);
    check(&ListConnections::new("S"), status, body);
    check(&ForceDisconnect::new("S", "C"), status, body);
    check(&Signal::new("S", "d"), status, body);
    check(&SignalConnection::new("S", "C", "d"), status, body);
    check(&Dial::new("S", "T", "sip:x@y"), status, body);
    check(&PlayDtmf::new("S", "1"), status, body);
    check(&PlayDtmfConnection::new("S", "C", "1"), status, body);
    check(&StartCaptions::new("S", "T"), status, body);
    check(&StopCaptions::new("C"), status, body);
    check(&StartRender::new("S", "T", "https://example.com/x"), status, body);
    check(&GetRender::new("R"), status, body);
    check(&ListRenders::new(), status, body);
    check(&StopRender::new("R"), status, body);
    check(&StartAudioConnector::new("S", "T", "wss://x"), status, body);
    check(&StopAudioConnector::new("I"), status, body);
    check(
        &RegisterCallback::new(
            CallbackGroup::Stream,
            CallbackEventType::Created,
            "https://x.example",
        ),
        status,
        body,
    );
    check(&ListCallbacks::new(), status, body);
    check(&DeleteCallback::new("I"), status, body);
    let _ = CallbackEvent::parse(body);
}

#[test]
fn realistic_bodies_under_every_status() {
    let bodies: [&[u8]; 8] = [
        b"",
        b"{}",
        b"[]",
        b"null",
        br#"{"count":"2","items":[{"id":"a"}]}"#,
        br#"{"id":"x","connectionId":"c","captionsId":"k","status":"started"}"#,
        br#"<?xml version="1.0"?><errorPayload><code>-1</code><message>m</message></errorPayload>"#,
        b"\xff\xfe\x00",
    ];
    for status in [200, 202, 204, 400, 403, 404, 405, 408, 409, 413, 429, 500, 503] {
        for body in bodies {
            parse_all(status, body);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsers_never_panic_on_bytes(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..256)) {
        parse_all(status, &body);
    }

    #[test]
    fn parsers_never_panic_on_json_like_text(status in prop::sample::select(vec![200u16, 202, 204, 400, 408, 413]),
                                             body in r#"[\{\}\[\]":,0-9a-zA-Z \-\.]{0,200}"#) {
        parse_all(status, body.as_bytes());
    }

    #[test]
    fn callback_routing_never_panics(event in "[a-zA-Z]{0,20}", session in "[a-zA-Z0-9_~-]{0,20}",
                                     ts in prop_oneof![Just("1".to_owned()), Just("\"12\"".to_owned()),
                                                       Just("null".to_owned()), Just("\"x\"".to_owned())],
                                     extra in prop_oneof![Just(""), Just(r#","status":"started""#),
                                                          Just(r#","captionId":"c""#), Just(r#","url":"u","id":"i","status":"s""#),
                                                          Just(r#","broadcastUrls":null"#), Just(r#","outputMode":1"#)]) {
        let body = format!(r#"{{"event":"{event}","sessionId":"{session}","timestamp":{ts}{extra}}}"#);
        let _ = CallbackEvent::parse(body.as_bytes());
        let body = format!(r#"{{"sessionId":"{session}","timestamp":{ts}{extra}}}"#);
        let _ = CallbackEvent::parse(body.as_bytes());
    }
}
