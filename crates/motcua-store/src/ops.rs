//! The op log and the one write path.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use motcua_domain::calendar::CalendarExceptions;
use motcua_domain::catalog::Procedure;
use motcua_domain::office::OfficeProfile;
use motcua_domain::papers::{CounterPrinters, PaperSettings};

use crate::db::Store;
use crate::dossiers::DossierRecord;
use crate::error::StoreError;
use crate::users::UserRecord;

/// Who makes a change: a logged-in user, or the CLI run by an IT officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: String,
    pub display_name: String,
}

impl Actor {
    /// The command-line tool, named after the operating-system account that ran it.
    pub fn cli() -> Actor {
        let os_user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
        Actor { user_id: format!("cli:{os_user}"), display_name: format!("Dòng lệnh ({os_user})") }
    }
}

/// Every way domain data changes. The payload of an op is this value, so an op replays to
/// exactly the rows it wrote (also on another machine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data")]
pub enum Change {
    #[serde(rename = "office.configured")]
    OfficeConfigured(OfficeProfile),
    #[serde(rename = "user.created")]
    UserCreated(UserRecord),
    /// Audit only: no table changes.
    #[serde(rename = "user.logged_in")]
    UserLoggedIn { user_id: String },
    #[serde(rename = "user.logged_out")]
    UserLoggedOut { user_id: String },
    #[serde(rename = "procedure.upserted")]
    ProcedureUpserted(Procedure),
    #[serde(rename = "calendar.exceptions_set")]
    CalendarExceptionsSet(CalendarExceptions),
    #[serde(rename = "dossier.received")]
    DossierReceived(Box<DossierRecord>),
    #[serde(rename = "settings.papers_set")]
    PaperSettingsSet(PaperSettings),
    #[serde(rename = "settings.printers_set")]
    PrintersSet { device_id: String, printers: CounterPrinters },
    /// Audit only: a paper went to a printer (a reprint is worth knowing about). `subject` is
    /// the dossier's code, or the period of a log book ("2026-11-01..2026-11-30").
    #[serde(rename = "paper.printed")]
    PaperPrinted { paper: String, subject: String, reprint: bool, printer: String },
}

impl Change {
    /// The op kind as stored in `ops.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::OfficeConfigured(_) => "office.configured",
            Change::UserCreated(_) => "user.created",
            Change::UserLoggedIn { .. } => "user.logged_in",
            Change::UserLoggedOut { .. } => "user.logged_out",
            Change::ProcedureUpserted(_) => "procedure.upserted",
            Change::PaperSettingsSet(_) => "settings.papers_set",
            Change::PrintersSet { .. } => "settings.printers_set",
            Change::PaperPrinted { .. } => "paper.printed",
            Change::CalendarExceptionsSet(_) => "calendar.exceptions_set",
            Change::DossierReceived(_) => "dossier.received",
        }
    }
}

/// One row of the op log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpRecord {
    pub seq: i64,
    pub id: String,
    pub device_id: String,
    pub hlc: String,
    pub user_id: String,
    pub kind: String,
    pub payload: serde_json::Value,
    pub created_at: String,
    pub synced_at: Option<String>,
}

impl Store {
    /// Applies one change and records its op, atomically and durably.
    pub fn commit(&mut self, actor: &Actor, change: Change) -> Result<OpRecord, StoreError> {
        self.commit_batch(actor, vec![change]).map(|mut ops| ops.remove(0))
    }

    /// Applies several changes in one transaction (e.g. a catalog import): all or nothing.
    pub fn commit_batch(&mut self, actor: &Actor, changes: Vec<Change>) -> Result<Vec<OpRecord>, StoreError> {
        self.commit_with(actor, |_| Ok(changes)).map(|(ops, _)| ops)
    }

    /// The write path itself. `prepare` runs inside the transaction, so it can read state the
    /// change depends on (the next dossier sequence) without a race with another writer.
    pub(crate) fn commit_with(
        &mut self,
        actor: &Actor,
        prepare: impl FnOnce(&Transaction) -> Result<Vec<Change>, StoreError>,
    ) -> Result<(Vec<OpRecord>, Vec<Change>), StoreError> {
        let path = self.path.clone();
        if let crate::maintenance::Integrity::Failed(detail) = self.integrity() {
            return Err(StoreError::Corrupt { path, detail });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::classify(e, &path))?;
        let changes = prepare(&tx)?;
        let mut records = Vec::with_capacity(changes.len());
        let mut hlc = self.last_hlc;
        for change in &changes {
            apply(&tx, change)?;
            hlc = hlc.tick(chrono::Utc::now().timestamp_millis());
            let payload = serde_json::to_value(change)?;
            let payload = payload.get("data").cloned().unwrap_or(serde_json::Value::Null);
            let id = uuid::Uuid::now_v7().to_string();
            let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            tx.execute(
                "INSERT INTO ops (id, device_id, hlc, user_id, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, self.device_id, hlc.to_string(), actor.user_id, change.kind(), payload.to_string(), created_at],
            )?;
            records.push(OpRecord {
                seq: tx.last_insert_rowid(),
                id,
                device_id: self.device_id.clone(),
                hlc: hlc.to_string(),
                user_id: actor.user_id.clone(),
                kind: change.kind().to_owned(),
                payload,
                created_at,
                synced_at: None,
            });
        }
        tx.commit().map_err(|e| StoreError::classify(e, &path))?;
        self.last_hlc = hlc;
        for r in &records {
            tracing::info!(op = %r.id, kind = %r.kind, seq = r.seq, "op committed");
        }
        Ok((records, changes))
    }

    /// Ops in log order after `after_seq` (the sync outbox and the audit view).
    pub fn ops_after(&self, after_seq: i64, limit: usize) -> Result<Vec<OpRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, device_id, hlc, user_id, kind, payload, created_at, synced_at
             FROM ops WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after_seq, limit as i64], |r| {
            Ok(OpRecord {
                seq: r.get(0)?,
                id: r.get(1)?,
                device_id: r.get(2)?,
                hlc: r.get(3)?,
                user_id: r.get(4)?,
                kind: r.get(5)?,
                payload: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or(serde_json::Value::Null),
                created_at: r.get(7)?,
                synced_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn op_exists(&self, op_id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row("SELECT 1 FROM ops WHERE id = ?1", [op_id], |_| Ok(())).optional()?.is_some())
    }
}

/// Writes the rows of one change. The only code that writes domain tables.
fn apply(tx: &Transaction, change: &Change) -> Result<(), StoreError> {
    match change {
        Change::OfficeConfigured(profile) => crate::office::apply_configured(tx, profile),
        Change::UserCreated(user) => crate::users::apply_created(tx, user),
        Change::UserLoggedIn { .. } | Change::UserLoggedOut { .. } => Ok(()),
        Change::ProcedureUpserted(procedure) => crate::catalog::apply_upserted(tx, procedure),
        Change::CalendarExceptionsSet(exceptions) => crate::catalog::apply_calendar_exceptions(tx, exceptions),
        Change::DossierReceived(record) => crate::dossiers::apply_received(tx, record),
        Change::PaperSettingsSet(settings) => crate::settings::apply_paper_settings(tx, settings),
        Change::PrintersSet { device_id, printers } => crate::settings::apply_printers(tx, device_id, printers),
        Change::PaperPrinted { .. } => Ok(()),
    }
}
