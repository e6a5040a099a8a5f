//! Working days, holidays, make-up days and working hours: the API's calendar where it has the
//! year, the built-in table of official notices otherwise (and plain Monday–Friday for a year
//! neither knows). Every answer can say which of the three it was judged on.

pub mod builtin;
mod load;

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde::Serialize;

use crate::model::{Instant, WorkingHours, YearCalendar};

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("cannot read the working calendar from the cache: {0}; run a sync again or check the cache file")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the cache holds a calendar that cannot be read ({0}); run a sync again to refresh it"
    )]
    Corrupt(String),
}

/// Where the rules of a year come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// The calendar synced from the API's `/lichlamviec`.
    Api,
    /// The built-in table of official notices.
    BuiltIn,
    /// Neither knows the year: Monday to Friday, no holidays.
    WeekdaysOnly,
}

impl YearSource {
    pub fn label_vi(self) -> &'static str {
        match self {
            YearSource::Api => "lịch làm việc từ hệ thống một cửa",
            YearSource::BuiltIn => "lịch nghỉ lễ cài sẵn (theo thông báo chính thức)",
            YearSource::WeekdaysOnly => "chỉ thứ Hai–thứ Sáu, không có lịch nghỉ lễ",
        }
    }
}

/// The official working hours of state bodies when a calendar names none.
pub fn default_working_hours() -> Vec<WorkingHours> {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
    vec![
        WorkingHours {
            from: t(7, 0),
            to: t(11, 30),
        },
        WorkingHours {
            from: t(13, 30),
            to: t(17, 0),
        },
    ]
}

#[derive(Debug, Clone)]
struct YearRules {
    source: YearSource,
    holidays: HashSet<NaiveDate>,
    makeup_days: HashSet<NaiveDate>,
    hours: Vec<WorkingHours>,
}

impl YearRules {
    fn of(cal: &YearCalendar, source: YearSource) -> Self {
        let mut hours: Vec<WorkingHours> = cal
            .working_hours
            .iter()
            .copied()
            .filter(|h| h.from < h.to)
            .collect();
        if hours.is_empty() {
            hours = default_working_hours();
        }
        hours.sort_by_key(|h| h.from);
        YearRules {
            source,
            holidays: cal.holidays.iter().map(|d| d.date).collect(),
            makeup_days: cal.makeup_days.iter().map(|d| d.date).collect(),
            hours,
        }
    }
}

/// The dates for which working-day counts are precomputed; outside them answers are walked.
const DENSE_FIRST_YEAR: i32 = 1990;
const DENSE_LAST_YEAR: i32 = 2100;

/// The working calendar the figures are judged on.
#[derive(Debug, Clone)]
pub struct Calendar {
    years: BTreeMap<i32, YearRules>,
    dense_first: NaiveDate,
    /// `prefix[i]`: working days in [dense_first, dense_first + i].
    prefix: Vec<u32>,
}

impl Calendar {
    /// The built-in table only (no year from the API).
    pub fn builtin() -> Self {
        Self::from_api_years(&[])
    }

    /// The API's calendars win for every year they cover; the built-in table fills the rest.
    pub fn from_api_years(api: &[YearCalendar]) -> Self {
        let mut years = BTreeMap::new();
        for y in builtin::years() {
            if let Some(cal) = builtin::year(y) {
                years.insert(y, YearRules::of(&cal, YearSource::BuiltIn));
            }
        }
        for cal in api {
            years.insert(cal.year, YearRules::of(cal, YearSource::Api));
        }
        let mut calendar = Calendar {
            years,
            dense_first: NaiveDate::from_ymd_opt(DENSE_FIRST_YEAR, 1, 1).expect("valid date"),
            prefix: Vec::new(),
        };
        calendar.prefix = calendar.compute_prefix();
        calendar
    }

    /// The calendar the cache holds from the API, the built-in table for the other years.
    pub fn load(conn: &rusqlite::Connection) -> Result<Self, CalendarError> {
        Ok(Self::from_api_years(&load::api_years(conn)?))
    }

    fn compute_prefix(&self) -> Vec<u32> {
        let last = NaiveDate::from_ymd_opt(DENSE_LAST_YEAR, 12, 31).expect("valid date");
        let mut prefix = Vec::with_capacity((last - self.dense_first).num_days() as usize + 1);
        let mut count = 0u32;
        for d in self.dense_first.iter_days().take_while(|d| *d <= last) {
            count += u32::from(self.judge(d));
            prefix.push(count);
        }
        prefix
    }

    fn dense_index(&self, d: NaiveDate) -> Option<usize> {
        let i = (d - self.dense_first).num_days();
        (i >= 0 && (i as usize) < self.prefix.len()).then_some(i as usize)
    }

    /// The rule itself: Monday–Friday, minus holidays, plus make-up days (both = worked).
    fn judge(&self, d: NaiveDate) -> bool {
        let weekday = !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        match self.years.get(&d.year()) {
            None => weekday,
            Some(rules) => {
                rules.makeup_days.contains(&d) || (weekday && !rules.holidays.contains(&d))
            }
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.dense_index(d) {
            Some(0) => self.prefix[0] == 1,
            Some(i) => self.prefix[i] != self.prefix[i - 1],
            None => self.judge(d),
        }
    }

    /// Where the rules of the year of `d` come from.
    pub fn source_of(&self, d: NaiveDate) -> YearSource {
        self.year_source(d.year())
    }

    pub fn year_source(&self, year: i32) -> YearSource {
        self.years
            .get(&year)
            .map_or(YearSource::WeekdaysOnly, |r| r.source)
    }

    /// The years of [from, to] that were not judged on the API's calendar, with their source:
    /// what a figure over that range must say about itself.
    pub fn years_not_from_api(&self, from: NaiveDate, to: NaiveDate) -> Vec<(i32, YearSource)> {
        (from.year()..=to.year())
            .map(|y| (y, self.year_source(y)))
            .filter(|(_, s)| *s != YearSource::Api)
            .collect()
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut w = d;
        loop {
            w = w.succ_opt().expect("date in range");
            if self.is_working_day(w) {
                return w;
            }
        }
    }

    /// The number of working days W with `d < W ≤ e` (0 when `e ≤ d`): the "working days late"
    /// of METRICS.md for a dossier due on `d` and finished on `e`.
    pub fn working_days_between(&self, d: NaiveDate, e: NaiveDate) -> u32 {
        if e <= d {
            return 0;
        }
        match (self.dense_index(d), self.dense_index(e)) {
            (Some(i), Some(j)) => self.prefix[j] - self.prefix[i],
            _ => d
                .iter_days()
                .skip(1)
                .take_while(|w| *w <= e)
                .filter(|w| self.is_working_day(*w))
                .count() as u32,
        }
    }

    /// The date `n` working days after `d` (`d` itself when `n` is 0).
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut w = d;
        for _ in 0..n {
            w = self.next_working_day(w);
        }
        w
    }

    /// The working hours of the day `d` (empty on a day off).
    pub fn working_hours_of(&self, d: NaiveDate) -> Vec<WorkingHours> {
        if !self.is_working_day(d) {
            return Vec::new();
        }
        self.years
            .get(&d.year())
            .map_or_else(default_working_hours, |r| r.hours.clone())
    }

    /// `hours` working hours after `start`, counted only within the working hours of working days
    /// (8 a day on the official hours). Ends at the close of a period rather than at the opening
    /// of the next when the time runs out exactly there.
    pub fn add_working_hours(&self, start: Instant, hours: u32) -> Instant {
        self.add_working_time(start, TimeDelta::hours(i64::from(hours)))
    }

    /// As `add_working_hours`, for any non-negative duration.
    pub fn add_working_time(&self, start: Instant, amount: TimeDelta) -> Instant {
        let mut left = amount.max(TimeDelta::zero());
        let mut day = start.date();
        let mut from_time = start.time();
        loop {
            for period in self.working_hours_of(day) {
                let begin = period.from.max(from_time);
                if begin >= period.to {
                    continue;
                }
                let available = period.to - begin;
                if left <= available {
                    return NaiveDateTime::new(day, begin) + left;
                }
                left -= available;
            }
            day = day.checked_add_days(Days::new(1)).expect("date in range");
            from_time = NaiveTime::MIN;
        }
    }
}

#[cfg(test)]
mod tests;
