//! A calendar served by the API, with a local day off that no built-in table knows, changes the
//! figures; and figures judged on the built-in table say so.

mod metrics_support;

use chrono::NaiveTime;
use controlroom::calendar::{Calendar, YearSource};
use controlroom::metrics::{self, DossierFacts};
use controlroom::model::{CalendarDay, WorkingHours, YearCalendar};
use metrics_support::*;

/// The 2026 calendar as a province might serve it: the national days plus Wed 1 Apr 2026 off
/// (a local day off invented for the test; no notice names it).
fn served_2026() -> YearCalendar {
    let mut year = controlroom::calendar::builtin::year(2026).unwrap();
    year.holidays.push(CalendarDay {
        date: day("2026-04-01"),
        reason: "Nghỉ lễ địa phương".into(),
    });
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    year.working_hours = vec![
        WorkingHours {
            from: t(7, 0),
            to: t(11, 30),
        },
        WorkingHours {
            from: t(13, 30),
            to: t(17, 0),
        },
    ];
    year
}

#[test]
fn a_local_day_off_served_by_the_api_changes_at_risk_and_working_days_late() {
    // Pending on Tue 31 Mar, due Thu 2 Apr: on the built-in calendar the next working day is
    // 1 Apr, so not at risk; with 1 Apr off it is 2 Apr: at risk. (L2, due that day, is at
    // risk on either calendar.)
    let pending = dossier("L1", "2026-03-20 09:00", "2026-04-02 17:00");
    // Due Tue 31 Mar, finished Thu 2 Apr: 2 working days late, or 1 with 1 Apr off.
    let late = finished(
        dossier("L2", "2026-03-20 09:00", "2026-03-31 17:00"),
        "2026-04-02 10:00",
    );

    let mut c = TempCache::with(&[pending, late.clone()]);
    let day31 = period("2026-03-31", "2026-03-31");

    let builtin = Calendar::load(&c.conn).unwrap();
    let r = checked(&c, &builtin, day31, None);
    assert_eq!((r.province.pending, r.province.pending_at_risk), (2, 1));
    assert_eq!(
        DossierFacts::from_dossier(&late).working_days_late(&builtin),
        Some(2)
    );
    let note = r
        .calendar_note
        .expect("judged on the built-in table: the report says so");
    assert!(note.contains("2026"), "{note}");
    assert_eq!(r.period.calendar_fallback[0].source, YearSource::BuiltIn);

    // The sync stores the served calendar; the engine reads it back from the cache.
    let tx = c.conn.transaction().unwrap();
    controlroom::cache::replace_calendar_year(&tx, &served_2026(), at("2026-03-01 08:00")).unwrap();
    tx.commit().unwrap();
    let served = Calendar::load(&c.conn).unwrap();
    let r = checked(&c, &served, day31, None);
    assert_eq!((r.province.pending, r.province.pending_at_risk), (2, 2));
    assert_eq!(
        DossierFacts::from_dossier(&late).working_days_late(&served),
        Some(1)
    );
    assert_eq!(
        r.calendar_note, None,
        "2026 and the day after are both from the API"
    );

    // The agency's figures move with the province's.
    let agency = r.agencies.iter().find(|a| a.code == AGENCY).unwrap();
    assert_eq!(agency.figures.pending_at_risk, 2);

    // A later version of the served calendar without the local day takes it back.
    let tx = c.conn.transaction().unwrap();
    let national = controlroom::calendar::builtin::year(2026).unwrap();
    controlroom::cache::replace_calendar_year(&tx, &national, at("2026-03-02 08:00")).unwrap();
    tx.commit().unwrap();
    let again = Calendar::load(&c.conn).unwrap();
    let r = metrics::compute(&c.conn, &again, day31, None).unwrap();
    assert_eq!(r.province.pending_at_risk, 1);
}
