//! Prints session-create and archive-start throughput (requests per second) against the
//! emulator on loopback, from 16 concurrent clients. Bounded: a fixed request count per
//! figure and a 120 s cap. Run: `cargo bench -p opentok-emulator --bench throughput`.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::Request;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use opentok_core::archive::StartArchive;
use opentok_core::nonce::OsNonce;
use opentok_core::session::{CreateSession, MediaMode};
use opentok_core::token::{Role, TokenOptions};
use opentok_core::{ApiUrl, Credentials, Operation, RequestContext};

const CONCURRENCY: usize = 16;
const REQUESTS: usize = 8_000;

struct Ctx {
    client: Client<HttpConnector, Full<Bytes>>,
    creds: Credentials,
    url: ApiUrl,
}

impl Ctx {
    async fn op<O: Operation>(&self, op: &O) -> O::Output {
        let ctx = RequestContext::new(&self.creds, &self.url, SystemTime::now(), &OsNonce);
        let (parts, body) = op.build(&ctx).expect("valid").into_parts();
        let resp = self
            .client
            .request(Request::from_parts(parts, Full::new(Bytes::from(body))))
            .await
            .expect("sent");
        let (parts, body) = resp.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes().to_vec();
        match op.parse(&http::Response::from_parts(parts, bytes)) {
            Ok(o) => o,
            Err(e) => panic!("{} failed: {e}", O::INFO.name),
        }
    }
}

async fn run<F, Fut>(label: &str, f: F)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let f = Arc::new(f);
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|w| {
            let f = f.clone();
            tokio::spawn(async move {
                for i in (w..REQUESTS).step_by(CONCURRENCY) {
                    f(i).await;
                }
            })
        })
        .collect();
    for t in tasks {
        tokio::time::timeout(Duration::from_secs(120), t)
            .await
            .expect("bounded")
            .expect("task");
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{label}: {REQUESTS} requests, {CONCURRENCY} clients, {secs:.2} s, {:.0} req/s",
        REQUESTS as f64 / secs
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let emu = opentok_emulator::Emulator::builder()
            .project("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81")
            .start()
            .await
            .expect("starts");
        let ctx = Arc::new(Ctx {
            client: Client::builder(TokioExecutor::new()).build_http(),
            creds: Credentials::from(emu.projects()[0].clone()),
            url: ApiUrl::new(emu.base_url()).expect("url"),
        });
        let c = ctx.clone();
        run("session create", move |_| {
            let c = c.clone();
            async move {
                c.op(&CreateSession::new().media_mode(MediaMode::Routed)).await;
            }
        })
        .await;
        // One routed session with a connected client; each start uses its own tag.
        let sid = ctx
            .op(&CreateSession::new().media_mode(MediaMode::Routed))
            .await
            .session_id;
        let token = opentok_core::token::mint(
            &ctx.creds,
            &sid,
            &TokenOptions::new().role(Role::Publisher),
            SystemTime::now(),
            &OsNonce,
        )
        .expect("token");
        let join = Request::post(format!(
            "{}/_emulator/v1/sessions/{sid}/connections",
            emu.base_url()
        ))
        .header(
            "x-opentok-auth",
            opentok_core::rest_auth::rest_auth_token(&emu.projects()[0], SystemTime::now(), &OsNonce),
        )
        .body(Full::new(Bytes::from(format!("{{\"token\":\"{token}\"}}"))))
        .expect("request");
        let r = ctx.client.request(join).await.expect("join");
        assert!(r.status().is_success());
        let c = ctx.clone();
        run("archive start", move |i| {
            let c = c.clone();
            let sid = sid.clone();
            async move {
                c.op(&StartArchive::new(&sid).multi_archive_tag(format!("t{i}")))
                    .await;
            }
        })
        .await;
        emu.shutdown().await;
    });
}
