//! The contract's endpoints, read into model types. A body that does not parse as a whole is
//! retried (it was cut short); a record that parses but breaks the contract comes back as a
//! `BrokenRecord`, raw, with its reason, and the rest of the answer is kept.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::client::{Client, SourceError};
use super::rules::Rule;
use super::validate::{self, Invalid};
use super::wire::{self, time};
use crate::model::{Agency, FeedRecord, Instant, Procedure, YearCalendar};

/// A record that breaks the contract, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenRecord {
    /// `MaHoSo`, `MaDonVi` or `MaTTHC`, when it could be read.
    pub key: Option<String>,
    /// The rule of the contract it breaks.
    pub rule: Rule,
    pub reason: String,
    /// The record's text, personal numbers masked.
    pub raw: String,
    /// `NgayCapNhat`, when it could be read.
    pub updated_at: Option<Instant>,
}

pub type Checked<T> = Result<T, BrokenRecord>;

/// Where a pull of the change feed starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedStart {
    /// The whole history.
    Beginning,
    /// Records with `NgayCapNhat` at or after this instant.
    Since(Instant),
    /// Strictly after the last record of the page that gave this cursor.
    Cursor(String),
}

/// One page of the change feed.
#[derive(Debug, Clone)]
pub struct FeedPage {
    pub records: Vec<Checked<FeedRecord>>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub server_time: Option<Instant>,
    /// The highest `NgayCapNhat` on the page, broken records included.
    pub last_updated_at: Option<Instant>,
    /// The earliest submission or intake instant of the page's dossiers.
    pub earliest_at: Option<Instant>,
}

pub const PATH_DONVI: &str = "api/v1/donvi";
pub const PATH_THUTUC: &str = "api/v1/thutuc";
pub const PATH_LICHLAMVIEC: &str = "api/v1/lichlamviec";
pub const PATH_HOSO: &str = "api/v1/hoso";

/// The largest page the contract allows.
pub const MAX_PAGE: u32 = 5000;

fn broken(raw: &RawValue, key_field: &str, invalid: Invalid) -> BrokenRecord {
    // Only on the failure path: read what can be read of the record.
    let value: serde_json::Value = serde_json::from_str(raw.get()).unwrap_or_default();
    let text = |f: &str| {
        value
            .get(f)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    BrokenRecord {
        key: text(key_field).map(str::to_string),
        rule: invalid.rule(),
        reason: invalid.to_string(),
        raw: wire::personal::mask_raw(raw.get()),
        updated_at: text("NgayCapNhat").and_then(time::parse_instant),
    }
}

/// Reads one record of a list: the wire type, then the model type.
fn check<W: DeserializeOwned, M>(
    raw: &RawValue,
    key_field: &str,
    validate: impl Fn(&W) -> Result<M, Invalid>,
) -> Checked<M> {
    let wire: W = serde_json::from_str(raw.get())
        .map_err(|e| broken(raw, key_field, Invalid::Shape(e.to_string())))?;
    validate(&wire).map_err(|e| broken(raw, key_field, e))
}

fn list<M>(body: &[u8], one: fn(&RawValue) -> Checked<M>) -> Result<Vec<Checked<M>>, String> {
    let list: wire::ListBody<Box<RawValue>> =
        serde_json::from_slice(body).map_err(|e| e.to_string())?;
    Ok(list.data.iter().map(|r| one(r)).collect())
}

/// A page of the change feed as received: its envelope read, its records not yet. Reading
/// the records is most of the work; the sync asks for the next page meanwhile.
#[derive(Debug)]
pub struct RawFeedPage {
    records: Vec<Box<RawValue>>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
    server_time: Option<Instant>,
}

fn raw_feed_page(body: &[u8]) -> Result<RawFeedPage, String> {
    let page: wire::FeedPage<Box<RawValue>> =
        serde_json::from_slice(body).map_err(|e| e.to_string())?;
    Ok(RawFeedPage {
        records: page.data,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
        server_time: time::parse_instant(&page.server_time),
    })
}

/// Reads and validates one record of the change feed; a broken one comes back raw (personal
/// numbers masked) with its reason.
pub fn feed_record(raw: &RawValue) -> Checked<FeedRecord> {
    let wire: wire::HoSo = serde_json::from_str(raw.get())
        .map_err(|e| broken(raw, "MaHoSo", Invalid::Shape(e.to_string())))?;
    validate::feed_record(&wire).map_err(|e| BrokenRecord {
        key: validate::record_key(&wire),
        rule: e.rule(),
        reason: e.to_string(),
        raw: wire::personal::mask_raw(raw.get()),
        updated_at: wire.ngay_cap_nhat.as_deref().and_then(time::parse_instant),
    })
}

/// Reads and validates one agency of `/donvi`.
pub fn agency_record(raw: &RawValue) -> Checked<Agency> {
    check(raw, "MaDonVi", validate::agency)
}

/// Reads and validates one procedure of `/thutuc`.
pub fn procedure_record(raw: &RawValue) -> Checked<Procedure> {
    check(raw, "MaTTHC", validate::procedure)
}

impl RawFeedPage {
    /// Reads and validates every record; a broken one is kept raw with its reason.
    pub fn check(self) -> FeedPage {
        let records: Vec<Checked<FeedRecord>> =
            self.records.iter().map(|raw| feed_record(raw)).collect();
        let updated = records.iter().filter_map(|r| match r {
            Ok(FeedRecord::Dossier(d)) => Some(d.updated_at),
            Ok(FeedRecord::Tombstone { updated_at, .. }) => Some(*updated_at),
            Err(b) => b.updated_at,
        });
        let last_updated_at = updated.max();
        let earliest_at = records
            .iter()
            .filter_map(|r| match r {
                Ok(FeedRecord::Dossier(d)) => d.submitted_at.into_iter().chain(d.received_at).min(),
                _ => None,
            })
            .min();
        FeedPage {
            records,
            next_cursor: self.next_cursor,
            has_more: self.has_more,
            server_time: self.server_time,
            last_updated_at,
            earliest_at,
        }
    }
}

impl Client {
    /// `/donvi`.
    pub async fn agencies(&self) -> Result<Vec<Checked<Agency>>, SourceError> {
        self.get(PATH_DONVI, &[], |b| list(b, agency_record)).await
    }

    /// `/thutuc`.
    pub async fn procedures(&self) -> Result<Vec<Checked<Procedure>>, SourceError> {
        self.get(PATH_THUTUC, &[], |b| list(b, procedure_record))
            .await
    }

    /// `/lichlamviec?nam=year`; None when the center does not know the year (404).
    pub async fn calendar(&self, year: i32) -> Result<Option<Checked<YearCalendar>>, SourceError> {
        let parse = move |b: &[u8]| -> Result<Checked<YearCalendar>, String> {
            let raw: Box<RawValue> = serde_json::from_slice(b).map_err(|e| e.to_string())?;
            Ok(check(&raw, "Nam", |w: &wire::LichLamViec| {
                validate::calendar(w, year)
            }))
        };
        match self
            .get(PATH_LICHLAMVIEC, &[("nam", year.to_string())], parse)
            .await
        {
            Ok(c) => Ok(Some(c)),
            Err(SourceError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// One page of `/hoso`, its records read and validated.
    pub async fn feed_page(&self, start: &FeedStart, limit: u32) -> Result<FeedPage, SourceError> {
        let raw = self.raw_feed_page(start, limit).await?;
        Ok(tokio::task::spawn_blocking(move || raw.check())
            .await
            .expect("reading a page's records does not panic"))
    }

    /// One page of `/hoso`, its records not yet read (`RawFeedPage::check`).
    pub async fn raw_feed_page(
        &self,
        start: &FeedStart,
        limit: u32,
    ) -> Result<RawFeedPage, SourceError> {
        let mut query = vec![("limit", limit.clamp(1, MAX_PAGE).to_string())];
        match start {
            FeedStart::Beginning => {}
            FeedStart::Since(t) => query.push(("updated_since", time::format_instant(*t))),
            FeedStart::Cursor(c) => query.push(("cursor", c.clone())),
        }
        let page = self.get(PATH_HOSO, &query, raw_feed_page).await?;
        if page.has_more && page.next_cursor.is_none() {
            return Err(SourceError::Contract {
                url: format!("{}{PATH_HOSO}", self.base_url()),
                what: "has_more is true but next_cursor is missing".into(),
            });
        }
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed_page(body: &[u8]) -> Result<FeedPage, String> {
        raw_feed_page(body).map(RawFeedPage::check)
    }

    #[test]
    fn a_page_keeps_its_good_records_and_names_the_broken_ones() {
        let body = serde_json::json!({
            "data": [
                {"MaHoSo": "A", "MaTTHC": "1.0", "MaDonVi": "D", "KenhThucHien": 1, "LoaiDoiTuong": 1,
                 "TrangThaiHoSo": 1, "NgayNopHoSo": "20250105080000", "NgayCapNhat": "20260101080000"},
                {"MaHoSo": "B", "NgayCapNhat": "20260101090000", "DaXoa": true},
                {"MaHoSo": "C", "MaTTHC": "1.0", "MaDonVi": "D", "KenhThucHien": 9, "LoaiDoiTuong": 1,
                 "TrangThaiHoSo": 1, "NgayCapNhat": "20260101100000"},
                {"MaHoSo": "E", "TrangThaiHoSo": "bốn", "NgayCapNhat": "20260101110000"},
                [1, 2]
            ],
            "next_cursor": "c2", "has_more": true, "server_time": "20260102000000"
        })
        .to_string();
        let page = feed_page(body.as_bytes()).unwrap();
        assert_eq!(page.records.len(), 5);
        assert!(matches!(&page.records[0], Ok(FeedRecord::Dossier(d)) if d.code == "A"));
        assert!(matches!(&page.records[1], Ok(FeedRecord::Tombstone { code, .. }) if code == "B"));
        let c = page.records[2].as_ref().unwrap_err();
        assert_eq!(
            (c.key.as_deref(), c.reason.as_str()),
            (Some("C"), "unknown KenhThucHien 9")
        );
        assert!(c.raw.contains("\"KenhThucHien\":9"));
        let e = page.records[3].as_ref().unwrap_err();
        assert_eq!(e.key.as_deref(), Some("E"));
        assert!(
            e.reason
                .starts_with("not a record of the contract: invalid type: string \"bốn\""),
            "{}",
            e.reason
        );
        assert_eq!(e.updated_at, time::parse_instant("20260101110000"));
        let arr = page.records[4].as_ref().unwrap_err();
        assert_eq!((arr.key.as_deref(), arr.raw.as_str()), (None, "[1,2]"));
        assert_eq!(page.last_updated_at, time::parse_instant("20260101110000"));
        assert_eq!(page.earliest_at, time::parse_instant("20250105080000"));
        assert_eq!(page.server_time, time::parse_instant("20260102000000"));
        assert_eq!(page.next_cursor.as_deref(), Some("c2"));
    }

    #[test]
    fn a_body_cut_short_is_an_error_to_retry() {
        let body = br#"{"data": [{"MaHoSo": "A"}, {"MaHo"#;
        assert!(feed_page(body).is_err());
        assert!(list(br#"{"data": [{"MaDonVi": "#, agency_record).is_err());
    }
}
