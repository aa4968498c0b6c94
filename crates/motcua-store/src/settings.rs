//! The `settings` table: office-wide choices outside the first-run profile, and each counter
//! PC's own (printers, its queue hub, whether it hosts the queue), one JSON value per key.
//! Plus `device_secrets`: this PC's keys, outside the op log.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde::de::DeserializeOwned;

use motcua_domain::feedback::FeedbackType;
use motcua_domain::office::CityLink;
use motcua_domain::papers::{CounterPrinters, PaperSettings};
use motcua_domain::queue::{QueueHosting, QueueLink};

use crate::backup::BackupSettings;
use crate::db::Store;
use crate::error::StoreError;

const PAPERS: &str = "papers";
const FEEDBACK_TYPES: &str = "feedback_types";

/// A counter PC's own settings are keyed by its device id, so a synced copy of another
/// counter's settings never redirects this counter's papers or queue.
fn device_key(what: &str, device_id: &str) -> String {
    format!("{what}:{device_id}")
}

fn put(tx: &rusqlite::Connection, key: &str, value: &impl Serialize) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, &serde_json::to_string(value)?],
    )?;
    Ok(())
}

pub(crate) fn apply_paper_settings(tx: &rusqlite::Connection, settings: &PaperSettings) -> Result<(), StoreError> {
    put(tx, PAPERS, settings)
}

pub(crate) fn apply_feedback_types(tx: &rusqlite::Connection, types: &[FeedbackType]) -> Result<(), StoreError> {
    put(tx, FEEDBACK_TYPES, &types)
}

pub(crate) fn apply_printers(
    tx: &rusqlite::Connection,
    device_id: &str,
    printers: &CounterPrinters,
) -> Result<(), StoreError> {
    put(tx, &device_key("printers", device_id), printers)
}

pub(crate) fn apply_queue_link(tx: &rusqlite::Connection, device_id: &str, link: &QueueLink) -> Result<(), StoreError> {
    put(tx, &device_key("queue_link", device_id), link)
}

pub(crate) fn apply_queue_hosting(
    tx: &rusqlite::Connection,
    device_id: &str,
    hosting: Option<&QueueHosting>,
) -> Result<(), StoreError> {
    put_or_remove(tx, &device_key("queue_hosting", device_id), hosting)
}

pub(crate) fn apply_backup_settings(
    tx: &rusqlite::Connection,
    device_id: &str,
    settings: Option<&BackupSettings>,
) -> Result<(), StoreError> {
    put_or_remove(tx, &device_key("backup", device_id), settings)
}

pub(crate) fn apply_update_source(
    tx: &rusqlite::Connection,
    device_id: &str,
    url: Option<&String>,
) -> Result<(), StoreError> {
    put_or_remove(tx, &device_key("update_source", device_id), url)
}

pub(crate) fn apply_mail_settings(
    tx: &rusqlite::Connection,
    device_id: &str,
    settings: Option<&motcua_domain::mail::MailSettings>,
) -> Result<(), StoreError> {
    put_or_remove(tx, &device_key("mail", device_id), settings)
}

pub(crate) fn apply_city_link(
    tx: &rusqlite::Connection,
    device_id: &str,
    link: Option<&CityLink>,
) -> Result<(), StoreError> {
    put_or_remove(tx, &device_key("city_link", device_id), link)
}

fn put_or_remove(tx: &rusqlite::Connection, key: &str, value: Option<&impl Serialize>) -> Result<(), StoreError> {
    match value {
        Some(v) => put(tx, key, v),
        None => {
            tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            Ok(())
        }
    }
}

impl Store {
    fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let json: Option<String> =
            self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// This counter PC's printers; the system's default printer until an admin sets them.
    pub fn printers(&self) -> Result<CounterPrinters, StoreError> {
        Ok(self.get(&device_key("printers", &self.device_id))?.unwrap_or_default())
    }

    /// The papers' settings; the defaults until an admin sets them.
    pub fn paper_settings(&self) -> Result<PaperSettings, StoreError> {
        Ok(self.get(PAPERS)?.unwrap_or_default())
    }

    /// The office's feedback types, once an admin or supervisor has set them (`None`: the
    /// defaults stand).
    pub fn feedback_types(&self) -> Result<Option<Vec<FeedbackType>>, StoreError> {
        self.get(FEEDBACK_TYPES)
    }

    /// The queue hub this counter PC uses, once an admin has enrolled it.
    pub fn queue_link(&self) -> Result<Option<QueueLink>, StoreError> {
        self.get(&device_key("queue_link", &self.device_id))
    }

    /// The city server this counter PC syncs with.
    pub fn city_link(&self) -> Result<Option<CityLink>, StoreError> {
        self.get(&device_key("city_link", &self.device_id))
    }

    /// Where this counter PC writes its daily backup, once an admin has chosen a folder.
    pub fn backup_settings(&self) -> Result<Option<BackupSettings>, StoreError> {
        self.get(&device_key("backup", &self.device_id))
    }

    /// The address this counter PC checks for updates of the app, once an admin has set it.
    pub fn update_source(&self) -> Result<Option<String>, StoreError> {
        self.get(&device_key("update_source", &self.device_id))
    }

    /// The SMTP server this counter PC sends letters through, once an admin has set it.
    pub fn mail_settings(&self) -> Result<Option<motcua_domain::mail::MailSettings>, StoreError> {
        self.get(&device_key("mail", &self.device_id))
    }

    /// Whether this counter PC hosts the office's queue.
    pub fn queue_hosting(&self) -> Result<Option<QueueHosting>, StoreError> {
        self.get(&device_key("queue_hosting", &self.device_id))
    }

    /// A secret of this PC (see migration 0005: never in the op log, never synced).
    pub fn device_secret(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT value FROM device_secrets WHERE name = ?1", [name], |r| r.get(0)).optional()?)
    }

    /// Forgets a secret of this PC (a password an admin removed).
    pub fn remove_device_secret(&mut self, name: &str) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM device_secrets WHERE name = ?1", [name])?;
        Ok(())
    }

    /// Keeps a secret of this PC, durably (the write is its own transaction, fsynced).
    pub fn set_device_secret(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO device_secrets (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [name, value],
        )?;
        Ok(())
    }
}
