//! The Vonage Python SDK (PyPI `vonage-video==1.6.1`, `vonage-http-client==1.5.2`) against
//! the emulator's application project over HTTPS: sessions, client tokens that join,
//! archives, broadcasts, signals, moderation, SIP, captions, Experience Composer, the Audio
//! Connector, and a refused key. Installed into a virtual environment under `target/`;
//! without Python or PyPI the test prints a notice and skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::official_sdk::{check_driver, install_once};
use common::*;

const SDKS: [&str; 2] = ["vonage-video==1.6.1", "vonage-http-client==1.5.2"];
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../opentok-core/tests/vectors/vonage/"
);

fn venv_python() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-vonage-video-1.6.1");
    let py = dir.join("bin").join("python");
    if !py.exists() {
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
    .args(SDKS);
    let steps = vec![
        (venv, "`python3 -m venv` is not available".to_owned()),
        (
            pip,
            format!("could not install {SDKS:?} from PyPI (unreachable?)"),
        ),
    ];
    install_once("vonage_python_sdk", &dir, steps).then_some(py)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vonage_python_sdk_drives_an_application_over_https() {
    let Some(py) = tokio::task::spawn_blocking(venv_python).await.expect("setup") else {
        return;
    };
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("certificate");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("vonage-python-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, cert.cert.pem()).expect("writes");
    let public = std::fs::read_to_string(format!("{VECTORS}test_public_key.pem")).expect("vector");
    let h = start_with(
        builder()
            .application(APP, public)
            .tls_cert(cert.cert.pem())
            .tls_key(cert.signing_key.serialize_pem())
            .archive_processing(Duration::from_millis(50)),
    )
    .await;
    let host = h.emu.base_url().trim_start_matches("https://").to_owned();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/drive_vonage.py");
    let mut cmd = tokio::process::Command::new(&py);
    cmd.arg(&script)
        .args([host.as_str(), APP])
        .arg(format!("{VECTORS}THROWAWAY_TEST_KEY_private_pkcs8.pem"))
        .arg(format!("{VECTORS}OTHER_THROWAWAY_KEY_private_pkcs8.pem"))
        .env("REQUESTS_CA_BUNDLE", &ca);
    check_driver("vonage python SDK", cmd, 20).await;
    let _ = std::fs::remove_dir_all(&dir);
}
