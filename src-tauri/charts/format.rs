//! Vietnamese number and date formats: 1.234.567, 92,3 %, dd/mm/yyyy. Pure functions.

use chrono::{NaiveDate, NaiveDateTime};

/// What a missing figure shows: never 0 % or 100 %.
pub const NONE: &str = "—";

/// An integer with dots between thousands: `1234567` → `1.234.567`, `-1234` → `-1.234`.
pub fn integer(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A count (never negative) in the same format as [`integer`].
pub fn count(n: u64) -> String {
    integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A rate in [0, 1] as a percentage with one decimal and a decimal comma: `0.9234` → `92,3 %`;
/// `None` → `—`. A rate that is not exactly 0 or 1 never shows as `0,0 %` or `100,0 %`: a
/// leader reading "100 %" must be able to trust that nothing was late.
pub fn rate(r: Option<f64>) -> String {
    let Some(r) = r else {
        return NONE.to_string();
    };
    let mut tenths = (r * 1000.0).round() as i64;
    if r > 0.0 && tenths == 0 {
        tenths = 1;
    }
    if r < 1.0 && tenths == 1000 {
        tenths = 999;
    }
    format!("{},{} %", integer(tenths / 10), (tenths % 10).abs())
}

/// A rate followed by its denominator: `92,3 % (1.204)`; a missing rate is only `—`.
pub fn rate_with_denominator(r: Option<f64>, denominator: u64) -> String {
    match r {
        Some(_) => format!("{} ({})", rate(r), count(denominator)),
        None => NONE.to_string(),
    }
}

/// A whole percentage for axis ticks and targets: `0.95` → `95 %`, `0.925` → `92,5 %`.
pub fn percent(r: f64) -> String {
    let tenths = (r * 1000.0).round() as i64;
    if tenths % 10 == 0 {
        format!("{} %", integer(tenths / 10))
    } else {
        format!("{},{} %", integer(tenths / 10), (tenths % 10).abs())
    }
}

/// `dd/mm/yyyy`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `dd/mm`, for time axes.
pub fn day_month(d: NaiveDate) -> String {
    d.format("%d/%m").to_string()
}

/// `dd/mm/yyyy HH:MM`.
pub fn date_time(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_have_dots_between_thousands() {
        assert_eq!(integer(0), "0");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(1000), "1.000");
        assert_eq!(integer(1234567), "1.234.567");
        assert_eq!(integer(-1234), "-1.234");
        assert_eq!(integer(-999), "-999");
        assert_eq!(integer(i64::MIN), "-9.223.372.036.854.775.808");
        assert_eq!(count(1204), "1.204");
    }

    #[test]
    fn rates_have_a_decimal_comma_and_never_round_to_the_ends() {
        assert_eq!(rate(Some(0.9234)), "92,3 %");
        assert_eq!(rate(Some(0.9235)), "92,4 %");
        assert_eq!(rate(Some(0.0)), "0,0 %");
        assert_eq!(rate(Some(1.0)), "100,0 %");
        assert_eq!(rate(Some(0.99996)), "99,9 %");
        assert_eq!(rate(Some(0.00001)), "0,1 %");
        assert_eq!(rate(Some(0.05)), "5,0 %");
        assert_eq!(rate(None), "—");
    }

    #[test]
    fn a_rate_carries_its_denominator_and_none_is_a_dash() {
        assert_eq!(rate_with_denominator(Some(0.923), 1204), "92,3 % (1.204)");
        assert_eq!(rate_with_denominator(None, 0), "—");
    }

    #[test]
    fn percents_and_dates() {
        assert_eq!(percent(0.95), "95 %");
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(percent(0.925), "92,5 %");
        let d = NaiveDate::from_ymd_opt(2026, 2, 5).unwrap();
        assert_eq!(date(d), "05/02/2026");
        assert_eq!(day_month(d), "05/02");
        assert_eq!(
            date_time(d.and_hms_opt(8, 7, 0).unwrap()),
            "05/02/2026 08:07"
        );
    }
}
