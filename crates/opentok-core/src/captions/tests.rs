use serde_json::json;

use super::*;
use crate::clock::from_unix_millis;
use crate::connection::test_support::*;
use crate::error::ApiErrorKind;

const CASSETTE_REPLY: &str = r#"{ "captionsId": "7c0680fc-6274-4de5-a66f-d0648e8d3ac2" }"#;

#[test]
fn start_matches_cassettes() {
    // Ruby cassette OpenTok_Captions/receives_a_valid_response_when_starting_captions.
    let op = StartCaptions::new("SESSIONID", "TOKENID");
    let req = build_ok(&op);
    assert_eq!(req.uri(), "https://api.opentok.com/v2/project/123456/captions");
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"SESSIONID","token":"TOKENID"})
    );
    let started = op.parse(&reply(202, CASSETTE_REPLY)).expect("202");
    assert_eq!(
        started,
        CaptionsStarted::new("7c0680fc-6274-4de5-a66f-d0648e8d3ac2")
    );

    // …_when_starting_captions_with_options.
    let op = StartCaptions::new("SESSIONID", "TOKENID")
        .language_code("en-GB")
        .max_duration(5000)
        .partial_captions(false)
        .status_callback_url("https://example.com/captions/status");
    let req = build_ok(&op);
    assert_eq!(
        json_body(&req),
        json!({"sessionId":"SESSIONID","token":"TOKENID","languageCode":"en-GB",
                   "maxDuration":5000,"partialCaptions":false,
                   "statusCallbackUrl":"https://example.com/captions/status"})
    );
    op.parse(&reply(202, CASSETTE_REPLY)).expect("202");
    op.parse(&reply(200, CASSETTE_REPLY)).expect("200 too");
}

#[test]
fn start_errors() {
    let op = StartCaptions::new("S", "T");
    let e = op
        .parse(&reply(
            409,
            r#"{"code":60003,"message":"Audio captioning is already enabled"}"#,
        ))
        .expect_err("409");
    let api = e.api().expect("api");
    assert_eq!(api.kind, ApiErrorKind::Conflict);
    assert_eq!(api.code, Some(60003));
    assert!(matches!(op.parse(&reply(202, "")), Err(ResponseError::Decode(_))));
    assert!(format!("{op:?}").contains("<redacted>"));
    assert!(!format!("{:?}", StartCaptions::new("S", "T1==tok")).contains("T1==tok"));
}

#[test]
fn max_duration_range() {
    build_ok(&StartCaptions::new("S", "T").max_duration(300));
    build_ok(&StartCaptions::new("S", "T").max_duration(14_400));
    for (bad, actual) in [(299u32, 299i64), (14_401, 14_401), (0, 0)] {
        let e = invalid(&StartCaptions::new("S", "T").max_duration(bad));
        assert_eq!(
            (e.field.as_ref(), e.rule),
            (
                "maxDuration",
                Rule::OutOfRange {
                    min: 300,
                    max: 14_400,
                    actual
                }
            )
        );
    }
}

#[test]
fn status_callback_url_rules() {
    build_ok(&StartCaptions::new("S", "T").status_callback_url("https://a.co/xyz"));
    build_ok(&StartCaptions::new("S", "T").status_callback_url("HTTPS://例え.jp/状態"));
    let e = invalid(&StartCaptions::new("S", "T").status_callback_url("https:///////////"));
    assert!(matches!(e.rule, Rule::Format(_)));
    let e = invalid(&StartCaptions::new("S", "T").status_callback_url("https://a.co/"));
    assert_eq!(e.field, "statusCallbackUrl");
    assert!(matches!(e.rule, Rule::Format(_)));
    let e = invalid(&StartCaptions::new("S", "T").status_callback_url("ftp://example.com/status"));
    assert!(matches!(e.rule, Rule::Format(_)));
    let long = format!("https://example.com/{}", "a".repeat(2048));
    let e = invalid(&StartCaptions::new("S", "T").status_callback_url(long));
    assert_eq!(e.field, "statusCallbackUrl");
    assert!(matches!(e.rule, Rule::TooLong { max: 2048, .. }));
    let e = invalid(&StartCaptions::new("S", "T").status_callback_url(""));
    assert_eq!((e.field.as_ref(), e.rule), ("statusCallbackUrl", Rule::Required));
    let e = invalid(&StartCaptions::new("S", "T").status_callback_url("https://example.com/a b"));
    assert!(matches!(e.rule, Rule::Charset(_)));
}

#[test]
fn start_rules() {
    let e = invalid(&StartCaptions::new("", "T"));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
    let e = invalid(&StartCaptions::new("S", ""));
    assert_eq!((e.field.as_ref(), e.rule), ("token", Rule::Required));
    for ok in ["en-US", "fil-PH", "zh-CN"] {
        build_ok(&StartCaptions::new("S", "T").language_code(ok));
    }
    for bad in ["english", "en_US", "EN-us", "e-US"] {
        let e = invalid(&StartCaptions::new("S", "T").language_code(bad));
        assert_eq!(e.field, "languageCode", "{bad}");
        assert!(matches!(e.rule, Rule::Format(_)), "{bad}");
    }
    let e = invalid(&StartCaptions::new("S", "T").language_code(""));
    assert_eq!((e.field.as_ref(), e.rule), ("languageCode", Rule::Required));
}

#[test]
fn stop_matches_cassette() {
    // Ruby cassette OpenTok_Captions/receives_a_valid_response_when_stopping_captions.
    let op = StopCaptions::new("CAPTIONSID");
    let req = build_ok(&op);
    assert_eq!(
        req.uri(),
        "https://api.opentok.com/v2/project/123456/captions/CAPTIONSID/stop"
    );
    assert_no_body(&req);
    op.parse(&reply(202, "")).expect("202");
    let e = op
        .parse(&reply(404, r#"{"message":"No matching captionsId"}"#))
        .expect_err("404");
    assert_eq!(e.api().expect("api").kind, ApiErrorKind::NotFound);
    let e = invalid(&StopCaptions::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("captionsId", Rule::Required));
}

#[test]
fn captions_status_body_parses() {
    let body = r#"{"captionId":"7c0680fc","applicationId":"78d335fa-323d-0114-9c3d-d6f0d48968cf",
            "sessionId":"S","status":"stopped","createdAt":1700000000000,"updatedAt":"1700000300000",
            "duration":"300","languageCode":"en-US","provider":"aws-transcribe",
            "reason":"Max duration exceeded","future":[1]}"#;
    let c: Captions = serde_json::from_str(body).expect("parses");
    assert_eq!(c.captions_id, "7c0680fc");
    assert_eq!(
        c.application_id.as_deref(),
        Some("78d335fa-323d-0114-9c3d-d6f0d48968cf")
    );
    assert_eq!(c.status, Some(CaptionsStatus::Stopped));
    assert_eq!(c.created_at, Some(from_unix_millis(1_700_000_000_000)));
    assert_eq!(c.updated_at, Some(from_unix_millis(1_700_000_300_000)));
    assert_eq!(c.duration, Some(Duration::from_secs(300)));
    assert_eq!(c.language_code.as_deref(), Some("en-US"));
    assert_eq!(c.provider.as_deref(), Some("aws-transcribe"));
    assert_eq!(c.reason.as_deref(), Some("Max duration exceeded"));
    let back: Captions = serde_json::from_value(serde_json::to_value(&c).expect("ser")).expect("de");
    assert_eq!(back, c);

    let c: Captions = serde_json::from_str(r#"{"captionsId":"x","status":"transcribing"}"#).expect("parses");
    assert_eq!(c.captions_id, "x");
    assert_eq!(c.status, Some(CaptionsStatus::Other("transcribing".into())));
}

#[test]
fn there_is_no_status_call() {
    // GET …/captions/{id} was never served (the Vonage Node SDK deprecated it): the table
    // has start and stop only.
    let captions: Vec<_> = crate::catalog::operations()
        .filter(|i| i.path.contains("/captions"))
        .map(|i| (i.method, i.path))
        .collect();
    assert_eq!(
        captions,
        [
            ("POST", "/v2/project/{apiKey}/captions"),
            ("POST", "/v2/project/{apiKey}/captions/{captionsId}/stop"),
        ]
    );
}

#[test]
fn debug_lists_the_fields_and_hides_the_token() {
    let op = StartCaptions::new("S", "T1==tok").language_code("en-US");
    assert_eq!(
        format!("{op:?}"),
        r#"StartCaptions { session_id: "S", token: "<redacted>", language_code: Some("en-US"), max_duration: None, partial_captions: None, status_callback_url: None }"#
    );
}
