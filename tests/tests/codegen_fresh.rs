//! The generated docs (`docs/endpoints.md`, the README feature table) match core's operations
//! table: runs `cargo xtask codegen --check` with the cargo that runs this test.

use std::path::Path;
use std::process::Command;

#[test]
fn generated_docs_are_fresh() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let out = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "--package", "xtask", "--", "codegen", "--check"])
        .output()
        .expect("run cargo xtask codegen --check");
    assert!(
        out.status.success(),
        "generated docs are stale; run `cargo xtask codegen`:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
