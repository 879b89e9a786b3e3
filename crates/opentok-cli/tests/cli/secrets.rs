//! No command takes a secret as an argument: RTMP stream keys, client tokens and SIP
//! passwords come from a file, stdin or the environment, and the old argument forms are
//! refused with a usage error that says what to use instead and does not echo the value.

use serde_json::Value;

use crate::harness::{Emu, scratch};

/// A value that must never be echoed back.
const STREAM_KEY: &str = "sk-live-0123456789";

fn rtmp_names(doc: &Value) -> Vec<String> {
    doc["broadcastUrls"]["rtmp"]
        .as_array()
        .expect("rtmp outputs")
        .iter()
        .map(|o| o["streamName"].as_str().expect("streamName").to_owned())
        .collect()
}

#[test]
fn rtmp_stream_keys_come_from_files_stdin_or_the_environment() {
    let emu = Emu::start();
    let dir = scratch("rtmp-keys");
    let (k1, k2) = (dir.join("k1"), dir.join("k2"));
    std::fs::write(&k1, "first-key\n").expect("write");
    std::fs::write(&k2, "second-key").expect("write");
    let (k1, k2) = (k1.to_str().expect("path"), k2.to_str().expect("path"));

    // Two outputs, each with its key file, in order.
    let (sid, _, _) = emu.busy_session();
    let b = emu.json(&[
        "broadcast",
        "start",
        &sid,
        "--rtmp",
        "rtmp://a.example.com/app",
        "--rtmp-stream-key-file",
        k1,
        "--rtmp",
        "rtmp://b.example.com/app",
        "--rtmp-stream-key-file",
        k2,
    ]);
    assert_eq!(rtmp_names(&b), ["first-key", "second-key"]);
    assert_eq!(
        b["broadcastUrls"]["rtmp"][1]["serverUrl"],
        "rtmp://b.example.com/app"
    );

    // One output, its key in the environment.
    let (sid, _, _) = emu.busy_session();
    let r = emu.run_input(
        &[
            "--json",
            "broadcast",
            "start",
            &sid,
            "--rtmp",
            "rtmp://c.example.com/app",
        ],
        &[("OPENTOK_RTMP_STREAM_KEY", "env-key")],
        "",
    );
    r.assert_code(0);
    assert_eq!(rtmp_names(&r.json()), ["env-key"]);

    // The old form, a key without a file, and counts that do not pair: usage errors, before
    // anything is sent, that never echo the key.
    let (sid, _, _) = emu.busy_session();
    let old = emu.run(&[
        "broadcast",
        "start",
        &sid,
        "--rtmp",
        "rtmp://x.example.com/app",
        STREAM_KEY,
    ]);
    old.assert_fails(
        2,
        &[
            "--rtmp the server URL only",
            "--rtmp-stream-key-file FILE",
            "OPENTOK_RTMP_STREAM_KEY",
        ],
    );
    assert!(!old.stderr().contains(STREAM_KEY), "{}", old.stderr());
    emu.run(&["broadcast", "start", &sid, "--rtmp", "rtmp://x.example.com/app"])
        .assert_fails(2, &["needs the output's stream key", "--rtmp-stream-key-file"]);
    emu.run_input(
        &[
            "broadcast",
            "start",
            &sid,
            "--rtmp",
            "rtmp://x/a",
            "--rtmp",
            "rtmp://y/b",
        ],
        &[("OPENTOK_RTMP_STREAM_KEY", "env-key")],
        "",
    )
    .assert_fails(2, &["2 --rtmp output(s) and 0 --rtmp-stream-key-file"]);
    emu.run(&["broadcast", "start", &sid, "--hls", "--rtmp-stream-key-file", k1])
        .assert_fails(2, &["0 --rtmp output(s) and 1 --rtmp-stream-key-file"]);
    emu.run_input(
        &[
            "broadcast",
            "start",
            &sid,
            "--rtmp",
            "rtmp://x/a",
            "--rtmp-stream-key-file",
            "-",
        ],
        &[],
        "\n",
    )
    .assert_fails(2, &["is empty"]);
    assert!(
        emu.json(&["broadcast", "list", "--session-id", &sid])["count"] == 0,
        "a refused start sent nothing"
    );
}

#[test]
fn client_tokens_come_from_a_file_stdin_or_the_environment() {
    let emu = Emu::start();
    let (sid, _, _) = emu.busy_session();
    let dir = scratch("client-tokens");
    let moderator = emu
        .run(&["token", "create", &sid, "--role", "moderator"])
        .stdout_line();
    let good = dir.join("good");
    std::fs::write(&good, format!("{moderator}\n")).expect("write");
    let bad = dir.join("bad");
    std::fs::write(&bad, "T1==not-a-token").expect("write");
    let (good, bad) = (good.to_str().expect("path"), bad.to_str().expect("path"));
    let uri = "sip:+15551230000@sip.example.com";

    // The token in the file is the one sent: a bad one is refused by the service.
    let call = emu.json(&["sip", "dial", &sid, "--uri", uri, "--token-file", good]);
    assert!(
        call["connectionId"].as_str().is_some_and(|c| !c.is_empty()),
        "{call}"
    );
    emu.run(&["sip", "dial", &sid, "--uri", uri, "--token-file", bad])
        .assert_fails(1, &["Invalid token"]);
    emu.run_input(
        &["sip", "dial", &sid, "--uri", uri, "--token-file", "-"],
        &[],
        "T1==nope\n",
    )
    .assert_fails(1, &["Invalid token"]);
    emu.run_input(
        &["sip", "dial", &sid, "--uri", uri],
        &[("OPENTOK_CLIENT_TOKEN", "T1==nope")],
        "",
    )
    .assert_fails(1, &["Invalid token"]);
    let r = emu.run_input(
        &["--json", "captions", "start", &sid],
        &[("OPENTOK_CLIENT_TOKEN", &moderator)],
        "",
    );
    r.assert_code(0);

    // `--token TOKEN` is refused for every command that takes a token, unechoed.
    for args in [
        &["sip", "dial", &sid, "--uri", uri, "--token", &moderator][..],
        &["captions", "start", &sid, "--token", &moderator],
        &[
            "render",
            "start",
            &sid,
            "--url",
            "https://example.com/",
            "--token",
            &moderator,
        ],
        &[
            "audio-connector",
            "start",
            &sid,
            "--uri",
            "wss://example.com/a",
            "--token",
            &moderator,
        ],
        &["legacy", "manifest", "a", "--token", &moderator],
    ] {
        let r = emu.run(args);
        r.assert_fails(
            2,
            &[
                "--token is not accepted",
                "--token-file FILE",
                "OPENTOK_CLIENT_TOKEN",
            ],
        );
        assert!(!r.stderr().contains(&moderator), "{}", r.stderr());
    }

    // The legacy calls: a subscriber token from a file is the one used (the service wants a
    // moderator); `--session` mints one even when the environment holds another.
    let (sid, _, _) = emu.busy_session();
    let a = emu.json(&["archive", "start", &sid]);
    let aid = a["id"].as_str().expect("id").to_owned();
    emu.json(&["archive", "stop", &aid]);
    emu.wait_available(&aid);
    let subscriber = emu
        .run(&["token", "create", &sid, "--role", "subscriber"])
        .stdout_line();
    emu.run_input(
        &["legacy", "manifest", &aid, "--token-file", "-"],
        &[],
        &subscriber,
    )
    .assert_fails(1, &["moderator"]);
    let m = emu.run_input(
        &["--json", "legacy", "manifest", &aid, "--session", &sid],
        &[("OPENTOK_CLIENT_TOKEN", &subscriber)],
        "",
    );
    m.assert_code(0);
    assert_eq!(m.json()["archiveId"], aid.as_str());
    emu.run(&["legacy", "manifest", &aid])
        .assert_fails(2, &["--token-file FILE", "OPENTOK_CLIENT_TOKEN", "--session"]);
}

#[test]
fn the_sip_password_comes_from_a_file_stdin_or_the_environment() {
    let emu = Emu::start();
    let (sid, _, _) = emu.busy_session();
    let uri = "sip:+15551230000@sip.example.com";
    let dial = |env: &[(&str, &str)], stdin: &str, extra: &[&str]| {
        let mut args = vec!["--json", "sip", "dial", &sid, "--uri", uri, "--auth-user", "ops"];
        args.extend_from_slice(extra);
        emu.run_input(&args, env, stdin)
    };
    dial(&[("OPENTOK_SIP_PASSWORD", "pw")], "", &[]).assert_code(0);
    dial(&[], "pw\n", &["--auth-password-file", "-"]).assert_code(0);
    dial(&[], "", &[]).assert_fails(2, &["--auth-password-file FILE", "OPENTOK_SIP_PASSWORD"]);
    emu.run(&["sip", "dial", &sid, "--uri", uri, "--auth-password-file", "-"])
        .assert_fails(2, &["--auth-user"]);
}
