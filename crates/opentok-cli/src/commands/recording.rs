//! `opentok archive …` and `opentok broadcast …`.

use opentok::OpenTok;
use opentok::archive::{
    AddArchiveStream, AzureStorage, DeleteArchive, GetArchive, ListArchives, OutputMode, RemoveArchiveStream,
    S3Encryption, S3Storage, SetArchiveLayout, SetArchiveStorage, StartArchive, StopArchive, StorageFallback,
};
use opentok::broadcast::{
    AddBroadcastStream, GetBroadcast, HlsOutput, ListBroadcasts, RemoveBroadcastStream, RtmpOutput,
    SetBroadcastLayout, StartBroadcast, StopBroadcast,
};
use opentok::layout::{Resolution, StreamMode};
use serde_json::json;

use crate::Ctx;
use crate::cli::{
    AddStream, ArchiveCmd, ArchiveStart, BroadcastCmd, BroadcastStart, RemoveStream, StorageCmd,
};
use crate::creds::read_secret_file;
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

pub(super) async fn broadcast(ctx: &Ctx, ot: &OpenTok, cmd: BroadcastCmd) -> Result<(), CliError> {
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
