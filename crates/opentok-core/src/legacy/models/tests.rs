use super::*;

/// The seed's manifest, with the typographic quotes the page printed around `PLAY` made straight.
const SEED_MANIFEST: &str = "<manifest version=\"0.1\" archiveid=\"340ded4d-a587-4ca0-b92a-ef86b6997fc7\" title=\"archive1318034901141\"> <resources> <video id=\"125f0b49-e452-4b61-ade5-2f4589ade4cb\" length=\"8687\" name=\"Bob\" /> </resources> <timeline> <event type=\"PLAY\" id=\"125f0b49-e452-4b61-ade5-2f4589ade4cb\" offset=\"0\" /> </timeline> </manifest>";

/// The 2012 recording (Ruby cassette `archives.yml`).
const RECORDED_MANIFEST: &str = r#"<manifest version="0.1" archiveid="200567af-0726-4e93-883b-fe0426d6310a" title="1346797109799">
  <resources>
    <video id="bbf108c9-7237-49ae-9057-2ccdb71cf675" length="18734" name=""/>
    <video id="3f0d3ec6-4a41-4cc5-9e38-f9e6375ba5fd" length="18743" name=""/>
  </resources>
  <timeline>
    <event type="PLAY" id="3f0d3ec6-4a41-4cc5-9e38-f9e6375ba5fd" offset="1255" data="" />
    <event type="PLAY" id="bbf108c9-7237-49ae-9057-2ccdb71cf675" offset="1263" data="" />
  </timeline>
</manifest>"#;

#[test]
fn seed_manifest() {
    let m = ArchiveManifest::from_xml(SEED_MANIFEST).expect("parses");
    assert_eq!(m.archive_id, "340ded4d-a587-4ca0-b92a-ef86b6997fc7");
    assert_eq!(m.version.as_deref(), Some("0.1"));
    assert_eq!(m.title.as_deref(), Some("archive1318034901141"));
    assert_eq!(
        m.resources,
        vec![VideoResource::new(
            "125f0b49-e452-4b61-ade5-2f4589ade4cb",
            Some(8687),
            Some("Bob".into())
        )]
    );
    assert_eq!(
        m.timeline,
        vec![TimelineEvent::new(
            TimelineEventType::Play,
            "125f0b49-e452-4b61-ade5-2f4589ade4cb",
            Some(0)
        )]
    );
    // As printed, the quotes are not XML quotes: a clear error, not a guess.
    let printed = SEED_MANIFEST.replace("\"PLAY\"", "\u{201d}PLAY\u{201d}");
    assert!(matches!(
        ArchiveManifest::from_xml(&printed),
        Err(LegacyXmlError::Malformed(_))
    ));
}

#[test]
fn recorded_manifest_and_round_trip() {
    let m = ArchiveManifest::from_xml(RECORDED_MANIFEST).expect("parses");
    assert_eq!(m.resources.len(), 2);
    assert_eq!(m.resources[1].length, Some(18743));
    assert_eq!(m.resources[0].name.as_deref(), Some(""));
    assert_eq!(m.timeline[0].offset, Some(1255));
    assert_eq!(m.timeline[1].id, "bbf108c9-7237-49ae-9057-2ccdb71cf675");
    assert_eq!(m.timeline[1].data, None);
    let again = ArchiveManifest::from_xml(&m.to_xml()).expect("round trip");
    assert_eq!(again, m);
    let json = serde_json::to_value(&m).expect("json");
    assert_eq!(json["archiveId"], "200567af-0726-4e93-883b-fe0426d6310a");
    assert_eq!(json["resources"][0]["length"], 18734);
    assert_eq!(json["timeline"][0]["type"], "PLAY");
}

#[test]
fn manifest_leniency_and_rules() {
    let m = ArchiveManifest::from_xml(
            "<Manifest archiveid='a' extra='x'><unknown><video id='nope'/></unknown><resources><video id='v' length=' 12 '/><other/><video id='w'/></resources><timeline><event type='STOP' id='v' offset=''/></timeline></Manifest>",
        )
        .expect("parses");
    assert_eq!(
        m.resources.len(),
        2,
        "videos outside <resources> are not resources"
    );
    assert_eq!(m.resources[0].length, Some(12));
    assert_eq!(m.resources[1].length, None);
    assert_eq!(m.timeline[0].event_type, TimelineEventType::Other("STOP".into()));
    assert_eq!(m.timeline[0].offset, None);
    for bad in [
        "<manifest/>",
        "<manifest archiveid='a'><resources><video length='1'/></resources></manifest>",
        "<manifest archiveid='a'><resources><video id='v' length='-1'/></resources></manifest>",
        "<manifest archiveid='a'><timeline><event id='v' offset='1.5'/></timeline></manifest>",
        "<sessions/>",
    ] {
        assert!(
            matches!(ArchiveManifest::from_xml(bad), Err(LegacyXmlError::Unexpected(_))),
            "{bad}"
        );
    }
    assert!(matches!(
        ArchiveManifest::from_xml("<manifest"),
        Err(LegacyXmlError::Malformed(_))
    ));
}

#[test]
fn sessions_reply_both_casings() {
    let recorded = "<Sessions>\n  <Session>\n    <session_id>2_MX40NTk3ODJ-fjIwMTItMDktMDQg</session_id>\n    <partner_id>459782</partner_id>\n    <create_dt>2012-09-04 23:27:12.767869+00:00</create_dt>\n    <session_status></session_status>\n  </Session>\n</Sessions>";
    let s = LegacySession::from_xml(recorded).expect("parses");
    assert_eq!(s.session_id, "2_MX40NTk3ODJ-fjIwMTItMDktMDQg");
    assert_eq!(s.partner_id.as_deref(), Some("459782"));
    assert_eq!(s.create_dt.as_deref(), Some("2012-09-04 23:27:12.767869+00:00"));
    assert_eq!(s.session_status, None);
    let newer = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sessions><Session><session_id>1_MX4xMjM0NTZ-</session_id><partner_id>123456</partner_id><create_dt>Mon Mar 17 00:41:31 PDT 2014</create_dt></Session></sessions>";
    let s = LegacySession::from_xml(newer).expect("parses");
    assert_eq!(s.session_id, "1_MX4xMjM0NTZ-");
    assert_eq!(LegacySession::from_xml(&s.to_xml()).expect("round trip"), s);
    assert!(matches!(
        LegacySession::from_xml("<Sessions><Session><partner_id>1</partner_id></Session></Sessions>"),
        Err(LegacyXmlError::Unexpected(_))
    ));
}

#[test]
fn errors_in_a_200_body() {
    let body = "<Errors><error code=\"403\"><notAuthorized message=\"The API secret did not match, Invalid credentials passed\"/></error></Errors>";
    let Err(LegacyXmlError::Refused(e)) = LegacySession::from_xml(body) else {
        panic!("refused expected");
    };
    assert_eq!(e.code, Some(403));
    assert_eq!(e.kind.as_deref(), Some("notAuthorized"));
    assert_eq!(
        e.message.as_deref(),
        Some("The API secret did not match, Invalid credentials passed")
    );
    let api = e.to_api_error(body.as_bytes());
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(api.kind, ApiErrorKind::Unauthorized);
    assert_eq!(api.code, Some(403));
    assert_eq!(api.body, body.as_bytes());
    // The error inside a <Session>, as anvil.opentok.com sent it.
    let inside = "<sessions><Session><error code=\"403\"><errorMessage message=\"Invalid token\"/></error></Session></sessions>";
    let Err(LegacyXmlError::Refused(e)) = LegacySession::from_xml(inside) else {
        panic!("refused expected");
    };
    assert_eq!(e.message.as_deref(), Some("Invalid token"));
    // Codes that are not HTTP error statuses map to 400.
    let e = LegacyError::parse_all("<Errors><error code=\"-1\">oops</error></Errors>").expect("errors");
    assert_eq!(e[0].message.as_deref(), Some("oops"));
    assert_eq!(e[0].status(), StatusCode::BAD_REQUEST);
    assert_eq!(LegacyError::parse_all("<manifest/>"), None);
    let written =
        LegacyError::errors_to_xml(&[LegacyError::new(404, "itemNotFound", "Archive <a> not found")]);
    assert_eq!(
        LegacyError::parse_all(&written).expect("errors"),
        vec![LegacyError::new(404, "itemNotFound", "Archive <a> not found")]
    );
}
