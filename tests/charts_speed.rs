//! How long each chart takes to draw for 150 agencies. Prints figures, asserts none:
//! `cargo test --test charts_speed -- --ignored --nocapture` (add `--release` for real speed).

mod charts_support;

use std::time::{Duration, Instant};

use charts_support::*;
use controlroom::charts::{self, Spec};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(name: &str, spec: &Spec, width: u32, height: u32) {
    charts::svg(spec, width, height).unwrap(); // font registration and parsing happen once
    let svg: Vec<Duration> = (0..21)
        .map(|_| {
            let t = Instant::now();
            charts::svg(spec, width, height).unwrap();
            t.elapsed()
        })
        .collect();
    let png: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            charts::png(spec, width, height).unwrap();
            t.elapsed()
        })
        .collect();
    println!(
        "{name:<28} SVG median {:>7.2} ms   PNG median {:>8.2} ms",
        median(svg).as_secs_f64() * 1e3,
        median(png).as_secs_f64() * 1e3
    );
}

#[test]
#[ignore = "prints timings; run on demand"]
fn chart_drawing_times() {
    time(
        "rate bars, 150 agencies",
        &Spec::RateBars(many_rate_bars(150)),
        1366,
        768,
    );
    time(
        "count bars, 150 agencies",
        &Spec::CountBars(many_count_bars(150)),
        1366,
        768,
    );
    time(
        "trend, 52 weeks",
        &Spec::Trend({
            let mut t = trend();
            let base = t.periods.clone();
            t.periods = (0..52).map(|i| base[i % base.len()].clone()).collect();
            t
        }),
        1366,
        400,
    );
    time("timeline, 4 steps", &Spec::Timeline(timeline()), 1366, 400);
}
