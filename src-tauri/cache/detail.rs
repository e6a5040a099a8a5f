//! The `detail` column of a dossier: its steps, pauses, extensions, fees and rating, as JSON.
//! (Deflating it halved the rows but cost a sync more CPU than the smaller writes saved.)

use crate::model::{Dossier, Extension, Fee, Pause, Rating, Step};

/// The parts of a dossier that live in its `detail` column, as read back.
#[derive(Debug, serde::Deserialize)]
pub struct Detail {
    pub steps: Vec<Step>,
    pub pauses: Vec<Pause>,
    pub extensions: Vec<Extension>,
    pub fees: Vec<Fee>,
    pub rating: Option<Rating>,
}

/// The same, borrowed, for writing without copying.
#[derive(serde::Serialize)]
struct DetailRef<'a> {
    steps: &'a [Step],
    pauses: &'a [Pause],
    extensions: &'a [Extension],
    fees: &'a [Fee],
    rating: Option<&'a Rating>,
}

/// The `detail` value of a dossier, ready to store. Pure work, no cache access: the sync
/// encodes a page while the writer thread is busy with the previous one.
pub fn encode_detail(d: &Dossier) -> serde_json::Result<String> {
    serde_json::to_string(&DetailRef {
        steps: &d.steps,
        pauses: &d.pauses,
        extensions: &d.extensions,
        fees: &d.fees,
        rating: d.rating.as_ref(),
    })
}

/// Reads a stored `detail`.
pub fn decode_detail(json: &str) -> serde_json::Result<Detail> {
    serde_json::from_str(json)
}
