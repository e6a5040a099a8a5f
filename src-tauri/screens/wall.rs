//! The wall display: the rotation of slides on the control room's big screen and what each slide
//! shows. Plain Rust over `metrics`, like the dashboard's screens.
//!
//! Privacy by construction: no type of this module has a field for the applicant (name,
//! identity or phone number, address) or for the free text of a dossier (its summary), so no
//! answer of the wall's commands can carry them, not even hidden in the page. A dossier is
//! named by its code, its procedure and who holds it, nothing else.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::draw::{self, Week};
use super::tiles::{tiles, Tile};
use super::{previous, Preset, ScreenSettings, ScreensError};
use crate::calendar::Calendar;
use crate::charts::Status;
use crate::metrics::lists::{self, scope_facts, GroupBy, ListQuery, Scope, SortKey};
use crate::metrics::{self, Dimension, Figure, FigureValue, Figures, GroupFigures, Period};
use crate::model::{Dossier, Instant};

/// How many agencies a ranking slide lists (what reads from the back of the room at 1080p).
pub const RANKING_ROWS: usize = 10;
/// How many of an agency's procedures its slide lists, worst first.
pub const WORST_PROCEDURES: usize = 4;
/// How many of an agency's overdue dossiers its slide lists, most working days late first.
pub const OVERDUE_ROWS: usize = 6;

// ---- The playlist: the settings file `wall.json`, which a person reads and edits. ----

/// Which slides the wall shows, in which order, each for how long.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playlist {
    pub slides: Vec<PlaylistEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlideKind {
    /// The province now: today and the Biểu 06 reporting period under way.
    Province,
    /// The agencies ranked by on-time rate, worst first.
    OnTimeRanking,
    /// The agencies ranked by pending overdue dossiers, most first.
    OverdueRanking,
    /// Satisfaction: the province's rate and the agencies with the lowest.
    Satisfaction,
    /// The weekly on-time rate of the last weeks.
    Trend,
    /// The province's Decision-766 points this month (the indicators the dossiers decide) and
    /// the three agencies losing most.
    Index766,
    /// One slide per agency.
    Agencies,
}

/// One line of the playlist. `only_exceptions`, `agencies` and `at_most` belong to the
/// `agencies` line only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaylistEntry {
    pub slide: SlideKind,
    /// Seconds on screen (for `agencies`: each agency's slide).
    pub dwell_secs: u32,
    /// Only the agencies with overdue or at-risk dossiers (the default), or every agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_exceptions: Option<bool>,
    /// Only these agency codes (empty or missing: every agency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agencies: Option<Vec<String>>,
    /// At most this many agency slides per rotation, the most overdue first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<usize>,
}

pub const MIN_DWELL_SECS: u32 = 2;
pub const MAX_DWELL_SECS: u32 = 3600;

impl Default for Playlist {
    fn default() -> Self {
        let line = |slide, dwell_secs| PlaylistEntry {
            slide,
            dwell_secs,
            only_exceptions: None,
            agencies: None,
            at_most: None,
        };
        Playlist {
            slides: vec![
                line(SlideKind::Province, 20),
                line(SlideKind::OnTimeRanking, 15),
                line(SlideKind::OverdueRanking, 15),
                line(SlideKind::Satisfaction, 15),
                line(SlideKind::Trend, 15),
                line(SlideKind::Index766, 15),
                PlaylistEntry {
                    only_exceptions: Some(true),
                    ..line(SlideKind::Agencies, 15)
                },
            ],
        }
    }
}

impl Playlist {
    /// What is wrong with the playlist, in words for the person who edits the file: the line
    /// (counted from 1) and what to write instead.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.slides.is_empty() {
            out.push("\"slides\" is empty: list at least one slide".to_owned());
        }
        for (i, e) in self.slides.iter().enumerate() {
            let n = i + 1;
            if !(MIN_DWELL_SECS..=MAX_DWELL_SECS).contains(&e.dwell_secs) {
                out.push(format!(
                    "slide {n}: \"dwell_secs\": {} is not between {MIN_DWELL_SECS} and {MAX_DWELL_SECS} seconds",
                    e.dwell_secs
                ));
            }
            let agency_keys =
                e.only_exceptions.is_some() || e.agencies.is_some() || e.at_most.is_some();
            if e.slide != SlideKind::Agencies && agency_keys {
                out.push(format!(
                    "slide {n}: \"only_exceptions\", \"agencies\" and \"at_most\" belong to the \"agencies\" slide only"
                ));
            }
            if let Some(codes) = &e.agencies {
                if codes.iter().any(|c| c.trim().is_empty()) {
                    out.push(format!(
                        "slide {n}: an agency code in \"agencies\" is empty"
                    ));
                }
            }
            if e.at_most == Some(0) {
                out.push(format!(
                    "slide {n}: \"at_most\" is 0: remove the slide, or give at least 1"
                ));
            }
        }
        out
    }
}

// ---- The rotation: the slides of one turn, decided at its start. ----

/// One slide of the rotation: what to ask `wall_slide` for, and for how long to show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlideRef {
    /// `province`, `on_time_ranking`, `overdue_ranking`, `satisfaction`, `trend` or
    /// `agency:<code>`.
    pub id: String,
    pub kind: SlideKind,
    pub dwell_secs: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct WallRotation {
    pub slides: Vec<SlideRef>,
    /// The instant the rotation was decided at.
    pub as_of: Instant,
}

/// The periods of the wall: today, and the Biểu 06 reporting period under way (15th → 14th).
fn periods(now: Instant) -> Result<(Period, Period), ScreensError> {
    Ok((
        Preset::Today.period(now.date())?,
        Preset::Bieu06.period(now.date())?,
    ))
}

/// The slides of a rotation at `now`: the playlist's lines in order, the `agencies` line
/// expanded into one slide per agency it selects (the most overdue first, then the most at risk).
pub fn wall_rotation(
    conn: &Connection,
    cal: &Calendar,
    playlist: &Playlist,
    now: Instant,
) -> Result<WallRotation, ScreensError> {
    let mut slides = Vec::new();
    let mut agencies: Option<Vec<GroupFigures>> = None;
    for e in &playlist.slides {
        let one = |id: &str| SlideRef {
            id: id.to_owned(),
            kind: e.slide,
            dwell_secs: e.dwell_secs,
        };
        let id = match e.slide {
            SlideKind::Province => "province",
            SlideKind::OnTimeRanking => "on_time_ranking",
            SlideKind::OverdueRanking => "overdue_ranking",
            SlideKind::Satisfaction => "satisfaction",
            SlideKind::Trend => "trend",
            SlideKind::Index766 => "index766",
            SlideKind::Agencies => {
                if agencies.is_none() {
                    let (_, period) = periods(now)?;
                    agencies = Some(metrics::compute(conn, cal, period, Some(now))?.agencies);
                }
                let chosen = chosen_agencies(agencies.as_deref().unwrap_or_default(), e);
                slides.extend(
                    chosen
                        .into_iter()
                        .map(|code| one(&format!("agency:{code}"))),
                );
                continue;
            }
        };
        slides.push(one(id));
    }
    Ok(WallRotation { slides, as_of: now })
}

fn troubled(f: &Figures) -> bool {
    f.pending_overdue + f.pending_at_risk > 0
}

/// The agencies of an `agencies` line: most overdue first, then most at risk, then by name.
fn chosen_agencies(all: &[GroupFigures], e: &PlaylistEntry) -> Vec<String> {
    let wanted: Option<HashSet<&str>> = e
        .agencies
        .as_ref()
        .filter(|c| !c.is_empty())
        .map(|c| c.iter().map(|s| s.trim()).collect());
    let only_exceptions = e.only_exceptions.unwrap_or(true);
    let mut chosen: Vec<&GroupFigures> = all
        .iter()
        .filter(|g| wanted.as_ref().is_none_or(|w| w.contains(g.code.as_str())))
        .filter(|g| !only_exceptions || troubled(&g.figures))
        .collect();
    chosen.sort_by(|a, b| {
        (b.figures.pending_overdue, b.figures.pending_at_risk)
            .cmp(&(a.figures.pending_overdue, a.figures.pending_at_risk))
            .then_with(|| a.name.cmp(&b.name))
    });
    chosen.truncate(e.at_most.unwrap_or(usize::MAX));
    chosen.into_iter().map(|g| g.code.clone()).collect()
}

// ---- Newly overdue: what was not overdue when the previous rotation began. ----

/// The pending overdue dossiers at the start of the last two rotations. A dossier is newly
/// overdue when it was not overdue at the start of the previous rotation: it is highlighted
/// from the moment it turns overdue through the next whole rotation, then no more.
#[derive(Debug, Default)]
pub struct OverdueMemory {
    previous: Option<HashSet<String>>,
    current: Option<HashSet<String>>,
}

impl OverdueMemory {
    pub fn begin_rotation(&mut self, overdue_now: HashSet<String>) {
        self.previous = self.current.replace(overdue_now);
    }

    /// False during the first rotation: there is nothing to compare with yet.
    pub fn is_new(&self, code: &str) -> bool {
        self.previous.as_ref().is_some_and(|p| !p.contains(code))
    }
}

/// The codes of every pending overdue dossier of the province at `now`; `None` before the
/// first sync brought any dossier (an empty cache is no baseline: everything would look new).
pub fn overdue_codes(
    conn: &Connection,
    cal: &Calendar,
    now: Instant,
) -> Result<Option<HashSet<String>>, ScreensError> {
    let any: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM dossier)", [], |r| r.get(0))
        .map_err(crate::cache::CacheError::from)?;
    if !any {
        return Ok(None);
    }
    let (_, period) = periods(now)?;
    let page = lists::list(
        conn,
        None,
        cal,
        &ListQuery {
            figure: "pending_overdue".into(),
            scope: Scope::Province,
            period,
            as_of: Some(now),
            search: None,
            sort: SortKey::WorkingDaysLate,
            after: None,
            limit: usize::MAX,
        },
    )?;
    Ok(Some(page.rows.into_iter().map(|r| r.code).collect()))
}

// ---- The slides. ----

#[derive(Debug, Clone, Serialize)]
pub struct WallSlide {
    pub id: String,
    /// The instant the figures stand at.
    pub as_of: Instant,
    /// The Biểu 06 reporting period under way.
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    #[serde(flatten)]
    pub body: SlideBody,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SlideBody {
    Province {
        today: Vec<Tile>,
        period: Vec<Tile>,
    },
    /// `figure`: on_time_rate, pending_overdue or satisfaction_rate.
    Ranking {
        figure: Figure,
        /// The province's tile of the same figure.
        province: Tile,
        rows: Vec<RankRow>,
        /// How many agencies were ranked (the rows are the first of them).
        ranked: usize,
    },
    Trend {
        weeks: Vec<Week>,
        target: f64,
    },
    /// Decision 766 this month: the province's points of the indicators the dossiers decide
    /// (out of the maximum of those with a denominator), and the agencies losing most.
    Index766 {
        points: f64,
        points_max: f64,
        losing: Vec<PointsRow>,
    },
    Agency {
        code: String,
        name: String,
        tiles: Vec<Tile>,
        worst_procedures: Vec<ProcedureRow>,
        overdue: Vec<OverdueRow>,
        /// Every pending overdue dossier of the agency (the rows are the first of them).
        overdue_total: u64,
    },
}

/// An agency's Decision-766 points and how many it lost of its maximum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointsRow {
    pub code: String,
    pub name: String,
    pub points: f64,
    pub points_max: f64,
    pub lost: f64,
}

/// How many agencies the Decision-766 slide names.
pub const LOSING_MOST: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    pub rank: usize,
    pub code: String,
    pub name: String,
    pub value: FigureValue,
    pub status: Option<Status>,
    pub small_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureRow {
    pub code: String,
    pub name: String,
    pub pending_overdue: u64,
    pub pending_at_risk: u64,
    pub on_time_rate: FigureValue,
    pub status: Option<Status>,
}

/// An overdue dossier as the wall names it: its code, its procedure, how late, and the step
/// and department holding it. Nothing of the applicant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueRow {
    pub code: String,
    pub procedure: String,
    pub working_days_late: u32,
    /// The step under way (its title, else its action).
    pub step: Option<String>,
    pub department: Option<String>,
    /// The agency of that step, when it is not the dossier's own.
    pub held_by: Option<String>,
    /// Overdue since the previous rotation began.
    pub newly_overdue: bool,
}

/// The content of slide `id` at `now`.
pub fn wall_slide(
    conn: &Connection,
    cal: &Calendar,
    id: &str,
    now: Instant,
    memory: &OverdueMemory,
    s: &ScreenSettings,
) -> Result<WallSlide, ScreensError> {
    let (today, period) = periods(now)?;
    let c = s.lang.captions();
    let body = match id {
        "province" => {
            let figures = |p: Period| -> Result<Vec<Tile>, ScreensError> {
                let now_f = metrics::compute(conn, cal, p, Some(now))?.province;
                let before = metrics::compute(conn, cal, previous(p), Some(now))?.province;
                Ok(tiles(&now_f, &before, &s.thresholds, c))
            };
            SlideBody::Province {
                today: figures(today)?,
                period: figures(period)?,
            }
        }
        "on_time_ranking" | "overdue_ranking" | "satisfaction" => {
            let figure = match id {
                "on_time_ranking" => Figure::OnTimeRate,
                "overdue_ranking" => Figure::PendingOverdue,
                _ => Figure::SatisfactionRate,
            };
            let report = metrics::compute(conn, cal, period, Some(now))?;
            let before = metrics::compute(conn, cal, previous(period), Some(now))?.province;
            let province = tiles(&report.province, &before, &s.thresholds, c)
                .into_iter()
                .find(|t| t.figure == figure.name())
                .expect("a tile of each ranked figure");
            let (rows, ranked) = ranking(&report.agencies, figure, s);
            SlideBody::Ranking {
                figure,
                province,
                rows,
                ranked,
            }
        }
        "trend" => SlideBody::Trend {
            weeks: draw::weekly(conn, cal, period, Some(now), Dimension::Agency, None)?,
            target: s.thresholds.target,
        },
        "index766" => {
            let month = Preset::ThisMonth.period(now.date())?;
            let report = metrics::index766::compute(conn, cal, month, Some(now))?;
            let mut losing: Vec<PointsRow> = report
                .agencies
                .into_iter()
                .map(|g| PointsRow {
                    lost: g.indicators.points_max - g.indicators.points,
                    points: g.indicators.points,
                    points_max: g.indicators.points_max,
                    name: draw::bar_label(&g.name),
                    code: g.code,
                })
                .filter(|r| r.lost > 0.0)
                .collect();
            losing.sort_by(|a, b| b.lost.total_cmp(&a.lost).then_with(|| a.name.cmp(&b.name)));
            losing.truncate(LOSING_MOST);
            SlideBody::Index766 {
                points: report.province.points,
                points_max: report.province.points_max,
                losing,
            }
        }
        other => match other.strip_prefix("agency:") {
            Some(code) => agency_slide(conn, cal, code, period, now, memory, s)?,
            None => return Err(ScreensError::NoSlide(other.to_owned())),
        },
    };
    Ok(WallSlide {
        id: id.to_owned(),
        as_of: now,
        period_from: period.from,
        period_to: period.to,
        body,
    })
}

/// The agencies ranked by `figure`: a count most first; a rate worst first, counting only the
/// agencies whose rate is not a small sample (all with a rate when none is that large).
fn ranking(agencies: &[GroupFigures], figure: Figure, s: &ScreenSettings) -> (Vec<RankRow>, usize) {
    let th = &s.thresholds;
    let value = |g: &GroupFigures| g.figures.value(figure);
    let with_value = |min: u64| -> Vec<(&GroupFigures, FigureValue)> {
        agencies
            .iter()
            .map(|g| (g, value(g)))
            .filter(|(_, v)| match v {
                FigureValue::Count(n) => *n > 0,
                FigureValue::Rate { rate, of } => rate.is_some() && *of >= min,
            })
            .collect()
    };
    let mut ranked = with_value(th.small_sample.max(1));
    if ranked.is_empty() {
        ranked = with_value(1);
    }
    ranked.sort_by(|(a, va), (b, vb)| {
        let order = match (va, vb) {
            (FigureValue::Count(x), FigureValue::Count(y)) => y.cmp(x),
            (FigureValue::Rate { rate: x, .. }, FigureValue::Rate { rate: y, .. }) => {
                x.unwrap_or(0.0).total_cmp(&y.unwrap_or(0.0))
            }
            _ => std::cmp::Ordering::Equal,
        };
        order.then_with(|| a.name.cmp(&b.name))
    });
    let total = ranked.len();
    let rows = ranked
        .into_iter()
        .take(RANKING_ROWS)
        .enumerate()
        .map(|(i, (g, v))| {
            let (status, small_sample) = match v {
                FigureValue::Rate { rate, of } => (
                    rate.map(|r| th.for_charts().status(r)),
                    of < th.small_sample,
                ),
                FigureValue::Count(_) => (None, false),
            };
            RankRow {
                rank: i + 1,
                code: g.code.clone(),
                name: draw::bar_label(&g.name),
                value: v,
                status,
                small_sample,
            }
        })
        .collect();
    (rows, total)
}

fn agency_slide(
    conn: &Connection,
    cal: &Calendar,
    code: &str,
    period: Period,
    now: Instant,
    memory: &OverdueMemory,
    s: &ScreenSettings,
) -> Result<SlideBody, ScreensError> {
    let c = s.lang.captions();
    let (_, agency) =
        metrics::compute_group(conn, cal, period, Some(now), Dimension::Agency, code)?;
    let agency = agency.ok_or_else(|| ScreensError::NoAgency(code.to_owned()))?;
    let (_, before) = metrics::compute_group(
        conn,
        cal,
        previous(period),
        Some(now),
        Dimension::Agency,
        code,
    )?;
    let before = before.map(|g| g.figures).unwrap_or_default();
    let facts = scope_facts(
        conn,
        None,
        cal,
        period,
        Some(now),
        &Scope::Agency(code.to_owned()),
    )?;
    let worst_procedures = worst_procedures(facts.breakdown(conn, GroupBy::Procedure)?, s);
    let overdue = facts.list(
        conn,
        cal,
        "pending_overdue",
        SortKey::WorkingDaysLate,
        None,
        OVERDUE_ROWS,
    )?;
    let names = agency_names(conn)?;
    let mut rows = Vec::with_capacity(overdue.rows.len());
    for r in overdue.rows {
        let held = crate::cache::read_dossier(conn, &r.code)?
            .map(|d| holding_step(&d, now))
            .unwrap_or_default();
        rows.push(OverdueRow {
            newly_overdue: memory.is_new(&r.code),
            procedure: r.procedure_name,
            working_days_late: r.working_days_late,
            step: held.step,
            department: held.department,
            held_by: held
                .agency_code
                .filter(|a| *a != r.agency_code)
                .map(|a| names.get(&a).cloned().unwrap_or(a)),
            code: r.code,
        });
    }
    Ok(SlideBody::Agency {
        code: agency.code.clone(),
        name: draw::bar_label(&agency.name),
        tiles: tiles(&agency.figures, &before, &s.thresholds, c),
        worst_procedures,
        overdue: rows,
        overdue_total: overdue.total,
    })
}

/// The procedures with the most overdue dossiers, then the most at risk, then the lowest
/// on-time rate below the target.
fn worst_procedures(by_procedure: Vec<GroupFigures>, s: &ScreenSettings) -> Vec<ProcedureRow> {
    let target = s.thresholds.target;
    let mut bad: Vec<GroupFigures> = by_procedure
        .into_iter()
        .filter(|g| {
            let f = &g.figures;
            troubled(f) || f.on_time_rate.is_some_and(|r| r < target)
        })
        .collect();
    bad.sort_by(|a, b| {
        let (fa, fb) = (&a.figures, &b.figures);
        (fb.pending_overdue, fb.pending_at_risk)
            .cmp(&(fa.pending_overdue, fa.pending_at_risk))
            .then_with(|| {
                fa.on_time_rate
                    .unwrap_or(1.0)
                    .total_cmp(&fb.on_time_rate.unwrap_or(1.0))
            })
            .then_with(|| a.name.cmp(&b.name))
    });
    bad.into_iter()
        .take(WORST_PROCEDURES)
        .map(|g| {
            let on_time_rate = g.figures.value(Figure::OnTimeRate);
            ProcedureRow {
                status: g
                    .figures
                    .on_time_rate
                    .map(|r| s.thresholds.for_charts().status(r)),
                pending_overdue: g.figures.pending_overdue,
                pending_at_risk: g.figures.pending_at_risk,
                on_time_rate,
                code: g.code,
                name: g.name,
            }
        })
        .collect()
}

#[derive(Debug, Default)]
struct Held {
    step: Option<String>,
    department: Option<String>,
    agency_code: Option<String>,
}

/// The step holding the dossier at `now`: the latest one started and not ended by then.
fn holding_step(d: &Dossier, now: Instant) -> Held {
    d.steps
        .iter()
        .filter(|st| st.started_at <= now && st.ended_at.is_none_or(|e| e > now))
        .max_by_key(|st| (st.started_at, st.seq))
        .map(|st| Held {
            step: st.title.clone().or_else(|| st.action.clone()),
            department: st.department.clone(),
            agency_code: Some(st.agency_code.clone()),
        })
        .unwrap_or_default()
}

fn agency_names(conn: &Connection) -> Result<HashMap<String, String>, ScreensError> {
    let mut stmt = conn
        .prepare_cached("SELECT code, name FROM agency")
        .map_err(crate::cache::CacheError::from)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect::<Result<HashMap<String, String>, _>>())
        .map_err(crate::cache::CacheError::from)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(code: &str, overdue: u64, at_risk: u64) -> GroupFigures {
        GroupFigures {
            code: code.into(),
            name: format!("Sở {code}"),
            figures: Figures {
                pending_overdue: overdue,
                pending_at_risk: at_risk,
                ..Figures::default()
            },
        }
    }

    fn agencies_line(
        only: Option<bool>,
        codes: Option<&[&str]>,
        at_most: Option<usize>,
    ) -> PlaylistEntry {
        PlaylistEntry {
            slide: SlideKind::Agencies,
            dwell_secs: 10,
            only_exceptions: only,
            agencies: codes.map(|c| c.iter().map(|s| s.to_string()).collect()),
            at_most,
        }
    }

    #[test]
    fn agency_slides_are_the_troubled_ones_most_overdue_first_by_default() {
        let all = [
            group("A", 0, 0),
            group("B", 2, 0),
            group("C", 0, 3),
            group("D", 5, 1),
        ];
        assert_eq!(
            chosen_agencies(&all, &agencies_line(None, None, None)),
            ["D", "B", "C"]
        );
        assert_eq!(
            chosen_agencies(&all, &agencies_line(Some(false), None, None)),
            ["D", "B", "C", "A"]
        );
        assert_eq!(
            chosen_agencies(&all, &agencies_line(Some(false), Some(&["A", "C"]), None)),
            ["C", "A"]
        );
        assert_eq!(
            chosen_agencies(&all, &agencies_line(None, None, Some(2))),
            ["D", "B"]
        );
    }

    #[test]
    fn a_dossier_is_newly_overdue_for_one_rotation() {
        let set = |codes: &[&str]| codes.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        let mut m = OverdueMemory::default();
        m.begin_rotation(set(&["A"]));
        assert!(
            !m.is_new("A") && !m.is_new("B"),
            "nothing to compare with in the first rotation"
        );
        // B turned overdue during the first rotation: highlighted through the second.
        m.begin_rotation(set(&["A", "B"]));
        assert!(!m.is_new("A"));
        assert!(m.is_new("B"));
        m.begin_rotation(set(&["A", "B"]));
        assert!(!m.is_new("B"), "no longer new in the third rotation");
    }

    #[test]
    fn the_default_playlist_is_valid_and_mistakes_are_named_by_line() {
        assert!(Playlist::default().problems().is_empty());
        let mut p = Playlist::default();
        p.slides[0].dwell_secs = 0;
        p.slides[1].agencies = Some(vec!["S1".into()]);
        p.slides[6].at_most = Some(0);
        let problems = p.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("slide 1: \"dwell_secs\": 0"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("slide 2:"), "{problems:?}");
        assert!(
            problems[2].starts_with("slide 7: \"at_most\""),
            "{problems:?}"
        );
        assert!(!Playlist { slides: vec![] }.problems().is_empty());
    }
}
