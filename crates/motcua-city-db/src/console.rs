//! The city's own staff and what they see: accounts and sessions for the city's console, each
//! office's sync health, an office's received dossiers, and the audit of every read of personal
//! data (who looked at which office's dossiers, when, how many).

use std::future::Future;

use crate::DbError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CityRole {
    /// Manages offices, devices, publications and staff.
    Admin,
    /// Reads every office's dossiers and sync health.
    Supervisor,
}

impl CityRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CityRole::Admin => "admin",
            CityRole::Supervisor => "supervisor",
        }
    }

    pub fn parse(s: &str) -> Option<CityRole> {
        match s {
            "admin" => Some(CityRole::Admin),
            "supervisor" => Some(CityRole::Supervisor),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityUser {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: CityRole,
    /// argon2, PHC string.
    pub password_hash: String,
    pub active: bool,
}

/// One office's sync, as the city's supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHealth {
    pub unit_code: String,
    pub name: String,
    pub devices: u32,
    pub revoked: u32,
    /// The last time any of its devices said hello (Unix seconds).
    pub last_seen_at: Option<i64>,
    pub ops: i64,
    /// When the newest op it pushed was made there (the device's clock, RFC 3339).
    pub last_op_at: Option<String>,
}

/// A dossier as the server stored it (the `dossier.received` op's payload).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDossier {
    pub server_seq: i64,
    pub payload: serde_json::Value,
}

/// One read of personal data by a city staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityRead {
    pub at: i64,
    pub username: String,
    /// What was read (`office_dossiers`).
    pub what: String,
    pub office_unit_code: Option<String>,
    /// Records returned.
    pub count: i64,
}

pub trait CityConsoleDb: crate::dashboard::CityDashboardDb {
    /// A new account; `Ok(None)` when the username is taken.
    fn add_city_user(
        &self,
        username: &str,
        full_name: &str,
        role: CityRole,
        password_hash: &str,
    ) -> impl Future<Output = Result<Option<i64>, DbError>> + Send;

    fn city_user_by_username(&self, username: &str) -> impl Future<Output = Result<Option<CityUser>, DbError>> + Send;

    /// Keeps the SHA-256 of a session token of `user_id`, valid until `expires_at`.
    fn open_city_session(
        &self,
        user_id: i64,
        token_sha256: &str,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// The active user of a session that has not expired at `now`.
    fn city_user_by_session(
        &self,
        token_sha256: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<CityUser>, DbError>> + Send;

    /// Notes that `device_id` reached the server at `now` (its hello).
    fn touch_device(&self, device_id: &str, now: i64) -> impl Future<Output = Result<(), DbError>> + Send;

    /// Every office, by unit code.
    fn office_health(&self) -> impl Future<Output = Result<Vec<OfficeHealth>, DbError>> + Send;

    /// The office's received dossiers after `after_seq`, oldest first, at most `limit`; and,
    /// in the same transaction, the audit record of this read by `user_id`.
    fn office_dossiers(
        &self,
        user_id: i64,
        office_id: i64,
        after_seq: i64,
        limit: u32,
        now: i64,
    ) -> impl Future<Output = Result<Vec<StoredDossier>, DbError>> + Send;

    /// The audit of reads, newest first.
    fn city_reads(&self, limit: u32) -> impl Future<Output = Result<Vec<CityRead>, DbError>> + Send;
}
