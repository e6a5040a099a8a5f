//! The late dossiers of a period as last read (the explorer's filters work on them without
//! reading the cache again), and the cancel of the export running.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant as Clock};

use rusqlite::Connection;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

use crate::calendar::Calendar;
use crate::metrics::lists::Scope;
use crate::metrics::Period;
use crate::model::Instant;
use crate::screens::explorer::{late_set, LateSet};
use crate::screens::ScreensError;

/// The late dossiers last read, with what they were read for.
#[derive(Default)]
pub struct LateSets {
    last: Mutex<Option<(SetKey, Arc<LateSet>)>>,
    /// Set by `cancel_export`; read by the export running.
    pub(super) cancel: AtomicBool,
}

/// A set stays good while the period, the instant and the cache's content are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SetKey {
    period: Period,
    as_of: Instant,
    data_version: i64,
}

impl LateSets {
    /// The late set of `period` at `as_of`, read again only when something changed.
    pub(super) fn get(
        &self,
        conn: &Connection,
        helper: Option<&mut Connection>,
        cal: &Calendar,
        period: Period,
        as_of: Instant,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<Option<Arc<LateSet>>, ScreensError> {
        let key = SetKey {
            period,
            as_of,
            data_version: data_version(conn)?,
        };
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, set)) = last.as_ref().filter(|(k, _)| *k == key) {
            debug_assert_eq!(*k, key);
            return Ok(Some(Arc::clone(set)));
        }
        let Some(set) = late_set(
            conn,
            helper,
            cal,
            period,
            Some(as_of),
            &Scope::Province,
            progress,
        )?
        else {
            return Ok(None);
        };
        let set = Arc::new(set);
        *last = Some((key, Arc::clone(&set)));
        Ok(Some(set))
    }
}

/// The commit counter of the cache as this connection sees it (another connection's commit
/// moves it).
fn data_version(conn: &Connection) -> Result<i64, ScreensError> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
        .map_err(|e| ScreensError::Cache(e.into()))
}

/// Told while the late dossiers of a period are read for the explorer (a year of a large
/// cache takes a while).
pub const EVENT_READ_PROGRESS: &str = "late-read-progress";
/// How often progress is told, at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(150);

/// How far a read or an export is: `done` of `total` dossiers read (0 of 0 while writing).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// A progress callback that tells (done, total) on `event` at most every `PROGRESS_EVERY` and
/// at the end, and asks to stop once `cancel` is set.
pub(super) fn teller<'a, R: Runtime>(
    app: &'a AppHandle<R>,
    event: &'static str,
    cancel: &'a AtomicBool,
) -> impl FnMut(usize, usize) -> bool + 'a {
    let mut told = Clock::now();
    move |done, total| {
        if told.elapsed() >= PROGRESS_EVERY || done == total {
            told = Clock::now();
            let _ = app.emit(event, Progress { done, total });
        }
        !cancel.load(Ordering::SeqCst)
    }
}
