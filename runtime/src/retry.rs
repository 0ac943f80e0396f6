//! Retry policy: bounded attempts with exponential backoff and jitter.
//!
//! Only errors for which [`crate::Error::is_retryable`] holds are retried: rate-limit
//! error codes and connections that could not be established. Timeouts and failures
//! after the request may have been sent are never retried, since actions are not
//! idempotent. Every attempt is signed again with a fresh timestamp.

use std::time::Duration;

/// Whether a service error code means the request was refused before it ran, so that
/// resending it is safe: every rate-limit code, `RequestLimitExceeded` and
/// `RequestLimitExceeded.*`, known or not. The single home of this rule; generated
/// error-code types delegate to it.
pub fn is_retryable_code(code: &str) -> bool {
    code.split_once('.').map_or(code, |(category, _)| category) == "RequestLimitExceeded"
}

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 200 ms base delay doubling up to 5 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// A policy with `max_attempts` attempts in total (at least 1) and the default delays.
    pub fn new(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }

    /// Never retry.
    pub fn disabled() -> Self {
        Self::new(1)
    }

    /// Sets the total number of attempts (at least 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Sets the delay before the first retry; it doubles for every further retry.
    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// Caps the delay between attempts.
    pub fn with_max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// Total number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The upper bound of the delay after failed attempt number `attempt` (1-based):
    /// `min(max_delay, base_delay * 2^(attempt-1))`.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// The delay after failed attempt `attempt`: uniformly random in
    /// `[ceiling/2, ceiling]` ("equal jitter"), so concurrent clients spread out.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.backoff_ceiling(attempt);
        let half = ceiling / 2;
        let spread = (ceiling - half).as_nanos().min(u128::from(u64::MAX)) as u64;
        half + Duration::from_nanos(fastrand::u64(0..=spread))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_codes_are_retryable() {
        assert!(is_retryable_code("RequestLimitExceeded"));
        assert!(is_retryable_code("RequestLimitExceeded.UinLimitExceeded"));
        assert!(is_retryable_code("RequestLimitExceeded.SomethingNew"));
        assert!(!is_retryable_code("RequestLimitExceededX"));
        assert!(!is_retryable_code("LimitExceeded"));
        assert!(!is_retryable_code("InternalError"));
    }

    #[test]
    fn ceilings_double_and_cap() {
        let p = RetryPolicy::new(10)
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(700));
        let c: Vec<u128> = (1..=6).map(|a| p.backoff_ceiling(a).as_millis()).collect();
        assert_eq!(c, [100, 200, 400, 700, 700, 700]);
        assert_eq!(p.backoff_ceiling(200), Duration::from_millis(700));
        for a in 1..=6 {
            for _ in 0..50 {
                let d = p.backoff(a);
                assert!(d >= p.backoff_ceiling(a) / 2 && d <= p.backoff_ceiling(a));
            }
        }
    }

    #[test]
    fn bounds() {
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(RetryPolicy::new(0).max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(RetryPolicy::default().max_attempts(), 3);
    }
}
