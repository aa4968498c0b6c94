//! The `office` table: the profile from the first-run wizard.

use rusqlite::OptionalExtension;

use motcua_domain::office::OfficeProfile;

use crate::db::Store;
use crate::error::StoreError;

pub(crate) fn apply_configured(tx: &rusqlite::Connection, profile: &OfficeProfile) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO office (id, profile) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET profile = excluded.profile",
        [serde_json::to_string(profile)?],
    )?;
    Ok(())
}

impl Store {
    /// The office profile, or `None` before the first-run wizard has run.
    pub fn office(&self) -> Result<Option<OfficeProfile>, StoreError> {
        let json: Option<String> =
            self.conn.query_row("SELECT profile FROM office WHERE id = 1", [], |r| r.get(0)).optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(StoreError::from)).transpose()
    }

    pub fn require_office(&self) -> Result<OfficeProfile, StoreError> {
        self.office()?.ok_or(StoreError::NotSetUp)
    }
}
