//! Periods, their instant `as_of`, and the weeks or months a trend is cut into.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::model::Instant;

/// A closed range of dates [from, to].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The last second of a date: instants are kept to the second.
pub fn end_of(d: NaiveDate) -> Instant {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"))
}

pub fn start_of(d: NaiveDate) -> Instant {
    d.and_time(NaiveTime::MIN)
}

impl Period {
    /// `None` when `from` is after `to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        (from <= to).then_some(Period { from, to })
    }

    /// The end of `to`, or the instant given if that is earlier.
    pub fn as_of(&self, given: Option<Instant>) -> Instant {
        let end = end_of(self.to);
        given.map_or(end, |g| g.min(end))
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// How a trend cuts its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Monday to Sunday.
    Week,
    /// The calendar month (the dashboard's month).
    Month,
}

/// The buckets of [from, to]: whole weeks or months, the first and last cut to the range.
pub fn buckets(range: Period, g: Granularity) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = range.from;
    while start <= range.to {
        let natural_end = match g {
            Granularity::Week => {
                let to_sunday = 6 - u64::from(start.weekday().num_days_from_monday());
                start + Days::new(to_sunday)
            }
            Granularity::Month => {
                let first = start.with_day(1).expect("day 1 exists");
                first + Months::new(1) - Days::new(1)
            }
        };
        let end = natural_end.min(range.to);
        out.push(Period {
            from: start,
            to: end,
        });
        start = end + Days::new(1);
    }
    out
}

/// A short label for a bucket: `2026-03` for a month, `2026-W12` for an ISO week.
pub fn bucket_label(p: Period, g: Granularity) -> String {
    match g {
        Granularity::Month => format!("{:04}-{:02}", p.from.year(), p.from.month()),
        Granularity::Week => {
            let w = p.from.iso_week();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn as_of_is_the_end_of_the_period_or_the_earlier_instant_given() {
        let p = Period::new(d(2026, 3, 1), d(2026, 3, 31)).unwrap();
        assert_eq!(
            p.as_of(None),
            d(2026, 3, 31).and_hms_opt(23, 59, 59).unwrap()
        );
        let mid = d(2026, 3, 19).and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(p.as_of(Some(mid)), mid);
        let later = d(2026, 4, 2).and_hms_opt(1, 0, 0).unwrap();
        assert_eq!(p.as_of(Some(later)), end_of(d(2026, 3, 31)));
        assert!(Period::new(d(2026, 3, 2), d(2026, 3, 1)).is_none());
    }

    #[test]
    fn months_and_weeks_cut_the_range_and_cover_it_exactly() {
        let r = Period::new(d(2025, 12, 15), d(2026, 2, 3)).unwrap();
        let months = buckets(r, Granularity::Month);
        assert_eq!(
            months,
            vec![
                Period::new(d(2025, 12, 15), d(2025, 12, 31)).unwrap(),
                Period::new(d(2026, 1, 1), d(2026, 1, 31)).unwrap(),
                Period::new(d(2026, 2, 1), d(2026, 2, 3)).unwrap(),
            ]
        );
        assert_eq!(bucket_label(months[0], Granularity::Month), "2025-12");
        let weeks = buckets(r, Granularity::Week);
        // Mon 15 Dec 2025 … Tue 3 Feb 2026: 7 whole weeks and 2 days.
        assert_eq!(weeks.len(), 8);
        assert_eq!(
            weeks[0],
            Period::new(d(2025, 12, 15), d(2025, 12, 21)).unwrap()
        );
        assert_eq!(weeks[7], Period::new(d(2026, 2, 2), d(2026, 2, 3)).unwrap());
        assert_eq!(bucket_label(weeks[2], Granularity::Week), "2026-W01");
        for w in weeks.windows(2) {
            assert_eq!(w[0].to + Days::new(1), w[1].from);
        }
    }
}
