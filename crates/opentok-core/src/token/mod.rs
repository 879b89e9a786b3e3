//! Client tokens: T1 (the seed's format, the default) and HS256 JWT; minting, decoding, verifying.

/// A client token could not be minted, decoded or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// An option broke a rule.
    #[error(transparent)]
    Invalid(#[from] crate::error::ValidationError),
}
