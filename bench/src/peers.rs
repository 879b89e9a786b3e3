//! `cargo run --release --bin bench-peers -- [--calls N]` (in `bench/`): our SDK against the
//! official Python and Node SDKs, in one run on this machine, written to `bench/RESULTS.md`.
//!
//! The peers are installed under `<target>/peers/` (`python`: a venv with PyPI `opentok`,
//! `node`: npm `opentok`); the scripts that drive them (`peers/bench.py`, `peers/bench.js`) are
//! embedded here and written next to them. Ours: `cargo bench -p opentok-core --bench tokens`
//! (parsed, run in the SDK's workspace) for tokens and their floor, and this package's
//! `bench-client` release binary for round trips. Every round trip runs against a fresh emulator in its own process
//! (`opentok-emulator --listen 127.0.0.1:0`), so each client's peak RSS is its own.
//! Token figures are per-call times of the best of a number of timed rounds (the rounds another
//! process's burst landed in only run slower), with the median round beside them, for every
//! SDK alike. Every child process has a deadline; a peer that cannot be installed or run is
//! reported as such and the rest is still measured.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What every step returns: `Err` carries the message printed before exiting non-zero.
type Result<T = ()> = std::result::Result<T, String>;

const PYTHON_PKG: &str = "opentok==3.15.0";
const PYTHON_VERSION: &str = "3.15.0";
const NODE_PKG: &str = "opentok@2.23.2";
const NODE_VERSION: &str = "2.23.2";
const BENCH_PY: &str = include_str!("peers/bench.py");
const BENCH_JS: &str = include_str!("peers/bench.js");

/// The reference test credentials and session id (research/peers.md §3).
const KEY: &str = "47001234";
const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";
const SID: &str = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";

/// Peer token runs: ROUNDS timed rounds of N calls after WARMUP calls (Node's JWT path is
/// ~100x slower, so it runs N / 20 per round).
const ROUNDS: u32 = 30;
const N: u32 = 2_000;
const WARMUP: u32 = 20_000;
const NODE_JWT_DIVISOR: u32 = 20;

/// Concurrency of each client in the round-trip run (see docs/performance.md for why).
const OURS_TASKS: u32 = 64;
const PYTHON_THREADS: u32 = 16;
const NODE_PROMISES: u32 = 64;

const INSTALL_TIMEOUT: Duration = Duration::from_secs(300);
const BUILD_TIMEOUT: Duration = Duration::from_secs(1_800);
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

/// A measured figure, or why there is none.
type Figure<T = f64> = std::result::Result<T, String>;

/// Best and median ns per token.
#[derive(Clone, Copy)]
struct Timing {
    best: f64,
    median: f64,
}

/// One client's create-session load run.
#[derive(Clone, Copy)]
struct Load {
    rps: f64,
    errors: u64,
    secs: f64,
    hwm_kib: u64,
    emulator_hwm_kib: u64,
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench-peers: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The SDK's workspace root (the parent of `bench/`).
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A `cargo` command (the same cargo that runs this) in `dir`.
fn cargo_in(dir: &Path) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(dir);
    cmd
}

/// A `cargo` command in the SDK's workspace root.
fn cargo() -> Command {
    cargo_in(&root())
}

/// Runs a command with inherited output; fails unless it exits successfully.
fn status(cmd: &mut Command) -> Result {
    let status = cmd.status().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

/// Runs the whole comparison and writes bench/RESULTS.md.
fn run(args: &[&str]) -> Result {
    let calls = calls(args)?;
    let dir = target_dir().join("peers");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let load_before = read_trimmed("/proc/loadavg");
    let started = Instant::now();

    println!("==> building ours (release)");
    status(cargo().args([
        "build",
        "--release",
        "-p",
        "opentok-emulator",
        "--bin",
        "opentok-emulator",
    ]))?;
    let bench_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    status(cargo_in(bench_dir).args(["build", "--release", "--bin", "bench-client"]))?;
    let release = target_dir().join("release");
    let client = bench_target_dir().join("release/bench-client");

    println!("==> installing the peers under {}", dir.display());
    let python = install_python(&dir.join("python"));
    let node = install_node(&dir.join("node"));
    if let Err(e) = &python {
        println!("    Python SDK unavailable: {e}");
    }
    if let Err(e) = &node {
        println!("    Node SDK unavailable: {e}");
    }

    println!("==> tokens: ours (cargo bench -p opentok-core --bench tokens)");
    let ours_tokens = ours_tokens();
    println!("==> tokens: Python");
    let py_tokens = python.as_ref().map_err(Clone::clone).and_then(|py| {
        let out = run_timed(
            Command::new(py)
                .arg(dir.join("python/bench.py"))
                .args(token_args(1))
                .env("OPENTOK_API_SECRET", SECRET),
            RUN_TIMEOUT,
        )?;
        parse_cases(&out)
    });
    println!("==> tokens: Node");
    let node_tokens = node.as_ref().map_err(Clone::clone).and_then(|script| {
        let out = run_timed(
            Command::new("node")
                .arg(script)
                .args(token_args(NODE_JWT_DIVISOR))
                .env("OPENTOK_API_SECRET", SECRET),
            RUN_TIMEOUT,
        )?;
        parse_cases(&out)
    });

    let emulator = release.join("opentok-emulator");
    println!("==> round trips: ours ({calls} create-session calls, {OURS_TASKS} tasks)");
    let ours_load = load_run(&emulator, |url| {
        let mut cmd = Command::new(&client);
        cmd.args([url, KEY, &calls.to_string(), &OURS_TASKS.to_string()])
            .env("OPENTOK_API_SECRET", SECRET);
        cmd
    });
    println!("==> round trips: Python ({PYTHON_THREADS} threads)");
    let py_load = python.as_ref().map_err(Clone::clone).and_then(|py| {
        load_run(&emulator, |url| {
            let mut cmd = Command::new(py);
            cmd.arg(dir.join("python/bench.py")).args([
                "roundtrip",
                url,
                KEY,
                &calls.to_string(),
                &PYTHON_THREADS.to_string(),
            ]);
            cmd.env("NO_PROXY", "127.0.0.1,localhost")
                .env("OPENTOK_API_SECRET", SECRET);
            cmd
        })
    });
    println!("==> round trips: Node ({NODE_PROMISES} concurrent promises)");
    let node_load = node.as_ref().map_err(Clone::clone).and_then(|script| {
        load_run(&emulator, |url| {
            let mut cmd = Command::new("node");
            cmd.arg(script).args([
                "roundtrip",
                url,
                KEY,
                &calls.to_string(),
                &NODE_PROMISES.to_string(),
            ]);
            cmd.env("NO_PROXY", "127.0.0.1,localhost")
                .env("OPENTOK_API_SECRET", SECRET);
            cmd
        })
    });

    let report = Report {
        calls,
        ours_tokens,
        py_tokens,
        node_tokens,
        ours_load,
        py_load,
        node_load,
        load_before,
        load_after: read_trimmed("/proc/loadavg"),
        minutes: started.elapsed().as_secs_f64() / 60.0,
    };
    let table = report.table();
    println!("\n{table}");
    let doc = report.document(&table);
    let path = bench_dir.join("RESULTS.md");
    std::fs::write(&path, doc).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// `--calls N` (or `--calls=N`): round trips per client, default 10,000.
fn calls(args: &[&str]) -> Result<u32> {
    let value = match args.iter().position(|a| *a == "--calls") {
        Some(i) => args.get(i + 1).copied(),
        None => args.iter().find_map(|a| a.strip_prefix("--calls=")),
    };
    match value {
        None => Ok(10_000),
        Some(v) => match v.parse() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("--calls wants a positive whole number, got {v:?}")),
        },
    }
}

fn token_args(jwt_divisor: u32) -> Vec<String> {
    let mut v: Vec<String> = ["tokens", KEY, SID].map(String::from).to_vec();
    v.extend([ROUNDS, N, WARMUP, jwt_divisor].map(|n| n.to_string()));
    v
}

/// The SDK workspace's target directory: `$CARGO_TARGET_DIR`, else `<root>/target`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// This package's target directory: `$CARGO_TARGET_DIR`, else `bench/target`.
fn bench_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// A venv with the Python SDK; returns its interpreter. Reuses an install of the right version.
fn install_python(venv: &Path) -> Figure<PathBuf> {
    let py = venv.join("bin/python");
    let has_it = |py: &Path| {
        run_timed(
            Command::new(py).args(["-c", "import opentok; print(opentok.__version__)"]),
            Duration::from_secs(60),
        )
        .is_ok_and(|v| v.trim() == PYTHON_VERSION)
    };
    if !has_it(&py) {
        run_timed(
            Command::new("python3").arg("-m").arg("venv").arg(venv),
            INSTALL_TIMEOUT,
        )?;
        run_timed(
            Command::new(venv.join("bin/pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                PYTHON_PKG,
            ]),
            INSTALL_TIMEOUT,
        )
        .map_err(|e| format!("pip install {PYTHON_PKG} (PyPI unreachable?): {e}"))?;
        if !has_it(&py) {
            return Err(format!("{PYTHON_PKG} installed but does not import"));
        }
    }
    write(&venv.join("bench.py"), BENCH_PY)?;
    Ok(py)
}

/// The Node SDK under `dir/node_modules`; returns the bench script written next to it (so that
/// `require('opentok')` resolves there). Reuses an install of the right version.
fn install_node(dir: &Path) -> Figure<PathBuf> {
    let manifest = dir.join("node_modules/opentok/package.json");
    let has_it = || {
        std::fs::read_to_string(&manifest)
            .is_ok_and(|s| s.contains(&format!("\"version\": \"{NODE_VERSION}\"")))
    };
    if !has_it() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        run_timed(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(dir)
                .arg(NODE_PKG),
            INSTALL_TIMEOUT,
        )
        .map_err(|e| format!("npm install {NODE_PKG} (registry unreachable?): {e}"))?;
        if !has_it() {
            return Err(format!("{NODE_PKG} did not install"));
        }
    }
    let script = dir.join("bench.js");
    write(&script, BENCH_JS)?;
    Ok(script)
}

fn write(path: &Path, text: &str) -> Figure<()> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Our token figures by case name, from the tokens bench's table
/// (`<case> <ns/token> <tokens/s> <median ns>`).
fn ours_tokens() -> Figure<BTreeMap<String, Timing>> {
    let out = run_timed(
        cargo().args(["bench", "-p", "opentok-core", "--bench", "tokens"]),
        BUILD_TIMEOUT,
    )?;
    let cases = parse_bench_table(&out);
    if cases.is_empty() {
        return Err(format!("no figures in the tokens bench output:\n{out}"));
    }
    Ok(cases)
}

/// Rows ending in three numbers: `<case name> <best ns> <tokens/s> <median ns>`.
fn parse_bench_table(out: &str) -> BTreeMap<String, Timing> {
    let mut cases = BTreeMap::new();
    for line in out.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let Some(split) = fields.len().checked_sub(3).filter(|s| *s > 0) else {
            continue;
        };
        let nums: Vec<f64> = fields[split..].iter().filter_map(|f| f.parse().ok()).collect();
        if let [best, _, median] = nums[..] {
            cases.insert(fields[..split].join(" "), Timing { best, median });
        }
    }
    cases
}

/// `case=<name> best_ns=<f> median_ns=<f>` lines from a peer script.
fn parse_cases(out: &str) -> Figure<BTreeMap<String, Timing>> {
    let mut cases = BTreeMap::new();
    for line in out.lines() {
        let kv = key_values(line);
        if let (Some(name), Some(best), Some(median)) = (
            kv.get("case"),
            kv.get("best_ns").and_then(|v| v.parse().ok()),
            kv.get("median_ns").and_then(|v| v.parse().ok()),
        ) {
            cases.insert((*name).to_owned(), Timing { best, median });
        }
    }
    if cases.is_empty() {
        return Err(format!("no figures in:\n{out}"));
    }
    Ok(cases)
}

fn key_values(line: &str) -> BTreeMap<&str, &str> {
    line.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .collect()
}

/// Starts a fresh emulator, runs the client `client(url)` against it, then stops the emulator.
fn load_run(emulator: &Path, client: impl FnOnce(&str) -> Command) -> Figure<Load> {
    let mut emu = Command::new(emulator)
        .args(["--listen", "127.0.0.1:0", "--api-key", KEY])
        .env("OPENTOK_API_SECRET", SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", emulator.display()))?;
    let result = emulator_url(&mut emu).and_then(|url| {
        let out = run_timed(&mut client(&url), RUN_TIMEOUT)?;
        let emulator_hwm_kib = proc_hwm_kib(emu.id());
        let line = out
            .lines()
            .find(|l| l.starts_with("calls="))
            .ok_or_else(|| format!("no result line in:\n{out}"))?;
        let kv = key_values(line);
        let num = |k: &str| {
            kv.get(k)
                .and_then(|v| v.parse::<f64>().ok())
                .ok_or_else(|| format!("no {k} in {line:?}"))
        };
        Ok(Load {
            rps: num("rps")?,
            errors: num("errors")? as u64,
            secs: num("secs")?,
            hwm_kib: num("hwm_kib")? as u64,
            emulator_hwm_kib,
        })
    });
    let _ = emu.kill();
    let _ = emu.wait();
    result
}

/// The emulator's first stdout line (its URL); the second (the key) is read and dropped.
fn emulator_url(emu: &mut Child) -> Figure<String> {
    let stdout = emu.stdout.take().ok_or("no emulator stdout")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let url = lines.next();
        let _key = lines.next();
        let _ = tx.send(url);
        // Keep draining so that the emulator never blocks on a full pipe.
        for _ in lines {}
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Some(Ok(url))) if url.starts_with("http") => Ok(url.trim().to_owned()),
        Ok(other) => Err(format!("unexpected emulator output: {other:?}")),
        Err(_) => Err("the emulator printed no URL within 30 s".into()),
    }
}

/// `VmHWM` of a running process in KiB (0 where unavailable).
fn proc_hwm_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs a command to completion within `timeout` (killed past it); returns its stdout, or an
/// error with the tail of its stderr.
fn run_timed(cmd: &mut Command, timeout: Duration) -> Figure<String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut r) = r {
                let _ = r.read_to_string(&mut s);
            }
            s
        })
    };
    let out = drain(child.stdout.take().map(|r| Box::new(r) as _));
    let err = drain(child.stderr.take().map(|r| Box::new(r) as _));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let out = out.join().unwrap_or_default();
    let err = err.join().unwrap_or_default();
    let tail: String = {
        let lines: Vec<&str> = err.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    };
    match status {
        Some(s) if s.success() => Ok(out),
        Some(s) => Err(format!("{cmd:?} failed ({s}):\n{tail}")),
        None => Err(format!("{cmd:?} killed after {} s:\n{tail}", timeout.as_secs())),
    }
}

fn read_trimmed(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|e| format!("unavailable ({e})"))
}

/// One line of a command's stdout, or `unavailable`.
fn version(program: &str, args: &[&str]) -> String {
    run_timed(Command::new(program).args(args), Duration::from_secs(30))
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.trim().to_owned()))
        .unwrap_or_else(|| "unavailable".into())
}

/// Everything measured, ready to print.
struct Report {
    calls: u32,
    ours_tokens: Figure<BTreeMap<String, Timing>>,
    py_tokens: Figure<BTreeMap<String, Timing>>,
    node_tokens: Figure<BTreeMap<String, Timing>>,
    ours_load: Figure<Load>,
    py_load: Figure<Load>,
    node_load: Figure<Load>,
    load_before: String,
    load_after: String,
    minutes: f64,
}

/// Our token bench's case names.
const OURS_T1: &str = "T1 token";
const OURS_JWT: &str = "JWT client token";
const OURS_FLOOR: &str = "floor: T1 with hmac + sha1 + base64 + format!";

impl Report {
    fn table(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "| Measurement | ours | Python SDK {PYTHON_VERSION} | Node SDK {NODE_VERSION} | ours ÷ Python | ours ÷ Node | target |"
        );
        let _ = writeln!(t, "|---|---|---|---|---|---|---|");
        // No token targets (issue 13): the floor row is the figure that matters.
        let rows = [("T1 token", OURS_T1, "t1"), ("JWT client token", OURS_JWT, "jwt")];
        for (label, ours, peer) in rows {
            let o = pick(&self.ours_tokens, ours);
            let p = pick(&self.py_tokens, peer);
            let n = pick(&self.node_tokens, peer);
            let _ = writeln!(
                t,
                "| {label}, tokens/s (best round; median) | {} | {} | {} | {} | {} | – |",
                tps(&o),
                tps(&p),
                tps(&n),
                token_ratio(&o, &p),
                token_ratio(&o, &n),
            );
        }
        let floor = pick(&self.ours_tokens, OURS_FLOOR);
        let t1 = pick(&self.ours_tokens, OURS_T1);
        let floor_ratio = match (&t1, &floor) {
            (Ok(t1), Ok(f)) => format!("T1 costs {:.2}× the floor", t1.best / f.best),
            _ => "–".into(),
        };
        let _ = writeln!(
            t,
            "| T1 floor (the same token with hmac + sha1 + base64 + format!), tokens/s | {} | – | – | {floor_ratio} | | |",
            tps(&floor)
        );
        let _ = writeln!(
            t,
            "| create-session round trips, requests/s ({} calls) | {} | {} | {} | {} | {} | ≥ 10× Python, ≥ 3× Node |",
            self.calls,
            rps(&self.ours_load),
            rps(&self.py_load),
            rps(&self.node_load),
            rps_ratio(&self.ours_load, &self.py_load, 10.0),
            rps_ratio(&self.ours_load, &self.node_load, 3.0),
        );
        let _ = writeln!(
            t,
            "| create-session, client peak RSS (VmHWM) | {} | {} | {} | {} | {} | |",
            mem(&self.ours_load),
            mem(&self.py_load),
            mem(&self.node_load),
            mem_ratio(&self.ours_load, &self.py_load),
            mem_ratio(&self.ours_load, &self.node_load),
        );
        t
    }

    fn document(&self, table: &str) -> String {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("model name"))
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
            })
            .unwrap_or_else(|| "unknown".into());
        let mem_total = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse::<f64>().ok())
            })
            .map_or("unknown".into(), |kib| {
                format!("{:.1} GiB", kib / 1024.0 / 1024.0)
            });
        let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
        let date = version("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
        let rustc = version("rustc", &["--version"]);
        let python = version("python3", &["--version"]);
        let node = version("node", &["--version"]);
        let mut d = String::new();
        let _ = writeln!(d, "# Performance against the official SDKs\n");
        let _ = writeln!(
            d,
            "Generated by `cargo run --release --bin bench-peers` in `bench/` (bench/src/peers.rs); \
             re-run it to refresh. Do not edit by hand.\n"
        );
        let _ = writeln!(d, "- Date: {date}");
        let _ = writeln!(
            d,
            "- Machine: {nproc} CPUs ({cpu}), {mem_total} memory, {}",
            version("uname", &["-sr"])
        );
        let _ = writeln!(
            d,
            "- Load average (1, 5, 15 min; the machine was shared with other jobs): {} before, {} after ({:.1} min run)",
            first3(&self.load_before),
            first3(&self.load_after),
            self.minutes
        );
        let _ = writeln!(
            d,
            "- Versions: ours {} ({rustc}, release profile); Python SDK `{PYTHON_PKG}` on {python}; \
             Node SDK `{NODE_PKG}` on Node {node}\n",
            env!("CARGO_PKG_VERSION")
        );
        d.push_str(table);
        let _ = writeln!(d, "\n## Round-trip details\n");
        let _ = writeln!(
            d,
            "| Client | concurrency | seconds | errors | client peak RSS | emulator peak RSS |"
        );
        let _ = writeln!(d, "|---|---|---|---|---|---|");
        for (name, conc, load) in [
            (
                "ours",
                format!("{OURS_TASKS} tokio tasks, one client"),
                &self.ours_load,
            ),
            (
                "Python",
                format!("{PYTHON_THREADS} threads, a Client each"),
                &self.py_load,
            ),
            (
                "Node",
                format!("{NODE_PROMISES} concurrent promises, one OpenTok"),
                &self.node_load,
            ),
        ] {
            let row = match load {
                Ok(l) => format!(
                    "{:.2} | {} | {:.1} MiB | {:.1} MiB",
                    l.secs,
                    l.errors,
                    mib(l.hwm_kib),
                    mib(l.emulator_hwm_kib)
                ),
                Err(e) => format!("not measured: {} | | |", one_line(e)),
            };
            let _ = writeln!(d, "| {name} | {conc} | {row} |");
        }
        d.push_str(METHOD);
        d
    }
}

const METHOD: &str = "
## Method

- **Tokens** (single thread, fixed inputs: the reference key, secret and session id of
  `research/peers.md` §3). Ours: `cargo bench -p opentok-core --bench tokens` (release), which
  runs its cases interleaved in 300 rounds of 2,000 calls after 20,000 warm-up calls. The peers:
  `peers/bench.py` / `peers/bench.js` (embedded in `bench-peers`, written under `target/peers/`), 20,000
  warm-up calls then 30 rounds of 2,000 calls (Node's JWT: 1,000 warm-up, 30 rounds of 100, as
  each call takes ~0.35 ms). Python: `Client.generate_token(sid, use_jwt=False)` (T1) and
  `generate_token(sid)` (JWT, its default). Node: `generateToken(sid, {}, true)` (T1) and
  `generateToken(sid, {})` (JWT, its default). Every SDK's figure is its best round, median round
  beside it; ratios are best ÷ best, median ÷ median in brackets. Ours draws its nonces from
  `OsNonce`, as production does. Every SDK decodes the session id on every call. The floor is
  the bench's same T1 token written in a bare loop with the crates (session id decoded with
  `base64`, data with `format!`, `hmac` + `sha1` keyed once, hex, `base64`).
- **Round trips**: each client makes the stated number of create-session calls (after a
  sequential warm-up: 200 for ours, 100 for the peers) against a fresh `opentok-emulator`
  release binary on 127.0.0.1, in its own process, so each client's peak RSS (`VmHWM` from
  `/proc/self/status`, read by the client at its end) excludes the emulator. Ours: the
  `bench-client` release binary, one `OpenTok` shared by 64 tokio tasks on the
  multi-threaded runtime. Python: a `ThreadPoolExecutor` of 16 threads, each with its own
  `opentok.Client` (the SDK is synchronous and calls `requests.post` without a session, so a
  new connection per call; 16 is a typical thread-pool size for a web worker — the standard
  library's default on this machine would be 6 — and more threads only contend on the GIL).
  Node: one `OpenTok` and 64 concurrent promise chains on its single event loop (the callback
  API wrapped in promises), as a Node server would issue them. Every SDK mints its REST auth
  JWT per request; Node's `jsonwebtoken` path costs ~0.35 ms of CPU per JWT (research/peers.md
  §4), much of its CPU per call.
- The machine has 2 cores shared by the client, the emulator and, during this run, other
  jobs (see the load average): absolute figures are noisy (±15 % or more between runs); the
  ratios matter. Targets: round trips ≥ 10× Python and ≥ 3× Node (issue 6). Tokens have no
  target against the peers any more (issue 13); `cargo bench -p opentok-core --bench tokens`
  holds each format within 1.2× of its floor.
";

fn pick(cases: &Figure<BTreeMap<String, Timing>>, name: &str) -> Figure<Timing> {
    match cases {
        Ok(c) => c.get(name).copied().ok_or_else(|| format!("no case {name:?}")),
        Err(e) => Err(e.clone()),
    }
}

fn tps(t: &Figure<Timing>) -> String {
    match t {
        Ok(t) => format!("{} ({})", thousands(1e9 / t.best), thousands(1e9 / t.median)),
        Err(e) => format!("not measured: {}", one_line(e)),
    }
}

fn token_ratio(ours: &Figure<Timing>, peer: &Figure<Timing>) -> String {
    match (ours, peer) {
        (Ok(o), Ok(p)) => format!("{:.1}× ({:.1}×)", p.best / o.best, p.median / o.median),
        _ => "–".into(),
    }
}

fn rps(l: &Figure<Load>) -> String {
    match l {
        Ok(l) => thousands(l.rps),
        Err(e) => format!("not measured: {}", one_line(e)),
    }
}

fn rps_ratio(ours: &Figure<Load>, peer: &Figure<Load>, target: f64) -> String {
    match (ours, peer) {
        (Ok(o), Ok(p)) if p.rps > 0.0 => {
            let r = o.rps / p.rps;
            format!("{r:.1}×{}", if r >= target { " met" } else { " **not met**" })
        }
        _ => "–".into(),
    }
}

fn mem(l: &Figure<Load>) -> String {
    match l {
        Ok(l) => format!("{:.1} MiB", mib(l.hwm_kib)),
        Err(_) => "–".into(),
    }
}

fn mem_ratio(ours: &Figure<Load>, peer: &Figure<Load>) -> String {
    match (ours, peer) {
        (Ok(o), Ok(p)) if o.hwm_kib > 0 => {
            format!("{:.1}× less", p.hwm_kib as f64 / o.hwm_kib as f64)
        }
        _ => "–".into(),
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// 1234567.8 → `1,234,568`.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn first3(loadavg: &str) -> String {
    loadavg.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// An error's first line, for a table cell.
fn one_line(e: &str) -> String {
    e.lines().next().unwrap_or_default().replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_tokens_bench_table() {
        let out = "T1 token: 140 bytes, signed data 120 bytes\n\
                   case                                             ns/token       tokens/s    median ns\n\
                   T1 token                                              150.0        6666667        160.5\n\
                   floor: T1 with hmac + sha1 + base64 + format!         100.0       10000000        101.0\n";
        let cases: BTreeMap<_, _> = parse_bench_table(out)
            .into_iter()
            .map(|(k, t)| (k, (t.best, t.median)))
            .collect();
        assert_eq!(cases.get(OURS_T1), Some(&(150.0, 160.5)));
        assert_eq!(cases.get(OURS_FLOOR), Some(&(100.0, 101.0)));
        assert_eq!(cases.len(), 2);
    }

    #[test]
    fn parses_peer_lines_and_formats() {
        let c = parse_cases("case=t1 best_ns=12600.0 median_ns=13000.5\nnoise\n").expect("parses");
        assert_eq!(c.get("t1").map(|t| t.best), Some(12600.0));
        assert!(parse_cases("nothing").is_err());
        assert_eq!(thousands(1_234_567.8), "1,234,568");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(calls(&["--calls", "50"]), Ok(50));
        assert_eq!(calls(&["--calls=7"]), Ok(7));
        assert_eq!(calls(&[]), Ok(10_000));
        assert!(calls(&["--calls", "0"]).is_err());
    }
}
