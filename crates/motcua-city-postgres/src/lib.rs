//! [`CityDb`] on PostgreSQL, for a city that outgrows one machine.
//!
//! Pulls follow `seq` per office, so within an office `seq` must be handed out in commit
//! order: a puller that saw seq 12 must never later find a seq 11 committed after it. A push
//! therefore takes its office's transaction-scoped advisory lock first; pushes of different
//! offices run side by side. The city's publications are one more stream, under a lock of
//! their own ([`CITY_STREAM_LOCK`]).

#[cfg(feature = "cluster")]
pub mod cluster;
mod console;
mod dashboard;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

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

/// The advisory lock of the publications stream (office streams lock their office id, > 0).
const CITY_STREAM_LOCK: i64 = -1;

#[derive(Clone)]
pub struct PostgresCityDb {
    pool: Pool,
}

pub(crate) fn other<E: std::fmt::Display + 'static>(e: E) -> DbError {
    // tokio-postgres shows only "db error": add the server's SQLSTATE and message (not its
    // detail, which can quote a row's values).
    let server = (&e as &dyn std::any::Any)
        .downcast_ref::<tokio_postgres::Error>()
        .and_then(tokio_postgres::Error::as_db_error)
        .map(|d| format!(": {} {}", d.code().code(), d.message()));
    DbError::Other(format!("{e}{}", server.unwrap_or_default()))
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
        tx.execute(
            "INSERT INTO city_publisher (id, device_id, last_hlc) VALUES (1, $1, '') ON CONFLICT DO NOTHING",
            &[&uuid::Uuid::now_v7().to_string()],
        )
        .await
        .map_err(other)?;
        tx.commit().await.map_err(other)
    }

    pub(crate) async fn client(&self) -> Result<deadpool_postgres::Object, DbError> {
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

    async fn office_by_unit_code(&self, unit_code: &str) -> Result<Option<Office>, DbError> {
        let row = self
            .client()
            .await?
            .query_opt("SELECT id, unit_code, name FROM offices WHERE unit_code = $1", &[&unit_code])
            .await
            .map_err(other)?;
        Ok(row.map(|r| Office { id: r.get(0), unit_code: r.get(1), name: r.get(2) }))
    }

    async fn issue_enrolment_code(&self, office_id: i64, code_sha256: &str, expires_at: i64) -> Result<(), DbError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO enrolment_codes (code_sha256, office_id, expires_at) VALUES ($1, $2, $3)",
                &[&code_sha256, &office_id, &expires_at],
            )
            .await
            .map_err(other)?;
        Ok(())
    }

    async fn redeem_enrolment(&self, r: Redemption<'_>) -> Result<Redeemed, DbError> {
        let Redemption { code_sha256, now, device_id, name, token_sha256, expected_unit } = r;
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(other)?;
        // FOR UPDATE: two PCs typing the same code at once; the second waits, then sees it used.
        let found = tx
            .query_opt(
                "SELECT office_id, expires_at, used_by FROM enrolment_codes WHERE code_sha256 = $1 FOR UPDATE",
                &[&code_sha256],
            )
            .await
            .map_err(other)?;
        let office_id: i64 = match found {
            None => return Ok(Redeemed::Unknown),
            Some(r) if r.get::<_, Option<String>>(2).is_some() => return Ok(Redeemed::Used),
            Some(r) if r.get::<_, i64>(1) <= now => return Ok(Redeemed::Expired),
            Some(r) => r.get(0),
        };
        let r = tx
            .query_one("SELECT id, unit_code, name FROM offices WHERE id = $1", &[&office_id])
            .await
            .map_err(other)?;
        let office = Office { id: r.get(0), unit_code: r.get(1), name: r.get(2) };
        if expected_unit.is_some_and(|u| u != office.unit_code) {
            return Ok(Redeemed::CodeOfAnotherOffice(office));
        }
        let current = tx
            .query_opt("SELECT office_id FROM devices WHERE device_id = $1 FOR UPDATE", &[&device_id])
            .await
            .map_err(other)?;
        if current.is_some_and(|r| r.get::<_, i64>(0) != office_id) {
            return Ok(Redeemed::DeviceInAnotherOffice);
        }
        tx.execute(
            "INSERT INTO devices (device_id, office_id, name, token_sha256, enrolled_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, token_sha256 = excluded.token_sha256,
                 revoked = FALSE, enrolled_at = excluded.enrolled_at",
            &[&device_id, &office_id, &name, &token_sha256, &now],
        )
        .await
        .map_err(other)?;
        tx.execute(
            "UPDATE enrolment_codes SET used_by = $2, used_at = $3 WHERE code_sha256 = $1",
            &[&code_sha256, &device_id, &now],
        )
        .await
        .map_err(other)?;
        tx.commit().await.map_err(other)?;
        Ok(Redeemed::Enrolled(office))
    }

    async fn revoke_device(&self, device_id: &str) -> Result<bool, DbError> {
        let n = self
            .client()
            .await?
            .execute("UPDATE devices SET revoked = TRUE WHERE device_id = $1", &[&device_id])
            .await
            .map_err(other)?;
        Ok(n == 1)
    }

    async fn devices(&self) -> Result<Vec<Device>, DbError> {
        let sql = format!("{DEVICE_SELECT} ORDER BY o.unit_code, d.name");
        let rows = self.client().await?.query(&sql, &[]).await.map_err(other)?;
        Ok(rows.iter().map(device_row).collect())
    }

    async fn device_by_token(&self, token_sha256: &str) -> Result<Option<Device>, DbError> {
        let sql = format!("{DEVICE_SELECT} WHERE d.token_sha256 = $1");
        let row = self.client().await?.query_opt(&sql, &[&token_sha256]).await.map_err(other)?;
        Ok(row.as_ref().map(device_row))
    }

    async fn ingest(&self, device: &Device, ops: Vec<Incoming>) -> Result<Acks, DbError> {
        if ops.is_empty() {
            return Ok(Vec::new());
        }
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(other)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&device.office_id]).await.map_err(other)?;
        let mut checked = check_dossiers(&tx, device, &ops).await?;
        // The whole batch in one statement (a round trip per op made PostgreSQL 5× slower than
        // SQLite), rows inserted in the batch's order so `seq` follows the device's log.
        let to_store: Vec<&WireOp> = ops
            .iter()
            .enumerate()
            .filter(|(i, _)| checked.refused.get(*i).is_none_or(Option::is_none))
            .map(|(_, item)| &item.op)
            .collect();
        let ids: Vec<&str> = to_store.iter().map(|o| o.id.as_str()).collect();
        let seqs: Vec<i64> = to_store.iter().map(|o| o.device_seq).collect();
        let hlcs: Vec<&str> = to_store.iter().map(|o| o.hlc.as_str()).collect();
        let users: Vec<&str> = to_store.iter().map(|o| o.user_id.as_str()).collect();
        let kinds: Vec<&str> = to_store.iter().map(|o| o.kind.as_str()).collect();
        let payloads: Vec<String> = to_store.iter().map(|o| o.payload.to_string()).collect();
        let created: Vec<&str> = to_store.iter().map(|o| o.created_at.as_str()).collect();
        // Stored under the pushing device and its office, whatever the op says.
        let inserted = tx
            .query(
                "INSERT INTO ops (id, office_id, device_id, device_seq, hlc, user_id, kind, payload, created_at)
                 SELECT t.id, $1, $2, t.device_seq, t.hlc, t.user_id, t.kind, t.payload::jsonb, t.created_at
                 FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                      WITH ORDINALITY AS t(id, device_seq, hlc, user_id, kind, payload, created_at, ord)
                 ORDER BY t.ord
                 ON CONFLICT (id) DO NOTHING RETURNING id, seq",
                &[&device.office_id, &device.device_id, &ids, &seqs, &hlcs, &users, &kinds, &payloads, &created],
            )
            .await
            .map_err(other)?;
        let mut fresh: std::collections::HashMap<String, i64> =
            inserted.iter().map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1))).collect();
        let earlier: std::collections::HashMap<String, (i64, String)> = if inserted.len() < ids.len() {
            tx.query("SELECT id, seq, device_id FROM ops WHERE id = ANY($1)", &[&ids])
                .await
                .map_err(other)?
                .iter()
                .map(|r| (r.get::<_, String>(0), (r.get::<_, i64>(1), r.get::<_, String>(2))))
                .collect()
        } else {
            Default::default()
        };
        if !checked.states.is_empty() {
            let ids: Vec<&str> = checked.states.iter().map(|s| s.dossier_id.as_str()).collect();
            let codes: Vec<&str> = checked.states.iter().map(|s| s.code.as_str()).collect();
            let statuses: Vec<&str> = checked.states.iter().map(|s| s.lifecycle.status.as_str()).collect();
            let dues: Vec<String> =
                checked.states.iter().map(|s| s.lifecycle.due_at.format(dossiers::TIME_FORMAT).to_string()).collect();
            let lifecycles: Vec<String> = checked
                .states
                .iter()
                .map(|s| serde_json::to_string(&s.lifecycle))
                .collect::<Result<_, _>>()
                .map_err(other)?;
            let received: Vec<Option<String>> =
                checked.states.iter().map(|s| s.received_on.map(|d| d.to_string())).collect();
            let endings: Vec<_> = checked.states.iter().map(|s| s.ending()).collect();
            let ended: Vec<Option<String>> = endings.iter().map(|e| e.map(|(day, _)| day.to_string())).collect();
            let outcomes: Vec<Option<&str>> = endings.iter().map(|e| e.map(|(_, o)| o.as_str())).collect();
            tx.execute(
                "INSERT INTO dossier_states (dossier_id, office_id, code, status, due_at, lifecycle, received_on,
                     ended_on, outcome)
                 SELECT t.id, $1, t.code, t.status, t.due_at, t.lifecycle::jsonb, t.received_on, t.ended_on, t.outcome
                 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                             $9::text[])
                      AS t(id, code, status, due_at, lifecycle, received_on, ended_on, outcome)
                 ON CONFLICT (dossier_id) DO UPDATE SET status = excluded.status, due_at = excluded.due_at,
                     lifecycle = excluded.lifecycle, ended_on = excluded.ended_on, outcome = excluded.outcome,
                     received_on = coalesce(excluded.received_on, dossier_states.received_on)
                 WHERE dossier_states.office_id = excluded.office_id",
                &[&device.office_id, &ids, &codes, &statuses, &dues, &lifecycles, &received, &ended, &outcomes],
            )
            .await
            .map_err(other)?;
        }
        // What the newly stored ops add to the city's dashboard (a retried op added it already).
        let tallies: Vec<&Tally> =
            ops.iter().filter(|i| fresh.contains_key(&i.op.id)).filter_map(|i| i.tally.as_ref()).collect();
        if !tallies.is_empty() {
            store_tallies(&tx, device.office_id, &tallies).await?;
        }
        tx.commit().await.map_err(other)?;
        let acks = ops
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if let Some(refused) = checked.refused.get_mut(i).and_then(Option::take) {
                    return refused;
                }
                if let Some(server_seq) = fresh.remove(&item.op.id) {
                    return AckOutcome::Stored { server_seq };
                }
                match earlier.get(&item.op.id) {
                    Some((server_seq, owner)) if *owner == device.device_id => {
                        AckOutcome::Duplicate { server_seq: *server_seq }
                    }
                    _ => AckOutcome::Rejected {
                        code: "id_taken".into(),
                        message: "Mã thao tác đã được thiết bị khác dùng; thao tác này không được lưu.".into(),
                    },
                }
            })
            .collect();
        Ok(acks)
    }

    async fn pull(
        &self,
        device: &Device,
        kinds: &'static [&'static str],
        cursor: PullCursor,
        limit: u32,
    ) -> Result<Pulled, DbError> {
        let client = self.client().await?;
        // Each stream's highest seq is read before its rows: every seq up to it is committed
        // (writers hold the stream's lock until they commit), so the cursor can move to it.
        let city_high: i64 =
            client.query_one("SELECT coalesce(max(seq), 0) FROM city_ops", &[]).await.map_err(other)?.get(0);
        let rows = client
            .query(
                "SELECT seq, id, device_id, seq, hlc, user_id, kind, payload, created_at FROM city_ops
                 WHERE seq > $1 AND seq <= $2 AND (office_id IS NULL OR office_id = $3) ORDER BY seq LIMIT $4",
                &[&cursor.city, &city_high, &device.office_id, &i64::from(limit)],
            )
            .await
            .map_err(other)?;
        let mut ops: Vec<ServerOp> = rows.iter().map(server_op).collect();
        let mut next = cursor;
        if ops.len() == limit as usize {
            next.city = ops.last().map_or(cursor.city, |o| o.server_seq);
            return Ok(Pulled { ops, cursor: next, more: true });
        }
        next.city = city_high.max(cursor.city);
        let room = limit as usize - ops.len();
        let office_high: i64 = client
            .query_one("SELECT coalesce(max(seq), 0) FROM ops WHERE office_id = $1", &[&device.office_id])
            .await
            .map_err(other)?
            .get(0);
        let kinds: Vec<&str> = kinds.to_vec();
        let rows = client
            .query(
                "SELECT seq, id, device_id, device_seq, hlc, user_id, kind, payload, created_at FROM ops
                 WHERE office_id = $1 AND seq > $2 AND seq <= $3 AND device_id <> $4 AND kind = ANY($5)
                 ORDER BY seq LIMIT $6",
                &[&device.office_id, &cursor.office, &office_high, &device.device_id, &kinds, &(room as i64)],
            )
            .await
            .map_err(other)?;
        ops.extend(rows.iter().map(server_op));
        let full = rows.len() == room;
        next.office = if full { ops.last().map_or(cursor.office, |o| o.server_seq) } else { office_high };
        next.office = next.office.max(cursor.office);
        Ok(Pulled { ops, cursor: next, more: full })
    }

    async fn publish(&self, items: Vec<Publication>) -> Result<Vec<ServerOp>, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(other)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CITY_STREAM_LOCK]).await.map_err(other)?;
        let row = tx.query_one("SELECT device_id, last_hlc FROM city_publisher", &[]).await.map_err(other)?;
        let (publisher, mut last): (String, String) = (row.get(0), row.get(1));
        let now = motcua_city_db::rfc3339_now();
        let insert = tx
            .prepare(
                "INSERT INTO city_ops (id, office_id, device_id, hlc, user_id, kind, payload, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
            )
            .await
            .map_err(other)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let office_id = item.office_id;
            let hlc = next_city_hlc(&last);
            last = hlc.to_string();
            let mut op = item.into_op(&publisher, hlc, &now);
            let seq: i64 = tx
                .query_one(
                    &insert,
                    &[&op.id, &office_id, &op.device_id, &op.hlc, &op.user_id, &op.kind, &op.payload, &op.created_at],
                )
                .await
                .map_err(other)?
                .get(0);
            op.device_seq = seq;
            out.push(ServerOp { server_seq: seq, op });
        }
        tx.execute("UPDATE city_publisher SET last_hlc = $1", &[&last]).await.map_err(other)?;
        tx.commit().await.map_err(other)?;
        Ok(out)
    }
}

const DEVICE_SELECT: &str = "SELECT d.device_id, d.office_id, d.name, d.revoked, o.unit_code
     FROM devices d JOIN offices o ON o.id = d.office_id";

fn device_row(r: &tokio_postgres::Row) -> Device {
    Device { device_id: r.get(0), office_id: r.get(1), name: r.get(2), revoked: r.get(3), office_unit_code: r.get(4) }
}

/// A row selected as `seq, id, device_id, device_seq, hlc, user_id, kind, payload, created_at`.
/// Keeps what newly stored ops add to the city's dashboard, a statement per kind of tally.
async fn store_tallies(
    tx: &deadpool_postgres::Transaction<'_>,
    office_id: i64,
    tallies: &[&Tally],
) -> Result<(), DbError> {
    let time = |t: &chrono::NaiveDateTime| t.format(dossiers::TIME_FORMAT).to_string();
    let (mut rating, mut received, mut answered) = (Vec::new(), Vec::new(), Vec::new());
    for tally in tallies {
        match tally {
            Tally::Rating { id, at, level } => rating.push((id.as_str(), at.date().to_string(), level.as_str())),
            Tally::FeedbackReceived { id, received_at, deadline_at } => {
                received.push((id.as_str(), received_at.date().to_string(), time(deadline_at)))
            }
            Tally::FeedbackAnswered { id, at } => answered.push((id.as_str(), time(at))),
        }
    }
    if !rating.is_empty() {
        let (ids, days, levels): (Vec<_>, Vec<_>, Vec<_>) = unzip3(rating);
        tx.execute(
            "INSERT INTO city_ratings (rating_id, office_id, day, level)
             SELECT t.id, $1, t.day, t.level FROM unnest($2::text[], $3::text[], $4::text[]) AS t(id, day, level)
             ON CONFLICT DO NOTHING",
            &[&office_id, &ids, &days, &levels],
        )
        .await
        .map_err(other)?;
    }
    if !received.is_empty() {
        let (ids, days, deadlines): (Vec<_>, Vec<_>, Vec<_>) = unzip3(received);
        tx.execute(
            "INSERT INTO city_feedback (feedback_id, office_id, received_on, deadline_at)
             SELECT t.id, $1, t.day, t.deadline FROM unnest($2::text[], $3::text[], $4::text[]) AS t(id, day, deadline)
             ON CONFLICT DO NOTHING",
            &[&office_id, &ids, &days, &deadlines],
        )
        .await
        .map_err(other)?;
    }
    // In the batch's order: an item answered twice keeps its last answer.
    for (id, at) in answered {
        tx.execute(
            "UPDATE city_feedback SET answered_at = $3 WHERE feedback_id = $1 AND office_id = $2",
            &[&id, &office_id, &at],
        )
        .await
        .map_err(other)?;
    }
    Ok(())
}

fn unzip3<A, B, C>(v: Vec<(A, B, C)>) -> (Vec<A>, Vec<B>, Vec<C>) {
    let mut out = (Vec::with_capacity(v.len()), Vec::with_capacity(v.len()), Vec::with_capacity(v.len()));
    for (a, b, c) in v {
        out.0.push(a);
        out.1.push(b);
        out.2.push(c);
    }
    out
}

fn server_op(r: &tokio_postgres::Row) -> ServerOp {
    ServerOp {
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
    }
}

/// Checks the batch's dossier steps against the stored states of the device's office (in the
/// ingest transaction, under the office's lock).
async fn check_dossiers(
    tx: &tokio_postgres::Transaction<'_>,
    device: &Device,
    ops: &[Incoming],
) -> Result<dossiers::Checked, DbError> {
    if !dossiers::touches_dossiers(ops) {
        return Ok(dossiers::Checked::default());
    }
    let with_effect: Vec<&str> = ops.iter().filter(|i| i.dossier.is_some()).map(|i| i.op.id.as_str()).collect();
    let stored: Vec<String> = tx
        .query("SELECT id FROM ops WHERE id = ANY($1)", &[&with_effect])
        .await
        .map_err(other)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let stored_before: std::collections::HashSet<&str> = stored.iter().map(String::as_str).collect();
    let touched = dossiers::touched_ids(ops);
    let mut known = std::collections::HashMap::new();
    for row in tx
        .query(
            "SELECT dossier_id, code, lifecycle::text, due_at FROM dossier_states
             WHERE office_id = $1 AND dossier_id = ANY($2)",
            &[&device.office_id, &touched],
        )
        .await
        .map_err(other)?
    {
        let lifecycle: Option<String> = row.get(2);
        let due_at: String = row.get(3);
        let lifecycle = dossiers::stored_lifecycle(lifecycle.as_deref(), &due_at).map_err(DbError::Other)?;
        known.insert(row.get::<_, String>(0), (row.get::<_, String>(1), lifecycle));
    }
    Ok(dossiers::check(ops, known, &stored_before))
}
