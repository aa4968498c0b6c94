//! The `procedures` and `calendar_exceptions` tables: reference data the city will push.

use rusqlite::{OptionalExtension, params};

use motcua_domain::calendar::CalendarExceptions;
use motcua_domain::catalog::Procedure;

use crate::db::Store;
use crate::error::StoreError;

/// Upsert by code: re-importing a catalog updates procedures in place, and dossiers that
/// reference a code keep pointing at it (they also keep the name they were received under).
pub(crate) fn apply_upserted(tx: &rusqlite::Connection, p: &Procedure) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO procedures (code, name, field, search_key, hidden, data, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, field = excluded.field,
             search_key = excluded.search_key, hidden = excluded.hidden, data = excluded.data,
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        p.code,
        p.name,
        p.field,
        p.search_key(),
        p.hidden,
        serde_json::to_string(p)?,
        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    ])?;
    Ok(())
}

pub(crate) fn apply_calendar_exceptions(tx: &rusqlite::Connection, e: &CalendarExceptions) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO calendar_exceptions (year, data) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET data = excluded.data",
    )?
    .execute(params![e.year, serde_json::to_string(e)?])?;
    Ok(())
}

impl Store {
    /// All procedures, hidden ones included, by name.
    pub fn procedures(&self) -> Result<Vec<Procedure>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT data FROM procedures ORDER BY name")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str(&json?)?);
        }
        Ok(out)
    }

    pub fn procedure(&self, code: &str) -> Result<Option<Procedure>, StoreError> {
        let json: Option<String> =
            self.conn.query_row("SELECT data FROM procedures WHERE code = ?1", [code], |r| r.get(0)).optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(StoreError::from)).transpose()
    }

    pub fn procedure_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT count(*) FROM procedures", [], |r| r.get(0))?)
    }

    pub fn calendar_exceptions(&self) -> Result<Vec<CalendarExceptions>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT data FROM calendar_exceptions ORDER BY year")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str(&json?)?);
        }
        Ok(out)
    }
}
