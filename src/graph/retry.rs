//! Retry policy for Graph calls: which failures are retried (429, 503, 504, connection failures),
//! how long to wait (the server's `Retry-After` in seconds or as an HTTP date, otherwise bounded
//! exponential back-off), and when to give up (a cap on attempts and on total time).
//!
//! Pure: computes delays from inputs; the caller sleeps and reads the clock.

use std::time::{Duration, SystemTime};

/// How the client retries. `Default` suits a real tenant; tests shrink the delays.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Total attempts for one call, the first included (at least 1).
    pub max_attempts: u32,
    /// No retry is started once this much time has passed since the first attempt.
    pub max_total: Duration,
    /// The first back-off delay; doubled at each retry.
    pub base_delay: Duration,
    /// No single wait is longer than this, whatever `Retry-After` says.
    pub max_delay: Duration,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Longest silence while reading a response.
    pub read_timeout: Duration,
    /// Time for a whole request, response body included.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            max_total: Duration::from_secs(120),
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(180),
        }
    }
}

/// True for the statuses worth retrying: throttling and transient gateway errors.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 503 | 504)
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 = first retry), honouring `retry_after` when given.
    /// A `Retry-After` longer than `max_delay` is returned as it is, so that [`may_retry`]
    /// refuses it: retrying before the service's wait is over would only be throttled again.
    ///
    /// [`may_retry`]: RetryPolicy::may_retry
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        retry_after.unwrap_or_else(|| backoff.min(self.max_delay))
    }

    /// Whether another attempt may start: `attempts` made so far, `elapsed` since the first one,
    /// `wait` the delay before the next.
    pub fn may_retry(&self, attempts: u32, elapsed: Duration, wait: Duration) -> bool {
        attempts < self.max_attempts.max(1)
            && wait <= self.max_delay
            && elapsed.saturating_add(wait) <= self.max_total
    }
}

/// Parse a `Retry-After` header value: delta-seconds or an HTTP date (relative to `now`).
/// A date in the past means "now"; anything unparseable is ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs.min(86_400.0)));
        }
        return None;
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates_are_understood() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy {
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay(1, None), Duration::from_secs(1));
        assert_eq!(p.delay(3, None), Duration::from_secs(4));
        assert_eq!(p.delay(4, None), Duration::from_secs(5));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(p.delay(40, None), Duration::from_secs(5));
    }

    #[test]
    fn a_retry_after_longer_than_the_cap_is_not_cut_short() {
        let p = RetryPolicy {
            max_delay: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        // Waiting less than the service asked would only be throttled again: give up instead.
        let wait = p.delay(1, Some(Duration::from_secs(300)));
        assert_eq!(wait, Duration::from_secs(300));
        assert!(!p.may_retry(1, Duration::ZERO, wait));
    }

    #[test]
    fn attempts_and_total_time_are_bounded() {
        let p = RetryPolicy {
            max_attempts: 3,
            max_total: Duration::from_secs(10),
            ..RetryPolicy::default()
        };
        assert!(p.may_retry(2, Duration::ZERO, Duration::from_secs(1)));
        assert!(!p.may_retry(3, Duration::ZERO, Duration::from_secs(1)));
        assert!(!p.may_retry(1, Duration::from_secs(9), Duration::from_secs(2)));
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for s in [429, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [400, 401, 404, 406, 500, 502] {
            assert!(!is_retryable_status(s));
        }
    }
}
