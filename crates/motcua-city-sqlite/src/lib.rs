//! [`CityDb`] on embedded SQLite: the city server's default, one machine, no set-up.
//!
//! One connection behind a mutex, used from tokio's blocking pool: SQLite writes one
//! transaction at a time anyway, and a whole push is one transaction (one fsync per batch).

mod console;
mod dashboard;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use motcua_city_db::dashboard::Tally;
use motcua_city_db::dossiers::{self, Incoming};
use motcua_city_db::{
    Acks, CityDb, DbError, Device, Office, Publication, PullCursor, Pulled, Redeemed, Redemption, next_city_hlc,
};
use motcua_sync_proto::{AckOutcome, ServerOp, WireOp};

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_city.sql"),
    include_str!("../migrations/0002_enrolment.sql"),
    include_str!("../migrations/0003_publications.sql"),
    include_str!("../migrations/0004_console.sql"),
    include_str!("../migrations/0005_dossier_states.sql"),
    include_str!("../migrations/0006_city_dashboard.sql"),
];

#[derive(Clone)]
pub struct SqliteCityDb {
    conn: Arc<Mutex<Connection>>,
}

pub(crate) fn other(e: impl std::fmt::Display) -> DbError {
    DbError::Other(e.to_string())
}

impl SqliteCityDb {
    /// Opens (or creates) the server's database at `path`, migrated to this build's schema.
    pub fn open(path: &Path) -> Result<SqliteCityDb, DbError> {
        let mut conn = Connection::open(path).map_err(|e| DbError::Unavailable(e.to_string()))?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(other)?;
        let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(other)?;
        let tx = conn.transaction().map_err(other)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(sql).map_err(other)?;
            tx.pragma_update(None, "user_version", i + 1).map_err(other)?;
        }
        tx.execute(
            "INSERT INTO city_publisher (id, device_id, last_hlc) VALUES (1, ?1, '') ON CONFLICT DO NOTHING",
            [uuid::Uuid::now_v7().to_string()],
        )
        .map_err(other)?;
        tx.commit().map_err(other)?;
        Ok(SqliteCityDb { conn: Arc::new(Mutex::new(conn)) })
    }

    pub(crate) async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic in another request cannot leave a transaction open (rusqlite rolls back
            // on drop), so a poisoned lock is still a usable connection.
            let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(other)?
    }
}

impl CityDb for SqliteCityDb {
    async fn create_office(&self, unit_code: &str, name: &str) -> Result<i64, DbError> {
        let (unit_code, name) = (unit_code.to_owned(), name.to_owned());
        self.with(move |c| {
            c.execute("INSERT INTO offices (unit_code, name) VALUES (?1, ?2)", [&unit_code, &name]).map_err(other)?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn add_device(&self, office_id: i64, device_id: &str, name: &str, token_sha256: &str) -> Result<(), DbError> {
        let (device_id, name, token) = (device_id.to_owned(), name.to_owned(), token_sha256.to_owned());
        self.with(move |c| {
            c.execute(
                "INSERT INTO devices (device_id, office_id, name, token_sha256) VALUES (?1, ?2, ?3, ?4)",
                params![device_id, office_id, name, token],
            )
            .map_err(other)?;
            Ok(())
        })
        .await
    }

    async fn office_by_unit_code(&self, unit_code: &str) -> Result<Option<Office>, DbError> {
        let unit_code = unit_code.to_owned();
        self.with(move |c| office_where(c, "unit_code = ?1", &unit_code)).await
    }

    async fn issue_enrolment_code(&self, office_id: i64, code_sha256: &str, expires_at: i64) -> Result<(), DbError> {
        let code = code_sha256.to_owned();
        self.with(move |c| {
            c.execute(
                "INSERT INTO enrolment_codes (code_sha256, office_id, expires_at) VALUES (?1, ?2, ?3)",
                params![code, office_id, expires_at],
            )
            .map_err(other)?;
            Ok(())
        })
        .await
    }

    async fn redeem_enrolment(&self, r: Redemption<'_>) -> Result<Redeemed, DbError> {
        let (code, device_id, name, token) =
            (r.code_sha256.to_owned(), r.device_id.to_owned(), r.name.to_owned(), r.token_sha256.to_owned());
        let (now, expected_unit) = (r.now, r.expected_unit.map(str::to_owned));
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).map_err(other)?;
            let found: Option<(i64, i64, Option<String>)> = tx
                .query_row(
                    "SELECT office_id, expires_at, used_by FROM enrolment_codes WHERE code_sha256 = ?1",
                    [&code],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .map_err(other)?;
            let office_id = match found {
                None => return Ok(Redeemed::Unknown),
                Some((_, _, Some(_))) => return Ok(Redeemed::Used),
                Some((_, expires_at, None)) if expires_at <= now => return Ok(Redeemed::Expired),
                Some((office_id, _, None)) => office_id,
            };
            let office = office_where(&tx, "id = ?1", &office_id)?.ok_or_else(|| other("office vanished"))?;
            if expected_unit.as_ref().is_some_and(|u| *u != office.unit_code) {
                return Ok(Redeemed::CodeOfAnotherOffice(office));
            }
            let current: Option<i64> = tx
                .query_row("SELECT office_id FROM devices WHERE device_id = ?1", [&device_id], |r| r.get(0))
                .optional()
                .map_err(other)?;
            if current.is_some_and(|o| o != office_id) {
                return Ok(Redeemed::DeviceInAnotherOffice);
            }
            tx.execute(
                "INSERT INTO devices (device_id, office_id, name, token_sha256, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, token_sha256 = excluded.token_sha256,
                     revoked = 0, enrolled_at = excluded.enrolled_at",
                params![device_id, office_id, name, token, now],
            )
            .map_err(other)?;
            tx.execute(
                "UPDATE enrolment_codes SET used_by = ?2, used_at = ?3 WHERE code_sha256 = ?1",
                params![code, device_id, now],
            )
            .map_err(other)?;
            tx.commit().map_err(other)?;
            Ok(Redeemed::Enrolled(office))
        })
        .await
    }

    async fn revoke_device(&self, device_id: &str) -> Result<bool, DbError> {
        let device_id = device_id.to_owned();
        self.with(move |c| {
            let n = c.execute("UPDATE devices SET revoked = 1 WHERE device_id = ?1", [&device_id]).map_err(other)?;
            Ok(n == 1)
        })
        .await
    }

    async fn devices(&self) -> Result<Vec<Device>, DbError> {
        self.with(move |c| {
            let sql = format!("{DEVICE_SELECT} ORDER BY o.unit_code, d.name");
            let mut stmt = c.prepare_cached(&sql).map_err(other)?;
            let rows = stmt.query_map([], device_row).map_err(other)?;
            rows.collect::<Result<_, _>>().map_err(other)
        })
        .await
    }

    async fn device_by_token(&self, token_sha256: &str) -> Result<Option<Device>, DbError> {
        let token = token_sha256.to_owned();
        self.with(move |c| {
            c.prepare_cached(&format!("{DEVICE_SELECT} WHERE d.token_sha256 = ?1"))
                .map_err(other)?
                .query_row([token], device_row)
                .optional()
                .map_err(other)
        })
        .await
    }

    async fn ingest(&self, device: &Device, ops: Vec<Incoming>) -> Result<Acks, DbError> {
        let device = device.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).map_err(other)?;
            let mut checked = check_dossiers(&tx, &device, &ops)?;
            let mut acks = Vec::with_capacity(ops.len());
            {
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO ops (id, office_id, device_id, device_seq, hlc, user_id, kind, payload, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
                    )
                    .map_err(other)?;
                let mut existing = tx.prepare_cached("SELECT seq, device_id FROM ops WHERE id = ?1").map_err(other)?;
                for (i, Incoming { op, tally, .. }) in ops.into_iter().enumerate() {
                    if let Some(refused) = checked.refused.get_mut(i).and_then(Option::take) {
                        acks.push(refused);
                        continue;
                    }
                    // Stored under the pushing device and its office, whatever the op says.
                    let inserted = insert
                        .execute(params![
                            op.id,
                            device.office_id,
                            device.device_id,
                            op.device_seq,
                            op.hlc,
                            op.user_id,
                            op.kind,
                            op.payload.to_string(),
                            op.created_at
                        ])
                        .map_err(other)?;
                    if inserted == 1 {
                        acks.push(AckOutcome::Stored { server_seq: tx.last_insert_rowid() });
                        if let Some(tally) = &tally {
                            store_tally(&tx, device.office_id, tally)?;
                        }
                        continue;
                    }
                    let (server_seq, owner): (i64, String) =
                        existing.query_row([&op.id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(other)?;
                    // The same id from another device is not a retry: say nothing about the
                    // stored op (it may be another office's).
                    acks.push(if owner == device.device_id {
                        AckOutcome::Duplicate { server_seq }
                    } else {
                        AckOutcome::Rejected {
                            code: "id_taken".into(),
                            message: "Mã thao tác đã được thiết bị khác dùng; thao tác này không được lưu.".into(),
                        }
                    });
                }
                let mut save = tx
                    .prepare_cached(
                        "INSERT INTO dossier_states (dossier_id, office_id, code, status, due_at, lifecycle, received_on,
                             ended_on, outcome)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                         ON CONFLICT (dossier_id) DO UPDATE SET status = excluded.status, due_at = excluded.due_at,
                             lifecycle = excluded.lifecycle, ended_on = excluded.ended_on, outcome = excluded.outcome,
                             received_on = coalesce(excluded.received_on, dossier_states.received_on)
                         WHERE dossier_states.office_id = excluded.office_id",
                    )
                    .map_err(other)?;
                for state in checked.states {
                    let l = &state.lifecycle;
                    let ending = state.ending();
                    save.execute(params![
                        state.dossier_id,
                        device.office_id,
                        state.code,
                        l.status.as_str(),
                        l.due_at.format(dossiers::TIME_FORMAT).to_string(),
                        serde_json::to_string(l).map_err(other)?,
                        state.received_on.map(|d| d.to_string()),
                        ending.map(|(day, _)| day.to_string()),
                        ending.map(|(_, outcome)| outcome.as_str()),
                    ])
                    .map_err(other)?;
                }
            }
            tx.commit().map_err(other)?;
            Ok(acks)
        })
        .await
    }

    async fn pull(
        &self,
        device: &Device,
        kinds: &'static [&'static str],
        cursor: PullCursor,
        limit: u32,
    ) -> Result<Pulled, DbError> {
        let device = device.clone();
        let kinds = serde_json::to_string(kinds).map_err(other)?;
        self.with(move |c| {
            // One read transaction: both streams as of one moment (one writer, so every seq
            // up to each stream's highest is committed).
            let tx = c.transaction().map_err(other)?;
            let mut ops = Vec::new();
            let mut next = cursor;
            {
                let mut city = tx
                    .prepare_cached(
                        "SELECT seq, id, device_id, seq, hlc, user_id, kind, payload, created_at FROM city_ops
                         WHERE seq > ?1 AND (office_id IS NULL OR office_id = ?2) ORDER BY seq LIMIT ?3",
                    )
                    .map_err(other)?;
                let city_high: i64 =
                    tx.query_row("SELECT coalesce(max(seq), 0) FROM city_ops", [], |r| r.get(0)).map_err(other)?;
                for op in city.query_map(params![cursor.city, device.office_id, limit], server_op).map_err(other)? {
                    ops.push(op.map_err(other)?);
                }
                if ops.len() == limit as usize {
                    next.city = ops.last().map_or(cursor.city, |o| o.server_seq);
                    return Ok(Pulled { ops, cursor: next, more: true });
                }
                next.city = city_high.max(cursor.city);

                let room = limit as usize - ops.len();
                let office_high: i64 = tx
                    .query_row("SELECT coalesce(max(seq), 0) FROM ops WHERE office_id = ?1", [device.office_id], |r| {
                        r.get(0)
                    })
                    .map_err(other)?;
                let mut office = tx
                    .prepare_cached(
                        "SELECT seq, id, device_id, device_seq, hlc, user_id, kind, payload, created_at FROM ops
                         WHERE office_id = ?1 AND seq > ?2 AND device_id <> ?3
                           AND kind IN (SELECT value FROM json_each(?4))
                         ORDER BY seq LIMIT ?5",
                    )
                    .map_err(other)?;
                let before = ops.len();
                let rows = office
                    .query_map(params![device.office_id, cursor.office, device.device_id, kinds, room], server_op)
                    .map_err(other)?;
                for op in rows {
                    ops.push(op.map_err(other)?);
                }
                let full = ops.len() - before == room;
                next.office = if full { ops.last().map_or(cursor.office, |o| o.server_seq) } else { office_high };
                next.office = next.office.max(cursor.office);
                Ok(Pulled { ops, cursor: next, more: full })
            }
        })
        .await
    }

    async fn publish(&self, items: Vec<Publication>) -> Result<Vec<ServerOp>, DbError> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).map_err(other)?;
            let (publisher, mut last): (String, String) = tx
                .query_row("SELECT device_id, last_hlc FROM city_publisher", [], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(other)?;
            let now = motcua_city_db::rfc3339_now();
            let mut out = Vec::with_capacity(items.len());
            {
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO city_ops (id, office_id, device_id, hlc, user_id, kind, payload, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )
                    .map_err(other)?;
                for item in items {
                    let office_id = item.office_id;
                    let hlc = next_city_hlc(&last);
                    last = hlc.to_string();
                    let mut op = item.into_op(&publisher, hlc, &now);
                    insert
                        .execute(params![
                            op.id,
                            office_id,
                            op.device_id,
                            op.hlc,
                            op.user_id,
                            op.kind,
                            op.payload.to_string(),
                            op.created_at
                        ])
                        .map_err(other)?;
                    op.device_seq = tx.last_insert_rowid();
                    out.push(ServerOp { server_seq: op.device_seq, op });
                }
            }
            tx.execute("UPDATE city_publisher SET last_hlc = ?1", [&last]).map_err(other)?;
            tx.commit().map_err(other)?;
            Ok(out)
        })
        .await
    }
}

const DEVICE_SELECT: &str = "SELECT d.device_id, d.office_id, d.name, d.revoked, o.unit_code
     FROM devices d JOIN offices o ON o.id = d.office_id";

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        device_id: r.get(0)?,
        office_id: r.get(1)?,
        name: r.get(2)?,
        revoked: r.get(3)?,
        office_unit_code: r.get(4)?,
    })
}

/// A row selected as `seq, id, device_id, device_seq, hlc, user_id, kind, payload, created_at`.
fn server_op(r: &rusqlite::Row<'_>) -> rusqlite::Result<ServerOp> {
    let payload: String = r.get(7)?;
    Ok(ServerOp {
        server_seq: r.get(0)?,
        op: WireOp {
            id: r.get(1)?,
            device_id: r.get(2)?,
            device_seq: r.get(3)?,
            hlc: r.get(4)?,
            user_id: r.get(5)?,
            kind: r.get(6)?,
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            created_at: r.get(8)?,
        },
    })
}

fn office_where(c: &Connection, condition: &str, value: &dyn rusqlite::ToSql) -> Result<Option<Office>, DbError> {
    c.query_row(&format!("SELECT id, unit_code, name FROM offices WHERE {condition}"), [value], |r| {
        Ok(Office { id: r.get(0)?, unit_code: r.get(1)?, name: r.get(2)? })
    })
    .optional()
    .map_err(other)
}

/// Checks the batch's dossier steps against the stored states of the device's office (in the
/// ingest transaction).
/// Keeps what a newly stored op adds to the city's dashboard.
fn store_tally(tx: &rusqlite::Transaction, office_id: i64, tally: &Tally) -> Result<(), DbError> {
    let time = |t: &chrono::NaiveDateTime| t.format(dossiers::TIME_FORMAT).to_string();
    match tally {
        Tally::Rating { id, at, level } => tx
            .prepare_cached(
                "INSERT INTO city_ratings (rating_id, office_id, day, level) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
            )
            .and_then(|mut s| s.execute(params![id, office_id, at.date().to_string(), level.as_str()])),
        Tally::FeedbackReceived { id, received_at, deadline_at } => tx
            .prepare_cached(
                "INSERT INTO city_feedback (feedback_id, office_id, received_on, deadline_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
            )
            .and_then(|mut s| s.execute(params![id, office_id, received_at.date().to_string(), time(deadline_at)])),
        Tally::FeedbackAnswered { id, at } => tx
            .prepare_cached("UPDATE city_feedback SET answered_at = ?3 WHERE feedback_id = ?1 AND office_id = ?2")
            .and_then(|mut s| s.execute(params![id, office_id, time(at)])),
    }
    .map_err(other)?;
    Ok(())
}

fn check_dossiers(tx: &rusqlite::Transaction, device: &Device, ops: &[Incoming]) -> Result<dossiers::Checked, DbError> {
    if !dossiers::touches_dossiers(ops) {
        return Ok(dossiers::Checked::default());
    }
    let mut exists = tx.prepare_cached("SELECT 1 FROM ops WHERE id = ?1").map_err(other)?;
    let mut stored_before = std::collections::HashSet::new();
    for item in ops.iter().filter(|i| i.dossier.is_some()) {
        if exists.exists([&item.op.id]).map_err(other)? {
            stored_before.insert(item.op.id.as_str());
        }
    }
    let mut load = tx
        .prepare_cached("SELECT code, lifecycle, due_at FROM dossier_states WHERE dossier_id = ?1 AND office_id = ?2")
        .map_err(other)?;
    let mut known = std::collections::HashMap::new();
    for id in dossiers::touched_ids(ops) {
        let row: Option<(String, Option<String>, String)> = load
            .query_row(params![id, device.office_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .map_err(other)?;
        if let Some((code, lifecycle, due_at)) = row {
            let lifecycle = dossiers::stored_lifecycle(lifecycle.as_deref(), &due_at).map_err(DbError::Other)?;
            known.insert(id, (code, lifecycle));
        }
    }
    Ok(dossiers::check(ops, known, &stored_before))
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_city_db::story;

    #[tokio::test]
    async fn the_city_dashboard_counts_each_office_as_its_counters_do() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteCityDb::open(&dir.path().join("city.db")).unwrap();
        story::the_city_dashboard_counts_each_office_as_its_counters_do(db).await;
    }

    #[tokio::test]
    async fn a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteCityDb::open(&dir.path().join("city.db")).unwrap();
        story::a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office(db).await;
    }

    #[tokio::test]
    async fn publications_reach_their_offices_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteCityDb::open(&dir.path().join("city.db")).unwrap();
        story::publications_reach_their_offices_once_in_order(db).await;
    }

    #[tokio::test]
    async fn the_city_console_sees_offices_and_traces_every_read() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteCityDb::open(&dir.path().join("city.db")).unwrap();
        story::the_city_console_sees_offices_and_traces_every_read(db).await;
    }

    #[tokio::test]
    async fn dossier_steps_are_checked_in_the_servers_order() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteCityDb::open(&dir.path().join("city.db")).unwrap();
        story::dossier_steps_are_checked_in_the_servers_order(db).await;
    }

    #[tokio::test]
    async fn an_enrolment_code_works_once_and_revocation_is_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteCityDb::open(&dir.path().join("city.db")).unwrap();
        story::an_enrolment_code_works_once_and_revocation_is_at_once(db).await;
    }
}
