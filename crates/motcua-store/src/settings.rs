//! The `settings` table: office-wide choices outside the first-run profile.

use rusqlite::{OptionalExtension, Transaction};

use motcua_domain::papers::PaperSettings;

use crate::db::Store;
use crate::error::StoreError;

const PAPERS: &str = "papers";

pub(crate) fn apply_paper_settings(tx: &Transaction, settings: &PaperSettings) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [PAPERS, &serde_json::to_string(settings)?],
    )?;
    Ok(())
}

impl Store {
    /// The papers' settings; the defaults until an admin sets them.
    pub fn paper_settings(&self) -> Result<PaperSettings, StoreError> {
        let json: Option<String> =
            self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [PAPERS], |r| r.get(0)).optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?.unwrap_or_default())
    }
}
