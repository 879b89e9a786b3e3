//! `/v2/project/{key}/broadcast…`.

use std::time::Duration;

use opentok_core::broadcast::{
    AddBroadcastStream, Broadcast, GetBroadcast, HlsOutput, ListBroadcasts, RemoveBroadcastStream,
    RtmpOutput, SetBroadcastLayout, StartBroadcast, StopBroadcast,
};
use opentok_core::clock;
use opentok_core::layout::Layout;
use serde_json::Value;

use super::{Case, check};
use crate::harness::{self, Diff, Recorded, Report};
use crate::{ensure, ensure_eq};

const BROADCAST: &str = "13dbcc23-af92-4862-9184-74b21815a814";
const STREAM: &str = "12312312-3811-4726-b508-e41a0f96c68f";

/// A cassette of this directory.
macro_rules! file {
    ($name:literal $(,)?) => {
        concat!("OpenTok_Broadcasts/", $name)
    };
}

fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// One RTMP output: id, server URL, stream name, status.
type RtmpRow = (Option<String>, Option<String>, Option<String>, Option<String>);

/// Checks every field of `b` that the recorded JSON object `v` holds, RTMP outputs included
/// (an array, or an object keyed by output id).
fn broadcast_matches(b: &Broadcast, v: &Value) -> Result<(), String> {
    ensure_eq!(Some(b.id.as_str()), opt_str(v, "id"));
    ensure_eq!(b.status.as_ref().map(|s| s.as_str()), opt_str(v, "status"));
    ensure_eq!(Some(b.session_id.as_str()), opt_str(v, "sessionId"));
    let project = v
        .get("projectId")
        .or_else(|| v.get("partnerId"))
        .map(|p| p.to_string());
    ensure_eq!(b.project(), project.as_deref().map(|p| p.trim_matches('"')));
    for (key, ours) in [("createdAt", b.created_at), ("updatedAt", b.updated_at)] {
        ensure_eq!(
            ours,
            v.get(key).and_then(Value::as_u64).map(clock::from_unix_millis)
        );
    }
    ensure_eq!(
        b.max_duration,
        v.get("maxDuration")
            .and_then(Value::as_u64)
            .map(Duration::from_secs)
    );
    ensure_eq!(
        b.resolution.as_ref().map(|r| r.as_str()),
        opt_str(v, "resolution")
    );
    ensure_eq!(
        b.stream_mode.as_ref().map(|m| m.as_str()),
        opt_str(v, "streamMode")
    );
    ensure_eq!(b.multi_broadcast_tag.as_deref(), opt_str(v, "multiBroadcastTag"));
    ensure_eq!(b.event.as_deref(), opt_str(v, "event"));
    let urls = v.get("broadcastUrls").filter(|u| !u.is_null());
    ensure_eq!(b.hls_url(), urls.and_then(|u| opt_str(u, "hls")));
    let mut expected: Vec<RtmpRow> = Vec::new();
    let row = |id: Option<&str>, o: &Value| -> RtmpRow {
        (
            id.or_else(|| opt_str(o, "id")).map(str::to_owned),
            opt_str(o, "serverUrl").map(str::to_owned),
            opt_str(o, "streamName").map(str::to_owned),
            opt_str(o, "status").map(str::to_owned),
        )
    };
    match urls.and_then(|u| u.get("rtmp")) {
        Some(Value::Array(items)) => expected.extend(items.iter().map(|o| row(None, o))),
        Some(Value::Object(map)) => expected.extend(map.iter().map(|(k, o)| row(Some(k), o))),
        _ => {}
    }
    let mut ours: Vec<RtmpRow> = b
        .rtmp()
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                r.server_url.clone(),
                r.stream_name.clone(),
                r.status.as_ref().map(|s| s.as_str().to_owned()),
            )
        })
        .collect();
    ours.sort();
    expected.sort();
    ensure_eq!(ours, expected);
    Ok(())
}

fn one<Op>(rec: &Recorded, op: Op, diffs: &[Diff]) -> Result<Report, String>
where
    Op: opentok_core::Operation<Output = Broadcast>,
{
    let (out, report) = harness::check(rec, &op, diffs)?;
    let b = out.map_err(|e| format!("parse: {e}"))?;
    broadcast_matches(&b, &harness::reply_json(rec)?)?;
    Ok(report)
}

fn list(rec: &Recorded, op: ListBroadcasts) -> Result<Report, String> {
    let (out, report) = harness::check(rec, &op, &[])?;
    let page = out.map_err(|e| format!("parse: {e}"))?;
    let v = harness::reply_json(rec)?;
    ensure_eq!(Some(page.count), v.get("count").and_then(Value::as_u64));
    let items = v.get("items").and_then(Value::as_array).ok_or("no items")?;
    ensure_eq!(page.items.len(), items.len());
    for (b, item) in page.items.iter().zip(items) {
        broadcast_matches(b, item)?;
    }
    Ok(report)
}

fn empty<Op>(rec: &Recorded, op: Op, diffs: &[Diff]) -> Result<Report, String>
where
    Op: opentok_core::Operation<Output = ()>,
{
    let (out, report) = harness::check(rec, &op, diffs)?;
    out.map_err(|e| format!("parse: {e}"))?;
    Ok(report)
}

fn hls_start() -> StartBroadcast {
    StartBroadcast::new("SESSIONID").hls(HlsOutput::new())
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        check(file!("fetches_a_hls_broadcast_url.yml"), |r| {
            one(r, hls_start(), &[])
        }),
        check(file!("starts_a_rtmp_broadcast.yml"), |r| {
            one(
                r,
                hls_start().rtmp(
                    RtmpOutput::new("rtmp://x.rtmp.youtube.com/live2", "66c9-jwuh-pquf-9x18")
                        .id("rubyTestStream"),
                ),
                &[],
            )
        }),
        check(
            file!("starts_a_broadcast_with_a_specified_multiBroadcastTag.yml"),
            |r| one(r, hls_start().multi_broadcast_tag("broadcast-1"), &[]),
        ),
        check(
            file!(
                "starts_a_broadcast_with_a_matching_multi_broadcast_tag_value_when_multiBroadcastTag_is_specified.yml"
            ),
            |r| one(r, hls_start().multi_broadcast_tag("broadcast-1"), &[]),
        ),
        check(
            file!(
                "starts_a_broadcast_with_a_multi_broadcast_tag_value_of_nil_when_multiBroadcastTag_not_specified.yml"
            ),
            |r| {
                let (out, report) = harness::check(r, &hls_start(), &[])?;
                let b = out.map_err(|e| format!("parse: {e}"))?;
                broadcast_matches(&b, &harness::reply_json(r)?)?;
                ensure_eq!(b.multi_broadcast_tag, None::<String>);
                Ok(report)
            },
        ),
        check(file!("finds_a_broadcast.yml"), |r| {
            one(r, GetBroadcast::new(BROADCAST), &[])
        }),
        check(file!("calls_layout_on_broadcast_object.yml"), |r| {
            one(
                r,
                GetBroadcast::new(BROADCAST),
                &[Diff::Note(
                    "the Ruby test gets the broadcast and then calls layout on the object; only the GET is recorded",
                )],
            )
        }),
        check(file!("stops_a_broadcast.yml"), |r| {
            ensure!(
                r.response_body.contains("\"broadcastUrls\":null"),
                "the recording lost its null broadcastUrls"
            );
            one(r, StopBroadcast::new(BROADCAST), &[])
        }),
        check(file!("changes_the_layout_of_a_broadcast.yml"), |r| {
            empty(
                r,
                SetBroadcastLayout::new(BROADCAST, Layout::vertical_presentation()),
                &[Diff::Note(
                    "the recorded 200 carries an unrelated error-shaped JSON body; a 2xx is success and its body is ignored",
                )],
            )
        }),
        check(file!("adds_a_stream_to_a_broadcast.yml"), |r| {
            empty(r, AddBroadcastStream::new(BROADCAST, STREAM), &[])
        }),
        check(file!("removes_a_stream_from_a_broadcast.yml"), |r| {
            empty(r, RemoveBroadcastStream::new(BROADCAST, STREAM), &[])
        }),
        check(
            file!("for_many_broadcasts/should_return_all_broadcasts.yml"),
            |r| {
                ensure!(
                    r.response_body.contains("\"rtmp\": {"),
                    "the recording lost its rtmp-as-object shape"
                );
                list(r, ListBroadcasts::new())
            },
        ),
        check(
            file!("for_many_broadcasts/should_return_broadcasts_with_an_offset.yml"),
            |r| list(r, ListBroadcasts::new().offset(3)),
        ),
        check(
            file!("for_many_broadcasts/should_return_count_number_of_broadcasts.yml"),
            |r| list(r, ListBroadcasts::new().count(2)),
        ),
        check(
            file!("for_many_broadcasts/should_return_part_of_the_broadcasts_when_using_offset_and_count.yml"),
            |r| list(r, ListBroadcasts::new().offset(2).count(4)),
        ),
        check(
            file!("for_many_broadcasts/should_return_session_broadcasts.yml"),
            |r| list(r, ListBroadcasts::new().session_id("SESSIONID")),
        ),
    ]
}
