//! The `opentok-emulator` binary with an application (a generated key pair whose path it
//! prints, or a given public key) and TLS files.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// Runs the binary with `args` and reads `n` stdout lines (or its stderr when it exits).
async fn run(args: &[&str], n: usize) -> (tokio::process::Child, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opentok-emulator"))
        .args(args)
        .env_remove("OPENTOK_API_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawns");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut out = Vec::new();
    for _ in 0..n {
        let line = tokio::time::timeout(Duration::from_secs(60), reader.next_line())
            .await
            .expect("prints in time")
            .expect("reads");
        match line {
            Some(l) => out.push(l),
            None => break,
        }
    }
    (child, out)
}

#[tokio::test]
async fn generates_a_key_pair_prints_its_path_and_serves_https() {
    let dir = std::env::temp_dir().join(format!("opentok-emu-bin-app-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let key_out = dir.join("app.key");
    let c = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("certificate");
    let (cert, tls_key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, c.cert.pem()).expect("writes");
    std::fs::write(&tls_key, c.signing_key.serialize_pem()).expect("writes");
    let (mut child, out) = run(
        &[
            "--application-id",
            APP,
            "--private-key-out",
            key_out.to_str().expect("utf-8"),
            "--tls-cert",
            cert.to_str().expect("utf-8"),
            "--tls-key",
            tls_key.to_str().expect("utf-8"),
        ],
        5,
    )
    .await;
    assert_eq!(out.len(), 5, "{out:?}");
    assert!(out[0].starts_with("https://127.0.0.1:"), "{out:?}");
    assert_eq!(out[3], APP);
    assert_eq!(out[4], key_out.display().to_string());
    let pem = std::fs::read_to_string(&key_out).expect("the private key was written");
    opentok_core::ApplicationCredentials::new(APP, &pem).expect("a usable key");
    // The private key is never printed.
    assert!(!out.iter().any(|l| pem.contains(l.as_str())), "{out:?}");
    child.kill().await.expect("stops");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn reads_a_public_key_and_refuses_half_settings() {
    let public = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../opentok-core/tests/vectors/vonage/test_public_key.pem"
    );
    let (mut child, out) = run(&["--application-id", APP, "--public-key", public], 4).await;
    assert!(out[0].starts_with("http://127.0.0.1:"), "{out:?}");
    // URL, generated key and secret, then the application id.
    assert_eq!(out.get(3).map(String::as_str), Some(APP), "{out:?}");
    child.kill().await.expect("stops");
    for args in [
        &["--public-key", public][..],
        &["--tls-cert", public][..],
        &["--application-id", APP, "--public-key", "/nonexistent/key.pem"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_opentok-emulator"))
            .args(args)
            .output()
            .await
            .expect("runs");
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
