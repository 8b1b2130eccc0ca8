//! One client-side rate limiter per account, Region and service.
//!
//! AWS throttles each account's calls per Region and per service (EC2's request-rate limits,
//! the Outposts API's, STS's), so a sync keeps one [`AdaptiveLimiter`] per [`LimitKey`] and
//! every request of that key waits for it. A limiter starts open: a healthy account's sync is
//! never slowed, and a throttling answer now and then is left to the retry's backoff. When
//! throttling is sustained (at least [`SUSTAINED_THROTTLES`] of the last [`RECENT_ANSWERS`]
//! answers), the limiter caps the rate at [`DECREASE_FACTOR`] of what the key was sending (and
//! of any cap already set), at most once per [`DECREASE_INTERVAL`], since the requests in
//! flight at that moment all met the same limit; every success raises the cap a little, until
//! it is open again. The registry ([`RateLimits`]) is shared by everything one sync, or one
//! organisation sync of many accounts, sends.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The answers a limiter remembers, to tell sustained throttling from the odd one.
pub const RECENT_ANSWERS: usize = 20;
/// Throttling answers among the recent ones that make throttling sustained.
pub const SUSTAINED_THROTTLES: usize = 10;
/// The lowest rate a limiter goes down to.
pub const MIN_RATE_PER_S: f64 = 2.0;
/// Above this rate the limiter opens again.
pub const OPEN_RATE_PER_S: f64 = 500.0;
/// What sustained throttling multiplies the rate by.
pub const DECREASE_FACTOR: f64 = 0.7;
/// What each success multiplies the rate by.
pub const INCREASE_FACTOR: f64 = 1.02;
/// Throttling answers closer together than this lower the rate once.
pub const DECREASE_INTERVAL: Duration = Duration::from_millis(250);

/// Whose requests one limiter paces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LimitKey {
    /// The account the credentials belong to.
    pub account_id: String,
    /// The Region the requests go to.
    pub region: String,
    /// The service (`ec2`, `outposts`, `sts`).
    pub service: &'static str,
}

/// Every limiter of a sync, by key.
#[derive(Debug, Default)]
pub struct RateLimits {
    limiters: Mutex<HashMap<LimitKey, Arc<AdaptiveLimiter>>>,
}

impl RateLimits {
    /// An empty registry.
    pub fn new() -> RateLimits {
        RateLimits::default()
    }

    /// The limiter of `key`, made on first use.
    pub fn limiter(&self, key: LimitKey) -> Arc<AdaptiveLimiter> {
        match self.limiters.lock() {
            Ok(mut limiters) => Arc::clone(limiters.entry(key).or_default()),
            // A panic elsewhere poisoned the map: pace this caller on a limiter of its own.
            Err(_) => Arc::default(),
        }
    }

    /// Every key whose limiter has met throttling, with its current rate (`None`: open).
    pub fn throttled(&self) -> Vec<(LimitKey, Option<f64>)> {
        let Ok(limiters) = self.limiters.lock() else {
            return Vec::new();
        };
        let mut throttled: Vec<(LimitKey, Option<f64>)> = limiters
            .iter()
            .filter(|(_, limiter)| limiter.throttle_count() > 0)
            .map(|(key, limiter)| (key.clone(), limiter.rate_per_s()))
            .collect();
        throttled.sort_by(|a, b| a.0.cmp(&b.0));
        throttled
    }
}

/// Paces the requests of one key.
#[derive(Debug, Default)]
pub struct AdaptiveLimiter {
    state: Mutex<LimiterState>,
}

#[derive(Debug, Default)]
struct LimiterState {
    /// `None` while open.
    rate_per_s: Option<f64>,
    /// When the next request may go.
    next_slot: Option<Instant>,
    /// When the rate was last lowered.
    last_decrease: Option<Instant>,
    throttles: u64,
    /// The last answers: when each came and whether it was throttling.
    recent: VecDeque<(Instant, bool)>,
}

impl LimiterState {
    fn answer(&mut self, now: Instant, throttled: bool) {
        if self.recent.len() == RECENT_ANSWERS {
            self.recent.pop_front();
        }
        self.recent.push_back((now, throttled));
    }

    /// The rate the recent answers came at, per second (at least 50 ms of span counted).
    fn answer_rate(&self, now: Instant) -> f64 {
        let span = self
            .recent
            .front()
            .map_or(Duration::ZERO, |(first, _)| now.duration_since(*first))
            .max(Duration::from_millis(50));
        self.recent.len() as f64 / span.as_secs_f64()
    }
}

impl AdaptiveLimiter {
    /// Waits until the next request may be sent.
    pub async fn acquire(&self) {
        let wait = self.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes the next slot at `now` and returns how long to wait for it.
    pub fn reserve(&self, now: Instant) -> Duration {
        let Ok(mut state) = self.state.lock() else {
            return Duration::ZERO;
        };
        let Some(rate) = state.rate_per_s else {
            return Duration::ZERO;
        };
        let slot = state.next_slot.map_or(now, |next| next.max(now));
        state.next_slot = Some(slot + Duration::from_secs_f64(1.0 / rate));
        slot - now
    }

    /// A request of this key was throttled at `now`.
    pub fn on_throttle(&self, now: Instant) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.throttles += 1;
        state.answer(now, true);
        let sustained = state
            .recent
            .iter()
            .filter(|(_, throttled)| *throttled)
            .count()
            >= SUSTAINED_THROTTLES;
        let recently = state
            .last_decrease
            .is_some_and(|last| now.duration_since(last) < DECREASE_INTERVAL);
        if !sustained || recently {
            return;
        }
        let sending = state.answer_rate(now);
        let cap = state.rate_per_s.map_or(sending, |rate| rate.min(sending));
        state.rate_per_s = Some((cap * DECREASE_FACTOR).max(MIN_RATE_PER_S));
        state.last_decrease = Some(now);
    }

    /// A request of this key succeeded at `now`.
    pub fn on_success(&self, now: Instant) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.answer(now, false);
        if let Some(rate) = state.rate_per_s {
            let raised = rate * INCREASE_FACTOR;
            state.rate_per_s = (raised < OPEN_RATE_PER_S).then_some(raised);
            if state.rate_per_s.is_none() {
                state.next_slot = None;
            }
        }
    }

    /// The rate now, `None` while open.
    pub fn rate_per_s(&self) -> Option<f64> {
        self.state.lock().ok().and_then(|state| state.rate_per_s)
    }

    /// Throttling answers seen.
    pub fn throttle_count(&self) -> u64 {
        self.state.lock().map_or(0, |state| state.throttles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limiter_stays_open_until_aws_throttles_persistently() {
        let limiter = AdaptiveLimiter::default();
        let now = Instant::now();
        for step in 0..1000u32 {
            assert_eq!(limiter.reserve(now), Duration::ZERO);
            // One answer in five throttled: the backoff's business, not the limiter's.
            if step % 5 == 0 {
                limiter.on_throttle(now);
            } else {
                limiter.on_success(now);
            }
        }
        assert_eq!(limiter.rate_per_s(), None);
    }

    /// Answers `count` requests evenly over `span` from `start`, every one throttled.
    fn throttle_evenly(
        limiter: &AdaptiveLimiter,
        start: Instant,
        span: Duration,
        count: u32,
    ) -> Instant {
        for step in 0..count {
            limiter.on_throttle(start + span.mul_f64(f64::from(step) / f64::from(count - 1)));
        }
        start + span
    }

    #[test]
    fn sustained_throttling_caps_the_rate_below_what_was_sent_and_successes_reopen_it() {
        let limiter = AdaptiveLimiter::default();
        // 100 answers per second, every one throttled.
        let now = throttle_evenly(&limiter, Instant::now(), Duration::from_millis(190), 20);
        let rate = limiter.rate_per_s().expect("capped");
        // Capped at the tenth throttle: 10 answers in 90 ms (111/s), times the factor.
        assert!((rate - 10.0 / 0.09 * DECREASE_FACTOR).abs() < 1.0, "{rate}");
        // Ten requests at once: spaced by 1/rate.
        let waits: Vec<Duration> = (0..10).map(|_| limiter.reserve(now)).collect();
        assert_eq!(waits[0], Duration::ZERO);
        let last = waits[9].as_secs_f64();
        assert!((last - 9.0 / rate).abs() < 1e-6, "{last}");
        // Throttles at the same moment lower the rate once; later ones again.
        limiter.on_throttle(now);
        assert_eq!(limiter.rate_per_s(), Some(rate));
        limiter.on_throttle(now + DECREASE_INTERVAL);
        assert!(limiter.rate_per_s().is_some_and(|lower| lower < rate));
        for _ in 0..1000 {
            limiter.on_success(now);
        }
        assert_eq!(limiter.rate_per_s(), None);
        assert_eq!(limiter.reserve(now), Duration::ZERO);
        assert_eq!(limiter.throttle_count(), 22);
    }

    #[test]
    fn the_rate_never_falls_below_its_floor() {
        let limiter = AdaptiveLimiter::default();
        let start = Instant::now();
        for step in 0..200 {
            limiter.on_throttle(start + DECREASE_INTERVAL * step);
        }
        assert_eq!(limiter.rate_per_s(), Some(MIN_RATE_PER_S));
    }

    #[test]
    fn one_limiter_per_account_region_and_service() {
        let limits = RateLimits::new();
        let key = |account: &str, region: &str, service| LimitKey {
            account_id: account.to_owned(),
            region: region.to_owned(),
            service,
        };
        let a = limits.limiter(key("111111111111", "us-east-1", "ec2"));
        let again = limits.limiter(key("111111111111", "us-east-1", "ec2"));
        assert!(Arc::ptr_eq(&a, &again));
        for other in [
            key("222222222222", "us-east-1", "ec2"),
            key("111111111111", "us-west-2", "ec2"),
            key("111111111111", "us-east-1", "outposts"),
        ] {
            assert!(!Arc::ptr_eq(&a, &limits.limiter(other)));
        }
        a.on_throttle(Instant::now());
        let throttled = limits.throttled();
        assert_eq!(throttled.len(), 1);
        assert_eq!(throttled[0].0.service, "ec2");
    }
}
