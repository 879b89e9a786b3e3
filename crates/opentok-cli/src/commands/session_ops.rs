//! Streams, connections and signals of a live session; project callbacks; the legacy hl API.

use opentok::OpenTok;
use opentok::callback::{CallbackEventType, CallbackGroup, ListCallbacks, RegisterCallback};
use opentok::connection::{ForceDisconnect, ListConnections};
use opentok::legacy::{
    DeleteLegacyArchive, GetArchiveUrl, GetManifest, LegacyCreateSession, P2pPreference, Stitch,
    StitchArchive,
};
use opentok::signal::Signal;
use opentok::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, SetStreamLayoutClass, SetStreamLayoutClasses,
};
use serde_json::json;

use crate::Ctx;
use crate::cli::{CallbackCmd, ConnectionCmd, LegacyAuth, LegacyCmd, SignalArgs, StreamCmd};
use crate::error::CliError;
use crate::output::{Column, camel_case};

use super::rest::{call, given_token, mint_moderator, pair};

const STREAM_COLUMNS: &[Column] = &[
    ("ID", "id"),
    ("VIDEO TYPE", "videoType"),
    ("NAME", "name"),
    ("LAYOUT CLASSES", "layoutClassList"),
];
const CONNECTION_COLUMNS: &[Column] = &[
    ("CONNECTION", "connectionId"),
    ("STATE", "connectionState"),
    ("CREATED", "createdAt"),
];
const CALLBACK_COLUMNS: &[Column] = &[
    ("ID", "id"),
    ("GROUP", "group"),
    ("EVENT", "event"),
    ("URL", "url"),
    ("CREATED", "createdAt"),
];

// ---------------------------------------------------------------- stream, connection, signal

pub(super) async fn stream(ctx: &Ctx, ot: &OpenTok, cmd: StreamCmd) -> Result<(), CliError> {
    let out = &ctx.out;
    match cmd {
        StreamCmd::List { session_id } => {
            let page = call(ctx, ot, ListStreams::new(session_id)).await?;
            out.list(&page.items, STREAM_COLUMNS)
        }
        StreamCmd::Get {
            session_id,
            stream_id,
        } => out.object(&call(ctx, ot, GetStream::new(session_id, stream_id)).await?),
        StreamCmd::Layout { session_id, items } => {
            let mut op = SetStreamLayoutClasses::new(session_id.clone());
            let mut ids = Vec::new();
            for item in &items {
                let (id, classes) = pair(item, &ctx.command)?;
                let list: Vec<String> = classes
                    .split([',', ' '])
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
                op = op.stream(id.clone(), list);
                ids.push(id);
            }
            call(ctx, ot, op).await?;
            out.done(
                &format!("layout classes set for {} stream(s)", ids.len()),
                json!({"sessionId": session_id, "streamIds": ids}),
            );
            Ok(())
        }
        StreamCmd::LayoutOne {
            session_id,
            stream_id,
            classes,
        } => {
            let op = SetStreamLayoutClass::new(session_id.clone(), stream_id.clone(), classes.clone());
            call(ctx, ot, op).await?;
            out.done(
                &format!(
                    "layout classes of stream {stream_id} set to [{}]",
                    classes.join(" ")
                ),
                json!({"sessionId": session_id, "streamId": stream_id, "layoutClassList": classes}),
            );
            Ok(())
        }
        StreamCmd::Mute {
            session_id,
            stream_id,
        } => {
            call(
                ctx,
                ot,
                ForceMuteStream::new(session_id.clone(), stream_id.clone()),
            )
            .await?;
            out.done(
                &format!("stream {stream_id} muted"),
                json!({"sessionId": session_id, "streamId": stream_id}),
            );
            Ok(())
        }
        StreamCmd::MuteAll { session_id, exclude } => {
            let op = MuteAll::enable(session_id.clone()).exclude_all(exclude.clone());
            call(ctx, ot, op).await?;
            out.done(
                &format!("every stream of the session muted ({} excluded)", exclude.len()),
                json!({"sessionId": session_id, "active": true, "excludedStreamIds": exclude}),
            );
            Ok(())
        }
        StreamCmd::UnmuteAll { session_id } => {
            call(ctx, ot, MuteAll::disable(session_id.clone())).await?;
            out.done(
                "mute-all lifted",
                json!({"sessionId": session_id, "active": false}),
            );
            Ok(())
        }
    }
}

pub(super) async fn connection(ctx: &Ctx, ot: &OpenTok, cmd: ConnectionCmd) -> Result<(), CliError> {
    match cmd {
        ConnectionCmd::List { session_id } => {
            let list = call(ctx, ot, ListConnections::new(session_id)).await?;
            ctx.out.list(&list.items, CONNECTION_COLUMNS)
        }
        ConnectionCmd::Disconnect {
            session_id,
            connection_id,
        } => {
            let op = ForceDisconnect::new(session_id.clone(), connection_id.clone());
            call(ctx, ot, op).await?;
            ctx.out.done(
                &format!("connection {connection_id} disconnected"),
                json!({"sessionId": session_id, "connectionId": connection_id}),
            );
            Ok(())
        }
    }
}

pub(super) async fn signal(ctx: &Ctx, ot: &OpenTok, a: SignalArgs) -> Result<(), CliError> {
    let SignalArgs {
        session_id,
        connection,
        signal_type,
        data,
    } = a;
    let mut op = Signal::new(session_id.clone(), data);
    if let Some(t) = &signal_type {
        op = op.signal_type(t.clone());
    }
    match &connection {
        Some(c) => call(ctx, ot, op.to_connection(c.clone())).await?,
        None => call(ctx, ot, op).await?,
    }
    let to = connection
        .as_deref()
        .map_or_else(|| "every client".to_owned(), |c| format!("connection {c}"));
    ctx.out.done(
        &format!("signal sent to {to}"),
        json!({"sessionId": session_id, "connectionId": connection, "type": signal_type}),
    );
    Ok(())
}

// ---------------------------------------------------------------- callback, legacy

pub(super) async fn callback(ctx: &Ctx, ot: &OpenTok, cmd: CallbackCmd) -> Result<(), CliError> {
    match cmd {
        CallbackCmd::Register { group, event, url } => {
            let op = RegisterCallback::new(
                CallbackGroup::from_wire(&group),
                CallbackEventType::from_wire(&event),
                url,
            );
            ctx.out.object(&call(ctx, ot, op).await?)
        }
        CallbackCmd::List => {
            let items = call(ctx, ot, ListCallbacks::new()).await?;
            ctx.out.list(&items, CALLBACK_COLUMNS)
        }
        CallbackCmd::ById(c) => c.run(ctx, ot).await,
    }
}

fn legacy_token(ot: &OpenTok, auth: LegacyAuth) -> Result<String, CliError> {
    match auth.session {
        // `--session` conflicts with `--token-file`; `--token` is refused either way.
        Some(s) if auth.token.token.is_none() => mint_moderator(ot, &s),
        _ => given_token(&auth.token)?.ok_or_else(|| {
            CliError::usage(
                "a moderator token is needed: pass --token-file FILE, set OPENTOK_CLIENT_TOKEN, or \
                 pass --session SESSION_ID to mint one",
            )
        }),
    }
}

pub(super) async fn legacy(ctx: &Ctx, ot: &OpenTok, cmd: LegacyCmd) -> Result<(), CliError> {
    match cmd {
        LegacyCmd::SessionCreate { location, p2p } => {
            let mut op = LegacyCreateSession::new();
            if let Some(ip) = location {
                op = op.location(ip);
            }
            if let Some(p) = p2p {
                op = op.p2p_preference(P2pPreference::from_wire(&p));
            }
            let s = call(ctx, ot, op).await?;
            if ctx.out.json {
                ctx.out.object(&camel_case(&s)?)
            } else {
                ctx.out.scalar(&s.session_id, json!(null));
                Ok(())
            }
        }
        LegacyCmd::Manifest { archive_id, auth } => {
            let token = legacy_token(ot, auth)?;
            ctx.out
                .object(&call(ctx, ot, GetManifest::new(archive_id, token)).await?)
        }
        LegacyCmd::DownloadUrl {
            archive_id,
            video_id,
            auth,
        } => {
            let token = legacy_token(ot, auth)?;
            let url = call(
                ctx,
                ot,
                GetArchiveUrl::new(archive_id.clone(), video_id.clone(), token),
            )
            .await?;
            ctx.out.scalar(
                &url,
                json!({"archiveId": archive_id, "videoId": video_id, "url": url}),
            );
            Ok(())
        }
        LegacyCmd::Stitch { archive_id } => {
            match call(ctx, ot, StitchArchive::new(archive_id.clone())).await? {
                Stitch::Ready { location } => ctx.out.scalar(
                    &location,
                    json!({"archiveId": archive_id, "status": "ready", "url": location}),
                ),
                _ => ctx.out.done(
                    &format!("legacy archive {archive_id} is still being stitched; ask again later"),
                    json!({"archiveId": archive_id, "status": "processing"}),
                ),
            }
            Ok(())
        }
        LegacyCmd::Delete { archive_id, auth } => {
            let token = legacy_token(ot, auth)?;
            call(ctx, ot, DeleteLegacyArchive::new(archive_id.clone(), token)).await?;
            ctx.out.done(
                &format!("legacy archive {archive_id} deleted"),
                json!({"archiveId": archive_id}),
            );
            Ok(())
        }
    }
}
