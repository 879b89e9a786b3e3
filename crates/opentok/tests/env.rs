//! `OpenTok::from_env`, checked in child processes of this test binary (the environment of the
//! test process itself is left alone).

use std::process::Command;

use opentok::{BuildError, OpenTok};

const CHILD: &str = "OPENTOK_SDK_ENV_TEST_CHILD";

/// Every variable `from_env` reads.
const VARS: [&str; 6] = [
    "OPENTOK_API_KEY",
    "OPENTOK_API_SECRET",
    "OPENTOK_API_URL",
    "VONAGE_APPLICATION_ID",
    "VONAGE_PRIVATE_KEY",
    "VONAGE_PRIVATE_KEY_PATH",
];

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const KEY_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../opentok-core/tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem"
);
const PKCS1: &str =
    include_str!("../../opentok-core/tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs1.pem");

/// Runs this test again in a child process with `vars` set and the variables `from_env`
/// reads otherwise removed; the child checks `expectation`.
fn child(expectation: &str, vars: &[(&str, &str)]) {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = Command::new(exe);
    cmd.args(["--exact", "from_env", "--test-threads=1"])
        .env(CHILD, expectation);
    for name in VARS {
        cmd.env_remove(name);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 passed"),
        "{expectation}: the child ran no test: {stdout}"
    );
    assert!(
        out.status.success(),
        "{expectation}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn from_env() {
    match std::env::var(CHILD).as_deref() {
        Ok("url") => {
            let ot = OpenTok::from_env().expect("from env");
            assert_eq!(ot.credentials().project_id(), "123456");
            assert_eq!(ot.api_url().as_str(), "http://127.0.0.1:4010");
        }
        Ok("default-url") => {
            let ot = OpenTok::from_env().expect("from env");
            assert_eq!(ot.api_url().as_str(), "https://api.opentok.com");
        }
        Ok("missing-secret") => match OpenTok::from_env() {
            Err(BuildError::MissingEnv(name)) => assert_eq!(name, "OPENTOK_API_SECRET"),
            other => panic!("expected a missing variable, got {other:?}"),
        },
        Ok("application") => {
            let ot = OpenTok::from_env().expect("from env");
            let app = ot
                .credentials()
                .application_credentials()
                .expect("application credentials");
            assert_eq!(app.application_id().as_str(), APP);
            assert_eq!(ot.api_url().as_str(), "https://video.api.vonage.com");
            let dbg = format!("{ot:?}");
            assert!(dbg.contains("<redacted>") && !dbg.contains("MII"), "{dbg}");
        }
        Ok(mode @ ("both-kinds" | "mixed-halves" | "both-key-forms")) => match OpenTok::from_env() {
            Err(e @ BuildError::ConflictingEnv(_)) => {
                let text = e.to_string();
                let named: &[&str] = if mode == "both-key-forms" {
                    &["VONAGE_PRIVATE_KEY ", "VONAGE_PRIVATE_KEY_PATH"]
                } else {
                    &["OPENTOK_API_KEY", "VONAGE_APPLICATION_ID"]
                };
                assert!(named.iter().all(|n| text.contains(n)), "{mode}: {text}");
            }
            other => panic!("{mode}: expected a conflict, got {other:?}"),
        },
        Ok("no-key") => match OpenTok::from_env() {
            Err(BuildError::MissingEnv(name)) => {
                assert_eq!(name, "VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH")
            }
            other => panic!("expected a missing key, got {other:?}"),
        },
        Ok("no-application-id") => match OpenTok::from_env() {
            Err(BuildError::MissingEnv(name)) => assert_eq!(name, "VONAGE_APPLICATION_ID"),
            other => panic!("expected a missing id, got {other:?}"),
        },
        Ok("unreadable-key-file") => match OpenTok::from_env() {
            Err(e @ BuildError::KeyFile(_)) => assert!(e.to_string().contains("VONAGE_PRIVATE_KEY_PATH")),
            other => panic!("expected an unreadable file, got {other:?}"),
        },
        Ok("bad-key") => match OpenTok::from_env() {
            Err(BuildError::Invalid(e)) => {
                assert_eq!(e.field, "private_key");
                assert!(!e.to_string().contains("not-a-key-text"), "{e}");
            }
            other => panic!("expected an invalid key, got {other:?}"),
        },
        Ok(other) => panic!("unknown child mode {other}"),
        Err(_) => {
            let secret = "0123456789abcdef0123456789abcdef01234567";
            child(
                "url",
                &[
                    ("OPENTOK_API_KEY", "123456"),
                    ("OPENTOK_API_SECRET", secret),
                    ("OPENTOK_API_URL", "http://127.0.0.1:4010/"),
                ],
            );
            child(
                "default-url",
                &[
                    ("OPENTOK_API_KEY", "123456"),
                    ("OPENTOK_API_SECRET", secret),
                    ("OPENTOK_API_URL", ""),
                ],
            );
            child("missing-secret", &[("OPENTOK_API_KEY", "123456")]);
            let app_id = ("VONAGE_APPLICATION_ID", APP);
            child("application", &[app_id, ("VONAGE_PRIVATE_KEY_PATH", KEY_FILE)]);
            child("application", &[app_id, ("VONAGE_PRIVATE_KEY", PKCS1)]);
            child(
                "both-kinds",
                &[
                    ("OPENTOK_API_KEY", "123456"),
                    ("OPENTOK_API_SECRET", secret),
                    app_id,
                    ("VONAGE_PRIVATE_KEY", PKCS1),
                ],
            );
            child(
                "mixed-halves",
                &[("OPENTOK_API_KEY", "123456"), ("VONAGE_PRIVATE_KEY", PKCS1)],
            );
            child(
                "both-key-forms",
                &[
                    app_id,
                    ("VONAGE_PRIVATE_KEY", PKCS1),
                    ("VONAGE_PRIVATE_KEY_PATH", KEY_FILE),
                ],
            );
            child("no-key", &[app_id]);
            child("no-application-id", &[("VONAGE_PRIVATE_KEY_PATH", KEY_FILE)]);
            child(
                "unreadable-key-file",
                &[app_id, ("VONAGE_PRIVATE_KEY_PATH", "/nonexistent/private.key")],
            );
            child("bad-key", &[app_id, ("VONAGE_PRIVATE_KEY", "not-a-key-text")]);
        }
    }
}
