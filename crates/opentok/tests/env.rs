//! `OpenTok::from_env`, checked in child processes of this test binary (the environment of the
//! test process itself is left alone).

use std::process::Command;

use opentok::{BuildError, OpenTok};

const CHILD: &str = "OPENTOK_SDK_ENV_TEST_CHILD";

/// Runs this test again in a child process with `vars` set and the three OpenTok variables
/// otherwise removed; the child checks `expectation`.
fn child(expectation: &str, vars: &[(&str, &str)]) {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = Command::new(exe);
    cmd.args(["--exact", "from_env", "--test-threads=1"])
        .env(CHILD, expectation)
        .env_remove("OPENTOK_API_KEY")
        .env_remove("OPENTOK_API_SECRET")
        .env_remove("OPENTOK_API_URL");
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
        }
    }
}
