//! [`CityDb`] on PostgreSQL, for a city that outgrows one machine.
//!
//! Pulls follow `seq` per office, so within an office `seq` must be handed out in commit
//! order: a puller that saw seq 12 must never later find a seq 11 committed after it. A push
//! therefore takes its office's transaction-scoped advisory lock first; pushes of different
//! offices run side by side.

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use motcua_city_db::{Acks, CityDb, DbError, Device};
use motcua_sync_proto::{AckOutcome, ServerOp, WireOp};

const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_city.sql")];

#[derive(Clone)]
pub struct PostgresCityDb {
    pool: Pool,
}

fn other(e: impl std::fmt::Display) -> DbError {
    DbError::Other(e.to_string())
}

fn unavailable(e: impl std::fmt::Display) -> DbError {
    DbError::Unavailable(e.to_string())
}

impl PostgresCityDb {
    /// Connects with `url` (`postgres://user@host:port/db`) and migrates the schema.
    pub async fn connect(url: &str, max_connections: usize) -> Result<PostgresCityDb, DbError> {
        let config: tokio_postgres::Config = url.parse().map_err(unavailable)?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(max_connections).build().map_err(unavailable)?;
        let db = PostgresCityDb { pool };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), DbError> {
        let mut client = self.pool.get().await.map_err(unavailable)?;
        let tx = client.transaction().await.map_err(other)?;
        // One migrating server at a time (several may start together).
        tx.execute("SELECT pg_advisory_xact_lock(7346001)", &[]).await.map_err(other)?;
        let exists: bool =
            tx.query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[]).await.map_err(other)?.get(0);
        let version: i32 = if exists {
            tx.query_one("SELECT version FROM schema_version", &[]).await.map_err(other)?.get(0)
        } else {
            0
        };
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).await.map_err(other)?;
            tx.execute("UPDATE schema_version SET version = $1", &[&(i as i32 + 1)]).await.map_err(other)?;
        }
        tx.commit().await.map_err(other)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, DbError> {
        self.pool.get().await.map_err(unavailable)
    }
}

impl CityDb for PostgresCityDb {
    async fn create_office(&self, unit_code: &str, name: &str) -> Result<i64, DbError> {
        let row = self
            .client()
            .await?
            .query_one("INSERT INTO offices (unit_code, name) VALUES ($1, $2) RETURNING id", &[&unit_code, &name])
            .await
            .map_err(other)?;
        Ok(row.get(0))
    }

    async fn add_device(&self, office_id: i64, device_id: &str, name: &str, token_sha256: &str) -> Result<(), DbError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO devices (device_id, office_id, name, token_sha256) VALUES ($1, $2, $3, $4)",
                &[&device_id, &office_id, &name, &token_sha256],
            )
            .await
            .map_err(other)?;
        Ok(())
    }

    async fn device_by_token(&self, token_sha256: &str) -> Result<Option<Device>, DbError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT device_id, office_id, name, revoked FROM devices WHERE token_sha256 = $1",
                &[&token_sha256],
            )
            .await
            .map_err(other)?;
        Ok(row.map(|r| Device { device_id: r.get(0), office_id: r.get(1), name: r.get(2), revoked: r.get(3) }))
    }

    async fn ingest(&self, device: &Device, ops: Vec<WireOp>) -> Result<Acks, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(other)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&device.office_id]).await.map_err(other)?;
        let insert = tx
            .prepare(
                "INSERT INTO ops (id, office_id, device_id, device_seq, hlc, user_id, kind, payload, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING seq",
            )
            .await
            .map_err(other)?;
        let existing = tx.prepare("SELECT seq, device_id FROM ops WHERE id = $1").await.map_err(other)?;
        let mut acks = Vec::with_capacity(ops.len());
        for op in &ops {
            // Stored under the pushing device and its office, whatever the op says.
            let row = tx
                .query_opt(
                    &insert,
                    &[
                        &op.id,
                        &device.office_id,
                        &device.device_id,
                        &op.device_seq,
                        &op.hlc,
                        &op.user_id,
                        &op.kind,
                        &op.payload,
                        &op.created_at,
                    ],
                )
                .await
                .map_err(other)?;
            if let Some(row) = row {
                acks.push(AckOutcome::Stored { server_seq: row.get(0) });
                continue;
            }
            let row = tx.query_one(&existing, &[&op.id]).await.map_err(other)?;
            let owner: String = row.get(1);
            acks.push(if owner == device.device_id {
                AckOutcome::Duplicate { server_seq: row.get(0) }
            } else {
                AckOutcome::Rejected {
                    code: "id_taken".into(),
                    message: "Mã thao tác đã được thiết bị khác dùng; thao tác này không được lưu.".into(),
                }
            });
        }
        tx.commit().await.map_err(other)?;
        Ok(acks)
    }

    async fn pull(&self, office_id: i64, after_seq: i64, limit: u32) -> Result<Vec<ServerOp>, DbError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT seq, id, device_id, device_seq, hlc, user_id, kind, payload, created_at
                 FROM ops WHERE office_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[&office_id, &after_seq, &i64::from(limit)],
            )
            .await
            .map_err(other)?;
        Ok(rows
            .iter()
            .map(|r| ServerOp {
                server_seq: r.get(0),
                op: WireOp {
                    id: r.get(1),
                    device_id: r.get(2),
                    device_seq: r.get(3),
                    hlc: r.get(4),
                    user_id: r.get(5),
                    kind: r.get(6),
                    payload: r.get(7),
                    created_at: r.get(8),
                },
            })
            .collect())
    }
}
