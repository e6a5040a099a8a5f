//! The boundaries issue 3 lists, each worked by hand (built-in 2026 calendar: 16–20 Feb off,
//! Sat 22 Aug worked for Mon 31 Aug). Every figure is also checked against the plain path.

mod metrics_support;

use controlroom::calendar::Calendar;
use controlroom::metrics::{DossierFacts, PendingState, Timeliness};
use controlroom::model::Status;
use metrics_support::*;

fn cal() -> Calendar {
    Calendar::builtin()
}

#[test]
fn a_period_ends_at_235959_and_the_next_day_starts_at_000001() {
    let last_second = finished(
        dossier("A", "2026-03-20 09:00", "2026-03-31 17:00"),
        "2026-03-31 23:59:59",
    );
    let next_day = dossier("B", "2026-04-01 00:00:01", "2026-04-10 17:00");
    let c = TempCache::with(&[last_second, next_day]);
    let march = period("2026-03-01", "2026-03-31");
    let f = figures(&c, &cal(), march, None);
    assert_eq!(
        (f.received, f.resolved, f.resolved_on_time, f.pending),
        (1, 1, 1, 0)
    );
    // One second earlier the closing had not happened: still pending, not yet resolved.
    let f = figures(&c, &cal(), march, Some("2026-03-31 23:59:58"));
    assert_eq!((f.resolved, f.pending), (0, 1));
    let april = period("2026-04-01", "2026-04-30");
    let f = figures(&c, &cal(), april, None);
    assert_eq!((f.received, f.carried_over, f.resolved), (1, 0, 0));
    // At 00:00:00 of 1 April the second dossier had not been received yet.
    let f = figures(&c, &cal(), april, Some("2026-04-01 00:00:00"));
    assert_eq!((f.received, f.pending), (0, 0));
    let f = figures(&c, &cal(), april, Some("2026-04-01 00:00:01"));
    assert_eq!((f.received, f.pending), (1, 1));
}

#[test]
fn finishing_late_on_a_holiday_is_late_with_zero_working_days() {
    let d = finished(
        dossier("H", "2026-02-02 09:00", "2026-02-13 17:00"),
        "2026-02-16 10:00",
    );
    let facts = DossierFacts::from_dossier(&d);
    assert_eq!(facts.timeliness(), Some(Timeliness::Late));
    assert_eq!(facts.working_days_late(&cal()), Some(0));
    let f = figures(
        &TempCache::with(&[d]),
        &cal(),
        period("2026-02-01", "2026-02-28"),
        None,
    );
    assert_eq!((f.resolved_late, f.on_time_rate), (1, Some(0.0)));
}

#[test]
fn finishing_on_a_make_up_saturday_counts_that_saturday_as_a_working_day() {
    let d = finished(
        dossier("S", "2026-08-10 09:00", "2026-08-21 17:00"),
        "2026-08-22 09:00",
    );
    let facts = DossierFacts::from_dossier(&d);
    assert_eq!(facts.timeliness(), Some(Timeliness::Late));
    assert_eq!(facts.working_days_late(&cal()), Some(1));
    // Finished on the make-up day when it was due then: on time.
    let on_time = finished(
        dossier("S2", "2026-08-10 09:00", "2026-08-22 11:00"),
        "2026-08-22 10:00",
    );
    let f = figures(
        &TempCache::with(&[d, on_time]),
        &cal(),
        period("2026-08-01", "2026-08-31"),
        None,
    );
    assert_eq!((f.resolved, f.resolved_late, f.resolved_on_time), (2, 1, 1));
}

#[test]
fn a_due_date_the_day_after_a_holiday_is_at_risk_on_the_last_working_day_before_it() {
    // Due Mon 23 Feb, the first working day after Tết: at risk on Fri 13 Feb already.
    let d = dossier("R", "2026-02-09 09:00", "2026-02-23 17:00");
    let not_yet = dossier("R2", "2026-02-09 09:00", "2026-02-24 17:00");
    let c = TempCache::with(&[d, not_yet]);
    let f = figures(&c, &cal(), period("2026-02-13", "2026-02-13"), None);
    assert_eq!(
        (f.pending, f.pending_within_deadline, f.pending_at_risk),
        (2, 2, 1)
    );
    // On Thu 12 Feb the next working day is the 13th: neither is at risk yet.
    let f = figures(&c, &cal(), period("2026-02-12", "2026-02-12"), None);
    assert_eq!(f.pending_at_risk, 0);
    // On Mon 23 Feb: the first is due today (at risk), the second tomorrow (at risk too).
    let f = figures(&c, &cal(), period("2026-02-23", "2026-02-23"), None);
    assert_eq!((f.pending_overdue, f.pending_at_risk), (0, 2));
    let f = figures(&c, &cal(), period("2026-02-24", "2026-02-24"), None);
    assert_eq!((f.pending_overdue, f.pending_at_risk), (1, 1));
}

#[test]
fn apology_extensions_one_two_and_out_of_order_judge_against_the_first() {
    let mut one = dossier("E1", "2026-03-02 09:00", "2026-03-20 17:00");
    one.extensions = vec![extension(
        "2026-03-12 10:00",
        "2026-03-13 17:00",
        "2026-03-20 17:00",
    )];
    let one = finished(one, "2026-03-19 10:00");
    // Two extensions listed newest first: the earliest by NgayTao (due 13 Mar) is the legal due.
    let mut two = dossier("E2", "2026-03-02 09:00", "2026-03-27 17:00");
    two.extensions = vec![
        extension("2026-03-19 10:00", "2026-03-20 17:00", "2026-03-27 17:00"),
        extension("2026-03-12 10:00", "2026-03-13 17:00", "2026-03-20 17:00"),
    ];
    let two = finished(two, "2026-03-13 16:00");
    for (d, due, t) in [
        (&one, "2026-03-13 17:00", Timeliness::Late),
        (&two, "2026-03-13 17:00", Timeliness::OnTime),
    ] {
        let f = DossierFacts::from_dossier(d);
        assert_eq!(f.legal_due(), Some(at(due)));
        assert_eq!(f.timeliness(), Some(t));
    }
    assert_eq!(
        DossierFacts::from_dossier(&one).working_days_late(&cal()),
        Some(4)
    );
    // A pause that ends after the first extension does not move the legal due date.
    let mut frozen = dossier("E3", "2026-03-02 09:00", "2026-03-25 17:00");
    frozen.extensions = vec![extension(
        "2026-03-10 10:00",
        "2026-03-13 17:00",
        "2026-03-20 17:00",
    )];
    frozen.pauses = vec![pause(
        "2026-03-11 10:00",
        Some("2026-03-16 10:00"),
        "2026-03-20 17:00",
        "2026-03-25 17:00",
    )];
    let frozen = finished(frozen, "2026-03-17 10:00");
    assert_eq!(
        DossierFacts::from_dossier(&frozen).timeliness(),
        Some(Timeliness::Late)
    );
    let c = TempCache::with(&[one, two, frozen]);
    let f = figures(&c, &cal(), period("2026-03-01", "2026-03-31"), None);
    assert_eq!((f.resolved, f.resolved_on_time, f.resolved_late), (3, 1, 2));
}

#[test]
fn closed_and_open_supplement_pauses_and_a_financial_wait() {
    let mut closed = dossier("P1", "2026-03-02 09:00", "2026-03-18 17:00");
    closed.pauses = vec![pause(
        "2026-03-05 10:00",
        Some("2026-03-09 10:00"),
        "2026-03-16 17:00",
        "2026-03-18 17:00",
    )];
    let mut open = dossier("P2", "2026-03-02 09:00", "2026-03-16 17:00");
    open.status = Status::SupplementRequested;
    open.pauses = vec![pause(
        "2026-03-10 10:00",
        None,
        "2026-03-16 17:00",
        "2026-03-16 17:00",
    )];
    let mut financial = dossier("P3", "2026-03-02 09:00", "2026-03-06 17:00");
    financial.status = Status::WaitingFinancialObligation;
    financial.pauses = vec![pause(
        "2026-03-04 15:00",
        None,
        "2026-03-06 17:00",
        "2026-03-06 17:00",
    )];
    let c = TempCache::with(&[closed, open, financial]);
    let march = period("2026-03-01", "2026-03-31");
    // As of inside the first pause: P1 paused, P2 not yet (due 16 Mar), P3 paused.
    let f = figures(&c, &cal(), march, Some("2026-03-06 12:00"));
    assert_eq!(
        (f.pending, f.pending_paused, f.pending_within_deadline),
        (3, 2, 1)
    );
    // After P1 resumed: P1 within deadline (due 18 Mar), P2 and P3 paused.
    let f = figures(&c, &cal(), march, Some("2026-03-11 12:00"));
    assert_eq!(
        (
            f.pending_paused,
            f.pending_within_deadline,
            f.pending_overdue
        ),
        (2, 1, 0)
    );
    // At the end of March: P1 overdue (due 18 Mar), the open pauses still paused.
    let f = figures(&c, &cal(), march, None);
    assert_eq!((f.pending_paused, f.pending_overdue), (2, 1));
}

#[test]
fn the_due_date_before_a_later_pause_is_the_one_that_stood_then() {
    // Due 10 Mar originally; a pause requested 12 Mar moved it to 20 Mar. On 11 Mar it stood at
    // 10 Mar: overdue then, although NgayHenTra now says 20 Mar.
    let mut d = dossier("D", "2026-03-02 09:00", "2026-03-20 17:00");
    d.pauses = vec![pause(
        "2026-03-12 10:00",
        Some("2026-03-16 10:00"),
        "2026-03-10 17:00",
        "2026-03-20 17:00",
    )];
    let facts = DossierFacts::from_dossier(&d);
    assert_eq!(
        facts.state_at(at("2026-03-11 12:00"), &cal()),
        Some(PendingState::Overdue)
    );
    assert_eq!(
        facts.state_at(at("2026-03-17 12:00"), &cal()),
        Some(PendingState::WithinDeadline { at_risk: false })
    );
    let c = TempCache::with(&[d]);
    let f = figures(
        &c,
        &cal(),
        period("2026-03-11", "2026-03-11"),
        Some("2026-03-11 12:00"),
    );
    assert_eq!(f.pending_overdue, 1);
}

#[test]
fn status_10_without_an_end_of_processing_closes_at_the_return() {
    let mut d = dossier("T", "2026-03-02 09:00", "2026-03-10 17:00");
    d.status = Status::Returned;
    d.returned_at = Some(at("2026-03-11 09:00"));
    let facts = DossierFacts::from_dossier(&d);
    assert_eq!(facts.closed_at(), Some(at("2026-03-11 09:00")));
    assert_eq!(facts.timeliness(), Some(Timeliness::Late));
    let f = figures(
        &TempCache::with(&[d]),
        &cal(),
        period("2026-03-01", "2026-03-31"),
        None,
    );
    assert_eq!((f.resolved, f.resolved_late, f.pending), (1, 1, 0));
}

#[test]
fn withdrawn_stopped_refused_and_submitted_only_dossiers() {
    let mut withdrawn = dossier("W", "2026-03-02 09:00", "2026-03-10 17:00");
    withdrawn.status = Status::Withdrawn;
    withdrawn.finished_at = Some(at("2026-03-05 10:00"));
    let mut stopped = dossier("S", "2026-03-02 09:00", "2026-03-10 17:00");
    stopped.status = Status::Stopped;
    stopped.finished_at = Some(at("2026-03-06 10:00"));
    stopped.rating = rating(3, "2026-03-07 10:00");
    let mut refused = dossier("R", "2026-03-02 09:00", "2026-03-10 17:00");
    refused.status = Status::Refused;
    refused.received_at = None;
    refused.due_at = None;
    refused.refused_at = Some(at("2026-03-02 09:30"));
    let mut submitted = dossier("N", "2026-03-03 09:00", "2026-03-10 17:00");
    submitted.status = Status::Submitted;
    submitted.received_at = None;
    submitted.due_at = None;
    let c = TempCache::with(&[withdrawn, stopped, refused, submitted]);
    let f = figures(&c, &cal(), period("2026-03-01", "2026-03-31"), None);
    assert_eq!((f.received, f.withdrawn, f.stopped), (2, 1, 1));
    assert_eq!((f.resolved, f.on_time_rate, f.pending), (0, None, 0));
    // A rating counts whatever the dossier's status.
    assert_eq!(
        (f.ratings, f.dissatisfied, f.satisfaction_rate),
        (1, 1, Some(0.0))
    );
    // Before they closed, the withdrawn and stopped dossiers were pending.
    let f = figures(
        &c,
        &cal(),
        period("2026-03-01", "2026-03-31"),
        Some("2026-03-04 12:00"),
    );
    assert_eq!((f.pending, f.withdrawn), (2, 0));
}

#[test]
fn a_tombstoned_dossier_counts_nowhere_and_a_newer_version_brings_it_back() {
    let d = finished(
        dossier("X", "2026-03-02 09:00", "2026-03-10 17:00"),
        "2026-03-09 10:00",
    );
    let mut c = TempCache::with(&[
        d.clone(),
        dossier("Y", "2026-03-03 09:00", "2026-03-12 17:00"),
    ]);
    let march = period("2026-03-01", "2026-03-31");
    assert_eq!(figures(&c, &cal(), march, None).received, 2);
    c.tombstone("X", "2026-03-20 00:00");
    let f = figures(&c, &cal(), march, None);
    assert_eq!((f.received, f.resolved, f.pending), (1, 0, 1));
    let mut revived = d;
    revived.updated_at = at("2026-03-21 00:00");
    revived.finished_at = Some(at("2026-03-11 10:00"));
    c.upsert(&[revived]);
    let f = figures(&c, &cal(), march, None);
    assert_eq!((f.received, f.resolved, f.resolved_late), (2, 1, 1));
}

#[test]
fn the_latest_version_decides_even_for_a_past_period() {
    let mut c = TempCache::with(&[dossier("V", "2026-03-02 09:00", "2026-03-10 17:00")]);
    let march = period("2026-03-01", "2026-03-31");
    assert_eq!(figures(&c, &cal(), march, None).pending_overdue, 1);
    let mut v2 = finished(
        dossier("V", "2026-03-02 09:00", "2026-03-10 17:00"),
        "2026-03-09 11:00",
    );
    v2.updated_at = at("2026-04-01 08:00");
    v2.rating = rating(1, "2026-03-09 12:00");
    c.upsert(&[v2]);
    let f = figures(&c, &cal(), march, None);
    assert_eq!((f.pending, f.resolved_early, f.very_satisfied), (0, 1, 1));
}

#[test]
fn a_period_across_the_year_end() {
    let dec = finished(
        dossier("Y1", "2025-12-10 09:00", "2025-12-24 17:00"),
        "2025-12-31 10:00",
    );
    let across = finished(
        dossier("Y2", "2025-12-29 09:00", "2026-01-06 17:00"),
        "2026-01-05 10:00",
    );
    let jan = dossier("Y3", "2026-01-05 09:00", "2026-01-14 17:00");
    let c = TempCache::with(&[dec, across, jan]);
    // Biểu 06 style: 15 Dec – 14 Jan.
    let f = figures(&c, &cal(), period("2025-12-15", "2026-01-14"), None);
    assert_eq!((f.received, f.carried_over, f.resolved), (2, 1, 2));
    assert_eq!((f.resolved_late, f.resolved_early, f.pending), (1, 1, 1));
    assert_eq!(
        (f.pending_within_deadline, f.pending_at_risk),
        (1, 1),
        "due on the last day of the period: within deadline and at risk"
    );
    let f = figures(&c, &cal(), period("2026-01-01", "2026-01-31"), None);
    assert_eq!((f.carried_over, f.resolved, f.pending_overdue), (1, 1, 1));
}
