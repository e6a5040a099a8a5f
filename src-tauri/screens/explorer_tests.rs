use chrono::NaiveDate;

use super::*;
use crate::metrics::inspect::DutyFlags;

fn instant(day: u32) -> Instant {
    NaiveDate::from_ymd_opt(2026, 3, day)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn step(seq: u32, department: &str, official: &str, days: u32) -> LateStep {
    LateStep {
        seq,
        agency_code: "A".into(),
        department: Some(department.into()),
        official: Some(official.into()),
        due_at: instant(2),
        ended_at: None,
        working_days_late: days,
    }
}

fn dossier(code: &str, kind: LateKind, agency: &str, days: u32) -> LateDossier {
    LateDossier {
        code: code.into(),
        kind,
        agency_code: agency.into(),
        agency_name: format!("Sở {agency}"),
        field_code: "F1".into(),
        field_name: "Hộ tịch".into(),
        procedure_code: "P1".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        channel: Channel::InPerson,
        status: Status::Processing,
        applicant: Some("N. V. A.".into()),
        received_at: Some(instant(1)),
        legal_due: Some(instant(5)),
        closed_at: None,
        working_days_late: days,
        late_steps: vec![],
        apologised: false,
        duties: DutyFlags::default(),
    }
}

/// Five dossiers: two agencies, each figure, steps held by two officials, one apology, one
/// with two extensions.
fn set() -> LateSet {
    let mut a = dossier("H40-A", LateKind::ResolvedLate, "A", 3);
    a.late_steps = vec![
        step(2, "Phòng Hộ tịch", "Lê Văn C", 1),
        step(3, "Phòng Quản lý", "Phạm Văn D", 2),
    ];
    a.duties.no_apology = true;
    a.closed_at = Some(instant(9));
    let mut b = dossier("H40-B", LateKind::PendingOverdue, "A", 7);
    b.late_steps = vec![step(1, "Phòng Hộ tịch", "Lê Văn C", 7)];
    b.apologised = true;
    b.duties.extended_more_than_once = true;
    b.channel = Channel::Online;
    let c = dossier("H41-C", LateKind::PendingAtRisk, "B", 0);
    let mut d = dossier("H41-D", LateKind::PendingOverdue, "B", 12);
    d.late_steps = vec![step(1, "Phòng Kinh tế", "Hồ Thị E", 12)];
    d.duties.no_apology = true;
    d.status = Status::SupplementRequested;
    let e = dossier("H40-E", LateKind::ResolvedLate, "A", 1);
    LateSet::new(
        Period {
            from: instant(1).date(),
            to: instant(31).date(),
        },
        instant(31),
        vec![a, b, c, d, e],
    )
}

fn codes(page: &ExplorerPage) -> Vec<&str> {
    page.rows.iter().map(|r| r.code.as_str()).collect()
}

fn page(filter: ExplorerFilter) -> ExplorerPage {
    explore(&set(), &filter, ExplorerSort::default(), 0, 50, Lang::Vi)
}

#[test]
fn no_filter_lists_every_dossier_most_late_first_with_counts_by_figure() {
    let p = page(ExplorerFilter::default());
    assert_eq!(p.total, 5);
    assert_eq!(codes(&p), ["H41-D", "H40-B", "H40-A", "H40-E", "H41-C"]);
    assert_eq!(
        p.by_kind,
        [
            (LateKind::ResolvedLate, 2),
            (LateKind::PendingOverdue, 2),
            (LateKind::PendingAtRisk, 1)
        ]
    );
}

#[test]
fn each_filter_narrows_to_what_it_names() {
    let with = |f: fn(&mut ExplorerFilter)| {
        let mut filter = ExplorerFilter::default();
        f(&mut filter);
        let mut c = codes(&page(filter))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        c.sort();
        c
    };
    assert_eq!(with(|f| f.agency = Some("B".into())), ["H41-C", "H41-D"]);
    assert_eq!(
        with(|f| f.kind = Some(LateKind::ResolvedLate)),
        ["H40-A", "H40-E"]
    );
    assert_eq!(with(|f| f.channel = Some(Channel::Online)), ["H40-B"]);
    assert_eq!(
        with(|f| f.status = Some(Status::SupplementRequested)),
        ["H41-D"]
    );
    assert_eq!(
        with(|f| {
            f.days_from = Some(3);
            f.days_to = Some(7);
        }),
        ["H40-A", "H40-B"]
    );
    // The official held a late step of each: the first and the second of A.
    assert_eq!(
        with(|f| f.official = Some("Lê Văn C".into())),
        ["H40-A", "H40-B"]
    );
    assert_eq!(
        with(|f| f.department = Some("Phòng Quản lý".into())),
        ["H40-A"]
    );
    assert_eq!(with(|f| f.apologised = Some(true)), ["H40-B"]);
    assert_eq!(with(|f| f.duty = Some(Duty::NoApology)), ["H40-A", "H41-D"]);
    assert_eq!(
        with(|f| f.duty = Some(Duty::Any)),
        ["H40-A", "H40-B", "H41-D"]
    );
    assert_eq!(
        with(|f| f.search = Some(" h41 ".into())),
        ["H41-C", "H41-D"]
    );
    assert_eq!(
        with(|f| {
            f.agency = Some("A".into());
            f.official = Some("Hồ Thị E".into());
        }),
        Vec::<String>::new(),
        "filters combine"
    );
}

#[test]
fn counts_follow_the_filter() {
    let p = page(ExplorerFilter {
        agency: Some("A".into()),
        ..Default::default()
    });
    assert_eq!(p.total, 3);
    assert_eq!(p.by_kind[0], (LateKind::ResolvedLate, 2));
    assert_eq!(p.by_kind[1], (LateKind::PendingOverdue, 1));
    assert_eq!(p.by_kind[2], (LateKind::PendingAtRisk, 0));
    assert_eq!(
        p.facets.agencies.len(),
        2,
        "the choices stay those of the whole set"
    );
}

#[test]
fn every_column_sorts_both_ways_ties_by_code() {
    let s = set();
    let columns = [
        ExplorerColumn::Code,
        ExplorerColumn::Kind,
        ExplorerColumn::Agency,
        ExplorerColumn::Procedure,
        ExplorerColumn::Channel,
        ExplorerColumn::Status,
        ExplorerColumn::Applicant,
        ExplorerColumn::ReceivedAt,
        ExplorerColumn::LegalDue,
        ExplorerColumn::ClosedAt,
        ExplorerColumn::WorkingDaysLate,
        ExplorerColumn::Department,
        ExplorerColumn::Official,
        ExplorerColumn::Duties,
    ];
    for column in columns {
        for descending in [false, true] {
            let sort = ExplorerSort { column, descending };
            let rows = matching(&s, &ExplorerFilter::default(), sort);
            for pair in rows.windows(2) {
                let o = column.compare(pair[0], pair[1]);
                let o = if descending { o.reverse() } else { o };
                assert!(
                    o.then_with(|| pair[0].code.cmp(&pair[1].code)).is_lt(),
                    "{column:?} descending={descending}: {} before {}",
                    pair[0].code,
                    pair[1].code
                );
            }
        }
    }
    let by_official = matching(
        &s,
        &ExplorerFilter::default(),
        ExplorerSort {
            column: ExplorerColumn::Official,
            descending: false,
        },
    );
    // No late step sorts first; then by the official of the longest late step.
    let order: Vec<_> = by_official.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(order, ["H40-E", "H41-C", "H41-D", "H40-B", "H40-A"]);
}

#[test]
fn pages_cover_the_list_once() {
    let s = set();
    let all: Vec<String> = (0..5)
        .step_by(2)
        .flat_map(|offset| {
            explore(
                &s,
                &ExplorerFilter::default(),
                ExplorerSort::default(),
                offset,
                2,
                Lang::Vi,
            )
            .rows
            .into_iter()
            .map(|r| r.code)
        })
        .collect();
    assert_eq!(all, ["H41-D", "H40-B", "H40-A", "H40-E", "H41-C"]);
}

#[test]
fn a_filter_reads_from_the_url_names() {
    let f: ExplorerFilter = serde_json::from_str(
        r#"{"kind":"pending_overdue","channel":2,"status":5,"duty":"new_date_missed","apologised":false}"#,
    )
    .unwrap();
    assert_eq!(f.kind, Some(LateKind::PendingOverdue));
    assert_eq!(f.channel, Some(Channel::Online));
    assert_eq!(f.status, Some(Status::SupplementRequested));
    assert_eq!(f.duty, Some(Duty::NewDateMissed));
    assert!(serde_json::from_str::<ExplorerFilter>(r#"{"agnecy":"A"}"#).is_err());
}

/// A page put in order alone (the first rows selected, then sorted) is the same slice of the
/// whole list sorted, for every column, direction, offset and length.
#[test]
fn a_page_is_the_slice_of_the_whole_sorted_list() {
    let s = set();
    let columns = [
        ExplorerColumn::Code,
        ExplorerColumn::Kind,
        ExplorerColumn::Channel,
        ExplorerColumn::Status,
        ExplorerColumn::ClosedAt,
        ExplorerColumn::WorkingDaysLate,
        ExplorerColumn::Department,
        ExplorerColumn::Official,
        ExplorerColumn::Duties,
    ];
    for column in columns {
        for descending in [false, true] {
            let sort = ExplorerSort { column, descending };
            let whole: Vec<String> = matching(&s, &ExplorerFilter::default(), sort)
                .iter()
                .map(|d| d.code.clone())
                .collect();
            for offset in 0..6 {
                for limit in 1..4 {
                    let page: Vec<String> = explore(
                        &s,
                        &ExplorerFilter::default(),
                        sort,
                        offset,
                        limit,
                        Lang::Vi,
                    )
                    .rows
                    .into_iter()
                    .map(|r| r.code)
                    .collect();
                    let end = (offset + limit).min(whole.len());
                    let expected = whole.get(offset.min(end)..end).unwrap_or_default();
                    assert_eq!(page, expected, "{column:?} {descending} {offset}+{limit}");
                }
            }
        }
    }
}
