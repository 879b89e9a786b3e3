//! RS256 (RSASSA-PKCS1-v1_5 with SHA-256) compact JWTs, for Vonage application credentials:
//! the RSA private key that signs, the public key that verifies, and the strict reader that
//! refuses any other algorithm.
//!
//! The arithmetic is `ring`'s (constant-time, the same code rustls uses); PEM and SPKI are
//! read by `rustls-pki-types` and `rustls-webpki`. Nothing here is hand-written cryptography.
//!
//! **Randomness.** `ring`'s `RsaKeyPair::sign` takes a `SecureRandom`, and core reads OS
//! randomness only through [`crate::nonce::NonceSource`]. PKCS#1 v1.5 padding is
//! deterministic: `ring` (0.17) uses the generator for PSS salts only and draws nothing from
//! it for PKCS#1 v1.5, and its RSA private operation is not blinded with random values. The
//! [`ring::rand::SystemRandom`] handed to it is therefore never read (its constructor opens
//! nothing). `ring` seals its `SecureRandom` trait, so a `NonceSource` cannot stand in for
//! it. A test checks that signing is a pure function of key and message: the official SDKs'
//! tokens are reproduced byte for byte.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair, UnparsedPublicKey};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{PrivateKeyDer, SubjectPublicKeyInfoDer};

use crate::error::{Rule, ValidationError};

/// The header every RS256 token we mint carries (`{"alg":"RS256","typ":"JWT"}`), encoded.
pub(crate) const RS256_HEADER_B64: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

/// The PEM forms a private key is read from.
const PRIVATE_KEY_FORMS: &str = "PEM text of an RSA key of 2048 to 4096 bits: `BEGIN PRIVATE KEY` (PKCS#8) or `BEGIN RSA PRIVATE KEY` (PKCS#1)";

/// An RSA private key, ready to sign. Prints as `PrivateKey(<redacted>)`; has no `Display`
/// and never gives its bytes back. Cheap to clone (shared).
#[derive(Clone)]
pub struct PrivateKey(Arc<RsaKeyPair>);

impl PrivateKey {
    /// Reads a key from PEM text: the first `BEGIN PRIVATE KEY` (PKCS#8) or `BEGIN RSA
    /// PRIVATE KEY` (PKCS#1) block. The caller reads files. Errors name the field
    /// `private_key` and never quote the text.
    pub fn from_pem(pem: &str) -> Result<Self, ValidationError> {
        let refused = || ValidationError::new("private_key", Rule::Format(PRIVATE_KEY_FORMS));
        if pem.trim().is_empty() {
            return Err(ValidationError::new("private_key", Rule::Required));
        }
        let der = PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|_| refused())?;
        let pair = match &der {
            PrivateKeyDer::Pkcs8(k) => RsaKeyPair::from_pkcs8(k.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(k) => RsaKeyPair::from_der(k.secret_pkcs1_der()),
            _ => return Err(refused()),
        }
        .map_err(|_| refused())?;
        Ok(Self(Arc::new(pair)))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(Inner::Pkcs1(self.0.public().as_ref().to_vec().into()))
    }

    /// Length of a signature in bytes (the modulus length).
    fn signature_len(&self) -> usize {
        self.0.public().modulus_len()
    }

    /// Signs `claims_json` under the standard RS256 header: `header.claims.signature`.
    pub fn encode_jwt(&self, claims_json: &[u8]) -> String {
        let sig_len = self.signature_len();
        let claims_len = base64::encoded_len(claims_json.len(), false).unwrap_or(0);
        let sig_b64_len = base64::encoded_len(sig_len, false).unwrap_or(0);
        let mut out = String::with_capacity(RS256_HEADER_B64.len() + 2 + claims_len + sig_b64_len);
        out.push_str(RS256_HEADER_B64);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(claims_json, &mut out);
        // Room for the largest private key ring accepts (4096 bits).
        let mut sig = [0u8; 512];
        let sig = &mut sig[..sig_len];
        // Cannot fail: the buffer has the modulus length and the key was checked on loading.
        // (PKCS#1 v1.5 never reads the generator; see the module documentation.)
        let signed = self.0.sign(
            &signature::RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            out.as_bytes(),
            sig,
        );
        debug_assert!(signed.is_ok(), "RS256 signing failed");
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(sig, &mut out);
        out
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

/// The DER a public key was read from.
#[derive(Clone, PartialEq, Eq)]
enum Inner {
    /// `SubjectPublicKeyInfo` (PEM `BEGIN PUBLIC KEY`); the algorithm is checked on use.
    Spki(Arc<[u8]>),
    /// PKCS#1 `RSAPublicKey` (what a private key gives).
    Pkcs1(Arc<[u8]>),
}

/// An RSA public key that verifies RS256 signatures (2048 to 8192 bits).
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(Inner);

impl PublicKey {
    /// Reads the first `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) block of `pem`. The key must
    /// be an RSA key: anything else fails to verify every token.
    pub fn from_pem(pem: &str) -> Result<Self, ValidationError> {
        let der = SubjectPublicKeyInfoDer::from_pem_slice(pem.as_bytes()).map_err(|_| {
            ValidationError::new(
                "public_key",
                Rule::Format("PEM text of a `BEGIN PUBLIC KEY` block"),
            )
        })?;
        // Parse it once now, so a broken key is refused here rather than on every token.
        webpki::RawPublicKeyEntity::try_from(&der)
            .map_err(|_| ValidationError::new("public_key", Rule::Format("a DER SubjectPublicKeyInfo")))?;
        Ok(Self(Inner::Spki(der.as_ref().to_vec().into())))
    }

    /// Whether `signature` is this key's RS256 signature of `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.0 {
            Inner::Pkcs1(der) => UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der)
                .verify(message, signature)
                .is_ok(),
            Inner::Spki(der) => {
                let der = SubjectPublicKeyInfoDer::from(&der[..]);
                webpki::RawPublicKeyEntity::try_from(&der).is_ok_and(|key| {
                    key.verify_signature(webpki::ring::RSA_PKCS1_2048_8192_SHA256, message, signature)
                        .is_ok()
                })
            }
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let form = match self.0 {
            Inner::Spki(_) => "spki",
            Inner::Pkcs1(_) => "pkcs1",
        };
        f.debug_struct("PublicKey")
            .field("form", &form)
            .finish_non_exhaustive()
    }
}

/// Why a compact RS256 JWT was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rs256Error {
    /// Not three dot-separated parts.
    Parts,
    /// A part is not unpadded base64url.
    Base64,
    /// The header or claims are not JSON objects.
    Json,
    /// The header's `alg` is not `RS256` (`none`, `HS256`, … are all refused).
    Algorithm,
    /// The signature is not the key's signature of `header.claims`.
    Signature,
}

/// Splits a compact JWT whose header says `"alg":"RS256"` and checks its signature with
/// `key`; returns the claims JSON. Any other algorithm is refused before the key is used,
/// so an HS256 token keyed with the public key's text (key confusion) never verifies.
pub(crate) fn verify(token: &str, key: &PublicKey) -> Result<Vec<u8>, Rs256Error> {
    let (signing_input, claims, signature) = split(token)?;
    if !key.verify(signing_input.as_bytes(), &signature) {
        return Err(Rs256Error::Signature);
    }
    Ok(claims)
}

/// Splits and decodes a compact RS256 JWT without checking its signature: `(signing input,
/// claims JSON, signature)`.
pub(crate) fn split(token: &str) -> Result<(&str, Vec<u8>, Vec<u8>), Rs256Error> {
    let token = token.trim_ascii();
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(Rs256Error::Parts);
    };
    let decode = |p: &str| URL_SAFE_NO_PAD.decode(p).map_err(|_| Rs256Error::Base64);
    let header: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&decode(h)?).map_err(|_| Rs256Error::Json)?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("RS256") {
        return Err(Rs256Error::Algorithm);
    }
    let claims = decode(c)?;
    if claims.first().is_none_or(|&b| b != b'{') {
        return Err(Rs256Error::Json);
    }
    let signature = decode(s)?;
    Ok((&token[..h.len() + 1 + c.len()], claims, signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS8: &str = include_str!("../tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
    const PKCS1: &str = include_str!("../tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs1.pem");
    const PUBLIC: &str = include_str!("../tests/vectors/vonage/test_public_key.pem");

    #[test]
    fn header_constant_is_what_it_says() {
        let h = URL_SAFE_NO_PAD.decode(RS256_HEADER_B64).expect("b64");
        assert_eq!(h, br#"{"alg":"RS256","typ":"JWT"}"#);
    }

    #[test]
    fn both_pem_forms_load_the_same_key_and_sign_deterministically() {
        let a = PrivateKey::from_pem(PKCS8).expect("pkcs8");
        let b = PrivateKey::from_pem(PKCS1).expect("pkcs1");
        assert_eq!(a.public_key(), b.public_key());
        let t = a.encode_jwt(br#"{"x":1}"#);
        assert_eq!(t, b.encode_jwt(br#"{"x":1}"#), "PKCS#1 v1.5 is deterministic");
        let public = PublicKey::from_pem(PUBLIC).expect("spki");
        for key in [&public, &a.public_key()] {
            assert_eq!(verify(&t, key).expect("verifies"), br#"{"x":1}"#);
        }
    }

    #[test]
    fn key_errors_name_the_field_and_never_quote_the_text() {
        let broken = PKCS8.replace("MII", "MIJ");
        for bad in [
            "",
            "not a key",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            broken.as_str(),
            PUBLIC,
        ] {
            let e = PrivateKey::from_pem(bad).expect_err("refused");
            assert_eq!(e.field, "private_key");
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("MII"), "{shown}");
        }
        let k = PrivateKey::from_pem(PKCS8).expect("loads");
        assert_eq!(format!("{k:?}"), "PrivateKey(<redacted>)");
        assert_eq!(
            PublicKey::from_pem(PKCS8).expect_err("private").field,
            "public_key"
        );
    }

    #[test]
    fn refuses_other_algorithms_and_tampering() {
        let k = PrivateKey::from_pem(PKCS8).expect("loads");
        let public = k.public_key();
        let t = k.encode_jwt(br#"{"x":1}"#);
        let (h, rest) = t.split_once('.').expect("dot");
        let none = format!("{}.{rest}", URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#));
        assert_eq!(verify(&none, &public), Err(Rs256Error::Algorithm));
        let (claims, sig) = rest.split_once('.').expect("dot");
        let other_claims = URL_SAFE_NO_PAD.encode(br#"{"x":2}"#);
        assert_eq!(
            verify(&format!("{h}.{other_claims}.{sig}"), &public),
            Err(Rs256Error::Signature)
        );
        assert_eq!(verify(&format!("{h}.{claims}"), &public), Err(Rs256Error::Parts));
        assert_eq!(
            verify(&format!("{h}.{claims}.!!"), &public),
            Err(Rs256Error::Base64)
        );
    }
}
