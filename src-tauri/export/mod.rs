//! Exports that stand up in a meeting: a report (its title, then the period, the as-of instant
//! and the filters written at the top, then one or more tables) to CSV or XLSX, written whole
//! or not at all. The figures come from `metrics`, never computed here again.

pub mod audit;
pub mod bieu06;
pub mod late;
pub mod ranking;
mod write;

use std::path::Path;

pub use write::{write_png, write_report};

/// One cell: text, a count, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        Cell::Count(n)
    }
}

/// A table of a report: a sheet of its own in XLSX, a section in CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet's name (at most 31 characters, as XLSX allows).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A report: what it is, for which period and filters, and its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// (label, value) lines written under the title: the period, the as-of instant, filters.
    pub about: Vec<(String, String)>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    /// The format a file name asks for.
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write the workbook {path}: {message}")]
    Xlsx { path: String, message: String },
    #[error("cannot write the CSV file {path}: {message}")]
    Csv { path: String, message: String },
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
    #[error(transparent)]
    List(#[from] crate::metrics::lists::ListError),
    #[error(transparent)]
    Cache(#[from] crate::cache::CacheError),
    #[error(transparent)]
    Screens(#[from] crate::screens::ScreensError),
    #[error("the export was cancelled; no file was written")]
    Cancelled,
}

/// `yyyyMMddHHmmss` as people read it: 14/11/2026 17:00.
pub fn instant_text(t: crate::model::Instant) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

/// A date as people read it: 14/11/2026.
pub fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The lines under every report's title: the period and the instant its figures stand at.
pub fn period_lines(
    period: crate::metrics::Period,
    as_of: crate::model::Instant,
) -> Vec<(String, String)> {
    vec![
        (
            "Kỳ báo cáo".into(),
            format!("{} – {}", date_text(period.from), date_text(period.to)),
        ),
        ("Số liệu tính đến".into(), instant_text(as_of)),
    ]
}
