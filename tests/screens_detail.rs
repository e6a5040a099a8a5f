//! The dossier screen and its list against a dossier worked by hand, on the 2026 calendar
//! (Tết: 16–20 February are holidays).

mod metrics_support;

use controlroom::calendar::Calendar;
use controlroom::metrics::{PendingState, Timeliness};
use controlroom::model::{Fee, Step};
use controlroom::screens::{
    dossier_detail, dossier_list, ListFilter, RowState, Scope, ScreenSettings, SortKey,
};
use metrics_support::*;

fn step(seq: u32, dep: &str, official: &str, start: &str, due: &str, end: &str) -> Step {
    Step {
        seq,
        agency_code: AGENCY.into(),
        department: Some(dep.into()),
        official: Some(official.into()),
        title: Some(format!("Bước {seq}")),
        action: None,
        started_at: at(start),
        due_at: Some(at(due)),
        ended_at: Some(at(end)),
    }
}

/// Received Thu 12 Feb 08:00, due Fri 13 Feb 17:00; an apology extension moved the
/// appointment to Tue 24 Feb, but the legal due stays 13 Feb. Finished Tue 24 Feb 10:00:
/// late by the working days after 13 Feb up to 24 Feb: 16–20 are Tết, 21–22 a weekend, so
/// Mon 23 and Tue 24, 2 working days. Step 2 (due Fri 13 Feb 12:00, ended Mon 23 Feb 16:00) is
/// late by 1 working day (23 Feb); steps 1 and 3 ended on time.
fn hand_made() -> TempCache {
    let mut d = finished(
        dossier("H-001", "2026-02-12 08:00", "2026-02-24 17:00"),
        "2026-02-24 10:00",
    );
    d.applicant.name = Some("Nguyễn Thị Hoa".into());
    d.applicant.id_number_masked = Some("*********678".into());
    d.extensions = vec![extension(
        "2026-02-13 15:00",
        "2026-02-13 17:00",
        "2026-02-24 17:00",
    )];
    d.steps = vec![
        step(
            1,
            "Bộ phận Một cửa",
            "Nguyễn Văn An",
            "2026-02-12 08:00",
            "2026-02-12 17:00",
            "2026-02-12 09:00",
        ),
        step(
            2,
            "Phòng Hộ tịch",
            "Trần Thị Bình",
            "2026-02-12 09:00",
            "2026-02-13 12:00",
            "2026-02-23 16:00",
        ),
        step(
            3,
            "Lãnh đạo Sở",
            "Lê Văn Cường",
            "2026-02-23 16:00",
            "2026-02-24 17:00",
            "2026-02-24 10:00",
        ),
    ];
    d.fees = vec![Fee {
        code: "LP01".into(),
        name: "Lệ phí hộ tịch".into(),
        kind: Some(2),
        amount: 50_000,
        method: Some(1),
        paid_at: Some(at("2026-02-12 08:30")),
    }];
    d.rating = rating(2, "2026-02-25 09:00");
    let mut c = TempCache::with(&[d]);
    c.agencies(&[agency(AGENCY, "Sở Tư pháp")]);
    c
}

#[test]
fn a_finished_late_dossier_shows_its_late_step_and_working_days_across_tet() {
    let c = hand_made();
    let cal = Calendar::builtin();
    let s = ScreenSettings::default();
    let d = dossier_detail(&c.conn, &cal, "H-001", at("2026-02-26 12:00"), &s).unwrap();
    // The name masked to its initials; the numbers as the cache keeps them.
    assert_eq!(d.applicant.name.as_deref(), Some("N. T. H."));
    assert_eq!(
        d.applicant.id_number_masked.as_deref(),
        Some("*********678")
    );
    assert_eq!(d.agency.name, "Sở Tư pháp");
    assert_eq!(d.judgement.legal_due, Some(at("2026-02-13 17:00")));
    assert_eq!(d.judgement.timeliness, Some(Timeliness::Late));
    assert_eq!(d.judgement.working_days_late, Some(2));
    assert_eq!(d.working_days_late_at, 2);
    let late: Vec<(bool, u32)> = d
        .steps
        .iter()
        .map(|s| (s.judgement.late, s.judgement.working_days_late))
        .collect();
    assert_eq!(late, [(false, 0), (true, 1), (false, 0)]);
    // Step 2 was held from Thu 12 Feb 09:00 to Mon 23 Feb 16:00: 11 days 7 hours; the working
    // days after the 12th up to the 23rd are Fri 13 and Mon 23.
    assert_eq!(d.steps[1].judgement.held_seconds, (11 * 24 + 7) * 3600);
    assert_eq!(d.steps[1].judgement.held_working_days, 2);
    assert_eq!(d.holders.len(), 3);
    assert_eq!(d.holders[1].official.as_deref(), Some("Trần Thị Bình"));
    assert_eq!(d.holders[1].late_steps, 1);
    assert_eq!(d.extensions.len(), 1);
    assert_eq!(
        d.extensions[0].apology_letter.as_deref(),
        Some("12/PXL-STP")
    );
    assert_eq!(d.fee_total, 50_000);
    assert_eq!(d.rating.as_ref().map(|r| r.level), Some(2));
    let chart = d.timeline.chart.expect("a timeline");
    let ids: Vec<&str> = chart.regions.iter().map(|r| r.id.as_str()).collect();
    for id in ["step:1", "step:2", "step:3", "extension:0"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    assert!(chart.svg.contains("<svg"));
    assert_eq!(d.status_label, "Đã xử lý xong");
    let en = ScreenSettings {
        lang: controlroom::screens::Lang::En,
        ..s
    };
    let d = dossier_detail(&c.conn, &cal, "H-001", at("2026-02-26 12:00"), &en).unwrap();
    assert_eq!(d.status_label, "Finished");
}

#[test]
fn before_it_finished_the_dossier_and_its_step_were_overdue() {
    let c = hand_made();
    let cal = Calendar::builtin();
    let s = ScreenSettings::default();
    // Mon 23 Feb 12:00: step 2 still open, its deadline (13 Feb) passed by 1 working day;
    // step 3 not started; the rating not given yet.
    let d = dossier_detail(&c.conn, &cal, "H-001", at("2026-02-23 12:00"), &s).unwrap();
    assert_eq!(d.judgement.state_at, Some(PendingState::Overdue));
    assert_eq!(d.working_days_late_at, 1);
    assert!(d.steps[1].judgement.overdue && !d.steps[1].judgement.late);
    assert_eq!(d.steps[1].judgement.working_days_late, 1);
    assert_eq!(d.steps[1].ended_at, None);
    assert!(d.rating.is_none());
    let regions = d.timeline.chart.unwrap().regions;
    assert!(!regions.iter().any(|r| r.id == "step:3"));
}

#[test]
fn an_unknown_dossier_is_refused_with_a_clear_message() {
    let c = hand_made();
    let err = dossier_detail(
        &c.conn,
        &Calendar::builtin(),
        "NO-SUCH",
        at("2026-02-26 12:00"),
        &ScreenSettings::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("NO-SUCH"), "{err}");
}

#[test]
fn the_late_list_of_february_holds_the_dossier_with_its_working_days_late() {
    let c = hand_made();
    let cal = Calendar::builtin();
    let filter = ListFilter {
        figure: "resolved_late".into(),
        scope: Scope::Agency(AGENCY.into()),
        period: period("2026-02-01", "2026-02-28"),
        as_of: None,
        search: None,
    };
    let page = dossier_list(
        &c.conn,
        None,
        &cal,
        &filter,
        SortKey::WorkingDaysLate,
        None,
        10,
    )
    .unwrap();
    assert_eq!(page.total, 1);
    let row = &page.rows[0];
    assert_eq!(row.code, "H-001");
    assert_eq!(row.working_days_late, 2);
    assert_eq!(row.legal_due, Some(at("2026-02-13 17:00")));
    assert_eq!(
        row.state,
        RowState::Resolved {
            timeliness: Timeliness::Late
        }
    );
    // In January nothing was resolved; on-time rate is a rate, not a list.
    let jan = ListFilter {
        period: period("2026-01-01", "2026-01-31"),
        ..filter.clone()
    };
    assert_eq!(
        dossier_list(&c.conn, None, &cal, &jan, SortKey::DueDate, None, 10)
            .unwrap()
            .total,
        0
    );
    let rate = ListFilter {
        figure: "on_time_rate".into(),
        ..filter
    };
    let err = dossier_list(&c.conn, None, &cal, &rate, SortKey::DueDate, None, 10).unwrap_err();
    assert!(err.to_string().contains("resolved"), "{err}");
}

/// An inspector sees the applicant whole only with a reason, and every reveal is audited:
/// who, when, which dossier, why.
#[test]
fn the_applicant_is_revealed_for_a_reason_and_the_reveal_is_audited() {
    let c = hand_made();
    let now = at("2026-03-02 09:15");
    let refused = controlroom::screens::reveal_applicant(&c.conn, "H-001", "   ", "thanhtra", now);
    assert!(refused
        .unwrap_err()
        .to_string()
        .contains("a reveal without a reason is refused"));
    assert!(
        controlroom::screens::reveal_applicant(&c.conn, "NO-SUCH", "x", "thanhtra", now).is_err()
    );
    assert!(controlroom::cache::audit::reveals(&c.conn)
        .unwrap()
        .is_empty());

    let a = controlroom::screens::reveal_applicant(
        &c.conn,
        "H-001",
        " Xác minh đơn khiếu nại số 7 ",
        "thanhtra",
        now,
    )
    .unwrap();
    assert_eq!(a.name.as_deref(), Some("Nguyễn Thị Hoa"));
    let audit = controlroom::cache::audit::reveals(&c.conn).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (
            audit[0].revealed_at.as_str(),
            audit[0].os_user.as_str(),
            audit[0].dossier_code.as_str(),
            audit[0].reason.as_str()
        ),
        (
            "20260302091500",
            "thanhtra",
            "H-001",
            "Xác minh đơn khiếu nại số 7"
        )
    );
}
