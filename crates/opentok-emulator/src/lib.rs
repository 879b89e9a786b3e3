//! # opentok-emulator
//!
//! A faithful local, in-memory OpenTok REST service on a real hyper server: point any
//! OpenTok server SDK (ours, or the official ones) at its base URL. It verifies REST auth and
//! client tokens like the service, keeps sessions, connections, streams, archives,
//! broadcasts, SIP calls, captions, Experience Composers, Audio Connector calls and callbacks
//! in memory with the service's rules and statuses, delivers callbacks, serves the legacy hl
//! API, and adds a control API under `/_emulator/v1` that stands in for WebRTC clients.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), opentok_emulator::StartError> {
//! let emu = opentok_emulator::Emulator::builder()
//!     .project("12345678", "0123456789abcdef0123456789abcdef01234567")
//!     .start()
//!     .await?;
//! assert!(emu.base_url().starts_with("http://127.0.0.1:"));
//! assert_eq!(emu.api_key(), "12345678");
//! emu.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! [`participant`] holds the control API's calls (a simulated client joins and publishes) as
//! operations any `opentok-core` client can send.

mod accept;
mod auth;
mod callbacks;
mod client_token;
mod config;
mod control;
mod due;
mod ids;
mod input;
mod keygen;
pub mod participant;
mod reply;
mod route_table;
mod router;
mod routes;
mod server;
mod session;
mod state;
mod timefmt;
mod tls;

pub use config::Limits;
pub use server::{Emulator, EmulatorApplication, EmulatorBuilder, EmulatorHandle, StartError};
