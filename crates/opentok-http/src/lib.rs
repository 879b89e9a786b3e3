//! # opentok-http
//!
//! The production transport for the OpenTok server SDK (filled by the transport issue).
