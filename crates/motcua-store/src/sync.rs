//! The sync outbox: this PC's ops the city server has not acknowledged yet, oldest first, and
//! what the server said of each. The client (`motcua-sync`) does the talking; everything it
//! learns lands here in one transaction per batch, so a crash between the server's answer and
//! this write only means the batch is sent again (the server stores each op id once).

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::db::Store;
use crate::error::StoreError;
use crate::ops::OpRecord;

/// What the city server did with one pushed op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acked {
    /// Stored now or before (a retried batch): the op is sent.
    Stored,
    /// Refused for good (its code and the server's Vietnamese message): the op counts as sent
    /// so the ops behind it go on, and the refusal is kept to be shown.
    Rejected { code: String, message: String },
}

/// The sync state the counter shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    /// Ops made here and not yet acknowledged by the server.
    pub waiting: u64,
    /// When the oldest of those was made (UTC, RFC 3339).
    pub oldest_waiting_at: Option<String>,
    /// The last time the server had every op this PC had made.
    pub last_push_at: Option<String>,
    pub last_pull_at: Option<String>,
    /// Ops the server refused.
    pub rejected: u64,
}

/// One refused op, for the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub op_id: String,
    pub kind: String,
    pub code: String,
    pub message: String,
    pub at: String,
}

fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// The next ops to push: made on this PC, not yet acknowledged, in log order.
    pub fn unsent_ops(&self, limit: usize) -> Result<Vec<OpRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, device_id, hlc, user_id, kind, payload, created_at, synced_at
             FROM ops WHERE synced_at IS NULL AND device_id = ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![self.device_id, limit as i64], crate::ops::op_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records the server's answers for pushed ops, in one durable transaction. An id this
    /// store does not have is ignored (the server answers only for what was sent).
    pub fn record_acks(&mut self, acks: &[(String, Acked)]) -> Result<(), StoreError> {
        let now = now_utc();
        let tx = self.conn.transaction()?;
        let mut refused_steps = Vec::new();
        {
            let mut sent = tx.prepare_cached("UPDATE ops SET synced_at = ?2 WHERE id = ?1 AND synced_at IS NULL")?;
            let mut refused = tx.prepare_cached(
                "INSERT INTO sync_rejections (op_id, code, message, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (op_id) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at",
            )?;
            for (id, acked) in acks {
                if sent.execute(params![id, now])? == 0 {
                    continue;
                }
                if let Acked::Rejected { code, message } = acked {
                    refused.execute(params![id, code, message, now])?;
                    refused_steps.push(id);
                }
            }
        }
        // A refused dossier step: the dossier here follows the steps the server took instead.
        for id in refused_steps {
            let dossier: Option<String> = tx
                .query_row(
                    "SELECT json_extract(payload, '$.dossier_id') FROM ops WHERE id = ?1 AND kind = 'dossier.step'",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(dossier_id) = dossier {
                crate::dossier_steps::rebuild(&tx, &dossier_id)?;
            }
        }
        let left: i64 = tx.query_row(
            "SELECT count(*) FROM ops WHERE synced_at IS NULL AND device_id = ?1",
            [&self.device_id],
            |r| r.get(0),
        )?;
        if left == 0 {
            tx.execute("UPDATE sync_state SET last_push_at = ?1", [&now])?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn sync_summary(&self) -> Result<SyncSummary, StoreError> {
        let (waiting, oldest_waiting_at): (i64, Option<String>) = self.conn.query_row(
            "SELECT count(*), min(created_at) FROM ops WHERE synced_at IS NULL AND device_id = ?1",
            [&self.device_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (last_push_at, last_pull_at) = self
            .conn
            .query_row("SELECT last_push_at, last_pull_at FROM sync_state", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((None, None));
        let rejected: i64 = self.conn.query_row("SELECT count(*) FROM sync_rejections", [], |r| r.get(0))?;
        Ok(SyncSummary {
            waiting: waiting as u64,
            oldest_waiting_at,
            last_push_at,
            last_pull_at,
            rejected: rejected as u64,
        })
    }

    /// The refused ops, newest first.
    pub fn sync_rejections(&self, limit: usize) -> Result<Vec<Rejection>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.op_id, o.kind, r.code, r.message, r.at FROM sync_rejections r JOIN ops o ON o.id = r.op_id
             ORDER BY r.at DESC, o.seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(Rejection { op_id: r.get(0)?, kind: r.get(1)?, code: r.get(2)?, message: r.get(3)?, at: r.get(4)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
