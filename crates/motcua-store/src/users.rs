//! The `users` table: accounts and roles. Passwords are stored only as argon2 hashes.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::db::Store;
use crate::error::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Quản trị: office setup, accounts, catalog import.
    Admin,
    /// Lãnh đạo / trưởng bộ phận: queues and KPIs.
    Supervisor,
    /// Cán bộ tiếp nhận và trả kết quả.
    Clerk,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Clerk => "clerk",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "supervisor" => Some(Role::Supervisor),
            "clerk" => Some(Role::Clerk),
            _ => None,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị",
            Role::Supervisor => "Lãnh đạo",
            Role::Clerk => "Cán bộ tiếp nhận",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
    pub created_at: String,
}

pub(crate) fn apply_created(tx: &rusqlite::Connection, u: &UserRecord) -> Result<(), StoreError> {
    let taken: Option<String> =
        tx.query_row("SELECT id FROM users WHERE username = ?1", [&u.username], |r| r.get(0)).optional()?;
    if taken.is_some_and(|id| id != u.id) {
        return Err(StoreError::Duplicate { what: "username" });
    }
    tx.execute(
        "INSERT INTO users (id, username, full_name, role, password_hash, active, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET username = excluded.username, full_name = excluded.full_name,
             role = excluded.role, password_hash = excluded.password_hash, active = excluded.active",
        params![u.id, u.username, u.full_name, u.role.as_str(), u.password_hash, u.active, u.created_at],
    )?;
    Ok(())
}

fn from_row(r: &Row) -> rusqlite::Result<UserRecord> {
    let role: String = r.get(3)?;
    Ok(UserRecord {
        id: r.get(0)?,
        username: r.get(1)?,
        full_name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Clerk),
        password_hash: r.get(4)?,
        active: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const COLUMNS: &str = "id, username, full_name, role, password_hash, active, created_at";

impl Store {
    pub fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE username = ?1");
        Ok(self.conn.query_row(&sql, [username.trim()], from_row).optional()?)
    }

    pub fn user_by_id(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], from_row).optional()?)
    }

    pub fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS} FROM users ORDER BY full_name"))?;
        let rows = stmt.query_map([], from_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn user_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
    }
}
