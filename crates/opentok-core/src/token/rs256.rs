//! The RS256 client token of Vonage application credentials: minting, decoding, and
//! verifying with a public key.
//!
//! Claims, in the byte order `@vonage/video` (and the OpenTok Node SDK in its Vonage mode)
//! writes them: `scope="session.connect", session_id, role, initial_layout_class_list` (the
//! classes joined by spaces, `""` when none), `exp, sub="video", acl={"paths":
//! {"/session/**":{}}}, [connection_data], jti` (a UUID), `iat, application_id`. With the same
//! inputs the token is byte for byte theirs (a test checks it against their tokens).
//!
//! Reading accepts every official SDK's variant: `subject` for `sub` (Python), no `sub` or
//! `acl` (Java, .NET), no `exp` (.NET: the service's 24 h default then applies), a JSON
//! array of layout classes (Python), `data` for `connection_data` (Ruby).

use std::fmt;
use std::time::SystemTime;

use serde::Deserialize;

use super::jwt_token::{Layout, client_role, layout_classes, push_json_str, push_u64};
use super::options::DEFAULT_TOKEN_LIFETIME;
use super::verify::token_time;
use super::{Role, TokenError, TokenFields, TokenOptions};
use crate::clock::unix_secs;
use crate::credentials::ApplicationCredentials;
use crate::error::{Rule, ValidationError};
use crate::nonce::{NonceSource, uuid_v4};
use crate::rs256::{self, PublicKey, Rs256Error};

/// Encodes an RS256 client token from `fields`, signed with the application's key: `iat` is
/// the create time, `jti` the nonce text, `exp` the expire time or 24 hours after `iat`.
/// No checks are made (see [`super::mint`]): the low-level path, so known tokens can be
/// reproduced byte for byte.
fn encode_rs256(creds: &ApplicationCredentials, fields: &TokenFields<'_>) -> String {
    let exp = fields.expire_time.unwrap_or(
        fields
            .create_time
            .saturating_add(DEFAULT_TOKEN_LIFETIME.as_secs()),
    );
    let layout: usize = fields.initial_layout_class_list.iter().map(|c| c.len() + 1).sum();
    let mut c = Vec::with_capacity(
        256 + fields.session_id.len()
            + fields.nonce.len()
            + fields.connection_data.map_or(0, |d| d.len() + 24)
            + layout,
    );
    c.extend_from_slice(b"{\"scope\":\"session.connect\",\"session_id\":");
    push_json_str(&mut c, fields.session_id);
    c.extend_from_slice(b",\"role\":\"");
    c.extend_from_slice(fields.role.as_str().as_bytes());
    c.extend_from_slice(b"\",\"initial_layout_class_list\":");
    push_json_str(&mut c, &fields.initial_layout_class_list.join(" "));
    c.extend_from_slice(b",\"exp\":");
    push_u64(&mut c, exp);
    c.extend_from_slice(b",\"sub\":\"video\",\"acl\":{\"paths\":{\"/session/**\":{}}}");
    if let Some(data) = fields.connection_data {
        c.extend_from_slice(b",\"connection_data\":");
        push_json_str(&mut c, data);
    }
    c.extend_from_slice(b",\"jti\":");
    push_json_str(&mut c, fields.nonce);
    c.extend_from_slice(b",\"iat\":");
    push_u64(&mut c, fields.create_time);
    c.extend_from_slice(b",\"application_id\":\"");
    c.extend_from_slice(creds.application_id().as_str().as_bytes()); // checked: hex and dashes
    c.extend_from_slice(b"\"}");
    creds.private_key().encode_jwt(&c)
}

/// [`super::mint`] for application credentials: the same checks (the session's field 1 is
/// the application id), then an RS256 token with a random UUID `jti`.
pub(super) fn mint(
    creds: &ApplicationCredentials,
    session_id: &str,
    options: &TokenOptions,
    now: SystemTime,
    nonce: &dyn NonceSource,
) -> Result<String, TokenError> {
    let session_id = session_id.trim_ascii();
    let expire_time = options.check(now)?;
    let refusal = match crate::session_id::belongs_to(session_id, creds.application_id().as_str()) {
        Ok(true) => None,
        Ok(false) => Some(Rule::Conflict(
            "the session does not belong to this application".into(),
        )),
        Err(_) => Some(Rule::Format(
            "a session id: `1_` or `2_` + base64url of `~`-separated fields",
        )),
    };
    if let Some(rule) = refusal {
        return Err(ValidationError::new("session_id", rule).into());
    }
    let jti = uuid_v4(nonce);
    let fields = TokenFields {
        role: options.role,
        session_id,
        create_time: unix_secs(now),
        nonce: &jti,
        expire_time,
        connection_data: options.data.as_deref(),
        initial_layout_class_list: &options.initial_layout_class_list,
    };
    Ok(encode_rs256(creds, &fields))
}

/// An RS256 client token's contents (see [`decode_rs256`] and [`verify_rs256`]).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApplicationToken {
    /// The application id it names (`application_id`).
    pub application_id: String,
    /// The session it admits to.
    pub session_id: String,
    /// The role.
    pub role: Role,
    /// When it was minted (`iat`).
    pub issued_at: SystemTime,
    /// The expire time it carries (`exp`), if any; see [`ApplicationToken::expires_at`].
    pub expire_time: Option<SystemTime>,
    /// The token id (`jti`), if any.
    pub jti: Option<String>,
    /// The subject (`sub`, or `subject` as the Python SDKs write it), if any.
    pub subject: Option<String>,
    /// Connection data (`connection_data`, or `data` as the Ruby SDK writes it).
    pub connection_data: Option<String>,
    /// Initial layout classes.
    pub initial_layout_class_list: Vec<String>,
}

impl fmt::Debug for ApplicationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicationToken")
            .field("application_id", &self.application_id)
            .field("session_id", &self.session_id)
            .field("role", &self.role)
            .field("issued_at", &self.issued_at)
            .field("expire_time", &self.expire_time)
            .field("subject", &self.subject)
            .field("connection_data", &self.connection_data)
            .field("initial_layout_class_list", &self.initial_layout_class_list)
            .finish_non_exhaustive()
    }
}

impl ApplicationToken {
    /// When the token stops admitting clients: its expire time, or 24 hours after it was
    /// minted when it carries none (the service's default).
    pub fn expires_at(&self) -> SystemTime {
        self.expire_time
            .unwrap_or_else(|| self.issued_at + DEFAULT_TOKEN_LIFETIME)
    }
}

#[derive(Deserialize)]
struct Claims {
    application_id: Option<String>,
    session_id: Option<String>,
    role: Option<String>,
    scope: Option<String>,
    #[serde(default, deserialize_with = "crate::serde_util::lenient_opt_u64")]
    iat: Option<u64>,
    #[serde(default, deserialize_with = "crate::serde_util::lenient_opt_u64")]
    exp: Option<u64>,
    jti: Option<String>,
    sub: Option<String>,
    subject: Option<String>,
    connection_data: Option<String>,
    data: Option<String>,
    initial_layout_class_list: Option<Layout>,
}

fn malformed(what: &'static str) -> TokenError {
    TokenError::Malformed(what)
}

fn shape(e: Rs256Error) -> TokenError {
    match e {
        Rs256Error::Parts => malformed("not a three-part JWT"),
        Rs256Error::Base64 => malformed("a JWT part is not base64url"),
        Rs256Error::Json => malformed("JWT header or claims are not JSON objects"),
        Rs256Error::Algorithm => malformed("JWT algorithm is not RS256"),
        Rs256Error::Signature => TokenError::BadSignature,
    }
}

fn read_claims(claims: &[u8]) -> Result<ApplicationToken, TokenError> {
    let claims: Claims =
        serde_json::from_slice(claims).map_err(|_| malformed("JWT claims have the wrong shape"))?;
    let role = client_role(claims.scope.as_deref(), claims.role.as_deref())?;
    let layout = layout_classes(claims.initial_layout_class_list);
    Ok(ApplicationToken {
        application_id: claims.application_id.ok_or(malformed("no application_id"))?,
        session_id: claims.session_id.ok_or(malformed("no session_id"))?,
        role,
        issued_at: token_time(claims.iat.ok_or(malformed("no iat"))?, "iat is out of range")?,
        expire_time: claims
            .exp
            .map(|t| token_time(t, "exp is out of range"))
            .transpose()?,
        jti: claims.jti,
        subject: claims.sub.or(claims.subject),
        connection_data: claims.connection_data.or(claims.data),
        initial_layout_class_list: layout,
    })
}

/// Reads an RS256 client token without checking its signature: for looking inside a token.
/// Use [`verify_rs256`] to trust what it says.
pub fn decode_rs256(token: &str) -> Result<ApplicationToken, TokenError> {
    let (_, claims, _) = rs256::split(token).map_err(shape)?;
    read_claims(&claims)
}

/// Checks an RS256 client token: the header says RS256 (`none`, HS256 and every other
/// algorithm are refused), `key` made the signature, it names `application_id`, its session
/// belongs to that application, and it has not expired at `now`.
pub fn verify_rs256(
    token: &str,
    application_id: &str,
    key: &PublicKey,
    now: SystemTime,
) -> Result<ApplicationToken, TokenError> {
    let claims = rs256::verify(token, key).map_err(shape)?;
    let decoded = read_claims(&claims)?;
    if decoded.application_id != application_id {
        return Err(TokenError::WrongKey);
    }
    match crate::session_id::belongs_to(&decoded.session_id, application_id) {
        Ok(true) => {}
        Ok(false) => return Err(TokenError::ForeignSession),
        Err(e) => return Err(TokenError::BadSessionId(e)),
    }
    let expires_at = decoded.expires_at();
    if unix_secs(now) >= unix_secs(expires_at) {
        return Err(TokenError::Expired {
            expired_at: expires_at,
        });
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::from_unix_secs;
    use crate::credentials::Credentials;
    use crate::nonce::SeededNonce;
    use crate::token::TokenFormat;

    const PKCS8: &str = include_str!("../../tests/vectors/vonage/THROWAWAY_TEST_KEY_private_pkcs8.pem");
    const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const SID: &str = "1_MX4wYTFiMmMzZC00ZTVmLTRhNmItOGM3ZC05ZTBmMWEyYjNjNGR-fjE3MDAwMDAwMDAxMjN-ZEdoeWIzZGhkMkY1TFhSbGMzUXRjMlZ6YzJsdmJnfn5-";

    fn creds() -> Credentials {
        Credentials::application(APP, PKCS8).expect("valid")
    }

    #[test]
    fn mint_writes_rs256_whatever_the_format_option() {
        let c = creds();
        let app = c.application_credentials().expect("application");
        let now = from_unix_secs(1_700_000_000);
        let n = SeededNonce::new(1);
        for format in [TokenFormat::T1, TokenFormat::Jwt] {
            let opts = TokenOptions::new()
                .format(format)
                .role(Role::PublisherOnly)
                .data("name=Bob")
                .initial_layout_class_list(["focus"]);
            let t = super::super::mint(&c, SID, &opts, now, &n).expect("mints");
            let d = verify_rs256(&t, APP, &app.private_key().public_key(), now).expect("verifies");
            assert_eq!(d.role, Role::PublisherOnly);
            assert_eq!(d.subject.as_deref(), Some("video"));
            assert_eq!(d.connection_data.as_deref(), Some("name=Bob"));
            assert_eq!(d.initial_layout_class_list, ["focus"]);
            assert_eq!(d.expires_at(), from_unix_secs(1_700_086_400));
            assert_eq!(d.jti.as_deref().map(str::len), Some(36));
        }
    }

    #[test]
    fn mint_checks_like_the_project_path() {
        let now = from_unix_secs(1_700_000_000);
        let n = SeededNonce::new(1);
        let other = "1_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
        let cases: [(&str, TokenOptions, &str); 5] = [
            (other, TokenOptions::new(), "session_id"),
            ("garbage", TokenOptions::new(), "session_id"),
            (SID, TokenOptions::new().expire_time(now), "expire_time"),
            (SID, TokenOptions::new().data("x".repeat(1001)), "connection_data"),
            (
                SID,
                TokenOptions::new().initial_layout_class_list(vec!["abcdefghi".to_string(); 101]),
                "initial_layout_class_list",
            ),
        ];
        for (sid, opts, field) in cases {
            let e = super::super::mint(&creds(), sid, &opts, now, &n).expect_err(field);
            assert!(
                matches!(e, TokenError::Invalid(ref v) if v.field == field),
                "{field}: {e:?}"
            );
        }
        let far = TokenOptions::new().expire_time(now + crate::token::MAX_TOKEN_LIFETIME);
        assert!(
            super::super::mint(&creds(), SID, &far, now, &n).is_ok(),
            "30 days is allowed"
        );
    }

    #[test]
    fn verification_failures_are_typed() {
        let c = creds();
        let key = c
            .application_credentials()
            .expect("app")
            .private_key()
            .public_key();
        let now = from_unix_secs(1_700_000_000);
        let opts = TokenOptions::new().expire_time(from_unix_secs(1_700_000_100));
        let t = super::super::mint(&c, SID, &opts, now, &SeededNonce::new(4)).expect("mints");
        assert_eq!(
            verify_rs256(&t, "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4e", &key, now),
            Err(TokenError::WrongKey)
        );
        assert_eq!(
            verify_rs256(&t, APP, &key, from_unix_secs(1_700_000_100)),
            Err(TokenError::Expired {
                expired_at: from_unix_secs(1_700_000_100)
            })
        );
        // A project's tokens are never valid for an application, and the reverse.
        let project = Credentials::new("47001234", "secret").expect("valid");
        assert!(crate::token::verify(&t, &project, now).is_err());
        assert_eq!(
            decode_rs256("a.b").err(),
            Some(TokenError::Malformed("not a three-part JWT"))
        );
    }
}
