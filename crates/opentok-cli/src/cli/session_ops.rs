//! Streams, connections, signals, SIP, captions, renders, the Audio Connector, callbacks
//! and the legacy hl API.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use opentok::audio_connector::AudioEncoding;
use opentok::callback::{CallbackEventType, CallbackGroup};
use opentok::layout::Resolution;
use opentok::legacy::P2pPreference;

use crate::by_id::{self, ById};

use super::{AUDIO_TRANSPORTS, one_of};

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
        after_help = "A moderator token is minted for the session unless --token-file FILE or $OPENTOK_CLIENT_TOKEN gives one.\n\n\
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
    /// The client token the call uses.
    #[command(flatten)]
    pub(crate) token: ClientToken,
    /// Caller id (`from`).
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// A SIP header NAME=VALUE (repeat for more).
    #[arg(long, value_name = "NAME=VALUE")]
    pub(crate) header: Vec<String>,
    /// SIP auth user name (the password: --auth-password-file, else $OPENTOK_SIP_PASSWORD).
    #[arg(long)]
    pub(crate) auth_user: Option<String>,
    /// Read the SIP auth password from FILE ('-' for stdin).
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
        after_help = "A moderator token is minted for the session unless --token-file FILE or $OPENTOK_CLIENT_TOKEN gives one.\n\n\
Example:\n  opentok captions start 2_MX4xMjM0NTY3OH5-... --max-duration 3600"
    )]
    Start(CaptionsStart),
    /// The calls that take only the captions's id (generated from the operations table).
    #[command(flatten)]
    ById(ById<by_id::Captions>),
}

/// `opentok captions start`
#[derive(Debug, Args)]
pub(crate) struct CaptionsStart {
    /// The session.
    pub(crate) session_id: String,
    /// The client token the call uses.
    #[command(flatten)]
    pub(crate) token: ClientToken,
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
        after_help = "A moderator token is minted for the session unless --token-file FILE or $OPENTOK_CLIENT_TOKEN gives one.\n\n\
Example:\n  opentok render start 2_MX4xMjM0NTY3OH5-... --url https://example.com/board --resolution 1280x720"
    )]
    Start(RenderStart),
    /// The calls that take only the render's id (generated from the operations table).
    #[command(flatten)]
    ById(ById<by_id::Render>),
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
    /// The client token the call uses.
    #[command(flatten)]
    pub(crate) token: ClientToken,
    /// Stop after this many seconds (60-36000).
    #[arg(long, value_name = "SECS")]
    pub(crate) max_duration: Option<u32>,
    /// Resolution.
    #[arg(long, value_parser = one_of(Resolution::KNOWN), value_name = "WxH")]
    pub(crate) resolution: Option<String>,
    /// The name of the render's stream.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// URL for status callbacks.
    #[arg(long, value_name = "URL")]
    pub(crate) status_callback_url: Option<String>,
}

/// `opentok audio-connector …`
#[derive(Debug, Subcommand)]
pub(crate) enum AudioConnectorCmd {
    /// Start sending a session's audio to a WebSocket.
    #[command(
        after_help = "A moderator token is minted for the session unless --token-file FILE or $OPENTOK_CLIENT_TOKEN gives one.\n\n\
Example:\n  opentok audio-connector start 2_MX4xMjM0NTY3OH5-... --uri wss://example.com/audio --audio-rate 16000\n  \
opentok audio-connector start 2_MX4xMjM0NTY3OH5-... --uri wss://bot.example.com/ws --bidirectional \\\n    \
--audio-transport json --audio-field audio --static-field type=audio"
    )]
    Start(Box<AudioStart>),
    /// The calls that take only the Audio Connector call's id (generated from the operations table).
    #[command(flatten)]
    ById(ById<by_id::AudioConnector>),
}

/// `opentok audio-connector start`
#[derive(Debug, Args)]
pub(crate) struct AudioStart {
    /// The session.
    pub(crate) session_id: String,
    /// The WebSocket URI (ws:// or wss://).
    #[arg(long)]
    pub(crate) uri: String,
    /// The client token the call uses.
    #[command(flatten)]
    pub(crate) token: ClientToken,
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
    /// How audio is framed on the WebSocket: binary (raw PCM, the default) or json.
    #[arg(long, value_parser = one_of(AUDIO_TRANSPORTS), value_name = "TRANSPORT")]
    pub(crate) audio_transport: Option<String>,
    /// How audio is encoded in JSON messages (default base64; with --audio-transport json).
    #[arg(long, value_parser = one_of(AudioEncoding::KNOWN), value_name = "ENCODING", requires = "audio_transport")]
    pub(crate) audio_encoding: Option<String>,
    /// The JSON key of the audio sent to the WebSocket (service default: audio).
    #[arg(long, value_name = "KEY", requires = "audio_transport")]
    pub(crate) audio_field: Option<String>,
    /// The JSON key of the audio read back with --bidirectional (default: --audio-field).
    #[arg(long, value_name = "KEY", requires = "audio_transport")]
    pub(crate) receive_audio_field: Option<String>,
    /// A KEY=VALUE added to every JSON message sent (repeat for more).
    #[arg(long, value_name = "KEY=VALUE", requires = "audio_transport")]
    pub(crate) static_field: Vec<String>,
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
        #[arg(long, value_parser = one_of(CallbackGroup::KNOWN))]
        group: String,
        /// Event: created or destroyed.
        #[arg(long, value_parser = one_of(CallbackEventType::KNOWN))]
        event: String,
        /// The URL that receives the events.
        #[arg(long)]
        url: String,
    },
    /// List registered callbacks.
    #[command(after_help = "Example:\n  opentok callback list --json")]
    List,
    /// The calls that take only the callback's id (generated from the operations table).
    #[command(flatten)]
    ById(ById<by_id::Callback>),
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
        #[arg(long, value_parser = one_of(P2pPreference::KNOWN))]
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
    /// Compose a legacy archive's streams into one MP4; print its URL once it is ready.
    #[command(
        after_help = "Signed with the API key and secret (not available with a Vonage application).\n\n\
Example:\n  opentok legacy stitch ARCHIVE_ID"
    )]
    Stitch {
        /// The archive.
        archive_id: String,
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

/// The moderator token the hl archive calls need: given (`--token-file`,
/// `$OPENTOK_CLIENT_TOKEN`) or minted for `--session`.
#[derive(Debug, Args)]
pub(crate) struct LegacyAuth {
    /// The given token.
    #[command(flatten)]
    pub(crate) token: ClientToken,
    /// Mint a moderator token for this session of the project.
    #[arg(long, value_name = "SESSION_ID", conflicts_with = "token_file")]
    pub(crate) session: Option<String>,
}

// ---------------------------------------------------------------- client tokens

/// A client token a call carries: read from a file or the environment, never an argument
/// (a token admits to its session until it expires, and argv shows in `ps`).
#[derive(Debug, Args)]
pub(crate) struct ClientToken {
    /// Refused: a token on the command line shows in the process list.
    #[arg(long, hide = true, value_name = "TOKEN")]
    pub(crate) token: Option<String>,
    /// Read the client token from FILE ('-' for stdin); default: $OPENTOK_CLIENT_TOKEN.
    #[arg(long, value_name = "FILE")]
    pub(crate) token_file: Option<PathBuf>,
}
