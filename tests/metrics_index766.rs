//! The Decision-766 indicators of METRICS.md on dossiers worked by hand (calendar of 2026 with
//! 16–20 February off), each counted by the fast path and checked against the plain one.

mod metrics_support;

use controlroom::calendar::Calendar;
use controlroom::metrics::index766::{self, Counts766, Indicators};
use controlroom::metrics::Period;
use controlroom::model::{Channel, Dossier, Fee};
use metrics_support::*;

/// The province's indicators by the fast path, after checking that they equal the plain
/// count for the province and every agency.
fn indicators(c: &TempCache, p: Period, as_of: Option<&str>) -> Indicators {
    let cal = Calendar::builtin();
    let as_of = as_of.map(at);
    let report = index766::compute(&c.conn, &cal, p, as_of).unwrap();
    let plain = index766::plain(&c.conn, &cal, p, p.as_of(as_of)).unwrap();
    let mut province = Counts766::default();
    for (code, counts) in &plain {
        province.absorb(counts);
        let a = report.agencies.iter().find(|a| &a.code == code).unwrap();
        assert_eq!(a.indicators, Indicators::of(*counts), "agency {code}");
    }
    assert_eq!(report.province, Indicators::of(province), "province {p:?}");
    report.province
}

fn with_fee(mut d: Dossier, amount: i64, paid_online: u8) -> Dossier {
    d.fees = vec![Fee {
        code: "LP-1".into(),
        name: "Lệ phí cấp bản sao".into(),
        kind: Some(2),
        amount,
        method: Some(if paid_online > 0 { 2 } else { 1 }),
        paid_at: d.received_at,
    }];
    d.paid_online = paid_online;
    d
}

fn march() -> Period {
    period("2026-03-01", "2026-03-31")
}

#[test]
fn a_dossier_with_two_supplement_requests_never_counts_in_time() {
    // One request, finished on its moved due date: in time. Two requests, finished a day
    // early: resolved early in the figures, but not in time for Decision 766.
    let mut one = dossier("ONE", "2026-03-02 09:00", "2026-03-12 17:00");
    one.pauses = vec![pause(
        "2026-03-03 09:00",
        Some("2026-03-05 09:00"),
        "2026-03-10 17:00",
        "2026-03-12 17:00",
    )];
    let one = finished(one, "2026-03-12 10:00");
    let mut two = dossier("TWO", "2026-03-02 09:00", "2026-03-16 17:00");
    two.pauses = vec![
        pause(
            "2026-03-03 09:00",
            Some("2026-03-04 09:00"),
            "2026-03-10 17:00",
            "2026-03-11 17:00",
        ),
        pause(
            "2026-03-06 09:00",
            Some("2026-03-09 09:00"),
            "2026-03-11 17:00",
            "2026-03-16 17:00",
        ),
    ];
    let two = finished(two, "2026-03-13 10:00");
    let c = TempCache::with(&[one, two]);
    let i = indicators(&c, march(), None);
    assert_eq!(i.counts.progress_denominator, 2);
    assert_eq!(i.counts.progress_numerator, 1);
    assert_eq!(i.counts.two_supplements, 1);
    assert_eq!(i.progress_points, Some(10.0));
    // r = (1 − 0) / 2: 6 × 0.5 / 0.9.
    assert!((i.satisfaction_points.unwrap() - 10.0 / 3.0).abs() < 1e-9);
    // On 5 March at noon TWO had had one request (the second came on the 6th): both pending
    // within the deadline, ONE paused; both in time.
    let i = indicators(&c, march(), Some("2026-03-05 12:00"));
    assert_eq!(
        (i.counts.progress_denominator, i.counts.progress_numerator),
        (2, 2)
    );
    // On the 7th TWO, paused again, has two requests: out of N while still pending.
    let i = indicators(&c, march(), Some("2026-03-07 12:00"));
    assert_eq!(
        (i.counts.progress_numerator, i.counts.two_supplements),
        (1, 1)
    );
}

#[test]
fn a_fee_of_zero_is_no_fee_and_only_fees_paid_online_count() {
    let d = |code: &str| dossier(code, "2026-03-02 09:00", "2026-03-12 17:00");
    let c = TempCache::with(&[
        with_fee(d("FREE"), 0, 2),
        with_fee(d("PAID-PORTAL"), 50_000, 1),
        with_fee(d("PAID-GATEWAY"), 20_000, 2),
        with_fee(d("AT-DESK"), 30_000, 0),
        d("NO-FEE"),
    ]);
    let i = indicators(&c, march(), None);
    assert_eq!(
        (i.counts.payment_numerator, i.counts.payment_denominator),
        (2, 3)
    );
    assert!((i.payment_points.unwrap() - 4.0).abs() < 1e-9);
    // All five online: the share is 1, its points stop at 6.
    assert_eq!((i.online_share, i.online_points), (Some(1.0), Some(6.0)));
    // Received in the period only: April has no fee dossier, and no payment score.
    let april = indicators(&c, period("2026-04-01", "2026-04-30"), None);
    assert_eq!((april.payment_share, april.payment_points), (None, None));
}

#[test]
fn the_fee_counts_follow_a_dossier_that_changes_or_is_withdrawn() {
    let d = dossier("FEE", "2026-03-02 09:00", "2026-03-12 17:00");
    let mut c = TempCache::with(&[with_fee(d.clone(), 50_000, 0)]);
    let i = indicators(&c, march(), None);
    assert_eq!(
        (i.counts.payment_numerator, i.counts.payment_denominator),
        (0, 1)
    );
    let mut paid = with_fee(d, 50_000, 2);
    paid.updated_at = at("2026-03-03 10:00");
    c.upsert(&[paid]);
    let i = indicators(&c, march(), None);
    assert_eq!(
        (i.counts.payment_numerator, i.counts.payment_denominator),
        (1, 1)
    );
    c.tombstone("FEE", "2026-03-04 10:00");
    let i = indicators(&c, march(), None);
    assert_eq!(
        (i.counts.payment_numerator, i.counts.payment_denominator),
        (0, 0)
    );
    // The part of a day before `as_of`: received at 09:00, not yet at 08:00.
    let c = TempCache::with(&[with_fee(
        dossier("LATE-DAY", "2026-03-10 09:00", "2026-03-12 17:00"),
        10_000,
        1,
    )]);
    let i = indicators(&c, march(), Some("2026-03-10 08:00"));
    assert_eq!(i.counts.payment_denominator, 0);
    let i = indicators(&c, march(), Some("2026-03-10 09:30"));
    assert_eq!(i.counts.payment_denominator, 1);
}

#[test]
fn a_dossier_paused_at_the_end_of_the_period_counts_in_time() {
    // Paused since 30 March, the clock stopped: in D and in N at the end of March. Another,
    // overdue since 27 March: in D only. A third, finished late: in D only, and rated 3.
    let mut paused = dossier("PAUSED", "2026-03-20 09:00", "2026-03-31 17:00");
    paused.pauses = vec![pause(
        "2026-03-30 09:00",
        None,
        "2026-03-31 17:00",
        "2026-04-08 17:00",
    )];
    let overdue = dossier("OVERDUE", "2026-03-16 09:00", "2026-03-27 17:00");
    let mut late = finished(
        dossier("LATE", "2026-03-02 09:00", "2026-03-05 17:00"),
        "2026-03-06 10:00",
    );
    late.rating = rating(3, "2026-03-07 09:00");
    late.channel = Channel::InPerson;
    let c = TempCache::with(&[paused, overdue, late]);
    let i = indicators(&c, march(), None);
    assert_eq!(
        (i.counts.progress_numerator, i.counts.progress_denominator),
        (1, 3)
    );
    assert!((i.progress_points.unwrap() - 20.0 / 3.0).abs() < 1e-9);
    // r = (1 − 1) / 3 = 0: no satisfaction points, but a score (0 of 6).
    assert_eq!(i.satisfaction_ratio, Some(0.0));
    assert_eq!(i.satisfaction_points, Some(0.0));
    // 2 of 3 received online: 6 × (2/3) / 0.5 is above 6.
    assert_eq!(i.online_points, Some(6.0));
    assert_eq!(i.payment_points, None);
    assert_eq!(i.points_max, 32.0);
}

#[test]
fn a_period_with_nothing_received_scores_only_what_was_pending() {
    let c = TempCache::with(&[dossier("OLD", "2026-03-20 09:00", "2026-04-30 17:00")]);
    // April: nothing received, nothing resolved; one dossier pending within the deadline.
    let i = indicators(
        &c,
        period("2026-04-01", "2026-04-30"),
        Some("2026-04-15 12:00"),
    );
    assert_eq!(i.counts.received, 0);
    assert_eq!((i.online_share, i.online_points), (None, None));
    assert_eq!(i.progress_points, Some(20.0));
    assert!((i.satisfaction_points.unwrap() - 6.0).abs() < 1e-9);
    assert_eq!(i.points_max, 26.0);
    // February, before anything: no score at all, and nothing to score against.
    let i = indicators(&c, period("2026-02-01", "2026-02-28"), None);
    assert_eq!(i.counts, Counts766::default());
    assert_eq!((i.points, i.points_max), (0.0, 0.0));
    assert_eq!(i.progress_points, None);
    assert_eq!(i.satisfaction_points, None);
}

#[test]
fn the_dossiers_that_cost_points_come_with_what_each_cost() {
    // A on time but its fee not paid online; B late; C early but asked twice to supplement.
    // D = 3, N = 1: progress 20/3, satisfaction 6 × (1/3) / 0.9, online 6, payment 0.
    let a = with_fee(
        finished(
            dossier("A", "2026-03-02 09:00", "2026-03-10 17:00"),
            "2026-03-10 10:00",
        ),
        30_000,
        0,
    );
    let b = finished(
        dossier("B", "2026-03-02 09:00", "2026-03-05 17:00"),
        "2026-03-06 10:00",
    );
    let c = asked_twice("C");
    let cache = TempCache::with(&[a, b, c]);
    let cal = Calendar::builtin();
    let p = march();
    let base = indicators(&cache, p, None);
    assert!((base.points - (20.0 / 3.0 + 6.0 + 0.0 + 6.0 / 2.7)).abs() < 1e-9);
    let list = index766::costly(&cache.conn, &cal, p, p.as_of(None), None, None, 10).unwrap();
    let rows: Vec<(&str, Vec<index766::CostReason>, f64)> = list
        .rows
        .iter()
        .map(|r| (r.row.code.as_str(), r.reasons.clone(), r.points_lost))
        .collect();
    use index766::CostReason::*;
    // B or C in time: progress 40/3 and satisfaction 6 × (2/3) / 0.9, 80/9 points more.
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[0].0, &rows[0].1), ("B", &vec![Late]));
    assert_eq!((rows[1].0, &rows[1].1), ("C", &vec![TwoSupplements]));
    assert_eq!((rows[2].0, &rows[2].1), ("A", &vec![UnpaidOnline]));
    for (row, lost) in rows.iter().zip([80.0 / 9.0, 80.0 / 9.0, 6.0]) {
        assert!((row.2 - lost).abs() < 1e-9, "{row:?}");
    }
    assert_eq!(list.total, 3);
    // One agency's list is its own; another agency has none.
    let own = index766::costly(&cache.conn, &cal, p, p.as_of(None), Some(AGENCY), None, 1).unwrap();
    assert_eq!((own.total, own.rows.len()), (3, 1));
    let none = index766::costly(&cache.conn, &cal, p, p.as_of(None), Some("X"), None, 10).unwrap();
    assert_eq!(none.total, 0);
    // On one indicator: what each cost on it alone. Payment: A, 6 points.
    use index766::Indicator766;
    let on = |w| index766::costly(&cache.conn, &cal, p, p.as_of(None), None, Some(w), 10).unwrap();
    let payment = on(Indicator766::Payment);
    assert_eq!(payment.rows.len(), 1);
    assert_eq!(
        (
            payment.rows[0].row.code.as_str(),
            payment.rows[0].points_lost
        ),
        ("A", 6.0)
    );
    // Progress: B and C, 20/3 each; A is in time.
    let progress = on(Indicator766::Progress);
    let codes: Vec<&str> = progress.rows.iter().map(|r| r.row.code.as_str()).collect();
    assert_eq!(codes, ["B", "C"]);
    assert!((progress.points_lost - 40.0 / 3.0).abs() < 1e-9);
}

#[test]
fn the_points_at_stake_are_the_running_dossiers_due_by_the_end_of_the_period() {
    let due_this_month = dossier("DUE", "2026-03-20 09:00", "2026-03-27 17:00");
    let due_next_month = dossier("NEXT", "2026-03-20 09:00", "2026-04-02 17:00");
    let mut paused = dossier("PAUSED", "2026-03-20 09:00", "2026-03-26 17:00");
    paused.pauses = vec![pause(
        "2026-03-23 09:00",
        None,
        "2026-03-26 17:00",
        "2026-04-03 17:00",
    )];
    // Resumed: due on its moved date, inside the month.
    let mut resumed = dossier("RESUMED", "2026-03-16 09:00", "2026-03-30 17:00");
    resumed.pauses = vec![pause(
        "2026-03-17 09:00",
        Some("2026-03-19 09:00"),
        "2026-03-26 17:00",
        "2026-03-30 17:00",
    )];
    let overdue = dossier("OVERDUE", "2026-03-10 09:00", "2026-03-20 17:00");
    let cache = TempCache::with(&[due_this_month, due_next_month, paused, resumed, overdue]);
    let cal = Calendar::builtin();
    let due = index766::due_in_period(&cache.conn, &cal, march(), at("2026-03-25 12:00")).unwrap();
    assert_eq!(due.get(AGENCY), Some(&2));
    // A period already over has nothing at stake.
    let feb = period("2026-02-01", "2026-02-28");
    let none = index766::due_in_period(&cache.conn, &cal, feb, at("2026-03-25 12:00")).unwrap();
    assert!(none.is_empty());
}

#[test]
fn the_page_ranks_the_agencies_and_says_what_is_at_stake() {
    // Sở Tư pháp: one resolved on time, one pending due on 27 March. Other agency: one late.
    let on_time = finished(
        dossier("A1", "2026-03-02 09:00", "2026-03-10 17:00"),
        "2026-03-10 10:00",
    );
    let due = dossier("A2", "2026-03-20 09:00", "2026-03-27 17:00");
    let mut late = finished(
        dossier("B1", "2026-03-02 09:00", "2026-03-05 17:00"),
        "2026-03-06 10:00",
    );
    late.agency_code = "000.00.99.H40".into();
    let mut c = TempCache::with(&[on_time, due, late]);
    c.agencies(&[
        agency(AGENCY, "Sở Tư pháp"),
        agency("000.00.99.H40", "Sở Xây dựng"),
    ]);
    let cal = Calendar::builtin();
    let page = controlroom::screens::index766_page(&c.conn, &cal, at("2026-03-25 12:00")).unwrap();
    let month = &page.spans[0];
    assert_eq!(
        (month.period.from, month.period.to),
        (day("2026-03-01"), day("2026-03-25"))
    );
    assert_eq!(page.spans[1].period.from, day("2026-01-01"));
    let ranked: Vec<(&str, usize)> = month
        .agencies
        .iter()
        .map(|a| (a.code.as_str(), a.rank))
        .collect();
    assert_eq!(ranked, vec![(AGENCY, 1), ("000.00.99.H40", 2)]);
    // Sở Tư pháp: 2 of 2 in time, one of them due this month: 20 now, 10 if it is late.
    let justice = &month.agencies[0].stake;
    assert_eq!(justice.due_in_period, 1);
    assert_eq!(
        (justice.progress_if_on_time, justice.progress_if_late),
        (Some(20.0), Some(10.0))
    );
    // The province: 2 of 3 in time; if the one due is late, 1 of 3.
    let p = &month.province_stake;
    assert_eq!(p.due_in_period, 1);
    assert!((p.progress_if_late.unwrap() - 20.0 / 3.0).abs() < 1e-9);
    // February, the month before March's first 25 days: nothing happened then.
    assert_eq!(month.province_before.points_max, 0.0);
}
