//! Services attached to a session: SIP, captions, Experience Composer renders, the Audio
//! Connector.

use opentok::OpenTok;
use opentok::audio_connector::{AudioEncoding, AudioTransport, StartAudioConnector};
use opentok::captions::StartCaptions;
use opentok::layout::Resolution;
use opentok::render::{ListRenders, StartRender};
use opentok::sip::{Dial, PlayDtmf};
use serde_json::json;

use crate::Ctx;
use crate::cli::{AudioConnectorCmd, AudioStart, CaptionsCmd, RenderCmd, SipCmd, SipDial};
use crate::creds::secret_from;
use crate::error::CliError;
use crate::output::Column;

use super::rest::{call, drain, page_size, pair, token_for};

const RENDER_COLUMNS: &[Column] = &[
    ("ID", "id"),
    ("STATUS", "status"),
    ("SESSION", "sessionId"),
    ("CREATED", "createdAt"),
    ("NAME", "name"),
];

// ---------------------------------------------------------------- sip, captions, render, audio

fn dial_op(ot: &OpenTok, a: SipDial) -> Result<Dial, CliError> {
    let token = token_for(ot, &a.session_id, &a.token)?;
    let mut op = Dial::new(a.session_id, token, a.uri);
    if let Some(f) = a.from {
        op = op.from(f);
    }
    for h in &a.header {
        let (k, v) = pair(h, "--header")?;
        op = op.header(k, v);
    }
    if let Some(user) = a.auth_user {
        let password =
            secret_from(a.auth_password_file.as_deref(), "OPENTOK_SIP_PASSWORD")?.ok_or_else(|| {
                CliError::usage(
                    "--auth-user needs the password: pass --auth-password-file FILE ('-' reads stdin) \
                 or set OPENTOK_SIP_PASSWORD",
                )
            })?;
        op = op.auth(user, password);
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

pub(super) async fn sip(ctx: &Ctx, ot: &OpenTok, cmd: SipCmd) -> Result<(), CliError> {
    match cmd {
        SipCmd::Dial(a) => ctx.out.object(&call(ctx, ot, dial_op(ot, a)?).await?),
        SipCmd::Dtmf {
            session_id,
            digits,
            connection,
        } => {
            let op = PlayDtmf::new(session_id.clone(), digits.clone());
            match &connection {
                Some(c) => call(ctx, ot, op.to_connection(c.clone())).await?,
                None => call(ctx, ot, op).await?,
            }
            ctx.out.done(
                &format!("DTMF {digits} played"),
                json!({"sessionId": session_id, "connectionId": connection, "digits": digits}),
            );
            Ok(())
        }
    }
}

pub(super) async fn captions(ctx: &Ctx, ot: &OpenTok, cmd: CaptionsCmd) -> Result<(), CliError> {
    match cmd {
        CaptionsCmd::Start(a) => {
            let token = token_for(ot, &a.session_id, &a.token)?;
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
            ctx.out.object(&call(ctx, ot, op).await?)
        }
        CaptionsCmd::ById(c) => c.run(ctx, ot).await,
    }
}

/// `--audio-transport` and the options that shape it; the JSON-only ones are refused with
/// binary by core's check.
fn audio_transport(a: &AudioStart) -> Result<Option<AudioTransport>, CliError> {
    let mut t = match (a.audio_transport.as_deref(), a.audio_encoding.as_deref()) {
        (None, _) => return Ok(None),
        (Some("json"), encoding) => AudioTransport::json(AudioEncoding::from(encoding.unwrap_or("base64"))),
        (Some(_), None) => AudioTransport::binary(),
        (Some(_), Some(_)) => {
            return Err(CliError::usage(
                "--audio-encoding: only with --audio-transport json",
            ));
        }
    };
    if let Some(key) = &a.audio_field {
        t = t.audio_field(key);
    }
    if let Some(key) = &a.receive_audio_field {
        t = t.receive_audio_field(key);
    }
    for f in &a.static_field {
        let (k, v) = pair(f, "--static-field")?;
        t = t.static_field(k, v);
    }
    Ok(Some(t))
}

pub(super) async fn render(ctx: &Ctx, ot: &OpenTok, cmd: RenderCmd) -> Result<(), CliError> {
    match cmd {
        RenderCmd::Start(a) => {
            let token = token_for(ot, &a.session_id, &a.token)?;
            let mut op = StartRender::new(a.session_id, token, a.url);
            if let Some(d) = a.max_duration {
                op = op.max_duration(d);
            }
            if let Some(r) = a.resolution {
                op = op.resolution(Resolution::from(r.as_str()));
            }
            if let Some(n) = a.name {
                op = op.name(n);
            }
            if let Some(u) = a.status_callback_url {
                op = op.status_callback_url(u);
            }
            ctx.out.object(&call(ctx, ot, op).await?)
        }
        RenderCmd::ById(c) => c.run(ctx, ot).await,
        RenderCmd::List { count } => {
            let mut op = ListRenders::new();
            if let Some(n) = page_size(count) {
                op = op.count(n);
            }
            let items = drain(ctx, ot.renders().list_all(op), count).await?;
            ctx.out.list(&items, RENDER_COLUMNS)
        }
    }
}

pub(super) async fn audio_connector(ctx: &Ctx, ot: &OpenTok, cmd: AudioConnectorCmd) -> Result<(), CliError> {
    match cmd {
        AudioConnectorCmd::Start(a) => {
            let a = *a;
            let transport = audio_transport(&a)?;
            let token = token_for(ot, &a.session_id, &a.token)?;
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
            if let Some(transport) = transport {
                op = op.audio_transport(transport);
            }
            ctx.out.object(&call(ctx, ot, op).await?)
        }
        AudioConnectorCmd::ById(c) => c.run(ctx, ot).await,
    }
}
