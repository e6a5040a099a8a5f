//! `GET /__sim/truth`: what a client that copes with every fault must end up holding. Never
//! part of the contract, never behind the token.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};

use super::feed::{from_secs, Kind};
use super::server::{json_response, malformation, served_record};
use super::Sim;
use crate::source::wire::time::format_instant;

pub(crate) async fn truth(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let summary = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .any(|p| p == "summary=1" || p == "summary=true");
    let body = tokio::task::spawn_blocking(move || snapshot(&sim, summary))
        .await
        .expect("truth task");
    json_response(
        serde_json::to_vec(&body).expect("truth serialises"),
        &headers,
    )
}

/// The ground truth now: latest good record of every live dossier, tombstoned codes, and
/// the malformed records (those still latest, and those a good version superseded).
pub(crate) fn snapshot(sim: &Sim, summary: bool) -> Value {
    let world = &sim.world;
    let feed = sim.feed.read().expect("feed lock");
    let mut dossiers = Vec::new();
    let mut tombstoned = Vec::new();
    let mut malformed = Vec::new();
    let mut superseded = Vec::new();
    for e in &feed.entries {
        let job = feed.job(world, e);
        match (e.kind, e.alive) {
            (Kind::Current | Kind::Reissued, true) => {
                if summary {
                    dossiers.push(json!({"MaHoSo": job.code(world),
                                         "NgayCapNhat": format_instant(from_secs(e.updated))}));
                } else {
                    dossiers.push(serde_json::to_value(job.record(world, None)).expect("record"));
                }
            }
            (Kind::Tombstone, _) => tombstoned.push(Value::String(job.code(world))),
            (Kind::MalformedCurrent, alive) | (Kind::OldMalformed, alive) => {
                let kind = malformation(sim, &job).expect("a malformed entry has a malformation");
                let served = served_record(sim, &job);
                let item = json!({
                    "MaHoSo": served.get("MaHoSo").cloned().unwrap_or(Value::Null),
                    "reason": kind.reason(),
                    "NgayCapNhat": format_instant(from_secs(e.updated)),
                });
                if alive && e.kind == Kind::MalformedCurrent {
                    malformed.push(item);
                } else {
                    superseded.push(item);
                }
            }
            _ => {}
        }
    }
    json!({
        "dossiers": dossiers,
        "tombstoned": tombstoned,
        "malformed": malformed,
        "malformed_superseded": superseded,
        "server_time": format_instant(feed.now),
    })
}
