//! Emulator settings: staging mode, clock skew, body cap, archive processing time, callback
//! retries, the caps that keep each project's memory bounded, and the connection timeouts and
//! cap that keep the server answering.

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
    pub(crate) conn: ConnLimits,
}

/// How long connections may take and how many may be open, set through
/// [`crate::EmulatorBuilder`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnLimits {
    /// From accept to the first complete request head; HTTP/1 also waits this long at most
    /// for each later head (hyper's header read timer).
    pub(crate) header: Duration,
    /// Without a request in progress, a connection is closed after this long.
    pub(crate) idle: Duration,
    /// From a request's head to the end of its body.
    pub(crate) body: Duration,
    /// Connections open at once; past it a new one gets a bare `503` and is closed.
    pub(crate) max: usize,
}

/// The shortest and longest connection timeout accepted; others are brought within.
const TIMEOUT_RANGE: (Duration, Duration) = (Duration::from_millis(1), Duration::from_secs(86_400));

/// `d` brought between 1 ms and one day, so deadlines computed from it never overflow.
pub(crate) fn timeout_within_range(d: Duration) -> Duration {
    d.clamp(TIMEOUT_RANGE.0, TIMEOUT_RANGE.1)
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            body: Duration::from_secs(30),
            max: 1024,
        }
    }
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
            conn: ConnLimits::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_kept_between_a_millisecond_and_a_day() {
        assert_eq!(timeout_within_range(Duration::ZERO), Duration::from_millis(1));
        assert_eq!(timeout_within_range(Duration::MAX), Duration::from_secs(86_400));
        assert_eq!(
            timeout_within_range(Duration::from_secs(10)),
            Duration::from_secs(10)
        );
    }
}
