//! The city server's storage, behind a trait so the server runs on embedded SQLite
//! (`motcua-city-sqlite`) or on PostgreSQL (`motcua-city-postgres`) with the same code.
//!
//! **Contract every backend keeps** (the story tests check it against each):
//! - `ingest` stores each op id once: an op sent again is a `Duplicate` with its first
//!   `server_seq`, never a second row;
//! - it answers only after the batch is durably committed, all of it or none of it (a failed
//!   commit is an error for the whole batch, which the client retries);
//! - ops of one device are stored in `device_seq` order; an op whose device already has a
//!   later one stored is still stored (a retried batch), but `server_seq` grows with each
//!   insert, so pulls see everything in one order;
//! - an op is stored under the office of the device that pushed it, whatever it claims;
//! - `pull` returns only the office's ops, in `server_seq` order.

#[cfg(feature = "story")]
pub mod story;

use std::future::Future;

use motcua_sync_proto::{AckOutcome, ServerOp, WireOp};

/// A device as the server knows it, once its credential has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub device_id: String,
    pub office_id: i64,
    pub name: String,
    pub revoked: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Other(String),
}

/// What a refused op is told; the backend decides only the storage-level refusals (the
/// server's validation runs before and passes only ops worth storing).
pub type Acks = Vec<AckOutcome>;

pub trait CityDb: Clone + Send + Sync + 'static {
    /// Creates an office (city admin); returns its id.
    fn create_office(&self, unit_code: &str, name: &str) -> impl Future<Output = Result<i64, DbError>> + Send;

    /// Registers a device of `office_id` with the SHA-256 of its credential.
    fn add_device(
        &self,
        office_id: i64,
        device_id: &str,
        name: &str,
        token_sha256: &str,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// The device whose credential hashes to `token_sha256`.
    fn device_by_token(&self, token_sha256: &str) -> impl Future<Output = Result<Option<Device>, DbError>> + Send;

    /// Stores `ops` pushed by `device` (see the contract above); one outcome per op, in order.
    fn ingest(&self, device: &Device, ops: Vec<WireOp>) -> impl Future<Output = Result<Acks, DbError>> + Send;

    /// The office's ops after `after_seq`, at most `limit`, in `server_seq` order.
    fn pull(
        &self,
        office_id: i64,
        after_seq: i64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<ServerOp>, DbError>> + Send;
}
