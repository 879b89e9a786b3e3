//! Archives and broadcasts, and the layout and list options they share.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use opentok::archive::{OutputMode, S3Encryption, StorageFallback};
use opentok::layout::{LayoutType, Resolution, StreamMode};

use crate::by_id::{self, ById};

use super::one_of;

// ---------------------------------------------------------------- layouts and lists

/// A composed layout, as options.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct LayoutOpts {
    /// Layout type of the composed output.
    #[arg(long = "layout", value_parser = one_of(LayoutType::KNOWN), value_name = "TYPE")]
    pub(crate) layout: Option<String>,
    /// CSS for the custom layout type.
    #[arg(long, value_name = "CSS")]
    pub(crate) stylesheet: Option<String>,
    /// Layout type while a screen is shared (with bestFit).
    #[arg(long, value_parser = one_of(LayoutType::KNOWN), value_name = "TYPE")]
    pub(crate) screenshare_type: Option<String>,
}

/// A layout change: the type is required.
#[derive(Debug, Args)]
pub(crate) struct SetLayout {
    /// The archive or broadcast id.
    pub(crate) id: String,
    /// Layout type.
    #[arg(value_parser = one_of(LayoutType::KNOWN))]
    pub(crate) layout_type: String,
    /// CSS for the custom layout type.
    #[arg(long, value_name = "CSS")]
    pub(crate) stylesheet: Option<String>,
    /// Layout type while a screen is shared (with bestFit).
    #[arg(long, value_parser = one_of(LayoutType::KNOWN), value_name = "TYPE")]
    pub(crate) screenshare_type: Option<String>,
}

/// List options.
#[derive(Debug, Args)]
pub(crate) struct ListOpts {
    /// Only items of this session.
    #[arg(long, value_name = "SESSION_ID")]
    pub(crate) session_id: Option<String>,
    /// At most this many items, newest first (default: all of them, page by page).
    #[arg(long, value_name = "N")]
    pub(crate) count: Option<u32>,
}

/// Adding a stream to a manual-mode archive or broadcast.
#[derive(Debug, Args)]
pub(crate) struct AddStream {
    /// The archive or broadcast id.
    pub(crate) id: String,
    /// The stream to add.
    pub(crate) stream_id: String,
    /// Leave the stream's audio out.
    #[arg(long)]
    pub(crate) no_audio: bool,
    /// Leave the stream's video out.
    #[arg(long)]
    pub(crate) no_video: bool,
}

/// Removing a stream from a manual-mode archive or broadcast.
#[derive(Debug, Args)]
pub(crate) struct RemoveStream {
    /// The archive or broadcast id.
    pub(crate) id: String,
    /// The stream to remove.
    pub(crate) stream_id: String,
}

// ---------------------------------------------------------------- archive

/// `opentok archive …`
#[derive(Debug, Subcommand)]
pub(crate) enum ArchiveCmd {
    /// Start recording a session.
    #[command(
        after_help = "Example:\n  opentok archive start 2_MX4xMjM0NTY3OH5-... --name standup --resolution 1280x720"
    )]
    Start(ArchiveStart),
    /// The calls that take only the archive's id (generated from the operations table).
    #[command(flatten)]
    ById(ById<by_id::Archive>),
    /// List archives, newest first.
    #[command(after_help = "Example:\n  opentok archive list --session-id 2_MX4xMjM0NTY3OH5-... --count 20")]
    List(ListOpts),
    /// Change the layout of a composed archive while it records.
    #[command(after_help = "Example:\n  opentok archive layout b40ef09b-3811-4726-b508-e41a0f96c68f pip")]
    Layout(SetLayout),
    /// Add a stream to an archive in manual stream mode.
    #[command(
        after_help = "Example:\n  opentok archive add-stream b40ef09b-3811-4726-b508-e41a0f96c68f STREAM_ID --no-video"
    )]
    AddStream(AddStream),
    /// Remove a stream from an archive in manual stream mode.
    #[command(
        after_help = "Example:\n  opentok archive remove-stream b40ef09b-3811-4726-b508-e41a0f96c68f STREAM_ID"
    )]
    RemoveStream(RemoveStream),
    /// Download an available archive to a file.
    #[command(
        after_help = "The file is written under a temporary name and renamed when complete and \
of the announced size; a progress line shows on a terminal.\n\nExample:\n  opentok archive download \
b40ef09b-3811-4726-b508-e41a0f96c68f -o standup.mp4"
    )]
    Download(ArchiveDownload),
    /// Upload finished archives to your own S3 or Azure storage.
    #[command(subcommand)]
    Storage(StorageCmd),
}

/// `opentok archive storage …`
#[derive(Debug, Subcommand)]
pub(crate) enum StorageCmd {
    /// Upload archives to an Amazon S3 (or S3-compatible) bucket.
    #[command(
        after_help = "The secret key is read from a file, never taken as an argument.\n\n\
Example:\n  opentok archive storage s3 --bucket recordings --access-key AKIA... --secret-key-file ~/.s3-secret"
    )]
    S3 {
        /// The bucket.
        #[arg(long)]
        bucket: String,
        /// The access key id.
        #[arg(long, value_name = "KEY_ID")]
        access_key: String,
        /// Read the secret access key from FILE ('-' for stdin).
        #[arg(long, value_name = "FILE")]
        secret_key_file: PathBuf,
        /// An S3-compatible endpoint URL.
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        /// Server-side encryption.
        #[arg(long, value_parser = one_of(S3Encryption::KNOWN))]
        sse: Option<String>,
        /// Keep archives on OpenTok when an upload fails (opentok), or not (none).
        #[arg(long, value_parser = one_of(StorageFallback::KNOWN))]
        fallback: Option<String>,
    },
    /// Upload archives to a Microsoft Azure container.
    #[command(
        after_help = "The account key is read from a file, never taken as an argument.\n\n\
Example:\n  opentok archive storage azure --account-name acme --account-key-file ~/.azure-key --container recordings"
    )]
    Azure {
        /// The storage account.
        #[arg(long)]
        account_name: String,
        /// Read the account key from FILE ('-' for stdin).
        #[arg(long, value_name = "FILE")]
        account_key_file: PathBuf,
        /// The container.
        #[arg(long)]
        container: String,
        /// A custom domain.
        #[arg(long)]
        domain: Option<String>,
        /// Keep archives on OpenTok when an upload fails (opentok), or not (none).
        #[arg(long, value_parser = one_of(StorageFallback::KNOWN))]
        fallback: Option<String>,
    },
    /// Stop uploading archives to your own storage; they stay on OpenTok.
    #[command(after_help = "Example:\n  opentok archive storage remove")]
    Remove,
}

/// `opentok archive start`
#[derive(Debug, Args)]
pub(crate) struct ArchiveStart {
    /// The session to record.
    pub(crate) session_id: String,
    /// Archive name.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Record no audio.
    #[arg(long)]
    pub(crate) no_audio: bool,
    /// Record no video.
    #[arg(long)]
    pub(crate) no_video: bool,
    /// One composed file, or one file per stream.
    #[arg(long, value_parser = one_of(OutputMode::KNOWN))]
    pub(crate) output_mode: Option<String>,
    /// Resolution of a composed archive.
    #[arg(long, value_parser = one_of(Resolution::KNOWN), value_name = "WxH")]
    pub(crate) resolution: Option<String>,
    /// Layout options.
    #[command(flatten)]
    pub(crate) layout: LayoutOpts,
    /// Which streams are recorded: all (auto) or those added (manual).
    #[arg(long, value_parser = one_of(StreamMode::KNOWN))]
    pub(crate) stream_mode: Option<String>,
    /// Tag that allows several archives of one session at once.
    #[arg(long, value_name = "TAG")]
    pub(crate) multi_archive_tag: Option<String>,
    /// Maximum video bitrate in bits per second (not with --quantization-parameter).
    #[arg(long, value_name = "BPS")]
    pub(crate) max_bitrate: Option<u32>,
    /// Video quantization parameter (15-40; not with --max-bitrate).
    #[arg(long, value_name = "QP")]
    pub(crate) quantization_parameter: Option<u32>,
    /// Also transcribe the audio.
    #[arg(long)]
    pub(crate) transcription: bool,
}

/// `opentok archive download`
#[derive(Debug, Args)]
pub(crate) struct ArchiveDownload {
    /// The archive id.
    pub(crate) id: String,
    /// Where to write it (default: ARCHIVE_ID.mp4, or .zip for individual output).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub(crate) force: bool,
}

// ---------------------------------------------------------------- broadcast

/// `opentok broadcast …`
#[derive(Debug, Subcommand)]
pub(crate) enum BroadcastCmd {
    /// Start a live broadcast to HLS and/or RTMP.
    #[command(
        after_help = "Each --rtmp output's stream key is read from its --rtmp-stream-key-file (in the \
same order), or for a single output from $OPENTOK_RTMP_STREAM_KEY; never taken as an argument.\n\nExample:\n  opentok broadcast start 2_MX4xMjM0NTY3OH5-... --hls --rtmp rtmp://live.example.com/app --rtmp-stream-key-file ~/.stream-key"
    )]
    Start(BroadcastStart),
    /// The calls that take only the broadcast's id (generated from the operations table).
    #[command(flatten)]
    ById(ById<by_id::Broadcast>),
    /// List broadcasts, newest first.
    #[command(after_help = "Example:\n  opentok broadcast list --count 10")]
    List(ListOpts),
    /// Change the layout of a broadcast.
    #[command(
        after_help = "Example:\n  opentok broadcast layout 1748b7070a81464c9759c46ad10d3734 bestFit --screenshare-type pip"
    )]
    Layout(SetLayout),
    /// Add a stream to a broadcast in manual stream mode.
    #[command(
        after_help = "Example:\n  opentok broadcast add-stream 1748b7070a81464c9759c46ad10d3734 STREAM_ID"
    )]
    AddStream(AddStream),
    /// Remove a stream from a broadcast in manual stream mode.
    #[command(
        after_help = "Example:\n  opentok broadcast remove-stream 1748b7070a81464c9759c46ad10d3734 STREAM_ID"
    )]
    RemoveStream(RemoveStream),
}

/// `opentok broadcast start`
#[derive(Debug, Args)]
pub(crate) struct BroadcastStart {
    /// The session to broadcast.
    pub(crate) session_id: String,
    /// Broadcast to HLS.
    #[arg(long)]
    pub(crate) hls: bool,
    /// HLS with DVR (rewind) support.
    #[arg(long)]
    pub(crate) hls_dvr: bool,
    /// HLS in low-latency mode.
    #[arg(long)]
    pub(crate) hls_low_latency: bool,
    /// An RTMP output's server URL (repeat for more).
    #[arg(long, value_name = "SERVER_URL")]
    pub(crate) rtmp: Vec<String>,
    /// Read the stream key (stream name) of the matching --rtmp from FILE ('-' for stdin).
    #[arg(long, value_name = "FILE")]
    pub(crate) rtmp_stream_key_file: Vec<PathBuf>,
    /// Layout options.
    #[command(flatten)]
    pub(crate) layout: LayoutOpts,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECS")]
    pub(crate) max_duration: Option<u64>,
    /// Output resolution.
    #[arg(long, value_parser = one_of(Resolution::KNOWN), value_name = "WxH")]
    pub(crate) resolution: Option<String>,
    /// Which streams are broadcast: all (auto) or those added (manual).
    #[arg(long, value_parser = one_of(StreamMode::KNOWN))]
    pub(crate) stream_mode: Option<String>,
    /// Tag that allows several broadcasts of one session at once.
    #[arg(long, value_name = "TAG")]
    pub(crate) multi_broadcast_tag: Option<String>,
    /// Maximum video bitrate in bits per second.
    #[arg(long, value_name = "BPS")]
    pub(crate) max_bitrate: Option<u32>,
    /// Broadcast no audio.
    #[arg(long)]
    pub(crate) no_audio: bool,
    /// Broadcast no video.
    #[arg(long)]
    pub(crate) no_video: bool,
    /// Words after the session id: the old `--rtmp SERVER_URL STREAM_KEY` form, refused.
    #[arg(hide = true, value_name = "STREAM_KEY")]
    pub(crate) stray: Vec<String>,
}
