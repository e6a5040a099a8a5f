//! The simulator's feed against CENTER-API.md: paging, cursors, parameters, errors, token,
//! gzip, calendar, determinism, well-formed records, realistic shares.

mod sim_support;

use std::collections::{HashMap, HashSet};
use std::io::Read;

use chrono::{Datelike, NaiveDate, Weekday};
use controlroom::sim::{SimConfig, SimOptions};
use serde_json::Value;
use sim_support::{at, check_record, instant, pull_all, ServedCalendar, TestSim};

const NOW: &str = "20261127150000";

fn cfg(seed: u64, dossiers: u64) -> SimConfig {
    SimConfig {
        seed,
        dossiers: Some(dossiers),
        now: Some(at(NOW)),
        ..SimConfig::default()
    }
}

fn key(r: &Value) -> (String, String) {
    (
        r["NgayCapNhat"].as_str().unwrap().to_string(),
        r["MaHoSo"].as_str().unwrap().to_string(),
    )
}

#[test]
fn paging_walks_the_whole_feed_in_order_without_overlap() {
    let sim = TestSim::start(cfg(7, 3000));
    let all = pull_all(&sim, "20000101000000", 997);
    assert_eq!(all.len(), 3000, "every dossier once");
    for w in all.windows(2) {
        assert!(
            key(&w[0]) < key(&w[1]),
            "strictly ordered: {:?} then {:?}",
            key(&w[0]),
            key(&w[1])
        );
    }
    let codes: HashSet<&str> = all.iter().map(|r| r["MaHoSo"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 3000);
    // The last page says there is no more, and its cursor gives an empty page, still valid.
    let last = sim.json("/api/v1/hoso?updated_since=20000101000000&limit=5000");
    assert_eq!(last["data"].as_array().unwrap().len(), 3000);
    assert_eq!(last["has_more"], false);
    let after = sim.json(&format!(
        "/api/v1/hoso?cursor={}",
        last["next_cursor"].as_str().unwrap()
    ));
    assert_eq!(after["data"].as_array().unwrap().len(), 0);
    assert_eq!(after["has_more"], false);
    assert_eq!(after["next_cursor"], last["next_cursor"]);
    assert_eq!(after["server_time"], NOW);
}

#[test]
fn the_cursor_resumes_strictly_after_the_last_record_and_updated_since_is_inclusive() {
    let sim = TestSim::start(cfg(8, 2000));
    let all = pull_all(&sim, "20000101000000", 5000);
    let first = sim.json("/api/v1/hoso?limit=10");
    let cursor = first["next_cursor"].as_str().unwrap();
    let next = sim.json(&format!("/api/v1/hoso?cursor={cursor}&limit=5"));
    let expect: Vec<_> = all[10..15].iter().map(key).collect();
    let got: Vec<_> = next["data"].as_array().unwrap().iter().map(key).collect();
    assert_eq!(got, expect);
    // Inclusive: updated_since = the NgayCapNhat of record 1234 starts at the first record with it.
    let since = all[1234]["NgayCapNhat"].as_str().unwrap();
    let from = all.iter().position(|r| r["NgayCapNhat"] == since).unwrap();
    let page = sim.json(&format!("/api/v1/hoso?updated_since={since}&limit=3"));
    let got: Vec<_> = page["data"].as_array().unwrap().iter().map(key).collect();
    let expect: Vec<_> = all[from..from + 3].iter().map(key).collect();
    assert_eq!(got, expect);
    // Default limit is 1000; 5000 is allowed.
    assert_eq!(
        sim.json("/api/v1/hoso")["data"].as_array().unwrap().len(),
        1000
    );
    assert_eq!(
        sim.json("/api/v1/hoso?limit=5000")["data"]
            .as_array()
            .unwrap()
            .len(),
        2000
    );
}

fn assert_error(a: &sim_support::Answer, status: u16, code: &str) {
    assert_eq!(a.status, status, "{}", a.text());
    let body = a.json();
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(a.header("content-type"), Some("application/json"));
}

#[test]
fn bad_parameters_get_400_and_unknown_cursors_410_with_error_bodies() {
    let sim = TestSim::start(cfg(9, 200));
    for bad in [
        "limit=0",
        "limit=5001",
        "limit=abc",
        "limit=-1",
        "updated_since=2026",
        "updated_since=20261345000000",
        "updated_since=abcdefghijklmn",
    ] {
        assert_error(&sim.get(&format!("/api/v1/hoso?{bad}")), 400, "bad_request");
    }
    for bad in ["nam=abc", "", "nam="] {
        assert_error(
            &sim.get(&format!("/api/v1/lichlamviec?{bad}")),
            400,
            "bad_request",
        );
    }
    assert_error(
        &sim.get("/api/v1/hoso?cursor=nonsense"),
        410,
        "cursor_expired",
    );
    // A cursor from another seed (or mangled) is unknown here.
    let other = TestSim::start(cfg(10, 200));
    let c = other.json("/api/v1/hoso?limit=1")["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    assert_error(
        &sim.get(&format!("/api/v1/hoso?cursor={c}")),
        410,
        "cursor_expired",
    );
    assert_error(&sim.get("/api/v1/nothing"), 404, "not_found");
}

#[test]
fn a_configured_token_is_required_on_the_api_but_not_on_the_truth() {
    let sim = TestSim::start(SimConfig {
        token: Some("s3cret".into()),
        ..cfg(11, 100)
    });
    for path in [
        "/api/v1/donvi",
        "/api/v1/thutuc",
        "/api/v1/lichlamviec?nam=2026",
        "/api/v1/hoso",
    ] {
        let none = sim.get(path);
        assert_error(&none, 401, "unauthorized");
        assert_eq!(none.header("www-authenticate"), Some("Bearer"));
        assert_error(
            &sim.get_with(path, &[("Authorization", "Bearer wrong")]),
            401,
            "unauthorized",
        );
        assert_eq!(
            sim.get_with(path, &[("Authorization", "Bearer s3cret")])
                .status,
            200,
            "{path}"
        );
    }
    assert_eq!(sim.get("/__sim/truth?summary=1").status, 200);
}

#[test]
fn gzip_when_asked_and_identical_content() {
    let sim = TestSim::start(cfg(12, 500));
    let plain = sim.get("/api/v1/hoso?limit=300");
    assert_eq!(plain.header("content-encoding"), None);
    let zipped = sim.get_with(
        "/api/v1/hoso?limit=300",
        &[("Accept-Encoding", "gzip, deflate")],
    );
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert!(
        zipped.body.len() * 3 < plain.body.len(),
        "compressed: {} vs {}",
        zipped.body.len(),
        plain.body.len()
    );
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain.body);
}

#[test]
fn the_calendar_of_2025_and_2026_is_served_other_years_are_404() {
    let day_off = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let sim = TestSim::start_with(
        cfg(13, 4000),
        SimOptions {
            local_days_off: vec![(day_off, "Nghỉ lễ hội địa phương".into())],
            ..SimOptions::default()
        },
    );
    let c = sim.json("/api/v1/lichlamviec?nam=2026");
    assert_eq!(c["Nam"], 2026);
    let off: Vec<&str> = c["NgayNghi"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["Ngay"].as_str().unwrap())
        .collect();
    for tet in [
        "20260216", "20260217", "20260218", "20260219", "20260220", "20261120",
    ] {
        assert!(off.contains(&tet), "{tet} in {off:?}");
    }
    assert!(c["NgayLamBu"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["Ngay"] == "20260822"));
    assert_eq!(c["GioLamViec"][0]["TuGio"], "07:00");
    assert_eq!(c["GioLamViec"][1]["DenGio"], "17:00");
    let c25 = sim.json("/api/v1/lichlamviec?nam=2025");
    assert!(c25["NgayNghi"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["Ngay"] == "20250127"));
    for year in [2024, 2027, 1999] {
        let a = sim.get(&format!("/api/v1/lichlamviec?nam={year}"));
        assert_eq!(a.status, 404, "{year}");
        assert_eq!(a.json()["error"], "not_found");
    }

    // NgayHenTra follows the served calendar: for working-day procedures without pause or
    // extension, it is 17:00 on the N-th working day after the reception date.
    let cal = ServedCalendar::fetch(&sim, &[2025, 2026]);
    let procs: HashMap<String, Value> = sim.json("/api/v1/thutuc")["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["MaTTHC"].as_str().unwrap().to_string(), p.clone()))
        .collect();
    let (mut checked, mut across_day_off) = (0, 0);
    for r in pull_all(&sim, "20000101000000", 5000) {
        let p = &procs[r["MaTTHC"].as_str().unwrap()];
        let (Some(received), Some(due)) = (instant(&r["NgayTiepNhan"]), instant(&r["NgayHenTra"]))
        else {
            continue;
        };
        if p["DonViThoiHan"] != "ngay_lam_viec"
            || !r["DanhSachHoSoBoSung"].as_array().unwrap().is_empty()
            || !r["DanhSachGiaHan"].as_array().unwrap().is_empty()
        {
            continue;
        }
        let n = p["ThoiHanGiaiQuyet"].as_u64().unwrap() as u32;
        let expect = cal.add_working_days(received.date(), n);
        assert_eq!(
            due,
            expect.and_hms_opt(17, 0, 0).unwrap(),
            "{}",
            r["MaHoSo"]
        );
        checked += 1;
        if received.date() < day_off && expect > day_off {
            across_day_off += 1;
        }
    }
    assert!(checked > 500, "{checked}");
    assert!(
        across_day_off > 0,
        "some appointment moved over the local day off"
    );
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let a = TestSim::start(cfg(21, 1500)).truth();
    let b = TestSim::start(cfg(21, 1500)).truth();
    assert_eq!(a, b);
    let c = TestSim::start(cfg(22, 1500)).truth();
    assert_ne!(a["dossiers"], c["dossiers"]);
    assert_eq!(a["dossiers"].as_array().unwrap().len(), 1500);
}

#[test]
fn every_record_is_well_formed_and_the_truth_is_the_feed() {
    let sim = TestSim::start(cfg(31, 6000));
    let all = pull_all(&sim, "20000101000000", 5000);
    for r in &all {
        check_record(r).unwrap();
        assert_eq!(r["DaXoa"], false);
    }
    let truth = sim.truth();
    assert_eq!(truth["dossiers"].as_array().unwrap(), &all);
    assert!(truth["tombstoned"].as_array().unwrap().is_empty());
    assert!(truth["malformed"].as_array().unwrap().is_empty());
    let summary = sim.json("/__sim/truth?summary=1");
    assert_eq!(summary["dossiers"].as_array().unwrap().len(), 6000);
    assert_eq!(summary["dossiers"][0]["MaHoSo"], all[0]["MaHoSo"]);
}

fn share(n: usize, of: usize) -> f64 {
    n as f64 / of.max(1) as f64
}

#[test]
fn shares_and_rhythms_are_realistic() {
    let sim = TestSim::start(cfg(41, 30000));
    let all = pull_all(&sim, "20000101000000", 5000);
    let n = all.len();
    let status = |s: i64| all.iter().filter(|r| r["TrangThaiHoSo"] == s).count();
    let refused = share(status(3), n);
    assert!((0.01..0.05).contains(&refused), "refused {refused}");
    let withdrawn = share(status(7), n);
    assert!((0.005..0.03).contains(&withdrawn), "withdrawn {withdrawn}");
    let stopped = share(status(8), n);
    assert!((0.002..0.02).contains(&stopped), "stopped {stopped}");
    assert!(status(1) > 0 && status(4) > 0 && status(9) > 0 && status(10) > 0);
    assert!(status(5) + status(6) > 0, "some dossiers are paused now");

    // Timeliness of resolved dossiers against the legal due date.
    let (mut early, mut on_time, mut late, mut extended) = (0, 0, 0, 0);
    for r in all
        .iter()
        .filter(|r| r["TrangThaiHoSo"] == 9 || r["TrangThaiHoSo"] == 10)
    {
        let ext = r["DanhSachGiaHan"].as_array().unwrap();
        let legal = match ext.first() {
            Some(x) => instant(&x["NgayHenTraCu"]).unwrap(),
            None => instant(&r["NgayHenTra"]).unwrap(),
        };
        extended += !ext.is_empty() as usize;
        let end = instant(&r["NgayKetThucXuLy"]).unwrap().date();
        match end.cmp(&legal.date()) {
            std::cmp::Ordering::Less => early += 1,
            std::cmp::Ordering::Equal => on_time += 1,
            std::cmp::Ordering::Greater => late += 1,
        }
    }
    let resolved = early + on_time + late;
    let late_share = share(late, resolved);
    assert!((0.03..0.15).contains(&late_share), "late {late_share}");
    assert!(
        early > on_time && on_time > late,
        "{early} {on_time} {late}"
    );
    let ext_share = share(extended, resolved);
    assert!((0.01..0.08).contains(&ext_share), "extended {ext_share}");
    let paused = share(
        all.iter()
            .filter(|r| !r["DanhSachHoSoBoSung"].as_array().unwrap().is_empty())
            .count(),
        n,
    );
    assert!((0.05..0.25).contains(&paused), "paused {paused}");
    let late_steps = all
        .iter()
        .flat_map(|r| r["QuaTrinhXuLy"].as_array().unwrap())
        .filter(|s| {
            match (
                instant(&s["NgayKetThuc"]),
                instant(&s["NgayKetThucTheoQuyDinh"]),
            ) {
                (Some(e), Some(d)) => e.date() > d.date(),
                _ => false,
            }
        })
        .count();
    assert!(late_steps > 0);

    // Ratings for a share of returned dossiers, mostly satisfied.
    let rated: Vec<&Value> = all
        .iter()
        .filter(|r| !r["DanhGiaHaiLong"].is_null())
        .collect();
    let rated_share = share(rated.len(), status(10));
    assert!((0.2..0.5).contains(&rated_share), "rated {rated_share}");
    let very = share(
        rated
            .iter()
            .filter(|r| r["DanhGiaHaiLong"]["MucDo"] == 1)
            .count(),
        rated.len(),
    );
    assert!(very > 0.5, "very satisfied {very}");

    // Mondays busy, Tết quiet, communes busier than the province, every channel used.
    let by_day = |pred: &dyn Fn(NaiveDate) -> bool| {
        all.iter()
            .filter(|r| pred(instant(&r["NgayNopHoSo"]).unwrap().date()))
            .count()
    };
    let mondays = by_day(&|d| d.weekday() == Weekday::Mon);
    let fridays = by_day(&|d| d.weekday() == Weekday::Fri);
    assert!(mondays as f64 > 1.2 * fridays as f64, "{mondays} {fridays}");
    let tet = by_day(&|d| {
        d >= NaiveDate::from_ymd_opt(2026, 2, 16).unwrap()
            && d <= NaiveDate::from_ymd_opt(2026, 2, 20).unwrap()
    });
    let march = by_day(&|d| {
        d >= NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()
            && d <= NaiveDate::from_ymd_opt(2026, 3, 13).unwrap()
    });
    assert!(
        (tet as f64) < 0.15 * march as f64,
        "Tết {tet} vs a March week {march}"
    );
    let commune = all
        .iter()
        .filter(|r| {
            r["MaDonVi"].as_str().unwrap().starts_with("000.4")
                || r["MaDonVi"].as_str().unwrap().starts_with("000.39")
        })
        .count();
    assert!(share(commune, n) > 0.5, "communes {}", share(commune, n));
    for channel in 1..=3 {
        assert!(
            all.iter().any(|r| r["KenhThucHien"] == channel),
            "channel {channel}"
        );
    }
    // Reception only in working hours.
    for r in &all {
        if let Some(t) = instant(&r["NgayTiepNhan"]) {
            let m = t.time().format("%H%M").to_string();
            assert!(
                ("0700".."1131").contains(&m.as_str()) || ("1330".."1701").contains(&m.as_str()),
                "{}",
                r["MaHoSo"]
            );
        }
    }
    // History stays attributable: dossiers of a department that stopped, dated before its end.
    let khdt: Vec<&Value> = all
        .iter()
        .filter(|r| r["MaDonVi"] == "000.00.06.H40")
        .collect();
    assert!(!khdt.is_empty());
    assert!(khdt
        .iter()
        .all(|r| r["NgayNopHoSo"].as_str().unwrap() < "20250301"));
}

#[test]
fn agencies_and_procedures_are_the_province() {
    let sim = TestSim::start(cfg(51, 100));
    let agencies = sim.json("/api/v1/donvi")["data"]
        .as_array()
        .unwrap()
        .clone();
    let names: Vec<&str> = agencies
        .iter()
        .map(|a| a["TenDonVi"].as_str().unwrap())
        .collect();
    for dept in [
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Công Thương",
        "Sở Nông nghiệp và Môi trường",
        "Sở Xây dựng",
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Giáo dục và Đào tạo",
        "Sở Y tế",
        "Thanh tra tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Sở Ngoại vụ",
        "Sở Dân tộc và Tôn giáo",
        "Công an tỉnh Nghệ An",
    ] {
        assert!(names.contains(&dept), "{dept}");
    }
    for level in 1..=3 {
        assert!(
            agencies.iter().any(|a| a["CapDonVi"] == level),
            "level {level}"
        );
    }
    let stopped: Vec<&Value> = agencies
        .iter()
        .filter(|a| !a["HieuLucDen"].is_null())
        .collect();
    assert!(!stopped.is_empty());
    for a in stopped {
        let successor = a["ThayTheBoi"]
            .as_str()
            .expect("a stopped agency names its successor");
        assert!(agencies.iter().any(|b| b["MaDonVi"] == successor));
    }
    let procs = sim.json("/api/v1/thutuc")["data"]
        .as_array()
        .unwrap()
        .clone();
    assert!(procs.len() >= 300);
    for unit in ["ngay_lam_viec", "gio_lam_viec", "ngay"] {
        assert!(procs.iter().any(|p| p["DonViThoiHan"] == unit));
    }
    assert!(procs.iter().any(|p| p["LePhi"].as_i64().unwrap() > 0));
    let codes: HashSet<&str> = agencies
        .iter()
        .map(|a| a["MaDonVi"].as_str().unwrap())
        .collect();
    assert!(procs
        .iter()
        .all(|p| codes.contains(p["MaDonVi"].as_str().unwrap())));
}

/// What Decision 766 reads: fees on the procedures that charge them (a few exempt, at 0),
/// online payment on part of them, and now and then a second supplement request.
#[test]
fn fees_online_payment_and_second_supplement_requests_come_in_realistic_shares() {
    let sim = TestSim::start(cfg(43, 20000));
    let all = pull_all(&sim, "20000101000000", 5000);
    let fees: Vec<&Value> = all
        .iter()
        .filter_map(|r| r["DanhSachLePhi"].as_array().unwrap().first())
        .collect();
    let with_fee = share(fees.len(), all.len());
    assert!((0.1..0.7).contains(&with_fee), "with a fee {with_fee}");
    let exempt = share(fees.iter().filter(|f| f["Gia"] == 0).count(), fees.len());
    assert!((0.01..0.1).contains(&exempt), "exempt {exempt}");
    let charged: Vec<&Value> = all
        .iter()
        .filter(|r| {
            r["DanhSachLePhi"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["Gia"].as_i64().unwrap() > 0)
        })
        .collect();
    let paid_online = share(
        charged
            .iter()
            .filter(|r| matches!(r["DuocThanhToanTrucTuyen"].as_i64(), Some(1 | 2)))
            .count(),
        charged.len(),
    );
    assert!(
        (0.3..0.85).contains(&paid_online),
        "paid online {paid_online}"
    );
    // A dossier exempt from its fee is never paid online.
    for r in &all {
        let zero = r["DanhSachLePhi"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["Gia"] == 0);
        assert!(!zero || r["DuocThanhToanTrucTuyen"] == 0, "{}", r["MaHoSo"]);
    }
    let requests = |r: &&Value| r["DanhSachHoSoBoSung"].as_array().unwrap().len();
    let asked: Vec<&Value> = all.iter().filter(|r| requests(r) >= 1).collect();
    let twice = share(
        asked.iter().filter(|r| requests(r) >= 2).count(),
        asked.len(),
    );
    assert!(
        (0.05..0.35).contains(&twice),
        "two requests or more {twice}"
    );
}
