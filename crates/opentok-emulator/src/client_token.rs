//! Client tokens as the emulator admits them: core's T1 and JWT verification against the
//! project's secret (an application's: core's RS256 verification with its public key), the
//! session and the clock, plus staging mode's generic `devtoken`
//! (publisher) and `moderator_token` (moderator). A token minted more than
//! [`MAX_ISSUED_AHEAD`] after the emulator's clock is refused, like an expired one.

use std::time::{Duration, SystemTime};

use opentok_core::Credentials;
use opentok_core::token::{self, TokenError};

use crate::state::ProjectAuth;

pub(crate) use opentok_core::token::Role;

/// How far a client token's mint time (T1 `create_time`, JWT `iat`) may be ahead of the
/// emulator's clock: 5 minutes, for clocks that drift apart. A token from further in the
/// future would outlive its 24-hour default lifetime (which counts from that time), so it is
/// refused.
pub(crate) const MAX_ISSUED_AHEAD: Duration = Duration::from_secs(5 * 60);

/// Whether a role may publish streams.
pub(crate) fn may_publish(r: Role) -> bool {
    r != Role::Subscriber
}

/// What a verified token grants.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub(crate) role: Role,
    pub(crate) data: Option<String>,
    pub(crate) layout: Vec<String>,
}

/// Why a token was refused (the text goes into the 403 body).
pub(crate) type Refusal = &'static str;

/// The API key or application id a client token names, read without verifying anything.
pub(crate) fn claimed_key(token: &str) -> Option<String> {
    match token::decode(token) {
        Ok(d) => Some(d.api_key),
        Err(_) => token::decode_rs256(token).ok().map(|d| d.application_id),
    }
}

fn refusal(e: &TokenError) -> Refusal {
    match e {
        TokenError::Malformed(_) | TokenError::Invalid(_) => "Invalid token format",
        TokenError::WrongKey | TokenError::ForeignSession => "Token was not issued for this project",
        TokenError::BadSignature => "Invalid signature",
        TokenError::BadSessionId(_) => "Invalid session ID in the token",
        TokenError::WrongSession => "Token is not for this session",
        TokenError::Expired { .. } => "Token expired",
        _ => "Invalid token",
    }
}

/// Verifies `token` for `session_id` (any session of the project when `None`).
pub(crate) fn verify(
    token: &str,
    auth: &ProjectAuth,
    session_id: Option<&str>,
    now: SystemTime,
    staging: bool,
) -> Result<Grant, Refusal> {
    let token = token.trim();
    if staging && (token == "devtoken" || token == "moderator_token") {
        let role = if token == "devtoken" {
            Role::Publisher
        } else {
            Role::Moderator
        };
        return Ok(Grant {
            role,
            data: None,
            layout: Vec::new(),
        });
    }
    let (issued_at, grant) = match auth {
        ProjectAuth::Secret(creds) => {
            let creds = Credentials::from(creds.clone());
            let d = match session_id {
                Some(sid) => token::verify_for_session(token, &creds, now, sid),
                None => token::verify(token, &creds, now),
            }
            .map_err(|e| refusal(&e))?;
            (
                d.issued_at,
                Grant {
                    role: d.role,
                    data: d.connection_data,
                    layout: d.initial_layout_class_list,
                },
            )
        }
        ProjectAuth::Application { id, public_key } => {
            let d = token::verify_rs256(token, id.as_str(), public_key, now).map_err(|e| refusal(&e))?;
            if session_id.is_some_and(|sid| sid.trim() != d.session_id) {
                return Err(refusal(&TokenError::WrongSession));
            }
            (
                d.issued_at,
                Grant {
                    role: d.role,
                    data: d.connection_data,
                    layout: d.initial_layout_class_list,
                },
            )
        }
    };
    if now
        .checked_add(MAX_ISSUED_AHEAD)
        .is_none_or(|latest| issued_at > latest)
    {
        return Err("Token was issued in the future");
    }
    Ok(grant)
}
