//! Exports to files from the window: the explorer's list, the ranking, Biểu 06 and the reveal
//! audit (XLSX or CSV, with progress and a cancel), and any chart of a page as a PNG image.
//! Files go to the user's Downloads folder (else the home folder), whole or not at all.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use super::commands::AppState;
use super::dashboard::{page, PageRequest};
use super::error::AppError;
use super::explorer::ExplorerRequest;
use super::late_sets::{teller, Progress};
use crate::export::{self, Format};
use crate::metrics::lists::Scope;
use crate::metrics::{Dimension, Period};
use crate::screens::ranking::ranking;
use crate::screens::{self, PageChart, ScreensError};

pub const EVENT_EXPORT_PROGRESS: &str = "export-progress";

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// The explorer's dossiers, as filtered and sorted.
    Late,
    Ranking,
    Bieu06,
    Bieu06ByField,
    Audit,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExportRequest {
    pub kind: ExportKind,
    pub format: Format,
    pub explorer: ExplorerRequest,
}

/// Where the file went.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub path: PathBuf,
    pub rows: usize,
}

/// Writes the report asked for into the user's Downloads folder (else the home folder), whole
/// or not at all; tells progress on `export-progress`; `cancel_export` stops it.
#[tauri::command]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ExportRequest,
) -> Result<Exported, AppError> {
    let (period, as_of) = req.explorer.resolve()?;
    let folder = export_folder(&app)?;
    let sets = Arc::clone(&state.late_sets);
    sets.cancel.store(false, Ordering::SeqCst);
    let small_sample = state.config.thresholds.small_sample;
    state
        .reader
        .run_page(move |conn, helper, cal| {
            let mut progress = teller(&app, EVENT_EXPORT_PROGRESS, &sets.cancel);
            let cancelled = || AppError::Export(export::ExportError::Cancelled);
            let report = match req.kind {
                ExportKind::Late | ExportKind::Ranking => {
                    let set = sets
                        .get(conn, helper, cal, period, as_of, &mut progress)?
                        .ok_or_else(cancelled)?;
                    if req.kind == ExportKind::Late {
                        let f = &req.explorer.filter;
                        let lines = export::late::filter_lines(&set, f);
                        export::late::report_of(&set, f, req.explorer.sort, lines)
                    } else {
                        let r = ranking(conn, cal, &set, &Scope::Province, small_sample)?;
                        export::ranking::report_of(&r, "Toàn tỉnh".into())
                    }
                }
                ExportKind::Bieu06 | ExportKind::Bieu06ByField => {
                    let by = if req.kind == ExportKind::Bieu06 {
                        Dimension::Agency
                    } else {
                        Dimension::Field
                    };
                    export::bieu06::report(conn, cal, period, Some(as_of), by)
                        .map_err(export::ExportError::from)?
                }
                ExportKind::Audit => export::audit::report(conn)?,
            };
            let _ = app.emit(EVENT_EXPORT_PROGRESS, Progress { done: 0, total: 0 });
            let path = folder.join(file_name(req.kind, period, req.format));
            export::write_report(&report, req.format, &path, &|| {
                sets.cancel.load(Ordering::SeqCst)
            })?;
            let rows = report.tables.iter().map(|t| t.rows.len()).sum();
            Ok(Exported { path, rows })
        })
        .await
}

/// The page a chart is on.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum ChartPage {
    Overview,
    Agency(String),
    Procedure(String),
}

/// Writes chart `id` of a page, as it is drawn for `req`, as a PNG image.
#[tauri::command]
pub async fn export_chart<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    page_of: ChartPage,
    id: String,
    req: PageRequest,
) -> Result<Exported, AppError> {
    let folder = export_folder(&app)?;
    let name = id.clone();
    let (png, period) = page(state, req, move |conn, helper, cal, period, now, s| {
        let charts = match &page_of {
            ChartPage::Overview => {
                screens::overview(conn, helper, cal, period, Some(now), s)?.charts
            }
            ChartPage::Agency(code) => {
                screens::agency_page(conn, helper, cal, code, period, Some(now), s)?.charts
            }
            ChartPage::Procedure(code) => {
                screens::procedure_page(conn, helper, cal, code, period, Some(now), s)?.charts
            }
        };
        let chart: PageChart = charts
            .into_iter()
            .find(|c| c.id == id && c.chart.is_some())
            .ok_or_else(|| ScreensError::NoChart(id.clone()))?;
        let height = chart.chart.as_ref().map_or(s.chart_height, |c| c.height);
        Ok((
            crate::charts::png(&chart.spec, s.chart_width, height)?,
            period,
        ))
    })
    .await?;
    let path = folder.join(format!("bieu-do_{name}_{}_{}.png", period.from, period.to));
    export::write_png(&png, &path)?;
    Ok(Exported { path, rows: 0 })
}

#[tauri::command]
pub fn cancel_export(state: State<'_, AppState>) {
    state.late_sets.cancel.store(true, Ordering::SeqCst);
}

/// `CONTROLROOM_EXPORTS` when set (a shared folder on an inspectors' machine), else the
/// user's Downloads folder, else the home folder.
fn export_folder<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, AppError> {
    if let Some(dir) = std::env::var_os("CONTROLROOM_EXPORTS").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let paths = app.path();
    paths
        .download_dir()
        .or_else(|_| paths.home_dir())
        .map_err(|e| AppError::Dirs(e.to_string()))
}

/// `ho-so-tre-han_2026-11-15_2026-12-14.xlsx`: what, for which period; a later export of the
/// same replaces it (the file is written whole, then moved into place).
fn file_name(kind: ExportKind, period: Period, format: Format) -> String {
    let what = match kind {
        ExportKind::Late => "ho-so-tre-han",
        ExportKind::Ranking => "xep-hang-buoc-tre-han",
        ExportKind::Bieu06 => "bieu-06",
        ExportKind::Bieu06ByField => "bieu-06-theo-linh-vuc",
        ExportKind::Audit => "nhat-ky-xem-thong-tin-ca-nhan",
    };
    let ext = match format {
        Format::Xlsx => "xlsx",
        Format::Csv => "csv",
    };
    format!("{what}_{}_{}.{ext}", period.from, period.to)
}
