//! Commands that call the REST API through the facade: the dispatch and the helpers the
//! noun modules share.

use opentok::layout::{Layout, LayoutType, Resolution};
use opentok::session::{ArchiveMode, CreateSession, MediaMode};
use opentok::token::{Role, TokenOptions};
use opentok::{Items, OpenTok, Operation};
use serde_json::json;

use crate::Ctx;
use crate::cli::{ClientToken, Command, LayoutOpts, SessionCmd, SessionCreate, SetLayout, SignalSub};
use crate::creds::secret_from;
use crate::error::CliError;
use crate::output::camel_case;

use super::{recording, services, session_ops};

/// Sends `op`; failures name the command given (`archive start`).
pub(crate) async fn call<Op: Operation + Sync>(
    ctx: &Ctx,
    ot: &OpenTok,
    op: Op,
) -> Result<Op::Output, CliError> {
    ot.execute(&op)
        .await
        .map_err(|e| CliError::from_sdk(&ctx.command, e))
}

/// Reads every item, or the first `limit`; failures name the command given.
pub(super) async fn drain<T: Send + 'static>(
    ctx: &Ctx,
    mut items: Items<T>,
    limit: Option<u32>,
) -> Result<Vec<T>, CliError> {
    let limit = limit.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut all = Vec::new();
    while all.len() < limit {
        match items.next_item().await {
            None => break,
            Some(Ok(item)) => all.push(item),
            Some(Err(e)) => return Err(CliError::from_sdk(&ctx.command, e)),
        }
    }
    Ok(all)
}

/// The page size for a list limited to `count` items.
pub(super) fn page_size(count: Option<u32>) -> Option<u32> {
    count.map(|n| n.clamp(1, 1000))
}

/// The token `t` gives: `--token-file FILE`, else `$OPENTOK_CLIENT_TOKEN`. `--token TOKEN`
/// is refused.
pub(super) fn given_token(t: &ClientToken) -> Result<Option<String>, CliError> {
    if t.token.is_some() {
        return Err(CliError::usage(
            "--token is not accepted: a client token on the command line shows in the process list; \
             pass --token-file FILE ('-' reads stdin) or set OPENTOK_CLIENT_TOKEN",
        ));
    }
    secret_from(t.token_file.as_deref(), "OPENTOK_CLIENT_TOKEN")
}

/// The token `t` gives, else a moderator token minted for `session_id`.
pub(super) fn token_for(ot: &OpenTok, session_id: &str, t: &ClientToken) -> Result<String, CliError> {
    match given_token(t)? {
        Some(t) => Ok(t),
        None => mint_moderator(ot, session_id),
    }
}

/// A moderator token for `session_id`.
pub(super) fn mint_moderator(ot: &OpenTok, session_id: &str) -> Result<String, CliError> {
    ot.generate_token(session_id, &TokenOptions::new().role(Role::Moderator))
        .map_err(|e| CliError::from_sdk("minting a moderator token", e))
}

pub(super) fn layout_from(opts: &LayoutOpts) -> Option<Layout> {
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
        LayoutType::from,
    );
    Some(build_layout(
        kind,
        opts.stylesheet.as_deref(),
        opts.screenshare_type.as_deref(),
    ))
}

pub(super) fn build_layout(kind: LayoutType, stylesheet: Option<&str>, screenshare: Option<&str>) -> Layout {
    let mut l = Layout::new(kind);
    if let Some(css) = stylesheet {
        l = l.stylesheet(css);
    }
    if let Some(s) = screenshare {
        l = l.screenshare_type(LayoutType::from(s));
    }
    l
}

pub(super) fn set_layout(a: &SetLayout) -> Layout {
    build_layout(
        LayoutType::from(a.layout_type.as_str()),
        a.stylesheet.as_deref(),
        a.screenshare_type.as_deref(),
    )
}

/// Splits `NAME=VALUE`.
pub(super) fn pair(text: &str, what: &str) -> Result<(String, String), CliError> {
    text.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| CliError::usage(format!("{what} {text:?}: expected NAME=VALUE")))
}

/// Runs a REST command.
pub(crate) async fn run(ctx: &Ctx, command: Command) -> Result<(), CliError> {
    let ot = ctx.creds.client(ctx.timeout)?;
    match command {
        Command::Session(SessionCmd::Create(a)) => session_create(ctx, &ot, a).await,
        Command::Archive(cmd) => recording::archive(ctx, &ot, cmd).await,
        Command::Broadcast(cmd) => recording::broadcast(ctx, &ot, cmd).await,
        Command::Stream(cmd) => session_ops::stream(ctx, &ot, cmd).await,
        Command::Connection(cmd) => session_ops::connection(ctx, &ot, cmd).await,
        Command::Signal(cmd) => {
            let args = match (cmd.send, cmd.args) {
                (Some(SignalSub::Send(a)), _) | (None, Some(a)) => a,
                (None, None) => return Err(CliError::usage("signal: give SESSION_ID and --data")),
            };
            session_ops::signal(ctx, &ot, args).await
        }
        Command::Sip(cmd) => services::sip(ctx, &ot, cmd).await,
        Command::Captions(cmd) => services::captions(ctx, &ot, cmd).await,
        Command::Render(cmd) => services::render(ctx, &ot, cmd).await,
        Command::AudioConnector(cmd) => services::audio_connector(ctx, &ot, cmd).await,
        Command::Callback(cmd) => session_ops::callback(ctx, &ot, cmd).await,
        Command::Legacy(cmd) => session_ops::legacy(ctx, &ot, cmd).await,
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
        op = op.archive_mode(ArchiveMode::from(m.as_str()));
    }
    if let Some(n) = a.archive_name {
        op = op.archive_name(n);
    }
    if let Some(r) = a.archive_resolution {
        op = op.archive_resolution(Resolution::from(r.as_str()));
    }
    if a.e2ee {
        op = op.e2ee(true);
    }
    let s = call(ctx, ot, op).await?;
    if ctx.out.json {
        ctx.out.object(&camel_case(&s)?)
    } else {
        ctx.out.scalar(&s.session_id, json!(null));
        Ok(())
    }
}
