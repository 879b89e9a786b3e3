//! Test harness: an emulator on 127.0.0.1:0 and a small hyper client that signs requests with
//! core's REST auth, sends core's operations, and drives the control API.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use opentok_core::nonce::OsNonce;
use opentok_core::rest_auth::{REST_AUTH_HEADER, rest_auth_token};
use opentok_core::session::{CreateSession, MediaMode};
use opentok_core::token::{Role, TokenOptions};
use opentok_core::{ApiUrl, Credentials, Operation, ProjectCredentials, RequestContext, ResponseError};
use opentok_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
use serde_json::Value;

pub mod official_sdk;

pub const KEY: &str = "47001234";
pub const SECRET: &str = "584febcb92be7d3af15c92e1035d151c90d8cb81";

pub struct Harness {
    pub emu: EmulatorHandle,
    pub client: Client<HttpConnector, Full<Bytes>>,
    pub creds: Credentials,
    pub project: ProjectCredentials,
    pub api_url: ApiUrl,
}

pub fn builder() -> EmulatorBuilder {
    Emulator::builder().project(KEY, SECRET)
}

pub async fn start() -> Harness {
    start_with(builder()).await
}

pub async fn start_with(b: EmulatorBuilder) -> Harness {
    let emu = b.start().await.expect("emulator starts");
    let project = emu.projects()[0].clone();
    let creds = Credentials::from(project.clone());
    let api_url = ApiUrl::new(emu.base_url()).expect("base url");
    Harness {
        emu,
        client: Client::builder(TokioExecutor::new()).build_http(),
        creds,
        project,
        api_url,
    }
}

/// A parsed reply: status, headers and body (JSON when it parses, else `Null`).
pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub bytes: Vec<u8>,
    pub json: Value,
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emu.base_url(), path.replace("{k}", KEY))
    }

    pub fn auth_at(&self, at: SystemTime) -> String {
        rest_auth_token(&self.project, at, &OsNonce)
    }

    pub fn auth(&self) -> String {
        self.auth_at(SystemTime::now())
    }

    pub async fn send(&self, req: Request<Vec<u8>>) -> Response<Vec<u8>> {
        let (parts, body) = req.into_parts();
        let req = Request::from_parts(parts, Full::new(Bytes::from(body)));
        let resp = tokio::time::timeout(Duration::from_secs(10), self.client.request(req))
            .await
            .expect("no timeout")
            .expect("request sent");
        let (parts, body) = resp.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes().to_vec();
        Response::from_parts(parts, bytes)
    }

    /// Builds `op` with core, sends it, and parses the reply with core.
    pub async fn op<O: Operation>(&self, op: &O) -> Result<O::Output, ResponseError> {
        let ctx = RequestContext::new(&self.creds, &self.api_url, SystemTime::now(), &OsNonce);
        let req = op.build(&ctx).expect("valid request");
        let resp = self.send(req).await;
        op.parse(&resp)
    }

    /// A request with custom headers (no auth added).
    pub async fn raw(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut b = Request::builder().method(method).uri(self.url(path));
        // Ask for JSON unless the caller chose (without it, REST errors come as XML).
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            b = b.header("accept", "application/json");
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let resp = self.send(b.body(body).expect("request")).await;
        let json = serde_json::from_slice(resp.body()).unwrap_or(Value::Null);
        Reply {
            status: resp.status(),
            headers: resp.headers().clone(),
            json,
            bytes: resp.into_body(),
        }
    }

    /// A JSON request signed with a fresh REST token.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let token = self.auth();
        let bytes = body
            .map(|b| serde_json::to_vec(&b).expect("json"))
            .unwrap_or_default();
        self.raw(
            method,
            path,
            &[
                (REST_AUTH_HEADER.as_str(), &token),
                ("content-type", "application/json"),
                ("accept", "application/json"),
            ],
            bytes,
        )
        .await
    }

    pub async fn session(&self, routed: bool) -> String {
        let mode = if routed {
            MediaMode::Routed
        } else {
            MediaMode::Relayed
        };
        self.op(&CreateSession::new().media_mode(mode))
            .await
            .expect("session created")
            .session_id
    }

    pub fn token(&self, sid: &str, role: Role) -> String {
        opentok_core::token::mint(
            &self.creds,
            sid,
            &TokenOptions::new().role(role).data("name=test"),
            SystemTime::now(),
            &OsNonce,
        )
        .expect("token minted")
    }

    pub async fn join_with(&self, sid: &str, token: &str) -> Reply {
        self.call(
            Method::POST,
            &format!("/_emulator/v1/sessions/{sid}/connections"),
            Some(serde_json::json!({"token": token})),
        )
        .await
    }

    pub async fn join(&self, sid: &str, role: Role) -> String {
        let r = self.join_with(sid, &self.token(sid, role)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        r.json["connectionId"].as_str().expect("connection id").to_owned()
    }

    pub async fn publish(&self, sid: &str, cid: &str, video_type: &str) -> String {
        let r = self
            .call(
                Method::POST,
                &format!("/_emulator/v1/sessions/{sid}/connections/{cid}/streams"),
                Some(serde_json::json!({"videoType": video_type, "name": "cam"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        r.json["streamId"].as_str().expect("stream id").to_owned()
    }

    pub async fn events(&self, sid: &str) -> Vec<Value> {
        let r = self
            .call(Method::GET, &format!("/_emulator/v1/sessions/{sid}/events"), None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        r.json["items"].as_array().cloned().unwrap_or_default()
    }

    /// The `count` of the session's connection list (`GET …/session/{sid}/connection`, 200).
    pub async fn connection_count(&self, sid: &str) -> Value {
        let r = self
            .call(
                Method::GET,
                &format!("/v2/project/{{k}}/session/{sid}/connection"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{sid}");
        r.json["count"].clone()
    }

    /// Polls `f` every 20 ms for up to 5 s.
    pub async fn eventually<F, Fut>(&self, mut f: F) -> bool
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        for _ in 0..250 {
            if f().await {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }
}

/// The events of one type.
pub fn of_type<'a>(events: &'a [Value], ty: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == ty).collect()
}
