//! `opentok archive download`: streams the recording to a temporary file next to the
//! target, checks its size, and renames it into place only when complete.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use opentok::OpenTok;
use opentok::archive::{ArchiveStatus, GetArchive, OutputMode};
use serde_json::json;
use tempfile::NamedTempFile;

use crate::Ctx;
use crate::cli::ArchiveDownload;
use crate::commands::rest::call;
use crate::error::CliError;

/// A progress line on stderr, shown only on a terminal.
struct Progress {
    on: bool,
    total: Option<u64>,
    last: Instant,
}

impl Progress {
    fn show(&mut self, done: u64, force: bool) {
        if !self.on || (!force && self.last.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last = Instant::now();
        let mib = |n: u64| n as f64 / 1_048_576.0;
        let line = match self.total {
            Some(t) if t > 0 => format!(
                "\rdownloading {:.1} / {:.1} MiB ({:>3}%)",
                mib(done),
                mib(t),
                done.saturating_mul(100) / t
            ),
            _ => format!("\rdownloading {:.1} MiB", mib(done)),
        };
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(line.as_bytes());
        let _ = err.flush();
    }

    fn finish(&mut self, done: u64) {
        if self.on {
            self.show(done, true);
            eprintln!();
        }
    }
}

/// An empty temporary file beside `target` (so the final rename stays on one file system),
/// removed when dropped unless persisted.
fn temp_file(target: &Path) -> std::io::Result<NamedTempFile> {
    let name = target
        .file_name()
        .map_or_else(|| "archive".into(), |n| n.to_string_lossy().into_owned());
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(dir)
}

fn network(what: &str, e: impl std::error::Error + Send + Sync + 'static) -> CliError {
    CliError::network(format!("archive download: {what}")).with_source(e)
}

/// Downloads archive `a.id`.
pub(crate) async fn archive(ctx: &Ctx, ot: &OpenTok, a: ArchiveDownload) -> Result<(), CliError> {
    let archive = call(ctx, ot, GetArchive::new(a.id.clone())).await?;
    let target = a.output.unwrap_or_else(|| {
        let ext = if archive.output_mode == Some(OutputMode::Individual) {
            "zip"
        } else {
            "mp4"
        };
        PathBuf::from(format!("{}.{ext}", archive.id))
    });
    if target.exists() && !a.force {
        return Err(CliError::usage(format!(
            "{} exists; pass --force to replace it",
            target.display()
        )));
    }
    let url = match (&archive.status, archive.url.as_deref()) {
        (ArchiveStatus::Available, Some(u)) if !u.is_empty() => u.to_owned(),
        (status, _) => {
            return Err(CliError::service(format!(
                "archive {} is {}, not available for download (only available archives have a URL)",
                archive.id,
                status.as_str()
            )));
        }
    };
    let uri: http::Uri = url
        .parse()
        .map_err(|e| CliError::service(format!("the archive URL {url:?} is not valid")).with_source(e))?;

    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
        .map_err(|e| CliError::service("cannot set up TLS").with_source(e))?
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build();
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(https);
    let response = tokio::time::timeout(ctx.timeout, client.get(uri))
        .await
        .map_err(|_| CliError::network("archive download: no answer from the download URL in time"))?
        .map_err(|e| network("the download request failed", e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(CliError::service(format!(
            "archive download: the download URL answered HTTP {}",
            status.as_u16()
        )));
    }
    let announced: Option<u64> = response
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let expected = announced.or(archive.size.filter(|s| *s > 0));

    let mut temp = temp_file(&target).map_err(|e| {
        CliError::usage(format!(
            "cannot create a temporary file beside {}",
            target.display()
        ))
        .with_source(e)
    })?;
    let mut progress = Progress {
        on: std::io::stderr().is_terminal() && !ctx.out.json,
        total: expected,
        last: Instant::now(),
    };
    let mut written: u64 = 0;
    let mut body = response.into_body();
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    loop {
        let frame = tokio::select! {
            frame = tokio::time::timeout(ctx.timeout, body.frame()) => frame
                .map_err(|_| CliError::network("archive download: the transfer stalled"))?,
            _ = &mut interrupted => {
                progress.finish(written);
                // The temporary file is removed on the way out.
                return Err(CliError::interrupted("archive download: interrupted; nothing was saved"));
            }
        };
        let Some(frame) = frame else { break };
        let frame = frame.map_err(|e| network("the transfer broke", e))?;
        if let Ok(data) = frame.into_data() {
            temp.write_all(&data).map_err(|e| {
                CliError::usage(format!("cannot write {}", temp.path().display())).with_source(e)
            })?;
            written += data.len() as u64;
            progress.show(written, false);
        }
    }
    progress.finish(written);
    temp.as_file()
        .sync_all()
        .map_err(|e| CliError::usage(format!("cannot write {}", temp.path().display())).with_source(e))?;
    for (what, size) in [
        ("announced", announced),
        ("archive", archive.size.filter(|s| *s > 0)),
    ] {
        if let Some(size) = size.filter(|s| *s != written) {
            return Err(CliError::service(format!(
                "archive download: got {written} bytes but the {what} size is {size}; nothing was saved"
            )));
        }
    }
    temp.persist(&target).map_err(|e| {
        CliError::usage(format!("cannot move the download to {}", target.display())).with_source(e.error)
    })?;
    ctx.out.done(
        &format!(
            "archive {} saved to {} ({written} bytes)",
            archive.id,
            target.display()
        ),
        json!({"archiveId": archive.id, "path": target.display().to_string(), "size": written}),
    );
    Ok(())
}
