//! Backups of this PC's database: the admin's "back up now", the daily backup to the folder the
//! admin chose (a thread that wakes every few minutes and writes the day's backup once), and
//! the audit of a restore made with the CLI. The copying itself is `motcua_store::backup`.
//!
//! A backup runs on its own connection without the app's lock: saving at the counter goes on
//! while it is written. Only the audit op and the settings take the lock.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use serde::Serialize;

use motcua_store::backup::{self, BackupSettings, BackupTaken, Restored};
use motcua_store::{Actor, Change, Role};

use crate::worker::Worker;
use crate::{AppError, CounterApp, State};

/// What the admin screen shows of the daily backup.
#[derive(Debug, Clone, Serialize)]
pub struct BackupStatus {
    pub settings: Option<BackupSettings>,
    /// The last attempt of this run of the app (daily or by hand).
    pub last: Option<BackupAttempt>,
    /// This PC's daily backups in the folder, newest first (empty when the folder is missing).
    pub daily: Vec<DailyBackup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupAttempt {
    pub at: NaiveDateTime,
    pub file: Option<PathBuf>,
    /// The Vietnamese message when it failed; the next wake-up tries again.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DailyBackup {
    pub day: chrono::NaiveDate,
    pub file: PathBuf,
}

pub(crate) type LastAttempt = Arc<Mutex<Option<BackupAttempt>>>;

impl CounterApp {
    /// The admin's settings and what the daily backup has done.
    pub fn backup_status(&self) -> Result<BackupStatus, AppError> {
        let (settings, device_id) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?;
            (st.store.backup_settings()?, st.store.device_id().to_owned())
        };
        let mut daily: Vec<DailyBackup> = settings
            .as_ref()
            .and_then(|s| backup::daily_backups(&s.folder, &device_id).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|(day, file)| DailyBackup { day, file })
            .collect();
        daily.sort_by_key(|d| std::cmp::Reverse(d.day));
        let last = self.last_backup.lock().unwrap_or_else(|p| p.into_inner()).clone();
        Ok(BackupStatus { settings, last, daily })
    }

    /// The admin sets (or with `None` stops) this PC's daily backup. The folder must exist now:
    /// a typo would otherwise show only tomorrow, as a missing backup.
    pub fn set_backup_settings(&self, settings: Option<BackupSettings>) -> Result<BackupStatus, AppError> {
        if let Some(s) = &settings {
            if s.folder.as_os_str().is_empty() {
                return Err(AppError::field("folder", "Chưa chọn thư mục sao lưu"));
            }
            if !s.folder.is_dir() {
                return Err(AppError::field(
                    "folder",
                    "Không tìm thấy thư mục này trên máy; hãy cắm ổ USB hoặc chọn thư mục khác",
                ));
            }
            if !(1..=BackupSettings::MAX_KEEP).contains(&s.keep) {
                return Err(AppError::field(
                    "keep",
                    format!("Số bản giữ lại phải từ 1 đến {}", BackupSettings::MAX_KEEP),
                ));
            }
        }
        {
            let mut st = self.lock();
            let s = Self::session(&st, &[Role::Admin])?;
            let device_id = st.store.device_id().to_owned();
            st.store.commit(&s.actor, Change::BackupSettingsSet { device_id, settings: settings.clone() })?;
        }
        tracing::info!(on = settings.is_some(), keep = settings.as_ref().map(|s| s.keep), "daily backup set");
        self.backup_status()
    }

    /// The admin's "back up now": today's daily backup (replacing one written earlier today),
    /// into the folder of the settings.
    pub fn back_up_now(&self) -> Result<BackupTaken, AppError> {
        let (settings, device_id) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?;
            let settings = st
                .store
                .backup_settings()?
                .ok_or_else(|| AppError::field("folder", "Chưa chọn thư mục sao lưu cho máy này"))?;
            (settings, st.store.device_id().to_owned())
        };
        self.back_up_to(&settings.folder.join(backup::daily_file_name(&device_id, self.now().date())))
    }

    /// A backup to `out` (the CLI's `backup --out FILE`, and "back up now"), with its audit.
    pub fn back_up_to(&self, out: &Path) -> Result<BackupTaken, AppError> {
        let (path, actor) = {
            let st = self.lock();
            let s = Self::session(&st, &[Role::Admin])?;
            (st.store.path().to_owned(), s.actor)
        };
        let result = backup::backup(&path, out);
        record(&self.state, &self.last_backup, &actor, self.now(), &result, false);
        result.map_err(AppError::Backup)
    }

    /// After `motcua restore`: the restored database's own audit of what replaced it.
    pub fn record_restore(&self, from: &Path, restored: &Restored) -> Result<(), AppError> {
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        let file = from.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let set_aside = restored.set_aside.as_ref().map(|p| p.display().to_string());
        st.store.commit(&s.actor, Change::DatabaseRestored { file, ops: restored.facts.ops, set_aside })?;
        Ok(())
    }

    /// At app start: the daily backup thread. It first runs `first_after` after start (the
    /// first screen comes first), then every `every`; each run writes the day's backup if the
    /// folder lacks it, so a PC switched on at noon, or a USB stick plugged back in, still gets
    /// its backup that day.
    pub fn start_daily_backups(&self, first_after: Duration, every: Duration) {
        let (state, last) = (self.state.clone(), self.last_backup.clone());
        let clock = crate::clock::office_or_test_clock();
        let worker = Worker::start("daily-backup", first_after, every, move || run_daily(&state, &last, clock.now()));
        *self.daily_backups.lock().unwrap_or_else(|p| p.into_inner()) = worker;
    }

    pub(crate) fn stop_daily_backups(&self) {
        drop(self.daily_backups.lock().unwrap_or_else(|p| p.into_inner()).take());
    }
}

/// One wake-up of the daily backup thread.
fn run_daily(state: &Arc<Mutex<State>>, last: &LastAttempt, now: NaiveDateTime) {
    let found = {
        let st = state.lock().unwrap_or_else(|p| p.into_inner());
        st.store.backup_settings().map(|s| (s, st.store.device_id().to_owned(), st.store.path().to_owned()))
    };
    let (settings, device_id, path) = match found {
        Ok((Some(s), device_id, path)) => (s, device_id, path),
        Ok((None, ..)) => return,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the backup settings");
            return;
        }
    };
    match backup::daily(&path, &device_id, &settings.folder, settings.keep as usize, now.date()) {
        Ok(None) => {}
        Ok(Some(taken)) => record(state, last, &Actor::system(), now, &Ok(taken), true),
        Err(e) => record(state, last, &Actor::system(), now, &Err(e), true),
    }
}

/// Keeps the attempt for the admin screen and, for a backup written, its audit op.
fn record(
    state: &Arc<Mutex<State>>,
    last: &LastAttempt,
    actor: &Actor,
    at: NaiveDateTime,
    result: &Result<BackupTaken, backup::BackupError>,
    automatic: bool,
) {
    let attempt = match result {
        Ok(taken) => {
            let file = taken.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let change = Change::BackupWritten { file, ops: taken.facts.ops, automatic };
            let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(e) = st.store.commit(actor, change) {
                tracing::error!(error = %e, "backup written but its audit op was not saved");
            }
            BackupAttempt { at, file: Some(taken.path.clone()), error: None }
        }
        Err(e) => {
            tracing::warn!(error = %e, automatic, "backup failed");
            BackupAttempt { at, file: None, error: Some(e.user_message()) }
        }
    };
    *last.lock().unwrap_or_else(|p| p.into_inner()) = Some(attempt);
}
