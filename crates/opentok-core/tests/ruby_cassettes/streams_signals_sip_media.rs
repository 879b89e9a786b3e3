//! Streams and mute, connections, signals, SIP and DTMF, captions, Experience Composer
//! renders and the Audio Connector (WebSocket).

use opentok_core::audio_connector::StartAudioConnector;
use opentok_core::captions::{StartCaptions, StopCaptions};
use opentok_core::clock;
use opentok_core::connection::ForceDisconnect;
use opentok_core::render::{GetRender, ListRenders, Render, StartRender, StopRender};
use opentok_core::signal::Signal;
use opentok_core::sip::{Dial, PlayDtmf, PlayDtmfConnection};
use opentok_core::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, ProjectDetails, SetStreamLayoutClasses, Stream,
};
use serde_json::Value;

use super::{Case, check};
use crate::harness::{self, Diff, Recorded, Report};
use crate::{ensure, ensure_eq};

fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn empty<Op>(rec: &Recorded, op: Op, diffs: &[Diff]) -> Result<Report, String>
where
    Op: opentok_core::Operation<Output = ()>,
{
    let (out, report) = harness::check(rec, &op, diffs)?;
    out.map_err(|e| format!("parse: {e}"))?;
    Ok(report)
}

/// A mute call: the recorded replies are empty 200s, read as no project details.
fn muted<Op>(rec: &Recorded, op: Op, diffs: &[Diff]) -> Result<Report, String>
where
    Op: opentok_core::Operation<Output = Option<ProjectDetails>>,
{
    let (out, report) = harness::check(rec, &op, diffs)?;
    let details = out.map_err(|e| format!("parse: {e}"))?;
    ensure!(
        details.is_none(),
        "an empty reply has no project details: {details:?}"
    );
    Ok(report)
}

fn stream_matches(s: &Stream, v: &Value) -> Result<(), String> {
    ensure_eq!(Some(s.id.as_str()), opt_str(v, "id"));
    ensure_eq!(s.video_type.as_ref().map(|t| t.as_str()), opt_str(v, "videoType"));
    match opt_str(v, "name") {
        Some("") => ensure!(s.name.as_deref().is_none_or(str::is_empty), "name {:?}", s.name),
        other => ensure_eq!(s.name.as_deref(), other),
    }
    let classes: Vec<&str> = v
        .get("layoutClassList")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    ensure_eq!(
        s.layout_class_list.iter().map(String::as_str).collect::<Vec<_>>(),
        classes
    );
    Ok(())
}

fn render_matches(r: &Render, v: &Value) -> Result<(), String> {
    ensure_eq!(Some(r.id.as_str()), opt_str(v, "id"));
    ensure_eq!(r.session_id.as_deref(), opt_str(v, "sessionId"));
    ensure_eq!(r.project_id.as_deref(), opt_str(v, "projectId"));
    for (key, ours) in [("createdAt", r.created_at), ("updatedAt", r.updated_at)] {
        ensure_eq!(
            ours,
            v.get(key).and_then(Value::as_u64).map(clock::from_unix_millis)
        );
    }
    ensure_eq!(r.url.as_deref(), opt_str(v, "url"));
    ensure_eq!(
        r.resolution.as_ref().map(|x| x.as_str()),
        opt_str(v, "resolution")
    );
    ensure_eq!(r.status.as_ref().map(|x| x.as_str()), opt_str(v, "status"));
    ensure_eq!(r.stream_id.as_deref(), opt_str(v, "streamId"));
    ensure_eq!(r.reason.as_deref(), opt_str(v, "reason"));
    Ok(())
}

fn render_list(rec: &Recorded, op: ListRenders) -> Result<Report, String> {
    let (out, report) = harness::check(rec, &op, &[])?;
    let page = out.map_err(|e| format!("parse: {e}"))?;
    let v = harness::reply_json(rec)?;
    ensure_eq!(Some(page.count), v.get("count").and_then(Value::as_u64));
    let items = v.get("items").and_then(Value::as_array).ok_or("no items")?;
    ensure_eq!(page.items.len(), items.len());
    for (r, item) in page.items.iter().zip(items) {
        render_matches(r, item)?;
    }
    Ok(report)
}

fn render_one<Op>(rec: &Recorded, op: Op) -> Result<Report, String>
where
    Op: opentok_core::Operation<Output = Render>,
{
    let (out, report) = harness::check(rec, &op, &[])?;
    let r = out.map_err(|e| format!("parse: {e}"))?;
    render_matches(&r, &harness::reply_json(rec)?)?;
    Ok(report)
}

const EXCLUDED: &str = "b1963d15-537f-459a-be89-e00fc310b82b";
const ACTIVE_WHY: &str = "JSON bodies carry real booleans (reference README, 'JSON bodies'); the Ruby SDK sends the strings \"true\"/\"false\"";
const DIGITS: &str = "0123456789*#p";

pub(crate) fn cases() -> Vec<Case> {
    vec![
        // Streams and mute.
        check("OpenTok_Streams/get_all_streams_information.yml", |r| {
            let (out, report) = harness::check(r, &ListStreams::new("SESSIONID"), &[])?;
            let page = out.map_err(|e| format!("parse: {e}"))?;
            let v = harness::reply_json(r)?;
            ensure_eq!(Some(page.count), v.get("count").and_then(Value::as_u64));
            let items = v.get("items").and_then(Value::as_array).ok_or("no items")?;
            ensure_eq!(page.items.len(), items.len());
            for (s, item) in page.items.iter().zip(items) {
                stream_matches(s, item)?;
            }
            Ok(report)
        }),
        check("OpenTok_Streams/get_specific_stream_information.yml", |r| {
            let (out, report) = harness::check(r, &GetStream::new("SESSIONID", "STREAMID"), &[])?;
            let s = out.map_err(|e| format!("parse: {e}"))?;
            stream_matches(&s, &harness::reply_json(r)?)?;
            Ok(report)
        }),
        check("OpenTok_Streams/layout_working_on_two_stream_list.yml", |r| {
            empty(
                r,
                SetStreamLayoutClasses::new("SESSIONID")
                    .stream("8b732909-0a06-46a2-8ea8-074e64d43422", ["full"])
                    .stream("8b732909-0a06-46a2-8ea8-074e64d43423", ["full", "focus"]),
                &[Diff::Note(
                    "the recorded 200 carries an unrelated error-shaped JSON body; a 2xx is success and its body is ignored",
                )],
            )
        }),
        check(
            "OpenTok_Streams/forces_the_specified_stream_to_be_muted.yml",
            |r| muted(r, ForceMuteStream::new("SESSIONID", "STREAMID"), &[]),
        ),
        check(
            "OpenTok_Streams/forces_all_current_and_future_streams_in_a_session_to_be_muted.yml",
            |r| {
                muted(
                    r,
                    MuteAll::enable("SESSIONID"),
                    &[Diff::StringBool {
                        at: "/active",
                        why: ACTIVE_WHY,
                    }],
                )
            },
        ),
        check(
            "OpenTok_Streams/forces_all_current_and_future_streams_in_a_session_to_be_muted_except_specified_excluded_streams.yml",
            |r| {
                muted(
                    r,
                    MuteAll::enable("SESSIONID").exclude(EXCLUDED),
                    &[
                        Diff::StringBool {
                            at: "/active",
                            why: ACTIVE_WHY,
                        },
                        Diff::RenameKey {
                            object: "",
                            from: "excludedStreams",
                            to: "excludedStreamIds",
                            why: "the REST API names the list excludedStreamIds (reference README, 'JSON bodies'); the Ruby SDK sends excludedStreams",
                        },
                    ],
                )
            },
        ),
        check("OpenTok_Streams/disables_the_mute_state_of_a_session.yml", |r| {
            muted(
                r,
                MuteAll::disable("SESSIONID"),
                &[Diff::StringBool {
                    at: "/active",
                    why: ACTIVE_WHY,
                }],
            )
        }),
        // Connections.
        check(
            "OpenTok_Connections/forces_a_connection_to_be_terminated.yml",
            |r| {
                ensure_eq!(r.status, 204);
                empty(
                    r,
                    ForceDisconnect::new("SESSIONID", "CONNID"),
                    &[Diff::Note(
                        "the recorded 204 carries an error-shaped JSON body; a 204 is success and its body is ignored",
                    )],
                )
            },
        ),
        // Signals.
        check(
            "OpenTok_Signals/receives_a_valid_response_for_all_connections.yml",
            |r| {
                empty(
                    r,
                    Signal::new("SESSIONID", "Hello").signal_type("chat"),
                    &[Diff::Note(
                        "the recorded 204 carries an XML errorPayload body (a recording artifact); a 204 is success",
                    )],
                )
            },
        ),
        check(
            "OpenTok_Signals/receives_a_valid_response_for_a_connection.yml",
            |r| {
                empty(
                    r,
                    Signal::new("SESSIONID", "Hello")
                        .signal_type("chat")
                        .to_connection("CONNID"),
                    &[Diff::Note(
                        "the recorded 204 carries an XML errorPayload body (a recording artifact); a 204 is success",
                    )],
                )
            },
        ),
        // SIP and DTMF.
        check("OpenTok_Sip/receives_a_valid_response.yml", |r| {
            let op = Dial::new(
                "SESSIONID",
                "TOKENID",
                "sip:+15128675309@acme.pstn.example.com;transport=tls",
            )
            .auth("bob", "abc123")
            .secure(true)
            .video(true)
            .observe_force_mute(true);
            let why = "JSON bodies carry real booleans; the Ruby SDK sends sip.secure, sip.video and sip.observeForceMute as strings";
            let (out, report) = harness::check(
                r,
                &op,
                &[
                    Diff::StringBool {
                        at: "/sip/secure",
                        why,
                    },
                    Diff::StringBool {
                        at: "/sip/video",
                        why,
                    },
                    Diff::StringBool {
                        at: "/sip/observeForceMute",
                        why,
                    },
                ],
            )?;
            let call = out.map_err(|e| format!("parse: {e}"))?;
            let v = harness::reply_json(r)?;
            ensure_eq!(Some(call.id.as_str()), opt_str(&v, "id"));
            ensure_eq!(call.connection_id.as_deref(), opt_str(&v, "connectionId"));
            ensure_eq!(call.stream_id.as_deref(), opt_str(&v, "streamId"));
            ensure_eq!(call.project_id.as_deref(), opt_str(&v, "projectId"));
            ensure_eq!(call.session_id.as_deref(), opt_str(&v, "sessionId"));
            ensure_eq!(
                call.created_at,
                v.get("createdAt")
                    .and_then(Value::as_u64)
                    .map(clock::from_unix_millis)
            );
            ensure_eq!(
                call.updated_at,
                v.get("updatedAt")
                    .and_then(Value::as_u64)
                    .map(clock::from_unix_millis)
            );
            Ok(report)
        }),
        check(
            "OpenTok_Sip/_play_dtmf_to_session/returns_a_200_response_code_when_passed_a_valid_dtmf_digit_string.yml",
            |r| empty(r, PlayDtmf::new("SESSIONID", DIGITS), &[]),
        ),
        check(
            "OpenTok_Sip/_play_dtmf_to_connection/returns_a_200_response_code_when_passed_a_valid_dtmf_digit_string.yml",
            |r| empty(r, PlayDtmfConnection::new("SESSIONID", "CONNID", DIGITS), &[]),
        ),
        // Captions.
        check(
            "OpenTok_Captions/receives_a_valid_response_when_starting_captions.yml",
            |r| {
                let (out, report) = harness::check(r, &StartCaptions::new("SESSIONID", "TOKENID"), &[])?;
                let started = out.map_err(|e| format!("parse: {e}"))?;
                ensure_eq!(r.status, 202);
                let v = harness::reply_json(r)?;
                ensure_eq!(Some(started.captions_id.as_str()), opt_str(&v, "captionsId"));
                Ok(report)
            },
        ),
        check(
            "OpenTok_Captions/receives_a_valid_response_when_starting_captions_with_options.yml",
            |r| {
                let op = StartCaptions::new("SESSIONID", "TOKENID")
                    .language_code("en-GB")
                    .max_duration(5000)
                    .partial_captions(false)
                    .status_callback_url("https://example.com/captions/status");
                let (out, report) = harness::check(r, &op, &[])?;
                let started = out.map_err(|e| format!("parse: {e}"))?;
                let v = harness::reply_json(r)?;
                ensure_eq!(Some(started.captions_id.as_str()), opt_str(&v, "captionsId"));
                Ok(report)
            },
        ),
        check(
            "OpenTok_Captions/receives_a_valid_response_when_stopping_captions.yml",
            |r| {
                ensure_eq!(r.status, 202);
                empty(r, StopCaptions::new("CAPTIONSID"), &[])
            },
        ),
        // Experience Composer.
        check("OpenTok_Renders/starts_an_Experience_Composer_render.yml", |r| {
            render_one(
                r,
                StartRender::new("SESSIONID", "TOKEN", "https://example.com/my-render"),
            )
        }),
        check("OpenTok_Renders/finds_an_Experience_Composer_render.yml", |r| {
            render_one(r, GetRender::new("80abaf0d-25a3-4efc-968f-6268d620668d"))
        }),
        check("OpenTok_Renders/stops_an_Experience_Composer_render.yml", |r| {
            ensure_eq!(r.status, 204);
            empty(r, StopRender::new("80abaf0d-25a3-4efc-968f-6268d620668d"), &[])
        }),
        check(
            "OpenTok_Renders/for_many_renders/should_return_all_renders.yml",
            |r| render_list(r, ListRenders::new()),
        ),
        check(
            "OpenTok_Renders/for_many_renders/should_return_count_number_of_renders.yml",
            |r| render_list(r, ListRenders::new().count(2)),
        ),
        check(
            "OpenTok_Renders/for_many_renders/should_return_renders_with_an_offset.yml",
            |r| render_list(r, ListRenders::new().offset(3)),
        ),
        check(
            "OpenTok_Renders/for_many_renders/should_return_part_of_the_renders_when_using_offset_and_count.yml",
            |r| render_list(r, ListRenders::new().offset(2).count(2)),
        ),
        // Audio Connector.
        check("OpenTok_WebSocket/receives_a_valid_response.yml", |r| {
            let op = StartAudioConnector::new("SESSIONID", "TOKENID", "ws://service.com/wsendpoint");
            let (out, report) = harness::check(r, &op, &[])?;
            let c = out.map_err(|e| format!("parse: {e}"))?;
            let v = harness::reply_json(r)?;
            ensure_eq!(Some(c.id.as_str()), opt_str(&v, "id"));
            ensure_eq!(c.connection_id.as_deref(), opt_str(&v, "connectionId"));
            Ok(report)
        }),
        check("OpenTok_WebSocket/receives_a_valid_response_with_opts.yml", |r| {
            let op = StartAudioConnector::new("SESSIONID", "TOKENID", "ws://service.com/wsendpoint")
                .stream("123456")
                .header("foo", "bar")
                .bidirectional(true);
            let (out, report) = harness::check(r, &op, &[])?;
            let c = out.map_err(|e| format!("parse: {e}"))?;
            let v = harness::reply_json(r)?;
            ensure_eq!(Some(c.id.as_str()), opt_str(&v, "id"));
            ensure_eq!(c.connection_id.as_deref(), opt_str(&v, "connectionId"));
            Ok(report)
        }),
    ]
}
