//! Group commit with its fsync on another thread, for the office hub's queue writer.
//!
//! With `synchronous = FULL` each commit writes its WAL frames and then waits for the disk
//! (a fsync: 0.2–1 ms here, and on this project's VMs now and then tens of ms). The queue
//! writer is one thread that commits the commands of 30 counters in batches, so under load it
//! spent a third of its time in that wait and in the fsync's own CPU, while the next batch
//! queued up behind it.
//!
//! [`Store::sync_wal_elsewhere`] switches the connection to `synchronous = NORMAL`, where a WAL
//! commit only writes its frames, and hands back a [`WalSync`] for another thread. Its
//! [`WalSync::sync`] fsyncs the WAL file: every commit that returned before the call began is
//! then on the disk (fsync covers all that was written to the file before it, whatever the
//! handle). Whoever answers callers must do so only after such a sync, so an answer still
//! means what it meant with FULL. Checkpoints stay safe on their own: with NORMAL, SQLite
//! syncs the WAL before copying it into the database and the database after.
//!
//! [`Store::reserve_wal`] gives the WAL file its length up front. A commit that writes past the
//! end of the file makes the next sync also allocate blocks and write the file's new length;
//! one that writes over blocks already there does not. SQLite starts the WAL over from its
//! first frame after each checkpoint, and it deletes the file on a clean close, so without
//! this the first rush after each start (the morning's tickets) is the one that grows it.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::PathBuf;

use crate::db::Store;
use crate::error::StoreError;

/// Makes the commits of a [`Store`] durable from another thread (see the module's text).
pub struct WalSync {
    wal: PathBuf,
    /// Opened at the first sync: SQLite creates the WAL file at the first write.
    file: Option<File>,
}

impl Store {
    /// From now on, commits on this store return once their WAL frames are written; they are
    /// durable only after the next [`WalSync::sync`] that begins after they return.
    pub fn sync_wal_elsewhere(&mut self) -> Result<WalSync, StoreError> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(WalSync { wal: crate::db::wal_path(&self.path), file: None })
    }
}

/// A WAL file's header; each frame is a page with a 24-byte header of its own (sqlite.org,
/// "WAL-mode file format").
const WAL_HEADER: u64 = 32;
const FRAME_HEADER: u64 = 24;

impl Store {
    /// Makes the WAL file long enough for `frames` frames, writing zeros past its end. SQLite
    /// reads a WAL only as far as its frames check out (each carries the header's salt and a
    /// checksum chained from the one before), so zeros after them are never taken for a commit,
    /// at a restart or anywhere else: they are what a WAL that started over leaves anyway,
    /// old frames past the new ones. The zeros go in under the write lock, so no commit of
    /// another connection can be under way past the end, and they are on the disk before this
    /// returns. A file already that long is left alone.
    pub fn reserve_wal(&mut self, frames: u32) -> Result<(), StoreError> {
        let page_size: u64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let wanted = WAL_HEADER + u64::from(frames) * (FRAME_HEADER + page_size);
        let wal = crate::db::wal_path(&self.path);
        let io = |source| StoreError::Io { path: wal.clone(), source };
        // IMMEDIATE takes the write lock now (and opens the WAL, creating it if need be).
        let lock = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut file = File::options().write(true).open(&wal).map_err(io)?;
        let mut len = file.metadata().map_err(io)?.len();
        if len < wanted {
            file.seek(SeekFrom::Start(len)).map_err(io)?;
            let zeros = vec![0u8; 1 << 20];
            while len < wanted {
                let n = (wanted - len).min(zeros.len() as u64);
                file.write_all(&zeros[..n as usize]).map_err(io)?;
                len += n;
            }
            file.sync_all().map_err(io)?;
        }
        // Nothing was written through SQLite; this only lets the lock go.
        lock.commit()?;
        Ok(())
    }
}

impl WalSync {
    /// Puts every commit that returned before this call on the disk.
    pub fn sync(&mut self) -> Result<(), StoreError> {
        let io = |source| StoreError::Io { path: self.wal.clone(), source };
        if self.file.is_none() {
            // Write access: Windows flushes only through a handle that may write.
            let file = File::options().read(true).write(true).open(&self.wal).map_err(io)?;
            // The directory too, once: a WAL file whose name is not yet on the disk could
            // vanish with a power cut, the synced commits in it.
            #[cfg(unix)]
            if let Some(dir) = self.wal.parent().filter(|d| !d.as_os_str().is_empty()) {
                File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
            }
            self.file = Some(file);
        }
        self.file.as_ref().map_or(Ok(()), File::sync_data).map_err(io)
    }
}
