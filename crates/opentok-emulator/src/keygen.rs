//! Generating a Vonage application's key pair for a dev run: an RSA-2048 private key written
//! as PKCS#8 PEM to a file only its owner can read, the public half kept.
//!
//! `ring` cannot generate RSA keys, so the `rsa` crate does; it only generates. Its timing
//! advisory (RUSTSEC-2023-0071) concerns decrypting and signing, which it never does here:
//! the key is read back with core's reader, and the SDKs sign with `ring`.

use std::io::Write as _;
use std::path::Path;

use opentok_core::{PrivateKey, PublicKey};
use rsa::pkcs8::{EncodePrivateKey as _, LineEnding};

/// The size of generated keys, the smallest every SDK accepts.
const BITS: usize = 2048;

/// Why no key pair was written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum KeygenError {
    /// The RSA key could not be generated or encoded.
    #[error("cannot generate an RSA key pair")]
    Generate,
    /// The private key file could not be written.
    #[error("cannot write the private key to {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// Generates a key pair, writes the private key to `path` (created or replaced, mode 0600 on
/// Unix) and returns the public key.
pub(crate) fn generate(path: &Path) -> Result<PublicKey, KeygenError> {
    let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, BITS).map_err(|_| KeygenError::Generate)?;
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|_| KeygenError::Generate)?;
    // Read back as the SDKs will: what is written is what core signs with.
    let public = PrivateKey::from_pem(&pem)
        .map_err(|_| KeygenError::Generate)?
        .public_key();
    write_private(path, pem.as_bytes()).map_err(|source| KeygenError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(public)
}

fn write_private(path: &Path, pem: &[u8]) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    f.write_all(pem)?;
    f.flush()
}
