use http::{Response, StatusCode};

use super::*;
use crate::error::{ApiErrorKind, ResponseError, Rule};
use crate::nonce::SeededNonce;
use crate::operation::{ApiUrl, Operation, RequestContext};
use crate::{Credentials, clock};

fn with_ctx<T>(f: impl FnOnce(&RequestContext<'_>) -> T) -> T {
    let creds = Credentials::new("459782", "s3cret").expect("valid");
    let url = ApiUrl::new("https://api.opentok.com").expect("valid");
    let nonce = SeededNonce::new(1);
    let ctx = RequestContext::new(&creds, &url, clock::from_unix_secs(1_346_797_109), &nonce);
    f(&ctx)
}

fn reply(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .expect("valid")
}

const TOKEN: &str = "T1==cGFydG5lcl9pZD00NTk3ODImc2lnPWFiYzpyb2xlPW1vZGVyYXRvcg==";

#[test]
fn create_session_request_matches_the_seed() {
    let req = with_ctx(|ctx| {
        LegacyCreateSession::new()
            .location("192.0.43.10")
            .p2p_preference(P2pPreference::Enabled)
            .property("echoSuppression.enabled", "true")
            .build(ctx)
    })
    .expect("builds");
    assert_eq!(req.method(), "POST");
    assert_eq!(req.uri().to_string(), "https://api.opentok.com/hl/session/create");
    let auth = &req.headers()["x-tb-partner-auth"];
    assert_eq!(auth.to_str().expect("ascii"), "459782:s3cret");
    assert!(auth.is_sensitive());
    assert!(req.headers().get("x-opentok-auth").is_none());
    assert_eq!(req.headers()["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(
        std::str::from_utf8(req.body()).expect("utf8"),
        "api_key=459782&location=192.0.43.10&p2p.preference=enabled&echoSuppression.enabled=true"
    );
    // No options: only the key, as the seed's curl example minus the location.
    let req = with_ctx(|ctx| LegacyCreateSession::new().build(ctx)).expect("builds");
    assert_eq!(req.body(), b"api_key=459782");
}

#[test]
fn create_session_validates() {
    let cases: Vec<(LegacyCreateSession, &str)> = vec![
        (LegacyCreateSession::new().location("example.com"), "location"),
        (LegacyCreateSession::new().property("", "x"), "property"),
        (LegacyCreateSession::new().property("a b", "x"), "property"),
        (
            LegacyCreateSession::new().property("location", "1.2.3.4"),
            "property",
        ),
        (
            LegacyCreateSession::new().property("x", "v".repeat(1001)),
            "property",
        ),
    ];
    for (op, field) in cases {
        let e = with_ctx(|ctx| op.build(ctx)).expect_err("invalid");
        assert_eq!(e.field, field, "{op:?}");
    }
    assert!(with_ctx(|ctx| LegacyCreateSession::new().location("::1").build(ctx)).is_ok());
}

#[test]
fn create_session_parses_the_reply_and_errors_in_200() {
    let op = LegacyCreateSession::new();
    let s = op
        .parse(&reply(
            200,
            "<Sessions><Session><session_id>2_MX40NTk3ODJ-</session_id><partner_id>459782</partner_id><create_dt>2012-09-04 23:27:12.767869+00:00</create_dt><session_status></session_status></Session></Sessions>",
        ))
        .expect("parses");
    assert_eq!(s.session_id, "2_MX40NTk3ODJ-");
    assert_eq!(s.partner_id.as_deref(), Some("459782"));
    let body = "<Errors><error code=\"403\"><notAuthorized message=\"The API secret did not match, Invalid credentials passed\"/></error></Errors>";
    let e = op.parse(&reply(200, body)).expect_err("refused");
    let api = e.api().expect("api error");
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(api.kind, ApiErrorKind::Unauthorized);
    assert_eq!(api.code, Some(403));
    assert_eq!(
        api.message.as_deref(),
        Some("The API secret did not match, Invalid credentials passed")
    );
    assert_eq!(api.description.as_deref(), Some("notAuthorized"));
    assert_eq!(api.body, body.as_bytes());
    // A real error status keeps its status; the legacy body still gives code and message.
    let e = op.parse(&reply(403, body)).expect_err("403");
    assert_eq!(
        e.api().and_then(|a| a.message.as_deref()),
        Some("The API secret did not match, Invalid credentials passed")
    );
    assert!(matches!(
        op.parse(&reply(200, "<html/>")),
        Err(ResponseError::Decode(_))
    ));
    assert!(matches!(op.parse(&reply(200, "")), Err(ResponseError::Decode(_))));
}

#[test]
fn manifest_request_and_reply() {
    let op = GetManifest::new("200567af-0726-4e93-883b-fe0426d6310a", TOKEN);
    let req = with_ctx(|ctx| op.build(ctx)).expect("builds");
    assert_eq!(req.method(), "GET");
    assert_eq!(
        req.uri().to_string(),
        "https://api.opentok.com/hl/archive/getmanifest/200567af-0726-4e93-883b-fe0426d6310a"
    );
    assert_eq!(req.headers()["x-tb-token-auth"], TOKEN);
    assert!(req.headers()["x-tb-token-auth"].is_sensitive());
    assert!(req.headers().get("x-tb-partner-auth").is_none());
    assert!(req.body().is_empty());
    assert!(
        !format!("{op:?}").contains("T1=="),
        "the token stays out of Debug"
    );
    let m = op
        .parse(&reply(
            200,
            r#"<manifest version="0.1" archiveid="200567af-0726-4e93-883b-fe0426d6310a" title="1346797109799"><resources><video id="bbf108c9-7237-49ae-9057-2ccdb71cf675" length="18734" name=""/></resources><timeline><event type="PLAY" id="bbf108c9-7237-49ae-9057-2ccdb71cf675" offset="1263" data="" /></timeline></manifest>"#,
        ))
        .expect("parses");
    assert_eq!(m.resources[0].length, Some(18734));
    assert_eq!(m.timeline[0].event_type, TimelineEventType::Play);
    let e = op
        .parse(&reply(
            200,
            "<Errors><error code=\"404\"><itemNotFound message=\"Archive not found\"/></error></Errors>",
        ))
        .expect_err("not found");
    assert_eq!(e.api().map(|a| a.kind), Some(ApiErrorKind::NotFound));
}

#[test]
fn archive_calls_validate() {
    let e = with_ctx(|ctx| GetManifest::new("", TOKEN).build(ctx)).expect_err("no id");
    assert_eq!((e.field.as_ref(), &e.rule), ("archiveId", &Rule::Required));
    let e = with_ctx(|ctx| GetManifest::new("a", "").build(ctx)).expect_err("no token");
    assert_eq!(e.field, "token");
    let e = with_ctx(|ctx| GetArchiveUrl::new("a", "", TOKEN).build(ctx)).expect_err("no video");
    assert_eq!(e.field, "videoId");
    let e = with_ctx(|ctx| DeleteLegacyArchive::new("a", "bad\ntoken").build(ctx)).expect_err("bad");
    assert_eq!(e.field, "token");
}

#[test]
fn archive_url_request_and_reply() {
    let op = GetArchiveUrl::new("a%1", "v 2", TOKEN);
    let req = with_ctx(|ctx| op.build(ctx)).expect("builds");
    assert_eq!(req.uri().path(), "/hl/archive/url/a%251/v%202");
    assert_eq!(req.method(), "GET");
    let url = "https://s3.amazonaws.com/tokbox.com.archive2/459782/a/v.flv?Signature=x%2By&Expires=1346800717&AWSAccessKeyId=AKIA";
    assert_eq!(op.parse(&reply(200, &format!("{url}\n"))).expect("url"), url);
    let e = op
        .parse(&reply(
            200,
            "<Errors><error code=\"403\"><notAuthorized message=\"no\"/></error></Errors>",
        ))
        .expect_err("refused");
    assert_eq!(e.api().map(|a| a.status), Some(StatusCode::FORBIDDEN));
    for bad in ["", "not a url", "<html>oops</html>", "https://x y"] {
        assert!(
            matches!(op.parse(&reply(200, bad)), Err(ResponseError::Decode(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn delete_request_and_statuses() {
    let op = DeleteLegacyArchive::new("200567af", TOKEN);
    let req = with_ctx(|ctx| op.build(ctx)).expect("builds");
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri().to_string(),
        "https://api.opentok.com/hl/archive/delete/200567af"
    );
    assert_eq!(req.headers()["x-tb-token-auth"], TOKEN);
    assert_eq!(op.parse(&reply(200, "")), Ok(()));
    let e = op
        .parse(&reply(404, "<html>Server Error 404</html>"))
        .expect_err("404");
    assert_eq!(e.api().map(|a| a.kind), Some(ApiErrorKind::NotFound));
    let e = op
        .parse(&reply(
            200,
            "<Errors><error code=\"404\"><itemNotFound message=\"Archive 200567af not found\"/></error></Errors>",
        ))
        .expect_err("404 in a 200");
    let api = e.api().expect("api");
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.message.as_deref(), Some("Archive 200567af not found"));
    let e = op.parse(&reply(500, "")).expect_err("500");
    assert_eq!(e.api().map(|a| a.kind), Some(ApiErrorKind::Server));
}

#[test]
fn stitch_request_and_replies() {
    let op = StitchArchive::new("5f74aee5-ab3f-421b-b124-ed2a698ee939");
    let req = with_ctx(|ctx| op.build(ctx)).expect("builds");
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri().to_string(),
        "https://api.opentok.com/hl/archive/5f74aee5-ab3f-421b-b124-ed2a698ee939/stitch"
    );
    let auth = &req.headers()["x-tb-partner-auth"];
    assert_eq!(auth.to_str().expect("ascii"), "459782:s3cret");
    assert!(auth.is_sensitive());
    assert!(req.body().is_empty());

    // 201 with the composed file's signed URL (the shape of the 2012 recording).
    let url =
        "https://s3.amazonaws.com/tokbox.com.archive2/5f74aee5/stitch.mp4?Expires=1346800717&Signature=x%2By";
    let created = Response::builder()
        .status(201)
        .header("location", url)
        .body(Vec::new())
        .expect("valid");
    assert_eq!(op.parse(&created), Ok(Stitch::Ready { location: url.into() }));
    assert_eq!(op.parse(&reply(202, "")), Ok(Stitch::Processing));
    // A 201 without a usable Location is not a result.
    assert!(matches!(op.parse(&reply(201, "")), Err(ResponseError::Decode(_))));
    let e = op.parse(&reply(404, "")).expect_err("404");
    assert_eq!(e.api().map(|a| a.kind), Some(ApiErrorKind::NotFound));
    let e = op.parse(&reply(403, "")).expect_err("403");
    assert_eq!(e.api().map(|a| a.status), Some(StatusCode::FORBIDDEN));

    // A bad id is refused before anything is built.
    let e = with_ctx(|ctx| StitchArchive::new("../x").build(ctx)).expect_err("dot segment");
    assert_eq!(e.field, "archiveId");
    assert!(!op.idempotent());
}

#[test]
fn operations_table() {
    let legacy = [
        LegacyCreateSession::INFO,
        GetManifest::INFO,
        GetArchiveUrl::INFO,
        DeleteLegacyArchive::INFO,
        StitchArchive::INFO,
    ];
    assert!(legacy.iter().all(|o| o.path.starts_with("/hl/")));
    assert!(!DeleteLegacyArchive::new("a", TOKEN).idempotent());
    assert!(GetManifest::new("a", TOKEN).idempotent());
}
