use serde_json::json;

use super::*;
use crate::connection::test_support::*;
use crate::error::ApiErrorKind;

const CASSETTE_REPLY: &str =
    r#"{"id":"2299ba24-a6de-417c-88f7-28da54a441cf","connectionId":"833a7182-61a5-49d4-baae-c324b09953af"}"#;

#[test]
fn start_matches_cassettes() {
    // Ruby cassette OpenTok_WebSocket/receives_a_valid_response.
    let op = StartAudioConnector::new("SESSIONID", "TOKENID", "ws://service.com/wsendpoint");
    let req = build_ok(&op);
    assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/connect");
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"SESSIONID","token":"TOKENID","websocket":{"uri":"ws://service.com/wsendpoint"}})
    );
    let c = op.parse(&reply(200, CASSETTE_REPLY)).expect("200");
    assert_eq!(
        c,
        AudioConnection::new(
            "2299ba24-a6de-417c-88f7-28da54a441cf",
            "833a7182-61a5-49d4-baae-c324b09953af"
        )
    );

    // …/receives_a_valid_response_with_opts.
    let op = StartAudioConnector::new("SESSIONID", "TOKENID", "ws://service.com/wsendpoint")
        .stream("123456")
        .header("foo", "bar")
        .bidirectional(true);
    let req = build_ok(&op);
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"SESSIONID","token":"TOKENID","websocket":{
                "uri":"ws://service.com/wsendpoint","streams":["123456"],"headers":{"foo":"bar"},
                "bidirectional":true}})
    );
    op.parse(&reply(200, CASSETTE_REPLY)).expect("200");
}

#[test]
fn start_with_audio_rate() {
    let op = StartAudioConnector::new("S", "T1==dummy", "wss://service.example.com/ws")
        .streams(["a", "b"])
        .audio_rate(24_000)
        .bidirectional(false);
    let req = build_ok(&op);
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"S","token":"T1==dummy","websocket":{
                "uri":"wss://service.example.com/ws","streams":["a","b"],"audioRate":24000,
                "bidirectional":false}})
    );
    let dbg = format!("{:?}", op.header("Authorization", "Bearer sekrit"));
    assert!(!dbg.contains("sekrit"), "{dbg}");
    assert!(!dbg.contains("T1==dummy"), "{dbg}");
    assert!(dbg.contains("Authorization"));
}

#[test]
fn audio_transport_is_snake_case_inside() {
    // NET-OT 3.22 `AudioTransport`, NODE-V `WebSocketConfig`: camelCase `audioTransport`,
    // snake_case keys inside.
    let op = StartAudioConnector::new("S", "T1==dummy", "wss://bot.example.com/ws")
        .bidirectional(true)
        .audio_transport(
            AudioTransport::json(AudioEncoding::Base64)
                .audio_field("outbound_audio")
                .receive_audio_field("inbound_audio")
                .static_field("type", "audio")
                .static_field("botId", "b-7"),
        );
    let req = build_ok(&op);
    assert_eq!(
        std::str::from_utf8(req.body()).expect("utf-8"),
        concat!(
            r#"{"sessionId":"S","token":"T1==dummy","websocket":{"uri":"wss://bot.example.com/ws","#,
            r#""bidirectional":true,"audioTransport":{"transport":"json","encoding":"base64","#,
            r#""audio_field":"outbound_audio","receive_audio_field":"inbound_audio","#,
            r#""static_fields":{"botId":"b-7","type":"audio"}}}}"#
        )
    );
    let dbg = format!("{op:?}");
    assert!(
        dbg.contains("audio_transport: Some(AudioTransport { transport: Json"),
        "{dbg}"
    );

    let op = StartAudioConnector::new("S", "T", "wss://x").audio_transport(AudioTransport::binary());
    assert_eq!(
        json_body(&build_ok(&op))["websocket"],
        json!({"uri":"wss://x","audioTransport":{"transport":"binary"}})
    );
    let op = StartAudioConnector::new("S", "T", "wss://x")
        .audio_transport(AudioTransport::json(AudioEncoding::Base64));
    assert_eq!(
        json_body(&build_ok(&op))["websocket"]["audioTransport"],
        json!({"transport":"json","encoding":"base64"})
    );
}

#[test]
fn audio_transport_rules() {
    let with = |t: AudioTransport| invalid(&StartAudioConnector::new("S", "T", "wss://x").audio_transport(t));
    for (t, field) in [
        (
            AudioTransport::binary().audio_field("a"),
            "websocket.audioTransport.audio_field",
        ),
        (
            AudioTransport::binary().receive_audio_field("a"),
            "websocket.audioTransport.receive_audio_field",
        ),
        (
            AudioTransport::binary().static_field("k", "v"),
            "websocket.audioTransport.static_fields",
        ),
    ] {
        let e = with(t);
        assert_eq!(e.field, field);
        assert!(
            matches!(&e.rule, Rule::Conflict(why) if why == "only with transport json"),
            "{e}"
        );
    }
    let json = || AudioTransport::json(AudioEncoding::Base64);
    let e = with(json().audio_field(""));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("websocket.audioTransport.audio_field", Rule::Required)
    );
    let e = with(json().receive_audio_field(""));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("websocket.audioTransport.receive_audio_field", Rule::Required)
    );
    let e = with(AudioTransport::json(AudioEncoding::Other(String::new())));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("websocket.audioTransport.encoding", Rule::Required)
    );
    let e = with(json().static_field("", "v"));
    assert_eq!(e.field, "websocket.audioTransport.static_fields");
    assert!(matches!(e.rule, Rule::Format(_)));
    // An encoding this version does not know is sent as given.
    let op = StartAudioConnector::new("S", "T", "wss://x")
        .audio_transport(AudioTransport::json(AudioEncoding::from("base85")));
    assert_eq!(
        json_body(&build_ok(&op))["websocket"]["audioTransport"]["encoding"],
        "base85"
    );
}

#[test]
fn start_errors() {
    let op = StartAudioConnector::new("S", "T", "wss://x.example.com");
    let e = op
        .parse(&reply(
            409,
            r#"{"code":409,"message":"Only routed sessions are allowed to initiate Connect Calls"}"#,
        ))
        .expect_err("409");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::Conflict);
    let c = op
        .parse(&reply(
            200,
            r#"{"id":"i","connectionId":"c","sessionId":"S","extra":1}"#,
        ))
        .expect("parses");
    assert_eq!(c.id, "i");
    assert!(matches!(
        op.parse(&reply(200, "{}")),
        Err(ResponseError::Decode(_))
    ));
}

#[test]
fn start_rules() {
    let e = invalid(&StartAudioConnector::new("", "T", "ws://x"));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
    let e = invalid(&StartAudioConnector::new("S", "", "ws://x"));
    assert_eq!((e.field.as_ref(), e.rule), ("token", Rule::Required));
    let e = invalid(&StartAudioConnector::new("S", "T", ""));
    assert_eq!((e.field.as_ref(), e.rule), ("websocket.uri", Rule::Required));
    build_ok(&StartAudioConnector::new("S", "T", "wss://é.example/ws"));
    for bad in ["http://x.example.com", "wss://", "ws:/x", "x", "wss:///path"] {
        let e = invalid(&StartAudioConnector::new("S", "T", bad));
        assert_eq!(e.field, "websocket.uri", "{bad}");
        assert!(matches!(e.rule, Rule::Format(_)), "{bad}");
    }
    build_ok(&StartAudioConnector::new("S", "T", "WSS://X.example.com"));
    let e = invalid(&StartAudioConnector::new("S", "T", "wss://x y"));
    assert!(matches!(e.rule, Rule::Charset(_)));

    let ok = StartAudioConnector::new("S", "T", "wss://x").streams((0..50).map(|i| format!("s{i}")));
    build_ok(&ok);
    let e = invalid(&ok.stream("s50"));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        (
            "websocket.streams",
            Rule::TooLong {
                max: 50,
                actual: 51,
                unit: "items"
            }
        )
    );
    let e = invalid(&StartAudioConnector::new("S", "T", "wss://x").stream(""));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("websocket.streams[0]", Rule::Required)
    );

    for hz in [8000, 16_000, 24_000] {
        build_ok(&StartAudioConnector::new("S", "T", "wss://x").audio_rate(hz));
    }
    let e = invalid(&StartAudioConnector::new("S", "T", "wss://x").audio_rate(44_100));
    assert_eq!(e.field, "websocket.audioRate");
    assert!(matches!(e.rule, Rule::OneOf(v) if v == ["8000", "16000", "24000"]));

    let e = invalid(&StartAudioConnector::new("S", "T", "wss://x").header("a b", "v"));
    assert_eq!(e.field, "websocket.headers.a b");
    assert!(matches!(e.rule, Rule::Format(_)));
    let e = invalid(&StartAudioConnector::new("S", "T", "wss://x").header("a", "v\nw"));
    assert!(matches!(e.rule, Rule::Charset(_)));
}

#[test]
fn stop() {
    let op = StopAudioConnector::new("2299ba24");
    let req = build_ok(&op);
    assert_eq!(
        req.uri(),
        "https://api.opentok.com/v2/project/123456/connect/2299ba24/stop"
    );
    assert_no_body(&req);
    op.parse(&reply(200, "")).expect("200");
    op.parse(&reply(204, "")).expect("204");
    let e = op.parse(&reply(404, "")).expect_err("404");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
    let e = invalid(&StopAudioConnector::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("callId", Rule::Required));
}
