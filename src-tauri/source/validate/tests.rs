use serde_json::{json, Value};

use super::*;

/// The example dossier of CENTER-API.md.
fn sample() -> Value {
    json!({"MaHoSo": "000.00.13.H40-260316-0042", "MaTTHC": "1.001234", "MaDonVi": "000.00.13.H40",
     "KenhThucHien": 2, "LoaiDoiTuong": 1,
     "ChuHoSo": "Nguyễn Văn A", "SoGiayToChuHoSo": "040012345678", "SoDienThoai": "0912345678",
     "TrichYeuHoSo": "Cấp phiếu LLTP số 1",
     "NgayNopHoSo": "20260316080501", "NgayTiepNhan": "20260316090000",
     "NgayHenTra": "20260330170000", "NgayKetThucXuLy": null, "NgayTra": null, "NgayTuChoi": null,
     "TrangThaiHoSo": 4, "DuocThanhToanTrucTuyen": 1, "NgayCapNhat": "20260320101500",
     "DaXoa": false,
     "DanhSachLePhi": [{"MaPhiLePhi": "LP01", "TenPhiLePhi": "Lệ phí cấp phiếu", "LoaiPhiLePhi": 2,
                        "Gia": 200000, "HinhThucThu": 2, "NgayThu": "20260316090500"}],
     "DanhSachHoSoBoSung": [{"NgayBoSung": "20260318100000", "NgayTiepNhanBoSung": "20260320100000",
                             "LyDo": "Thiếu tờ khai", "NgayHenTraTruoc": "20260330170000",
                             "NgayHenTraMoi": "20260401170000"}],
     "DanhSachGiaHan": [{"NgayTao": "20260327150000", "NgayHenTraCu": "20260401170000",
                         "NgayHenTraMoi": "20260406170000", "LyDo": "Chờ xác minh",
                         "SoPhieuXinLoi": "12/PXL-STP"}],
     "QuaTrinhXuLy": [{"ThuTu": 1, "MaDonVi": "000.00.13.H40", "PhongBanXuLy": "Bộ phận một cửa",
                       "NguoiXuLy": "Trần Thị B", "ChucDanh": "Chuyên viên",
                       "NoiDungXuLy": "Tiếp nhận hồ sơ", "NgayBatDau": "20260316090000",
                       "NgayKetThucTheoQuyDinh": "20260316170000", "NgayKetThuc": "20260316093000"}],
     "DanhGiaHaiLong": {"MucDo": 1, "NgayDanhGia": "20260402090000", "Kenh": 2, "NoiDung": null},
     "TruongMoi": "unknown fields are ignored"})
}

fn at(s: &str) -> NaiveDateTime {
    time::parse_instant(s).unwrap()
}

/// The sample with some fields replaced, validated.
fn check(changes: Value) -> Checked<FeedRecord> {
    let mut v = sample();
    for (k, val) in changes.as_object().unwrap() {
        v[k] = val.clone();
    }
    let wire: wire::HoSo = serde_json::from_value(v).unwrap();
    feed_record(&wire)
}

fn reason(changes: Value) -> String {
    check(changes).unwrap_err().to_string()
}

#[test]
fn the_contract_example_becomes_a_dossier_with_masked_numbers() {
    let FeedRecord::Dossier(d) = check(json!({})).unwrap() else {
        panic!("not a dossier")
    };
    assert_eq!(d.code, "000.00.13.H40-260316-0042");
    assert_eq!(d.status, Status::Processing);
    assert_eq!(d.channel, Channel::Online);
    assert_eq!(d.applicant.name.as_deref(), Some("Nguyễn Văn A"));
    assert_eq!(
        d.applicant.id_number_masked.as_deref(),
        Some("*********678")
    );
    assert_eq!(d.applicant.phone_masked.as_deref(), Some("*******678"));
    assert_eq!(d.received_at, Some(at("20260316090000")));
    assert_eq!(d.due_at, Some(at("20260330170000")));
    assert_eq!(d.finished_at, None);
    assert_eq!(d.updated_at, at("20260320101500"));
    assert_eq!(d.paid_online, 1);
    assert_eq!(d.fees.len(), 1);
    assert_eq!(
        (d.fees[0].kind, d.fees[0].amount, d.fees[0].method),
        (Some(2), 200000, Some(2))
    );
    assert_eq!(d.pauses[0].resumed_at, Some(at("20260320100000")));
    assert_eq!(d.extensions[0].due_after, at("20260406170000"));
    assert_eq!(
        d.extensions[0].apology_letter.as_deref(),
        Some("12/PXL-STP")
    );
    assert_eq!(d.steps[0].seq, 1);
    assert_eq!(d.steps[0].ended_at, Some(at("20260316093000")));
    let r = d.rating.as_ref().unwrap();
    assert_eq!((r.level, r.channel, r.comment.clone()), (1, Some(2), None));
}

#[test]
fn a_tombstone_needs_only_its_code_and_time() {
    let wire: wire::HoSo = serde_json::from_value(
        json!({"MaHoSo": "X-1", "NgayCapNhat": "20260101080000", "DaXoa": true}),
    )
    .unwrap();
    assert_eq!(
        feed_record(&wire).unwrap(),
        FeedRecord::Tombstone {
            code: "X-1".into(),
            updated_at: at("20260101080000")
        }
    );
    let wire: wire::HoSo = serde_json::from_value(json!({"MaHoSo": "X-1", "DaXoa": true})).unwrap();
    assert_eq!(
        feed_record(&wire).unwrap_err().to_string(),
        "missing NgayCapNhat"
    );
}

#[test]
fn missing_identifiers_are_named() {
    assert_eq!(reason(json!({"MaHoSo": null})), "missing MaHoSo");
    assert_eq!(reason(json!({"MaHoSo": "  "})), "missing MaHoSo");
    assert_eq!(reason(json!({"MaTTHC": null})), "missing MaTTHC");
    assert_eq!(reason(json!({"MaDonVi": ""})), "missing MaDonVi");
    assert_eq!(reason(json!({"NgayCapNhat": null})), "missing NgayCapNhat");
}

#[test]
fn dates_that_do_not_parse_are_named_with_their_value() {
    assert_eq!(
        reason(json!({"NgayTiepNhan": "2026-03-16"})),
        "NgayTiepNhan \"2026-03-16\" is not a yyyyMMddHHmmss instant"
    );
    assert_eq!(
        reason(json!({"NgayCapNhat": "20260230101500"})),
        "NgayCapNhat \"20260230101500\" is not a yyyyMMddHHmmss instant"
    );
    let mut fees = sample()["DanhSachLePhi"].clone();
    fees[0]["NgayThu"] = json!("20261316090500");
    assert_eq!(
        reason(json!({ "DanhSachLePhi": fees })),
        "DanhSachLePhi[0].NgayThu \"20261316090500\" is not a yyyyMMddHHmmss instant"
    );
    let mut steps = sample()["QuaTrinhXuLy"].clone();
    steps[0]["NgayBatDau"] = Value::Null;
    assert_eq!(
        reason(json!({ "QuaTrinhXuLy": steps })),
        "missing QuaTrinhXuLy[0].NgayBatDau"
    );
}

#[test]
fn unknown_codes_are_named() {
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 11})),
        "unknown TrangThaiHoSo 11"
    );
    assert_eq!(
        reason(json!({"TrangThaiHoSo": -1})),
        "unknown TrangThaiHoSo -1"
    );
    assert_eq!(
        reason(json!({"TrangThaiHoSo": null})),
        "missing TrangThaiHoSo"
    );
    assert_eq!(reason(json!({"KenhThucHien": 4})), "unknown KenhThucHien 4");
    assert_eq!(reason(json!({"LoaiDoiTuong": 0})), "unknown LoaiDoiTuong 0");
    assert_eq!(
        reason(json!({"DuocThanhToanTrucTuyen": 3})),
        "unknown DuocThanhToanTrucTuyen 3"
    );
    assert_eq!(
        reason(json!({"DanhGiaHaiLong": {"MucDo": 4, "NgayDanhGia": "20260402090000"}})),
        "unknown DanhGiaHaiLong.MucDo 4"
    );
    let mut fees = sample()["DanhSachLePhi"].clone();
    fees[0]["LoaiPhiLePhi"] = json!(3);
    assert_eq!(
        reason(json!({ "DanhSachLePhi": fees })),
        "unknown DanhSachLePhi[0].LoaiPhiLePhi 3"
    );
}

#[test]
fn each_status_requires_its_times() {
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 2, "NgayTiepNhan": null})),
        "status 2 (Đã tiếp nhận) requires NgayTiepNhan"
    );
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 4, "NgayHenTra": null})),
        "status 4 (Đang xử lý) requires NgayHenTra"
    );
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 9})),
        "status 9 (Đã xử lý xong) requires NgayKetThucXuLy"
    );
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 7})),
        "status 7 (Công dân rút hồ sơ) requires NgayKetThucXuLy"
    );
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 10})),
        "status 10 (Đã trả kết quả) requires NgayKetThucXuLy or NgayTra"
    );
    // Every missing field is named, not only the first.
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 9, "NgayTiepNhan": null, "NgayHenTra": null})),
        "status 9 (Đã xử lý xong) requires NgayTiepNhan, NgayHenTra, NgayKetThucXuLy"
    );
    // Submitted and refused dossiers need no intake times.
    assert!(check(json!({"TrangThaiHoSo": 1, "NgayTiepNhan": null, "NgayHenTra": null})).is_ok());
    assert!(check(
        json!({"TrangThaiHoSo": 3, "NgayTiepNhan": null, "NgayHenTra": null,
                         "NgayTuChoi": "20260316100000"})
    )
    .is_ok());
    assert!(check(
        json!({"TrangThaiHoSo": 10, "NgayKetThucXuLy": "20260325100000",
                         "NgayTra": "20260326100000"})
    )
    .is_ok());
}

#[test]
fn a_paused_status_needs_an_open_pause() {
    // The sample's only pause is closed.
    assert_eq!(
        reason(json!({"TrangThaiHoSo": 5})),
        "status 5 (Yêu cầu bổ sung) requires an open entry (NgayTiepNhanBoSung null) in DanhSachHoSoBoSung"
    );
    assert!(
        reason(json!({"TrangThaiHoSo": 6, "DanhSachHoSoBoSung": null})).starts_with("status 6 ")
    );
    let mut pauses = sample()["DanhSachHoSoBoSung"].clone();
    pauses[0]["NgayTiepNhanBoSung"] = Value::Null;
    assert!(check(json!({"TrangThaiHoSo": 5, "DanhSachHoSoBoSung": pauses})).is_ok());
}

#[test]
fn agencies_procedures_and_calendars_are_checked() {
    let mut a: wire::DonVi = serde_json::from_value(json!({"MaDonVi": "000.00.13.H40",
        "TenDonVi": "Sở Tư pháp", "CapDonVi": 1, "MaDonViCha": null, "HieuLucTu": "20250301",
        "HieuLucDen": null, "ThayTheBoi": null}))
    .unwrap();
    let ok = agency(&a).unwrap();
    assert_eq!(ok.level, AgencyLevel::Provincial);
    assert_eq!(ok.valid_from, NaiveDate::from_ymd_opt(2025, 3, 1));
    a.cap_don_vi = 4;
    assert_eq!(agency(&a).unwrap_err().to_string(), "unknown CapDonVi 4");
    a.cap_don_vi = 3;
    a.hieu_luc_den = Some("2025-07-01".into());
    assert_eq!(
        agency(&a).unwrap_err().to_string(),
        "HieuLucDen \"2025-07-01\" is not a yyyyMMdd date"
    );

    let mut p: wire::ThuTuc = serde_json::from_value(json!({"MaTTHC": "1.001234",
        "TenTTHC": "Cấp phiếu lý lịch tư pháp", "MaLinhVuc": "LLTP", "TenLinhVuc": "Lý lịch tư pháp",
        "MaDonVi": "000.00.13.H40", "MucDo": 4, "ThoiHanGiaiQuyet": 10,
        "DonViThoiHan": "ngay_lam_viec", "LePhi": 200000}))
    .unwrap();
    assert_eq!(
        procedure(&p).unwrap().duration_unit,
        DurationUnit::WorkingDays
    );
    p.don_vi_thoi_han = "tuan".into();
    assert_eq!(
        procedure(&p).unwrap_err().to_string(),
        "unknown DonViThoiHan \"tuan\""
    );

    let mut c: wire::LichLamViec = serde_json::from_value(json!({"Nam": 2026,
        "NgayNghi": [{"Ngay": "20260216", "LyDo": "Tết Nguyên đán"}],
        "NgayLamBu": [{"Ngay": "20260822", "LyDo": "Làm bù cho ngày 31/8"}],
        "GioLamViec": [{"TuGio": "07:00", "DenGio": "11:30"}, {"TuGio": "13:30", "DenGio": "17:00"}]}))
    .unwrap();
    let cal = calendar(&c, 2026).unwrap();
    assert_eq!(
        cal.holidays[0].date,
        NaiveDate::from_ymd_opt(2026, 2, 16).unwrap()
    );
    assert_eq!(
        cal.working_hours[1].to,
        NaiveTime::from_hms_opt(17, 0, 0).unwrap()
    );
    assert_eq!(
        calendar(&c, 2025).unwrap_err().to_string(),
        "Nam 2026 answers a request for the year 2025"
    );
    c.gio_lam_viec[0].tu_gio = "7h".into();
    assert_eq!(
        calendar(&c, 2026).unwrap_err().to_string(),
        "GioLamViec[0].TuGio \"7h\" is not an HH:mm time"
    );
}

/// Each rule of `source::rules::RULES`, both ways: a record that breaks it (refused by that
/// rule, with the table's message filled in) and the nearest record that does not (kept).
#[test]
fn every_rule_of_the_table_both_ways() {
    use crate::source::rules::{Rule, RULES};
    let mut open = sample()["DanhSachHoSoBoSung"].clone();
    open[0]["NgayTiepNhanBoSung"] = Value::Null;
    let mut step_minus = sample()["QuaTrinhXuLy"].clone();
    step_minus[0]["ThuTu"] = json!(-1);
    let mut step_zero = sample()["QuaTrinhXuLy"].clone();
    step_zero[0]["ThuTu"] = json!(0);
    // (rule, the breaking change, its reason, the nearest change that breaks nothing)
    let cases: Vec<(Rule, Value, &str, Value)> = vec![
        (
            Rule::Present,
            json!({"MaHoSo": null}),
            "missing MaHoSo",
            json!({"MaHoSo": "X-1"}),
        ),
        (
            Rule::Instant,
            json!({"NgayTiepNhan": "202603160900"}),
            "NgayTiepNhan \"202603160900\" is not a yyyyMMddHHmmss instant",
            json!({"NgayTiepNhan": "20260316090000"}),
        ),
        (
            Rule::KnownCode,
            json!({"KenhThucHien": 4}),
            "unknown KenhThucHien 4",
            json!({"KenhThucHien": 3}),
        ),
        (
            Rule::StepOrder,
            json!({ "QuaTrinhXuLy": step_minus }),
            "QuaTrinhXuLy[0].ThuTu -1 is negative",
            json!({ "QuaTrinhXuLy": step_zero }),
        ),
        (
            Rule::ReceivedTimes,
            json!({"TrangThaiHoSo": 2, "NgayHenTra": null}),
            "status 2 (Đã tiếp nhận) requires NgayHenTra",
            json!({"TrangThaiHoSo": 1, "NgayHenTra": null}),
        ),
        (
            Rule::ClosedEnd,
            json!({"TrangThaiHoSo": 10}),
            "status 10 (Đã trả kết quả) requires NgayKetThucXuLy or NgayTra",
            json!({"TrangThaiHoSo": 10, "NgayTra": "20260325100000"}),
        ),
        (
            Rule::OpenPause,
            json!({"TrangThaiHoSo": 5}),
            "status 5 (Yêu cầu bổ sung) requires an open entry (NgayTiepNhanBoSung null) in DanhSachHoSoBoSung",
            json!({"TrangThaiHoSo": 5, "DanhSachHoSoBoSung": open}),
        ),
    ];
    for (rule, breaking, message, nearest) in &cases {
        let err = check(breaking.clone()).unwrap_err();
        assert_eq!((err.rule(), err.to_string().as_str()), (*rule, *message));
        assert!(check(nearest.clone()).is_ok(), "{rule:?}: {nearest}");
    }
    // The rules of whole records and of the reference lists, each both ways.
    let shape: Result<wire::HoSo, _> = serde_json::from_value(json!({"MaHoSo": 7}));
    assert_eq!(
        Invalid::Shape(shape.unwrap_err().to_string()).rule(),
        Rule::Shape
    );
    assert!(serde_json::from_value::<wire::HoSo>(json!({"MaHoSo": "7"})).is_ok());
    let donvi = |hieu_luc: &str| {
        agency(
            &serde_json::from_value(json!({"MaDonVi": "A", "TenDonVi": "Sở",
                "CapDonVi": 1, "HieuLucTu": hieu_luc}))
            .unwrap(),
        )
    };
    assert_eq!(donvi("2025-03-01").unwrap_err().rule(), Rule::Date);
    assert!(donvi("20250301").is_ok());
    let lich = |tu: &str, nam: i32| {
        calendar(
            &serde_json::from_value(json!({"Nam": 2026, "NgayNghi": [], "NgayLamBu": [],
                "GioLamViec": [{"TuGio": tu, "DenGio": "11:30"}]}))
            .unwrap(),
            nam,
        )
    };
    assert_eq!(lich("7h", 2026).unwrap_err().rule(), Rule::Time);
    assert_eq!(lich("07:00", 2025).unwrap_err().rule(), Rule::CalendarYear);
    assert!(lich("07:00", 2026).is_ok());
    // No rule is left untested, and each is in the table once, with its sentence.
    let tested: Vec<Rule> = cases.iter().map(|c| c.0).collect();
    for t in RULES {
        let covered = tested.contains(&t.rule)
            || matches!(
                t.rule,
                Rule::Shape | Rule::Date | Rule::Time | Rule::CalendarYear
            );
        assert!(covered, "{:?} has no test both ways", t.rule);
        assert_eq!(RULES.iter().filter(|o| o.rule == t.rule).count(), 1);
        assert!(!t.contract.is_empty() && !t.message.is_empty());
    }
}

/// What the contract does not forbid is data: each of these was refused by an older version.
#[test]
fn records_that_break_no_stated_rule_are_kept() {
    // An older system's returned dossier: NgayTra and no NgayKetThucXuLy.
    let FeedRecord::Dossier(d) =
        check(json!({"TrangThaiHoSo": 10, "NgayTra": "20260325100000"})).unwrap()
    else {
        panic!("not a dossier")
    };
    assert_eq!(
        (d.finished_at, d.returned_at),
        (None, Some(at("20260325100000")))
    );
    // Finished and returned without NgayTra; refused at intake without NgayTuChoi.
    assert!(check(json!({"TrangThaiHoSo": 10, "NgayKetThucXuLy": "20260325100000"})).is_ok());
    assert!(check(json!({"TrangThaiHoSo": 3, "NgayTiepNhan": null, "NgayHenTra": null})).is_ok());
    // Money is an integer: a negative amount (a refund) is data; a fee without its kind or
    // method of collection too.
    let mut fees = sample()["DanhSachLePhi"].clone();
    fees[0]["Gia"] = json!(-5);
    fees[0]["LoaiPhiLePhi"] = Value::Null;
    fees[0]["HinhThucThu"] = Value::Null;
    let FeedRecord::Dossier(d) = check(json!({ "DanhSachLePhi": fees })).unwrap() else {
        panic!("not a dossier")
    };
    assert_eq!(
        (d.fees[0].amount, d.fees[0].kind, d.fees[0].method),
        (-5, None, None)
    );
    // The contract lists no codes for a rating's channel.
    assert!(check(
        json!({"DanhGiaHaiLong": {"MucDo": 2, "NgayDanhGia": "20260402090000", "Kenh": 7}})
    )
    .is_ok());
    // Personal numbers written as JSON numbers are read, and masked.
    let FeedRecord::Dossier(d) =
        check(json!({"SoDienThoai": 912345678_u64, "SoGiayToChuHoSo": 40012345678_u64})).unwrap()
    else {
        panic!("not a dossier")
    };
    assert_eq!(d.applicant.phone_masked.as_deref(), Some("******678"));
    assert_eq!(d.applicant.id_number_masked.as_deref(), Some("********678"));
}
