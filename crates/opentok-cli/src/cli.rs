//! The command line: every noun, verb, argument and its help (clap derive).

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

/// A parser that accepts exactly the wire values `known` (for help and completion).
fn one_of(known: &'static [&'static str]) -> PossibleValuesParser {
    PossibleValuesParser::new(known.iter().copied())
}

const ROLES: &[&str] = &["subscriber", "publisher", "publisheronly", "moderator"];
const LAYOUT_TYPES: &[&str] = &[
    "bestFit",
    "custom",
    "horizontalPresentation",
    "pip",
    "verticalPresentation",
];
const RESOLUTIONS: &[&str] = &[
    "640x480",
    "480x640",
    "1280x720",
    "720x1280",
    "1920x1080",
    "1080x1920",
];
const STREAM_MODES: &[&str] = &["auto", "manual"];
const OUTPUT_MODES: &[&str] = &["composed", "individual"];
const ARCHIVE_MODES: &[&str] = &["manual", "always"];

/// The text after the top-level help: credentials, output and exit codes.
const ROOT_AFTER: &str = "\
Credentials:
  OPENTOK_API_KEY      the project's API key (or --api-key)
  OPENTOK_API_SECRET   its secret (or --api-secret-file FILE; never taken as an argument)
  OPENTOK_API_URL      the REST base URL (or --api-url; default https://api.opentok.com)

Output:
  Tables for people by default; --json prints one JSON document per command for scripts.
  Errors go to stderr with their causes and the service's status, code and message.

Exit codes:
  0    success
  1    the service answered with an error (or a token failed verification)
  2    usage error: bad arguments, invalid input, missing credentials
  3    network failure: the service could not be reached or the exchange broke
  130  interrupted (Ctrl-C during a download; nothing half-written is left)

Example:
  opentok emulator --listen 127.0.0.1:4010 &    # prints the export lines for the next ones
  export OPENTOK_API_URL=http://127.0.0.1:4010 OPENTOK_API_KEY=... OPENTOK_API_SECRET=...
  opentok session create --routed";

/// The opentok command: the whole OpenTok (Vonage Video) REST API from a shell, with the
/// emulator built in.
#[derive(Debug, Parser)]
#[command(name = "opentok", version, about, after_help = ROOT_AFTER, propagate_version = true)]
pub(crate) struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub(crate) global: Global,
    /// The command.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// API key (default: $OPENTOK_API_KEY).
    #[arg(long, global = true, help_heading = "Global options", value_name = "KEY")]
    pub(crate) api_key: Option<String>,
    /// Read the API secret from FILE ('-' for stdin); default: $OPENTOK_API_SECRET.
    #[arg(long, global = true, help_heading = "Global options", value_name = "FILE")]
    pub(crate) api_secret_file: Option<PathBuf>,
    /// REST base URL.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "URL",
        help = "REST base URL (default: $OPENTOK_API_URL, else https://api.opentok.com)"
    )]
    pub(crate) api_url: Option<String>,
    /// Print the result as one JSON document instead of a table.
    #[arg(long, global = true, help_heading = "Global options")]
    pub(crate) json: bool,
    /// Give up on a request after this many seconds.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "SECS",
        default_value_t = 30
    )]
    pub(crate) timeout: u64,
}

/// The nouns.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Mint and inspect client tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Create sessions and decode session ids.
    #[command(subcommand)]
    Session(SessionCmd),
    /// Record sessions: start, stop, list, download archives.
    #[command(subcommand)]
    Archive(ArchiveCmd),
    /// Live streaming broadcasts (HLS and RTMP).
    #[command(subcommand)]
    Broadcast(BroadcastCmd),
    /// The streams of a session: list, layout classes, force mute.
    #[command(subcommand)]
    Stream(StreamCmd),
    /// The connections of a session: list, force disconnect.
    #[command(subcommand)]
    Connection(ConnectionCmd),
    /// Send a signal to every client of a session, or to one connection.
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        after_help = "Example:\n  opentok signal 2_MX4xMjM0NTY3OH5-... --type chat --data 'hello'\n  opentok signal send 2_MX4xMjM0NTY3OH5-... --connection CONNECTION_ID --data 'hi'"
    )]
    Signal(SignalCmd),
    /// SIP interconnect: dial out, play DTMF digits.
    #[command(subcommand)]
    Sip(SipCmd),
    /// Live captions.
    #[command(subcommand)]
    Captions(CaptionsCmd),
    /// Experience Composer renders.
    #[command(subcommand)]
    Render(RenderCmd),
    /// The Audio Connector: send a session's audio to a WebSocket.
    #[command(subcommand)]
    AudioConnector(AudioConnectorCmd),
    /// Project callbacks (webhooks).
    #[command(subcommand)]
    Callback(CallbackCmd),
    /// The old v0.91 "hl" API: session create, archive manifests.
    #[command(subcommand)]
    Legacy(LegacyCmd),
    /// Run the local OpenTok emulator in the foreground.
    #[command(
        after_help = "Prints the lines to export so that the other commands talk to it, then \
serves until Ctrl-C.\n\nExample:\n  opentok emulator --listen 127.0.0.1:4010 --api-key 12345678"
    )]
    Emulator(EmulatorArgs),
    /// Print shell completions.
    #[command(after_help = "Example:\n  opentok completions bash > /etc/bash_completion.d/opentok")]
    Completions {
        /// The shell.
        shell: Shell,
    },
}

// ---------------------------------------------------------------- token

/// `opentok token …`
#[derive(Debug, Subcommand)]
pub(crate) enum TokenCmd {
    /// Mint a client token (printed alone on stdout).
    #[command(
        after_help = "Example:\n  opentok token create 2_MX4xMjM0NTY3OH5-... --role moderator --expire-in 2h --data name=ops"
    )]
    Create(TokenCreate),
    /// Decode a client token; verify it too when the secret is known.
    #[command(after_help = "Example:\n  opentok token inspect T1==cGFydG5lcl9pZD0xMjM0...")]
    Inspect {
        /// The token ('-' reads it from stdin).
        token: String,
    },
}

/// `opentok token create`
#[derive(Debug, Args)]
pub(crate) struct TokenCreate {
    /// The session the token admits to.
    pub(crate) session_id: String,
    /// The role.
    #[arg(long, value_parser = one_of(ROLES), default_value = "publisher")]
    pub(crate) role: String,
    /// Connection data other clients see (at most 1000 characters).
    #[arg(long)]
    pub(crate) data: Option<String>,
    /// Lifetime: seconds, or a number with s, m, h or d (at most 30 days).
    #[arg(long, value_name = "DURATION", conflicts_with = "expire_at")]
    pub(crate) expire_in: Option<String>,
    /// Expiry as Unix seconds.
    #[arg(long, value_name = "EPOCH")]
    pub(crate) expire_at: Option<u64>,
    /// An initial layout class (repeat for more).
    #[arg(long = "layout", value_name = "CLASS")]
    pub(crate) layout: Vec<String>,
    /// Mint an HS256 JWT instead of a T1 token.
    #[arg(long)]
    pub(crate) jwt: bool,
}

// ---------------------------------------------------------------- session

/// `opentok session …`
#[derive(Debug, Subcommand)]
pub(crate) enum SessionCmd {
    /// Create a session and print its id.
    #[command(
        after_help = "Example:\n  opentok session create --routed --archive-mode always --archive-name nightly"
    )]
    Create(SessionCreate),
    /// Decode a session id (no request is sent).
    #[command(after_help = "Example:\n  opentok session inspect 2_MX4xMjM0NTY3OH5-...")]
    Inspect {
        /// The session id.
        session_id: String,
    },
}

/// `opentok session create`
#[derive(Debug, Args)]
pub(crate) struct SessionCreate {
    /// Route media through the OpenTok Media Router (needed for archives, broadcasts, SIP).
    #[arg(long)]
    pub(crate) routed: bool,
    /// An IPv4 address that places the session.
    #[arg(long, value_name = "IP")]
    pub(crate) location: Option<String>,
    /// Archive automatically (always; needs --routed) or on request (manual).
    #[arg(long, value_parser = one_of(ARCHIVE_MODES))]
    pub(crate) archive_mode: Option<String>,
    /// Name of automatic archives (at most 80 characters).
    #[arg(long, value_name = "NAME")]
    pub(crate) archive_name: Option<String>,
    /// Resolution of automatic archives.
    #[arg(long, value_parser = one_of(RESOLUTIONS), value_name = "WxH")]
    pub(crate) archive_resolution: Option<String>,
    /// End-to-end encryption (needs --routed).
    #[arg(long)]
    pub(crate) e2ee: bool,
}

// ---------------------------------------------------------------- layouts and lists

/// A composed layout, as options.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct LayoutOpts {
    /// Layout type of the composed output.
    #[arg(long = "layout", value_parser = one_of(LAYOUT_TYPES), value_name = "TYPE")]
    pub(crate) layout: Option<String>,
    /// CSS for the custom layout type.
    #[arg(long, value_name = "CSS")]
    pub(crate) stylesheet: Option<String>,
    /// Layout type while a screen is shared (with bestFit).
    #[arg(long, value_parser = one_of(LAYOUT_TYPES), value_name = "TYPE")]
    pub(crate) screenshare_type: Option<String>,
}

/// A layout change: the type is required.
#[derive(Debug, Args)]
pub(crate) struct SetLayout {
    /// The archive or broadcast id.
    pub(crate) id: String,
    /// Layout type.
    #[arg(value_parser = one_of(LAYOUT_TYPES))]
    pub(crate) layout_type: String,
    /// CSS for the custom layout type.
    #[arg(long, value_name = "CSS")]
    pub(crate) stylesheet: Option<String>,
    /// Layout type while a screen is shared (with bestFit).
    #[arg(long, value_parser = one_of(LAYOUT_TYPES), value_name = "TYPE")]
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

/// One id argument.
#[derive(Debug, Args)]
pub(crate) struct IdArg {
    /// The id.
    pub(crate) id: String,
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
    /// Stop a recording.
    #[command(after_help = "Example:\n  opentok archive stop b40ef09b-3811-4726-b508-e41a0f96c68f")]
    Stop(IdArg),
    /// Show one archive.
    #[command(after_help = "Example:\n  opentok archive get b40ef09b-3811-4726-b508-e41a0f96c68f --json")]
    Get(IdArg),
    /// List archives, newest first.
    #[command(after_help = "Example:\n  opentok archive list --session-id 2_MX4xMjM0NTY3OH5-... --count 20")]
    List(ListOpts),
    /// Delete an archive.
    #[command(after_help = "Example:\n  opentok archive delete b40ef09b-3811-4726-b508-e41a0f96c68f")]
    Delete(IdArg),
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
        #[arg(long, value_parser = one_of(&["s3", "none"]))]
        sse: Option<String>,
        /// Keep archives on OpenTok when an upload fails (opentok), or not (none).
        #[arg(long, value_parser = one_of(&["none", "opentok"]))]
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
        #[arg(long, value_parser = one_of(&["none", "opentok"]))]
        fallback: Option<String>,
    },
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
    #[arg(long, value_parser = one_of(OUTPUT_MODES))]
    pub(crate) output_mode: Option<String>,
    /// Resolution of a composed archive.
    #[arg(long, value_parser = one_of(RESOLUTIONS), value_name = "WxH")]
    pub(crate) resolution: Option<String>,
    /// Layout options.
    #[command(flatten)]
    pub(crate) layout: LayoutOpts,
    /// Which streams are recorded: all (auto) or those added (manual).
    #[arg(long, value_parser = one_of(STREAM_MODES))]
    pub(crate) stream_mode: Option<String>,
    /// Tag that allows several archives of one session at once.
    #[arg(long, value_name = "TAG")]
    pub(crate) multi_archive_tag: Option<String>,
    /// Maximum video bitrate in bits per second.
    #[arg(long, value_name = "BPS")]
    pub(crate) max_bitrate: Option<u32>,
    /// Video quantization parameter (15-40).
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
        after_help = "Example:\n  opentok broadcast start 2_MX4xMjM0NTY3OH5-... --hls --rtmp rtmp://live.example.com/app streamkey"
    )]
    Start(BroadcastStart),
    /// Stop a broadcast.
    #[command(after_help = "Example:\n  opentok broadcast stop 1748b7070a81464c9759c46ad10d3734")]
    Stop(IdArg),
    /// Show one broadcast.
    #[command(after_help = "Example:\n  opentok broadcast get 1748b7070a81464c9759c46ad10d3734 --json")]
    Get(IdArg),
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
    /// An RTMP output: server URL and stream name (repeat for more).
    #[arg(long, num_args = 2, value_names = ["SERVER_URL", "STREAM_NAME"])]
    pub(crate) rtmp: Vec<String>,
    /// Layout options.
    #[command(flatten)]
    pub(crate) layout: LayoutOpts,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECS")]
    pub(crate) max_duration: Option<u64>,
    /// Output resolution.
    #[arg(long, value_parser = one_of(RESOLUTIONS), value_name = "WxH")]
    pub(crate) resolution: Option<String>,
    /// Which streams are broadcast: all (auto) or those added (manual).
    #[arg(long, value_parser = one_of(STREAM_MODES))]
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
}

// ---------------------------------------------------------------- stream, connection

/// `opentok stream …`
#[derive(Debug, Subcommand)]
pub(crate) enum StreamCmd {
    /// List the streams of a session.
    #[command(after_help = "Example:\n  opentok stream list 2_MX4xMjM0NTY3OH5-...")]
    List {
        /// The session.
        session_id: String,
    },
    /// Show one stream.
    #[command(after_help = "Example:\n  opentok stream get 2_MX4xMjM0NTY3OH5-... STREAM_ID")]
    Get {
        /// The session.
        session_id: String,
        /// The stream.
        stream_id: String,
    },
    /// Set the layout classes of several streams at once.
    #[command(
        after_help = "Each STREAM=CLASSES gives a stream its classes, comma-separated (empty clears them).\n\n\
Example:\n  opentok stream layout 2_MX4xMjM0NTY3OH5-... STREAM_A=focus,full STREAM_B="
    )]
    Layout {
        /// The session.
        session_id: String,
        /// STREAM_ID=CLASS[,CLASS…]
        #[arg(required = true, value_name = "STREAM=CLASSES")]
        items: Vec<String>,
    },
    /// Set the layout classes of one stream.
    #[command(
        after_help = "Example:\n  opentok stream layout-one 2_MX4xMjM0NTY3OH5-... STREAM_ID focus full"
    )]
    LayoutOne {
        /// The session.
        session_id: String,
        /// The stream.
        stream_id: String,
        /// Its classes (none clears them).
        classes: Vec<String>,
    },
    /// Force one stream's audio off.
    #[command(after_help = "Example:\n  opentok stream mute 2_MX4xMjM0NTY3OH5-... STREAM_ID")]
    Mute {
        /// The session.
        session_id: String,
        /// The stream.
        stream_id: String,
    },
    /// Mute every stream of a session (and streams published later).
    #[command(
        after_help = "Example:\n  opentok stream mute-all 2_MX4xMjM0NTY3OH5-... --exclude SPEAKER_STREAM_ID"
    )]
    MuteAll {
        /// The session.
        session_id: String,
        /// A stream to leave unmuted (repeat for more).
        #[arg(long, value_name = "STREAM_ID")]
        exclude: Vec<String>,
    },
    /// Lift the mute-all state of a session.
    #[command(after_help = "Example:\n  opentok stream unmute-all 2_MX4xMjM0NTY3OH5-...")]
    UnmuteAll {
        /// The session.
        session_id: String,
    },
}

/// `opentok connection …`
#[derive(Debug, Subcommand)]
pub(crate) enum ConnectionCmd {
    /// List the connections of a session.
    #[command(after_help = "Example:\n  opentok connection list 2_MX4xMjM0NTY3OH5-...")]
    List {
        /// The session.
        session_id: String,
    },
    /// Force a client to disconnect.
    #[command(after_help = "Example:\n  opentok connection disconnect 2_MX4xMjM0NTY3OH5-... CONNECTION_ID")]
    Disconnect {
        /// The session.
        session_id: String,
        /// The connection.
        connection_id: String,
    },
}

// ---------------------------------------------------------------- signal

/// `opentok signal …`: the arguments directly, or under `send`.
#[derive(Debug, Args)]
pub(crate) struct SignalCmd {
    /// The same, spelled as a verb.
    #[command(subcommand)]
    pub(crate) send: Option<SignalSub>,
    /// The signal.
    #[command(flatten)]
    pub(crate) args: Option<SignalArgs>,
}

/// `opentok signal send`
#[derive(Debug, Subcommand)]
pub(crate) enum SignalSub {
    /// Send a signal (the same as `opentok signal SESSION_ID …`).
    #[command(
        after_help = "Example:\n  opentok signal send 2_MX4xMjM0NTY3OH5-... --type chat --data 'hello'"
    )]
    Send(SignalArgs),
}

/// A signal.
#[derive(Debug, Args)]
pub(crate) struct SignalArgs {
    /// The session.
    pub(crate) session_id: String,
    /// Only this connection.
    #[arg(long, value_name = "CONNECTION_ID")]
    pub(crate) connection: Option<String>,
    /// Signal type (at most 128 bytes).
    #[arg(long = "type", value_name = "TYPE")]
    pub(crate) signal_type: Option<String>,
    /// Signal data (at most 8 KiB).
    #[arg(long)]
    pub(crate) data: String,
}

// ---------------------------------------------------------------- sip

/// `opentok sip …`
#[derive(Debug, Subcommand)]
pub(crate) enum SipCmd {
    /// Dial a SIP endpoint into a session.
    #[command(
        after_help = "A moderator token is minted for the session unless --token is given.\n\n\
Example:\n  opentok sip dial 2_MX4xMjM0NTY3OH5-... --uri 'sip:+15551230000@sip.example.com;transport=tls' --secure"
    )]
    Dial(SipDial),
    /// Play DTMF digits into a session, or to one connection.
    #[command(
        after_help = "Example:\n  opentok sip dtmf 2_MX4xMjM0NTY3OH5-... 1234# --connection CONNECTION_ID"
    )]
    Dtmf {
        /// The session.
        session_id: String,
        /// Digits: 0-9, *, #, p (pause).
        digits: String,
        /// Only this connection.
        #[arg(long, value_name = "CONNECTION_ID")]
        connection: Option<String>,
    },
}

/// `opentok sip dial`
#[derive(Debug, Args)]
pub(crate) struct SipDial {
    /// The session.
    pub(crate) session_id: String,
    /// The SIP URI to dial.
    #[arg(long)]
    pub(crate) uri: String,
    /// Client token for the SIP connection (default: a minted moderator token).
    #[arg(long)]
    pub(crate) token: Option<String>,
    /// Caller id (`from`).
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// A SIP header NAME=VALUE (repeat for more).
    #[arg(long, value_name = "NAME=VALUE")]
    pub(crate) header: Vec<String>,
    /// SIP auth user name.
    #[arg(long, requires = "auth_password_file")]
    pub(crate) auth_user: Option<String>,
    /// Read the SIP auth password from FILE.
    #[arg(long, value_name = "FILE", requires = "auth_user")]
    pub(crate) auth_password_file: Option<PathBuf>,
    /// Encrypt media (SRTP).
    #[arg(long)]
    pub(crate) secure: bool,
    /// Send video too.
    #[arg(long)]
    pub(crate) video: bool,
    /// Let force-mute calls mute the SIP participant.
    #[arg(long)]
    pub(crate) observe_force_mute: bool,
    /// Only these streams go to the SIP endpoint (repeat for more).
    #[arg(long = "stream", value_name = "STREAM_ID")]
    pub(crate) streams: Vec<String>,
}

// ---------------------------------------------------------------- captions, render, audio

/// `opentok captions …`
#[derive(Debug, Subcommand)]
pub(crate) enum CaptionsCmd {
    /// Start live captions.
    #[command(
        after_help = "A moderator token is minted for the session unless --token is given.\n\n\
Example:\n  opentok captions start 2_MX4xMjM0NTY3OH5-... --max-duration 3600"
    )]
    Start(CaptionsStart),
    /// Stop live captions.
    #[command(after_help = "Example:\n  opentok captions stop 7c0580fc-6274-4de5-a66f-d0648e8d3ac2")]
    Stop(IdArg),
    /// Show the status of live captions.
    #[command(after_help = "Example:\n  opentok captions get 7c0580fc-6274-4de5-a66f-d0648e8d3ac2")]
    Get(IdArg),
}

/// `opentok captions start`
#[derive(Debug, Args)]
pub(crate) struct CaptionsStart {
    /// The session.
    pub(crate) session_id: String,
    /// Client token (default: a minted moderator token).
    #[arg(long)]
    pub(crate) token: Option<String>,
    /// Spoken language (en-US).
    #[arg(long, value_name = "CODE")]
    pub(crate) language_code: Option<String>,
    /// Stop after this many seconds (300-14400).
    #[arg(long, value_name = "SECS")]
    pub(crate) max_duration: Option<u32>,
    /// Send partial captions too (true or false).
    #[arg(long, value_name = "BOOL")]
    pub(crate) partial_captions: Option<bool>,
    /// URL for status callbacks.
    #[arg(long, value_name = "URL")]
    pub(crate) status_callback_url: Option<String>,
}

/// `opentok render …`
#[derive(Debug, Subcommand)]
pub(crate) enum RenderCmd {
    /// Start an Experience Composer render of a web page into a session.
    #[command(
        after_help = "A moderator token is minted for the session unless --token is given.\n\n\
Example:\n  opentok render start 2_MX4xMjM0NTY3OH5-... --url https://example.com/board --resolution 1280x720"
    )]
    Start(RenderStart),
    /// Stop a render.
    #[command(after_help = "Example:\n  opentok render stop 80abaf0d-25a3-4efc-968f-6268d620668d")]
    Stop(IdArg),
    /// Show one render.
    #[command(after_help = "Example:\n  opentok render get 80abaf0d-25a3-4efc-968f-6268d620668d")]
    Get(IdArg),
    /// List renders, newest first.
    #[command(after_help = "Example:\n  opentok render list --count 5")]
    List {
        /// At most this many items (default: all of them, page by page).
        #[arg(long, value_name = "N")]
        count: Option<u32>,
    },
}

/// `opentok render start`
#[derive(Debug, Args)]
pub(crate) struct RenderStart {
    /// The session.
    pub(crate) session_id: String,
    /// The page to render.
    #[arg(long)]
    pub(crate) url: String,
    /// Client token (default: a minted moderator token).
    #[arg(long)]
    pub(crate) token: Option<String>,
    /// Stop after this many seconds (60-36000).
    #[arg(long, value_name = "SECS")]
    pub(crate) max_duration: Option<u32>,
    /// Resolution.
    #[arg(long, value_parser = one_of(RESOLUTIONS), value_name = "WxH")]
    pub(crate) resolution: Option<String>,
    /// The name of the render's stream.
    #[arg(long)]
    pub(crate) name: Option<String>,
}

/// `opentok audio-connector …`
#[derive(Debug, Subcommand)]
pub(crate) enum AudioConnectorCmd {
    /// Start sending a session's audio to a WebSocket.
    #[command(
        after_help = "A moderator token is minted for the session unless --token is given.\n\n\
Example:\n  opentok audio-connector start 2_MX4xMjM0NTY3OH5-... --uri wss://example.com/audio --audio-rate 16000"
    )]
    Start(AudioStart),
    /// Stop an Audio Connector call.
    #[command(after_help = "Example:\n  opentok audio-connector stop CALL_ID")]
    Stop(IdArg),
}

/// `opentok audio-connector start`
#[derive(Debug, Args)]
pub(crate) struct AudioStart {
    /// The session.
    pub(crate) session_id: String,
    /// The WebSocket URI (ws:// or wss://).
    #[arg(long)]
    pub(crate) uri: String,
    /// Client token (default: a minted moderator token).
    #[arg(long)]
    pub(crate) token: Option<String>,
    /// Only these streams (repeat for more).
    #[arg(long = "stream", value_name = "STREAM_ID")]
    pub(crate) streams: Vec<String>,
    /// A header NAME=VALUE sent on the WebSocket (repeat for more).
    #[arg(long, value_name = "NAME=VALUE")]
    pub(crate) header: Vec<String>,
    /// Audio sample rate: 8000, 16000 or 24000.
    #[arg(long, value_name = "HZ")]
    pub(crate) audio_rate: Option<u32>,
    /// Also play audio from the WebSocket into the session.
    #[arg(long)]
    pub(crate) bidirectional: bool,
}

// ---------------------------------------------------------------- callback

/// `opentok callback …`
#[derive(Debug, Subcommand)]
pub(crate) enum CallbackCmd {
    /// Register a callback URL for a group of events.
    #[command(
        after_help = "Example:\n  opentok callback register --group connection --event created --url https://example.com/hooks/ot"
    )]
    Register {
        /// Event group: connection or stream.
        #[arg(long, value_parser = one_of(&["connection", "stream"]))]
        group: String,
        /// Event: created or destroyed.
        #[arg(long, value_parser = one_of(&["created", "destroyed"]))]
        event: String,
        /// The URL that receives the events.
        #[arg(long)]
        url: String,
    },
    /// List registered callbacks.
    #[command(after_help = "Example:\n  opentok callback list --json")]
    List,
    /// Delete a callback.
    #[command(after_help = "Example:\n  opentok callback delete CALLBACK_ID")]
    Delete(IdArg),
}

// ---------------------------------------------------------------- legacy

/// `opentok legacy …`
#[derive(Debug, Subcommand)]
pub(crate) enum LegacyCmd {
    /// Create a session with the v0.91 API.
    #[command(after_help = "Example:\n  opentok legacy session-create --p2p disabled")]
    SessionCreate {
        /// An IP address that places the session.
        #[arg(long, value_name = "IP")]
        location: Option<String>,
        /// p2p.preference: enabled (relayed) or disabled (routed).
        #[arg(long, value_parser = one_of(&["enabled", "disabled"]))]
        p2p: Option<String>,
    },
    /// Print a legacy archive's manifest: its videos and timeline.
    #[command(after_help = "Example:\n  opentok legacy manifest ARCHIVE_ID --session 2_MX4xMjM0NTY3OH5-...")]
    Manifest {
        /// The archive.
        archive_id: String,
        /// Moderator authorisation.
        #[command(flatten)]
        auth: LegacyAuth,
    },
    /// Print the download URL of one video of a legacy archive.
    #[command(
        after_help = "Example:\n  opentok legacy download-url ARCHIVE_ID VIDEO_ID --session 2_MX4xMjM0NTY3OH5-..."
    )]
    DownloadUrl {
        /// The archive.
        archive_id: String,
        /// The video (from the manifest).
        video_id: String,
        /// Moderator authorisation.
        #[command(flatten)]
        auth: LegacyAuth,
    },
    /// Delete a legacy archive.
    #[command(after_help = "Example:\n  opentok legacy delete ARCHIVE_ID --session 2_MX4xMjM0NTY3OH5-...")]
    Delete {
        /// The archive.
        archive_id: String,
        /// Moderator authorisation.
        #[command(flatten)]
        auth: LegacyAuth,
    },
}

/// The moderator token the hl archive calls need.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct LegacyAuth {
    /// A moderator client token.
    #[arg(long)]
    pub(crate) token: Option<String>,
    /// Mint a moderator token for this session of the project.
    #[arg(long, value_name = "SESSION_ID")]
    pub(crate) session: Option<String>,
}

// ---------------------------------------------------------------- emulator

/// `opentok emulator`
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4010")]
    pub(crate) listen: std::net::SocketAddr,
    /// The emulated project's secret (a test value; default: $OPENTOK_API_SECRET, or generated).
    #[arg(long, value_name = "SECRET")]
    pub(crate) api_secret: Option<String>,
    /// Also accept the staging tokens `devtoken` and `moderator_token`.
    #[arg(long)]
    pub(crate) staging: bool,
}
