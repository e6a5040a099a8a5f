//! Validation of wire records into `model` types. A record that breaks the contract is
//! refused with a precise reason (the field, the value, the rule), so that it can be kept in
//! quarantine and reported to the source's owners. Personal numbers are masked here, at ingest.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::rules::Rule;
use super::wire::{self, time};
use crate::model::{
    mask_number, Agency, AgencyLevel, Applicant, ApplicantKind, CalendarDay, Channel, Dossier,
    DurationUnit, Extension, Fee, FeedRecord, Pause, Procedure, Rating, Status, Step, WorkingHours,
    YearCalendar,
};

/// Why a record breaks the contract. The `Display` text is what the quarantine keeps.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("not a record of the contract: {0}")]
    Shape(String),
    #[error("missing {0}")]
    Missing(String),
    #[error("{field} {value:?} is not a yyyyMMddHHmmss instant")]
    BadInstant { field: String, value: String },
    #[error("{field} {value:?} is not a yyyyMMdd date")]
    BadDate { field: String, value: String },
    #[error("{field} {value:?} is not an HH:mm time")]
    BadTime { field: String, value: String },
    #[error("unknown {field} {value}")]
    UnknownCode { field: String, value: String },
    #[error("{field} {value} is negative")]
    Negative { field: String, value: i64 },
    #[error("status {status} ({label}) requires {}", fields.join(", "))]
    RequiredForStatus {
        rule: Rule,
        status: u8,
        label: &'static str,
        fields: Vec<&'static str>,
    },
    #[error("status {status} ({label}) requires an open entry (NgayTiepNhanBoSung null) in DanhSachHoSoBoSung")]
    NoOpenPause { status: u8, label: &'static str },
    #[error("Nam {found} answers a request for the year {asked}")]
    WrongYear { asked: i32, found: i32 },
}

impl Invalid {
    /// The rule of the contract the record breaks (`source::rules::RULES`).
    pub fn rule(&self) -> Rule {
        match self {
            Invalid::Shape(_) => Rule::Shape,
            Invalid::Missing(_) => Rule::Present,
            Invalid::BadInstant { .. } => Rule::Instant,
            Invalid::BadDate { .. } => Rule::Date,
            Invalid::BadTime { .. } => Rule::Time,
            Invalid::UnknownCode { .. } => Rule::KnownCode,
            Invalid::Negative { .. } => Rule::StepOrder,
            Invalid::RequiredForStatus { rule, .. } => *rule,
            Invalid::NoOpenPause { .. } => Rule::OpenPause,
            Invalid::WrongYear { .. } => Rule::CalendarYear,
        }
    }
}

type Checked<T> = Result<T, Invalid>;

/// A field's name as a reason gives it: a plain name, or `At` inside a list. Formatted only
/// when a record is refused: a sync checks millions of fields that are fine.
trait Field: std::fmt::Display + Copy {}
impl<T: std::fmt::Display + Copy> Field for T {}

/// The entry `index` of the list `list`.
#[derive(Clone, Copy)]
struct Entry<'a> {
    list: &'a str,
    index: usize,
}

impl<'a> Entry<'a> {
    fn at(self, field: &'a str) -> At<'a> {
        At { entry: self, field }
    }
}

/// A field of a list's entry: `List[i].Field`.
#[derive(Clone, Copy)]
struct At<'a> {
    entry: Entry<'a>,
    field: &'a str,
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}[{}].{}",
            self.entry.list, self.entry.index, self.field
        )
    }
}

fn nonempty(field: impl Field, v: &str) -> Checked<&str> {
    match v.trim() {
        "" => Err(Invalid::Missing(field.to_string())),
        s => Ok(s),
    }
}

fn present(field: impl Field, v: &Option<String>) -> Checked<&str> {
    nonempty(field, v.as_deref().unwrap_or_default())
}

fn instant(field: impl Field, v: &str) -> Checked<NaiveDateTime> {
    time::parse_instant(v).ok_or_else(|| Invalid::BadInstant {
        field: field.to_string(),
        value: v.to_string(),
    })
}

fn opt_instant(field: impl Field, v: &Option<String>) -> Checked<Option<NaiveDateTime>> {
    v.as_deref().map(|s| instant(field, s)).transpose()
}

fn req_instant(field: impl Field, v: &Option<String>) -> Checked<NaiveDateTime> {
    instant(field, present(field, v)?)
}

fn date(field: impl Field, v: &str) -> Checked<NaiveDate> {
    time::parse_date(v).ok_or_else(|| Invalid::BadDate {
        field: field.to_string(),
        value: v.to_string(),
    })
}

fn opt_date(field: impl Field, v: &Option<String>) -> Checked<Option<NaiveDate>> {
    v.as_deref().map(|s| date(field, s)).transpose()
}

/// A small code (status, channel, …): present, and one the model knows.
fn known<T: TryFrom<u8>>(field: impl Field, v: Option<i64>) -> Checked<T> {
    let v = v.ok_or_else(|| Invalid::Missing(field.to_string()))?;
    u8::try_from(v)
        .ok()
        .and_then(|b| T::try_from(b).ok())
        .ok_or_else(|| Invalid::UnknownCode {
            field: field.to_string(),
            value: v.to_string(),
        })
}

/// A code given as a plain number with a known range (`LoaiPhiLePhi`, `MucDo`, …).
fn ranged(field: impl Field, v: Option<i64>, allowed: std::ops::RangeInclusive<u8>) -> Checked<u8> {
    let v = v.ok_or_else(|| Invalid::Missing(field.to_string()))?;
    u8::try_from(v)
        .ok()
        .filter(|b| allowed.contains(b))
        .ok_or_else(|| Invalid::UnknownCode {
            field: field.to_string(),
            value: v.to_string(),
        })
}

/// A listed code the record may leave out: absent is data, an unlisted value is not.
fn opt_ranged(
    field: impl Field,
    v: Option<i64>,
    allowed: std::ops::RangeInclusive<u8>,
) -> Checked<Option<u8>> {
    v.map(|v| ranged(field, Some(v), allowed)).transpose()
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn masked(v: &Option<String>) -> Option<String> {
    text(v).map(|s| mask_number(&s))
}

/// The `MaHoSo` of a record as far as it can be read, for the quarantine's key.
pub fn record_key(h: &wire::HoSo) -> Option<String> {
    text(&h.ma_ho_so)
}

/// A change-feed record: a dossier, or the tombstone of one (`DaXoa`).
pub fn feed_record(h: &wire::HoSo) -> Checked<FeedRecord> {
    let code = present("MaHoSo", &h.ma_ho_so)?.to_string();
    let updated_at = req_instant("NgayCapNhat", &h.ngay_cap_nhat)?;
    if h.da_xoa == Some(true) {
        return Ok(FeedRecord::Tombstone { code, updated_at });
    }
    Ok(FeedRecord::Dossier(Box::new(dossier(h, code, updated_at)?)))
}

fn dossier(h: &wire::HoSo, code: String, updated_at: NaiveDateTime) -> Checked<Dossier> {
    let procedure_code = present("MaTTHC", &h.ma_tthc)?.to_string();
    let agency_code = present("MaDonVi", &h.ma_don_vi)?.to_string();
    let status: Status = known("TrangThaiHoSo", h.trang_thai_ho_so)?;
    let channel: Channel = known("KenhThucHien", h.kenh_thuc_hien)?;
    let applicant_kind: ApplicantKind = known("LoaiDoiTuong", h.loai_doi_tuong)?;
    let paid_online = match h.duoc_thanh_toan_truc_tuyen {
        None => 0,
        v => ranged("DuocThanhToanTrucTuyen", v, 0..=2)?,
    };

    let d = Dossier {
        code,
        procedure_code,
        agency_code,
        channel,
        applicant_kind,
        applicant: Applicant {
            name: text(&h.chu_ho_so),
            id_number_masked: masked(&h.so_giay_to_chu_ho_so),
            phone_masked: masked(&h.so_dien_thoai),
        },
        summary: text(&h.trich_yeu_ho_so),
        submitted_at: opt_instant("NgayNopHoSo", &h.ngay_nop_ho_so)?,
        received_at: opt_instant("NgayTiepNhan", &h.ngay_tiep_nhan)?,
        due_at: opt_instant("NgayHenTra", &h.ngay_hen_tra)?,
        finished_at: opt_instant("NgayKetThucXuLy", &h.ngay_ket_thuc_xu_ly)?,
        returned_at: opt_instant("NgayTra", &h.ngay_tra)?,
        refused_at: opt_instant("NgayTuChoi", &h.ngay_tu_choi)?,
        status,
        paid_online,
        updated_at,
        fees: list(&h.danh_sach_le_phi, "DanhSachLePhi", fee)?,
        pauses: list(&h.danh_sach_ho_so_bo_sung, "DanhSachHoSoBoSung", pause)?,
        extensions: list(&h.danh_sach_gia_han, "DanhSachGiaHan", extension)?,
        steps: list(&h.qua_trinh_xu_ly, "QuaTrinhXuLy", step)?,
        rating: h.danh_gia_hai_long.as_ref().map(rating).transpose()?,
    };
    status_rules(&d)?;
    Ok(d)
}

/// The fields the contract requires for a status; every one missing is named. Only what
/// CENTER-API.md states: intake and due times once received, an end once closed (for status 10
/// `NgayTra` serves when `NgayKetThucXuLy` is missing), an open pause while paused.
fn status_rules(d: &Dossier) -> Checked<()> {
    let s = d.status;
    let (end, has_end) = match s {
        Status::Returned => (
            "NgayKetThucXuLy or NgayTra",
            d.finished_at.or(d.returned_at).is_some(),
        ),
        _ => ("NgayKetThucXuLy", d.finished_at.is_some()),
    };
    let required = [
        (
            Rule::ReceivedTimes,
            s.is_received(),
            d.received_at.is_some(),
            "NgayTiepNhan",
        ),
        (
            Rule::ReceivedTimes,
            s.is_received(),
            d.due_at.is_some(),
            "NgayHenTra",
        ),
        (Rule::ClosedEnd, s.is_closed(), has_end, end),
    ];
    let broken: Vec<_> = required
        .iter()
        .filter(|(_, applies, present, _)| *applies && !present)
        .collect();
    if let Some((rule, ..)) = broken.first() {
        return Err(Invalid::RequiredForStatus {
            rule: *rule,
            status: s.code(),
            label: s.label_vi(),
            fields: broken.iter().map(|(_, _, _, field)| *field).collect(),
        });
    }
    let paused = matches!(
        s,
        Status::SupplementRequested | Status::WaitingFinancialObligation
    );
    if paused && !d.pauses.iter().any(|p| p.resumed_at.is_none()) {
        return Err(Invalid::NoOpenPause {
            status: s.code(),
            label: s.label_vi(),
        });
    }
    Ok(())
}

/// Validates every entry of a list, naming the failing one as `List[i].Field`.
fn list<W, M>(
    items: &Option<Vec<W>>,
    name: &str,
    one: impl Fn(&W, Entry) -> Checked<M>,
) -> Checked<Vec<M>> {
    let Some(items) = items else {
        return Ok(Vec::new());
    };
    items
        .iter()
        .enumerate()
        .map(|(index, w)| one(w, Entry { list: name, index }))
        .collect()
}

fn fee(f: &wire::LePhi, at: Entry) -> Checked<Fee> {
    let amount = f
        .gia
        .ok_or_else(|| Invalid::Missing(at.at("Gia").to_string()))?;
    Ok(Fee {
        code: text(&f.ma_phi_le_phi).unwrap_or_default(),
        name: text(&f.ten_phi_le_phi).unwrap_or_default(),
        kind: opt_ranged(at.at("LoaiPhiLePhi"), f.loai_phi_le_phi, 1..=2)?,
        amount,
        method: opt_ranged(at.at("HinhThucThu"), f.hinh_thuc_thu, 1..=2)?,
        paid_at: opt_instant(at.at("NgayThu"), &f.ngay_thu)?,
    })
}

fn pause(p: &wire::HoSoBoSung, at: Entry) -> Checked<Pause> {
    Ok(Pause {
        requested_at: req_instant(at.at("NgayBoSung"), &p.ngay_bo_sung)?,
        resumed_at: opt_instant(at.at("NgayTiepNhanBoSung"), &p.ngay_tiep_nhan_bo_sung)?,
        reason: text(&p.ly_do),
        due_before: opt_instant(at.at("NgayHenTraTruoc"), &p.ngay_hen_tra_truoc)?,
        due_after: opt_instant(at.at("NgayHenTraMoi"), &p.ngay_hen_tra_moi)?,
    })
}

fn extension(e: &wire::GiaHan, at: Entry) -> Checked<Extension> {
    Ok(Extension {
        created_at: req_instant(at.at("NgayTao"), &e.ngay_tao)?,
        due_before: req_instant(at.at("NgayHenTraCu"), &e.ngay_hen_tra_cu)?,
        due_after: req_instant(at.at("NgayHenTraMoi"), &e.ngay_hen_tra_moi)?,
        reason: text(&e.ly_do),
        apology_letter: text(&e.so_phieu_xin_loi),
    })
}

fn step(s: &wire::BuocXuLy, at: Entry) -> Checked<Step> {
    let seq = s
        .thu_tu
        .ok_or_else(|| Invalid::Missing(at.at("ThuTu").to_string()))?;
    let seq = u32::try_from(seq).map_err(|_| Invalid::Negative {
        field: at.at("ThuTu").to_string(),
        value: seq,
    })?;
    Ok(Step {
        seq,
        agency_code: present(at.at("MaDonVi"), &s.ma_don_vi)?.to_string(),
        department: text(&s.phong_ban_xu_ly),
        official: text(&s.nguoi_xu_ly),
        title: text(&s.chuc_danh),
        action: text(&s.noi_dung_xu_ly),
        started_at: req_instant(at.at("NgayBatDau"), &s.ngay_bat_dau)?,
        due_at: opt_instant(
            at.at("NgayKetThucTheoQuyDinh"),
            &s.ngay_ket_thuc_theo_quy_dinh,
        )?,
        ended_at: opt_instant(at.at("NgayKetThuc"), &s.ngay_ket_thuc)?,
    })
}

fn rating(r: &wire::DanhGia) -> Checked<Rating> {
    Ok(Rating {
        level: ranged("DanhGiaHaiLong.MucDo", r.muc_do, 1..=3)?,
        rated_at: req_instant("DanhGiaHaiLong.NgayDanhGia", &r.ngay_danh_gia)?,
        // The contract lists no codes for the rating's channel: any value is data (one that
        // does not fit a small code is kept as unknown).
        channel: r.kenh.and_then(|k| u8::try_from(k).ok()),
        comment: text(&r.noi_dung),
    })
}

/// An agency of `/donvi`.
pub fn agency(w: &wire::DonVi) -> Checked<Agency> {
    let code = nonempty("MaDonVi", &w.ma_don_vi)?.to_string();
    let name = nonempty("TenDonVi", &w.ten_don_vi)?.to_string();
    let level: AgencyLevel = code_u8("CapDonVi", w.cap_don_vi)?;
    Ok(Agency {
        code,
        name,
        level,
        parent: text(&w.ma_don_vi_cha),
        valid_from: opt_date("HieuLucTu", &w.hieu_luc_tu)?,
        valid_to: opt_date("HieuLucDen", &w.hieu_luc_den)?,
        replaced_by: text(&w.thay_the_boi),
    })
}

fn code_u8<T: TryFrom<u8>>(field: &str, v: u8) -> Checked<T> {
    known(field, Some(i64::from(v)))
}

/// A procedure of `/thutuc`.
pub fn procedure(w: &wire::ThuTuc) -> Checked<Procedure> {
    let duration_unit = match w.don_vi_thoi_han.as_str() {
        "ngay_lam_viec" => DurationUnit::WorkingDays,
        "gio_lam_viec" => DurationUnit::WorkingHours,
        "ngay" => DurationUnit::CalendarDays,
        other => {
            return Err(Invalid::UnknownCode {
                field: "DonViThoiHan".into(),
                value: format!("{other:?}"),
            })
        }
    };
    Ok(Procedure {
        code: nonempty("MaTTHC", &w.ma_tthc)?.to_string(),
        name: nonempty("TenTTHC", &w.ten_tthc)?.to_string(),
        field_code: w.ma_linh_vuc.trim().to_string(),
        field_name: w.ten_linh_vuc.trim().to_string(),
        agency_code: nonempty("MaDonVi", &w.ma_don_vi)?.to_string(),
        online_level: ranged("MucDo", Some(i64::from(w.muc_do)), 2..=4)?,
        duration: w.thoi_han_giai_quyet,
        duration_unit,
        fee: w.le_phi,
    })
}

/// The working calendar of `/lichlamviec?nam=<asked>`.
pub fn calendar(w: &wire::LichLamViec, asked: i32) -> Checked<YearCalendar> {
    if w.nam != asked {
        return Err(Invalid::WrongYear {
            asked,
            found: w.nam,
        });
    }
    let days = |list: &[wire::NgayLich], name: &str| -> Checked<Vec<CalendarDay>> {
        list.iter()
            .enumerate()
            .map(|(i, d)| {
                Ok(CalendarDay {
                    date: date(&format!("{name}[{i}].Ngay"), &d.ngay)?,
                    reason: d.ly_do.trim().to_string(),
                })
            })
            .collect()
    };
    let clock = |field: String, v: &str| {
        NaiveTime::parse_from_str(v, "%H:%M").map_err(|_| Invalid::BadTime {
            field,
            value: v.to_string(),
        })
    };
    let working_hours = w
        .gio_lam_viec
        .iter()
        .enumerate()
        .map(|(i, g)| {
            Ok(WorkingHours {
                from: clock(format!("GioLamViec[{i}].TuGio"), &g.tu_gio)?,
                to: clock(format!("GioLamViec[{i}].DenGio"), &g.den_gio)?,
            })
        })
        .collect::<Checked<Vec<_>>>()?;
    Ok(YearCalendar {
        year: w.nam,
        holidays: days(&w.ngay_nghi, "NgayNghi")?,
        makeup_days: days(&w.ngay_lam_bu, "NgayLamBu")?,
        working_hours,
    })
}

#[cfg(test)]
mod tests;
