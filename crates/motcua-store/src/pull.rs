//! Applying what the city server sends down: the city's catalog, holidays, form set and staff
//! accounts, and the dossiers the office's other PCs received. Each pulled op goes through the
//! same `apply` as a change made here and lands in the op log with its own id, device and
//! clock, so the log stays the whole audit trail and a page pulled twice changes nothing.
//!
//! The conflict rule (ARCHITECTURE.md, "Conflicts"): a shared record (a procedure, a staff
//! account, a year's holidays, the form set) is set whole by each op; the op with the later
//! hybrid logical clock wins (device id breaks a tie), whichever arrives last. The loser is
//! kept in the log, marked in `pulled_not_applied`. A dossier is only ever created by its
//! receiving PC; a pulled one whose code is taken here is kept the same way.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use motcua_sync_proto::{CITY_USER_PREFIX, Hlc, WireOp};

use crate::db::Store;
use crate::error::StoreError;
use crate::ops::Change;

/// What one page of a pull did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PullApplied {
    /// Applied to this PC's tables.
    pub applied: u64,
    /// This PC had them already (a page pulled again, or its own ops).
    pub already_had: u64,
    /// Kept in the log only: a newer edit of the same record was here first.
    pub superseded: u64,
    /// Kept in the log only: a kind this version does not take, a payload it cannot read, or a
    /// clash with what is here (see `pulled_not_applied`).
    pub not_applied: u64,
}

/// Records that `op_id` (by `device_id`, at `hlc`) is the version of `entity` now in the tables.
pub(crate) fn set_version(
    tx: &rusqlite::Connection,
    entity: &str,
    hlc: &str,
    device_id: &str,
    op_id: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO entity_versions (entity, hlc, device_id, op_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (entity) DO UPDATE SET hlc = excluded.hlc, device_id = excluded.device_id, op_id = excluded.op_id",
    )?
    .execute(params![entity, hlc, device_id, op_id])?;
    Ok(())
}

/// Whether the version here of `entity` is newer than (`hlc`, `device_id`).
fn newer_here(tx: &rusqlite::Connection, entity: &str, hlc: &str, device_id: &str) -> Result<bool, StoreError> {
    let here: Option<(String, String)> = tx
        .prepare_cached("SELECT hlc, device_id FROM entity_versions WHERE entity = ?1")?
        .query_row([entity], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(here.is_some_and(|(h, d)| (h.as_str(), d.as_str()) > (hlc, device_id)))
}

/// Why a pulled op is not applied.
enum Verdict {
    Apply(Box<Change>),
    Superseded,
    NotApplied(String),
}

impl Store {
    /// Where the last applied page ended (the server's opaque cursor); `None` before the first.
    pub fn pull_cursor(&self) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT pull_cursor FROM sync_state", [], |r| r.get(0)).optional()?.flatten())
    }

    /// Applies one page of pulled ops, in order, and keeps `cursor` with them: one durable
    /// transaction, so a crash leaves either the whole page and its cursor or neither.
    pub fn apply_pulled(&mut self, ops: &[WireOp], cursor: &str) -> Result<PullApplied, StoreError> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let (path, integrity) = (self.path.clone(), self.integrity());
        let tx = crate::ops::write_tx(&mut self.conn, &path, integrity)?;
        let mut report = PullApplied::default();
        let mut observed = self.last_hlc;
        // The page's dossiers go into the search tables together, at its end.
        let mut search = Vec::new();
        for op in ops {
            let known = op.device_id == self.device_id
                || tx.prepare_cached("SELECT 1 FROM ops WHERE id = ?1")?.exists([&op.id])?;
            if known {
                report.already_had += 1;
                continue;
            }
            if let Some(remote) = Hlc::parse(&op.hlc) {
                observed = observed.observe(remote);
            }
            let verdict = verdict(&tx, op)?;
            let applied = match &verdict {
                Verdict::Apply(change) => apply_alone(&tx, change, &mut search)?,
                Verdict::Superseded => Some("superseded".to_owned()),
                Verdict::NotApplied(why) => Some(why.clone()),
            };
            tx.prepare_cached(
                "INSERT INTO ops (id, device_id, hlc, user_id, kind, payload, created_at, synced_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                op.id,
                op.device_id,
                op.hlc,
                op.user_id,
                op.kind,
                op.payload.to_string(),
                op.created_at,
                now
            ])?;
            match (applied, &verdict) {
                (None, Verdict::Apply(change)) => {
                    if let Some(entity) = change.entity() {
                        set_version(&tx, &entity, &op.hlc, &op.device_id, &op.id)?;
                    }
                    report.applied += 1;
                }
                (Some(reason), _) => {
                    tracing::info!(op = %op.id, kind = %op.kind, reason = %reason, "pulled op kept, not applied");
                    tx.prepare_cached("INSERT INTO pulled_not_applied (op_id, reason, at) VALUES (?1, ?2, ?3)")?
                        .execute(params![op.id, reason, now])?;
                    if reason == "superseded" { report.superseded += 1 } else { report.not_applied += 1 }
                }
                (None, _) => unreachable!("only an Apply verdict applies"),
            }
        }
        for row in &search {
            crate::dossiers::index_for_search(&tx, row)?;
        }
        tx.execute(
            "UPDATE sync_state SET pull_cursor = ?1, last_pull_at = ?2, observed_hlc = ?3",
            params![cursor, now, observed.to_string()],
        )?;
        tx.commit().map_err(|e| StoreError::classify(e, &path))?;
        self.last_hlc = observed;
        Ok(report)
    }

    /// Pulled ops kept but not applied, with their reason (newest first), for the admin.
    pub fn pulled_not_applied(&self, limit: usize) -> Result<Vec<NotApplied>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.op_id, o.kind, p.reason, p.at FROM pulled_not_applied p JOIN ops o ON o.id = p.op_id
             ORDER BY o.seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let reason: String = r.get(2)?;
            Ok(NotApplied { op_id: r.get(0)?, kind: r.get(1)?, explanation: explain(&reason), reason, at: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A pulled op kept in the log but not applied here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotApplied {
    pub op_id: String,
    pub kind: String,
    /// The machine's reason (`superseded`, `duplicate:dossier code`, `step_refused:…`).
    pub reason: String,
    /// The same for the admin, in Vietnamese.
    pub explanation: String,
    /// When it was pulled (UTC, RFC 3339).
    pub at: String,
}

/// What a reason means, for the admin.
fn explain(reason: &str) -> String {
    let (code, detail) = reason.split_once(':').unwrap_or((reason, ""));
    match code {
        "superseded" => "Máy này đã có bản sửa mới hơn của cùng mục; bản này chỉ được giữ trong nhật ký.".into(),
        "office_not_joined_yet" => "Nhận khi máy chưa gia nhập đơn vị; thông tin đơn vị lấy từ lúc gia nhập.".into(),
        "kind_not_shared" => format!("Loại thay đổi không dùng chung giữa các máy ({detail})."),
        "unreadable" => "Phiên bản phần mềm này không đọc được nội dung; hãy cập nhật phần mềm.".into(),
        "duplicate" => format!("Trùng với dữ liệu đã có trên máy này: {} đã tồn tại.", crate::error::vi_what(detail)),
        "missing" => format!("Máy này chưa có {} mà thay đổi cần đến.", crate::error::vi_what(detail)),
        "step_refused" | "feedback_refused" => format!("Không hợp lệ với dữ liệu trên máy này: {detail}"),
        _ => "Không áp dụng được trên máy này; xem nhật ký phần mềm.".into(),
    }
}

/// Applies `change` on its own: `None` when it applied, else why not (and nothing of it is
/// left).
///
/// A change whose refusals all come before it writes (see [`refuses_before_writing`]) applies
/// as it is: a refusal leaves nothing, and any other failure fails the whole page, which the
/// next round pulls again. The others apply inside a savepoint of their own (cached
/// statements: a page applies a thousand). A received dossier's search rows are left in
/// `search`, for the page to index at its end: FTS5 writes its pending rows to disk whenever
/// another write statement or savepoint of the transaction begins, so indexing each dossier as
/// it came wrote and merged a one-row segment per dossier.
fn apply_alone(
    tx: &rusqlite::Connection,
    change: &Change,
    search: &mut Vec<crate::dossiers::SearchRow>,
) -> Result<Option<String>, StoreError> {
    if refuses_before_writing(change) {
        let applied = match change {
            Change::DossierReceived(d) => crate::dossiers::insert_received(tx, d).map(|row| search.push(row)),
            other => crate::ops::apply(tx, other),
        };
        return match applied {
            Ok(()) => Ok(None),
            Err(e) if is_refusal(&e) => Ok(Some(clash(e))),
            Err(e) => Err(e),
        };
    }
    tx.prepare_cached("SAVEPOINT pulled_op")?.execute([])?;
    match crate::ops::apply(tx, change) {
        Ok(()) => {
            tx.prepare_cached("RELEASE pulled_op")?.execute([])?;
            Ok(None)
        }
        Err(e) => {
            tx.prepare_cached("ROLLBACK TO pulled_op")?.execute([])?;
            tx.prepare_cached("RELEASE pulled_op")?.execute([])?;
            Ok(Some(clash(e)))
        }
    }
}

/// Whether every refusal of `change`'s apply comes from a read or from its first statement,
/// before anything is written: a code or number taken, a dossier or procedure missing, a step
/// or an action that does not follow. (The write path's own functions, checked one by one:
/// `dossiers::apply_received`, `dossier_steps::apply_step`, `feedback::apply_received` and
/// `apply_action`, `ratings::apply_recorded`.)
fn refuses_before_writing(change: &Change) -> bool {
    matches!(
        change,
        Change::DossierReceived(_)
            | Change::DossierStepped(_)
            | Change::FeedbackReceived(_)
            | Change::FeedbackActed(_)
            | Change::RatingRecorded(_)
    )
}

/// A refusal of the data (kept as the op's reason), not a failure of the database.
fn is_refusal(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Duplicate { .. }
            | StoreError::NotFound { .. }
            | StoreError::StepRefused(_)
            | StoreError::FeedbackRefused(_)
    )
}

/// Whether a pulled op (not seen before) applies here.
fn verdict(tx: &rusqlite::Connection, op: &WireOp) -> Result<Verdict, StoreError> {
    if !Change::SHARED_KINDS.contains(&op.kind.as_str()) {
        return Ok(Verdict::NotApplied(format!("kind_not_shared:{}", op.kind)));
    }
    let mut change = match Change::from_op(&op.kind, &op.payload) {
        Ok(c) => c,
        // serde's text can quote the payload (personal data): only its category.
        Err(e) => return Ok(Verdict::NotApplied(format!("unreadable:{:?}", e.classify()))),
    };
    if let Some(entity) = change.entity()
        && newer_here(tx, &entity, &op.hlc, &op.device_id)?
    {
        return Ok(Verdict::Superseded);
    }
    // The office's name, address, hotlines and hours are the office's; the counter number is
    // this PC's own. A PC that has no office yet takes it when it joins (`office_of_other_pcs`),
    // with the counter number chosen there.
    if let Change::OfficeConfigured(profile) = &mut change {
        match crate::office::office_here(tx)? {
            Some(here) => profile.counter_number = here.counter_number,
            None => return Ok(Verdict::NotApplied("office_not_joined_yet".into())),
        }
    }
    // The city owns the catalog; the office decides which procedures it hides.
    if let Change::ProcedureUpserted(p) = &mut change
        && op.user_id.starts_with(CITY_USER_PREFIX)
        && let Some(hidden) = tx
            .query_row("SELECT hidden FROM procedures WHERE code = ?1", [&p.code], |r| r.get::<_, bool>(0))
            .optional()?
    {
        p.hidden = hidden;
    }
    Ok(Verdict::Apply(Box::new(change)))
}

/// The reason kept for a change that could not apply here (a dossier code taken, a username
/// taken by another account, a dossier of a procedure this PC does not have).
fn clash(e: StoreError) -> String {
    match e {
        StoreError::Duplicate { what } => format!("duplicate:{what}"),
        StoreError::NotFound { what } => format!("missing:{what}"),
        StoreError::StepRefused(refusal) => format!("step_refused:{refusal}"),
        StoreError::FeedbackRefused(refusal) => format!("feedback_refused:{refusal}"),
        other => format!("error:{other}"),
    }
}
