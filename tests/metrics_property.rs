//! The fast path against the plain implementation, over thousands of random dossiers (written
//! through `cache::upsert_dossier`, re-sent in newer versions, some tombstoned and revived), for
//! random periods and instants: for the province, every agency, field and procedure.

mod metrics_support;

use chrono::{Days, NaiveDate, NaiveDateTime, TimeDelta};
use controlroom::calendar::Calendar;
use controlroom::metrics::{self, reference, Dimension, Period};
use controlroom::model::{Channel, Dossier, DurationUnit, Procedure, Status};
use metrics_support::*;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

const AGENCIES: [&str; 4] = [
    "000.00.13.H40",
    "000.00.14.H40",
    "000.00.15.H40",
    "X.UNKNOWN",
];
const PROCEDURES: [&str; 5] = ["1.001", "1.002", "1.003", "2.001", "9.999"];

fn window_start() -> NaiveDateTime {
    at("2025-12-01 00:00:00")
}

/// A random instant in the window (about four months), to the second.
fn instant(rng: &mut Pcg64) -> NaiveDateTime {
    window_start() + TimeDelta::seconds(rng.random_range(0..120 * 86_400))
}

fn later(rng: &mut Pcg64, t: NaiveDateTime, max_days: i64) -> NaiveDateTime {
    t + TimeDelta::seconds(rng.random_range(0..max_days * 86_400 + 1))
}

fn random_dossier(rng: &mut Pcg64, code: &str, version: NaiveDateTime) -> Dossier {
    let received = instant(rng);
    let mut d = dossier(code, "2026-01-01 08:00", "2026-01-10 17:00");
    d.agency_code = AGENCIES[rng.random_range(0..AGENCIES.len())].into();
    d.procedure_code = PROCEDURES[rng.random_range(0..PROCEDURES.len())].into();
    d.channel = [Channel::InPerson, Channel::Online, Channel::Post][rng.random_range(0..3)];
    d.status = Status::ALL[rng.random_range(0..10)];
    d.updated_at = version;
    let odd = |rng: &mut Pcg64| rng.random_bool(0.05);
    d.received_at = if d.status.is_received() || odd(rng) {
        Some(received)
    } else {
        None
    };
    let due_date = received.date() + Days::new(rng.random_range(0..20));
    d.due_at = (!odd(rng)).then(|| due_date.and_hms_opt(17, 0, 0).unwrap());
    let closing = if odd(rng) {
        received - TimeDelta::seconds(rng.random_range(1..10 * 86_400))
    } else if rng.random_bool(0.1) {
        // Same day as the reception: exercises the part-of-a-day path.
        later(rng, received, 0).min(received.date().and_hms_opt(23, 59, 59).unwrap())
    } else {
        later(rng, received, 30)
    };
    match d.status {
        Status::Withdrawn | Status::Stopped | Status::Finished => d.finished_at = Some(closing),
        Status::Returned => {
            if rng.random_bool(0.2) {
                d.returned_at = Some(closing);
            } else {
                d.finished_at = Some(closing);
                d.returned_at = Some(later(rng, closing, 3));
            }
        }
        _ if odd(rng) => d.finished_at = Some(closing),
        _ => {}
    }
    for _ in 0..rng.random_range(0..3) {
        let created = later(rng, received, 15);
        let before = later(rng, received, 20);
        d.extensions
            .push(extension_at(created, before, later(rng, before, 10)));
    }
    for _ in 0..rng.random_range(0..3) {
        let requested = later(rng, received, 15);
        let resumed = rng.random_bool(0.7).then(|| later(rng, requested, 5));
        let before = later(rng, received, 20);
        d.pauses.push(pause_at(requested, resumed, before));
    }
    if rng.random_bool(0.4) {
        let level = if odd(rng) { 4 } else { rng.random_range(1..=3) };
        d.rating = rating(level, "2026-01-01 00:00");
        if let Some(r) = d.rating.as_mut() {
            r.rated_at = later(rng, received, 25);
        }
    }
    d
}

fn extension_at(
    created: NaiveDateTime,
    before: NaiveDateTime,
    after: NaiveDateTime,
) -> controlroom::model::Extension {
    let mut e = extension("2026-01-01 00:00", "2026-01-01 00:00", "2026-01-01 00:00");
    (e.created_at, e.due_before, e.due_after) = (created, before, after);
    e
}

fn pause_at(
    requested: NaiveDateTime,
    resumed: Option<NaiveDateTime>,
    before: NaiveDateTime,
) -> controlroom::model::Pause {
    let mut p = pause(
        "2026-01-01 00:00",
        None,
        "2026-01-01 00:00",
        "2026-01-01 00:00",
    );
    p.requested_at = requested;
    p.resumed_at = resumed;
    p.due_before = (before.date() != requested.date()).then_some(before);
    p
}

fn random_period(rng: &mut Pcg64) -> Period {
    let first = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let from = first + Days::new(rng.random_range(0..140));
    let len = match rng.random_range(0..4) {
        0 => 0,
        1 => rng.random_range(1..8),
        2 => rng.random_range(20..40),
        _ => rng.random_range(60..130),
    };
    Period::new(from, from + Days::new(len)).unwrap()
}

fn random_as_of(rng: &mut Pcg64, p: Period, events: &[NaiveDateTime]) -> Option<NaiveDateTime> {
    match rng.random_range(0..6) {
        0 => None,
        1 => Some(events[rng.random_range(0..events.len())]),
        // The last event of its day: the cache holds nothing of that day after it, as when
        // the figures stand at now (the rollup's row of the day is read instead of its dossiers).
        5 => {
            let day = events[rng.random_range(0..events.len())].date();
            events.iter().copied().filter(|t| t.date() == day).max()
        }
        2 => Some(
            (p.from + Days::new(rng.random_range(0..=(p.to - p.from).num_days() as u64)))
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        ),
        _ => Some(
            p.from.and_hms_opt(0, 0, 0).unwrap() - TimeDelta::days(5)
                + TimeDelta::seconds(
                    rng.random_range(0..((p.to - p.from).num_days() + 7) * 86_400),
                ),
        ),
    }
}

fn procedures() -> Vec<Procedure> {
    PROCEDURES[..4]
        .iter()
        .enumerate()
        .map(|(i, code)| Procedure {
            code: (*code).into(),
            name: format!("Thủ tục {code}"),
            field_code: if i < 3 { "LLTP" } else { "HT" }.into(),
            field_name: if i < 3 {
                "Lý lịch tư pháp"
            } else {
                "Hộ tịch"
            }
            .into(),
            agency_code: AGENCIES[0].into(),
            online_level: 4,
            duration: 10,
            duration_unit: DurationUnit::WorkingDays,
            fee: 0,
        })
        .collect()
}

fn check_fields(c: &TempCache, cal: &Calendar, p: Period, as_of: Option<NaiveDateTime>) {
    let t = p.as_of(as_of);
    let facts = reference::all_facts(&c.conn).unwrap();
    let procs = procedures();
    let field_of = |code: &str| {
        procs
            .iter()
            .find(|p| p.code == code)
            .map_or(String::new(), |p| p.field_code.clone())
    };
    let (_, plain) = reference::figures_by(&facts, |f| field_of(&f.procedure_code), p, t, cal);
    let fast = metrics::compute_by(&c.conn, cal, p, as_of, Dimension::Field).unwrap();
    for (code, figures) in &plain {
        let g = fast
            .groups
            .iter()
            .find(|g| &g.code == code)
            .expect("field listed");
        assert_eq!(&g.figures, figures, "field {code}, {p:?} at {t}");
    }
}

#[test]
fn the_fast_path_equals_the_plain_implementation_on_random_dossiers() {
    let mut rng = Pcg64::seed_from_u64(20_260_316);
    let cal = Calendar::builtin();
    let mut c = TempCache::new();
    c.agencies(&[
        agency(AGENCIES[0], "Sở Tư pháp"),
        agency(AGENCIES[1], "Sở Nội vụ"),
    ]);
    {
        let tx = c.conn.transaction().unwrap();
        for p in procedures() {
            controlroom::cache::upsert_procedure(&tx, &p).unwrap();
        }
        tx.commit().unwrap();
    }
    let n = 3000;
    let v1 = at("2026-04-01 00:00");
    let first: Vec<Dossier> = (0..n)
        .map(|i| random_dossier(&mut rng, &format!("HS-{i}"), v1))
        .collect();
    c.upsert(&first);

    // Newer versions of a third of them, a few tombstones, a few revived after their tombstone.
    let v2 = at("2026-04-02 00:00");
    let mut second = Vec::new();
    for i in 0..n {
        if rng.random_bool(0.33) {
            second.push(random_dossier(&mut rng, &format!("HS-{i}"), v2));
        }
    }
    c.upsert(&second);
    let mut tombstoned = 0;
    for i in 0..n {
        if rng.random_bool(0.05) {
            c.tombstone(&format!("HS-{i}"), "2026-04-03 00:00");
            tombstoned += 1;
            if rng.random_bool(0.3) {
                let v3 = at("2026-04-04 00:00");
                c.upsert(&[random_dossier(&mut rng, &format!("HS-{i}"), v3)]);
            }
        }
    }
    assert!(tombstoned > 50);

    // Instants where a state changes, and the second before each.
    let events: Vec<NaiveDateTime> = first
        .iter()
        .flat_map(|d| {
            let pauses = d
                .pauses
                .iter()
                .flat_map(|p| [Some(p.requested_at), p.resumed_at]);
            [
                d.received_at,
                d.finished_at,
                d.rating.as_ref().map(|r| r.rated_at),
            ]
            .into_iter()
            .chain(pauses)
        })
        .flatten()
        .flat_map(|t| [t, t - TimeDelta::seconds(1)])
        .collect();
    let mut non_trivial = 0;
    for round in 0..100 {
        let p = random_period(&mut rng);
        let as_of = random_as_of(&mut rng, p, &events);
        let report = checked(&c, &cal, p, as_of);
        if round % 4 == 0 {
            check_fields(&c, &cal, p, as_of);
        }
        let f = report.province;
        if f.received > 0 && f.resolved > 0 && f.pending > 0 && f.carried_over > 0 {
            non_trivial += 1;
        }
    }
    assert!(
        non_trivial > 20,
        "the random periods must exercise every figure"
    );
}

#[test]
fn trends_equal_the_figures_of_each_bucket_computed_alone() {
    let mut rng = Pcg64::seed_from_u64(7);
    let cal = Calendar::builtin();
    let dossiers: Vec<Dossier> = (0..800)
        .map(|i| random_dossier(&mut rng, &format!("T-{i}"), at("2026-04-01 00:00")))
        .collect();
    let c = TempCache::with(&dossiers);
    let range = period("2025-12-10", "2026-03-20");
    for (granularity, as_of) in [
        (metrics::Granularity::Month, None),
        (metrics::Granularity::Week, Some(at("2026-02-11 10:30:00"))),
    ] {
        for figure in [
            "received",
            "carried_over",
            "on_time_rate",
            "pending_at_risk",
        ] {
            let t = metrics::trend(
                &c.conn,
                &cal,
                figure,
                granularity,
                range,
                as_of,
                Dimension::Agency,
            )
            .unwrap();
            for (i, b) in t.buckets.iter().enumerate() {
                let alone = Period::new(b.from, b.to).unwrap();
                let plain = checked(&c, &cal, alone, Some(b.as_of));
                assert_eq!(
                    t.province[i],
                    plain.province.get(figure).unwrap(),
                    "{figure} {b:?}"
                );
                for s in &t.groups {
                    let a = plain.agencies.iter().find(|a| a.code == s.code).unwrap();
                    assert_eq!(
                        s.values[i],
                        a.figures.get(figure).unwrap(),
                        "{figure} {b:?}"
                    );
                }
            }
            // The same figure's trend of some groups only.
            let trend_of = |of| {
                metrics::trends(
                    &c.conn,
                    &cal,
                    &[figure],
                    granularity,
                    range,
                    as_of,
                    Dimension::Agency,
                    of,
                )
                .unwrap()
                .remove(0)
            };
            // One agency's trend (a page's chart) counts its rows only, to the same figures.
            let one = &t.groups[t.groups.len() / 2];
            let alone = trend_of(metrics::TrendOf::Group(&one.code));
            let series = alone.groups.iter().find(|s| s.code == one.code).unwrap();
            assert_eq!(series.values, one.values, "{figure} of {}", one.code);
            // The province's trend alone (the overview's chart): the same series, no group.
            let province = trend_of(metrics::TrendOf::Province);
            assert_eq!(province.province, t.province, "{figure}");
            assert!(province.groups.is_empty());
        }
    }
}

/// A cache filled before the rollup migration existed gets its rollups on the first open.
#[test]
fn the_rollup_migration_counts_the_dossiers_already_in_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut rng = Pcg64::seed_from_u64(99);
    let dossiers: Vec<Dossier> = (0..1500)
        .map(|i| random_dossier(&mut rng, &format!("M-{i}"), at("2026-04-01 00:00")))
        .collect();
    {
        // The schema as it stood before the rollup migration.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let (old, _) = controlroom::cache::MIGRATIONS.split_at(
            controlroom::cache::MIGRATIONS
                .iter()
                .position(|(name, _)| name.ends_with("kpi_rollup"))
                .unwrap(),
        );
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
             applied_at TEXT NOT NULL DEFAULT (datetime('now')))",
        )
        .unwrap();
        for (i, (name, sql)) in old.iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
                rusqlite::params![i as i64 + 1, name],
            )
            .unwrap();
        }
        // Written as the schema of then held them (the upsert of today may need later columns).
        let key = |t: Option<NaiveDateTime>| t.map(controlroom::cache::instant_key);
        let tx = conn.transaction().unwrap();
        for d in &dossiers {
            let facts = controlroom::metrics::DossierFacts::from_dossier(d);
            tx.execute(
                "INSERT INTO dossier (code, procedure_code, agency_code, channel, applicant_kind,
                     status, received_at, due_at, finished_at, returned_at, paid_online, updated_at,
                     first_extension_due, extension_count, pause_count, fee_total, rating_level,
                     rating_at, detail)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11, ?12, ?13, 0, ?14, ?15, '{}')",
                rusqlite::params![
                    d.code,
                    d.procedure_code,
                    d.agency_code,
                    u8::from(d.channel),
                    d.status.code(),
                    key(d.received_at),
                    key(d.due_at),
                    key(d.finished_at),
                    key(d.returned_at),
                    controlroom::cache::instant_key(d.updated_at),
                    key(facts.first_extension_due),
                    d.extensions.len() as i64,
                    d.pauses.len() as i64,
                    d.rating.as_ref().map(|r| r.level),
                    key(d.rating.as_ref().map(|r| r.rated_at)),
                ],
            )
            .unwrap();
            let id = tx.last_insert_rowid();
            for (seq, p) in d.pauses.iter().enumerate() {
                tx.execute(
                    "INSERT INTO pause (dossier_id, seq, requested_at, resumed_at, due_before,
                         due_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![
                        id,
                        seq as i64,
                        controlroom::cache::instant_key(p.requested_at),
                        key(p.resumed_at),
                        key(p.due_before),
                        key(p.due_after),
                    ],
                )
                .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let c = TempCache {
        conn: controlroom::cache::open(&path).unwrap(),
        dir,
    };
    let cal = Calendar::builtin();
    for (from, to, as_of) in [
        ("2025-12-01", "2026-03-31", None),
        ("2026-01-15", "2026-02-14", Some("2026-02-03 11:00")),
    ] {
        let f = figures(&c, &cal, period(from, to), as_of);
        assert!(f.received > 100 && f.resolved > 20, "{f:?}");
    }
}

/// The sync commits each page with its cursor: the queued changes are folded then, and the
/// figures stay the same.
#[test]
fn committing_a_sync_position_folds_the_queued_changes() {
    let mut rng = Pcg64::seed_from_u64(5);
    let dossiers: Vec<Dossier> = (0..700)
        .map(|i| random_dossier(&mut rng, &format!("Q-{i}"), at("2026-04-01 00:00")))
        .collect();
    let c = TempCache::with(&dossiers);
    let queued = |c: &TempCache| -> i64 {
        c.conn
            .query_row("SELECT count(*) FROM kpi_change", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        queued(&c),
        700,
        "below the fallback batch, nothing folded yet"
    );
    let cal = Calendar::builtin();
    let p = period("2025-12-01", "2026-03-31");
    let before = figures(&c, &cal, p, None);
    c.conn
        .execute(
            "INSERT INTO sync_state (feed, cursor) VALUES ('hoso', 'x')",
            [],
        )
        .unwrap();
    assert_eq!(queued(&c), 0);
    c.conn
        .execute("UPDATE sync_state SET cursor = 'y' WHERE feed = 'hoso'", [])
        .unwrap();
    assert_eq!(figures(&c, &cal, p, None), before);
    let rolled: i64 = c
        .conn
        .query_row(
            "SELECT sum(dossiers) FROM kpi_agency_day WHERE day = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rolled, 700);
}

/// A first sync loads in bulk (no rollup upkeep, the figures' indexes deferred): while it runs
/// the figures are counted plainly, and once it ends the rebuilt rollups and indexes give the
/// same figures; later changes are kept by the triggers again.
#[test]
fn a_bulk_load_counts_the_same_during_and_after_it() {
    use controlroom::cache::{begin_bulk_load, bulk_loading, finish_bulk_load};
    let mut rng = Pcg64::seed_from_u64(11);
    let cal = Calendar::builtin();
    let mut c = TempCache::new();
    assert!(begin_bulk_load(&mut c.conn).unwrap());
    let n = 1200;
    let first: Vec<Dossier> = (0..n)
        .map(|i| random_dossier(&mut rng, &format!("B-{i}"), at("2026-04-01 00:00")))
        .collect();
    c.upsert(&first);
    let second: Vec<Dossier> = (0..n)
        .step_by(3)
        .map(|i| random_dossier(&mut rng, &format!("B-{i}"), at("2026-04-02 00:00")))
        .collect();
    c.upsert(&second);
    for i in (0..n).step_by(17) {
        c.tombstone(&format!("B-{i}"), "2026-04-03 00:00");
    }
    let cases = [
        (period("2025-12-01", "2026-03-31"), None),
        (
            period("2026-01-15", "2026-02-14"),
            Some(at("2026-02-03 11:00:00")),
        ),
        (
            period("2026-02-01", "2026-02-28"),
            Some(at("2026-02-20 23:59:59")),
        ),
    ];
    assert!(bulk_loading(&c.conn).unwrap());
    let queued: i64 = c
        .conn
        .query_row("SELECT count(*) FROM kpi_change", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued, 0, "no rollup upkeep during a bulk load");
    for (p, as_of) in cases {
        checked(&c, &cal, p, as_of);
    }

    finish_bulk_load(&mut c.conn).unwrap();
    assert!(!bulk_loading(&c.conn).unwrap());
    let indexes: i64 = c
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('kpi_open',
             'kpi_closed', 'kpi_rated', 'dossier_facts_by_agency', 'dossier_facts_by_procedure')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 5, "the deferred indexes are back");
    for (p, as_of) in cases {
        checked(&c, &cal, p, as_of);
    }
    // Row for row what the triggers keep for the same writes.
    let mut kept = TempCache::new();
    kept.upsert(&first);
    kept.upsert(&second);
    for i in (0..n).step_by(17) {
        kept.tombstone(&format!("B-{i}"), "2026-04-03 00:00");
    }
    kept.conn
        .execute(
            "INSERT INTO kpi_change (sign, agency_code, procedure_code, status, channel, received)
             VALUES (0, '', '', 0, 0, 0)",
            [],
        )
        .unwrap();
    for table in [
        "kpi_agency_day",
        "kpi_procedure_day",
        "kpi_agency_month",
        "kpi_procedure_month",
    ] {
        assert_eq!(
            rollup_rows(&c.conn, table),
            rollup_rows(&kept.conn, table),
            "{table}"
        );
    }
    let later: Vec<Dossier> = (0..n)
        .step_by(5)
        .map(|i| random_dossier(&mut rng, &format!("B-{i}"), at("2026-04-05 00:00")))
        .collect();
    c.upsert(&later);
    for (p, as_of) in cases {
        checked(&c, &cal, p, as_of);
    }
    // A cache that holds dossiers is never bulk loaded again.
    assert!(!begin_bulk_load(&mut c.conn).unwrap());
}

/// The rows of a rollup that count something, in order.
fn rollup_rows(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    counted_rows(conn, table, 2)
}

/// The rows of `table` that count something, each as its first `keys` columns (the key) and
/// the counters after them.
fn counted_rows(conn: &rusqlite::Connection, table: &str, keys: usize) -> Vec<String> {
    let order: Vec<String> = (1..=keys).map(|i| i.to_string()).collect();
    let mut stmt = conn
        .prepare(&format!(
            "SELECT * FROM {table} ORDER BY {}",
            order.join(", ")
        ))
        .unwrap();
    let width = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            let key: Vec<String> = (0..keys)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<Result<_, _>>()?;
            let counts: Vec<i64> = (keys..width).map(|i| r.get(i)).collect::<Result<_, _>>()?;
            Ok((key.join("|"), counts))
        })
        .unwrap();
    rows.map(Result::unwrap)
        .filter(|(_, counts)| counts.iter().any(|&n| n != 0))
        .map(|(key, counts)| format!("{key} {counts:?}"))
        .collect()
}

/// The pending states kept dossier by dossier (upserts, newer versions, tombstones, revivals)
/// equal the states rebuilt from scratch, row for row.
#[test]
fn pending_states_kept_by_each_write_equal_a_rebuild() {
    let mut rng = Pcg64::seed_from_u64(7);
    let mut c = TempCache::new();
    let v1 = at("2026-04-01 00:00");
    let first: Vec<Dossier> = (0..800)
        .map(|i| random_dossier(&mut rng, &format!("HS-{i}"), v1))
        .collect();
    c.upsert(&first);
    let v2 = at("2026-04-02 00:00");
    let mut second = Vec::new();
    for i in 0..800 {
        if rng.random_bool(0.4) {
            second.push(random_dossier(&mut rng, &format!("HS-{i}"), v2));
        }
    }
    c.upsert(&second);
    for i in (0..800).step_by(17) {
        c.tombstone(&format!("HS-{i}"), "2026-04-03 00:00");
    }
    c.upsert(&[random_dossier(&mut rng, "HS-17", at("2026-04-04 00:00"))]);
    let kept = (
        counted_rows(&c.conn, "kpi_state_day", 3),
        counted_rows(&c.conn, "kpi_state_month", 3),
    );
    assert!(kept.0.len() > 100, "{}", kept.0.len());
    let tx = c.conn.transaction().unwrap();
    controlroom::cache::states::rebuild(&tx).unwrap();
    tx.commit().unwrap();
    let rebuilt = (
        counted_rows(&c.conn, "kpi_state_day", 3),
        counted_rows(&c.conn, "kpi_state_month", 3),
    );
    assert_eq!(kept, rebuilt);
}

/// A fee on some of the dossiers (some of 0), paid online on part of them, from the index
/// alone so that the dossiers' other draws stay those of `random_dossier`.
fn with_random_fee(mut d: Dossier, i: usize) -> Dossier {
    let amount = match i % 5 {
        0 | 1 => 0,
        2 => return d,
        _ => 25_000,
    };
    d.fees = vec![controlroom::model::Fee {
        code: "LP".into(),
        name: "Lệ phí".into(),
        kind: Some(2),
        amount,
        method: Some(2),
        paid_at: d.received_at,
    }];
    d.paid_online = (i % 3) as u8;
    d
}

/// `index766::compute` equals `index766::plain` for the province and every agency.
fn check_766(c: &TempCache, cal: &Calendar, p: Period, as_of: Option<NaiveDateTime>) {
    use controlroom::metrics::index766::{self, Counts766, Indicators};
    let fast = index766::compute(&c.conn, cal, p, as_of).unwrap();
    let plain = index766::plain(&c.conn, cal, p, p.as_of(as_of)).unwrap();
    let mut province = Counts766::default();
    for (code, counts) in &plain {
        province.absorb(counts);
        let a = fast.agencies.iter().find(|a| &a.code == code).unwrap();
        assert_eq!(
            a.indicators.counts, *counts,
            "agency {code}, {p:?} at {as_of:?}"
        );
    }
    assert_eq!(
        fast.province,
        Indicators::of(province),
        "{p:?} at {as_of:?}"
    );
}

#[test]
fn decision_766_fast_equals_plain_on_random_dossiers_with_fees_and_a_bulk_load() {
    use controlroom::cache::{begin_bulk_load, finish_bulk_load};
    let mut rng = Pcg64::seed_from_u64(766);
    let cal = Calendar::builtin();
    let mut c = TempCache::new();
    assert!(begin_bulk_load(&mut c.conn).unwrap());
    let n = 1500;
    let v1 = at("2026-04-01 00:00");
    let first: Vec<Dossier> = (0..n)
        .map(|i| with_random_fee(random_dossier(&mut rng, &format!("F-{i}"), v1), i))
        .collect();
    c.upsert(&first);
    let mut cases: Vec<(Period, Option<NaiveDateTime>)> = Vec::new();
    let events: Vec<NaiveDateTime> = first
        .iter()
        .flat_map(|d| {
            let pauses = d.pauses.iter().map(|p| p.requested_at);
            [d.received_at, d.finished_at]
                .into_iter()
                .flatten()
                .chain(pauses)
        })
        .flat_map(|t| [t, t - TimeDelta::seconds(1)])
        .collect();
    for _ in 0..40 {
        let p = random_period(&mut rng);
        cases.push((p, random_as_of(&mut rng, p, &events)));
    }
    // During the bulk load, after it, and after newer versions and tombstones.
    for (p, as_of) in cases.iter().take(5) {
        check_766(&c, &cal, *p, *as_of);
    }
    finish_bulk_load(&mut c.conn).unwrap();
    for (p, as_of) in &cases {
        check_766(&c, &cal, *p, *as_of);
    }
    let v2 = at("2026-04-02 00:00");
    let second: Vec<Dossier> = (0..n)
        .step_by(3)
        .map(|i| with_random_fee(random_dossier(&mut rng, &format!("F-{i}"), v2), i + 1))
        .collect();
    c.upsert(&second);
    for i in (0..n).step_by(13) {
        c.tombstone(&format!("F-{i}"), "2026-04-03 00:00");
    }
    let mut two_supplements = 0;
    for (p, as_of) in &cases {
        check_766(&c, &cal, *p, *as_of);
        let r = controlroom::metrics::index766::compute(&c.conn, &cal, *p, *as_of).unwrap();
        two_supplements += r.province.counts.two_supplements;
    }
    assert!(
        two_supplements > 0,
        "the random dossiers must exercise the supplement rule"
    );
}
