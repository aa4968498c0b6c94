//! The `office` table: the profile from the first-run wizard, or, on a PC that joined an
//! office from the city server, the profile its other PCs set up.

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

pub(crate) fn office_here(conn: &rusqlite::Connection) -> Result<Option<OfficeProfile>, StoreError> {
    let json: Option<String> =
        conn.prepare_cached("SELECT profile FROM office WHERE id = 1")?.query_row([], |r| r.get(0)).optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(StoreError::from)).transpose()
}

/// What a joining PC learns from the office's other PCs (pulled, not applied: see `pull.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeOfOtherPcs {
    /// The newest profile one of them set (its counter number is that PC's).
    pub profile: OfficeProfile,
    /// The counter number each of them uses now, ascending.
    pub counters_in_use: Vec<u32>,
}

impl Store {
    /// The office profile, or `None` before the first-run wizard has run.
    pub fn office(&self) -> Result<Option<OfficeProfile>, StoreError> {
        office_here(&self.conn)
    }

    /// The office as its other PCs have it, from their `office.configured` ops pulled into
    /// this PC's log; `None` when none has come down.
    pub fn office_of_other_pcs(&self) -> Result<Option<OfficeOfOtherPcs>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT device_id, payload FROM ops WHERE kind = 'office.configured' AND device_id <> ?1
             ORDER BY hlc, device_id",
        )?;
        let rows = stmt.query_map([&self.device_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut newest = None;
        let mut counters = std::collections::BTreeMap::new();
        for row in rows {
            let (device, payload) = row?;
            let profile: OfficeProfile = serde_json::from_str(&payload)?;
            counters.insert(device, profile.counter_number);
            newest = Some(profile);
        }
        let mut counters_in_use: Vec<u32> = counters.into_values().collect();
        counters_in_use.sort_unstable();
        counters_in_use.dedup();
        Ok(newest.map(|profile| OfficeOfOtherPcs { profile, counters_in_use }))
    }

    pub fn require_office(&self) -> Result<OfficeProfile, StoreError> {
        self.office()?.ok_or(StoreError::NotSetUp)
    }
}
