//! Session ids: decode (`1_`/`2_` + base64url of `~`-separated fields) and mint new ones.

/// A session id could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionIdError {
    /// Empty input.
    #[error("session id is empty")]
    Empty,
}
