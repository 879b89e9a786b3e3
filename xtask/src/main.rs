//! `cargo xtask <command>`: the one entry to every project check.
//!
//! Commands: `ci [--skip STEP]...`, `layering`, `msrv`, `codegen [--check]`,
//! `public-api [--bless]`, `release`,
//! `fuzz [--seconds N]`, `fuzz-seed`. The race against the official SDKs is not here: it is
//! `bench/`, outside the workspace.
//! No dependencies beyond std, opentok-core and serde_json (to read `cargo metadata`); cargo
//! is run through `std::process::Command`.

mod ci;
mod codegen;
mod fuzz;
mod layering;
mod msrv;
mod public_api;
mod release;
mod seed;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// What every command returns: `Err` carries the message printed before exiting non-zero.
type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  ci [--skip STEP]   fmt, layering, msrv, codegen, public-api, clippy, test, doc (stops at the first failure);
                     --skip (repeatable) leaves a step out, e.g. --skip test after running the tests
  layering           core's normal dependency tree holds no I/O crates; no crate depends on a higher layer;
  msrv               no resolved dependency declares a newer rust-version than the workspace
  codegen [--check]  render docs/endpoints.md and the README feature table (--check: fail when stale)
  public-api [--bless]  compare core's, http's and the facade's public items (rustdoc JSON) with
                     crates/*/public-api.txt (--bless: rewrite them after review)
  release            versions agree, CHANGELOG entry, metadata, cargo package, semver-checks if installed
  fuzz [--seconds N] run every fuzz target for N seconds (default 20) with cargo-fuzz
  fuzz-seed          copy cassette bodies and reference vectors into fuzz/corpus/<target>/

the race against the official SDKs lives in bench/ (its own workspace; see bench/README.md)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(&rest),
        Some("layering") => layering::run(),
        Some("msrv") => msrv::run(),
        Some("codegen") => codegen::run(flag(&rest, "--check")),
        Some("public-api") => public_api::run(flag(&rest, "--bless")),
        Some("release") => release::run(),
        Some("fuzz") => seconds(&rest).and_then(fuzz::run),
        Some("fuzz-seed") => seed::run(),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn flag(args: &[&str], name: &str) -> bool {
    args.contains(&name)
}

/// `--seconds N` (or `--seconds=N`), default 20.
fn seconds(args: &[&str]) -> Result<u64> {
    let value = match args.iter().position(|a| *a == "--seconds") {
        Some(i) => args.get(i + 1).copied(),
        None => args.iter().find_map(|a| a.strip_prefix("--seconds=")),
    };
    match value {
        None => Ok(20),
        Some(v) => v
            .parse()
            .map_err(|_| format!("--seconds wants a whole number, got {v:?}")),
    }
}

/// The workspace root (the directory above `xtask/`).
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A `cargo` command (the same cargo that runs xtask) in the workspace root.
fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
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

/// Runs a command and returns its stdout; fails (with its stderr) unless it exits successfully.
fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{cmd:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Reads a file under the workspace root.
fn read(rel: &str) -> Result<String> {
    std::fs::read_to_string(root().join(rel)).map_err(|e| format!("cannot read {rel}: {e}"))
}
