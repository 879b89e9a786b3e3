//! The commands: those that send nothing (`local`) and those that call the REST API (`rest`).

pub(crate) mod local;
pub(crate) mod rest;
