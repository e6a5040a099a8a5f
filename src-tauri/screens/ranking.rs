//! The ranking of a period (METRICS.md, "Steps and people"): departments and officials by the
//! steps they held late and the working days of delay those steps caused, each with the number
//! of steps behind it and the small-sample mark; and the duties of lateness broken, counted
//! per agency of the dossier. A step is attributed to the agency that held it; a pause is not
//! delay.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde::Serialize;

use super::explorer::{whole_list, LateSet};
use super::ScreensError;
use crate::cache;
use crate::calendar::Calendar;
use crate::metrics::inspect::judged_steps;
use crate::metrics::lists::Scope;
use crate::metrics::Period;
use crate::model::Instant;

/// The steps one holder (a department, or an official of it) had in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Held {
    pub steps: u64,
    pub late_steps: u64,
    pub working_days_late: u64,
}

/// One line of a ranking: who, and what they held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub agency_code: String,
    pub agency_name: String,
    pub department: String,
    /// `None` on the departments' ranking.
    pub official: Option<String>,
    #[serde(flatten)]
    pub held: Held,
    /// Fewer steps than the small-sample threshold: read the figures with care.
    pub small_sample: bool,
}

/// The duties broken by one agency's late dossiers, in the order of `DutyFlags::named`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyDuties {
    pub agency_code: String,
    pub agency_name: String,
    pub late_dossiers: u64,
    pub broken: [u64; 5],
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    pub period: Period,
    pub as_of: Instant,
    pub departments: Vec<Ranked>,
    pub officials: Vec<Ranked>,
    pub duties: Vec<AgencyDuties>,
    pub small_sample: u64,
}

/// Who held a step: (agency code, department, official).
type Holder = (String, String, String);

/// Every step of the period (ended in it by the instant, or still open at it) of the dossiers
/// resolved in the period or pending at its instant, by holder.
fn steps_by_holder(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<BTreeMap<Holder, Held>, ScreensError> {
    let at = period.as_of(as_of);
    let mut held: BTreeMap<Holder, Held> = BTreeMap::new();
    for figure in ["resolved", "pending"] {
        for row in whole_list(conn, cal, figure, period, as_of, scope)? {
            let Some(d) = cache::read_dossier(conn, &row.code)? else {
                continue;
            };
            let judged: BTreeMap<u32, _> = judged_steps(&d, at, cal)
                .into_iter()
                .map(|(seq, _, late)| (seq, late))
                .collect();
            for s in &d.steps {
                let ended = s.ended_at.filter(|e| *e <= at);
                let in_period = ended.map_or(s.started_at <= at, |e| period.contains(e.date()));
                if !in_period {
                    continue;
                }
                let key = (
                    s.agency_code.clone(),
                    s.department.clone().unwrap_or_default(),
                    s.official.clone().unwrap_or_default(),
                );
                let h = held.entry(key).or_default();
                h.steps += 1;
                if let Some(Some(l)) = judged.get(&s.seq) {
                    h.late_steps += 1;
                    h.working_days_late += u64::from(l.working_days_late);
                }
            }
        }
    }
    Ok(held)
}

/// Most late steps first, then most days, then by name.
fn ranked(mut lines: Vec<Ranked>) -> Vec<Ranked> {
    lines.sort_by(|a, b| {
        (b.held.late_steps, b.held.working_days_late)
            .cmp(&(a.held.late_steps, a.held.working_days_late))
            .then_with(|| {
                (&a.agency_name, &a.department, &a.official).cmp(&(
                    &b.agency_name,
                    &b.department,
                    &b.official,
                ))
            })
    });
    lines
}

/// The ranking of `scope` in the period of `late` (whose duties it counts).
pub fn ranking(
    conn: &Connection,
    cal: &Calendar,
    late: &LateSet,
    scope: &Scope,
    small_sample: u64,
) -> Result<Ranking, ScreensError> {
    let names: HashMap<String, String> = crate::metrics::agency_names(conn)?;
    let name = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_string());
    let by_official = steps_by_holder(conn, cal, late.period, Some(late.as_of), scope)?;
    let mut by_department: BTreeMap<(String, String), Held> = BTreeMap::new();
    for ((agency, department, _), h) in &by_official {
        let d = by_department
            .entry((agency.clone(), department.clone()))
            .or_default();
        d.steps += h.steps;
        d.late_steps += h.late_steps;
        d.working_days_late += h.working_days_late;
    }
    let line = |agency: String, department: String, official: Option<String>, held: Held| Ranked {
        agency_name: name(&agency),
        agency_code: agency,
        department,
        official,
        held,
        small_sample: held.steps < small_sample,
    };
    let departments = by_department
        .into_iter()
        .map(|((a, d), h)| line(a, d, None, h))
        .collect();
    let officials = by_official
        .into_iter()
        .map(|((a, d, o), h)| line(a, d, Some(o), h))
        .collect();
    let mut duties: BTreeMap<String, AgencyDuties> = BTreeMap::new();
    for d in &late.dossiers {
        let counts = duties
            .entry(d.agency_code.clone())
            .or_insert_with(|| AgencyDuties {
                agency_code: d.agency_code.clone(),
                agency_name: d.agency_name.clone(),
                late_dossiers: 0,
                broken: [0; 5],
            });
        counts.late_dossiers += 1;
        for (count, (_, set)) in counts.broken.iter_mut().zip(d.duties.named()) {
            *count += u64::from(set);
        }
    }
    let mut duties: Vec<AgencyDuties> = duties
        .into_values()
        .filter(|c| c.broken.iter().any(|n| *n > 0))
        .collect();
    duties.sort_by(|a, b| {
        b.broken
            .iter()
            .sum::<u64>()
            .cmp(&a.broken.iter().sum::<u64>())
            .then_with(|| a.agency_name.cmp(&b.agency_name))
    });
    Ok(Ranking {
        period: late.period,
        as_of: late.as_of,
        departments: ranked(departments),
        officials: ranked(officials),
        duties,
        small_sample,
    })
}
