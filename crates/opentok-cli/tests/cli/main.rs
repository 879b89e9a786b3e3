//! End-to-end tests of the `opentok` binary against the in-process emulator.

#![allow(missing_docs, unreachable_pub)]

mod harness;

mod application;
mod archive;
mod errors;
mod local;
mod rest;
mod secrets;
