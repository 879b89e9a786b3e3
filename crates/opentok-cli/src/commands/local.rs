//! Commands that send nothing: token create and inspect (T1, HS256 and RS256), session
//! inspect, completions.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clap::CommandFactory as _;
use clap_complete::Shell;
use opentok::OsNonce;
use opentok::PublicKey;
use opentok::token::{self, Role, TokenError, TokenFormat, TokenOptions};
use serde_json::{Map, Value, json};

use crate::Ctx;
use crate::cli::{Cli, TokenCmd, TokenCreate, TokenInspect};
use crate::creds::{Given, read_stdin, read_text_file};
use crate::error::CliError;
use crate::output::emit;

fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn unix_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// `base + d`, or a usage error naming `flag` when that is past what a clock can hold.
fn later(base: SystemTime, d: Duration, flag: &str) -> Result<SystemTime, CliError> {
    base.checked_add(d)
        .ok_or_else(|| CliError::usage(format!("{flag} is too far in the future")))
}

/// `opentok token …`
pub(crate) fn token(ctx: &Ctx, cmd: TokenCmd) -> Result<(), CliError> {
    match cmd {
        TokenCmd::Create(args) => token_create(ctx, args),
        TokenCmd::Inspect(args) => token_inspect(ctx, args),
    }
}

/// Reads `90`, `90s`, `15m`, `2h` or `7d`.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, CliError> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let n: u64 = digits.parse().map_err(|_| {
        CliError::usage(format!(
            "--expire-in {text:?}: expected a number with s, m, h or d"
        ))
    })?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(CliError::usage(format!(
                "--expire-in {text:?}: the unit must be s, m, h or d"
            )));
        }
    };
    Ok(Duration::from_secs(n.saturating_mul(mult)))
}

fn token_create(ctx: &Ctx, a: TokenCreate) -> Result<(), CliError> {
    let given = ctx.creds.require()?;
    let application = matches!(given, Given::Application { .. });
    if application && a.jwt {
        return Err(CliError::usage(
            "--jwt applies to an API key and secret; a Vonage application's tokens are always RS256",
        ));
    }
    let creds = ctx
        .creds
        .credentials()?
        .ok_or_else(|| CliError::usage("credentials are needed to mint a token"))?;
    let now = SystemTime::now();
    let role: Role = a
        .role
        .parse()
        .map_err(|e| CliError::usage("bad --role").with_source(e))?;
    let mut opts = TokenOptions::new().role(role);
    if let Some(d) = a.data {
        opts = opts.data(d);
    }
    let mut expire = None;
    if let Some(text) = &a.expire_in {
        expire = Some(later(now, parse_duration(text)?, "--expire-in")?);
    }
    if let Some(at) = a.expire_at {
        expire = Some(later(UNIX_EPOCH, Duration::from_secs(at), "--expire-at")?);
    }
    if let Some(at) = expire {
        opts = opts.expire_time(at);
    }
    if !a.layout.is_empty() {
        opts = opts.initial_layout_class_list(a.layout.iter().flat_map(|c| c.split_whitespace()));
    }
    if a.jwt {
        opts = opts.format(TokenFormat::Jwt);
    }
    let t = token::mint(&creds, &a.session_id, &opts, now, &OsNonce)
        .map_err(|e| CliError::usage("cannot mint the token").with_source(e))?;
    let format = match (application, a.jwt) {
        (true, _) => "rs256",
        (false, true) => "jwt",
        (false, false) => "t1",
    };
    ctx.out.scalar(
        &t,
        json!({
            "token": t,
            "format": format,
            "sessionId": a.session_id.trim(),
            "role": role.as_str(),
            // Unix time 0 asks for the default, as `TokenOptions::expire_time` reads it.
            "expireTime": expire.map(unix_secs).filter(|&s| s != 0),
        }),
    );
    Ok(())
}

fn read_arg(text: &str) -> Result<String, CliError> {
    if text != "-" {
        return Ok(text.trim().to_owned());
    }
    Ok(read_stdin("token")?.trim().to_owned())
}

/// The JSON header of a compact JWT, when `text` is one whose header decodes.
fn jwt_header(text: &str) -> Option<Map<String, Value>> {
    let (head, _) = text.split_once('.')?;
    let bytes = URL_SAFE_NO_PAD.decode(head).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn token_inspect(ctx: &Ctx, a: TokenInspect) -> Result<(), CliError> {
    let text = read_arg(&a.token)?;
    if text.len() > token::MAX_TOKEN_BYTES {
        return Err(
            CliError::usage("cannot decode the token").with_source(TokenError::TooLong {
                max: token::MAX_TOKEN_BYTES,
                actual: text.len(),
            }),
        );
    }
    match jwt_header(&text) {
        Some(header) if header.get("alg").and_then(Value::as_str) == Some("RS256") => {
            inspect_rs256(ctx, &text, header, a.public_key_file.as_deref())
        }
        _ if a.public_key_file.is_some() => Err(CliError::usage(
            "--public-key-file verifies RS256 tokens (a Vonage application's); this token is not one",
        )),
        _ => inspect_hmac(ctx, &text),
    }
}

/// Prints what an inspection found, with `verified` and `verifyError` added from `verdict`,
/// then fails when the token did not verify.
fn report_verdict(
    ctx: &Ctx,
    mut doc: Value,
    verdict: Option<Result<(), TokenError>>,
    how: &str,
) -> Result<(), CliError> {
    if let Some(fields) = doc.as_object_mut() {
        fields.insert("verified".into(), json!(verdict.as_ref().map(Result::is_ok)));
        let error = verdict
            .as_ref()
            .and_then(|v| v.as_ref().err().map(ToString::to_string));
        fields.insert("verifyError".into(), json!(error));
    }
    ctx.out.object(&doc)?;
    match verdict {
        None => {
            eprintln!("note: not verified ({how})");
            Ok(())
        }
        Some(Ok(())) => Ok(()),
        Some(Err(e)) => Err(CliError::service("the token does not verify").with_source(e)),
    }
}

/// A T1 or HS256 token.
fn inspect_hmac(ctx: &Ctx, text: &str) -> Result<(), CliError> {
    let d = token::decode(text).map_err(|e| CliError::usage("cannot decode the token").with_source(e))?;
    let verdict = ctx
        .creds
        .credentials()?
        .map(|creds| token::verify(text, &creds, SystemTime::now()).map(|_| ()));
    let doc = json!({
        "format": match d.format { TokenFormat::Jwt => "jwt", _ => "t1" },
        "apiKey": d.api_key,
        "sessionId": d.session_id,
        "role": d.role.as_str(),
        "issuedAt": unix_secs(d.issued_at),
        "expireTime": d.expire_time.map(unix_secs),
        "expiresAt": unix_secs(d.expires_at()),
        "nonce": d.nonce,
        "connectionData": d.connection_data,
        "initialLayoutClassList": d.initial_layout_class_list,
    });
    report_verdict(
        ctx,
        doc,
        verdict,
        "set OPENTOK_API_KEY and OPENTOK_API_SECRET to verify",
    )
}

/// An RS256 token (a Vonage application's): verified with `--public-key-file`, else with
/// the public half of the application credentials given.
fn inspect_rs256(
    ctx: &Ctx,
    text: &str,
    header: Map<String, Value>,
    public_key_file: Option<&Path>,
) -> Result<(), CliError> {
    let d =
        token::decode_rs256(text).map_err(|e| CliError::usage("cannot decode the token").with_source(e))?;
    let check = match public_key_file {
        Some(path) => {
            let pem = read_text_file(path, "public key file")?;
            let key = PublicKey::from_pem(&pem).map_err(|e| {
                CliError::usage(format!("--public-key-file {}", path.display())).with_source(e)
            })?;
            let id = ctx
                .creds
                .application_id
                .clone()
                .unwrap_or_else(|| d.application_id.clone());
            Some((id, key))
        }
        None => ctx.creds.credentials()?.and_then(|c| {
            c.application_credentials().map(|a| {
                (
                    a.application_id().as_str().to_owned(),
                    a.private_key().public_key(),
                )
            })
        }),
    };
    let verdict = match &check {
        Some((id, key)) => Some(token::verify_rs256(text, id, key, SystemTime::now()).map(|_| ())),
        // An API key and secret cannot have minted it: a failed verification, as a T1
        // token checked with application credentials is.
        None => match ctx.creds.given()? {
            Some(Given::Project { .. }) => Some(Err(TokenError::WrongKey)),
            _ => None,
        },
    };
    let doc = json!({
        "format": "rs256",
        "header": header,
        "applicationId": d.application_id,
        "sessionId": d.session_id,
        "role": d.role.as_str(),
        "subject": d.subject,
        "issuedAt": unix_secs(d.issued_at),
        "expireTime": d.expire_time.map(unix_secs),
        "expiresAt": unix_secs(d.expires_at()),
        "jti": d.jti,
        "connectionData": d.connection_data,
        "initialLayoutClassList": d.initial_layout_class_list,
    });
    report_verdict(
        ctx,
        doc,
        verdict,
        "pass --public-key-file FILE, or give the application's id and private key, to verify",
    )
}

/// `opentok session inspect`
pub(crate) fn session_inspect(ctx: &Ctx, session_id: &str) -> Result<(), CliError> {
    let d = opentok::session_id::decode(session_id)
        .map_err(|e| CliError::usage("cannot decode the session id").with_source(e))?;
    let created = d.created.map(unix_millis);
    let doc = json!({
        "sessionId": session_id.trim(),
        "version": d.version,
        "projectId": d.project_id,
        "location": d.location,
        "createdAt": created,
        "createdRaw": d.created_raw,
        "random": d.random,
        "fields": d.fields,
    });
    ctx.out.object(&doc)
}

/// `opentok completions SHELL`: written whole, so that a reader that stops early
/// (`| head`) ends it quietly.
pub(crate) fn completions(shell: Shell) {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "opentok", &mut script);
    emit(&String::from_utf8_lossy(&script));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("90").map_err(|e| e.code()).ok(),
            Some(Duration::from_secs(90))
        );
        assert_eq!(parse_duration("15m").ok(), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("2h").ok(), Some(Duration::from_secs(7200)));
        assert_eq!(parse_duration("7d").ok(), Some(Duration::from_secs(604_800)));
        assert!(parse_duration("7w").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn expiry_past_what_a_clock_holds_is_a_usage_error_not_a_panic() {
        let huge = parse_duration("99999999999999999d").expect("saturates");
        let e = later(SystemTime::now(), huge, "--expire-in").expect_err("too far");
        assert_eq!(e.code(), crate::error::EXIT_USAGE);
        let e = later(UNIX_EPOCH, Duration::from_secs(u64::MAX), "--expire-at").expect_err("too far");
        assert_eq!(e.code(), crate::error::EXIT_USAGE);
        let t = later(UNIX_EPOCH, Duration::from_secs(60), "--expire-at").expect("fits");
        assert_eq!(unix_secs(t), 60);
    }
}
