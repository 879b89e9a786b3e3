//! Credentials: the one seam every request is signed through.
//!
//! Two kinds: an OpenTok project's API key and secret (HS256 `X-OPENTOK-AUTH`,
//! `api.opentok.com`), and a Vonage application's id and RSA private key (RS256
//! `Authorization: Bearer`, `video.api.vonage.com`, see [`ApplicationCredentials`]).
//! Operations only ask the credentials for their project id and their auth header, so none
//! of them depends on the kind.

use std::fmt;

use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;

use crate::error::{Rule, ValidationError};

mod application;

pub use application::{ApplicationCredentials, ApplicationId, VONAGE_API_URL};

/// The default REST base URL for API key + secret credentials.
pub const OPENTOK_API_URL: &str = "https://api.opentok.com";

/// A project's API key: the public half.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiKey(Box<str>);

impl ApiKey {
    /// Checks and wraps an API key: 1 to 128 characters of `A-Z a-z 0-9 - _ .`, other than
    /// `.` and `..` (it is a segment of every REST path).
    pub(crate) fn new(key: impl Into<String>) -> Result<Self, ValidationError> {
        let key = key.into();
        if key.is_empty() {
            return Err(ValidationError::new("api_key", Rule::Required));
        }
        if key.len() > 128 {
            return Err(ValidationError::new(
                "api_key",
                Rule::TooLong {
                    max: 128,
                    actual: key.len(),
                    unit: "bytes",
                },
            ));
        }
        if !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            return Err(ValidationError::new(
                "api_key",
                Rule::Charset("A-Z a-z 0-9 - _ ."),
            ));
        }
        // The key is the project id in every REST path.
        if crate::check::is_dot_segment(&key) {
            return Err(ValidationError::new(
                "api_key",
                Rule::Format("a key other than `.` and `..`"),
            ));
        }
        Ok(Self(key.into_boxed_str()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({:?})", &*self.0)
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A project's API secret. Prints as `ApiSecret(<redacted>)`; has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiSecret(Box<str>);

impl ApiSecret {
    /// Wraps a secret; it must not be empty.
    pub(crate) fn new(secret: impl Into<String>) -> Result<Self, ValidationError> {
        let secret = secret.into();
        if secret.is_empty() {
            return Err(ValidationError::new("api_secret", Rule::Required));
        }
        if secret.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "api_secret",
                Rule::Charset("printable characters"),
            ));
        }
        Ok(Self(secret.into_boxed_str()))
    }

    /// The secret itself. Only for signing and the legacy `X-TB-PARTNER-AUTH` header.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret(<redacted>)")
    }
}

/// An API key with its secret, and the HMAC states keyed by the secret, prepared once.
#[derive(Clone)]
pub struct ProjectCredentials {
    api_key: ApiKey,
    api_secret: ApiSecret,
    sha1: Hmac<Sha1>,
    sha256: Hmac<Sha256>,
}

impl ProjectCredentials {
    /// Checks both halves and prepares the keyed HMAC states.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Result<Self, ValidationError> {
        let api_key = ApiKey::new(api_key)?;
        let api_secret = ApiSecret::new(api_secret)?;
        let key = api_secret.expose_secret().as_bytes();
        let bad_key = |_| ValidationError::new("api_secret", Rule::Format("a valid HMAC key"));
        let sha1 = <Hmac<Sha1> as Mac>::new_from_slice(key).map_err(bad_key)?;
        let sha256 = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(bad_key)?;
        Ok(Self {
            api_key,
            api_secret,
            sha1,
            sha256,
        })
    }

    /// The API key.
    pub fn api_key(&self) -> &ApiKey {
        &self.api_key
    }

    /// The API secret.
    pub fn api_secret(&self) -> &ApiSecret {
        &self.api_secret
    }

    /// A fresh HMAC-SHA1 keyed by the secret (a copy of the prepared state).
    pub(crate) fn hmac_sha1(&self) -> Hmac<Sha1> {
        self.sha1.clone()
    }

    /// A fresh HMAC-SHA256 keyed by the secret (a copy of the prepared state).
    pub(crate) fn hmac_sha256(&self) -> Hmac<Sha256> {
        self.sha256.clone()
    }
}

impl fmt::Debug for ProjectCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProjectCredentials")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret)
            .finish()
    }
}

/// Who the SDK acts as. Every request is authenticated through this type.
// Built once per client and kept; the project variant holds its two prepared HMAC states.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// An OpenTok project's API key and secret.
    Project(ProjectCredentials),
    /// A Vonage application's id and RSA private key.
    Application(ApplicationCredentials),
}

impl Credentials {
    /// API key + secret credentials.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Result<Self, ValidationError> {
        Ok(Credentials::Project(ProjectCredentials::new(
            api_key, api_secret,
        )?))
    }

    /// Vonage application credentials: an application id (a UUID) and the application's
    /// private key as PEM text (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`).
    pub fn application(
        application_id: impl Into<String>,
        private_key_pem: &str,
    ) -> Result<Self, ValidationError> {
        Ok(Credentials::Application(ApplicationCredentials::new(
            application_id,
            private_key_pem,
        )?))
    }

    /// The id that stands for the project in REST paths (`/v2/project/{id}/…`) and in the
    /// first field of session ids.
    pub fn project_id(&self) -> &str {
        match self {
            Credentials::Project(p) => p.api_key.as_str(),
            Credentials::Application(a) => a.application_id().as_str(),
        }
    }

    /// The REST base URL these credentials belong to.
    pub fn default_api_url(&self) -> &'static str {
        match self {
            Credentials::Project(_) => OPENTOK_API_URL,
            Credentials::Application(_) => VONAGE_API_URL,
        }
    }

    /// The API key + secret pair, when these are project credentials.
    pub fn project(&self) -> Option<&ProjectCredentials> {
        match self {
            Credentials::Project(p) => Some(p),
            Credentials::Application(_) => None,
        }
    }

    /// The application id and key, when these are Vonage application credentials.
    pub fn application_credentials(&self) -> Option<&ApplicationCredentials> {
        match self {
            Credentials::Application(a) => Some(a),
            Credentials::Project(_) => None,
        }
    }
}

impl From<ApplicationCredentials> for Credentials {
    fn from(a: ApplicationCredentials) -> Self {
        Credentials::Application(a)
    }
}

impl From<ProjectCredentials> for Credentials {
    fn from(p: ProjectCredentials) -> Self {
        Credentials::Project(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_printed() {
        let c = Credentials::new("123456", "s3cr3t-value").expect("valid");
        let dbg = format!("{c:?} {:?}", c.project().map(|p| p.api_secret()));
        assert!(!dbg.contains("s3cr3t-value"), "{dbg}");
        assert!(dbg.contains("123456"));
        assert!(dbg.contains("<redacted>"));
    }

    #[test]
    fn bad_inputs_name_the_field() {
        let e = Credentials::new("", "x").expect_err("empty key");
        assert_eq!(e.field, "api_key");
        assert_eq!(e.rule, Rule::Required);
        let e = Credentials::new("12 34", "x").expect_err("space");
        assert_eq!(e.field, "api_key");
        let e = Credentials::new("1234", "").expect_err("empty secret");
        assert_eq!(e.field, "api_secret");
        let e = Credentials::new("1234", "a\nb").expect_err("newline in secret");
        assert!(!e.to_string().contains("a\nb"));
    }
}
