//! Credentials of either kind: an API key with its secret, or a Vonage application id with
//! its RSA private key (secrets from files or the environment, never from an argument); the
//! API URL; the client built from them; and the reading of every other secret a command
//! needs (stream keys, client tokens, passwords) the same way.
//!
//! Which kind applies follows the facade's `OpenTokBuilder::from_env` rules, with each
//! option standing in for its variable: one kind only, both halves of it.

use std::io::Read as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use opentok::Credentials;
use opentok::{OpenTok, OpenTokBuilder, RetryPolicy};

use crate::cli::Global;
use crate::error::CliError;

/// What the command line and the environment say.
pub(crate) struct Creds {
    /// The API key.
    pub(crate) key: Option<String>,
    /// The secret.
    secret: Option<String>,
    /// The Vonage application id.
    pub(crate) application_id: Option<String>,
    /// The application's private key (PEM text).
    private_key: Option<String>,
    /// The REST base URL.
    pub(crate) url: Option<String>,
}

impl std::fmt::Debug for Creds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Creds")
            .field("key", &self.key)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("application_id", &self.application_id)
            .field("private_key", &self.private_key.as_ref().map(|_| "<redacted>"))
            .field("url", &self.url)
            .finish()
    }
}

/// The credentials given, of one kind and complete (see [`Creds::given`]).
#[derive(Clone, Copy)]
pub(crate) enum Given<'a> {
    /// An API key and its secret.
    Project {
        /// The API key.
        key: &'a str,
        /// The secret.
        secret: &'a str,
    },
    /// A Vonage application id and its private key.
    Application {
        /// The application id.
        id: &'a str,
        /// The private key (PEM text).
        pem: &'a str,
    },
}

/// Both kinds given.
const BOTH_KINDS: &str = "credentials of two kinds: --api-key / OPENTOK_API_KEY, --api-secret-file / \
OPENTOK_API_SECRET and --application-id / VONAGE_APPLICATION_ID, --private-key-file / VONAGE_PRIVATE_KEY / \
VONAGE_PRIVATE_KEY_PATH are both given; give one kind";

/// No credentials at all.
const NONE_GIVEN: &str = "no credentials: set OPENTOK_API_KEY and OPENTOK_API_SECRET (or pass --api-key KEY \
and --api-secret-file FILE), or VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH (or \
pass --application-id ID and --private-key-file FILE)";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Whether an input was already read from stdin.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Reads all of stdin for `what`; stdin holds one input, so a second reader is a usage
/// error naming it (`--private-key-file -` with `token inspect -`).
pub(crate) fn read_stdin(what: &str) -> Result<String, CliError> {
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        return Err(CliError::usage(format!(
            "the {what} cannot come from stdin: another input ('-') already reads it"
        )));
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError::usage(format!("cannot read the {what} from stdin")).with_source(e))?;
    Ok(text)
}

/// Reads the text of the `what` file `path` (`-` is stdin), without surrounding whitespace;
/// errors name the file, never its contents.
pub(crate) fn read_text_file(path: &Path, what: &str) -> Result<String, CliError> {
    let mut text = String::new();
    let read = if path == Path::new("-") {
        text = read_stdin(what)?;
        Ok(())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text).map(|_| ()))
    };
    read.map_err(|e| CliError::usage(format!("cannot read the {what} {}", path.display())).with_source(e))?;
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(CliError::usage(format!("the {what} {} is empty", path.display())));
    }
    Ok(text)
}

/// Reads a secret from `path` (`-` is stdin), without its trailing line break.
pub(crate) fn read_secret_file(path: &Path) -> Result<String, CliError> {
    read_text_file(path, "secret file")
}

/// A secret read from `file` ([`read_secret_file`]) when one is named, else from the
/// environment variable `var`; `None` when neither gives one.
pub(crate) fn secret_from(file: Option<&Path>, var: &str) -> Result<Option<String>, CliError> {
    match file {
        Some(path) => read_secret_file(path).map(Some),
        None => Ok(env(var)),
    }
}

/// The private key: `--private-key-file FILE`, else `VONAGE_PRIVATE_KEY` (the PEM text) or
/// the file `VONAGE_PRIVATE_KEY_PATH` names; both variables set is an error naming them.
fn private_key(file: Option<&Path>) -> Result<Option<String>, CliError> {
    if let Some(path) = file {
        return read_text_file(path, "private key file").map(Some);
    }
    match (env("VONAGE_PRIVATE_KEY"), env("VONAGE_PRIVATE_KEY_PATH")) {
        (Some(_), Some(_)) => Err(CliError::usage(
            "VONAGE_PRIVATE_KEY and VONAGE_PRIVATE_KEY_PATH are both set; set one (or pass --private-key-file FILE)",
        )),
        (Some(pem), None) => Ok(Some(pem)),
        (None, Some(path)) => {
            read_text_file(Path::new(&path), "private key file (VONAGE_PRIVATE_KEY_PATH)").map(Some)
        }
        (None, None) => Ok(None),
    }
}

impl Creds {
    /// Gathers the options and the environment (`--api-key` over `OPENTOK_API_KEY`,
    /// `--private-key-file` over `VONAGE_PRIVATE_KEY` / `VONAGE_PRIVATE_KEY_PATH`, …).
    pub(crate) fn load(g: &Global) -> Result<Self, CliError> {
        let secret = secret_from(g.api_secret_file.as_deref(), "OPENTOK_API_SECRET")?;
        let private_key = private_key(g.private_key_file.as_deref())?;
        Ok(Self {
            key: g.api_key.clone().or_else(|| env("OPENTOK_API_KEY")),
            secret,
            application_id: g.application_id.clone().or_else(|| env("VONAGE_APPLICATION_ID")),
            private_key,
            url: g.api_url.clone().or_else(|| env("OPENTOK_API_URL")),
        })
    }

    /// The secret, if one was given (file or environment).
    pub(crate) fn secret(&self) -> Option<&str> {
        self.secret.as_deref()
    }

    /// The application's private key (PEM text), if one was given.
    pub(crate) fn private_key(&self) -> Option<&str> {
        self.private_key.as_deref()
    }

    /// Whether any part of application credentials was given.
    pub(crate) fn has_application(&self) -> bool {
        self.application_id.is_some() || self.private_key.is_some()
    }

    /// The credentials given: `None` when none at all; a usage error naming the options and
    /// variables when both kinds are given or half of one.
    pub(crate) fn given(&self) -> Result<Option<Given<'_>>, CliError> {
        let project = self.key.is_some() || self.secret.is_some();
        if project && self.has_application() {
            return Err(CliError::usage(BOTH_KINDS));
        }
        if self.has_application() {
            let id = self.application_id.as_deref().ok_or_else(|| {
                CliError::usage("no application id: set VONAGE_APPLICATION_ID or pass --application-id ID")
            })?;
            let pem = self.private_key.as_deref().ok_or_else(|| {
                CliError::usage(
                    "no private key for the application: set VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH, \
                     or pass --private-key-file FILE (the key is never taken as a command-line argument)",
                )
            })?;
            return Ok(Some(Given::Application { id, pem }));
        }
        match (&self.key, &self.secret) {
            (None, None) => Ok(None),
            (Some(key), Some(secret)) => Ok(Some(Given::Project { key, secret })),
            (None, Some(_)) => Err(CliError::usage(
                "no API key: set OPENTOK_API_KEY or pass --api-key KEY",
            )),
            (Some(_), None) => Err(CliError::usage(
                "no API secret: set OPENTOK_API_SECRET or pass --api-secret-file FILE \
                 (the secret is never taken as a command-line argument)",
            )),
        }
    }

    /// [`Creds::given`], where credentials are required.
    pub(crate) fn require(&self) -> Result<Given<'_>, CliError> {
        self.given()?.ok_or_else(|| CliError::usage(NONE_GIVEN))
    }

    /// The credentials, when some are given (checked as [`Creds::given`] does).
    pub(crate) fn credentials(&self) -> Result<Option<Credentials>, CliError> {
        let checked = match self.given()? {
            None => return Ok(None),
            Some(Given::Project { key, secret }) => Credentials::new(key, secret),
            Some(Given::Application { id, pem }) => Credentials::application(id, pem),
        };
        checked
            .map(Some)
            .map_err(|e| CliError::usage("invalid credentials").with_source(e))
    }

    /// The client, for credentials of either kind.
    pub(crate) fn client(&self, timeout: Duration) -> Result<OpenTok, CliError> {
        let mut b = match self.require()? {
            Given::Project { key, secret } => OpenTokBuilder::new(key, secret),
            Given::Application { id, pem } => OpenTokBuilder::application(id, pem),
        }
        .request_timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .retry(RetryPolicy::default().max_attempts(2))
        .user_agent_addendum(concat!("opentok-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(url) = &self.url {
            b = b.api_url(url.clone());
        }
        b.build()
            .map_err(|e| CliError::usage("cannot set up the client").with_source(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEM: &str =
        include_str!("../../opentok-core/tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");

    fn creds(key: Option<&str>, secret: Option<&str>, id: Option<&str>, pem: Option<&str>) -> Creds {
        Creds {
            key: key.map(str::to_owned),
            secret: secret.map(str::to_owned),
            application_id: id.map(str::to_owned),
            private_key: pem.map(str::to_owned),
            url: None,
        }
    }

    #[test]
    fn debug_never_shows_the_secret_or_the_key() {
        let c = creds(
            Some("1234"),
            Some("s3cr3t-value"),
            Some("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
            Some(PEM),
        );
        let text = format!("{c:?}");
        assert!(
            !text.contains("s3cr3t-value") && !text.contains("BEGIN") && !text.contains("MII"),
            "{text}"
        );
        assert!(
            text.contains("1234") && text.contains("0a1b2c3d") && text.contains("<redacted>"),
            "{text}"
        );
    }

    #[test]
    fn one_kind_and_both_halves() {
        let app = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        let kind = |c: &Creds| match c.given() {
            Ok(None) => "none".to_owned(),
            Ok(Some(Given::Project { .. })) => "project".to_owned(),
            Ok(Some(Given::Application { .. })) => "application".to_owned(),
            Err(e) => format!("{e:?}"),
        };
        assert_eq!(kind(&creds(None, None, None, None)), "none");
        assert_eq!(kind(&creds(Some("k"), Some("s"), None, None)), "project");
        assert_eq!(kind(&creds(None, None, Some(app), Some(PEM))), "application");
        for (c, names) in [
            (creds(Some("k"), None, Some(app), Some(PEM)), "two kinds"),
            (creds(None, Some("s"), None, Some(PEM)), "two kinds"),
            (creds(None, None, Some(app), None), "VONAGE_PRIVATE_KEY_PATH"),
            (creds(None, None, None, Some(PEM)), "VONAGE_APPLICATION_ID"),
            (creds(Some("k"), None, None, None), "OPENTOK_API_SECRET"),
            (creds(None, Some("s"), None, None), "OPENTOK_API_KEY"),
        ] {
            let e = c.given().err().expect("refused");
            assert_eq!(e.code(), crate::error::EXIT_USAGE);
            assert!(format!("{e:?}").contains(names), "{e:?} lacks {names}");
        }
        let e = creds(None, None, None, None).require().err().expect("none");
        assert!(format!("{e:?}").contains("VONAGE_APPLICATION_ID"), "{e:?}");
        let c = creds(None, None, Some(app), Some(PEM))
            .credentials()
            .expect("valid");
        assert_eq!(c.as_ref().map(Credentials::project_id), Some(app));
    }
}
