//! How failures are reported: exit codes, the service's answer said once, JSON error
//! documents under `--json`; and the one naming convention of `--json` documents.

use serde_json::Value;

use crate::harness::{Emu, KEY, run};

fn stderr_json(r: &crate::harness::Run) -> Value {
    serde_json::from_slice(&r.out.stderr)
        .unwrap_or_else(|e| panic!("{}: stderr is not JSON ({e}): {}", r.args, r.stderr()))
}

#[test]
fn service_errors_say_the_message_once_and_as_json_under_json() {
    let emu = Emu::start();
    let nope = "00000000-0000-0000-0000-000000000000";
    let r = emu.run(&["archive", "get", nope]);
    r.assert_fails(
        1,
        &[
            "archive get: the service refused the request",
            "service: HTTP 404",
        ],
    );
    assert_eq!(
        r.stderr().matches("Archive not found").count(),
        1,
        "{}",
        r.stderr()
    );

    let r = emu.run(&["--json", "archive", "get", nope]);
    r.assert_code(1);
    assert!(r.out.stdout.is_empty(), "{}", r.stdout());
    let doc = stderr_json(&r);
    assert_eq!(doc["error"]["exitCode"], 1);
    assert_eq!(
        doc["error"]["message"],
        "archive get: the service refused the request"
    );
    assert_eq!(doc["error"]["service"]["status"], 404);
    assert!(
        doc["error"]["service"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not found")),
        "{doc}"
    );

    // Usage errors, from our checks and from clap's, follow --json too.
    let r = emu.run(&["--json", "token", "create", "x"]);
    r.assert_code(2);
    let doc = stderr_json(&r);
    assert_eq!(doc["error"]["exitCode"], 2);
    assert!(
        doc["error"]["causes"][0]
            .as_str()
            .is_some_and(|c| c.contains("session_id")),
        "{doc}"
    );
    let r = run(&["--json", "archive", "frobnicate"], &[]);
    r.assert_code(2);
    assert!(
        stderr_json(&r)["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("frobnicate"))
    );
    let r = run(&["--json", "archive", "list", "--api-secret", "x"], &[]);
    r.assert_code(2);
    assert!(
        stderr_json(&r)["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("--api-secret-file"))
    );
    // Without --json, the same is text.
    let r = run(&["archive", "list", "--api-secret", "x"], &[]);
    r.assert_code(2);
    assert!(
        r.stderr().starts_with("error: --api-secret is not accepted"),
        "{}",
        r.stderr()
    );
}

/// The CLI's documents name fields in camelCase, the created session's included.
#[test]
fn json_documents_use_camel_case() {
    let emu = Emu::start();
    let session = emu.json(&["session", "create", "--routed"]);
    let sid = session["sessionId"].as_str().expect("sessionId").to_owned();
    assert_eq!(session["projectId"], KEY);
    let snake: Vec<&String> = session
        .as_object()
        .expect("an object")
        .keys()
        .filter(|k| k.contains('_'))
        .collect();
    assert!(snake.is_empty(), "snake_case keys: {snake:?}");
    let token = emu.json(&["token", "create", &sid]);
    assert_eq!(token["sessionId"], sid.as_str());
    let legacy = emu.json(&["legacy", "session-create"]);
    assert!(
        legacy["sessionId"].as_str().is_some_and(|s| !s.is_empty()),
        "{legacy}"
    );
    let joined = emu.json(&["emulator", "join", &sid, "--role", "moderator"]);
    assert_eq!(joined["sessionId"], sid.as_str());
    assert_eq!(joined["role"], "moderator");
    let cid = joined["connectionId"].as_str().expect("connectionId").to_owned();
    let published = emu.json(&["emulator", "publish", &sid, &cid, "--screen"]);
    assert_eq!(published["videoType"], "screen");
    let stream = published["streamId"].as_str().expect("streamId");
    let got = emu.json(&["stream", "get", &sid, stream]);
    assert_eq!(got["videoType"], "screen");
    // A subscriber may not publish; a bad session id never leaves the machine.
    let sub = emu
        .run(&["emulator", "join", &sid, "--role", "subscriber"])
        .stdout_line();
    emu.run(&["emulator", "publish", &sid, &sub])
        .assert_fails(1, &["emulator publish", "HTTP 403"]);
    emu.run(&["emulator", "join", "not-a-session"])
        .assert_fails(2, &["emulator join"]);
}
