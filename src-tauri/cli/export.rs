//! `controlroom export late|ranking|bieu06|audit --db PATH --from --to [--as-of] [--agency CODE]
//! [--by field] --format xlsx|csv --out FILE`: the inspectors' exports from the command line,
//! the same reports the app writes. Over a second, progress is told on stderr; Ctrl-C leaves
//! no half-written file (the file appears whole, or not at all).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::calendar::Calendar;
use crate::export::{self, Format};
use crate::metrics::lists::Scope;
use crate::metrics::{Dimension, Period};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum What {
    /// Every late, overdue and at-risk dossier, with the steps and duties behind each.
    Late,
    /// Departments and officials by late steps and working days of delay; duties by agency.
    Ranking,
    /// Biểu số 06/VPCP/KSTT, one row per agency (or field), the province total last.
    Bieu06,
    /// The audit of every applicant revealed (who, when, which dossier, why).
    Audit,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    pub what: What,
    /// The cache, the period (a Biểu 06 period runs from the 15th to the 14th) and the instant.
    #[command(flatten)]
    pub report: super::kpi::ReportArgs,
    /// Only this agency's dossiers (late, ranking).
    #[arg(long)]
    pub agency: Option<String>,
    /// Biểu 06 by field (lĩnh vực) instead of by agency.
    #[arg(long, value_enum)]
    pub by: Option<super::kpi::By>,
    #[arg(long, value_enum)]
    pub format: Format,
    /// The file to write; it appears whole or not at all.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: ExportArgs) -> ExitCode {
    match export(&args) {
        Ok(()) if args.report.json => {
            println!("{}", serde_json::json!({ "out": args.out }));
            ExitCode::SUCCESS
        }
        Ok(()) => {
            println!("{}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(message) => super::fail(message),
    }
}

fn export(args: &ExportArgs) -> Result<(), String> {
    if Format::of(&args.out).is_some_and(|f| f != args.format) {
        return Err(format!(
            "--out {} does not end as --format {:?} asks; name the file .xlsx or .csv to match",
            args.out.display(),
            args.format
        ));
    }
    let super::kpi::Opened {
        conn,
        cal,
        period,
        as_of,
    } = super::kpi::open(&args.report)?;
    let scope = args.agency.clone().map_or(Scope::Province, Scope::Agency);
    let started = std::time::Instant::now();
    let report = build(&conn, &cal, args, period, as_of, &scope).map_err(|e| e.to_string())?;
    if started.elapsed().as_secs() >= 1 {
        eprintln!(
            "controlroom: read in {:.1} s; writing {}",
            started.elapsed().as_secs_f64(),
            args.out.display()
        );
    }
    export::write_report(&report, args.format, &args.out, &|| false).map_err(|e| e.to_string())
}

fn build(
    conn: &rusqlite::Connection,
    cal: &Calendar,
    args: &ExportArgs,
    period: Period,
    as_of: Option<crate::model::Instant>,
    scope: &Scope,
) -> Result<export::Report, export::ExportError> {
    match args.what {
        What::Late => export::late::report(conn, cal, period, as_of, scope),
        What::Ranking => export::ranking::report(conn, cal, period, as_of, scope),
        What::Bieu06 => {
            let by = match args.by {
                Some(super::kpi::By::Field) => Dimension::Field,
                _ => Dimension::Agency,
            };
            Ok(export::bieu06::report(conn, cal, period, as_of, by)?)
        }
        What::Audit => export::audit::report(conn),
    }
}
