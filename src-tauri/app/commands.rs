//! The status commands and the state every command shares. Each command is a thin call into
//! the core; SQLite runs on a blocking thread, never on the UI thread.

use std::sync::Arc;

use tauri::State;

use super::error::AppError;
use super::reader::Reader;
use super::settings::AppConfig;
use super::sync_task::SyncHandle;
use super::view::{status_view, StatusView, ViewInputs};

/// Everything the commands share, managed by Tauri.
pub struct AppState {
    pub config: Arc<AppConfig>,
    pub sync: Arc<SyncHandle>,
    pub reader: Arc<Reader>,
    pub late_sets: Arc<super::late_sets::LateSets>,
}

impl AppState {
    pub fn new(config: AppConfig) -> AppState {
        AppState {
            reader: Reader::new(config.db.clone()),
            config: Arc::new(config),
            sync: Arc::default(),
            late_sets: Arc::default(),
        }
    }
}

/// The status screen's data: source, freshness, cache counts, progress, agencies.
#[tauri::command]
pub async fn status(state: State<'_, AppState>) -> Result<StatusView, AppError> {
    status_of(&state).await
}

/// The status at this moment, for the desktop's `status` and the wall's `wall_status`.
pub(super) async fn status_of(state: &AppState) -> Result<StatusView, AppError> {
    let cache = state
        .reader
        .run(|conn| Ok(crate::cache::status(conn)?))
        .await?;
    Ok(status_view(
        cache,
        state.sync.snapshot(),
        ViewInputs {
            demo: state.config.is_demo(),
            sync_interval_secs: state.config.sync_interval.as_secs(),
            now: crate::model::province_now(),
        },
    ))
}

/// Starts a sync now instead of waiting for the interval.
#[tauri::command]
pub fn sync_now(state: State<'_, AppState>) {
    state.sync.request();
}
