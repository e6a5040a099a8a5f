//! The late dossiers of a period: every dossier resolved late, pending overdue or at risk at
//! the instant, most late first, with the steps behind each delay (department, official) and
//! the duties broken. As many rows of each kind as `controlroom kpi` counts.

use rusqlite::Connection;

use super::{instant_text, period_lines, Cell, ExportError, Report, Table};
use crate::cache;
use crate::calendar::Calendar;
use crate::metrics::inspect::{duty_flags, late_steps, DutyFlags};
use crate::metrics::lists::{self, ListQuery, ListRow, RowState, Scope, SortKey};
use crate::metrics::{PendingState, Period, Timeliness};
use crate::model::{mask_name, Instant};

/// The figures whose dossiers the export lists, in this order, with the word for each.
pub const KINDS: [(&str, &str); 3] = [
    ("resolved_late", "Đã giải quyết quá hạn"),
    ("pending_overdue", "Đang giải quyết, quá hạn"),
    ("pending_at_risk", "Đang giải quyết, sắp đến hạn"),
];

/// The headers of the duty flags, in the order of `DutyFlags::named`.
pub const DUTY_HEADERS: [&str; 5] = [
    "Không có văn bản xin lỗi",
    "Xin lỗi sau thời hạn",
    "Gia hạn quá 1 lần",
    "Trễ cả hạn mới",
    "Yêu cầu bổ sung quá 1 lần",
];

/// Every dossier of `figure` in `scope`, most late first, on one page.
pub(super) fn whole_list(
    conn: &Connection,
    cal: &Calendar,
    figure: &str,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<lists::ListPage, ExportError> {
    Ok(lists::list(
        conn,
        None,
        cal,
        &ListQuery {
            figure: figure.into(),
            scope: scope.clone(),
            period,
            as_of,
            search: None,
            sort: SortKey::WorkingDaysLate,
            after: None,
            limit: usize::MAX,
        },
    )?)
}

/// A late dossier with what the inspector reads of it.
pub struct LateDossier {
    pub row: ListRow,
    pub kind: &'static str,
    pub applicant: Option<String>,
    pub steps: String,
    pub duties: DutyFlags,
}

/// Every dossier of `KINDS` in `scope`, with its late steps and duty flags.
pub fn late_dossiers(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<Vec<LateDossier>, ExportError> {
    let at = period.as_of(as_of);
    let mut out = Vec::new();
    for (figure, kind) in KINDS {
        let page = whole_list(conn, cal, figure, period, as_of, scope)?;
        for row in page.rows {
            let Some(d) = cache::read_dossier(conn, &row.code)? else {
                continue;
            };
            let late_or_overdue = matches!(
                row.state,
                RowState::Resolved {
                    timeliness: Timeliness::Late
                } | RowState::Pending {
                    state: PendingState::Overdue
                }
            );
            let steps = late_steps(&d, at, cal)
                .iter()
                .map(|s| {
                    format!(
                        "B{} {} — {}: {} ngày",
                        s.seq,
                        s.department.as_deref().unwrap_or("?"),
                        s.official.as_deref().unwrap_or("?"),
                        s.working_days_late
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            out.push(LateDossier {
                duties: duty_flags(&d, late_or_overdue, row.closed_at, at),
                applicant: d.applicant.name.as_deref().map(mask_name),
                steps,
                kind,
                row,
            });
        }
    }
    Ok(out)
}

pub const HEADER: [&str; 11] = [
    "STT",
    "Mã hồ sơ",
    "Đơn vị",
    "Thủ tục",
    "Tình trạng",
    "Người nộp (đã che)",
    "Ngày tiếp nhận",
    "Hạn giải quyết",
    "Ngày kết thúc",
    "Số ngày làm việc trễ",
    "Bước trễ hạn (phòng ban — cán bộ)",
];

pub fn report(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<Report, ExportError> {
    let dossiers = late_dossiers(conn, cal, period, as_of, scope)?;
    let when = |t: Option<Instant>| t.map_or(Cell::Empty, |t| Cell::Text(instant_text(t)));
    let rows = dossiers
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let r = l.row;
            let mut cells = vec![
                Cell::Count(i as u64 + 1),
                r.code.into(),
                r.agency_name.into(),
                r.procedure_name.into(),
                l.kind.into(),
                l.applicant.map_or(Cell::Empty, Cell::Text),
                when(r.received_at),
                when(r.legal_due),
                when(r.closed_at),
                Cell::Count(u64::from(r.working_days_late)),
                l.steps.into(),
            ];
            cells.extend(
                l.duties
                    .named()
                    .iter()
                    .map(|(_, set)| if *set { "x".into() } else { Cell::Empty }),
            );
            cells
        })
        .collect();
    let mut about = period_lines(period, period.as_of(as_of));
    about.push(("Phạm vi".into(), scope_text(scope)));
    Ok(Report {
        title: "Danh sách hồ sơ trễ hạn, quá hạn và sắp đến hạn".into(),
        about,
        tables: vec![Table {
            name: "Hồ sơ trễ hạn".into(),
            header: HEADER
                .iter()
                .chain(DUTY_HEADERS.iter())
                .map(|h| h.to_string())
                .collect(),
            rows,
        }],
    })
}

/// The filter as written at the top of an export.
pub fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Province => "Toàn tỉnh".into(),
        Scope::Agency(c) => format!("Đơn vị {c}"),
        Scope::Procedure(c) => format!("Thủ tục {c}"),
        Scope::Field(c) => format!("Lĩnh vực {c}"),
    }
}
