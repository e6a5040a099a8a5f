//! Every figure the dashboard's screens show, on a cache synced from the real simulator over
//! loopback, against `metrics::compute` and `controlroom kpi --json`; every list against the
//! figure it was opened from; keyset paging against the whole list.

mod sync_support;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use controlroom::calendar::Calendar;
use controlroom::metrics::{self, Dimension, FigureValue, Figures, Period, FIGURE_NAMES};
use controlroom::screens::{
    agency_page, dossier_list, overview, previous, procedure_page, ListFilter, ListPage, Preset,
    Scope, ScreenSettings, SortKey,
};
use rusqlite::Connection;
use sync_support::{sync_ok, Sim, NOW};

/// One cache per test run, synced once from a simulator of 5 000 dossiers ending at `NOW`.
fn db() -> &'static PathBuf {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screens-sim");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join(format!("cache-{}.db", std::process::id()));
        let sim = Sim::start(7, 5000, "none", &[]);
        let report = sync_ok(&sim.url, &db, 1000);
        assert_eq!(report["upserted"], 5000, "{report}");
        db
    })
}

fn open() -> (Connection, Calendar) {
    let conn = controlroom::cache::open(db()).unwrap();
    let cal = Calendar::load(&conn).unwrap();
    (conn, cal)
}

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y%m%d%H%M%S").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The periods checked: this month up to the simulator's "now" (10:00, part of a day), a
/// whole Biểu 06 period in the past, and this year.
fn periods() -> Vec<(Period, Option<NaiveDateTime>)> {
    let today = now().date();
    vec![
        (Preset::ThisMonth.period(today).unwrap(), Some(now())),
        (
            Preset::Range {
                from: day("2026-09-15"),
                to: day("2026-10-14"),
            }
            .period(today)
            .unwrap(),
            None,
        ),
        (Preset::ThisYear.period(today).unwrap(), Some(now())),
    ]
}

fn count(v: FigureValue) -> u64 {
    match v {
        FigureValue::Count(n) => n,
        FigureValue::Rate { .. } => panic!("a rate is not a list"),
    }
}

/// The figures that are counts of dossiers (every figure but the two rates).
fn count_figures() -> impl Iterator<Item = &'static str> {
    FIGURE_NAMES.into_iter().filter(|n| !n.ends_with("_rate"))
}

fn kpi_json(p: Period, as_of: Option<NaiveDateTime>) -> serde_json::Value {
    let mut cmd = Command::new(sync_support::bin());
    cmd.arg("kpi").arg("--db").arg(db()).args([
        "--from",
        &p.from.to_string(),
        "--to",
        &p.to.to_string(),
        "--json",
    ]);
    if let Some(t) = as_of {
        cmd.args(["--as-of", &t.format("%Y%m%d%H%M%S").to_string()]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every figure of `ours` equals the same key of the JSON `theirs`: counts exactly, rates to
/// the last digit or two that parsing printed JSON may change, null as null.
fn assert_same_as_json(ours: &Figures, theirs: &serde_json::Value, what: &str) {
    let ours = serde_json::to_value(ours).unwrap();
    for name in FIGURE_NAMES {
        let (a, b) = (&ours[name], &theirs[name]);
        if name.ends_with("_rate") && a.is_f64() && b.is_f64() {
            let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((x - y).abs() < 1e-12, "{what}: {name}: {x} vs {y}");
        } else {
            assert_eq!(a, b, "{what}: {name}");
        }
    }
}

/// The group of `dimension` that received the most dossiers in the period.
fn busiest(
    conn: &Connection,
    cal: &Calendar,
    p: Period,
    t: Option<NaiveDateTime>,
    dimension: Dimension,
) -> metrics::GroupFigures {
    let groups = metrics::compute_by(conn, cal, p, t, dimension)
        .unwrap()
        .groups;
    groups
        .into_iter()
        .max_by_key(|g| g.figures.received)
        .unwrap()
}

fn top_agencies(conn: &Connection, cal: &Calendar, n: usize) -> Vec<String> {
    let (p, t) = periods()[2];
    let mut a = metrics::compute(conn, cal, p, t).unwrap().agencies;
    a.sort_by_key(|g| std::cmp::Reverse(g.figures.received + g.figures.pending));
    a.into_iter().take(n).map(|g| g.code).collect()
}

#[test]
fn the_overview_shows_the_figures_of_metrics_and_of_controlroom_kpi() {
    let (conn, cal) = open();
    let s = ScreenSettings::default();
    for (p, t) in periods() {
        let o = overview(&conn, None, &cal, p, t, &s).unwrap();
        let want = metrics::compute(&conn, &cal, p, t).unwrap();
        let before = metrics::compute(&conn, &cal, previous(p), t).unwrap();
        assert_eq!(o.province, want.province, "{p:?}");
        assert_eq!(o.agencies.len(), want.agencies.len());
        for (a, b) in o.agencies.iter().zip(&want.agencies) {
            assert_eq!((&a.code, &a.figures), (&b.code, &b.figures));
        }
        for tile in &o.tiles {
            assert_eq!(
                Some(tile.value),
                want.province.get(tile.figure),
                "{}",
                tile.figure
            );
            assert_eq!(Some(tile.change.previous), before.province.get(tile.figure));
        }
        let json = kpi_json(p, t);
        assert_same_as_json(&o.province, &json["province"], "province");
        for a in &o.agencies {
            let theirs = json["agencies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|j| j["code"] == a.code.as_str())
                .unwrap_or_else(|| panic!("kpi lacks {}", a.code));
            assert_same_as_json(&a.figures, theirs, &a.code);
        }
        // Charts drill into agencies of the report and weeks of the trend.
        let codes: BTreeSet<String> = want.agencies.iter().map(|a| a.code.clone()).collect();
        let ids = |chart: &str| -> Vec<String> {
            o.charts
                .iter()
                .find(|c| c.id == chart)
                .unwrap_or_else(|| panic!("no chart {chart}"))
                .chart
                .as_ref()
                .map(|c| c.regions.iter().map(|r| r.id.clone()).collect())
                .unwrap_or_default()
        };
        for chart in [
            "on_time_by_agency",
            "overdue_by_agency",
            "satisfaction_by_agency",
        ] {
            for id in ids(chart) {
                let code = id.strip_prefix("agency:").expect("an agency id");
                assert!(codes.contains(code), "{chart}: {id}");
            }
        }
        let with_resolved = want
            .agencies
            .iter()
            .filter(|a| a.figures.resolved > 0)
            .count();
        assert_eq!(ids("on_time_by_agency").len(), with_resolved);
        let with_overdue = want
            .agencies
            .iter()
            .filter(|a| a.figures.pending_overdue > 0)
            .count();
        assert_eq!(ids("overdue_by_agency").len(), with_overdue);
        let week_ids: Vec<String> = o.weeks.iter().map(|w| w.id.clone()).collect();
        let trend_ids = ids("weekly_trend");
        assert!(
            trend_ids.iter().all(|i| week_ids.contains(i)),
            "{trend_ids:?}"
        );
        // Each week's figures are those of metrics for that week.
        for w in &o.weeks {
            let wk = metrics::compute(&conn, &cal, Period::new(w.from, w.to).unwrap(), t).unwrap();
            assert_eq!(Some(w.received), wk.province.get("received"), "{}", w.id);
            assert_eq!(Some(w.resolved), wk.province.get("resolved"), "{}", w.id);
            assert_eq!(
                Some(w.on_time_rate),
                wk.province.get("on_time_rate"),
                "{}",
                w.id
            );
        }
    }
}

/// Adds up groups (rates recomputed from the sums).
fn sum(groups: &[metrics::GroupFigures]) -> Figures {
    let mut total = Figures::default();
    for g in groups {
        total.absorb(&g.figures);
    }
    total.finish()
}

#[test]
fn an_agency_page_shows_its_figures_and_its_fields_and_procedures_add_up_to_them() {
    let (conn, cal) = open();
    let s = ScreenSettings::default();
    let facts = metrics::reference::all_facts(&conn).unwrap();
    for (p, t) in periods() {
        let json = kpi_json(p, t);
        let report = metrics::compute(&conn, &cal, p, t).unwrap();
        for code in top_agencies(&conn, &cal, 3) {
            let page = agency_page(&conn, None, &cal, &code, p, t, &s).unwrap();
            let want = report.agencies.iter().find(|a| a.code == code).unwrap();
            assert_eq!(page.agency.figures, want.figures, "{code} {p:?}");
            let theirs = json["agencies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|j| j["code"] == code.as_str())
                .unwrap();
            assert_same_as_json(&page.agency.figures, theirs, &code);
            assert_eq!(sum(&page.by_field), want.figures, "fields of {code}");
            assert_eq!(
                sum(&page.by_procedure),
                want.figures,
                "procedures of {code}"
            );
            // Each procedure's figures within the agency, counted plainly over every dossier.
            let mine: Vec<_> = facts
                .iter()
                .filter(|f| f.agency_code == code)
                .cloned()
                .collect();
            let at = p.as_of(t);
            let (_, plain) =
                metrics::reference::figures_by(&mine, |f| f.procedure_code.clone(), p, at, &cal);
            for g in &page.by_procedure {
                assert_eq!(Some(&g.figures), plain.get(&g.code), "{code} / {}", g.code);
            }
            assert_eq!(page.overdue.total, want.figures.pending_overdue);
            assert_eq!(page.at_risk.total, want.figures.pending_at_risk);
        }
    }
}

#[test]
fn a_procedure_page_shows_its_figures_and_its_agencies_add_up_to_them() {
    let (conn, cal) = open();
    let s = ScreenSettings::default();
    for (p, t) in periods() {
        let mut by_proc = metrics::compute_by(&conn, &cal, p, t, Dimension::Procedure)
            .unwrap()
            .groups;
        by_proc.sort_by_key(|g| std::cmp::Reverse(g.figures.received + g.figures.pending));
        for want in by_proc.iter().take(3) {
            let page = procedure_page(&conn, None, &cal, &want.code, p, t, &s).unwrap();
            assert_eq!(page.procedure.figures, want.figures, "{} {p:?}", want.code);
            assert_eq!(
                sum(&page.by_agency),
                want.figures,
                "agencies of {}",
                want.code
            );
            assert_eq!(page.overdue.total, want.figures.pending_overdue);
        }
    }
}

fn all_pages(
    conn: &Connection,
    cal: &Calendar,
    f: &ListFilter,
    sort: SortKey,
    limit: usize,
) -> Vec<ListPage> {
    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let page = dossier_list(conn, None, cal, f, sort, after, limit).unwrap();
        after = page.next.clone();
        pages.push(page);
        if after.is_none() {
            return pages;
        }
    }
}

#[test]
fn every_list_is_as_long_as_the_figure_it_was_opened_from() {
    let (conn, cal) = open();
    for (p, t) in periods() {
        let report = metrics::compute(&conn, &cal, p, t).unwrap();
        let agency = top_agencies(&conn, &cal, 1).remove(0);
        let field = busiest(&conn, &cal, p, t, Dimension::Field);
        let procedure = busiest(&conn, &cal, p, t, Dimension::Procedure);
        let scopes = [
            (Scope::Province, report.province),
            (
                Scope::Agency(agency.clone()),
                report
                    .agencies
                    .iter()
                    .find(|a| a.code == agency)
                    .unwrap()
                    .figures,
            ),
            (Scope::Field(field.code.clone()), field.figures),
            (Scope::Procedure(procedure.code.clone()), procedure.figures),
        ];
        for (scope, figures) in &scopes {
            for figure in count_figures() {
                let f = ListFilter {
                    figure: figure.into(),
                    scope: scope.clone(),
                    period: p,
                    as_of: t,
                    search: None,
                };
                let page = dossier_list(&conn, None, &cal, &f, SortKey::DueDate, None, 5).unwrap();
                assert_eq!(
                    page.total,
                    count(figures.get(figure).unwrap()),
                    "{figure} in {scope:?}, {p:?} at {t:?}"
                );
                assert!(page.rows.len() as u64 == page.total.min(5));
            }
        }
    }
}

#[test]
fn keyset_paging_returns_every_dossier_once_in_order() {
    let (conn, cal) = open();
    let agency = top_agencies(&conn, &cal, 1).remove(0);
    let (p, t) = periods()[2];
    for (figure, scope) in [
        ("resolved", Scope::Agency(agency.clone())),
        ("resolved_late", Scope::Province),
        ("pending", Scope::Province),
        ("received", Scope::Agency(agency.clone())),
    ] {
        let f = ListFilter {
            figure: figure.into(),
            scope,
            period: p,
            as_of: t,
            search: None,
        };
        let whole =
            dossier_list(&conn, None, &cal, &f, SortKey::DueDate, None, usize::MAX).unwrap();
        assert!(
            whole.total > 30,
            "{figure}: too few dossiers to page ({})",
            whole.total
        );
        let everyone: BTreeSet<String> = whole.rows.iter().map(|r| r.code.clone()).collect();
        assert_eq!(everyone.len() as u64, whole.total);
        for sort in [
            SortKey::WorkingDaysLate,
            SortKey::DueDate,
            SortKey::ReceivedDate,
        ] {
            let pages = all_pages(&conn, &cal, &f, sort, 13);
            let rows: Vec<_> = pages.iter().flat_map(|p| p.rows.iter()).collect();
            let codes: Vec<&String> = rows.iter().map(|r| &r.code).collect();
            let unique: BTreeSet<String> = codes.iter().map(|c| (*c).clone()).collect();
            assert_eq!(
                codes.len(),
                unique.len(),
                "{figure} {sort:?}: a dossier twice"
            );
            assert_eq!(unique, everyone, "{figure} {sort:?}");
            assert!(pages.iter().all(|p| p.total == whole.total));
            for w in rows.windows(2) {
                let in_order = match sort {
                    SortKey::WorkingDaysLate => w[0].working_days_late >= w[1].working_days_late,
                    SortKey::DueDate => match (w[0].legal_due, w[1].legal_due) {
                        (Some(a), Some(b)) => a <= b,
                        (_, None) => true,
                        (None, Some(_)) => false,
                    },
                    SortKey::ReceivedDate => w[0].received_at >= w[1].received_at,
                };
                assert!(
                    in_order,
                    "{figure} {sort:?}: {} before {}",
                    w[0].code, w[1].code
                );
            }
        }
        if figure == "resolved_late" {
            assert!(whole
                .rows
                .iter()
                .all(|r| r.working_days_late > 0 || r.closed_at.is_some()));
        }
    }
}

#[test]
fn a_list_can_be_searched_by_dossier_code() {
    let (conn, cal) = open();
    let (p, t) = periods()[2];
    let f = ListFilter {
        figure: "received".into(),
        scope: Scope::Province,
        period: p,
        as_of: t,
        search: None,
    };
    let whole = dossier_list(
        &conn,
        None,
        &cal,
        &f,
        SortKey::ReceivedDate,
        None,
        usize::MAX,
    )
    .unwrap();
    let code = &whole.rows[whole.rows.len() / 2].code;
    let part = code[code.len() - 4..].to_lowercase();
    let expected = whole
        .rows
        .iter()
        .filter(|r| r.code.to_lowercase().contains(&part))
        .count() as u64;
    let found = dossier_list(
        &conn,
        None,
        &cal,
        &ListFilter {
            search: Some(part.clone()),
            ..f
        },
        SortKey::ReceivedDate,
        None,
        usize::MAX,
    )
    .unwrap();
    assert_eq!(found.total, expected);
    assert!(found.rows.iter().any(|r| &r.code == code));
    assert!(found
        .rows
        .iter()
        .all(|r| r.code.to_lowercase().contains(&part)));
}

/// A page read on two connections (the app's reader and its helper, sharing one state of the
/// cache) is the page read on one, to the last figure and row.
#[test]
fn a_page_read_on_two_cores_is_the_page_read_on_one() {
    // A copy of its own: the commit below must not touch the cache the other tests read.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    open()
        .0
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    let conn = controlroom::cache::open(&copy).unwrap();
    let cal = Calendar::load(&conn).unwrap();
    let mut helper = controlroom::cache::open(&copy).unwrap();
    // SQLite shares a state only once the WAL holds a commit, as after any sync.
    helper
        .execute_batch(
            "BEGIN; INSERT INTO agency (code, name, level) VALUES ('-', '-', 1);
             DELETE FROM agency WHERE code = '-'; COMMIT;",
        )
        .unwrap();
    let s = ScreenSettings::default();
    let agency = top_agencies(&conn, &cal, 1).remove(0);
    let (year, at) = periods()[2];
    let procedure = busiest(&conn, &cal, year, at, Dimension::Procedure);
    for (p, t) in periods() {
        let one = serde_json::to_value(agency_page(&conn, None, &cal, &agency, p, t, &s).unwrap())
            .unwrap();
        let overview_one =
            serde_json::to_value(overview(&conn, None, &cal, p, t, &s).unwrap()).unwrap();
        conn.execute_batch("BEGIN").unwrap();
        let overview_two = overview(&conn, Some(&mut helper), &cal, p, t, &s).unwrap();
        let two = agency_page(&conn, Some(&mut helper), &cal, &agency, p, t, &s).unwrap();
        let proc_two =
            procedure_page(&conn, Some(&mut helper), &cal, &procedure.code, p, t, &s).unwrap();
        conn.execute_batch("COMMIT").unwrap();
        assert!(helper.is_autocommit(), "the helper's read ended");
        assert_eq!(one, serde_json::to_value(two).unwrap(), "{p:?} at {t:?}");
        assert_eq!(
            overview_one,
            serde_json::to_value(overview_two).unwrap(),
            "{p:?} at {t:?}"
        );
        let proc_one = procedure_page(&conn, None, &cal, &procedure.code, p, t, &s).unwrap();
        assert_eq!(
            serde_json::to_value(proc_one).unwrap(),
            serde_json::to_value(proc_two).unwrap(),
            "{p:?} at {t:?}"
        );
        // A whole list, as the list page reads it.
        for figure in ["resolved_late", "received", "ratings", "pending_overdue"] {
            let f = ListFilter {
                figure: figure.into(),
                scope: Scope::Agency(agency.clone()),
                period: p,
                as_of: t,
                search: None,
            };
            let list = |helper| {
                dossier_list(&conn, helper, &cal, &f, SortKey::DueDate, None, usize::MAX).unwrap()
            };
            let one = serde_json::to_value(list(None)).unwrap();
            conn.execute_batch("BEGIN").unwrap();
            let two = serde_json::to_value(list(Some(&mut helper))).unwrap();
            conn.execute_batch("COMMIT").unwrap();
            assert_eq!(one, two, "{figure} {p:?} at {t:?}");
        }
    }
}

/// The inspector's explorer holds exactly the dossiers `controlroom kpi` counts late, overdue
/// and at risk, for the province and for each agency by its filter; the export of one agency's
/// list writes as many rows.
#[test]
fn the_explorer_counts_what_controlroom_kpi_counts_and_its_filters_narrow_to_each_agency() {
    use controlroom::screens::explorer::{
        explore, late_set, ExplorerFilter, ExplorerSort, LateKind,
    };
    let (conn, cal) = open();
    for (p, t) in periods() {
        let json = kpi_json(p, t);
        let set = late_set(&conn, None, &cal, p, t, &Scope::Province, &mut |_, _| true)
            .unwrap()
            .unwrap();
        let check = |filter: &ExplorerFilter, figures: &serde_json::Value, what: &str| {
            let page = explore(
                &set,
                filter,
                ExplorerSort::default(),
                0,
                10,
                controlroom::screens::Lang::Vi,
            );
            for (kind, n) in &page.by_kind {
                assert_eq!(
                    serde_json::json!(n),
                    figures[kind.figure()],
                    "{what} {p:?}: {}",
                    kind.figure()
                );
            }
            page.total
        };
        let all = check(&ExplorerFilter::default(), &json["province"], "province");
        assert!(all > 0, "the simulator makes late dossiers in {p:?}");
        let mut by_agencies = 0;
        for a in json["agencies"].as_array().unwrap() {
            let filter = ExplorerFilter {
                agency: Some(a["code"].as_str().unwrap().to_string()),
                ..Default::default()
            };
            by_agencies += check(&filter, a, a["code"].as_str().unwrap());
        }
        assert_eq!(by_agencies, all, "every late dossier belongs to one agency");
        // The late steps named are the dossier page's.
        let late = explore(
            &set,
            &ExplorerFilter {
                kind: Some(LateKind::ResolvedLate),
                ..Default::default()
            },
            ExplorerSort::default(),
            0,
            1,
            controlroom::screens::Lang::Vi,
        );
        if let Some(d) = late.rows.first() {
            assert!(d.working_days_late > 0, "{}", d.code);
        }
    }
}

/// The explorer's late dossiers read on two cores are those read on one, in the same order.
#[test]
fn the_late_set_read_on_two_cores_is_the_set_read_on_one() {
    use controlroom::screens::explorer::late_set;
    let (conn, cal) = open();
    let mut helper = controlroom::cache::open(db()).unwrap();
    let (p, t) = periods()[2];
    let one = late_set(&conn, None, &cal, p, t, &Scope::Province, &mut |_, _| true)
        .unwrap()
        .unwrap();
    conn.execute_batch("BEGIN").unwrap();
    let mut told = Vec::new();
    let two = late_set(
        &conn,
        Some(&mut helper),
        &cal,
        p,
        t,
        &Scope::Province,
        &mut |done, total| {
            told.push((done, total));
            true
        },
    )
    .unwrap()
    .unwrap();
    conn.execute_batch("COMMIT").unwrap();
    assert!(one.dossiers.len() > 10);
    assert_eq!(one.dossiers, two.dossiers);
    assert!(told.iter().all(|(d, t)| d <= t && *t == one.dossiers.len()));
    // Stopped by its progress, it gives nothing.
    let stopped = late_set(&conn, None, &cal, p, t, &Scope::Province, &mut |done, _| {
        done < 5
    })
    .unwrap();
    assert!(stopped.is_none());
}
