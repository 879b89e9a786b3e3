//! The commands: those that send nothing (`local`) and those that call the REST API (`rest`
//! dispatches to `recording`, `session_ops` and `services`).

pub(crate) mod local;
mod recording;
pub(crate) mod rest;
mod services;
mod session_ops;
