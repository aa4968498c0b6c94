//! The op log and the one write path.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use chrono::NaiveDateTime;
use motcua_domain::calendar::CalendarExceptions;
use motcua_domain::catalog::Procedure;
use motcua_domain::office::{CityLink, OfficeProfile};
use motcua_domain::papers::{CounterPrinters, PaperSettings};
use motcua_domain::queue::{CounterSetup, Enrolment, QueueHosting, QueueLink, QueueService, Ticket};

use crate::backup::BackupSettings;
use crate::db::Store;
use crate::dossier_steps::DossierStep;
use crate::dossiers::DossierRecord;
use crate::error::StoreError;
use crate::feedback::{FeedbackActed, FeedbackRecord};
use crate::ratings::RatingRecord;
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
        let user_id = format!("cli:{os_user}");
        let display_name = Actor::name_without_account(&user_id).unwrap_or_default();
        Actor { user_id, display_name }
    }

    /// The app itself, for what it does on a timer (the daily backup).
    pub fn system() -> Actor {
        let user_id = "system:app".to_owned();
        let display_name = Actor::name_without_account(&user_id).unwrap_or_default();
        Actor { user_id, display_name }
    }

    /// Whoever joins a new PC to an office from the first-run screen: nobody can log in on
    /// the PC before the office's accounts have come down.
    pub fn first_run() -> Actor {
        let user_id = "setup:first-run".to_owned();
        let display_name = Actor::name_without_account(&user_id).unwrap_or_default();
        Actor { user_id, display_name }
    }

    /// The name of an actor that is not an account of the office (the CLI's, the app's own),
    /// from its id.
    pub fn name_without_account(user_id: &str) -> Option<String> {
        if user_id == "system:app" {
            return Some("Phần mềm (tự động)".to_owned());
        }
        if user_id == "setup:first-run" {
            return Some("Thiết lập lần đầu (chưa đăng nhập)".to_owned());
        }
        user_id.strip_prefix("cli:").map(|os_user| format!("Dòng lệnh ({os_user})"))
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
    /// A step of a dossier's life after reception (hand-off, supplement, result, return …).
    #[serde(rename = "dossier.step")]
    DossierStepped(Box<DossierStep>),
    /// A feedback item (phản ánh, kiến nghị) received from any channel.
    #[serde(rename = "feedback.received")]
    FeedbackReceived(Box<FeedbackRecord>),
    /// An action on a feedback item: assigned, answered, published.
    #[serde(rename = "feedback.action")]
    FeedbackActed(Box<FeedbackActed>),
    /// A citizen's satisfaction rating of one service.
    #[serde(rename = "rating.recorded")]
    RatingRecorded(Box<RatingRecord>),
    #[serde(rename = "settings.papers_set")]
    PaperSettingsSet(PaperSettings),
    /// The office's feedback types and their answer deadlines (replacing the defaults).
    #[serde(rename = "settings.feedback_types_set")]
    FeedbackTypesSet(Vec<motcua_domain::feedback::FeedbackType>),
    #[serde(rename = "settings.printers_set")]
    PrintersSet { device_id: String, printers: CounterPrinters },
    /// Audit only: a paper went to a printer (a reprint is worth knowing about). `subject` is
    /// the dossier's code, or the period of a log book ("2026-11-01..2026-11-30").
    #[serde(rename = "paper.printed")]
    PaperPrinted { paper: String, subject: String, reprint: bool, printer: String },
    /// Audit only: a backup of the database was written (`file` is its name, not its folder;
    /// `automatic`: the daily backup, not an admin's).
    #[serde(rename = "db.backed_up")]
    BackupWritten { file: String, ops: i64, automatic: bool },
    /// Audit only, recorded in the restored database: it was replaced by the backup `file`
    /// (which held `ops` changes); the replaced file was kept as `set_aside`.
    #[serde(rename = "db.restored")]
    DatabaseRestored { file: String, ops: i64, set_aside: Option<String> },
    /// Where this counter PC writes its daily backup and how many it keeps (`None`: none).
    #[serde(rename = "settings.backup_set")]
    BackupSettingsSet { device_id: String, settings: Option<BackupSettings> },
    /// Where this counter PC looks for updates of the app (`None`: it does not).
    #[serde(rename = "settings.update_source_set")]
    UpdateSourceSet { device_id: String, url: Option<String> },
    /// The SMTP server this counter PC sends letters through (`None`: it sends none).
    #[serde(rename = "settings.mail_set")]
    MailSettingsSet { device_id: String, settings: Option<motcua_domain::mail::MailSettings> },
    /// A letter to send by email (the apology of a late dossier), queued with its step.
    #[serde(rename = "mail.queued")]
    MailQueued(motcua_domain::mail::MailItem),
    /// The mail server took the letter.
    #[serde(rename = "mail.sent")]
    MailSent { id: String, at: NaiveDateTime },
    #[serde(rename = "queue.services_set")]
    QueueServicesSet(Vec<QueueService>),
    #[serde(rename = "queue.counter_set")]
    QueueCounterSet(CounterSetup),
    /// Which queue hub this counter PC uses and as which counter (its key is a device
    /// secret, outside the op log).
    #[serde(rename = "settings.queue_link_set")]
    QueueLinkSet { device_id: String, link: QueueLink },
    /// The city server this counter PC syncs with (`None`: it no longer does).
    #[serde(rename = "settings.city_link_set")]
    CityLinkSet { device_id: String, link: Option<CityLink> },
    /// Whether this counter PC hosts the office's queue, and on which port.
    #[serde(rename = "settings.queue_hosting_set")]
    QueueHostingSet { device_id: String, hosting: Option<QueueHosting> },
    /// A counter PC enrolled with the hub: the SHA-256 of its new key (the key itself is
    /// never stored). Replaces the counter's previous key, which stops working.
    #[serde(rename = "queue.counter_enrolled")]
    QueueCounterEnrolled {
        #[serde(flatten)]
        enrolment: Enrolment,
        key_sha256: String,
    },
    /// Each step of a ticket's life, with the whole ticket after it.
    #[serde(rename = "queue.ticket_issued")]
    TicketIssued(Box<Ticket>),
    #[serde(rename = "queue.ticket_called")]
    TicketCalled(Box<Ticket>),
    #[serde(rename = "queue.ticket_recalled")]
    TicketRecalled(Box<Ticket>),
    #[serde(rename = "queue.ticket_serving")]
    TicketServing(Box<Ticket>),
    #[serde(rename = "queue.ticket_finished")]
    TicketFinished(Box<Ticket>),
    #[serde(rename = "queue.ticket_no_show")]
    TicketNoShow(Box<Ticket>),
    #[serde(rename = "queue.ticket_transferred")]
    TicketTransferred(Box<Ticket>),
    #[serde(rename = "queue.ticket_dossier_linked")]
    TicketDossierLinked(Box<Ticket>),
}

impl Change {
    /// Every kind [`Change::kind`] gives, for receivers that check ops made elsewhere (the city
    /// server refuses a kind outside this list: a newer client's).
    pub const KINDS: &'static [&'static str] = &[
        "office.configured",
        "user.created",
        "user.logged_in",
        "user.logged_out",
        "procedure.upserted",
        "settings.papers_set",
        "settings.feedback_types_set",
        "settings.printers_set",
        "paper.printed",
        "db.backed_up",
        "db.restored",
        "settings.backup_set",
        "settings.update_source_set",
        "settings.mail_set",
        "mail.queued",
        "mail.sent",
        "calendar.exceptions_set",
        "dossier.received",
        "dossier.step",
        "feedback.received",
        "feedback.action",
        "rating.recorded",
        "queue.services_set",
        "queue.counter_set",
        "queue.counter_enrolled",
        "settings.queue_link_set",
        "settings.queue_hosting_set",
        "settings.city_link_set",
        "queue.ticket_issued",
        "queue.ticket_called",
        "queue.ticket_recalled",
        "queue.ticket_serving",
        "queue.ticket_finished",
        "queue.ticket_no_show",
        "queue.ticket_transferred",
        "queue.ticket_dossier_linked",
    ];

    /// The kinds the office's PCs share through the city server: each PC pulls these from the
    /// others (and from the city). The rest stays on the PC that made it: its printers and
    /// links, logins, the queue (which the office hub shares on the LAN). The office's profile
    /// is shared but for its counter number, which each PC keeps (see `pull.rs`).
    pub const SHARED_KINDS: &'static [&'static str] = &[
        "office.configured",
        "procedure.upserted",
        "calendar.exceptions_set",
        "user.created",
        "settings.papers_set",
        "settings.feedback_types_set",
        "dossier.received",
        "dossier.step",
    ];

    /// The record a shared change sets as a whole, for the last-writer-wins rule (see
    /// ARCHITECTURE.md, "Conflicts"); `None` for changes that only create (a dossier) or that
    /// stay on their PC.
    pub(crate) fn entity(&self) -> Option<String> {
        match self {
            Change::OfficeConfigured(_) => Some("office".into()),
            Change::ProcedureUpserted(p) => Some(format!("procedure:{}", p.code)),
            Change::UserCreated(u) => Some(format!("user:{}", u.id)),
            Change::CalendarExceptionsSet(e) => Some(format!("calendar:{}", e.year)),
            Change::PaperSettingsSet(_) => Some("papers".into()),
            Change::FeedbackTypesSet(_) => Some("feedback_types".into()),
            _ => None,
        }
    }

    /// The change an op records, from its `kind` and `payload` as the op log stores them: the
    /// schema check for an op made on another machine. The error's text may quote the payload
    /// (personal data): log its [`serde_json::Error::classify`] and position, not its text.
    pub fn from_op(kind: &str, payload: &serde_json::Value) -> Result<Change, serde_json::Error> {
        // Read as the tagged pair `{kind, data}` straight from the borrowed payload: the server
        // checks every pushed op this way, and copying each payload first cost a deep clone.
        let kind = serde_json::Value::String(kind.to_owned());
        let tagged = [("kind", &kind), ("data", payload)];
        Change::deserialize(serde::de::value::MapDeserializer::<_, serde_json::Error>::new(tagged.into_iter()))
    }

    /// The op's payload: the change's data without its kind (which has a column of its own).
    pub fn payload(&self) -> Result<serde_json::Value, serde_json::Error> {
        // Taken out of the tagged value, not cloned from it: every write runs this once per op.
        Ok(match serde_json::to_value(self)? {
            serde_json::Value::Object(mut tagged) => tagged.remove("data").unwrap_or(serde_json::Value::Null),
            _ => serde_json::Value::Null,
        })
    }

    /// [`Change::payload`] as the op log stores it. A ticket's is serialized straight to text
    /// (the hub writes two per call); the others go through the tagged value.
    pub fn payload_text(&self) -> Result<String, serde_json::Error> {
        match self.ticket() {
            Some(t) => serde_json::to_string(t),
            None => Ok(self.payload()?.to_string()),
        }
    }

    /// The ticket a queue change writes (each carries the whole ticket as it is after it).
    pub fn ticket(&self) -> Option<&Ticket> {
        match self {
            Change::TicketIssued(t)
            | Change::TicketCalled(t)
            | Change::TicketRecalled(t)
            | Change::TicketServing(t)
            | Change::TicketFinished(t)
            | Change::TicketNoShow(t)
            | Change::TicketTransferred(t)
            | Change::TicketDossierLinked(t) => Some(t),
            _ => None,
        }
    }

    /// The op kind as stored in `ops.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::OfficeConfigured(_) => "office.configured",
            Change::UserCreated(_) => "user.created",
            Change::UserLoggedIn { .. } => "user.logged_in",
            Change::UserLoggedOut { .. } => "user.logged_out",
            Change::ProcedureUpserted(_) => "procedure.upserted",
            Change::PaperSettingsSet(_) => "settings.papers_set",
            Change::FeedbackTypesSet(_) => "settings.feedback_types_set",
            Change::PrintersSet { .. } => "settings.printers_set",
            Change::PaperPrinted { .. } => "paper.printed",
            Change::BackupWritten { .. } => "db.backed_up",
            Change::DatabaseRestored { .. } => "db.restored",
            Change::BackupSettingsSet { .. } => "settings.backup_set",
            Change::UpdateSourceSet { .. } => "settings.update_source_set",
            Change::MailSettingsSet { .. } => "settings.mail_set",
            Change::MailQueued(_) => "mail.queued",
            Change::MailSent { .. } => "mail.sent",
            Change::CalendarExceptionsSet(_) => "calendar.exceptions_set",
            Change::DossierReceived(_) => "dossier.received",
            Change::DossierStepped(_) => "dossier.step",
            Change::FeedbackReceived(_) => "feedback.received",
            Change::FeedbackActed(_) => "feedback.action",
            Change::RatingRecorded(_) => "rating.recorded",
            Change::QueueServicesSet(_) => "queue.services_set",
            Change::QueueCounterSet(_) => "queue.counter_set",
            Change::QueueCounterEnrolled { .. } => "queue.counter_enrolled",
            Change::QueueLinkSet { .. } => "settings.queue_link_set",
            Change::QueueHostingSet { .. } => "settings.queue_hosting_set",
            Change::CityLinkSet { .. } => "settings.city_link_set",
            Change::TicketIssued(_) => "queue.ticket_issued",
            Change::TicketCalled(_) => "queue.ticket_called",
            Change::TicketRecalled(_) => "queue.ticket_recalled",
            Change::TicketServing(_) => "queue.ticket_serving",
            Change::TicketFinished(_) => "queue.ticket_finished",
            Change::TicketNoShow(_) => "queue.ticket_no_show",
            Change::TicketTransferred(_) => "queue.ticket_transferred",
            Change::TicketDossierLinked(_) => "queue.ticket_dossier_linked",
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

impl OpRecord {
    /// The op as it travels to the city server: the same row without what stays on this PC
    /// (its log position becomes `device_seq`; `synced_at` stays home).
    pub fn into_wire(self) -> motcua_sync_proto::WireOp {
        motcua_sync_proto::WireOp {
            id: self.id,
            device_id: self.device_id,
            device_seq: self.seq,
            hlc: self.hlc,
            user_id: self.user_id,
            kind: self.kind,
            payload: self.payload,
            created_at: self.created_at,
        }
    }
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
        let (path, integrity) = (self.path.clone(), self.integrity());
        let tx = write_tx(&mut self.conn, &path, integrity)?;
        let changes = prepare(&tx)?;
        let mut hlc = self.last_hlc;
        let records = record_ops(&tx, &self.device_id, &mut hlc, actor, &changes)?;
        tx.commit().map_err(|e| StoreError::classify(e, &path))?;
        self.last_hlc = hlc;
        for r in &records {
            tracing::info!(op = %r.id, kind = %r.kind, seq = r.seq, "op committed");
        }
        Ok((records, changes))
    }

    /// Group commit: runs `steps` in one immediate transaction, so one fsync covers them all
    /// (the queue host's way to take hundreds of tickets a second on a slow disk). Each step
    /// reads the state the steps before it left and returns its change; a step that refuses
    /// (returns `Err`) or whose change does not apply writes nothing, and the others still
    /// commit. The outer `Err` is the transaction itself failing: then nothing was written.
    pub fn commit_steps<T, E: From<StoreError>>(
        &mut self,
        steps: Vec<Step<'_, T, E>>,
    ) -> Result<Vec<Result<T, E>>, StoreError> {
        let (path, integrity) = (self.path.clone(), self.integrity());
        let mut tx = write_tx(&mut self.conn, &path, integrity.clone())?;
        let mut hlc = self.last_hlc;
        let mut results = Vec::with_capacity(steps.len());
        // What the accepted steps wrote, to write again if a later step's write fails.
        let mut accepted: Vec<(Actor, Vec<Change>)> = Vec::with_capacity(steps.len());
        for step in steps {
            // A step only reads (`ReadTx`), so one that refuses has written nothing.
            let (actor, changes, value) = match step(&ReadTx(&tx)) {
                Ok(decided) => decided,
                Err(e) => {
                    results.push(Err(e));
                    continue;
                }
            };
            let mut next = hlc;
            match append_ops(&tx, &self.device_id, &mut next, &actor, &changes) {
                Ok(()) => {
                    hlc = next;
                    accepted.push((actor, changes));
                    results.push(Ok(value));
                }
                // Its first rows may be written. Rare (a constraint a bug broke, a full disk),
                // so instead of a savepoint around every step (a fifth of the hub writer's
                // instructions per call, callgrind) the transaction starts over with what the
                // steps before wrote: the same changes on the same state.
                Err(e) => {
                    tracing::error!(error = %e, "a step of a group commit not written; the steps before it are written again");
                    tx.rollback().map_err(|e| StoreError::classify(e, &path))?;
                    tx = write_tx(&mut self.conn, &path, integrity.clone())?;
                    hlc = self.last_hlc;
                    for (actor, changes) in &accepted {
                        append_ops(&tx, &self.device_id, &mut hlc, actor, changes)?;
                    }
                    results.push(Err(e.into()));
                }
            }
        }
        tx.commit().map_err(|e| StoreError::classify(e, &path))?;
        self.last_hlc = hlc;
        Ok(results)
    }

    /// Ops in log order after `after_seq` (the sync outbox and the audit view).
    pub fn ops_after(&self, after_seq: i64, limit: usize) -> Result<Vec<OpRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, device_id, hlc, user_id, kind, payload, created_at, synced_at
             FROM ops WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after_seq, limit as i64], op_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn op_exists(&self, op_id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row("SELECT 1 FROM ops WHERE id = ?1", [op_id], |_| Ok(())).optional()?.is_some())
    }
}

/// An op-log row selected as `seq, id, device_id, hlc, user_id, kind, payload, created_at,
/// synced_at`.
pub(crate) fn op_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OpRecord> {
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
}

/// A step of [`Store::commit_steps`]: reads through the transaction, returns who makes which
/// changes (applied in order, each its own op) and a value for its caller, or refuses.
pub type Step<'a, T, E> = Box<dyn FnOnce(&ReadTx<'_>) -> Result<(Actor, Vec<Change>, T), E> + Send + 'a>;

/// Reads inside a write transaction: what a step decides from (see `queue` for its reads).
pub struct ReadTx<'a>(pub(crate) &'a rusqlite::Connection);

/// An immediate write transaction, refused on a file that failed its integrity check (both
/// write paths start here).
pub(crate) fn write_tx<'c>(
    conn: &'c mut rusqlite::Connection,
    path: &std::path::Path,
    integrity: crate::maintenance::Integrity,
) -> Result<Transaction<'c>, StoreError> {
    if let crate::maintenance::Integrity::Failed(detail) = integrity {
        return Err(StoreError::Corrupt { path: path.to_owned(), detail });
    }
    conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| StoreError::classify(e, path))
}

/// Applies `changes` in order, each its own op, moving the clock `hlc` on for each.
fn record_ops(
    tx: &rusqlite::Connection,
    device_id: &str,
    hlc: &mut crate::Hlc,
    actor: &Actor,
    changes: &[Change],
) -> Result<Vec<OpRecord>, StoreError> {
    let mut ops = Vec::with_capacity(changes.len());
    for change in changes {
        *hlc = hlc.tick(chrono::Utc::now().timestamp_millis());
        ops.push(record_op(tx, device_id, *hlc, actor, change)?);
    }
    Ok(ops)
}

/// Applies `change` and appends its op record.
fn record_op(
    tx: &rusqlite::Connection,
    device_id: &str,
    hlc: crate::Hlc,
    actor: &Actor,
    change: &Change,
) -> Result<OpRecord, StoreError> {
    let payload = change.payload()?;
    let appended = append_op(tx, device_id, hlc, actor, change, &payload.to_string())?;
    Ok(OpRecord {
        seq: appended.seq,
        id: appended.id,
        device_id: device_id.to_owned(),
        hlc: appended.hlc,
        user_id: actor.user_id.clone(),
        kind: change.kind().to_owned(),
        payload,
        created_at: appended.created_at,
        synced_at: None,
    })
}

/// What [`append_op`] gave the op it appended.
struct Appended {
    seq: i64,
    id: String,
    hlc: String,
    created_at: String,
}

/// Applies `change`, whose op payload is `payload`, and appends its op: the group commit's
/// path, which builds no [`OpRecord`] (its payload as a JSON tree cost the hub writer a
/// seventh of its instructions per call).
fn append_op(
    tx: &rusqlite::Connection,
    device_id: &str,
    hlc: crate::Hlc,
    actor: &Actor,
    change: &Change,
    payload: &str,
) -> Result<Appended, StoreError> {
    apply_with_payload(tx, change, Some(payload))?;
    let id = uuid::Uuid::now_v7().to_string();
    let hlc = hlc.to_string();
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    tx.prepare_cached(
        "INSERT INTO ops (id, device_id, hlc, user_id, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![id, device_id, hlc, actor.user_id, change.kind(), payload, created_at])?;
    let seq = tx.last_insert_rowid();
    if let Some(entity) = change.entity() {
        crate::pull::set_version(tx, &entity, &hlc, device_id, &id)?;
    }
    Ok(Appended { seq, id, hlc, created_at })
}

/// Applies `changes` in order, each its own op, as [`Store::commit_steps`] appends them.
fn append_ops(
    tx: &rusqlite::Connection,
    device_id: &str,
    hlc: &mut crate::Hlc,
    actor: &Actor,
    changes: &[Change],
) -> Result<(), StoreError> {
    for change in changes {
        *hlc = hlc.tick(chrono::Utc::now().timestamp_millis());
        append_op(tx, device_id, *hlc, actor, change, &change.payload_text()?)?;
    }
    Ok(())
}

/// Writes the rows of one change. The only code that writes domain tables.
pub(crate) fn apply(tx: &rusqlite::Connection, change: &Change) -> Result<(), StoreError> {
    apply_with_payload(tx, change, None)
}

/// [`apply`], given the change's op payload as the log stores it when the caller has it: a
/// ticket's payload is the ticket, the same JSON as its row's record, so it is written once.
fn apply_with_payload(tx: &rusqlite::Connection, change: &Change, payload: Option<&str>) -> Result<(), StoreError> {
    match change {
        Change::OfficeConfigured(profile) => crate::office::apply_configured(tx, profile),
        Change::UserCreated(user) => crate::users::apply_created(tx, user),
        Change::UserLoggedIn { .. } | Change::UserLoggedOut { .. } => Ok(()),
        Change::ProcedureUpserted(procedure) => crate::catalog::apply_upserted(tx, procedure),
        Change::CalendarExceptionsSet(exceptions) => crate::catalog::apply_calendar_exceptions(tx, exceptions),
        Change::DossierReceived(record) => crate::dossiers::apply_received(tx, record),
        Change::DossierStepped(step) => crate::dossier_steps::apply_step(tx, step),
        Change::FeedbackReceived(item) => crate::feedback::apply_received(tx, item),
        Change::FeedbackActed(action) => crate::feedback::apply_action(tx, action),
        Change::RatingRecorded(rating) => crate::ratings::apply_recorded(tx, rating),
        Change::PaperSettingsSet(settings) => crate::settings::apply_paper_settings(tx, settings),
        Change::FeedbackTypesSet(types) => crate::settings::apply_feedback_types(tx, types),
        Change::PrintersSet { device_id, printers } => crate::settings::apply_printers(tx, device_id, printers),
        Change::PaperPrinted { .. } | Change::BackupWritten { .. } | Change::DatabaseRestored { .. } => Ok(()),
        Change::BackupSettingsSet { device_id, settings } => {
            crate::settings::apply_backup_settings(tx, device_id, settings.as_ref())
        }
        Change::UpdateSourceSet { device_id, url } => crate::settings::apply_update_source(tx, device_id, url.as_ref()),
        Change::MailSettingsSet { device_id, settings } => {
            crate::settings::apply_mail_settings(tx, device_id, settings.as_ref())
        }
        Change::MailQueued(item) => crate::mail::apply_queued(tx, item),
        Change::MailSent { id, at } => crate::mail::apply_sent(tx, id, *at),
        Change::QueueServicesSet(services) => crate::queue::apply_services(tx, services),
        Change::QueueCounterSet(counter) => crate::queue::apply_counter(tx, counter),
        Change::QueueLinkSet { device_id, link } => crate::settings::apply_queue_link(tx, device_id, link),
        Change::QueueHostingSet { device_id, hosting } => {
            crate::settings::apply_queue_hosting(tx, device_id, hosting.as_ref())
        }
        Change::CityLinkSet { device_id, link } => crate::settings::apply_city_link(tx, device_id, link.as_ref()),
        Change::QueueCounterEnrolled { enrolment, key_sha256 } => {
            crate::queue::apply_enrolled(tx, enrolment, key_sha256)
        }
        Change::TicketIssued(t)
        | Change::TicketCalled(t)
        | Change::TicketRecalled(t)
        | Change::TicketServing(t)
        | Change::TicketFinished(t)
        | Change::TicketNoShow(t)
        | Change::TicketTransferred(t)
        | Change::TicketDossierLinked(t) => match payload {
            Some(record) => crate::queue::apply_ticket(tx, t, record),
            None => crate::queue::apply_ticket(tx, t, &serde_json::to_string(t)?),
        },
    }
}
