//! The `feedback` and `feedback_actions` tables: feedback items (phản ánh, kiến nghị) as
//! received, and each action on them (assign, answer, publish), checked against the item's
//! status in the write transaction.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use motcua_domain::feedback::{FeedbackAction, FeedbackDraft, FeedbackStatus};

use crate::db::Store;
use crate::dossiers::TIME_FORMAT;
use crate::error::StoreError;
use crate::ops::{Actor, Change};

/// An item as received: the payload of its `feedback.received` op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRecord {
    pub id: String,
    /// PAKN-2026-02-0001: the year, the counter that took it, its number there that year.
    pub number: String,
    pub device_id: String,
    pub seq: u32,
    pub draft: FeedbackDraft,
    pub received_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub received_by: String,
    pub received_by_name: String,
}

/// An action on an item: the payload of its `feedback.action` op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackActed {
    pub feedback_id: String,
    pub number: String,
    pub at: NaiveDateTime,
    pub by: String,
    pub by_name: String,
    #[serde(flatten)]
    pub action: FeedbackAction,
}

/// One line of a feedback list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackSummary {
    pub number: String,
    pub channel: String,
    pub type_key: String,
    pub status: FeedbackStatus,
    pub received_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub assignee_name: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// The content's first 120 characters.
    pub excerpt: String,
}

/// An item whole: as received, where it stands, and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackItem {
    pub record: FeedbackRecord,
    pub status: FeedbackStatus,
    pub actions: Vec<FeedbackActed>,
}

const SUMMARY: &str = "number, channel, type_key, status, received_at, deadline_at, assignee_name, answered_at,
     substr(json_extract(data, '$.draft.content'), 1, 120)";

fn time(t: NaiveDateTime) -> String {
    t.format(TIME_FORMAT).to_string()
}

fn parse_time(r: &Row, i: usize) -> rusqlite::Result<NaiveDateTime> {
    let s: String = r.get(i)?;
    NaiveDateTime::parse_from_str(&s, TIME_FORMAT)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

fn summary(r: &Row) -> rusqlite::Result<FeedbackSummary> {
    let status: String = r.get(3)?;
    let answered: Option<String> = r.get(7)?;
    Ok(FeedbackSummary {
        number: r.get(0)?,
        channel: r.get(1)?,
        type_key: r.get(2)?,
        status: FeedbackStatus::parse(&status).unwrap_or(FeedbackStatus::Received),
        received_at: parse_time(r, 4)?,
        deadline_at: parse_time(r, 5)?,
        assignee_name: r.get(6)?,
        answered_at: answered.and_then(|a| NaiveDateTime::parse_from_str(&a, TIME_FORMAT).ok()),
        excerpt: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
    })
}

pub(crate) fn apply_received(tx: &rusqlite::Connection, f: &FeedbackRecord) -> Result<(), StoreError> {
    let channel = serde_json::to_value(f.draft.channel)?.as_str().unwrap_or_default().to_owned();
    let inserted = tx
        .prepare_cached(
            "INSERT INTO feedback (id, number, device_id, year, seq, channel, type_key, status, received_at, deadline_at,
                                   dossier_code, procedure_code, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'received', ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            f.id,
            f.number,
            f.device_id,
            chrono::Datelike::year(&f.received_at),
            f.seq,
            channel,
            f.draft.type_key,
            time(f.received_at),
            time(f.deadline_at),
            f.draft.dossier_code,
            f.draft.procedure_code,
            serde_json::to_string(f)?,
        ]);
    match inserted {
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
            Err(StoreError::Duplicate { what: "feedback number" })
        }
        other => other.map(|_| ()).map_err(StoreError::from),
    }
}

pub(crate) fn apply_action(tx: &rusqlite::Connection, a: &FeedbackActed) -> Result<(), StoreError> {
    let status: String = tx
        .prepare_cached("SELECT status FROM feedback WHERE id = ?1")?
        .query_row([&a.feedback_id], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound { what: "feedback" })?;
    let now = FeedbackStatus::parse(&status).ok_or_else(|| StoreError::BadData(format!("feedback status {status}")))?;
    let next = now.after(&a.action).map_err(StoreError::FeedbackRefused)?;
    let at = time(a.at);
    let (kind, assignee) = match &a.action {
        FeedbackAction::Assign { user_id, user_name } => ("assign", Some((user_id, user_name))),
        FeedbackAction::Answer { .. } => ("answer", None),
        FeedbackAction::Publish => ("publish", None),
    };
    tx.prepare_cached(
        "UPDATE feedback SET status = ?2,
             assignee_id = coalesce(?3, assignee_id), assignee_name = coalesce(?4, assignee_name),
             answered_at = CASE WHEN ?5 = 'answer' THEN ?6 ELSE answered_at END,
             published_at = CASE WHEN ?5 = 'publish' THEN ?6 ELSE published_at END
         WHERE id = ?1",
    )?
    .execute(params![a.feedback_id, next.as_str(), assignee.map(|x| x.0), assignee.map(|x| x.1), kind, at])?;
    tx.prepare_cached(
        "INSERT INTO feedback_actions (feedback_id, action, at, by_user, by_name, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![a.feedback_id, kind, at, a.by, a.by_name, serde_json::to_string(&a.action)?])?;
    Ok(())
}

impl Store {
    /// Records an item received at `received_at`, due at `deadline_at`, numbered in this
    /// counter's sequence of the year; durable when it returns.
    pub fn receive_feedback(
        &mut self,
        actor: &Actor,
        counter_number: u32,
        draft: FeedbackDraft,
        received_at: NaiveDateTime,
        deadline_at: NaiveDateTime,
    ) -> Result<FeedbackRecord, StoreError> {
        let device_id = self.device_id.clone();
        let year = chrono::Datelike::year(&received_at);
        let (_, changes) = self.commit_with(actor, |tx| {
            let last: i64 = tx.query_row(
                "SELECT coalesce(max(seq), 0) FROM feedback WHERE device_id = ?1 AND year = ?2",
                params![device_id, year],
                |r| r.get(0),
            )?;
            let seq = last as u32 + 1;
            Ok(vec![Change::FeedbackReceived(Box::new(FeedbackRecord {
                id: uuid::Uuid::now_v7().to_string(),
                number: format!("PAKN-{year}-{counter_number:02}-{seq:04}"),
                device_id: device_id.clone(),
                seq,
                draft,
                received_at,
                deadline_at,
                received_by: actor.user_id.clone(),
                received_by_name: actor.display_name.clone(),
            }))])
        })?;
        match changes.into_iter().next() {
            Some(Change::FeedbackReceived(record)) => Ok(*record),
            _ => Err(StoreError::BadData("feedback not recorded".into())),
        }
    }

    /// Takes `action` on item `number` at `at`; refused (nothing written) when its status does
    /// not allow it.
    pub fn act_on_feedback(
        &mut self,
        actor: &Actor,
        number: &str,
        action: FeedbackAction,
        at: NaiveDateTime,
    ) -> Result<FeedbackStatus, StoreError> {
        let number = number.trim().to_uppercase();
        self.commit_with(actor, |tx| {
            let id: String = tx
                .query_row("SELECT id FROM feedback WHERE number = ?1", [&number], |r| r.get(0))
                .optional()?
                .ok_or(StoreError::NotFound { what: "feedback" })?;
            Ok(vec![Change::FeedbackActed(Box::new(FeedbackActed {
                feedback_id: id,
                number: number.clone(),
                at,
                by: actor.user_id.clone(),
                by_name: actor.display_name.clone(),
                action,
            }))])
        })?;
        Ok(self.feedback(&number)?.ok_or(StoreError::NotFound { what: "feedback" })?.status)
    }

    /// Item `number` whole.
    pub fn feedback(&self, number: &str) -> Result<Option<FeedbackItem>, StoreError> {
        let row: Option<(String, String, String)> = self
            .conn
            .query_row("SELECT id, status, data FROM feedback WHERE number = ?1", [number.trim().to_uppercase()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((id, status, data)) = row else { return Ok(None) };
        let record: FeedbackRecord = serde_json::from_str(&data)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, by_user, by_name, data FROM feedback_actions WHERE feedback_id = ?1 ORDER BY rowid",
        )?;
        let actions = stmt
            .query_map([&id], |r| Ok((parse_time(r, 0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?
            .map(|row| {
                let (at, by, by_name, data) = row?;
                Ok(FeedbackActed {
                    feedback_id: id.clone(),
                    number: record.number.clone(),
                    at,
                    by,
                    by_name,
                    action: serde_json::from_str(&data)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let status =
            FeedbackStatus::parse(&status).ok_or_else(|| StoreError::BadData(format!("feedback status {status}")))?;
        Ok(Some(FeedbackItem { record, status, actions }))
    }

    /// Items still waiting for their answer whose deadline is at or before `until`, soonest
    /// first (the overdue list and the reminders are cuts of it), through a partial index.
    pub fn open_feedback_due_by(&self, until: NaiveDateTime) -> Result<Vec<FeedbackSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY} FROM feedback INDEXED BY feedback_open_by_deadline
             WHERE status IN ('received', 'assigned') AND deadline_at <= ?1 ORDER BY deadline_at, rowid"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([time(until)], summary)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The newest items, at most `limit`.
    pub fn recent_feedback(&self, limit: usize) -> Result<Vec<FeedbackSummary>, StoreError> {
        let sql = format!("SELECT {SUMMARY} FROM feedback ORDER BY received_at DESC, rowid DESC LIMIT ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([limit as i64], summary)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
