use super::*;
use crate::model::CalendarDay;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> Instant {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn hours(a: (u32, u32), b: (u32, u32)) -> WorkingHours {
    WorkingHours {
        from: NaiveTime::from_hms_opt(a.0, a.1, 0).unwrap(),
        to: NaiveTime::from_hms_opt(b.0, b.1, 0).unwrap(),
    }
}

/// An API calendar for 2026 that knows only a local day off (Tue 10 Mar) and one make-up
/// Saturday (14 Mar), with its own working hours.
fn api_2026_local() -> YearCalendar {
    YearCalendar {
        year: 2026,
        holidays: vec![CalendarDay {
            date: d(2026, 3, 10),
            reason: "Nghỉ lễ địa phương".into(),
        }],
        makeup_days: vec![CalendarDay {
            date: d(2026, 3, 14),
            reason: "Làm bù cho ngày 10/3".into(),
        }],
        working_hours: vec![hours((8, 0), (12, 0)), hours((13, 0), (17, 0))],
    }
}

#[test]
fn tet_2026_and_the_national_day_swap_follow_the_notices() {
    let cal = Calendar::builtin();
    assert!(cal.is_working_day(d(2026, 2, 13)));
    for day in 16..=20 {
        assert!(!cal.is_working_day(d(2026, 2, day)), "16–20 Feb are Tết");
    }
    assert!(!cal.is_working_day(d(2026, 2, 21)), "a Saturday");
    assert!(
        cal.is_working_day(d(2026, 8, 22)),
        "make-up Saturday for 31/8"
    );
    assert!(!cal.is_working_day(d(2026, 8, 31)));
    assert!(!cal.is_working_day(d(2026, 9, 2)));
    assert!(cal.is_working_day(d(2026, 9, 3)));
    assert!(
        cal.is_working_day(d(2025, 4, 26)),
        "make-up Saturday for 2/5/2025"
    );
    assert!(!cal.is_working_day(d(2025, 5, 2)));
}

#[test]
fn next_working_day_skips_weekends_and_holidays() {
    let cal = Calendar::builtin();
    assert_eq!(cal.next_working_day(d(2026, 2, 13)), d(2026, 2, 23));
    assert_eq!(cal.next_working_day(d(2026, 3, 30)), d(2026, 3, 31));
    assert_eq!(cal.next_working_day(d(2026, 8, 21)), d(2026, 8, 22));
    assert_eq!(cal.next_working_day(d(2026, 8, 28)), d(2026, 9, 3));
    assert_eq!(
        cal.next_working_day(d(2026, 12, 31)),
        d(2027, 1, 1),
        "2027 is weekdays only"
    );
}

#[test]
fn working_days_between_counts_the_days_after_the_due_date_up_to_the_end() {
    let cal = Calendar::builtin();
    // Worked example 2: due Tue 24 Feb, finished Wed 25 Feb.
    assert_eq!(cal.working_days_between(d(2026, 2, 24), d(2026, 2, 25)), 1);
    // Worked example 4: due 1 Apr, finished Fri 3 Apr.
    assert_eq!(cal.working_days_between(d(2026, 4, 1), d(2026, 4, 3)), 2);
    // Due Fri 13 Feb, finished on the Tết Monday: late, yet zero working days.
    assert_eq!(cal.working_days_between(d(2026, 2, 13), d(2026, 2, 16)), 0);
    assert_eq!(cal.working_days_between(d(2026, 2, 13), d(2026, 2, 23)), 1);
    assert_eq!(cal.working_days_between(d(2026, 2, 25), d(2026, 2, 24)), 0);
    assert_eq!(cal.working_days_between(d(2026, 2, 24), d(2026, 2, 24)), 0);
    // Across the year end: Tue 30 Dec 2025 → Mon 5 Jan 2026: 31/12, 5/1 (1–2 Jan off, 3–4 weekend).
    assert_eq!(cal.working_days_between(d(2025, 12, 30), d(2026, 1, 5)), 2);
    // Outside the precomputed range, the walk agrees with the rule.
    assert_eq!(cal.working_days_between(d(2101, 1, 1), d(2101, 1, 8)), 5);
}

#[test]
fn add_working_days_lands_on_working_days() {
    let cal = Calendar::builtin();
    assert_eq!(cal.add_working_days(d(2026, 2, 13), 0), d(2026, 2, 13));
    assert_eq!(cal.add_working_days(d(2026, 2, 13), 1), d(2026, 2, 23));
    assert_eq!(cal.add_working_days(d(2026, 2, 12), 3), d(2026, 2, 24));
    assert_eq!(cal.add_working_days(d(2026, 8, 20), 2), d(2026, 8, 22));
    assert_eq!(cal.add_working_days(d(2026, 8, 20), 3), d(2026, 8, 24));
    assert_eq!(cal.add_working_days(d(2026, 8, 28), 1), d(2026, 9, 3));
}

#[test]
fn add_working_hours_counts_only_the_official_hours() {
    let cal = Calendar::builtin();
    // A full day from the opening ends at the close, not the next morning.
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 16, 7, 0), 8),
        at(2026, 3, 16, 17, 0)
    );
    // 16:00 Fri before Tết: 1 h that day, 7 h from Mon 23 Feb 07:00 (4.5 + 2.5 after 13:30).
    assert_eq!(
        cal.add_working_hours(at(2026, 2, 13, 16, 0), 8),
        at(2026, 2, 23, 16, 0)
    );
    // From the lunch break the clock starts at 13:30.
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 16, 12, 0), 1),
        at(2026, 3, 16, 14, 30)
    );
    // From a Saturday, the next working morning.
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 21, 9, 0), 1),
        at(2026, 3, 23, 8, 0)
    );
    // After the close, the next working morning.
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 16, 18, 0), 4),
        at(2026, 3, 17, 11, 0)
    );
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 16, 9, 15), 0),
        at(2026, 3, 16, 9, 15)
    );
    // 16 h = two working days.
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 16, 10, 0), 16),
        at(2026, 3, 18, 10, 0)
    );
}

#[test]
fn the_api_calendar_wins_for_its_year_and_the_table_fills_the_rest() {
    let cal = Calendar::from_api_years(&[api_2026_local()]);
    assert!(!cal.is_working_day(d(2026, 3, 10)), "the local day off");
    assert!(cal.is_working_day(d(2026, 3, 14)), "its make-up Saturday");
    assert!(
        cal.is_working_day(d(2026, 2, 16)),
        "this API year does not list Tết"
    );
    assert!(
        !cal.is_working_day(d(2025, 1, 28)),
        "2025 still from the table"
    );
    assert_eq!(cal.source_of(d(2026, 6, 1)), YearSource::Api);
    assert_eq!(cal.source_of(d(2025, 6, 1)), YearSource::BuiltIn);
    assert_eq!(cal.source_of(d(2027, 6, 1)), YearSource::WeekdaysOnly);
    assert_eq!(
        cal.years_not_from_api(d(2025, 12, 15), d(2027, 1, 14)),
        vec![
            (2025, YearSource::BuiltIn),
            (2027, YearSource::WeekdaysOnly)
        ]
    );
    assert_eq!(cal.working_days_between(d(2026, 3, 9), d(2026, 3, 11)), 1);
    // The API's hours: 08:00–12:00, 13:00–17:00.
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 16, 11, 0), 2),
        at(2026, 3, 16, 14, 0)
    );
}

#[test]
fn a_date_listed_as_holiday_and_make_up_day_is_worked() {
    let mut year = api_2026_local();
    year.makeup_days.push(CalendarDay {
        date: d(2026, 3, 10),
        reason: "đổi ý".into(),
    });
    let cal = Calendar::from_api_years(&[year]);
    assert!(cal.is_working_day(d(2026, 3, 10)));
}

#[test]
fn load_reads_the_synced_years_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = crate::cache::open(&dir.path().join("c.db")).unwrap();
    let tx = conn.transaction().unwrap();
    crate::cache::replace_calendar_year(&tx, &api_2026_local(), at(2026, 3, 1, 8, 0)).unwrap();
    tx.commit().unwrap();
    let cal = Calendar::load(&conn).unwrap();
    assert!(!cal.is_working_day(d(2026, 3, 10)));
    assert!(cal.is_working_day(d(2026, 3, 14)));
    assert_eq!(cal.source_of(d(2026, 3, 10)), YearSource::Api);
    assert_eq!(
        cal.add_working_hours(at(2026, 3, 16, 11, 0), 2),
        at(2026, 3, 16, 14, 0)
    );
    // An empty cache: the built-in table alone.
    let empty = crate::cache::open(&dir.path().join("e.db")).unwrap();
    let cal = Calendar::load(&empty).unwrap();
    assert_eq!(cal.source_of(d(2026, 3, 10)), YearSource::BuiltIn);
    assert!(!cal.is_working_day(d(2026, 2, 16)));
}
