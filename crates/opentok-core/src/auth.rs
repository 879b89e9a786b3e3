//! REST authentication: the `X-OPENTOK-AUTH` HS256 JWT (API key + secret) or the
//! `Authorization: Bearer` RS256 JWT (Vonage application, see [`bearer`]), fresh per
//! request, and the legacy `X-TB-PARTNER-AUTH` / `X-TB-TOKEN-AUTH` headers of the hl API.
//! Verification is in [`verify`] (feature `verify`): the emulator admits requests with it, and
//! tests check what a transport sent.
//!
//! The public items here are public through `crate::rest_auth`, which only the `verify`
//! feature builds; without it they serve the crate's own requests.
#![cfg_attr(not(feature = "verify"), allow(unreachable_pub))]

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use http::{HeaderName, HeaderValue};

use crate::clock::unix_secs;
use crate::credentials::{Credentials, ProjectCredentials};
use crate::error::{Rule, ValidationError};
use crate::jwt;
use crate::nonce::NonceSource;

pub(crate) mod bearer;
#[cfg(any(test, feature = "verify"))]
pub(crate) mod verify;

/// `X-OPENTOK-AUTH`.
pub const REST_AUTH_HEADER: HeaderName = HeaderName::from_static("x-opentok-auth");
/// `X-TB-PARTNER-AUTH` (legacy hl API: `key:secret`).
pub const PARTNER_AUTH_HEADER: HeaderName = HeaderName::from_static("x-tb-partner-auth");
/// `X-TB-TOKEN-AUTH` (legacy hl API: a moderator client token).
pub const TOKEN_AUTH_HEADER: HeaderName = HeaderName::from_static("x-tb-token-auth");

/// How far `iat` is back-dated, so a server whose clock runs behind ours still accepts it.
pub(crate) const CLOCK_SKEW_ALLOWANCE: Duration = Duration::from_secs(5);
/// How long a REST auth token lives after `now` (so `exp - iat` is 185 s, under the 300 s cap).
pub(crate) const REST_AUTH_TTL: Duration = Duration::from_secs(180);

/// Mints the `X-OPENTOK-AUTH` JWT for `creds` at `now`.
pub fn rest_auth_token(creds: &ProjectCredentials, now: SystemTime, nonce: &dyn NonceSource) -> String {
    let now_s = unix_secs(now);
    let iat = now_s.saturating_sub(CLOCK_SKEW_ALLOWANCE.as_secs());
    let exp = now_s + REST_AUTH_TTL.as_secs();
    let mut jti = String::with_capacity(16);
    let _ = write!(jti, "{:016x}", nonce.next_u64());
    // The claims are ASCII we control; write them directly (no serializer on the hot path).
    let mut claims = String::with_capacity(96 + creds.api_key().as_str().len());
    claims.push_str("{\"iss\":\"");
    claims.push_str(creds.api_key().as_str()); // API keys are checked to be [A-Za-z0-9._-]
    let _ = write!(
        claims,
        "\",\"ist\":\"project\",\"iat\":{iat},\"exp\":{exp},\"jti\":\"{jti}\"}}"
    );
    jwt::encode_hs256(creds.hmac_sha256(), claims.as_bytes())
}

/// The auth header for a REST call, marked sensitive so HTTP layers never log it.
pub fn rest_auth_header(
    creds: &Credentials,
    now: SystemTime,
    nonce: &dyn NonceSource,
) -> (HeaderName, HeaderValue) {
    match creds {
        Credentials::Project(p) => {
            let token = rest_auth_token(p, now, nonce);
            (REST_AUTH_HEADER, sensitive(&token))
        }
        Credentials::Application(a) => bearer::bearer_header(a, now, nonce),
    }
}

/// The legacy `X-TB-PARTNER-AUTH: key:secret` header, marked sensitive.
pub(crate) fn partner_auth_header(creds: &Credentials) -> Result<(HeaderName, HeaderValue), ValidationError> {
    let Some(p) = creds.project() else {
        return Err(ValidationError::new(
            "credentials",
            Rule::Conflict("the legacy hl API needs an API key and secret".into()),
        ));
    };
    let value = format!("{}:{}", p.api_key().as_str(), p.api_secret().expose_secret());
    let mut v = HeaderValue::from_str(&value).map_err(|_| {
        ValidationError::new("api_secret", Rule::Charset("visible ASCII for the legacy header"))
    })?;
    v.set_sensitive(true);
    Ok((PARTNER_AUTH_HEADER, v))
}

/// The legacy `X-TB-TOKEN-AUTH: <token>` header, marked sensitive.
pub(crate) fn token_auth_header(token: &str) -> Result<(HeaderName, HeaderValue), ValidationError> {
    let mut v = HeaderValue::from_str(token)
        .map_err(|_| ValidationError::new("token", Rule::Charset("visible ASCII")))?;
    v.set_sensitive(true);
    Ok((TOKEN_AUTH_HEADER, v))
}

fn sensitive(s: &str) -> HeaderValue {
    // JWTs are base64url and dots: always a valid header value.
    let mut v = HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""));
    v.set_sensitive(true);
    v
}

#[cfg(test)]
mod tests {
    use super::verify::{RestAuthError, verify_rest_auth};
    use super::*;
    use crate::clock::from_unix_secs;
    use crate::nonce::SeededNonce;

    fn creds() -> ProjectCredentials {
        ProjectCredentials::new("123456", "1234567890abcdef1234567890abcdef1234567890").expect("valid")
    }

    #[test]
    fn mints_fresh_verifiable_tokens() {
        let c = creds();
        let n = SeededNonce::new(1);
        let now = from_unix_secs(1_700_000_000);
        let a = rest_auth_token(&c, now, &n);
        let b = rest_auth_token(&c, now, &n);
        assert_ne!(a, b, "jti differs per request");
        let claims = verify_rest_auth(&a, &c, now, Duration::from_secs(0)).expect("verifies");
        assert_eq!(claims.iss, "123456");
        assert_eq!(claims.ist.as_deref(), Some("project"));
        assert_eq!(claims.iat, 1_700_000_000 - 5);
        assert_eq!(claims.exp, 1_700_000_180);
        assert!(claims.exp - claims.iat <= 300);
    }

    #[test]
    fn rejections() {
        let c = creds();
        let n = SeededNonce::new(2);
        let now = from_unix_secs(1_700_000_000);
        let t = rest_auth_token(&c, now, &n);
        let other = ProjectCredentials::new("123456", "other").expect("valid");
        assert_eq!(
            verify_rest_auth(&t, &other, now, Duration::ZERO),
            Err(RestAuthError::Signature)
        );
        let other_key =
            ProjectCredentials::new("999", "1234567890abcdef1234567890abcdef1234567890").expect("valid");
        assert_eq!(
            verify_rest_auth(&t, &other_key, now, Duration::ZERO),
            Err(RestAuthError::Issuer)
        );
        assert_eq!(
            verify_rest_auth(&t, &c, from_unix_secs(1_700_000_181), Duration::ZERO),
            Err(RestAuthError::Expired)
        );
        assert_eq!(
            verify_rest_auth(&t, &c, from_unix_secs(1_699_999_000), Duration::from_secs(10)),
            Err(RestAuthError::IssuedInFuture)
        );
        assert_eq!(
            verify_rest_auth("nope", &c, now, Duration::ZERO),
            Err(RestAuthError::Format)
        );
    }

    /// A token under another header than the one we mint (Ruby's carries `ist`): the
    /// header is read, and an `ist` there must be `project` like one in the claims.
    #[test]
    fn another_header_is_read() {
        use base64::Engine as _;
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use hmac::Mac as _;
        let c = creds();
        let now = from_unix_secs(1_700_000_000);
        let sign = |header: &str, claims: &str| {
            let input = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(header),
                URL_SAFE_NO_PAD.encode(claims)
            );
            let mut mac = c.hmac_sha256();
            mac.update(input.as_bytes());
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
        };
        let claims = r#"{"iss":"123456","iat":1700000000,"exp":1700000100}"#;
        let ok = sign(r#"{"typ":"JWT","alg":"HS256","ist":"project"}"#, claims);
        assert_eq!(
            verify_rest_auth(&ok, &c, now, Duration::ZERO).map(|c| c.iss),
            Ok("123456".into())
        );
        let account = sign(r#"{"typ":"JWT","alg":"HS256","ist":"account"}"#, claims);
        assert_eq!(
            verify_rest_auth(&account, &c, now, Duration::ZERO),
            Err(RestAuthError::IssuerType)
        );
        for header in [r#"{"alg":"none"}"#, r#"{"alg":5}"#, "[]", "not json"] {
            assert_eq!(
                verify_rest_auth(&sign(header, claims), &c, now, Duration::ZERO),
                Err(RestAuthError::Format),
                "{header}"
            );
        }
    }

    #[test]
    fn headers_are_sensitive() {
        let c = Credentials::new("123456", "sekrit").expect("valid");
        let (name, v) = rest_auth_header(&c, from_unix_secs(1), &SeededNonce::new(3));
        assert_eq!(name, REST_AUTH_HEADER);
        assert!(v.is_sensitive());
        let (_, v) = partner_auth_header(&c).expect("ok");
        assert!(v.is_sensitive());
        assert_eq!(v.to_str().expect("ascii"), "123456:sekrit");
        assert!(!format!("{v:?}").contains("sekrit"));
    }
}
