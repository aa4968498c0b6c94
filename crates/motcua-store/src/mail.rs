//! The mail outbox: letters queued by `mail.queued` ops (in the same transaction as the step
//! that calls for them), marked by `mail.sent`. Failed attempts are this PC's bookkeeping,
//! written outside the op log: how many, the last error (in Vietnamese, no personal data), and
//! when to try again.

use chrono::NaiveDateTime;
use rusqlite::params;
use serde::Serialize;

use motcua_domain::mail::MailItem;

use crate::db::Store;
use crate::dossiers::TIME_FORMAT;
use crate::error::StoreError;

/// A letter and how its sending went, for the dossier's screen and the mailer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailState {
    pub item: MailItem,
    pub sent_at: Option<NaiveDateTime>,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<NaiveDateTime>,
}

pub(crate) fn apply_queued(tx: &rusqlite::Connection, item: &MailItem) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO mail_outbox (id, dossier_code, recipient, reason, new_appointment_at, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        item.id,
        item.dossier_code,
        item.recipient,
        item.reason,
        item.new_appointment_at.format(TIME_FORMAT).to_string(),
        item.queued_at.format(TIME_FORMAT).to_string()
    ])?;
    Ok(())
}

pub(crate) fn apply_sent(tx: &rusqlite::Connection, id: &str, at: NaiveDateTime) -> Result<(), StoreError> {
    let n = tx
        .prepare_cached("UPDATE mail_outbox SET sent_at = ?2, last_error = NULL, next_attempt_at = NULL WHERE id = ?1")?
        .execute(params![id, at.format(TIME_FORMAT).to_string()])?;
    if n == 0 {
        return Err(StoreError::NotFound { what: "mail" });
    }
    Ok(())
}

fn parse_time(s: &str) -> rusqlite::Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, TIME_FORMAT)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

const COLUMNS: &str = "id, dossier_code, recipient, reason, new_appointment_at, queued_at, sent_at, attempts, \
                       last_error, next_attempt_at";

fn state(r: &rusqlite::Row<'_>) -> rusqlite::Result<MailState> {
    let time = |i: usize| -> rusqlite::Result<Option<NaiveDateTime>> {
        r.get::<_, Option<String>>(i)?.as_deref().map(parse_time).transpose()
    };
    Ok(MailState {
        item: MailItem {
            id: r.get(0)?,
            dossier_code: r.get(1)?,
            recipient: r.get(2)?,
            reason: r.get(3)?,
            new_appointment_at: parse_time(&r.get::<_, String>(4)?)?,
            queued_at: parse_time(&r.get::<_, String>(5)?)?,
        },
        sent_at: time(6)?,
        attempts: r.get(7)?,
        last_error: r.get(8)?,
        next_attempt_at: time(9)?,
    })
}

impl Store {
    /// Letters not sent yet whose next attempt is due at `now` (office time), oldest first.
    pub fn mails_due(&self, now: NaiveDateTime, limit: usize) -> Result<Vec<MailState>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM mail_outbox
             WHERE sent_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)
             ORDER BY queued_at, id LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![now.format(TIME_FORMAT).to_string(), limit as i64], state)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The letters of dossier `code`, oldest first.
    pub fn mails_of_dossier(&self, code: &str) -> Result<Vec<MailState>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM mail_outbox WHERE dossier_code = ?1 ORDER BY queued_at, id"
        ))?;
        let rows = stmt.query_map([code.trim().to_uppercase()], state)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a failed attempt: `error` for the clerk (no personal data), the next at `retry_at`.
    pub fn mail_failed(&mut self, id: &str, error: &str, retry_at: NaiveDateTime) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
                 WHERE id = ?1 AND sent_at IS NULL",
            )?
            .execute(params![id, error, retry_at.format(TIME_FORMAT).to_string()])?;
        Ok(())
    }

    /// "Gửi lại ngay": every letter waiting becomes due now.
    pub fn mails_due_now(&mut self) -> Result<usize, StoreError> {
        Ok(self.conn.execute("UPDATE mail_outbox SET next_attempt_at = NULL WHERE sent_at IS NULL", [])?)
    }
}
