//! `cargo xtask fuzz-seed`: fills `fuzz/corpus/<target>/` with the request and response bodies of
//! the Ruby SDK cassettes, the tokens and session ids of the reference vectors, and a few shapes
//! the recordings lack.

use std::path::{Path, PathBuf};

use crate::{Result, root};

const CASSETTES: &str = "../shared/conformance/ruby-sdk-cassettes";
const VECTORS: &str = "crates/opentok-core/tests/vectors";

/// Shapes the cassettes lack: callback bodies, legacy XML (sessions, manifest, errors), error bodies.
const BUILT_IN: &[(u16, &str)] = &[
    (
        200,
        "{\"id\":\"a1\",\"event\":\"archive\",\"status\":\"stopped\",\"projectId\":123456,\"size\":\"1000\"}",
    ),
    (
        200,
        "{\"sessionId\":\"2_MX4xMjM0NTZ-fg\",\"projectId\":\"123456\",\"event\":\"connectionCreated\",\
           \"timestamp\":1470257688309,\"connection\":{\"id\":\"c1\",\"createdAt\":1470257688143,\"data\":\"\"}}",
    ),
    (
        200,
        "<Sessions><Session><session_id>1_MX4xMjM0NTZ-fg</session_id><partner_id>123456</partner_id>\
           <create_dt>Mon Mar 17 00:41:31 PDT 2014</create_dt><session_status></session_status></Session></Sessions>",
    ),
    (
        200,
        "<manifest version=\"0.1\" archiveid=\"340ded4d\" title=\"a1\"><resources><video id=\"125f\" \
           length=\"8687\" name=\"Bob\" /></resources><timeline><event type=\"PLAY\" id=\"125f\" offset=\"0\" />\
           </timeline></manifest>",
    ),
    (
        403,
        "<Errors><error code=\"-1\"><notAuthorized message=\"Invalid partner credentials\"/></error></Errors>",
    ),
    (
        404,
        "<errorPayload><code>404</code><message>Not found</message></errorPayload>",
    ),
    (
        409,
        "{\"code\":\"409\",\"message\":\"Conflict\",\"description\":\"already started\"}",
    ),
];

/// Writes seed inputs for every target.
pub(crate) fn run() -> Result {
    let (mut bodies, mut session_ids, mut recorded) = (Vec::new(), Vec::new(), Vec::new());
    for file in files(&root().join(CASSETTES))? {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        bodies.extend(responses(&text));
        recorded.extend(requests(&text));
        session_ids.extend(words(&text, &["1_MX", "2_MX"]));
    }
    let (mut t1, mut jwt) = (Vec::new(), Vec::new());
    for file in files(&root().join(VECTORS))? {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        session_ids.extend(words(&text, &["1_MX", "2_MX"]));
        t1.extend(words(&text, &["T1=="]));
        jwt.extend(words(&text, &["eyJ"]));
    }
    let as_bytes = |v: &[String]| v.iter().map(|s| s.as_bytes().to_vec()).collect::<Vec<_>>();
    // The targets also wrap their input (T1: `T1==` + base64; JWT: parts split at 0xFF, each
    // base64url): seed those forms with the decoded tokens.
    let t1_inner = t1.iter().filter_map(|t| base64(t.trim_start_matches("T1==")));
    let jwt_parts = jwt.iter().filter_map(|t| {
        let parts: Option<Vec<Vec<u8>>> = t.split('.').map(base64).collect();
        parts.map(|p| p.join(&0xFF))
    });
    // token_rs256 wraps its input under a fixed RS256 header: seed it with whole RS256 tokens
    // (vectors/vonage/) and with their claims and signature split at 0xFF.
    let rs256_seeds: Vec<Vec<u8>> = jwt
        .iter()
        .filter(|t| t.starts_with("eyJhbGciOiJSUzI1NiIs"))
        .flat_map(|t| {
            let parts: Option<Vec<Vec<u8>>> = t.split('.').skip(1).map(base64).collect();
            std::iter::once(t.as_bytes().to_vec()).chain(parts.map(|p| p.join(&0xFF)))
        })
        .collect();
    let (t1_seeds, jwt_seeds) = (
        [as_bytes(&t1), t1_inner.collect()].concat(),
        [as_bytes(&jwt), jwt_parts.collect()].concat(),
    );
    bodies.extend(BUILT_IN.iter().map(|(status, body)| (*status, body.to_string())));
    let xml = bodies.iter().filter(|(_, b)| b.trim_start().starts_with('<'));
    let errors = bodies
        .iter()
        .filter(|(status, b)| !(200..300).contains(status) || b.contains("code"));
    // json_models input: byte 0 picks the operation, bytes 1..3 the status (big endian), then the body.
    let framed = |(status, body): &(u16, String)| [&status.to_be_bytes()[..], body.as_bytes()].concat();
    let json = bodies.iter().filter(|(_, b)| b.trim_start().starts_with('{'));
    let sets: [(&str, Vec<Vec<u8>>); 9] = [
        ("emulator_requests", emulator_seeds(&recorded)),
        ("session_id", as_bytes(&session_ids)),
        (
            "callback_event",
            json.map(|(_, b)| b.as_bytes().to_vec()).collect(),
        ),
        ("token_t1", t1_seeds),
        ("token_jwt", jwt_seeds),
        ("token_rs256", rs256_seeds),
        ("xml_models", xml.map(|(_, b)| b.as_bytes().to_vec()).collect()),
        ("error_body", errors.map(|(_, b)| b.as_bytes().to_vec()).collect()),
        (
            "json_models",
            bodies.iter().map(|b| [&[0u8][..], &framed(b)].concat()).collect(),
        ),
    ];
    for (target, inputs) in sets {
        let dir = root().join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for input in &inputs {
            let path = dir.join(format!("seed-{:016x}", fnv(input)));
            std::fs::write(&path, input).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        println!("fuzz-seed: {target}: {} seeds in {}", inputs.len(), dir.display());
    }
    Ok(())
}

/// Every file under `dir`, recursively, sorted.
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path)?)
        } else {
            out.push(path)
        }
    }
    out.sort();
    Ok(out)
}

/// Runs of token characters that start with one of `prefixes` (ids, tokens inside any text).
fn words(text: &str, prefixes: &[&str]) -> Vec<String> {
    let token_char = |c: char| c.is_ascii_alphanumeric() || "=_-.~+/%".contains(c);
    text.split(|c: char| !token_char(c))
        .filter(|w| prefixes.iter().any(|p| w.starts_with(p)) && w.len() > 8)
        .map(str::to_string)
        .collect()
}

/// (status, body) of every response in a VCR cassette.
fn responses(yaml: &str) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    for response in yaml.split("\n  response:\n").skip(1) {
        let code = response.lines().find_map(|l| l.trim().strip_prefix("code: "));
        let status = code.and_then(|c| c.trim().parse().ok()).unwrap_or(200);
        out.extend(body_of(response).map(|body| (status, body)));
    }
    out
}

/// (method, path, body) of every request in a VCR cassette.
fn requests(yaml: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for request in yaml.split("- request:\n").skip(1) {
        let request = request.split("\n  response:\n").next().unwrap_or_default();
        let field = |name: &str| {
            request
                .lines()
                .find_map(|l| l.trim().strip_prefix(name))
                .map(str::trim)
        };
        let (Some(method), Some(uri)) = (field("method:"), field("uri:")) else {
            continue;
        };
        let path = uri
            .splitn(4, '/')
            .nth(3)
            .unwrap_or_default()
            .split('?')
            .next()
            .unwrap_or_default();
        out.push((
            method.to_uppercase(),
            format!("/{path}"),
            body_of(request).unwrap_or_default(),
        ));
    }
    out
}

/// The `body: string:` of a cassette section. Reads the three YAML scalar styles VCR writes
/// (single-quoted, double-quoted, `|-` block); good enough for seeds.
fn body_of(section: &str) -> Option<String> {
    let at = section.find("\n    body:\n")?;
    let lines: Vec<&str> = section[at..].lines().skip(2).collect();
    let i = lines.iter().position(|l| l.trim_start().starts_with("string:"))?;
    let first = lines[i].trim_start().trim_start_matches("string:").trim();
    let more = lines[i + 1..]
        .iter()
        .take_while(|l| l.starts_with("        ") || l.is_empty());
    Some(if first.starts_with('|') {
        more.map(|l| l.get(8..).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        let joined = std::iter::once(first)
            .chain(more.map(|l| l.trim()))
            .collect::<Vec<_>>()
            .join(" ");
        unquote(&joined)
    })
}

/// emulator_requests inputs: per operation, an empty and a `{}` body, plus every recorded request
/// body whose method and path fit the operation. Path ids are left empty (= the real session id).
fn emulator_seeds(recorded: &[(String, String, String)]) -> Vec<Vec<u8>> {
    let fits = |template: &str, path: &str| {
        let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
        t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t == p)
    };
    let mut out = Vec::new();
    for (i, op) in opentok_core::catalog::operations().enumerate().take(256) {
        let ids = op
            .path
            .matches('{')
            .count()
            .saturating_sub(usize::from(op.path.contains("{apiKey}")));
        let recorded = recorded
            .iter()
            .filter(|(m, p, _)| *m == op.method && fits(op.path, p));
        let bodies = ["", "{}"].into_iter().chain(recorded.map(|(_, _, b)| b.as_str()));
        for body in bodies {
            let flags = if body.starts_with('{') || body.is_empty() {
                0b011
            } else {
                0b101
            };
            out.push([&[i as u8, flags][..], &vec![0xFF; ids], body.as_bytes()].concat());
        }
    }
    out
}

fn unquote(s: &str) -> String {
    if let Some(inner) = s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else if let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        inner
            .replace("\\\"", "\"")
            .replace("\\n", "\n")
            .replace("\\\\", "\\")
    } else {
        s.to_string()
    }
}

/// Decodes base64 of either alphabet, padding optional; `None` on any other character.
fn base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in text.trim_end_matches('=').bytes() {
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// FNV-1a: stable file names for seeds, so re-seeding does not duplicate.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_body_styles_of_a_cassette() {
        let yaml = "---\n  response:\n    status:\n      code: 404\n    body:\n      encoding: UTF-8\n      \
                    string: '{\"a\":''b''}'\n  response:\n    status:\n      code: 200\n    body:\n      \
                    string: |-\n        <x>\n          <y/>\n        </x>\n  recorded_at: now\n";
        let got = responses(yaml);
        assert_eq!(
            got,
            vec![
                (404, "{\"a\":'b'}".to_string()),
                (200, "<x>\n  <y/>\n</x>".to_string())
            ]
        );
    }

    #[test]
    fn reads_requests_and_fits_them_to_operations() {
        let yaml = "- request:\n    method: post\n    uri: https://api.opentok.com/session/create?x=1\n    body:\n      \
                    string: p2p.preference=enabled\n  response:\n    status:\n      code: 200\n";
        let got = requests(yaml);
        assert_eq!(
            got,
            vec![(
                "POST".into(),
                "/session/create".into(),
                "p2p.preference=enabled".into()
            )]
        );
        let seeds = emulator_seeds(&got);
        let create = opentok_core::catalog::operations().position(|op| op.path == "/session/create");
        if let Some(i) = create {
            assert!(seeds.contains(&[&[i as u8, 0b101][..], b"p2p.preference=enabled"].concat()));
        }
    }

    #[test]
    fn decodes_both_base64_alphabets() {
        assert_eq!(base64("cGFydG5lcl9pZA==").as_deref(), Some(&b"partner_id"[..]));
        assert_eq!(base64("-_8").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(base64("a b"), None);
    }
}
