//! The one read connection the commands share, opened on first use. WAL lets it read while the
//! sync writes; SQLite work runs on a blocking thread, never on the UI thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::error::AppError;
use crate::calendar::Calendar;

pub struct Reader {
    db: PathBuf,
    conn: Mutex<Option<Connection>>,
}

impl Reader {
    pub fn new(db: PathBuf) -> Arc<Reader> {
        Arc::new(Reader {
            db,
            conn: Mutex::new(None),
        })
    }

    /// Runs `f` on the connection, on a blocking thread. Calls queue behind each other: one
    /// reader is plenty for one person clicking, and keeps SQLite's page cache warm.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
    {
        let reader = Arc::clone(self);
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = reader.conn.lock().unwrap_or_else(|e| e.into_inner());
            let conn = match guard.as_mut() {
                Some(conn) => conn,
                None => guard.insert(open_for_reading(&reader.db)?),
            };
            f(conn)
        })
        .await
        .map_err(|e| AppError::Task(e.to_string()))?
    }

    /// Like `run`, with the working calendar as synced at this moment (the API's years win).
    pub async fn run_with_calendar<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Calendar) -> Result<T, AppError> + Send + 'static,
    {
        self.run(move |conn| {
            let cal = Calendar::load(conn)?;
            f(conn, &cal)
        })
        .await
    }
}

fn open_for_reading(db: &std::path::Path) -> Result<Connection, AppError> {
    let conn = crate::cache::open(db)?;
    crate::metrics::prepare_connection(&conn).map_err(crate::screens::ScreensError::from)?;
    Ok(conn)
}
