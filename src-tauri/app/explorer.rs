//! The inspector's workbench as commands: the late-dossier explorer and the ranking of who held
//! the late steps. The late dossiers of a period are read once and kept (until the cache
//! changes or another period is asked for), so that a change of filter only filters.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use super::commands::AppState;
use super::error::AppError;
use super::late_sets::{teller, EVENT_READ_PROGRESS};
use crate::metrics::lists::Scope;
use crate::metrics::Period;
use crate::model::Instant;
use crate::screens::explorer::{explore, ExplorerFilter, ExplorerPage, ExplorerSort, LateSet};
use crate::screens::ranking::{ranking, Ranking};
use crate::screens::{Lang, Preset};

/// The longest page of the explorer the UI may ask for.
const MAX_PAGE: usize = 200;

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
    pub(super) fn resolve(&self) -> Result<(Period, Instant), AppError> {
        let now = crate::model::province_now();
        let period = self.period.period(now.date())?;
        Ok((period, period.as_of(Some(self.as_of.unwrap_or(now)))))
    }
}

/// Runs `f` on the late set of the period and instant `req` asks for (read once, then kept;
/// the read is told on `late-read-progress`).
async fn on_late_set<T: Send + 'static, R: Runtime>(
    app: AppHandle<R>,
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
        .run_page(move |conn, helper, cal| {
            let never = AtomicBool::new(false);
            let mut progress = teller(&app, EVENT_READ_PROGRESS, &never);
            let set = sets
                .get(conn, helper, cal, period, as_of, &mut progress)?
                .expect("never stopped");
            f(conn, cal, &set)
        })
        .await
}

#[tauri::command]
pub async fn explore_late<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ExplorerRequest,
) -> Result<ExplorerPage, AppError> {
    let limit = req.limit.clamp(1, MAX_PAGE);
    on_late_set(app, &state, &req.clone(), move |_, _, set| {
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
pub async fn late_ranking<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    req: ExplorerRequest,
) -> Result<Ranking, AppError> {
    let small_sample = state.config.thresholds.small_sample;
    on_late_set(app, &state, &req, move |conn, cal, set| {
        Ok(ranking(conn, cal, set, &Scope::Province, small_sample)?)
    })
    .await
}
