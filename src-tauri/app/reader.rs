//! The one read connection the commands share, opened on first use. WAL lets it read while the
//! sync writes; SQLite work runs on a blocking thread, never on the UI thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::error::AppError;
use crate::calendar::Calendar;

pub struct Reader {
    db: PathBuf,
    open: Mutex<Option<Open>>,
}

struct Open {
    conn: Connection,
    /// The working calendar as last read, with the `data_version` it was read at: it is read
    /// again only after another connection (the sync) committed something.
    calendar: Option<(i64, Calendar)>,
}

impl Reader {
    pub fn new(db: PathBuf) -> Arc<Reader> {
        Arc::new(Reader {
            db,
            open: Mutex::new(None),
        })
    }

    /// Runs `f` on the connection, on a blocking thread. Calls queue behind each other: one
    /// reader is plenty for one person clicking, and keeps SQLite's page cache warm.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
    {
        self.with_open(move |open| f(&open.conn)).await
    }

    /// Like `run`, with the working calendar as synced (the API's years win).
    pub async fn run_with_calendar<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Calendar) -> Result<T, AppError> + Send + 'static,
    {
        self.with_open(move |open| {
            let version: i64 = open
                .conn
                .query_row("PRAGMA data_version", [], |r| r.get(0))
                .map_err(crate::cache::CacheError::from)?;
            if open.calendar.as_ref().is_none_or(|(v, _)| *v != version) {
                open.calendar = Some((version, Calendar::load(&open.conn)?));
            }
            let (_, cal) = open.calendar.as_ref().expect("just loaded");
            f(&open.conn, cal)
        })
        .await
    }

    async fn with_open<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Open) -> Result<T, AppError> + Send + 'static,
    {
        let reader = Arc::clone(self);
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = reader.open.lock().unwrap_or_else(|e| e.into_inner());
            let open = match guard.as_mut() {
                Some(open) => open,
                None => guard.insert(Open {
                    conn: open_for_reading(&reader.db)?,
                    calendar: None,
                }),
            };
            f(open)
        })
        .await
        .map_err(|e| AppError::Task(e.to_string()))?
    }
}

fn open_for_reading(db: &std::path::Path) -> Result<Connection, AppError> {
    let conn = crate::cache::open(db)?;
    crate::metrics::prepare_connection(&conn).map_err(crate::screens::ScreensError::from)?;
    Ok(conn)
}
