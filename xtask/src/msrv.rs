//! `cargo xtask msrv`: the workspace's `rust-version` is one its dependencies allow. No crate
//! in the resolved graph (normal, build and dev dependencies, every target) may declare a newer
//! `rust-version`, so a `cargo update` that quietly raises the floor fails CI.
//!
//! What this cannot see is our own code using a newer language feature: CI builds with one
//! (newer) toolchain. Clippy's `incompatible_msrv` lint (on in `cargo xtask ci`) catches std
//! APIs newer than `rust-version`.

use serde_json::Value;

use crate::{Result, cargo, output};

/// A `major.minor[.patch]` version as numbers, for comparing.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split('.').map(str::parse::<u64>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    Some((major, minor, patch))
}

/// The packages of `metadata` (cargo metadata's JSON) whose `rust-version` is newer than
/// the workspace's, as `name version (rust-version)`; the workspace's own version first.
fn newer_than_workspace(metadata: &Value) -> Result<(String, Vec<String>)> {
    let packages = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?;
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .ok_or("cargo metadata: no workspace members")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "opentok-core" && p["id"].as_str().is_some_and(|id| members.contains(&id)))
        .and_then(|p| p["rust_version"].as_str())
        .ok_or("opentok-core has no rust-version")?;
    let floor = parse(ours).ok_or_else(|| format!("unreadable rust-version {ours:?}"))?;
    let mut newer: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let rv = p["rust_version"].as_str()?;
            let (name, version) = (p["name"].as_str()?, p["version"].as_str()?);
            (parse(rv)? > floor).then(|| format!("{name} {version} (rust-version {rv})"))
        })
        .collect();
    newer.sort();
    Ok((ours.to_owned(), newer))
}

/// Fails when any resolved package needs a newer Rust than the workspace says.
pub(crate) fn run() -> Result {
    let json = output(cargo().args(["metadata", "--format-version", "1", "--locked"]))?;
    let metadata: Value = serde_json::from_str(&json).map_err(|e| format!("cargo metadata: {e}"))?;
    let (ours, newer) = newer_than_workspace(&metadata)?;
    if newer.is_empty() {
        println!("msrv: ok (rust-version {ours}; no resolved dependency declares a newer one)");
        Ok(())
    } else {
        Err(format!(
            "rust-version {ours} is older than what these resolved packages declare:\n  {}",
            newer.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_numbers() {
        assert!(parse("1.86").expect("parses") < parse("1.88.0").expect("parses"));
        assert!(parse("1.100").expect("parses") > parse("1.99.9").expect("parses"));
        assert_eq!(parse("1"), Some((1, 0, 0)));
        assert_eq!(parse("1.x"), None);
    }

    #[test]
    fn finds_a_dependency_newer_than_the_workspace() {
        let metadata = serde_json::json!({
            "workspace_members": ["core-id"],
            "packages": [
                {"id": "core-id", "name": "opentok-core", "version": "0.1.0", "rust_version": "1.86"},
                {"id": "a", "name": "old", "version": "1.0.0", "rust_version": "1.70"},
                {"id": "b", "name": "none", "version": "1.0.0", "rust_version": null},
                {"id": "c", "name": "new", "version": "2.0.0", "rust_version": "1.88"}
            ]
        });
        let (ours, newer) = newer_than_workspace(&metadata).expect("reads");
        assert_eq!(ours, "1.86");
        assert_eq!(newer, vec!["new 2.0.0 (rust-version 1.88)".to_owned()]);
    }

    #[test]
    fn the_workspace_passes() {
        run().expect("no resolved dependency needs a newer Rust");
    }
}
