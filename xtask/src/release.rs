//! `cargo xtask release`: the checks before publishing. Versions agree, CHANGELOG.md has an entry,
//! publishable crates carry licence and repository metadata and package, and `cargo semver-checks`
//! passes against the previous tag when the tool is installed.

use crate::{Result, cargo, output, read, status};

/// Publishable crates: (package, directory).
const CRATES: &[(&str, &str)] = &[
    ("opentok-core", "crates/opentok-core"),
    ("opentok-http", "crates/opentok-http"),
    ("opentok-sdk", "crates/opentok"),
    ("opentok-emulator", "crates/opentok-emulator"),
    ("opentok-cli", "crates/opentok-cli"),
];

/// Metadata every published crate needs.
const METADATA: &[&str] = &["description", "license", "repository"];

/// Runs every release check; all problems of the text checks are reported together.
pub(crate) fn run() -> Result {
    let root = read("Cargo.toml")?;
    let version = value(&root, "workspace.package", "version").ok_or("no [workspace.package] version")?;
    let mut problems = Vec::new();
    for (name, dir) in CRATES {
        let manifest = read(&format!("{dir}/Cargo.toml"))?;
        for key in std::iter::once(&"version").chain(METADATA) {
            let own = value(&manifest, "package", key);
            let inherited = inherits(&manifest, key).then(|| value(&root, "workspace.package", key));
            match (own, inherited.flatten()) {
                (Some(v), _) | (None, Some(v)) if *key != "version" || v == version => {}
                (Some(v), _) | (None, Some(v)) => problems.push(format!("{name}: version {v} ≠ {version}")),
                (None, None) => problems.push(format!("{name}: no `{key}` in {dir}/Cargo.toml")),
            }
        }
        // Path dependencies between the crates must name the version they will be published as.
        let dep = root.lines().find(|l| l.starts_with(&format!("{name} =")));
        if dep.is_some_and(|d| !d.contains(&format!("version = \"{version}\""))) {
            problems.push(format!(
                "[workspace.dependencies] {name} does not require version {version}"
            ));
        }
    }
    let changelog = read("CHANGELOG.md").unwrap_or_default();
    if !changelog
        .lines()
        .any(|l| l.starts_with("## ") && l.contains(&version))
    {
        problems.push(format!("CHANGELOG.md has no `## {version}` entry"));
    }
    if !problems.is_empty() {
        return Err(format!("release checks failed:\n  {}", problems.join("\n  ")));
    }
    println!("release: version {version}, changelog entry and metadata ok");
    package()?;
    semver_checks()
}

/// `cargo package` for every publishable crate at once (so unpublished workspace dependencies
/// resolve locally); falls back to `--list` per crate when packaging is impossible offline.
fn package() -> Result {
    let mut cmd = cargo();
    cmd.args(["package", "--no-verify", "--allow-dirty", "--quiet"]);
    for (name, _) in CRATES {
        cmd.args(["-p", name]);
    }
    if let Err(e) = output(&mut cmd) {
        eprintln!("release: cargo package failed, falling back to `cargo package --list`:\n{e}");
        for (name, _) in CRATES {
            let files = output(cargo().args(["package", "--list", "--allow-dirty", "-p", name]))?;
            println!("release: {name} would package {} files", files.lines().count());
        }
        return Ok(());
    }
    println!("release: packaged {} crates into target/package/", CRATES.len());
    Ok(())
}

/// `cargo semver-checks` against the newest tag, when the tool and a tag exist.
fn semver_checks() -> Result {
    if output(cargo().args(["semver-checks", "--version"])).is_err() {
        println!("release: cargo-semver-checks not installed, skipped (cargo install cargo-semver-checks)");
        return Ok(());
    }
    let tag = std::process::Command::new("git")
        .args(["describe", "--tags", "--abbrev=0"])
        .output();
    let tag = match tag {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => {
            println!("release: no previous tag, semver-checks skipped");
            return Ok(());
        }
    };
    let mut cmd = cargo();
    cmd.args(["semver-checks", "--workspace", "--baseline-rev", &tag]);
    status(&mut cmd)
}

/// The raw value of `key = value` in `[section]` of a TOML file, quotes removed.
fn value(toml: &str, section: &str, key: &str) -> Option<String> {
    let header = format!("[{section}]");
    let body = toml.split(&header).nth(1)?;
    let body = body.split("\n[").next().unwrap_or(body);
    body.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Whether `[package]` says `key.workspace = true`.
fn inherits(manifest: &str, key: &str) -> bool {
    value(manifest, "package", &format!("{key}.workspace")).as_deref() == Some("true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_of_one_section() {
        let toml = "[package]\nname = \"a\"\nversion.workspace = true\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(value(toml, "package", "name").as_deref(), Some("a"));
        assert_eq!(value(toml, "package", "version"), None);
        assert!(inherits(toml, "version"));
        assert!(!inherits(toml, "license"));
    }
}
