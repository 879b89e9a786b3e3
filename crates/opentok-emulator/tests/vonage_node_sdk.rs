//! The Vonage Node SDK (npm `@vonage/video@1.31.1` with `@vonage/auth`) against the
//! emulator's application project: sessions, RS256 client tokens that join, archives,
//! broadcasts, signals, moderation, SIP, captions, Experience Composer, the Audio Connector,
//! and a refused key. Installed under `target/`; without Node, npm or the registry the test
//! prints a notice and skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::official_sdk::{check_driver, install_once};
use common::*;

const SDKS: [&str; 2] = ["@vonage/video@1.31.1", "@vonage/auth@1"];
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../opentok-core/tests/vectors/vonage/"
);

fn install() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-vonage-video-1.31.1");
    let mut node = Command::new("node");
    node.arg("--version");
    let mut npm = Command::new("npm");
    npm.args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .args(SDKS);
    let steps = vec![
        (node, "node is not installed".to_owned()),
        (npm, format!("could not install {SDKS:?} from npm (unreachable?)")),
    ];
    install_once("vonage_node_sdk", &dir, steps).then_some(dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vonage_node_sdk_drives_an_application() {
    let Some(dir) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let public = std::fs::read_to_string(format!("{VECTORS}test_public_key.pem")).expect("vector");
    let h = start_with(
        builder()
            .application(APP, public)
            .archive_processing(Duration::from_millis(50)),
    )
    .await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/drive_vonage.js");
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(&script)
        .args([h.emu.base_url(), APP])
        .arg(format!("{VECTORS}THROWAWAY_TEST_KEY_private_pkcs8.pem"))
        .arg(format!("{VECTORS}OTHER_THROWAWAY_KEY_private_pkcs8.pem"))
        .env("NODE_PATH", dir.join("node_modules"));
    check_driver("vonage node SDK", cmd, 20).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opentok_node_sdk_in_vonage_mode_drives_an_application() {
    let Some(dir) = tokio::task::spawn_blocking(install_opentok).await.expect("setup") else {
        return;
    };
    let public = std::fs::read_to_string(format!("{VECTORS}test_public_key.pem")).expect("vector");
    let h = start_with(
        builder()
            .application(APP, public)
            .archive_processing(Duration::from_millis(50)),
    )
    .await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/drive_sdk_vonage.js");
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(&script)
        .args([h.emu.base_url(), APP])
        .arg(format!("{VECTORS}THROWAWAY_TEST_KEY_private_pkcs8.pem"))
        .env("NODE_PATH", dir.join("node_modules"));
    check_driver("opentok node SDK (Vonage mode)", cmd, 25).await;
}

/// The official OpenTok Node SDK, in its own directory (the key + secret test installs the
/// same version elsewhere; sharing one would race on the install).
fn install_opentok() -> Option<PathBuf> {
    const SDK: &str = "opentok@2.23.2";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-opentok-2.23.2-vonage");
    let mut node = Command::new("node");
    node.arg("--version");
    let mut npm = Command::new("npm");
    npm.args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(SDK);
    let steps = vec![
        (node, "node is not installed".to_owned()),
        (npm, format!("could not install {SDK} from npm (unreachable?)")),
    ];
    install_once("opentok_node_sdk_vonage", &dir, steps).then_some(dir)
}
