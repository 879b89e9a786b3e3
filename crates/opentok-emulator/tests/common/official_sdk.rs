//! Driving an official SDK against the emulator: install it once under `target/` (or skip
//! with a notice), run its driver script, and check the JSON object of results it prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use opentok_core::Credentials;
use opentok_core::archive::ListArchives;
use opentok_core::broadcast::ListBroadcasts;

use super::{Harness, builder, start_with};

/// The Vonage application the SDKs' Vonage scenarios use.
pub const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// A file of the repository's throwaway RS256 test keys (core's `tests/vectors/vonage/`).
pub fn vonage_key(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../opentok-core/tests/vectors/vonage")
        .join(name)
}

/// An emulator serving application [`APP`] (with the test public key) next to the key +
/// secret project, TLS when `tls` holds a PEM certificate chain and key; the harness signs
/// with the application's credentials.
pub async fn start_application(tls: Option<(String, String)>) -> Harness {
    let public = std::fs::read_to_string(vonage_key("test_public_key.pem")).expect("public key");
    let mut b = builder()
        .application(APP, public)
        .archive_processing(Duration::from_millis(50));
    if let Some((cert, key)) = tls {
        b = b.tls_cert(cert).tls_key(key);
    }
    let mut h = start_with(b).await;
    let private = std::fs::read_to_string(vonage_key("THROWAWAY_TEST_KEY_private_pkcs8.pem")).expect("key");
    h.creds = Credentials::application(APP, &private).expect("application credentials");
    h
}

/// Hands a driver the project's API secret in `OPENTOK_API_SECRET`, never on its command line.
pub fn with_api_secret(cmd: &mut tokio::process::Command) {
    cmd.env("OPENTOK_API_SECRET", super::SECRET);
}

/// Hands a driver the application's private key and another application's key as files
/// (`VONAGE_PRIVATE_KEY_PATH`, `OTHER_PRIVATE_KEY_PATH`), never on its command line.
pub fn with_application_keys(cmd: &mut tokio::process::Command) {
    cmd.env(
        "VONAGE_PRIVATE_KEY_PATH",
        vonage_key("THROWAWAY_TEST_KEY_private_pkcs8.pem"),
    )
    .env(
        "OTHER_PRIVATE_KEY_PATH",
        vonage_key("OTHER_THROWAWAY_KEY_private_pkcs8.pem"),
    );
}

/// What a driver left behind, read back through core with the application's credentials
/// (over plain HTTP: `h` must not serve TLS): archives and broadcasts exist, belong to the
/// application and name it.
pub async fn assert_application_state(h: &Harness) {
    let archives = h.op(&ListArchives::new()).await.expect("archives listed");
    assert!(!archives.items.is_empty(), "the driver's archives are listed");
    for a in &archives.items {
        assert_eq!(a.application_id.as_deref(), Some(APP), "{a:?}");
        let sid = opentok_core::session_id::decode(&a.session_id).expect("session id decodes");
        assert!(sid.belongs_to(APP), "{sid:?}");
    }
    let broadcasts = h.op(&ListBroadcasts::new()).await.expect("broadcasts listed");
    assert!(!broadcasts.items.is_empty(), "the driver's broadcasts are listed");
    assert!(
        broadcasts
            .items
            .iter()
            .all(|b| b.application_id.as_deref() == Some(APP))
    );
}

/// A test CA and a certificate it signed for 127.0.0.1: (CA PEM, server certificate PEM,
/// server key PEM), for SDKs that only speak HTTPS.
pub fn test_ca() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "opentok-emulator test CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().expect("CA key");
    let ca_pem = ca.self_signed(&ca_key).expect("CA certificate").pem();
    let issuer = Issuer::new(ca, ca_key);
    let server = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("server parameters");
    let server_key = KeyPair::generate().expect("server key");
    let cert = server
        .signed_by(&server_key, &issuer)
        .expect("server certificate");
    (ca_pem, cert.pem(), server_key.serialize_pem())
}

/// Runs the `steps` that install an official SDK into `dir` once; a marker file records
/// success so later runs skip them. `false`, after a NOTICE naming `test`, when a step fails.
pub fn install_once(test: &str, dir: &Path, steps: Vec<(Command, String)>) -> bool {
    let marker = dir.join(".installed");
    if marker.exists() {
        return true;
    }
    let _ = std::fs::create_dir_all(dir);
    for (mut step, why) in steps {
        if !step.status().is_ok_and(|s| s.success()) {
            eprintln!("NOTICE: {test} test skipped: {why}");
            return false;
        }
    }
    let _ = std::fs::write(&marker, test);
    true
}

/// A virtual environment under `target/` named `dir` with the pinned PyPI `packages`,
/// installed once; its interpreter, or `None` after a notice naming `test`.
pub fn python_venv(test: &str, dir: &str, packages: &[&str]) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    let py = dir.join("bin").join("python");
    if !py.exists() {
        // A marker without the interpreter: install again.
        let _ = std::fs::remove_file(dir.join(".installed"));
    }
    let mut venv = Command::new("python3");
    venv.args(["-m", "venv"]).arg(&dir);
    let mut pip = Command::new(&py);
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--timeout",
        "60",
    ])
    .args(packages);
    let steps = vec![
        (venv, "`python3 -m venv` is not available".to_owned()),
        (
            pip,
            format!(
                "could not install {} from PyPI (unreachable?)",
                packages.join(" ")
            ),
        ),
    ];
    install_once(test, &dir, steps).then_some(py)
}

/// A `node_modules` under `target/` (in `dir`) with the pinned npm `packages`, installed
/// once; the directory to put in `NODE_PATH`, or `None` after a notice naming `test`.
pub fn node_modules(test: &str, dir: &str, packages: &[&str]) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    let mut node = Command::new("node");
    node.arg("--version");
    let mut npm = Command::new("npm");
    npm.args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .args(packages);
    let steps = vec![
        (node, "node is not installed".to_owned()),
        (
            npm,
            format!("could not install {} from npm (unreachable?)", packages.join(" ")),
        ),
    ];
    install_once(test, &dir, steps).then(|| dir.join("node_modules"))
}

/// Runs a driver script (at most 120 s) and checks what it printed: one JSON object of
/// check name to `"ok"` or what went wrong; every check passed, at least `min` ran.
pub async fn check_driver(label: &str, mut cmd: tokio::process::Command, min: usize) {
    let out: Output = tokio::time::timeout(
        Duration::from_secs(120),
        cmd.env("NO_PROXY", "127.0.0.1,localhost")
            .env("no_proxy", "127.0.0.1,localhost")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("bounded in time")
    .unwrap_or_else(|e| panic!("{label} driver runs: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{label}: {}\nstdout: {stdout}\nstderr: {stderr}",
        out.status
    );
    let results: serde_json::Map<String, serde_json::Value> = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{label}: {e}\nstdout: {stdout}\nstderr: {stderr}"));
    let failed: Vec<String> = results
        .iter()
        .filter(|(_, v)| *v != "ok")
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    assert!(failed.is_empty(), "{label}: failed calls:\n{}", failed.join("\n"));
    assert!(results.len() >= min, "{label}: {} checks ran", results.len());
    println!("{label}: {} checks passed", results.len());
}
