//! Driving an official SDK against the emulator: install it once under `target/` (or skip
//! with a notice), run its driver script, and check the JSON object of results it prints.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

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
