//! `POST /session/create` (XML reply: the Ruby SDK sends `Accept: */*`).

use opentok_core::layout::Resolution;
use opentok_core::session::{ArchiveMode, CreateSession, MediaMode, ReplyFormat};

use super::{Case, check};
use crate::harness::{self, Diff, Recorded, Report};
use crate::{ensure, ensure_eq};

fn create(rec: &Recorded, op: CreateSession, diffs: &[Diff]) -> Result<Report, String> {
    // The Ruby SDK asks for XML (`Accept: */*`); core asks for JSON unless told otherwise.
    let (out, report) = harness::check(rec, &op.reply_format(ReplyFormat::Xml), diffs)?;
    let s = out.map_err(|e| format!("parse: {e}"))?;
    let id = harness::reply_xml_text(rec, "session_id").ok_or("no <session_id> in the recording")?;
    ensure_eq!(s.session_id, id);
    ensure_eq!(s.partner_id.as_deref(), Some("123456"));
    let created = harness::reply_xml_text(rec, "create_dt").ok_or("no <create_dt> in the recording")?;
    ensure_eq!(s.create_dt.as_deref(), Some(created.trim()));
    ensure!(s.project() == Some("123456"), "project() = {:?}", s.project());
    Ok(report)
}

/// A cassette of this directory.
macro_rules! file {
    ($name:literal $(,)?) => {
        concat!("OpenTok_OpenTok/when_initialized_properly/", $name)
    };
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        check(file!("_create_session/creates_default_sessions.yml"), |r| {
            create(r, CreateSession::new(), &[])
        }),
        check(file!("_create_session/creates_relayed_media_sessions.yml"), |r| {
            create(r, CreateSession::new().media_mode(MediaMode::Relayed), &[])
        }),
        check(
            file!("_create_session/creates_relayed_media_sessions_for_invalid_media_modes.yml"),
            |r| {
                create(
                    r,
                    CreateSession::new(),
                    &[Diff::Note(
                        "Ruby maps an unknown media mode to relayed; MediaMode has no invalid value, so the default (relayed) stands in",
                    )],
                )
            },
        ),
        check(file!("_create_session/creates_routed_media_sessions.yml"), |r| {
            create(r, CreateSession::new().media_mode(MediaMode::Routed), &[])
        }),
        check(
            file!("_create_session/creates_sessions_with_a_location_hint.yml"),
            |r| create(r, CreateSession::new().location("12.34.56.78"), &[]),
        ),
        check(
            file!("_create_session/creates_relayed_media_sessions_with_a_location_hint.yml"),
            |r| {
                create(
                    r,
                    CreateSession::new()
                        .media_mode(MediaMode::Relayed)
                        .location("12.34.56.78"),
                    &[],
                )
            },
        ),
        check(
            file!("_create_session/creates_routed_media_sessions_with_a_location_hint.yml"),
            |r| {
                create(
                    r,
                    CreateSession::new()
                        .media_mode(MediaMode::Routed)
                        .location("12.34.56.78"),
                    &[],
                )
            },
        ),
        check(
            file!("_create_session/creates_always_archived_sessions.yml"),
            |r| {
                create(
                    r,
                    CreateSession::new()
                        .media_mode(MediaMode::Routed)
                        .archive_mode(ArchiveMode::Always),
                    &[],
                )
            },
        ),
        check(
            file!("_create_session/creates_always_archived_sessions_with_a_set_archive_name.yml"),
            |r| {
                create(
                    r,
                    CreateSession::new()
                        .media_mode(MediaMode::Routed)
                        .archive_mode(ArchiveMode::Always)
                        .archive_name("foo"),
                    &[],
                )
            },
        ),
        check(
            file!("_create_session/creates_always_archived_sessions_with_a_set_archive_resolution.yml"),
            |r| {
                create(
                    r,
                    CreateSession::new()
                        .media_mode(MediaMode::Routed)
                        .archive_mode(ArchiveMode::Always)
                        .archive_resolution(Resolution::HdPortrait),
                    &[],
                )
            },
        ),
        check(
            file!(
                "_create_session/creates_always_archived_sessions_with_a_set_archive_name_and_resolution.yml",
            ),
            |r| {
                create(
                    r,
                    CreateSession::new()
                        .media_mode(MediaMode::Routed)
                        .archive_mode(ArchiveMode::Always)
                        .archive_name("foo")
                        .archive_resolution(Resolution::HdPortrait),
                    &[],
                )
            },
        ),
        check(file!("_create_session/creates_e2ee_sessions.yml"), |r| {
            create(
                r,
                CreateSession::new().media_mode(MediaMode::Routed).e2ee(true),
                &[],
            )
        }),
        check(
            file!(
                "with_an_addendum_to_the_user_agent_string/should_append_the_addendum_to_the_user_agent_header.yml",
            ),
            |r| {
                ensure!(
                    r.request_headers
                        .get("user-agent")
                        .is_some_and(|ua| ua.ends_with(" BOOYAH")),
                    "the recording's User-Agent has no addendum"
                );
                create(
                    r,
                    CreateSession::new(),
                    &[Diff::Note(
                        "the User-Agent addendum (\" BOOYAH\") is appended by the transport (opentok-http), not by core; core's own User-Agent is checked to be OpenTok-Rust-SDK/<version>",
                    )],
                )
            },
        ),
    ]
}
