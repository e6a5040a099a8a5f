//! The working calendar the simulator computes appointment dates with and serves on
//! `/lichlamviec`: the province's built-in table of `crate::calendar` (plus local days off),
//! judged by `crate::calendar::Calendar` and turned into a day-by-day lookup so that the
//! generator's date arithmetic stays cheap (it runs millions of times).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::calendar::{builtin, Calendar};
use crate::model::{CalendarDay, YearCalendar};

/// Working hours of a working day, in minutes after midnight: 07:00–11:30 and 13:30–17:00
/// (`crate::calendar::default_working_hours`, checked by a test).
pub const SESSIONS: [(u32, u32); 2] = [(7 * 60, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)];
/// Minutes of work in one working day (8 hours).
pub const DAY_MINUTES: i64 = 8 * 60;

/// The first and last day the lookup covers; the generator never leaves this range.
const FIRST_YEAR: i32 = 2020;
const LAST_YEAR: i32 = 2035;

#[derive(Debug, Clone)]
pub struct WorkCalendar {
    first: NaiveDate,
    working: Vec<bool>,
    /// The years served on `/lichlamviec` (those of the built-in table, with local days off).
    served: Vec<YearCalendar>,
}

impl WorkCalendar {
    /// The official calendar plus local days off (dates the province closes its offices on).
    pub fn new(local_days_off: &[(NaiveDate, String)]) -> Self {
        let served: Vec<YearCalendar> = builtin::years()
            .into_iter()
            .filter_map(builtin::year)
            .map(|mut y| {
                y.holidays.extend(
                    local_days_off
                        .iter()
                        .filter(|(d, _)| d.year() == y.year)
                        .map(|(d, why)| CalendarDay {
                            date: *d,
                            reason: why.clone(),
                        }),
                );
                y.holidays.sort_by_key(|d| d.date);
                y
            })
            .collect();
        let calendar = Calendar::from_api_years(&served);
        let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("valid date");
        let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).expect("valid date");
        let working = first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|d| calendar.is_working_day(d))
            .collect();
        WorkCalendar {
            first,
            working,
            served,
        }
    }

    /// The calendar of a served year, or None (the server answers 404).
    pub fn served_year(&self, year: i32) -> Option<&YearCalendar> {
        self.served.iter().find(|y| y.year == year)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        let i = (d.num_days_from_ce() - self.first.num_days_from_ce()) as i64;
        assert!(
            i >= 0 && (i as usize) < self.working.len(),
            "the simulator's calendar covers {FIRST_YEAR}–{LAST_YEAR}, not {d}"
        );
        self.working[i as usize]
    }

    /// The n-th working day strictly after `d` (n = 0 gives `d` itself).
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().expect("date in range");
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The first working day on or after `d`.
    pub fn working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while !self.is_working_day(day) {
            day = day.succ_opt().expect("date in range");
        }
        day
    }

    /// The number of working days W with a < W ≤ b.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        let mut n = 0;
        let mut day = a;
        while day < b {
            day = day.succ_opt().expect("date in range");
            if self.is_working_day(day) {
                n += 1;
            }
        }
        n
    }

    /// Working minutes elapsed in a working day by the given minute of the day.
    fn minutes_into_day(minute: u32) -> i64 {
        SESSIONS
            .iter()
            .map(|&(from, to)| (minute.clamp(from, to) - from) as i64)
            .sum()
    }

    /// The instant of a working day at which `m` working minutes have elapsed (0 < m ≤ a day).
    fn instant_in_day(day: NaiveDate, m: i64) -> NaiveDateTime {
        let mut left = m;
        for &(from, to) in &SESSIONS {
            let len = (to - from) as i64;
            if left <= len {
                return day.and_time(NaiveTime::MIN) + Duration::minutes(from as i64 + left);
            }
            left -= len;
        }
        day.and_time(NaiveTime::MIN) + Duration::minutes(SESSIONS[1].1 as i64)
    }

    /// Working minutes between two instants (0 if `b` ≤ `a`).
    pub fn working_minutes_between(&self, a: NaiveDateTime, b: NaiveDateTime) -> i64 {
        if b <= a {
            return 0;
        }
        let in_day = |t: NaiveDateTime| {
            if self.is_working_day(t.date()) {
                Self::minutes_into_day(t.time().num_seconds_from_midnight() / 60)
            } else {
                0
            }
        };
        if a.date() == b.date() {
            return in_day(b) - in_day(a);
        }
        let first = if self.is_working_day(a.date()) {
            DAY_MINUTES - in_day(a)
        } else {
            0
        };
        let middle =
            self.working_days_between(a.date(), b.date().pred_opt().expect("date in range")) as i64
                * DAY_MINUTES;
        first + middle + in_day(b)
    }

    /// The instant `m` working minutes after `t` (m > 0): it always falls inside working hours.
    pub fn add_working_minutes(&self, t: NaiveDateTime, m: i64) -> NaiveDateTime {
        let mut day = t.date();
        let used = if self.is_working_day(day) {
            Self::minutes_into_day(t.time().num_seconds_from_midnight() / 60)
        } else {
            DAY_MINUTES
        };
        let mut left = m.max(1);
        if used + left <= DAY_MINUTES {
            return Self::instant_in_day(day, used + left);
        }
        left -= DAY_MINUTES - used;
        loop {
            day = self.add_working_days(day, 1);
            if left <= DAY_MINUTES {
                return Self::instant_in_day(day, left);
            }
            left -= DAY_MINUTES;
        }
    }

    /// The next instant at or after `t` that is inside working hours.
    pub fn next_working_instant(&self, t: NaiveDateTime) -> NaiveDateTime {
        if self.is_working_day(t.date()) {
            let minute = t.time().num_seconds_from_midnight() / 60;
            for &(from, to) in &SESSIONS {
                if minute < from {
                    return t.date().and_time(NaiveTime::MIN) + Duration::minutes(from as i64);
                }
                if minute < to {
                    return t;
                }
            }
        }
        let day = self.add_working_days(t.date(), 1);
        day.and_time(NaiveTime::MIN) + Duration::minutes(SESSIONS[0].0 as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M").unwrap()
    }

    #[test]
    fn sessions_are_the_official_working_hours() {
        let official: Vec<(u32, u32)> = crate::calendar::default_working_hours()
            .iter()
            .map(|h| {
                let m = |t: NaiveTime| t.num_seconds_from_midnight() / 60;
                (m(h.from), m(h.to))
            })
            .collect();
        assert_eq!(official, SESSIONS.to_vec());
    }

    #[test]
    fn ten_working_days_from_monday_16_march_2026_is_monday_30_march() {
        let cal = WorkCalendar::new(&[]);
        let d = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        assert_eq!(
            cal.add_working_days(d, 10),
            NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()
        );
    }

    #[test]
    fn tet_2026_and_the_make_up_saturday() {
        let cal = WorkCalendar::new(&[]);
        for day in 16..=20 {
            assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 2, day).unwrap()));
        }
        assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 8, 22).unwrap()));
        // Fri 13 Feb → next working day is Mon 23 Feb.
        assert_eq!(
            cal.add_working_days(NaiveDate::from_ymd_opt(2026, 2, 13).unwrap(), 1),
            NaiveDate::from_ymd_opt(2026, 2, 23).unwrap()
        );
    }

    #[test]
    fn a_local_day_off_stops_work() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let cal = WorkCalendar::new(&[(d, "Nghỉ địa phương".into())]);
        assert!(!cal.is_working_day(d));
        assert!(cal
            .served_year(2026)
            .unwrap()
            .holidays
            .iter()
            .any(|o| o.date == d));
    }

    #[test]
    fn working_minutes_skip_lunch_nights_and_weekends() {
        let cal = WorkCalendar::new(&[]);
        // Fri 13 Mar 2026 16:00 → Mon 16 Mar 08:00: 60 + 60 minutes.
        assert_eq!(
            cal.working_minutes_between(at("202603131600"), at("202603160800")),
            120
        );
        assert_eq!(
            cal.working_minutes_between(at("202603161100"), at("202603161400")),
            60
        );
        assert_eq!(
            cal.add_working_minutes(at("202603131600"), 120),
            at("202603160800")
        );
        assert_eq!(
            cal.add_working_minutes(at("202603161100"), 60),
            at("202603161400")
        );
        assert_eq!(
            cal.add_working_minutes(at("202603160700"), 8 * 60),
            at("202603161700")
        );
    }
}
