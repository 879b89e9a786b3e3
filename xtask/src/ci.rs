//! `cargo xtask ci`: every check, cheapest first, each timed; stops at the first failure.

use std::time::Instant;

use crate::{Result, cargo, status};

/// Runs the steps in order and prints a timing summary.
pub(crate) fn run() -> Result {
    type Step = (&'static str, fn() -> Result);
    let steps: [Step; 6] = [
        ("fmt", || status(cargo().args(["fmt", "--all", "--", "--check"]))),
        ("layering", crate::layering::run),
        ("codegen --check", || crate::codegen::run(true)),
        ("clippy", || {
            status(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
        }),
        ("test", || status(cargo().args(["test", "--workspace"]))),
        ("doc", || {
            status(
                cargo()
                    .args(["doc", "--workspace", "--no-deps"])
                    .env("RUSTDOCFLAGS", "-Dwarnings"),
            )
        }),
    ];
    let total = Instant::now();
    for (name, step) in steps {
        println!("==> {name}");
        let start = Instant::now();
        let result = step();
        let secs = start.elapsed().as_secs_f64();
        match result {
            Ok(()) => println!("==> {name}: ok in {secs:.1} s"),
            Err(e) => return Err(format!("ci step `{name}` failed after {secs:.1} s: {e}")),
        }
    }
    println!(
        "==> ci: all steps passed in {:.1} s",
        total.elapsed().as_secs_f64()
    );
    Ok(())
}
