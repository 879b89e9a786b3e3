//! # opentok-emulator
//!
//! A faithful local, in-memory OpenTok REST service on a real hyper server: point any
//! OpenTok server SDK (ours, or the official ones) at its base URL. It verifies REST auth and
//! client tokens like the service, keeps sessions, connections, streams, archives,
//! broadcasts, SIP calls, captions, Experience Composers, Audio Connector calls and callbacks
//! in memory with the service's rules and statuses, delivers callbacks, serves the legacy hl
//! API, and adds a control API under `/_emulator/v1` that stands in for WebRTC clients.
//!
//! ```no_run
//! # async fn demo() -> Result<(), opentok_emulator::StartError> {
//! let emu = opentok_emulator::Emulator::builder()
//!     .project("12345678", "0123456789abcdef0123456789abcdef01234567")
//!     .start()
//!     .await?;
//! println!("{} {}", emu.base_url(), emu.api_key());
//! emu.shutdown().await;
//! # Ok(()) }
//! ```

mod auth;
mod callbacks;
mod client_token;
mod config;
mod control;
mod ids;
mod input;
pub mod participant;
mod reply;
mod router;
mod routes;
mod server;
mod session;
mod state;
pub mod supported;
mod timefmt;

pub use config::Limits;
pub use server::{Emulator, EmulatorBuilder, EmulatorHandle, StartError};
