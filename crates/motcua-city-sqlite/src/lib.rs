//! [`CityDb`] on embedded SQLite: the city server's default, one machine, no set-up.
//!
//! One connection behind a mutex, used from tokio's blocking pool: SQLite writes one
//! transaction at a time anyway, and a whole push is one transaction (one fsync per batch).

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use motcua_city_db::{Acks, CityDb, DbError, Device};
use motcua_sync_proto::{AckOutcome, ServerOp, WireOp};

const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_city.sql")];

#[derive(Clone)]
pub struct SqliteCityDb {
    conn: Arc<Mutex<Connection>>,
}

fn other(e: impl std::fmt::Display) -> DbError {
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
        tx.commit().map_err(other)?;
        Ok(SqliteCityDb { conn: Arc::new(Mutex::new(conn)) })
    }

    async fn with<T: Send + 'static>(
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

    async fn device_by_token(&self, token_sha256: &str) -> Result<Option<Device>, DbError> {
        let token = token_sha256.to_owned();
        self.with(move |c| {
            c.prepare_cached("SELECT device_id, office_id, name, revoked FROM devices WHERE token_sha256 = ?1")
                .map_err(other)?
                .query_row([token], |r| {
                    Ok(Device { device_id: r.get(0)?, office_id: r.get(1)?, name: r.get(2)?, revoked: r.get(3)? })
                })
                .optional()
                .map_err(other)
        })
        .await
    }

    async fn ingest(&self, device: &Device, ops: Vec<WireOp>) -> Result<Acks, DbError> {
        let device = device.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate).map_err(other)?;
            let mut acks = Vec::with_capacity(ops.len());
            {
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO ops (id, office_id, device_id, device_seq, hlc, user_id, kind, payload, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
                    )
                    .map_err(other)?;
                let mut existing = tx.prepare_cached("SELECT seq, device_id FROM ops WHERE id = ?1").map_err(other)?;
                for op in ops {
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
            }
            tx.commit().map_err(other)?;
            Ok(acks)
        })
        .await
    }

    async fn pull(&self, office_id: i64, after_seq: i64, limit: u32) -> Result<Vec<ServerOp>, DbError> {
        self.with(move |c| {
            let mut stmt = c
                .prepare_cached(
                    "SELECT seq, id, device_id, device_seq, hlc, user_id, kind, payload, created_at
                     FROM ops WHERE office_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                )
                .map_err(other)?;
            let rows = stmt
                .query_map(params![office_id, after_seq, limit], |r| {
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
                })
                .map_err(other)?;
            rows.collect::<Result<_, _>>().map_err(other)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_city_db::story;

    #[tokio::test]
    async fn a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office() {
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteCityDb::open(&dir.path().join("city.db")).unwrap();
        story::a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office(db).await;
    }
}
