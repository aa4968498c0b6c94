//! The `settings` table: office-wide choices outside the first-run profile.

use rusqlite::OptionalExtension;

use motcua_domain::papers::{CounterPrinters, PaperSettings};

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

impl Store {
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
