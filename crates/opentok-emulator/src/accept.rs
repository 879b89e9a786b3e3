//! The accept loop and what keeps it answering: a cap on open connections (past it a bare
//! `503` and close), hyper's HTTP/1 header read timer and HTTP/2 keep-alive pings, graceful
//! shutdown, and a watchdog per connection for what hyper-util's auto server does not time:
//! the wait for the first bytes (which pick HTTP/1 or HTTP/2) and for the first request, and
//! an HTTP/2 connection that stays open without requests. With TLS, the handshake counts
//! against the wait for the first request: a silent TLS peer is dropped just the same.

use std::convert::Infallible;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;

use crate::config::ConnLimits;
use crate::reply::HttpResp;
use crate::state::Emu;

/// How long open requests may take to finish once the emulator stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How long an idle connection may take to close after it was told to (HTTP/2's `GOAWAY`).
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// `last` before the connection's first complete request head.
const NO_REQUEST_YET: u64 = u64::MAX;

/// What the service tells the watchdog: requests in progress and when the last one began or
/// ended. The watchdog is woken only by the first request (the idle timeout may be shorter
/// than the wait for it); later activity only moves its deadline later, so it looks again
/// when the old deadline passes.
#[derive(Debug)]
struct Activity {
    opened: Instant,
    busy: AtomicUsize,
    /// Milliseconds after `opened`, or [`NO_REQUEST_YET`].
    last: AtomicU64,
    /// Wakes the watchdog when the first request begins.
    changed: Notify,
}

impl Activity {
    fn new() -> Self {
        Activity {
            opened: Instant::now(),
            busy: AtomicUsize::new(0),
            last: AtomicU64::new(NO_REQUEST_YET),
            changed: Notify::new(),
        }
    }

    /// Records activity now; the previous value of `last`.
    fn touch(&self) -> u64 {
        let ms = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(NO_REQUEST_YET - 1);
        self.last.swap(ms, Ordering::SeqCst)
    }
}

/// A request in progress; ends when its handler finishes or is dropped.
struct Busy(Arc<Activity>);

impl Busy {
    fn start(a: &Arc<Activity>) -> Self {
        let first = a.touch() == NO_REQUEST_YET;
        a.busy.fetch_add(1, Ordering::SeqCst);
        if first {
            a.changed.notify_one();
        }
        Busy(a.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let _ = self.0.touch();
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The watchdog's verdict on a connection.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// Look again then.
    Wait(Instant),
    /// No complete request head within the header timeout: drop it, there is no one to tell.
    Drop,
    /// Idle too long: close it gracefully.
    Close,
}

fn next(a: &Activity, lim: &ConnLimits, now: Instant) -> Next {
    let busy = a.busy.load(Ordering::SeqCst);
    let last = a.last.load(Ordering::SeqCst);
    if last == NO_REQUEST_YET {
        let due = a.opened + lim.header;
        return if now >= due { Next::Drop } else { Next::Wait(due) };
    }
    if busy > 0 {
        // A request's own time is bounded elsewhere (body timeout); look again later.
        return Next::Wait(now + lim.idle);
    }
    let due = a.opened + Duration::from_millis(last) + lim.idle;
    if now >= due { Next::Close } else { Next::Wait(due) }
}

/// The per-connection service: the router, with the request counted as activity.
#[derive(Clone)]
struct ConnService {
    emu: Arc<Emu>,
    activity: Arc<Activity>,
}

type Reply = Pin<Box<dyn Future<Output = Result<HttpResp, Infallible>> + Send>>;

impl hyper::service::Service<Request<Incoming>> for ConnService {
    type Response = HttpResp;
    type Error = Infallible;
    type Future = Reply;

    fn call(&self, req: Request<Incoming>) -> Reply {
        let busy = Busy::start(&self.activity);
        let emu = self.emu.clone();
        Box::pin(async move {
            let resp = crate::router::handle(emu, req).await;
            drop(busy);
            Ok(resp)
        })
    }
}

type Conn<I> = auto::Connection<'static, TokioIo<I>, ConnService, TokioExecutor>;

/// The bare reply to a connection past the cap.
fn busy_reply() -> Vec<u8> {
    let body = r#"{"code":503,"message":"Too many connections","description":"Too many connections"}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Serves `listener` (over TLS with `tls`) until `stop` changes, then lets open requests
/// finish (up to 5 s).
pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    emu: Arc<Emu>,
    mut stop: watch::Receiver<bool>,
) {
    let tls = tls.map(TlsAcceptor::from);
    let lim = emu.config.conn;
    let slots = Arc::new(Semaphore::new(lim.max));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(lim.header);
    // A peer that stops answering pings is dropped.
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(lim.header)
        .keep_alive_timeout(lim.header);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors or similar: wait a little and keep serving.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    // Past the cap: say so without waiting, then close. Over TLS it is only
                    // closed: answering would take a handshake, the work the cap saves.
                    if tls.is_none() {
                        let _ = stream.try_write(&busy_reply());
                    }
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let activity = Arc::new(Activity::new());
                let svc = ConnService { emu: emu.clone(), activity: activity.clone() };
                let stop = stop.clone();
                match tls.clone() {
                    None => {
                        let conn = builder
                            .serve_connection(TokioIo::new(stream), svc)
                            .into_owned();
                        tokio::spawn(watch_over(conn, activity, lim, stop, slot));
                    }
                    Some(acceptor) => {
                        let builder = builder.clone();
                        tokio::spawn(async move {
                            // The handshake must end within the header timeout, else drop.
                            let due = activity.opened + lim.header;
                            let Ok(Ok(stream)) =
                                tokio::time::timeout_at(due, acceptor.accept(stream)).await
                            else {
                                return;
                            };
                            let conn = builder
                                .serve_connection(TokioIo::new(stream), svc)
                                .into_owned();
                            watch_over(conn, activity, lim, stop, slot).await;
                        });
                    }
                }
            }
            _ = stop.changed() => break,
        }
    }
    drop(listener);
    // Every slot back means every connection has closed.
    let all = u32::try_from(lim.max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all)).await;
}

/// Drives one connection to its end, closing it when the watchdog or `stop` says so; the
/// slot is given back when it ends.
async fn watch_over<I>(
    conn: Conn<I>,
    activity: Arc<Activity>,
    lim: ConnLimits,
    mut stop: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut conn = pin!(conn);
    // Once a graceful close began: when to stop waiting for it.
    let mut closing: Option<Instant> = None;
    loop {
        let wake = match closing {
            Some(end) => end,
            None => match next(&activity, &lim, Instant::now()) {
                Next::Wait(at) => at,
                Next::Drop => return,
                Next::Close => {
                    conn.as_mut().graceful_shutdown();
                    closing = Some(Instant::now() + CLOSE_GRACE);
                    continue;
                }
            },
        };
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = stop.changed(), if closing.is_none() => {
                conn.as_mut().graceful_shutdown();
                closing = Some(Instant::now() + SHUTDOWN_GRACE);
            }
            () = activity.changed.notified(), if closing.is_none() => {}
            () = tokio::time::sleep_until(wake) => {
                if closing.is_some_and(|end| Instant::now() >= end) {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lim() -> ConnLimits {
        ConnLimits {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            ..ConnLimits::default()
        }
    }

    #[test]
    fn silent_connections_are_dropped_after_the_header_timeout() {
        let a = Activity::new();
        let t0 = a.opened;
        assert_eq!(next(&a, &lim(), t0), Next::Wait(t0 + Duration::from_secs(10)));
        assert_eq!(next(&a, &lim(), t0 + Duration::from_secs(10)), Next::Drop);
    }

    #[test]
    fn idle_counts_from_the_end_of_the_last_request() {
        let a = Arc::new(Activity::new());
        let t0 = a.opened;
        let busy = Busy::start(&a);
        let later = t0 + Duration::from_secs(500);
        assert_eq!(
            next(&a, &lim(), later),
            Next::Wait(later + Duration::from_secs(60))
        );
        drop(busy);
        // The request ended 5 s after the connection opened.
        a.last.store(5_000, Ordering::SeqCst);
        let done = t0 + Duration::from_secs(5);
        assert_eq!(next(&a, &lim(), done), Next::Wait(done + Duration::from_secs(60)));
        assert_eq!(
            next(&a, &lim(), done + Duration::from_secs(59)),
            Next::Wait(done + Duration::from_secs(60))
        );
        assert_eq!(next(&a, &lim(), done + Duration::from_secs(60)), Next::Close);
    }

    #[test]
    fn the_busy_reply_is_a_complete_response() {
        let r = String::from_utf8(busy_reply()).expect("utf-8");
        let (head, body) = r.split_once("\r\n\r\n").expect("a head");
        assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let v: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(v["code"], 503);
    }
}
