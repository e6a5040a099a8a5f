//! The domain types of the control room. They know nothing of the wire format (see
//! `source::wire`), of SQLite or of Tauri: every other module speaks in these.
//!
//! Every instant is local time of Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving), kept as a
//! `NaiveDateTime` because the whole province lives in that one zone.

mod facts;

pub use facts::{DossierFacts, PauseFacts};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// A local instant in Asia/Ho_Chi_Minh.
pub type Instant = NaiveDateTime;

/// The processing status of a dossier (`TrangThaiHoSo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(into = "u8", try_from = "u8")]
pub enum Status {
    Submitted = 1,
    Received = 2,
    Refused = 3,
    Processing = 4,
    SupplementRequested = 5,
    WaitingFinancialObligation = 6,
    Withdrawn = 7,
    Stopped = 8,
    Finished = 9,
    Returned = 10,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Submitted,
        Status::Received,
        Status::Refused,
        Status::Processing,
        Status::SupplementRequested,
        Status::WaitingFinancialObligation,
        Status::Withdrawn,
        Status::Stopped,
        Status::Finished,
        Status::Returned,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// Received at the desk: every status but submitted-only and refused at intake.
    pub fn is_received(self) -> bool {
        !matches!(self, Status::Submitted | Status::Refused)
    }

    /// Finished processing (9, 10): the only statuses judged for timeliness.
    pub fn is_resolved(self) -> bool {
        matches!(self, Status::Finished | Status::Returned)
    }

    /// Closed one way or another (7, 8, 9, 10): carries a `NgayKetThucXuLy`.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::Withdrawn | Status::Stopped | Status::Finished | Status::Returned
        )
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Submitted => "Mới nộp",
            Status::Received => "Đã tiếp nhận",
            Status::Refused => "Từ chối tiếp nhận",
            Status::Processing => "Đang xử lý",
            Status::SupplementRequested => "Yêu cầu bổ sung",
            Status::WaitingFinancialObligation => "Chờ thực hiện nghĩa vụ tài chính",
            Status::Withdrawn => "Công dân rút hồ sơ",
            Status::Stopped => "Dừng xử lý",
            Status::Finished => "Đã xử lý xong",
            Status::Returned => "Đã trả kết quả",
        }
    }
}

impl From<Status> for u8 {
    fn from(s: Status) -> u8 {
        s as u8
    }
}

impl TryFrom<u8> for Status {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        Status::ALL
            .into_iter()
            .find(|s| *s as u8 == v)
            .ok_or_else(|| format!("unknown TrangThaiHoSo {v}"))
    }
}

/// How the dossier was handed in (`KenhThucHien`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Channel {
    InPerson = 1,
    Online = 2,
    Post = 3,
}

impl Channel {
    /// How the Biểu 06 form and the one-stop desks name the channel.
    pub fn label_vi(self) -> &'static str {
        match self {
            Channel::InPerson => "Trực tiếp",
            Channel::Online => "Trực tuyến",
            Channel::Post => "Bưu chính công ích",
        }
    }
}

impl From<Channel> for u8 {
    fn from(c: Channel) -> u8 {
        c as u8
    }
}

impl TryFrom<u8> for Channel {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        match v {
            1 => Ok(Channel::InPerson),
            2 => Ok(Channel::Online),
            3 => Ok(Channel::Post),
            _ => Err(format!("unknown KenhThucHien {v}")),
        }
    }
}

/// Who applied (`LoaiDoiTuong`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum ApplicantKind {
    Citizen = 1,
    Business = 2,
    StateAgency = 3,
    Other = 4,
}

impl From<ApplicantKind> for u8 {
    fn from(c: ApplicantKind) -> u8 {
        c as u8
    }
}

impl TryFrom<u8> for ApplicantKind {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        match v {
            1 => Ok(ApplicantKind::Citizen),
            2 => Ok(ApplicantKind::Business),
            3 => Ok(ApplicantKind::StateAgency),
            4 => Ok(ApplicantKind::Other),
            _ => Err(format!("unknown LoaiDoiTuong {v}")),
        }
    }
}

/// Level of an agency (`CapDonVi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum AgencyLevel {
    /// A provincial department or agency.
    Provincial = 1,
    /// A central agency organised vertically in the province (police, social insurance, tax…).
    CentralBranch = 2,
    /// A commune or ward centre.
    Commune = 3,
}

impl From<AgencyLevel> for u8 {
    fn from(c: AgencyLevel) -> u8 {
        c as u8
    }
}

impl TryFrom<u8> for AgencyLevel {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        match v {
            1 => Ok(AgencyLevel::Provincial),
            2 => Ok(AgencyLevel::CentralBranch),
            3 => Ok(AgencyLevel::Commune),
            _ => Err(format!("unknown CapDonVi {v}")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub level: AgencyLevel,
    pub parent: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub replaced_by: Option<String>,
}

/// The unit of a procedure's legal duration (`DonViThoiHan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// `ngay_lam_viec`
    WorkingDays,
    /// `gio_lam_viec`: 8 working hours make a working day.
    WorkingHours,
    /// `ngay`
    CalendarDays,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub field_code: String,
    pub field_name: String,
    pub agency_code: String,
    /// `MucDo`: 2 information only, 3 partly online, 4 fully online.
    pub online_level: u8,
    pub duration: u32,
    pub duration_unit: DurationUnit,
    /// `LePhi`, in dong.
    pub fee: i64,
}

/// The official working calendar of one year (`/lichlamviec`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCalendar {
    pub year: i32,
    pub holidays: Vec<CalendarDay>,
    pub makeup_days: Vec<CalendarDay>,
    pub working_hours: Vec<WorkingHours>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    pub from: NaiveTime,
    pub to: NaiveTime,
}

/// A fee or charge paid on a dossier (`DanhSachLePhi`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub code: String,
    pub name: String,
    /// `LoaiPhiLePhi`: 1 charge (phí), 2 fee (lệ phí); absent when the source leaves it out.
    pub kind: Option<u8>,
    pub amount: i64,
    /// `HinhThucThu`: 1 cash at the desk, 2 online; absent when the source leaves it out.
    pub method: Option<u8>,
    pub paid_at: Option<Instant>,
}

/// A supplement request or financial-obligation wait (`DanhSachHoSoBoSung`): the clock stops
/// from `requested_at` until `resumed_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub requested_at: Instant,
    pub resumed_at: Option<Instant>,
    pub reason: Option<String>,
    pub due_before: Option<Instant>,
    pub due_after: Option<Instant>,
}

/// An extension granted with an apology letter (`DanhSachGiaHan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub created_at: Instant,
    pub due_before: Instant,
    pub due_after: Instant,
    pub reason: Option<String>,
    pub apology_letter: Option<String>,
}

/// One processing step of the dossier-control sheet (`QuaTrinhXuLy`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub seq: u32,
    pub agency_code: String,
    pub department: Option<String>,
    pub official: Option<String>,
    pub title: Option<String>,
    pub action: Option<String>,
    pub started_at: Instant,
    pub due_at: Option<Instant>,
    pub ended_at: Option<Instant>,
}

/// The applicant's rating (`DanhGiaHaiLong`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 1 very satisfied, 2 satisfied, 3 not satisfied.
    pub level: u8,
    pub rated_at: Instant,
    pub channel: Option<u8>,
    pub comment: Option<String>,
}

/// The applicant, with identity-card and phone numbers masked at ingest (last 3 digits only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Applicant {
    pub name: Option<String>,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
}

/// A dossier (hồ sơ), as validated from the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub code: String,
    pub procedure_code: String,
    pub agency_code: String,
    pub channel: Channel,
    pub applicant_kind: ApplicantKind,
    pub applicant: Applicant,
    pub summary: Option<String>,
    pub submitted_at: Option<Instant>,
    pub received_at: Option<Instant>,
    /// `NgayHenTra`: the current appointment date.
    pub due_at: Option<Instant>,
    /// `NgayKetThucXuLy`.
    pub finished_at: Option<Instant>,
    /// `NgayTra`.
    pub returned_at: Option<Instant>,
    /// `NgayTuChoi`.
    pub refused_at: Option<Instant>,
    pub status: Status,
    /// `DuocThanhToanTrucTuyen`: 0 no, 1 national portal, 2 provincial gateway.
    pub paid_online: u8,
    pub updated_at: Instant,
    pub fees: Vec<Fee>,
    pub pauses: Vec<Pause>,
    pub extensions: Vec<Extension>,
    pub steps: Vec<Step>,
    pub rating: Option<Rating>,
}

/// One record of the change feed: a dossier, or the tombstone of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedRecord {
    Dossier(Box<Dossier>),
    Tombstone { code: String, updated_at: Instant },
}

/// The timeliness of a resolved dossier (METRICS.md): the one definition, which the figures,
/// the rollups kept in Rust and the rollups kept by SQL triggers (migration 0002, held to this
/// by `tests/timeliness_once.rs`) all follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

impl Timeliness {
    /// Closed on a date before the legal due date: early; on it: on time; after it, or with no
    /// due date at all (never provably on time): late. Dates, or day keys (`yyyymmdd`).
    pub fn judge<D: Ord>(closed: D, legal_due: Option<D>) -> Timeliness {
        match legal_due {
            Some(due) if closed < due => Timeliness::Early,
            Some(due) if closed == due => Timeliness::OnTime,
            _ => Timeliness::Late,
        }
    }
}

/// Now in the province (Asia/Ho_Chi_Minh, UTC+07:00, no daylight saving), to the second: the
/// resolution of every instant of the contract and the cache. The one clock of the app, the
/// sync and the simulator.
pub fn province_now() -> Instant {
    use chrono::Timelike;
    let t = chrono::Utc::now().naive_utc() + chrono::Duration::hours(7);
    t.with_nanosecond(0).unwrap_or(t)
}

/// Masks an identity or phone number to its last three digits, as the privacy rules require.
pub fn mask_number(raw: &str) -> String {
    let digits: Vec<char> = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let keep = digits.len().min(3);
    let hidden = digits.len() - keep;
    let mut out: String = std::iter::repeat_n('*', hidden).collect();
    out.extend(&digits[hidden..]);
    out
}

/// A person's name as lists and exports show it: the first letter of each word, e.g.
/// "Nguyễn Văn An" → "N. V. A.". The whole name is revealed only on purpose, and audited.
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_initials_only() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N. V. A.");
        assert_eq!(mask_name("  Đặng   Thị  "), "Đ. T.");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn masks_keep_the_last_three_digits_only() {
        assert_eq!(mask_number("040012345678"), "*********678");
        assert_eq!(mask_number("0912 345 678"), "*******678");
        assert_eq!(mask_number("12"), "12");
        assert_eq!(mask_number(""), "");
    }

    #[test]
    fn status_codes_round_trip_and_unknown_codes_are_refused() {
        for s in Status::ALL {
            assert_eq!(Status::try_from(s.code()).unwrap(), s);
        }
        assert!(Status::try_from(0).is_err());
        assert!(Status::try_from(11).is_err());
        assert!(Status::Returned.is_resolved() && Status::Returned.is_closed());
        assert!(Status::Withdrawn.is_closed() && !Status::Withdrawn.is_resolved());
        assert!(!Status::Refused.is_received() && !Status::Submitted.is_received());
    }
}
