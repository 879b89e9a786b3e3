//! The official Python SDK (PyPI `opentok==3.15.0`) against the emulator: every REST call it
//! has must succeed, and fail where the service would. The SDK is installed into a virtual
//! environment under `target/`; without Python or PyPI the test prints a notice and skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::official_sdk::{check_driver, install_once};
use common::*;

const SDK: &str = "opentok==3.15.0";

fn venv_python() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-opentok-3.15.0");
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
        SDK,
    ]);
    let steps = vec![
        (venv, "`python3 -m venv` is not available".to_owned()),
        (pip, format!("could not install {SDK} from PyPI (unreachable?)")),
    ];
    install_once("python_sdk", &dir, steps).then_some(py)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_succeeds_for_every_call() {
    let Some(py) = tokio::task::spawn_blocking(venv_python).await.expect("setup") else {
        return;
    };
    let h = start_with(builder().archive_processing(Duration::from_millis(50))).await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/drive_sdk.py");
    let mut cmd = tokio::process::Command::new(&py);
    cmd.arg(&script).args([h.emu.base_url(), KEY, SECRET]);
    check_driver("python SDK", cmd, 30).await;
}
