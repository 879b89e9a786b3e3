//! The emulator against a trivial hyper server, per route class: each class sends the same
//! requests (built by core's operations, a fresh REST auth token each) to both servers from
//! 64 keep-alive HTTP/1 connections on 127.0.0.1, and prints both servers' requests per
//! second and p99 latency side by side, and the ratios. The trivial server reads the body and
//! answers a fixed `{}`. Bounded: at most a fixed request count per class and server, sent
//! within 20 s (one request per connection may still be in flight then).
//! Run: `cargo bench -p opentok-emulator --bench throughput`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::{Request, Response, Uri, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use opentok_core::archive::{GetArchive, ListArchives, StartArchive, StopArchive};
use opentok_core::legacy::GetManifest;
use opentok_core::nonce::OsNonce;
use opentok_core::session::{CreateSession, MediaMode};
use opentok_core::signal::Signal;
use opentok_core::stream::ListStreams;
use opentok_core::token::{Role, TokenOptions};
use opentok_core::{ApiUrl, Credentials, Operation, RequestContext};
use opentok_emulator::participant::{Join, Publish};

/// Keep-alive connections per class.
const CONNECTIONS: usize = 64;
/// Requests per class and server (archive start and stop each make or end this many
/// archives, under the default cap of 10 000 per project).
const REQUESTS: usize = 8_000;
/// After this long a class sends no more requests to that server (the figures then count
/// the requests answered).
const CAP: Duration = Duration::from_secs(20);

type Make = Arc<dyn Fn(usize) -> Request<Full<Bytes>> + Send + Sync>;

/// Both servers' figures for one class.
struct Figures {
    answered: usize,
    rps: f64,
    p50_us: u64,
    p99_us: u64,
}

/// Sends `REQUESTS` requests made by `make` to `addr` over `CONNECTIONS` connections.
async fn load(addr: SocketAddr, make: Make) -> Figures {
    let mut senders = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
        tcp.set_nodelay(true).expect("nodelay");
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .expect("handshake");
        tokio::spawn(conn);
        senders.push(send);
    }
    let start = Instant::now();
    let end = start + CAP;
    let tasks: Vec<_> = senders
        .into_iter()
        .enumerate()
        .map(|(w, mut send)| {
            let make = make.clone();
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(REQUESTS / CONNECTIONS + 1);
                for i in (w..REQUESTS).step_by(CONNECTIONS) {
                    if Instant::now() >= end {
                        break;
                    }
                    let req = make(i);
                    let t0 = Instant::now();
                    send.ready().await.expect("ready");
                    let resp = send.send_request(req).await.expect("response");
                    let status = resp.status();
                    let body = resp.into_body().collect().await.expect("body");
                    lat.push(u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX));
                    assert!(
                        status.is_success(),
                        "{status}: {}",
                        String::from_utf8_lossy(&body.to_bytes())
                    );
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::with_capacity(REQUESTS);
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    let secs = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Figures {
        answered: all.len(),
        rps: all.len() as f64 / secs,
        p50_us: at(0.50),
        p99_us: at(0.99),
    }
}

/// A request built by `op` for the emulator, in origin form (path and query) for a
/// connection that is already open.
fn request<O: Operation>(op: &O, creds: &Credentials, url: &ApiUrl) -> Request<Full<Bytes>> {
    let ctx = RequestContext::new(creds, url, SystemTime::now(), &OsNonce);
    let (mut parts, body) = op.build(&ctx).expect("valid").into_parts();
    let host = parts.uri.authority().expect("absolute").to_string();
    parts.uri = Uri::try_from(parts.uri.path_and_query().expect("path").as_str()).expect("uri");
    parts.headers.insert(header::HOST, host.parse().expect("host"));
    Request::from_parts(parts, Full::new(Bytes::from(body)))
}

/// A hyper HTTP/1 server that reads each body and answers `{}`.
async fn trivial_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let _ = tcp.set_nodelay(true);
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(|req: Request<Incoming>| async move {
                    let _ = req.into_body().collect().await?;
                    let mut r = Response::new(Full::new(Bytes::from_static(b"{}")));
                    r.headers_mut()
                        .insert(header::CONTENT_TYPE, "application/json".parse().expect("type"));
                    Ok::<_, hyper::Error>(r)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), svc)
                    .await;
            });
        }
    });
    addr
}

struct Setup {
    client: Client<HttpConnector, Full<Bytes>>,
    creds: Credentials,
    url: ApiUrl,
}

impl Setup {
    /// Sends `op` to the emulator through a pooled client and parses the reply.
    async fn call<O: Operation>(&self, op: &O) -> O::Output {
        let ctx = RequestContext::new(&self.creds, &self.url, SystemTime::now(), &OsNonce);
        let (parts, body) = op.build(&ctx).expect("valid").into_parts();
        let resp = self
            .client
            .request(Request::from_parts(parts, Full::new(Bytes::from(body))))
            .await
            .expect("sent");
        let (parts, body) = resp.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes().to_vec();
        match op.parse(&Response::from_parts(parts, bytes)) {
            Ok(o) => o,
            Err(e) => panic!("{} failed: {e}", O::INFO.name),
        }
    }
}

fn main() {
    // The servers run on one runtime, the load on another, each on its own threads.
    let servers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (emu, trivial) = servers.block_on(async {
        let emu = opentok_emulator::Emulator::builder()
            .project("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81")
            .start()
            .await
            .expect("starts");
        (emu, trivial_server().await)
    });
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let creds = Credentials::from(emu.projects()[0].clone());
    let url = ApiUrl::new(emu.base_url()).expect("url");
    let setup = Arc::new(Setup {
        client: Client::builder(TokioExecutor::new()).build_http(),
        creds: creds.clone(),
        url: url.clone(),
    });
    let emu_addr = emu.local_addr();

    println!(
        "{CONNECTIONS} keep-alive connections, {REQUESTS} requests per class and server\n\
         {:<16} {:>11} {:>11} {:>7} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "class", "emu req/s", "hyper req/s", "ratio", "emu p50", "hyper p50", "emu p99", "hyper p99", "p99 ×"
    );
    clients.block_on(async move {
        // The shared scene: a routed session with a connected client that publishes a stream.
        let sid = setup
            .call(&CreateSession::new().media_mode(MediaMode::Routed))
            .await
            .session_id;
        let token = opentok_core::token::mint(
            &creds,
            &sid,
            &TokenOptions::new().role(Role::Publisher),
            SystemTime::now(),
            &OsNonce,
        )
        .expect("token");
        let cid = setup.call(&Join::new(&sid, &token)).await;
        setup.call(&Publish::new(&sid, &cid)).await;
        let moderator = opentok_core::token::mint(
            &creds,
            &sid,
            &TokenOptions::new().role(Role::Moderator),
            SystemTime::now(),
            &OsNonce,
        )
        .expect("token");

        let (c, u) = (creds.clone(), url.clone());
        let create: Make =
            Arc::new(move |_| request(&CreateSession::new().media_mode(MediaMode::Routed), &c, &u));
        run("session create", &create, emu_addr, trivial).await;
        let (c, u, s) = (creds.clone(), url.clone(), sid.clone());
        let start: Make =
            Arc::new(move |i| request(&StartArchive::new(&s).multi_archive_tag(format!("t{i}")), &c, &u));
        run("archive start", &start, emu_addr, trivial).await;
        // The archives just started, for get, the manifest and stop.
        let mut ids = Vec::new();
        loop {
            let page = setup
                .call(
                    &ListArchives::new()
                        .offset(u32::try_from(ids.len()).expect("small"))
                        .count(1000),
                )
                .await;
            if page.items.is_empty() {
                break;
            }
            ids.extend(page.items.into_iter().map(|a| a.id));
        }
        let ids = Arc::new(ids);
        let mut classes: Vec<(&str, Make)> = Vec::new();
        let (c, u, a) = (creds.clone(), url.clone(), ids.clone());
        classes.push((
            "archive get",
            Arc::new(move |i| request(&GetArchive::new(&a[i % a.len()]), &c, &u)),
        ));
        let (c, u) = (creds.clone(), url.clone());
        classes.push((
            "archive list",
            Arc::new(move |_| request(&ListArchives::new(), &c, &u)),
        ));
        let (c, u, s) = (creds.clone(), url.clone(), sid.clone());
        classes.push((
            "stream list",
            Arc::new(move |_| request(&ListStreams::new(&s), &c, &u)),
        ));
        let (c, u, s) = (creds.clone(), url.clone(), sid.clone());
        classes.push((
            "signal",
            Arc::new(move |_| request(&Signal::new(&s, "hello").signal_type("chat"), &c, &u)),
        ));
        let (c, u, a, t) = (creds.clone(), url.clone(), ids.clone(), moderator.clone());
        classes.push((
            "legacy manifest",
            Arc::new(move |i| request(&GetManifest::new(&a[i % a.len()], &t), &c, &u)),
        ));
        for (name, make) in classes {
            run(name, &make, emu_addr, trivial).await;
        }
        // Each archive is stopped once (the same requests then go to the trivial server).
        let (c, u) = (creds.clone(), url.clone());
        let stop: Make = Arc::new(move |i| request(&StopArchive::new(&ids[i]), &c, &u));
        run("archive stop", &stop, emu_addr, trivial).await;
    });
    servers.block_on(emu.shutdown());
}

/// Loads both servers with the same requests and prints one line.
async fn run(name: &str, make: &Make, emu: SocketAddr, trivial: SocketAddr) {
    let e = load(emu, make.clone()).await;
    let h = load(trivial, make.clone()).await;
    println!(
        "{name:<16} {:>11.0} {:>11.0} {:>6.2}× {:>7}µs {:>7}µs {:>7}µs {:>7}µs {:>6.2}×",
        e.rps,
        h.rps,
        e.rps / h.rps,
        e.p50_us,
        h.p50_us,
        e.p99_us,
        h.p99_us,
        e.p99_us as f64 / h.p99_us as f64
    );
    if e.answered < REQUESTS {
        println!(
            "  (the emulator answered {} of {REQUESTS} within the cap)",
            e.answered
        );
    }
}
