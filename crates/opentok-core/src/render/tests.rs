use serde_json::json;

use super::*;
use crate::clock::from_unix_millis;
use crate::connection::test_support::*;
use crate::error::ApiErrorKind;
use crate::operation::Operation;

const RENDER_ID: &str = "80abaf0d-25a3-4efc-968f-6268d620668d";

fn cassette_render(status: &str) -> String {
    format!(
        r#"{{
          "id": "80abaf0d-25a3-4efc-968f-6268d620668d",
          "sessionId": "SESSIONID",
          "projectId": "e2343f23456g34709d2443a234",
          "createdAt": 1437676551000,
          "updatedAt": 1437676551000,
          "url": "https://example.com/my-render",
          "resolution": "1280x720",
          "status": "{status}",
          "streamId": "e32445b743678c98230f238"
        }}"#
    )
}

#[test]
fn start_matches_cassette() {
    // Ruby cassette OpenTok_Renders/starts_an_Experience_Composer_render.
    let op = StartRender::new("SESSIONID", "TOKEN", "https://example.com/my-render");
    let req = build_ok(&op);
    assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/render");
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"SESSIONID","token":"TOKEN","url":"https://example.com/my-render"})
    );
    let r = op.parse(&reply(202, &cassette_render("starting"))).expect("202");
    assert_eq!(r.id, RENDER_ID);
    assert_eq!(r.session_id.as_deref(), Some("SESSIONID"));
    assert_eq!(r.project_id.as_deref(), Some("e2343f23456g34709d2443a234"));
    assert_eq!(r.created_at, Some(from_unix_millis(1_437_676_551_000)));
    assert_eq!(r.updated_at, Some(from_unix_millis(1_437_676_551_000)));
    assert_eq!(r.url.as_deref(), Some("https://example.com/my-render"));
    assert_eq!(r.resolution, Some(Resolution::Hd));
    assert_eq!(r.status, Some(RenderStatus::Starting));
    assert_eq!(r.stream_id.as_deref(), Some("e32445b743678c98230f238"));
    let back: Render = serde_json::from_value(serde_json::to_value(&r).expect("ser")).expect("de");
    assert_eq!(back, r);
}

#[test]
fn start_with_every_option() {
    let op = StartRender::new("S", "T1==dummy", "https://w.example.com")
        .max_duration(1800)
        .resolution(Resolution::FullHd)
        .name("r")
        .status_callback_url("https://cb.example.com/render");
    let req = build_ok(&op);
    // NODE-OT `render.js` and NODE-V `ExperienceComposerOptions` send `statusCallbackUrl`.
    assert_eq!(
        std::str::from_utf8(req.body()).expect("utf-8"),
        concat!(
            r#"{"sessionId":"S","token":"T1==dummy","url":"https://w.example.com","#,
            r#""maxDuration":1800,"resolution":"1920x1080","properties":{"name":"r"},"#,
            r#""statusCallbackUrl":"https://cb.example.com/render"}"#
        )
    );
    let dbg = format!("{op:?}");
    assert!(!dbg.contains("T1==dummy"), "{dbg}");
    assert!(
        dbg.contains(r#"status_callback_url: Some("https://cb.example.com/render")"#),
        "{dbg}"
    );
}

#[test]
fn status_callback_url_rules() {
    let url = "https://example.com/x";
    let e = invalid(&StartRender::new("S", "T", url).status_callback_url(""));
    assert_eq!((e.field.as_ref(), e.rule), ("statusCallbackUrl", Rule::Required));
    for bad in [
        "ftp://example.com/callback",
        "https://a.b/c",
        "https://example.com/a b",
    ] {
        let e = invalid(&StartRender::new("S", "T", url).status_callback_url(bad));
        assert_eq!(e.field, "statusCallbackUrl", "{bad}");
    }
    let long = format!("https://example.com/{}", "p".repeat(2029));
    build_ok(&StartRender::new("S", "T", url).status_callback_url(&long[..2048]));
    let e = invalid(&StartRender::new("S", "T", url).status_callback_url(long));
    assert!(
        matches!(
            e.rule,
            Rule::TooLong {
                max: 2048,
                actual: 2049,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn start_rules() {
    let e = invalid(&StartRender::new("", "T", "https://example.com/x"));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
    let e = invalid(&StartRender::new("S", "", "https://example.com/x"));
    assert_eq!((e.field.as_ref(), e.rule), ("token", Rule::Required));
    let e = invalid(&StartRender::new("S", "T", ""));
    assert_eq!((e.field.as_ref(), e.rule), ("url", Rule::Required));
    let e = invalid(&StartRender::new("S", "T", "https://a.b/c"));
    assert_eq!(e.field, "url");
    assert!(matches!(e.rule, Rule::Format(_)));
    let e = invalid(&StartRender::new(
        "S",
        "T",
        format!("https://example.com/{}", "p".repeat(2030)),
    ));
    assert_eq!(e.field, "url");
    assert!(matches!(
        e.rule,
        Rule::TooLong {
            max: 2048,
            actual: 2050,
            ..
        }
    ));

    let url = "https://example.com/x";
    build_ok(&StartRender::new("S", "T", url).max_duration(60));
    build_ok(&StartRender::new("S", "T", url).max_duration(36_000));
    for (bad, actual) in [(59u32, 59i64), (36_001, 36_001)] {
        let e = invalid(&StartRender::new("S", "T", url).max_duration(bad));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            (
                "maxDuration",
                Rule::OutOfRange {
                    min: 60,
                    max: 36_000,
                    actual
                }
            )
        );
    }
    let e = invalid(&StartRender::new("S", "T", url).resolution(Resolution::from("800x600")));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("resolution", Rule::OneOf(Resolution::KNOWN))
    );
    let e = invalid(&StartRender::new("S", "T", url).name(""));
    assert_eq!((e.field.as_ref(), e.rule), ("properties.name", Rule::Required));
    build_ok(&StartRender::new("S", "T", url).name("é".repeat(200)));
    let e = invalid(&StartRender::new("S", "T", url).name("n".repeat(201)));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        (
            "properties.name",
            Rule::TooLong {
                max: 200,
                actual: 201,
                unit: "characters"
            }
        )
    );
}

#[test]
fn get_matches_cassette() {
    // Ruby cassette OpenTok_Renders/finds_an_Experience_Composer_render.
    let op = GetRender::new(RENDER_ID);
    let req = build_ok(&op);
    assert_eq!(
        req.uri().to_string(),
        format!("https://api.opentok.com/v2/project/123456/render/{RENDER_ID}")
    );
    assert_no_body(&req);
    let r = op.parse(&reply(200, &cassette_render("started"))).expect("200");
    assert_eq!(r.status, Some(RenderStatus::Started));
    let e = op
        .parse(&reply(404, r#"{"message":"Not found"}"#))
        .expect_err("404");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
    let e = invalid(&GetRender::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("renderId", Rule::Required));
}

#[test]
fn render_parses_leniently() {
    // PHP mock render_get shape plus unknown fields and values.
    let body = r#"{"id":"x","sessionId":"S","applicationId":"app","projectId":27086612,
            "createdAt":"1547080511760","updatedAt":1547080518965,"url":"https://example.com/my-render",
            "resolution":"1024x768","status":"paused","reason":"Could not load URL","event":"render",
            "callbackUrl":"https://cb.example.com","name":"n","streamId":null,"brandNew":{"a":1}}"#;
    let r: Render = serde_json::from_str(body).expect("parses");
    assert_eq!(r.project_id.as_deref(), Some("27086612"));
    assert_eq!(r.application_id.as_deref(), Some("app"));
    assert_eq!(r.created_at, Some(from_unix_millis(1_547_080_511_760)));
    assert_eq!(r.resolution, Some(Resolution::Other("1024x768".into())));
    assert_eq!(r.status, Some(RenderStatus::Other("paused".into())));
    assert_eq!(r.reason.as_deref(), Some("Could not load URL"));
    assert_eq!(r.event.as_deref(), Some("render"));
    assert_eq!(r.callback_url.as_deref(), Some("https://cb.example.com"));
    assert_eq!(r.name.as_deref(), Some("n"));
    assert_eq!(r.stream_id, None);
    let failed: Render = serde_json::from_str(r#"{"id":"y","status":"failed"}"#).expect("parses");
    assert_eq!(failed.status, Some(RenderStatus::Failed));
}

#[test]
fn list_matches_cassettes() {
    // Ruby cassettes OpenTok_Renders/for_many_renders/*.
    for (op, uri) in [
        (
            ListRenders::new(),
            "https://api.opentok.com/v2/project/123456/render",
        ),
        (
            ListRenders::new().count(2),
            "https://api.opentok.com/v2/project/123456/render?count=2",
        ),
        (
            ListRenders::new().offset(3),
            "https://api.opentok.com/v2/project/123456/render?offset=3",
        ),
        (
            ListRenders::new().offset(2).count(2),
            "https://api.opentok.com/v2/project/123456/render?offset=2&count=2",
        ),
    ] {
        let req = build_ok(&op);
        assert_eq!(req.uri(), uri);
        assert_no_body(&req);
    }
    let body = r#"{
          "count":2,
          "items":[
            {"id":"80abaf0d-25a3-4efc-968f-6268d620668d",
             "sessionId":"1_MX4yNzA4NjYxMn5-MTU0NzA4MDUyMTEzNn5sOXU5ZnlWYXplRnZGblV4RUo3dXJpZk1-fg",
             "projectId":"27086612","createdAt":1547080532099,"updatedAt":1547080532099,
             "url": "https://example.com/my-render","resolution": "1280x720","status": "started",
             "streamId": "d2334b35690a92f78945"},
            {"id":"d95f6496-df6e-4f49-86d6-832e00303602",
             "sessionId":"2_MX4yNzA4NjYxMn5-MTU0NzA4MDUwMDc2MH5STWRiSE1jZjVoV3lBQU9nN2JuNElUV3V-fg",
             "projectId":"27086612","createdAt":1547080511760,"updatedAt":1547080518965,
             "url": "https://example.com/my-render","resolution": "1280x720","status":"stopped",
             "streamId": "d2334b35690a92f78945","reason":"Max duration exceeded"}
          ]
        }"#;
    let page = ListRenders::new()
        .count(2)
        .parse(&reply(200, body))
        .expect("parses");
    assert_eq!(page.count, 2);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[1].status, Some(RenderStatus::Stopped));
    assert_eq!(page.items[1].reason.as_deref(), Some("Max duration exceeded"));
    assert_eq!(
        page.items[1].updated_at,
        Some(from_unix_millis(1_547_080_518_965))
    );
}

#[test]
fn list_count_rule() {
    build_ok(&ListRenders::new().count(1000));
    let e = invalid(&ListRenders::new().count(1001));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        (
            "count",
            Rule::OutOfRange {
                min: 0,
                max: 1000,
                actual: 1001
            }
        )
    );
}

#[test]
fn stop_accepts_any_2xx() {
    // Ruby cassette OpenTok_Renders/stops_an_Experience_Composer_render (204); Java and
    // Python treat 200 as success.
    let op = StopRender::new(RENDER_ID);
    let req = build_ok(&op);
    assert_eq!(
        req.uri().to_string(),
        format!("https://api.opentok.com/v2/project/123456/render/{RENDER_ID}")
    );
    assert_no_body(&req);
    op.parse(&reply(204, "")).expect("204");
    op.parse(&reply(200, &cassette_render("stopped"))).expect("200");
    op.parse(&reply(202, "")).expect("202");
    let e = op
        .parse(&reply(400, r#"{"code":400,"message":"Invalid"}"#))
        .expect_err("400");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::InvalidRequest);
    let e = invalid(&StopRender::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("renderId", Rule::Required));
}
