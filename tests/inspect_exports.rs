//! The inspectors' side on hand-worked dossiers: late steps attributed to who held them (a
//! pause inside a late step is not delay; two agencies each answer for their own step), the
//! duties that come with lateness, and the exports read back cell by cell.

mod metrics_support;

use std::process::Command;

use calamine::{open_workbook, Reader, Xlsx};
use controlroom::calendar::Calendar;
use controlroom::export::{self, bieu06, Cell};
use controlroom::metrics::inspect::{duty_flags, late_steps};
use controlroom::metrics::lists::Scope;
use controlroom::model::{Dossier, Step};
use metrics_support::*;

const OTHER: &str = "000.00.22.H40";

fn step(
    seq: u32,
    agency: &str,
    who: (&str, &str),
    start: &str,
    due: &str,
    end: Option<&str>,
) -> Step {
    Step {
        seq,
        agency_code: agency.into(),
        department: Some(who.0.into()),
        official: Some(who.1.into()),
        title: None,
        action: None,
        started_at: at(start),
        due_at: Some(at(due)),
        ended_at: end.map(at),
    }
}

/// Received Mon 2 Mar 2026, due Fri 13 Mar; finished Wed 18 Mar (late, 3 working days).
/// Step 1 at the one-stop desk on time; step 2 at the justice office due Thu 5 Mar, ended Thu
/// 12 Mar, with a supplement pause from Mon 9 to Wed 11 inside it; step 3 at another agency
/// due Mon 16, ended Wed 18.
fn late_across_two_agencies() -> Dossier {
    let mut d = finished(
        dossier("H40-LATE", "2026-03-02 09:00", "2026-03-13 17:00"),
        "2026-03-18 10:00",
    );
    d.pauses = vec![pause(
        "2026-03-09 08:00",
        Some("2026-03-11 08:00"),
        "2026-03-13 17:00",
        "2026-03-13 17:00",
    )];
    d.steps = vec![
        step(
            1,
            AGENCY,
            ("Bộ phận một cửa", "Trần Thị B"),
            "2026-03-02 09:00",
            "2026-03-02 17:00",
            Some("2026-03-02 10:00"),
        ),
        step(
            2,
            AGENCY,
            ("Phòng Hộ tịch", "Lê Văn C"),
            "2026-03-02 10:00",
            "2026-03-05 17:00",
            Some("2026-03-12 10:00"),
        ),
        step(
            3,
            OTHER,
            ("Phòng Quản lý", "Phạm Văn D"),
            "2026-03-12 10:00",
            "2026-03-16 17:00",
            Some("2026-03-18 09:00"),
        ),
    ];
    d
}

#[test]
fn late_steps_are_attributed_to_who_held_them_and_pauses_are_not_delay() {
    let cal = Calendar::builtin();
    let d = late_across_two_agencies();
    let late = late_steps(&d, at("2026-03-31 23:59"), &cal);
    let got: Vec<(u32, &str, Option<&str>, u32)> = late
        .iter()
        .map(|s| {
            (
                s.seq,
                s.agency_code.as_str(),
                s.official.as_deref(),
                s.working_days_late,
            )
        })
        .collect();
    // Step 2: the working days after Thu 5 up to Thu 12 are 6, 9, 10, 11, 12; the pause
    // covers 10 and 11: 3 days. Step 3: 17 and 18, at the other agency.
    assert_eq!(
        got,
        [
            (2, AGENCY, Some("Lê Văn C"), 3),
            (3, OTHER, Some("Phạm Văn D"), 2)
        ]
    );
    // At noon on Tue 10 Mar, step 2 was open and overdue by Fri 6 and Mon 9 (the pause began
    // on the 9th, counted from the 10th); step 3 had not started.
    let open = late_steps(&d, at("2026-03-10 12:00"), &cal);
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].seq, open[0].ended_at, open[0].working_days_late),
        (2, None, 2)
    );
    // A step whose every day past its deadline was paused is not late.
    let mut paused = d.clone();
    paused.steps = vec![step(
        1,
        AGENCY,
        ("P", "Q"),
        "2026-03-02 09:00",
        "2026-03-09 17:00",
        Some("2026-03-11 07:00"),
    )];
    assert!(late_steps(&paused, at("2026-03-31 23:59"), &cal).is_empty());
}

#[test]
fn duties_that_come_with_lateness() {
    let end = at("2026-03-31 23:59");
    let d = late_across_two_agencies();
    // Late, no extension: no apology; one pause: no second request.
    let f = duty_flags(&d, true, d.finished_at, end);
    assert!(f.no_apology && !f.supplements_more_than_once);
    assert!(!f.apology_after_deadline && !f.extended_more_than_once && !f.new_date_missed);
    // The same on time: no apology owed.
    assert!(!duty_flags(&d, false, d.finished_at, end).no_apology);

    // Two extensions: Thu 12 moves Fri 13 to Mon 16 (in time); Tue 17 moves Mon 16 (after
    // it) to Tue 17, missed as well (finished Wed 18); and a second supplement request.
    let mut e = d.clone();
    e.extensions = vec![
        extension("2026-03-12 09:00", "2026-03-13 17:00", "2026-03-16 17:00"),
        extension("2026-03-17 08:00", "2026-03-16 17:00", "2026-03-17 17:00"),
    ];
    e.pauses.push(pause(
        "2026-03-17 08:00",
        Some("2026-03-17 15:00"),
        "2026-03-16 17:00",
        "2026-03-16 17:00",
    ));
    let f = duty_flags(&e, true, e.finished_at, end);
    assert!(!f.no_apology);
    assert!(f.apology_after_deadline && f.extended_more_than_once && f.new_date_missed);
    assert!(f.supplements_more_than_once);
    // As it stood on Wed 11: one extension not yet made, one pause: nothing broken yet.
    let before = duty_flags(&e, false, e.finished_at, at("2026-03-11 12:00"));
    assert!(!before.any());
}

fn cache() -> TempCache {
    let on_time = finished(
        dossier("H40-OK", "2026-03-02 09:00", "2026-03-10 17:00"),
        "2026-03-10 10:00",
    );
    let overdue = dossier("H40-OPEN", "2026-03-02 09:00", "2026-03-05 17:00");
    let mut c = TempCache::with(&[late_across_two_agencies(), on_time, overdue]);
    c.agencies(&[agency(AGENCY, "Sở Tư pháp"), agency(OTHER, "Sở Xây dựng")]);
    c
}

#[test]
fn the_late_export_lists_what_the_figures_count_with_steps_and_duties() {
    let c = cache();
    let cal = Calendar::builtin();
    let p = period("2026-03-01", "2026-03-31");
    let report = export::late::report(&c.conn, &cal, p, None, &Scope::Province).unwrap();
    let figures = controlroom::metrics::compute(&c.conn, &cal, p, None)
        .unwrap()
        .province;
    let rows = &report.tables[0].rows;
    assert_eq!(
        rows.len() as u64,
        figures.resolved_late + figures.pending_overdue + figures.pending_at_risk
    );
    let late = rows
        .iter()
        .find(|r| r[1] == Cell::from("H40-LATE"))
        .unwrap();
    assert_eq!(late[10], Cell::Count(3), "working days late of the dossier");
    assert_eq!(
        late[11],
        Cell::from("B2 Phòng Hộ tịch — Lê Văn C: 3 ngày; B3 Phòng Quản lý — Phạm Văn D: 2 ngày")
    );
    assert_eq!(late[12], Cell::from("Trực tuyến"), "the channel");
    assert_eq!(late[13], Cell::from("x"), "no apology");
    assert!(report
        .about
        .iter()
        .any(|(k, v)| k == "Kỳ báo cáo" && v == "01/03/2026 – 31/03/2026"));
}

#[test]
fn the_ranking_counts_steps_by_department_and_official_with_the_steps_behind() {
    let c = cache();
    let cal = Calendar::builtin();
    let p = period("2026-03-01", "2026-03-31");
    let report = export::ranking::report(&c.conn, &cal, p, None, &Scope::Province).unwrap();
    let officials = &report.tables[1].rows;
    let row = |name: &str| {
        officials
            .iter()
            .find(|r| r[3] == Cell::from(name))
            .unwrap()
            .clone()
    };
    // Lê Văn C: 1 late step, 3 working days, 1 step in all (a small sample).
    assert_eq!(
        &row("Lê Văn C")[4..],
        [
            Cell::Count(1),
            Cell::Count(3),
            Cell::Count(1),
            Cell::from("mẫu nhỏ")
        ]
    );
    assert_eq!(
        row("Phạm Văn D")[1],
        Cell::from("Sở Xây dựng"),
        "the other agency's step"
    );
    assert_eq!(&row("Trần Thị B")[4..6], [Cell::Count(0), Cell::Count(0)]);
    assert_eq!(officials[0][0], Cell::Count(1));
    assert_eq!(
        officials[0][3],
        Cell::from("Lê Văn C"),
        "most late steps, then days, first"
    );
}

/// `controlroom` itself, as an operator runs it.
fn controlroom(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_controlroom"))
        .args(args)
        .output()
        .unwrap()
}

fn kpi_json(db: &str, from: &str, to: &str) -> serde_json::Value {
    let out = controlroom(&["kpi", "--db", db, "--from", from, "--to", to, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The 11 counts of a Biểu 06 row, from `kpi`'s figures, as METRICS.md maps them.
fn bieu06_of(f: &serde_json::Value) -> Vec<f64> {
    let n = |k: &str| f[k].as_f64().unwrap();
    vec![
        n("received") + n("carried_over"),
        n("received_online"),
        n("received_in_person") + n("received_post"),
        n("carried_over"),
        n("resolved") + n("withdrawn") + n("stopped"),
        n("resolved_early"),
        n("resolved_on_time") + n("withdrawn") + n("stopped"),
        n("resolved_late"),
        n("pending"),
        n("pending_within_deadline") + n("pending_paused"),
        n("pending_overdue"),
    ]
}

#[test]
fn bieu06_read_back_from_xlsx_and_csv_equals_kpi_cell_by_cell() {
    let c = cache();
    let db = c.dir.path().join("cache.db");
    let db = db.to_str().unwrap();
    let kpi = kpi_json(db, "2026-02-15", "2026-03-14");
    let xlsx = c.dir.path().join("bieu06.xlsx");
    let out = controlroom(&[
        "export",
        "bieu06",
        "--db",
        db,
        "--from",
        "2026-02-15",
        "--to",
        "2026-03-14",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Biểu 06").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(rows[0][0].starts_with("Biểu số 06/VPCP/KSTT"));
    let header_at = rows.iter().position(|r| r[0] == "(1) STT").unwrap();
    assert_eq!(rows[header_at].len(), 13);
    let body = &rows[header_at + 1..];
    let agencies = kpi["agencies"].as_array().unwrap();
    assert_eq!(
        body.len(),
        agencies.len() + 1,
        "one row per agency, then the province"
    );
    let numbers =
        |r: &Vec<String>| -> Vec<f64> { r[2..].iter().map(|c| c.parse().unwrap()).collect() };
    for (row, agency) in body.iter().zip(agencies) {
        assert_eq!(row[1], agency["name"].as_str().unwrap());
        assert_eq!(numbers(row), bieu06_of(agency), "{}", row[1]);
    }
    let total = body.last().unwrap();
    assert_eq!(total[1], "Tổng cộng toàn tỉnh");
    assert_eq!(numbers(total), bieu06_of(&kpi["province"]));
    assert!(numbers(total).iter().sum::<f64>() > 0.0);

    // The same report as CSV.
    let csv_path = c.dir.path().join("bieu06.csv");
    let out = controlroom(&[
        "export",
        "bieu06",
        "--db",
        db,
        "--from",
        "2026-02-15",
        "--to",
        "2026-03-14",
        "--format",
        "csv",
        "--out",
        csv_path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let last = text.lines().last().unwrap();
    let cells: Vec<f64> = last
        .split(',')
        .skip(2)
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(cells, bieu06_of(&kpi["province"]));
    // The mapping in the code is the one this test states.
    let province: controlroom::metrics::Figures =
        serde_json::from_value(kpi["province"].clone()).unwrap();
    let mapped: Vec<f64> = bieu06::counts(&province)
        .iter()
        .map(|n| *n as f64)
        .collect();
    assert_eq!(mapped, bieu06_of(&kpi["province"]));
}

#[test]
fn a_bad_export_request_is_refused_with_a_reason_and_writes_nothing() {
    let c = cache();
    let db = c.dir.path().join("cache.db");
    let out_file = c.dir.path().join("late.csv");
    let out = controlroom(&[
        "export",
        "late",
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-31",
        "--to",
        "2026-03-01",
        "--format",
        "csv",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is after --to"));
    let out = controlroom(&[
        "export",
        "late",
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--format",
        "xlsx",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not end as --format"));
    assert!(!out_file.exists());
}

#[test]
fn the_audit_of_reveals_exports_who_when_which_and_why() {
    let c = cache();
    controlroom::screens::reveal_applicant(
        &c.conn,
        "H40-LATE",
        "Thanh tra theo kế hoạch số 3",
        "thanhtra",
        at("2026-03-20 14:05"),
    )
    .unwrap();
    let db = c.dir.path().join("cache.db");
    let out_file = c.dir.path().join("audit.csv");
    let out = controlroom(&[
        "export",
        "audit",
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--format",
        "csv",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(
        text.lines().last().unwrap(),
        "20/03/2026 14:05,thanhtra,H40-LATE,Thanh tra theo kế hoạch số 3"
    );
}
