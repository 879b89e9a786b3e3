//! Vonage application credentials: an application id (a UUID) and the application's RSA
//! private key. Requests carry `Authorization: Bearer <RS256 JWT>` and go to
//! `video.api.vonage.com`; client tokens are RS256 JWTs.

use std::fmt;

use crate::error::{Rule, ValidationError};
use crate::rs256::PrivateKey;

/// The default REST base URL for Vonage application credentials.
pub const VONAGE_API_URL: &str = "https://video.api.vonage.com";

/// A Vonage application id: a UUID in 8-4-4-4-12 hexadecimal form (any case, any version),
/// kept as given.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApplicationId(Box<str>);

impl ApplicationId {
    /// Checks and wraps an application id (surrounding whitespace is dropped).
    pub fn new(id: impl Into<String>) -> Result<Self, ValidationError> {
        let id = id.into();
        let id = id.trim();
        if id.is_empty() {
            return Err(ValidationError::new("application_id", Rule::Required));
        }
        let groups: Vec<&str> = id.split('-').collect();
        let lengths_ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]);
        if !lengths_ok || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit())) {
            return Err(ValidationError::new(
                "application_id",
                Rule::Format("a UUID: 8-4-4-4-12 hexadecimal digits"),
            ));
        }
        Ok(Self(id.into()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApplicationId({:?})", &*self.0)
    }
}

impl fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An application id with its RSA private key, parsed once. Prints the key as
/// `<redacted>`.
#[derive(Clone)]
pub struct ApplicationCredentials {
    application_id: ApplicationId,
    private_key: PrivateKey,
}

impl ApplicationCredentials {
    /// Checks the id and reads the key from PEM text (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1
    /// `BEGIN RSA PRIVATE KEY`; the caller reads files).
    pub fn new(application_id: impl Into<String>, private_key_pem: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            application_id: ApplicationId::new(application_id)?,
            private_key: PrivateKey::from_pem(private_key_pem)?,
        })
    }

    /// The application id.
    pub fn application_id(&self) -> &ApplicationId {
        &self.application_id
    }

    /// The private key (signs REST JWTs and client tokens).
    pub fn private_key(&self) -> &PrivateKey {
        &self.private_key
    }
}

impl fmt::Debug for ApplicationCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicationCredentials")
            .field("application_id", &self.application_id)
            .field("private_key", &self.private_key)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS8: &str = include_str!("../../tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
    const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    #[test]
    fn application_ids_are_uuids() {
        for ok in [
            APP,
            "78D335FA-323D-0114-9C3D-D6F0D48968CF",
            " 29f760f8-7ce1-46c9-ade3-f2dedee4ed5f\n",
        ] {
            let id = ApplicationId::new(ok).expect(ok);
            assert_eq!(id.as_str(), ok.trim());
        }
        for bad in [
            "123456",
            "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4dd",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f-1a2b3c4d",
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/..",
        ] {
            let e = ApplicationId::new(bad).expect_err(bad);
            assert_eq!(e.field, "application_id", "{bad}");
        }
        assert_eq!(ApplicationId::new("").expect_err("empty").rule, Rule::Required);
    }

    #[test]
    fn the_key_never_prints() {
        let c = ApplicationCredentials::new(APP, PKCS8).expect("valid");
        let shown = format!("{c:?}");
        assert!(shown.contains(APP) && shown.contains("<redacted>"), "{shown}");
        assert!(!shown.contains("MII"), "{shown}");
        let e = ApplicationCredentials::new(APP, &PKCS8[..200]).expect_err("cut key");
        assert_eq!(e.field, "private_key");
        assert!(!format!("{e} {e:?}").contains(&PKCS8[40..60]));
    }
}
