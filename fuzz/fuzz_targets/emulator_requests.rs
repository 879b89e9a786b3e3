//! The emulator's request handling survives any request: byte 0 picks an operation of core's
//! catalog (its method and path template), byte 1 holds flags (bit 0: send a valid REST auth
//! header; bit 1: JSON content type; bit 2: form content type), and the rest, split at 0xFF bytes,
//! fills the path's `{…}` segments (an empty part stands for a real session id) and then the body.
//! The request goes over loopback to one emulator started on first use; it must answer with a
//! well-formed HTTP response that is not a 500, and never panic (libFuzzer aborts on a panic in
//! any thread).
#![no_main]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use libfuzzer_sys::fuzz_target;
use opentok_core::session::CreateSession;
use opentok_core::{ApiUrl, Operation, RequestContext};
use opentok_core::{Credentials, catalog, nonce::OsNonce, rest_auth};
use opentok_emulator::{Emulator, EmulatorHandle};

struct Fixture {
    _runtime: tokio::runtime::Runtime,
    handle: EmulatorHandle,
    creds: Credentials,
    session_id: String,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let builder = Emulator::builder().listen(SocketAddr::from(([127, 0, 0, 1], 0)));
        let handle = runtime.block_on(builder.start()).expect("emulator starts");
        let creds = Credentials::new(handle.api_key(), handle.api_secret()).expect("credentials");
        let url = ApiUrl::new(handle.base_url()).expect("url");
        let ctx = RequestContext::new(&creds, &url, SystemTime::now(), &OsNonce);
        let op = CreateSession::new();
        let request = op.build(&ctx).expect("create session request");
        let path = request
            .uri()
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default();
        let headers: Vec<String> = (request.headers().iter())
            .filter_map(|(k, v)| Some(format!("{k}: {}", v.to_str().ok()?)))
            .collect();
        let raw = send(
            handle.local_addr(),
            request.method().as_str(),
            &path,
            &headers,
            request.body(),
        );
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |i| i + 4);
        let mut response = http::Response::new(raw[split..].to_vec());
        *response.status_mut() = http::StatusCode::OK;
        let session = op.parse(&response).expect("emulator creates a session");
        let session_id = session.session_id;
        Fixture {
            _runtime: runtime,
            handle,
            creds,
            session_id,
        }
    })
}

/// Sends one HTTP/1.1 request and reads the whole response.
fn send(addr: SocketAddr, method: &str, path: &str, headers: &[String], body: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect to the emulator");
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body));
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

/// Percent-encodes a path segment so the request line stays one line.
fn segment(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(*b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let [pick, flags, rest @ ..] = data else { return };
    let ops: Vec<_> = catalog::operations().collect();
    let Some(op) = ops.get(usize::from(*pick) % ops.len().max(1)) else {
        return;
    };
    let fx = fixture();
    let mut parts = rest.split(|b| *b == 0xFF);
    let mut path = String::new();
    for piece in op.path.split('/').filter(|p| !p.is_empty()) {
        path.push('/');
        match piece {
            "{apiKey}" => path.push_str(fx.handle.api_key()),
            p if p.starts_with('{') => match parts.next().unwrap_or_default() {
                [] => path.push_str(&fx.session_id),
                given => path.push_str(&segment(given)),
            },
            p => path.push_str(p),
        }
    }
    let body: Vec<u8> = parts.collect::<Vec<_>>().join(&0xFF);
    let mut headers = Vec::new();
    if flags & 1 != 0 {
        let (name, value) = rest_auth::rest_auth_header(&fx.creds, SystemTime::now(), &OsNonce);
        headers.push(format!("{name}: {}", value.to_str().unwrap_or_default()));
    }
    if flags & 2 != 0 {
        headers.push("Content-Type: application/json".into());
    }
    if flags & 4 != 0 {
        headers.push("Content-Type: application/x-www-form-urlencoded".into());
    }
    let raw = send(fx.handle.local_addr(), op.method, &path, &headers, &body);
    let head = String::from_utf8_lossy(&raw[..raw.len().min(64)]).into_owned();
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|s| s.get(..3))
        .and_then(|s| s.parse::<u16>().ok());
    let Some(status) = status else {
        panic!("not an HTTP response to {} {path}: {head:?}", op.method)
    };
    assert_ne!(
        status,
        500,
        "{} {path} with {} body bytes: {head}",
        op.method,
        body.len()
    );
});
