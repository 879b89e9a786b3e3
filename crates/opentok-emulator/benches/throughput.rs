//! The emulator against a floor, per route class, measured so that a noisy two-core machine
//! gives figures that hold from run to run.
//!
//! How it measures:
//! - The floor is the same work done plainly with the crates the emulator is built on: a
//!   hyper HTTP/1 server (hyper's connection builder with its defaults, keep-alive on, one
//!   task per connection, `TCP_NODELAY`) that reads each request's body and answers `{}` as
//!   `application/json`. The emulator is started as users start it (`Emulator::builder()`,
//!   its defaults), except for a higher archive cap so that every archive start fits.
//! - Both servers run on one tokio runtime of [`SERVER_WORKERS`] threads; the load runs on
//!   another of [`CLIENT_WORKERS`] threads. Each load opens [`CONNECTIONS`] keep-alive HTTP/1
//!   connections on 127.0.0.1 (port 0 servers, hyper's client connection, `TCP_NODELAY`),
//!   and each connection sends its share of the requests one after another.
//! - The requests are built by core's operations (a fresh REST auth token each) before the
//!   load's clock starts, and the same requests go to both servers.
//! - Per class: one warm-up load of [`WARMUP`] requests on each server (not counted), then
//!   [`ROUNDS`] rounds, each loading both servers with [`PER_ROUND`] requests: the floor
//!   first in even rounds, the emulator first in odd ones, so a change in the machine's load
//!   falls on both alike. A load's req/s is the requests answered over the wall time from
//!   the first send to the last answer; its p99 is of each request's time from send to the
//!   last byte of the reply.
//! - Printed per class: the median over the rounds of the emulator/floor req/s ratio and of
//!   the emulator/floor p99 ratio, each round's pair taken together, with the lowest and
//!   highest round in brackets; then the medians of each server's req/s and p99. The target
//!   (issue 13 item 5) is a req/s ratio of at least 0.5 and a p99 ratio of at most 2.
//! - Bounded: a load sends at most its request count, and nothing after [`CAP`] (the
//!   figures then count the requests answered; a line says so).
//!
//! Run: `cargo bench -p opentok-emulator --bench throughput` (all classes, about a minute),
//! or with words after `--` to run only the classes whose name contains one of them.

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

/// Keep-alive connections per load.
const CONNECTIONS: usize = 64;
/// Threads of the runtime both servers run on.
const SERVER_WORKERS: usize = 2;
/// Threads of the runtime the load runs on.
const CLIENT_WORKERS: usize = 2;
/// Requests of the warm-up load on each server, per class.
const WARMUP: usize = 2_000;
/// Measured rounds per class.
const ROUNDS: usize = 9;
/// Requests per load in a round.
const PER_ROUND: usize = 4_000;
/// Requests one class sends each server: the stop class stops each archive the start class
/// started, once.
const PER_CLASS: usize = WARMUP + ROUNDS * PER_ROUND;
/// After this long a load sends no more requests.
const CAP: Duration = Duration::from_secs(10);

/// Builds request `i` of a class.
type Make = Arc<dyn Fn(usize) -> Request<Full<Bytes>> + Send + Sync>;

/// One load's figures.
#[derive(Debug, Clone, Copy)]
struct Figures {
    answered: usize,
    rps: f64,
    p99_us: u64,
}

/// Sends requests `from..from + n` made by `make` to `addr` over [`CONNECTIONS`]
/// connections; connection `w` sends every `CONNECTIONS`th request from the `w`th.
async fn load(addr: SocketAddr, make: &Make, from: usize, n: usize) -> Figures {
    let mut batches: Vec<Vec<_>> = (0..CONNECTIONS).map(|_| Vec::new()).collect();
    for i in 0..n {
        batches[i % CONNECTIONS].push(make(from + i));
    }
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
        .zip(batches)
        .map(|(mut send, batch)| {
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(batch.len());
                for req in batch {
                    if Instant::now() >= end {
                        break;
                    }
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
    let mut all = Vec::with_capacity(n);
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    let secs = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let p99 = all
        .get(((all.len() as f64 * 0.99) as usize).min(all.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0);
    Figures {
        answered: all.len(),
        rps: all.len() as f64 / secs,
        p99_us: p99,
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

/// The floor: a hyper HTTP/1 server that reads each body and answers `{}`.
async fn floor_server() -> SocketAddr {
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

    /// The ids of every archive of the project, oldest first.
    async fn archive_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        loop {
            let offset = u32::try_from(ids.len()).expect("small");
            let page = self.call(&ListArchives::new().offset(offset).count(1000)).await;
            if page.items.is_empty() {
                break;
            }
            ids.extend(page.items.into_iter().map(|a| a.id));
        }
        ids.reverse();
        ids
    }
}

/// The two servers' addresses.
#[derive(Clone, Copy)]
struct Servers {
    emu: SocketAddr,
    floor: SocketAddr,
}

/// The middle value of `v` (the mean of the two middle ones when even), and the lowest and
/// highest.
fn median_and_range(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let mid = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (mid, v[0], v[n - 1])
}

/// Measures one class (see the header) and prints its line.
async fn measure(name: &str, make: &Make, at: Servers) {
    load(at.floor, make, 0, WARMUP).await;
    let warm = load(at.emu, make, 0, WARMUP).await;
    let mut short = (warm.answered < WARMUP).then_some(warm.answered);
    let mut rounds = Vec::with_capacity(ROUNDS);
    for r in 0..ROUNDS {
        let from = WARMUP + r * PER_ROUND;
        let (e, f) = if r % 2 == 0 {
            let f = load(at.floor, make, from, PER_ROUND).await;
            (load(at.emu, make, from, PER_ROUND).await, f)
        } else {
            let e = load(at.emu, make, from, PER_ROUND).await;
            (e, load(at.floor, make, from, PER_ROUND).await)
        };
        if e.answered < PER_ROUND {
            short = Some(e.answered);
        }
        rounds.push((e, f));
    }
    let ratio = median_and_range(rounds.iter().map(|(e, f)| e.rps / f.rps).collect());
    let p99 = median_and_range(
        rounds
            .iter()
            .map(|(e, f)| e.p99_us as f64 / f.p99_us.max(1) as f64)
            .collect(),
    );
    let median = |g: fn(&(Figures, Figures)) -> f64| median_and_range(rounds.iter().map(g).collect()).0;
    let verdict = if ratio.0 >= 0.5 && p99.0 <= 2.0 {
        "yes"
    } else {
        "no"
    };
    println!(
        "{name:<16} {:>5.2}× [{:.2}–{:.2}] {:>5.2}× [{:.2}–{:.2}] {:>9.0} {:>9.0} {:>7.0}µs {:>7.0}µs {verdict:>5}",
        ratio.0,
        ratio.1,
        ratio.2,
        p99.0,
        p99.1,
        p99.2,
        median(|(e, _)| e.rps),
        median(|(_, f)| f.rps),
        median(|(e, _)| e.p99_us as f64),
        median(|(_, f)| f.p99_us as f64),
    );
    if let Some(n) = short {
        println!("  (a load on the emulator answered only {n} requests within {CAP:?})");
    }
}

/// The machine's load averages, when the system shows them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    // Words after `--` (cargo's own `--bench` flag aside) pick classes by name.
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = move |name: &str| words.is_empty() || words.iter().any(|w| name.contains(w.as_str()));

    let servers = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(SERVER_WORKERS)
        .thread_name("server")
        .enable_all()
        .build()
        .expect("runtime");
    let (emu, floor) = servers.block_on(async {
        let mut limits = opentok_emulator::Limits::default();
        limits.archives = PER_CLASS + 1_000;
        let emu = opentok_emulator::Emulator::builder()
            .project("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81")
            .limits(limits)
            .start()
            .await
            .expect("starts");
        (emu, floor_server().await)
    });
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(CLIENT_WORKERS)
        .thread_name("load")
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
    let at = Servers {
        emu: emu.local_addr(),
        floor,
    };

    println!(
        "{CONNECTIONS} keep-alive connections; server runtime {SERVER_WORKERS} threads, load \
         runtime {CLIENT_WORKERS}; per class {WARMUP} warm-up requests, then {ROUNDS} rounds of \
         {PER_ROUND} per server, alternating which goes first; load average {}\n\
         ratios are emulator/floor, the median of the rounds [lowest–highest]\n\
         {:<16} {:>20} {:>20} {:>9} {:>9} {:>9} {:>9} {:>5}",
        load_average(),
        "class",
        "req/s ratio",
        "p99 ratio",
        "emu req/s",
        "floor",
        "emu p99",
        "floor",
        "meets"
    );
    clients.block_on(async move {
        // The shared scene: a routed session with a connected client that publishes a stream.
        let sid = setup
            .call(&CreateSession::new().media_mode(MediaMode::Routed))
            .await
            .session_id;
        let mint = |role| {
            opentok_core::token::mint(
                &creds,
                &sid,
                &TokenOptions::new().role(role),
                SystemTime::now(),
                &OsNonce,
            )
            .expect("token")
        };
        let cid = setup.call(&Join::new(&sid, &mint(Role::Publisher))).await;
        setup.call(&Publish::new(&sid, &cid)).await;
        let moderator = mint(Role::Moderator);

        let (c, u) = (creds.clone(), url.clone());
        let create: Make =
            Arc::new(move |_| request(&CreateSession::new().media_mode(MediaMode::Routed), &c, &u));
        if wanted("session create") {
            measure("session create", &create, at).await;
        }
        let (c, u, s) = (creds.clone(), url.clone(), sid.clone());
        let start: Make =
            Arc::new(move |i| request(&StartArchive::new(&s).multi_archive_tag(format!("t{i}")), &c, &u));
        if wanted("archive start") {
            measure("archive start", &start, at).await;
        } else {
            // The archives the other classes read and stop, started unmeasured.
            load(at.emu, &start, 0, PER_CLASS).await;
        }
        let ids = Arc::new(setup.archive_ids().await);
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
            if wanted(name) {
                measure(name, &make, at).await;
            }
        }
        // Each archive is stopped once (the same requests then go to the floor).
        if wanted("archive stop") {
            if ids.len() < PER_CLASS {
                println!("archive stop: only {} archives to stop, skipped", ids.len());
            } else {
                let (c, u) = (creds.clone(), url.clone());
                let stop: Make = Arc::new(move |i| request(&StopArchive::new(&ids[i]), &c, &u));
                measure("archive stop", &stop, at).await;
            }
        }
    });
    println!("load average at the end: {}", load_average());
    servers.block_on(emu.shutdown());
}
