//! # opentok-emulator
//!
//! A local, in-memory OpenTok REST service (filled by the emulator issue).
