//! REST authentication with Vonage application credentials: `Authorization: Bearer <JWT>`,
//! RS256, claims `jti, iat, exp, application_id` (written in the byte order of
//! `@vonage/server-sdk`), a fresh one per request.
//!
//! Lifetime: `iat` is back-dated by [`CLOCK_SKEW_ALLOWANCE`] and `exp` is [`REST_AUTH_TTL`]
//! after now, as for `X-OPENTOK-AUTH`: 185 s in all, within every lifetime an official SDK
//! uses (180 s to none) and under the 300 s cap of the key + secret service, in case the
//! Vonage host has one too (see `docs/vonage-decisions.md`).

use std::time::SystemTime;

use http::header::AUTHORIZATION;
use http::{HeaderName, HeaderValue};

use super::{CLOCK_SKEW_ALLOWANCE, REST_AUTH_TTL, sensitive};
use crate::clock::unix_secs;
use crate::credentials::ApplicationCredentials;
use crate::nonce::{NonceSource, uuid_v4};

/// Writes and signs a bearer JWT with the given claims, unchecked: the low-level path, so
/// known tokens can be reproduced byte for byte. [`bearer_token`] is the everyday one.
pub fn encode_bearer(creds: &ApplicationCredentials, iat: u64, exp: Option<u64>, jti: &str) -> String {
    let mut claims = String::with_capacity(112);
    claims.push_str("{\"jti\":");
    // A string always serialises.
    claims.push_str(&serde_json::to_string(jti).unwrap_or_default());
    claims.push_str(",\"iat\":");
    claims.push_str(&iat.to_string());
    if let Some(exp) = exp {
        claims.push_str(",\"exp\":");
        claims.push_str(&exp.to_string());
    }
    claims.push_str(",\"application_id\":\"");
    claims.push_str(creds.application_id().as_str()); // checked: hex digits and dashes
    claims.push_str("\"}");
    creds.private_key().encode_jwt(claims.as_bytes())
}

/// Mints the bearer JWT for `creds` at `now`, with a random UUID `jti` from `nonce`.
pub fn bearer_token(creds: &ApplicationCredentials, now: SystemTime, nonce: &dyn NonceSource) -> String {
    let now_s = unix_secs(now);
    let iat = now_s.saturating_sub(CLOCK_SKEW_ALLOWANCE.as_secs());
    let exp = now_s + REST_AUTH_TTL.as_secs();
    encode_bearer(creds, iat, Some(exp), &uuid_v4(nonce))
}

/// `Authorization: Bearer <JWT>`, marked sensitive.
pub(super) fn bearer_header(
    creds: &ApplicationCredentials,
    now: SystemTime,
    nonce: &dyn NonceSource,
) -> (HeaderName, HeaderValue) {
    let token = bearer_token(creds, now, nonce);
    let mut value = String::with_capacity(7 + token.len());
    value.push_str("Bearer ");
    value.push_str(&token);
    (AUTHORIZATION, sensitive(&value))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::auth::verify::{RestAuthError, verify_bearer};
    use crate::clock::from_unix_secs;
    use crate::nonce::SeededNonce;

    const PKCS8: &str = include_str!("../../tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
    const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    fn creds() -> ApplicationCredentials {
        ApplicationCredentials::new(APP, PKCS8).expect("valid")
    }

    #[test]
    fn mints_fresh_verifiable_bearer_tokens() {
        let c = creds();
        let n = SeededNonce::new(1);
        let now = from_unix_secs(1_700_000_000);
        let a = bearer_token(&c, now, &n);
        let b = bearer_token(&c, now, &n);
        assert_ne!(a, b, "jti differs per request");
        let claims =
            verify_bearer(&a, APP, &c.private_key().public_key(), now, Duration::ZERO).expect("verifies");
        assert_eq!(claims.application_id, APP);
        assert_eq!(claims.iat, 1_700_000_000 - 5);
        assert_eq!(claims.exp, Some(1_700_000_180));
        assert_eq!(claims.jti.as_deref().map(str::len), Some(36));
        let (name, value) = bearer_header(&c, now, &n);
        assert_eq!(name, AUTHORIZATION);
        assert!(value.is_sensitive());
        let text = value.to_str().expect("ascii");
        assert!(text.starts_with("Bearer eyJhbGciOiJSUzI1NiIs"), "{text}");
        assert!(verify_bearer(text, APP, &c.private_key().public_key(), now, Duration::ZERO).is_ok());
    }

    #[test]
    fn bearer_rejections() {
        let c = creds();
        let key = c.private_key().public_key();
        let now = from_unix_secs(1_700_000_000);
        let t = bearer_token(&c, now, &SeededNonce::new(2));
        let other = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4e";
        assert_eq!(
            verify_bearer(&t, other, &key, now, Duration::ZERO),
            Err(RestAuthError::Issuer)
        );
        assert_eq!(
            verify_bearer(&t, APP, &key, from_unix_secs(1_700_000_180), Duration::ZERO),
            Err(RestAuthError::Expired)
        );
        assert_eq!(
            verify_bearer(
                &t,
                APP,
                &key,
                from_unix_secs(1_699_999_000),
                Duration::from_secs(10)
            ),
            Err(RestAuthError::IssuedInFuture)
        );
        let mut tampered = t.clone();
        tampered.pop();
        tampered.push(if t.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(
            verify_bearer(&tampered, APP, &key, now, Duration::ZERO),
            Err(RestAuthError::Signature)
        );
        assert_eq!(
            verify_bearer("nope", APP, &key, now, Duration::ZERO),
            Err(RestAuthError::Format)
        );
        // No exp (the Java and .NET SDKs) and a long lifetime are accepted.
        let no_exp = encode_bearer(&c, 1_700_000_000, None, "j");
        let claims = verify_bearer(&no_exp, APP, &key, now, Duration::ZERO).expect("no exp");
        assert_eq!(claims.exp, None);
        let long = encode_bearer(&c, 1_700_000_000, Some(1_700_000_900), "j");
        assert!(verify_bearer(&long, APP, &key, now, Duration::ZERO).is_ok());
    }
}
