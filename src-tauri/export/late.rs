//! The late dossiers of a period: every dossier resolved late, pending overdue or at risk at
//! the instant (as many of each as `controlroom kpi` counts), narrowed and sorted as the
//! explorer shows them, with the steps behind each delay (department, official) and the
//! duties broken.

use rusqlite::Connection;

use super::{instant_text, period_lines, Cell, ExportError, Report, Table};
use crate::calendar::Calendar;
use crate::metrics::lists::Scope;
use crate::metrics::Period;
use crate::model::Instant;
use crate::screens::explorer::{
    late_set, matching, ExplorerFilter, ExplorerSort, LateDossier, LateKind, LateSet,
};

/// How the export names each figure's dossiers.
pub fn kind_text(kind: LateKind) -> &'static str {
    match kind {
        LateKind::ResolvedLate => "Đã giải quyết quá hạn",
        LateKind::PendingOverdue => "Đang giải quyết, quá hạn",
        LateKind::PendingAtRisk => "Đang giải quyết, sắp đến hạn",
    }
}

/// The headers of the duty flags, in the order of `DutyFlags::named`.
pub const DUTY_HEADERS: [&str; 5] = [
    "Không có văn bản xin lỗi",
    "Xin lỗi sau thời hạn",
    "Gia hạn quá 1 lần",
    "Trễ cả hạn mới",
    "Yêu cầu bổ sung quá 1 lần",
];

pub const HEADER: [&str; 13] = [
    "STT",
    "Mã hồ sơ",
    "Đơn vị",
    "Lĩnh vực",
    "Thủ tục",
    "Tình trạng",
    "Người nộp (đã che)",
    "Ngày tiếp nhận",
    "Hạn giải quyết",
    "Ngày kết thúc",
    "Số ngày làm việc trễ",
    "Bước trễ hạn (phòng ban — cán bộ)",
    "Kênh nộp",
];

/// The late steps of a dossier in one cell: "B2 Phòng Hộ tịch — Lê Văn C: 3 ngày; …".
pub fn steps_text(d: &LateDossier) -> String {
    d.late_steps
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
        .join("; ")
}

/// The report of every late dossier of `scope` (the command line's export).
pub fn report(
    conn: &Connection,
    cal: &Calendar,
    period: Period,
    as_of: Option<Instant>,
    scope: &Scope,
) -> Result<Report, ExportError> {
    let set = late_set(conn, None, cal, period, as_of, scope, &mut |_, _| true)?
        .ok_or(ExportError::Cancelled)?;
    let mut about = vec![("Phạm vi".into(), scope_text(scope))];
    about.extend(filter_lines(&set, &ExplorerFilter::default()));
    Ok(report_of(
        &set,
        &ExplorerFilter::default(),
        ExplorerSort::default(),
        about,
    ))
}

/// The report of the dossiers of `set` matching `filter`, in the order of `sort`; `filters`
/// are the lines that say what was narrowed.
pub fn report_of(
    set: &LateSet,
    filter: &ExplorerFilter,
    sort: ExplorerSort,
    filters: Vec<(String, String)>,
) -> Report {
    let when = |t: Option<Instant>| t.map_or(Cell::Empty, |t| Cell::Text(instant_text(t)));
    let rows = matching(set, filter, sort)
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let mut cells = vec![
                Cell::Count(i as u64 + 1),
                d.code.as_str().into(),
                d.agency_name.as_str().into(),
                d.field_name.as_str().into(),
                d.procedure_name.as_str().into(),
                kind_text(d.kind).into(),
                d.applicant.clone().map_or(Cell::Empty, Cell::Text),
                when(d.received_at),
                when(d.legal_due),
                when(d.closed_at),
                Cell::Count(u64::from(d.working_days_late)),
                steps_text(d).into(),
                d.channel.label_vi().into(),
            ];
            cells.extend(
                d.duties
                    .named()
                    .iter()
                    .map(|(_, set)| if *set { "x".into() } else { Cell::Empty }),
            );
            cells
        })
        .collect();
    let mut about = period_lines(set.period, set.as_of);
    about.extend(filters);
    Report {
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
    }
}

/// The filter as written at the top of an export, one line per part set (none: "Tất cả").
pub fn filter_lines(set: &LateSet, f: &ExplorerFilter) -> Vec<(String, String)> {
    // The names the set's facets already gathered, code by code.
    let name_of = |code: &str, names: &[(String, String)]| {
        names
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code.to_string(), |(c, n)| format!("{n} ({c})"))
    };
    let facets = &set.facets;
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut line = |k: &str, v: String| lines.push((k.to_string(), v));
    if let Some(k) = f.kind {
        line("Loại", kind_text(k).into());
    }
    if let Some(a) = &f.agency {
        line("Đơn vị", name_of(a, &facets.agencies));
    }
    if let Some(a) = &f.field {
        line("Lĩnh vực", name_of(a, &facets.fields));
    }
    if let Some(a) = &f.procedure {
        line("Thủ tục", name_of(a, &facets.procedures));
    }
    if let Some(c) = f.channel {
        line("Kênh nộp", c.label_vi().into());
    }
    if let Some(s) = f.status {
        line("Trạng thái", s.label_vi().into());
    }
    match (f.days_from, f.days_to) {
        (None, None) => {}
        (from, to) => line(
            "Số ngày làm việc trễ",
            format!(
                "{} – {}",
                from.map_or("…".into(), |n| n.to_string()),
                to.map_or("…".into(), |n| n.to_string())
            ),
        ),
    }
    if let Some(d) = &f.department {
        line("Phòng ban giữ bước trễ", d.clone());
    }
    if let Some(o) = &f.official {
        line("Cán bộ giữ bước trễ", o.clone());
    }
    if let Some(a) = f.apologised {
        line(
            "Văn bản xin lỗi",
            if a { "Có" } else { "Không có" }.to_string(),
        );
    }
    if let Some(d) = f.duty {
        line("Nghĩa vụ vi phạm", duty_text(d).into());
    }
    if let Some(q) = f.search.as_deref().filter(|q| !q.trim().is_empty()) {
        line("Mã hồ sơ chứa", q.trim().to_string());
    }
    if lines.is_empty() {
        lines.push(("Bộ lọc".into(), "Tất cả".into()));
    }
    lines
}

fn duty_text(d: crate::screens::explorer::Duty) -> &'static str {
    use crate::screens::explorer::Duty;
    match d {
        Duty::Any => "Bất kỳ",
        Duty::NoApology => DUTY_HEADERS[0],
        Duty::ApologyAfterDeadline => DUTY_HEADERS[1],
        Duty::ExtendedMoreThanOnce => DUTY_HEADERS[2],
        Duty::NewDateMissed => DUTY_HEADERS[3],
        Duty::SupplementsMoreThanOnce => DUTY_HEADERS[4],
    }
}

/// The scope as written at the top of an export.
pub fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Province => "Toàn tỉnh".into(),
        Scope::Agency(c) => format!("Đơn vị {c}"),
        Scope::Procedure(c) => format!("Thủ tục {c}"),
        Scope::Field(c) => format!("Lĩnh vực {c}"),
    }
}
