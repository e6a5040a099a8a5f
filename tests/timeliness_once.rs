//! Timeliness is defined once, in `model::Timeliness::judge`; the SQL triggers of migration
//! 0002 repeat it to keep the rollups. Each case below is judged by the model and counted by
//! the triggers, and the two must agree: a change to either that the other does not follow
//! fails here.

mod metrics_support;

use controlroom::metrics::DossierFacts;
use controlroom::model::Timeliness;
use metrics_support::*;

/// (case, legal due, closed): around the due date, at every time of day that could mislead a
/// comparison of instants instead of dates.
const CASES: [(&str, Option<&str>, &str); 7] = [
    ("a day early", Some("2026-03-13 17:00"), "2026-03-12 16:00"),
    (
        "the day before, late in it",
        Some("2026-03-13 08:00"),
        "2026-03-12 23:59",
    ),
    (
        "on the day, before the hour",
        Some("2026-03-13 17:00"),
        "2026-03-13 09:00",
    ),
    (
        "on the day, after the hour",
        Some("2026-03-13 08:00"),
        "2026-03-13 18:30",
    ),
    (
        "the next morning",
        Some("2026-03-13 17:00"),
        "2026-03-14 00:01",
    ),
    ("a week late", Some("2026-03-13 17:00"), "2026-03-20 10:00"),
    ("no due date", None, "2026-03-10 10:00"),
];

/// (early, on time, late) as the triggers count them: the folded rollup and the events still
/// queued for folding (which every reader adds, as here).
fn rollup(c: &TempCache) -> (i64, i64, i64) {
    c.conn
        .query_row(
            "SELECT total(resolved_early), total(resolved_on_time), total(resolved_late) FROM (
               SELECT resolved_early, resolved_on_time, resolved_late FROM kpi_agency_day
               UNION ALL
               SELECT resolved_early, resolved_on_time, resolved_late FROM kpi_change_event)",
            [],
            |r| {
                let n = |i| r.get::<_, f64>(i).map(|v| v as i64);
                Ok((n(0)?, n(1)?, n(2)?))
            },
        )
        .unwrap()
}

#[test]
fn the_sql_rollups_judge_timeliness_as_the_model_does() {
    for (case, due, closed) in CASES {
        let mut d = finished(
            dossier(
                "H40-T",
                "2026-03-02 09:00",
                due.unwrap_or("2026-03-13 17:00"),
            ),
            closed,
        );
        if due.is_none() {
            d.due_at = None;
        }
        let model = DossierFacts::from_dossier(&d).timeliness().unwrap();
        assert_eq!(
            model,
            Timeliness::judge(at(closed).date(), due.map(|t| at(t).date())),
            "{case}: the figures judge through the one definition"
        );
        let c = TempCache::with(&[d]);
        let counted = rollup(&c);
        let expected = match model {
            Timeliness::Early => (1, 0, 0),
            Timeliness::OnTime => (0, 1, 0),
            Timeliness::Late => (0, 0, 1),
        };
        assert_eq!(counted, expected, "{case}: the triggers' rollup");
    }
}

/// The legal due date is the first extension's old date when the dossier was extended: the
/// triggers read the cache's `legal_due`, the model its facts, and they agree.
#[test]
fn an_extended_dossier_is_judged_on_its_legal_due_date_both_ways() {
    let mut d = finished(
        dossier("H40-X", "2026-03-02 09:00", "2026-03-20 17:00"),
        "2026-03-16 10:00",
    );
    d.extensions = vec![extension(
        "2026-03-12 09:00",
        "2026-03-13 17:00",
        "2026-03-20 17:00",
    )];
    let model = DossierFacts::from_dossier(&d).timeliness().unwrap();
    assert_eq!(model, Timeliness::Late, "late against the first deadline");
    let c = TempCache::with(&[d]);
    assert_eq!(rollup(&c), (0, 0, 1));
}
