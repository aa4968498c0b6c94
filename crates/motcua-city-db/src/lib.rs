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

/// An office of the city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub id: i64,
    /// The unit code of the office (mã đơn vị), as in its dossier codes.
    pub unit_code: String,
    pub name: String,
}

/// What redeeming an enrolment code gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    /// The device now belongs to this office, with the new credential (any earlier one of the
    /// same device stops working).
    Enrolled(Office),
    /// No such code.
    Unknown,
    /// The code was used already (by this device or another): codes work once.
    Used,
    Expired,
    /// The device id is enrolled in another office: a PC moves only when the city revokes it
    /// there first.
    DeviceInAnotherOffice,
}

/// A device in the admin's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceListing {
    pub device: Device,
    pub office_unit_code: String,
}

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

    /// The office with this unit code.
    fn office_by_unit_code(&self, unit_code: &str) -> impl Future<Output = Result<Option<Office>, DbError>> + Send;

    /// Keeps the SHA-256 of a one-time enrolment code for `office_id`, valid until
    /// `expires_at` (Unix seconds).
    fn issue_enrolment_code(
        &self,
        office_id: i64,
        code_sha256: &str,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// Uses the code once, atomically: registers (or re-registers, in the same office) the
    /// device with the SHA-256 of its new credential.
    fn redeem_enrolment(
        &self,
        code_sha256: &str,
        now: i64,
        device_id: &str,
        name: &str,
        token_sha256: &str,
    ) -> impl Future<Output = Result<Redeemed, DbError>> + Send;

    /// Revokes a device's credential at once; false when there is no such device.
    fn revoke_device(&self, device_id: &str) -> impl Future<Output = Result<bool, DbError>> + Send;

    /// Every device, by office then name.
    fn devices(&self) -> impl Future<Output = Result<Vec<DeviceListing>, DbError>> + Send;

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
