//! `cargo xtask public-api [--bless]`: the public API of core, http and the facade, one sorted
//! line per item, compared with the committed `crates/*/public-api.txt`.
//!
//! The listing comes from rustdoc's JSON output (`--output-format json`, unstable, so the stable
//! toolchain runs it with `RUSTC_BOOTSTRAP=1`) read here with serde_json: every item reachable
//! through public modules and `pub use`, each public field and variant, the inherent methods and
//! associated items of each type, and the trait impls written in the crate (derived ones
//! included; auto traits and blanket impls left out). Types are printed by their last path
//! segment. `--bless` rewrites the files; without it any difference fails with a diff.
//!
//! Core's `verify` feature (its `rest_auth` door) has a snapshot of its own,
//! `public-api-verify.txt`, holding only what the feature adds to the default build.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;

use serde_json::Value;

use crate::{Result, cargo, output, read, root};

/// Package, library (the JSON file's stem), cargo features and snapshot file of each checked
/// listing. A listing with features holds only the items they add to the default listing of
/// the same package, which comes before it.
const CRATES: [(&str, &str, &[&str], &str); 4] = [
    (
        "opentok-core",
        "opentok_core",
        &[],
        "crates/opentok-core/public-api.txt",
    ),
    (
        "opentok-core",
        "opentok_core",
        &["verify"],
        "crates/opentok-core/public-api-verify.txt",
    ),
    (
        "opentok-http",
        "opentok_http",
        &[],
        "crates/opentok-http/public-api.txt",
    ),
    ("opentok-sdk", "opentok", &[], "crates/opentok/public-api.txt"),
];

/// The rustdoc JSON `format_version`s this reader understands.
const FORMATS: std::ops::RangeInclusive<u64> = 57..=57;

/// Checks (or with `bless`, rewrites) each crate's snapshot.
pub(crate) fn run(bless: bool) -> Result {
    let mut stale = Vec::new();
    let mut default_listing = BTreeSet::new();
    for (package, lib, features, file) in CRATES {
        let mut lines = listing(package, lib, features)?;
        if features.is_empty() {
            default_listing = lines.clone();
        } else {
            lines.retain(|l| !default_listing.contains(l));
        }
        let text = lines.iter().fold(String::new(), |mut s, l| {
            let _ = writeln!(s, "{l}");
            s
        });
        let old = read(file).unwrap_or_default();
        let summary = counts(&lines)
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect::<Vec<_>>()
            .join(", ");
        let package = match features {
            [] => package.to_owned(),
            _ => format!("{package} (+{})", features.join(",")),
        };
        println!("public-api: {package}: {} items ({summary})", lines.len());
        if old == text {
            continue;
        }
        if bless {
            std::fs::write(root().join(file), &text).map_err(|e| format!("cannot write {file}: {e}"))?;
            println!("public-api: {file} rewritten");
            continue;
        }
        let before: BTreeSet<&str> = old.lines().collect();
        let after: BTreeSet<&str> = text.lines().collect();
        let mut diff = String::new();
        for gone in before.difference(&after) {
            let _ = writeln!(diff, "  - {gone}");
        }
        for new in after.difference(&before) {
            let _ = writeln!(diff, "  + {new}");
        }
        stale.push(format!("{package} ({file}):\n{diff}"));
    }
    if stale.is_empty() {
        return Ok(());
    }
    Err(format!(
        "public-api: the public API changed; review it, then run `cargo xtask public-api --bless`\n{}",
        stale.join("\n")
    ))
}

/// Counts of a listing's lines by kind (`fn`, `struct`, …).
fn counts(lines: &BTreeSet<String>) -> Vec<(String, usize)> {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for line in lines {
        let mut words = line.split(' ').skip_while(|w| matches!(*w, "async" | "unsafe"));
        let kind = match words.next().unwrap_or_default() {
            "const" if words.next() == Some("fn") => "fn",
            kind => kind,
        };
        match kinds.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind.to_owned(), 1)),
        }
    }
    kinds
}

/// Builds `package`'s rustdoc JSON with `features` and lists its public items.
fn listing(package: &str, lib: &str, features: &[&str]) -> Result<BTreeSet<String>> {
    let mut rustdoc = cargo();
    rustdoc.args(["rustdoc", "-q", "-p", package, "--lib"]);
    if !features.is_empty() {
        rustdoc.args(["--features", &features.join(",")]);
    }
    output(
        rustdoc
            .args(["--", "-Z", "unstable-options", "--output-format", "json"])
            .env("RUSTC_BOOTSTRAP", "1"),
    )?;
    let dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    };
    let path = dir.join("doc").join(format!("{lib}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    items(&doc).map_err(|e| format!("{}: {e}", path.display()))
}

/// The public items of one crate's rustdoc JSON.
fn items(doc: &Value) -> Result<BTreeSet<String>> {
    let version = doc["format_version"].as_u64().unwrap_or_default();
    if !FORMATS.contains(&version) {
        return Err(format!(
            "rustdoc JSON format_version {version}, but xtask/src/public_api.rs reads {}..={} \
             (a different toolchain?); update the reader, then re-bless",
            FORMATS.start(),
            FORMATS.end()
        ));
    }
    let mut walk = Walk {
        doc,
        lines: BTreeSet::new(),
        open: HashSet::new(),
    };
    let root_id = id_key(&doc["root"]);
    walk.item(&root_id, "", None)
        .map_err(|e| format!("unexpected rustdoc JSON (format_version {version}): {e}"))?;
    Ok(walk.lines)
}

/// An item id as the `index` object's key.
fn id_key(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

struct Walk<'a> {
    doc: &'a Value,
    lines: BTreeSet<String>,
    /// Modules being walked, so that a module re-exporting an ancestor cannot loop.
    open: HashSet<String>,
}

impl Walk<'_> {
    /// Lists item `id`, reached as `parent::name` (`name` overrides the item's own, for `pub use … as`).
    fn item(&mut self, id: &str, parent: &str, name: Option<&str>) -> Result {
        let Some(item) = self.doc["index"].get(id) else {
            return Ok(());
        };
        let Some((kind, inner)) = item["inner"].as_object().and_then(|o| o.iter().next()) else {
            return Err(format!("item {id} has no inner kind"));
        };
        if item["visibility"] != "public" {
            return Ok(());
        }
        let own = name.or(item["name"].as_str()).unwrap_or_default();
        let path = if parent.is_empty() {
            own.to_owned()
        } else {
            format!("{parent}::{own}")
        };
        match kind.as_str() {
            "module" => {
                if !parent.is_empty() {
                    self.lines.insert(format!("mod {path}"));
                }
                if !self.open.insert(id.to_owned()) {
                    return Ok(());
                }
                for child in list(&inner["items"]) {
                    self.item(&child, &path, None)?;
                }
                self.open.remove(id);
            }
            "use" => self.reexport(inner, parent)?,
            "struct" => {
                self.lines
                    .insert(format!("struct {path}{}", generics(&inner["generics"])));
                let fields = &inner["kind"];
                for field in list(&fields["plain"]["fields"])
                    .into_iter()
                    .chain(list(&fields["tuple"]))
                {
                    self.field(&field, &path);
                }
                self.impls(&inner["impls"], &path)?;
            }
            "union" => {
                self.lines.insert(format!("union {path}"));
                self.impls(&inner["impls"], &path)?;
            }
            "enum" => {
                self.lines
                    .insert(format!("enum {path}{}", generics(&inner["generics"])));
                for variant in list(&inner["variants"]) {
                    self.variant(&variant, &path);
                }
                self.impls(&inner["impls"], &path)?;
            }
            "trait" => {
                self.lines
                    .insert(format!("trait {path}{}", generics(&inner["generics"])));
                for member in list(&inner["items"]) {
                    self.member(&member, &path, "");
                }
            }
            "function" => {
                self.lines.insert(function(&path, inner));
            }
            "constant" => {
                self.lines
                    .insert(format!("const {path}: {}", ty_str(&inner["type"])));
            }
            "static" => {
                self.lines
                    .insert(format!("static {path}: {}", ty_str(&inner["type"])));
            }
            "type_alias" => {
                self.lines
                    .insert(format!("type {path} = {}", ty_str(&inner["type"])));
            }
            "macro" | "proc_macro" => {
                // `#[macro_export]` macros live at the crate root whatever their module.
                self.lines.insert(format!("macro {}", path));
            }
            _ => {}
        }
        Ok(())
    }

    /// A `pub use`: the target's items under the new name, or a line naming an outside item.
    fn reexport(&mut self, inner: &Value, parent: &str) -> Result {
        let target = inner["id"]
            .as_u64()
            .map(|n| n.to_string())
            .or(inner["id"].as_str().map(str::to_owned));
        let name = inner["name"].as_str().unwrap_or_default();
        let local = target.as_deref().filter(|t| self.doc["index"].get(*t).is_some());
        match (local, inner["is_glob"].as_bool().unwrap_or(false)) {
            (Some(module), true) => {
                let children = list(&self.doc["index"][module]["inner"]["module"]["items"]);
                for child in children {
                    self.item(&child, parent, None)?;
                }
            }
            (Some(target), false) => self.item(target, parent, Some(name))?,
            (None, glob) => {
                let source = inner["source"].as_str().unwrap_or_default();
                let star = if glob { "::*" } else { "" };
                let path = if parent.is_empty() {
                    name.to_owned()
                } else {
                    format!("{parent}::{name}")
                };
                self.lines.insert(format!("use {path}{star} = {source}{star}"));
            }
        }
        Ok(())
    }

    fn field(&mut self, id: &str, owner: &str) {
        let field = &self.doc["index"][id];
        if field["visibility"] != "public" {
            return;
        }
        let name = field["name"].as_str().unwrap_or_default();
        self.lines.insert(format!(
            "field {owner}::{name}: {}",
            ty_str(&field["inner"]["struct_field"])
        ));
    }

    fn variant(&mut self, id: &str, owner: &str) {
        let variant = &self.doc["index"][id];
        let name = variant["name"].as_str().unwrap_or_default();
        let kind = &variant["inner"]["variant"]["kind"];
        let shape = if let Some(fields) = kind.get("tuple") {
            let tys: Vec<String> = list(fields)
                .iter()
                .map(|f| ty_str(&self.doc["index"][f.as_str()]["inner"]["struct_field"]))
                .collect();
            format!("({})", tys.join(", "))
        } else if let Some(plain) = kind.get("struct") {
            for field in list(&plain["fields"]) {
                self.field(&field, &format!("{owner}::{name}"));
            }
            " { .. }".to_owned()
        } else {
            String::new()
        };
        self.lines.insert(format!("variant {owner}::{name}{shape}"));
    }

    /// A trait's or an inherent impl's method, constant or type, under `owner`.
    fn member(&mut self, id: &str, owner: &str, needs: &str) {
        let item = &self.doc["index"][id];
        if !needs.is_empty() && item["visibility"] != needs {
            return;
        }
        let name = item["name"].as_str().unwrap_or_default();
        let path = format!("{owner}::{name}");
        let Some((kind, inner)) = item["inner"].as_object().and_then(|o| o.iter().next()) else {
            return;
        };
        let line = match kind.as_str() {
            "function" => function(&path, inner),
            "assoc_const" => format!("const {path}: {}", ty_str(&inner["type"])),
            "assoc_type" => format!("type {path}"),
            _ => return,
        };
        self.lines.insert(line);
    }

    /// A type's inherent items and the trait impls written for it in this crate.
    fn impls(&mut self, ids: &Value, owner: &str) -> Result {
        for id in list(ids) {
            let imp = &self.doc["index"][id.as_str()]["inner"]["impl"];
            if imp.is_null() {
                return Err(format!("impl {id} of {owner} is not an impl"));
            }
            // Auto traits, blanket impls and the marker `#[derive(PartialEq)]` adds say nothing.
            let marker = imp["trait"]["path"].as_str() == Some("StructuralPartialEq");
            if imp["is_synthetic"] == true || !imp["blanket_impl"].is_null() || marker {
                continue;
            }
            if imp["trait"].is_null() {
                for member in list(&imp["items"]) {
                    self.member(&member, owner, "public");
                }
            } else {
                let not = if imp["is_negative"] == true { "!" } else { "" };
                self.lines
                    .insert(format!("impl {not}{} for {owner}", path_str(&imp["trait"])));
            }
        }
        Ok(())
    }
}

/// The ids in a JSON array, as index keys (nulls, the stripped tuple fields, left out).
fn list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter(|x| !x.is_null()).map(id_key).collect())
        .unwrap_or_default()
}

/// `fn path<T>(self, name: Type, …) -> Out`, with `const`/`async`/`unsafe` in front.
fn function(path: &str, inner: &Value) -> String {
    let header = &inner["header"];
    let mut out = String::new();
    for (flag, word) in [
        ("is_const", "const "),
        ("is_async", "async "),
        ("is_unsafe", "unsafe "),
    ] {
        if header[flag] == true {
            out.push_str(word);
        }
    }
    let sig = &inner["sig"];
    let inputs: Vec<String> = sig["inputs"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|pair| {
                    let name = pair[0].as_str().unwrap_or_default();
                    let ty = ty_str(&pair[1]);
                    match (name, ty.as_str()) {
                        ("self", "Self") => "self".to_owned(),
                        ("self", "&Self") => "&self".to_owned(),
                        ("self", "&mut Self") => "&mut self".to_owned(),
                        _ => format!("{name}: {ty}"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let _ = write!(
        out,
        "fn {path}{}({})",
        generics(&inner["generics"]),
        inputs.join(", ")
    );
    if !sig["output"].is_null() {
        let _ = write!(out, " -> {}", ty_str(&sig["output"]));
    }
    out
}

/// `<T, 'a>`: the declared parameters (not the ones `impl Trait` arguments make).
fn generics(g: &Value) -> String {
    let names: Vec<&str> = g["params"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|p| p["kind"]["type"]["is_synthetic"] != true)
                .filter_map(|p| p["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        String::new()
    } else {
        format!("<{}>", names.join(", "))
    }
}

/// A path's last segment and its generic arguments.
fn path_str(p: &Value) -> String {
    let full = p["path"].as_str().or(p["name"].as_str()).unwrap_or_default();
    let last = full.rsplit("::").next().unwrap_or(full);
    format!("{last}{}", args_str(&p["args"]))
}

fn args_str(args: &Value) -> String {
    if let Some(angle) = args.get("angle_bracketed") {
        let mut parts: Vec<String> = angle["args"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|arg| match arg {
                        Value::String(s) => s.clone(),
                        _ if arg.get("type").is_some() => ty_str(&arg["type"]),
                        _ if arg.get("lifetime").is_some() => {
                            arg["lifetime"].as_str().unwrap_or("'_").to_owned()
                        }
                        _ => "_".to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        for c in angle["constraints"].as_array().into_iter().flatten() {
            let name = c["name"].as_str().unwrap_or_default();
            match c["binding"].get("equality").and_then(|e| e.get("type")) {
                Some(ty) => parts.push(format!("{name} = {}", ty_str(ty))),
                None => parts.push(format!("{name}: {}", bounds_str(&c["binding"]["constraint"]))),
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("<{}>", parts.join(", "))
        }
    } else if let Some(paren) = args.get("parenthesized") {
        let inputs: Vec<String> = paren["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(ty_str)
            .collect();
        let out = if paren["output"].is_null() {
            String::new()
        } else {
            format!(" -> {}", ty_str(&paren["output"]))
        };
        format!("({}){out}", inputs.join(", "))
    } else {
        String::new()
    }
}

fn bounds_str(bounds: &Value) -> String {
    let parts: Vec<String> = bounds
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| match b.get("trait_bound") {
            Some(t) => path_str(&t["trait"]),
            None => b["outlives"].as_str().unwrap_or("_").to_owned(),
        })
        .collect();
    parts.join(" + ")
}

/// A type as Rust writes it, paths shortened to their last segment.
fn ty_str(t: &Value) -> String {
    let Some((kind, v)) = t.as_object().and_then(|o| o.iter().next()) else {
        return t.as_str().map_or_else(
            || "_".to_owned(),
            |s| {
                if s == "infer" {
                    "_".to_owned()
                } else {
                    s.to_owned()
                }
            },
        );
    };
    match kind.as_str() {
        "resolved_path" => path_str(v),
        "generic" | "primitive" => v.as_str().unwrap_or_default().to_owned(),
        "tuple" => format!(
            "({})",
            v.as_array()
                .into_iter()
                .flatten()
                .map(ty_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "slice" => format!("[{}]", ty_str(v)),
        "array" => format!("[{}; {}]", ty_str(&v["type"]), v["len"].as_str().unwrap_or("_")),
        "borrowed_ref" => {
            let lifetime = v["lifetime"]
                .as_str()
                .map(|l| format!("{l} "))
                .unwrap_or_default();
            let mutable = if v["is_mutable"] == true { "mut " } else { "" };
            format!("&{lifetime}{mutable}{}", ty_str(&v["type"]))
        }
        "raw_pointer" => format!(
            "*{} {}",
            if v["is_mutable"] == true { "mut" } else { "const" },
            ty_str(&v["type"])
        ),
        "impl_trait" => format!("impl {}", bounds_str(v)),
        "dyn_trait" => {
            let traits: Vec<String> = v["traits"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| path_str(&p["trait"]))
                .collect();
            let lifetime = v["lifetime"]
                .as_str()
                .map(|l| format!(" + {l}"))
                .unwrap_or_default();
            format!("dyn {}{lifetime}", traits.join(" + "))
        }
        "qualified_path" => format!(
            "<{} as {}>::{}",
            ty_str(&v["self_type"]),
            path_str(&v["trait"]),
            v["name"].as_str().unwrap_or_default()
        ),
        "function_pointer" => {
            let inputs: Vec<String> = v["sig"]["inputs"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| ty_str(&p[1]))
                .collect();
            let out = if v["sig"]["output"].is_null() {
                String::new()
            } else {
                format!(" -> {}", ty_str(&v["sig"]["output"]))
            };
            format!("fn({}){out}", inputs.join(", "))
        }
        other => format!("<{other}>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A crate `demo` as rustdoc (format 57) writes it: a public module holding a struct with a
    /// public and a private field, an inherent method, a derived and an auto-trait impl, a
    /// private function, a re-export of an outside item and one of the struct under a new name.
    fn demo(version: u64) -> Value {
        let string = json!({"resolved_path": {"path": "String", "id": 90, "args": null}});
        json!({
            "format_version": version,
            "root": 0,
            "index": {
                "0": {"name": "demo", "visibility": "public", "inner": {"module": {"items": [1, 8]}}},
                "1": {"name": "room", "visibility": "public", "inner": {"module": {"items": [2, 7, 9]}}},
                "2": {"name": "Room", "visibility": "public", "inner": {"struct": {
                    "kind": {"plain": {"fields": [3, 4], "has_stripped_fields": false}},
                    "generics": {"params": [], "where_predicates": []},
                    "impls": [5, 6, 10]}}},
                "3": {"name": "name", "visibility": "public", "inner": {"struct_field": string}},
                "4": {"name": "secret", "visibility": "crate", "inner": {"struct_field": string}},
                "5": {"name": null, "visibility": "default", "inner": {"impl": {
                    "trait": null, "is_synthetic": false, "blanket_impl": null, "items": [11]}}},
                "6": {"name": null, "visibility": "default", "inner": {"impl": {
                    "trait": {"path": "Clone", "id": 91, "args": null},
                    "is_synthetic": false, "blanket_impl": null, "items": []}}},
                "10": {"name": null, "visibility": "default", "inner": {"impl": {
                    "trait": {"path": "Send", "id": 92, "args": null},
                    "is_synthetic": true, "blanket_impl": null, "items": []}}},
                "11": {"name": "rename", "visibility": "public", "inner": {"function": {
                    "sig": {"inputs": [
                        ["self", {"borrowed_ref": {"lifetime": null, "is_mutable": true, "type": {"generic": "Self"}}}],
                        ["to", {"impl_trait": [{"trait_bound": {"trait": {"path": "Into", "id": 93,
                            "args": {"angle_bracketed": {"args": [{"type": string}], "constraints": []}}}}}]}]
                    ], "output": {"primitive": "bool"}},
                    "generics": {"params": [{"name": "impl Into<String>", "kind": {"type": {"is_synthetic": true}}}]},
                    "header": {"is_const": false, "is_async": false, "is_unsafe": false}}}},
                "7": {"name": "hidden", "visibility": "crate", "inner": {"function": {
                    "sig": {"inputs": [], "output": null}, "generics": {"params": []}, "header": {}}}},
                "8": {"name": null, "visibility": "public", "inner": {"use": {
                    "source": "std::time::Duration", "name": "Duration", "id": 94, "is_glob": false}}},
                "9": {"name": null, "visibility": "public", "inner": {"use": {
                    "source": "self::Room", "name": "Hall", "id": 2, "is_glob": false}}}
            }
        })
    }

    #[test]
    fn lists_public_items_with_their_paths() {
        let lines: Vec<String> = items(&demo(57)).expect("reads").into_iter().collect();
        assert_eq!(
            lines,
            [
                "field demo::room::Hall::name: String",
                "field demo::room::Room::name: String",
                "fn demo::room::Hall::rename(&mut self, to: impl Into<String>) -> bool",
                "fn demo::room::Room::rename(&mut self, to: impl Into<String>) -> bool",
                "impl Clone for demo::room::Hall",
                "impl Clone for demo::room::Room",
                "mod demo::room",
                "struct demo::room::Hall",
                "struct demo::room::Room",
                "use demo::Duration = std::time::Duration",
            ]
        );
    }

    #[test]
    fn an_unknown_format_version_fails_clearly() {
        let e = items(&demo(12)).expect_err("refused");
        assert!(e.contains("format_version 12") && e.contains("57..=57"), "{e}");
    }

    #[test]
    fn counts_by_kind() {
        let lines: BTreeSet<String> = [
            "const fn a::f()",
            "async fn a::g()",
            "const a::C: u8",
            "struct a::S",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            counts(&lines),
            [
                ("fn".to_owned(), 2),
                ("const".to_owned(), 1),
                ("struct".to_owned(), 1)
            ]
        );
    }
}
