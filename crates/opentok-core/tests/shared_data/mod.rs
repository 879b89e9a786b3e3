//! The conformance data that sits beside a checkout (`../shared/conformance/`) in CI and on the
//! project's machines but not in a user's fresh clone: it comes from other projects' public
//! repositories and is not ours to redistribute. Tests that read it ask here first; when it is
//! absent they print one notice and pass.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// `../shared/conformance/<name>` beside the checkout, or `None` (after one notice per test
/// binary) when it is not there.
pub(crate) fn conformance_dir(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance")
        .join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    static NOTICE: Once = Once::new();
    NOTICE.call_once(|| {
        // Written to stderr directly, not with `eprintln!`, so the test harness's capture does
        // not hide it: the skip shows in a plain `cargo test` run.
        let _ = writeln!(
            std::io::stderr(),
            "NOTICE: {} is absent (a fresh clone has no ../shared); skipping the tests that read it",
            dir.display()
        );
    });
    None
}
