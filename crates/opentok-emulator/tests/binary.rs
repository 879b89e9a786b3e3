//! The `opentok-emulator` binary: first stdout lines, serving, and a clean exit on SIGTERM.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// Starts the binary with `args`, the secret `env_secret` in the environment and `stdin` on
/// its standard input; returns it, its first lines and how many were expected.
async fn lines(
    args: &[&str],
    env_secret: Option<&str>,
    stdin: &str,
) -> (tokio::process::Child, Vec<String>, usize) {
    use tokio::io::AsyncWriteExt as _;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opentok-emulator"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd.env_remove("OPENTOK_API_SECRET");
    if let Some(s) = env_secret {
        cmd.env("OPENTOK_API_SECRET", s);
    }
    let mut child = cmd.spawn().expect("spawns");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).await.expect("writes stdin");
    drop(input);
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout).lines();
    let want = if args.contains(&"--api-secret-file") || env_secret.is_some() {
        2
    } else {
        3
    };
    let mut out = Vec::new();
    for _ in 0..want {
        let line = tokio::time::timeout(Duration::from_secs(20), reader.next_line())
            .await
            .expect("prints in time")
            .expect("reads")
            .expect("a line");
        out.push(line);
    }
    (child, out, want)
}

fn terminate(child: &tokio::process::Child) {
    signal(child, "-TERM");
}

fn signal(child: &tokio::process::Child, sig: &str) {
    let pid = child.id().expect("running");
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
}

#[tokio::test]
async fn prints_url_and_key_serves_and_exits_on_sigterm() {
    let (mut child, out, _) = lines(
        &[
            "--listen",
            "127.0.0.1:0",
            "--api-key",
            "4242",
            "--api-secret-file",
            "-",
            "--staging",
        ],
        None,
        "s3cret\n",
    )
    .await;
    assert!(out[0].starts_with("http://127.0.0.1:"), "{out:?}");
    assert_eq!(out[1], "4242");
    let addr = out[0].trim_start_matches("http://").to_owned();
    let mut s = tokio::net::TcpStream::connect(&addr).await.expect("listening");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    s.write_all(b"GET /_emulator/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf))
        .await
        .expect("in time")
        .expect("read");
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    terminate(&child);
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("exits")
        .expect("status");
    assert!(status.success());
}

#[tokio::test]
async fn secret_from_the_environment_and_generated_credentials() {
    let (mut child, out, n) = lines(&["--api-key", "777"], Some("from-env"), "").await;
    assert_eq!(n, 2);
    assert_eq!(out[1], "777");
    signal(&child, "-INT");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("exits on Ctrl-C")
        .expect("status");
    assert!(status.success());
    let (child, out, n) = lines(&[], None, "").await;
    assert_eq!(n, 3, "a generated secret is printed so it can be used");
    assert_eq!(out[1].len(), 8);
    assert_eq!(out[2].len(), 40);
    terminate(&child);
    let bad = Command::new(env!("CARGO_BIN_EXE_opentok-emulator"))
        .arg("--bogus")
        .output()
        .await
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}

#[tokio::test]
async fn max_connections_caps_open_connections() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut child, out, _) = lines(&["--max-connections", "1"], Some("s3cret"), "").await;
    let addr = out[0].trim_start_matches("http://").to_owned();
    // One silent connection takes the only slot (for the 10 s header timeout).
    let _silent = tokio::net::TcpStream::connect(&addr).await.expect("listening");
    let mut s = tokio::net::TcpStream::connect(&addr).await.expect("listening");
    let _ = s
        .write_all(b"GET /_emulator/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut buf))
        .await
        .expect("answered and closed in time");
    let text = String::from_utf8_lossy(&buf);
    assert!(text.is_empty() || text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(!text.contains(" 200 "), "{text}");
    terminate(&child);
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("exits")
        .expect("status");
    assert!(status.success());
}

#[tokio::test]
async fn a_secret_on_the_command_line_is_refused_without_echoing_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_opentok-emulator"))
        .args(["--api-key", "4242", "--api-secret", "s3cret-on-argv"])
        .env_remove("OPENTOK_API_SECRET")
        .output()
        .await
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--api-secret is not accepted") && err.contains("--api-secret-file FILE"),
        "{err}"
    );
    assert!(!err.contains("s3cret-on-argv") && out.stdout.is_empty(), "{err}");
}
