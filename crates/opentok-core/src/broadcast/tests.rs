use std::time::Duration;

use serde_json::json;

use super::*;
use crate::connection::test_support::{assert_no_body, build_ok, invalid, json_body, reply};
use crate::error::{ApiErrorKind, ResponseError, Rule};
use crate::layout::{Layout, LayoutType};
use crate::operation::Operation;

const BASE: &str = "https://api.opentok.com/v2/project/123456";
const BID: &str = "13dbcc23-af92-4862-9184-74b21815a814";

/// The start reply recorded in the Ruby SDK's `starts_a_rtmp_broadcast` cassette.
const STARTED_RTMP: &str = r#"{
"id":"BROADCASTID",
"sessionId":"SESSIONID",
"projectId":123456,
"createdAt":1538086900154,
"broadcastUrls":
        {
        "hls":"https://cdn-broadcast001-pdx.tokbox.com/14787/14787_b930bf08-1c9f-4c55-ab04-7d192578c057.smil/playlist.m3u8",
        "rtmp":
          [
            {
              "status":"connecting",
              "id":"rubyTestStream",
              "serverUrl":"rtmp://x.rtmp.youtube.com/live2",
              "streamName":"66c9-jwuh-pquf-9x18"
              }
            ]
        },
"updatedAt":1538086900489,
"status":"started",
"maxDuration":7200,
"resolution":"640x480",
"partnerId":100,
"event":"broadcast"
}"#;

/// The stop reply recorded in `stops_a_broadcast`: `broadcastUrls` is null.
const STOPPED: &str = r#"{
  "id":"13dbcc23-af92-4862-9184-74b21815a814",
  "sessionId":"SESSIONID",
  "projectId":123456,
  "createdAt":1538162113387,
  "broadcastUrls":null,
  "updatedAt":1538162113387,
  "status":"stopped",
  "maxDuration":7200,
  "resolution":"640x480",
  "event":"broadcast",
  "partnerId":123456
}"#;

/// One item of the list replies recorded in `for_many_broadcasts`: `rtmp` keyed by id.
const LISTED: &str = r#"{
    "id" : "ef546c5a-4fd7-4e59-ab3d-f1cfb4148d1d",
    "sessionId" : "SESSIONID",
    "projectId": 123456,
    "createdAt" : 1395187930000,
    "updatedAt": 1395187930000,
    "resolution": "640x480",
    "broadcastUrls": {
      "hls" : "http://tokbox.com.broadcast2.s3.amazonaws.com/123456%2F5350f06f-0166-402e-bc27-09ba54948512.m3u8",
      "rtmp": {
        "foo": {
          "serverUrl": "rtmps://myfooserver/myfooapp",
          "streamName": "myfoostream1",
          "status": "started"
        },
        "bar": {
          "serverUrl": "rtmp://mybarserver/mybarapp",
          "streamName": "mybarstream1",
          "status": "live"
        }
      }
    },
    "status": "started",
    "streamMode" : "manual",
    "streams" : []
  }"#;

fn api_error<T: std::fmt::Debug>(r: Result<T, ResponseError>) -> crate::error::ApiError {
    match r {
        Err(ResponseError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn hls_only() -> StartBroadcast {
    StartBroadcast::new("SESSIONID").hls(HlsOutput::new())
}

// ---- StartBroadcast ---------------------------------------------------------------------

#[test]
fn start_cassette_bodies() {
    let req = build_ok(&hls_only());
    assert_eq!(req.uri().to_string(), format!("{BASE}/broadcast"));
    assert_eq!(
        json_body(&req),
        json!({"sessionId": "SESSIONID", "outputs": {"hls": {}}})
    );
    let req = build_ok(&hls_only().multi_broadcast_tag("broadcast-1"));
    assert_eq!(
        json_body(&req),
        json!({"sessionId": "SESSIONID", "outputs": {"hls": {}}, "multiBroadcastTag": "broadcast-1"})
    );
    let req = build_ok(&hls_only().rtmp(
        RtmpOutput::new("rtmp://x.rtmp.youtube.com/live2", "66c9-jwuh-pquf-9x18").id("rubyTestStream"),
    ));
    assert_eq!(
        json_body(&req),
        json!({"sessionId": "SESSIONID", "outputs": {"hls": {}, "rtmp": [{
            "id": "rubyTestStream",
            "serverUrl": "rtmp://x.rtmp.youtube.com/live2",
            "streamName": "66c9-jwuh-pquf-9x18"
        }]}})
    );
}

#[test]
fn start_with_every_option() {
    let op = StartBroadcast::new("S")
        .hls(HlsOutput::new().dvr(false).low_latency(true))
        .rtmp(RtmpOutput::new("rtmps://x/live", "key").id("r1"))
        .layout(Layout::best_fit())
        .max_duration(Duration::from_secs(3600))
        .max_bitrate(2_000_000)
        .resolution(Resolution::FullHd)
        .stream_mode(StreamMode::Auto)
        .multi_broadcast_tag("t")
        .has_audio(true)
        .has_video(true);
    assert_eq!(
        json_body(&build_ok(&op)),
        json!({
            "sessionId": "S",
            "streamMode": "auto",
            "layout": {"type": "bestFit"},
            "maxDuration": 3600,
            "maxBitrate": 2000000,
            "resolution": "1920x1080",
            "multiBroadcastTag": "t",
            "hasAudio": true,
            "hasVideo": true,
            "outputs": {
                "hls": {"dvr": false, "lowLatency": true},
                "rtmp": [{"id": "r1", "serverUrl": "rtmps://x/live", "streamName": "key"}]
            }
        })
    );
}

#[test]
fn start_rtmp_only() {
    let req = build_ok(&StartBroadcast::new("S").rtmp(RtmpOutput::new("rtmp://a/b", "k")));
    assert_eq!(
        json_body(&req)["outputs"],
        json!({"rtmp": [{"serverUrl": "rtmp://a/b", "streamName": "k"}]})
    );
}

#[test]
fn start_parses_cassette_reply_with_rtmp_array() {
    let b = hls_only().parse(&reply(200, STARTED_RTMP)).expect("parses");
    assert_eq!(b.id, "BROADCASTID");
    assert_eq!(b.status, Some(BroadcastStatus::Started));
    assert_eq!(b.project_id.as_deref(), Some("123456"));
    assert_eq!(b.partner_id.as_deref(), Some("100"));
    assert_eq!(b.project(), Some("123456"));
    assert_eq!(b.max_duration, Some(Duration::from_secs(7200)));
    assert_eq!(b.resolution, Some(Resolution::Sd));
    assert_eq!(b.event.as_deref(), Some("broadcast"));
    assert_eq!(
        b.created_at,
        Some(crate::clock::from_unix_millis(1_538_086_900_154))
    );
    assert!(b.hls_url().is_some_and(|u| u.ends_with("playlist.m3u8")));
    assert_eq!(b.rtmp().len(), 1);
    let r = &b.rtmp()[0];
    assert_eq!(r.id.as_deref(), Some("rubyTestStream"));
    assert_eq!(r.server_url.as_deref(), Some("rtmp://x.rtmp.youtube.com/live2"));
    assert_eq!(r.stream_name.as_deref(), Some("66c9-jwuh-pquf-9x18"));
    assert_eq!(r.status, Some(RtmpStatus::Connecting));
    // The stream name is the YouTube stream key: never in Debug.
    let dbg = format!("{b:?}");
    assert!(
        !dbg.contains("66c9-jwuh") && dbg.contains("rtmp://x.rtmp.youtube.com/live2"),
        "{dbg}"
    );
}

#[test]
fn stream_keys_stay_out_of_debug() {
    let op = StartBroadcast::new("S").rtmp(RtmpOutput::new("rtmp://a/live2", "my-stream-key").id("yt"));
    let dbg = format!("{op:?}");
    assert!(!dbg.contains("my-stream-key"), "{dbg}");
    assert!(
        dbg.contains("rtmp://a/live2") && dbg.contains("\"yt\"") && dbg.contains("<redacted>"),
        "{dbg}"
    );
}

#[test]
fn start_error_statuses() {
    let e = api_error(hls_only().parse(&reply(
        409,
        r#"{"message":"Session is already composed for given tag with code 409"}"#,
    )));
    assert_eq!(e.kind, ApiErrorKind::Conflict);
    let e = api_error(hls_only().parse(&reply(
        400,
        r#"{"code":400,"message":"exceeded the limit of five simultaneous RTMP streams"}"#,
    )));
    assert_eq!((e.kind, e.code), (ApiErrorKind::InvalidRequest, Some(400)));
    assert_eq!(
        e.message.as_deref(),
        Some("exceeded the limit of five simultaneous RTMP streams")
    );
}

#[test]
fn start_rule_session_id() {
    let e = invalid(&StartBroadcast::new("").hls(HlsOutput::new()));
    assert_eq!((e.field.as_ref(), e.rule), ("sessionId", Rule::Required));
}

#[test]
fn start_rule_needs_an_output() {
    let e = invalid(&StartBroadcast::new("S"));
    assert_eq!((e.field.as_ref(), e.rule), ("outputs", Rule::Required));
}

#[test]
fn start_rule_dvr_and_low_latency() {
    let e = invalid(&StartBroadcast::new("S").hls(HlsOutput::new().dvr(true).low_latency(true)));
    assert_eq!(e.field, "outputs.hls.lowLatency");
    assert!(matches!(e.rule, Rule::Conflict(_)));
    build_ok(&StartBroadcast::new("S").hls(HlsOutput::new().dvr(true).low_latency(false)));
}

#[test]
fn start_rule_at_most_five_rtmp() {
    let mut op = StartBroadcast::new("S");
    for i in 0..6 {
        op = op.rtmp(RtmpOutput::new("rtmp://a/b", format!("k{i}")));
    }
    let e = invalid(&op);
    assert_eq!(e.field, "outputs.rtmp");
    assert_eq!(
        e.rule,
        Rule::TooLong {
            max: 5,
            actual: 6,
            unit: "items"
        }
    );
    op.outputs.rtmp.pop();
    build_ok(&op);
}

#[test]
fn start_rule_rtmp_fields() {
    let e = invalid(
        &StartBroadcast::new("S")
            .rtmp(RtmpOutput::new("rtmp://a/b", "k"))
            .rtmp(RtmpOutput::new("", "k")),
    );
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("outputs.rtmp[1].serverUrl", Rule::Required)
    );
    let e = invalid(&StartBroadcast::new("S").rtmp(RtmpOutput::new("rtmp://a/b", " ")));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("outputs.rtmp[0].streamName", Rule::Required)
    );
    let e = invalid(
        &StartBroadcast::new("S")
            .rtmp(RtmpOutput::new("rtmp://a/b", "k").id("x"))
            .rtmp(RtmpOutput::new("rtmp://a/c", "k").id("x")),
    );
    assert_eq!(e.field, "outputs.rtmp[1].id");
    assert!(matches!(e.rule, Rule::Conflict(_)));
}

#[test]
fn start_rule_max_duration() {
    for (bad, actual) in [(59, 59), (36_001, 36_001), (u64::MAX, i64::from(u32::MAX))] {
        let e = invalid(&hls_only().max_duration(Duration::from_secs(bad)));
        assert_eq!(e.field, "maxDuration");
        assert_eq!(
            e.rule,
            Rule::OutOfRange {
                min: 60,
                max: 36_000,
                actual
            }
        );
    }
    build_ok(&hls_only().max_duration(Duration::from_secs(60)));
    build_ok(&hls_only().max_duration(Duration::from_secs(36_000)));
}

#[test]
fn start_rule_resolution_stream_mode_bitrate_tracks_layout() {
    let e = invalid(&hls_only().resolution(Resolution::from("1x1")));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("resolution", Rule::OneOf(Resolution::KNOWN))
    );
    let e = invalid(&hls_only().stream_mode(StreamMode::from("x")));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("streamMode", Rule::OneOf(StreamMode::KNOWN))
    );
    let e = invalid(&hls_only().max_bitrate(7_000_000));
    assert_eq!(e.field, "maxBitrate");
    assert!(matches!(e.rule, Rule::OutOfRange { .. }));
    let e = invalid(&hls_only().has_audio(false).has_video(false));
    assert_eq!(e.field, "hasVideo");
    let e = invalid(&hls_only().layout(Layout::custom("")));
    assert_eq!((e.field.as_ref(), e.rule), ("layout.stylesheet", Rule::Required));
}

// ---- stop / get / list ----------------------------------------------------------------

#[test]
fn the_documented_stop_reply_without_status_parses() {
    // The stop-broadcast reply as the REST reference shows it: no `status`, `broadcastUrls` null.
    let body = r#"{"id":"1748b7070a81464c9759c46ad10d3734","sessionId":"2_MX4xMDB-","projectId":100,
        "createdAt":1437676551000,"updatedAt":1437676551000,"resolution":"640x480","broadcastUrls":null}"#;
    let b = StopBroadcast::new(BID).parse(&reply(200, body)).expect("parses");
    assert_eq!(b.id, "1748b7070a81464c9759c46ad10d3734");
    assert_eq!(b.status, None);
    assert_eq!(b.project_id.as_deref(), Some("100"));
    assert_eq!(b.resolution, Some(Resolution::Sd));
    assert_eq!(b.broadcast_urls, None);
    // and it writes back without inventing one
    let v = serde_json::to_value(&b).expect("serializes");
    assert!(v.get("status").is_none(), "{v}");
}

#[test]
fn a_repeated_key_keeps_its_last_value() {
    let body = r#"{"id":"b","status":"started","hasAudio":true,"hasVideo":false,"hasAudio":false,"status":"stopped"}"#;
    for parsed in [
        GetBroadcast::new("b").parse(&reply(200, body)),
        StopBroadcast::new("b").parse(&reply(200, body)),
        StartBroadcast::new("S")
            .hls(HlsOutput::new())
            .parse(&reply(200, body)),
    ] {
        let b = parsed.expect("parses");
        assert_eq!(b.status, Some(BroadcastStatus::Stopped));
        assert_eq!((b.has_audio, b.has_video), (Some(false), Some(false)));
    }
    let list = format!(r#"{{"count":1,"count":2,"items":[{body}]}}"#);
    let page = ListBroadcasts::new().parse(&reply(200, &list)).expect("parses");
    assert_eq!(page.count, 2);
    assert_eq!(page.items[0].status, Some(BroadcastStatus::Stopped));
    assert_eq!(
        Broadcast::from_json(body.as_bytes()).expect("parses").status,
        Some(BroadcastStatus::Stopped)
    );
}

#[test]
fn stop_builds_and_parses_null_urls() {
    let req = build_ok(&StopBroadcast::new(BID));
    assert_eq!(req.uri().to_string(), format!("{BASE}/broadcast/{BID}/stop"));
    assert_no_body(&req);
    let b = StopBroadcast::new(BID)
        .parse(&reply(200, STOPPED))
        .expect("parses");
    assert_eq!(b.status, Some(BroadcastStatus::Stopped));
    assert_eq!(b.broadcast_urls, None);
    assert!(b.rtmp().is_empty());
    assert_eq!(b.hls_url(), None);
    let e = api_error(
        StopBroadcast::new(BID).parse(&reply(404, r#"{"code":-1,"message":"Request timed out."}"#)),
    );
    assert_eq!((e.kind, e.code), (ApiErrorKind::NotFound, Some(-1)));
}

#[test]
fn get_builds_and_parses() {
    let req = build_ok(&GetBroadcast::new(BID));
    assert_eq!(req.uri().to_string(), format!("{BASE}/broadcast/{BID}"));
    assert_no_body(&req);
    let b = GetBroadcast::new(BID).parse(&reply(200, LISTED)).expect("parses");
    assert_eq!(b.stream_mode, Some(StreamMode::Manual));
    assert!(b.streams.is_empty());
    let e = invalid(&GetBroadcast::new(""));
    assert_eq!((e.field.as_ref(), e.rule), ("broadcastId", Rule::Required));
    let e =
        api_error(GetBroadcast::new(BID).parse(&reply(403, r#"{"code":-1,"message":"Invalid signature"}"#)));
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);
}

#[test]
fn rtmp_keyed_by_id_reads_in_document_order() {
    let b = Broadcast::from_json(LISTED.as_bytes()).expect("parses");
    let ids: Vec<_> = b.rtmp().iter().map(|r| r.id.as_deref()).collect();
    assert_eq!(ids, vec![Some("foo"), Some("bar")]);
    assert_eq!(b.rtmp()[0].status, Some(RtmpStatus::Started));
    assert_eq!(b.rtmp()[1].status, Some(RtmpStatus::Live));
    assert_eq!(b.rtmp()[1].stream_name.as_deref(), Some("mybarstream1"));
    // An id inside the entry wins over the key.
    let b = Broadcast::from_json(
        br#"{"id":"b","status":"started","broadcastUrls":{"rtmp":{"k":{"id":"inner","serverUrl":"rtmp://a"}}}}"#,
    )
    .expect("parses");
    assert_eq!(b.rtmp()[0].id.as_deref(), Some("inner"));
    // rtmp null, and rtmp of the wrong shape.
    let b = Broadcast::from_json(br#"{"id":"b","status":"started","broadcastUrls":{"rtmp":null}}"#)
        .expect("parses");
    assert!(b.rtmp().is_empty());
    assert!(Broadcast::from_json(br#"{"id":"b","status":"started","broadcastUrls":{"rtmp":"x"}}"#).is_err());
}

#[test]
fn list_builds_and_parses_cassette_page() {
    let req = build_ok(&ListBroadcasts::new());
    assert_eq!(req.uri().to_string(), format!("{BASE}/broadcast"));
    let req = build_ok(&ListBroadcasts::new().offset(1).count(2).session_id("SESSIONID"));
    assert_eq!(
        req.uri().to_string(),
        format!("{BASE}/broadcast?offset=1&count=2&sessionId=SESSIONID")
    );
    let body = format!(r#"{{"count" : 6, "items" : [ {LISTED}, {STARTED_RTMP} ]}}"#);
    let page = ListBroadcasts::new().parse(&reply(200, &body)).expect("parses");
    assert_eq!(page.count, 6);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].rtmp().len(), 2);
    assert_eq!(page.items[1].rtmp().len(), 1);
    let e = invalid(&ListBroadcasts::new().count(5000));
    assert_eq!(e.field, "count");
    assert!(matches!(e.rule, Rule::OutOfRange { max: 1000, .. }));
}

// ---- layout and streams -----------------------------------------------------------------

#[test]
fn set_layout() {
    let req = build_ok(&SetBroadcastLayout::new(BID, Layout::vertical_presentation()));
    assert_eq!(req.uri().to_string(), format!("{BASE}/broadcast/{BID}/layout"));
    assert_eq!(json_body(&req), json!({"type": "verticalPresentation"}));
    let req = build_ok(&SetBroadcastLayout::new(BID, Layout::custom("s")));
    assert_eq!(json_body(&req), json!({"type": "custom", "stylesheet": "s"}));
    SetBroadcastLayout::new(BID, Layout::pip())
        .parse(&reply(200, r#"{"code":-1,"message":"Issuer not found"}"#))
        .expect("any 2xx");
    let e = invalid(&SetBroadcastLayout::new(
        BID,
        Layout::new(LayoutType::from("grid")),
    ));
    assert_eq!(
        (e.field.as_ref(), e.rule),
        ("type", Rule::OneOf(LayoutType::KNOWN))
    );
}

#[test]
fn stream_patches() {
    let sid = "12312312-3811-4726-b508-e41a0f96c68f";
    let req = build_ok(&AddBroadcastStream::new(BID, sid));
    assert_eq!(req.uri().to_string(), format!("{BASE}/broadcast/{BID}/streams"));
    assert_eq!(json_body(&req), json!({"addStream": sid}));
    let req = build_ok(&AddBroadcastStream::new(BID, sid).has_audio(true).has_video(true));
    assert_eq!(
        json_body(&req),
        json!({"addStream": sid, "hasAudio": true, "hasVideo": true})
    );
    assert_eq!(
        json_body(&build_ok(&RemoveBroadcastStream::new(BID, sid))),
        json!({"removeStream": sid})
    );
    RemoveBroadcastStream::new(BID, sid)
        .parse(&reply(204, ""))
        .expect("204");
    let e = api_error(AddBroadcastStream::new(BID, sid).parse(&reply(405, "")));
    assert_eq!(e.kind, ApiErrorKind::NotAllowed);
    let e = invalid(
        &AddBroadcastStream::new(BID, sid)
            .has_audio(false)
            .has_video(false),
    );
    assert_eq!(e.field, "hasVideo");
    let e = invalid(&RemoveBroadcastStream::new(BID, ""));
    assert_eq!((e.field.as_ref(), e.rule), ("removeStream", Rule::Required));
}

// ---- the model ----------------------------------------------------------------------------

#[test]
fn callback_payload_and_lenient_values() {
    // A broadcast status callback: the broadcast JSON with `"event": "broadcast"`.
    let body = br#"{
        "id": "b1", "sessionId": "s", "projectId": "123456", "event": "broadcast",
        "createdAt": "1538086900154", "updatedAt": 1538086900489, "status": "paused",
        "maxDuration": "5400", "maxBitrate": "1000000", "resolution": "1280x720",
        "streamMode": "manual", "hasAudio": "true", "hasVideo": false,
        "multiBroadcastTag": "tag",
        "settings": {"hls": {"lowLatency": true, "dvr": "false"}},
        "streams": [{"streamId": "st1", "hasAudio": true, "hasVideo": true}],
        "broadcastUrls": {"hls": "https://h/playlist.m3u8", "hlsStatus": "live",
                          "rtmp": [{"id": "r", "serverUrl": "rtmp://a", "streamName": "n", "status": "reconnecting"}]},
        "hlsStatus": "live",
        "somethingNew": true
    }"#;
    let b = Broadcast::from_json(body).expect("parses");
    assert_eq!(b.event.as_deref(), Some("broadcast"));
    assert_eq!(b.status, Some(BroadcastStatus::Other("paused".into())));
    assert_eq!(b.max_duration, Some(Duration::from_secs(5400)));
    assert_eq!(b.max_bitrate, Some(1_000_000));
    assert_eq!((b.has_audio, b.has_video), (Some(true), Some(false)));
    let hls = b
        .settings
        .as_ref()
        .and_then(|s| s.hls.as_ref())
        .expect("settings.hls");
    assert_eq!((hls.low_latency, hls.dvr), (Some(true), Some(false)));
    assert_eq!(b.streams[0].stream_id, "st1");
    assert_eq!(
        b.broadcast_urls.as_ref().and_then(|u| u.hls_status.as_deref()),
        Some("live")
    );
    assert_eq!(b.rtmp()[0].status, Some(RtmpStatus::Other("reconnecting".into())));
    assert_eq!(b.hls_status.as_deref(), Some("live"));

    // What the emulator serializes reads back the same, with rtmp as an array.
    let json = serde_json::to_vec(&b).expect("serializes");
    assert_eq!(Broadcast::from_json(&json).expect("parses back"), b);
    let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
    assert!(v["broadcastUrls"]["rtmp"].is_array());
    assert_eq!(v["createdAt"], json!(1_538_086_900_154_u64));
    assert_eq!(v["maxDuration"], json!(5400));
}

#[test]
fn bad_bodies_are_decode_errors() {
    for body in [
        "",
        "[",
        r#"{"status":"started"}"#,
        r#"{"id":"x","status":"started","maxDuration":"long"}"#,
    ] {
        assert!(
            matches!(
                GetBroadcast::new("x").parse(&reply(200, body)),
                Err(ResponseError::Decode(_))
            ),
            "{body}"
        );
    }
}

#[test]
fn routes() {
    assert_eq!(AddBroadcastStream::INFO, RemoveBroadcastStream::INFO);
}

mod robustness {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn arbitrary_bodies_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let resp = http::Response::builder().status(200).body(bytes.clone()).expect("valid");
            let _ = GetBroadcast::new("x").parse(&resp);
            let _ = ListBroadcasts::new().parse(&resp);
            let _ = Broadcast::from_json(&bytes);
        }

        #[test]
        fn near_miss_rtmp_never_panics(text in r#"[{}\[\]":, a-zA-Z_0-9.-]{0,200}"#) {
            let body = format!(r#"{{"id":"b","status":"started","broadcastUrls":{{"rtmp":{text}}}}}"#);
            let _ = Broadcast::from_json(body.as_bytes());
        }
    }
}
