//! `controlroom sim`: serves the center simulator until killed. The first line on stdout is
//! `listening on http://127.0.0.1:PORT` (tests and benchmarks read it); requests are logged
//! briefly to stderr.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::sim::{start_with, FaultSpec, SimConfig, SimOptions};
use crate::source::wire::time::{parse_date, parse_instant};

#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Everything is reproducible from the seed (with the same --now and --dossiers).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Dossiers in the history (default: two realistic years, about 440,000).
    #[arg(long)]
    pub dossiers: Option<u64>,
    /// Faults to inject: none, all, or e.g. 503=0.1,429=0.1,slow=0.05,truncate=0.05,expire=0.05,
    /// malformed=0.01,duplicate=0.05,resend=0.05,tombstone=0.01 (slow_ms=N sets the delay).
    #[arg(long, default_value = "none")]
    pub faults: String,
    /// Live mode: simulated seconds per real second (60 = one minute per second).
    #[arg(long)]
    pub live: Option<f64>,
    /// Require `Authorization: Bearer <token>`.
    #[arg(long)]
    pub token: Option<String>,
    /// End of the history, yyyyMMddHHmmss local time (default: now in UTC+7).
    #[arg(long)]
    pub now: Option<String>,
    /// A local day off (yyyyMMdd), added to the served calendar; may be repeated.
    #[arg(long = "day-off")]
    pub day_off: Vec<String>,
    /// Do not log requests to stderr.
    #[arg(long)]
    pub quiet: bool,
}

pub fn run(args: SimArgs) -> ExitCode {
    let faults = match FaultSpec::parse(&args.faults) {
        Ok(f) => f,
        Err(e) => return super::fail(e),
    };
    let now = match args.now.as_deref().map(|s| parse_instant(s).ok_or(s)) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(s)) => return super::fail(format!("--now '{s}' is not yyyyMMddHHmmss")),
    };
    let mut days_off: Vec<(NaiveDate, String)> = Vec::new();
    for d in &args.day_off {
        match parse_date(d) {
            Some(date) => days_off.push((date, "Nghỉ theo quyết định của UBND tỉnh".into())),
            None => return super::fail(format!("--day-off '{d}' is not yyyyMMdd")),
        }
    }
    let cfg = SimConfig {
        seed: args.seed,
        dossiers: args.dossiers,
        faults,
        live: args.live,
        token: args.token,
        now,
    };
    let options = SimOptions {
        local_days_off: days_off,
        log_requests: !args.quiet,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return super::fail(format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(async {
        let bind = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port);
        let started = std::time::Instant::now();
        let handle = match start_with(cfg, options, bind).await {
            Ok(h) => h,
            Err(e) => return super::fail(e),
        };
        println!("listening on {}", handle.base_url);
        let _ = std::io::stdout().flush();
        eprintln!(
            "controlroom sim: history ready in {:.1} s; Ctrl-C stops",
            started.elapsed().as_secs_f64()
        );
        let _ = tokio::signal::ctrl_c().await;
        handle.shutdown().await;
        ExitCode::SUCCESS
    })
}
