//! The inspector's workbench as commands: the late-dossier explorer, the ranking of who held
//! the late steps, and the exports of both (and of Biểu 06) to a file, with progress and a
//! cancel. The late dossiers of a period are read once and kept (until the cache changes or
//! another period is asked for), so that a change of filter only filters.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant as Clock};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use super::commands::AppState;
use super::error::AppError;
use crate::export::{self, Format};
use crate::metrics::lists::Scope;
use crate::metrics::{Dimension, Period};
use crate::model::Instant;
use crate::screens::explorer::{explore, ExplorerFilter, ExplorerPage, ExplorerSort, LateSet};
use crate::screens::ranking::{ranking, Ranking};
use crate::screens::{Lang, Preset};

pub const EVENT_EXPORT_PROGRESS: &str = "export-progress";
/// The longest page of the explorer the UI may ask for.
const MAX_PAGE: usize = 200;
/// How often progress is told, at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(150);

/// Which late dossiers, as the UI asks: the period and the instant it was opened at (`None`:
/// now; the answer says which instant, for the next request to pin).
#[derive(Debug, Clone, Deserialize)]
pub struct ExplorerRequest {
    pub period: Preset,
    #[serde(default)]
    pub as_of: Option<Instant>,
    #[serde(default)]
    pub filter: ExplorerFilter,
    #[serde(default)]
    pub sort: ExplorerSort,
    #[serde(default)]
    pub offset: usize,
    pub limit: usize,
    #[serde(default)]
    pub lang: Lang,
}

impl ExplorerRequest {
    fn resolve(&self) -> Result<(Period, Instant), AppError> {
        let now = super::dashboard::now();
        let period = self.period.period(now.date())?;
        Ok((period, period.as_of(Some(self.as_of.unwrap_or(now)))))
    }
}

/// Runs `f` on the late set of the period and instant `req` asks for (read once, then kept).
async fn on_late_set<T: Send + 'static>(
    state: &AppState,
    req: &ExplorerRequest,
    f: impl FnOnce(&rusqlite::Connection, &crate::calendar::Calendar, &LateSet) -> Result<T, AppError>
        + Send
        + 'static,
) -> Result<T, AppError> {
    let (period, as_of) = req.resolve()?;
    let sets = Arc::clone(&state.late_sets);
    state
        .reader
        .run_with_calendar(move |conn, cal| {
            let set = sets
                .get(conn, cal, period, as_of, &mut |_, _| true)?
                .expect("never stopped");
            f(conn, cal, &set)
        })
        .await
}

#[tauri::command]
pub async fn explore_late(
    state: State<'_, AppState>,
    req: ExplorerRequest,
) -> Result<ExplorerPage, AppError> {
    let limit = req.limit.clamp(1, MAX_PAGE);
    on_late_set(&state, &req.clone(), move |_, _, set| {
        Ok(explore(
            set,
            &req.filter,
            req.sort,
            req.offset,
            limit,
            req.lang,
        ))
    })
    .await
}

#[tauri::command]
pub async fn late_ranking(
    state: State<'_, AppState>,
    req: ExplorerRequest,
) -> Result<Ranking, AppError> {
    let small_sample = state.config.thresholds.small_sample;
    on_late_set(&state, &req, move |conn, cal, set| {
        Ok(ranking(conn, cal, set, &Scope::Province, small_sample)?)
    })
    .await
}

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

/// How far an export is: `done` of `total` dossiers read (0 of 0 while writing).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ExportProgress {
    pub done: usize,
    pub total: usize,
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
        .run_with_calendar(move |conn, cal| {
            let mut told = Clock::now();
            let mut progress = |done: usize, total: usize| {
                if told.elapsed() >= PROGRESS_EVERY || done == total {
                    told = Clock::now();
                    let _ = app.emit(EVENT_EXPORT_PROGRESS, ExportProgress { done, total });
                }
                !sets.cancel.load(Ordering::SeqCst)
            };
            let cancelled = || AppError::Export(export::ExportError::Cancelled);
            let report = match req.kind {
                ExportKind::Late | ExportKind::Ranking => {
                    let set = sets
                        .get(conn, cal, period, as_of, &mut progress)?
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
            let _ = app.emit(EVENT_EXPORT_PROGRESS, ExportProgress { done: 0, total: 0 });
            let path = folder.join(file_name(req.kind, period, req.format));
            export::write_report(&report, req.format, &path, &|| {
                sets.cancel.load(Ordering::SeqCst)
            })?;
            let rows = report.tables.iter().map(|t| t.rows.len()).sum();
            Ok(Exported { path, rows })
        })
        .await
}

#[tauri::command]
pub fn cancel_export(state: State<'_, AppState>) {
    state.late_sets.cancel.store(true, Ordering::SeqCst);
}

fn export_folder<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, AppError> {
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
