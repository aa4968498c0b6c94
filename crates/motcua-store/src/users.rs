//! The `users` table: accounts and roles. Passwords are stored only as argon2 hashes.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use motcua_domain::text;
use motcua_domain::validation::{MAX_NAME_CHARS, Problems};

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
    tx.prepare_cached(
        "INSERT INTO users (id, username, full_name, role, password_hash, active, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET username = excluded.username, full_name = excluded.full_name,
             role = excluded.role, password_hash = excluded.password_hash, active = excluded.active",
    )?
    .execute(params![u.id, u.username, u.full_name, u.role.as_str(), u.password_hash, u.active, u.created_at])?;
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

/// An account as an admin types it (the first-run wizard, the admin screen, the city's
/// `staff add`).
#[derive(Debug, Clone, Deserialize)]
pub struct NewUser {
    pub full_name: String,
    pub username: String,
    pub password: String,
}

/// Shorter passwords are refused: counter PCs sit in public halls.
pub const MIN_PASSWORD_CHARS: usize = 8;

impl NewUser {
    pub fn normalised(mut self) -> Self {
        self.full_name = text::clean(&self.full_name);
        self.username = self.username.trim().to_lowercase();
        self
    }

    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::default();
        if self.full_name.is_empty() {
            p.add("full_name", "Chưa nhập họ tên");
        } else if self.full_name.chars().count() > MAX_NAME_CHARS {
            p.add("full_name", "Họ tên quá dài");
        }
        let ok_username = (3..=32).contains(&self.username.len())
            && self.username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_');
        if !ok_username {
            p.add("username", "Tên đăng nhập gồm 3–32 ký tự: chữ không dấu, số, dấu chấm hoặc gạch dưới");
        }
        if self.password.chars().count() < MIN_PASSWORD_CHARS {
            p.add("password", format!("Mật khẩu cần ít nhất {MIN_PASSWORD_CHARS} ký tự"));
        }
        p.into_result()
    }

    /// The account to store: a new id, the password's argon2 hash (never the password).
    /// `created_at` is office local time (`YYYY-MM-DDTHH:MM:SS`).
    pub fn into_record(self, role: Role, created_at: &str) -> Result<UserRecord, StoreError> {
        Ok(UserRecord {
            id: uuid::Uuid::now_v7().to_string(),
            username: self.username,
            full_name: self.full_name,
            role,
            password_hash: crate::password::hash_password(&self.password)
                .map_err(|e| StoreError::Password(e.to_string()))?,
            active: true,
            created_at: created_at.to_owned(),
        })
    }
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
