//! [`CityConsoleDb`] on PostgreSQL.

use motcua_city_db::DbError;
use motcua_city_db::console::{CityConsoleDb, CityRead, CityRole, CityUser, OfficeHealth, StoredDossier};

use crate::{PostgresCityDb, other};

const USER_COLUMNS: &str = "u.id, u.username, u.full_name, u.role, u.password_hash, u.active";

fn user_row(r: &tokio_postgres::Row) -> CityUser {
    let role: String = r.get(3);
    CityUser {
        id: r.get(0),
        username: r.get(1),
        full_name: r.get(2),
        role: CityRole::parse(&role).unwrap_or(CityRole::Supervisor),
        password_hash: r.get(4),
        active: r.get(5),
    }
}

impl CityConsoleDb for PostgresCityDb {
    async fn add_city_user(
        &self,
        username: &str,
        full_name: &str,
        role: CityRole,
        password_hash: &str,
    ) -> Result<Option<i64>, DbError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "INSERT INTO city_users (username, full_name, role, password_hash) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (username) DO NOTHING RETURNING id",
                &[&username, &full_name, &role.as_str(), &password_hash],
            )
            .await
            .map_err(other)?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn city_user_by_username(&self, username: &str) -> Result<Option<CityUser>, DbError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM city_users u WHERE u.username = $1");
        let row = self.client().await?.query_opt(&sql, &[&username]).await.map_err(other)?;
        Ok(row.as_ref().map(user_row))
    }

    async fn open_city_session(&self, user_id: i64, token_sha256: &str, expires_at: i64) -> Result<(), DbError> {
        let client = self.client().await?;
        // Expired sessions go when a new one opens: the table stays small.
        client
            .execute("DELETE FROM city_sessions WHERE expires_at < $1", &[&(expires_at - 86_400 * 30)])
            .await
            .map_err(other)?;
        client
            .execute(
                "INSERT INTO city_sessions (token_sha256, user_id, expires_at) VALUES ($1, $2, $3)",
                &[&token_sha256, &user_id, &expires_at],
            )
            .await
            .map_err(other)?;
        Ok(())
    }

    async fn city_user_by_session(&self, token_sha256: &str, now: i64) -> Result<Option<CityUser>, DbError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM city_sessions s JOIN city_users u ON u.id = s.user_id
             WHERE s.token_sha256 = $1 AND s.expires_at > $2 AND u.active"
        );
        let row = self.client().await?.query_opt(&sql, &[&token_sha256, &now]).await.map_err(other)?;
        Ok(row.as_ref().map(user_row))
    }

    async fn touch_device(&self, device_id: &str, now: i64) -> Result<(), DbError> {
        self.client()
            .await?
            .execute("UPDATE devices SET last_seen_at = $2 WHERE device_id = $1", &[&device_id, &now])
            .await
            .map_err(other)?;
        Ok(())
    }

    async fn office_health(&self) -> Result<Vec<OfficeHealth>, DbError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT o.unit_code, o.name,
                    (SELECT count(*) FROM devices d WHERE d.office_id = o.id),
                    (SELECT count(*) FROM devices d WHERE d.office_id = o.id AND d.revoked),
                    (SELECT max(last_seen_at) FROM devices d WHERE d.office_id = o.id),
                    (SELECT count(*) FROM ops WHERE office_id = o.id),
                    (SELECT created_at FROM ops WHERE office_id = o.id ORDER BY seq DESC LIMIT 1)
                 FROM offices o ORDER BY o.unit_code",
                &[],
            )
            .await
            .map_err(other)?;
        Ok(rows
            .iter()
            .map(|r| OfficeHealth {
                unit_code: r.get(0),
                name: r.get(1),
                devices: r.get::<_, i64>(2) as u32,
                revoked: r.get::<_, i64>(3) as u32,
                last_seen_at: r.get(4),
                ops: r.get(5),
                last_op_at: r.get(6),
            })
            .collect())
    }

    async fn office_dossiers(
        &self,
        user_id: i64,
        office_id: i64,
        after_seq: i64,
        limit: u32,
        now: i64,
    ) -> Result<Vec<StoredDossier>, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(other)?;
        let rows = tx
            .query(
                "SELECT seq, payload FROM ops WHERE office_id = $1 AND kind = 'dossier.received' AND seq > $2
                 ORDER BY seq LIMIT $3",
                &[&office_id, &after_seq, &i64::from(limit)],
            )
            .await
            .map_err(other)?;
        let found: Vec<StoredDossier> =
            rows.iter().map(|r| StoredDossier { server_seq: r.get(0), payload: r.get(1) }).collect();
        // The read and its audit record commit together: no read without its trace.
        tx.execute(
            "INSERT INTO city_reads (at, user_id, what, office_id, count) VALUES ($1, $2, 'office_dossiers', $3, $4)",
            &[&now, &user_id, &office_id, &(found.len() as i64)],
        )
        .await
        .map_err(other)?;
        tx.commit().await.map_err(other)?;
        Ok(found)
    }

    async fn city_reads(&self, limit: u32) -> Result<Vec<CityRead>, DbError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT r.at, u.username, r.what, o.unit_code, r.count FROM city_reads r
                 JOIN city_users u ON u.id = r.user_id LEFT JOIN offices o ON o.id = r.office_id
                 ORDER BY r.id DESC LIMIT $1",
                &[&i64::from(limit)],
            )
            .await
            .map_err(other)?;
        Ok(rows
            .iter()
            .map(|r| CityRead {
                at: r.get(0),
                username: r.get(1),
                what: r.get(2),
                office_unit_code: r.get(3),
                count: r.get(4),
            })
            .collect())
    }
}
