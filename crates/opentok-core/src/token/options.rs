//! Token options (role, expiry, connection data, layout classes, format) and their checks.

use std::str::FromStr;
use std::time::{Duration, SystemTime};

use crate::clock::unix_secs;
use crate::error::{Rule, ValidationError};

/// Longest connection data, in characters (Unicode scalar values).
pub(crate) const MAX_DATA_CHARS: usize = 1000;
/// Longest initial layout class list, in characters, with the classes joined by spaces.
pub(crate) const MAX_LAYOUT_CHARS: usize = 1000;
/// Furthest an expire time may lie after now: 30 days.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 86_400);
/// How long a token lives when no expire time is given (the service's default): 24 hours.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(86_400);

/// What a client connecting with the token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// May subscribe to streams only.
    Subscriber,
    /// May publish and subscribe, and signal (the default).
    #[default]
    Publisher,
    /// May publish and signal, but not subscribe.
    PublisherOnly,
    /// A publisher that may also force other clients to disconnect, mute or stop publishing.
    Moderator,
}

impl Role {
    /// Every role, in the service's order of privilege.
    pub const ALL: [Role; 4] = [
        Role::Subscriber,
        Role::Publisher,
        Role::PublisherOnly,
        Role::Moderator,
    ];

    /// Every role's wire name, in the order of [`Role::ALL`].
    pub const KNOWN: &'static [&'static str] = &["subscriber", "publisher", "publisheronly", "moderator"];

    /// The wire name: `subscriber`, `publisher`, `publisheronly` or `moderator`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Subscriber => "subscriber",
            Role::Publisher => "publisher",
            Role::PublisherOnly => "publisheronly",
            Role::Moderator => "moderator",
        }
    }

    /// The role with wire name `name` (exact, lowercase), as a token carries it.
    pub(crate) fn from_wire(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl FromStr for Role {
    type Err = ValidationError;

    /// Reads a wire name; case-insensitive, so `Moderator` reads too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| ValidationError::new("role", Rule::OneOf(Role::KNOWN)))
    }
}

/// How a client token is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenFormat {
    /// `T1==` + base64 of a form-encoded data string signed with HMAC-SHA1 (the default).
    #[default]
    T1,
    /// A compact HS256 JSON Web Token.
    Jwt,
}

/// The options of a client token. Every field has a default: a publisher token in T1 format
/// that expires after the service's default 24 hours, with no data and no layout classes.
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use opentok_core::token::{Role, TokenFormat, TokenOptions};
///
/// let opts = TokenOptions::new()
///     .role(Role::Moderator)
///     .expire_time(SystemTime::now() + Duration::from_secs(3600))
///     .data("name=Johnny")
///     .initial_layout_class_list(["focus", "inactive"])
///     .format(TokenFormat::Jwt);
/// // Unix time 0 leaves the expire time to the service's default.
/// assert_eq!(TokenOptions::new().expire_time(UNIX_EPOCH), TokenOptions::new());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct TokenOptions {
    /// The role (default [`Role::Publisher`]).
    pub(crate) role: Role,
    /// When the token stops admitting clients: strictly after now, at most 30 days ahead.
    /// `None` leaves it to the service's default (24 hours): a T1 token then carries no
    /// `expire_time`; a JWT carries `exp` = now + 24 h, since JWTs always need one. Unix time
    /// 0 ([`UNIX_EPOCH`](std::time::UNIX_EPOCH)) means the default too, as `expire_time = 0`
    /// does in the seed's Ruby SDK (and `expireTime = 0` in the .NET SDK).
    pub(crate) expire_time: Option<SystemTime>,
    /// Connection data other clients see (wire name `connection_data`), at most 1000
    /// characters.
    pub(crate) data: Option<String>,
    /// Layout classes the client's streams start with (wire name
    /// `initial_layout_class_list`). Each class is non-empty and has no whitespace; joined
    /// by spaces they are at most 1000 characters.
    pub(crate) initial_layout_class_list: Vec<String>,
    /// The token format (default [`TokenFormat::T1`]).
    pub(crate) format: TokenFormat,
}

impl TokenOptions {
    /// The defaults: a publisher T1 token.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the role.
    pub fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    /// Sets when the token stops admitting clients: strictly after now, at most 30 days
    /// ahead. Unset, or Unix time 0 ([`UNIX_EPOCH`](std::time::UNIX_EPOCH)), leaves it to the
    /// service's default (24 hours): a T1 token then carries no `expire_time`; a JWT carries
    /// `exp` = now + 24 h, since JWTs always need one.
    pub fn expire_time(mut self, at: SystemTime) -> Self {
        self.expire_time = given(at);
        self
    }

    /// Sets the connection data.
    pub fn data(mut self, data: impl Into<String>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// Sets the initial layout classes.
    pub fn initial_layout_class_list<I, S>(mut self, classes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.initial_layout_class_list = classes.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the format.
    pub fn format(mut self, format: TokenFormat) -> Self {
        self.format = format;
        self
    }

    /// Checks the options that do not depend on the session: expire time against `now`,
    /// data and layout lengths. Returns the expire time in Unix seconds, if one was given.
    pub(crate) fn check(&self, now: SystemTime) -> Result<Option<u64>, ValidationError> {
        let expire = match self.expire_time.and_then(given) {
            None => None,
            Some(at) => Some(check_expire(at, now)?),
        };
        if let Some(data) = &self.data {
            if exceeds_chars(data, MAX_DATA_CHARS) {
                return Err(ValidationError::new(
                    "connection_data",
                    Rule::TooLong {
                        max: MAX_DATA_CHARS,
                        actual: data.chars().count(),
                        unit: "characters",
                    },
                ));
            }
        }
        if !self.initial_layout_class_list.is_empty() {
            check_layout(&self.initial_layout_class_list)?;
        }
        Ok(expire)
    }
}

/// Whether `s` has more than `limit` characters; free when its byte length is within `limit`.
fn exceeds_chars(s: &str, limit: usize) -> bool {
    s.len() > limit && s.chars().nth(limit).is_some()
}

/// An expire time as given, or `None` (the default) for Unix time 0, as the seed's Ruby SDK
/// reads `expire_time = 0`.
fn given(at: SystemTime) -> Option<SystemTime> {
    (unix_secs(at) != 0).then_some(at)
}

fn check_expire(at: SystemTime, now: SystemTime) -> Result<u64, ValidationError> {
    let at_s = unix_secs(at);
    let now_s = unix_secs(now);
    if at_s <= now_s {
        return Err(ValidationError::new("expire_time", Rule::InPast));
    }
    if at_s - now_s > MAX_TOKEN_LIFETIME.as_secs() {
        return Err(ValidationError::new(
            "expire_time",
            Rule::TooFarInFuture {
                max_secs: MAX_TOKEN_LIFETIME.as_secs(),
            },
        ));
    }
    Ok(at_s)
}

fn check_layout(classes: &[String]) -> Result<(), ValidationError> {
    const FIELD: &str = "initial_layout_class_list";
    let mut total = classes.len().saturating_sub(1); // the joining spaces
    for class in classes {
        if class.is_empty() || class.chars().any(char::is_whitespace) {
            return Err(ValidationError::new(
                FIELD,
                Rule::Format("non-empty class names without whitespace"),
            ));
        }
        total += class.chars().count();
    }
    if total > MAX_LAYOUT_CHARS {
        return Err(ValidationError::new(
            FIELD,
            Rule::TooLong {
                max: MAX_LAYOUT_CHARS,
                actual: total,
                unit: "characters",
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::from_unix_secs;

    const NOW: u64 = 1_700_000_000;

    fn check(o: TokenOptions) -> Result<Option<u64>, ValidationError> {
        o.check(from_unix_secs(NOW))
    }

    #[test]
    fn expire_time_zero_is_the_default() {
        // The seed's Ruby SDK: `expire_time = opts[:expire_time].to_i`; 0 omits the field.
        let epoch = std::time::UNIX_EPOCH;
        assert_eq!(TokenOptions::new().expire_time(epoch), TokenOptions::new());
        let mut set = TokenOptions::new();
        set.expire_time = Some(epoch);
        assert_eq!(check(set.clone()), Ok(None));
        // The same bytes as no expire time, in both formats.
        let creds =
            crate::Credentials::new("47001234", "584febcb92be7d3af15c92e1035d151c90d8cb81").expect("valid");
        let sid = "2_MX40NzAwMTIzNH5-MTcwMDAwMDAwMDEyM34xU1RINzVLVVJFYUxMN0oyU1A3L0pOK05-fg";
        for format in [TokenFormat::T1, TokenFormat::Jwt] {
            let mint = |o: &TokenOptions| {
                let n = crate::nonce::SeededNonce::new(7);
                super::super::mint(&creds, sid, &o.clone().format(format), from_unix_secs(NOW), &n)
                    .expect("mints")
            };
            let zero = mint(&set);
            assert_eq!(zero, mint(&TokenOptions::new()), "{format:?}");
            let d = super::super::decode(&zero).expect("decodes");
            assert_eq!(d.expires_at(), from_unix_secs(NOW + 86_400), "{format:?}");
        }
        // Any other past time is still refused.
        let e = check(TokenOptions::new().expire_time(from_unix_secs(1))).expect_err("past");
        assert_eq!((e.field.as_ref(), e.rule), ("expire_time", Rule::InPast));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_wire(r.as_str()), Some(r));
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert_eq!("MODERATOR".parse::<Role>(), Ok(Role::Moderator));
        assert_eq!(Role::from_wire("Moderator"), None);
        let e = "admin".parse::<Role>().expect_err("unknown");
        assert_eq!(e.field, "role");
        assert_eq!(Role::default(), Role::Publisher);
    }

    #[test]
    fn expire_window() {
        let at = |d: u64| TokenOptions::new().expire_time(from_unix_secs(d));
        assert_eq!(check(at(NOW + 1)), Ok(Some(NOW + 1)));
        assert_eq!(check(at(NOW + 30 * 86_400)), Ok(Some(NOW + 30 * 86_400)));
        assert_eq!(check(at(NOW)).expect_err("now").rule, Rule::InPast);
        assert_eq!(check(at(NOW - 5)).expect_err("past").field, "expire_time");
        let e = check(at(NOW + 30 * 86_400 + 1)).expect_err("31 days");
        assert_eq!(e.field, "expire_time");
        assert_eq!(e.rule, Rule::TooFarInFuture { max_secs: 2_592_000 });
        assert_eq!(check(TokenOptions::new()), Ok(None));
    }

    #[test]
    fn data_counts_characters_not_bytes() {
        assert!(check(TokenOptions::new().data("x".repeat(1000))).is_ok());
        assert!(check(TokenOptions::new().data("🎥".repeat(1000))).is_ok());
        let e = check(TokenOptions::new().data("é".repeat(1001))).expect_err("1001");
        assert_eq!(e.field, "connection_data");
        assert_eq!(
            e.rule,
            Rule::TooLong {
                max: 1000,
                actual: 1001,
                unit: "characters"
            }
        );
        assert!(check(TokenOptions::new().data("")).is_ok());
    }

    #[test]
    fn layout_rules() {
        let classes = |v: Vec<String>| check(TokenOptions::new().initial_layout_class_list(v));
        assert!(classes(vec!["focus".into(), "small".into()]).is_ok());
        // 100 classes of 9 chars + 99 spaces = 999 characters
        assert!(classes(vec!["abcdefghi".into(); 100]).is_ok());
        let e = classes(vec!["abcdefghi".into(); 101]).expect_err("too long");
        assert_eq!(e.field, "initial_layout_class_list");
        assert!(matches!(e.rule, Rule::TooLong { actual: 1009, .. }));
        assert!(classes(vec!["a b".into()]).is_err());
        assert!(classes(vec!["".into()]).is_err());
        assert!(classes(vec![]).is_ok());
    }
}
