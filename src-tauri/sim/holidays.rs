//! The official days off and make-up days the simulator uses. Until `crate::calendar` (branch
//! `metrics`) provides the province's built-in table, this is the single place that lists them;
//! when it does, `official_year` becomes a call into it.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialDay {
    pub date: NaiveDate,
    pub reason: String,
}

/// Weekdays off and make-up days of one year (from the Government's notices for 2025 and 2026;
/// for other years the fixed-date holidays only, which is enough for the generator's margins).
pub fn official_year(year: i32) -> (Vec<OfficialDay>, Vec<OfficialDay>) {
    let day = |m: u32, d: u32, why: &str| OfficialDay {
        date: NaiveDate::from_ymd_opt(year, m, d).expect("valid holiday date"),
        reason: why.to_string(),
    };
    let (off, on) = match year {
        2025 => (
            vec![
                day(1, 1, "Tết Dương lịch"),
                day(1, 27, "Tết Nguyên đán"),
                day(1, 28, "Tết Nguyên đán"),
                day(1, 29, "Tết Nguyên đán"),
                day(1, 30, "Tết Nguyên đán"),
                day(1, 31, "Tết Nguyên đán"),
                day(4, 7, "Giỗ Tổ Hùng Vương"),
                day(4, 30, "Ngày Chiến thắng"),
                day(5, 1, "Ngày Quốc tế Lao động"),
                day(5, 2, "Nghỉ hoán đổi (làm bù ngày 26/4)"),
                day(9, 1, "Quốc khánh"),
                day(9, 2, "Quốc khánh"),
            ],
            vec![day(4, 26, "Làm bù cho ngày 2/5")],
        ),
        2026 => (
            vec![
                day(1, 1, "Tết Dương lịch"),
                day(2, 16, "Tết Nguyên đán"),
                day(2, 17, "Tết Nguyên đán"),
                day(2, 18, "Tết Nguyên đán"),
                day(2, 19, "Tết Nguyên đán"),
                day(2, 20, "Tết Nguyên đán"),
                day(4, 27, "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)"),
                day(4, 30, "Ngày Chiến thắng"),
                day(5, 1, "Ngày Quốc tế Lao động"),
                day(8, 31, "Nghỉ hoán đổi (làm bù ngày 22/8)"),
                day(9, 1, "Quốc khánh"),
                day(9, 2, "Quốc khánh"),
            ],
            vec![day(8, 22, "Làm bù cho ngày 31/8")],
        ),
        _ => (
            vec![
                day(1, 1, "Tết Dương lịch"),
                day(4, 30, "Ngày Chiến thắng"),
                day(5, 1, "Ngày Quốc tế Lao động"),
                day(9, 2, "Quốc khánh"),
            ],
            vec![],
        ),
    };
    // Only weekdays matter as days off: a holiday on a weekend changes nothing by itself.
    let off = off
        .into_iter()
        .filter(|d| d.date.weekday().num_days_from_monday() < 5)
        .collect();
    (off, on)
}

/// The days of the Tết holiday of a year (quiet days for the generator), if known.
pub fn tet_days(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let d = |m, dd| NaiveDate::from_ymd_opt(year, m, dd).expect("valid date");
    match year {
        2025 => Some((d(1, 25), d(2, 2))),
        2026 => Some((d(2, 14), d(2, 22))),
        _ => None,
    }
}
