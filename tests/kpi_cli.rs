//! `controlroom kpi` as an operator runs it: JSON with the contract's keys, the Vietnamese table,
//! and clear refusals of bad input.

mod metrics_support;

use controlroom::metrics::FIGURE_NAMES;
use metrics_support::*;

fn kpi(args: &[&str]) -> (bool, String, String) {
    controlroom("kpi", args)
}

fn sample_cache() -> TempCache {
    let on_time = finished(
        dossier("A", "2026-03-02 09:00", "2026-03-10 17:00"),
        "2026-03-10 10:00",
    );
    let late = finished(
        dossier("B", "2026-03-02 09:00", "2026-03-05 17:00"),
        "2026-03-06 10:00",
    );
    let mut rated = dossier("C", "2026-03-03 09:00", "2026-03-04 17:00");
    rated.rating = rating(2, "2026-03-04 09:00");
    let mut c = TempCache::with(&[on_time, late, rated]);
    c.agencies(&[
        agency(AGENCY, "Sở Tư pháp"),
        agency("000.00.99.H40", "Sở Xây dựng"),
    ]);
    c
}

#[test]
fn json_has_the_period_the_province_and_every_agency_with_the_metrics_names() {
    let c = sample_cache();
    let db = c.dir.path().join("cache.db");
    let (ok, out, err) = kpi(&[
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["period"]["from"], "2026-03-01");
    assert_eq!(v["period"]["to"], "2026-03-31");
    for name in FIGURE_NAMES {
        assert!(v["province"].get(name).is_some(), "province lacks {name}");
    }
    assert_eq!(v["province"]["received"], 3);
    assert_eq!(v["province"]["resolved"], 2);
    assert_eq!(v["province"]["on_time_rate"], 0.5);
    assert_eq!(v["province"]["pending_overdue"], 1);
    assert_eq!(v["province"]["satisfaction_rate"], 1.0);
    let agencies = v["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 2);
    let justice = agencies.iter().find(|a| a["code"] == AGENCY).unwrap();
    assert_eq!(justice["name"], "Sở Tư pháp");
    assert_eq!(justice["received"], 3);
    // Known from /donvi, nothing happened: listed with zeros and no rate.
    let building = agencies
        .iter()
        .find(|a| a["code"] == "000.00.99.H40")
        .unwrap();
    assert_eq!(building["received"], 0);
    assert!(building["on_time_rate"].is_null());
}

#[test]
fn by_procedure_adds_each_procedure_and_the_table_lists_them() {
    let mut c = sample_cache();
    let mut other = dossier("D", "2026-03-09 09:00", "2026-03-20 17:00");
    other.procedure_code = "2.000999".into();
    c.upsert(&[other]);
    let db = c.dir.path().join("cache.db");
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "--db".to_owned(),
            db.to_str().unwrap().to_owned(),
            "--from".into(),
            "2026-03-01".into(),
            "--to".into(),
            "2026-03-31".into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let run = |a: Vec<String>| kpi(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let (ok, out, err) = run(args(&["--json", "--by", "procedure"]));
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["province"]["received"], 4);
    assert_eq!(v["agencies"].as_array().unwrap().len(), 2);
    let procedures = v["procedures"].as_array().unwrap();
    let count = |code: &str| {
        procedures.iter().find(|p| p["code"] == code).unwrap()["received"]
            .as_u64()
            .unwrap()
    };
    assert_eq!((count("1.001234"), count("2.000999")), (3, 1));
    assert!(v.get("fields").is_none());

    let (ok, out, err) = run(args(&["--by", "procedure"]));
    assert!(ok, "{err}");
    assert!(out.lines().next().unwrap().contains("Kỳ báo cáo"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("Thủ tục    Tiếp nhận")),
        "{out}"
    );
    assert!(!out.lines().any(|l| l.starts_with("Đơn vị")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("2.000999")), "{out}");
}

#[test]
fn as_of_cuts_what_had_happened() {
    let c = sample_cache();
    let db = c.dir.path().join("cache.db");
    let (ok, out, err) = kpi(&[
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--as-of",
        "20260306120000",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["period"]["as_of"], "2026-03-06T12:00:00");
    assert_eq!(v["province"]["resolved"], 1);
    assert_eq!(v["province"]["pending"], 2);
}

#[test]
fn the_table_is_in_vietnamese_with_dashes_for_missing_rates() {
    let c = sample_cache();
    let db = c.dir.path().join("cache.db");
    let (ok, out, err) = kpi(&[
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("Kỳ báo cáo 01/03/2026 – 31/03/2026"), "{out}");
    assert!(out.contains("Tỷ lệ đúng hạn"));
    assert!(out.contains("Sở Tư pháp"));
    assert!(out.contains("50,0%"));
    let building = out.lines().find(|l| l.starts_with("Sở Xây dựng")).unwrap();
    assert!(building.contains('—'), "{building}");
    assert!(out.lines().any(|l| l.starts_with("Toàn tỉnh")));
}

#[test]
fn bad_input_gets_a_clear_message() {
    let c = sample_cache();
    let db = c.dir.path().join("cache.db");
    let db = db.to_str().unwrap();
    let (ok, _, err) = kpi(&["--db", db, "--from", "2026-13-01", "--to", "2026-03-31"]);
    assert!(
        !ok && err.contains("--from '2026-13-01' is not a date YYYY-MM-DD"),
        "{err}"
    );
    let (ok, _, err) = kpi(&["--db", db, "--from", "2026-04-01", "--to", "2026-03-31"]);
    assert!(!ok && err.contains("is after --to"), "{err}");
    let (ok, _, err) = kpi(&[
        "--db",
        db,
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--as-of",
        "2026-03-05",
    ]);
    assert!(
        !ok && err.contains("--as-of '2026-03-05' is not an instant"),
        "{err}"
    );
    let missing = c.dir.path().join("nope.db");
    let (ok, _, err) = kpi(&[
        "--db",
        missing.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
    ]);
    assert!(!ok && err.contains("no cache at"), "{err}");
    assert!(!missing.exists(), "a missing cache is not created");
}

/// An older one-stop system returns a result with `NgayTra` alone (status 10, no
/// `NgayKetThucXuLy`): the dossier is resolved, judged on the date of `NgayTra`.
#[test]
fn a_result_returned_with_ngay_tra_alone_is_resolved_and_judged_on_its_date() {
    let returned = |code: &str, due: &str, handed_over: &str| {
        let mut d = dossier(code, "2026-03-02 09:00", due);
        d.status = controlroom::model::Status::Returned;
        d.returned_at = Some(at(handed_over));
        d.updated_at = d.updated_at.max(at(handed_over));
        d
    };
    // Due Tue 10 Mar: handed over that day (on time), Wed 11 Mar (late, 1 working day),
    // Mon 9 Mar (early).
    let c = TempCache::with(&[
        returned("R1", "2026-03-10 17:00", "2026-03-10 16:00"),
        returned("R2", "2026-03-10 17:00", "2026-03-11 08:00"),
        returned("R3", "2026-03-10 17:00", "2026-03-09 15:00"),
    ]);
    let db = c.dir.path().join("cache.db");
    let (ok, out, err) = kpi(&[
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p = &v["province"];
    assert_eq!(
        [
            &p["resolved"],
            &p["resolved_early"],
            &p["resolved_on_time"],
            &p["resolved_late"],
            &p["pending"]
        ],
        [3, 1, 1, 1, 0]
    );
    assert!((p["on_time_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
}
