//! Help, usage errors, credentials, tokens, session ids, completions and `opentok emulator`.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::{Emu, KEY, SECRET, bin, run, scratch, verify_token_py};

const CREDS: &[(&str, &str)] = &[("OPENTOK_API_KEY", KEY), ("OPENTOK_API_SECRET", SECRET)];

#[test]
fn help_documents_exit_codes_credentials_and_examples() {
    let r = run(&["--help"], &[]);
    r.assert_code(0);
    let help = r.stdout();
    for needle in [
        "Exit codes:",
        "1    the service answered",
        "2    usage error",
        "3    network failure",
        "OPENTOK_API_KEY",
        "OPENTOK_API_SECRET",
        "OPENTOK_API_URL",
        "--api-secret-file",
        "VONAGE_APPLICATION_ID",
        "VONAGE_PRIVATE_KEY_PATH",
        "--private-key-file",
        "Example:",
    ] {
        assert!(help.contains(needle), "top-level help lacks {needle:?}");
    }
    for cmd in [
        &["archive", "download"][..],
        &["token", "create"],
        &["stream", "mute-all"],
        &["signal"],
        &["legacy", "manifest"],
        &["emulator"],
        &["emulator", "join"],
        &["emulator", "publish"],
        &["completions"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let r = run(&args, &[]);
        r.assert_code(0);
        assert!(
            r.stdout().contains("Example:\n  opentok "),
            "{cmd:?} help has no example"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    run(&["frobnicate"], &[]).assert_fails(2, &["frobnicate"]);
    run(&["archive", "start"], CREDS).assert_fails(2, &["SESSION_ID"]);
    run(&["token", "create", "x", "--role", "king"], CREDS).assert_fails(2, &["king"]);
    run(
        &["token", "create", "x", "--expire-in", "1h", "--expire-at", "5"],
        CREDS,
    )
    .assert_fails(2, &["--expire-at"]);
}

#[test]
fn the_secret_is_never_an_argument() {
    for args in [
        &["archive", "list", "--api-secret", SECRET][..],
        &["--api-secret=abc", "token", "create", "x"],
    ] {
        let r = run(args, &[("OPENTOK_API_KEY", KEY)]);
        r.assert_code(2);
        let err = r.stderr();
        assert!(err.contains("--api-secret is not accepted"), "{err}");
        assert!(
            err.contains("OPENTOK_API_SECRET") && err.contains("--api-secret-file"),
            "{err}"
        );
    }
}

#[test]
fn missing_credentials_are_usage_errors() {
    let sid = "2_MX40NzAwMDAwMX5-MTcwMDAwMDAwMDAwMH5hYmNkZWZ-fg";
    run(&["token", "create", sid], &[("OPENTOK_API_KEY", KEY)])
        .assert_fails(2, &["no API secret", "OPENTOK_API_SECRET", "--api-secret-file"]);
    run(&["token", "create", sid], &[("OPENTOK_API_SECRET", SECRET)])
        .assert_fails(2, &["no API key", "OPENTOK_API_KEY"]);
    run(&["archive", "list"], &[("OPENTOK_API_KEY", KEY)]).assert_fails(2, &["no API secret"]);
    run(&["archive", "list", "--api-url", "notaurl"], CREDS)
        .assert_fails(2, &["cannot set up the client", "api_url"]);
    run(
        &["archive", "list"],
        &[("OPENTOK_API_KEY", "bad key!"), ("OPENTOK_API_SECRET", SECRET)],
    )
    .assert_fails(2, &["api_key"]);
    let dir = scratch("nosecret");
    let missing = dir.join("absent");
    run(
        &[
            "token",
            "create",
            sid,
            "--api-secret-file",
            missing.to_str().expect("utf8"),
        ],
        &[("OPENTOK_API_KEY", KEY)],
    )
    .assert_fails(2, &["cannot read the secret file"]);
}

#[test]
fn token_create_mints_verifiable_tokens() {
    let emu = Emu::start();
    let sid = emu.json(&["session", "create"])["sessionId"]
        .as_str()
        .expect("id")
        .to_owned();

    // T1 with every option: alone on stdout, checked by the independent verifier.
    let t1 = emu
        .run(&[
            "token",
            "create",
            &sid,
            "--role",
            "moderator",
            "--data",
            "name=ops & co",
            "--expire-in",
            "2h",
            "--layout",
            "focus",
            "--layout",
            "full",
        ])
        .stdout_line();
    assert!(t1.starts_with("T1=="), "{t1}");
    if let Some(v) = verify_token_py(&t1) {
        assert_eq!(v["ok"], true, "verify_token.py: {v}");
        assert_eq!(v["type"], "T1");
        assert_eq!(v["fields"]["role"], "moderator");
        assert_eq!(v["fields"]["session_id"], sid.as_str());
        assert_eq!(v["fields"]["connection_data"], "name=ops & co");
        assert_eq!(v["fields"]["initial_layout_class_list"], "focus full");
        let create: u64 = v["fields"]["create_time"]
            .as_str()
            .expect("ct")
            .parse()
            .expect("n");
        let expire: u64 = v["fields"]["expire_time"]
            .as_str()
            .expect("et")
            .parse()
            .expect("n");
        assert_eq!(expire - create, 7200);
    }

    // JWT, with the secret read from a file.
    let dir = scratch("tokens");
    let secret_file = dir.join("secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).expect("write");
    let r = run(
        &[
            "--json",
            "token",
            "create",
            &sid,
            "--jwt",
            "--role",
            "subscriber",
            "--api-secret-file",
            secret_file.to_str().expect("utf8"),
        ],
        &[("OPENTOK_API_KEY", KEY)],
    );
    r.assert_code(0);
    let doc = r.json();
    assert_eq!(doc["format"], "jwt");
    assert_eq!(doc["role"], "subscriber");
    assert_eq!(doc["sessionId"], sid.as_str());
    assert_eq!(doc["expireTime"], serde_json::Value::Null);
    let jwt = doc["token"].as_str().expect("token").to_owned();
    assert_eq!(jwt.split('.').count(), 3, "{jwt}");
    if let Some(v) = verify_token_py(&jwt) {
        assert_eq!(v["ok"], true, "verify_token.py: {v}");
    }

    // inspect: decoded field by field and verified with the known secret.
    let doc = emu.json(&["token", "inspect", &t1]);
    assert_eq!(doc["format"], "t1");
    assert_eq!(doc["apiKey"], KEY);
    assert_eq!(doc["sessionId"], sid.as_str());
    assert_eq!(doc["role"], "moderator");
    assert_eq!(doc["connectionData"], "name=ops & co");
    assert_eq!(
        doc["initialLayoutClassList"],
        serde_json::json!(["focus", "full"])
    );
    assert_eq!(
        doc["expireTime"].as_u64().expect("exp") - doc["issuedAt"].as_u64().expect("iat"),
        7200
    );
    assert_eq!(doc["verified"], true);
    assert_eq!(doc["verifyError"], serde_json::Value::Null);
    let doc = emu.json(&["token", "inspect", &jwt]);
    assert_eq!(
        (doc["format"].as_str(), doc["role"].as_str()),
        (Some("jwt"), Some("subscriber"))
    );
    assert_eq!(doc["verified"], true);

    // Without the secret it decodes but does not verify.
    let r = run(&["--json", "token", "inspect", &t1], &[]);
    r.assert_code(0);
    assert_eq!(r.json()["verified"], serde_json::Value::Null);
    assert!(r.stderr().contains("not verified"));

    // Another secret: exit 1 and a clear reason.
    let r = run(
        &["--json", "token", "inspect", &t1],
        &[
            ("OPENTOK_API_KEY", KEY),
            ("OPENTOK_API_SECRET", "ffffffffffffffffffffffffffffffffffffffff"),
        ],
    );
    r.assert_fails(1, &["does not verify", "signature"]);
    assert_eq!(r.json()["verified"], false);

    // Not a token at all; a session of another project.
    run(&["token", "inspect", "hello"], CREDS).assert_fails(2, &["cannot decode the token"]);
    let foreign = "2_MX45OTk5OTk5OX5-MTcwMDAwMDAwMDAwMH5hYmNkZWZ-fg";
    run(&["token", "create", foreign], CREDS).assert_fails(2, &["cannot mint", "session_id"]);
    run(&["token", "create", &sid, "--expire-in", "31d"], CREDS)
        .assert_fails(2, &["expire_time", "at most 30 days from now"]);
    // `--expire-at 0` is the default expiry, as the seed's Ruby SDK reads `expire_time = 0`;
    // any other past time is refused.
    let r = run(&["--json", "token", "create", &sid, "--expire-at", "0"], CREDS);
    r.assert_code(0);
    assert_eq!(r.json()["expireTime"], serde_json::Value::Null);
    let zero = r.json()["token"].as_str().expect("token").to_owned();
    let r = run(&["--json", "token", "inspect", &zero], CREDS);
    r.assert_code(0);
    let doc = r.json();
    assert_eq!(doc["expireTime"], serde_json::Value::Null);
    assert_eq!(
        doc["expiresAt"].as_u64().expect("exp") - doc["issuedAt"].as_u64().expect("iat"),
        86_400
    );
    run(&["token", "create", &sid, "--expire-at", "1"], CREDS).assert_fails(2, &["expire_time"]);
    // Past what a clock can hold: a usage error, not a panic (exit 101).
    run(
        &["token", "create", &sid, "--expire-in", "99999999999999999d"],
        CREDS,
    )
    .assert_fails(2, &["--expire-in is too far in the future"]);
    run(
        &["token", "create", &sid, "--expire-at", &u64::MAX.to_string()],
        CREDS,
    )
    .assert_fails(2, &["--expire-at is too far in the future"]);
}

#[test]
fn session_inspect_decodes_ids() {
    let emu = Emu::start();
    let created = emu.json(&["session", "create", "--location", "10.1.2.3"]);
    let sid = created["sessionId"].as_str().expect("id").to_owned();
    let doc = emu.json(&["session", "inspect", &sid]);
    assert_eq!(doc["sessionId"], sid.as_str());
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["projectId"], KEY);
    assert_eq!(doc["location"], "10.1.2.3");
    assert!(doc["createdAt"].as_u64().expect("created") > 1_600_000_000_000);
    assert_eq!(doc["fields"][1], KEY);
    // The table shows the same fields for people.
    let r = run(&["session", "inspect", &sid], &[]);
    r.assert_code(0);
    assert!(
        r.stdout().contains(&format!("projectId   {KEY}")),
        "{}",
        r.stdout()
    );
    assert!(r.stdout().contains(" UTC"), "{}", r.stdout());
    run(&["session", "inspect", "3_nonsense"], &[]).assert_fails(2, &["cannot decode the session id"]);
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell], &[]);
        r.assert_code(0);
        let s = r.stdout();
        assert!(
            s.contains("opentok") && s.contains("archive") && s.contains("download"),
            "{shell}"
        );
    }
    run(&["completions", "tcsh"], &[]).assert_fails(2, &["tcsh"]);
}

/// A reader that stops early (`opentok completions bash | head -5`) ends the command quietly:
/// exit 0, no panic (exit 101) and nothing on stderr.
#[test]
fn completions_into_a_closed_pipe_exit_quietly() {
    let mut child = Command::new(bin())
        .args(["completions", "bash"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
    drop(stdout);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("finishes")
        .expect("waits");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Starts `opentok emulator ARGS` with `env`, returns it, its pid and its first 3 lines
/// (within 120 s: generating an application's RSA key pair is slow in debug builds on a
/// busy machine).
pub(crate) fn spawn_emulator(args: &[&str], env: &[(&str, &str)]) -> (std::process::Child, u32, Vec<String>) {
    let mut cmd = Command::new(bin());
    cmd.arg("emulator")
        .args(args)
        .env_remove("OPENTOK_API_KEY")
        .env_remove("OPENTOK_API_SECRET")
        .env_remove("VONAGE_APPLICATION_ID")
        .env_remove("VONAGE_PRIVATE_KEY")
        .env_remove("VONAGE_PRIVATE_KEY_PATH")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn");
    let pid = child.id();
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let lines: Vec<String> = BufReader::new(stdout)
            .lines()
            .take(3)
            .map_while(Result::ok)
            .collect();
        let _ = tx.send(lines);
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(lines) if lines.len() == 3 => (child, pid, lines),
        other => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the emulator did not print its 3 lines within 120 s: {other:?}");
        }
    }
}

/// Sends SIGTERM to the emulator and checks it exits cleanly, within a deadline.
pub(crate) fn stop_emulator(child: std::process::Child, pid: u32) {
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut child = child;
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(s) => s.expect("wait"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("the emulator did not stop on SIGTERM within 10 s");
        }
    };
    assert!(status.success(), "{status:?}");
}

/// `opentok emulator` as a child: the first line tells where it listens, the printed
/// exports make the other commands work, and it stops on SIGTERM.
#[test]
fn emulator_command_serves_and_prints_exports() {
    let dir = scratch("emulator-secret");
    let secret_file = dir.join("secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).expect("write the secret");
    let secret_path = secret_file.to_str().expect("utf-8 path");
    let (child, pid, lines) = spawn_emulator(
        &[
            "--listen",
            "127.0.0.1:0",
            "--api-key",
            KEY,
            "--api-secret-file",
            secret_path,
        ],
        &[],
    );
    let url = lines[0]
        .strip_prefix("export OPENTOK_API_URL=")
        .expect("first line is the URL")
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(lines[1], format!("export OPENTOK_API_KEY={KEY}"));
    assert!(
        lines[2].starts_with('#') && !lines[2].contains(SECRET),
        "{}",
        lines[2]
    );
    let env = [
        ("OPENTOK_API_URL", url.as_str()),
        ("OPENTOK_API_KEY", KEY),
        ("OPENTOK_API_SECRET", SECRET),
    ];
    let r = run(&["session", "create", "--routed"], &env);
    let sid = r.stdout_line();
    assert!(sid.starts_with("2_"), "{sid}");

    // Recording from the shell alone: without a client the service refuses; a stand-in
    // client joins and publishes; the archive records that stream and becomes available.
    run(&["archive", "start", &sid], &env).assert_fails(1, &["HTTP 404", "No clients"]);
    let cid = run(&["emulator", "join", &sid, "--data", "name=Ada"], &env).stdout_line();
    let stid = run(&["emulator", "publish", &sid, &cid], &env).stdout_line();
    let streams = run(&["--json", "stream", "list", &sid], &env);
    streams.assert_code(0);
    assert_eq!(streams.json()["items"][0]["id"], stid.as_str());
    let started = run(&["--json", "archive", "start", &sid, "--name", "shell"], &env);
    started.assert_code(0);
    let aid = started.json()["id"].as_str().expect("archive id").to_owned();
    run(&["archive", "stop", &aid], &env).assert_code(0);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = run(&["--json", "archive", "get", &aid], &env);
        got.assert_code(0);
        let doc = got.json();
        if doc["status"] == "available" {
            assert_eq!(doc["name"], "shell");
            assert!(doc["size"].as_u64().is_some_and(|n| n > 0), "{doc}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never available: {doc}");
        std::thread::sleep(Duration::from_millis(50));
    }
    stop_emulator(child, pid);

    // A secret from the environment is used but never printed; a generated one is.
    let (child, pid, lines) = spawn_emulator(
        &["--listen", "127.0.0.1:0"],
        &[("OPENTOK_API_KEY", KEY), ("OPENTOK_API_SECRET", SECRET)],
    );
    assert_eq!(lines[1], format!("export OPENTOK_API_KEY={KEY}"));
    assert!(
        lines[2].starts_with('#') && !lines[2].contains(SECRET),
        "{}",
        lines[2]
    );
    let url = lines[0].trim_start_matches("export OPENTOK_API_URL=").to_owned();
    run(
        &["archive", "list"],
        &[
            ("OPENTOK_API_URL", &url),
            ("OPENTOK_API_KEY", KEY),
            ("OPENTOK_API_SECRET", SECRET),
        ],
    )
    .assert_code(0);
    stop_emulator(child, pid);

    let (child, pid, lines) = spawn_emulator(&["--listen", "127.0.0.1:0"], &[]);
    let key = lines[1]
        .strip_prefix("export OPENTOK_API_KEY=")
        .expect("key line")
        .to_owned();
    let secret = lines[2]
        .strip_prefix("export OPENTOK_API_SECRET=")
        .expect("secret line")
        .to_owned();
    let url = lines[0].trim_start_matches("export OPENTOK_API_URL=").to_owned();
    run(
        &["callback", "list"],
        &[
            ("OPENTOK_API_URL", &url),
            ("OPENTOK_API_KEY", &key),
            ("OPENTOK_API_SECRET", &secret),
        ],
    )
    .assert_code(0);
    stop_emulator(child, pid);

    // A port already taken: a run-time failure (exit 1, not the usage code 2), said once.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let r = run(&["emulator", "--listen", &addr], &[]);
    r.assert_fails(1, &["cannot start the emulator", "cannot listen", "in use"]);
    assert_eq!(r.stderr().matches("in use").count(), 1, "{}", r.stderr());
    let r = run(&["--json", "emulator", "--listen", &addr], &[]);
    r.assert_code(1);
    let doc: serde_json::Value = serde_json::from_slice(&r.out.stderr).expect("a JSON error");
    assert_eq!(doc["error"]["exitCode"], 1);
    assert_eq!(doc["error"]["message"], "cannot start the emulator");
}

/// `--api-secret` is refused wherever it stands, the emulator included, and whatever comes
/// before the command word.
#[test]
fn the_emulator_takes_no_secret_on_the_command_line() {
    for args in [
        &["emulator", "--api-secret", SECRET][..],
        &["--api-key", "11112222", "emulator", "--api-secret", SECRET],
        &[
            "--api-key=11112222",
            "emulator",
            &format!("--api-secret={SECRET}"),
        ],
    ] {
        run(args, &[]).assert_fails(2, &["--api-secret is not accepted", "--api-secret-file"]);
    }
    // `--api-key VALUE emulator` is read as the emulator command (the old check took the
    // key's value for the command word): it fails for the taken port, not for its arguments.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    run(&["--api-key", "11112222", "emulator", "--listen", &addr], &[])
        .assert_fails(1, &["cannot start the emulator"]);
}
