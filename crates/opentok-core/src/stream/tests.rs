use serde_json::json;

use super::*;
use crate::connection::test_support::*;
use crate::error::ApiErrorKind;

const BASE: &str = "https://api.opentok.com/v2/project/123456/session/SESSIONID";

#[test]
fn list_streams_builds_and_parses_cassette() {
    let op = ListStreams::new("SESSIONID");
    let req = build_ok(&op);
    assert_eq!(req.uri().to_string(), format!("{BASE}/stream"));
    assert_no_body(&req);
    // Ruby cassette OpenTok_Streams/get_all_streams_information.
    let body = r#"{
          "count": 2,
          "items": [
            {"id": "1234356-0a06-46a2-8ea8-074e64d43422", "videoType": "camera", "name": "",
             "layoutClassList": ["full", "focus"]},
            {"id": "8b732909-0a06-46a2-8ea8-074e64d43422", "videoType": "screen", "name": "",
             "layoutClassList": ["full"]}
          ]
        }"#;
    let page = op.parse(&reply(200, body)).expect("parses");
    assert_eq!(page.count, 2);
    assert_eq!(page.items[0].id, "1234356-0a06-46a2-8ea8-074e64d43422");
    assert_eq!(page.items[0].video_type, Some(VideoType::Camera));
    assert_eq!(page.items[0].name.as_deref(), Some(""));
    assert_eq!(page.items[0].layout_class_list, ["full", "focus"]);
    assert_eq!(page.items[1].video_type, Some(VideoType::Screen));
}

#[test]
fn streams_parse_leniently() {
    let body = r#"{"count":"1","items":[{"id":"s","videoType":"hologram","layoutClassList":null,
            "hasAudio":true}],"extra":{}}"#;
    let page = ListStreams::new("S").parse(&reply(200, body)).expect("parses");
    assert_eq!(page.count, 1);
    assert_eq!(
        page.items[0].video_type,
        Some(VideoType::Other("hologram".into()))
    );
    assert!(page.items[0].layout_class_list.is_empty());
    assert_eq!(page.items[0].name, None);
    let s: Stream = serde_json::from_str(r#"{"id":"x","videoType":"custom"}"#).expect("parses");
    assert_eq!(s.video_type, Some(VideoType::Custom));
}

#[test]
fn get_stream_builds_and_parses_cassette() {
    let op = GetStream::new("SESSIONID", "STREAMID");
    let req = build_ok(&op);
    assert_eq!(req.uri().to_string(), format!("{BASE}/stream/STREAMID"));
    assert_no_body(&req);
    // Ruby cassette OpenTok_Streams/get_specific_stream_information.
    let body = r#"{
        "id": "8b732909-0a06-46a2-8ea8-074e64d43422",
        "videoType": "camera",
        "name": "",
        "layoutClassList": ["full"]
        }"#;
    let s = op.parse(&reply(200, body)).expect("parses");
    assert_eq!(
        s,
        Stream::new(
            "8b732909-0a06-46a2-8ea8-074e64d43422",
            Some(VideoType::Camera),
            Some(String::new()),
            vec!["full".into()]
        )
    );
    let back: Stream = serde_json::from_value(serde_json::to_value(&s).expect("ser")).expect("de");
    assert_eq!(back, s);
}

#[test]
fn status_408_is_an_invalid_stream_id() {
    let body = r#"{"code":408,"message":"You passed in an invalid stream ID"}"#;
    for e in [
        GetStream::new("S", "X")
            .parse(&reply(408, body))
            .expect_err("408"),
        ListStreams::new("S").parse(&reply(408, body)).expect_err("408"),
    ] {
        let api = e.api().expect("api error");
        assert_eq!(api.kind, ApiErrorKind::InvalidStreamId);
        assert_eq!(api.message.as_deref(), Some("You passed in an invalid stream ID"));
    }
    let e = GetStream::new("S", "X").parse(&reply(400, "")).expect_err("400");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::InvalidRequest);
}

#[test]
fn set_layout_classes_builds_cassette_body() {
    // Ruby cassette OpenTok_Streams/layout_working_on_two_stream_list.
    let op = SetStreamLayoutClasses::new("SESSIONID")
        .stream("8b732909-0a06-46a2-8ea8-074e64d43422", ["full"])
        .stream("8b732909-0a06-46a2-8ea8-074e64d43423", ["full", "focus"]);
    let req = build_ok(&op);
    assert_eq!(req.uri().to_string(), format!("{BASE}/stream"));
    assert_eq!(
        json_body(&req),
        json!({"items":[
                {"id":"8b732909-0a06-46a2-8ea8-074e64d43422","layoutClassList":["full"]},
                {"id":"8b732909-0a06-46a2-8ea8-074e64d43423","layoutClassList":["full","focus"]}]})
    );
    op.parse(&reply(200, "")).expect("200");
    // The cassette recorded a 200 with an error-shaped body: still success.
    op.parse(&reply(
        200,
        r#"{"code":-1,"message":"Issuer not found","description":"Issuer not found"}"#,
    ))
    .expect("200 with a body");
    let e = op.parse(&reply(400, r#"{"message":"bad"}"#)).expect_err("400");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::InvalidRequest);
    // Clearing classes sends an empty list.
    let req = build_ok(&SetStreamLayoutClasses::new("S").stream("a", Vec::<String>::new()));
    assert_eq!(
        json_body(&req),
        json!({"items":[{"id":"a","layoutClassList":[]}]})
    );
}

#[test]
fn set_layout_classes_rules() {
    let e = invalid(&SetStreamLayoutClasses::new("S"));
    assert_eq!((e.field.as_ref(), e.rule), ("items", Rule::Required));
    let e = invalid(
        &SetStreamLayoutClasses::new("S")
            .stream("a", ["x"])
            .stream("", ["y"]),
    );
    assert_eq!((e.field.as_ref(), e.rule), ("items[1].id", Rule::Required));
    let e = invalid(&SetStreamLayoutClasses::new("S").stream("a", ["full", ""]));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("items[0].layoutClassList[1]", Rule::Required)
    );
    let e = invalid(&SetStreamLayoutClasses::new("S").stream("a", ["full focus"]));
    assert_eq!(e.field, "items[0].layoutClassList[0]");
    assert!(matches!(e.rule, Rule::Charset(_)));
    let e = invalid(&SetStreamLayoutClasses::new("").stream("a", ["x"]));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
}

#[test]
fn set_one_stream_layout_class() {
    let op = SetStreamLayoutClass::new("SESSIONID", "STREAMID", ["full", "focus"]);
    let req = build_ok(&op);
    assert_eq!(req.uri().to_string(), format!("{BASE}/stream/STREAMID"));
    assert_eq!(json_body(&req), json!({"layoutClassList":["full","focus"]}));
    op.parse(&reply(204, "")).expect("204");
    op.parse(&reply(200, "{}")).expect("200");
    let e = invalid(&SetStreamLayoutClass::new("S", "", ["a"]));
    assert_eq!((e.field.as_ref(), e.rule), ("streamId", Rule::Required));
    let e = invalid(&SetStreamLayoutClass::new("S", "X", ["a\tb"]));
    assert_eq!(e.field, "layoutClassList[0]");
    assert!(matches!(e.rule, Rule::Charset(_)));
}

#[test]
fn force_mute_stream() {
    // Ruby cassette OpenTok_Streams/forces_the_specified_stream_to_be_muted.
    let op = ForceMuteStream::new("SESSIONID", "STREAMID");
    let req = build_ok(&op);
    assert_eq!(req.uri().to_string(), format!("{BASE}/stream/STREAMID/mute"));
    assert_no_body(&req);
    assert_eq!(op.parse(&reply(200, "")).expect("empty 200"), None);
    assert_eq!(op.parse(&reply(200, " \r\n")).expect("blank 200"), None);
    let d = op
        .parse(&reply(200, r#"{"id":"123456","status":"ACTIVE"}"#))
        .expect("project details 200")
        .expect("details");
    assert_eq!(d.project_id.as_deref(), Some("123456"));
    assert_eq!(d.status, Some(ProjectStatus::Active));
    let e = op.parse(&reply(404, "")).expect_err("404");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
    let e = op.parse(&reply(408, "")).expect_err("408");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::InvalidStreamId);
    let e = invalid(&ForceMuteStream::new("S", ""));
    assert_eq!((e.field.as_ref(), e.rule), ("streamId", Rule::Required));
}

#[test]
fn mute_all_and_undo() {
    // Ruby cassettes OpenTok_Streams/forces_all_current_and_future_streams…: Ruby sends
    // `"active":"true"` and `excludedStreams`; we send a real boolean and
    // `excludedStreamIds` (reference README).
    let op = MuteAll::enable("SESSIONID").exclude("b1963d15-537f-459a-be89-e00fc310b82b");
    assert!(op.active);
    let req = build_ok(&op);
    assert_eq!(req.uri().to_string(), format!("{BASE}/mute"));
    assert_eq!(
        json_body(&req),
        json!({"active":true,"excludedStreamIds":["b1963d15-537f-459a-be89-e00fc310b82b"]})
    );
    op.parse(&reply(200, "")).expect("200");

    let req = build_ok(&MuteAll::enable("SESSIONID"));
    assert_eq!(json_body(&req), json!({"active":true}));

    let req = build_ok(&MuteAll::enable("S").exclude_all(["a", "b"]));
    assert_eq!(
        json_body(&req),
        json!({"active":true,"excludedStreamIds":["a","b"]})
    );

    let off = MuteAll::disable("SESSIONID");
    assert!(!off.active);
    let req = build_ok(&off);
    assert_eq!(req.uri().to_string(), format!("{BASE}/mute"));
    assert_eq!(json_body(&req), json!({"active":false}));
    off.parse(&reply(200, r#"{"code":200,"message":"OK"}"#))
        .expect("200");
    let e = off
        .parse(&reply(403, r#"{"code":-1,"message":"no"}"#))
        .expect_err("403");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::Unauthorized);
}

#[test]
fn mute_replies_keep_project_details() {
    // The spec's Project-Details (also the .NET Vonage SDK's fixture shape).
    let spec = r#"{"applicationId":"78d335fa-323d-0114-9c3d-d6f0d48968cf","status":"ACTIVE",
        "name":"Video project","environment":"standard","createdAt":1414642898000}"#;
    for d in [
        ForceMuteStream::new("S", "X").parse(&reply(200, spec)),
        MuteAll::enable("S").parse(&reply(200, spec)),
    ] {
        let d = d.expect("200").expect("details");
        assert_eq!(
            d.application_id.as_deref(),
            Some("78d335fa-323d-0114-9c3d-d6f0d48968cf")
        );
        assert_eq!(d.project_id, None);
        assert_eq!(d.status, Some(ProjectStatus::Active));
        assert_eq!(d.name.as_deref(), Some("Video project"));
        assert_eq!(d.environment, Some(ProjectEnvironment::Standard));
        assert_eq!(
            d.created_at,
            Some(crate::clock::from_unix_millis(1_414_642_898_000))
        );
    }
    // The Vonage Node SDK's type: `id` and a `secret`, which is never kept; numbers as strings,
    // unknown values kept.
    let node = r#"{"id":12312,"secret":"567890","status":"SUSPENDED","name":"n",
        "environment":"sandbox","createdAt":"1414642898000","future":[1]}"#;
    let d = MuteAll::disable("S")
        .parse(&reply(200, node))
        .expect("200")
        .expect("details");
    assert_eq!(d.project_id.as_deref(), Some("12312"));
    assert_eq!(d.status, Some(ProjectStatus::Suspended));
    assert_eq!(d.environment, Some(ProjectEnvironment::Other("sandbox".into())));
    assert_eq!(
        d.created_at,
        Some(crate::clock::from_unix_millis(1_414_642_898_000))
    );
    assert!(!format!("{d:?}").contains("567890"));
    assert!(!serde_json::to_string(&d).expect("ser").contains("567890"));
    // The PHP SDK's mock answers `{"code":200,"message":"OK"}`: details with nothing set.
    let d = MuteAll::enable("S")
        .parse(&reply(200, r#"{"code":200,"message":"OK"}"#))
        .expect("200")
        .expect("details");
    assert_eq!(d.application_id, None);
    assert_eq!(d.status, None);
    // A repeated key keeps its last value, as elsewhere.
    let d = MuteAll::enable("S")
        .parse(&reply(200, r#"{"name":"a","name":"b"}"#))
        .expect("200")
        .expect("details");
    assert_eq!(d.name.as_deref(), Some("b"));
    // A 2xx whose body is not a JSON object is a decode error, not a panic.
    for bad in ["OK", "[1]", "{", "\"x\""] {
        assert!(
            matches!(
                ForceMuteStream::new("S", "X").parse(&reply(200, bad)),
                Err(ResponseError::Decode(_))
            ),
            "{bad}"
        );
    }
    let back: ProjectDetails = serde_json::from_value(
        serde_json::to_value(ProjectDetails::new("app", ProjectStatus::Active)).expect("ser"),
    )
    .expect("de");
    assert_eq!(back, ProjectDetails::new("app", ProjectStatus::Active));
}

#[test]
fn mute_all_rules() {
    let e = invalid(&MuteAll::disable("S").exclude("a"));
    assert_eq!(e.field, "excludedStreamIds");
    assert!(matches!(e.rule, Rule::Conflict(_)));
    let e = invalid(&MuteAll::enable("S").exclude("a").exclude(""));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("excludedStreamIds[1]", Rule::Required)
    );
    let e = invalid(&MuteAll::enable(""));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
}
