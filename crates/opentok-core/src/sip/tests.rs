use serde_json::json;

use super::*;
use crate::clock::from_unix_millis;
use crate::connection::test_support::*;
use crate::error::ApiErrorKind;

const CASSETTE_URI: &str = "sip:+15128675309@acme.pstn.example.com;transport=tls";

#[test]
fn dial_matches_cassette() {
    // Ruby cassette OpenTok_Sip/receives_a_valid_response. Ruby sends the booleans as
    // strings ("true"); we send real booleans (reference README).
    let op = Dial::new("SESSIONID", "TOKENID", CASSETTE_URI)
        .auth("bob", "abc123")
        .secure(true)
        .video(true)
        .observe_force_mute(true);
    let req = build_ok(&op);
    assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/dial");
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"SESSIONID","token":"TOKENID","sip":{
                "uri":CASSETTE_URI,"auth":{"username":"bob","password":"abc123"},
                "secure":true,"video":true,"observeForceMute":true}})
    );
    let body = r#"{"id":"2299ba24-a6de-417c-88f7-28da54a441cf","projectId":"123456","sessionId":"SESSIONID","connectionId":"833a7182-61a5-49d4-baae-c324b09953af","streamId":"b1963d15-537f-459a-be89-e00fc310b82b","createdAt":1492468803946,"updatedAt":1492468803946}"#;
    let call = op.parse(&reply(200, body)).expect("parses");
    assert_eq!(call.id, "2299ba24-a6de-417c-88f7-28da54a441cf");
    assert_eq!(
        call.connection_id.as_deref(),
        Some("833a7182-61a5-49d4-baae-c324b09953af")
    );
    assert_eq!(
        call.stream_id.as_deref(),
        Some("b1963d15-537f-459a-be89-e00fc310b82b")
    );
    assert_eq!(call.project_id.as_deref(), Some("123456"));
    assert_eq!(call.session_id.as_deref(), Some("SESSIONID"));
    assert_eq!(call.created_at, Some(from_unix_millis(1_492_468_803_946)));
    assert_eq!(call.updated_at, Some(from_unix_millis(1_492_468_803_946)));
    let back: SipCall = serde_json::from_value(serde_json::to_value(&call).expect("ser")).expect("de");
    assert_eq!(back, call);
}

#[test]
fn dial_with_every_option() {
    let op = Dial::new("S", "T1==dummy", "sips:user@sip.example.com;transport=tls")
        .from("14155550101@example.com")
        .header("X-k", "v")
        .header("Y-Other", "w")
        .auth("u", "p")
        .secure(false)
        .video(false)
        .observe_force_mute(false)
        .streams(["st1", "st2"]);
    let req = build_ok(&op);
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"S","token":"T1==dummy","sip":{
                "uri":"sips:user@sip.example.com;transport=tls","from":"14155550101@example.com",
                "headers":{"X-k":"v","Y-Other":"w"},"auth":{"username":"u","password":"p"},
                "secure":false,"video":false,"observeForceMute":false,"streams":["st1","st2"]}})
    );
    build_ok(&Dial::new("S", "T", "sips:é@example.com"));
    let req = build_ok(&Dial::new("S", "T", "SIP:x@y"));
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"S","token":"T","sip":{"uri":"SIP:x@y"}})
    );
}

#[test]
fn dial_parses_leniently_and_reports_errors() {
    let call = Dial::new("S", "T", "sip:x@y")
            .parse(&reply(
                200,
                r#"{"id":"i","connectionId":"c","streamId":"s","projectId":123456,"createdAt":"1492468803946","new":1}"#,
            ))
            .expect("parses");
    assert_eq!(call.project_id.as_deref(), Some("123456"));
    assert_eq!(call.created_at, Some(from_unix_millis(1_492_468_803_946)));
    let op = Dial::new("S", "T", "sip:x@y");
    for (status, kind) in [
        (400, ApiErrorKind::InvalidRequest),
        (403, ApiErrorKind::Unauthorized),
        (404, ApiErrorKind::NotFound),
        (409, ApiErrorKind::Conflict),
        (500, ApiErrorKind::Server),
    ] {
        let e = op
            .parse(&reply(status, r#"{"code":1,"message":"m"}"#))
            .expect_err("error");
        assert_eq!(e.api().expect("api").kind, kind, "{status}");
    }
    assert!(matches!(op.parse(&reply(200, "")), Err(ResponseError::Decode(_))));
}

#[test]
fn secrets_stay_out_of_debug() {
    let op = Dial::new("S", "T1==secret-token", "sip:x@y")
        .auth("bob", "hunter2")
        .header("X-Api-Key", "header-secret")
        .header("Authorization", "Bearer abc.def");
    let dbg = format!("{op:?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
    assert!(!dbg.contains("secret-token"), "{dbg}");
    // Header values stay out (they may be credentials); their names show.
    assert!(
        !dbg.contains("header-secret") && !dbg.contains("abc.def"),
        "{dbg}"
    );
    assert!(
        dbg.contains("X-Api-Key") && dbg.contains("Authorization"),
        "{dbg}"
    );
    assert!(dbg.contains("bob"));
    assert!(dbg.contains("sip:x@y"));
    let auth = SipAuth::new("bob", "hunter2");
    assert!(!format!("{auth:?}").contains("hunter2"));
    assert_eq!(auth.expose_password(), "hunter2");
}

#[test]
fn dial_rules() {
    let e = invalid(&Dial::new("", "T", "sip:x@y"));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
    let e = invalid(&Dial::new("S", "", "sip:x@y"));
    assert_eq!((e.field.as_ref(), e.rule), ("token", Rule::Required));
    let e = invalid(&Dial::new("S", "T", ""));
    assert_eq!((e.field.as_ref(), e.rule), ("sip.uri", Rule::Required));
    for bad in ["tel:+15551234", "http://x", "si:x", "sip", "sip:", "sips:"] {
        let e = invalid(&Dial::new("S", "T", bad));
        assert_eq!(e.field, "sip.uri", "{bad}");
        assert!(matches!(e.rule, Rule::Format(_)), "{bad}");
    }
    let e = invalid(&Dial::new("S", "T", "sip:x@y\r\nInjected: 1"));
    assert_eq!(e.field, "sip.uri");
    assert!(matches!(e.rule, Rule::Charset(_)));
    let e = invalid(&Dial::new("S", "T", "sip:x@y").from(""));
    assert_eq!((e.field.as_ref(), e.rule), ("sip.from", Rule::Required));
    let e = invalid(&Dial::new("S", "T", "sip:x@y").header("Bad Name", "v"));
    assert_eq!(e.field, "sip.headers.Bad Name");
    assert!(matches!(e.rule, Rule::Format(_)));
    let e = invalid(&Dial::new("S", "T", "sip:x@y").header("X-A", "v\r\nX-B: w"));
    assert_eq!(e.field, "sip.headers.X-A");
    assert!(matches!(e.rule, Rule::Charset(_)));
    let e = invalid(&Dial::new("S", "T", "sip:x@y").auth("", "p"));
    assert_eq!((e.field.as_ref(), e.rule), ("sip.auth.username", Rule::Required));
    let e = invalid(&Dial::new("S", "T", "sip:x@y").streams(["a", ""]));
    assert_eq!((e.field.as_ref(), e.rule), ("sip.streams[1]", Rule::Required));
}

#[test]
fn play_dtmf_matches_cassettes() {
    // Ruby cassettes OpenTok_Sip/_play_dtmf_to_session and _play_dtmf_to_connection.
    let op = PlayDtmf::new("SESSIONID", "0123456789*#p");
    let req = build_ok(&op);
    assert_eq!(
        req.uri(),
        "https://api.opentok.com/v2/project/123456/session/SESSIONID/play-dtmf"
    );
    assert_eq!(json_body(&req), json!({"digits":"0123456789*#p"}));
    op.parse(&reply(200, "")).expect("200");

    let op = PlayDtmfConnection::new("SESSIONID", "CONNID", "0123456789*#p");
    let req = build_ok(&op);
    assert_eq!(
        req.uri(),
        "https://api.opentok.com/v2/project/123456/session/SESSIONID/connection/CONNID/play-dtmf"
    );
    assert_eq!(json_body(&req), json!({"digits":"0123456789*#p"}));
    op.parse(&reply(200, "")).expect("200");
    assert_eq!(
        PlayDtmf::new("SESSIONID", "0123456789*#p").to_connection("CONNID"),
        op
    );

    let e = op
        .parse(&reply(400, r#"{"code":400,"message":"Invalid DTMF Digits"}"#))
        .expect_err("400");
    let api = e.api().expect("api");
    assert_eq!(api.kind, ApiErrorKind::InvalidRequest);
    assert_eq!(api.message.as_deref(), Some("Invalid DTMF Digits"));
}

#[test]
fn dtmf_rules() {
    let e = invalid(&PlayDtmf::new("S", ""));
    assert_eq!((e.field.as_ref(), e.rule), ("digits", Rule::Required));
    for bad in ["12a", "1 2", "P", "١", "1-2"] {
        let e = invalid(&PlayDtmf::new("S", bad));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            ("digits", Rule::Charset("0-9, *, # and p")),
            "{bad}"
        );
    }
    let e = invalid(&PlayDtmfConnection::new("S", "C", "x"));
    assert_eq!(e.field, "digits");
    let e = invalid(&PlayDtmfConnection::new("S", "", "1"));
    assert_eq!((e.field.as_ref(), e.rule), ("connectionId", Rule::Required));
}
