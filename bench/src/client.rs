//! Our side of `bench-peers` (bench/), run as its own process so that its peak memory is the
//! client's alone (the emulator runs in another process):
//!
//! `bench-client URL KEY CALLS TASKS`, the API secret in `OPENTOK_API_SECRET` (never argv),
//!
//! makes CALLS create-session calls from TASKS concurrent tasks sharing one `OpenTok` client on
//! a multi-threaded tokio runtime, after a warm-up of 200 sequential calls, and prints one line:
//! `calls=N errors=N secs=F rps=F hwm_kib=N` (peak RSS from `/proc/self/status` `VmHWM`).
//! Bounded: the whole load has a 120 s deadline.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use opentok::OpenTok;
use opentok::session::CreateSession;

const WARMUP: usize = 200;
const DEADLINE: Duration = Duration::from_secs(120);

fn main() -> std::process::ExitCode {
    match run() {
        Ok(line) => {
            println!("{line}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-client: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, key, calls, tasks] = args.as_slice() else {
        return Err("usage: bench-client URL KEY CALLS TASKS (secret in OPENTOK_API_SECRET)".into());
    };
    let secret = std::env::var("OPENTOK_API_SECRET").map_err(|_| "set OPENTOK_API_SECRET".to_owned())?;
    let calls: usize = calls.parse().map_err(|_| format!("CALLS: {calls:?}"))?;
    let tasks: usize = tasks.parse().map_err(|_| format!("TASKS: {tasks:?}"))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    rt.block_on(async {
        let ot = OpenTok::builder(key.as_str(), secret.as_str())
            .api_url(url.as_str())
            .build()
            .map_err(|e| format!("client: {e}"))?;
        for _ in 0..WARMUP {
            ot.sessions().create(CreateSession::new())
                .await
                .map_err(|e| format!("warm-up call: {e}"))?;
        }
        let next = Arc::new(AtomicUsize::new(0));
        let errors = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let mut handles = Vec::with_capacity(tasks);
        for _ in 0..tasks {
            let (ot, next, errors) = (ot.clone(), next.clone(), errors.clone());
            handles.push(tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    if ot.sessions().create(CreateSession::new()).await.is_err() {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
        for h in handles {
            let left = DEADLINE.saturating_sub(started.elapsed());
            tokio::time::timeout(left, h)
                .await
                .map_err(|_| format!("not done within {} s", DEADLINE.as_secs()))?
                .map_err(|e| format!("task: {e}"))?;
        }
        let secs = started.elapsed().as_secs_f64();
        Ok(format!(
            "calls={calls} errors={} secs={secs:.3} rps={:.0} hwm_kib={}",
            errors.load(Ordering::Relaxed),
            calls as f64 / secs,
            vm_hwm_kib()
        ))
    })
}

/// This process's peak resident set (`VmHWM`) in KiB, 0 where unavailable.
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
