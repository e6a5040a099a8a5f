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
    /// A second connection, for the pages that read on two cores.
    helper: Connection,
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
        self.run_page(move |conn, _, cal| f(conn, cal)).await
    }

    /// Like `run_with_calendar`, with the second connection (see `metrics::snapshot`).
    pub async fn run_page<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, Option<&mut Connection>, &Calendar) -> Result<T, AppError>
            + Send
            + 'static,
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
            f(&open.conn, Some(&mut open.helper), cal)
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
                    helper: open_for_reading(&reader.db)?,
                    calendar: None,
                }),
            };
            in_one_read(open, f)
        })
        .await
        .map_err(|e| AppError::Task(e.to_string()))?
    }
}

/// Runs `f` in one read transaction: every figure of a page comes from the same state of the
/// cache, even when a sync commits while the page is computed (each statement would otherwise
/// see the latest commit, and a page's tiles and tables could disagree).
fn in_one_read<T>(
    open: &mut Open,
    f: impl FnOnce(&mut Open) -> Result<T, AppError>,
) -> Result<T, AppError> {
    open.conn
        .execute_batch("BEGIN")
        .map_err(crate::cache::CacheError::from)?;
    let result = f(open);
    crate::cache::end_read(&open.conn);
    result
}

fn open_for_reading(db: &std::path::Path) -> Result<Connection, AppError> {
    let conn = crate::cache::open(db)?;
    crate::metrics::prepare_connection(&conn).map_err(crate::screens::ScreensError::from)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sync committing while a page is computed does not change what the page reads.
    #[test]
    fn a_command_reads_one_state_of_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cache.db");
        drop(crate::cache::open(&db).unwrap());
        let reader = Reader::new(db.clone());
        let (before, after) = tauri::async_runtime::block_on(reader.run(move |conn| {
            let agencies = || -> i64 {
                conn.query_row("SELECT count(*) FROM agency", [], |r| r.get(0))
                    .unwrap()
            };
            let before = agencies();
            let sync = crate::cache::open(&db).unwrap();
            sync.execute(
                "INSERT INTO agency (code, name, level) VALUES ('X', 'Sở X', 1)",
                [],
            )
            .unwrap();
            Ok((before, agencies()))
        }))
        .unwrap();
        assert_eq!(before, after);
        // The next command sees the commit.
        let now = tauri::async_runtime::block_on(reader.run(|conn| {
            Ok(conn
                .query_row("SELECT count(*) FROM agency", [], |r| r.get::<_, i64>(0))
                .unwrap())
        }))
        .unwrap();
        assert_eq!(now, before + 1);
    }
}
