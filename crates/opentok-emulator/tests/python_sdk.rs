//! The official Python SDK (PyPI `opentok==3.15.0`) against the emulator: every REST call it
//! has must succeed, and fail where the service would, with an API key and secret and in its
//! Vonage mode (an application id and a private key file). The SDK is installed into a
//! virtual environment under `target/`; without Python or PyPI the tests print a notice and
//! skip.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::official_sdk::{
    APP, assert_application_state, check_driver, python_venv, start_application, with_api_secret,
    with_application_keys,
};
use common::*;

const SDK: &str = "opentok==3.15.0";

/// Installs once per run (both tests wait for the one install).
fn install() -> Option<PathBuf> {
    static PYTHON: OnceLock<Option<PathBuf>> = OnceLock::new();
    PYTHON
        .get_or_init(|| python_venv("python_sdk", "python-opentok-3.15.0", &[SDK]))
        .clone()
}

fn driver() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/drive_sdk.py")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_succeeds_for_every_call() {
    let Some(py) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let h = start_with(builder().archive_processing(std::time::Duration::from_millis(50))).await;
    let mut cmd = tokio::process::Command::new(&py);
    cmd.arg(driver()).args([h.emu.base_url(), KEY]);
    with_api_secret(&mut cmd);
    check_driver("python SDK", cmd, 30).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_in_vonage_mode_succeeds_for_every_call() {
    let Some(py) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let h = start_application(None).await;
    let mut cmd = tokio::process::Command::new(&py);
    cmd.arg(driver()).args([h.emu.base_url(), APP]);
    with_application_keys(&mut cmd);
    check_driver("python SDK (Vonage mode)", cmd, 33).await;
    assert_application_state(&h).await;
}
