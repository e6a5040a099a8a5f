//! The background sync: every interval (or when asked) pull from the configured source into
//! the cache with `sync::sync_once`, and tell the windows how it goes. With no source
//! configured it first starts the simulator in-process and syncs from it over real HTTP.

use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::Notify;

use super::error::{AppError, ErrorBody};
use super::settings::AppConfig;
use super::view::SyncSnapshot;
use crate::sim::{SimConfig, SimHandle};
use crate::source::SourceConfig;
use crate::sync::{SyncOptions, SyncProgress, SyncReport};

pub const EVENT_PROGRESS: &str = "sync-progress";
pub const EVENT_FINISHED: &str = "sync-finished";
pub const EVENT_DATA_CHANGED: &str = "data-changed";

/// The demo's simulator runs sixty times faster than real time, so that the screen visibly
/// changes while watched.
const DEMO_SPEED_UP: f64 = 60.0;
/// The demo's data set is the same on every start.
const DEMO_SEED: u64 = 2026;

/// The payload of `sync-finished`.
#[derive(Debug, Clone, Serialize)]
pub struct SyncFinished {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<SyncReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

/// Shared between the task and the commands: the task's state and a way to wake it.
#[derive(Default)]
pub struct SyncHandle {
    wake: Notify,
    state: Mutex<SyncSnapshot>,
}

impl SyncHandle {
    /// Asks for a sync now (it starts as soon as the running one, if any, ends).
    pub fn request(&self) {
        self.wake.notify_one();
    }

    pub fn snapshot(&self) -> SyncSnapshot {
        self.lock().clone()
    }

    fn lock(&self) -> MutexGuard<'_, SyncSnapshot> {
        // The state is plain data: a panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Starts the task on a thread of its own with its own tokio runtime, for the life of the app:
/// syncing never competes with the windows' commands, and the engine's future need not be
/// `Send`. The demo's simulator serves from the same runtime's workers.
pub fn spawn<R: Runtime>(
    app: AppHandle<R>,
    config: Arc<AppConfig>,
    handle: Arc<SyncHandle>,
) -> Result<(), AppError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("controlroom-sync-rt")
        .enable_all()
        .build()
        .map_err(|e| AppError::Task(format!("the sync runtime: {e}")))?;
    std::thread::Builder::new()
        .name("controlroom-sync".into())
        .spawn(move || runtime.block_on(run(app, config, handle)))
        .map_err(|e| AppError::Task(format!("the sync thread: {e}")))?;
    Ok(())
}

async fn run<R: Runtime>(app: AppHandle<R>, config: Arc<AppConfig>, handle: Arc<SyncHandle>) {
    // Kept alive here: dropping the loop ends the demo's simulator with it.
    let mut simulator: Option<SimHandle> = None;
    // The secret store's last complaint: told once, not at every sync.
    let mut store_complaint = None;
    loop {
        let outcome = match source_for(&config, &mut simulator, &mut store_complaint).await {
            Ok(source) => {
                handle.lock().source_url = Some(source.base_url.clone());
                sync_once(&app, &config, &handle, &source).await
            }
            Err(e) => Err(e),
        };
        finish(&app, &handle, outcome);
        tokio::select! {
            _ = tokio::time::sleep(config.sync_interval) => {}
            _ = handle.wake.notified() => {}
        }
    }
}

async fn source_for(
    config: &AppConfig,
    simulator: &mut Option<SimHandle>,
    store_complaint: &mut Option<String>,
) -> Result<SourceConfig, AppError> {
    if let Some(url) = &config.source {
        // Read before every run, so that a token fixed after a 401 is used at the next one. The
        // OS secret store blocks (and runs its own event loop): never on a runtime thread.
        let url = url.clone();
        let (source, store_error) =
            tokio::task::spawn_blocking(move || SourceConfig::from_env(url))
                .await
                .map_err(|e| AppError::Task(format!("reading the token: {e}")))?;
        // Not fatal: without a token a center that needs one answers 401, which says so.
        let complaint = store_error.map(|e| e.to_string());
        if complaint.is_some() && complaint != *store_complaint {
            eprintln!("controlroom: {}", complaint.as_deref().unwrap_or_default());
        }
        *store_complaint = complaint;
        return Ok(source);
    }
    if simulator.is_none() {
        let sim_config = SimConfig {
            seed: DEMO_SEED,
            dossiers: config.demo_dossiers,
            faults: crate::sim::FaultSpec::none(),
            live: Some(DEMO_SPEED_UP),
            token: None,
            now: None,
        };
        let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        *simulator = Some(crate::sim::start(sim_config, loopback).await?);
    }
    let sim = simulator.as_ref().expect("started above");
    Ok(SourceConfig {
        base_url: sim.base_url.clone(),
        token: None,
    })
}

async fn sync_once<R: Runtime>(
    app: &AppHandle<R>,
    config: &AppConfig,
    handle: &Arc<SyncHandle>,
    source: &SourceConfig,
) -> Result<SyncReport, AppError> {
    {
        let mut state = handle.lock();
        state.running = true;
        state.progress = None;
    }
    let progress_app = app.clone();
    let progress_handle = Arc::clone(handle);
    let on_progress = move |p: &SyncProgress| {
        progress_handle.lock().progress = Some(p.clone());
        // A window that is gone cannot listen; nothing to do about it here.
        let _ = progress_app.emit(EVENT_PROGRESS, p);
    };
    let report =
        crate::sync::sync_once(source, &config.db, &SyncOptions::default(), &on_progress).await?;
    Ok(report)
}

fn finish<R: Runtime>(
    app: &AppHandle<R>,
    handle: &SyncHandle,
    outcome: Result<SyncReport, AppError>,
) {
    let payload = {
        let mut state = handle.lock();
        state.running = false;
        state.progress = None;
        match outcome {
            Ok(report) => {
                state.last_error = None;
                state.last_report = Some(report.clone());
                SyncFinished {
                    ok: true,
                    report: Some(report),
                    error: None,
                }
            }
            Err(e) => {
                let body = e.body();
                state.last_error = Some(body.clone());
                SyncFinished {
                    ok: false,
                    report: None,
                    error: Some(body),
                }
            }
        }
    };
    let changed = payload
        .report
        .as_ref()
        .is_some_and(|r| r.upserted + r.tombstoned + r.quarantined > 0);
    let _ = app.emit(EVENT_FINISHED, &payload);
    if changed {
        let _ = app.emit(EVENT_DATA_CHANGED, ());
    }
}
