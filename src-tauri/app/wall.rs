//! The wall display's commands, apart from the desktop's: the wall's window calls only these
//! (see `capabilities/`), and their answers come from `screens::wall`, whose types have no field
//! for an applicant. Thin: each resolves "now" and calls the core on the read connection.

use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::State;

use super::commands::{status_of, AppState};
use super::error::{AppError, ErrorBody};
use crate::model::province_now as now;
use crate::screens::wall::{self, OverdueMemory, WallRotation, WallSlide};
use crate::screens::Lang;

/// The pending overdue dossiers at the start of the last rotations (see `OverdueMemory`).
#[derive(Default)]
pub struct WallMemory(Arc<Mutex<OverdueMemory>>);

/// How fresh the wall's data is: what its clock line and its stale banner need, nothing else.
#[derive(Debug, Serialize)]
pub struct WallStatus {
    pub demo: bool,
    pub sync_interval_secs: u64,
    /// `yyyyMMddHHmmss`, province time.
    pub last_success_at: Option<String>,
    pub last_success_age_secs: Option<i64>,
    /// The latest sync's error (the source unreachable, a refused token…).
    pub last_error: Option<ErrorBody>,
    pub syncing: bool,
}

#[tauri::command]
pub async fn wall_status(state: State<'_, AppState>) -> Result<WallStatus, AppError> {
    let s = status_of(&state).await?;
    Ok(WallStatus {
        demo: s.demo,
        sync_interval_secs: s.sync_interval_secs,
        last_success_at: s.last_success_at,
        last_success_age_secs: s.last_success_age_secs,
        last_error: s.last_error,
        syncing: s.syncing,
    })
}

/// Starts a rotation: the slides of the playlist at this instant (one per agency selected), and
/// the overdue dossiers of this moment remembered, to tell the newly overdue ones apart.
#[tauri::command]
pub async fn wall_rotation(
    state: State<'_, AppState>,
    memory: State<'_, WallMemory>,
) -> Result<WallRotation, AppError> {
    let playlist = state.config.playlist.clone();
    let memory = Arc::clone(&memory.0);
    let now = now();
    state
        .reader
        .run_with_calendar(move |conn, cal| {
            let rotation = wall::wall_rotation(conn, cal, &playlist, now)?;
            if let Some(overdue) = wall::overdue_codes(conn, cal, now)? {
                lock(&memory).begin_rotation(overdue);
            }
            Ok(rotation)
        })
        .await
}

/// One slide of the rotation, as it stands now.
#[tauri::command]
pub async fn wall_slide(
    state: State<'_, AppState>,
    memory: State<'_, WallMemory>,
    id: String,
    lang: Lang,
) -> Result<WallSlide, AppError> {
    let s = state.screen_settings(lang, 0);
    let memory = Arc::clone(&memory.0);
    let now = now();
    state
        .reader
        .run_with_calendar(move |conn, cal| {
            Ok(wall::wall_slide(conn, cal, &id, now, &lock(&memory), &s)?)
        })
        .await
}

fn lock(memory: &Mutex<OverdueMemory>) -> std::sync::MutexGuard<'_, OverdueMemory> {
    // Plain data: a panic elsewhere cannot leave it half-written.
    memory.lock().unwrap_or_else(|e| e.into_inner())
}
