//! The fields a client token carries, as the unchecked encoders take them.

use super::Role;

/// Everything a client token carries, ready to encode with
/// [`super::t1::encode_t1`] or [`super::jwt_token::encode_jwt`].
///
/// This is the low-level path: nothing is checked and the time and nonce are given as they
/// are to be written, so known tokens can be reproduced byte for byte. [`super::mint`] is the
/// checked path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(fuzzing), allow(unreachable_pub))] // public through `crate::fuzzing` only
pub struct TokenFields<'a> {
    /// The role.
    pub role: Role,
    /// The session id, as written.
    pub session_id: &'a str,
    /// Unix seconds of minting (T1 `create_time`, JWT `iat`).
    pub create_time: u64,
    /// The nonce text (`123456`, `0.123456789`, …).
    pub nonce: &'a str,
    /// Unix seconds of expiry, if any.
    pub expire_time: Option<u64>,
    /// Connection data, if any.
    pub connection_data: Option<&'a str>,
    /// Layout classes (written joined by spaces; omitted when empty).
    pub initial_layout_class_list: &'a [String],
}
