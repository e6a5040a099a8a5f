//! The worked examples of METRICS.md (calendar of 2026 with 16–20 February off), each judged
//! per dossier and counted in the figures by the fast path (checked against the plain one).

mod metrics_support;

use controlroom::calendar::Calendar;
use controlroom::metrics::{DossierFacts, PendingState, Timeliness};
use metrics_support::*;

fn facts(d: &controlroom::model::Dossier) -> DossierFacts {
    DossierFacts::from_dossier(d)
}

fn example_1_2_3(finish: &str) -> controlroom::model::Dossier {
    finished(
        dossier("HS-1", "2026-02-13 10:00", "2026-02-24 17:00"),
        finish,
    )
}

#[test]
fn example_1_finished_on_the_due_date_is_on_time() {
    let cal = Calendar::builtin();
    let d = example_1_2_3("2026-02-24 16:00");
    assert_eq!(facts(&d).timeliness(), Some(Timeliness::OnTime));
    assert_eq!(facts(&d).working_days_late(&cal), Some(0));
    let f = figures(
        &TempCache::with(&[d]),
        &cal,
        period("2026-02-01", "2026-02-28"),
        None,
    );
    assert_eq!((f.received, f.resolved, f.resolved_on_time), (1, 1, 1));
    assert_eq!(f.on_time_rate, Some(1.0));
    assert_eq!(f.pending, 0);
}

#[test]
fn example_2_finished_the_next_morning_is_one_working_day_late() {
    let cal = Calendar::builtin();
    let d = example_1_2_3("2026-02-25 08:00");
    assert_eq!(facts(&d).timeliness(), Some(Timeliness::Late));
    assert_eq!(facts(&d).working_days_late(&cal), Some(1));
    let f = figures(
        &TempCache::with(&[d]),
        &cal,
        period("2026-02-01", "2026-02-28"),
        None,
    );
    assert_eq!((f.resolved, f.resolved_late), (1, 1));
    assert_eq!(f.on_time_rate, Some(0.0));
}

#[test]
fn example_3_finished_on_the_saturday_after_tet_is_early() {
    let cal = Calendar::builtin();
    let d = example_1_2_3("2026-02-21 09:00");
    assert_eq!(facts(&d).timeliness(), Some(Timeliness::Early));
    let f = figures(
        &TempCache::with(&[d]),
        &cal,
        period("2026-02-01", "2026-02-28"),
        None,
    );
    assert_eq!((f.resolved, f.resolved_early), (1, 1));
}

#[test]
fn example_4_an_apology_extension_does_not_make_a_late_dossier_on_time() {
    let cal = Calendar::builtin();
    let mut d = dossier("HS-4", "2026-03-16 09:00", "2026-04-06 17:00");
    d.extensions = vec![extension(
        "2026-03-27 15:00",
        "2026-04-01 17:00",
        "2026-04-06 17:00",
    )];
    let d = finished(d, "2026-04-03 10:00");
    let f0 = facts(&d);
    assert_eq!(f0.legal_due(), Some(at("2026-04-01 17:00")));
    assert_eq!(f0.timeliness(), Some(Timeliness::Late));
    assert_eq!(f0.working_days_late(&cal), Some(2));
    let f = figures(
        &TempCache::with(&[d]),
        &cal,
        period("2026-04-01", "2026-04-30"),
        None,
    );
    assert_eq!((f.resolved, f.resolved_late, f.carried_over), (1, 1, 1));
}

fn example_5() -> controlroom::model::Dossier {
    let mut d = dossier("HS-5", "2026-03-16 09:00", "2026-04-01 17:00");
    d.pauses = vec![pause(
        "2026-03-18 10:00",
        Some("2026-03-20 10:00"),
        "2026-03-30 17:00",
        "2026-04-01 17:00",
    )];
    finished(d, "2026-04-01 15:00")
}

#[test]
fn example_5_a_supplement_pause_moves_the_due_date_legitimately() {
    let cal = Calendar::builtin();
    let d = example_5();
    let f0 = facts(&d);
    assert_eq!(f0.timeliness(), Some(Timeliness::OnTime));
    assert_eq!(
        f0.state_at(at("2026-03-19 12:00"), &cal),
        Some(PendingState::Paused)
    );
    assert_eq!(
        f0.state_at(at("2026-03-31 12:00"), &cal),
        Some(PendingState::WithinDeadline { at_risk: true })
    );
    // Before the pause was requested the due date was still 30 Mar.
    assert_eq!(
        f0.due_as_of(at("2026-03-17 12:00")),
        Some(at("2026-03-30 17:00"))
    );
    // On Fri 27 Mar the next working day is Mon 30 Mar: due 1 Apr is not yet at risk.
    assert_eq!(
        f0.state_at(at("2026-03-27 12:00"), &cal),
        Some(PendingState::WithinDeadline { at_risk: false })
    );

    let c = TempCache::with(&[d]);
    let march = period("2026-03-01", "2026-03-31");
    let f = figures(&c, &cal, march, Some("2026-03-19 12:00"));
    assert_eq!((f.received, f.pending, f.pending_paused), (1, 1, 1));
    assert_eq!(f.pending_within_deadline, 0);
    let f = figures(&c, &cal, march, Some("2026-03-31 12:00"));
    assert_eq!(
        (f.pending, f.pending_within_deadline, f.pending_at_risk),
        (1, 1, 1)
    );
    // The whole of March: still pending at its end, resolved on time in April.
    let f = figures(&c, &cal, march, None);
    assert_eq!((f.pending, f.resolved), (1, 0));
    let f = figures(&c, &cal, period("2026-04-01", "2026-04-30"), None);
    assert_eq!((f.carried_over, f.resolved_on_time, f.pending), (1, 1, 0));
}

#[test]
fn example_6_pending_after_its_due_date_is_overdue() {
    let cal = Calendar::builtin();
    let d = dossier("HS-6", "2026-02-23 09:00", "2026-02-27 17:00");
    assert_eq!(
        facts(&d).state_at(at("2026-03-02 08:00"), &cal),
        Some(PendingState::Overdue)
    );
    let f = figures(
        &TempCache::with(&[d]),
        &cal,
        period("2026-03-02", "2026-03-02"),
        None,
    );
    assert_eq!((f.carried_over, f.pending, f.pending_overdue), (1, 1, 1));
    assert_eq!(f.on_time_rate, None, "no resolved dossier: no rate");
}
