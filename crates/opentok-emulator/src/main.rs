//! `opentok-emulator`: serve the emulator until Ctrl-C or SIGTERM.
//!
//! Prints the base URL, then the API key (and the secret when it was generated) on stdout;
//! with an application, then its id and, for a generated key pair, the private key's path.

use std::io::Write as _;
use std::net::SocketAddr;

const USAGE: &str =
    "usage: opentok-emulator [--listen ADDR] [--api-key KEY] [--api-secret-file FILE] [--staging]
                        [--max-connections N] [--application-id ID [--public-key FILE]
                        [--private-key-out FILE]] [--tls-cert FILE --tls-key FILE]
  --listen ADDR            address to listen on (default 127.0.0.1:0, a free port)
  --api-key KEY            the project's API key (generated when absent)
  --api-secret-file FILE   read its secret from FILE ('-' for stdin); default: OPENTOK_API_SECRET,
                           else generated (and printed)
  --staging                also accept the client tokens `devtoken` and `moderator_token`
  --max-connections N      connections open at once (default 1024); past it a bare 503;
                           keep it below the process's file descriptor limit
  --application-id ID      also serve a Vonage application (Bearer RS256 auth)
  --public-key FILE        its public key (PEM); without it a key pair is generated
  --private-key-out FILE   where a generated private key is written (default: a file
                           in the temporary directory); the path is printed
  --tls-cert FILE          serve HTTPS with this PEM certificate chain...
  --tls-key FILE           ...and its PEM private key";

/// Why `--api-secret SECRET` is refused, and what to use instead.
const PLAIN_SECRET: &str = "--api-secret is not accepted: a secret on the command line shows in the \
process list; set OPENTOK_API_SECRET or pass --api-secret-file FILE ('-' reads stdin)";

struct Args {
    listen: SocketAddr,
    key: Option<String>,
    secret: Option<String>,
    staging: bool,
    max_connections: Option<usize>,
    application_id: Option<String>,
    public_key: Option<String>,
    private_key_out: Option<String>,
    tls_cert: Option<String>,
    tls_key: Option<String>,
}

/// Reads a secret from `path` (`-` is stdin), without its surrounding white space.
fn read_secret_file(path: &str, mut stdin: impl std::io::Read) -> Result<String, String> {
    use std::io::Read as _;
    let mut text = String::new();
    let read = if path == "-" {
        stdin.read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|e| format!("cannot read the secret file {path}: {e}"))?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(format!("the secret file {path} is empty"));
    }
    Ok(secret.to_owned())
}

/// Reads the arguments; `env_secret` is `OPENTOK_API_SECRET`, used unless
/// `--api-secret-file` names a file.
fn parse(
    mut it: impl Iterator<Item = String>,
    env_secret: Option<String>,
    stdin: impl std::io::Read,
) -> Result<Args, String> {
    let mut a = Args {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        key: None,
        secret: env_secret.filter(|s| !s.is_empty()),
        staging: false,
        max_connections: None,
        application_id: None,
        public_key: None,
        private_key_out: None,
        tls_cert: None,
        tls_key: None,
    };
    let mut stdin = Some(stdin);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or(format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--listen" => {
                a.listen = value()?
                    .parse()
                    .map_err(|_| "--listen needs HOST:PORT".to_owned())?
            }
            "--api-key" => a.key = Some(value()?),
            "--api-secret" => return Err(PLAIN_SECRET.to_owned()),
            "--api-secret-file" => {
                let path = value()?;
                let input = stdin.take().ok_or("--api-secret-file may be given once")?;
                a.secret = Some(read_secret_file(&path, input)?);
            }
            "--staging" => a.staging = true,
            "--max-connections" => {
                let n = value()?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("--max-connections needs a positive number")?;
                a.max_connections = Some(n);
            }
            "--application-id" => a.application_id = Some(value()?),
            "--public-key" => a.public_key = Some(value()?),
            "--private-key-out" => a.private_key_out = Some(value()?),
            "--tls-cert" => a.tls_cert = Some(value()?),
            "--tls-key" => a.tls_key = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(a)
}

fn main() {
    let env_secret = std::env::var("OPENTOK_API_SECRET").ok();
    let args = match parse(std::env::args().skip(1), env_secret, std::io::stdin()) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("opentok-emulator: {e}");
            }
            eprintln!("{USAGE}");
            std::process::exit(if e.is_empty() { 0 } else { 2 });
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("opentok-emulator: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    std::process::exit(rt.block_on(run(args)));
}

async fn run(args: Args) -> i32 {
    // Listen for signals before printing anything: whoever reads our first lines may signal
    // at once.
    let signals = Signals::install();
    let generated_secret = args.secret.is_none();
    let b = opentok_emulator::Emulator::builder()
        .listen(args.listen)
        .staging(args.staging);
    let mut b = match with_files(b, &args) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("opentok-emulator: {e}");
            return 1;
        }
    };
    if let Some(n) = args.max_connections {
        b = b.max_connections(n);
    }
    if args.key.is_some() || args.secret.is_some() {
        let key = args.key.unwrap_or_else(|| "12345678".to_owned());
        let secret = args.secret.unwrap_or_else(fresh_secret);
        b = b.project(key, secret);
    }
    let emu = match b.start().await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("opentok-emulator: {e}");
            return 1;
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", emu.base_url());
        let _ = writeln!(out, "{}", emu.api_key());
        if generated_secret {
            let _ = writeln!(out, "{}", emu.api_secret());
        }
        for app in emu.applications() {
            let _ = writeln!(out, "{}", app.application_id());
            if let Some(path) = app.private_key_path() {
                let _ = writeln!(out, "{}", path.display());
            }
        }
        let _ = out.flush();
    }
    eprintln!(
        "opentok-emulator: serving; staging tokens (devtoken, moderator_token) are {}",
        if args.staging { "ON" } else { "off" }
    );
    signals.wait().await;
    eprintln!("opentok-emulator: shutting down");
    emu.shutdown().await;
    0
}

/// Adds the application and TLS settings, reading the files they name.
fn with_files(
    mut b: opentok_emulator::EmulatorBuilder,
    args: &Args,
) -> Result<opentok_emulator::EmulatorBuilder, String> {
    let read = |flag: &str, path: &str| {
        std::fs::read_to_string(path).map_err(|e| format!("{flag} {path}: cannot read: {e}"))
    };
    match (&args.application_id, &args.public_key) {
        (Some(id), Some(path)) => b = b.application(id.clone(), read("--public-key", path)?),
        (Some(id), None) => {
            let out = args.private_key_out.clone().map_or_else(
                || std::env::temp_dir().join(format!("opentok-emulator-{id}.key")),
                std::path::PathBuf::from,
            );
            b = b.generated_application(id.clone(), out);
        }
        (None, Some(_)) => return Err("--public-key needs --application-id".to_owned()),
        (None, None) if args.private_key_out.is_some() => {
            return Err("--private-key-out needs --application-id".to_owned());
        }
        (None, None) => {}
    }
    match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            b = b
                .tls_cert(read("--tls-cert", cert)?)
                .tls_key(read("--tls-key", key)?);
        }
        (None, None) => {}
        _ => return Err("--tls-cert and --tls-key go together".to_owned()),
    }
    Ok(b)
}

fn fresh_secret() -> String {
    use opentok_core::nonce::{NonceSource, OsNonce};
    let mut b = [0u8; 20];
    OsNonce.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Ctrl-C and (on Unix) SIGTERM, registered up front.
struct Signals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn install() -> Signals {
        Signals {
            #[cfg(unix)]
            term: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok(),
            #[cfg(unix)]
            int: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok(),
        }
    }

    async fn wait(self) {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        if let (Some(mut term), Some(mut int)) = (self.term, self.int) {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> impl Iterator<Item = String> + '_ {
        s.split_whitespace().map(str::to_owned)
    }

    #[test]
    fn the_secret_comes_from_a_file_stdin_or_the_environment_never_an_argument() {
        let no_stdin = std::io::empty();
        let refused = parse(words("--api-key 1 --api-secret s3cret"), None, no_stdin).err();
        assert_eq!(refused.as_deref(), Some(PLAIN_SECRET));
        let refused = parse(words("--api-secret=s3cret"), None, std::io::empty()).err();
        assert_eq!(refused.as_deref(), Some(PLAIN_SECRET));

        let a = parse(
            words("--api-secret-file -"),
            Some("env".into()),
            &b"from-stdin\n"[..],
        )
        .expect("parses");
        assert_eq!(a.secret.as_deref(), Some("from-stdin"));
        let a = parse(words("--api-key 1"), Some("env".into()), std::io::empty()).expect("parses");
        assert_eq!(a.secret.as_deref(), Some("env"));

        let dir = std::env::temp_dir().join(format!("emu-secret-{}", std::process::id()));
        std::fs::write(&dir, "  from-file\r\n").expect("write");
        let line = format!("--api-secret-file={}", dir.display());
        let a = parse(words(&line), None, std::io::empty()).expect("parses");
        assert_eq!(a.secret.as_deref(), Some("from-file"));
        std::fs::write(&dir, "\n").expect("write");
        let e = parse(words(&line), None, std::io::empty())
            .err()
            .unwrap_or_default();
        assert!(e.contains("is empty"), "{e}");
        let _ = std::fs::remove_file(&dir);
        let e = parse(words(&line), None, std::io::empty())
            .err()
            .unwrap_or_default();
        assert!(e.contains("cannot read the secret file"), "{e}");
        let e = parse(words("--api-secret-file - --api-secret-file -"), None, &b"x"[..]).err();
        assert_eq!(e.as_deref(), Some("--api-secret-file may be given once"));
    }
}
