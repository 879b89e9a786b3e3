//! When and how long to wait before trying a request again.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method, StatusCode};
use opentok_core::nonce::NonceSource;

/// How failed requests are retried: bounded attempts, exponential backoff with jitter, and
/// `Retry-After` honoured up to a ceiling.
///
/// Idempotent requests (GET, PUT, DELETE, HEAD, OPTIONS) are retried on connect errors and on
/// 429, 502, 503 and 504. A POST is retried only after a connect error, when it provably never
/// reached the server. After the last attempt the reply or error is returned as it is: its
/// `ApiError::attempts` or `TransportError::attempts` says how many sends it took, and
/// `opentok_core::Error::is_retryable` tells by the same rule whether trying later may help.
///
/// ```
/// use std::time::Duration;
/// use http::StatusCode;
/// use opentok_core::ApiError;
/// use opentok_http::{HyperTransport, RetryPolicy};
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(100))
///     .max_backoff(Duration::from_secs(2))
///     .max_retry_after(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1, "0 counts as 1");
/// let transport = HyperTransport::builder().retry(policy).build()?;
///
/// // The statuses it retries idempotent calls on.
/// for status in [429, 502, 503, 504] {
///     assert!(ApiError::retryable_status(StatusCode::from_u16(status)?));
/// }
/// assert!(!ApiError::retryable_status(StatusCode::INTERNAL_SERVER_ERROR));
/// # let _ = transport;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 200 ms up to 5 s, `Retry-After` honoured up to 30 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt).
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// At most `attempts` tries in all (the first included); 0 counts as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles on each further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest computed backoff.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the transport waits for; a longer one ends the retries and
    /// the response is returned as it is.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The attempt limit.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before retry number `retry` (1 for the first retry): half the exponential
    /// value plus a random share of the other half ("equal jitter").
    pub(crate) fn backoff(&self, retry: u32, nonce: &dyn NonceSource) -> Duration {
        let shift = retry.saturating_sub(1).min(20);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << shift)
            .min(self.max_backoff);
        let half = full / 2;
        let half_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if half_nanos == 0 {
            0
        } else {
            nonce.next_u64() % (half_nanos + 1)
        };
        half + Duration::from_nanos(jitter)
    }

    /// How long to wait before retrying after `status`, or `None` when it must not be retried.
    pub(crate) fn status_delay(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        retry: u32,
        nonce: &dyn NonceSource,
        now: SystemTime,
    ) -> Option<Duration> {
        if !retryable_status(status) {
            return None;
        }
        let computed = self.backoff(retry, nonce);
        match retry_after(headers, now) {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(computed),
        }
    }
}

/// Whether a method may be repeated without changing the outcome.
pub(crate) fn idempotent_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// 429, 502, 503, 504: the one list, kept by core for `Error::is_retryable` too.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    opentok_core::ApiError::retryable_status(status)
}

/// The `Retry-After` header as a wait: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // IMF-fixdate, RFC 850 and asctime: the three forms RFC 9110 §5.6.7 asks recipients to read.
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use opentok_core::nonce::SeededNonce;
    use std::time::UNIX_EPOCH;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(1000));
        let n = SeededNonce::new(3);
        for retry in 1..10 {
            let full = Duration::from_millis(100 * (1 << (retry - 1))).min(Duration::from_millis(1000));
            let d = p.backoff(retry, &n);
            assert!(d >= full / 2 && d <= full, "retry {retry}: {d:?} vs {full:?}");
        }
        let a: Vec<_> = (0..5).map(|_| p.backoff(3, &n)).collect();
        assert!(a.windows(2).any(|w| w[0] != w[1]), "jitter varies: {a:?}");
    }

    #[test]
    fn retry_after_reads_the_three_http_date_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770);
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            let mut h = HeaderMap::new();
            h.insert("retry-after", form.parse().expect("valid"));
            assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)), "{form}");
        }
        let mut h = HeaderMap::new();
        h.insert(
            "retry-after",
            "Thu, 01 Jan 1970 00:00:00 GMT".parse().expect("valid"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::ZERO), "a past date: no wait");
        for bad in [
            "",
            "yesterday",
            "-1",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            h.insert("retry-after", bad.parse().expect("valid"));
            assert_eq!(retry_after(&h, now), None, "{bad:?}");
        }
    }

    #[test]
    fn retry_after_and_status_delay() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770);
        let mut h = HeaderMap::new();
        h.insert("retry-after", "2".parse().expect("valid"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(2)));
        h.insert(
            "retry-after",
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().expect("valid"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));

        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let n = SeededNonce::new(1);
        // 7 s is over the 5 s ceiling: not retried.
        assert_eq!(
            p.status_delay(StatusCode::SERVICE_UNAVAILABLE, &h, 1, &n, now),
            None
        );
        h.insert("retry-after", "1".parse().expect("valid"));
        assert_eq!(
            p.status_delay(StatusCode::SERVICE_UNAVAILABLE, &h, 1, &n, now),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            p.status_delay(StatusCode::INTERNAL_SERVER_ERROR, &h, 1, &n, now),
            None
        );
        assert!(
            p.status_delay(StatusCode::BAD_GATEWAY, &HeaderMap::new(), 1, &n, now)
                .is_some()
        );
    }

    #[test]
    fn method_idempotency() {
        assert!(idempotent_method(&Method::GET));
        assert!(idempotent_method(&Method::DELETE));
        assert!(!idempotent_method(&Method::POST));
        assert!(!idempotent_method(&Method::PATCH));
    }
}
