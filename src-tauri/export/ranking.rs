//! The ranking of a period: departments and officials by the steps they held late and the
//! working days of delay those steps caused, each with the number of steps behind it (a small
//! sample, under the threshold, is marked); and the duties broken, counted per agency.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::late::{late_dossiers, scope_text, whole_list, DUTY_HEADERS};
use super::{period_lines, Cell, ExportError, Report, Table};
use crate::cache;
use crate::calendar::Calendar;
use crate::metrics::inspect::judged_steps;
use crate::metrics::lists::Scope;
use crate::metrics::{self, Period};
use crate::model::Instant;

/// Below this many steps a figure is a small sample (METRICS.md).
pub const SMALL_SAMPLE: u64 = 20;

/// The steps one holder (a department, or an official of it) had in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    pub steps: u64,
    pub late_steps: u64,
    pub working_days_late: u64,
}

/// Who held a step: (agency code, department, official).
pub type Holder = (String, String, String);

/// Every step of the period (ended in it by the instant, or still open at it) of the dossiers
/// resolved in the period or pending at its instant, by holder.
pub fn steps_by_holder(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<BTreeMap<Holder, Held>, ExportError> {
    let at = period.as_of(as_of);
    let mut held: BTreeMap<Holder, Held> = BTreeMap::new();
    for figure in ["resolved", "pending"] {
        let page = whole_list(conn, cal, figure, period, as_of, scope)?;
        for row in page.rows {
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
                let late = judged.get(&s.seq).cloned().flatten();
                let key = (
                    s.agency_code.clone(),
                    s.department.clone().unwrap_or_default(),
                    s.official.clone().unwrap_or_default(),
                );
                let h = held.entry(key).or_default();
                h.steps += 1;
                if let Some(l) = late {
                    h.late_steps += 1;
                    h.working_days_late += u64::from(l.working_days_late);
                }
            }
        }
    }
    Ok(held)
}

pub fn report(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<Report, ExportError> {
    let names: BTreeMap<String, String> = metrics::compute(conn, cal, period, as_of)?
        .agencies
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let name = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_string());
    let by_official = steps_by_holder(conn, cal, period, as_of, scope)?;
    let mut by_department: BTreeMap<(String, String), Held> = BTreeMap::new();
    for ((agency, department, _), h) in &by_official {
        let d = by_department
            .entry((agency.clone(), department.clone()))
            .or_default();
        d.steps += h.steps;
        d.late_steps += h.late_steps;
        d.working_days_late += h.working_days_late;
    }
    let ranked = |held: Vec<(Vec<String>, Held)>| -> Vec<Vec<Cell>> {
        let mut held = held;
        held.sort_by(|a, b| {
            (b.1.late_steps, b.1.working_days_late)
                .cmp(&(a.1.late_steps, a.1.working_days_late))
                .then_with(|| a.0.cmp(&b.0))
        });
        held.into_iter()
            .enumerate()
            .map(|(i, (who, h))| {
                let mut cells = vec![Cell::Count(i as u64 + 1)];
                cells.extend(who.into_iter().map(Cell::Text));
                cells.extend([
                    Cell::Count(h.late_steps),
                    Cell::Count(h.working_days_late),
                    Cell::Count(h.steps),
                    if h.steps < SMALL_SAMPLE {
                        "mẫu nhỏ".into()
                    } else {
                        Cell::Empty
                    },
                ]);
                cells
            })
            .collect()
    };
    let figures = [
        "Số bước trễ hạn",
        "Số ngày làm việc trễ",
        "Tổng số bước xử lý",
        "Ghi chú",
    ];
    let header = |who: &[&str]| -> Vec<String> {
        ["Hạng"]
            .iter()
            .chain(who)
            .chain(figures.iter())
            .map(|h| h.to_string())
            .collect()
    };
    let departments = ranked(
        by_department
            .into_iter()
            .map(|((a, d), h)| (vec![name(&a), d], h))
            .collect(),
    );
    let officials = ranked(
        by_official
            .into_iter()
            .map(|((a, d, o), h)| (vec![name(&a), d, o], h))
            .collect(),
    );
    // The duties broken, per agency of the dossier.
    let mut duties: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    for l in late_dossiers(conn, cal, period, as_of, scope)? {
        let counts = duties.entry(l.row.agency_name.clone()).or_default();
        for (count, (_, set)) in counts.iter_mut().zip(l.duties.named()) {
            *count += u64::from(set);
        }
    }
    let duty_rows = duties
        .into_iter()
        .filter(|(_, c)| c.iter().any(|n| *n > 0))
        .map(|(agency, c)| {
            std::iter::once(Cell::Text(agency))
                .chain(c.into_iter().map(Cell::Count))
                .collect()
        })
        .collect();
    let mut about = period_lines(period, period.as_of(as_of));
    about.push(("Phạm vi".into(), scope_text(scope)));
    about.push((
        "Ghi chú".into(),
        format!("\"mẫu nhỏ\": dưới {SMALL_SAMPLE} bước xử lý; thời gian tạm dừng chờ bổ sung không tính là trễ"),
    ));
    Ok(Report {
        title: "Xếp hạng phòng ban và cán bộ theo bước xử lý trễ hạn".into(),
        about,
        tables: vec![
            Table {
                name: "Phòng ban".into(),
                header: header(&["Đơn vị", "Phòng ban"]),
                rows: departments,
            },
            Table {
                name: "Cán bộ".into(),
                header: header(&["Đơn vị", "Phòng ban", "Cán bộ"]),
                rows: officials,
            },
            Table {
                name: "Nghĩa vụ khi trễ hạn".into(),
                header: std::iter::once("Đơn vị")
                    .chain(DUTY_HEADERS)
                    .map(str::to_string)
                    .collect(),
                rows: duty_rows,
            },
        ],
    })
}
