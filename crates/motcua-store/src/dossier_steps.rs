//! The `dossier_steps` table and the lifecycle columns of `dossiers`: each step a dossier takes
//! after reception (hand-off, supplement, result, return …), checked by the domain's state
//! machine inside the write transaction, so a step that does not follow from the dossier's
//! state is refused on every machine that applies it, in the order it arrives.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use motcua_domain::lifecycle::{Lifecycle, Step};

use crate::db::Store;
use crate::dossiers::{DossierSummary, SUMMARY_COLUMNS, TIME_FORMAT, summary_row};
use crate::error::StoreError;
use crate::ops::{Actor, Change};

/// One step of one dossier: the payload of its `dossier.step` op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierStep {
    pub dossier_id: String,
    /// The dossier's code: names its receiving office (the city server checks it).
    pub code: String,
    /// Office local time (UTC+7).
    pub at: NaiveDateTime,
    pub by: String,
    pub by_name: String,
    #[serde(flatten)]
    pub step: Step,
}

/// A dossier's life so far: where it stands and every step that led there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierHistory {
    pub lifecycle: Lifecycle,
    pub steps: Vec<DossierStep>,
}

pub(crate) fn apply_step(tx: &rusqlite::Connection, s: &DossierStep) -> Result<(), StoreError> {
    let now = current(tx, &s.dossier_id)?.ok_or(StoreError::NotFound { what: "dossier" })?;
    let next = now.apply(&s.step, s.at).map_err(StoreError::StepRefused)?;
    let time = |t: NaiveDateTime| t.format(TIME_FORMAT).to_string();
    tx.prepare_cached(
        "UPDATE dossiers SET status = ?2, due_at = ?3, appointment_at = ?4, resolved_at = ?5, timeliness = ?6,
                lifecycle = ?7, closed_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        s.dossier_id,
        next.status.as_str(),
        time(next.due_at),
        time(next.appointment_at),
        next.resolved_at.map(time),
        next.timeliness.map(|t| t.as_str()),
        serde_json::to_string(&next)?,
        next.closed_at.map(time),
    ])?;
    tx.prepare_cached(
        "INSERT INTO dossier_steps (dossier_id, kind, at, by_user, by_name, step) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        s.dossier_id,
        s.step.kind(),
        time(s.at),
        s.by,
        s.by_name,
        serde_json::to_string(&s.step)?
    ])?;
    Ok(())
}

/// Rebuilds the life of `dossier_id` from the op log, after the city server refused a step
/// made here: its steps in log order (this PC's and those pulled from the office's other PCs),
/// leaving out the ones the server refused and any that no longer follow. A pulled step kept
/// aside because it clashed with the refused one now applies. Rare (a refusal), so it reads
/// the log's steps without an index.
pub(crate) fn rebuild(tx: &rusqlite::Connection, dossier_id: &str) -> Result<(), StoreError> {
    let Some(received) =
        tx.query_row("SELECT data FROM dossiers WHERE id = ?1", [dossier_id], |r| r.get::<_, String>(0)).optional()?
    else {
        return Ok(());
    };
    let record: crate::DossierRecord = serde_json::from_str(&received)?;
    let mut lifecycle = Lifecycle::at_reception(record.appointment_at);
    let mut stmt = tx.prepare(
        "SELECT id, payload FROM ops
         WHERE kind = 'dossier.step' AND json_extract(payload, '$.dossier_id') = ?1
           AND id NOT IN (SELECT op_id FROM sync_rejections)
         ORDER BY seq",
    )?;
    let steps = stmt
        .query_map([dossier_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    tx.execute("DELETE FROM dossier_steps WHERE dossier_id = ?1", [dossier_id])?;
    tx.execute(
        "UPDATE dossiers SET status = 'received', due_at = ?2, resolved_at = NULL, timeliness = NULL,
                lifecycle = NULL, closed_at = NULL, appointment_at = ?2
         WHERE id = ?1",
        params![dossier_id, record.appointment_at.format(TIME_FORMAT).to_string()],
    )?;
    let mut kept = 0;
    for (op_id, payload) in steps {
        let step: DossierStep = serde_json::from_str(&payload)?;
        match lifecycle.apply(&step.step, step.at) {
            Ok(next) => {
                apply_step(tx, &step)?;
                lifecycle = next;
                kept += 1;
                tx.execute("DELETE FROM pulled_not_applied WHERE op_id = ?1", [&op_id])?;
            }
            Err(refusal) => {
                tracing::info!(op = %op_id, why = %refusal, "dossier step left out on rebuild");
            }
        }
    }
    tracing::info!(dossier = %dossier_id, kept, status = lifecycle.status.as_str(), "dossier rebuilt after a refusal");
    Ok(())
}

/// The dossier's lifecycle as stored; a dossier with no step yet is as received.
fn current(tx: &rusqlite::Connection, dossier_id: &str) -> Result<Option<Lifecycle>, StoreError> {
    let row: Option<(Option<String>, String)> = tx
        .prepare_cached("SELECT lifecycle, due_at FROM dossiers WHERE id = ?1")?
        .query_row([dossier_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(lifecycle, due_at)| match lifecycle {
        Some(json) => Ok(serde_json::from_str(&json)?),
        None => NaiveDateTime::parse_from_str(&due_at, TIME_FORMAT)
            .map(Lifecycle::at_reception)
            .map_err(|e| StoreError::BadData(format!("dossier {dossier_id} due_at: {e}"))),
    })
    .transpose()
}

impl Store {
    /// Records one step of the dossier `code`, taken at `at` (office local time), durably. A
    /// step its state does not allow, or with content missing, is refused
    /// ([`StoreError::StepRefused`], whose text is for the clerk) and nothing is written.
    pub fn record_step(
        &mut self,
        actor: &Actor,
        code: &str,
        step: Step,
        at: NaiveDateTime,
    ) -> Result<Lifecycle, StoreError> {
        self.record_step_with(actor, code, step, at, Vec::new())
    }

    /// [`Store::record_step`], and `also` in the same transaction (the letter an apology
    /// sends by email: both are recorded, or neither).
    pub fn record_step_with(
        &mut self,
        actor: &Actor,
        code: &str,
        step: Step,
        at: NaiveDateTime,
        also: Vec<Change>,
    ) -> Result<Lifecycle, StoreError> {
        let code = code.trim().to_uppercase();
        let (_, _) = self.commit_with(actor, |tx| {
            let dossier_id: String = tx
                .query_row("SELECT id FROM dossiers WHERE code = ?1", [&code], |r| r.get(0))
                .optional()?
                .ok_or(StoreError::NotFound { what: "dossier" })?;
            Ok(vec![Change::DossierStepped(Box::new(DossierStep {
                dossier_id,
                code: code.clone(),
                at,
                by: actor.user_id.clone(),
                by_name: actor.display_name.clone(),
                step: step.normalised(),
            }))]
            .into_iter()
            .chain(also)
            .collect())
        })?;
        Ok(self.dossier_history(&code)?.ok_or(StoreError::NotFound { what: "dossier" })?.lifecycle)
    }

    /// Where the dossier `code` stands and every step it took, in order.
    pub fn dossier_history(&self, code: &str) -> Result<Option<DossierHistory>, StoreError> {
        let code = code.trim().to_uppercase();
        let Some(id) = self
            .conn
            .query_row("SELECT id FROM dossiers WHERE code = ?1", [&code], |r| r.get::<_, String>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let lifecycle = current(&self.conn, &id)?.ok_or(StoreError::NotFound { what: "dossier" })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, by_user, by_name, step FROM dossier_steps WHERE dossier_id = ?1 ORDER BY rowid",
        )?;
        let steps = stmt
            .query_map([&id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?
            .map(|row| {
                let (at, by, by_name, step) = row?;
                Ok(DossierStep {
                    dossier_id: id.clone(),
                    code: code.clone(),
                    at: NaiveDateTime::parse_from_str(&at, TIME_FORMAT)
                        .map_err(|e| StoreError::BadData(format!("dossier step time: {e}")))?,
                    by,
                    by_name,
                    step: serde_json::from_str(&step)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some(DossierHistory { lifecycle, steps }))
    }

    /// Dossiers still the office's to resolve (received or in processing) whose deadline is at
    /// or before `until`, soonest first: the late list and the due-soon lists are cuts of it.
    /// Reads only the open dossiers, through their partial index.
    pub fn open_dossiers_due_by(&self, until: NaiveDateTime) -> Result<Vec<DossierSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM dossiers d INDEXED BY dossiers_open_by_due
             WHERE d.status IN ('received', 'in_processing') AND d.due_at <= ?1
             ORDER BY d.due_at, d.rowid"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([until.format(TIME_FORMAT).to_string()], summary_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
