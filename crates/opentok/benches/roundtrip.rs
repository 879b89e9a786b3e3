//! Prints, against the embedded emulator on loopback:
//! 1. the SDK's create-session round trip vs the same request (built and signed by core) sent
//!    by a bare hyper client and its body collected;
//! 2. 10,000 create-session calls from 64 concurrent tasks: requests per second, errors and
//!    the process's peak memory (emulator included, it runs in the same process).
//!
//! `cargo bench -p opentok-sdk --bench roundtrip` (bounded: a few seconds on two cores).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use opentok::session::CreateSession;
use opentok::{
    ApiUrl, Credentials, HttpRequest, OpenTok, Operation, OsNonce, RequestContext, Sent, TransportError,
    TransportErrorKind,
};

const KEY: &str = "47001234";
const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";
const SEQUENTIAL: usize = 2_000;
const WARMUP: usize = 200;
const LOAD_CALLS: usize = 10_000;
const LOAD_TASKS: usize = 64;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let emu = opentok_emulator::Emulator::builder()
        .project(KEY, SECRET)
        .start()
        .await
        .expect("emulator");
    let ot = OpenTok::builder(KEY, SECRET)
        .api_url(emu.base_url())
        .build()
        .expect("client");
    println!("emulator at {}", emu.base_url());
    println!("rss before: {} KiB", vm_kib("VmRSS"));

    // 1. Round trip: SDK vs bare hyper, alternating rounds to share any drift.
    let creds = Credentials::new(KEY, SECRET).expect("creds");
    let url = ApiUrl::new(emu.base_url()).expect("url");
    let bare: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let op = CreateSession::new();
    // The facade over a closure transport that is bare hyper: separates the facade's cost
    // (build, parse) from the production transport's (timeouts, retries, body cap, tracing).
    let hyper_for_closure = bare.clone();
    let over_bare = OpenTok::builder(KEY, SECRET)
        .api_url(emu.base_url())
        .transport(move |req: HttpRequest| {
            let client = hyper_for_closure.clone();
            async move {
                let fail = |e: &dyn std::fmt::Display| {
                    TransportError::new(TransportErrorKind::Io, Sent::Maybe, e.to_string())
                };
                let response = client
                    .request(req.map(|b| Full::new(Bytes::from(b))))
                    .await
                    .map_err(|e| fail(&e))?;
                let (parts, body) = response.into_parts();
                let bytes = body.collect().await.map_err(|e| fail(&e))?.to_bytes();
                Ok(http::Response::from_parts(parts, bytes.to_vec()))
            }
        })
        .build()
        .expect("client");
    let mut sdk_times = Vec::with_capacity(SEQUENTIAL);
    let mut bare_times = Vec::with_capacity(SEQUENTIAL);
    let mut facade_times = Vec::with_capacity(SEQUENTIAL);
    for i in 0..(WARMUP + SEQUENTIAL) {
        let t = Instant::now();
        let s = ot.sessions().create(op.clone()).await.expect("sdk create");
        let sdk = t.elapsed();
        assert!(!s.session_id.is_empty());

        // The same request (built and signed by core, as any client must), sent by hyper alone.
        let t = Instant::now();
        let request = {
            let ctx = RequestContext::new(&creds, &url, std::time::SystemTime::now(), &OsNonce);
            op.build(&ctx).expect("build")
        };
        let response = bare
            .request(request.map(|b| Full::new(Bytes::from(b))))
            .await
            .expect("bare create");
        let status = response.status();
        let body = response.into_body().collect().await.expect("body").to_bytes();
        let bare_elapsed = t.elapsed();
        assert!(status.is_success() && !body.is_empty(), "{status}");
        let t = Instant::now();
        over_bare
            .sessions()
            .create(op.clone())
            .await
            .expect("facade over bare hyper");
        let facade = t.elapsed();
        if i >= WARMUP {
            sdk_times.push(sdk);
            bare_times.push(bare_elapsed);
            facade_times.push(facade);
        }
    }
    let (sdk_med, sdk_mean) = stats(&mut sdk_times);
    let (bare_med, bare_mean) = stats(&mut bare_times);
    let (facade_med, facade_mean) = stats(&mut facade_times);
    println!(
        "create-session round trip over {SEQUENTIAL} sequential calls: SDK median {:.1} µs (mean {:.1}), bare hyper median {:.1} µs (mean {:.1}); SDK overhead {:+.1} % (median), {:+.1} % (mean)",
        micros(sdk_med),
        micros(sdk_mean),
        micros(bare_med),
        micros(bare_mean),
        100.0 * (micros(sdk_med) / micros(bare_med) - 1.0),
        100.0 * (micros(sdk_mean) / micros(bare_mean) - 1.0),
    );
    println!(
        "  facade over a bare-hyper closure transport: median {:.1} µs (mean {:.1}), {:+.1} % vs bare hyper (median)",
        micros(facade_med),
        micros(facade_mean),
        100.0 * (micros(facade_med) / micros(bare_med) - 1.0),
    );

    // 2. Load: 10,000 calls from 64 tasks sharing one client.
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(LOAD_TASKS);
    for _ in 0..LOAD_TASKS {
        let (ot, next, errors) = (ot.clone(), next.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < LOAD_CALLS {
                if ot.sessions().create(CreateSession::new()).await.is_err() {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }));
    }
    let deadline = Duration::from_secs(120);
    for t in tasks {
        tokio::time::timeout(deadline, t)
            .await
            .expect("bounded")
            .expect("task");
    }
    let elapsed = started.elapsed();
    println!(
        "{LOAD_CALLS} create-session calls from {LOAD_TASKS} tasks: {:.2} s, {:.0} requests/s, {} errors, peak RSS {} KiB (process: SDK + emulator)",
        elapsed.as_secs_f64(),
        LOAD_CALLS as f64 / elapsed.as_secs_f64(),
        errors.load(std::sync::atomic::Ordering::Relaxed),
        vm_kib("VmHWM"),
    );
    emu.shutdown().await;
}

fn stats(v: &mut [Duration]) -> (Duration, Duration) {
    v.sort();
    let median = v.get(v.len() / 2).copied().unwrap_or_default();
    let total: Duration = v.iter().sum();
    (median, total / u32::try_from(v.len().max(1)).unwrap_or(1))
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// A `/proc/self/status` field in KiB (0 where unavailable).
fn vm_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
