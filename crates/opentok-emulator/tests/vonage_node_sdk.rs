//! The official Vonage Node SDK (npm `@vonage/video@1.31.1` with `@vonage/auth@1.18.1`)
//! against an application served by the emulator: sessions, client tokens that join,
//! archives, broadcasts, signals, moderation, SIP, captions, renders, the Audio Connector,
//! and refused credentials. Installed under `target/`; without Node, npm or the registry the
//! test prints a notice and skips.

mod common;

use std::path::Path;

use common::official_sdk::{
    APP, assert_application_state, check_driver, node_modules, start_application, with_application_keys,
};

const SDK: [&str; 2] = ["@vonage/video@1.31.1", "@vonage/auth@1.18.1"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_vonage_node_sdk_drives_an_application() {
    let install = || node_modules("vonage_node_sdk", "node-vonage-video-1.31.1", &SDK);
    let Some(modules) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let h = start_application(None).await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/drive_vonage.js");
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg(&script)
        .args([h.emu.base_url(), APP])
        .env("NODE_PATH", modules);
    with_application_keys(&mut cmd);
    check_driver("Vonage node SDK", cmd, 30).await;
    assert_application_state(&h).await;
}
