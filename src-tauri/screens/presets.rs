//! The periods a leader picks from, and the previous period of the same length that each is
//! compared with.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ScreensError;
use crate::metrics::Period;

/// A period as chosen on screen. The presets run up to `today` (the periods "so far"), so that
/// they and their previous period of the same length are comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Preset {
    Today,
    /// Since Monday.
    ThisWeek,
    /// Since the 1st (the dashboard's month is the calendar month).
    ThisMonth,
    ThisQuarter,
    ThisYear,
    /// The Biểu 06 reporting period under way: from the 15th to the 14th of the next month.
    Bieu06,
    /// Any range of dates.
    Range {
        from: NaiveDate,
        to: NaiveDate,
    },
}

impl Preset {
    pub fn period(self, today: NaiveDate) -> Result<Period, ScreensError> {
        let first_of_month = today.with_day(1).expect("day 1 exists");
        let from = match self {
            Preset::Today => today,
            Preset::ThisWeek => {
                today - Days::new(u64::from(today.weekday().num_days_from_monday()))
            }
            Preset::ThisMonth => first_of_month,
            Preset::ThisQuarter => {
                let back = today.month0() % 3;
                first_of_month - Months::new(back)
            }
            Preset::ThisYear => NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January"),
            Preset::Bieu06 => bieu06_containing(today).from,
            Preset::Range { from, to } => {
                return Period::new(from, to).ok_or(ScreensError::BadPeriod { from, to })
            }
        };
        Ok(Period { from, to: today })
    }
}

/// The Biểu 06 reporting period containing `d`: 15th of a month to the 14th of the next.
pub fn bieu06_containing(d: NaiveDate) -> Period {
    let fifteenth = d.with_day(15).expect("every month has a 15th");
    let from = if d.day() >= 15 {
        fifteenth
    } else {
        fifteenth - Months::new(1)
    };
    Period {
        from,
        to: from + Months::new(1) - Days::new(1),
    }
}

/// The period of the same number of days that ends the day before `p` starts.
pub fn previous(p: Period) -> Period {
    let days = (p.to - p.from).num_days() as u64 + 1;
    let to = p.from - Days::new(1);
    Period {
        from: to - Days::new(days - 1),
        to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(a: NaiveDate, b: NaiveDate) -> Period {
        Period::new(a, b).unwrap()
    }

    #[test]
    fn presets_run_from_their_start_to_today() {
        // Friday 27 November 2026.
        let today = d(2026, 11, 27);
        let of = |x: Preset| x.period(today).unwrap();
        assert_eq!(of(Preset::Today), p(today, today));
        assert_eq!(of(Preset::ThisWeek), p(d(2026, 11, 23), today));
        assert_eq!(of(Preset::ThisMonth), p(d(2026, 11, 1), today));
        assert_eq!(of(Preset::ThisQuarter), p(d(2026, 10, 1), today));
        assert_eq!(of(Preset::ThisYear), p(d(2026, 1, 1), today));
        assert_eq!(of(Preset::Bieu06), p(d(2026, 11, 15), today));
        assert_eq!(
            Preset::Bieu06.period(d(2026, 1, 14)).unwrap(),
            p(d(2025, 12, 15), d(2026, 1, 14))
        );
        assert_eq!(
            Preset::ThisQuarter.period(d(2026, 3, 31)).unwrap(),
            p(d(2026, 1, 1), d(2026, 3, 31))
        );
        let range = Preset::Range {
            from: d(2026, 3, 1),
            to: d(2026, 3, 31),
        };
        assert_eq!(of(range), p(d(2026, 3, 1), d(2026, 3, 31)));
        let reversed = Preset::Range {
            from: d(2026, 3, 31),
            to: d(2026, 3, 1),
        };
        assert!(reversed.period(today).is_err());
    }

    #[test]
    fn bieu06_periods_run_from_the_15th_to_the_14th() {
        assert_eq!(
            bieu06_containing(d(2026, 2, 20)),
            p(d(2026, 2, 15), d(2026, 3, 14))
        );
        assert_eq!(
            bieu06_containing(d(2026, 3, 14)),
            p(d(2026, 2, 15), d(2026, 3, 14))
        );
        assert_eq!(
            bieu06_containing(d(2026, 12, 15)),
            p(d(2026, 12, 15), d(2027, 1, 14))
        );
    }

    #[test]
    fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
        // 1–27 Nov (27 days) → 5–31 Oct.
        assert_eq!(
            previous(p(d(2026, 11, 1), d(2026, 11, 27))),
            p(d(2026, 10, 5), d(2026, 10, 31))
        );
        assert_eq!(
            previous(p(d(2026, 3, 1), d(2026, 3, 1))),
            p(d(2026, 2, 28), d(2026, 2, 28))
        );
        // A leap year: the day before 1 March 2028 is 29 February.
        assert_eq!(
            previous(p(d(2028, 3, 1), d(2028, 3, 29))),
            p(d(2028, 2, 1), d(2028, 2, 29))
        );
    }
}
