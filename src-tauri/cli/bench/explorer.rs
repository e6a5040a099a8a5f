//! `controlroom bench explorer`: the inspector's explorer on a large cache. Times the first read
//! of a period's late dossiers (month, Biểu 06 period, quarter, year, as of the period's end),
//! then, on the year's set, every change of filter or sort an inspector makes (the answer the
//! window waits for: filtered, counted, sorted, one page of 50, facets), as medians and the
//! slowest of repeated runs. Prints the peak memory of the process.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant as Clock;

use chrono::{Months, NaiveDate, NaiveDateTime};

use crate::calendar::Calendar;
use crate::metrics::lists::Scope;
use crate::metrics::Period;
use crate::screens::explorer::{
    explore, late_set, Duty, ExplorerColumn, ExplorerFilter, ExplorerSort, LateKind, LateSet,
};
use crate::screens::{bieu06_containing, Lang};

#[derive(Debug, clap::Args)]
pub struct BenchExplorerArgs {
    /// A cache to measure (build one with `controlroom bench kpi --db PATH`).
    #[arg(long)]
    pub db: PathBuf,
    /// The instant the periods end at, yyyyMMddHHmmss (the default is `bench kpi`'s "now").
    #[arg(long, default_value = "20261120103000")]
    pub now: String,
    /// Runs of each filter change (the median and the slowest are reported).
    #[arg(long, default_value_t = 25)]
    pub runs: usize,
}

pub fn run(args: BenchExplorerArgs) -> ExitCode {
    match bench(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::cli::fail(e),
    }
}

fn bench(args: &BenchExplorerArgs) -> Result<(), String> {
    let now = NaiveDateTime::parse_from_str(&args.now, "%Y%m%d%H%M%S")
        .map_err(|_| format!("--now '{}' is not an instant yyyyMMddHHmmss", args.now))?;
    if !args.db.exists() {
        return Err(format!(
            "no cache at {}: build one with `controlroom bench kpi --db {}`",
            args.db.display(),
            args.db.display()
        ));
    }
    let conn = crate::cache::open(&args.db).map_err(|e| e.to_string())?;
    crate::metrics::prepare_connection(&conn).map_err(|e| e.to_string())?;
    let cal = Calendar::load(&conn).map_err(|e| e.to_string())?;
    // As the app reads: in one read transaction, a second connection reading half on the
    // other core.
    let mut helper = crate::cache::open(&args.db).map_err(|e| e.to_string())?;
    conn.execute_batch("BEGIN").map_err(|e| e.to_string())?;
    let dossiers: i64 = conn
        .query_row("SELECT count(*) FROM dossier", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    println!("cache {}: {dossiers} dossiers", args.db.display());

    let day = now.date();
    let first = day - chrono::Days::new(u64::from(chrono::Datelike::day0(&day)));
    let span = |from: NaiveDate| Period::new(from, day).expect("ordered");
    let periods = [
        ("this month", span(first)),
        ("Biểu 06 period", bieu06_containing(day)),
        ("this quarter", span(first - Months::new(2))),
        ("last 12 months", span(first - Months::new(11))),
    ];
    let mut year = None;
    for (name, period) in periods {
        let start = Clock::now();
        let set = late_set(
            &conn,
            Some(&mut helper),
            &cal,
            period,
            Some(now),
            &Scope::Province,
            &mut |_, _| true,
        )
        .map_err(|e| e.to_string())?
        .expect("never stopped");
        println!(
            "first read, {name} ({} – {}): {} late dossiers in {:.0} ms",
            period.from,
            period.to,
            set.dossiers.len(),
            start.elapsed().as_secs_f64() * 1000.0
        );
        year = Some(set);
    }
    let set = year.expect("four periods");
    println!(
        "filter and sort changes on the last 12 months' set; {} runs each, median / slowest:",
        args.runs
    );
    for (name, filter, sort) in changes(&set) {
        let mut times = Vec::with_capacity(args.runs);
        let mut total = 0;
        for _ in 0..args.runs.max(1) {
            let start = Clock::now();
            let page = explore(&set, &filter, sort, 0, 50, Lang::Vi);
            // The answer crosses to the window as JSON: part of what the user waits for.
            let json = serde_json::to_vec(&page).map_err(|e| e.to_string())?;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            total = page.total;
            std::hint::black_box(json);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "  {name}: {total} dossiers, {:.2} / {:.2} ms",
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
    println!(
        "peak memory (VmHWM, counts the memory-mapped cache pages read): {:.1} MB",
        super::kpi::proc_status_kb("VmHWM:").map_or(f64::NAN, |kb| kb as f64 / 1024.0)
    );
    Ok(())
}

/// What an inspector changes, in order: each filter alone, then a narrow combination, then
/// sorts on the costliest columns.
fn changes(set: &LateSet) -> Vec<(String, ExplorerFilter, ExplorerSort)> {
    let busiest = |key: fn(&crate::screens::explorer::LateDossier) -> Option<String>| {
        let mut counts = std::collections::HashMap::<String, usize>::new();
        for d in &set.dossiers {
            if let Some(k) = key(d) {
                *counts.entry(k).or_default() += 1;
            }
        }
        counts.into_iter().max_by_key(|(_, n)| *n).map(|(k, _)| k)
    };
    let agency = busiest(|d| Some(d.agency_code.clone()));
    let official = busiest(|d| d.worst_step().and_then(|s| s.official.clone()));
    let none = ExplorerFilter::default();
    let by = ExplorerSort::default();
    let one = |f: fn(&mut ExplorerFilter)| {
        let mut filter = ExplorerFilter::default();
        f(&mut filter);
        filter
    };
    vec![
        ("no filter".into(), none.clone(), by),
        (
            "the busiest agency".into(),
            ExplorerFilter {
                agency: agency.clone(),
                ..Default::default()
            },
            by,
        ),
        (
            "pending overdue".into(),
            one(|f| f.kind = Some(LateKind::PendingOverdue)),
            by,
        ),
        (
            "any duty broken".into(),
            one(|f| f.duty = Some(Duty::Any)),
            by,
        ),
        (
            "5 working days late or more".into(),
            one(|f| f.days_from = Some(5)),
            by,
        ),
        (
            "the official with most late dossiers".into(),
            ExplorerFilter {
                official: official.clone(),
                ..Default::default()
            },
            by,
        ),
        (
            "code contains 'H40-26'".into(),
            one(|f| f.search = Some("H40-26".into())),
            by,
        ),
        (
            "agency + no apology + 2 days or more".into(),
            ExplorerFilter {
                agency,
                duty: Some(Duty::NoApology),
                days_from: Some(2),
                ..Default::default()
            },
            by,
        ),
        (
            "sorted by official".into(),
            none.clone(),
            ExplorerSort {
                column: ExplorerColumn::Official,
                descending: false,
            },
        ),
        (
            "sorted by procedure, descending".into(),
            none,
            ExplorerSort {
                column: ExplorerColumn::Procedure,
                descending: true,
            },
        ),
    ]
}
