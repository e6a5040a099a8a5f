//! The page of one agency and the page of one procedure: the same tiles as the overview, the
//! figures broken down one level further, the weekly trend, and the first overdue and at-risk
//! dossiers.

use rusqlite::Connection;
use serde::Serialize;

use super::draw::{self, PageChart, Week};
use super::list::first_pages;
use super::tiles::{tiles, Tile};
use super::{previous, ScreenSettings, ScreensError};
use crate::calendar::Calendar;
use crate::metrics::lists::{scope_facts, GroupBy, ListPage, Scope};
use crate::metrics::{self, Dimension, GroupFigures, Period, PeriodInfo};
use crate::model::Instant;

/// How many dossiers the overdue and at-risk lists of a page show before "more".
pub const FIRST_PAGE: usize = 20;

#[derive(Debug, Clone, Serialize)]
pub struct AgencyPage {
    pub period: PeriodInfo,
    pub previous: PeriodInfo,
    pub calendar_note: Option<String>,
    /// The agency's code, name and figures.
    pub agency: GroupFigures,
    pub tiles: Vec<Tile>,
    /// By lĩnh vực, then by procedure, of the agency's dossiers (groups where nothing counted
    /// are left out).
    pub by_field: Vec<GroupFigures>,
    pub by_procedure: Vec<GroupFigures>,
    pub weeks: Vec<Week>,
    /// Pending overdue, most working days late first.
    pub overdue: ListPage,
    /// Pending at risk, earliest due first.
    pub at_risk: ListPage,
    /// on_time_by_procedure, overdue_by_procedure, weekly_trend.
    pub charts: Vec<PageChart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcedurePage {
    pub period: PeriodInfo,
    pub previous: PeriodInfo,
    pub calendar_note: Option<String>,
    pub procedure: GroupFigures,
    pub tiles: Vec<Tile>,
    /// By the agency that handled the dossiers.
    pub by_agency: Vec<GroupFigures>,
    pub weeks: Vec<Week>,
    pub overdue: ListPage,
    pub at_risk: ListPage,
    /// on_time_by_agency, overdue_by_agency, weekly_trend.
    pub charts: Vec<PageChart>,
}

/// `helper`: a second connection, to read the agency's dossiers on two cores (see
/// `scope_facts`).
pub fn agency_page(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    code: &str,
    period: Period,
    as_of: Option<Instant>,
    s: &ScreenSettings,
) -> Result<AgencyPage, ScreensError> {
    let c = s.lang.captions();
    let (now, agency) = metrics::compute_group(conn, cal, period, as_of, Dimension::Agency, code)?;
    let agency = agency.ok_or_else(|| ScreensError::NoAgency(code.to_owned()))?;
    let (previous_info, before) =
        metrics::compute_group(conn, cal, previous(period), as_of, Dimension::Agency, code)?;
    let before = before.map(|g| g.figures).unwrap_or_default();
    let scope = Scope::Agency(code.to_owned());
    let facts = scope_facts(conn, helper, cal, period, as_of, &scope)?;
    let by_field = facts.breakdown(conn, GroupBy::Field)?;
    let by_procedure = facts.breakdown(conn, GroupBy::Procedure)?;
    let (overdue, at_risk) = first_pages(conn, cal, &facts)?;
    let weeks = draw::weekly(conn, cal, period, as_of, Dimension::Agency, Some(code))?;
    let charts = vec![
        draw::draw(
            "on_time_by_procedure",
            &draw::rate_bars(
                &by_procedure,
                "procedure",
                |g| g.figures.get("on_time_rate").expect("a figure"),
                c.on_time_by_procedure,
                c.on_time_rate,
                c.resolved,
                s,
            ),
            s,
        )?,
        draw::draw(
            "overdue_by_procedure",
            &draw::overdue_bars(&by_procedure, "procedure", c.overdue_by_procedure, c),
            s,
        )?,
        draw::draw("weekly_trend", &draw::trend_spec(&weeks, s), s)?,
    ];
    Ok(AgencyPage {
        tiles: tiles(&agency.figures, &before, &s.thresholds, c),
        overdue,
        at_risk,
        calendar_note: metrics::calendar_note(&now.calendar_fallback),
        period: now,
        previous: previous_info,
        agency,
        by_field,
        by_procedure,
        weeks,
        charts,
    })
}

/// `helper`: as for `agency_page`.
pub fn procedure_page(
    conn: &Connection,
    helper: Option<&mut Connection>,
    cal: &Calendar,
    code: &str,
    period: Period,
    as_of: Option<Instant>,
    s: &ScreenSettings,
) -> Result<ProcedurePage, ScreensError> {
    let c = s.lang.captions();
    let (now, procedure) =
        metrics::compute_group(conn, cal, period, as_of, Dimension::Procedure, code)?;
    let procedure = procedure.ok_or_else(|| ScreensError::NoProcedure(code.to_owned()))?;
    let (previous_info, before) = metrics::compute_group(
        conn,
        cal,
        previous(period),
        as_of,
        Dimension::Procedure,
        code,
    )?;
    let before = before.map(|g| g.figures).unwrap_or_default();
    let scope = Scope::Procedure(code.to_owned());
    let facts = scope_facts(conn, helper, cal, period, as_of, &scope)?;
    let by_agency = facts.breakdown(conn, GroupBy::Agency)?;
    let (overdue, at_risk) = first_pages(conn, cal, &facts)?;
    let weeks = draw::weekly(conn, cal, period, as_of, Dimension::Procedure, Some(code))?;
    let charts = vec![
        draw::draw(
            "on_time_by_agency",
            &draw::rate_bars(
                &by_agency,
                "agency",
                |g| g.figures.get("on_time_rate").expect("a figure"),
                c.on_time_by_unit,
                c.on_time_rate,
                c.resolved,
                s,
            ),
            s,
        )?,
        draw::draw(
            "overdue_by_agency",
            &draw::overdue_bars(&by_agency, "agency", c.overdue_by_agency, c),
            s,
        )?,
        draw::draw("weekly_trend", &draw::trend_spec(&weeks, s), s)?,
    ];
    Ok(ProcedurePage {
        tiles: tiles(&procedure.figures, &before, &s.thresholds, c),
        overdue,
        at_risk,
        calendar_note: metrics::calendar_note(&now.calendar_fallback),
        period: now,
        previous: previous_info,
        procedure,
        by_agency,
        weeks,
        charts,
    })
}
