//! Biểu số 06/VPCP/KSTT: tình hình, kết quả giải quyết TTHC of a reporting period (15th to
//! 14th, or any range), one row per agency (or field), the province total last, its 13 columns
//! mapped from the figures exactly as METRICS.md maps them.

use rusqlite::Connection;

use super::{period_lines, Cell, Report, Table};
use crate::calendar::Calendar;
use crate::metrics::{self, Dimension, Figures, Period};
use crate::model::Instant;

/// The form's 13 columns, numbered as the form numbers them.
pub const HEADER: [&str; 13] = [
    "(1) STT",
    "(2) Lĩnh vực / đơn vị",
    "(3) Số hồ sơ nhận giải quyết: tổng số",
    "(4) Trong kỳ: trực tuyến",
    "(5) Trong kỳ: trực tiếp, dịch vụ bưu chính",
    "(6) Từ kỳ trước chuyển qua",
    "(7) Số hồ sơ đã giải quyết: tổng số",
    "(8) Trước hạn",
    "(9) Đúng hạn",
    "(10) Quá hạn",
    "(11) Số hồ sơ đang giải quyết: tổng số",
    "(12) Trong hạn",
    "(13) Quá hạn",
];

/// Columns (3) to (13) of one row, from the figures of the same period and instant
/// (METRICS.md, "Biểu 06"). The form counts withdrawn and stopped dossiers as settled on time,
/// and a paused clock as within the deadline.
pub fn counts(f: &Figures) -> [u64; 11] {
    [
        f.received + f.carried_over,
        f.received_online,
        f.received_in_person + f.received_post,
        f.carried_over,
        f.resolved + f.withdrawn + f.stopped,
        f.resolved_early,
        f.resolved_on_time + f.withdrawn + f.stopped,
        f.resolved_late,
        f.pending,
        f.pending_within_deadline + f.pending_paused,
        f.pending_overdue,
    ]
}

/// The report, by agency or by field.
pub fn report(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    by: Dimension,
) -> Result<Report, metrics::MetricsError> {
    let b = metrics::compute_by(conn, cal, period, as_of, by)?;
    let mut rows: Vec<Vec<Cell>> = b
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| row(Cell::Count(i as u64 + 1), g.name.clone(), &g.figures))
        .collect();
    rows.push(row(Cell::Empty, "Tổng cộng toàn tỉnh".into(), &b.province));
    let mut about = period_lines(period, period.as_of(as_of));
    about.push((
        "Theo".into(),
        match by {
            Dimension::Field => "lĩnh vực".into(),
            _ => "đơn vị".into(),
        },
    ));
    Ok(Report {
        title: "Biểu số 06/VPCP/KSTT — Tình hình, kết quả giải quyết thủ tục hành chính".into(),
        about,
        tables: vec![Table {
            name: "Biểu 06".into(),
            header: HEADER.iter().map(|h| h.to_string()).collect(),
            rows,
        }],
    })
}

fn row(number: Cell, name: String, f: &Figures) -> Vec<Cell> {
    [number, Cell::Text(name)]
        .into_iter()
        .chain(counts(f).into_iter().map(Cell::Count))
        .collect()
}
