//! The command line: every noun, verb, argument and its help (clap derive).
//!
//! This module holds the root and the global options; `local` the commands that send
//! nothing, `recording` archives and broadcasts, `session_ops` everything done to a live
//! session and the project-wide calls.

mod local;
mod recording;
mod session_ops;

pub(crate) use local::*;
pub(crate) use recording::*;
pub(crate) use session_ops::*;

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

/// A parser that accepts exactly the wire values `known` (for help and completion).
pub(super) fn one_of(known: &'static [&'static str]) -> PossibleValuesParser {
    PossibleValuesParser::new(known.iter().copied())
}

// The wire values the commands accept come from core (`KNOWN`, `Role::KNOWN`), except the
// Audio Connector's framing, which core models as a builder rather than a value.
pub(super) const AUDIO_TRANSPORTS: &[&str] = &["binary", "json"];

/// The text after the top-level help: credentials, output and exit codes.
pub(super) const ROOT_AFTER: &str = "\
Credentials (one kind: an API key and its secret, or a Vonage application):
  OPENTOK_API_KEY          the project's API key (or --api-key)
  OPENTOK_API_SECRET       its secret (or --api-secret-file FILE; never taken as an argument)
  VONAGE_APPLICATION_ID    a Vonage application's id (or --application-id)
  VONAGE_PRIVATE_KEY       its private key, the PEM text; or VONAGE_PRIVATE_KEY_PATH, a file
                           holding it (or --private-key-file FILE; never taken as an argument)
  OPENTOK_API_URL          the REST base URL (or --api-url; default https://api.opentok.com,
                           https://video.api.vonage.com for an application)

Other secrets come from files or the environment too: --rtmp-stream-key-file or
OPENTOK_RTMP_STREAM_KEY, --token-file or OPENTOK_CLIENT_TOKEN, --auth-password-file or
OPENTOK_SIP_PASSWORD.

Output:
  Tables for people by default; --json prints one JSON document per command for scripts,
  fields in camelCase. Errors go to stderr with their causes and the service's status, code
  and message; with --json as one JSON document {\"error\": {...}}.

Exit codes:
  0    success
  1    the service answered with an error (or a token failed verification), or a run-time
       failure (the emulator cannot listen)
  2    usage error: bad arguments, invalid input, missing credentials
  3    network failure: the service could not be reached or the exchange broke
  130  interrupted (Ctrl-C during a download; nothing half-written is left)

Example:
  opentok emulator --listen 127.0.0.1:4010 --api-key 12345678 --api-secret-file .emulator-secret &
  export OPENTOK_API_URL=http://127.0.0.1:4010 OPENTOK_API_KEY=12345678
  export OPENTOK_API_SECRET=\"$(cat .emulator-secret)\"    # from the file, never typed
  sid=$(opentok session create --routed)
  cid=$(opentok emulator join $sid) && opentok emulator publish $sid $cid
  opentok archive start $sid";

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
    /// Vonage application id, instead of an API key (default: $VONAGE_APPLICATION_ID).
    #[arg(long, global = true, help_heading = "Global options", value_name = "ID")]
    pub(crate) application_id: Option<String>,
    /// Read the application's private key (PEM) from FILE ('-' for stdin); default:
    /// $VONAGE_PRIVATE_KEY, or the file $VONAGE_PRIVATE_KEY_PATH names.
    #[arg(long, global = true, help_heading = "Global options", value_name = "FILE")]
    pub(crate) private_key_file: Option<PathBuf>,
    /// REST base URL.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "URL",
        help = "REST base URL (default: $OPENTOK_API_URL, else https://api.opentok.com, or \
                https://video.api.vonage.com for an application)"
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
    /// Run the local OpenTok emulator in the foreground; or join and publish in its sessions.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Prints the lines to export so that the other commands talk to it, then \
serves until Ctrl-C. The project's secret is OPENTOK_API_SECRET or --api-secret-file FILE when \
given (never printed), else generated (printed).\n\nWith --application-id ID (or \
VONAGE_APPLICATION_ID) it serves a Vonage application instead: its public key from --public-key-file \
FILE, or derived from the private key given (--private-key-file, VONAGE_PRIVATE_KEY, \
VONAGE_PRIVATE_KEY_PATH), else a generated key pair whose private key goes to --private-key-out FILE \
(default: a file in the temporary directory; its path is printed, never the key).\n\nExample:\n  \
opentok emulator --listen 127.0.0.1:4010 --api-key 12345678\n  \
opentok emulator --application-id 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n  \
opentok emulator join 2_MX4xMjM0NTY3OH5-...    # in another shell, with the exports"
    )]
    Emulator(EmulatorCmd),
    /// Print shell completions.
    #[command(after_help = "Example:\n  opentok completions bash > /etc/bash_completion.d/opentok")]
    Completions {
        /// The shell.
        shell: Shell,
    },
}
