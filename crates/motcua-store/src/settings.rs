//! The `settings` table: office-wide choices outside the first-run profile.

use rusqlite::OptionalExtension;

use motcua_domain::papers::{CounterPrinters, PaperSettings};
use motcua_domain::queue::{QueueHosting, QueueLink};

use crate::db::Store;
use crate::error::StoreError;

const PAPERS: &str = "papers";

pub(crate) fn apply_paper_settings(tx: &rusqlite::Connection, settings: &PaperSettings) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [PAPERS, &serde_json::to_string(settings)?],
    )?;
    Ok(())
}

/// Printers belong to one counter PC: keyed by its device id, so a synced copy of another
/// counter's settings never redirects this counter's papers.
fn printers_key(device_id: &str) -> String {
    format!("printers:{device_id}")
}

pub(crate) fn apply_printers(
    tx: &rusqlite::Connection,
    device_id: &str,
    printers: &CounterPrinters,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [&printers_key(device_id), &serde_json::to_string(printers)?],
    )?;
    Ok(())
}

/// Like printers, the queue link belongs to one counter PC.
fn queue_link_key(device_id: &str) -> String {
    format!("queue_link:{device_id}")
}

pub(crate) fn apply_queue_link(tx: &rusqlite::Connection, device_id: &str, link: &QueueLink) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [&queue_link_key(device_id), &serde_json::to_string(link)?],
    )?;
    Ok(())
}

fn queue_hosting_key(device_id: &str) -> String {
    format!("queue_hosting:{device_id}")
}

pub(crate) fn apply_queue_hosting(
    tx: &rusqlite::Connection,
    device_id: &str,
    hosting: Option<&QueueHosting>,
) -> Result<(), StoreError> {
    match hosting {
        Some(h) => tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [&queue_hosting_key(device_id), &serde_json::to_string(h)?],
        )?,
        None => tx.execute("DELETE FROM settings WHERE key = ?1", [&queue_hosting_key(device_id)])?,
    };
    Ok(())
}

impl Store {
    /// Whether this counter PC hosts the office's queue.
    pub fn queue_hosting(&self) -> Result<Option<QueueHosting>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [queue_hosting_key(&self.device_id)], |r| r.get(0))
            .optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// The queue hub this counter PC uses, once an admin has enrolled it.
    pub fn queue_link(&self) -> Result<Option<QueueLink>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [queue_link_key(&self.device_id)], |r| r.get(0))
            .optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// A secret of this PC (see migration 0005: never in the op log, never synced).
    pub fn device_secret(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT value FROM device_secrets WHERE name = ?1", [name], |r| r.get(0)).optional()?)
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

    /// This counter PC's printers; the system's default printer until an admin sets them.
    pub fn printers(&self) -> Result<CounterPrinters, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [printers_key(&self.device_id)], |r| r.get(0))
            .optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?.unwrap_or_default())
    }

    /// The papers' settings; the defaults until an admin sets them.
    pub fn paper_settings(&self) -> Result<PaperSettings, StoreError> {
        let json: Option<String> =
            self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [PAPERS], |r| r.get(0)).optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?.unwrap_or_default())
    }
}
