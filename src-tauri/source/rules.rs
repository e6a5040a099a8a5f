//! The contract's rules a record can break, in one table: each rule with the sentence of
//! CENTER-API.md it enforces and the message a broken record is quarantined with. Validation
//! refuses a record only by one of these rules; a record that breaks none is data, however
//! unusual (an older system's status 10 with `NgayTra` and no `NgayKetThucXuLy`, a negative
//! amount, a rating channel the contract does not list).

use serde::Serialize;

/// One rule of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The record is a JSON object of the contract's field types.
    Shape,
    /// A field that identifies the record or dates one of its entries is present.
    Present,
    /// Instants are `yyyyMMddHHmmss`.
    Instant,
    /// Dates are `yyyyMMdd`.
    Date,
    /// Working hours are `HH:mm`.
    Time,
    /// A code is one the contract lists.
    KnownCode,
    /// Steps are numbered in order.
    StepOrder,
    /// A received dossier has its intake and due times.
    ReceivedTimes,
    /// A closed dossier has its end.
    ClosedEnd,
    /// A paused dossier has an open pause.
    OpenPause,
    /// A calendar answers for the year asked.
    CalendarYear,
}

/// A rule as the table gives it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleText {
    pub rule: Rule,
    /// The sentence of CENTER-API.md the rule enforces.
    pub contract: &'static str,
    /// The message a record breaking it is kept with (`{…}` filled in from the record).
    pub message: &'static str,
}

/// Every rule a record can break. When the contract loosens, a rule leaves this table (and
/// `RULES_VERSION` rises, so that the quarantine is examined again).
pub const RULES: &[RuleText] = &[
    RuleText {
        rule: Rule::Shape,
        contract: "Its records follow the field names of the national dossier-sync format (the HoSoDongBoDVC record).",
        message: "not a record of the contract: {what serde could not read}",
    },
    RuleText {
        rule: Rule::Present,
        contract: "A record that breaks this contract (… a missing MaHoSo …); records come ordered by (NgayCapNhat, MaHoSo); NgayBoSung is the request, NgayTao of an extension, ThuTu of a step …",
        message: "missing {field}",
    },
    RuleText {
        rule: Rule::Instant,
        contract: "All timestamps are local time of Asia/Ho_Chi_Minh written yyyyMMddHHmmss.",
        message: "{field} {value} is not a yyyyMMddHHmmss instant",
    },
    RuleText {
        rule: Rule::Date,
        contract: "Dates alone are yyyyMMdd.",
        message: "{field} {value} is not a yyyyMMdd date",
    },
    RuleText {
        rule: Rule::Time,
        contract: "GioLamViec: [{\"TuGio\": \"07:00\", \"DenGio\": \"11:30\"}, …]",
        message: "{field} {value} is not an HH:mm time",
    },
    RuleText {
        rule: Rule::KnownCode,
        contract: "TrangThaiHoSo: 1 submitted … 10 result returned; KenhThucHien, LoaiDoiTuong, DuocThanhToanTrucTuyen, LoaiPhiLePhi, HinhThucThu, MucDo, CapDonVi, DonViThoiHan list their codes (a record with an unknown status breaks the contract).",
        message: "unknown {field} {value}",
    },
    RuleText {
        rule: Rule::StepOrder,
        contract: "QuaTrinhXuLy: the processing steps in order (ThuTu).",
        message: "{field} {value} is negative",
    },
    RuleText {
        rule: Rule::ReceivedTimes,
        contract: "NgayTiepNhan and NgayHenTra are present for every status but 1 and 3.",
        message: "status {status} ({label}) requires {fields}",
    },
    RuleText {
        rule: Rule::ClosedEnd,
        contract: "NgayKetThucXuLy is the end of processing for statuses 9 and 10, and the time of the withdrawal or stop for 7 and 8; only a status-10 record with neither NgayKetThucXuLy nor NgayTra is malformed.",
        message: "status {status} ({label}) requires {fields}",
    },
    RuleText {
        rule: Rule::OpenPause,
        contract: "A dossier in status 5 or 6 has an open entry (NgayTiepNhanBoSung null) in DanhSachHoSoBoSung.",
        message: "status {status} ({label}) requires an open entry (NgayTiepNhanBoSung null) in DanhSachHoSoBoSung",
    },
    RuleText {
        rule: Rule::CalendarYear,
        contract: "GET /api/v1/lichlamviec?nam=2026: the official working calendar of a year.",
        message: "Nam {found} answers a request for the year {asked}",
    },
];

/// The version of the rules above. A quarantined record examined under an older version is
/// examined again by the next sync (`sync::heal`): it may be valid now.
pub const RULES_VERSION: i64 = 2;

impl Rule {
    /// The rule's name as the quarantine stores it (its JSON name).
    pub fn name(self) -> &'static str {
        match self {
            Rule::Shape => "shape",
            Rule::Present => "present",
            Rule::Instant => "instant",
            Rule::Date => "date",
            Rule::Time => "time",
            Rule::KnownCode => "known_code",
            Rule::StepOrder => "step_order",
            Rule::ReceivedTimes => "received_times",
            Rule::ClosedEnd => "closed_end",
            Rule::OpenPause => "open_pause",
            Rule::CalendarYear => "calendar_year",
        }
    }

    pub fn text(self) -> &'static RuleText {
        RULES
            .iter()
            .find(|t| t.rule == self)
            .expect("every rule is in the table")
    }
}
