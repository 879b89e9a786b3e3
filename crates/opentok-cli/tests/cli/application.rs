//! Vonage application credentials: `--application-id`, `--private-key-file` and the
//! `VONAGE_*` variables; RS256 client tokens minted and inspected; REST calls signed with
//! `Authorization: Bearer`; and the key kept out of argv, stdout, stderr and errors.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use opentok_core::PublicKey;
use opentok_core::rest_auth::verify_bearer;
use opentok_core::token::{Role, verify_rs256};
use serde_json::Value;

use crate::harness::{KEY, Run, SECRET, run, run_full};

const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/// A session id of [`APP`].
const SID: &str = "1_MX4wYTFiMmMzZC00ZTVmLTRhNmItOGM3ZC05ZTBmMWEyYjNjNGR-fjE3MDAwMDAwMDAxMjN-ZEdoeWIzZGhkMkY1TFhSbGMzUXRjMlZ6YzJsdmJnfn5-";

/// The throwaway test key pair core's vectors hold.
fn vector(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../opentok-core/tests/vectors/vonage")
        .join(name)
}

fn pkcs8() -> PathBuf {
    vector("THROWAWAY_TEST_KEY_private_pkcs8.pem")
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("vector")
}

fn public_key() -> PublicKey {
    PublicKey::from_pem(&read(&vector("test_public_key.pem"))).expect("public key")
}

/// The base64 body lines of the private key (each PEM form), which must never be printed.
fn key_lines() -> Vec<String> {
    [pkcs8(), vector("THROWAWAY_TEST_KEY_private_pkcs1.pem")]
        .iter()
        .flat_map(|p| read(p).lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|l| !l.starts_with("-----") && l.len() > 16)
        .collect()
}

/// Asserts that no line of the private key appears in the run's argv, stdout or stderr.
fn assert_no_key(r: &Run) {
    let lines = key_lines();
    for (what, text) in [
        ("argv", r.args.clone()),
        ("stdout", r.stdout()),
        ("stderr", r.stderr()),
    ] {
        assert!(
            !text.contains("-----BEGIN"),
            "opentok {}: PEM armour in {what}",
            r.args
        );
        for l in &lines {
            assert!(
                !text.contains(l.as_str()),
                "opentok {}: key material in {what}",
                r.args
            );
        }
    }
}

fn app_env(key_file: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("VONAGE_APPLICATION_ID", APP.to_owned()),
        ("VONAGE_PRIVATE_KEY_PATH", path_str(key_file).to_owned()),
    ]
}

fn env_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[test]
fn token_create_then_inspect_round_trips() {
    let key_file = pkcs8();
    // Options: the id as an argument, the key from a file.
    let r = run(
        &[
            "--json",
            "token",
            "create",
            SID,
            "--application-id",
            APP,
            "--private-key-file",
            path_str(&key_file),
            "--role",
            "moderator",
            "--data",
            "name=Ada",
            "--expire-in",
            "2h",
            "--layout",
            "focus",
        ],
        &[],
    );
    r.assert_code(0);
    assert_no_key(&r);
    let doc = r.json();
    assert_eq!(doc["format"], "rs256");
    assert_eq!(doc["role"], "moderator");
    let token = doc["token"].as_str().expect("token").to_owned();
    assert!(
        token.starts_with("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."),
        "{token}"
    );
    // An independent check: core's verifier with the public key file.
    let d = verify_rs256(&token, APP, &public_key(), SystemTime::now()).expect("verifies");
    assert_eq!(d.role, Role::Moderator);
    assert_eq!(d.connection_data.as_deref(), Some("name=Ada"));
    assert_eq!(d.initial_layout_class_list, ["focus"]);
    let lifetime = d
        .expire_time
        .expect("exp")
        .duration_since(d.issued_at)
        .expect("after");
    assert_eq!(lifetime, Duration::from_secs(7200));

    // The variables, with the PKCS#1 form of the same key, and the key text itself.
    let pkcs1 = app_env(&vector("THROWAWAY_TEST_KEY_private_pkcs1.pem"));
    let t2 = run(&["token", "create", SID], &env_refs(&pkcs1));
    assert_no_key(&t2);
    let t2 = t2.stdout_line();
    verify_rs256(&t2, APP, &public_key(), SystemTime::now()).expect("PKCS#1 key verifies");
    let pem = read(&key_file);
    let r = run(
        &["token", "create", SID, "--role", "subscriber"],
        &[("VONAGE_APPLICATION_ID", APP), ("VONAGE_PRIVATE_KEY", &pem)],
    );
    assert_no_key(&r);
    let t3 = r.stdout_line();
    assert_eq!(
        verify_rs256(&t3, APP, &public_key(), SystemTime::now()).map(|d| d.role),
        Ok(Role::Subscriber)
    );
    // The key from stdin.
    let r = run_full(
        Path::new("."),
        &[
            "token",
            "create",
            SID,
            "--application-id",
            APP,
            "--private-key-file",
            "-",
        ],
        &[],
        pem.as_bytes(),
    );
    assert_no_key(&r);
    verify_rs256(&r.stdout_line(), APP, &public_key(), SystemTime::now()).expect("stdin key");

    // inspect with the public key: header and claims, verified.
    let pubfile = vector("test_public_key.pem");
    let r = run(
        &[
            "--json",
            "token",
            "inspect",
            &token,
            "--public-key-file",
            path_str(&pubfile),
        ],
        &[],
    );
    r.assert_code(0);
    assert_no_key(&r);
    let doc = r.json();
    assert_eq!(doc["format"], "rs256");
    assert_eq!(doc["header"], serde_json::json!({"alg": "RS256", "typ": "JWT"}));
    assert_eq!(doc["applicationId"], APP);
    assert_eq!(doc["sessionId"], SID);
    assert_eq!(doc["role"], "moderator");
    assert_eq!(doc["subject"], "video");
    assert_eq!(doc["connectionData"], "name=Ada");
    assert_eq!(doc["initialLayoutClassList"], serde_json::json!(["focus"]));
    assert_eq!(
        doc["expireTime"].as_u64().expect("exp") - doc["issuedAt"].as_u64().expect("iat"),
        7200
    );
    assert_eq!(doc["jti"].as_str().map(str::len), Some(36));
    assert_eq!(doc["verified"], true);
    // The same from stdin, verified with the public half of the credentials.
    let env = app_env(&key_file);
    let r = run_full(
        Path::new("."),
        &["--json", "token", "inspect", "-"],
        &env_refs(&env),
        token.as_bytes(),
    );
    r.assert_code(0);
    assert_no_key(&r);
    assert_eq!(r.json()["verified"], true);
    // People's output has every field too, and no key.
    let r = run(&["token", "inspect", &token], &env_refs(&env));
    r.assert_code(0);
    assert!(
        r.stdout().contains("header.alg") && r.stdout().contains("RS256"),
        "{}",
        r.stdout()
    );

    // Without a key: decoded, not verified.
    let r = run(&["--json", "token", "inspect", &token], &[]);
    r.assert_code(0);
    assert_eq!(r.json()["verified"], Value::Null);
    assert!(r.stderr().contains("not verified") && r.stderr().contains("--public-key-file"));

    // Another key, another application, an API key and secret: exit 1 with the reason.
    let other = app_env(&vector("OTHER_THROWAWAY_KEY_private_pkcs8.pem"));
    let r = run(&["--json", "token", "inspect", &token], &env_refs(&other));
    r.assert_fails(1, &["does not verify", "signature"]);
    assert_eq!(r.json()["verified"], false);
    let r = run(
        &[
            "token",
            "inspect",
            &token,
            "--public-key-file",
            path_str(&pubfile),
            "--application-id",
            "ffffffff-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        ],
        &[],
    );
    r.assert_fails(1, &["does not verify"]);
    run(
        &["token", "inspect", &token],
        &[("OPENTOK_API_KEY", KEY), ("OPENTOK_API_SECRET", SECRET)],
    )
    .assert_fails(1, &["does not verify"]);
    // A public key file that is not one; a T1 token with a public key file.
    run(
        &[
            "token",
            "inspect",
            &token,
            "--public-key-file",
            path_str(&key_file),
        ],
        &[],
    )
    .assert_fails(2, &["--public-key-file", "public_key"]);
    let t1 = run(
        &[
            "token",
            "create",
            "2_MX40NzAwMDAwMX5-MTcwMDAwMDAwMDAwMH5hYmNkZWZ-fg",
        ],
        &[("OPENTOK_API_KEY", KEY), ("OPENTOK_API_SECRET", SECRET)],
    )
    .stdout_line();
    run(
        &["token", "inspect", &t1, "--public-key-file", path_str(&pubfile)],
        &[],
    )
    .assert_fails(2, &["RS256"]);
    // A T1 token checked with application credentials fails, as the facade's verify does.
    run(&["token", "inspect", &t1], &env_refs(&env)).assert_fails(1, &["does not verify"]);

    // Minting: --jwt means nothing here; a session of another project is refused.
    run(&["token", "create", SID, "--jwt"], &env_refs(&env)).assert_fails(2, &["--jwt", "RS256"]);
    let r = run(
        &[
            "token",
            "create",
            "2_MX40NzAwMDAwMX5-MTcwMDAwMDAwMDAwMH5hYmNkZWZ-fg",
        ],
        &env_refs(&env),
    );
    r.assert_fails(2, &["cannot mint", "session_id"]);
    assert_no_key(&r);
}

/// A stub HTTP server on 127.0.0.1:0: answers up to `max` requests with `body`, and hands
/// back each request (head and body). Bounded in count and time.
fn stub_server(body: &'static str, max: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut heads = Vec::new();
        while heads.len() < max && Instant::now() < deadline {
            let mut s = match listener.accept() {
                Ok((s, _)) => s,
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            s.set_nonblocking(false).expect("blocking");
            s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
            let mut raw = Vec::new();
            let mut buf = [0u8; 4096];
            // The head, then as many body bytes as Content-Length says (64 KiB at most).
            loop {
                let text = String::from_utf8_lossy(&raw).into_owned();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len: usize = header(&text[..end], "content-length")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    if raw.len() >= end + 4 + len {
                        break;
                    }
                }
                if raw.len() > 64 * 1024 {
                    break;
                }
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => raw.extend_from_slice(&buf[..n]),
                }
            }
            heads.push(String::from_utf8_lossy(&raw).into_owned());
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = s.write_all(reply.as_bytes());
        }
        heads
    });
    (url, handle)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn rest_calls_send_a_bearer_jwt_to_the_application_path() {
    let (url, server) = stub_server(r#"{"count":0,"items":[]}"#, 1);
    let env = app_env(&pkcs8());
    let r = run(&["--json", "archive", "list", "--api-url", &url], &env_refs(&env));
    r.assert_code(0);
    assert_no_key(&r);
    assert_eq!(r.json()["count"], 0);
    let heads = server.join().expect("server");
    assert_eq!(heads.len(), 1, "{heads:?}");
    let head = &heads[0];
    let line = head.lines().next().unwrap_or_default();
    assert!(
        line.starts_with(&format!("GET /v2/project/{APP}/archive")),
        "{line}"
    );
    assert_eq!(header(head, "x-opentok-auth"), None, "{head}");
    let auth = header(head, "authorization").expect("an Authorization header");
    assert!(auth.starts_with("Bearer "), "{auth}");
    let claims = verify_bearer(
        auth,
        APP,
        &public_key(),
        SystemTime::now(),
        Duration::from_secs(30),
    )
    .expect("the bearer JWT verifies with the application's public key");
    assert_eq!(claims.application_id, APP);

    // The moderator token the CLI mints for a call that needs one is RS256 too (sip dial).
    let (url, server) = stub_server(r#"{"id":"x","connectionId":"c","streamId":"s"}"#, 1);
    let r = run(
        &[
            "sip",
            "dial",
            SID,
            "--uri",
            "sip:alice@example.com",
            "--api-url",
            &url,
        ],
        &env_refs(&env),
    );
    assert_no_key(&r);
    let heads = server.join().expect("server");
    let request = heads.first().expect("one request");
    assert!(
        request.starts_with(&format!("POST /v2/project/{APP}/dial ")),
        "{request}"
    );
    let body: Value =
        serde_json::from_str(request.split_once("\r\n\r\n").map_or("", |(_, b)| b)).expect("a JSON body");
    let token = body["token"].as_str().expect("a token");
    let d = verify_rs256(token, APP, &public_key(), SystemTime::now()).expect("an RS256 token");
    assert_eq!(d.role, Role::Moderator);
}

/// Options, environment, and what the error must name.
type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, Vec<&'a str>);

#[test]
fn one_kind_both_halves_or_a_usage_error_naming_them() {
    let key_file = pkcs8();
    let kf = path_str(&key_file);
    let pem = read(&key_file);
    let cases: Vec<Case<'_>> = vec![
        // Half of an application.
        (
            vec!["--application-id", APP],
            vec![],
            vec!["no private key", "VONAGE_PRIVATE_KEY", "--private-key-file"],
        ),
        (
            vec![],
            vec![("VONAGE_APPLICATION_ID", APP)],
            vec!["no private key", "VONAGE_PRIVATE_KEY_PATH"],
        ),
        (
            vec!["--private-key-file", kf],
            vec![],
            vec!["no application id", "VONAGE_APPLICATION_ID", "--application-id"],
        ),
        (
            vec![],
            vec![("VONAGE_PRIVATE_KEY", &pem)],
            vec!["no application id"],
        ),
        // Both kinds.
        (
            vec!["--application-id", APP, "--private-key-file", kf],
            vec![("OPENTOK_API_KEY", KEY), ("OPENTOK_API_SECRET", SECRET)],
            vec![
                "two kinds",
                "OPENTOK_API_KEY",
                "VONAGE_APPLICATION_ID",
                "--private-key-file",
            ],
        ),
        (
            vec!["--api-key", KEY],
            vec![("VONAGE_APPLICATION_ID", APP), ("VONAGE_PRIVATE_KEY_PATH", kf)],
            vec!["two kinds", "--api-key"],
        ),
        // Both forms of the key in the environment.
        (
            vec![],
            vec![
                ("VONAGE_APPLICATION_ID", APP),
                ("VONAGE_PRIVATE_KEY", &pem),
                ("VONAGE_PRIVATE_KEY_PATH", kf),
            ],
            vec!["VONAGE_PRIVATE_KEY and VONAGE_PRIVATE_KEY_PATH are both set"],
        ),
        // Bad values: named, never quoted.
        (
            vec!["--application-id", "not-a-uuid", "--private-key-file", kf],
            vec![],
            vec!["application_id"],
        ),
        (
            vec![
                "--application-id",
                APP,
                "--private-key-file",
                "/nonexistent/private.key",
            ],
            vec![],
            vec!["cannot read the private key file"],
        ),
        (
            vec![],
            vec![
                ("VONAGE_APPLICATION_ID", APP),
                ("VONAGE_PRIVATE_KEY_PATH", "/nonexistent/private.key"),
            ],
            vec!["cannot read the private key file", "VONAGE_PRIVATE_KEY_PATH"],
        ),
    ];
    // A damaged key: one base64 line dropped.
    let damaged: String = pem
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let mut all = cases;
    all.push((
        vec![],
        vec![("VONAGE_APPLICATION_ID", APP), ("VONAGE_PRIVATE_KEY", &damaged)],
        vec!["private_key"],
    ));
    for (opts, env, needles) in &all {
        for cmd in [&["token", "create", SID][..], &["archive", "list"]] {
            let mut args = cmd.to_vec();
            args.extend_from_slice(opts);
            let r = run(&args, env);
            r.assert_fails(2, needles);
            assert_no_key(&r);
        }
    }
    // Nothing at all: both kinds are named.
    run(&["archive", "list"], &[])
        .assert_fails(2, &["no credentials", "OPENTOK_API_KEY", "VONAGE_APPLICATION_ID"]);
    // With --json the error is a JSON document, still without the key.
    let r = run(&["--json", "archive", "list"], &[("VONAGE_PRIVATE_KEY", &pem)]);
    r.assert_code(2);
    assert_no_key(&r);
    let err: Value = serde_json::from_str(r.stderr().trim()).expect("json error");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("VONAGE_APPLICATION_ID")),
        "{err}"
    );
}

#[test]
fn the_private_key_is_never_an_argument() {
    let pem = read(&pkcs8());
    let inline = format!("--private-key={pem}");
    for args in [
        &["archive", "list", "--private-key", "private.key"][..],
        &[inline.as_str(), "token", "create", SID],
        &[
            "--application-id",
            APP,
            "token",
            "create",
            SID,
            "--private-key",
            &pem,
        ],
    ] {
        let r = run(args, &[]);
        r.assert_fails(
            2,
            &[
                "--private-key is not accepted",
                "VONAGE_PRIVATE_KEY",
                "--private-key-file",
            ],
        );
        for l in key_lines() {
            assert!(
                !r.stderr().contains(&l) && !r.stdout().contains(&l),
                "the key was echoed"
            );
        }
    }
}

#[test]
fn stdin_holds_one_input() {
    let pem = read(&pkcs8());
    let r = run_full(
        Path::new("."),
        &[
            "token",
            "inspect",
            "-",
            "--application-id",
            APP,
            "--private-key-file",
            "-",
        ],
        &[],
        pem.as_bytes(),
    );
    r.assert_fails(2, &["the token cannot come from stdin", "already reads it"]);
    assert_no_key(&r);
}

/// Runs `opentok ARGS` with `env` and asserts it exits 0 with no key material anywhere.
fn ok(args: &[&str], env: &[(&str, &str)], key_lines: &[String]) -> Run {
    let r = run(args, env);
    r.assert_code(0);
    assert_no_key(&r);
    for (what, text) in [("stdout", r.stdout()), ("stderr", r.stderr())] {
        for l in key_lines {
            assert!(
                !text.contains(l.as_str()),
                "opentok {}: key material in {what}",
                r.args
            );
        }
    }
    r
}

/// The value of `export NAME=VALUE` in `line`.
fn export<'a>(line: &'a str, name: &str) -> &'a str {
    line.strip_prefix("export ")
        .and_then(|l| l.strip_prefix(name))
        .and_then(|l| l.strip_prefix('='))
        .unwrap_or_else(|| panic!("not `export {name}=…`: {line}"))
}

/// Session, stand-in client, stream and archive against an application emulator, with the
/// exports it printed; the session id carries the application id.
fn exercise(env: &[(&str, &str)], key_lines: &[String]) {
    let sid = ok(&["session", "create", "--routed"], env, key_lines).stdout_line();
    let decoded = ok(&["--json", "session", "inspect", &sid], env, key_lines).json();
    assert!(decoded.to_string().contains(APP), "{decoded}");
    let cid = ok(&["emulator", "join", &sid, "--data", "name=Ada"], env, key_lines).stdout_line();
    let stid = ok(&["emulator", "publish", &sid, &cid], env, key_lines).stdout_line();
    let streams = ok(&["--json", "stream", "list", &sid], env, key_lines).json();
    assert_eq!(streams["items"][0]["id"], stid.as_str(), "{streams}");
    let started = ok(
        &["--json", "archive", "start", &sid, "--name", "app"],
        env,
        key_lines,
    )
    .json();
    assert_eq!(started["applicationId"], APP, "{started}");
    let aid = started["id"].as_str().expect("archive id").to_owned();
    let stopped = ok(&["--json", "archive", "stop", &aid], env, key_lines).json();
    assert_eq!(stopped["id"], aid.as_str(), "{stopped}");
    assert_eq!(stopped["status"], "stopped", "{stopped}");
}

/// `opentok emulator --application-id`: a generated key pair, its path printed (never the
/// key), and the CLI's commands working with the printed exports.
#[test]
fn the_emulator_serves_an_application_with_a_generated_key() {
    let dir = crate::harness::scratch("emulator-app");
    let out = dir.join("app key.pem");
    let (child, pid, lines) = crate::local::spawn_emulator(
        &[
            "--listen",
            "127.0.0.1:0",
            "--application-id",
            APP,
            "--private-key-out",
            path_str(&out),
        ],
        &[],
    );
    let url = export(&lines[0], "OPENTOK_API_URL").to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(export(&lines[1], "VONAGE_APPLICATION_ID"), APP);
    // The path is one shell word (quoted: it holds a space).
    assert_eq!(
        export(&lines[2], "VONAGE_PRIVATE_KEY_PATH"),
        format!("'{}'", path_str(&out))
    );
    let pem = read(&out);
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8 PEM");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&out).expect("key file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let generated: Vec<String> = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 16)
        .map(str::to_owned)
        .collect();
    assert!(!generated.is_empty());
    for l in &lines {
        assert!(
            !generated.iter().any(|g| l.contains(g.as_str())),
            "key text printed: {l}"
        );
    }
    let env = [
        ("OPENTOK_API_URL", url.as_str()),
        ("VONAGE_APPLICATION_ID", APP),
        ("VONAGE_PRIVATE_KEY_PATH", path_str(&out)),
    ];
    exercise(&env, &generated);
    // A key that is not the application's is refused by the emulator.
    let throwaway = pkcs8();
    let other = [
        ("OPENTOK_API_URL", url.as_str()),
        ("VONAGE_APPLICATION_ID", APP),
        ("VONAGE_PRIVATE_KEY_PATH", path_str(&throwaway)),
    ];
    let r = run(&["session", "create"], &other);
    r.assert_fails(1, &["HTTP 403"]);
    assert_no_key(&r);
    crate::local::stop_emulator(child, pid);
    let _ = std::fs::remove_dir_all(&dir);
}

/// With the application's private key given (VONAGE_PRIVATE_KEY_PATH), the emulator derives
/// the public key from it, so the same exports serve both the emulator and the commands.
#[test]
fn the_emulator_derives_the_public_key_from_a_private_key_given() {
    let env = app_env(&pkcs8());
    let (child, pid, lines) = crate::local::spawn_emulator(&["--listen", "127.0.0.1:0"], &env_refs(&env));
    let url = export(&lines[0], "OPENTOK_API_URL").to_owned();
    assert_eq!(export(&lines[1], "VONAGE_APPLICATION_ID"), APP);
    assert!(
        lines[2].starts_with("# VONAGE_PRIVATE_KEY_PATH") && lines[2].contains("not printed"),
        "{}",
        lines[2]
    );
    let mut env = env_refs(&env);
    env.push(("OPENTOK_API_URL", url.as_str()));
    exercise(&env, &key_lines());
    crate::local::stop_emulator(child, pid);

    // --public-key-file serves the matching public key; the private key stays the user's.
    let public = vector("test_public_key.pem");
    let (child, pid, lines) = crate::local::spawn_emulator(
        &[
            "--listen",
            "127.0.0.1:0",
            "--application-id",
            APP,
            "--public-key-file",
            path_str(&public),
        ],
        &[],
    );
    assert!(lines[2].starts_with("# VONAGE_PRIVATE_KEY_PATH"), "{}", lines[2]);
    let url = export(&lines[0], "OPENTOK_API_URL").to_owned();
    let key_env = app_env(&pkcs8());
    let mut env = env_refs(&key_env);
    env.push(("OPENTOK_API_URL", url.as_str()));
    let sid = ok(&["session", "create"], &env, &key_lines()).stdout_line();
    assert!(sid.starts_with("1_") || sid.starts_with("2_"), "{sid}");
    crate::local::stop_emulator(child, pid);
}

#[test]
fn the_emulator_refuses_half_or_conflicting_application_options() {
    let env = app_env(&pkcs8());
    let public = vector("test_public_key.pem");
    let listen = ["emulator", "--listen", "127.0.0.1:0"];
    let with =
        |extra: &[&str]| -> Vec<String> { listen.iter().chain(extra).map(|s| (*s).to_owned()).collect() };
    for (args, env, needles) in [
        (
            with(&["--public-key-file", path_str(&public)]),
            vec![],
            &[
                "--public-key-file needs an application id",
                "VONAGE_APPLICATION_ID",
            ][..],
        ),
        (
            with(&["--private-key-out", "/nonexistent/k.pem"]),
            vec![],
            &["--private-key-out needs an application id"][..],
        ),
        (
            with(&["--public-key-file", path_str(&public)]),
            env_refs(&env),
            &["--public-key-file and a private key", "give one"][..],
        ),
        (
            with(&["--private-key-out", "/nonexistent/k.pem"]),
            env_refs(&env),
            &["--private-key-out", "a private key", "give one"][..],
        ),
        (
            with(&["--application-id", APP, "--api-key", KEY]),
            vec![],
            &["one kind of credentials", "--api-key"][..],
        ),
        (
            with(&["--private-key-file", path_str(&pkcs8())]),
            vec![],
            &["a private key", "needs an application id"][..],
        ),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(&args, &env);
        r.assert_fails(2, needles);
        assert_no_key(&r);
    }
    // An invalid application id is refused before any key file is written.
    let dir = crate::harness::scratch("emulator-app-bad");
    let out = dir.join("k.pem");
    let r = run(
        &[
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--application-id",
            "not an id",
            "--private-key-out",
            path_str(&out),
        ],
        &[],
    );
    r.assert_fails(2, &["cannot start the emulator"]);
    assert!(!out.exists(), "a key file was written for a refused id");
}
