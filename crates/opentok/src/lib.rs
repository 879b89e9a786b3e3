//! # opentok
//!
//! The OpenTok (Vonage Video) server SDK for Rust. This facade re-exports the protocol core
//! and the HTTP transport.

pub use opentok_core as core;
pub use opentok_http as http;
