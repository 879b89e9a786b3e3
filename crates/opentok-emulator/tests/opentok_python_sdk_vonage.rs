//! The official OpenTok Python SDK (PyPI `opentok==3.15.0`) in its Vonage mode (an
//! application id and a private key file) drives the emulator's application project through
//! the key + secret scenario of `python/drive_sdk.py`. The SDK ignores `api_url` in this mode,
//! so the driver points its endpoints at the emulator. Installed into its own virtual
//! environment under `target/`; without Python or PyPI the test prints a notice and skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::official_sdk::{check_driver, install_once};
use common::*;

const SDK: &str = "opentok==3.15.0";
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../opentok-core/tests/vectors/vonage/"
);

fn venv_python() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-opentok-3.15.0-vonage");
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
        SDK,
    ]);
    let steps = vec![
        (venv, "`python3 -m venv` is not available".to_owned()),
        (pip, format!("could not install {SDK} from PyPI (unreachable?)")),
    ];
    install_once("opentok_python_sdk_vonage", &dir, steps).then_some(py)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opentok_python_sdk_in_vonage_mode_drives_an_application() {
    let Some(py) = tokio::task::spawn_blocking(venv_python).await.expect("setup") else {
        return;
    };
    let public = std::fs::read_to_string(format!("{VECTORS}test_public_key.pem")).expect("vector");
    let h = start_with(
        builder()
            .application(APP, public)
            .archive_processing(Duration::from_millis(50)),
    )
    .await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/drive_sdk_vonage.py");
    let mut cmd = tokio::process::Command::new(&py);
    cmd.arg(&script)
        .args([h.emu.base_url(), APP])
        .arg(format!("{VECTORS}THROWAWAY_TEST_KEY_private_pkcs8.pem"));
    check_driver("opentok python SDK (Vonage mode)", cmd, 30).await;
}
