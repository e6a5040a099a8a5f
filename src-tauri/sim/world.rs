//! The fixed context every dossier is derived from: the seed, the catalogue, the calendar, the
//! volume weights of agencies by date and of procedures by agency, and each agency's officials.

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::catalogue::{Catalogue, Level};
use super::names;
use super::workdays::WorkCalendar;

/// Independent random streams of one dossier (or of the server), so that adding a draw to one
/// never shifts the others.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Header = 1,
    Life = 2,
    Person = 3,
    Faults = 4,
    Roster = 5,
    Transport = 6,
    /// What Decision 766 reads beyond the first streams (fee exemptions, payment at the desk
    /// through the portal, a second supplement request): a stream of its own, so that the
    /// other draws of a dossier stay what they were.
    Index766 = 7,
    Legacy = 8,
}

/// A generator seeded from (seed, stream, key): SplitMix64 mixing so neighbouring keys are
/// unrelated.
pub fn rng(seed: u64, stream: Stream, key: u64) -> Pcg64Mcg {
    let mut z = seed
        ^ (stream as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ key.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Pcg64Mcg::seed_from_u64(z ^ (z >> 31))
}

/// Picks an index from cumulative weights.
pub fn pick_cumulative<R: Rng>(rng: &mut R, cumulative: &[(f64, usize)]) -> usize {
    let total = cumulative.last().map(|c| c.0).unwrap_or(0.0);
    let x = rng.random::<f64>() * total;
    let i = cumulative.partition_point(|c| c.0 <= x);
    cumulative[i.min(cumulative.len() - 1)].1
}

#[derive(Debug, Clone)]
pub struct Official {
    pub name: String,
}

/// The officials of an agency, by role.
#[derive(Debug, Clone)]
pub struct Roster {
    pub desk: Vec<Official>,
    pub specialists: Vec<Official>,
    pub heads: Vec<Official>,
    pub leaders: Vec<Official>,
}

pub struct World {
    pub seed: u64,
    pub catalogue: Catalogue,
    pub calendar: WorkCalendar,
    /// From each date on (sorted), the cumulative weights of the active agencies.
    agency_weights: Vec<(NaiveDate, Vec<(f64, usize)>)>,
    /// Per agency, the cumulative weights of the procedures it handles.
    procedure_weights: Vec<Vec<(f64, usize)>>,
    pub rosters: Vec<Roster>,
    /// The share of dossiers handled on an older one-stop system, which returns results with
    /// `NgayTra` and no `NgayKetThucXuLy` (valid under the contract; `--faults legacy=RATE`).
    pub legacy_returned: f64,
}

impl World {
    /// Whether dossier `index` came through an older system (see `legacy_returned`).
    pub fn legacy_system(&self, index: u64) -> bool {
        self.legacy_returned > 0.0
            && rng(self.seed, Stream::Legacy, index).random_bool(self.legacy_returned)
    }

    pub fn new(seed: u64, calendar: WorkCalendar) -> Self {
        let catalogue = Catalogue::nghe_an();
        let mut breakpoints: Vec<NaiveDate> = vec![NaiveDate::MIN];
        for a in &catalogue.agencies {
            breakpoints.extend(a.valid_from);
            breakpoints.extend(a.valid_to.and_then(|d| d.succ_opt()));
        }
        breakpoints.sort();
        breakpoints.dedup();
        let agency_weights = breakpoints
            .into_iter()
            .map(|from| {
                let mut acc = 0.0;
                let mut cumulative = Vec::new();
                for (i, a) in catalogue.agencies.iter().enumerate() {
                    if !a.active_on(from) {
                        continue;
                    }
                    // Active agency: its own volume plus that of merged predecessors.
                    let inherited: f64 = catalogue
                        .agencies
                        .iter()
                        .filter(|p| {
                            p.replaced_by == Some(i)
                                && p.volume_moves_to_successor
                                && !p.active_on(from)
                        })
                        .map(|p| p.weight)
                        .sum();
                    let w = a.weight + inherited;
                    if w > 0.0 {
                        acc += w;
                        cumulative.push((acc, i));
                    }
                }
                (from, cumulative)
            })
            .collect();
        let procedure_weights = (0..catalogue.agencies.len())
            .map(|a| {
                let mut acc = 0.0;
                catalogue
                    .procedures_of(a)
                    .into_iter()
                    .map(|p| {
                        acc += catalogue.procedures[p].weight;
                        (acc, p)
                    })
                    .collect()
            })
            .collect();
        let rosters = (0..catalogue.agencies.len())
            .map(|a| {
                let mut r = rng(seed, Stream::Roster, a as u64);
                let mut people = |n: usize| -> Vec<Official> {
                    (0..n)
                        .map(|_| {
                            let female = r.random_bool(0.55);
                            Official {
                                name: names::person(&mut r, female),
                            }
                        })
                        .collect()
                };
                let commune = catalogue.agencies[a].level == Level::Commune;
                Roster {
                    desk: people(if commune { 2 } else { 4 }),
                    specialists: people(if commune { 4 } else { 8 }),
                    heads: people(if commune { 2 } else { 3 }),
                    leaders: people(2),
                }
            })
            .collect();
        World {
            seed,
            catalogue,
            calendar,
            agency_weights,
            procedure_weights,
            rosters,
            legacy_returned: 0.0,
        }
    }

    /// The active agencies on a date with their cumulative volume weights.
    pub fn agencies_on(&self, d: NaiveDate) -> &[(f64, usize)] {
        let i = self.agency_weights.partition_point(|(from, _)| *from <= d);
        &self.agency_weights[i - 1].1
    }

    pub fn procedures_of(&self, agency: usize) -> &[(f64, usize)] {
        &self.procedure_weights[agency]
    }
}
