//! The quarantine as a whole: the records an older version of the rules kept, to be examined
//! again, and the summary the status page shows (how many by rule, the latest examples, their
//! share of the records synced).

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use super::store::FEED_HOSO;
use super::Result;

/// A quarantined record examined under an older version of the rules.
#[derive(Debug, Clone)]
pub struct Kept {
    pub id: i64,
    pub feed: String,
    pub key: Option<String>,
    pub raw: String,
}

/// The records kept under a version of the rules older than `version`.
pub fn kept_before(tx: &Transaction, version: i64) -> Result<Vec<Kept>> {
    Ok(tx
        .prepare(
            "SELECT id, feed, record_key, raw FROM quarantine WHERE rules_version < ?1 ORDER BY id",
        )?
        .query_map([version], |r| {
            Ok(Kept {
                id: r.get(0)?,
                feed: r.get(1)?,
                key: r.get(2)?,
                raw: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Lets a record go: it is valid under the current rules and has been taken.
pub fn release(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM quarantine WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// A record still broken under the current rules: its reason as they give it.
pub fn examined_again(
    tx: &Transaction,
    id: i64,
    rule: &str,
    version: i64,
    reason: &str,
    raw: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE OR REPLACE quarantine SET rule = ?2, rules_version = ?3, reason = ?4, raw = ?5
         WHERE id = ?1",
    )?
    .execute(params![id, rule, version, reason, raw])?;
    Ok(())
}

/// How many records one rule keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// The rule's name (`source::rules::Rule`); `None` for records no version has named yet.
    pub rule: Option<String>,
    pub count: u64,
}

/// One of the latest quarantined records, as kept (personal numbers masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub feed: String,
    pub key: Option<String>,
    pub reason: String,
    pub raw: String,
    /// `yyyyMMddHHmmss`, local time.
    pub quarantined_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarantineSummary {
    pub total: u64,
    /// Broken dossier records over every dossier record the cache took (valid, tombstoned or
    /// broken); `None` before any.
    pub dossier_share: Option<f64>,
    /// Most first.
    pub by_rule: Vec<RuleCount>,
    /// Newest first.
    pub latest: Vec<Example>,
}

/// How many examples the status page shows.
pub const EXAMPLES: usize = 5;

/// The summary, given how many dossier records the cache holds (valid and tombstoned).
pub fn summary(conn: &Connection, taken: u64) -> Result<QuarantineSummary> {
    let by_rule: Vec<RuleCount> = conn
        .prepare("SELECT rule, COUNT(*) AS n FROM quarantine GROUP BY rule ORDER BY n DESC, rule")?
        .query_map([], |r| {
            Ok(RuleCount {
                rule: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let latest = conn
        .prepare(
            "SELECT feed, record_key, reason, raw, quarantined_at FROM quarantine
             ORDER BY quarantined_at DESC, id DESC LIMIT ?1",
        )?
        .query_map([EXAMPLES as i64], |r| {
            Ok(Example {
                feed: r.get(0)?,
                key: r.get(1)?,
                reason: r.get(2)?,
                raw: r.get(3)?,
                quarantined_at: r.get::<_, i64>(4)?.to_string(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let broken: i64 = conn.query_row(
        "SELECT COUNT(*) FROM quarantine WHERE feed = ?1",
        [FEED_HOSO],
        |r| r.get(0),
    )?;
    let broken = broken as u64;
    let all = broken + taken;
    Ok(QuarantineSummary {
        total: by_rule.iter().map(|r| r.count).sum(),
        dossier_share: (all > 0).then(|| broken as f64 / all as f64),
        by_rule,
        latest,
    })
}
