//! `/v2/project/{key}/archive…`.

use std::time::Duration;

use opentok_core::archive::{
    AddArchiveStream, Archive, DeleteArchive, GetArchive, ListArchives, OutputMode, RemoveArchiveStream,
    SetArchiveLayout, StartArchive, StopArchive,
};
use opentok_core::layout::{Layout, LayoutType, Resolution, StreamMode};
use opentok_core::{ApiErrorKind, clock};
use serde_json::Value;

use super::{Case, check};
use crate::harness::{self, Diff, Recorded, Report};
use crate::{ensure, ensure_eq};

const ARCHIVE: &str = "30b3ebf1-ba36-4f5b-8def-6f70d9986fe9";
const FOUND: &str = "f6e7ee58-d6cf-4a59-896b-6d56b158ec71";
const STREAM: &str = "12312312-3811-4726-b508-e41a0f96c68f";

/// A cassette of this directory.
macro_rules! file {
    ($name:literal $(,)?) => {
        concat!("OpenTok_Archives/", $name)
    };
}

/// `text` when the JSON has a non-empty string at `key`; `""` may read as absent.
fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Checks every field of `a` that the recorded JSON object `v` holds.
pub(crate) fn archive_matches(a: &Archive, v: &Value) -> Result<(), String> {
    ensure_eq!(Some(a.id.as_str()), opt_str(v, "id"));
    ensure_eq!(Some(a.status.as_str()), opt_str(v, "status"));
    ensure_eq!(Some(a.session_id.as_str()), opt_str(v, "sessionId"));
    for (key, ours) in [("name", &a.name), ("reason", &a.reason)] {
        match opt_str(v, key) {
            Some("") => ensure!(
                ours.as_deref().is_none_or(str::is_empty),
                "{key}: {ours:?} for an empty string"
            ),
            other => ensure_eq!(ours.as_deref(), other),
        }
    }
    if let Some(ms) = v.get("createdAt").and_then(Value::as_u64) {
        ensure_eq!(a.created_at, Some(clock::from_unix_millis(ms)));
    }
    if let Some(secs) = v.get("duration").and_then(Value::as_u64) {
        ensure_eq!(a.duration, Some(Duration::from_secs(secs)));
    }
    ensure_eq!(a.size, v.get("size").and_then(Value::as_u64));
    if let Some(p) = v.get("partnerId") {
        let p = p.to_string();
        ensure_eq!(a.project(), Some(p.trim_matches('"')));
    }
    ensure_eq!(a.url.as_deref(), opt_str(v, "url"));
    ensure_eq!(a.multi_archive_tag.as_deref(), opt_str(v, "multiArchiveTag"));
    ensure_eq!(a.max_bitrate, v.get("maxBitrate").and_then(Value::as_u64));
    ensure_eq!(
        a.quantization_parameter,
        v.get("quantizationParameter").and_then(Value::as_u64)
    );
    ensure_eq!(
        a.stream_mode.as_ref().map(|m| m.as_str()),
        opt_str(v, "streamMode")
    );
    ensure_eq!(
        a.output_mode.as_ref().map(|m| m.as_str()),
        opt_str(v, "outputMode")
    );
    ensure_eq!(
        a.resolution.as_ref().map(|r| r.as_str()),
        opt_str(v, "resolution")
    );
    ensure_eq!(a.has_audio, v.get("hasAudio").and_then(Value::as_bool));
    ensure_eq!(a.has_video, v.get("hasVideo").and_then(Value::as_bool));
    Ok(())
}

/// A call whose reply is one archive.
fn one<Op>(rec: &Recorded, op: Op, diffs: &[Diff]) -> Result<Report, String>
where
    Op: opentok_core::Operation<Output = Archive>,
{
    let (out, report) = harness::check(rec, &op, diffs)?;
    let a = out.map_err(|e| format!("parse: {e}"))?;
    archive_matches(&a, &harness::reply_json(rec)?)?;
    Ok(report)
}

/// A list call: the page's count and every item.
fn list(rec: &Recorded, op: ListArchives) -> Result<Report, String> {
    let (out, report) = harness::check(rec, &op, &[])?;
    let page = out.map_err(|e| format!("parse: {e}"))?;
    let v = harness::reply_json(rec)?;
    ensure_eq!(Some(page.count), v.get("count").and_then(Value::as_u64));
    let items = v.get("items").and_then(Value::as_array).ok_or("no items")?;
    ensure_eq!(page.items.len(), items.len());
    for (a, item) in page.items.iter().zip(items) {
        archive_matches(a, item)?;
    }
    Ok(report)
}

/// A call whose 2xx reply carries nothing to read (the recorded body, if any, is ignored).
fn empty<Op>(rec: &Recorded, op: Op, diffs: &[Diff]) -> Result<Report, String>
where
    Op: opentok_core::Operation<Output = ()>,
{
    let (out, report) = harness::check(rec, &op, diffs)?;
    out.map_err(|e| format!("parse: {e}"))?;
    Ok(report)
}

const CSS: &str = "stream:last-child{display: block;margin: 0;top: 0;left: 0;width: 1px;height: 1px;}stream:first-child{display: block;margin: 0;top: 0;left: 0;width: 100%;height: 100%;}";

pub(crate) fn cases() -> Vec<Case> {
    vec![
        check(file!("should_create_archives.yml"), |r| {
            one(r, StartArchive::new("SESSIONID"), &[])
        }),
        check(file!("should_create_named_archives.yml"), |r| {
            one(r, StartArchive::new("SESSIONID").name("ARCHIVE NAME"), &[])
        }),
        check(file!("should_create_audio_only_archives.yml"), |r| {
            one(r, StartArchive::new("SESSIONID").has_video(false), &[])
        }),
        check(file!("should_create_individual_archives.yml"), |r| {
            one(
                r,
                StartArchive::new("SESSIONID").output_mode(OutputMode::Individual),
                &[],
            )
        }),
        check(file!("should_create_hd_archives.yml"), |r| {
            one(
                r,
                StartArchive::new("SESSIONID")
                    .output_mode(OutputMode::Composed)
                    .resolution(Resolution::Hd),
                &[],
            )
        }),
        check(file!("should_create_custom_layout_archives.yml"), |r| {
            one(r, StartArchive::new("SESSIONID").layout(Layout::custom(CSS)), &[])
        }),
        check(
            file!("should_create_layout_archives_with_screenshare_layout_types.yml"),
            |r| {
                one(
                    r,
                    StartArchive::new("SESSIONID")
                        .layout(Layout::best_fit().screenshare_type(LayoutType::VerticalPresentation)),
                    &[Diff::RenameKey {
                        object: "/layout",
                        from: "screenshare_type",
                        to: "screenshareType",
                        why: "JSON bodies are camelCase at every depth (reference README, 'JSON bodies'); the REST API names it screenshareType",
                    }],
                )
            },
        ),
        check(
            file!("should_create_an_archive_with_streamMode_set_to_specified_stream_mode_value.yml"),
            |r| {
                one(
                    r,
                    StartArchive::new("SESSIONID").stream_mode(StreamMode::Manual),
                    &[],
                )
            },
        ),
        check(
            file!("should_create_an_archives_with_a_specified_multiArchiveTag.yml"),
            |r| {
                one(
                    r,
                    StartArchive::new("SESSIONID").multi_archive_tag("archive-1"),
                    &[],
                )
            },
        ),
        check(
            file!(
                "should_create_an_archive_with_matching_multi_archive_tag_when_multiArchiveTag_is_specified.yml"
            ),
            |r| {
                one(
                    r,
                    StartArchive::new("SESSIONID").multi_archive_tag("archive-1"),
                    &[],
                )
            },
        ),
        check(
            file!(
                "should_create_an_archive_with_multi_archive_tag_value_of_nil_when_multiArchiveTag_not_specified.yml"
            ),
            |r| {
                let (out, report) = harness::check(r, &StartArchive::new("SESSIONID"), &[])?;
                let a = out.map_err(|e| format!("parse: {e}"))?;
                archive_matches(&a, &harness::reply_json(r)?)?;
                ensure_eq!(a.multi_archive_tag, None::<String>);
                Ok(report)
            },
        ),
        check(
            file!("should_create_an_archive_with_maxBitrate_set_to_specified_max_bitrate_value.yml"),
            |r| one(r, StartArchive::new("SESSIONID").max_bitrate(200_000), &[]),
        ),
        check(
            file!("should_create_an_archive_with_quantizationParameter_set_to_specified_value.yml"),
            |r| one(r, StartArchive::new("SESSIONID").quantization_parameter(40), &[]),
        ),
        check(file!("should_stop_archives.yml"), |r| {
            one(r, StopArchive::new(ARCHIVE), &[])
        }),
        check(file!("should_find_archives_by_id.yml"), |r| {
            // This recording (not the one named after them) holds an unknown property.
            ensure!(
                r.response_body.contains("notarealproperty"),
                "the recording lost its unknown property"
            );
            one(r, GetArchive::new(FOUND), &[])
        }),
        check(file!("should_find_archives_with_unknown_properties.yml"), |r| {
            one(r, GetArchive::new(FOUND), &[])
        }),
        check(file!("should_find_expired_archives.yml"), |r| {
            one(r, GetArchive::new(FOUND), &[])
        }),
        check(file!("should_find_paused_archives_by_id.yml"), |r| {
            one(r, GetArchive::new(FOUND), &[])
        }),
        check(file!("calls_layout_on_archive_object.yml"), |r| {
            one(
                r,
                GetArchive::new(FOUND),
                &[Diff::Note(
                    "the Ruby test gets the archive and then calls layout on the object; only the GET is recorded",
                )],
            )
        }),
        check(file!("should_delete_an_archive_by_id.yml"), |r| {
            empty(r, DeleteArchive::new("832641bf-5dbf-41a1-ad94-fea213e59a92"), &[])
        }),
        check(file!("changes_the_layout_of_an_archive.yml"), |r| {
            ensure_eq!(r.status, 200);
            empty(
                r,
                SetArchiveLayout::new(ARCHIVE, Layout::pip()),
                &[Diff::Note(
                    "the recorded 200 carries an unrelated error-shaped JSON body; a 2xx is success and its body is ignored (reference README, 'Parsing')",
                )],
            )
        }),
        check(file!("adds_a_stream_to_an_archive.yml"), |r| {
            empty(r, AddArchiveStream::new(ARCHIVE, STREAM), &[])
        }),
        check(file!("removes_a_stream_from_an_archive.yml"), |r| {
            empty(r, RemoveArchiveStream::new(ARCHIVE, STREAM), &[])
        }),
        check(file!("http_client_errors/.yml"), |r| {
            let (out, report) = harness::check(r, &ListArchives::new(), &[])?;
            let err = out.err().ok_or("a 403 parsed as success")?;
            let api = err.api().ok_or("not an API error")?;
            ensure_eq!(api.status.as_u16(), 403);
            ensure_eq!(api.kind, ApiErrorKind::Unauthorized);
            ensure_eq!(api.code, Some(-1));
            ensure_eq!(api.message.as_deref(), Some("Issuer not found"));
            ensure_eq!(api.description.as_deref(), Some("Issuer not found"));
            ensure_eq!(api.body, r.response_body.as_bytes());
            Ok(report)
        }),
        check(
            file!("when_many_archives_are_created/should_return_all_archives.yml"),
            |r| list(r, ListArchives::new()),
        ),
        check(
            file!("when_many_archives_are_created/should_return_archives_with_an_offset.yml"),
            |r| list(r, ListArchives::new().offset(3)),
        ),
        check(
            file!("when_many_archives_are_created/should_return_count_number_of_archives.yml"),
            |r| list(r, ListArchives::new().count(2)),
        ),
        check(
            file!(
                "when_many_archives_are_created/should_return_part_of_the_archives_when_using_offset_and_count.yml"
            ),
            |r| list(r, ListArchives::new().offset(2).count(4)),
        ),
        check(
            file!("when_many_archives_are_created/should_return_session_archives.yml"),
            |r| list(r, ListArchives::new().session_id("SESSIONID")),
        ),
    ]
}
