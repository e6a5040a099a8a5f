//! Reading the calendars synced from the API out of the cache (`calendar_year`, `calendar_day`).

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::cache::from_date_key;
use crate::model::{CalendarDay, WorkingHours, YearCalendar};

use super::CalendarError;

/// Every year the cache holds from the API, in the model's shape.
pub fn api_years(conn: &Connection) -> Result<Vec<YearCalendar>, CalendarError> {
    let mut years: BTreeMap<i32, YearCalendar> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT year, working_hours FROM calendar_year")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (year, hours) = row?;
        let working_hours: Vec<WorkingHours> = serde_json::from_str(&hours)
            .map_err(|e| CalendarError::Corrupt(format!("working hours of {year}: {e}")))?;
        years.insert(
            year,
            YearCalendar {
                year,
                holidays: Vec::new(),
                makeup_days: Vec::new(),
                working_hours,
            },
        );
    }
    let mut stmt =
        conn.prepare("SELECT date, kind, year, reason FROM calendar_day ORDER BY date")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i32>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (key, kind, year, reason) = row?;
        let date = from_date_key(key)
            .ok_or_else(|| CalendarError::Corrupt(format!("the date {key} of {year}")))?;
        let Some(cal) = years.get_mut(&year) else {
            // A day without its year row is left over from an interrupted write: ignore it.
            continue;
        };
        let day = CalendarDay { date, reason };
        match kind.as_str() {
            "holiday" => cal.holidays.push(day),
            "makeup" => cal.makeup_days.push(day),
            other => return Err(CalendarError::Corrupt(format!("day kind {other}"))),
        }
    }
    Ok(years.into_values().collect())
}
