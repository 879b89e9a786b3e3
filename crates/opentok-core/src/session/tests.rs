use http::Method;

use super::*;
use crate::credentials::Credentials;
use crate::error::ApiErrorKind;
use crate::form;
use crate::nonce::SeededNonce;
use crate::operation::ApiUrl;

const SID: &str = "1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3ODk1MzQ0OTQyODA4fg";

fn build(op: &CreateSession) -> Result<HttpRequest, ValidationError> {
    let creds = Credentials::new("123456", "secret").expect("valid");
    let url = ApiUrl::new("https://api.opentok.com").expect("valid");
    let nonce = SeededNonce::new(1);
    let ctx = RequestContext::new(&creds, &url, crate::clock::from_unix_secs(1_700_000_000), &nonce);
    op.build(&ctx)
}

fn pairs(req: &HttpRequest) -> Vec<(String, String)> {
    form::decode_pairs(std::str::from_utf8(req.body()).expect("utf8")).expect("form")
}

fn p(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn reply(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .expect("valid")
}

#[test]
fn default_request() {
    // Checks the method against the table and that the auth header verifies.
    let req = crate::connection::test_support::build_ok(&CreateSession::new());
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.uri().to_string(), "https://api.opentok.com/session/create");
    assert_eq!(req.headers()["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(req.headers()["accept"], "application/json");
    assert_eq!(req.headers().get_all(ACCEPT).iter().count(), 1);
    assert!(req.headers().contains_key("x-opentok-auth"));
    assert_eq!(pairs(&req), p(&[("p2p.preference", "enabled")]));
}

#[test]
fn cassette_bodies() {
    // Bodies recorded in the Ruby SDK's create-session cassettes, field for field.
    let cases = [
        (
            CreateSession::new()
                .media_mode(MediaMode::Routed)
                .archive_mode(ArchiveMode::Always),
            "archiveMode=always&p2p.preference=disabled",
        ),
        (
            CreateSession::new()
                .media_mode(MediaMode::Routed)
                .archive_mode(ArchiveMode::Always)
                .archive_name("foo")
                .archive_resolution(Resolution::HdPortrait),
            "archiveMode=always&archiveName=foo&archiveResolution=720x1280&p2p.preference=disabled",
        ),
        (
            CreateSession::new().media_mode(MediaMode::Routed).e2ee(true),
            "e2ee=true&p2p.preference=disabled",
        ),
        (
            CreateSession::new().location("12.34.56.78"),
            "location=12.34.56.78&p2p.preference=enabled",
        ),
        (
            CreateSession::new()
                .location("12.34.56.78")
                .media_mode(MediaMode::Routed),
            "location=12.34.56.78&p2p.preference=disabled",
        ),
    ];
    for (op, body) in cases {
        let req = build(&op).expect("builds");
        assert_eq!(std::str::from_utf8(req.body()).expect("utf8"), body);
    }
}

#[test]
fn xml_reply_format_sends_accept_any() {
    let req = build(&CreateSession::new().reply_format(ReplyFormat::Xml)).expect("builds");
    let accepts: Vec<_> = req.headers().get_all(ACCEPT).iter().collect();
    assert_eq!(accepts, vec!["*/*"]);
}

#[test]
fn parses_cassette_xml() {
    let body = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sessions><Session><session_id>1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3ODk1MzQ0OTQyODA4fg</session_id><partner_id>123456</partner_id><create_dt>Mon Mar 17 00:41:31 PDT 2014</create_dt></Session></sessions>"#;
    let s = CreateSession::new().parse(&reply(200, body)).expect("parses");
    assert_eq!(s.session_id, SID);
    assert_eq!(s.partner_id.as_deref(), Some("123456"));
    assert_eq!(s.project(), Some("123456"));
    assert_eq!(s.create_dt.as_deref(), Some("Mon Mar 17 00:41:31 PDT 2014"));
    assert_eq!(s.media_server_url, None);
}

#[test]
fn parses_legacy_xml_root() {
    let body = "<Sessions>\n  <Session>\n    <session_id>2_MX40NTk3ODJ-fjIwMTItMDktMDQgfg</session_id>\n    <partner_id>459782</partner_id>\n    <create_dt>2012-09-04 23:27:12.767869+00:00</create_dt>\n    <session_status></session_status>\n    <unknown>x</unknown>\n  </Session>\n</Sessions>";
    let s = CreateSession::new().parse(&reply(200, body)).expect("parses");
    assert_eq!(s.session_id, "2_MX40NTk3ODJ-fjIwMTItMDktMDQgfg");
    assert_eq!(s.partner_id.as_deref(), Some("459782"));
    assert_eq!(s.session_status, None);
}

#[test]
fn parses_json_array() {
    let body = r#"[{"session_id":"1_MX40NzY2NTk3MX5-MTczOTUzODg5NDk1OX5ROW1jWEcxUXJOM1RJWXU4eStwcHgvZ3N-UH5-","project_id":"47665971","partner_id":"47665971","create_dt":"Fri Feb 14 05:14:54 PST 2025","session_status":null,"status_invalid":null,"media_server_hostname":null,"messaging_server_url":null,"messaging_url":null,"symphony_address":null,"properties":null,"ice_server":null,"session_segment_id":"9c5fdd5b-7f5b-408f-8633-db95d0054fad","ice_servers":null,"ice_credential_expiration":86100}]"#;
    let s = CreateSession::new().parse(&reply(200, body)).expect("parses");
    assert_eq!(s.project_id.as_deref(), Some("47665971"));
    assert_eq!(s.create_dt.as_deref(), Some("Fri Feb 14 05:14:54 PST 2025"));
    assert_eq!(s.ice_credential_expiration, Some(86_100));
    assert_eq!(
        s.session_segment_id.as_deref(),
        Some("9c5fdd5b-7f5b-408f-8633-db95d0054fad")
    );
    assert_eq!(s.media_server_hostname, None);
}

#[test]
fn parses_json_with_objects_and_numbers_as_strings() {
    let body = r#"[{"properties":{"p2p":{"preference":{"value":"disabled"}}},"session_id":"1_abc","project_id":100,"create_dt":"1607984111261","media_server_hostname":"mantis003-dev.tokbox.com","media_server_url":"","ice_servers":[{"url":"stun:1.2.3.4:3478","username":null}],"ice_credential_expiration":"86100"}]"#;
    let s = CreateSession::new().parse(&reply(200, body)).expect("parses");
    assert_eq!(s.session_id, "1_abc");
    assert_eq!(s.project_id.as_deref(), Some("100"));
    assert_eq!(
        s.media_server_hostname.as_deref(),
        Some("mantis003-dev.tokbox.com")
    );
    assert_eq!(s.media_server_url.as_deref(), Some(""));
    assert_eq!(s.ice_credential_expiration, Some(86_100));
}

#[test]
fn empty_or_bad_bodies_are_decode_errors() {
    for (body, format) in [
        ("[]", BodyFormat::Json),
        ("", BodyFormat::Json),
        ("<sessions></sessions>", BodyFormat::Xml),
        (
            "<sessions><Session><partner_id>1</partner_id></Session></sessions>",
            BodyFormat::Xml,
        ),
        (r#"[{"project_id":"1"}]"#, BodyFormat::Json),
    ] {
        match CreateSession::new().parse(&reply(200, body)) {
            Err(ResponseError::Decode(d)) => assert_eq!(d.format, format, "{body}"),
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn error_statuses() {
    let e = CreateSession::new()
        .parse(&reply(
            403,
            r#"{"code":-1,"message":"Invalid token format","description":"Invalid token format"}"#,
        ))
        .expect_err("403");
    let api = e.api().expect("api error");
    assert_eq!(api.kind, ApiErrorKind::Unauthorized);
    assert_eq!(api.code, Some(-1));
    assert_eq!(api.message.as_deref(), Some("Invalid token format"));
    let e = CreateSession::new()
        .parse(&reply(
            400,
            "<errorPayload><code>400</code><message>bad archiveName</message></errorPayload>",
        ))
        .expect_err("400");
    let api = e.api().expect("api error");
    assert_eq!(api.kind, ApiErrorKind::InvalidRequest);
    assert_eq!(api.message.as_deref(), Some("bad archiveName"));
}

fn rule(op: CreateSession) -> ValidationError {
    build(&op).expect_err("invalid")
}

#[test]
fn location_must_be_ipv4() {
    for bad in ["localhost", "256.1.1.1", "1.2.3", "01.2.3.4", "::1", "1.2.3.4 "] {
        let e = rule(CreateSession::new().location(bad));
        assert_eq!(e.field, "location", "{bad}");
        assert!(matches!(e.rule, Rule::Format(_)));
    }
}

#[test]
fn always_needs_routed() {
    let e = rule(CreateSession::new().archive_mode(ArchiveMode::Always));
    assert_eq!(e.field, "archiveMode");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

#[test]
fn unknown_archive_mode() {
    let e = rule(CreateSession::new().archive_mode(ArchiveMode::from("sometimes")));
    assert_eq!(e.field, "archiveMode");
    assert_eq!(e.rule, Rule::OneOf(ArchiveMode::KNOWN));
}

#[test]
fn archive_name_rules() {
    let routed_always = || {
        CreateSession::new()
            .media_mode(MediaMode::Routed)
            .archive_mode(ArchiveMode::Always)
    };
    let e = rule(
        CreateSession::new()
            .archive_mode(ArchiveMode::Manual)
            .archive_name("x"),
    );
    assert_eq!(e.field, "archiveName");
    assert!(matches!(e.rule, Rule::Conflict(_)));
    let e = rule(routed_always().archive_name("n".repeat(81)));
    assert_eq!(e.field, "archiveName");
    assert!(matches!(
        e.rule,
        Rule::TooLong {
            max: 80,
            actual: 81,
            ..
        }
    ));
    let e = rule(routed_always().archive_name(""));
    assert_eq!(e.rule, Rule::Required);
    assert!(build(&routed_always().archive_name("n".repeat(80))).is_ok());
}

#[test]
fn archive_resolution_rules() {
    let e = rule(CreateSession::new().archive_resolution(Resolution::Hd));
    assert_eq!(e.field, "archiveResolution");
    assert!(matches!(e.rule, Rule::Conflict(_)));
    let e = rule(
        CreateSession::new()
            .media_mode(MediaMode::Routed)
            .archive_mode(ArchiveMode::Always)
            .archive_resolution(Resolution::from("800x600")),
    );
    assert_eq!(e.field, "archiveResolution");
    assert_eq!(e.rule, Rule::OneOf(Resolution::KNOWN));
}

#[test]
fn e2ee_needs_routed() {
    let e = rule(CreateSession::new().e2ee(true));
    assert_eq!(e.field, "e2ee");
    assert!(matches!(e.rule, Rule::Conflict(_)));
    let req = build(&CreateSession::new().e2ee(false)).expect("off is fine relayed");
    assert_eq!(
        pairs(&req),
        p(&[("e2ee", "false"), ("p2p.preference", "enabled")])
    );
}
