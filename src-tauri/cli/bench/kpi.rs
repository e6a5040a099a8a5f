//! `controlroom bench kpi`: the figures of METRICS.md on a large cache of the simulator's data.
//!
//! Builds the cache once (the simulator in-process, synced over loopback HTTP exactly as
//! `controlroom sync` does) unless it exists, then times, as medians of repeated runs: the figures
//! of one month and of one year for the province and every agency, the current month at "now",
//! and a two-year monthly trend per agency. `--sync-cost` also syncs the same data into a cache
//! without the rollup triggers and indexes, to show what keeping them costs the sync. Prints the
//! peak memory of the process.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant as Clock;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::calendar::Calendar;
use crate::metrics::{self, Dimension, Granularity, Period};
use crate::sim::{SimConfig, SimError};
use crate::sync::{SyncOptions, SyncReport};

#[derive(Debug, clap::Args)]
pub struct BenchKpiArgs {
    /// The cache to measure; built from the simulator when it does not exist.
    #[arg(long)]
    pub db: PathBuf,
    /// Dossiers in the simulator's history when the cache is built.
    #[arg(long, default_value_t = 1_000_000)]
    pub dossiers: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The simulator's "now" (end of history), yyyyMMddHHmmss.
    #[arg(long, default_value = "20261120103000")]
    pub now: String,
    /// Runs of each measurement (the median is reported).
    #[arg(long, default_value_t = 15)]
    pub runs: usize,
    /// Also sync the same data into a cache without the rollup upkeep and compare the times.
    #[arg(long)]
    pub sync_cost: bool,
}

#[derive(Debug, thiserror::Error)]
enum BenchError {
    #[error("--now '{0}' is not an instant yyyyMMddHHmmss")]
    Now(String),
    #[error("cannot start the simulator: {0}")]
    Sim(#[from] SimError),
    #[error("sync failed: {0}")]
    Sync(#[from] crate::sync::SyncError),
    #[error(transparent)]
    Cache(#[from] crate::cache::CacheError),
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    #[error(transparent)]
    Metrics(#[from] metrics::MetricsError),
    #[error("cache error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[from] std::io::Error),
}

pub fn run(args: BenchKpiArgs) -> ExitCode {
    match bench(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::cli::fail(e),
    }
}

fn bench(args: &BenchKpiArgs) -> Result<(), BenchError> {
    let now = NaiveDateTime::parse_from_str(&args.now, "%Y%m%d%H%M%S")
        .map_err(|_| BenchError::Now(args.now.clone()))?;
    if !args.db.exists() {
        let r = build(args, now, &args.db, true)?;
        print_sync("sync with rollup upkeep", &r);
        if args.sync_cost {
            let bare = args.db.with_extension("bare.db");
            let b = build(args, now, &bare, false)?;
            print_sync("sync without rollup upkeep", &b);
            let per = (r.seconds - b.seconds) / r.upserted.max(1) as f64 * 1e6;
            println!(
                "rollup upkeep: +{:.1}% sync time, {per:.1} µs per dossier",
                (r.seconds / b.seconds - 1.0) * 100.0
            );
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", bare.display()));
            }
        }
    }
    measure(args, now)
}

fn print_sync(what: &str, r: &SyncReport) {
    println!(
        "{what}: {} dossiers in {:.1} s ({:.0} dossiers/s)",
        r.upserted,
        r.seconds,
        r.upserted as f64 / r.seconds
    );
}

/// Serves the simulator's history in-process and syncs it into `db` over loopback.
fn build(
    args: &BenchKpiArgs,
    now: NaiveDateTime,
    db: &Path,
    with_rollup: bool,
) -> Result<SyncReport, BenchError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let sim = crate::sim::start(
            SimConfig {
                seed: args.seed,
                dossiers: Some(args.dossiers),
                now: Some(now),
                ..SimConfig::default()
            },
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        )
        .await?;
        if !with_rollup {
            drop_rollup_upkeep(&crate::cache::open(db)?)?;
        }
        let source = crate::source::SourceConfig {
            base_url: sim.base_url.clone(),
            token: None,
        };
        let opts = SyncOptions {
            page_limit: 5000,
            ..SyncOptions::default()
        };
        let report = crate::sync::sync_once(&source, db, &opts, &|_| {}).await;
        sim.shutdown().await;
        Ok(report?)
    })
}

/// For the comparison only: the same schema without what keeps the rollups and the partial
/// indexes of the figures up to date.
fn drop_rollup_upkeep(conn: &Connection) -> Result<(), BenchError> {
    conn.execute_batch(
        "DROP TRIGGER kpi_dossier_inserted; DROP TRIGGER kpi_dossier_deleted;
         DROP TRIGGER kpi_dossier_updated; DROP INDEX kpi_open; DROP INDEX kpi_closed;
         DROP INDEX kpi_rated;",
    )?;
    Ok(())
}

/// One measured computation.
type Case<'a> = Box<dyn Fn() -> Result<(), BenchError> + 'a>;

fn median_ms(
    runs: usize,
    mut f: impl FnMut() -> Result<(), BenchError>,
) -> Result<f64, BenchError> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let start = Clock::now();
        f()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

fn measure(args: &BenchKpiArgs, now: NaiveDateTime) -> Result<(), BenchError> {
    let conn = crate::cache::open(&args.db)?;
    metrics::prepare_connection(&conn)?;
    let dossiers: i64 = conn.query_row("SELECT count(*) FROM dossier", [], |r| r.get(0))?;
    let open: i64 = conn.query_row(
        &format!("SELECT count(*) FROM dossier WHERE {}", metrics::sql::OPEN),
        [],
        |r| r.get(0),
    )?;
    let cal = Calendar::load(&conn)?;
    let this_month = first_of_month(now.date());
    let last_month = this_month - Months::new(1);
    let month =
        Period::new(last_month, this_month.pred_opt().expect("a day before")).expect("ordered");
    let year = Period::new(this_month - Months::new(12), month.to).expect("ordered");
    let current = Period::new(this_month, now.date()).expect("ordered");
    let two_years = Period::new(this_month - Months::new(23), now.date()).expect("ordered");
    let agencies = metrics::compute(&conn, &cal, month, None)?.agencies.len();
    println!(
        "cache {}: {dossiers} dossiers, {open} open, {agencies} agencies; {} runs each, medians",
        args.db.display(),
        args.runs
    );
    let cases: [(&str, Case); 7] = [
        (
            "month (province + every agency, as of its end)",
            Box::new(|| {
                metrics::compute(&conn, &cal, month, None)
                    .map(drop)
                    .map_err(Into::into)
            }),
        ),
        (
            "year (province + every agency, as of its end)",
            Box::new(|| {
                metrics::compute(&conn, &cal, year, None)
                    .map(drop)
                    .map_err(Into::into)
            }),
        ),
        (
            "Decision 766, year (province + every agency, as of its end)",
            Box::new(|| {
                metrics::index766::compute(&conn, &cal, year, None)
                    .map(drop)
                    .map_err(Into::into)
            }),
        ),
        (
            "Decision 766, current month as of now",
            Box::new(|| {
                metrics::index766::compute(&conn, &cal, current, Some(now))
                    .map(drop)
                    .map_err(Into::into)
            }),
        ),
        (
            "current month as of now (part of today included)",
            Box::new(|| {
                metrics::compute(&conn, &cal, current, Some(now))
                    .map(drop)
                    .map_err(Into::into)
            }),
        ),
        (
            "two-year monthly trend per agency (on_time_rate)",
            Box::new(|| {
                metrics::trend(
                    &conn,
                    &cal,
                    "on_time_rate",
                    Granularity::Month,
                    two_years,
                    Some(now),
                    Dimension::Agency,
                )
                .map(drop)
                .map_err(Into::into)
            }),
        ),
        (
            "two-year monthly trend per agency (pending_overdue)",
            Box::new(|| {
                metrics::trend(
                    &conn,
                    &cal,
                    "pending_overdue",
                    Granularity::Month,
                    two_years,
                    Some(now),
                    Dimension::Agency,
                )
                .map(drop)
                .map_err(Into::into)
            }),
        ),
    ];
    for (name, case) in &cases {
        let ms = median_ms(args.runs, case)?;
        println!("{name}: {ms:.1} ms");
    }
    let mb = |field: &str| proc_status_kb(field).map_or(f64::NAN, |kb| kb as f64 / 1024.0);
    println!(
        "peak memory (VmHWM, counts the memory-mapped cache pages read): {:.1} MB; \
         now: {:.1} MB private, {:.1} MB mapped from the cache file",
        mb("VmHWM:"),
        mb("RssAnon:"),
        mb("RssFile:")
    );
    Ok(())
}

/// A memory figure of this process from /proc/self/status, in kB (Linux only).
pub(super) fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
