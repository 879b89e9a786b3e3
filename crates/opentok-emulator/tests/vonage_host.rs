//! Reply shapes of the Vonage host for an application (what the official Vonage SDKs parse):
//! `applicationId` in place of `projectId` / `partnerId`, layout changes answered with the
//! changed archive, broadcast or streams, and `location=null` read as no location; a key +
//! secret project served next to it keeps the OpenTok host's shapes.

mod common;

use std::time::SystemTime;

use common::official_sdk::{APP, start_application, vonage_key};
use common::*;
use http::{Method, StatusCode};
use opentok_core::ApplicationCredentials;
use opentok_core::nonce::OsNonce;
use opentok_core::rest_auth::{REST_AUTH_HEADER, bearer_token};
use opentok_core::token::{Role, TokenOptions};
use opentok_core::{Credentials, ProjectCredentials};
use serde_json::{Value, json};

fn app_creds() -> ApplicationCredentials {
    let pem = std::fs::read_to_string(vonage_key("THROWAWAY_TEST_KEY_private_pkcs8.pem")).expect("key");
    ApplicationCredentials::new(APP, &pem).expect("application credentials")
}

/// The REST auth header of `who`: a bearer JWT for the application, `X-OPENTOK-AUTH` for
/// the key + secret project.
fn auth(who: Option<&ProjectCredentials>) -> (String, String) {
    match who {
        None => (
            "authorization".to_owned(),
            format!(
                "Bearer {}",
                bearer_token(&app_creds(), SystemTime::now(), &OsNonce)
            ),
        ),
        Some(p) => (
            REST_AUTH_HEADER.as_str().to_owned(),
            opentok_core::rest_auth::rest_auth_token(p, SystemTime::now(), &OsNonce),
        ),
    }
}

async fn send(
    h: &Harness,
    who: Option<&ProjectCredentials>,
    method: Method,
    path: &str,
    body: Value,
) -> Reply {
    let (name, value) = auth(who);
    let bytes = if body.is_null() {
        vec![]
    } else {
        serde_json::to_vec(&body).expect("json")
    };
    h.raw(
        method,
        path,
        &[
            (name.as_str(), value.as_str()),
            ("content-type", "application/json"),
        ],
        bytes,
    )
    .await
}

async fn create_session(h: &Harness, who: Option<&ProjectCredentials>, form: &str) -> Reply {
    let (name, value) = auth(who);
    h.raw(
        Method::POST,
        "/session/create",
        &[
            (name.as_str(), value.as_str()),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        form.as_bytes().to_vec(),
    )
    .await
}

/// A routed session of `who` (`project` the key + secret one) with one publishing client:
/// (session id, stream id).
async fn session_with_stream(
    h: &Harness,
    who: Option<&ProjectCredentials>,
    project: &str,
) -> (String, String) {
    let r = create_session(h, who, "archiveMode=manual&p2p.preference=disabled").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let sid = r.json[0]["session_id"].as_str().expect("session id").to_owned();
    let creds = match who {
        None => Credentials::from(app_creds()),
        Some(p) => Credentials::from(p.clone()),
    };
    let token = opentok_core::token::mint(
        &creds,
        &sid,
        &TokenOptions::new().role(Role::Publisher),
        SystemTime::now(),
        &OsNonce,
    )
    .expect("token");
    let path = format!("/_emulator/v1/sessions/{sid}/connections");
    let joined = send(h, who, Method::POST, &path, json!({ "token": token })).await;
    assert_eq!(joined.status, StatusCode::OK, "{project}: {:?}", joined.json);
    let cid = joined.json["connectionId"].as_str().expect("connection id");
    let published = send(
        h,
        who,
        Method::POST,
        &format!("{path}/{cid}/streams"),
        json!({"videoType": "camera", "name": "cam"}),
    )
    .await;
    assert_eq!(published.status, StatusCode::OK, "{:?}", published.json);
    let stream = published.json["streamId"].as_str().expect("stream id").to_owned();
    (sid, stream)
}

#[tokio::test]
async fn location_null_or_empty_is_no_location_and_other_words_are_still_refused() {
    let h = start_application(None).await;
    let r = create_session(
        &h,
        None,
        "archiveMode=manual&p2p.preference=disabled&location=null",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let sid = r.json[0]["session_id"].as_str().expect("session id");
    let decoded = opentok_core::session_id::decode(sid).expect("decodes");
    assert!(decoded.belongs_to(APP), "{decoded:?}");
    // The .NET SDK's empty `location=` means none too.
    let empty = create_session(&h, None, "p2p.preference=disabled&location=").await;
    assert_eq!(empty.status, StatusCode::OK, "{:?}", empty.json);
    let bad = create_session(&h, None, "p2p.preference=disabled&location=nowhere").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{:?}", bad.json);
}

#[tokio::test]
async fn an_application_sees_application_ids_and_layout_replies_a_key_project_does_not() {
    let h = start_application(None).await;
    let key_project = h.project.clone();
    for who in [None, Some(&key_project)] {
        let project = who.map_or(APP, |p| p.api_key().as_str());
        let (sid, stream) = session_with_stream(&h, who, project).await;
        let base = format!("/v2/project/{project}");

        let archive = send(
            &h,
            who,
            Method::POST,
            &format!("{base}/archive"),
            json!({"sessionId": sid}),
        )
        .await;
        assert_eq!(archive.status, StatusCode::OK, "{:?}", archive.json);
        let aid = archive.json["id"].as_str().expect("archive id").to_owned();
        let layout = send(
            &h,
            who,
            Method::PUT,
            &format!("{base}/archive/{aid}/layout"),
            json!({"type": "bestFit"}),
        )
        .await;
        assert_eq!(layout.status, StatusCode::OK);
        let broadcast = send(
            &h,
            who,
            Method::POST,
            &format!("{base}/broadcast"),
            json!({"sessionId": sid, "outputs": {"hls": {}}}),
        )
        .await;
        assert_eq!(broadcast.status, StatusCode::OK, "{:?}", broadcast.json);
        let classes = send(
            &h,
            who,
            Method::PUT,
            &format!("{base}/session/{sid}/stream"),
            json!({"items": [{"id": stream, "layoutClassList": ["focus"]}]}),
        )
        .await;
        assert_eq!(classes.status, StatusCode::OK);

        if who.is_none() {
            for item in [&archive.json, &broadcast.json, &layout.json] {
                assert_eq!(item["applicationId"], APP, "{item}");
                assert!(
                    item.get("projectId").is_none() && item.get("partnerId").is_none(),
                    "{item}"
                );
            }
            assert_eq!(layout.json["id"], aid.as_str());
            assert_eq!(classes.json["count"], 1, "{:?}", classes.json);
            assert_eq!(classes.json["items"][0]["id"], stream.as_str());
            assert_eq!(classes.json["items"][0]["layoutClassList"], json!(["focus"]));
        } else {
            for item in [&archive.json, &broadcast.json] {
                assert_eq!(item["projectId"].to_string().trim_matches('"'), project, "{item}");
                assert!(item.get("applicationId").is_none(), "{item}");
            }
            assert!(layout.bytes.is_empty() && classes.bytes.is_empty());
        }
    }
}
