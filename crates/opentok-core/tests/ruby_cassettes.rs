//! Conformance with the Ruby SDK's recorded HTTP calls (`../shared/conformance/ruby-sdk-cassettes`).
//!
//! For every cassette, a case builds the same call with core and checks: the method, the path
//! (and that the operation's `INFO.path` template matches it), the query (as a set of pairs),
//! the body (JSON compared as values, forms as sets of pairs), the auth header, and then that
//! the recorded reply parses into the values the recording holds. Where core deliberately
//! differs from the Ruby SDK (camelCase nested keys, `excludedStreamIds`, real booleans) the
//! case lists the difference ([`harness::Diff`]) and the comparison applies exactly that.
//!
//! The test fails when a cassette has no case, so a new recording cannot be ignored silently.
//! A fresh clone has no `../shared`: then both tests print one notice and pass.

mod shared_data;

#[path = "ruby_cassettes/harness.rs"]
mod harness;

#[path = "ruby_cassettes/cases.rs"]
mod cases;

use std::collections::BTreeSet;

use cases::Run;

#[test]
fn every_cassette_has_a_passing_case() {
    let Some(dir) = harness::cassette_dir() else {
        return;
    };
    let files = harness::cassette_files();
    assert!(
        files.len() >= 83,
        "expected the 83 Ruby cassettes, found {} under {}",
        files.len(),
        dir.display()
    );
    let table = cases::all();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for case in &table {
        if !seen.insert(case.file) {
            problems.push(format!("{}: more than one case", case.file));
        }
        if !files.iter().any(|f| f == case.file) {
            problems.push(format!("{}: case for a cassette that does not exist", case.file));
        }
    }
    let uncovered: Vec<&String> = files.iter().filter(|f| !seen.contains(f.as_str())).collect();
    for f in &uncovered {
        problems.push(format!("{f}: no case (add one to tests/ruby_cassettes/cases.rs)"));
    }

    let (mut passed, mut with_diffs, mut pending) = (0, 0, Vec::new());
    println!("conformance: {} cassettes, {} cases", files.len(), table.len());
    for case in &table {
        match &case.run {
            Run::Pending(why) => pending.push(format!("{}: pending: {why}", case.file)),
            Run::Check(f) => {
                let result = harness::load(case.file).and_then(|rec| f(&rec));
                match result {
                    Ok(report) => {
                        passed += 1;
                        println!("  ok   {} [{}]", case.file, report.operation);
                        if !report.differences.is_empty() {
                            with_diffs += 1;
                        }
                        for d in &report.differences {
                            println!("         known difference: {d}");
                        }
                    }
                    Err(e) => problems.push(format!("{}: {e}", case.file)),
                }
            }
        }
    }
    for p in &pending {
        println!("  PENDING {p}");
    }
    println!(
        "conformance summary: {} cassettes; {passed} pass ({with_diffs} with stated differences); {} pending; {} problems",
        files.len(),
        pending.len(),
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "conformance problems:\n{}",
        problems.join("\n")
    );
}

/// The comparison is not a rubber stamp: wrong inputs, a missing difference entry and a stale
/// one are each caught.
#[test]
fn the_comparison_catches_mismatches() {
    use harness::{Diff, check, load};
    use opentok_core::archive::{GetArchive, ListArchives, StartArchive};
    use opentok_core::layout::{Layout, LayoutType};
    use opentok_core::session::{CreateSession, MediaMode};

    if harness::cassette_dir().is_none() {
        return;
    }
    let e2ee = load("OpenTok_OpenTok/when_initialized_properly/_create_session/creates_e2ee_sessions.yml")
        .expect("loads");
    let err =
        check(&e2ee, &CreateSession::new().media_mode(MediaMode::Routed), &[]).expect_err("form differs");
    assert!(err.contains("form body differs"), "{err}");

    let screenshare =
        load("OpenTok_Archives/should_create_layout_archives_with_screenshare_layout_types.yml")
            .expect("loads");
    let op = StartArchive::new("SESSIONID")
        .layout(Layout::best_fit().screenshare_type(LayoutType::VerticalPresentation));
    let err = check(&screenshare, &op, &[]).expect_err("needs its difference entry");
    assert!(err.contains("JSON body differs"), "{err}");

    let plain = load("OpenTok_Archives/should_create_archives.yml").expect("loads");
    let stale = Diff::RenameKey {
        object: "/layout",
        from: "screenshare_type",
        to: "screenshareType",
        why: "test",
    };
    let err = check(&plain, &StartArchive::new("SESSIONID"), &[stale]).expect_err("stale entry");
    assert!(err.contains("stale difference"), "{err}");

    let found = load("OpenTok_Archives/should_find_archives_by_id.yml").expect("loads");
    let err = check(&found, &GetArchive::new("another-id"), &[]).expect_err("path differs");
    assert!(err.starts_with("path"), "{err}");

    let offset =
        load("OpenTok_Archives/when_many_archives_are_created/should_return_archives_with_an_offset.yml")
            .expect("loads");
    let err = check(&offset, &ListArchives::new().offset(4), &[]).expect_err("query differs");
    assert!(err.starts_with("query"), "{err}");
    let err = check(&offset, &GetArchive::new("x"), &[]).expect_err("path differs");
    assert!(err.starts_with("path"), "{err}");
}
