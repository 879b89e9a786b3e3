//! Unit tests for callback registration and callback event payloads.

use serde_json::json;

use super::*;
use crate::archive::ArchiveStatus;
use crate::broadcast::BroadcastStatus;
use crate::captions::CaptionsStatus;
use crate::clock::from_unix_millis;
use crate::connection::test_support::*;
use crate::error::ApiErrorKind;
use crate::render::RenderStatus;
use crate::stream::VideoType;

#[test]
fn register_builds_and_parses() {
    let op = RegisterCallback::new(
        CallbackGroup::Connection,
        CallbackEventType::Created,
        "https://example.com/cb",
    );
    let req = build_ok(&op);
    assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/callback");
    assert_eq!(
        json_body(&req),
        json!({"group":"connection","event":"created","url":"https://example.com/cb"})
    );
    let cb = op
        .parse(&reply(
            200,
            r#"{"id":"cb-1","group":"connection","event":"created","url":"https://example.com/cb","createdAt":1470257688143}"#,
        ))
        .expect("parses");
    assert_eq!(
        cb,
        Callback::new(
            "cb-1",
            CallbackGroup::Connection,
            CallbackEventType::Created,
            "https://example.com/cb",
            Some(from_unix_millis(1_470_257_688_143))
        )
    );
    let back: Callback = serde_json::from_value(serde_json::to_value(&cb).expect("ser")).expect("de");
    assert_eq!(back, cb);
    let e = op
        .parse(&reply(403, r#"{"code":-1,"message":"Invalid"}"#))
        .expect_err("403");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::Unauthorized);
}

#[test]
fn register_rules() {
    let ok = |url: &str| RegisterCallback::new(CallbackGroup::Stream, CallbackEventType::Destroyed, url);
    build_ok(&ok("http://a.example"));
    build_ok(&ok("https://é.example/cb"));
    let e = invalid(&ok(""));
    assert_eq!((e.field.as_ref(), e.rule), ("url", Rule::Required));
    for bad in ["example.com/cb", "ftp://example.com", "https://", "https:///path"] {
        let e = invalid(&ok(bad));
        assert_eq!(e.field, "url", "{bad}");
        assert!(matches!(e.rule, Rule::Format(_)), "{bad}");
    }
    let e = invalid(&ok("https://example.com/a b"));
    assert!(matches!(e.rule, Rule::Charset(_)));
    let e = invalid(&ok(&format!("https://example.com/{}", "x".repeat(2100))));
    assert!(matches!(e.rule, Rule::TooLong { max: 2048, .. }));
    let e = invalid(&RegisterCallback::new(
        CallbackGroup::from(""),
        CallbackEventType::Created,
        "https://example.com",
    ));
    assert_eq!((e.field.as_ref(), e.rule), ("group", Rule::Required));
    let e = invalid(&RegisterCallback::new(
        CallbackGroup::Connection,
        CallbackEventType::from(""),
        "https://example.com",
    ));
    assert_eq!((e.field.as_ref(), e.rule), ("event", Rule::Required));
    // Values this version does not know are passed through.
    let req = build_ok(&RegisterCallback::new(
        CallbackGroup::from("archive"),
        CallbackEventType::from("status"),
        "https://example.com",
    ));
    assert_eq!(json_body(&req)["group"], "archive");
}

#[test]
fn list_parses_an_array() {
    let op = ListCallbacks::new();
    let req = build_ok(&op);
    assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/callback");
    assert_no_body(&req);
    let list = op
        .parse(&reply(
            200,
            r#"[{"id":"a","group":"stream","event":"destroyed","url":"https://x.example","createdAt":"1470257688143"},
                {"id":42,"group":"session","event":"created","url":"https://y.example","updatedAt":1}]"#,
        ))
        .expect("parses");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].group, Some(CallbackGroup::Stream));
    assert_eq!(list[0].created_at, Some(from_unix_millis(1_470_257_688_143)));
    assert_eq!(list[1].id, "42");
    assert_eq!(list[1].group, Some(CallbackGroup::Other("session".into())));
    assert!(op.parse(&reply(200, "null")).expect("null").is_empty());
    assert!(op.parse(&reply(200, "[]")).expect("empty").is_empty());
    assert!(matches!(
        op.parse(&reply(200, "{}")),
        Err(ResponseError::Decode(_))
    ));
}

#[test]
fn delete_builds_and_parses() {
    let op = DeleteCallback::new("cb-1");
    let req = build_ok(&op);
    assert_eq!(
        req.uri(),
        "https://api.opentok.com/v2/project/123456/callback/cb-1"
    );
    assert_no_body(&req);
    op.parse(&reply(204, "")).expect("204");
    let e = op.parse(&reply(404, "")).expect_err("404");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
    let e = invalid(&DeleteCallback::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("callbackId", Rule::Required));
}

fn session_event(body: &str) -> SessionEvent {
    match CallbackEvent::parse(body.as_bytes()).expect("parses") {
        CallbackEvent::Session(e) => e,
        other => panic!("expected a session event, got {other:?}"),
    }
}

#[test]
fn connection_created_doc_example() {
    let e = session_event(
        r#"{
        "sessionId": "2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr",
        "projectId": "123456",
        "event": "connectionCreated",
        "timestamp": 1470257688309,
        "connection": {
            "id": "c053fcc8-c681-41d5-8ec2-7a9e1434a21e",
            "createdAt": 1470257688143,
            "data": "TOKENDATA"
        }
    }"#,
    );
    assert_eq!(e.session_id, "2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr");
    assert_eq!(e.project_id.as_deref(), Some("123456"));
    assert_eq!(e.event, SessionEventKind::ConnectionCreated);
    assert_eq!(e.timestamp, Some(from_unix_millis(1_470_257_688_309)));
    assert_eq!(
        e.connection,
        Some(EventConnection::new(
            "c053fcc8-c681-41d5-8ec2-7a9e1434a21e",
            Some(from_unix_millis(1_470_257_688_143)),
            Some("TOKENDATA".into())
        ))
    );
    assert_eq!(e.stream, None);
}

#[test]
fn session_and_stream_events() {
    let e = session_event(
        r#"{"sessionId":"S","projectId":123456,"event":"sessionCreated","timestamp":"1470257688000"}"#,
    );
    assert_eq!(e.event, SessionEventKind::SessionCreated);
    assert_eq!(e.project_id.as_deref(), Some("123456"));
    assert_eq!(e.timestamp, Some(from_unix_millis(1_470_257_688_000)));

    let e = session_event(
        r#"{"sessionId":"S","projectId":"123456","event":"streamCreated","timestamp":1470258860571,
        "stream":{"id":"63245362","connection":{"id":"e9f8c166","createdAt":1470257688143,"data":""},
        "createdAt":1470258845416,"name":"","videoType":"camera"}}"#,
    );
    assert_eq!(e.event, SessionEventKind::StreamCreated);
    let s = e.stream.expect("stream");
    assert_eq!(s.id, "63245362");
    assert_eq!(s.video_type, Some(VideoType::Camera));
    assert_eq!(s.created_at, Some(from_unix_millis(1_470_258_845_416)));
    assert_eq!(s.connection.expect("connection").id, "e9f8c166");

    let e = session_event(
        r#"{"sessionId":"S","projectId":"123456","event":"streamDestroyed","reason":"clientDisconnected",
        "timestamp":1470258896953,"stream":{"id":"63245362","videoType":"screen"}}"#,
    );
    assert_eq!(e.event, SessionEventKind::StreamDestroyed);
    assert_eq!(e.reason.as_deref(), Some("clientDisconnected"));

    let e = session_event(
        r#"{"sessionId":"S","projectId":"1","event":"connectionDestroyed","reason":"forceDisconnected",
        "timestamp":1,"connection":{"id":"c"}}"#,
    );
    assert_eq!(e.event, SessionEventKind::ConnectionDestroyed);
    let e = session_event(
        r#"{"sessionId":"S","event":"sessionDestroyed","timestamp":2,"reason":"forceDisconnected"}"#,
    );
    assert_eq!(e.event, SessionEventKind::SessionDestroyed);
}

#[test]
fn unknown_session_envelope_events_are_kept() {
    let e = session_event(
        r#"{"sessionId":"S","projectId":"1","event":"sessionNotification","timestamp":5,"reason":"serverRotation"}"#,
    );
    assert_eq!(e.event, SessionEventKind::Other("sessionNotification".into()));
    assert_eq!(e.reason.as_deref(), Some("serverRotation"));
}

#[test]
fn archive_doc_example_with_repeated_project_id() {
    let body = crate::archive::CALLBACK_EXAMPLE;
    let CallbackEvent::Archive(a) = CallbackEvent::parse(body.as_bytes()).expect("parses") else {
        panic!("expected an archive");
    };
    assert_eq!(a.id, "75f30a36-df0f-471b-88b0-c56ad26b4473");
    assert_eq!(a.status, ArchiveStatus::Started);
    assert_eq!(a.project_id.as_deref(), Some("123456"));
    assert_eq!(a.created_at, Some(from_unix_millis(1_470_317_864_000)));
    let with_event = r#"{"id":"a","status":"uploaded","sessionId":"S","event":"archive"}"#;
    let ev = CallbackEvent::parse(with_event.as_bytes()).expect("parses");
    assert!(matches!(&ev, CallbackEvent::Archive(a) if a.status == ArchiveStatus::Uploaded));
    assert_eq!(ev.session_id(), Some("S"));
}

#[test]
fn broadcast_render_and_captions_status() {
    let ev = CallbackEvent::parse(
        br#"{"id":"b","sessionId":"S","projectId":"1","status":"started","event":"broadcast",
             "broadcastUrls":{"hls":"https://x/hls.m3u8"}}"#,
    )
    .expect("parses");
    assert!(matches!(&ev, CallbackEvent::Broadcast(b) if b.status == Some(BroadcastStatus::Started)));
    let ev = CallbackEvent::parse(
        br#"{"id":"b","sessionId":"S","status":"stopped","broadcastUrls":null,"hlsStatus":"ended"}"#,
    )
    .expect("parses");
    assert!(matches!(&ev, CallbackEvent::Broadcast(b) if b.status == Some(BroadcastStatus::Stopped)));

    let ev = CallbackEvent::parse(
        br#"{"id":"r","sessionId":"S","projectId":"1","status":"failed","reason":"Could not load URL",
             "url":"https://example.com/page","event":"render","createdAt":1,"updatedAt":2}"#,
    )
    .expect("parses");
    let CallbackEvent::Render(r) = &ev else {
        panic!("expected a render")
    };
    assert_eq!(r.status, Some(RenderStatus::Failed));
    assert_eq!(r.reason.as_deref(), Some("Could not load URL"));
    assert_eq!(ev.session_id(), Some("S"));

    let ev = CallbackEvent::parse(
        br#"{"captionId":"c","applicationId":"app","sessionId":"S","status":"failed",
             "createdAt":1,"updatedAt":2,"duration":10,"languageCode":"en-US",
             "provider":"aws-transcribe","reason":"engine failure"}"#,
    )
    .expect("parses");
    let CallbackEvent::Captions(c) = &ev else {
        panic!("expected captions")
    };
    assert_eq!(c.status, Some(CaptionsStatus::Failed));
    assert_eq!(ev.session_id(), Some("S"));
}

#[test]
fn unknown_and_bad_bodies() {
    let ev = CallbackEvent::parse(br#"{"event":"somethingNew","x":1}"#).expect("parses");
    assert_eq!(ev, CallbackEvent::Unknown(json!({"event":"somethingNew","x":1})));
    assert_eq!(ev.session_id(), None);
    let ev = CallbackEvent::parse(br#"{"hello":"world"}"#).expect("parses");
    assert!(matches!(ev, CallbackEvent::Unknown(_)));
    for bad in [
        &b""[..],
        b"not json",
        b"[1,2]",
        b"\"str\"",
        b"\xff\xfe",
        b"{\"sessionId\":",
    ] {
        assert!(CallbackEvent::parse(bad).is_err(), "{bad:?}");
    }
    // A recognised event with fields of the wrong type is an error, not a panic.
    let e = CallbackEvent::parse(br#"{"sessionId":"S","event":"streamCreated","timestamp":"soon"}"#)
        .expect_err("bad timestamp");
    assert!(!e.detail.is_empty());
    let e = CallbackEvent::parse(br#"{"event":"archive","id":"a"}"#).expect_err("no status");
    assert!(e.detail.contains("status"), "{}", e.detail);
    // A body whose kind is only guessed from its shape is kept whole when it does not fit.
    let odd = json!({"id":"a","status":"started","size":"big"});
    let ev = CallbackEvent::parse(odd.to_string().as_bytes()).expect("kept");
    assert_eq!(ev, CallbackEvent::Unknown(odd));
    let odd = json!({"event":"captionsStatus","captionId":7});
    let ev = CallbackEvent::parse(odd.to_string().as_bytes()).expect("kept");
    assert_eq!(ev, CallbackEvent::Unknown(odd));
    let odd = json!({"event":"callDestroyed","sessionId":"S","timestamp":"later"});
    let ev = CallbackEvent::parse(odd.to_string().as_bytes()).expect("kept");
    assert_eq!(ev, CallbackEvent::Unknown(odd));
    assert_eq!(ev.session_id(), Some("S"));
}

#[test]
fn events_serialize_as_their_payload() {
    let ev = CallbackEvent::Session(
        SessionEvent::new(
            "S",
            SessionEventKind::StreamCreated,
            Some(from_unix_millis(1_470_258_860_571)),
        )
        .with_project_id("123456")
        .with_stream(EventStream::new(
            "st",
            Some(EventConnection::new("c", None, Some("d".into()))),
            None,
            Some(VideoType::Screen),
        )),
    );
    let v = serde_json::to_value(&ev).expect("serializes");
    assert_eq!(
        v,
        json!({"sessionId":"S","projectId":"123456","event":"streamCreated",
               "timestamp":1_470_258_860_571u64,
               "stream":{"id":"st","connection":{"id":"c","data":"d"},"videoType":"screen"}})
    );
    let back = CallbackEvent::from_value(v).expect("routes");
    assert_eq!(back, ev);
    let ev = CallbackEvent::Session(
        SessionEvent::new("S", SessionEventKind::ConnectionDestroyed, None)
            .with_connection(EventConnection::new("c", None, None))
            .with_reason("clientDisconnected"),
    );
    let v = serde_json::to_value(&ev).expect("serializes");
    assert_eq!(v["reason"], "clientDisconnected");
}
