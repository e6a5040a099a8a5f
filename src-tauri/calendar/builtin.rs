//! The built-in table: the official holidays and make-up days of state bodies for the years the
//! program knows, each from the notice that set it. Used only for a year the API's calendar does
//! not cover. Only weekdays that are off and Saturdays that are worked matter to the working-day
//! count, so holidays falling on a weekend are not listed.

use chrono::NaiveDate;

use crate::model::{CalendarDay, YearCalendar};

use super::default_working_hours;

/// Whether a listed day is off (`NgayNghi`) or worked in place of another (`NgayLamBu`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Holiday,
    MakeUp,
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinDay {
    pub date: (i32, u32, u32),
    pub kind: DayKind,
    pub reason: &'static str,
    /// The notice the day comes from.
    pub notice: &'static str,
}

const LDTBXH_6150: &str =
    "Thông báo 6150/TB-LĐTBXH ngày 08/11/2024 của Bộ Lao động - Thương binh và Xã hội";
const LABOUR_CODE: &str = "Điều 112 Bộ luật Lao động 2019";
const VPCP_12729: &str =
    "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ, Bộ Nội vụ thông báo";
const BNV_9441: &str = "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ";

const fn day(
    y: i32,
    m: u32,
    d: u32,
    kind: DayKind,
    reason: &'static str,
    notice: &'static str,
) -> BuiltinDay {
    BuiltinDay {
        date: (y, m, d),
        kind,
        reason,
        notice,
    }
}

use DayKind::{Holiday, MakeUp};

/// The table. Years listed here are "known" to the built-in calendar.
pub const TABLE: &[BuiltinDay] = &[
    // 2025
    day(2025, 1, 1, Holiday, "Tết Dương lịch", LABOUR_CODE),
    day(2025, 1, 27, Holiday, "Tết Nguyên đán", LDTBXH_6150),
    day(2025, 1, 28, Holiday, "Tết Nguyên đán", LDTBXH_6150),
    day(2025, 1, 29, Holiday, "Tết Nguyên đán", LDTBXH_6150),
    day(2025, 1, 30, Holiday, "Tết Nguyên đán", LDTBXH_6150),
    day(2025, 1, 31, Holiday, "Tết Nguyên đán", LDTBXH_6150),
    day(
        2025,
        4,
        7,
        Holiday,
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        LABOUR_CODE,
    ),
    day(2025, 4, 26, MakeUp, "Làm bù cho ngày 02/5", LDTBXH_6150),
    day(2025, 4, 30, Holiday, "Ngày Chiến thắng", LABOUR_CODE),
    day(2025, 5, 1, Holiday, "Ngày Quốc tế Lao động", LABOUR_CODE),
    day(
        2025,
        5,
        2,
        Holiday,
        "Nghỉ hoán đổi (làm bù 26/4)",
        LDTBXH_6150,
    ),
    day(2025, 9, 1, Holiday, "Quốc khánh", LDTBXH_6150),
    day(2025, 9, 2, Holiday, "Quốc khánh", LDTBXH_6150),
    // 2026
    day(2026, 1, 1, Holiday, "Tết Dương lịch", LABOUR_CODE),
    day(
        2026,
        1,
        2,
        Holiday,
        "Nghỉ hoán đổi (làm bù 10/01)",
        VPCP_12729,
    ),
    day(2026, 1, 10, MakeUp, "Làm bù cho ngày 02/01", VPCP_12729),
    day(2026, 2, 16, Holiday, "Tết Nguyên đán", BNV_9441),
    day(2026, 2, 17, Holiday, "Tết Nguyên đán", BNV_9441),
    day(2026, 2, 18, Holiday, "Tết Nguyên đán", BNV_9441),
    day(2026, 2, 19, Holiday, "Tết Nguyên đán", BNV_9441),
    day(2026, 2, 20, Holiday, "Tết Nguyên đán", BNV_9441),
    day(
        2026,
        4,
        27,
        Holiday,
        "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)",
        LABOUR_CODE,
    ),
    day(2026, 4, 30, Holiday, "Ngày Chiến thắng", LABOUR_CODE),
    day(2026, 5, 1, Holiday, "Ngày Quốc tế Lao động", LABOUR_CODE),
    day(2026, 8, 22, MakeUp, "Làm bù cho ngày 31/8", BNV_9441),
    day(
        2026,
        8,
        31,
        Holiday,
        "Nghỉ hoán đổi (làm bù 22/8)",
        BNV_9441,
    ),
    day(2026, 9, 1, Holiday, "Quốc khánh", BNV_9441),
    day(2026, 9, 2, Holiday, "Quốc khánh", BNV_9441),
];

impl BuiltinDay {
    pub fn naive_date(&self) -> NaiveDate {
        let (y, m, d) = self.date;
        NaiveDate::from_ymd_opt(y, m, d).expect("the built-in table holds real dates")
    }
}

/// The years the built-in table covers.
pub fn years() -> Vec<i32> {
    let mut years: Vec<i32> = TABLE.iter().map(|d| d.date.0).collect();
    years.dedup();
    years
}

/// The built-in calendar of a year, in the API's shape (reasons carry their notice), or `None`
/// if the table does not know the year.
pub fn year(year: i32) -> Option<YearCalendar> {
    let days: Vec<&BuiltinDay> = TABLE.iter().filter(|d| d.date.0 == year).collect();
    if days.is_empty() {
        return None;
    }
    let of_kind = |kind: DayKind| -> Vec<CalendarDay> {
        days.iter()
            .filter(|d| d.kind == kind)
            .map(|d| CalendarDay {
                date: d.naive_date(),
                reason: format!("{} ({})", d.reason, d.notice),
            })
            .collect()
    };
    Some(YearCalendar {
        year,
        holidays: of_kind(Holiday),
        makeup_days: of_kind(MakeUp),
        working_hours: default_working_hours(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};

    #[test]
    fn holidays_are_weekdays_and_make_up_days_are_saturdays() {
        for d in TABLE {
            let wd = d.naive_date().weekday();
            match d.kind {
                Holiday => assert!(
                    !matches!(wd, Weekday::Sat | Weekday::Sun),
                    "{:?} is a weekend",
                    d.date
                ),
                MakeUp => assert_eq!(wd, Weekday::Sat, "{:?}", d.date),
            }
        }
    }

    #[test]
    fn the_table_is_sorted_and_covers_2025_and_2026() {
        assert!(TABLE.windows(2).all(|w| w[0].date < w[1].date));
        assert_eq!(years(), vec![2025, 2026]);
        let y = year(2026).unwrap();
        assert_eq!(y.holidays.len(), 13);
        assert_eq!(y.makeup_days.len(), 2);
        assert!(y.holidays[0].reason.contains("Bộ luật Lao động"));
        assert!(year(2024).is_none());
    }
}
