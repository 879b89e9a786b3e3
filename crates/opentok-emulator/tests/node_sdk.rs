//! The official Node SDK (npm `opentok@2.23.2`) against the emulator, installed under
//! `target/`; without Node, npm or the registry the test prints a notice and skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;

const SDK: &str = "opentok@2.23.2";

fn install() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-opentok-2.23.2");
    let marker = dir.join(".installed");
    if marker.exists() {
        return Some(dir);
    }
    if !Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("NOTICE: node_sdk test skipped: node is not installed");
        return None;
    }
    let _ = std::fs::create_dir_all(&dir);
    let ok = Command::new("npm")
        .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(SDK)
        .status();
    if !ok.is_ok_and(|s| s.success()) {
        eprintln!("NOTICE: node_sdk test skipped: could not install {SDK} from npm (unreachable?)");
        return None;
    }
    let _ = std::fs::write(&marker, SDK);
    Some(dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_node_sdk_succeeds_for_every_call() {
    let Some(dir) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let h = start_with(builder().archive_processing(Duration::from_millis(50))).await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/drive_sdk.js");
    let out = tokio::time::timeout(
        Duration::from_secs(120),
        tokio::process::Command::new("node")
            .arg(&script)
            .args([h.emu.base_url(), KEY, SECRET])
            .env("NODE_PATH", dir.join("node_modules"))
            .env("NO_PROXY", "127.0.0.1,localhost")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("bounded in time")
    .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results: serde_json::Map<String, serde_json::Value> = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    let failed: Vec<String> = results
        .iter()
        .filter(|(_, v)| *v != "ok")
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    assert!(failed.is_empty(), "failed calls:\n{}", failed.join("\n"));
    assert!(results.len() >= 25, "{} checks ran", results.len());
    println!("node SDK: {} checks passed", results.len());
}
