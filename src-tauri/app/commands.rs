//! The commands the windows call. Each one is a thin call into the core; SQLite runs on a
//! blocking thread, never on the UI thread.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tauri::State;

use super::error::AppError;
use super::settings::AppConfig;
use super::sync_task::SyncHandle;
use super::view::{status_view, StatusView, ViewInputs};

/// Everything the commands share, managed by Tauri.
pub struct AppState {
    pub config: Arc<AppConfig>,
    pub sync: Arc<SyncHandle>,
    /// One read connection, opened on first use (WAL lets it read while the sync writes).
    reader: Arc<Mutex<Option<Connection>>>,
}

impl AppState {
    pub fn new(config: AppConfig) -> AppState {
        AppState {
            config: Arc::new(config),
            sync: Arc::default(),
            reader: Arc::default(),
        }
    }
}

/// The status screen's data: source, freshness, cache counts, progress, agencies.
#[tauri::command]
pub async fn status(state: State<'_, AppState>) -> Result<StatusView, AppError> {
    let reader = Arc::clone(&state.reader);
    let db = state.config.db.clone();
    let cache = tauri::async_runtime::spawn_blocking(move || {
        let mut guard = reader.lock().unwrap_or_else(|e| e.into_inner());
        let conn = match guard.as_mut() {
            Some(conn) => conn,
            None => guard.insert(crate::cache::open(&db)?),
        };
        crate::cache::status(conn).map_err(AppError::from)
    })
    .await
    .map_err(|e| AppError::Task(e.to_string()))??;
    Ok(status_view(
        cache,
        state.sync.snapshot(),
        ViewInputs {
            demo: state.config.is_demo(),
            sync_interval_secs: state.config.sync_interval.as_secs(),
            now: crate::sync::local_now(),
        },
    ))
}

/// Starts a sync now instead of waiting for the interval.
#[tauri::command]
pub fn sync_now(state: State<'_, AppState>) {
    state.sync.request();
}
