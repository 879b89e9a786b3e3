//! The official Node SDK (npm `opentok@2.23.2`) against the emulator, installed under
//! `target/`; without Node, npm or the registry the test prints a notice and skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::official_sdk::{check_driver, install_once};
use common::*;

const SDK: &str = "opentok@2.23.2";

fn install() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-opentok-2.23.2");
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
    install_once("node_sdk", &dir, steps).then_some(dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_sdk_succeeds_for_every_call() {
    let Some(dir) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let h = start_with(builder().archive_processing(Duration::from_millis(50))).await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/drive_sdk.js");
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(&script)
        .args([h.emu.base_url(), KEY, SECRET])
        .env("NODE_PATH", dir.join("node_modules"));
    check_driver("node SDK", cmd, 25).await;
}
