use std::time::Duration;

use serde_json::json;

use super::*;
use crate::connection::test_support::{assert_no_body, build_ok, invalid, json_body, reply};
use crate::error::{ApiErrorKind, ResponseError, Rule};
use crate::layout::{Layout, LayoutType};
use crate::operation::Operation;

const BASE: &str = "https://api.opentok.com/v2/project/123456";
const AID: &str = "30b3ebf1-ba36-4f5b-8def-6f70d9986fe9";

/// The start-archive reply recorded in the Ruby SDK's `should_create_archives` cassette.
const STARTED: &str = r#"{
  "createdAt" : 1395183243556,
  "duration" : 0,
  "id" : "30b3ebf1-ba36-4f5b-8def-6f70d9986fe9",
  "name" : "",
  "partnerId" : 123456,
  "reason" : "",
  "sessionId" : "SESSIONID",
  "size" : 0,
  "status" : "started",
  "url" : null
}"#;

/// The get-archive reply recorded in `should_find_archives_by_id` (with an unknown property).
const AVAILABLE: &str = r#"{
  "createdAt" : 1395187836000,
  "duration" : 62,
  "id" : "f6e7ee58-d6cf-4a59-896b-6d56b158ec71",
  "name" : "",
  "partnerId" : 123456,
  "reason" : "",
  "sessionId" : "SESSIONID",
  "size" : 8347554,
  "status" : "available",
  "url" : "http://tokbox.com.archive2.s3.amazonaws.com/123456%2Ff6e7ee58-d6cf-4a59-896b-6d56b158ec71%2Farchive.mp4?Expires=1395194362&AWSAccessKeyId=AKIAI6LQCPIXYVWCQV6Q&Signature=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "notarealproperty" : "not a real value"
}"#;

fn api_error<T: std::fmt::Debug>(r: Result<T, ResponseError>) -> crate::error::ApiError {
    match r {
        Err(ResponseError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

// ---- StartArchive ----------------------------------------------------------------------

#[test]
fn start_minimal_matches_cassette_body() {
    let req = build_ok(&StartArchive::new("SESSIONID"));
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive"));
    assert_eq!(json_body(&req), json!({"sessionId": "SESSIONID"}));
}

#[test]
fn start_with_every_option() {
    let op = StartArchive::new("SESSIONID")
        .name("ARCHIVE NAME")
        .has_audio(true)
        .has_video(false)
        .output_mode(OutputMode::Composed)
        .resolution(Resolution::Hd)
        .layout(Layout::best_fit().screenshare_type(LayoutType::VerticalPresentation))
        .stream_mode(StreamMode::Manual)
        .multi_archive_tag("archive-1")
        .quantization_parameter(40);
    let req = build_ok(&op);
    assert_eq!(
        json_body(&req),
        json!({
            "sessionId": "SESSIONID",
            "name": "ARCHIVE NAME",
            "hasAudio": true,
            "hasVideo": false,
            "outputMode": "composed",
            "resolution": "1280x720",
            "layout": {"type": "bestFit", "screenshareType": "verticalPresentation"},
            "streamMode": "manual",
            "multiArchiveTag": "archive-1",
            "quantizationParameter": 40
        })
    );
    let op = StartArchive::new("SESSIONID").max_bitrate(200_000);
    assert_eq!(
        std::str::from_utf8(build_ok(&op).body()).expect("utf-8"),
        r#"{"sessionId":"SESSIONID","maxBitrate":200000}"#
    );
}

#[test]
fn start_individual_with_transcription() {
    let op = StartArchive::new("S")
        .output_mode(OutputMode::Individual)
        .transcription_properties(
            TranscriptionProperties::new()
                .primary_language_code("en-US")
                .has_summary(true),
        );
    assert_eq!(
        json_body(&build_ok(&op)),
        json!({
            "sessionId": "S",
            "outputMode": "individual",
            "hasTranscription": true,
            "transcriptionProperties": {"primaryLanguageCode": "en-US", "hasSummary": true}
        })
    );
}

#[test]
fn start_custom_layout_cassette_body() {
    let css = "stream:last-child{display: block;margin: 0;top: 0;left: 0;width: 1px;height: 1px;}stream:first-child{display: block;margin: 0;top: 0;left: 0;width: 100%;height: 100%;}";
    let req = build_ok(&StartArchive::new("SESSIONID").layout(Layout::custom(css)));
    assert_eq!(
        json_body(&req),
        json!({"sessionId": "SESSIONID", "layout": {"type": "custom", "stylesheet": css}})
    );
}

#[test]
fn start_parses_cassette_replies() {
    let a = StartArchive::new("SESSIONID")
        .parse(&reply(200, STARTED))
        .expect("parses");
    assert_eq!(a.id, AID);
    assert_eq!(a.status, ArchiveStatus::Started);
    assert_eq!(a.name.as_deref(), Some(""));
    assert_eq!(a.partner_id.as_deref(), Some("123456"));
    assert_eq!(a.project(), Some("123456"));
    assert_eq!(
        a.created_at,
        Some(crate::clock::from_unix_millis(1_395_183_243_556))
    );
    assert_eq!(a.duration, Some(Duration::ZERO));
    assert_eq!(a.size, Some(0));
    assert_eq!(a.url, None);

    let hd = r#"{"createdAt":1395193762293,"duration":0,"id":"d7f4d2a3-da74-414d-868a-190532a835bc","name":"ARCHIVE NAME","partnerId":123456,"reason":"","sessionId":"SESSIONID","size":0,"status":"started","url":null,"hasAudio":true,"hasVideo":false,"outputMode":"composed","resolution":"1280x720","multiArchiveTag":"archive-1","maxBitrate":200000,"quantizationParameter":40,"streamMode":"manual"}"#;
    let a = StartArchive::new("SESSIONID")
        .parse(&reply(200, hd))
        .expect("parses");
    assert_eq!(a.has_audio, Some(true));
    assert_eq!(a.has_video, Some(false));
    assert_eq!(a.output_mode, Some(OutputMode::Composed));
    assert_eq!(a.resolution, Some(Resolution::Hd));
    assert_eq!(a.multi_archive_tag.as_deref(), Some("archive-1"));
    assert_eq!(a.max_bitrate, Some(200_000));
    assert_eq!(a.quantization_parameter, Some(40));
    assert_eq!(a.stream_mode, Some(StreamMode::Manual));
}

#[test]
fn start_error_statuses() {
    let e = api_error(StartArchive::new("S").parse(&reply(
        409,
        r#"{"code":15008,"message":"Only routed sessions are allowed to initiate archives."}"#,
    )));
    assert_eq!(e.kind, ApiErrorKind::Conflict);
    assert_eq!(e.code, Some(15008));
    assert_eq!(
        e.message.as_deref(),
        Some("Only routed sessions are allowed to initiate archives.")
    );
    let e = api_error(StartArchive::new("S").parse(&reply(
        404,
        r#"{"message":"Not found. No clients are actively connected to the OpenTok session."}"#,
    )));
    assert_eq!(e.kind, ApiErrorKind::NotFound);
    assert_eq!(e.code, None);
    let e = api_error(StartArchive::new("S").parse(&reply(500, "oops")));
    assert_eq!(e.kind, ApiErrorKind::Server);
    assert_eq!(e.body_text(), "oops");
}

#[test]
fn start_rule_session_id_required() {
    let e = invalid(&StartArchive::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
}

#[test]
fn start_rule_name_length() {
    let e = invalid(&StartArchive::new("S").name("n".repeat(81)));
    assert_eq!(e.field, "name");
    assert_eq!(
        e.rule,
        Rule::TooLong {
            max: 80,
            actual: 81,
            unit: "characters"
        }
    );
    build_ok(&StartArchive::new("S").name("n".repeat(80)));
}

#[test]
fn start_rule_not_both_tracks_off() {
    let e = invalid(&StartArchive::new("S").has_audio(false).has_video(false));
    assert_eq!(e.field, "hasVideo");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

#[test]
fn start_rule_output_mode_known() {
    let e = invalid(&StartArchive::new("S").output_mode(OutputMode::from("mixed")));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("outputMode", Rule::OneOf(OutputMode::KNOWN))
    );
}

#[test]
fn start_rule_resolution() {
    let e = invalid(&StartArchive::new("S").resolution(Resolution::from("800x600")));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("resolution", Rule::OneOf(Resolution::KNOWN))
    );
    let e = invalid(
        &StartArchive::new("S")
            .output_mode(OutputMode::Individual)
            .resolution(Resolution::Hd),
    );
    assert_eq!(e.field, "resolution");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

#[test]
fn start_rule_layout() {
    let e = invalid(&StartArchive::new("S").layout(Layout::new(LayoutType::Custom)));
    assert_eq!((e.field.as_ref(), e.rule), ("layout.stylesheet", Rule::Required));
    let e = invalid(&StartArchive::new("S").layout(Layout::pip().screenshare_type(LayoutType::Pip)));
    assert_eq!(e.field, "layout.screenshareType");
}

#[test]
fn start_rule_stream_mode_known() {
    let e = invalid(&StartArchive::new("S").stream_mode(StreamMode::from("semi")));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("streamMode", Rule::OneOf(StreamMode::KNOWN))
    );
}

#[test]
fn start_rule_max_bitrate() {
    for bad in [99_999, 6_000_001] {
        let e = invalid(&StartArchive::new("S").max_bitrate(bad));
        assert_eq!(e.field, "maxBitrate");
        assert_eq!(
            e.rule,
            Rule::OutOfRange {
                min: 100_000,
                max: 6_000_000,
                actual: i64::from(bad)
            }
        );
    }
    build_ok(&StartArchive::new("S").max_bitrate(100_000));
}

#[test]
fn start_rule_quantization_parameter() {
    for bad in [14, 41] {
        let e = invalid(&StartArchive::new("S").quantization_parameter(bad));
        assert_eq!(e.field, "quantizationParameter");
        assert!(matches!(e.rule, Rule::OutOfRange { min: 15, max: 40, .. }));
    }
    let e = invalid(
        &StartArchive::new("S")
            .output_mode(OutputMode::Individual)
            .quantization_parameter(20),
    );
    assert_eq!(e.field, "quantizationParameter");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

#[test]
fn start_rule_max_bitrate_and_quantization_parameter_exclusive() {
    // NODE-OT and NODE-V document them as mutually exclusive; PHP-OT refuses both.
    let e = invalid(
        &StartArchive::new("S")
            .max_bitrate(2_000_000)
            .quantization_parameter(25),
    );
    assert_eq!(
        (e.field.as_ref(), &e.rule),
        (
            "quantizationParameter",
            &Rule::Conflict("not allowed together with maxBitrate".into())
        )
    );
    assert_eq!(
        e.to_string(),
        "invalid `quantizationParameter`: not allowed together with maxBitrate"
    );
}

#[test]
fn start_rule_transcription_individual_only() {
    let e = invalid(&StartArchive::new("S").has_transcription(true));
    assert_eq!(e.field, "hasTranscription");
    assert!(matches!(e.rule, Rule::Conflict(_)));
    let mut op = StartArchive::new("S").output_mode(OutputMode::Individual);
    op.transcription_properties = Some(TranscriptionProperties::new());
    let e = invalid(&op);
    assert_eq!(e.field, "transcriptionProperties");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

// ---- the simple id calls ------------------------------------------------------------------

#[test]
fn stop_builds_and_parses_cassette() {
    let req = build_ok(&StopArchive::new(AID));
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive/{AID}/stop"));
    assert_no_body(&req);
    let body = STARTED
        .replace("\"started\"", "\"stopped\"")
        .replace("1395183243556", "1395183243000");
    let a = StopArchive::new(AID).parse(&reply(200, &body)).expect("parses");
    assert_eq!(a.status, ArchiveStatus::Stopped);
    assert_eq!(
        a.created_at,
        Some(crate::clock::from_unix_millis(1_395_183_243_000))
    );
    let e = api_error(StopArchive::new(AID).parse(&reply(
        409,
        r#"{"code":15002,"message":"You can only stop an archive that has one of the following statuses: started OR paused OR stopped"}"#,
    )));
    assert_eq!((e.kind, e.code), (ApiErrorKind::Conflict, Some(15002)));
}

#[test]
fn get_builds_and_parses_cassettes() {
    let req = build_ok(&GetArchive::new("f6e7ee58-d6cf-4a59-896b-6d56b158ec71"));
    assert_eq!(
        req.uri().to_string(),
        format!("{BASE}/archive/f6e7ee58-d6cf-4a59-896b-6d56b158ec71")
    );
    assert_no_body(&req);
    let a = GetArchive::new("x")
        .parse(&reply(200, AVAILABLE))
        .expect("parses");
    assert_eq!(a.status, ArchiveStatus::Available);
    assert_eq!(a.duration, Some(Duration::from_secs(62)));
    assert_eq!(a.size, Some(8_347_554));
    assert!(a.url.as_deref().is_some_and(|u| u.contains("archive.mp4")));
    for status in ["expired", "paused"] {
        let body = AVAILABLE.replace("\"available\"", &format!("\"{status}\""));
        let a = GetArchive::new("x").parse(&reply(200, &body)).expect("parses");
        assert_eq!(a.status.as_str(), status);
        assert!(!matches!(a.status, ArchiveStatus::Other(_)));
    }
    let e = api_error(GetArchive::new("x").parse(&reply(404, r#"{"message":"Not found"}"#)));
    assert_eq!(e.kind, ApiErrorKind::NotFound);
}

#[test]
fn ids_are_validated_and_encoded() {
    let e = invalid(&GetArchive::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("archiveId", Rule::Required));
    let e = invalid(&StopArchive::new("a\nb"));
    assert_eq!(e.field, "archiveId");
    let e = invalid(&DeleteArchive::new("x".repeat(256)));
    assert_eq!(e.field, "archiveId");
    for bad in ["a/b", "..", "a?b", "a#b"] {
        assert_eq!(invalid(&GetArchive::new(bad)).field, "archiveId", "{bad:?}");
    }
    let req = build_ok(&GetArchive::new("a%b c"));
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive/a%25b%20c"));
}

#[test]
fn delete_builds_and_parses() {
    let req = build_ok(&DeleteArchive::new("832641bf-5dbf-41a1-ad94-fea213e59a92"));
    assert_eq!(
        req.uri().to_string(),
        format!("{BASE}/archive/832641bf-5dbf-41a1-ad94-fea213e59a92")
    );
    assert_no_body(&req);
    DeleteArchive::new("x").parse(&reply(204, "")).expect("204");
    let e = api_error(DeleteArchive::new("x").parse(&reply(
        409,
        r#"{"code":15004,"message":"You can only delete an archive that has one of the following statuses: available OR uploaded OR deleted"}"#,
    )));
    assert_eq!((e.kind, e.code), (ApiErrorKind::Conflict, Some(15004)));
}

// ---- ListArchives -----------------------------------------------------------------------

#[test]
fn list_builds_queries() {
    let req = build_ok(&ListArchives::new());
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive"));
    assert_no_body(&req);
    let req = build_ok(&ListArchives::new().offset(2).count(4).session_id("SESSIONID"));
    assert_eq!(
        req.uri().to_string(),
        format!("{BASE}/archive?offset=2&count=4&sessionId=SESSIONID")
    );
    let req = build_ok(&ListArchives::new().count(0));
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive?count=0"));
}

#[test]
fn list_rule_count() {
    let e = invalid(&ListArchives::new().count(1001));
    assert_eq!(e.field, "count");
    assert_eq!(
        e.rule,
        Rule::OutOfRange {
            min: 0,
            max: 1000,
            actual: 1001
        }
    );
}

#[test]
fn list_parses_pages() {
    let body = format!(r#"{{"count" : "6", "items" : [ {STARTED}, {AVAILABLE} ]}}"#);
    let page = ListArchives::new().parse(&reply(200, &body)).expect("parses");
    assert_eq!(page.count, 6);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[1].status, ArchiveStatus::Available);
    let empty = ListArchives::new()
        .parse(&reply(200, r#"{"count":0,"items":null}"#))
        .expect("parses");
    assert!(empty.items.is_empty());
    let e = api_error(ListArchives::new().parse(&reply(
        403,
        r#"{"code":-1,"message":"Issuer not found","description":"Issuer not found"}"#,
    )));
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);
    for bad in ["null", "\"page\"", "{\"count\":1,\"items\":[{\"id\":1}]}"] {
        assert!(
            matches!(
                ListArchives::new().parse(&reply(200, bad)),
                Err(ResponseError::Decode(_))
            ),
            "{bad}"
        );
    }
}

// ---- layout and streams -----------------------------------------------------------------

#[test]
fn set_layout_builds_cassette_body() {
    let req = build_ok(&SetArchiveLayout::new(AID, Layout::pip()));
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive/{AID}/layout"));
    assert_eq!(json_body(&req), json!({"type": "pip"}));
    let req = build_ok(&SetArchiveLayout::new(
        AID,
        Layout::best_fit().screenshare_type(LayoutType::HorizontalPresentation),
    ));
    assert_eq!(
        json_body(&req),
        json!({"type": "bestFit", "screenshareType": "horizontalPresentation"})
    );
    // The cassette's 200 carries an unrelated body: any 2xx is success.
    SetArchiveLayout::new(AID, Layout::pip())
        .parse(&reply(200, r#"{"code":-1,"message":"Issuer not found"}"#))
        .expect("2xx");
    let e = api_error(SetArchiveLayout::new(AID, Layout::pip()).parse(&reply(400, "{}")));
    assert_eq!(e.kind, ApiErrorKind::InvalidRequest);
}

#[test]
fn set_layout_rules_use_bare_field_names() {
    let e = invalid(&SetArchiveLayout::new(AID, Layout::pip().stylesheet("x")));
    assert_eq!(e.field, "stylesheet");
    let e = invalid(&SetArchiveLayout::new("", Layout::pip()));
    assert_eq!(e.field, "archiveId");
}

#[test]
fn stream_patches() {
    let sid = "12312312-3811-4726-b508-e41a0f96c68f";
    let req = build_ok(&AddArchiveStream::new(AID, sid));
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive/{AID}/streams"));
    assert_eq!(json_body(&req), json!({"addStream": sid}));
    let req = build_ok(&AddArchiveStream::new(AID, sid).has_audio(true).has_video(false));
    assert_eq!(
        json_body(&req),
        json!({"addStream": sid, "hasAudio": true, "hasVideo": false})
    );
    let req = build_ok(&RemoveArchiveStream::new(AID, sid));
    assert_eq!(json_body(&req), json!({"removeStream": sid}));
    AddArchiveStream::new(AID, sid)
        .parse(&reply(204, ""))
        .expect("204");
    RemoveArchiveStream::new(AID, sid)
        .parse(&reply(204, ""))
        .expect("204");
    let e = api_error(AddArchiveStream::new(AID, sid).parse(&reply(405, "")));
    assert_eq!(e.kind, ApiErrorKind::NotAllowed);
}

#[test]
fn stream_patch_rules() {
    let e = invalid(&AddArchiveStream::new(AID, "s").has_audio(false).has_video(false));
    assert_eq!(e.field, "hasVideo");
    assert!(matches!(e.rule, Rule::Conflict(_)));
    let e = invalid(&AddArchiveStream::new(AID, ""));
    assert_eq!((e.field.as_ref(), e.rule), ("addStream", Rule::Required));
    let e = invalid(&RemoveArchiveStream::new(AID, ""));
    assert_eq!((e.field.as_ref(), e.rule), ("removeStream", Rule::Required));
}

// ---- storage ------------------------------------------------------------------------------

#[test]
fn storage_s3_body_and_redaction() {
    let op = SetArchiveStorage::s3(
        S3Storage::new(
            "example.com.archive-bucket",
            "AWFS7BAO536E6MXA",
            "BvKwyshsmEATx5mngeloHwgKrYMbP+",
        )
        .endpoint("https://s3.cloudianhyperstore.com")
        .sse(S3Encryption::S3),
    )
    .fallback(StorageFallback::NoFallback);
    let req = build_ok(&op);
    assert_eq!(req.uri().to_string(), format!("{BASE}/archive/storage"));
    assert_eq!(
        json_body(&req),
        json!({
            "type": "s3",
            "config": {
                "bucket": "example.com.archive-bucket",
                "endpoint": "https://s3.cloudianhyperstore.com",
                "secretKey": "BvKwyshsmEATx5mngeloHwgKrYMbP+",
                "accessKey": "AWFS7BAO536E6MXA",
                "sse": "s3"
            },
            "fallback": "none"
        })
    );
    let debug = format!("{op:?}");
    assert!(!debug.contains("BvKwyshsmEATx5mngeloHwgKrYMbP+"), "{debug}");
    assert!(debug.contains("<redacted>"));
    op.parse(&reply(200, "")).expect("2xx");
    let e = api_error(op.parse(&reply(400, r#"{"message":"bad bucket"}"#)));
    assert_eq!(e.message.as_deref(), Some("bad bucket"));
}

#[test]
fn storage_azure_body_and_redaction() {
    let op = SetArchiveStorage::azure(
        AzureStorage::new("myaccount", "azure-key-123", "archives").domain("example.com"),
    )
    .fallback(StorageFallback::OpenTok);
    assert_eq!(
        json_body(&build_ok(&op)),
        json!({
            "type": "azure",
            "config": {
                "accountName": "myaccount",
                "accountKey": "azure-key-123",
                "container": "archives",
                "domain": "example.com"
            },
            "fallback": "opentok"
        })
    );
    // The bytes too: `type` and `config` (the target) come first, then `fallback`.
    assert_eq!(
        std::str::from_utf8(build_ok(&op).body()),
        Ok(concat!(
            r#"{"type":"azure","config":{"accountName":"myaccount","accountKey":"azure-key-123","#,
            r#""container":"archives","domain":"example.com"},"fallback":"opentok"}"#
        ))
    );
    assert!(!format!("{op:?}").contains("azure-key-123"));
}

#[test]
fn storage_rules() {
    let cases: Vec<(SetArchiveStorage, &str, Rule)> = vec![
        (
            SetArchiveStorage::s3(S3Storage::new("", "a", "s")),
            "config.bucket",
            Rule::Required,
        ),
        (
            SetArchiveStorage::s3(S3Storage::new("b", " ", "s")),
            "config.accessKey",
            Rule::Required,
        ),
        (
            SetArchiveStorage::s3(S3Storage::new("b", "a", "")),
            "config.secretKey",
            Rule::Required,
        ),
        (
            SetArchiveStorage::s3(S3Storage::new("b", "a", "s").endpoint("s3.example.com")),
            "config.endpoint",
            Rule::Format("an http(s) URL"),
        ),
        (
            SetArchiveStorage::s3(S3Storage::new("b", "a", "s").sse(S3Encryption::from("kms"))),
            "config.sse",
            Rule::OneOf(S3Encryption::KNOWN),
        ),
        (
            SetArchiveStorage::azure(AzureStorage::new("", "k", "c")),
            "config.accountName",
            Rule::Required,
        ),
        (
            SetArchiveStorage::azure(AzureStorage::new("n", "", "c")),
            "config.accountKey",
            Rule::Required,
        ),
        (
            SetArchiveStorage::azure(AzureStorage::new("n", "k", "")),
            "config.container",
            Rule::Required,
        ),
        (
            SetArchiveStorage::azure(AzureStorage::new("n", "k", "c")).fallback(StorageFallback::from("s3")),
            "fallback",
            Rule::OneOf(StorageFallback::KNOWN),
        ),
    ];
    for (op, field, rule) in cases {
        let e = invalid(&op);
        assert_eq!((e.field.as_ref(), e.rule), (field, rule));
    }
}

// ---- the model ----------------------------------------------------------------------------

#[test]
fn callback_payload_parses() {
    // The archive status callback example from the REST callback reference; it repeats
    // `projectId`.
    let body = super::CALLBACK_EXAMPLE.as_bytes();
    let a = Archive::from_json(body).expect("parses");
    assert_eq!(a.id, "75f30a36-df0f-471b-88b0-c56ad26b4473");
    assert_eq!(a.project_id.as_deref(), Some("123456"));
    assert_eq!(
        a.updated_at,
        Some(crate::clock::from_unix_millis(1_470_317_864_152))
    );
    assert_eq!(a.output_mode, Some(OutputMode::Composed));
    assert_eq!(a.password, Some(SecretString::new("")));
    assert_eq!(a.certificate.as_deref(), Some(""));
    // The same body with an event marker, as newer callbacks send it.
    let tagged = br#"{"id":"x","status":"uploaded","event":"archive","sessionId":"s","projectId":"123456"}"#;
    let a = Archive::from_json(tagged).expect("parses");
    assert_eq!(a.event.as_deref(), Some("archive"));
    assert_eq!(a.status, ArchiveStatus::Uploaded);
}

#[test]
fn lenient_values_unknown_enums_and_full_fields() {
    let body = r#"{
        "id": "a1", "status": "archiving", "sessionId": "s", "applicationId": "app-uuid",
        "createdAt": "1395187836000", "updatedAt": 1395187837000, "size": "8347554",
        "duration": "62", "outputMode": "hybrid", "streamMode": "manual",
        "hasAudio": "true", "hasVideo": 0, "hasTranscription": true,
        "transcription": {"status": "available", "url": "https://t", "reason": "",
                          "primaryLanguageCode": "en-US", "hasSummary": "false", "x": 1},
        "resolution": "3840x2160", "sha256sum": "abc", "password": "hunter2",
        "url": null, "multiArchiveTag": "t", "maxBitrate": "2000000",
        "quantizationParameter": 25,
        "streams": [{"streamId": "st1", "hasAudio": true, "hasVideo": false}, {"streamId": "st2"}],
        "futureField": {"nested": [1, 2]}
    }"#;
    let a = GetArchive::new("a1").parse(&reply(200, body)).expect("parses");
    assert_eq!(a.status, ArchiveStatus::Other("archiving".into()));
    assert_eq!(a.project(), Some("app-uuid"));
    assert_eq!(
        a.created_at,
        Some(crate::clock::from_unix_millis(1_395_187_836_000))
    );
    assert_eq!(a.size, Some(8_347_554));
    assert_eq!(a.duration, Some(Duration::from_secs(62)));
    assert_eq!(a.output_mode, Some(OutputMode::Other("hybrid".into())));
    assert_eq!((a.has_audio, a.has_video), (Some(true), Some(false)));
    let t = a.transcription.as_ref().expect("transcription");
    assert_eq!(t.primary_language_code.as_deref(), Some("en-US"));
    assert_eq!(t.has_summary, Some(false));
    assert_eq!(a.resolution, Some(Resolution::Other("3840x2160".into())));
    assert_eq!(a.max_bitrate, Some(2_000_000));
    assert_eq!(a.streams.len(), 2);
    assert_eq!(a.streams[0].has_video, Some(false));
    assert_eq!(a.streams[1].has_audio, None);
    assert!(!format!("{a:?}").contains("hunter2"));
    assert_eq!(
        a.password.as_ref().map(SecretString::expose_secret),
        Some("hunter2")
    );

    // Round trip: what the emulator serializes reads back the same.
    let json = serde_json::to_vec(&a).expect("serializes");
    let back = Archive::from_json(&json).expect("parses back");
    assert_eq!(back, a);
    let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(v["createdAt"], json!(1_395_187_836_000_u64));
    assert_eq!(v["duration"], json!(62));
}

#[test]
fn bad_bodies_are_decode_errors() {
    for body in [
        "",
        "{",
        r#"{"status":"started"}"#,
        r#"{"id":"x","status":"started","size":"big"}"#,
    ] {
        assert!(
            matches!(
                GetArchive::new("x").parse(&reply(200, body)),
                Err(ResponseError::Decode(_))
            ),
            "{body}"
        );
    }
}

#[test]
fn routes() {
    assert_eq!(AddArchiveStream::INFO, RemoveArchiveStream::INFO);
    assert_eq!(
        SetArchiveStorage::INFO.path,
        "/v2/project/{apiKey}/archive/storage"
    );
}

mod robustness {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn arbitrary_bodies_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let resp = http::Response::builder().status(200).body(bytes.clone()).expect("valid");
            let _ = GetArchive::new("x").parse(&resp);
            let _ = ListArchives::new().parse(&resp);
            let _ = Archive::from_json(&bytes);
        }

        #[test]
        fn near_miss_archives_never_panic(text in r#"[{}\[\]":, a-zA-Z_0-9.-]{0,200}"#) {
            let body = format!(r#"{{"id":"a","status":"started",{text}}}"#);
            let _ = Archive::from_json(body.as_bytes());
        }
    }
}
