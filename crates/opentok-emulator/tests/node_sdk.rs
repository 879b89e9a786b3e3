//! The official Node SDK (npm `opentok@2.23.2`) against the emulator, installed under
//! `target/`: with an API key and secret, and in its Vonage mode (an application id and a
//! PKCS#8 private key). Without Node, npm or the registry the tests print a notice and skip.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::official_sdk::{
    APP, assert_application_state, check_driver, node_modules, start_application, with_api_secret,
    with_application_keys,
};
use common::*;

const SDK: &str = "opentok@2.23.2";

/// Installs once per run (both tests wait for the one install).
fn install() -> Option<PathBuf> {
    static MODULES: OnceLock<Option<PathBuf>> = OnceLock::new();
    MODULES
        .get_or_init(|| node_modules("node_sdk", "node-opentok-2.23.2", &[SDK]))
        .clone()
}

fn driver() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/drive_sdk.js")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_sdk_succeeds_for_every_call() {
    let Some(modules) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let h = start_with(builder().archive_processing(std::time::Duration::from_millis(50))).await;
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(driver())
        .args([h.emu.base_url(), KEY])
        .env("NODE_PATH", modules);
    with_api_secret(&mut cmd);
    check_driver("node SDK", cmd, 25).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_sdk_in_vonage_mode_succeeds_for_every_call() {
    let Some(modules) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let h = start_application(None).await;
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(driver())
        .args([h.emu.base_url(), APP])
        .env("NODE_PATH", modules);
    with_application_keys(&mut cmd);
    check_driver("node SDK (Vonage mode)", cmd, 28).await;
    assert_application_state(&h).await;
}
