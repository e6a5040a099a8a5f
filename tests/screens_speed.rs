//! How long each screen function takes on a large cache: a measurement anyone can rerun, never
//! a timed assertion.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target cargo test --release --test screens_speed -- --ignored --nocapture
//! ```
//! `SCREENS_BENCH_DOSSIERS` (default 1 000 000) sets the size; the cache is synced once from the
//! simulator (in process, over loopback) into the target's temporary folder and kept for reruns.
//! `SCREENS_BENCH_DB` measures an existing cache instead (e.g. one filled by `controlroom sync`
//! from `controlroom sim`, whose history ends now), standing at its last event (its
//! reception, finishing, return or rating), as the app stands at now.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use controlroom::calendar::Calendar;
use controlroom::metrics::{self, Dimension};
use controlroom::screens::{
    agency_page, dossier_detail, dossier_list, overview, procedure_page, ListFilter, Preset, Scope,
    ScreenSettings, SortKey,
};
use controlroom::sim::{self, SimConfig};
use controlroom::source::SourceConfig;
use controlroom::sync::{self, SyncOptions};

/// The instant the simulated cache stands at.
const NOW: &str = "20261120100000";

fn parse(instant: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(instant, "%Y%m%d%H%M%S").unwrap()
}

/// The cache to measure and the instant its figures stand at.
fn cache_and_now() -> (PathBuf, NaiveDateTime) {
    if let Some(db) = std::env::var_os("SCREENS_BENCH_DB") {
        let conn = controlroom::cache::open(std::path::Path::new(&db)).unwrap();
        let last: i64 = conn
            .query_row(
                "SELECT max(max(received_at), max(finished_at), max(returned_at), \
                 max(rating_at)) FROM dossier",
                [],
                |r| r.get(0),
            )
            .unwrap();
        return (PathBuf::from(db), parse(&last.to_string()));
    }
    let n: u64 = std::env::var("SCREENS_BENCH_DOSSIERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    (cache(n), parse(NOW))
}

/// The cache of `n` dossiers, synced from the simulator the first time.
fn cache(n: u64) -> PathBuf {
    let db = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("screens-bench-{n}.db"));
    if db.exists() {
        return db;
    }
    let partial = db.with_extension("partial.db");
    let _ = std::fs::remove_file(&partial);
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let cfg = SimConfig {
            seed: 42,
            dossiers: Some(n),
            now: Some(parse(NOW)),
            ..SimConfig::default()
        };
        let handle = sim::start(cfg, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let source = SourceConfig {
            base_url: handle.base_url.clone(),
            token: None,
        };
        let opts = SyncOptions {
            page_limit: 5000,
            ..SyncOptions::default()
        };
        let report = sync::sync_once(&source, &partial, &opts, &|_| {})
            .await
            .unwrap();
        assert_eq!(report.upserted, n);
        handle.shutdown().await;
    });
    for suffix in ["", "-wal", "-shm"] {
        let from = format!("{}{suffix}", partial.display());
        let to = format!("{}{suffix}", db.display());
        let _ = std::fs::rename(from, to);
    }
    eprintln!(
        "synced {n} dossiers in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    db
}

/// The median of 7 runs after one warm-up; for a page, also the time and size of its JSON (what
/// the command sends the window).
fn time<T: serde::Serialize>(what: &str, mut f: impl FnMut() -> T) {
    let page = f();
    let t = Instant::now();
    let json = serde_json::to_string(&page).unwrap();
    let to_json = t.elapsed();
    let mut runs: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    runs.sort();
    println!(
        "  {what:<58} median {:>8.1} ms  (min {:.1}, max {:.1}; JSON {} kB in {:.1} ms)",
        runs[3].as_secs_f64() * 1e3,
        runs[0].as_secs_f64() * 1e3,
        runs[6].as_secs_f64() * 1e3,
        json.len() / 1000,
        to_json.as_secs_f64() * 1e3
    );
}

#[test]
#[ignore = "a measurement: run with --release --ignored --nocapture"]
fn screens_on_a_large_cache() {
    let (db, now) = cache_and_now();
    let conn = controlroom::cache::open(&db).unwrap();
    // As the app's reader is set up.
    metrics::prepare_connection(&conn).unwrap();
    let cal = Calendar::load(&conn).unwrap();
    // The app's second connection, reading the state the first reads (a page on two cores).
    let mut helper = controlroom::cache::open(&db).unwrap();
    metrics::prepare_connection(&helper).unwrap();
    // SQLite shares a state between two connections only once the WAL holds a commit, as it
    // does in the app after its first sync: one that changes nothing.
    conn.execute_batch(
        "BEGIN; INSERT INTO agency (code, name, level) VALUES ('-', '-', 1);
         DELETE FROM agency WHERE code = '-'; COMMIT;",
    )
    .unwrap();
    let s = ScreenSettings::default();
    let today = now.date();
    let month = Preset::ThisMonth.period(today).unwrap();
    let year = Preset::ThisYear.period(today).unwrap();
    let t = Some(now);
    let report = metrics::compute(&conn, &cal, year, t).unwrap();
    let mut agencies = report.agencies.clone();
    agencies.sort_by_key(|a| std::cmp::Reverse(a.figures.received));
    let big = agencies[0].code.clone();
    let typical = agencies[agencies.len() / 2].code.clone();
    let procs = metrics::compute_by(&conn, &cal, month, t, Dimension::Procedure).unwrap();
    let proc_code = procs
        .groups
        .iter()
        .max_by_key(|g| g.figures.received)
        .unwrap()
        .code
        .clone();
    let late = dossier_list(
        &conn,
        None,
        &cal,
        &ListFilter {
            figure: "pending_overdue".into(),
            scope: Scope::Province,
            period: month,
            as_of: t,
            search: None,
        },
        SortKey::WorkingDaysLate,
        None,
        1,
    )
    .unwrap();
    let code = late.rows[0].code.clone();
    println!(
        "screens on {} as of {now} ({} agencies; biggest {big} received {} this year; typical {typical})",
        db.display(),
        agencies.len(),
        agencies[0].figures.received
    );
    for (name, p) in [("this month", month), ("this year", year)] {
        time(&format!("(metrics::compute alone, {name})"), || {
            metrics::compute(&conn, &cal, p, t).unwrap()
        });
        time(&format!("overview, {name}"), || {
            overview(&conn, None, &cal, p, t, &s).unwrap()
        });
        time(&format!("overview, {name}, on two connections"), || {
            conn.execute_batch("BEGIN").unwrap();
            let page = overview(&conn, Some(&mut helper), &cal, p, t, &s).unwrap();
            controlroom::cache::end_read(&conn);
            page
        });
        time(&format!("agency page, biggest agency, {name}"), || {
            agency_page(&conn, None, &cal, &big, p, t, &s).unwrap()
        });
        time(&format!("agency page, typical agency, {name}"), || {
            agency_page(&conn, None, &cal, &typical, p, t, &s).unwrap()
        });
        time(
            &format!("procedure page, busiest procedure, {name}"),
            || procedure_page(&conn, None, &cal, &proc_code, p, t, &s).unwrap(),
        );
        for (figure, scope) in [
            ("pending_overdue", Scope::Province),
            ("resolved_late", Scope::Agency(big.clone())),
            ("received", Scope::Agency(typical.clone())),
        ] {
            let f = ListFilter {
                figure: figure.into(),
                scope: scope.clone(),
                period: p,
                as_of: t,
                search: None,
            };
            time(
                &format!("list {figure} {scope:?}, {name}, page of 50"),
                || dossier_list(&conn, None, &cal, &f, SortKey::WorkingDaysLate, None, 50).unwrap(),
            );
        }
    }
    let detail = dossier_detail(&conn, &cal, &code, now, &s).unwrap();
    let regions = detail
        .timeline
        .chart
        .as_ref()
        .map_or(0, |c| c.regions.len());
    time(
        &format!(
            "dossier detail, {} steps, timeline of {regions} regions",
            detail.steps.len()
        ),
        || dossier_detail(&conn, &cal, &code, now, &s).unwrap(),
    );
}
