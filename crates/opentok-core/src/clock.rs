//! Time sources.
//!
//! Core never calls [`SystemTime::now`] on its own: every operation that needs the time takes
//! it as an argument, and the helpers that need a default take a [`Clock`]. Tests swap in a
//! [`ManualClock`] so every token, header and id comes out the same on every run.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of wall-clock time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The real clock: [`SystemTime::now`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to; for tests and reproducible output.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<SystemTime>,
}

impl ManualClock {
    /// A clock stopped at `now`.
    pub fn new(now: SystemTime) -> Self {
        Self { now: Mutex::new(now) }
    }

    /// A clock stopped at `secs` seconds after the Unix epoch.
    pub fn at_unix(secs: u64) -> Self {
        Self::new(UNIX_EPOCH + Duration::from_secs(secs))
    }

    /// Sets the time.
    pub fn set(&self, now: SystemTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }

    /// Moves the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> SystemTime {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> SystemTime {
        (**self).now()
    }
}

/// Whole seconds since the Unix epoch; times before the epoch count as 0.
pub fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The latest time every platform can represent that core will produce: year 9999 or so.
/// Values beyond it (a token claiming `exp = u64::MAX`) saturate instead of overflowing.
const MAX_UNIX_SECS: u64 = 253_402_300_799;

/// The time `secs` seconds after the Unix epoch (saturating at year 9999).
pub fn from_unix_secs(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs.min(MAX_UNIX_SECS))
}

/// The time `ms` milliseconds after the Unix epoch (saturating at year 9999).
pub fn from_unix_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms.min(MAX_UNIX_SECS * 1000))
}

/// Whole milliseconds since the Unix epoch; times before the epoch count as 0.
pub fn unix_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::at_unix(1_700_000_000);
        assert_eq!(unix_secs(c.now()), 1_700_000_000);
        c.advance(Duration::from_secs(90));
        assert_eq!(unix_secs(c.now()), 1_700_000_090);
        c.set(from_unix_millis(5_500));
        assert_eq!(unix_millis(c.now()), 5_500);
        // huge values saturate instead of overflowing
        assert_eq!(unix_secs(from_unix_secs(u64::MAX)), MAX_UNIX_SECS);
        assert_eq!(unix_secs(from_unix_millis(u64::MAX)), MAX_UNIX_SECS);
    }
}
