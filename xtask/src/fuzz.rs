//! `cargo xtask fuzz --seconds N`: runs every target of `fuzz/` with cargo-fuzz on the stable
//! toolchain (`--sanitizer none`) and reports, per target, how long it ran and what it found.

use std::time::Instant;

use crate::{Result, cargo, output, read};

/// Builds every target, runs each for `seconds`, then prints what each did and found.
pub(crate) fn run(seconds: u64) -> Result {
    if output(cargo().args(["fuzz", "--version"])).is_err() {
        return Err("cargo-fuzz is not installed: `cargo install cargo-fuzz`".into());
    }
    let targets = targets()?;
    println!("==> cargo fuzz build --sanitizer none");
    // fuzz/ is its own workspace: it builds in fuzz/target, not in the caller's target dir.
    let fuzz = |args: &[&str]| {
        let mut cmd = cargo();
        cmd.arg("fuzz")
            .args(args)
            .args(["--sanitizer", "none"])
            .env_remove("CARGO_TARGET_DIR");
        cmd
    };
    crate::status(&mut fuzz(&["build"])).map_err(|e| format!("fuzz targets do not build: {e}"))?;
    let (mut report, mut failed) = (Vec::new(), Vec::new());
    for target in targets {
        println!("==> fuzz {target} for {seconds} s");
        let start = Instant::now();
        let mut cmd = fuzz(&["run", &target]);
        let out = cmd.arg("--").arg(format!("-max_total_time={seconds}")).output();
        let out = out.map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
        let secs = start.elapsed().as_secs_f64();
        let log = String::from_utf8_lossy(&out.stderr);
        // libFuzzer's last words: "Done 123456 runs in 20 second(s)", or where it saved the crash.
        let runs = log
            .lines()
            .rev()
            .find(|l| l.starts_with("Done "))
            .unwrap_or("no summary line");
        let cov = log
            .lines()
            .rev()
            .find_map(|l| l.split_once(" cov: "))
            .map(|(_, c)| c);
        let cov = cov.and_then(|c| c.split_whitespace().next()).unwrap_or("?");
        let artifact = log.lines().find(|l| l.contains("Test unit written to"));
        let found = match (out.status.success(), artifact) {
            (true, _) => "nothing".to_string(),
            (false, Some(line)) => format!("CRASH: {}\n    {}", panic_message(&log), line.trim()),
            (false, None) => format!("FAILED ({}): {}", out.status, panic_message(&log)),
        };
        if !out.status.success() {
            failed.push(target.clone());
        }
        report.push(format!(
            "{target:<14} {secs:>5.1} s  cov {cov:<5} {runs}  found: {found}"
        ));
    }
    println!("\nfuzz report (wall time per target):\n{}", report.join("\n"));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz targets failed: {}", failed.join(", ")))
    }
}

/// The panic line of a crash log (or its last line).
fn panic_message(log: &str) -> String {
    let line = log
        .lines()
        .find(|l| l.contains("panicked at"))
        .or_else(|| log.lines().last());
    line.unwrap_or_default().trim().to_string()
}

/// The `[[bin]]` names in `fuzz/Cargo.toml`.
fn targets() -> Result<Vec<String>> {
    let manifest = read("fuzz/Cargo.toml")?;
    let names = manifest
        .split("[[bin]]")
        .skip(1)
        .filter_map(|bin| bin.lines().find_map(|l| l.trim().strip_prefix("name = ")))
        .map(|n| n.trim_matches('"').to_string())
        .collect();
    Ok(names)
}
