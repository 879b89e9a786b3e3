//! The blocking client: same calls, no runtime in the caller.
#![cfg(feature = "blocking")]

use opentok::archive::{GetArchive, ListArchives};
use opentok::{HttpRequest, HttpResponse, TransportError};

fn archive_json(id: &str) -> String {
    format!(r#"{{"id":"{id}","status":"available","sessionId":"s1"}}"#)
}

#[test]
fn blocking_calls_and_paging() {
    let transport = |req: HttpRequest| {
        let q = req.uri().query().unwrap_or_default().to_owned();
        let body = if req.uri().path().ends_with("/archive") {
            let offset: usize = q
                .split('&')
                .find_map(|kv| kv.strip_prefix("offset="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let items: Vec<String> = (offset..5.min(offset + 2))
                .map(|i| archive_json(&format!("a{i}")))
                .collect();
            format!(r#"{{"count":5,"items":[{}]}}"#, items.join(","))
        } else {
            archive_json("one")
        };
        async move {
            Ok::<HttpResponse, TransportError>(
                http::Response::builder()
                    .status(200)
                    .body(body.into_bytes())
                    .expect("response"),
            )
        }
    };
    let ot = opentok::blocking::OpenTok::builder("123456", "secret")
        .transport(transport)
        .build_blocking()
        .expect("client");
    assert_eq!(
        ot.archives().get(GetArchive::new("one")).expect("archive").id,
        "one"
    );
    let ids: Vec<String> = ot
        .archives()
        .list_all(ListArchives::new().count(2))
        .map(|a| a.expect("archive").id)
        .collect();
    assert_eq!(ids, ["a0", "a1", "a2", "a3", "a4"]);
}
