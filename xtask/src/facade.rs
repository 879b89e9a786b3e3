//! The facade's re-exports (part of `cargo xtask layering`): the names `crates/opentok/src/lib.rs`
//! exports at its root (`pub use` items and `pub mod` declarations) must be exactly the backquoted
//! names between the FACADE REEXPORTS markers of `docs/ARCHITECTURE.md`, and no `pub use` may be
//! a glob.
//!
//! Both files are read textually (no dependency on a Rust parser): comments and string literals
//! are dropped, then the crate root's top-level items are scanned. Feature-gated items
//! (`#[cfg(...)] pub mod blocking;`) count like any other: the list describes the API with every
//! feature on.

use std::collections::BTreeSet;

use crate::Result;

/// The facade's crate root, relative to the workspace root.
pub(crate) const FACADE_LIB: &str = "crates/opentok/src/lib.rs";
/// The document holding the list, relative to the workspace root.
pub(crate) const ARCHITECTURE: &str = "docs/ARCHITECTURE.md";

const BEGIN: &str = "<!-- BEGIN FACADE REEXPORTS -->";
const END: &str = "<!-- END FACADE REEXPORTS -->";

/// One name exported at the facade's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Export {
    /// The name users see (the alias when there is one).
    pub(crate) name: String,
    /// Where it comes from, as written (`opentok_core::clock::Clock`, `mod blocking`).
    pub(crate) source: String,
    /// Whether a `#[cfg(...)]` attribute gates it.
    pub(crate) cfg_gated: bool,
}

/// What the crate root exports.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Exports {
    /// Every named export, in source order.
    pub(crate) names: Vec<Export>,
    /// Every glob re-export, as written (`some::path::*`); always an error.
    pub(crate) globs: Vec<String>,
}

/// Compares the facade's exports with the documented list; returns one line per problem.
pub(crate) fn check(lib_rs: &str, architecture: &str) -> Result<Vec<String>> {
    let exports = parse_exports(lib_rs).map_err(|e| format!("{FACADE_LIB}: {e}"))?;
    let listed = parse_listed(architecture).map_err(|e| format!("{ARCHITECTURE}: {e}"))?;
    Ok(compare(&exports, &listed))
}

/// The problems found comparing `exports` with the `listed` names.
pub(crate) fn compare(exports: &Exports, listed: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    for glob in &exports.globs {
        problems.push(format!(
            "{FACADE_LIB} has a glob re-export `pub use {glob};`: re-export names one by one"
        ));
    }
    let mut seen = BTreeSet::new();
    for export in &exports.names {
        if !seen.insert(export.name.as_str()) {
            continue;
        }
        if !listed.contains(&export.name) {
            let gate = if export.cfg_gated { ", cfg-gated" } else { "" };
            problems.push(format!(
                "{FACADE_LIB} exports `{}` (from `{}`{gate}) but {ARCHITECTURE} does not list it \
                 between the FACADE REEXPORTS markers",
                export.name, export.source
            ));
        }
    }
    for name in listed {
        if !seen.contains(name.as_str()) {
            problems.push(format!(
                "{ARCHITECTURE} lists `{name}` between the FACADE REEXPORTS markers but \
                 {FACADE_LIB} does not export it"
            ));
        }
    }
    problems
}

/// Every backquoted name between the markers.
pub(crate) fn parse_listed(doc: &str) -> Result<BTreeSet<String>> {
    let start = doc.find(BEGIN).ok_or_else(|| format!("no `{BEGIN}` marker"))? + BEGIN.len();
    let len = doc
        .get(start..)
        .and_then(|rest| rest.find(END))
        .ok_or_else(|| format!("no `{END}` marker after `{BEGIN}`"))?;
    let region = doc.get(start..start + len).unwrap_or_default();
    let mut names = BTreeSet::new();
    let mut parts = region.split('`');
    // Odd-numbered pieces are inside backquotes.
    parts.next();
    while let Some(inside) = parts.next() {
        if parts.next().is_none() {
            return Err("an unclosed backquote between the FACADE REEXPORTS markers".into());
        }
        let name = inside.trim();
        if !name.is_empty() {
            names.insert(name.to_string());
        }
    }
    if names.is_empty() {
        return Err("no backquoted names between the FACADE REEXPORTS markers".into());
    }
    Ok(names)
}

/// The names a crate root exports: `pub use` trees and `pub mod` declarations at its top level.
/// Restricted visibility (`pub(crate)`) and items nested in inline modules do not count.
pub(crate) fn parse_exports(src: &str) -> Result<Exports> {
    let tokens = tokenize(src)?;
    let mut out = Exports::default();
    let mut depth = 0usize;
    let mut cfg_gated = false;
    let mut i = 0;
    while let Some(tok) = tokens.get(i) {
        match tok.as_str() {
            "{" => depth += 1,
            "}" => depth = depth.saturating_sub(1),
            "#" if depth == 0 => {
                // An attribute: `#[...]` or `#![...]`; remember whether it is a cfg.
                let mut j = i + 1;
                let inner = tokens.get(j).is_some_and(|t| t == "!");
                if inner {
                    j += 1;
                }
                if tokens.get(j).is_some_and(|t| t == "[") {
                    let close = matching(&tokens, j)?;
                    if !inner && tokens.get(j + 1).is_some_and(|t| t == "cfg") {
                        cfg_gated = true;
                    }
                    i = close + 1;
                    continue;
                }
            }
            "pub" if depth == 0 => {
                let next = tokens.get(i + 1).map(String::as_str);
                match next {
                    Some("use") => {
                        let end = statement_end(&tokens, i + 2)?;
                        let body = tokens.get(i + 2..end).unwrap_or_default();
                        let mut parser = UseParser {
                            tokens: body,
                            pos: 0,
                            cfg_gated,
                            out: &mut out,
                        };
                        parser.tree(&mut Vec::new())?;
                        if parser.pos != body.len() {
                            return Err(format!("cannot read `pub use {};`", join_tokens(body)));
                        }
                        cfg_gated = false;
                        i = end + 1;
                        continue;
                    }
                    Some("mod") => {
                        let name = tokens
                            .get(i + 2)
                            .filter(|t| is_ident(t))
                            .ok_or("`pub mod` without a name")?;
                        let name = unraw(name);
                        out.names.push(Export {
                            source: format!("mod {name}"),
                            name,
                            cfg_gated,
                        });
                        cfg_gated = false;
                        i += 3;
                        continue;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        if depth == 0 && matches!(tok.as_str(), ";" | "}") {
            // An item ended: attributes seen so far belonged to it.
            cfg_gated = false;
        }
        i += 1;
    }
    Ok(out)
}

/// Walks one use tree, recording names and globs.
struct UseParser<'a, 'o> {
    tokens: &'a [String],
    pos: usize,
    cfg_gated: bool,
    out: &'o mut Exports,
}

impl UseParser<'_, '_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn eat(&mut self, tok: &str) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `tree := [::] (ident ::)* (ident [as name] | * | { trees })`, with `prefix` the path so far.
    fn tree(&mut self, prefix: &mut Vec<String>) -> Result {
        let base = prefix.len();
        if prefix.is_empty() && self.eat("::") {
            prefix.push(String::new());
        }
        loop {
            match self.peek() {
                Some("*") => {
                    self.pos += 1;
                    prefix.push("*".into());
                    self.out.globs.push(prefix.join("::"));
                    break;
                }
                Some("{") => {
                    self.pos += 1;
                    while !self.eat("}") {
                        self.tree(prefix)?;
                        if !self.eat(",") && self.peek() != Some("}") {
                            return Err(self.unexpected("`,` or `}`"));
                        }
                    }
                    break;
                }
                Some(tok) if is_ident(tok) => {
                    let segment = unraw(tok);
                    self.pos += 1;
                    if self.eat("::") {
                        prefix.push(segment);
                        continue;
                    }
                    // A leaf: `self` names the enclosing path's last segment.
                    let own = if segment == "self" {
                        prefix.last().cloned().unwrap_or_default()
                    } else {
                        segment.clone()
                    };
                    if segment != "self" {
                        prefix.push(segment);
                    }
                    let name = if self.eat("as") {
                        let alias = self
                            .peek()
                            .filter(|t| is_ident(t) || *t == "_")
                            .ok_or_else(|| self.unexpected("a name after `as`"))?;
                        let alias = unraw(alias);
                        self.pos += 1;
                        alias
                    } else {
                        own
                    };
                    if name.is_empty() || name == "self" {
                        return Err(format!("`{}::self` exports no name", prefix.join("::")));
                    }
                    if name != "_" {
                        self.out.names.push(Export {
                            name,
                            source: prefix.join("::"),
                            cfg_gated: self.cfg_gated,
                        });
                    }
                    break;
                }
                _ => return Err(self.unexpected("a path, `*` or `{`")),
            }
        }
        prefix.truncate(base);
        Ok(())
    }

    fn unexpected(&self, wanted: &str) -> String {
        format!(
            "in `pub use {};` wanted {wanted}, found {}",
            join_tokens(self.tokens),
            self.peek().map_or("the end".to_string(), |t| format!("`{t}`"))
        )
    }
}

/// The index of the `;` ending the statement starting at `from` (outside any braces).
fn statement_end(tokens: &[String], from: usize) -> Result<usize> {
    let mut depth = 0usize;
    for (i, tok) in tokens.iter().enumerate().skip(from) {
        match tok.as_str() {
            "{" => depth += 1,
            "}" => depth = depth.checked_sub(1).ok_or("an unbalanced `}` in a `pub use`")?,
            ";" if depth == 0 => return Ok(i),
            _ => {}
        }
    }
    Err("a `pub use` without its `;`".into())
}

/// The index of the `]` closing the `[` at `open`.
fn matching(tokens: &[String], open: usize) -> Result<usize> {
    let mut depth = 0usize;
    for (i, tok) in tokens.iter().enumerate().skip(open) {
        match tok.as_str() {
            "[" => depth += 1,
            "]" => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => {}
        }
    }
    Err("an attribute without its `]`".into())
}

fn join_tokens(tokens: &[String]) -> String {
    let mut s = String::new();
    for tok in tokens {
        let glue = matches!(tok.as_str(), "::" | "," | "}" | "*") || s.ends_with("::") || s.ends_with('{');
        if !s.is_empty() && !glue {
            s.push(' ');
        }
        s.push_str(tok);
        if tok == "," {
            s.push(' ');
        }
    }
    s
}

fn is_ident(tok: &str) -> bool {
    let tok = tok.strip_prefix("r#").unwrap_or(tok);
    let mut chars = tok.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && tok != "_"
}

fn unraw(tok: &str) -> String {
    tok.strip_prefix("r#").unwrap_or(tok).to_string()
}

/// Splits Rust source into identifiers, `::` and single punctuation characters, dropping
/// whitespace, comments (line, doc and nested block comments), string and char literals
/// (replaced by a `"` token) and lifetimes.
fn tokenize(src: &str) -> Result<Vec<String>> {
    let chars: Vec<char> = src.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        match c {
            _ if c.is_whitespace() => i += 1,
            '/' if at(i + 1) == Some('/') => {
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
            }
            '/' if at(i + 1) == Some('*') => {
                let mut depth = 0usize;
                loop {
                    match (at(i), at(i + 1)) {
                        (Some('/'), Some('*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (Some('*'), Some('/')) => {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        (Some(_), _) => i += 1,
                        (None, _) => return Err("an unclosed block comment".into()),
                    }
                }
            }
            'r' if matches!(at(i + 1), Some('"' | '#')) && raw_string_len(&chars, i).is_some() => {
                i += raw_string_len(&chars, i).unwrap_or(1);
                tokens.push("\"".into());
            }
            'b' if at(i + 1) == Some('"') => {
                i += 1;
            }
            '"' => {
                i += 1;
                loop {
                    match at(i) {
                        Some('\\') => i += 2,
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                        None => return Err("an unclosed string literal".into()),
                    }
                }
                tokens.push("\"".into());
            }
            '\'' => {
                // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
                if at(i + 1) == Some('\\') {
                    i += 3;
                    while at(i).is_some_and(|c| c != '\'') {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == Some('\'') {
                    i += 3;
                } else {
                    i += 1;
                    while at(i).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        i += 1;
                    }
                }
            }
            ':' if at(i + 1) == Some(':') => {
                tokens.push("::".into());
                i += 2;
            }
            _ if c.is_alphanumeric() || c == '_' => {
                let start = i;
                if c == 'r' && at(i + 1) == Some('#') {
                    i += 2;
                }
                while at(i).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    i += 1;
                }
                tokens.push(chars.get(start..i).unwrap_or_default().iter().collect());
            }
            _ => {
                tokens.push(c.to_string());
                i += 1;
            }
        }
    }
    Ok(tokens)
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`) starting at `start`, if one does.
fn raw_string_len(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    if chars.get(i) != Some(&'"') {
        return None;
    }
    i += 1;
    loop {
        if chars.get(i)? == &'"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
            return Some(i + 1 + hashes - start);
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        parse_exports(src)
            .expect("parses")
            .names
            .into_iter()
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn reads_multi_line_braces_and_single_names() {
        let src = "
//! Docs mentioning `pub use fake::Thing;` are ignored.
/// pub use also::Ignored;
pub use client::{BuildError, OpenTok,
    OpenTokBuilder,
};
pub use opentok_core::clock::Clock;
/* pub use blocked::Out; /* nested */ still comment */
pub use paging::{Items, Paged};
";
        assert_eq!(
            names(src),
            [
                "BuildError",
                "OpenTok",
                "OpenTokBuilder",
                "Clock",
                "Items",
                "Paged"
            ]
        );
    }

    #[test]
    fn reads_nested_paths_self_and_aliases() {
        let src = "pub use ::a::{b::{C, d::E as F}, g::{self, H}, i as j};\n\
                   pub use opentok_http as http;\npub use k::L as _;\npub use r#m::r#N;";
        let exports = parse_exports(src).expect("parses");
        let got: Vec<(&str, &str)> = exports
            .names
            .iter()
            .map(|e| (e.name.as_str(), e.source.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("C", "::a::b::C"),
                ("F", "::a::b::d::E"),
                ("g", "::a::g"),
                ("H", "::a::g::H"),
                ("j", "::a::i"),
                ("http", "opentok_http"),
                ("N", "m::N"),
            ]
        );
        assert!(exports.globs.is_empty());
    }

    #[test]
    fn a_glob_is_recorded_and_always_an_error() {
        let src = "pub use a::b::*;\npub use c::{D, e::*};";
        let exports = parse_exports(src).expect("parses");
        assert_eq!(exports.globs, ["a::b::*", "c::e::*"]);
        assert_eq!(names(src), ["D"]);
        let listed = BTreeSet::from(["D".to_string()]);
        let problems = compare(&exports, &listed);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.contains("glob")), "{problems:?}");
    }

    #[test]
    fn pub_mod_counts_also_when_feature_gated() {
        let src = "#![cfg_attr(docsrs, feature(doc_cfg))]\n\
                   #[cfg(feature = \"blocking\")]\npub mod blocking;\nmod client;\n\
                   pub mod inline { pub use inner::Hidden; pub mod deeper {} }\n\
                   #[cfg(test)]\nmod tests {}\npub use a::B;";
        let exports = parse_exports(src).expect("parses");
        let got: Vec<(&str, bool)> = exports
            .names
            .iter()
            .map(|e| (e.name.as_str(), e.cfg_gated))
            .collect();
        assert_eq!(got, [("blocking", true), ("inline", false), ("B", false)]);
    }

    #[test]
    fn restricted_visibility_and_strings_do_not_count() {
        let src = "pub(crate) use a::Internal;\npub(super) mod m;\n\
                   const S: &str = \"pub use x::Y;\";\nconst R: &str = r#\"pub mod z;\"#;\n\
                   fn f<'a>(c: char) -> bool { c == '{' || c == '\\'' }\npub use a::Real;";
        assert_eq!(names(src), ["Real"]);
    }

    #[test]
    fn unreadable_use_is_an_error_not_a_silent_pass() {
        assert!(parse_exports("pub use a::{B C};").is_err());
        assert!(parse_exports("pub use a::{B, C}").is_err());
        assert!(parse_exports("pub use a::;").is_err());
        assert!(parse_exports("pub use {self};").is_err());
    }

    #[test]
    fn reads_the_listed_names_between_the_markers_only() {
        let doc = "`Outside`\n<!-- BEGIN FACADE REEXPORTS -->\n- own: `A`, `B`\n- more: `c`\n\
                   <!-- END FACADE REEXPORTS -->\n`AlsoOutside`";
        let listed = parse_listed(doc).expect("parses");
        assert_eq!(listed.into_iter().collect::<Vec<_>>(), ["A", "B", "c"]);
        assert!(parse_listed("no markers").is_err());
        assert!(parse_listed("<!-- BEGIN FACADE REEXPORTS -->`A`").is_err());
        assert!(parse_listed("<!-- BEGIN FACADE REEXPORTS -->`A\n<!-- END FACADE REEXPORTS -->").is_err());
    }

    #[test]
    fn names_both_directions_of_disagreement() {
        let exports =
            parse_exports("#[cfg(feature = \"x\")]\npub mod blocking;\npub use a::{B, C};").expect("parses");
        let listed = BTreeSet::from(["B".to_string(), "Gone".to_string()]);
        let problems = compare(&exports, &listed);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("exports `blocking` (from `mod blocking`, cfg-gated)"));
        assert!(problems[1].contains("exports `C` (from `a::C`)"));
        assert!(problems[2].contains("lists `Gone`"));
        assert!(problems[2].contains("does not export it"));
    }

    #[test]
    fn the_current_tree_agrees() {
        let lib = crate::read(FACADE_LIB).expect("reads lib.rs");
        let doc = crate::read(ARCHITECTURE).expect("reads ARCHITECTURE.md");
        let exports = parse_exports(&lib).expect("parses lib.rs");
        assert!(exports.names.iter().any(|e| e.name == "OpenTok"));
        assert!(exports.names.iter().any(|e| e.name == "blocking" && e.cfg_gated));
        assert_eq!(check(&lib, &doc).expect("checks"), Vec::<String>::new());
    }
}
