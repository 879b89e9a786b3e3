//! Test harness: an in-process emulator, the built `opentok` binary run with a deadline, and
//! a tiny HTTP client for the emulator's control API (it stands in for WebRTC clients).

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use opentok_core::ProjectCredentials;
use opentok_core::nonce::OsNonce;
use opentok_core::rest_auth::rest_auth_token;
use opentok_emulator::{Emulator, EmulatorHandle};
use serde_json::Value;

pub const KEY: &str = "47000001";
pub const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

/// Longest a single `opentok` run may take before the test fails.
const RUN_DEADLINE: Duration = Duration::from_secs(30);

/// A running emulator and the runtime that drives it.
pub struct Emu {
    handle: Option<EmulatorHandle>,
    rt: tokio::runtime::Runtime,
    pub url: String,
}

impl Emu {
    /// Starts an emulator with project [`KEY`] / [`SECRET`] on 127.0.0.1:0.
    pub fn start() -> Emu {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let handle = rt
            .block_on(
                Emulator::builder()
                    .project(KEY, SECRET)
                    .archive_processing(Duration::from_millis(20))
                    .start(),
            )
            .expect("emulator starts");
        let url = handle.base_url().to_owned();
        Emu {
            handle: Some(handle),
            rt,
            url,
        }
    }

    /// `opentok ARGS` with the emulator's URL and credentials in the environment.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[("OPENTOK_API_KEY", KEY), ("OPENTOK_API_SECRET", SECRET)])
    }

    /// `opentok ARGS` with the emulator's URL and exactly `env` for credentials.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut all = vec![("OPENTOK_API_URL", self.url.as_str())];
        all.extend_from_slice(env);
        run(args, &all)
    }

    /// `opentok ARGS` with the emulator's URL and credentials, `env` besides, and `stdin` on
    /// its standard input.
    pub fn run_input(&self, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
        let mut all = vec![
            ("OPENTOK_API_URL", self.url.as_str()),
            ("OPENTOK_API_KEY", KEY),
            ("OPENTOK_API_SECRET", SECRET),
        ];
        all.extend_from_slice(env);
        run_full(Path::new("."), args, &all, stdin.as_bytes())
    }

    /// `opentok --json ARGS`, which must succeed; its stdout parsed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut full = vec!["--json"];
        full.extend_from_slice(args);
        let r = self.run(&full);
        r.assert_code(0);
        r.json()
    }

    /// A routed session with one connected client publishing one stream:
    /// (session id, connection id, stream id).
    pub fn busy_session(&self) -> (String, String, String) {
        let sid = self.json(&["session", "create", "--routed"])["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_owned();
        let (cid, stid) = self.join_and_publish(&sid);
        (sid, cid, stid)
    }

    /// Connects a client to `sid` and publishes a camera stream, with `opentok emulator join`
    /// and `publish`: (connection, stream).
    pub fn join_and_publish(&self, sid: &str) -> (String, String) {
        let cid = self.run(&["emulator", "join", sid]).stdout_line();
        let stid = self
            .run(&["emulator", "publish", sid, &cid, "--name", "cam"])
            .stdout_line();
        (cid, stid)
    }

    /// The events clients of `sid` received, in order.
    pub fn events(&self, sid: &str) -> Vec<Value> {
        let (st, v) = self.control("GET", &format!("/_emulator/v1/sessions/{sid}/events"), None);
        assert_eq!(st, 200, "events: {v}");
        v["items"].as_array().cloned().unwrap_or_default()
    }

    /// A request to the emulator with a fresh REST auth header: (status, JSON body).
    pub fn control(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let (st, bytes) = self.http(method, path, body);
        let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (st, v)
    }

    /// A raw request to the emulator: (status, body bytes).
    pub fn http(&self, method: &str, path_or_url: &str, body: Option<&Value>) -> (u16, Vec<u8>) {
        let creds = ProjectCredentials::new(KEY, SECRET).expect("creds");
        let auth = rest_auth_token(&creds, SystemTime::now(), &OsNonce);
        let path = path_or_url.strip_prefix(&self.url).unwrap_or(path_or_url);
        let addr = self.url.trim_start_matches("http://");
        let body = body.map(ToString::to_string).unwrap_or_default();
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nX-OPENTOK-AUTH: {auth}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).expect("send");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status: u16 = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        assert!(
            !head.to_ascii_lowercase().contains("transfer-encoding: chunked"),
            "the test client reads plain bodies only"
        );
        (status, raw[split + 4..].to_vec())
    }

    /// Polls `opentok archive get ID` until it is available (bounded).
    pub fn wait_available(&self, archive_id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let a = self.json(&["archive", "get", archive_id]);
            if a["status"] == "available" {
                return a;
            }
            assert!(Instant::now() < deadline, "archive never became available: {a}");
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = self
                .rt
                .block_on(async { tokio::time::timeout(Duration::from_secs(5), h.shutdown()).await });
        }
    }
}

/// What one `opentok` run produced.
pub struct Run {
    pub out: Output,
    pub args: String,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    /// Stdout, which must be one line.
    pub fn stdout_line(&self) -> String {
        self.assert_code(0);
        let s = self.stdout();
        assert_eq!(
            s.lines().count(),
            1,
            "{}: expected one line, got {s:?}",
            self.args
        );
        s.trim_end().to_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.out.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}): {}", self.args, self.stdout()))
    }

    /// Asserts the exit code, showing both streams when it differs.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            code,
            "opentok {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts a failure with `code` whose stderr mentions every one of `needles`.
    pub fn assert_fails(&self, code: i32, needles: &[&str]) {
        self.assert_code(code);
        let err = self.stderr();
        for n in needles {
            assert!(
                err.contains(n),
                "opentok {}: stderr lacks {n:?}:\n{err}",
                self.args
            );
        }
        assert!(!err.contains(SECRET), "the secret leaked into stderr");
        assert!(!self.stdout().contains(SECRET), "the secret leaked into stdout");
    }
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_opentok")
}

/// Runs `opentok ARGS` with a clean credential environment plus `env`, within a deadline.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_in(Path::new("."), args, env)
}

/// [`run`] in working directory `dir`.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_full(dir, args, env, b"")
}

/// [`run_in`] with `stdin` on the standard input.
pub fn run_full(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.current_dir(dir);
    cmd.args(args)
        .env_remove("OPENTOK_API_KEY")
        .env_remove("OPENTOK_API_SECRET")
        .env_remove("OPENTOK_API_URL")
        .env_remove("OPENTOK_CLIENT_TOKEN")
        .env_remove("OPENTOK_RTMP_STREAM_KEY")
        .env_remove("OPENTOK_SIP_PASSWORD")
        .env_remove("VONAGE_APPLICATION_ID")
        .env_remove("VONAGE_PRIVATE_KEY")
        .env_remove("VONAGE_PRIVATE_KEY_PATH")
        .env("NO_PROXY", "*")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn opentok");
    let pid = child.id();
    // The whole input fits the pipe's buffer in these tests; a command that does not read it
    // closes the pipe, which is not an error here.
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(RUN_DEADLINE) {
        Ok(out) => out.expect("wait"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!(
                "opentok {} did not finish within {RUN_DEADLINE:?}",
                args.join(" ")
            );
        }
    };
    Run {
        out,
        args: args.join(" "),
    }
}

/// A fresh scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// What the repository's independent verifier (`tools/verify_token.py`, Python standard library)
/// says of `token` for the test credentials; `None`, with a notice, when python3 is missing.
/// The request goes on stdin, so neither the secret nor the token is in argv.
pub fn verify_token_py(token: &str) -> Option<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/verify_token.py");
    assert!(script.exists(), "{} is part of the repository", script.display());
    let mut child = match Command::new("python3")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("NOTICE: python3 is not available ({e}); skipping the independent token check");
            return None;
        }
    };
    let request = serde_json::json!({ "api_key": KEY, "api_secret": SECRET, "token": token });
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(request.to_string().as_bytes())
        .expect("writes the request");
    let out = child.wait_with_output().expect("verifier runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("verify_token.py prints JSON");
    Some(v)
}
