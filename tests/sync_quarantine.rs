//! Ingest keeps every record the contract allows, a cache quarantined by an older, stricter
//! version heals itself, and no personal number can be read from any file of the cache.

mod sync_support;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use sync_support::{assert_cache_matches_truth, assert_succeeded, bin, sync_ok, temp_db, Sim, NOW};

/// `controlroom kpi --json` over the cache at `db`.
fn kpi(db: &Path, from: &str, to: &str) -> Value {
    let out = Command::new(bin())
        .arg("kpi")
        .arg("--db")
        .arg(db)
        .args(["--from", from, "--to", to, "--as-of", NOW, "--json"])
        .output()
        .unwrap();
    assert_succeeded(&out, "kpi");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every period the comparisons look at: the whole history, a Biểu 06 period, a month.
const PERIODS: [(&str, &str); 3] = [
    ("2024-11-01", "2026-11-20"),
    ("2026-10-15", "2026-11-14"),
    ("2026-11-01", "2026-11-20"),
];

/// The status-10 records an older one-stop system sends: `NgayTra`, no `NgayKetThucXuLy`.
fn legacy_returned(truth: &Value) -> Vec<Value> {
    truth["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["TrangThaiHoSo"] == 10 && d["NgayKetThucXuLy"].is_null() && d["NgayTra"].is_string()
        })
        .cloned()
        .collect()
}

/// What the version before this one did with such a record: took the dossier out of the cache
/// (leaving its pending states behind) and kept the record raw, numbers in clear, with its
/// reason, in a quarantine of its schema (no rule, no version of the rules).
fn quarantine_as_the_older_version_did(db: &Path, records: &[Value]) {
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    // The schema as it stood at migration 7: every later migration undone, the latest first
    // (0010 the reveal audit, 0009 Decision 766), then 0008. A new migration is undone here too.
    tx.execute_batch(
        "DROP TABLE reveal_audit;
         DROP TABLE kpi_fee_day;
         DROP TRIGGER kpi_fee_inserted; DROP TRIGGER kpi_fee_deleted;
         DROP TRIGGER kpi_fee_updated_old; DROP TRIGGER kpi_fee_updated_new;
         DROP INDEX dossier_fee_received; DROP INDEX dossier_many_supplements;
         DROP INDEX quarantine_by_rules_version;
         ALTER TABLE quarantine DROP COLUMN rule;
         ALTER TABLE quarantine DROP COLUMN rules_version;
         DELETE FROM schema_migrations WHERE version >= 8;",
    )
    .unwrap();
    let version: i64 = tx
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(version, 7);
    assert_eq!(
        controlroom::cache::MIGRATIONS.len(),
        10,
        "a migration was added: undo it above"
    );
    for r in records {
        let code = r["MaHoSo"].as_str().unwrap();
        let updated: i64 = r["NgayCapNhat"].as_str().unwrap().parse().unwrap();
        tx.execute("DELETE FROM dossier WHERE code = ?1", [code])
            .unwrap();
        tx.execute(
            "INSERT INTO quarantine (feed, record_key, reason, raw, quarantined_at, updated_at)
             VALUES ('hoso', ?1, 'status 10 (Đã trả kết quả) requires NgayKetThucXuLy', ?2,
                     20261120100000, ?3)",
            rusqlite::params![code, r.to_string(), updated],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// Every identity-card and phone number the simulator put in a record.
fn personal_numbers(truth: &Value) -> Vec<String> {
    let mut out: Vec<String> = truth["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| [&d["SoGiayToChuHoSo"], &d["SoDienThoai"]])
        .filter_map(|v| v.as_str().map(str::to_string))
        .filter(|n| n.len() >= 9)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The numbers of `numbers` found in clear in any file of the cache at `db`: every run of
/// digits in the files is looked at, each of its substrings of a number's length.
fn numbers_in_files(db: &Path, numbers: &[String]) -> Vec<String> {
    let wanted: HashSet<&[u8]> = numbers.iter().map(|n| n.as_bytes()).collect();
    let lengths: BTreeSet<usize> = numbers.iter().map(String::len).collect();
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(db.parent().unwrap()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for run in bytes.split(|b| !b.is_ascii_digit()) {
            for &len in lengths.iter().filter(|&&len| len <= run.len()) {
                for w in run.windows(len).filter(|w| wanted.contains(w)) {
                    found.insert(format!(
                        "{} in {}",
                        String::from_utf8_lossy(w),
                        path.display()
                    ));
                }
            }
        }
    }
    found.into_iter().collect()
}

#[test]
fn an_older_systems_returned_dossiers_are_counted_and_an_old_cache_heals_itself() {
    let sim = Sim::start(13, 3000, "legacy=0.3,malformed=0.02", &[]);
    let truth = sim.truth();
    let legacy = legacy_returned(&truth);
    assert!(
        legacy.len() > 100,
        "the simulator serves older systems' records ({})",
        legacy.len()
    );
    let numbers = personal_numbers(&truth);
    assert!(numbers.len() > 1000);

    // A fresh sync takes every one of them; the malformed records alone are quarantined.
    let (_fresh_dir, fresh) = temp_db();
    let report = sync_ok(&sim.url, &fresh, 400);
    assert_eq!(report["released"], 0);
    assert_cache_matches_truth(&fresh, &truth);
    let fresh_kpi: Vec<Value> = PERIODS.iter().map(|(f, t)| kpi(&fresh, f, t)).collect();

    // A cache the older version filled: the same records, those quarantined.
    let (_old_dir, old) = temp_db();
    sync_ok(&sim.url, &old, 400);
    quarantine_as_the_older_version_did(&old, &legacy);
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    assert!(
        !numbers_in_files(&old, &numbers).is_empty(),
        "the older version's quarantine holds numbers in clear"
    );

    // Opened by this version (kpi opens it): masked and vacuumed at once; the dossiers it lost
    // are still missing from the figures until the next sync.
    let before = kpi(&old, PERIODS[0].0, PERIODS[0].1);
    assert_ne!(
        before["province"]["resolved"], fresh_kpi[0]["province"]["resolved"],
        "the older version lost the returned dossiers"
    );
    let left = numbers_in_files(&old, &numbers);
    assert!(
        left.is_empty(),
        "numbers in clear after the migration: {left:?}"
    );

    // The next sync releases them: the cache equals a fresh sync of the same source.
    let report = sync_ok(&sim.url, &old, 400);
    assert_eq!(report["released"], legacy.len() as u64);
    assert_cache_matches_truth(&old, &truth);
    for ((from, to), want) in PERIODS.iter().zip(&fresh_kpi) {
        assert_eq!(&kpi(&old, from, to), want, "kpi {from}..{to}");
    }
    // Still broken records keep their place, named by the current rules, and no number.
    let summary = |db: &Path| {
        let conn = rusqlite::Connection::open(db).unwrap();
        let q = controlroom::cache::status(&conn).unwrap().quarantine;
        (q.total, q.by_rule)
    };
    let (total, by_rule) = summary(&old);
    assert!(total > 0);
    assert_eq!((total, &by_rule), (summary(&fresh).0, &summary(&fresh).1));
    assert!(by_rule.iter().all(|r| r.rule.is_some()), "{by_rule:?}");
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let left = numbers_in_files(&old, &numbers);
    assert!(left.is_empty(), "numbers in clear after the sync: {left:?}");
    let left = numbers_in_files(&fresh, &numbers);
    assert!(
        left.is_empty(),
        "numbers in clear in a fresh cache: {left:?}"
    );
}
