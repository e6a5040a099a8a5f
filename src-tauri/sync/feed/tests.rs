//! The upsert rules as the engine applies them, page by page, on a real SQLite file.

use super::*;
use crate::model::{Applicant, ApplicantKind, Channel, Dossier, Status};
use crate::source::wire::time::parse_instant;

fn at(s: &str) -> Instant {
    parse_instant(s).unwrap()
}

fn dossier(code: &str, updated: &str, status: Status) -> Result<FeedRecord, BrokenRecord> {
    Ok(FeedRecord::Dossier(Box::new(Dossier {
        code: code.into(),
        procedure_code: "1.001234".into(),
        agency_code: "000.00.13.H40".into(),
        channel: Channel::Online,
        applicant_kind: ApplicantKind::Citizen,
        applicant: Applicant::default(),
        summary: None,
        submitted_at: Some(at("20260316080000")),
        received_at: Some(at("20260316090000")),
        due_at: Some(at("20260330170000")),
        finished_at: None,
        returned_at: None,
        refused_at: None,
        status,
        paid_online: 0,
        updated_at: at(updated),
        fees: vec![],
        pauses: vec![],
        extensions: vec![],
        steps: vec![],
        rating: None,
    })))
}

fn tombstone(code: &str, updated: &str) -> Result<FeedRecord, BrokenRecord> {
    Ok(FeedRecord::Tombstone {
        code: code.into(),
        updated_at: at(updated),
    })
}

fn broken(
    code: Option<&str>,
    updated: Option<&str>,
    raw: &str,
) -> Result<FeedRecord, BrokenRecord> {
    Err(BrokenRecord {
        key: code.map(str::to_string),
        rule: crate::source::rules::Rule::KnownCode,
        reason: "unknown TrangThaiHoSo 42".into(),
        raw: raw.into(),
        updated_at: updated.map(at),
    })
}

struct Db {
    _dir: tempfile::TempDir,
    conn: Connection,
}

fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let conn = cache::open(&dir.path().join("cache.db")).unwrap();
    Db { _dir: dir, conn }
}

impl Db {
    fn page(&mut self, records: Vec<Result<FeedRecord, BrokenRecord>>) -> PageCounts {
        write_page(&mut self.conn, records, &FeedPosition::default()).unwrap()
    }

    fn status_of(&self, code: &str) -> Option<(Status, Instant)> {
        cache::read_dossier(&self.conn, code)
            .unwrap()
            .map(|d| (d.status, d.updated_at))
    }

    fn quarantined_keys(&self) -> Vec<Option<String>> {
        cache::quarantined(&self.conn)
            .unwrap()
            .into_iter()
            .map(|q| q.key)
            .collect()
    }
}

fn counts(upserted: u64, tombstoned: u64, quarantined: u64, stale: u64) -> PageCounts {
    PageCounts {
        upserted,
        tombstoned,
        quarantined,
        stale,
    }
}

#[test]
fn an_older_version_sent_again_never_overwrites_a_newer_one() {
    let mut db = db();
    assert_eq!(
        db.page(vec![dossier("A", "20260320100000", Status::Finished)]),
        counts(1, 0, 0, 0)
    );
    let c = db.page(vec![dossier("A", "20260318100000", Status::Processing)]);
    assert_eq!(c, counts(0, 0, 0, 1));
    assert_eq!(
        db.status_of("A"),
        Some((Status::Finished, at("20260320100000")))
    );
}

#[test]
fn a_duplicate_changes_nothing_and_is_counted_once() {
    let mut db = db();
    let c = db.page(vec![
        dossier("A", "20260320100000", Status::Processing),
        dossier("A", "20260320100000", Status::Processing),
    ]);
    assert_eq!(c, counts(1, 0, 0, 1));
    // Same second, different content: the later arrival wins.
    let c = db.page(vec![dossier(
        "A",
        "20260320100000",
        Status::SupplementRequested,
    )]);
    assert_eq!(c, counts(1, 0, 0, 0));
    assert_eq!(db.status_of("A").unwrap().0, Status::SupplementRequested);
    let n: i64 = db
        .conn
        .query_row("SELECT COUNT(*) FROM dossier", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_tombstone_removes_and_only_a_newer_record_brings_back() {
    let mut db = db();
    db.page(vec![dossier("A", "20260320100000", Status::Processing)]);
    assert_eq!(
        db.page(vec![tombstone("A", "20260321100000")]),
        counts(0, 1, 0, 0)
    );
    assert_eq!(db.status_of("A"), None);
    // The old version re-sent, and the tombstone re-sent: nothing changes.
    let c = db.page(vec![
        dossier("A", "20260320100000", Status::Processing),
        tombstone("A", "20260321100000"),
    ]);
    assert_eq!(c, counts(0, 0, 0, 2));
    assert_eq!(db.status_of("A"), None);
    assert_eq!(cache::tombstoned(&db.conn).unwrap(), ["A"]);
    // A newer record of the same code is a new life.
    assert_eq!(
        db.page(vec![dossier("A", "20260322100000", Status::Received)]),
        counts(1, 0, 0, 0)
    );
    assert_eq!(
        db.status_of("A"),
        Some((Status::Received, at("20260322100000")))
    );
    assert!(cache::tombstoned(&db.conn).unwrap().is_empty());
    // A tombstone older than the cached version is stale.
    assert_eq!(
        db.page(vec![tombstone("A", "20260321000000")]),
        counts(0, 0, 0, 1)
    );
    assert!(db.status_of("A").is_some());
}

#[test]
fn a_broken_latest_version_takes_the_dossier_out_until_a_valid_newer_one() {
    let mut db = db();
    db.page(vec![dossier("A", "20260320100000", Status::Processing)]);
    let c = db.page(vec![broken(
        Some("A"),
        Some("20260321100000"),
        r#"{"MaHoSo":"A","v":2}"#,
    )]);
    assert_eq!(c, counts(0, 0, 1, 0));
    assert_eq!(db.status_of("A"), None);
    // The same broken record again, and an older valid one: nothing counted twice.
    let c = db.page(vec![
        broken(Some("A"), Some("20260321100000"), r#"{"MaHoSo":"A","v":2}"#),
        dossier("A", "20260320100000", Status::Processing),
    ]);
    assert_eq!(c, counts(0, 0, 0, 2));
    assert_eq!(db.quarantined_keys(), [Some("A".to_string())]);
    // An older broken version does not displace a newer valid one.
    db.page(vec![dossier("A", "20260322100000", Status::Finished)]);
    assert!(db.quarantined_keys().is_empty());
    let c = db.page(vec![broken(
        Some("A"),
        Some("20260320000000"),
        r#"{"MaHoSo":"A","v":0}"#,
    )]);
    assert_eq!(c, counts(0, 0, 0, 1));
    assert_eq!(db.status_of("A").unwrap().0, Status::Finished);
}

#[test]
fn broken_records_without_a_key_are_kept_once_per_raw_text() {
    let mut db = db();
    let c = db.page(vec![
        broken(None, None, r#"{"x":1}"#),
        broken(None, None, r#"{"x":1}"#),
        broken(None, None, r#"{"x":2}"#),
    ]);
    assert_eq!(c, counts(0, 0, 2, 1));
    assert_eq!(db.quarantined_keys(), [None, None]);
}

#[test]
fn the_position_is_committed_with_the_page() {
    let mut db = db();
    let pos = FeedPosition {
        cursor: Some("c-2".into()),
        last_updated_at: Some(at("20260320100000")),
        earliest_at: Some(at("20250101080000")),
    };
    write_page(
        &mut db.conn,
        vec![dossier("A", "20260320100000", Status::Received)],
        &pos,
    )
    .unwrap();
    assert_eq!(cache::feed_position(&db.conn, FEED_HOSO).unwrap(), pos);
    assert_eq!(start_of(&pos), FeedStart::Cursor("c-2".into()));
    assert_eq!(restart_of(&pos), FeedStart::Since(at("20260320100000")));
    assert_eq!(start_of(&FeedPosition::default()), FeedStart::Beginning);
}
