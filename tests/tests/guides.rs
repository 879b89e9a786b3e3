//! Keeps the user guides in `docs/` honest. Their Rust examples run as doctests of this crate
//! (`tests/lib.rs` includes each guide); these tests check what doctests cannot: every guide is
//! included, no example is skipped, every grouped method a guide names exists, relative links
//! resolve, and no shell example (guides and READMEs) puts a secret or a token on a command line.
//! (The CLI's tests check that the guides' shell examples name real commands.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The guides, each run as a doctest through `tests/lib.rs`.
const GUIDES: &[&str] = &[
    "getting-started.md",
    "tokens.md",
    "archives.md",
    "broadcasts.md",
    "testing-with-the-emulator.md",
    "migration.md",
    "vonage-applications.md",
];

/// Methods the guides may name that are not REST operations of the facade table.
const EXTRA_METHODS: &[&str] = &[
    "archives().list_all",
    "broadcasts().list_all",
    "renders().list_all",
];

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn read_guide(name: &str) -> String {
    std::fs::read_to_string(docs_dir().join(name)).unwrap_or_else(|e| panic!("docs/{name}: {e}"))
}

/// The fenced code blocks of a markdown text: (info string, body).
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match (&mut open, trimmed.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_owned(), String::new())),
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    blocks
}

/// The READMEs with shell examples, relative to the repository root.
const READMES: &[&str] = &[
    "README.md",
    "crates/opentok-cli/README.md",
    "crates/opentok-emulator/README.md",
    "examples/axum-server/README.md",
    "bench/README.md",
];

/// Why a shell line puts a secret or a token on a command line (in argv or typed into the
/// shell's history), or `None` when it keeps them in files, the environment or stdin.
fn secret_on_command_line(line: &str) -> Option<&'static str> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.iter().any(|w| {
        ["--api-secret", "--private-key"]
            .iter()
            .any(|o| *w == *o || w.starts_with(&format!("{o}=")))
    }) {
        return Some("a secret as an argument");
    }
    for var in ["OPENTOK_API_SECRET=", "VONAGE_PRIVATE_KEY="] {
        for (i, _) in line.match_indices(var) {
            let at_word = i == 0 || !line[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
            if at_word && !line[i + var.len()..].starts_with("\"$(") {
                return Some("a secret typed on the command line");
            }
        }
    }
    if let Some(i) = words.windows(2).position(|w| w == ["token", "inspect"]) {
        let token = words[i + 2..].iter().find(|w| !w.starts_with("--") || **w == "-");
        if token.is_some_and(|t| *t != "-") {
            return Some("a token as an argument");
        }
    }
    None
}

/// Every `group().method` the text names, for the groups the facade has.
fn named_methods(text: &str, groups: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for group in groups {
        let needle = format!("{group}().");
        let mut from = 0;
        while let Some(at) = text[from..].find(&needle).map(|i| i + from) {
            from = at + needle.len();
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let method: String = text[from..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !method.is_empty() {
                found.insert(format!("{group}().{method}"));
            }
        }
    }
    found
}

/// Collects every grouped method (`archives().start`) from core's operations table.
macro_rules! methods {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
    } )*) => {
        [$($(concat!(stringify!($accessor), "().", stringify!($verb)),)*)*]
    };
}

fn facade_methods() -> BTreeSet<&'static str> {
    opentok_core::for_each_operation!(methods).into_iter().collect()
}

fn facade_groups() -> BTreeSet<&'static str> {
    facade_methods()
        .into_iter()
        .filter_map(|m| m.split_once("().").map(|(g, _)| g))
        .collect()
}

#[test]
fn every_guide_runs_as_a_doctest() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("lib.rs")).expect("lib.rs");
    for guide in GUIDES {
        let include = format!("include_str!(\"../docs/{guide}\")");
        assert!(
            lib.contains(&include),
            "tests/lib.rs does not run docs/{guide} as a doctest"
        );
    }
}

#[test]
fn no_rust_example_is_skipped() {
    for guide in GUIDES {
        let blocks = code_blocks(&read_guide(guide));
        let rust: Vec<_> = blocks
            .iter()
            .filter(|(info, _)| info.is_empty() || info.split(',').any(|w| w.trim() == "rust"))
            .collect();
        assert!(!rust.is_empty(), "docs/{guide} has no Rust example");
        for (info, body) in rust {
            assert!(
                !info.split(',').any(|w| w.trim() == "ignore"),
                "docs/{guide}: an ignored example:\n{body}"
            );
        }
    }
}

#[test]
fn named_methods_exist() {
    let methods = facade_methods();
    let groups = facade_groups();
    assert!(
        groups.contains("archives") && groups.contains("streams"),
        "{groups:?}"
    );
    for guide in GUIDES {
        for m in named_methods(&read_guide(guide), &groups) {
            assert!(
                methods.contains(m.as_str()) || EXTRA_METHODS.contains(&m.as_str()),
                "docs/{guide} names `{m}`, which the facade does not have"
            );
        }
    }
}

#[test]
fn relative_links_resolve() {
    for guide in GUIDES {
        let text = read_guide(guide);
        for (i, _) in text.match_indices("](") {
            let target: String = text[i + 2..].chars().take_while(|c| *c != ')').collect();
            if target.contains("://") || target.starts_with('#') {
                continue;
            }
            let path = target.split('#').next().unwrap_or_default();
            assert!(
                docs_dir().join(path).exists(),
                "docs/{guide} links to missing `{target}`"
            );
        }
    }
}

#[test]
fn shell_examples_keep_secrets_off_the_command_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let docs: Vec<(String, String)> = GUIDES
        .iter()
        .map(|g| (format!("docs/{g}"), read_guide(g)))
        .chain(READMES.iter().map(|r| {
            let text = std::fs::read_to_string(root.join(r)).unwrap_or_else(|e| panic!("{r}: {e}"));
            ((*r).to_owned(), text)
        }))
        .collect();
    let mut checked = 0;
    for (name, text) in &docs {
        for (info, body) in code_blocks(text) {
            if !matches!(info.as_str(), "sh" | "bash" | "console" | "shell") {
                continue;
            }
            for line in body.lines() {
                if let Some(why) = secret_on_command_line(line) {
                    panic!("{name}: {why} in `{line}`");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} shell lines found");
}

#[test]
fn the_secret_check_tells_argv_from_files() {
    for bad in [
        "opentok archive list --api-secret s3cret",
        "opentok --private-key=key.pem archive list",
        "export OPENTOK_API_URL=http://127.0.0.1:4010 OPENTOK_API_KEY=1 OPENTOK_API_SECRET=abc",
        "VONAGE_PRIVATE_KEY=-----BEGIN opentok archive list",
        "opentok token inspect T1==cGFydG5lcl9pZD00NzAw...",
        "opentok --json token inspect \"$token\" --public-key-file public.pem",
    ] {
        assert!(secret_on_command_line(bad).is_some(), "not flagged: {bad}");
    }
    for good in [
        "opentok archive list --api-secret-file .secret",
        "opentok token create S --private-key-file key.pem",
        "export OPENTOK_API_SECRET=\"$(cat .emulator-secret)\"",
        "export VONAGE_APPLICATION_ID=x VONAGE_PRIVATE_KEY_PATH=private.key",
        "opentok token inspect - < token.txt",
        "opentok --json token inspect - --public-key-file public.pem < token.txt",
    ] {
        assert_eq!(secret_on_command_line(good), None, "flagged: {good}");
    }
}

#[test]
fn the_markdown_helpers_work() {
    let text = "x\n```rust,no_run\nlet a = ot.archives().start(op);\n```\n```sh\nopentok archive list\n```\n";
    let blocks = code_blocks(text);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].0, "rust,no_run");
    let groups: BTreeSet<&str> = ["archives", "streams"].into_iter().collect();
    let named = named_methods(
        "ot.archives().start(x); my_archives().nope; streams().list",
        &groups,
    );
    let expected: BTreeSet<String> = ["archives().start", "streams().list"]
        .map(String::from)
        .into_iter()
        .collect();
    assert_eq!(named, expected);
}
