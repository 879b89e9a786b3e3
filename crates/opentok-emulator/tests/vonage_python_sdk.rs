//! The official Vonage Python SDK (PyPI `vonage==4.9.1` with `vonage-video==1.6.1`) against
//! an application served by the emulator over HTTPS (the SDK only builds `https://` URLs;
//! it trusts a test CA made here through `REQUESTS_CA_BUNDLE`): sessions, client tokens that
//! join, archives, broadcasts, signals, moderation, SIP, captions, renders, the Audio
//! Connector, and refused credentials. Installed into a virtual environment under `target/`;
//! without Python or PyPI the test prints a notice and skips.

mod common;

use std::path::Path;

use common::official_sdk::{
    APP, check_driver, python_venv, start_application, test_ca, with_application_keys,
};

const SDK: [&str; 4] = [
    "vonage==4.9.1",
    "vonage-video==1.6.1",
    "vonage-http-client==1.5.2",
    "vonage-jwt==1.1.5",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_vonage_python_sdk_drives_an_application_over_tls() {
    let install = || python_venv("vonage_python_sdk", "python-vonage-4.9.1", &SDK);
    let Some(py) = tokio::task::spawn_blocking(install).await.expect("setup") else {
        return;
    };
    let (ca, cert, key) = test_ca();
    let h = start_application(Some((cert, key))).await;
    let host = h
        .emu
        .base_url()
        .strip_prefix("https://")
        .expect("the emulator serves HTTPS")
        .to_owned();
    let ca_file =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("vonage-python-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, ca).expect("CA written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/drive_vonage.py");
    let mut cmd = tokio::process::Command::new(&py);
    cmd.arg(&script)
        .args([host.as_str(), APP])
        .env("REQUESTS_CA_BUNDLE", &ca_file);
    with_application_keys(&mut cmd);
    check_driver("Vonage python SDK", cmd, 28).await;
    let _ = std::fs::remove_file(&ca_file);
}
