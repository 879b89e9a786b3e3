//! Connections, streams, signals, moderation and the control API's event feed.

mod common;

use common::*;
use http::{Method, StatusCode};
use opentok_core::connection::{ForceDisconnect, ListConnections};
use opentok_core::signal::{Signal, SignalConnection};
use opentok_core::sip::{PlayDtmf, PlayDtmfConnection};
use opentok_core::stream::{
    ForceMuteStream, GetStream, ListStreams, MuteAll, ProjectEnvironment, ProjectStatus,
    SetStreamLayoutClasses,
};
use opentok_core::token::Role;
use serde_json::json;

#[tokio::test]
async fn control_api_joins_publishes_and_refuses_bad_tokens() {
    let h = start().await;
    let sid = h.session(true).await;
    let other = h.session(true).await;
    let r = h.join_with(&sid, &h.token(&other, Role::Publisher)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "token for another session");
    let r = h.join_with(&sid, "T1==garbage").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = h.join_with(&sid, "devtoken").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "staging off by default");
    let wrong = opentok_core::Credentials::new(KEY, "another-secret").expect("creds");
    let forged = opentok_core::token::mint(
        &wrong,
        &sid,
        &opentok_core::token::TokenOptions::new(),
        std::time::SystemTime::now(),
        &opentok_core::nonce::OsNonce,
    )
    .expect("mint");
    assert_eq!(h.join_with(&sid, &forged).await.status, StatusCode::FORBIDDEN);
    let r = h.join_with("2_unknown", &h.token(&sid, Role::Publisher)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "an id that does not decode");
    let unknown = opentok_core::session_id::mint(
        KEY,
        None,
        std::time::SystemTime::now(),
        &opentok_core::nonce::OsNonce,
    )
    .expect("mints");
    let r = h.join_with(&unknown, &h.token(&sid, Role::Publisher)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a well-formed id of no session");
    // JWT tokens work as well as T1.
    let jwt = opentok_core::token::mint(
        &h.creds,
        &sid,
        &opentok_core::token::TokenOptions::new()
            .role(Role::Moderator)
            .format(opentok_core::token::TokenFormat::Jwt)
            .data("who=jwt"),
        std::time::SystemTime::now(),
        &opentok_core::nonce::OsNonce,
    )
    .expect("jwt");
    let r = h.join_with(&sid, &jwt).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["role"], "moderator");
    assert_eq!(r.json["data"], "who=jwt");
    let sub = h.join(&sid, Role::Subscriber).await;
    let r = h
        .call(
            Method::POST,
            &format!("/_emulator/v1/sessions/{sid}/connections/{sub}/streams"),
            Some(json!({"videoType": "camera"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "subscribers may not publish");
    let conns = h.op(&ListConnections::new(&sid)).await.expect("list");
    assert_eq!(conns.items.len(), 2);
    // Control API needs REST auth.
    let r = h
        .raw(
            Method::GET,
            &format!("/_emulator/v1/sessions/{sid}/events"),
            &[],
            vec![],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn staging_tokens_are_accepted_only_in_staging_mode() {
    let h = start_with(builder().staging(true)).await;
    let sid = h.session(true).await;
    let r = h.join_with(&sid, "devtoken").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["role"], "publisher");
    let r = h.join_with(&sid, "moderator_token").await;
    assert_eq!(r.json["role"], "moderator");
}

#[tokio::test]
async fn signals_streams_and_the_event_feed() {
    let h = start().await;
    let sid = h.session(true).await;
    let e = h
        .op(&Signal::new(&sid, "hi"))
        .await
        .expect_err("nobody connected");
    assert_eq!(e.api().expect("api").status.as_u16(), 404);
    let a = h.join(&sid, Role::Publisher).await;
    let b = h.join(&sid, Role::Moderator).await;
    h.op(&Signal::new(&sid, "hello all").signal_type("chat"))
        .await
        .expect("signal");
    h.op(&SignalConnection::new(&sid, &b, "just you"))
        .await
        .expect("signal one");
    let e = h
        .op(&SignalConnection::new(&sid, "nobody", "x"))
        .await
        .expect_err("unknown connection");
    assert_eq!(e.api().expect("api").status.as_u16(), 404);
    let path = format!("/v2/project/{{k}}/session/{sid}/signal");
    let r = h
        .call(
            Method::POST,
            &path,
            Some(json!({"type": "t".repeat(129), "data": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = h
        .call(
            Method::POST,
            &path,
            Some(json!({"type": "t", "data": "x".repeat(8193)})),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = h.call(Method::POST, &path, Some(json!({"type": "t"}))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["code"], 15202);
    let sa = h.publish(&sid, &a, "camera").await;
    let sb = h.publish(&sid, &b, "screen").await;
    let list = h.op(&ListStreams::new(&sid)).await.expect("streams");
    assert_eq!(list.count, 2);
    let got = h.op(&GetStream::new(&sid, &sb)).await.expect("stream");
    assert_eq!(got.video_type.expect("type").as_str(), "screen");
    let r = h
        .call(
            Method::GET,
            &format!("/v2/project/{{k}}/session/{sid}/stream/nope"),
            None,
        )
        .await;
    assert_eq!(r.status.as_u16(), 408, "the service's invalid stream id status");
    h.op(&SetStreamLayoutClasses::new(&sid).stream(&sa, ["focus", "full"]))
        .await
        .expect("classes");
    let got = h.op(&GetStream::new(&sid, &sa)).await.expect("stream");
    assert_eq!(got.layout_class_list, vec!["focus", "full"]);
    let r = h
        .call(
            Method::PUT,
            &format!("/v2/project/{{k}}/session/{sid}/stream"),
            Some(json!({"items": [{"id": "nope", "layoutClassList": []}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    h.op(&PlayDtmf::new(&sid, "12#p3")).await.expect("dtmf");
    h.op(&PlayDtmfConnection::new(&sid, &a, "9"))
        .await
        .expect("dtmf one");
    let r = h
        .call(
            Method::POST,
            &format!("/v2/project/{{k}}/session/{sid}/play-dtmf"),
            Some(json!({"digits": "12x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["message"], "Invalid DTMF Digits");
    let ev = h.events(&sid).await;
    let signals = of_type(&ev, "signal");
    assert_eq!(signals.len(), 2);
    assert_eq!(signals[0]["signalType"], "chat");
    assert_eq!(signals[0]["data"], "hello all");
    assert!(signals[0]["to"].is_null());
    assert_eq!(signals[1]["to"], b.as_str());
    let dtmf = of_type(&ev, "dtmf");
    assert_eq!(dtmf.len(), 2);
    assert_eq!(dtmf[0]["digits"], "12#p3");
    let seqs: Vec<u64> = ev.iter().map(|e| e["seq"].as_u64().expect("seq")).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order");
    // `since` returns only later events.
    let last = *seqs.last().expect("some");
    let r = h
        .call(
            Method::GET,
            &format!("/_emulator/v1/sessions/{sid}/events?since={last}"),
            None,
        )
        .await;
    assert_eq!(r.json["count"], 0);
}

#[tokio::test]
async fn force_mute_mute_all_with_exclusions_and_disconnect() {
    let h = start().await;
    let sid = h.session(true).await;
    let a = h.join(&sid, Role::Publisher).await;
    let b = h.join(&sid, Role::Publisher).await;
    let sa = h.publish(&sid, &a, "camera").await;
    let sb = h.publish(&sid, &b, "camera").await;
    let sc = h.publish(&sid, &b, "screen").await;
    // Both mute calls answer with the spec's Project-Details.
    let before = std::time::SystemTime::now();
    let d = h
        .op(&ForceMuteStream::new(&sid, &sa))
        .await
        .expect("mute one")
        .expect("project details");
    assert_eq!(d.application_id.as_deref(), Some(KEY));
    assert_eq!(d.status, Some(ProjectStatus::Active));
    assert_eq!(d.environment, Some(ProjectEnvironment::Standard));
    assert!(d.name.as_deref().is_some_and(|n| !n.is_empty()));
    let created = d.created_at.expect("createdAt");
    assert!(
        created <= before && created > std::time::UNIX_EPOCH,
        "{created:?}"
    );
    let e = h
        .op(&ForceMuteStream::new(&sid, "nope"))
        .await
        .expect_err("unknown");
    assert_eq!(e.api().expect("api").status.as_u16(), 404);
    let all = h.op(&MuteAll::enable(&sid).exclude(&sb)).await.expect("mute all");
    assert_eq!(all, Some(d));
    // What the Python SDK sends: `excludedStreams` and a string boolean.
    let r = h
        .call(
            Method::POST,
            &format!("/v2/project/{{k}}/session/{sid}/mute"),
            Some(json!({"active": "true", "excludedStreams": [sc]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let ev = h.events(&sid).await;
    let mutes: Vec<(String, String)> = of_type(&ev, "forceMute")
        .iter()
        .map(|e| {
            (
                e["streamId"].as_str().unwrap_or("").to_owned(),
                e["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        mutes,
        vec![
            (sa.clone(), "forceMute".to_owned()),
            (sa.clone(), "muteAll".to_owned()),
            (sc.clone(), "muteAll".to_owned()),
            (sa.clone(), "muteAll".to_owned()),
            (sb.clone(), "muteAll".to_owned()),
        ]
    );
    let all = of_type(&ev, "muteAll");
    assert_eq!(all[0]["excludedStreamIds"], json!([sb]));
    // A stream published during mute-all starts muted; after disabling it does not.
    let sd = h.publish(&sid, &a, "camera").await;
    h.op(&MuteAll::disable(&sid)).await.expect("disable");
    let se = h.publish(&sid, &a, "camera").await;
    let ev = h.events(&sid).await;
    let muted: Vec<&str> = of_type(&ev, "forceMute")
        .iter()
        .filter_map(|e| e["streamId"].as_str())
        .collect();
    assert!(muted.contains(&sd.as_str()));
    assert!(!muted.contains(&se.as_str()));
    let r = h
        .call(
            Method::POST,
            &format!("/v2/project/{{k}}/session/{sid}/mute"),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Force disconnect removes the connection and its streams.
    h.op(&ForceDisconnect::new(&sid, &b)).await.expect("disconnect");
    let e = h.op(&ForceDisconnect::new(&sid, &b)).await.expect_err("gone");
    assert_eq!(e.api().expect("api").status.as_u16(), 404);
    let streams = h.op(&ListStreams::new(&sid)).await.expect("streams");
    assert!(streams.items.iter().all(|s| s.id != sb && s.id != sc));
    let ev = h.events(&sid).await;
    let gone = of_type(&ev, "connectionDestroyed");
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["reason"], "forceDisconnected");
    assert_eq!(gone[0]["connection"]["id"], b.as_str());
}
