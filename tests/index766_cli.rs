//! `controlroom index766` as an operator runs it: JSON with the names of METRICS.md in the shape
//! of `kpi`, the Vietnamese table, and clear refusals of bad input.

mod metrics_support;

use controlroom::model::Fee;
use metrics_support::*;

fn index766(args: &[&str]) -> (bool, String, String) {
    controlroom("index766", args)
}

/// On time with a fee paid online; late; early but with two supplement requests; and a
/// dissatisfied rating.
fn sample_cache() -> TempCache {
    let mut on_time = finished(
        dossier("A", "2026-03-02 09:00", "2026-03-10 17:00"),
        "2026-03-10 10:00",
    );
    on_time.fees = vec![Fee {
        code: "LP".into(),
        name: "Lệ phí".into(),
        kind: Some(2),
        amount: 30_000,
        method: Some(2),
        paid_at: on_time.received_at,
    }];
    on_time.paid_online = 1;
    let mut late = finished(
        dossier("B", "2026-03-02 09:00", "2026-03-05 17:00"),
        "2026-03-06 10:00",
    );
    late.rating = rating(3, "2026-03-07 09:00");
    let two = asked_twice("C");
    let mut c = TempCache::with(&[on_time, late, two]);
    c.agencies(&[
        agency(AGENCY, "Sở Tư pháp"),
        agency("000.00.99.H40", "Sở Xây dựng"),
    ]);
    c
}

/// `index766` on the sample cache for March 2026, with `extra` arguments.
fn on_sample(extra: &[&str]) -> (bool, String, String) {
    let c = sample_cache();
    let db = c.dir.path().join("cache.db");
    let mut args = vec![
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
    ];
    args.extend_from_slice(extra);
    index766(&args)
}

const NAMES: [&str; 11] = [
    "progress_numerator",
    "progress_denominator",
    "progress_points",
    "online_share",
    "online_points",
    "payment_share",
    "payment_points",
    "satisfaction_ratio",
    "satisfaction_points",
    "points",
    "points_max",
];

#[test]
fn json_has_the_period_the_province_and_every_agency_with_the_metrics_names() {
    let (ok, out, err) = on_sample(&["--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["period"]["from"], "2026-03-01");
    assert_eq!(v["period"]["as_of"], "2026-03-31T23:59:59");
    let p = &v["province"];
    for name in NAMES {
        assert!(p.get(name).is_some(), "province lacks {name}");
    }
    // 1 of 3 in time (B late, C early but twice asked to supplement): 20/3.
    assert_eq!(
        (
            p["progress_numerator"].as_u64(),
            p["progress_denominator"].as_u64()
        ),
        (Some(1), Some(3))
    );
    assert!((p["progress_points"].as_f64().unwrap() - 20.0 / 3.0).abs() < 1e-9);
    assert_eq!(p["two_supplements"], 1);
    // All online: 6; one fee, paid online: 6; (1 − 1) / 3 = 0: 0 of 6.
    assert_eq!(
        (p["online_share"].as_f64(), p["online_points"].as_f64()),
        (Some(1.0), Some(6.0))
    );
    assert_eq!(
        (p["payment_share"].as_f64(), p["payment_points"].as_f64()),
        (Some(1.0), Some(6.0))
    );
    assert_eq!(p["satisfaction_ratio"].as_f64(), Some(0.0));
    assert!((p["points"].as_f64().unwrap() - (20.0 / 3.0 + 12.0)).abs() < 1e-9);
    assert_eq!(p["points_max"].as_f64(), Some(38.0));
    let agencies = v["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 2);
    let justice = agencies.iter().find(|a| a["code"] == AGENCY).unwrap();
    assert_eq!(justice["name"], "Sở Tư pháp");
    assert_eq!(justice["points"], p["points"]);
    // An agency with nothing: every score null, nothing to score against.
    let building = agencies
        .iter()
        .find(|a| a["name"] == "Sở Xây dựng")
        .unwrap();
    for name in [
        "progress_points",
        "online_points",
        "payment_points",
        "satisfaction_points",
    ] {
        assert!(building[name].is_null(), "{name}");
    }
    assert_eq!(building["points_max"].as_f64(), Some(0.0));
}

#[test]
fn as_of_before_the_second_request_counts_the_dossier_in_time() {
    let (ok, out, err) = on_sample(&["--as-of", "20260306120000", "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // A on time is pending within the deadline, B resolved late, C pending with one request.
    let p = &v["province"];
    assert_eq!(
        (
            p["progress_numerator"].as_u64(),
            p["progress_denominator"].as_u64()
        ),
        (Some(2), Some(3))
    );
    assert_eq!(p["two_supplements"], 0);
}

#[test]
fn the_table_is_in_vietnamese_with_every_score_over_its_denominator() {
    let (ok, out, err) = on_sample(&[]);
    assert!(ok, "{err}");
    assert!(out.contains("Tiến độ giải quyết"), "{out}");
    let province = out.lines().find(|l| l.starts_with("Toàn tỉnh")).unwrap();
    assert!(province.contains("1/3 → 6,7"), "{province}");
    assert!(province.contains("18,7/38,0"), "{province}");
    let building = out.lines().find(|l| l.starts_with("Sở Xây dựng")).unwrap();
    assert!(building.contains("0/0 → —"), "{building}");
}

#[test]
fn bad_input_is_refused_with_what_to_do() {
    let (ok, _, err) = index766(&[
        "--db",
        "/nonexistent/x.db",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
    ]);
    assert!(!ok && err.contains("controlroom sync"), "{err}");
    let c = sample_cache();
    let db = c.dir.path().join("cache.db");
    let (ok, _, err) = index766(&[
        "--db",
        db.to_str().unwrap(),
        "--from",
        "2026-04-01",
        "--to",
        "2026-03-31",
    ]);
    assert!(!ok && err.contains("after --to"), "{err}");
}
