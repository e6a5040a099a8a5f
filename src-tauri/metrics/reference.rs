//! The plain implementation: read every dossier and apply METRICS.md to each, literally. Slow
//! (a full scan) and obviously right; the property tests hold the fast path to it.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::dossier::DossierFacts;
use super::figures::Figures;
use super::period::{start_of, Period};
use super::read::{read_facts, FACT_COLUMNS};
use super::MetricsError;
use crate::calendar::Calendar;
use crate::model::{Instant, Status};

/// Adds what one dossier contributes to the figures of `period` at `as_of`.
pub fn tally(f: &DossierFacts, period: Period, as_of: Instant, cal: &Calendar, out: &mut Figures) {
    tally_events(f, period, as_of, out);
    if is_carried_over(f, period, as_of) {
        out.carried_over += 1;
    }
    if let Some(state) = f.state_at(as_of, cal) {
        out.add_pending(state);
    }
}

/// The events of the dossier (reception, closing, rating) that fall in the period and had
/// happened by `as_of`.
pub fn tally_events(f: &DossierFacts, period: Period, as_of: Instant, out: &mut Figures) {
    let in_period = |t: Instant| period.contains(t.date()) && t <= as_of;
    if f.is_received() && f.received_at.is_some_and(in_period) {
        out.add_received(f.channel);
    }
    if f.closed_at().is_some_and(in_period) {
        match (f.status, f.timeliness()) {
            (Status::Withdrawn, _) => out.withdrawn += 1,
            (Status::Stopped, _) => out.stopped += 1,
            (_, Some(t)) => out.add_resolved(t),
            _ => {}
        }
    }
    if let Some((level, _)) = f.rating.filter(|(_, at)| in_period(*at)) {
        out.add_rating(level);
    }
}

/// Received before `from` and not closed before `from`, as far as was known at `as_of`.
pub fn is_carried_over(f: &DossierFacts, period: Period, as_of: Instant) -> bool {
    let from = start_of(period.from);
    let happened = |t: Instant| t <= as_of;
    let received_before = f.is_received() && f.received_at.is_some_and(|r| r < from && happened(r));
    let closed_before = f.closed_at().is_some_and(|c| c < from && happened(c));
    received_before && !closed_before
}

/// Every dossier of the cache, with its pauses.
pub fn all_facts(conn: &Connection) -> Result<Vec<DossierFacts>, MetricsError> {
    let rows = read_facts(conn, &format!("SELECT {FACT_COLUMNS} FROM dossier"), [])?;
    Ok(rows.into_iter().map(|(_, f)| f).collect())
}

/// Figures of the period by a key of the dossier (agency, procedure…) and for all of them.
pub fn figures_by(
    facts: &[DossierFacts],
    key: impl Fn(&DossierFacts) -> String,
    period: Period,
    as_of: Instant,
    cal: &Calendar,
) -> (Figures, BTreeMap<String, Figures>) {
    let mut total = Figures::default();
    let mut groups: BTreeMap<String, Figures> = BTreeMap::new();
    for f in facts {
        let mut one = Figures::default();
        tally(f, period, as_of, cal, &mut one);
        total.absorb(&one);
        groups.entry(key(f)).or_default().absorb(&one);
    }
    (
        total.finish(),
        groups.into_iter().map(|(k, v)| (k, v.finish())).collect(),
    )
}
