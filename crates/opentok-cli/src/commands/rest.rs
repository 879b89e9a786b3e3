//! Commands that call the REST API through the facade.

use opentok::archive::{
    AddArchiveStream, AzureStorage, DeleteArchive, GetArchive, ListArchives, OutputMode, RemoveArchiveStream,
    S3Encryption, S3Storage, SetArchiveLayout, SetArchiveStorage, StartArchive, StopArchive, StorageFallback,
};
use opentok::audio_connector::{StartAudioConnector, StopAudioConnector};
use opentok::broadcast::{
    AddBroadcastStream, GetBroadcast, HlsOutput, ListBroadcasts, RemoveBroadcastStream, RtmpOutput,
    SetBroadcastLayout, StartBroadcast, StopBroadcast,
};
use opentok::callback::{CallbackEventType, CallbackGroup, DeleteCallback, ListCallbacks, RegisterCallback};
use opentok::captions::{GetCaptions, StartCaptions, StopCaptions};
use opentok::connection::{ForceDisconnect, ListConnections};
use opentok::layout::{Layout, LayoutType, Resolution, StreamMode};
use opentok::legacy::{DeleteLegacyArchive, GetArchiveUrl, GetManifest, LegacyCreateSession, P2pPreference};
use opentok::render::{GetRender, ListRenders, StartRender, StopRender};
use opentok::session::{ArchiveMode, CreateSession, MediaMode};
use opentok::signal::Signal;
use opentok::sip::{Dial, PlayDtmf};
use opentok::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, SetStreamLayoutClass, SetStreamLayoutClasses,
};
use opentok::token::{Role, TokenOptions};
use opentok::{Items, OpenTok, Operation};
use serde_json::json;

use crate::Ctx;
use crate::cli::{
    AddStream, ArchiveCmd, ArchiveStart, AudioConnectorCmd, BroadcastCmd, BroadcastStart, CallbackCmd,
    CaptionsCmd, Command, ConnectionCmd, LayoutOpts, LegacyAuth, LegacyCmd, RemoveStream, RenderCmd,
    SessionCmd, SessionCreate, SetLayout, SignalArgs, SignalSub, SipCmd, SipDial, StorageCmd, StreamCmd,
};
use crate::creds::read_secret_file;
use crate::error::CliError;
use crate::output::Column;

const ARCHIVE_COLUMNS: &[Column] = &[
    ("ID", "id"),
    ("STATUS", "status"),
    ("NAME", "name"),
    ("SESSION", "sessionId"),
    ("CREATED", "createdAt"),
    ("DURATION", "duration"),
    ("SIZE", "size"),
];
const BROADCAST_COLUMNS: &[Column] = &[
    ("ID", "id"),
    ("STATUS", "status"),
    ("SESSION", "sessionId"),
    ("CREATED", "createdAt"),
    ("HLS", "broadcastUrls.hls"),
];
const RENDER_COLUMNS: &[Column] = &[
    ("ID", "id"),
    ("STATUS", "status"),
    ("SESSION", "sessionId"),
    ("CREATED", "createdAt"),
    ("NAME", "name"),
];
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

/// Sends `op`; failures name `what` (`"archive start"`).
pub(crate) async fn call<Op: Operation + Sync>(
    ot: &OpenTok,
    what: &str,
    op: Op,
) -> Result<Op::Output, CliError> {
    ot.execute(&op).await.map_err(|e| CliError::from_sdk(what, e))
}

/// Reads every item, or the first `limit`.
async fn drain<T: Send + 'static>(
    mut items: Items<T>,
    limit: Option<u32>,
    what: &str,
) -> Result<Vec<T>, CliError> {
    let limit = limit.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut all = Vec::new();
    while all.len() < limit {
        match items.next_item().await {
            None => break,
            Some(Ok(item)) => all.push(item),
            Some(Err(e)) => return Err(CliError::from_sdk(what, e)),
        }
    }
    Ok(all)
}

/// The page size for a list limited to `count` items.
fn page_size(count: Option<u32>) -> Option<u32> {
    count.map(|n| n.clamp(1, 1000))
}

/// A moderator token for `session_id`, unless one was given.
fn token_for(ot: &OpenTok, session_id: &str, given: Option<String>) -> Result<String, CliError> {
    match given {
        Some(t) => Ok(t),
        None => ot
            .generate_token(session_id, &TokenOptions::new().role(Role::Moderator))
            .map_err(|e| CliError::from_sdk("minting a moderator token", e)),
    }
}

fn layout_from(opts: &LayoutOpts) -> Option<Layout> {
    if opts.layout.is_none() && opts.stylesheet.is_none() && opts.screenshare_type.is_none() {
        return None;
    }
    let kind = opts.layout.as_deref().map_or_else(
        || {
            if opts.stylesheet.is_some() {
                LayoutType::Custom
            } else {
                LayoutType::BestFit
            }
        },
        LayoutType::from_wire,
    );
    Some(build_layout(
        kind,
        opts.stylesheet.as_deref(),
        opts.screenshare_type.as_deref(),
    ))
}

fn build_layout(kind: LayoutType, stylesheet: Option<&str>, screenshare: Option<&str>) -> Layout {
    let mut l = Layout::new(kind);
    if let Some(css) = stylesheet {
        l = l.stylesheet(css);
    }
    if let Some(s) = screenshare {
        l = l.screenshare_type(LayoutType::from_wire(s));
    }
    l
}

fn set_layout(a: &SetLayout) -> Layout {
    build_layout(
        LayoutType::from_wire(&a.layout_type),
        a.stylesheet.as_deref(),
        a.screenshare_type.as_deref(),
    )
}

/// Splits `NAME=VALUE`.
fn pair(text: &str, what: &str) -> Result<(String, String), CliError> {
    text.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| CliError::usage(format!("{what} {text:?}: expected NAME=VALUE")))
}

/// Runs a REST command.
pub(crate) async fn run(ctx: &Ctx, command: Command) -> Result<(), CliError> {
    let ot = ctx.creds.client(ctx.timeout)?;
    match command {
        Command::Session(SessionCmd::Create(a)) => session_create(ctx, &ot, a).await,
        Command::Archive(cmd) => archive(ctx, &ot, cmd).await,
        Command::Broadcast(cmd) => broadcast(ctx, &ot, cmd).await,
        Command::Stream(cmd) => stream(ctx, &ot, cmd).await,
        Command::Connection(cmd) => connection(ctx, &ot, cmd).await,
        Command::Signal(cmd) => {
            let args = match (cmd.send, cmd.args) {
                (Some(SignalSub::Send(a)), _) | (None, Some(a)) => a,
                (None, None) => return Err(CliError::usage("signal: give SESSION_ID and --data")),
            };
            signal(ctx, &ot, args).await
        }
        Command::Sip(cmd) => sip(ctx, &ot, cmd).await,
        Command::Captions(cmd) => captions(ctx, &ot, cmd).await,
        Command::Render(cmd) => render(ctx, &ot, cmd).await,
        Command::AudioConnector(cmd) => audio_connector(ctx, &ot, cmd).await,
        Command::Callback(cmd) => callback(ctx, &ot, cmd).await,
        Command::Legacy(cmd) => legacy(ctx, &ot, cmd).await,
        Command::Token(_)
        | Command::Session(SessionCmd::Inspect { .. })
        | Command::Completions { .. }
        | Command::Emulator(_) => Err(CliError::usage("internal: not a REST command")),
    }
}

async fn session_create(ctx: &Ctx, ot: &OpenTok, a: SessionCreate) -> Result<(), CliError> {
    let mut op = CreateSession::new();
    if a.routed {
        op = op.media_mode(MediaMode::Routed);
    }
    if let Some(ip) = a.location {
        op = op.location(ip);
    }
    if let Some(m) = a.archive_mode {
        op = op.archive_mode(ArchiveMode::from_wire(&m));
    }
    if let Some(n) = a.archive_name {
        op = op.archive_name(n);
    }
    if let Some(r) = a.archive_resolution {
        op = op.archive_resolution(Resolution::from_wire(&r));
    }
    if a.e2ee {
        op = op.e2ee(true);
    }
    let s = call(ot, "session create", op).await?;
    if ctx.out.json {
        ctx.out.object(&s)
    } else {
        ctx.out.scalar(&s.session_id, json!(null));
        Ok(())
    }
}

// ---------------------------------------------------------------- archive

fn archive_start_op(a: ArchiveStart) -> StartArchive {
    let mut op = StartArchive::new(a.session_id);
    if let Some(n) = a.name {
        op = op.name(n);
    }
    if a.no_audio {
        op = op.has_audio(false);
    }
    if a.no_video {
        op = op.has_video(false);
    }
    if let Some(m) = a.output_mode {
        op = op.output_mode(OutputMode::from_wire(&m));
    }
    if let Some(r) = a.resolution {
        op = op.resolution(Resolution::from_wire(&r));
    }
    if let Some(l) = layout_from(&a.layout) {
        op = op.layout(l);
    }
    if let Some(m) = a.stream_mode {
        op = op.stream_mode(StreamMode::from_wire(&m));
    }
    if let Some(t) = a.multi_archive_tag {
        op = op.multi_archive_tag(t);
    }
    if let Some(b) = a.max_bitrate {
        op = op.max_bitrate(b);
    }
    if let Some(q) = a.quantization_parameter {
        op = op.quantization_parameter(q);
    }
    if a.transcription {
        op = op.has_transcription(true);
    }
    op
}

async fn archive(ctx: &Ctx, ot: &OpenTok, cmd: ArchiveCmd) -> Result<(), CliError> {
    let out = &ctx.out;
    match cmd {
        ArchiveCmd::Start(a) => out.object(&call(ot, "archive start", archive_start_op(a)).await?),
        ArchiveCmd::Stop(a) => out.object(&call(ot, "archive stop", StopArchive::new(a.id)).await?),
        ArchiveCmd::Get(a) => out.object(&call(ot, "archive get", GetArchive::new(a.id)).await?),
        ArchiveCmd::List(l) => {
            let mut op = ListArchives::new();
            if let Some(s) = l.session_id {
                op = op.session_id(s);
            }
            if let Some(n) = page_size(l.count) {
                op = op.count(n);
            }
            let items = drain(ot.archives().list_all(op), l.count, "archive list").await?;
            out.list(&items, ARCHIVE_COLUMNS)
        }
        ArchiveCmd::Delete(a) => {
            call(ot, "archive delete", DeleteArchive::new(a.id.clone())).await?;
            out.done(&format!("archive {} deleted", a.id), json!({"archiveId": a.id}));
            Ok(())
        }
        ArchiveCmd::Layout(a) => {
            call(
                ot,
                "archive layout",
                SetArchiveLayout::new(a.id.clone(), set_layout(&a)),
            )
            .await?;
            out.done(
                &format!("archive {} layout set to {}", a.id, a.layout_type),
                json!({"archiveId": a.id, "layout": a.layout_type}),
            );
            Ok(())
        }
        ArchiveCmd::AddStream(a) => {
            let AddStream {
                id,
                stream_id,
                no_audio,
                no_video,
            } = a;
            let mut op = AddArchiveStream::new(id.clone(), stream_id.clone());
            if no_audio {
                op = op.has_audio(false);
            }
            if no_video {
                op = op.has_video(false);
            }
            call(ot, "archive add-stream", op).await?;
            out.done(
                &format!("stream {stream_id} added to archive {id}"),
                json!({"archiveId": id, "streamId": stream_id}),
            );
            Ok(())
        }
        ArchiveCmd::RemoveStream(RemoveStream { id, stream_id }) => {
            call(
                ot,
                "archive remove-stream",
                RemoveArchiveStream::new(id.clone(), stream_id.clone()),
            )
            .await?;
            out.done(
                &format!("stream {stream_id} removed from archive {id}"),
                json!({"archiveId": id, "streamId": stream_id}),
            );
            Ok(())
        }
        ArchiveCmd::Download(a) => crate::download::archive(ctx, ot, a).await,
        ArchiveCmd::Storage(cmd) => storage(ctx, ot, cmd).await,
    }
}

async fn storage(ctx: &Ctx, ot: &OpenTok, cmd: StorageCmd) -> Result<(), CliError> {
    let (kind, op, fallback) = match cmd {
        StorageCmd::S3 {
            bucket,
            access_key,
            secret_key_file,
            endpoint,
            sse,
            fallback,
        } => {
            let mut s3 = S3Storage::new(bucket, access_key, read_secret_file(&secret_key_file)?);
            if let Some(e) = endpoint {
                s3 = s3.endpoint(e);
            }
            if let Some(x) = sse {
                s3 = s3.sse(S3Encryption::from_wire(&x));
            }
            ("s3", SetArchiveStorage::s3(s3), fallback)
        }
        StorageCmd::Azure {
            account_name,
            account_key_file,
            container,
            domain,
            fallback,
        } => {
            let mut az = AzureStorage::new(account_name, read_secret_file(&account_key_file)?, container);
            if let Some(d) = domain {
                az = az.domain(d);
            }
            ("azure", SetArchiveStorage::azure(az), fallback)
        }
    };
    let op = match &fallback {
        Some(f) => op.fallback(StorageFallback::from_wire(f)),
        None => op,
    };
    call(ot, "archive storage", op).await?;
    ctx.out.done(
        &format!("archives now upload to {kind} storage"),
        json!({"type": kind, "fallback": fallback}),
    );
    Ok(())
}

// ---------------------------------------------------------------- broadcast

fn broadcast_start_op(a: BroadcastStart) -> Result<StartBroadcast, CliError> {
    let mut op = StartBroadcast::new(a.session_id);
    if a.hls || a.hls_dvr || a.hls_low_latency {
        let mut h = HlsOutput::new();
        if a.hls_dvr {
            h = h.dvr(true);
        }
        if a.hls_low_latency {
            h = h.low_latency(true);
        }
        op = op.hls(h);
    }
    for chunk in a.rtmp.chunks(2) {
        match chunk {
            [url, name] => op = op.rtmp(RtmpOutput::new(url.clone(), name.clone())),
            _ => return Err(CliError::usage("--rtmp takes SERVER_URL and STREAM_NAME")),
        }
    }
    if let Some(l) = layout_from(&a.layout) {
        op = op.layout(l);
    }
    if let Some(s) = a.max_duration {
        op = op.max_duration(std::time::Duration::from_secs(s));
    }
    if let Some(r) = a.resolution {
        op = op.resolution(Resolution::from_wire(&r));
    }
    if let Some(m) = a.stream_mode {
        op = op.stream_mode(StreamMode::from_wire(&m));
    }
    if let Some(t) = a.multi_broadcast_tag {
        op = op.multi_broadcast_tag(t);
    }
    if let Some(b) = a.max_bitrate {
        op = op.max_bitrate(b);
    }
    if a.no_audio {
        op = op.has_audio(false);
    }
    if a.no_video {
        op = op.has_video(false);
    }
    Ok(op)
}

async fn broadcast(ctx: &Ctx, ot: &OpenTok, cmd: BroadcastCmd) -> Result<(), CliError> {
    let out = &ctx.out;
    match cmd {
        BroadcastCmd::Start(a) => out.object(&call(ot, "broadcast start", broadcast_start_op(a)?).await?),
        BroadcastCmd::Stop(a) => out.object(&call(ot, "broadcast stop", StopBroadcast::new(a.id)).await?),
        BroadcastCmd::Get(a) => out.object(&call(ot, "broadcast get", GetBroadcast::new(a.id)).await?),
        BroadcastCmd::List(l) => {
            let mut op = ListBroadcasts::new();
            if let Some(s) = l.session_id {
                op = op.session_id(s);
            }
            if let Some(n) = page_size(l.count) {
                op = op.count(n);
            }
            let items = drain(ot.broadcasts().list_all(op), l.count, "broadcast list").await?;
            out.list(&items, BROADCAST_COLUMNS)
        }
        BroadcastCmd::Layout(a) => {
            call(
                ot,
                "broadcast layout",
                SetBroadcastLayout::new(a.id.clone(), set_layout(&a)),
            )
            .await?;
            out.done(
                &format!("broadcast {} layout set to {}", a.id, a.layout_type),
                json!({"broadcastId": a.id, "layout": a.layout_type}),
            );
            Ok(())
        }
        BroadcastCmd::AddStream(a) => {
            let AddStream {
                id,
                stream_id,
                no_audio,
                no_video,
            } = a;
            let mut op = AddBroadcastStream::new(id.clone(), stream_id.clone());
            if no_audio {
                op = op.has_audio(false);
            }
            if no_video {
                op = op.has_video(false);
            }
            call(ot, "broadcast add-stream", op).await?;
            out.done(
                &format!("stream {stream_id} added to broadcast {id}"),
                json!({"broadcastId": id, "streamId": stream_id}),
            );
            Ok(())
        }
        BroadcastCmd::RemoveStream(RemoveStream { id, stream_id }) => {
            call(
                ot,
                "broadcast remove-stream",
                RemoveBroadcastStream::new(id.clone(), stream_id.clone()),
            )
            .await?;
            out.done(
                &format!("stream {stream_id} removed from broadcast {id}"),
                json!({"broadcastId": id, "streamId": stream_id}),
            );
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- stream, connection, signal

async fn stream(ctx: &Ctx, ot: &OpenTok, cmd: StreamCmd) -> Result<(), CliError> {
    let out = &ctx.out;
    match cmd {
        StreamCmd::List { session_id } => {
            let page = call(ot, "stream list", ListStreams::new(session_id)).await?;
            out.list(&page.items, STREAM_COLUMNS)
        }
        StreamCmd::Get {
            session_id,
            stream_id,
        } => out.object(&call(ot, "stream get", GetStream::new(session_id, stream_id)).await?),
        StreamCmd::Layout { session_id, items } => {
            let mut op = SetStreamLayoutClasses::new(session_id.clone());
            let mut ids = Vec::new();
            for item in &items {
                let (id, classes) = pair(item, "stream layout")?;
                let list: Vec<String> = classes
                    .split([',', ' '])
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
                op = op.stream(id.clone(), list);
                ids.push(id);
            }
            call(ot, "stream layout", op).await?;
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
            call(ot, "stream layout-one", op).await?;
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
                ot,
                "stream mute",
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
            call(ot, "stream mute-all", op).await?;
            out.done(
                &format!("every stream of the session muted ({} excluded)", exclude.len()),
                json!({"sessionId": session_id, "active": true, "excludedStreamIds": exclude}),
            );
            Ok(())
        }
        StreamCmd::UnmuteAll { session_id } => {
            call(ot, "stream unmute-all", MuteAll::disable(session_id.clone())).await?;
            out.done(
                "mute-all lifted",
                json!({"sessionId": session_id, "active": false}),
            );
            Ok(())
        }
    }
}

async fn connection(ctx: &Ctx, ot: &OpenTok, cmd: ConnectionCmd) -> Result<(), CliError> {
    match cmd {
        ConnectionCmd::List { session_id } => {
            let list = call(ot, "connection list", ListConnections::new(session_id)).await?;
            ctx.out.list(&list.items, CONNECTION_COLUMNS)
        }
        ConnectionCmd::Disconnect {
            session_id,
            connection_id,
        } => {
            let op = ForceDisconnect::new(session_id.clone(), connection_id.clone());
            call(ot, "connection disconnect", op).await?;
            ctx.out.done(
                &format!("connection {connection_id} disconnected"),
                json!({"sessionId": session_id, "connectionId": connection_id}),
            );
            Ok(())
        }
    }
}

async fn signal(ctx: &Ctx, ot: &OpenTok, a: SignalArgs) -> Result<(), CliError> {
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
        Some(c) => call(ot, "signal", op.to_connection(c.clone())).await?,
        None => call(ot, "signal", op).await?,
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

// ---------------------------------------------------------------- sip, captions, render, audio

fn dial_op(ot: &OpenTok, a: SipDial) -> Result<Dial, CliError> {
    let token = token_for(ot, &a.session_id, a.token)?;
    let mut op = Dial::new(a.session_id, token, a.uri);
    if let Some(f) = a.from {
        op = op.from(f);
    }
    for h in &a.header {
        let (k, v) = pair(h, "--header")?;
        op = op.header(k, v);
    }
    if let (Some(user), Some(file)) = (a.auth_user, a.auth_password_file) {
        op = op.auth(user, read_secret_file(&file)?);
    }
    if a.secure {
        op = op.secure(true);
    }
    if a.video {
        op = op.video(true);
    }
    if a.observe_force_mute {
        op = op.observe_force_mute(true);
    }
    if !a.streams.is_empty() {
        op = op.streams(a.streams);
    }
    Ok(op)
}

async fn sip(ctx: &Ctx, ot: &OpenTok, cmd: SipCmd) -> Result<(), CliError> {
    match cmd {
        SipCmd::Dial(a) => ctx.out.object(&call(ot, "sip dial", dial_op(ot, a)?).await?),
        SipCmd::Dtmf {
            session_id,
            digits,
            connection,
        } => {
            let op = PlayDtmf::new(session_id.clone(), digits.clone());
            match &connection {
                Some(c) => call(ot, "sip dtmf", op.to_connection(c.clone())).await?,
                None => call(ot, "sip dtmf", op).await?,
            }
            ctx.out.done(
                &format!("DTMF {digits} played"),
                json!({"sessionId": session_id, "connectionId": connection, "digits": digits}),
            );
            Ok(())
        }
    }
}

async fn captions(ctx: &Ctx, ot: &OpenTok, cmd: CaptionsCmd) -> Result<(), CliError> {
    match cmd {
        CaptionsCmd::Start(a) => {
            let token = token_for(ot, &a.session_id, a.token)?;
            let mut op = StartCaptions::new(a.session_id, token);
            if let Some(c) = a.language_code {
                op = op.language_code(c);
            }
            if let Some(d) = a.max_duration {
                op = op.max_duration(d);
            }
            if let Some(p) = a.partial_captions {
                op = op.partial_captions(p);
            }
            if let Some(u) = a.status_callback_url {
                op = op.status_callback_url(u);
            }
            ctx.out.object(&call(ot, "captions start", op).await?)
        }
        CaptionsCmd::Stop(a) => {
            call(ot, "captions stop", StopCaptions::new(a.id.clone())).await?;
            ctx.out
                .done(&format!("captions {} stopped", a.id), json!({"captionsId": a.id}));
            Ok(())
        }
        CaptionsCmd::Get(a) => ctx
            .out
            .object(&call(ot, "captions get", GetCaptions::new(a.id)).await?),
    }
}

async fn render(ctx: &Ctx, ot: &OpenTok, cmd: RenderCmd) -> Result<(), CliError> {
    match cmd {
        RenderCmd::Start(a) => {
            let token = token_for(ot, &a.session_id, a.token)?;
            let mut op = StartRender::new(a.session_id, token, a.url);
            if let Some(d) = a.max_duration {
                op = op.max_duration(d);
            }
            if let Some(r) = a.resolution {
                op = op.resolution(Resolution::from_wire(&r));
            }
            if let Some(n) = a.name {
                op = op.name(n);
            }
            ctx.out.object(&call(ot, "render start", op).await?)
        }
        RenderCmd::Stop(a) => {
            call(ot, "render stop", StopRender::new(a.id.clone())).await?;
            ctx.out
                .done(&format!("render {} stopped", a.id), json!({"renderId": a.id}));
            Ok(())
        }
        RenderCmd::Get(a) => ctx
            .out
            .object(&call(ot, "render get", GetRender::new(a.id)).await?),
        RenderCmd::List { count } => {
            let mut op = ListRenders::new();
            if let Some(n) = page_size(count) {
                op = op.count(n);
            }
            let items = drain(ot.renders().list_all(op), count, "render list").await?;
            ctx.out.list(&items, RENDER_COLUMNS)
        }
    }
}

async fn audio_connector(ctx: &Ctx, ot: &OpenTok, cmd: AudioConnectorCmd) -> Result<(), CliError> {
    match cmd {
        AudioConnectorCmd::Start(a) => {
            let token = token_for(ot, &a.session_id, a.token)?;
            let mut op = StartAudioConnector::new(a.session_id, token, a.uri);
            if !a.streams.is_empty() {
                op = op.streams(a.streams);
            }
            for h in &a.header {
                let (k, v) = pair(h, "--header")?;
                op = op.header(k, v);
            }
            if let Some(r) = a.audio_rate {
                op = op.audio_rate(r);
            }
            if a.bidirectional {
                op = op.bidirectional(true);
            }
            ctx.out.object(&call(ot, "audio-connector start", op).await?)
        }
        AudioConnectorCmd::Stop(a) => {
            call(ot, "audio-connector stop", StopAudioConnector::new(a.id.clone())).await?;
            ctx.out.done(
                &format!("audio connector {} stopped", a.id),
                json!({"callId": a.id}),
            );
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- callback, legacy

async fn callback(ctx: &Ctx, ot: &OpenTok, cmd: CallbackCmd) -> Result<(), CliError> {
    match cmd {
        CallbackCmd::Register { group, event, url } => {
            let op = RegisterCallback::new(
                CallbackGroup::from_wire(&group),
                CallbackEventType::from_wire(&event),
                url,
            );
            ctx.out.object(&call(ot, "callback register", op).await?)
        }
        CallbackCmd::List => {
            let items = call(ot, "callback list", ListCallbacks::new()).await?;
            ctx.out.list(&items, CALLBACK_COLUMNS)
        }
        CallbackCmd::Delete(a) => {
            call(ot, "callback delete", DeleteCallback::new(a.id.clone())).await?;
            ctx.out
                .done(&format!("callback {} deleted", a.id), json!({"callbackId": a.id}));
            Ok(())
        }
    }
}

fn legacy_token(ot: &OpenTok, auth: LegacyAuth) -> Result<String, CliError> {
    match (auth.token, auth.session) {
        (Some(t), _) => Ok(t),
        (None, Some(s)) => token_for(ot, &s, None),
        (None, None) => Err(CliError::usage("give --token TOKEN or --session SESSION_ID")),
    }
}

async fn legacy(ctx: &Ctx, ot: &OpenTok, cmd: LegacyCmd) -> Result<(), CliError> {
    match cmd {
        LegacyCmd::SessionCreate { location, p2p } => {
            let mut op = LegacyCreateSession::new();
            if let Some(ip) = location {
                op = op.location(ip);
            }
            if let Some(p) = p2p {
                op = op.p2p_preference(P2pPreference::from_wire(&p));
            }
            let s = call(ot, "legacy session-create", op).await?;
            if ctx.out.json {
                ctx.out.object(&s)
            } else {
                ctx.out.scalar(&s.session_id, json!(null));
                Ok(())
            }
        }
        LegacyCmd::Manifest { archive_id, auth } => {
            let token = legacy_token(ot, auth)?;
            ctx.out
                .object(&call(ot, "legacy manifest", GetManifest::new(archive_id, token)).await?)
        }
        LegacyCmd::DownloadUrl {
            archive_id,
            video_id,
            auth,
        } => {
            let token = legacy_token(ot, auth)?;
            let url = call(
                ot,
                "legacy download-url",
                GetArchiveUrl::new(archive_id.clone(), video_id.clone(), token),
            )
            .await?;
            ctx.out.scalar(
                &url,
                json!({"archiveId": archive_id, "videoId": video_id, "url": url}),
            );
            Ok(())
        }
        LegacyCmd::Delete { archive_id, auth } => {
            let token = legacy_token(ot, auth)?;
            call(
                ot,
                "legacy delete",
                DeleteLegacyArchive::new(archive_id.clone(), token),
            )
            .await?;
            ctx.out.done(
                &format!("legacy archive {archive_id} deleted"),
                json!({"archiveId": archive_id}),
            );
            Ok(())
        }
    }
}
