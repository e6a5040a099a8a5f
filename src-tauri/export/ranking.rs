//! The ranking of a period as a report: departments and officials by the steps they held late
//! and the working days of delay those steps caused, each with the number of steps behind it
//! (a small sample, under the threshold, is marked); and the duties broken, counted per agency.

use rusqlite::Connection;

use super::late::{scope_text, DUTY_HEADERS};
use super::{period_lines, Cell, ExportError, Report, Table};
use crate::calendar::Calendar;
use crate::metrics::lists::Scope;
use crate::metrics::Period;
use crate::model::Instant;
use crate::screens::explorer::late_set;
use crate::screens::ranking::{ranking, Ranked, Ranking};
use crate::screens::Thresholds;

/// The ranking of `scope` (the command line's export).
pub fn report(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<Report, ExportError> {
    let late = late_set(conn, None, cal, period, as_of, scope, &mut |_, _| true)?
        .ok_or(ExportError::Cancelled)?;
    let r = ranking(conn, cal, &late, scope, Thresholds::default().small_sample)?;
    Ok(report_of(&r, scope_text(scope)))
}

/// The report of a ranking; `scope` says whose it is.
pub fn report_of(r: &Ranking, scope: String) -> Report {
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
    let rows = |lines: &[Ranked]| -> Vec<Vec<Cell>> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut cells = vec![
                    Cell::Count(i as u64 + 1),
                    l.agency_name.as_str().into(),
                    l.department.as_str().into(),
                ];
                cells.extend(l.official.as_deref().map(Cell::from));
                cells.extend([
                    Cell::Count(l.held.late_steps),
                    Cell::Count(l.held.working_days_late),
                    Cell::Count(l.held.steps),
                    if l.small_sample {
                        "mẫu nhỏ".into()
                    } else {
                        Cell::Empty
                    },
                ]);
                cells
            })
            .collect()
    };
    let duty_rows = r
        .duties
        .iter()
        .map(|d| {
            std::iter::once(Cell::from(d.agency_name.as_str()))
                .chain(std::iter::once(Cell::Count(d.late_dossiers)))
                .chain(d.broken.iter().map(|n| Cell::Count(*n)))
                .collect()
        })
        .collect();
    let mut about = period_lines(r.period, r.as_of);
    about.push(("Phạm vi".into(), scope));
    about.push((
        "Ghi chú".into(),
        format!(
            "\"mẫu nhỏ\": dưới {} bước xử lý; thời gian tạm dừng chờ bổ sung không tính là trễ",
            r.small_sample
        ),
    ));
    Report {
        title: "Xếp hạng phòng ban và cán bộ theo bước xử lý trễ hạn".into(),
        about,
        tables: vec![
            Table {
                name: "Phòng ban".into(),
                header: header(&["Đơn vị", "Phòng ban"]),
                rows: rows(&r.departments),
            },
            Table {
                name: "Cán bộ".into(),
                header: header(&["Đơn vị", "Phòng ban", "Cán bộ"]),
                rows: rows(&r.officials),
            },
            Table {
                name: "Nghĩa vụ khi trễ hạn".into(),
                header: ["Đơn vị", "Số hồ sơ trễ, quá hạn, sắp đến hạn"]
                    .into_iter()
                    .chain(DUTY_HEADERS)
                    .map(str::to_string)
                    .collect(),
                rows: duty_rows,
            },
        ],
    }
}
