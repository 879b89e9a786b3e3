//! Conformance with the reply bodies in nine official SDKs' test suites
//! (`../shared/conformance/sdk-reply-fixtures`: OpenTok Node, Python, Java, .NET and PHP, Vonage
//! Python, Node, Java and .NET).
//!
//! The fixtures' `index.json` names, for each body, the endpoint it answers, its status and
//! what a faithful parser makes of it: the fields it reads (by wire name), the service error it
//! reports, or that a 2xx body does not decode. Every entry is run through the `parse` of the
//! core operation for that endpoint and checked against all of that. Entries the index marks
//! `skip` (invented mocks, invalid JSON) are listed with their reason. Entries core fails for a
//! reason another change is fixing are listed in [`KNOWN`]; the test fails when one of them
//! starts passing, so the list cannot go stale.
//!
//! The fixtures are other projects' files and stay outside the repository: a fresh clone has no
//! `../shared`, and then the test prints one notice and passes.

#[path = "sdk_reply_fixtures/fields.rs"]
mod fields;
#[path = "sdk_reply_fixtures/outcome.rs"]
mod outcome;
mod shared_data;

use http::Response;
use http::header::CONTENT_TYPE;
use outcome::Outcome;
use serde_json::Value;

/// Fixtures core does not read as the index says yet, with why. Each is a change in flight on
/// another branch; the entry goes when that lands.
const KNOWN: &[(&str, &str)] = &[];

/// Checks one parse outcome against an index entry's `expect`.
fn check(expect: &Value, outcome: Outcome) -> Result<(), String> {
    let kind = expect["kind"].as_str().ok_or("expect has no kind")?;
    match (kind, outcome) {
        ("ok", Outcome::Ok(ours)) => {
            let wanted = expect["fields"]
                .as_object()
                .ok_or("an ok expectation has fields")?;
            let mut wrong = Vec::new();
            for (path, value) in wanted {
                let read = fields::read(&ours, path)?;
                if !fields::same(value, &read) {
                    wrong.push(format!("{path}: expected {value}, read {read}"));
                }
            }
            if wrong.is_empty() {
                Ok(())
            } else {
                Err(wrong.join("; "))
            }
        }
        ("api_error", Outcome::Api(e)) => {
            let mut wrong = Vec::new();
            if expect["status"].as_u64() != Some(u64::from(e.status.as_u16())) {
                wrong.push(format!("status {} read as {}", expect["status"], e.status));
            }
            if expect["code"].as_i64() != e.code {
                wrong.push(format!("code {} read as {:?}", expect["code"], e.code));
            }
            if expect["message"].as_str() != e.message.as_deref() {
                wrong.push(format!("message {} read as {:?}", expect["message"], e.message));
            }
            if let Some(d) = expect.get("description") {
                if d.as_str() != e.description.as_deref() {
                    wrong.push(format!("description {d} read as {:?}", e.description));
                }
            }
            if wrong.is_empty() {
                Ok(())
            } else {
                Err(wrong.join("; "))
            }
        }
        ("decode_error", Outcome::Decode(_)) => Ok(()),
        (kind, outcome) => Err(format!("expected {kind}, got {}", describe(&outcome))),
    }
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Ok(v) => {
            let text = v.to_string();
            format!("a value ({})", text.chars().take(160).collect::<String>())
        }
        Outcome::Api(e) => format!("an API error ({e})"),
        Outcome::Decode(d) => format!("a decode error ({d})"),
        Outcome::Other(e) => format!("another error ({e})"),
    }
}

/// One index entry run: `Ok` when core reads it as the index says.
fn run_entry(dir: &std::path::Path, entry: &Value) -> Result<(), String> {
    let file = entry["file"].as_str().ok_or("entry has no file")?;
    let body = std::fs::read(dir.join(file)).map_err(|e| format!("reading: {e}"))?;
    let status = entry["status"].as_u64().ok_or("entry has no status")?;
    let reply = Response::builder()
        .status(u16::try_from(status).map_err(|e| e.to_string())?)
        .header(
            CONTENT_TYPE,
            entry["content_type"].as_str().unwrap_or("application/json"),
        )
        .body(body)
        .map_err(|e| e.to_string())?;
    let endpoint = entry["endpoint"].as_str().ok_or("entry has no endpoint")?;
    let outcome =
        outcome::parse(endpoint, &reply).ok_or_else(|| format!("no operation for endpoint {endpoint}"))?;
    check(&entry["expect"], outcome)
}

#[test]
fn every_fixture_parses_as_its_index_says() {
    let Some(dir) = shared_data::conformance_dir("sdk-reply-fixtures") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("index.json")).expect("index.json is readable");
    let index: Value = serde_json::from_str(&text).expect("index.json is JSON");
    let entries = index["fixtures"].as_array().expect("index has fixtures");
    assert!(
        entries.len() >= 425,
        "expected 425 fixtures, found {}",
        entries.len()
    );

    let (mut passed, mut skipped, mut known, mut problems) = (0, 0, 0, Vec::new());
    for entry in entries {
        let file = entry["file"].as_str().unwrap_or("?");
        if let Some(why) = entry["skip"].as_str() {
            skipped += 1;
            println!("  skip {file}: {why}");
            continue;
        }
        let listed = KNOWN.iter().find(|(f, _)| *f == file).map(|(_, why)| *why);
        match (run_entry(&dir, entry), listed) {
            (Ok(()), None) => passed += 1,
            (Err(e), Some(why)) => {
                known += 1;
                println!("  KNOWN {file}: {why}\n         ({e})");
            }
            (Err(e), None) => problems.push(format!("{file} [{}]: {e}", entry["endpoint"])),
            (Ok(()), Some(_)) => problems.push(format!("{file}: passes now; take it out of KNOWN")),
        }
    }
    for (file, _) in KNOWN {
        if !entries.iter().any(|e| e["file"] == *file) {
            problems.push(format!("{file}: in KNOWN but not in the index"));
        }
    }
    println!(
        "sdk reply fixtures: {} entries; {passed} pass; {skipped} skipped by the index; {known} known failures; {} problems",
        entries.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "fixture problems:\n{}", problems.join("\n"));
}

/// The check is not a rubber stamp: a wrong field, a wrong error code and the wrong kind of
/// outcome are each caught (no fixtures needed).
#[test]
fn the_check_catches_mismatches() {
    let reply = |status: u16, body: &str| {
        Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .expect("valid response")
    };
    let archive = r#"{"id":"a1","status":"started","sessionId":"S","createdAt":1395183243556,"size":"0"}"#;
    let parse = |status, body| outcome::parse("get_archive", &reply(status, body)).expect("known endpoint");
    let ok = serde_json::json!({"kind": "ok", "fields": {"id": "a1", "createdAt": 1395183243556_u64, "size": 0, "url": null}});
    check(&ok, parse(200, archive)).expect("matches");

    let wrong = serde_json::json!({"kind": "ok", "fields": {"id": "a1", "status": "stopped"}});
    let e = check(&wrong, parse(200, archive)).expect_err("status differs");
    assert!(e.contains("status: expected \"stopped\""), "{e}");

    let error = r#"{"code":15004,"message":"m","description":"d"}"#;
    let api = serde_json::json!({"kind": "api_error", "status": 409, "code": 15004, "message": "m", "description": "d"});
    check(&api, parse(409, error)).expect("matches");
    let api = serde_json::json!({"kind": "api_error", "status": 409, "code": 15005, "message": "m"});
    let e = check(&api, parse(409, error)).expect_err("code differs");
    assert!(e.contains("code 15005"), "{e}");

    let decode = serde_json::json!({"kind": "decode_error", "why": "not JSON"});
    check(&decode, parse(200, "{")).expect("a decode error");
    let e = check(&decode, parse(200, archive)).expect_err("it decoded");
    assert!(e.starts_with("expected decode_error, got a value"), "{e}");
    assert!(outcome::parse("no_such_endpoint", &reply(200, "")).is_none());
}
