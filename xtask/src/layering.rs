//! `cargo xtask layering`: lower layers never depend on higher ones (docs/ARCHITECTURE.md), and
//! core's normal dependency tree holds no runtime or networking crate.

use crate::{Result, cargo, output};

/// Crates core must never pull in: core does no I/O.
const IO_CRATES: &[&str] = &[
    "tokio",
    "hyper",
    "hyper-util",
    "hyper-rustls",
    "rustls",
    "mio",
    "socket2",
];

/// The only direct (normal) dependencies core may have (docs/ARCHITECTURE.md). `ring`,
/// `rustls-pki-types` and `rustls-webpki` sign and verify RS256 for Vonage application
/// credentials: pure computation, already in the tree through rustls. `time` (no default
/// features) reads the calendar dates of old session ids.
const CORE_DEPS: &[&str] = &[
    "serde",
    "serde_json",
    "quick-xml",
    "http",
    "hmac",
    "sha1",
    "sha2",
    "base64",
    "rand",
    "rand_core",
    "thiserror",
    "ring",
    "rustls-pki-types",
    "rustls-webpki",
    "time",
];

/// Each workspace crate and the workspace crates above it (which it must not depend on).
const HIGHER: &[(&str, &[&str])] = &[
    (
        "opentok-core",
        &["opentok-http", "opentok-sdk", "opentok-emulator", "opentok-cli"],
    ),
    (
        "opentok-http",
        &["opentok-sdk", "opentok-emulator", "opentok-cli"],
    ),
    ("opentok-sdk", &["opentok-emulator", "opentok-cli"]),
    ("opentok-emulator", &["opentok-sdk", "opentok-cli"]),
];

/// Runs every layering check and reports all violations at once.
pub(crate) fn run() -> Result {
    let mut problems = Vec::new();
    for (krate, higher) in HIGHER {
        let deps = normal_deps(krate)?;
        let io: &[&str] = if *krate == "opentok-core" { IO_CRATES } else { &[] };
        for bad in higher.iter().chain(io) {
            if deps.iter().any(|d| d == bad) {
                problems.push(format!("{krate} depends on {bad} (normal dependency tree)"));
            }
        }
    }
    for dep in direct_deps("opentok-core")? {
        if !CORE_DEPS.contains(&dep.as_str()) {
            problems.push(format!(
                "opentok-core depends directly on {dep}, which is not in its allowed list"
            ));
        }
    }
    if problems.is_empty() {
        println!("layering: ok ({} crates checked)", HIGHER.len());
        Ok(())
    } else {
        Err(format!("layering violated:\n  {}", problems.join("\n  ")))
    }
}

/// Names of every crate in `krate`'s normal dependency tree, for every target platform.
fn normal_deps(krate: &str) -> Result<Vec<String>> {
    let tree = output(
        cargo()
            .args(["tree", "-q", "-p", krate, "-e", "normal", "--target", "all"])
            .args(["--prefix", "none", "--format", "{p}"]),
    )?;
    Ok(tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect())
}

/// Names of `krate`'s direct normal dependencies.
fn direct_deps(krate: &str) -> Result<Vec<String>> {
    let tree = output(
        cargo()
            .args(["tree", "-q", "-p", krate, "-e", "normal", "--depth", "1"])
            .args(["--prefix", "none", "--format", "{p}"]),
    )?;
    Ok(tree
        .lines()
        .skip(1) // the crate itself
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sees_the_runtime_in_the_transport_but_not_in_core() {
        let core = super::normal_deps("opentok-core").expect("cargo tree runs");
        assert!(core.iter().any(|d| d == "serde"), "{core:?}");
        assert!(!core.iter().any(|d| d == "tokio"), "{core:?}");
        let http = super::normal_deps("opentok-http").expect("cargo tree runs");
        assert!(
            http.iter().any(|d| d == "tokio"),
            "the check would not see tokio: {http:?}"
        );
    }

    #[test]
    fn core_direct_dependencies_are_listed() {
        let direct = super::direct_deps("opentok-core").expect("cargo tree runs");
        assert!(direct.iter().any(|d| d == "ring"), "{direct:?}");
        assert!(!direct.iter().any(|d| d == "opentok-core"), "{direct:?}");
        for dep in &direct {
            assert!(super::CORE_DEPS.contains(&dep.as_str()), "{dep} is not allowed");
        }
    }
}
