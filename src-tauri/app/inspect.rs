//! The inspector's commands over personal data: reveal the applicant of one dossier (with a
//! reason, audited), and read the audit. Written on a connection of their own: the reader's
//! may hold a read snapshot, and a reveal is rare.

use tauri::State;

use super::commands::AppState;
use super::error::AppError;
use crate::cache::audit::{self, Reveal};
use crate::model::Applicant;

/// Who is at the keyboard, as the operating system names them.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "không rõ".into())
}

async fn on_own_connection<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&rusqlite::Connection) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let db = state.config.db.clone();
    tauri::async_runtime::spawn_blocking(move || f(&crate::cache::open(&db)?))
        .await
        .map_err(|e| AppError::Task(e.to_string()))?
}

/// The applicant of `code` unmasked; refused without a reason.
#[tauri::command]
pub async fn reveal_applicant(
    state: State<'_, AppState>,
    code: String,
    reason: String,
) -> Result<Applicant, AppError> {
    let now = crate::model::province_now();
    let user = os_user();
    on_own_connection(&state, move |conn| {
        Ok(crate::screens::reveal_applicant(
            conn, &code, &reason, &user, now,
        )?)
    })
    .await
}

/// Every reveal, the latest first.
#[tauri::command]
pub async fn reveal_audit(state: State<'_, AppState>) -> Result<Vec<Reveal>, AppError> {
    on_own_connection(&state, |conn| Ok(audit::reveals(conn)?)).await
}
