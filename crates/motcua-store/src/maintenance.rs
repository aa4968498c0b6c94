//! Work kept off the clerk's path, on a thread with its own connection: the integrity check
//! of a file that was closed cleanly, and WAL checkpoints.
//!
//! Why: `quick_check` reads every page (≈ 0.75 s at 50,000 dossiers on a counter PC, growing
//! with the file), and SQLite's automatic checkpoint copies the WAL into the database inside
//! whichever save crosses 1,000 WAL pages, so one save in ~50 took several milliseconds more.
//! Here both happen beside the app instead of inside its start-up or a save.
//!
//! The check still runs at open, before anything is written, when the last session did not
//! close cleanly (its WAL is still there): that is when a torn write is most likely. A failed
//! background check turns the store read-only: every later write is refused with
//! [`StoreError::Corrupt`], so nothing more is written into a damaged file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use crate::db::{Store, integrity_check};
use crate::error::StoreError;

/// What is known of the file's integrity since it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    /// Checked at open, or by the background check: every page readable, rows well formed.
    Ok,
    /// Not checked yet: the check waits for [`Store::start_maintenance`].
    Pending,
    /// The background check is reading the file.
    Checking,
    /// The check found damage (the detail is for the log; it names pages, never data).
    Failed(String),
}

/// Shared between the store (which refuses writes once `Failed`) and the maintenance thread.
pub(crate) type IntegrityCell = Arc<Mutex<Integrity>>;

pub(crate) fn read(cell: &IntegrityCell) -> Integrity {
    cell.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

fn set(cell: &IntegrityCell, value: Integrity) {
    *cell.lock().unwrap_or_else(|p| p.into_inner()) = value;
}

/// WAL size (pages) at which a save still runs the checkpoint itself, if the maintenance
/// thread has not kept up: a safety net, about 40 MiB, never reached while the thread runs.
const SAFETY_AUTOCHECKPOINT: i64 = 10_000;

thread_local! {
    /// Pages in the WAL after the last commit on this thread, on a connection that defers its
    /// checkpoints (SQLite's WAL hook takes a plain function, and runs on the committing thread).
    static WAL_PAGES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn count_wal_pages(_: &rusqlite::hooks::Wal, pages: std::os::raw::c_int) -> rusqlite::Result<()> {
    WAL_PAGES.set(u32::try_from(pages).unwrap_or(0));
    Ok(())
}

/// See [`Store::checkpointer`].
pub struct Checkpointer {
    conn: Connection,
}

impl Checkpointer {
    /// Copies what it can of the WAL into the database without waiting for anyone.
    pub fn passive(&self) -> Result<(), StoreError> {
        Ok(passive_checkpoint(&self.conn)?)
    }
}

/// PASSIVE: copies what it can without waiting for readers or blocking the writer.
fn passive_checkpoint(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
}

/// The running maintenance thread. Dropping it stops the thread and waits for it (at most the
/// length of one checkpoint or of the integrity check in progress).
pub struct Maintenance {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Maintenance {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("store maintenance thread panicked");
        }
    }
}

impl Store {
    /// The file's integrity as far as it has been checked.
    pub fn integrity(&self) -> Integrity {
        read(&self.integrity)
    }

    /// Copies the whole WAL into the database and truncates it to zero bytes (`TRUNCATE`
    /// checkpoint). Called before the process exits with the connection still open: an empty
    /// WAL tells the next start that nothing was left half-done.
    pub fn fold_wal(&self) -> Result<(), StoreError> {
        let (busy, _, _): (i64, i64, i64) =
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if busy != 0 { Err(StoreError::Busy) } else { Ok(()) }
    }

    /// Checkpoints leave the commits of this connection: a commit only counts the pages in the
    /// WAL, and the thread that commits runs [`Store::checkpoint_if_wal_over`] when it chooses.
    /// For a store written without pause (the queue host): inside a commit, a checkpoint holds
    /// back the answers of every command in it, and the passive checkpoint of the maintenance
    /// thread never catches up with such a writer, so the WAL would never start over. Call it
    /// after [`Store::start_maintenance`]: it replaces the safety net that sets.
    pub fn defer_checkpoints(&self) {
        self.conn.wal_hook(Some(count_wal_pages));
    }

    /// A passive checkpoint, if the WAL had `pages` or more after this thread's last commit
    /// (counted since [`Store::defer_checkpoints`]). Returns whether it ran.
    pub fn checkpoint_if_wal_over(&self, pages: u32) -> Result<bool, StoreError> {
        if WAL_PAGES.get() < pages {
            return Ok(false);
        }
        passive_checkpoint(&self.conn)?;
        WAL_PAGES.set(0);
        Ok(true)
    }

    /// Pages in the WAL after this thread's last commit, on a store that defers its checkpoints.
    pub fn wal_pages(&self) -> u32 {
        WAL_PAGES.get()
    }

    /// A connection of its own for another thread to run passive checkpoints on.
    pub fn checkpointer(&self) -> Result<Checkpointer, StoreError> {
        Ok(Checkpointer { conn: self.side_connection()? })
    }

    /// A second connection to the file, for a thread beside the one that writes.
    fn side_connection(&self) -> Result<Connection, StoreError> {
        Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| StoreError::classify(e, &self.path))
    }

    /// Starts the maintenance thread: the pending integrity check once `first_after` has passed
    /// (after the first screen is drawn), then a passive WAL checkpoint every `every`.
    pub fn start_maintenance(&self, first_after: Duration, every: Duration) -> Result<Maintenance, StoreError> {
        let side = self.side_connection()?;
        side.busy_timeout(Duration::from_secs(1))?;
        // From now on checkpoints are this thread's job; saves only append to the WAL.
        self.conn.pragma_update(None, "wal_autocheckpoint", SAFETY_AUTOCHECKPOINT)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let cell = self.integrity.clone();
        let path = self.path.clone();
        let thread = std::thread::Builder::new()
            .name("store-maintenance".into())
            .spawn(move || run(side, path, cell, stopped, first_after, every))
            .map_err(|source| StoreError::Io { path: self.path.clone(), source })?;
        Ok(Maintenance { stop: Some(stop), thread: Some(thread) })
    }
}

fn run(
    side: Connection,
    path: PathBuf,
    cell: IntegrityCell,
    stopped: mpsc::Receiver<()>,
    first_after: Duration,
    every: Duration,
) {
    let mut timeout = first_after;
    while !wait(&stopped, timeout) {
        timeout = every;
        if read(&cell) == Integrity::Pending {
            check(&side, &path, &cell);
        } else if let Err(e) = passive_checkpoint(&side) {
            tracing::warn!(error = %e, "WAL checkpoint failed; will retry");
        }
    }
}

/// Waits `timeout`; true when the store asked the thread to stop.
fn wait(stopped: &mpsc::Receiver<()>, timeout: Duration) -> bool {
    !matches!(stopped.recv_timeout(timeout), Err(RecvTimeoutError::Timeout))
}

fn check(side: &Connection, path: &Path, cell: &IntegrityCell) {
    set(cell, Integrity::Checking);
    let started = Instant::now();
    match integrity_check(side, path) {
        Ok(()) => {
            tracing::info!(took_ms = started.elapsed().as_millis() as u64, "background integrity check passed");
            set(cell, Integrity::Ok);
        }
        Err(e @ StoreError::Corrupt { .. }) => {
            tracing::error!(error = %e, "background integrity check failed; writes are now refused");
            set(cell, Integrity::Failed(e.to_string()));
        }
        Err(e) => {
            // Busy or I/O: says nothing about the file; try again at the next tick.
            tracing::warn!(error = %e, "background integrity check could not run; will retry");
            set(cell, Integrity::Pending);
        }
    }
}
