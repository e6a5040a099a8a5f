//! Turns a dossier's plan into its wire record as it stood at an instant: the status, dates,
//! steps, pauses, extensions, fees and rating that had happened by then, plus the applicant's
//! (fake) personal data.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rand::Rng;

use super::catalogue::Level;
use super::names;
use super::plan::{
    Closing, Intake, Plan, Role, EXTENSION_REASONS, FINANCIAL_REASON, ONLINE, SUPPLEMENT_REASONS,
};
use super::world::{rng, Stream, World};
use crate::source::wire::{BuocXuLy, DanhGia, GiaHan, HoSo, HoSoBoSung, LePhi};

/// The code of a dossier: agency, submission date, number of the day at that agency; a dossier
/// re-issued after a tombstone gets `-1` appended.
pub fn dossier_code(agency_code: &str, day: NaiveDate, seq: u16, reissued: bool) -> String {
    let mut code = String::with_capacity(agency_code.len() + 14);
    code.push_str(agency_code);
    code.push('-');
    code.push_str(&stamp(day.and_time(chrono::NaiveTime::MIN))[2..8]);
    code.push_str(&format!("-{seq:04}"));
    if reissued {
        code.push_str("-1");
    }
    code
}

/// `yyyyMMddHHmmss`, written digit by digit: a record carries some thirty instants and
/// chrono's general formatter dominated the cost of serving a page.
pub fn stamp(t: NaiveDateTime) -> String {
    let (d, h) = (t.date(), t.time());
    let mut out = [0u8; 14];
    let mut put = |at: usize, width: usize, mut v: u32| {
        for k in (0..width).rev() {
            out[at + k] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, d.year() as u32);
    put(4, 2, d.month());
    put(6, 2, d.day());
    put(8, 2, h.hour());
    put(10, 2, h.minute());
    put(12, 2, h.second());
    String::from_utf8(out.to_vec()).expect("digits are UTF-8")
}

/// `TrangThaiHoSo` at instant `t`.
pub fn status_at(plan: &Plan, t: NaiveDateTime) -> u8 {
    let received = match plan.intake {
        Intake::Never => return 1,
        Intake::Refused(x) => return if x <= t { 3 } else { 1 },
        Intake::Received(x) if x > t => return 1,
        Intake::Received(x) => x,
    };
    if let Some((at, closing)) = plan.close {
        if at <= t {
            return match closing {
                Closing::Withdrawn => 7,
                Closing::Stopped => 8,
                Closing::Finished if plan.returned.is_some_and(|r| r <= t) => 10,
                Closing::Finished => 9,
            };
        }
    }
    if let Some(p) = plan.pauses.iter().find(|p| p.start <= t && t < p.end) {
        return if p.financial { 6 } else { 5 };
    }
    match plan.steps.first() {
        Some(s) if s.end <= t && s.end > received => 4,
        _ => 2,
    }
}

/// The appointment date as it stood at `t`.
pub fn due_at(plan: &Plan, t: NaiveDateTime) -> Option<NaiveDateTime> {
    let mut due = plan.due0?;
    for p in plan.pauses.iter().filter(|p| p.end <= t) {
        due = p.due_after;
    }
    if let Some(x) = plan.extension.as_ref().filter(|x| x.created <= t) {
        due = x.new_due;
    }
    Some(due)
}

fn opt(t: Option<NaiveDateTime>, now: NaiveDateTime) -> Option<String> {
    t.filter(|x| *x <= now).map(stamp)
}

/// The record of dossier `index` as it stood at `state_at`, stamped `NgayCapNhat = updated`.
pub fn render(
    world: &World,
    index: u64,
    plan: &Plan,
    code: String,
    state_at: NaiveDateTime,
    updated: NaiveDateTime,
    deleted: bool,
) -> HoSo {
    let cat = &world.catalogue;
    let agency = &cat.agencies[plan.agency];
    let proc = &cat.procedures[plan.procedure];
    let t = state_at;
    let status = status_at(plan, t);
    let mut person = rng(world.seed, Stream::Person, index);
    let (holder, id_number) = if plan.applicant_kind == 2 || plan.applicant_kind == 3 {
        names::business(&mut person)
    } else {
        let female = person.random_bool(0.5);
        let birth = person.random_range(1950..2007);
        let name = names::person(&mut person, female);
        let id = names::cccd(&mut person, female, birth);
        (name, id)
    };
    let phone = names::phone(&mut person);
    let received = match plan.intake {
        Intake::Received(x) if x <= t => Some(x),
        _ => None,
    };
    let refused = match plan.intake {
        Intake::Refused(x) if x <= t => Some(x),
        _ => None,
    };
    let closed = plan.close.filter(|c| c.0 <= t).map(|c| c.0);
    let fees = match plan.fee_paid {
        Some((at, online)) if at <= t => vec![LePhi {
            ma_phi_le_phi: Some(format!("LP{:02}", plan.procedure % 90 + 1)),
            ten_phi_le_phi: Some(format!("Lệ phí {}", lower_first(&proc.field_name))),
            loai_phi_le_phi: Some(2),
            gia: Some(if plan.fee_exempt { 0 } else { proc.fee }),
            hinh_thuc_thu: Some(if online { 2 } else { 1 }),
            ngay_thu: Some(stamp(at)),
        }],
        _ => vec![],
    };
    let paid_online = match plan.fee_paid {
        Some((at, true)) if at <= t => 1 + (index % 2) as i64,
        _ => 0,
    };
    let pauses = plan
        .pauses
        .iter()
        .filter(|p| p.start <= t)
        .map(|p| {
            let resumed = p.end <= t;
            HoSoBoSung {
                ngay_bo_sung: Some(stamp(p.start)),
                ngay_tiep_nhan_bo_sung: resumed.then(|| stamp(p.end)),
                ly_do: Some(if p.financial {
                    FINANCIAL_REASON.to_string()
                } else {
                    SUPPLEMENT_REASONS[p.reason].to_string()
                }),
                ngay_hen_tra_truoc: Some(stamp(p.due_before)),
                ngay_hen_tra_moi: resumed.then(|| stamp(p.due_after)),
            }
        })
        .collect();
    let extensions = plan
        .extension
        .iter()
        .filter(|x| x.created <= t)
        .map(|x| GiaHan {
            ngay_tao: Some(stamp(x.created)),
            ngay_hen_tra_cu: Some(stamp(x.old_due)),
            ngay_hen_tra_moi: Some(stamp(x.new_due)),
            ly_do: Some(EXTENSION_REASONS[x.reason].to_string()),
            so_phieu_xin_loi: Some(format!("{}/PXL-{}", x.letter_no, agency.abbrev)),
        })
        .collect();
    let commune = agency.level == Level::Commune;
    let roster = &world.rosters[plan.agency];
    let steps = plan
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.start <= t && received.is_some())
        .map(|(k, s)| {
            let (unit, title, content, who) = match s.role {
                Role::Desk => (
                    "Bộ phận một cửa".to_string(),
                    if commune {
                        "Công chức"
                    } else {
                        "Chuyên viên"
                    },
                    "Tiếp nhận hồ sơ, chuyển xử lý",
                    &roster.desk[s.official],
                ),
                Role::Specialist => (
                    department(commune, &proc.field_code, &proc.field_name),
                    if commune {
                        "Công chức"
                    } else {
                        "Chuyên viên"
                    },
                    "Thẩm định hồ sơ, dự thảo kết quả",
                    &roster.specialists[s.official],
                ),
                Role::Head => (
                    department(commune, &proc.field_code, &proc.field_name),
                    "Trưởng phòng",
                    "Xem xét, trình ký",
                    &roster.heads[s.official],
                ),
                Role::Leader => (
                    if commune {
                        "Lãnh đạo UBND"
                    } else {
                        "Ban Giám đốc"
                    }
                    .to_string(),
                    if commune {
                        "Phó Chủ tịch UBND"
                    } else {
                        "Phó Giám đốc"
                    },
                    "Phê duyệt, ký ban hành kết quả",
                    &roster.leaders[s.official],
                ),
            };
            BuocXuLy {
                thu_tu: Some(k as i64 + 1),
                ma_don_vi: Some(agency.code.clone()),
                phong_ban_xu_ly: Some(unit),
                nguoi_xu_ly: Some(who.name.clone()),
                chuc_danh: Some(title.to_string()),
                noi_dung_xu_ly: Some(content.to_string()),
                ngay_bat_dau: Some(stamp(s.start)),
                ngay_ket_thuc_theo_quy_dinh: Some(stamp(s.due)),
                ngay_ket_thuc: opt(Some(s.end), t),
            }
        })
        .collect();
    let rating = plan.rating.as_ref().filter(|r| r.at <= t).map(|r| DanhGia {
        muc_do: Some(r.level as i64),
        ngay_danh_gia: Some(stamp(r.at)),
        kenh: Some(r.channel as i64),
        noi_dung: (r.level == 3).then(|| "Thời gian giải quyết kéo dài".to_string()),
    });
    HoSo {
        ma_ho_so: Some(code),
        ma_tthc: Some(proc.code.clone()),
        ma_don_vi: Some(agency.code.clone()),
        kenh_thuc_hien: Some(plan.channel as i64),
        loai_doi_tuong: Some(plan.applicant_kind as i64),
        chu_ho_so: Some(holder),
        so_giay_to_chu_ho_so: Some(id_number),
        so_dien_thoai: Some(phone),
        trich_yeu_ho_so: Some(format!("{} ({})", proc.name, summary_channel(plan.channel))),
        ngay_nop_ho_so: Some(stamp(plan.submitted)),
        ngay_tiep_nhan: received.map(stamp),
        ngay_hen_tra: received.and(due_at(plan, t)).map(stamp),
        // An older system returns a result with NgayTra alone.
        ngay_ket_thuc_xu_ly: closed
            .filter(|_| !(status == 10 && world.legacy_system(index)))
            .map(stamp),
        ngay_tra: opt(plan.returned, t),
        ngay_tu_choi: refused.map(stamp),
        trang_thai_ho_so: Some(status as i64),
        duoc_thanh_toan_truc_tuyen: Some(paid_online),
        ngay_cap_nhat: Some(stamp(updated)),
        da_xoa: Some(deleted),
        danh_sach_le_phi: Some(fees),
        danh_sach_ho_so_bo_sung: Some(pauses),
        danh_sach_gia_han: Some(extensions),
        qua_trinh_xu_ly: Some(steps),
        danh_gia_hai_long: rating,
    }
}

fn summary_channel(channel: u8) -> &'static str {
    if channel == ONLINE {
        "nộp trực tuyến"
    } else if channel == 3 {
        "nộp qua bưu chính"
    } else {
        "nộp trực tiếp"
    }
}

/// The division that handles a field: provincial departments by field, communes by their two
/// specialised divisions and the office.
fn department(commune: bool, field_code: &str, field_name: &str) -> String {
    if !commune {
        return format!("Phòng {}", lower_first(field_name));
    }
    match field_code {
        "DDX" | "XDX" | "HKD" | "TMX" | "NNX" | "ATTPX" => "Phòng Kinh tế".into(),
        "BTXHX" | "NCCX" | "GDX" | "TGX" => "Phòng Văn hóa - Xã hội".into(),
        _ => "Văn phòng HĐND và UBND".into(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::wire::time::format_instant;

    #[test]
    fn stamp_writes_the_contract_format() {
        for s in ["20260316143005", "19991231235959", "20250101000000"] {
            let t = NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S").unwrap();
            assert_eq!(stamp(t), s);
            assert_eq!(stamp(t), format_instant(t));
        }
    }
}
