//! Helpers shared by the metrics tests: dossiers built by hand, a temporary cache, and the check
//! that the fast figures equal the plain ones.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use controlroom::calendar::Calendar;
use controlroom::metrics::{self, reference, Dimension, Figures, Period};
use controlroom::model::{
    Agency, AgencyLevel, Applicant, ApplicantKind, Channel, Dossier, Extension, Pause, Rating,
    Status,
};
use rusqlite::Connection;

/// `"2026-02-13 10:00"` (or with seconds) as a local instant.
pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|_| panic!("bad instant {s}"))
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn period(from: &str, to: &str) -> Period {
    Period::new(day(from), day(to)).unwrap()
}

pub const AGENCY: &str = "000.00.13.H40";

/// A received dossier in processing, online, at the agency `AGENCY`.
pub fn dossier(code: &str, received: &str, due: &str) -> Dossier {
    Dossier {
        code: code.into(),
        procedure_code: "1.001234".into(),
        agency_code: AGENCY.into(),
        channel: Channel::Online,
        applicant_kind: ApplicantKind::Citizen,
        applicant: Applicant::default(),
        summary: None,
        submitted_at: Some(at(received)),
        received_at: Some(at(received)),
        due_at: Some(at(due)),
        finished_at: None,
        returned_at: None,
        refused_at: None,
        status: Status::Processing,
        paid_online: 0,
        updated_at: at(received),
        fees: vec![],
        pauses: vec![],
        extensions: vec![],
        steps: vec![],
        rating: None,
    }
}

/// The same, finished (status 9) at `finished`.
pub fn finished(mut d: Dossier, when: &str) -> Dossier {
    d.status = Status::Finished;
    d.finished_at = Some(at(when));
    d.updated_at = d.updated_at.max(at(when));
    d
}

pub fn pause(requested: &str, resumed: Option<&str>, before: &str, after: &str) -> Pause {
    Pause {
        requested_at: at(requested),
        resumed_at: resumed.map(at),
        reason: Some("Thiếu tờ khai".into()),
        due_before: Some(at(before)),
        due_after: Some(at(after)),
    }
}

pub fn extension(created: &str, before: &str, after: &str) -> Extension {
    Extension {
        created_at: at(created),
        due_before: at(before),
        due_after: at(after),
        reason: Some("Chờ xác minh".into()),
        apology_letter: Some("12/PXL-STP".into()),
    }
}

pub fn rating(level: u8, when: &str) -> Option<Rating> {
    Some(Rating {
        level,
        rated_at: at(when),
        channel: Some(2),
        comment: None,
    })
}

pub fn agency(code: &str, name: &str) -> Agency {
    Agency {
        code: code.into(),
        name: name.into(),
        level: AgencyLevel::Provincial,
        parent: None,
        valid_from: None,
        valid_to: None,
        replaced_by: None,
    }
}

/// A temporary cache holding the dossiers (later versions of a code replace earlier ones).
pub struct TempCache {
    pub dir: tempfile::TempDir,
    pub conn: Connection,
}

impl TempCache {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let conn = controlroom::cache::open(&dir.path().join("cache.db")).unwrap();
        TempCache { dir, conn }
    }

    pub fn with(dossiers: &[Dossier]) -> Self {
        let mut c = Self::new();
        c.upsert(dossiers);
        c
    }

    pub fn upsert(&mut self, dossiers: &[Dossier]) {
        let tx = self.conn.transaction().unwrap();
        for d in dossiers {
            controlroom::cache::upsert_dossier(&tx, d).unwrap();
        }
        tx.commit().unwrap();
    }

    pub fn tombstone(&mut self, code: &str, when: &str) {
        let tx = self.conn.transaction().unwrap();
        controlroom::cache::apply_tombstone(&tx, code, at(when)).unwrap();
        tx.commit().unwrap();
    }

    pub fn agencies(&mut self, agencies: &[Agency]) {
        let tx = self.conn.transaction().unwrap();
        for a in agencies {
            controlroom::cache::upsert_agency(&tx, a).unwrap();
        }
        tx.commit().unwrap();
    }
}

/// The province's figures by the fast path, after checking that the fast path agrees with the
/// plain implementation for the province and for every agency, field and procedure.
pub fn figures(c: &TempCache, cal: &Calendar, p: Period, as_of: Option<&str>) -> Figures {
    let as_of = as_of.map(at);
    let report = checked(c, cal, p, as_of);
    report.province
}

/// The report by the fast path, checked against the plain implementation.
pub fn checked(
    c: &TempCache,
    cal: &Calendar,
    p: Period,
    as_of: Option<NaiveDateTime>,
) -> metrics::KpiReport {
    let report = metrics::compute(&c.conn, cal, p, as_of).unwrap();
    let t = p.as_of(as_of);
    let facts = reference::all_facts(&c.conn).unwrap();
    let (province, by_agency) = reference::figures_by(&facts, |f| f.agency_code.clone(), p, t, cal);
    assert_eq!(report.province, province, "province, {p:?} at {t}");
    for a in &report.agencies {
        let plain = by_agency.get(&a.code).copied().unwrap_or_default().finish();
        assert_eq!(a.figures, plain, "agency {}, {p:?} at {t}", a.code);
    }
    for code in by_agency.keys() {
        assert!(
            report.agencies.iter().any(|a| &a.code == code),
            "agency {code} missing"
        );
    }
    let (_, by_procedure) = reference::figures_by(&facts, |f| f.procedure_code.clone(), p, t, cal);
    let fast = metrics::compute_by(&c.conn, cal, p, as_of, Dimension::Procedure).unwrap();
    assert_eq!(fast.province, province);
    for (code, plain) in &by_procedure {
        let g = fast
            .groups
            .iter()
            .find(|g| &g.code == code)
            .expect("procedure listed");
        assert_eq!(&g.figures, plain, "procedure {code}, {p:?} at {t}");
    }
    report
}

/// Received 3 March, asked twice to supplement (4–5 and 9–12 March, due moved to 20 March),
/// finished early on 16 March: resolved early in the figures, never in time for Decision 766.
pub fn asked_twice(code: &str) -> Dossier {
    let mut d = dossier(code, "2026-03-03 09:00", "2026-03-20 17:00");
    d.pauses = vec![
        pause(
            "2026-03-04 09:00",
            Some("2026-03-05 09:00"),
            "2026-03-12 17:00",
            "2026-03-13 17:00",
        ),
        pause(
            "2026-03-09 09:00",
            Some("2026-03-12 09:00"),
            "2026-03-13 17:00",
            "2026-03-20 17:00",
        ),
    ];
    finished(d, "2026-03-16 10:00")
}

/// Runs the `controlroom` binary with a subcommand: whether it succeeded, stdout, stderr.
pub fn controlroom(subcommand: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_controlroom"))
        .arg(subcommand)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
