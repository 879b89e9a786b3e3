//! Commands that send nothing: tokens, session ids; and the emulator's options.

use clap::{Args, Subcommand};
use opentok::layout::Resolution;
use opentok::session::ArchiveMode;
use opentok::token::Role;

use super::one_of;

// ---------------------------------------------------------------- token

/// `opentok token …`
#[derive(Debug, Subcommand)]
pub(crate) enum TokenCmd {
    /// Mint a client token (printed alone on stdout): T1 or HS256 with an API key and
    /// secret, RS256 with a Vonage application.
    #[command(
        after_help = "Example:\n  opentok token create 2_MX4xMjM0NTY3OH5-... --role moderator --expire-in 2h --data name=ops\n  \
VONAGE_PRIVATE_KEY_PATH=private.key opentok token create 1_MX4wYTFi... --application-id 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    )]
    Create(TokenCreate),
    /// Decode a client token (T1, HS256 or RS256); verify it too when the secret, the
    /// application's private key or its public key is known.
    #[command(
        after_help = "No key material is ever printed.\n\nExample:\n  opentok token inspect - < token.txt\n  \
opentok token inspect - --public-key-file public.pem < rs256-token.txt"
    )]
    Inspect(TokenInspect),
}

/// `opentok token inspect`
#[derive(Debug, Args)]
pub(crate) struct TokenInspect {
    /// The token ('-' reads it from stdin).
    pub(crate) token: String,
    /// Verify an RS256 token with the application's public key (PEM `BEGIN PUBLIC KEY`)
    /// read from FILE; the application id is --application-id / $VONAGE_APPLICATION_ID
    /// when given, else the token's own.
    #[arg(long, value_name = "FILE")]
    pub(crate) public_key_file: Option<std::path::PathBuf>,
}

/// `opentok token create`
#[derive(Debug, Args)]
pub(crate) struct TokenCreate {
    /// The session the token admits to.
    pub(crate) session_id: String,
    /// The role.
    #[arg(long, value_parser = one_of(Role::KNOWN), default_value = "publisher")]
    pub(crate) role: String,
    /// Connection data other clients see (at most 1000 characters).
    #[arg(long)]
    pub(crate) data: Option<String>,
    /// Lifetime: seconds, or a number with s, m, h or d (at most 30 days).
    #[arg(long, value_name = "DURATION", conflicts_with = "expire_at")]
    pub(crate) expire_in: Option<String>,
    /// Expiry as Unix seconds (0: the default, 24 hours).
    #[arg(long, value_name = "EPOCH")]
    pub(crate) expire_at: Option<u64>,
    /// An initial layout class (repeat for more).
    #[arg(long = "layout", value_name = "CLASS")]
    pub(crate) layout: Vec<String>,
    /// Mint an HS256 JWT instead of a T1 token (API key and secret only; an application's
    /// tokens are always RS256).
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
    #[arg(long, value_parser = one_of(ArchiveMode::KNOWN))]
    pub(crate) archive_mode: Option<String>,
    /// Name of automatic archives (at most 80 characters).
    #[arg(long, value_name = "NAME")]
    pub(crate) archive_name: Option<String>,
    /// Resolution of automatic archives.
    #[arg(long, value_parser = one_of(Resolution::KNOWN), value_name = "WxH")]
    pub(crate) archive_resolution: Option<String>,
    /// End-to-end encryption (needs --routed).
    #[arg(long)]
    pub(crate) e2ee: bool,
}

// ---------------------------------------------------------------- emulator

/// `opentok emulator`: serve (the options), or act as a client of a running one.
#[derive(Debug, Args)]
pub(crate) struct EmulatorCmd {
    /// A stand-in client of a running emulator.
    #[command(subcommand)]
    pub(crate) client: Option<EmulatorClient>,
    /// Serving options.
    #[command(flatten)]
    pub(crate) serve: EmulatorArgs,
}

/// `opentok emulator` (serving)
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4010")]
    pub(crate) listen: std::net::SocketAddr,
    /// Also accept the staging tokens `devtoken` and `moderator_token`.
    #[arg(long)]
    pub(crate) staging: bool,
    /// The application's public key (PEM), with --application-id; without it (and without
    /// a private key) a key pair is generated.
    #[arg(long, value_name = "FILE")]
    pub(crate) public_key_file: Option<std::path::PathBuf>,
    /// Where a generated private key is written, with --application-id (default: a file in
    /// the temporary directory, readable by its owner only); the path is printed.
    #[arg(long, value_name = "FILE")]
    pub(crate) private_key_out: Option<std::path::PathBuf>,
}

/// `opentok emulator join|publish`: what browsers and phones do, for a running emulator
/// (its control API), so that sessions have clients to record, broadcast and moderate.
#[derive(Debug, Subcommand)]
pub(crate) enum EmulatorClient {
    /// Connect a stand-in client to a session (prints its connection id).
    #[command(
        after_help = "A token is minted for the session with the role and data given. Only the \
emulator serves this call.\n\nExample:\n  opentok emulator join 2_MX4xMjM0NTY3OH5-... --role publisher --data name=Ada"
    )]
    Join(EmulatorJoin),
    /// Publish a stream from a connected stand-in client (prints its stream id).
    #[command(
        after_help = "Only the emulator serves this call.\n\nExample:\n  opentok emulator publish 2_MX4xMjM0NTY3OH5-... \"$cid\" --name Ada"
    )]
    Publish(EmulatorPublish),
}

/// `opentok emulator join`
#[derive(Debug, Args)]
pub(crate) struct EmulatorJoin {
    /// The session to join.
    pub(crate) session_id: String,
    /// The client's role.
    #[arg(long, value_parser = one_of(Role::KNOWN), default_value = "publisher")]
    pub(crate) role: String,
    /// Connection data other clients see (at most 1000 characters).
    #[arg(long)]
    pub(crate) data: Option<String>,
}

/// `opentok emulator publish`
#[derive(Debug, Args)]
pub(crate) struct EmulatorPublish {
    /// The session.
    pub(crate) session_id: String,
    /// The connection that publishes (from `opentok emulator join`).
    pub(crate) connection_id: String,
    /// Share a screen instead of a camera.
    #[arg(long)]
    pub(crate) screen: bool,
    /// The stream's name.
    #[arg(long, default_value = "camera")]
    pub(crate) name: String,
}
