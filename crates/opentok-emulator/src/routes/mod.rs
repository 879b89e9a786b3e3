//! The REST API under `/v2/project/{apiKey}`, session create and the legacy hl API: one
//! module per resource, and `serve`, which gives each of core's operations its handler.
pub(crate) mod archive;
pub(crate) mod archive_record;
pub(crate) mod broadcast;
pub(crate) mod callback;
pub(crate) mod captions;
pub(crate) mod connect;
pub(crate) mod connection;
pub(crate) mod layout;
pub(crate) mod legacy;
pub(crate) mod listing;
pub(crate) mod render;
pub(crate) mod serve;
pub(crate) mod session;
pub(crate) mod signal;
pub(crate) mod sip;
pub(crate) mod stream;
