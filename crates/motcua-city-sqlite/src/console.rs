//! [`CityConsoleDb`] on SQLite.

use rusqlite::{OptionalExtension, params};

use motcua_city_db::DbError;
use motcua_city_db::console::{CityConsoleDb, CityRead, CityRole, CityUser, OfficeHealth, StoredDossier};

use crate::{SqliteCityDb, other};

const USER_COLUMNS: &str = "u.id, u.username, u.full_name, u.role, u.password_hash, u.active";

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CityUser> {
    let role: String = r.get(3)?;
    Ok(CityUser {
        id: r.get(0)?,
        username: r.get(1)?,
        full_name: r.get(2)?,
        role: CityRole::parse(&role).unwrap_or(CityRole::Supervisor),
        password_hash: r.get(4)?,
        active: r.get(5)?,
    })
}

impl CityConsoleDb for SqliteCityDb {
    async fn add_city_user(
        &self,
        username: &str,
        full_name: &str,
        role: CityRole,
        password_hash: &str,
    ) -> Result<Option<i64>, DbError> {
        let (username, full_name, hash) = (username.to_owned(), full_name.to_owned(), password_hash.to_owned());
        self.with(move |c| {
            let n = c
                .execute(
                    "INSERT INTO city_users (username, full_name, role, password_hash) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (username) DO NOTHING",
                    params![username, full_name, role.as_str(), hash],
                )
                .map_err(other)?;
            Ok((n == 1).then(|| c.last_insert_rowid()))
        })
        .await
    }

    async fn city_user_by_username(&self, username: &str) -> Result<Option<CityUser>, DbError> {
        let username = username.to_owned();
        self.with(move |c| {
            c.query_row(&format!("SELECT {USER_COLUMNS} FROM city_users u WHERE u.username = ?1"), [username], user_row)
                .optional()
                .map_err(other)
        })
        .await
    }

    async fn open_city_session(&self, user_id: i64, token_sha256: &str, expires_at: i64) -> Result<(), DbError> {
        let token = token_sha256.to_owned();
        self.with(move |c| {
            // Expired sessions go when a new one opens: the table stays small.
            c.execute("DELETE FROM city_sessions WHERE expires_at < ?1", [expires_at - 86_400 * 30]).map_err(other)?;
            c.execute(
                "INSERT INTO city_sessions (token_sha256, user_id, expires_at) VALUES (?1, ?2, ?3)",
                params![token, user_id, expires_at],
            )
            .map_err(other)?;
            Ok(())
        })
        .await
    }

    async fn city_user_by_session(&self, token_sha256: &str, now: i64) -> Result<Option<CityUser>, DbError> {
        let token = token_sha256.to_owned();
        self.with(move |c| {
            c.query_row(
                &format!(
                    "SELECT {USER_COLUMNS} FROM city_sessions s JOIN city_users u ON u.id = s.user_id
                     WHERE s.token_sha256 = ?1 AND s.expires_at > ?2 AND u.active"
                ),
                params![token, now],
                user_row,
            )
            .optional()
            .map_err(other)
        })
        .await
    }

    async fn touch_device(&self, device_id: &str, now: i64) -> Result<(), DbError> {
        let device_id = device_id.to_owned();
        self.with(move |c| {
            c.prepare_cached("UPDATE devices SET last_seen_at = ?2 WHERE device_id = ?1")
                .and_then(|mut s| s.execute(params![device_id, now]))
                .map_err(other)?;
            Ok(())
        })
        .await
    }

    async fn office_health(&self) -> Result<Vec<OfficeHealth>, DbError> {
        self.with(move |c| {
            let mut stmt = c
                .prepare(
                    "SELECT o.unit_code, o.name,
                        (SELECT count(*) FROM devices d WHERE d.office_id = o.id),
                        (SELECT count(*) FROM devices d WHERE d.office_id = o.id AND d.revoked),
                        (SELECT max(last_seen_at) FROM devices d WHERE d.office_id = o.id),
                        (SELECT count(*) FROM ops WHERE office_id = o.id),
                        (SELECT created_at FROM ops WHERE office_id = o.id ORDER BY seq DESC LIMIT 1)
                     FROM offices o ORDER BY o.unit_code",
                )
                .map_err(other)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(OfficeHealth {
                        unit_code: r.get(0)?,
                        name: r.get(1)?,
                        devices: r.get(2)?,
                        revoked: r.get(3)?,
                        last_seen_at: r.get(4)?,
                        ops: r.get(5)?,
                        last_op_at: r.get(6)?,
                    })
                })
                .map_err(other)?;
            rows.collect::<Result<_, _>>().map_err(other)
        })
        .await
    }

    async fn office_dossiers(
        &self,
        user_id: i64,
        office_id: i64,
        after_seq: i64,
        limit: u32,
        now: i64,
    ) -> Result<Vec<StoredDossier>, DbError> {
        self.with(move |c| {
            let tx = c.transaction().map_err(other)?;
            let found: Vec<StoredDossier> = {
                let mut stmt = tx
                    .prepare_cached(
                        "SELECT seq, payload FROM ops WHERE office_id = ?1 AND kind = 'dossier.received' AND seq > ?2
                         ORDER BY seq LIMIT ?3",
                    )
                    .map_err(other)?;
                let rows = stmt
                    .query_map(params![office_id, after_seq, limit], |r| {
                        let payload: String = r.get(1)?;
                        Ok(StoredDossier {
                            server_seq: r.get(0)?,
                            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                        })
                    })
                    .map_err(other)?;
                rows.collect::<Result<_, _>>().map_err(other)?
            };
            // The read and its audit record commit together: no read without its trace.
            tx.execute(
                "INSERT INTO city_reads (at, user_id, what, office_id, count) VALUES (?1, ?2, 'office_dossiers', ?3, ?4)",
                params![now, user_id, office_id, found.len() as i64],
            )
            .map_err(other)?;
            tx.commit().map_err(other)?;
            Ok(found)
        })
        .await
    }

    async fn city_reads(&self, limit: u32) -> Result<Vec<CityRead>, DbError> {
        self.with(move |c| {
            let mut stmt = c
                .prepare(
                    "SELECT r.at, u.username, r.what, o.unit_code, r.count FROM city_reads r
                     JOIN city_users u ON u.id = r.user_id LEFT JOIN offices o ON o.id = r.office_id
                     ORDER BY r.id DESC LIMIT ?1",
                )
                .map_err(other)?;
            let rows = stmt
                .query_map([limit], |r| {
                    Ok(CityRead {
                        at: r.get(0)?,
                        username: r.get(1)?,
                        what: r.get(2)?,
                        office_unit_code: r.get(3)?,
                        count: r.get(4)?,
                    })
                })
                .map_err(other)?;
            rows.collect::<Result<_, _>>().map_err(other)
        })
        .await
    }
}
