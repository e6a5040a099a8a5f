//! The leaders' dashboard as commands: each one resolves the period the user picked at this
//! instant and calls the matching function of `screens`, which returns everything the page
//! shows (figures, tiles, charts with their hit regions).

use rusqlite::Connection;
use serde::Deserialize;
use tauri::State;

use super::commands::AppState;
use super::error::AppError;
use crate::calendar::Calendar;
use crate::metrics::index766::CostList;
use crate::metrics::Period;
use crate::model::Instant;
use crate::screens::{
    self, AgencyPage, CostQuery, DossierDetail, Index766Page, Lang, ListFilter, ListPage, Overview,
    Preset, ProcedurePage, Scope, ScreenSettings, ScreensError, SortKey,
};

/// How tall the page charts are drawn; the width follows the window.
const CHART_HEIGHT: u32 = 360;
/// The narrowest the UI may ask for (below it labels would not fit).
const MIN_CHART_WIDTH: u32 = 480;
const MAX_CHART_WIDTH: u32 = 2400;
/// The longest page of a list the UI may ask for.
const MAX_LIST_PAGE: usize = 200;

/// What every page is asked with: the period as picked, the language of the captions, and
/// the width (CSS pixels) the charts will be shown at.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct PageRequest {
    pub period: Preset,
    pub lang: Lang,
    pub chart_width: u32,
}

use crate::model::province_now as now;

/// The instant the figures stand at, and the period it resolves the preset to.
fn resolve(period: Preset) -> Result<(Instant, Period), AppError> {
    let now = now();
    Ok((now, period.period(now.date())?))
}

impl AppState {
    pub(super) fn screen_settings(&self, lang: Lang, chart_width: u32) -> ScreenSettings {
        ScreenSettings {
            thresholds: self.config.thresholds,
            lang,
            chart_width: chart_width.clamp(MIN_CHART_WIDTH, MAX_CHART_WIDTH),
            chart_height: CHART_HEIGHT,
        }
    }
}

/// Runs one page function of `screens` for the period picked, at this instant.
pub(super) async fn page<T, F>(
    state: State<'_, AppState>,
    req: PageRequest,
    f: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(
            &Connection,
            Option<&mut Connection>,
            &Calendar,
            Period,
            Instant,
            &ScreenSettings,
        ) -> Result<T, ScreensError>
        + Send
        + 'static,
{
    let s = state.screen_settings(req.lang, req.chart_width);
    let (now, period) = resolve(req.period)?;
    state
        .reader
        .run_page(move |conn, helper, cal| Ok(f(conn, helper, cal, period, now, &s)?))
        .await
}

#[tauri::command]
pub async fn overview(state: State<'_, AppState>, req: PageRequest) -> Result<Overview, AppError> {
    page(state, req, |conn, helper, cal, period, now, s| {
        screens::overview(conn, helper, cal, period, Some(now), s)
    })
    .await
}

#[tauri::command]
pub async fn agency_page(
    state: State<'_, AppState>,
    code: String,
    req: PageRequest,
) -> Result<AgencyPage, AppError> {
    page(state, req, move |conn, helper, cal, period, now, s| {
        screens::agency_page(conn, helper, cal, &code, period, Some(now), s)
    })
    .await
}

#[tauri::command]
pub async fn procedure_page(
    state: State<'_, AppState>,
    code: String,
    req: PageRequest,
) -> Result<ProcedurePage, AppError> {
    page(state, req, move |conn, helper, cal, period, now, s| {
        screens::procedure_page(conn, helper, cal, &code, period, Some(now), s)
    })
    .await
}

/// Which dossiers a list is of, as the UI asks: the figure clicked, where, and when.
#[derive(Debug, Clone, Deserialize)]
pub struct ListRequest {
    pub figure: String,
    pub scope: Scope,
    pub period: Preset,
    /// The instant of the page the list was opened from, so that the list holds exactly the
    /// dossiers of the count that was clicked; `None` = now.
    #[serde(default)]
    pub as_of: Option<Instant>,
    #[serde(default)]
    pub search: Option<String>,
    pub sort: SortKey,
    #[serde(default)]
    pub after: Option<String>,
    pub limit: usize,
}

#[tauri::command]
pub async fn dossier_list(
    state: State<'_, AppState>,
    req: ListRequest,
) -> Result<ListPage, AppError> {
    let (now, period) = resolve(req.period)?;
    let filter = ListFilter {
        figure: req.figure,
        scope: req.scope,
        period,
        as_of: Some(req.as_of.unwrap_or(now)),
        search: req.search.filter(|s| !s.trim().is_empty()),
    };
    let limit = req.limit.clamp(1, MAX_LIST_PAGE);
    state
        .reader
        .run_page(move |conn, helper, cal| {
            Ok(screens::dossier_list(
                conn, helper, cal, &filter, req.sort, req.after, limit,
            )?)
        })
        .await
}

#[tauri::command]
pub async fn dossier_detail(
    state: State<'_, AppState>,
    code: String,
    lang: Lang,
    chart_width: u32,
) -> Result<DossierDetail, AppError> {
    let s = state.screen_settings(lang, chart_width);
    let now = now();
    state
        .reader
        .run_with_calendar(move |conn, cal| Ok(screens::dossier_detail(conn, cal, &code, now, &s)?))
        .await
}

/// The Decision-766 page: this month, quarter and year so far, at this instant.
#[tauri::command]
pub async fn index766_page(state: State<'_, AppState>) -> Result<Index766Page, AppError> {
    let now = now();
    state
        .reader
        .run_with_calendar(move |conn, cal| Ok(screens::index766_page(conn, cal, now)?))
        .await
}

/// The dossiers that cost Decision-766 points in the period picked, of one agency or (no
/// code) the province, on one indicator or any.
#[tauri::command]
pub async fn index766_costs(
    state: State<'_, AppState>,
    mut req: CostQuery,
) -> Result<CostList, AppError> {
    let (now, _) = resolve(req.period)?;
    req.limit = req.limit.clamp(1, MAX_LIST_PAGE);
    state
        .reader
        .run_with_calendar(move |conn, cal| Ok(screens::index766_costs(conn, cal, &req, now)?))
        .await
}
