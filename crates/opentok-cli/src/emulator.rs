//! `opentok emulator`: the local OpenTok service in the foreground; `opentok emulator join`
//! and `publish`: stand-in clients of a running one, through its control API.

use std::io::Write as _;

use opentok::token::{Role, TokenOptions};
use opentok_emulator::Emulator;
use opentok_emulator::participant::{Join, Publish};
use serde_json::json;

use crate::Ctx;
use crate::cli::{EmulatorArgs, EmulatorClient, EmulatorCmd, EmulatorJoin, EmulatorPublish};
use crate::commands::rest::call;
use crate::error::CliError;

/// `opentok emulator …`
pub(crate) async fn run(ctx: &Ctx, cmd: EmulatorCmd) -> Result<(), CliError> {
    match cmd.client {
        None => serve(ctx, cmd.serve).await,
        Some(EmulatorClient::Join(a)) => join(ctx, a).await,
        Some(EmulatorClient::Publish(a)) => publish(ctx, a).await,
    }
}

/// Starts the emulator, prints the lines to export, and serves until Ctrl-C or SIGTERM.
async fn serve(ctx: &Ctx, args: EmulatorArgs) -> Result<(), CliError> {
    // --api-secret-file and OPENTOK_API_SECRET were read with the other credentials; a
    // secret given that way is never printed, a generated one is (nothing else knows it).
    if ctx.creds.has_application() {
        return Err(CliError::usage(
            "the emulator does not serve Vonage application projects yet: unset VONAGE_APPLICATION_ID, \
             VONAGE_PRIVATE_KEY and VONAGE_PRIVATE_KEY_PATH (and drop --application-id, --private-key-file)",
        ));
    }
    let given = ctx.creds.secret().map(str::to_owned);
    let key = ctx.creds.key.clone();
    let mut builder = Emulator::builder().listen(args.listen).staging(args.staging);
    if key.is_some() || given.is_some() {
        let key = key.unwrap_or_else(|| "12345678".to_owned());
        let secret = given.clone().unwrap_or_else(fresh_secret);
        builder = builder.project(key, secret);
    }
    let emu = builder.start().await.map_err(|e| {
        let what = "cannot start the emulator";
        match e {
            opentok_emulator::StartError::Credentials(_) => CliError::usage(what),
            // The address is taken or not ours: a run-time failure, not a usage error.
            _ => CliError::service(what),
        }
        .with_source(e)
    })?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "export OPENTOK_API_URL={}", emu.base_url());
        let _ = writeln!(out, "export OPENTOK_API_KEY={}", emu.api_key());
        if given.is_some() {
            let _ = writeln!(out, "# OPENTOK_API_SECRET: the secret you gave (not printed)");
        } else {
            let _ = writeln!(out, "export OPENTOK_API_SECRET={}", emu.api_secret());
        }
        let _ = out.flush();
    }
    eprintln!(
        "opentok emulator: serving {} (staging tokens {}); export the lines above in another shell, \
         then run opentok commands; Ctrl-C stops",
        emu.base_url(),
        if args.staging { "on" } else { "off" }
    );
    wait_for_signal().await;
    eprintln!("opentok emulator: shutting down");
    emu.shutdown().await;
    Ok(())
}

/// `opentok emulator join SESSION_ID`: mints a token with the role and data, and connects a
/// stand-in client with it.
async fn join(ctx: &Ctx, a: EmulatorJoin) -> Result<(), CliError> {
    let ot = ctx.creds.client(ctx.timeout)?;
    let role: Role = a
        .role
        .parse()
        .map_err(|e| CliError::usage("bad --role").with_source(e))?;
    let mut opts = TokenOptions::new().role(role);
    if let Some(d) = &a.data {
        opts = opts.data(d.clone());
    }
    let token = ot
        .generate_token(&a.session_id, &opts)
        .map_err(|e| CliError::from_sdk("emulator join", e))?;
    let connection_id = call(&ot, "emulator join", Join::new(&a.session_id, &token)).await?;
    ctx.out.scalar(
        &connection_id,
        json!({
            "sessionId": a.session_id,
            "connectionId": connection_id,
            "role": role.as_str(),
            "data": a.data,
        }),
    );
    Ok(())
}

/// `opentok emulator publish SESSION_ID CONNECTION_ID`
async fn publish(ctx: &Ctx, a: EmulatorPublish) -> Result<(), CliError> {
    let ot = ctx.creds.client(ctx.timeout)?;
    let mut op = Publish::new(&a.session_id, &a.connection_id).name(a.name.clone());
    if a.screen {
        op = op.screen();
    }
    let stream_id = call(&ot, "emulator publish", op).await?;
    ctx.out.scalar(
        &stream_id,
        json!({
            "sessionId": a.session_id,
            "connectionId": a.connection_id,
            "streamId": stream_id,
            "videoType": if a.screen { "screen" } else { "camera" },
            "name": a.name,
        }),
    );
    Ok(())
}

fn fresh_secret() -> String {
    use opentok::{NonceSource as _, OsNonce};
    let mut b = [0u8; 20];
    OsNonce.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
