//! When to try again: capped exponential backoff with jitter, or the server's `Retry-After`.

use std::time::Duration;

use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The delay before the first retry, before jitter.
    pub base: Duration,
    /// No wait is ever longer, not even one a server asks for with `Retry-After`.
    pub cap: Duration,
}

impl Backoff {
    pub fn new(cap: Duration) -> Self {
        Backoff {
            base: Duration::from_millis(100).min(cap),
            cap,
        }
    }

    /// The wait before retry number `retry` (1 = the first retry). A `Retry-After` from the
    /// server is honoured as given (up to the cap); otherwise the exponential delay is
    /// jittered between half and all of itself, so that clients restarted together spread out.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, rng: &mut impl Rng) -> Duration {
        if let Some(asked) = retry_after {
            return asked.min(self.cap);
        }
        let exp = self.ceiling(retry);
        let half = exp / 2;
        half + rng.random_range(Duration::ZERO..=half)
    }

    /// The un-jittered exponential delay of retry number `retry`, capped.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.saturating_sub(1).min(20);
        self.base.saturating_mul(factor).min(self.cap)
    }
}

/// `Retry-After` as seconds or as an HTTP date; anything else is ignored.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn rng() -> rand_pcg::Pcg64 {
        rand_pcg::Pcg64::seed_from_u64(7)
    }

    #[test]
    fn delays_double_then_stop_at_the_cap() {
        let b = Backoff::new(Duration::from_secs(2));
        let ceilings: Vec<u128> = (1..=7).map(|r| b.ceiling(r).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1600, 2000, 2000]);
        assert_eq!(b.ceiling(1000), Duration::from_secs(2));
    }

    #[test]
    fn jitter_stays_between_half_and_all_of_the_ceiling() {
        let b = Backoff::new(Duration::from_secs(30));
        let mut rng = rng();
        let mut seen = std::collections::BTreeSet::new();
        for retry in 1..=12 {
            for _ in 0..50 {
                let d = b.delay(retry, None, &mut rng);
                let ceiling = b.ceiling(retry);
                assert!(
                    d >= ceiling / 2 && d <= ceiling,
                    "{d:?} outside {ceiling:?}"
                );
                seen.insert(d);
            }
        }
        assert!(seen.len() > 100, "jitter should spread the delays");
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let b = Backoff::new(Duration::from_secs(10));
        let mut rng = rng();
        assert_eq!(
            b.delay(1, Some(Duration::from_secs(3)), &mut rng),
            Duration::from_secs(3)
        );
        assert_eq!(b.delay(9, Some(Duration::ZERO), &mut rng), Duration::ZERO);
        assert_eq!(
            b.delay(1, Some(Duration::from_secs(120)), &mut rng),
            Duration::from_secs(10)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-16T07:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(parse_retry_after(" 2 ", now), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Mon, 16 Mar 2026 07:00:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse_retry_after("Mon, 16 Mar 2026 06:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
