//! Ids in request paths: for every operation whose path takes an id, any id either builds a
//! request whose path names exactly the resource the operation's route names (the same
//! segments after RFC 3986 normalisation and dot-segment removal, no `?` or `#` injected), or
//! is refused with a `ValidationError` naming that id's field. Ids such as `..` once turned a
//! signal to one connection into a signal to everyone behind a normalising proxy.

#[allow(dead_code)] // the well-formed-id `sample` is for the other tests
mod samples;

use std::cell::RefCell;

use opentok_core::nonce::SeededNonce;
use opentok_core::signal::Signal;
use opentok_core::stream::ForceMuteStream;
use opentok_core::{ApiUrl, Credentials, HttpRequest, Operation, RequestContext, Rule, ValidationError};
use proptest::prelude::*;
use samples::{Ids, sample_with};

const KEY: &str = "47001234";
const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";
/// A well-formed id for the positions not under test.
const OK_ID: &str = "2_MX40NzAwMTIzNH5-fg";

type Build = fn(Ids<'_>, &RequestContext<'_>) -> Result<HttpRequest, ValidationError>;

/// One operation of the table that takes ids: its route, the wire names of the ids its sample
/// asks for (in order), and how to build it from ids.
struct Case {
    name: &'static str,
    route: &'static str,
    fields: Vec<&'static str>,
    build: Build,
}

impl Case {
    /// Builds with `ids[i]` for the `i`-th id asked for (`OK_ID` past the end).
    fn build_with(&self, ids: &[&str], ctx: &RequestContext<'_>) -> Result<HttpRequest, ValidationError> {
        let fields = &self.fields;
        let id = |name: &'static str| {
            let at = fields.iter().position(|f| *f == name);
            at.and_then(|i| ids.get(i)).copied().unwrap_or(OK_ID).to_owned()
        };
        (self.build)(&id, ctx)
    }
}

/// The wire names of the ids a sample asks for, in order, each once.
fn fields_of(build: Build) -> Vec<&'static str> {
    let asked = RefCell::new(Vec::new());
    let id = |name: &'static str| {
        let mut asked = asked.borrow_mut();
        if !asked.contains(&name) {
            asked.push(name);
        }
        OK_ID.to_owned()
    };
    let creds = creds();
    with_ctx(&creds, |ctx| (build)(&id, ctx)).expect("the sample builds");
    asked.into_inner()
}

/// Expands the operations table into `table`: one case per call, from its sample.
macro_rules! cases {
    ($( $(#[$g:meta])* $group:ident $accessor:ident {
        $( #[doc = $purpose:literal] $verb:ident ( $module:ident :: $op:ident ) = $sample:expr; )*
    } )*) => {
        fn table() -> Vec<(&'static str, &'static str, Build)> {
            vec![$($((
                <opentok_core::$module::$op as Operation>::INFO.name,
                <opentok_core::$module::$op as Operation>::INFO.path,
                |ids, ctx| sample_with::<opentok_core::$module::$op>($sample, ids).build(ctx),
            ),)*)*]
        }
    };
}

opentok_core::for_each_operation!(cases);

/// Every operation of the table whose sample takes an id.
fn cases() -> Vec<Case> {
    table()
        .into_iter()
        .map(|(name, route, build)| Case {
            name,
            route,
            fields: fields_of(build),
            build,
        })
        .filter(|case| !case.fields.is_empty())
        .collect()
}

/// RFC 3986 §6.2.2.2: percent-encoded unreserved characters decoded, as normalising proxies do.
fn decode_unreserved(path: &str) -> String {
    let b = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < b.len() {
        let decoded = (b[i] == b'%')
            .then(|| path.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'));
        match decoded {
            Some(c) => {
                out.push(char::from(c));
                i += 3;
            }
            None => {
                out.push(char::from(b[i]));
                i += 1;
            }
        }
    }
    out
}

/// RFC 3986 §5.2.4 `remove_dot_segments`, written from the RFC's steps.
fn remove_dot_segments(path: &str) -> String {
    fn pop_last(out: &mut String) {
        let at = out.rfind('/').unwrap_or(0);
        out.truncate(at);
    }
    let mut input = path.to_owned();
    let mut out = String::new();
    while !input.is_empty() {
        if input.starts_with("../") {
            input.drain(..3);
        } else if input.starts_with("./") {
            input.drain(..2);
        } else if input.starts_with("/./") {
            input.replace_range(..3, "/");
        } else if input == "/." {
            input = "/".into();
        } else if input.starts_with("/../") {
            input.replace_range(..4, "/");
            pop_last(&mut out);
        } else if input == "/.." {
            input = "/".into();
            pop_last(&mut out);
        } else if input == "." || input == ".." {
            input.clear();
        } else {
            let from = usize::from(input.starts_with('/'));
            let end = input[from..].find('/').map_or(input.len(), |i| i + from);
            out.push_str(&input[..end]);
            input.drain(..end);
        }
    }
    out
}

/// Checks one built request against its route: the path survives normalisation unchanged,
/// has the route's segments (only the id positions differ), and the query is only the one the
/// operation adds.
fn check_request(case: &Case, req: &HttpRequest) -> Result<(), TestCaseError> {
    let uri = req.uri();
    let path = uri.path();
    let normal = decode_unreserved(path);
    prop_assert_eq!(&remove_dot_segments(&normal), &normal, "{}: {}", case.name, path);
    prop_assert!(!path.contains(['?', '#']), "{}: {}", case.name, path);
    prop_assert!(!uri.to_string().contains('#'), "{}: {}", case.name, uri);
    let route: Vec<&str> = case.route.split('/').collect();
    let sent: Vec<&str> = path.split('/').collect();
    prop_assert_eq!(route.len(), sent.len(), "{}: {}", case.name, path);
    for (r, s) in route.iter().zip(&sent) {
        if r.starts_with('{') {
            prop_assert!(
                !s.is_empty() && *s != "." && *s != "..",
                "{}: {}",
                case.name,
                path
            );
        } else {
            prop_assert_eq!(r, s, "{}: {}", case.name, path);
        }
    }
    match uri.query() {
        None => {}
        Some(q) => {
            prop_assert!(case.name.starts_with("list_"), "{}: query {}", case.name, q);
            prop_assert!(
                !q.contains('&') && q.starts_with("sessionId="),
                "{}: {}",
                case.name,
                q
            );
        }
    }
    Ok(())
}

/// Builds `case` with `id` in position `at` (the others well-formed) and checks the outcome:
/// a request that names the route's resource, or an error naming that id's field.
fn check_case(case: &Case, at: usize, id: &str, ctx: &RequestContext<'_>) -> Result<bool, TestCaseError> {
    let mut ids = vec![OK_ID; case.fields.len()];
    ids[at] = id;
    match case.build_with(&ids, ctx) {
        Ok(req) => {
            check_request(case, &req)?;
            Ok(true)
        }
        Err(e) => {
            prop_assert_eq!(&*e.field, case.fields[at], "{}: {:?} -> {}", case.name, id, e);
            Ok(false)
        }
    }
}

fn creds() -> Credentials {
    Credentials::new(KEY, SECRET).expect("valid")
}

fn with_ctx<T>(creds: &Credentials, f: impl FnOnce(&RequestContext<'_>) -> T) -> T {
    let url = ApiUrl::new("https://api.opentok.com").expect("valid");
    let nonce = SeededNonce::new(7);
    let ctx = RequestContext::new(
        creds,
        &url,
        opentok_core::clock::from_unix_secs(1_700_000_000),
        &nonce,
    );
    f(&ctx)
}

/// Ids built from the pieces that change a path's meaning, and arbitrary text.
fn hostile_id() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("."),
        Just(".."),
        Just("/"),
        Just("?"),
        Just("#"),
        Just("%2e"),
        Just("%2E%2E"),
        Just("%2F"),
        Just("\\"),
        Just(";"),
        Just("&"),
        Just("a"),
        Just("\u{0}"),
        Just("\u{85}"),
        Just("é"),
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..6).prop_map(|p| p.concat()),
        any::<String>(),
        "[./?#%a-z]{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_id_changes_which_resource_a_request_names(id in hostile_id(), pick in any::<prop::sample::Index>()) {
        let cases = cases();
        let creds = creds();
        with_ctx(&creds, |ctx| {
            for case in &cases {
                let at = pick.index(case.fields.len());
                check_case(case, at, &id, ctx)?;
            }
            Ok::<(), TestCaseError>(())
        })?;
    }

    #[test]
    fn no_api_key_changes_which_resource_a_request_names(key in "[A-Za-z0-9._-]{1,6}") {
        // The API key is the path's project id; a key the credentials accept is safe in it.
        if let Ok(creds) = Credentials::new(key, SECRET) {
            let cases = cases();
            with_ctx(&creds, |ctx| {
                for case in &cases {
                    let at = 0;
                    let sent = check_case(case, at, OK_ID, ctx)?;
                    prop_assert!(sent, "{}", case.name);
                }
                Ok(())
            })?;
        }
    }
}

#[test]
fn dot_segments_and_separators_are_refused_by_name_for_every_id() {
    let creds = creds();
    with_ctx(&creds, |ctx| {
        for case in &cases() {
            for at in 0..case.fields.len() {
                for id in [".", "..", "a/b", "/", "a?b", "a#b", "", "a\u{7}b"] {
                    let mut ids = vec![OK_ID; case.fields.len()];
                    ids[at] = id;
                    let e = case
                        .build_with(&ids, ctx)
                        .expect_err(&format!("{} {id:?}", case.name));
                    assert_eq!(e.field, case.fields[at], "{} {id:?}", case.name);
                    let expected = match id {
                        "" => Rule::Required,
                        "." | ".." => Rule::Format("an id other than `.` and `..`"),
                        _ => Rule::Charset("printable characters other than `/`, `?` and `#`"),
                    };
                    assert_eq!(e.rule, expected, "{} {id:?}", case.name);
                }
                // A well-formed id goes through, into the path, the query or the body.
                let mut ids = vec![OK_ID; case.fields.len()];
                ids[at] = "a.b~c d";
                let req = case
                    .build_with(&ids, ctx)
                    .unwrap_or_else(|e| panic!("{}: {e}", case.name));
                let body = String::from_utf8_lossy(req.body());
                assert!(
                    req.uri().to_string().contains("a.b~c") || body.contains("a.b~c d"),
                    "{}: {}",
                    case.name,
                    req.uri()
                );
            }
        }
    });
}

#[test]
fn the_issue_s_examples_are_refused() {
    let creds = creds();
    with_ctx(&creds, |ctx| {
        let e = Signal::new(OK_ID, "x")
            .to_connection("..")
            .build(ctx)
            .expect_err("refused");
        assert_eq!(e.field, "connectionId");
        let e = ForceMuteStream::new(OK_ID, "..").build(ctx).expect_err("refused");
        assert_eq!(e.field, "streamId");
        let e = ForceMuteStream::new(".", OK_ID).build(ctx).expect_err("refused");
        assert_eq!(e.field, "sessionId");
    });
    for key in [".", ".."] {
        let e = Credentials::new(key, SECRET).expect_err("refused");
        assert_eq!(e.field, "api_key");
    }
}

#[test]
fn every_id_in_a_route_comes_from_the_sample_s_ids() {
    // A sample that wrote a path id as a literal would escape the checks above.
    let cases = cases();
    for (name, route, _) in table() {
        let asked = cases
            .iter()
            .find(|c| c.name == name)
            .map_or(&[][..], |c| &c.fields[..]);
        for segment in route
            .split('/')
            .filter(|s| s.starts_with('{') && *s != "{apiKey}")
        {
            let field = segment.trim_matches(['{', '}']);
            assert!(asked.contains(&field), "{name}: {field} is not taken from `id`");
        }
    }
    assert!(cases.len() > 30, "{}", cases.len());
}

#[test]
fn the_normaliser_is_the_rfc_s() {
    // RFC 3986 §5.4's examples of merged paths, and the attack this file is about.
    assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
    assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
    assert_eq!(remove_dot_segments("/b/c/.."), "/b/");
    assert_eq!(remove_dot_segments("/../g"), "/g");
    assert_eq!(
        remove_dot_segments(&decode_unreserved(
            "/v2/project/1/session/s/connection/%2E%2E/signal"
        )),
        "/v2/project/1/session/s/signal"
    );
}
