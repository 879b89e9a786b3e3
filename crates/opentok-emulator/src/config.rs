//! Emulator settings: staging mode, clock skew, body cap, archive processing time, callback
//! retries and the caps that keep each project's memory bounded.

use std::time::Duration;

/// Caps on what one project may hold; a request past a cap gets a 400 saying which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Sessions per project.
    pub sessions: usize,
    /// Archives per project (deleted ones included).
    pub archives: usize,
    /// Broadcasts per project.
    pub broadcasts: usize,
    /// Experience Composers, captions and Audio Connector calls per project, each.
    pub renders: usize,
    /// Connections in one session.
    pub connections_per_session: usize,
    /// Streams in one session.
    pub streams_per_session: usize,
    /// Events kept per session; the oldest are dropped past it.
    pub events_per_session: usize,
    /// Registered callbacks per project.
    pub callbacks: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            sessions: 100_000,
            archives: 10_000,
            broadcasts: 10_000,
            renders: 10_000,
            connections_per_session: 1_000,
            streams_per_session: 10_000,
            events_per_session: 1_000,
            callbacks: 100,
        }
    }
}

/// Behaviour switches, set through [`crate::EmulatorBuilder`].
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) staging: bool,
    pub(crate) skew: Duration,
    pub(crate) max_body: usize,
    pub(crate) archive_processing: Duration,
    pub(crate) callback_attempts: u32,
    pub(crate) callback_backoff: Duration,
    pub(crate) limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            staging: false,
            skew: Duration::from_secs(10),
            max_body: 1024 * 1024,
            archive_processing: Duration::from_millis(200),
            callback_attempts: 3,
            callback_backoff: Duration::from_millis(100),
            limits: Limits::default(),
        }
    }
}
