//! Retrying what heals, well past the SDK's three attempts, within one time budget.
//!
//! Throttling and server errors are transient: a request that met one is sent again after an
//! exponential backoff with jitter (half the step fixed, half random, so requests that failed
//! together do not return together), up to [`RetryPolicy::max_attempts`]. A request that got
//! no answer at all is tried [`RetryPolicy::no_answer_attempts`] times: a Region without an
//! Outposts endpoint answers that way, and waiting longer would not change it. Every retry of
//! a sync draws on one deadline, so a sync against an AWS that stays unhealthy still ends.
//! Throttling also slows the key's [`AdaptiveLimiter`]. The SDK's own retries are off: this
//! module is the one place that decides.

use std::future::Future;
use std::time::{Duration, Instant};

use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};

use crate::failure::{CallFailure, Transience};
use crate::rate_limit::AdaptiveLimiter;

/// How hard one sync retries.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts per request for throttling and server errors.
    pub max_attempts: u32,
    /// Attempts per request that gets no answer.
    pub no_answer_attempts: u32,
    /// The backoff's first step.
    pub first_delay: Duration,
    /// The backoff's longest step.
    pub max_delay: Duration,
    /// No retry waits past this moment.
    pub deadline: Instant,
}

impl RetryPolicy {
    /// A policy of `max_attempts` attempts whose retries end `budget` from now.
    pub fn new(max_attempts: u32, budget: Duration) -> RetryPolicy {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            no_answer_attempts: 4,
            first_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(5),
            deadline: Instant::now() + budget,
        }
    }

    /// The wait before attempt `attempt + 1` after attempt `attempt` (from 1) failed as
    /// `transience`, or `None` when the request should not be tried again. `random` is a
    /// uniform draw in `[0, 1)`.
    pub fn delay_after(
        &self,
        attempt: u32,
        transience: Transience,
        random: f64,
        now: Instant,
    ) -> Option<Duration> {
        let allowed = match transience {
            Transience::Permanent => return None,
            Transience::NoAnswer => self.no_answer_attempts,
            Transience::Throttled | Transience::ServerError => self.max_attempts,
        };
        if attempt >= allowed {
            return None;
        }
        let step = self
            .first_delay
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(self.max_delay);
        let delay = step / 2 + step.mul_f64(random.clamp(0.0, 1.0) / 2.0);
        (now + delay <= self.deadline).then_some(delay)
    }

    /// Whether the budget has time left for one more round of a call.
    pub fn has_time_for_final_pass(&self, now: Instant) -> bool {
        now + self.max_delay < self.deadline
    }
}

/// Sends `attempt` until it succeeds, fails in a way retrying will not heal, or the policy
/// gives up; every attempt first waits for `limiter`.
pub async fn send<T, E, F, Fut>(
    policy: &RetryPolicy,
    limiter: &AdaptiveLimiter,
    mut attempt: F,
) -> Result<T, CallFailure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let mut attempts = 0;
    loop {
        limiter.acquire().await;
        attempts += 1;
        let failure = match attempt().await {
            Ok(output) => {
                limiter.on_success(Instant::now());
                return Ok(output);
            }
            Err(error) => CallFailure::from_sdk(&error),
        };
        let transience = failure.transience();
        let now = Instant::now();
        if transience == Transience::Throttled {
            limiter.on_throttle(now);
        }
        match policy.delay_after(attempts, transience, fastrand::f64(), now) {
            Some(delay) => tokio::time::sleep(delay).await,
            None => return Err(failure),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_failures_back_off_exponentially_and_permanent_ones_stop() {
        let policy = RetryPolicy::new(10, Duration::from_secs(600));
        let now = Instant::now();
        let delay =
            |attempt, transience, random| policy.delay_after(attempt, transience, random, now);
        assert_eq!(delay(1, Transience::Permanent, 0.5), None);
        assert_eq!(
            delay(1, Transience::Throttled, 0.0),
            Some(Duration::from_millis(5))
        );
        assert_eq!(
            delay(3, Transience::ServerError, 1.0),
            Some(Duration::from_millis(40))
        );
        assert_eq!(
            delay(9, Transience::Throttled, 1.0),
            Some(Duration::from_millis(2560))
        );
        // The step stops growing at the longest one.
        let patient = RetryPolicy::new(20, Duration::from_secs(600));
        assert_eq!(
            patient.delay_after(15, Transience::Throttled, 1.0, now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(delay(10, Transience::Throttled, 0.5), None);
        // No answer: fewer attempts.
        assert!(delay(3, Transience::NoAnswer, 0.5).is_some());
        assert_eq!(delay(4, Transience::NoAnswer, 0.5), None);
    }

    #[test]
    fn no_retry_waits_past_the_budget() {
        let policy = RetryPolicy::new(10, Duration::from_millis(100));
        let now = Instant::now();
        assert!(
            policy
                .delay_after(1, Transience::Throttled, 0.0, now)
                .is_some()
        );
        assert_eq!(
            policy.delay_after(6, Transience::Throttled, 0.0, now),
            None,
            "160 ms does not fit in 100"
        );
        assert!(!policy.has_time_for_final_pass(now));
    }
}
