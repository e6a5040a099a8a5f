//! The center simulator: a generator of realistic data for Nghệ An and an HTTP server of the
//! contract (CENTER-API.md), with live mode and fault injection.
//!
//! Every dossier is derived from (seed, index): the server keeps 16 bytes per served version
//! and renders records when a page is asked for. `/__sim/truth` tells what a client that copes
//! with every fault must end up holding.

mod catalogue;
mod faults;
mod feed;
mod generate;
mod live;
mod names;
mod plan;
mod render;
mod server;
mod truth;
mod workdays;
mod world;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use chrono::{NaiveDate, NaiveDateTime};

pub use faults::FaultSpec;

/// How the simulator runs (the contract between branches; see contracts.md).
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Everything is reproducible from it (with the same `now`, `dossiers` and faults).
    pub seed: u64,
    /// History size; None = realistic two years (~10^5 provincial dossiers a year + communes).
    pub dossiers: Option<u64>,
    pub faults: FaultSpec,
    /// Some(speed-up factor): keep receiving and advancing dossiers in real time.
    pub live: Option<f64>,
    /// Some: requests to the API must carry `Authorization: Bearer <token>`, else 401.
    pub token: Option<String>,
    /// The end of history; None = the real local time (UTC+7).
    pub now: Option<NaiveDateTime>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            dossiers: None,
            faults: FaultSpec::none(),
            live: None,
            token: None,
            now: None,
        }
    }
}

/// Options beyond the shared `SimConfig`.
#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    /// Local days off (with their reason) added to the served calendar and used for due dates.
    pub local_days_off: Vec<(NaiveDate, String)>,
    /// Log one line per request to stderr.
    pub log_requests: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("bad --faults '{spec}': {why}")]
    FaultSpec { spec: String, why: String },
    #[error("cannot listen on {addr}: {source} (is the port taken? use port 0 for a free one)")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the live speed-up must be a positive number, not {0}")]
    Speed(f64),
    #[error("the history must hold at least one dossier")]
    Empty,
}

/// A running simulator.
pub struct SimHandle {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    shutdown: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
    live: Option<tokio::task::JoinHandle<()>>,
}

impl SimHandle {
    /// Stops serving and waits for the server to finish.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(());
        if let Some(live) = self.live {
            live.abort();
        }
        let _ = self.server.await;
    }
}

/// The simulator's state, shared by the server and the live task.
pub(crate) struct Sim {
    pub world: world::World,
    pub feed: RwLock<feed::Feed>,
    pub cfg: SimConfig,
    pub options: SimOptions,
    pub requests: std::sync::atomic::AtomicU64,
    /// Expected dossiers per day of average weight (for live arrivals).
    pub per_weight_day: f64,
}

/// Generates the history (blocking; seconds for millions of dossiers).
pub(crate) fn build(cfg: SimConfig, options: SimOptions) -> Result<Sim, SimError> {
    if let Some(speed) = cfg.live {
        if !(speed > 0.0 && speed.is_finite()) {
            return Err(SimError::Speed(speed));
        }
    }
    let dossiers = cfg.dossiers.unwrap_or_else(generate::default_dossiers);
    if dossiers == 0 {
        return Err(SimError::Empty);
    }
    let now = cfg.now.unwrap_or_else(crate::model::province_now);
    let calendar = workdays::WorkCalendar::new(&options.local_days_off);
    let mut world = world::World::new(cfg.seed, calendar);
    world.legacy_returned = cfg.faults.legacy;
    let feed = generate::history(&world, dossiers, now, &cfg.faults);
    let first = now.date() - chrono::Duration::days(generate::HISTORY_DAYS - 1);
    let total_weight: f64 = (0..generate::HISTORY_DAYS)
        .map(|k| generate::day_weight(&world, first + chrono::Duration::days(k)))
        .sum();
    Ok(Sim {
        per_weight_day: dossiers as f64 / total_weight,
        world,
        feed: RwLock::new(feed),
        cfg,
        options,
        requests: Default::default(),
    })
}

/// Binds (port 0 = a free port) and serves on the current tokio runtime, in the background.
pub async fn start(cfg: SimConfig, bind: SocketAddr) -> Result<SimHandle, SimError> {
    start_with(cfg, SimOptions::default(), bind).await
}

/// `start` with the options beyond `SimConfig`.
pub async fn start_with(
    cfg: SimConfig,
    options: SimOptions,
    bind: SocketAddr,
) -> Result<SimHandle, SimError> {
    let sim = tokio::task::spawn_blocking(move || build(cfg, options))
        .await
        .expect("generator task")?;
    let sim = Arc::new(sim);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| SimError::Bind { addr: bind, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SimError::Bind { addr: bind, source })?;
    let live = sim
        .cfg
        .live
        .map(|speed| tokio::spawn(live::run(sim.clone(), speed)));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let truth = axum::Router::new().route("/__sim/truth", axum::routing::get(truth::truth));
    let app = server::router(sim, truth);
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok(SimHandle {
        addr,
        base_url: format!("http://{addr}"),
        shutdown: tx,
        server,
        live,
    })
}
