//! `cargo xtask ci [--skip STEP]...`: every check, cheapest first, each timed; stops at the
//! first failure. Steps: fmt, layering, msrv, codegen, public-api, clippy, test, doc; `--skip STEP` (repeatable)
//! leaves one out, e.g. `--skip test` when the caller has just run the tests itself.

use std::time::Instant;

use crate::{Result, cargo, status};

/// The step names, in order.
const STEPS: [&str; 8] = [
    "fmt",
    "layering",
    "msrv",
    "codegen",
    "public-api",
    "clippy",
    "test",
    "doc",
];

/// The steps named by `--skip STEP` / `--skip=STEP`; unknown names are an error.
fn skipped<'a>(args: &[&'a str]) -> Result<Vec<&'a str>> {
    let mut skip = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let name = match arg.strip_prefix("--skip=") {
            Some(name) => name,
            None if *arg == "--skip" => it.next().copied().unwrap_or_default(),
            None => return Err(format!("ci: unknown argument {arg:?}")),
        };
        if !STEPS.contains(&name) {
            return Err(format!(
                "ci: --skip wants one of {}, got {name:?}",
                STEPS.join(", ")
            ));
        }
        skip.push(name);
    }
    Ok(skip)
}

/// Runs the steps in order (but the skipped ones) and prints a timing summary.
pub(crate) fn run(args: &[&str]) -> Result {
    let skip = skipped(args)?;
    type Step = (&'static str, fn() -> Result);
    let steps: [Step; 8] = [
        ("fmt", || status(cargo().args(["fmt", "--all", "--", "--check"]))),
        ("layering", crate::layering::run),
        ("msrv", crate::msrv::run),
        ("codegen", || crate::codegen::run(true)),
        ("public-api", || crate::public_api::run(false)),
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
        if skip.contains(&name) {
            println!("==> {name}: skipped");
            continue;
        }
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
        "==> ci: all steps passed in {:.1} s{}",
        total.elapsed().as_secs_f64(),
        if skip.is_empty() {
            String::new()
        } else {
            format!(" (skipped: {})", skip.join(", "))
        }
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_is_repeatable_and_checked() {
        assert_eq!(skipped(&[]), Ok(vec![]));
        assert_eq!(
            skipped(&["--skip", "test", "--skip=doc"]),
            Ok(vec!["test", "doc"])
        );
        assert!(skipped(&["--skip", "tests"]).is_err());
        assert!(skipped(&["--skip"]).is_err());
        assert!(skipped(&["test"]).is_err());
    }
}
