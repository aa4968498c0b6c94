//! The `dossiers` table: dossiers received at this counter (and, once synced, the office's).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use motcua_domain::calendar::ProcessingTime;
use motcua_domain::dossier::{DossierDraft, DossierStatus};
use motcua_domain::office::OfficeProfile;
use motcua_domain::text;

use crate::db::Store;
use crate::error::StoreError;
use crate::ops::{Actor, Change};

/// A received dossier, whole: this is also the payload of its `dossier.received` op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierRecord {
    pub id: String,
    pub code: String,
    /// The device that issued the code and its n-th dossier of the day there.
    pub device_id: String,
    pub daily_number: u64,
    pub counter_number: u32,
    pub draft: DossierDraft,
    pub procedure_name: String,
    pub processing: ProcessingTime,
    pub status: DossierStatus,
    /// Office local time (UTC+7).
    pub received_at: NaiveDateTime,
    pub appointment_at: NaiveDateTime,
    pub received_by: String,
    pub received_by_name: String,
}

/// One line of a list: what the clerk scans to find a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierSummary {
    pub code: String,
    pub applicant_name: String,
    pub procedure_name: String,
    pub status: DossierStatus,
    pub received_at: NaiveDateTime,
    /// The date promised to the citizen (moved by an apology).
    pub appointment_at: NaiveDateTime,
    /// The deadline in force (restarted by a supplement): late after it.
    pub due_at: NaiveDateTime,
}

/// What the app decided before saving: the normalised, validated draft and its times.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub draft: DossierDraft,
    pub procedure_name: String,
    pub processing: ProcessingTime,
    pub received_at: NaiveDateTime,
    pub appointment_at: NaiveDateTime,
}

pub(crate) const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

pub(crate) fn apply_received(tx: &rusqlite::Connection, d: &DossierRecord) -> Result<(), StoreError> {
    let search = insert_received(tx, d)?;
    index_for_search(tx, &search)
}

/// What the search tables hold of a dossier (its row in both FTS tables).
pub(crate) struct SearchRow {
    rowid: i64,
    name_folded: String,
    keys: String,
}

/// The dossier's row and its day's code sequence, without the search tables: a pull indexes a
/// page's dossiers once at its end ([`index_for_search`]), since FTS5 writes its pending rows
/// to disk whenever another statement of the transaction starts.
pub(crate) fn insert_received(tx: &rusqlite::Connection, d: &DossierRecord) -> Result<SearchRow, StoreError> {
    let tail = d.code.rsplitn(3, '-').collect::<Vec<_>>();
    let code_tail = if tail.len() == 3 { format!("{}-{}", tail[1], tail[0]) } else { d.code.clone() };
    let name_folded = text::fold(&d.draft.applicant.full_name);
    let phone_digits: String = d.draft.applicant.phone.chars().filter(char::is_ascii_digit).collect();
    let inserted = tx.prepare_cached("INSERT INTO dossiers (id, code, code_tail, procedure_code, procedure_name, status, received_at, received_day,
             appointment_at, received_by, applicant_name, name_folded, id_number, phone_digits, data, due_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?9)")?.execute(params![
            d.id,
            d.code,
            code_tail,
            d.draft.procedure_code,
            d.procedure_name,
            d.status.as_str(),
            d.received_at.format(TIME_FORMAT).to_string(),
            d.received_at.date().to_string(),
            d.appointment_at.format(TIME_FORMAT).to_string(),
            d.received_by,
            d.draft.applicant.full_name,
            name_folded,
            d.draft.applicant.id_number,
            phone_digits,
            serde_json::to_string(d)?,
        ]);
    match inserted {
        Err(rusqlite::Error::SqliteFailure(e, Some(msg)))
            if e.code == rusqlite::ErrorCode::ConstraintViolation && msg.contains("dossiers.code") =>
        {
            return Err(StoreError::Duplicate { what: "dossier code" });
        }
        Err(rusqlite::Error::SqliteFailure(e, Some(msg)))
            if e.code == rusqlite::ErrorCode::ConstraintViolation && msg.contains("FOREIGN KEY") =>
        {
            return Err(StoreError::NotFound { what: "procedure" });
        }
        other => other?,
    };
    let rowid = tx.last_insert_rowid();
    // Whatever later changes the ID number or phone must rewrite this row too (migration 0002).
    let keys = format!("{} {} {}", d.draft.applicant.id_number, phone_digits, code_tail);
    tx.prepare_cached(
        "INSERT INTO code_sequences (device_id, day, last) VALUES (?1, ?2, ?3)
         ON CONFLICT (device_id, day) DO UPDATE SET last = max(last, excluded.last)",
    )?
    .execute(params![d.device_id, d.received_at.date().to_string(), d.daily_number as i64])?;
    Ok(SearchRow { rowid, name_folded, keys })
}

/// Puts a dossier in the search tables (its name folded; its ID number, phone and code tail).
pub(crate) fn index_for_search(tx: &rusqlite::Connection, row: &SearchRow) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT INTO dossier_names (rowid, name_folded) VALUES (?1, ?2)")?
        .execute(params![row.rowid, row.name_folded])?;
    tx.prepare_cached("INSERT INTO dossier_keys (rowid, keys) VALUES (?1, ?2)")?
        .execute(params![row.rowid, row.keys])?;
    Ok(())
}

pub(crate) fn summary_row(r: &Row) -> rusqlite::Result<DossierSummary> {
    let status: String = r.get(3)?;
    let parse_time = |i: usize| -> rusqlite::Result<NaiveDateTime> {
        let s: String = r.get(i)?;
        NaiveDateTime::parse_from_str(&s, TIME_FORMAT)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
    };
    Ok(DossierSummary {
        code: r.get(0)?,
        applicant_name: r.get(1)?,
        procedure_name: r.get(2)?,
        status: DossierStatus::parse(&status).unwrap_or(DossierStatus::Received),
        received_at: parse_time(4)?,
        appointment_at: parse_time(5)?,
        due_at: parse_time(6)?,
    })
}

pub(crate) const SUMMARY_COLUMNS: &str =
    "d.code, d.applicant_name, d.procedure_name, d.status, d.received_at, d.appointment_at, d.due_at";

impl Store {
    /// Saves a walk-in dossier: allocates this counter's next code of the day and commits the
    /// dossier with its op, durably, before returning (the receipt prints from what this returns).
    pub fn receive_dossier(
        &mut self,
        actor: &Actor,
        office: &OfficeProfile,
        new: NewDossier,
    ) -> Result<DossierRecord, StoreError> {
        let mut saved = self.receive_dossiers(actor, office, vec![new])?;
        Ok(saved.remove(0))
    }

    /// Saves several dossiers in one transaction (all or none), numbering them in order.
    pub fn receive_dossiers(
        &mut self,
        actor: &Actor,
        office: &OfficeProfile,
        batch: Vec<NewDossier>,
    ) -> Result<Vec<DossierRecord>, StoreError> {
        let device_id = self.device_id.clone();
        let (_, changes) = self.commit_with(actor, |tx| {
            let mut next: std::collections::HashMap<NaiveDate, u64> = std::collections::HashMap::new();
            let mut changes = Vec::with_capacity(batch.len());
            for new in batch {
                let day = new.received_at.date();
                let daily_number = match next.get(&day) {
                    Some(n) => n + 1,
                    None => {
                        let last: i64 = tx
                            .query_row(
                                "SELECT last FROM code_sequences WHERE device_id = ?1 AND day = ?2",
                                params![device_id, day.to_string()],
                                |r| r.get(0),
                            )
                            .optional()?
                            .unwrap_or(0);
                        last as u64 + 1
                    }
                };
                next.insert(day, daily_number);
                let sequence = office.counter_slot().sequence(daily_number);
                changes.push(Change::DossierReceived(Box::new(DossierRecord {
                    id: uuid::Uuid::now_v7().to_string(),
                    code: office.code_pattern.render(&office.unit_code, day, sequence),
                    device_id: device_id.clone(),
                    daily_number,
                    counter_number: office.counter_number,
                    draft: new.draft,
                    procedure_name: new.procedure_name,
                    processing: new.processing,
                    status: DossierStatus::Received,
                    received_at: new.received_at,
                    appointment_at: new.appointment_at,
                    received_by: actor.user_id.clone(),
                    received_by_name: actor.display_name.clone(),
                })));
            }
            Ok(changes)
        })?;
        Ok(changes
            .into_iter()
            .filter_map(|c| match c {
                Change::DossierReceived(record) => Some(*record),
                _ => None,
            })
            .collect())
    }

    /// The whole dossier by its code (case-insensitive), as received, with its status now
    /// (its later steps: [`Store::dossier_history`]).
    pub fn dossier_by_code(&self, code: &str) -> Result<Option<DossierRecord>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT data, status FROM dossiers WHERE code = ?1", [code.trim().to_uppercase()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        row.map(|(json, status)| {
            let mut record: DossierRecord = serde_json::from_str(&json)?;
            record.status = DossierStatus::parse(&status)
                .ok_or_else(|| StoreError::BadData(format!("dossier status {status:?}")))?;
            Ok(record)
        })
        .transpose()
    }

    /// Dossiers received on `day`, newest first.
    pub fn dossiers_received_on(&self, day: NaiveDate) -> Result<Vec<DossierSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM dossiers d WHERE d.received_day = ?1 ORDER BY d.received_at DESC, d.rowid DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([day.to_string()], summary_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Dossiers received from `from` to `to` (days, both included), oldest first, whole: the
    /// log book of the period.
    pub fn dossiers_received_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DossierRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT data FROM dossiers WHERE received_day BETWEEN ?1 AND ?2 ORDER BY received_day, received_at, rowid",
        )?;
        let rows = stmt.query_map([from.to_string(), to.to_string()], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }

    pub fn dossier_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT count(*) FROM dossiers", [], |r| r.get(0))?)
    }
}
