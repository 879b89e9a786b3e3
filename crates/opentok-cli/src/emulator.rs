//! `opentok emulator`: the local OpenTok service in the foreground, for a key + secret
//! project or a Vonage application; `opentok emulator join` and `publish`: stand-in clients
//! of a running one, through its control API.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use opentok::Credentials;
use opentok::token::{Role, TokenOptions};
use opentok_emulator::Emulator;
use opentok_emulator::participant::{Join, Publish};
use serde_json::json;

use crate::Ctx;
use crate::cli::{EmulatorArgs, EmulatorClient, EmulatorCmd, EmulatorJoin, EmulatorPublish};
use crate::commands::rest::call;
use crate::creds::read_text_file;
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
    // Checked before anything is bound or written.
    let app = application(ctx, &args)?;
    // --api-secret-file and OPENTOK_API_SECRET were read with the other credentials; a
    // secret given that way is never printed, a generated one is (nothing else knows it).
    let given = ctx.creds.secret().map(str::to_owned);
    let key = ctx.creds.key.clone();
    let mut builder = Emulator::builder().listen(args.listen).staging(args.staging);
    match &app {
        Some(App {
            id,
            key: AppKey::Public(pem),
        }) => builder = builder.application(id, pem),
        Some(App {
            id,
            key: AppKey::Generate(path),
        }) => {
            builder = builder.generated_application(id, path);
        }
        None if key.is_some() || given.is_some() => {
            let key = key.unwrap_or_else(|| "12345678".to_owned());
            let secret = given.clone().unwrap_or_else(fresh_secret);
            builder = builder.project(key, secret);
        }
        None => {}
    }
    let emu = builder.start().await.map_err(|e| {
        let what = "cannot start the emulator";
        match e {
            opentok_emulator::StartError::Credentials(_) => CliError::usage(what),
            // The address is taken or not ours, or the key file cannot be written: a
            // run-time failure, not a usage error.
            _ => CliError::service(what),
        }
        .with_source(e)
    })?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "export OPENTOK_API_URL={}", emu.base_url());
        if let Some(served) = emu.applications().first() {
            // Only the application's lines: the emulator's own key + secret project would
            // make the exports two kinds of credentials.
            let _ = writeln!(out, "export VONAGE_APPLICATION_ID={}", served.application_id());
            match served.private_key_path() {
                Some(path) => {
                    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
                    let _ = writeln!(out, "export VONAGE_PRIVATE_KEY_PATH={}", shell_quoted(&path));
                }
                None if ctx.creds.private_key().is_some() => {
                    let _ = writeln!(
                        out,
                        "# VONAGE_PRIVATE_KEY_PATH: the private key you gave (not printed)"
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "# VONAGE_PRIVATE_KEY_PATH: the private key of --public-key-file (not known here)"
                    );
                }
            }
        } else {
            let _ = writeln!(out, "export OPENTOK_API_KEY={}", emu.api_key());
            if given.is_some() {
                let _ = writeln!(out, "# OPENTOK_API_SECRET: the secret you gave (not printed)");
            } else {
                let _ = writeln!(out, "export OPENTOK_API_SECRET={}", emu.api_secret());
            }
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

/// The Vonage application `opentok emulator` serves.
struct App {
    /// The application id.
    id: String,
    /// Where its public key comes from.
    key: AppKey,
}

/// How the served application's public key is had.
enum AppKey {
    /// PEM text (`BEGIN PUBLIC KEY`): read from --public-key-file, or derived from the private
    /// key given.
    Public(String),
    /// A key pair generated at start, the private key written here.
    Generate(PathBuf),
}

/// The application to serve, from --application-id / VONAGE_APPLICATION_ID with
/// --public-key-file, the private key given, or --private-key-out; `None` for a key +
/// secret project. Conflicting or half-given options are usage errors naming them.
fn application(ctx: &Ctx, args: &EmulatorArgs) -> Result<Option<App>, CliError> {
    let creds = &ctx.creds;
    let private_key = creds.private_key();
    let Some(id) = creds.application_id.clone() else {
        let lone = if private_key.is_some() {
            Some("a private key (--private-key-file, VONAGE_PRIVATE_KEY, VONAGE_PRIVATE_KEY_PATH)")
        } else if args.public_key_file.is_some() {
            Some("--public-key-file")
        } else if args.private_key_out.is_some() {
            Some("--private-key-out")
        } else {
            None
        };
        return match lone {
            Some(what) => Err(CliError::usage(format!(
                "{what} needs an application id: set VONAGE_APPLICATION_ID or pass --application-id ID"
            ))),
            None => Ok(None),
        };
    };
    if creds.key.is_some() || creds.secret().is_some() {
        return Err(CliError::usage(
            "the emulator serves one kind of credentials: an API key or secret (--api-key, OPENTOK_API_KEY, \
             --api-secret-file, OPENTOK_API_SECRET) and an application id (--application-id, \
             VONAGE_APPLICATION_ID) are both given; give one",
        ));
    }
    let key = match (private_key, &args.public_key_file, &args.private_key_out) {
        (Some(_), Some(_), _) => {
            return Err(CliError::usage(
                "--public-key-file and a private key (--private-key-file, VONAGE_PRIVATE_KEY, \
                 VONAGE_PRIVATE_KEY_PATH) are both given; give one",
            ));
        }
        (Some(_), None, Some(_)) => {
            return Err(CliError::usage(
                "--private-key-out is where a generated key goes, but a private key (--private-key-file, \
                 VONAGE_PRIVATE_KEY, VONAGE_PRIVATE_KEY_PATH) is given; give one",
            ));
        }
        (None, Some(_), Some(_)) => {
            return Err(CliError::usage(
                "--public-key-file and --private-key-out are both given: the first serves a key you \
                 have, the second generates one; give one",
            ));
        }
        (Some(pem), None, None) => AppKey::Public(public_key_of(&id, pem)?),
        (None, Some(path), None) => AppKey::Public(read_text_file(path, "public key file")?),
        (None, None, out) => AppKey::Generate(
            out.clone()
                .unwrap_or_else(|| std::env::temp_dir().join(format!("opentok-emulator-{id}.key"))),
        ),
    };
    Ok(Some(App { id, key }))
}

/// The public key (SPKI PEM) of the application's private key, so that the CLI's own
/// commands, signing with that key, work against the emulator. Errors never quote the key.
fn public_key_of(id: &str, private_pem: &str) -> Result<String, CliError> {
    use rsa::pkcs1::DecodeRsaPrivateKey as _;
    use rsa::pkcs8::{DecodePrivateKey as _, EncodePublicKey as _, LineEnding};
    // Core's reader first: its error names the field and the forms it takes.
    Credentials::application(id, private_pem)
        .map_err(|e| CliError::usage("invalid credentials").with_source(e))?;
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(private_pem)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_pem(private_pem))
        .map_err(|_| CliError::usage("cannot read the RSA private key to derive its public key"))?;
    key.to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|_| CliError::usage("cannot encode the public key of the private key given"))
}

/// `path` as one shell word: bare when it is plain, else single-quoted.
fn shell_quoted(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | ':' | '+' | ','));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
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
        .map_err(|e| CliError::from_sdk(&ctx.command, e))?;
    let connection_id = call(ctx, &ot, Join::new(&a.session_id, &token)).await?;
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
    let stream_id = call(ctx, &ot, op).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use opentok::{PrivateKey, PublicKey};

    const VECTORS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../opentok-core/tests/vectors/vonage/"
    );

    fn vector(name: &str) -> String {
        std::fs::read_to_string(format!("{VECTORS}{name}")).expect("vector")
    }

    #[test]
    fn the_derived_public_key_verifies_what_the_private_key_signs() {
        let app = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        for form in [
            "THROWAWAY_TEST_KEY_private_pkcs8.pem",
            "THROWAWAY_TEST_KEY_private_pkcs1.pem",
        ] {
            let pem = vector(form);
            let derived = public_key_of(app, pem.trim()).expect(form);
            assert!(derived.starts_with("-----BEGIN PUBLIC KEY-----"), "{form}");
            let public = PublicKey::from_pem(&derived).expect("SPKI PEM");
            let jwt = PrivateKey::from_pem(&pem).expect("key").encode_jwt(br#"{"a":1}"#);
            let (input, sig) = jwt.rsplit_once('.').expect("three parts");
            let sig = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, sig)
                .expect("base64url");
            assert!(public.verify(input.as_bytes(), &sig), "{form}");
            assert!(!public.verify(b"something else", &sig), "{form}");
        }
        // It is the published public key of the test pair.
        let published = PublicKey::from_pem(&vector("test_public_key.pem")).expect("public");
        let derived = public_key_of(app, &vector("THROWAWAY_TEST_KEY_private_pkcs8.pem")).expect("derived");
        assert_eq!(PublicKey::from_pem(&derived).expect("derived"), published);
    }

    #[test]
    fn a_broken_private_key_is_a_usage_error_without_its_text() {
        let e = public_key_of(
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "-----BEGIN PRIVATE KEY-----\nQUJD\n",
        )
        .expect_err("refused");
        assert_eq!(e.code(), crate::error::EXIT_USAGE);
        assert!(!format!("{e:?}").contains("QUJD"), "{e:?}");
    }

    #[test]
    fn paths_print_as_one_shell_word() {
        assert_eq!(
            shell_quoted(Path::new("/tmp/opentok-emulator-a.key")),
            "/tmp/opentok-emulator-a.key"
        );
        assert_eq!(shell_quoted(Path::new("/tmp/my key.pem")), "'/tmp/my key.pem'");
        assert_eq!(shell_quoted(Path::new("/tmp/it's")), r"'/tmp/it'\''s'");
        assert_eq!(shell_quoted(Path::new("/tmp/$HOME")), "'/tmp/$HOME'");
    }
}
