//! Live mode: the simulated clock runs `speed` times faster than real time; every tick receives
//! the dossiers that arrived meanwhile and advances the open ones, each change a new version
//! with a newer `NgayCapNhat` at the end of the feed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::generate::day_weight;
use super::Sim;

/// How often the simulated world moves (real time).
const TICK: Duration = Duration::from_millis(250);

pub(crate) async fn run(sim: Arc<Sim>, speed: f64) {
    let started = Instant::now();
    let start = sim.feed.read().expect("feed lock").now;
    let mut ticker = tokio::time::interval(TICK);
    loop {
        ticker.tick().await;
        let elapsed = started.elapsed().as_secs_f64() * speed;
        let to = start + chrono::Duration::milliseconds((elapsed * 1000.0) as i64);
        let sim = sim.clone();
        // Advancing renders plans: keep it off the async workers.
        let _ = tokio::task::spawn_blocking(move || {
            let world = &sim.world;
            let per = sim.per_weight_day;
            sim.feed
                .write()
                .expect("feed lock")
                .advance(world, to, |d| per * day_weight(world, d));
        })
        .await;
    }
}
