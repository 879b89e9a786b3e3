//! TLS for the emulator (`EmulatorBuilder::tls_cert` / `tls_key`): a rustls server
//! configuration with ring from PEM text, offering HTTP/2 and HTTP/1.1.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::server::StartError;

/// A server configuration from a PEM certificate chain and its PEM private key. Errors name
/// the setting, never its content.
pub(crate) fn server_config(cert_pem: &str, key_pem: &str) -> Result<Arc<rustls::ServerConfig>, StartError> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|_| StartError::Tls("tls_cert is not a PEM certificate chain".to_owned()))?;
    if certs.is_empty() {
        return Err(StartError::Tls("tls_cert holds no PEM certificate".to_owned()));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|_| StartError::Tls("tls_key holds no PEM private key".to_owned()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StartError::Tls(format!("TLS versions: {e}")))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| StartError::Tls(format!("tls_cert and tls_key: {e}")))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
