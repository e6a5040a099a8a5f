//! The wire format of CENTER-API.md: the national dossier-sync field names, exactly. This is the
//! one place that knows them; the simulator serialises these same types, and the OpenAPI file
//! (`openapi/center-api.yaml`) is the independent check of both.
//!
//! Fields are typed loosely on purpose (strings for timestamps, `Option` where the contract says
//! "present for…"): the client must be able to *read* a broken record in order to keep it in
//! quarantine with its reason. Validation into `model` types happens in `source::validate`.

use serde::{Deserialize, Serialize};

/// `{"error": "<code>", "message": "<text>"}` of every 4xx/5xx answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
}

/// `{"data": [...]}` of `/donvi` and `/thutuc`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListBody<T> {
    pub data: Vec<T>,
}

/// One page of `/hoso`. Records stay raw JSON here so that one malformed record cannot spoil
/// the page: each is validated on its own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FeedPage<R = serde_json::Value> {
    pub data: Vec<R>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub server_time: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DonVi {
    #[serde(rename = "MaDonVi")]
    pub ma_don_vi: String,
    #[serde(rename = "TenDonVi")]
    pub ten_don_vi: String,
    #[serde(rename = "CapDonVi")]
    pub cap_don_vi: u8,
    #[serde(rename = "MaDonViCha")]
    pub ma_don_vi_cha: Option<String>,
    #[serde(rename = "HieuLucTu")]
    pub hieu_luc_tu: Option<String>,
    #[serde(rename = "HieuLucDen")]
    pub hieu_luc_den: Option<String>,
    #[serde(rename = "ThayTheBoi")]
    pub thay_the_boi: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThuTuc {
    #[serde(rename = "MaTTHC")]
    pub ma_tthc: String,
    #[serde(rename = "TenTTHC")]
    pub ten_tthc: String,
    #[serde(rename = "MaLinhVuc")]
    pub ma_linh_vuc: String,
    #[serde(rename = "TenLinhVuc")]
    pub ten_linh_vuc: String,
    #[serde(rename = "MaDonVi")]
    pub ma_don_vi: String,
    #[serde(rename = "MucDo")]
    pub muc_do: u8,
    #[serde(rename = "ThoiHanGiaiQuyet")]
    pub thoi_han_giai_quyet: u32,
    /// `ngay_lam_viec`, `gio_lam_viec` or `ngay`.
    #[serde(rename = "DonViThoiHan")]
    pub don_vi_thoi_han: String,
    #[serde(rename = "LePhi")]
    pub le_phi: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LichLamViec {
    #[serde(rename = "Nam")]
    pub nam: i32,
    #[serde(rename = "NgayNghi")]
    pub ngay_nghi: Vec<NgayLich>,
    #[serde(rename = "NgayLamBu")]
    pub ngay_lam_bu: Vec<NgayLich>,
    #[serde(rename = "GioLamViec")]
    pub gio_lam_viec: Vec<GioLamViec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NgayLich {
    #[serde(rename = "Ngay")]
    pub ngay: String,
    #[serde(rename = "LyDo")]
    pub ly_do: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GioLamViec {
    #[serde(rename = "TuGio")]
    pub tu_gio: String,
    #[serde(rename = "DenGio")]
    pub den_gio: String,
}

/// A dossier record (`HoSoDongBoDVC` field names). Every field is optional on the way in so that
/// a record missing one can still be read and quarantined with a precise reason.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HoSo {
    #[serde(rename = "MaHoSo")]
    pub ma_ho_so: Option<String>,
    #[serde(rename = "MaTTHC", default)]
    pub ma_tthc: Option<String>,
    #[serde(rename = "MaDonVi", default)]
    pub ma_don_vi: Option<String>,
    #[serde(rename = "KenhThucHien", default)]
    pub kenh_thuc_hien: Option<i64>,
    #[serde(rename = "LoaiDoiTuong", default)]
    pub loai_doi_tuong: Option<i64>,
    #[serde(rename = "ChuHoSo", default)]
    pub chu_ho_so: Option<String>,
    #[serde(
        rename = "SoGiayToChuHoSo",
        default,
        deserialize_with = "personal::number_text"
    )]
    pub so_giay_to_chu_ho_so: Option<String>,
    #[serde(
        rename = "SoDienThoai",
        default,
        deserialize_with = "personal::number_text"
    )]
    pub so_dien_thoai: Option<String>,
    #[serde(rename = "TrichYeuHoSo", default)]
    pub trich_yeu_ho_so: Option<String>,
    #[serde(rename = "NgayNopHoSo", default)]
    pub ngay_nop_ho_so: Option<String>,
    #[serde(rename = "NgayTiepNhan", default)]
    pub ngay_tiep_nhan: Option<String>,
    #[serde(rename = "NgayHenTra", default)]
    pub ngay_hen_tra: Option<String>,
    #[serde(rename = "NgayKetThucXuLy", default)]
    pub ngay_ket_thuc_xu_ly: Option<String>,
    #[serde(rename = "NgayTra", default)]
    pub ngay_tra: Option<String>,
    #[serde(rename = "NgayTuChoi", default)]
    pub ngay_tu_choi: Option<String>,
    #[serde(rename = "TrangThaiHoSo", default)]
    pub trang_thai_ho_so: Option<i64>,
    #[serde(rename = "DuocThanhToanTrucTuyen", default)]
    pub duoc_thanh_toan_truc_tuyen: Option<i64>,
    #[serde(rename = "NgayCapNhat", default)]
    pub ngay_cap_nhat: Option<String>,
    #[serde(rename = "DaXoa", default)]
    pub da_xoa: Option<bool>,
    #[serde(rename = "DanhSachLePhi", default)]
    pub danh_sach_le_phi: Option<Vec<LePhi>>,
    #[serde(rename = "DanhSachHoSoBoSung", default)]
    pub danh_sach_ho_so_bo_sung: Option<Vec<HoSoBoSung>>,
    #[serde(rename = "DanhSachGiaHan", default)]
    pub danh_sach_gia_han: Option<Vec<GiaHan>>,
    #[serde(rename = "QuaTrinhXuLy", default)]
    pub qua_trinh_xu_ly: Option<Vec<BuocXuLy>>,
    #[serde(rename = "DanhGiaHaiLong", default)]
    pub danh_gia_hai_long: Option<DanhGia>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LePhi {
    #[serde(rename = "MaPhiLePhi", default)]
    pub ma_phi_le_phi: Option<String>,
    #[serde(rename = "TenPhiLePhi", default)]
    pub ten_phi_le_phi: Option<String>,
    #[serde(rename = "LoaiPhiLePhi", default)]
    pub loai_phi_le_phi: Option<i64>,
    #[serde(rename = "Gia", default)]
    pub gia: Option<i64>,
    #[serde(rename = "HinhThucThu", default)]
    pub hinh_thuc_thu: Option<i64>,
    #[serde(rename = "NgayThu", default)]
    pub ngay_thu: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HoSoBoSung {
    #[serde(rename = "NgayBoSung", default)]
    pub ngay_bo_sung: Option<String>,
    #[serde(rename = "NgayTiepNhanBoSung", default)]
    pub ngay_tiep_nhan_bo_sung: Option<String>,
    #[serde(rename = "LyDo", default)]
    pub ly_do: Option<String>,
    #[serde(rename = "NgayHenTraTruoc", default)]
    pub ngay_hen_tra_truoc: Option<String>,
    #[serde(rename = "NgayHenTraMoi", default)]
    pub ngay_hen_tra_moi: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GiaHan {
    #[serde(rename = "NgayTao", default)]
    pub ngay_tao: Option<String>,
    #[serde(rename = "NgayHenTraCu", default)]
    pub ngay_hen_tra_cu: Option<String>,
    #[serde(rename = "NgayHenTraMoi", default)]
    pub ngay_hen_tra_moi: Option<String>,
    #[serde(rename = "LyDo", default)]
    pub ly_do: Option<String>,
    #[serde(rename = "SoPhieuXinLoi", default)]
    pub so_phieu_xin_loi: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BuocXuLy {
    #[serde(rename = "ThuTu", default)]
    pub thu_tu: Option<i64>,
    #[serde(rename = "MaDonVi", default)]
    pub ma_don_vi: Option<String>,
    #[serde(rename = "PhongBanXuLy", default)]
    pub phong_ban_xu_ly: Option<String>,
    #[serde(rename = "NguoiXuLy", default)]
    pub nguoi_xu_ly: Option<String>,
    #[serde(rename = "ChucDanh", default)]
    pub chuc_danh: Option<String>,
    #[serde(rename = "NoiDungXuLy", default)]
    pub noi_dung_xu_ly: Option<String>,
    #[serde(rename = "NgayBatDau", default)]
    pub ngay_bat_dau: Option<String>,
    #[serde(rename = "NgayKetThucTheoQuyDinh", default)]
    pub ngay_ket_thuc_theo_quy_dinh: Option<String>,
    #[serde(rename = "NgayKetThuc", default)]
    pub ngay_ket_thuc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DanhGia {
    #[serde(rename = "MucDo", default)]
    pub muc_do: Option<i64>,
    #[serde(rename = "NgayDanhGia", default)]
    pub ngay_danh_gia: Option<String>,
    #[serde(rename = "Kenh", default)]
    pub kenh: Option<i64>,
    #[serde(rename = "NoiDung", default)]
    pub noi_dung: Option<String>,
}

/// `yyyyMMddHHmmss` and `yyyyMMdd`, the contract's two time formats.
/// The personal numbers of a record (`SoGiayToChuHoSo`, `SoDienThoai`): read whether written
/// as text or as a JSON number, so that no error message ever repeats one, and masked in the
/// raw copy a broken record is kept as.
pub mod personal {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    use crate::model::mask_number;

    /// The fields that hold a personal number, wherever they stand in a record.
    pub const NUMBER_FIELDS: [&str; 2] = ["SoGiayToChuHoSo", "SoDienThoai"];

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Text(String),
        Number(serde_json::Number),
    }

    pub fn number_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<Loose>::deserialize(d)?.map(|v| match v {
            Loose::Text(s) => s,
            Loose::Number(n) => n.to_string(),
        }))
    }

    /// `raw` (a record's JSON text) with every personal number masked as the dossier table
    /// masks it (last 3 digits), every other field kept. Text that is not JSON is returned as
    /// it is: it cannot be read field by field.
    pub fn mask_raw(raw: &str) -> String {
        let Ok(mut value) = serde_json::from_str::<Value>(raw) else {
            return raw.to_string();
        };
        if mask_value(&mut value) {
            value.to_string()
        } else {
            raw.to_string()
        }
    }

    /// Masks in place; true when anything was masked.
    fn mask_value(v: &mut Value) -> bool {
        match v {
            Value::Object(map) => {
                let mut changed = false;
                for (key, field) in map.iter_mut() {
                    if NUMBER_FIELDS.contains(&key.as_str()) {
                        let text = match field {
                            Value::String(s) => Some(s.clone()),
                            Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        };
                        if let Some(text) = text {
                            let masked = mask_number(&text);
                            changed |= masked != text || field.is_number();
                            *field = Value::String(masked);
                        }
                    } else {
                        changed |= mask_value(field);
                    }
                }
                changed
            }
            Value::Array(items) => items.iter_mut().fold(false, |c, i| mask_value(i) | c),
            _ => false,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn raw_copies_keep_every_field_but_the_numbers() {
            let raw = r#"{"MaHoSo":"X-1","ChuHoSo":"Nguyễn Văn A","SoGiayToChuHoSo":"040012345678","SoDienThoai":912345678,"TrangThaiHoSo":"mười","Con":[{"SoDienThoai":"0912 345 678"}]}"#;
            let masked: Value = serde_json::from_str(&mask_raw(raw)).unwrap();
            let expected: Value = serde_json::from_str(
                r#"{"MaHoSo":"X-1","ChuHoSo":"Nguyễn Văn A","SoGiayToChuHoSo":"*********678","SoDienThoai":"******678","TrangThaiHoSo":"mười","Con":[{"SoDienThoai":"*******678"}]}"#,
            )
            .unwrap();
            assert_eq!(masked, expected);
            // Nothing to mask: the text is kept to the byte; not JSON: kept as it is.
            let plain = r#"{ "MaHoSo" : "X-2" }"#;
            assert_eq!(mask_raw(plain), plain);
            assert_eq!(mask_raw("[1,2"), "[1,2");
        }
    }
}

pub mod time {
    use chrono::{NaiveDate, NaiveDateTime};

    pub const INSTANT: &str = "%Y%m%d%H%M%S";
    pub const DATE: &str = "%Y%m%d";

    // Written and read by hand: a sync reads and the simulator writes millions of these, and
    // chrono's `format`/`parse_from_str` interpret the pattern anew each time.
    pub fn format_instant(t: NaiveDateTime) -> String {
        use chrono::{Datelike, Timelike};
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }

    pub fn format_date(d: NaiveDate) -> String {
        d.format(DATE).to_string()
    }

    /// Strict: exactly 14 digits that make a real instant.
    pub fn parse_instant(s: &str) -> Option<NaiveDateTime> {
        if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |from: usize, to: usize| s[from..to].parse::<u32>().ok();
        NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(4, 6)?, n(6, 8)?)?.and_hms_opt(
            n(8, 10)?,
            n(10, 12)?,
            n(12, 14)?,
        )
    }

    /// Strict: exactly 8 digits that make a real date.
    pub fn parse_date(s: &str) -> Option<NaiveDate> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        NaiveDate::parse_from_str(s, DATE).ok()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn instants_round_trip_and_only_real_ones_parse() {
            let t = NaiveDate::from_ymd_opt(2026, 2, 3)
                .unwrap()
                .and_hms_opt(7, 5, 9)
                .unwrap();
            assert_eq!(format_instant(t), "20260203070509");
            assert_eq!(parse_instant("20260203070509"), Some(t));
            for bad in [
                "20260230101500",
                "20260203240000",
                "20260203076000",
                "20260203070560",
                "2026020307050",
                "202602030705091",
                "2026-2-03070509",
                "+2026020307050",
            ] {
                assert_eq!(parse_instant(bad), None, "{bad}");
            }
        }
    }
}
