//! Fault injection. Two kinds:
//! - transport faults, drawn per request (503, 429, slow, truncated body, expired cursor,
//!   duplicate record in a page, re-sent older version): they never change the data;
//! - data faults, drawn per dossier from the seed (malformed versions, tombstones): they are
//!   part of the data set, identical on every run with the same seed and spec, and
//!   `/__sim/truth` accounts for them.
//!
//! Syntax of `--faults`: `none`, `all`, or a comma-separated list of `kind=rate` (rate in
//! [0, 1], per request for transport faults, per dossier for data faults), optionally after
//! `all` to override it: `all,503=0.2`. Kinds: `503`, `429`, `slow`, `truncate`, `expire`,
//! `duplicate`, `resend`, `malformed`, `tombstone`; and `slow_ms=N` (delay of a slow answer,
//! 1500 by default). `legacy=RATE` is no fault: that share of dossiers comes as an older
//! one-stop system writes them (status 10 with `NgayTra` alone), valid under the contract.

use rand::Rng;
use serde_json::Value;

use super::world::{rng, Stream};
use super::SimError;

#[derive(Debug, Clone, PartialEq)]
pub struct FaultSpec {
    pub unavailable: f64,
    pub throttled: f64,
    pub slow: f64,
    pub slow_ms: u64,
    pub truncate: f64,
    pub expire: f64,
    pub duplicate: f64,
    pub resend: f64,
    pub malformed: f64,
    pub tombstone: f64,
    /// Not a fault: the share of dossiers served as an older system writes them (status 10
    /// with `NgayTra` and no `NgayKetThucXuLy`), valid under the contract.
    pub legacy: f64,
}

impl Default for FaultSpec {
    fn default() -> Self {
        Self::none()
    }
}

impl FaultSpec {
    pub fn none() -> Self {
        FaultSpec {
            unavailable: 0.0,
            throttled: 0.0,
            slow: 0.0,
            slow_ms: 1500,
            truncate: 0.0,
            expire: 0.0,
            duplicate: 0.0,
            resend: 0.0,
            malformed: 0.0,
            tombstone: 0.0,
            legacy: 0.0,
        }
    }

    /// Every fault at a rate a robust client must survive in one sync.
    pub fn all() -> Self {
        FaultSpec {
            unavailable: 0.05,
            throttled: 0.05,
            slow: 0.02,
            slow_ms: 1500,
            truncate: 0.03,
            expire: 0.03,
            duplicate: 0.05,
            resend: 0.05,
            malformed: 0.01,
            tombstone: 0.01,
            legacy: 0.0,
        }
    }

    pub fn parse(spec: &str) -> Result<Self, SimError> {
        let bad = |why: String| SimError::FaultSpec {
            spec: spec.to_string(),
            why,
        };
        let mut out = FaultSpec::none();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item {
                "none" => out = FaultSpec::none(),
                "all" => out = FaultSpec::all(),
                _ => {
                    let (kind, value) = item
                        .split_once('=')
                        .ok_or_else(|| bad(format!("'{item}' is not kind=rate")))?;
                    if kind == "slow_ms" {
                        out.slow_ms = value.parse().map_err(|_| {
                            bad(format!("slow_ms '{value}' is not a number of milliseconds"))
                        })?;
                        continue;
                    }
                    let rate: f64 = value
                        .parse()
                        .ok()
                        .filter(|r: &f64| (0.0..=1.0).contains(r))
                        .ok_or_else(|| {
                            bad(format!(
                                "rate '{value}' of {kind} is not a number in [0, 1]"
                            ))
                        })?;
                    let slot = match kind {
                        "503" => &mut out.unavailable,
                        "429" => &mut out.throttled,
                        "slow" => &mut out.slow,
                        "truncate" => &mut out.truncate,
                        "expire" => &mut out.expire,
                        "duplicate" => &mut out.duplicate,
                        "resend" => &mut out.resend,
                        "malformed" => &mut out.malformed,
                        "tombstone" => &mut out.tombstone,
                        "legacy" => &mut out.legacy,
                        other => {
                            return Err(bad(format!(
                                "unknown fault '{other}' (known: 503, 429, slow, slow_ms, truncate, expire, duplicate, resend, malformed, tombstone, legacy)"
                            )))
                        }
                    };
                    *slot = rate;
                }
            }
        }
        Ok(out)
    }
}

/// What is wrong with a malformed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformation {
    BadDate,
    UnknownStatus,
    FinishedWithoutEnd,
    MissingCode,
}

impl Malformation {
    pub fn reason(self) -> &'static str {
        match self {
            Malformation::BadDate => "NgayNopHoSo is not a yyyyMMddHHmmss instant",
            Malformation::UnknownStatus => "TrangThaiHoSo 11 is not a known status",
            Malformation::FinishedWithoutEnd => "status 9 (finished) without NgayKetThucXuLy",
            Malformation::MissingCode => "MaHoSo is missing",
        }
    }

    /// Breaks a well-formed record the way this malformation says.
    pub fn apply(self, record: &mut Value) {
        let Some(obj) = record.as_object_mut() else {
            return;
        };
        match self {
            Malformation::BadDate => {
                let good = obj
                    .get("NgayNopHoSo")
                    .and_then(Value::as_str)
                    .unwrap_or("20260101000000")
                    .to_string();
                let bad = format!(
                    "{}-{}-{} {}:{}:{}",
                    &good[0..4],
                    &good[4..6],
                    &good[6..8],
                    &good[8..10],
                    &good[10..12],
                    &good[12..14]
                );
                obj.insert("NgayNopHoSo".into(), Value::String(bad));
            }
            Malformation::UnknownStatus => {
                obj.insert("TrangThaiHoSo".into(), Value::from(11));
            }
            Malformation::FinishedWithoutEnd => {
                obj.insert("TrangThaiHoSo".into(), Value::from(9));
                obj.insert("NgayKetThucXuLy".into(), Value::Null);
            }
            Malformation::MissingCode => {
                obj.remove("MaHoSo");
            }
        }
    }
}

/// The data faults of one dossier, from the seed alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataFaults {
    /// Some(reissued): the dossier is withdrawn from the system (tombstone); if reissued, it
    /// comes back under a new code.
    pub tombstone: Option<bool>,
    /// Some((kind, latest)): a malformed version; `latest` says whether it stays the latest
    /// version or is later superseded by a good one.
    pub malformed: Option<(Malformation, bool)>,
}

pub fn data_faults(spec: &FaultSpec, seed: u64, index: u64) -> DataFaults {
    if spec.malformed == 0.0 && spec.tombstone == 0.0 {
        return DataFaults::default();
    }
    let mut r = rng(seed, Stream::Faults, index);
    let x: f64 = r.random();
    if x < spec.tombstone {
        return DataFaults {
            tombstone: Some(r.random_bool(0.4)),
            malformed: None,
        };
    }
    if x < spec.tombstone + spec.malformed {
        let kind = match r.random_range(0..4) {
            0 => Malformation::BadDate,
            1 => Malformation::UnknownStatus,
            2 => Malformation::FinishedWithoutEnd,
            _ => Malformation::MissingCode,
        };
        return DataFaults {
            tombstone: None,
            malformed: Some((kind, r.random_bool(0.5))),
        };
    }
    DataFaults::default()
}

/// The transport faults of one request.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RequestFaults {
    pub unavailable: bool,
    pub throttled: bool,
    pub slow: bool,
    /// Some(fraction of the body kept).
    pub truncate: Option<f64>,
    pub expire: bool,
    pub duplicate: bool,
    pub resend: bool,
    /// Drawn for placing duplicates and re-sent records.
    pub pick: u64,
}

pub fn request_faults(spec: &FaultSpec, seed: u64, request_no: u64) -> RequestFaults {
    let mut r = rng(seed, Stream::Transport, request_no);
    let mut hit = |rate: f64| rate > 0.0 && r.random_bool(rate);
    let unavailable = hit(spec.unavailable);
    let throttled = hit(spec.throttled);
    let slow = hit(spec.slow);
    let truncate = hit(spec.truncate);
    let expire = hit(spec.expire);
    let duplicate = hit(spec.duplicate);
    let resend = hit(spec.resend);
    RequestFaults {
        unavailable,
        throttled,
        slow,
        truncate: truncate.then(|| r.random_range(0.1..0.9)),
        expire,
        duplicate,
        resend,
        pick: r.random(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_overrides() {
        let f = FaultSpec::parse("all,503=0.2,slow_ms=10").unwrap();
        assert_eq!(f.unavailable, 0.2);
        assert_eq!(f.throttled, FaultSpec::all().throttled);
        assert_eq!(f.slow_ms, 10);
        assert_eq!(FaultSpec::parse("none").unwrap(), FaultSpec::none());
        assert_eq!(FaultSpec::parse("").unwrap(), FaultSpec::none());
        let t = FaultSpec::parse("tombstone=0.5").unwrap();
        assert_eq!(t.tombstone, 0.5);
        assert_eq!(t.unavailable, 0.0);
    }

    #[test]
    fn rejects_unknown_kinds_and_bad_rates_with_the_reason() {
        let e = FaultSpec::parse("504=0.1").unwrap_err().to_string();
        assert!(e.contains("unknown fault '504'"), "{e}");
        let e = FaultSpec::parse("503=2").unwrap_err().to_string();
        assert!(e.contains("not a number in [0, 1]"), "{e}");
        let e = FaultSpec::parse("503").unwrap_err().to_string();
        assert!(e.contains("not kind=rate"), "{e}");
    }

    #[test]
    fn malformations_break_what_they_say() {
        let good = serde_json::json!({"MaHoSo": "X", "NgayNopHoSo": "20260316080501",
                                      "TrangThaiHoSo": 4, "NgayKetThucXuLy": null});
        let mut v = good.clone();
        Malformation::BadDate.apply(&mut v);
        assert_eq!(v["NgayNopHoSo"], "2026-03-16 08:05:01");
        let mut v = good.clone();
        Malformation::MissingCode.apply(&mut v);
        assert!(v.get("MaHoSo").is_none());
        let mut v = good.clone();
        Malformation::UnknownStatus.apply(&mut v);
        assert_eq!(v["TrangThaiHoSo"], 11);
    }
}
