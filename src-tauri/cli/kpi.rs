//! `controlroom kpi --db PATH --from YYYY-MM-DD --to YYYY-MM-DD [--as-of YYYYMMDDHHMMSS] [--json]
//! [--by field|procedure]`: the figures of METRICS.md for the province and each agency (and each
//! field or procedure when asked), as JSON or as a table in Vietnamese.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};

use crate::calendar::Calendar;
use serde::Serialize;

use crate::metrics::{self, Dimension, Figures, GroupFigures, KpiReport, Period};

/// What every report over the cache is asked with (`kpi`, `index766`).
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The cache file filled by `controlroom sync`.
    #[arg(long)]
    pub db: PathBuf,
    /// First day of the period, YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// Last day of the period, YYYY-MM-DD.
    #[arg(long)]
    pub to: String,
    /// The instant the figures stand at, YYYYMMDDHHMMSS local time (default: the end of --to).
    #[arg(long = "as-of")]
    pub as_of: Option<String>,
    /// Print JSON (the names of METRICS.md; rates and shares as numbers, null without a
    /// denominator).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct KpiArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// Also break the figures down by field (lĩnh vực) or by procedure: JSON gains `fields` or
    /// `procedures`; the table lists those instead of the agencies.
    #[arg(long, value_enum)]
    pub by: Option<By>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum By {
    Field,
    Procedure,
}

/// What `kpi` prints: the report of the province and agencies, and the breakdown asked for.
#[derive(Debug, Serialize)]
struct KpiOutput {
    #[serde(flatten)]
    report: KpiReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<GroupFigures>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    procedures: Option<Vec<GroupFigures>>,
}

pub fn run(args: KpiArgs) -> ExitCode {
    match report(&args) {
        Ok(r) if args.report.json => match serde_json::to_string_pretty(&r) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => super::fail(format!("cannot write the figures as JSON: {e}")),
        },
        Ok(r) => {
            let (title, groups) = match (&r.fields, &r.procedures) {
                (Some(g), _) => ("Lĩnh vực", g),
                (_, Some(g)) => ("Thủ tục", g),
                _ => ("Đơn vị", &r.report.agencies),
            };
            print!("{}", table(&r.report, title, groups));
            ExitCode::SUCCESS
        }
        Err(message) => super::fail(message),
    }
}

/// What every report over the cache needs from its arguments: the cache opened for reading,
/// its calendar, the period and the instant asked for.
pub(super) struct Opened {
    pub conn: rusqlite::Connection,
    pub cal: Calendar,
    pub period: Period,
    pub as_of: Option<chrono::NaiveDateTime>,
}

/// Checks `--from`, `--to`, `--as-of` and `--db` and opens the cache, with a message that
/// says what to give instead.
pub(super) fn open(args: &ReportArgs) -> Result<Opened, String> {
    let db = &args.db;
    let from = parse_day("--from", &args.from)?;
    let to = parse_day("--to", &args.to)?;
    let period = Period::new(from, to)
        .ok_or_else(|| format!("--from {from} is after --to {to}; give a period in order"))?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|s| {
            NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S").map_err(|_| {
                format!("--as-of '{s}' is not an instant YYYYMMDDHHMMSS, e.g. 20260331170000")
            })
        })
        .transpose()?;
    if !db.exists() {
        return Err(format!(
            "no cache at {}; fill one with `controlroom sync --source URL --db {}` first",
            db.display(),
            db.display()
        ));
    }
    let conn = crate::cache::open(db).map_err(|e| e.to_string())?;
    metrics::prepare_connection(&conn).map_err(|e| e.to_string())?;
    let cal = Calendar::load(&conn).map_err(|e| e.to_string())?;
    Ok(Opened {
        conn,
        cal,
        period,
        as_of,
    })
}

fn report(args: &KpiArgs) -> Result<KpiOutput, String> {
    let Opened {
        conn,
        cal,
        period,
        as_of,
    } = open(&args.report)?;
    let report = metrics::compute(&conn, &cal, period, as_of).map_err(|e| e.to_string())?;
    let by = |d| {
        metrics::compute_by(&conn, &cal, period, as_of, d)
            .map(|b| b.groups)
            .map_err(|e| e.to_string())
    };
    Ok(KpiOutput {
        report,
        fields: matches!(args.by, Some(By::Field))
            .then(|| by(Dimension::Field))
            .transpose()?,
        procedures: matches!(args.by, Some(By::Procedure))
            .then(|| by(Dimension::Procedure))
            .transpose()?,
    })
}

fn parse_day(flag: &str, s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{flag} '{s}' is not a date YYYY-MM-DD, e.g. 2026-03-01"))
}

/// A count in Vietnamese style: 1.234.567.
pub fn count_vi(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A rate in Vietnamese style with one decimal (97,5%), or a dash when there is none.
pub fn rate_vi(rate: Option<f64>) -> String {
    rate.map_or_else(
        || "—".to_owned(),
        |r| format!("{:.1}%", r * 100.0).replace('.', ","),
    )
}

/// The columns of the table: header and how to read the cell from the figures.
type Column = (&'static str, fn(&Figures) -> String);

const COLUMNS: [Column; 17] = [
    ("Tiếp nhận", |f| count_vi(f.received)),
    ("Trực tuyến", |f| count_vi(f.received_online)),
    ("Kỳ trước", |f| count_vi(f.carried_over)),
    ("Đã giải quyết", |f| count_vi(f.resolved)),
    ("Trước hạn", |f| count_vi(f.resolved_early)),
    ("Đúng hạn", |f| count_vi(f.resolved_on_time)),
    ("Trễ hạn", |f| count_vi(f.resolved_late)),
    ("Tỷ lệ đúng hạn", |f| rate_vi(f.on_time_rate)),
    ("Rút", |f| count_vi(f.withdrawn)),
    ("Dừng", |f| count_vi(f.stopped)),
    ("Đang xử lý", |f| count_vi(f.pending)),
    ("Tạm dừng", |f| count_vi(f.pending_paused)),
    ("Quá hạn", |f| count_vi(f.pending_overdue)),
    ("Trong hạn", |f| count_vi(f.pending_within_deadline)),
    ("Sắp đến hạn", |f| count_vi(f.pending_at_risk)),
    ("Đánh giá", |f| count_vi(f.ratings)),
    ("Hài lòng", |f| rate_vi(f.satisfaction_rate)),
];

fn width(s: &str) -> usize {
    s.chars().count()
}

/// The report as a plain-text table, one row per group (agency, field or procedure, headed
/// `title`) and a last row for the province.
pub fn table(r: &KpiReport, title: &str, groups: &[GroupFigures]) -> String {
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(groups.len() + 2);
    let header = std::iter::once(title.to_owned())
        .chain(COLUMNS.iter().map(|(h, _)| (*h).to_owned()))
        .collect();
    rows.push(header);
    let line = |name: &str, f: &Figures| -> Vec<String> {
        std::iter::once(name.to_owned())
            .chain(COLUMNS.iter().map(|(_, cell)| cell(f)))
            .collect()
    };
    for g in groups {
        rows.push(line(&g.name, &g.figures));
    }
    rows.push(line("Toàn tỉnh", &r.province));
    let mut out = heading(&r.period, r.calendar_note.as_deref());
    out.push_str(&lay_out(&rows));
    out.push_str(
        "Tỷ lệ đúng hạn = (trước hạn + đúng hạn) / đã giải quyết; hài lòng = (rất hài lòng + hài lòng) / đánh giá; — : chưa có mẫu số.\n",
    );
    out
}

/// The first lines of a report: its period, the instant its figures stand at, the calendar note.
pub(super) fn heading(period: &metrics::PeriodInfo, calendar_note: Option<&str>) -> String {
    let mut out = format!(
        "Kỳ báo cáo {} – {}, số liệu tại {}\n",
        period.from.format("%d/%m/%Y"),
        period.to.format("%d/%m/%Y"),
        period.as_of.format("%H:%M:%S %d/%m/%Y"),
    );
    if let Some(note) = calendar_note {
        out.push_str(note);
        out.push('\n');
    }
    out
}

/// Rows of cells as aligned text: the first column to the left, the others to the right, a
/// rule under the header and above the last row (the province's).
pub(super) fn lay_out(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|row| width(&row[c])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = " ".repeat(widths[c] - width(cell));
                if c == 0 {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if i == 0 || i == rows.len() - 2 {
            let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            out.push_str(&"─".repeat(total));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_rates_are_written_the_vietnamese_way() {
        assert_eq!(count_vi(0), "0");
        assert_eq!(count_vi(999), "999");
        assert_eq!(count_vi(1000), "1.000");
        assert_eq!(count_vi(1234567), "1.234.567");
        assert_eq!(rate_vi(Some(0.975)), "97,5%");
        assert_eq!(rate_vi(Some(1.0)), "100,0%");
        assert_eq!(rate_vi(None), "—");
    }
}
