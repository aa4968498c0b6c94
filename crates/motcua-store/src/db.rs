//! Opening a counter database: refuse what we must not touch, then migrate.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::StoreError;
use crate::maintenance::{Integrity, IntegrityCell};
use motcua_sync_proto::Hlc;

/// `PRAGMA application_id` of a Một Cửa counter database ("MTCA").
pub(crate) const APPLICATION_ID: i64 = 0x4D54_4341;

/// Migrations in order; the schema version (`PRAGMA user_version`) is how many have run.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_search_prefixes.sql"),
    include_str!("../migrations/0003_settings.sql"),
    include_str!("../migrations/0004_queue.sql"),
    include_str!("../migrations/0005_device_secrets.sql"),
    include_str!("../migrations/0006_sync.sql"),
    include_str!("../migrations/0007_pull.sql"),
    include_str!("../migrations/0008_lifecycle.sql"),
    include_str!("../migrations/0009_feedback.sql"),
    include_str!("../migrations/0010_dashboard.sql"),
    include_str!("../migrations/0011_dashboard_indexes.sql"),
    include_str!("../migrations/0012_shared_office.sql"),
    include_str!("../migrations/0013_mail.sql"),
    include_str!("../migrations/0014_queue_figure_columns.sql"),
    include_str!("../migrations/0015_queue_state_check.sql"),
    include_str!("../migrations/0016_queue_read_indexes.sql"),
];

/// The schema version this build writes.
pub const LATEST_SCHEMA: i64 = MIGRATIONS.len() as i64;

/// How long a write waits for another process holding the lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// One counter's database. Not `Sync`: the app keeps it behind a mutex.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) device_id: String,
    pub(crate) last_hlc: Hlc,
    pub(crate) integrity: IntegrityCell,
}

/// When [`Store::open_with`] runs the integrity check (`PRAGMA quick_check`, every page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartupCheck {
    /// Before opening returns (the CLI, tests).
    Now,
    /// Only if the last session did not close cleanly; otherwise later, on the maintenance
    /// thread ([`Store::start_maintenance`]), so a large file does not delay the first screen.
    AfterCleanClose,
}

impl Store {
    /// Opens (creating if absent) the database at `path`, after checking that it is ours, not
    /// from a newer version, and intact. A refused file is never modified.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path, StartupCheck::Now)
    }

    /// [`Store::open`], choosing when the integrity check runs.
    pub fn open_with(path: impl AsRef<Path>, check: StartupCheck) -> Result<Store, StoreError> {
        let path = path.as_ref().to_owned();
        let exists = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
        // SQLite removes the WAL when the last connection closes cleanly; one left behind
        // means a crash or power cut (or another process has the file open right now).
        let unclean = wal_path(&path).metadata().map(|m| m.len() > 0).unwrap_or(false);
        let mut integrity = Integrity::Ok;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.to_owned(), source })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| StoreError::classify(e, &path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Every hot statement stays prepared (the queue writer alone has a dozen).
        conn.set_prepared_statement_cache_capacity(64);
        let classify = |e| StoreError::classify(e, &path);

        if exists {
            // Read-only checks first: nothing below writes until the file is known to be ours.
            let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(classify)?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(classify)?;
            if app_id != APPLICATION_ID && !(app_id == 0 && version == 0 && is_empty_schema(&conn).map_err(classify)?) {
                return Err(StoreError::NotOurs { path, found: app_id });
            }
            if version > LATEST_SCHEMA {
                return Err(StoreError::NewerSchema { path, found: version, known: LATEST_SCHEMA });
            }
            if check == StartupCheck::Now || unclean {
                integrity_check(&conn, &path)?;
            } else {
                integrity = Integrity::Pending;
            }
        }

        conn.pragma_update(None, "journal_mode", "WAL").map_err(classify)?;
        // FULL: the WAL is fsynced at every commit, so a saved dossier survives a power cut.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Temporary files in memory: chiefly the sub-journal of a savepoint (each pulled op is
        // applied in one), which otherwise writes every page the op first touches to a file.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrate(&conn).map_err(classify)?;

        let device_id = ensure_device_id(&conn).map_err(classify)?;
        // This PC's last op, or the newest pulled op it has seen, whichever is later: pulled ops
        // sit in the same log with their own (possibly older) clocks.
        let own = conn
            .query_row("SELECT hlc FROM ops WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1", [&device_id], |r| {
                r.get::<_, String>(0)
            })
            .optional()?;
        let observed: Option<String> =
            conn.query_row("SELECT observed_hlc FROM sync_state", [], |r| r.get(0)).optional()?.flatten();
        let last_hlc = [own, observed].iter().flatten().filter_map(|s| Hlc::parse(s)).max().unwrap_or_default();
        tracing::info!(path = %path.display(), schema = LATEST_SCHEMA, unclean, check = ?integrity, "store opened");
        Ok(Store { conn, path, device_id, last_hlc, integrity: std::sync::Arc::new(std::sync::Mutex::new(integrity)) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This counter PC's identity in the op log, created with the database.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// `PRAGMA integrity_check` (the full check, slower than the startup quick check).
    pub fn full_integrity_check(&self) -> Result<(), StoreError> {
        let rows = collect_check(&self.conn, "PRAGMA integrity_check")?;
        check_result(rows, &self.path)
    }

    /// How long a write waits for a lock held by another process (5 s by default).
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// A number that changes when another connection (another thread or process) commits to
    /// this file: whoever keeps a copy of some tables in memory reloads it then.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?)
    }
}

pub(crate) fn wal_path(path: &Path) -> PathBuf {
    sibling(path, "-wal")
}

/// `path` with `suffix` appended to its file name (SQLite's `-wal`, `-shm`, `-journal`).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn is_empty_schema(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).map(|n| n == 0)
}

/// Startup check: `quick_check` verifies every page and row format in O(N) without the
/// index cross-check, fast enough to run at every start on a counter's database.
pub(crate) fn integrity_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let rows = collect_check(conn, "PRAGMA quick_check").map_err(|e| match e {
        StoreError::Sqlite(e) => StoreError::classify(e, path),
        other => other,
    })?;
    check_result(rows, path)
}

fn collect_check(conn: &Connection, sql: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn check_result(rows: Vec<String>, path: &Path) -> Result<(), StoreError> {
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: rows.into_iter().take(5).collect::<Vec<_>>().join("; "),
        })
    }
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        tracing::info!(to = i + 1, "schema migrated");
    }
    Ok(())
}

fn ensure_device_id(conn: &Connection) -> rusqlite::Result<String> {
    if let Some(id) = conn.query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().to_string();
    conn.execute("INSERT INTO meta (key, value) VALUES ('device_id', ?1)", [&id])?;
    Ok(id)
}
