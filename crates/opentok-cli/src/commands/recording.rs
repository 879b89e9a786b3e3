//! `opentok archive …` and `opentok broadcast …`.

use std::path::PathBuf;

use opentok::archive::{
    AddArchiveStream, AzureStorage, DeleteArchiveStorage, ListArchives, OutputMode, RemoveArchiveStream,
    S3Encryption, S3Storage, SetArchiveLayout, SetArchiveStorage, StartArchive, StorageFallback,
};
use opentok::broadcast::{
    AddBroadcastStream, HlsOutput, ListBroadcasts, RemoveBroadcastStream, RtmpOutput, SetBroadcastLayout,
    StartBroadcast,
};
use opentok::layout::{Resolution, StreamMode};
use opentok::{OpenTok, Operation};
use serde_json::json;

use crate::Ctx;
use crate::cli::{
    AddStream, ArchiveCmd, ArchiveStart, BroadcastCmd, BroadcastStart, RemoveStream, SetLayout, StorageCmd,
};
use crate::creds::{read_secret_file, secret_from};
use crate::error::CliError;
use crate::output::Column;

use super::rest::{call, drain, layout_from, page_size, set_layout};

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

// ---------------------------------------------------------------- shared

/// What the subcommands archives and broadcasts share act on.
struct Recording {
    /// `archive` or `broadcast`: the command's noun and the messages' word.
    noun: &'static str,
    /// The id's field name in `--json` output.
    id_field: &'static str,
}

const ARCHIVE: Recording = Recording {
    noun: "archive",
    id_field: "archiveId",
};
const BROADCAST: Recording = Recording {
    noun: "broadcast",
    id_field: "broadcastId",
};

impl Recording {
    /// `… layout ID TYPE`.
    async fn layout<Op: Operation + Sync>(
        &self,
        ctx: &Ctx,
        ot: &OpenTok,
        a: &SetLayout,
        op: Op,
    ) -> Result<(), CliError> {
        call(ctx, ot, op).await?;
        ctx.out.done(
            &format!("{} {} layout set to {}", self.noun, a.id, a.layout_type),
            json!({self.id_field: a.id, "layout": a.layout_type}),
        );
        Ok(())
    }

    /// `… add-stream ID STREAM_ID [--no-audio] [--no-video]`; `has_audio` / `has_video` are
    /// the operation's setters, called only to turn a track off.
    async fn add_stream<Op: Operation + Sync>(
        &self,
        ctx: &Ctx,
        ot: &OpenTok,
        a: AddStream,
        mut op: Op,
        has_audio: fn(Op, bool) -> Op,
        has_video: fn(Op, bool) -> Op,
    ) -> Result<(), CliError> {
        if a.no_audio {
            op = has_audio(op, false);
        }
        if a.no_video {
            op = has_video(op, false);
        }
        call(ctx, ot, op).await?;
        ctx.out.done(
            &format!("stream {} added to {} {}", a.stream_id, self.noun, a.id),
            json!({self.id_field: a.id, "streamId": a.stream_id}),
        );
        Ok(())
    }

    /// `… remove-stream ID STREAM_ID`.
    async fn remove_stream<Op: Operation + Sync>(
        &self,
        ctx: &Ctx,
        ot: &OpenTok,
        a: RemoveStream,
        op: Op,
    ) -> Result<(), CliError> {
        call(ctx, ot, op).await?;
        ctx.out.done(
            &format!("stream {} removed from {} {}", a.stream_id, self.noun, a.id),
            json!({self.id_field: a.id, "streamId": a.stream_id}),
        );
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

pub(super) async fn archive(ctx: &Ctx, ot: &OpenTok, cmd: ArchiveCmd) -> Result<(), CliError> {
    let out = &ctx.out;
    match cmd {
        ArchiveCmd::Start(a) => out.object(&call(ctx, ot, archive_start_op(a)).await?),
        ArchiveCmd::ById(c) => c.run(ctx, ot).await,
        ArchiveCmd::List(l) => {
            let mut op = ListArchives::new();
            if let Some(s) = l.session_id {
                op = op.session_id(s);
            }
            if let Some(n) = page_size(l.count) {
                op = op.count(n);
            }
            let items = drain(ctx, ot.archives().list_all(op), l.count).await?;
            out.list(&items, ARCHIVE_COLUMNS)
        }
        ArchiveCmd::Layout(a) => {
            let op = SetArchiveLayout::new(a.id.clone(), set_layout(&a));
            ARCHIVE.layout(ctx, ot, &a, op).await
        }
        ArchiveCmd::AddStream(a) => {
            let op = AddArchiveStream::new(a.id.clone(), a.stream_id.clone());
            ARCHIVE
                .add_stream(
                    ctx,
                    ot,
                    a,
                    op,
                    AddArchiveStream::has_audio,
                    AddArchiveStream::has_video,
                )
                .await
        }
        ArchiveCmd::RemoveStream(a) => {
            let op = RemoveArchiveStream::new(a.id.clone(), a.stream_id.clone());
            ARCHIVE.remove_stream(ctx, ot, a, op).await
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
        StorageCmd::Remove => {
            call(ctx, ot, DeleteArchiveStorage::new()).await?;
            ctx.out
                .done("archives now stay on OpenTok", json!({"type": null}));
            return Ok(());
        }
    };
    let op = match &fallback {
        Some(f) => op.fallback(StorageFallback::from_wire(f)),
        None => op,
    };
    call(ctx, ot, op).await?;
    ctx.out.done(
        &format!("archives now upload to {kind} storage"),
        json!({"type": kind, "fallback": fallback}),
    );
    Ok(())
}

// ---------------------------------------------------------------- broadcast

/// The RTMP outputs: each `--rtmp SERVER_URL` with the stream key of the matching
/// `--rtmp-stream-key-file`, or of `$OPENTOK_RTMP_STREAM_KEY` for a single output. The old
/// `--rtmp SERVER_URL STREAM_KEY` form is refused: argv shows in the process list.
fn rtmp_outputs(
    rtmp: &[String],
    key_files: &[PathBuf],
    stray: &[String],
) -> Result<Vec<RtmpOutput>, CliError> {
    const HOW: &str = "pass --rtmp-stream-key-file FILE ('-' reads stdin) after each --rtmp SERVER_URL, \
                       or set OPENTOK_RTMP_STREAM_KEY for a single output";
    if !stray.is_empty() {
        // The words are not echoed: they are likely a stream key.
        return Err(CliError::usage(format!(
            "broadcast start takes one SESSION_ID and --rtmp the server URL only: a stream key on \
             the command line shows in the process list; {HOW}"
        )));
    }
    let urls: Vec<&String> = rtmp.iter().collect();
    let keys = match (key_files.len(), urls.len()) {
        (0, 0) => Vec::new(),
        (0, 1) => vec![
            secret_from(None, "OPENTOK_RTMP_STREAM_KEY")?
                .ok_or_else(|| CliError::usage(format!("--rtmp needs the output's stream key: {HOW}")))?,
        ],
        (files, outputs) if files == outputs => key_files
            .iter()
            .map(|f| read_secret_file(f))
            .collect::<Result<_, _>>()?,
        (files, outputs) => {
            return Err(CliError::usage(format!(
                "{outputs} --rtmp output(s) and {files} --rtmp-stream-key-file: give one key file per \
                 output, in the same order"
            )));
        }
    };
    Ok(urls
        .into_iter()
        .zip(keys)
        .map(|(url, key)| RtmpOutput::new(url.clone(), key))
        .collect())
}

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
    for output in rtmp_outputs(&a.rtmp, &a.rtmp_stream_key_file, &a.stray)? {
        op = op.rtmp(output);
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

pub(super) async fn broadcast(ctx: &Ctx, ot: &OpenTok, cmd: BroadcastCmd) -> Result<(), CliError> {
    let out = &ctx.out;
    match cmd {
        BroadcastCmd::Start(a) => out.object(&call(ctx, ot, broadcast_start_op(a)?).await?),
        BroadcastCmd::ById(c) => c.run(ctx, ot).await,
        BroadcastCmd::List(l) => {
            let mut op = ListBroadcasts::new();
            if let Some(s) = l.session_id {
                op = op.session_id(s);
            }
            if let Some(n) = page_size(l.count) {
                op = op.count(n);
            }
            let items = drain(ctx, ot.broadcasts().list_all(op), l.count).await?;
            out.list(&items, BROADCAST_COLUMNS)
        }
        BroadcastCmd::Layout(a) => {
            let op = SetBroadcastLayout::new(a.id.clone(), set_layout(&a));
            BROADCAST.layout(ctx, ot, &a, op).await
        }
        BroadcastCmd::AddStream(a) => {
            let op = AddBroadcastStream::new(a.id.clone(), a.stream_id.clone());
            BROADCAST
                .add_stream(
                    ctx,
                    ot,
                    a,
                    op,
                    AddBroadcastStream::has_audio,
                    AddBroadcastStream::has_video,
                )
                .await
        }
        BroadcastCmd::RemoveStream(a) => {
            let op = RemoveBroadcastStream::new(a.id.clone(), a.stream_id.clone());
            BROADCAST.remove_stream(ctx, ot, a, op).await
        }
    }
}
