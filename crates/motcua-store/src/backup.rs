//! Backups of a counter database, and restoring one.
//!
//! **Taking a backup** uses SQLite's online backup API on a connection of its own, in one
//! step: that step reads a single snapshot, so the copy holds every save committed before it
//! began and nothing half-done, while the app goes on saving (in WAL mode a reader never blocks
//! a writer). It is not a file copy: a copy of a live database can tear across a commit. The
//! copy is written to a temporary name beside the target, switched out of WAL mode so it is one
//! self-contained file, fsynced, then verified by opening it (`PRAGMA integrity_check`, our
//! application id, a schema version this build knows) and only then renamed to its name. A
//! backup that fails leaves no file that looks like a backup.
//!
//! **Restoring** refuses a file that is not a database, not ours, from a newer version or
//! damaged, before touching anything. It then takes the current database's lock in exclusive
//! mode, which fails while the app (or anything else) has it open, copies the current file
//! aside (`NAME.before-restore-YYYYMMDD-HHMMSS`), and writes the backup into the database
//! through the backup API: one write transaction, so a failure leaves the current data as it
//! was. The next [`Store::open`](crate::Store::open) migrates a backup from an older version.
//!
//! **Daily backups** ([`daily`]) go to a folder the admin chose (often a USB drive), one file per
//! PC and day, named after the PC's device id so PCs sharing a folder do not prune each other's.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use crate::db::{APPLICATION_ID, LATEST_SCHEMA, sibling};

/// A counter PC's daily backup: the folder (often a USB drive) and how many days it keeps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BackupSettings {
    pub folder: PathBuf,
    pub keep: u32,
}

impl BackupSettings {
    /// Two weeks of days, and at most a year.
    pub const DEFAULT_KEEP: u32 = 14;
    pub const MAX_KEEP: u32 = 366;
}

/// What a verified backup holds; shown after a backup and before a restore.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupFacts {
    pub schema: i64,
    /// The device that wrote the database (backups are named after it).
    pub device_id: Option<String>,
    pub office_name: Option<String>,
    pub dossiers: i64,
    /// The op log's length: every change ever saved, so two backups compare at a glance.
    pub ops: i64,
    /// When the last change in it was saved (UTC, RFC 3339).
    pub last_change_at: Option<String>,
}

/// A backup written and verified.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BackupTaken {
    pub path: PathBuf,
    pub bytes: u64,
    pub facts: BackupFacts,
    #[serde(skip)]
    pub took: Duration,
}

/// A restore done.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Restored {
    /// Where the database that was replaced now is (`None`: there was none).
    pub set_aside: Option<PathBuf>,
    pub facts: BackupFacts,
}

/// Why a backup or restore did not happen. `Display` is the log line; [`BackupError::user_message`]
/// is what the IT officer or admin reads. In every case the running database is untouched.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backup folder {0:?} does not exist")]
    FolderMissing(PathBuf),
    #[error("disk full writing {0:?}")]
    DiskFull(PathBuf),
    #[error("{0:?} is not an SQLite database")]
    NotADatabase(PathBuf),
    #[error("{path:?} is not a Một Cửa database (application_id {found:#x})")]
    NotOurs { path: PathBuf, found: i64 },
    #[error("{path:?} has schema version {found}, this build knows up to {known}")]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("{path:?} failed its integrity check: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("database {0:?} is open in another program")]
    InUse(PathBuf),
    #[error("backup file {0:?} not found")]
    FileMissing(PathBuf),
    #[error("io on {path:?}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("sqlite on {path:?}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
}

impl BackupError {
    pub fn user_message(&self) -> String {
        let untouched = "dữ liệu đang dùng không bị thay đổi.";
        match self {
            BackupError::FolderMissing(p) => format!(
                "Không tìm thấy thư mục sao lưu {}. Ổ USB đã bị rút ra? Hãy cắm lại hoặc chọn thư mục khác; {untouched}",
                p.display()
            ),
            BackupError::DiskFull(_) => format!(
                "Ổ đĩa chứa bản sao lưu đã đầy nên bản sao lưu chưa được tạo. \
                 Hãy giải phóng chỗ trống hoặc chọn ổ khác; {untouched}"
            ),
            BackupError::NotADatabase(p) => format!(
                "Tệp {} không phải là bản sao lưu cơ sở dữ liệu nên chưa khôi phục gì; {untouched}",
                file_name(p)
            ),
            BackupError::NotOurs { path, .. } => format!(
                "Tệp {} không phải là bản sao lưu của phần mềm Một Cửa nên chưa khôi phục gì; {untouched}",
                file_name(path)
            ),
            BackupError::NewerSchema { found, known, .. } => format!(
                "Bản sao lưu được tạo bởi phiên bản mới hơn của phần mềm (lược đồ {found}, phiên bản này \
                 đọc được đến {known}). Hãy cập nhật phần mềm trước khi khôi phục; {untouched}"
            ),
            BackupError::Corrupt { path, .. } => format!(
                "Tệp {} bị hỏng (không qua kiểm tra toàn vẹn) nên không dùng được; {untouched}",
                file_name(path)
            ),
            BackupError::InUse(_) => {
                "Phần mềm Một Cửa (hoặc chương trình khác) đang mở cơ sở dữ liệu này. Hãy đóng ứng dụng \
                 trên máy này rồi khôi phục lại; chưa có gì thay đổi."
                    .to_owned()
            }
            BackupError::FileMissing(p) => format!("Không tìm thấy tệp sao lưu {}.", p.display()),
            BackupError::Io { .. } | BackupError::Sqlite { .. } => {
                format!("Lỗi đọc/ghi khi sao lưu hoặc khôi phục (ổ đĩa bị rút ra hoặc hỏng?); {untouched}")
            }
        }
    }

    fn io(path: &Path, source: std::io::Error) -> BackupError {
        if source.kind() == std::io::ErrorKind::StorageFull {
            BackupError::DiskFull(path.to_owned())
        } else {
            BackupError::Io { path: path.to_owned(), source }
        }
    }

    fn sqlite(path: &Path, source: rusqlite::Error) -> BackupError {
        match source.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => BackupError::DiskFull(path.to_owned()),
            Some(ErrorCode::NotADatabase) => BackupError::NotADatabase(path.to_owned()),
            Some(ErrorCode::DatabaseCorrupt) => {
                BackupError::Corrupt { path: path.to_owned(), detail: source.to_string() }
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => BackupError::InUse(path.to_owned()),
            _ => BackupError::Sqlite { path: path.to_owned(), source },
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Writes a verified backup of the database at `db` to `out` (replacing a file there).
pub fn backup(db: &Path, out: &Path) -> Result<BackupTaken, BackupError> {
    let started = Instant::now();
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(BackupError::FolderMissing(folder.to_owned()));
    }
    if !db.is_file() {
        return Err(BackupError::FileMissing(db.to_owned()));
    }
    let partial = sibling(out, &format!(".partial-{}", std::process::id()));
    let result = write_copy(db, &partial).and_then(|()| {
        let facts = inspect(&partial)?;
        sync_file(&partial)?;
        std::fs::rename(&partial, out).map_err(|e| BackupError::io(out, e))?;
        sync_folder(folder);
        Ok(facts)
    });
    let facts = match result {
        Ok(facts) => facts,
        Err(e) => {
            // Never leave half a backup where a person could mistake it for one.
            let _ = std::fs::remove_file(&partial);
            let _ = std::fs::remove_file(sibling(&partial, "-journal"));
            tracing::warn!(error = %e, "backup failed");
            return Err(e);
        }
    };
    let bytes = std::fs::metadata(out).map_err(|e| BackupError::io(out, e))?.len();
    let took = started.elapsed();
    tracing::info!(out = %out.display(), bytes, ops = facts.ops, took_ms = took.as_millis() as u64, "backup written");
    Ok(BackupTaken { path: out.to_owned(), bytes, facts, took })
}

/// The online backup in one step (one read snapshot), then the copy made self-contained.
fn write_copy(db: &Path, to: &Path) -> Result<(), BackupError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let src = Connection::open_with_flags(db, flags).map_err(|e| BackupError::sqlite(db, e))?;
    src.busy_timeout(Duration::from_secs(5)).map_err(|e| BackupError::sqlite(db, e))?;
    let app_id: i64 =
        src.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| BackupError::sqlite(db, e))?;
    if app_id != APPLICATION_ID {
        return Err(BackupError::NotOurs { path: db.to_owned(), found: app_id });
    }
    let _ = std::fs::remove_file(to);
    let mut dst = Connection::open(to).map_err(|e| BackupError::sqlite(to, e))?;
    {
        let copy = Backup::new(&src, &mut dst).map_err(|e| BackupError::sqlite(to, e))?;
        // BUSY/LOCKED are passing (a checkpoint, a writer's commit): a few bounded retries.
        let mut tries = 0;
        loop {
            match copy.step(-1).map_err(|e| BackupError::sqlite(to, e))? {
                StepResult::Done => break,
                _ if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => return Err(BackupError::InUse(db.to_owned())),
            }
        }
    }
    // The copy carries the source's WAL flag; a backup is one file on a USB stick.
    dst.pragma_update(None, "journal_mode", "DELETE").map_err(|e| BackupError::sqlite(to, e))?;
    dst.close().map_err(|(_, e)| BackupError::sqlite(to, e))
}

/// Opens a backup read-only and checks that it is a whole Một Cửa database this build can use.
pub fn inspect(file: &Path) -> Result<BackupFacts, BackupError> {
    if !file.is_file() {
        return Err(BackupError::FileMissing(file.to_owned()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(file, flags).map_err(|e| BackupError::sqlite(file, e))?;
    let sqlite = |e| BackupError::sqlite(file, e);
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sqlite)?;
    if app_id != APPLICATION_ID {
        return Err(BackupError::NotOurs { path: file.to_owned(), found: app_id });
    }
    let schema: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sqlite)?;
    if schema > LATEST_SCHEMA {
        return Err(BackupError::NewerSchema { path: file.to_owned(), found: schema, known: LATEST_SCHEMA });
    }
    let mut check = conn.prepare("PRAGMA integrity_check").map_err(sqlite)?;
    let rows = check.query_map([], |r| r.get::<_, String>(0)).map_err(sqlite)?;
    let rows = rows.collect::<Result<Vec<_>, _>>().map_err(sqlite)?;
    if rows != ["ok"] {
        let detail = rows.into_iter().take(5).collect::<Vec<_>>().join("; ");
        return Err(BackupError::Corrupt { path: file.to_owned(), detail });
    }
    let one = |sql: &str| conn.query_row(sql, [], |r| r.get(0)).optional().map(Option::flatten);
    let facts = BackupFacts {
        schema,
        device_id: one("SELECT value FROM meta WHERE key = 'device_id'").map_err(sqlite)?,
        office_name: one("SELECT json_extract(profile, '$.name') FROM office WHERE id = 1").map_err(sqlite)?,
        dossiers: conn.query_row("SELECT count(*) FROM dossiers", [], |r| r.get(0)).map_err(sqlite)?,
        ops: conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).map_err(sqlite)?,
        last_change_at: one("SELECT max(created_at) FROM ops").map_err(sqlite)?,
    };
    Ok(facts)
}

/// Replaces the database at `db` with the backup `from` (see the module's notes).
pub fn restore(db: &Path, from: &Path) -> Result<Restored, BackupError> {
    let facts = inspect(from)?;
    let existed = db.metadata().map(|m| m.len() > 0).unwrap_or(false);
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| BackupError::io(dir, e))?;
    }
    let aside = sibling(db, &format!(".before-restore-{}", chrono::Local::now().format("%Y%m%d-%H%M%S")));
    let (mut conn, set_aside) = match lock_exclusive(db) {
        Ok(conn) if existed => {
            // Fold the WAL so the main file is the whole database, then keep a copy of it: a
            // plain copy is safe here, nobody else can write.
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            keep_aside(db, &aside)?;
            (conn, Some(aside))
        }
        Ok(conn) => (conn, None),
        // The file in place is not a database at all (a disk fault): nothing can have it open
        // (the app refuses such a file), so it is moved aside whole and a new file takes its place.
        Err(BackupError::NotADatabase(_) | BackupError::Corrupt { .. }) if existed => {
            keep_aside(db, &aside)?;
            for gone in [db.to_owned(), sibling(db, "-wal"), sibling(db, "-shm")] {
                let _ = std::fs::remove_file(gone);
            }
            (lock_exclusive(db)?, Some(aside))
        }
        Err(e) => return Err(e),
    };
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| BackupError::sqlite(from, e))?;
    {
        let copy = Backup::new(&src, &mut conn).map_err(|e| BackupError::sqlite(db, e))?;
        match copy.step(-1).map_err(|e| BackupError::sqlite(db, e))? {
            StepResult::Done => {}
            _ => return Err(BackupError::InUse(db.to_owned())),
        }
    }
    conn.pragma_update(None, "synchronous", "FULL").map_err(|e| BackupError::sqlite(db, e))?;
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    conn.close().map_err(|(_, e)| BackupError::sqlite(db, e))?;
    tracing::info!(db = %db.display(), from = %from.display(), set_aside = ?set_aside, ops = facts.ops, "database restored");
    Ok(Restored { set_aside, facts })
}

/// Opens `db` holding its lock in exclusive mode: taken at the first write and kept until the
/// close, and refused while any other connection (the app) has the file open, even idle.
fn lock_exclusive(db: &Path) -> Result<Connection, BackupError> {
    let conn = Connection::open(db).map_err(|e| BackupError::sqlite(db, e))?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE").map_err(|e| BackupError::sqlite(db, e))?;
    conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;").map_err(|e| BackupError::sqlite(db, e))?;
    // Reads page 1: a file that is not a database says so here.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())).map_err(|e| BackupError::sqlite(db, e))?;
    Ok(conn)
}

/// Copies the database file (and a WAL left beside it) to `aside`, durably.
fn keep_aside(db: &Path, aside: &Path) -> Result<(), BackupError> {
    std::fs::copy(db, aside).map_err(|e| BackupError::io(aside, e))?;
    let wal = sibling(db, "-wal");
    if wal.metadata().map(|m| m.len() > 0).unwrap_or(false) {
        std::fs::copy(&wal, sibling(aside, "-wal")).map_err(|e| BackupError::io(aside, e))?;
    }
    sync_file(aside)
}

/// The automatic daily backup: writes today's backup of this PC into `folder` unless one is
/// there already, then keeps only the newest `keep` of this PC's daily backups. Returns the
/// backup written, if one was.
pub fn daily(
    db: &Path,
    device_id: &str,
    folder: &Path,
    keep: usize,
    today: NaiveDate,
) -> Result<Option<BackupTaken>, BackupError> {
    if !folder.is_dir() {
        return Err(BackupError::FolderMissing(folder.to_owned()));
    }
    let mine = daily_backups(folder, device_id)?;
    let taken = if mine.iter().any(|(day, _)| *day == today) {
        None
    } else {
        Some(backup(db, &folder.join(daily_file_name(device_id, today)))?)
    };
    let mut mine = daily_backups(folder, device_id)?;
    mine.sort_by_key(|(day, _)| std::cmp::Reverse(*day));
    for (_, old) in mine.into_iter().skip(keep.max(1)) {
        match std::fs::remove_file(&old) {
            Ok(()) => tracing::info!(file = %old.display(), "old daily backup removed"),
            Err(e) => tracing::warn!(file = %old.display(), error = %e, "old daily backup not removed"),
        }
    }
    Ok(taken)
}

/// The name of this PC's backup of `day` in the backup folder.
pub fn daily_file_name(device_id: &str, day: NaiveDate) -> String {
    format!("{}{}.db", daily_prefix(device_id), day.format("%Y-%m-%d"))
}

/// This PC's daily backups in `folder`, with their days.
pub fn daily_backups(folder: &Path, device_id: &str) -> Result<Vec<(NaiveDate, PathBuf)>, BackupError> {
    let prefix = daily_prefix(device_id);
    let entries = std::fs::read_dir(folder).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => BackupError::FolderMissing(folder.to_owned()),
        _ => BackupError::io(folder, e),
    })?;
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let day = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".db"))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if let Some(day) = day {
            found.push((day, entry.path()));
        }
    }
    Ok(found)
}

/// `motcua-<last 12 hex digits of the device id>-`: the random end of the UUIDv7, so PCs set
/// up on the same day still differ.
fn daily_prefix(device_id: &str) -> String {
    let hex: String = device_id.chars().filter(char::is_ascii_hexdigit).collect();
    format!("motcua-{}-", &hex[hex.len().saturating_sub(12)..])
}

fn sync_file(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path).and_then(|f| f.sync_all()).map_err(|e| BackupError::io(path, e))
}

/// Makes a rename durable (the directory entry); Windows has no such call and needs none.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Err(e) = std::fs::File::open(folder).and_then(|f| f.sync_all()) {
        tracing::warn!(folder = %folder.display(), error = %e, "backup folder not synced");
    }
    #[cfg(not(unix))]
    let _ = folder;
}
