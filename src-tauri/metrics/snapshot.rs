//! A second connection reading the very state of the cache that a first one reads (SQLite's
//! snapshots, built with `SQLITE_ENABLE_SNAPSHOT`): a page reads its scope's dossiers in two
//! halves at once, on two cores, without mixing two states of the cache.

use rusqlite::{ffi, Connection};

/// `helper` in a read transaction on the state `main` reads; ends it when dropped.
pub struct Shared<'a> {
    helper: &'a mut Connection,
}

impl Shared<'_> {
    pub fn conn(&self) -> &Connection {
        self.helper
    }
}

impl Drop for Shared<'_> {
    fn drop(&mut self) {
        crate::cache::end_read(self.helper);
    }
}

/// Opens on `helper` a read transaction on the state of the cache that `main` reads. None
/// when `main` is not in a transaction (each of its statements then sees the latest commit,
/// and so would the helper's: no state to share) or SQLite refuses (it does while nothing was
/// written to the cache since it was opened, its WAL being empty): read on `main` alone.
pub fn share<'a>(main: &Connection, helper: &'a mut Connection) -> Option<Shared<'a>> {
    if main.is_autocommit() || !helper.is_autocommit() {
        return None;
    }
    // The read transaction starts at the first read.
    main.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .ok()?;
    let mut snapshot: *mut ffi::sqlite3_snapshot = std::ptr::null_mut();
    // SAFETY: `main` is a live connection in a read transaction; on success the snapshot is
    // freed below, whatever happens.
    let got = unsafe { ffi::sqlite3_snapshot_get(main.handle(), c"main".as_ptr(), &mut snapshot) };
    if got != ffi::SQLITE_OK {
        return None;
    }
    let opened = helper.execute_batch("BEGIN").is_ok() && {
        // SAFETY: `helper` is a live connection in a transaction that has not read yet, as
        // `sqlite3_snapshot_open` requires; `snapshot` came from `sqlite3_snapshot_get`.
        let rc = unsafe { ffi::sqlite3_snapshot_open(helper.handle(), c"main".as_ptr(), snapshot) };
        rc == ffi::SQLITE_OK
    };
    // SAFETY: taken above, used by nothing after this.
    unsafe { ffi::sqlite3_snapshot_free(snapshot) };
    if !opened {
        if !helper.is_autocommit() {
            let _ = helper.execute_batch("ROLLBACK");
        }
        return None;
    }
    Some(Shared { helper })
}

/// `on_main` on `main` and `on_helper` on `helper` at once, on two cores, both reading the
/// state of the cache `main` reads; one after the other on `main` when there is no helper or
/// no state to share (see [`share`]).
pub fn at_once<A, B>(
    main: &Connection,
    helper: Option<&mut Connection>,
    on_main: impl FnOnce(&Connection) -> A,
    on_helper: impl FnOnce(&Connection) -> B + Send,
) -> (A, B)
where
    B: Send,
{
    match helper.and_then(|h| share(main, h)) {
        Some(shared) => std::thread::scope(|s| {
            let other = s.spawn(move || on_helper(shared.conn()));
            let mine = on_main(main);
            (mine, other.join().expect("the helper's read"))
        }),
        None => {
            let mine = on_main(main);
            (mine, on_helper(main))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agencies(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM agency", [], |r| r.get(0))
            .unwrap()
    }

    /// The helper reads what `main` reads, not what was committed since.
    #[test]
    fn the_helper_reads_the_state_main_reads() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cache.db");
        let main = crate::cache::open(&db).unwrap();
        let mut helper = crate::cache::open(&db).unwrap();
        let sync = crate::cache::open(&db).unwrap();
        // Not in a transaction: no state to share.
        assert!(share(&main, &mut helper).is_none());
        main.execute_batch("BEGIN").unwrap();
        let seen = agencies(&main);
        sync.execute(
            "INSERT INTO agency (code, name, level) VALUES ('X', 'Sở X', 1)",
            [],
        )
        .unwrap();
        {
            let shared = share(&main, &mut helper).expect("a shared state");
            assert_eq!(agencies(shared.conn()), seen);
        }
        assert!(helper.is_autocommit(), "the helper's read ended");
        assert_eq!(agencies(&helper), seen + 1);
        main.execute_batch("COMMIT").unwrap();
    }
}
