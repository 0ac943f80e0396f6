//! Client-side rate limiting per action.
//!
//! The limiter keeps the start times of the last `N` requests of an action (a sliding
//! window log). A new request may start only once the oldest of them is at least one
//! window (1 s plus a small safety margin) old, so no window of one second ever sees
//! more than `N` request starts, bursts included. Waiting callers are served in order.
//!
//! Every attempt counts, retries included. Limiters belong to a [`crate::Client`] and
//! are shared by its clones; separately built clients do not share them. A call that
//! is cancelled while waiting keeps its slot, which can only make the client slower,
//! never faster than the limit.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::{ActionMeta, ServiceMeta};

/// Which limits apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitPolicy {
    enabled: bool,
    overrides: HashMap<String, u32>,
    margin: Duration,
}

impl Default for RateLimitPolicy {
    /// Each action limited at its documented rate ([`ActionMeta::rate_limit`], or the
    /// service default when that is 0), with a 20 ms safety margin on the window.
    fn default() -> Self {
        RateLimitPolicy {
            enabled: true,
            overrides: HashMap::new(),
            margin: Duration::from_millis(20),
        }
    }
}

impl RateLimitPolicy {
    /// Limits as documented (same as `default()`).
    pub fn per_action() -> Self {
        Self::default()
    }

    /// No client-side limiting.
    pub fn disabled() -> Self {
        RateLimitPolicy {
            enabled: false,
            ..Self::default()
        }
    }

    /// Overrides the limit of one action (requests per second; 0 = unlimited).
    pub fn with_override(mut self, action: impl Into<String>, per_second: u32) -> Self {
        self.overrides.insert(action.into(), per_second);
        self
    }

    /// Sets the safety margin added to the one-second window, which absorbs network
    /// jitter between the client and the server's counters.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The effective limit of `action` in requests per second (`None` = unlimited).
    pub fn limit_for(&self, service: &ServiceMeta, action: &ActionMeta) -> Option<u32> {
        if !self.enabled {
            return None;
        }
        let n = match self.overrides.get(action.name) {
            Some(&n) => n,
            None if action.rate_limit > 0 => action.rate_limit,
            None => service.default_rate_limit,
        };
        (n > 0).then_some(n)
    }
}

/// A sliding-window limiter: at most `limit` acquisitions per `window`.
#[derive(Debug)]
pub struct SlidingWindow {
    limit: usize,
    window: Duration,
    starts: Mutex<VecDeque<Instant>>,
}

impl SlidingWindow {
    /// At most `limit` (at least 1) starts within any `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        let limit = limit.max(1) as usize;
        SlidingWindow {
            limit,
            window,
            starts: Mutex::new(VecDeque::with_capacity(limit)),
        }
    }

    /// Reserves the next free slot and returns its instant (now or later). The slot
    /// counts as used even if the caller never starts, which only errs on the safe side.
    pub fn reserve(&self, now: Instant) -> Instant {
        let mut starts = self.starts.lock().unwrap_or_else(|p| p.into_inner());
        let slot = if starts.len() < self.limit {
            now
        } else {
            let oldest = starts.pop_front().unwrap_or(now);
            now.max(oldest + self.window)
        };
        starts.push_back(slot);
        slot
    }

    /// Waits until a request may start.
    pub async fn acquire(&self) {
        let slot = self.reserve(Instant::now());
        tokio::time::sleep_until(slot).await;
    }
}

/// One limiter per action, created lazily.
#[derive(Debug)]
pub(crate) struct Limiters {
    policy: RateLimitPolicy,
    service: &'static ServiceMeta,
    by_action: Mutex<HashMap<&'static str, Option<Arc<SlidingWindow>>>>,
}

impl Limiters {
    pub(crate) fn new(policy: RateLimitPolicy, service: &'static ServiceMeta) -> Self {
        Limiters {
            policy,
            service,
            by_action: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn get(&self, action: &'static ActionMeta) -> Option<Arc<SlidingWindow>> {
        if !self.policy.enabled {
            return None;
        }
        let mut map = self.by_action.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(action.name)
            .or_insert_with(|| {
                self.policy.limit_for(self.service, action).map(|n| {
                    Arc::new(SlidingWindow::new(
                        n,
                        Duration::from_secs(1) + self.policy.margin,
                    ))
                })
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SVC: ServiceMeta = ServiceMeta {
        name: "svc",
        version: "v",
        production: crate::Hosts::new("h"),
        test: None,
        default_rate_limit: 20,
    };

    #[test]
    fn limits() {
        let p = RateLimitPolicy::default();
        assert_eq!(
            p.limit_for(
                &SVC,
                &ActionMeta {
                    name: "A",
                    rate_limit: 5,
                    host: crate::HostRole::Main,
                }
            ),
            Some(5)
        );
        assert_eq!(
            p.limit_for(
                &SVC,
                &ActionMeta {
                    name: "A",
                    rate_limit: 0,
                    host: crate::HostRole::Main,
                }
            ),
            Some(20)
        );
        let p = p.with_override("A", 2).with_override("B", 0);
        assert_eq!(
            p.limit_for(
                &SVC,
                &ActionMeta {
                    name: "A",
                    rate_limit: 5,
                    host: crate::HostRole::Main,
                }
            ),
            Some(2)
        );
        assert_eq!(
            p.limit_for(
                &SVC,
                &ActionMeta {
                    name: "B",
                    rate_limit: 5,
                    host: crate::HostRole::Main,
                }
            ),
            None
        );
        assert_eq!(
            RateLimitPolicy::disabled().limit_for(
                &SVC,
                &ActionMeta {
                    name: "A",
                    rate_limit: 5,
                    host: crate::HostRole::Main,
                }
            ),
            None
        );
    }

    /// Reservations for a large burst never put more than `limit` starts in any window.
    #[test]
    fn burst_reservations_respect_every_window() {
        let window = Duration::from_millis(1000);
        let w = SlidingWindow::new(7, window);
        let t0 = Instant::now();
        let mut slots = Vec::new();
        // 50 callers arriving every 13 ms (a burst far above 7 per second).
        for i in 0..50u64 {
            slots.push(w.reserve(t0 + Duration::from_millis(i * 13)));
        }
        for (i, s) in slots.iter().enumerate() {
            let in_window = slots[i..].iter().filter(|t| **t < *s + window).count();
            assert!(
                in_window <= 7,
                "{in_window} starts in the window beginning at slot {i}"
            );
        }
        // First `limit` requests go immediately; the 8th waits a full window.
        assert_eq!(slots[6], t0 + Duration::from_millis(6 * 13));
        assert_eq!(slots[7], slots[0] + window);
        assert!(slots.windows(2).all(|p| p[0] <= p[1]));
    }
}
