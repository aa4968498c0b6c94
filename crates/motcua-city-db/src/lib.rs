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
//! - a dossier step is checked against its dossier's state, as the ops before it in the
//!   server's order left it (in the same transaction, under the office's write lock); a step
//!   that does not follow is refused (`step_refused`) and not stored;
//! - `pull` gives a device two streams, each in its own sequence's order: what the city
//!   published (for every office, or for the device's office) and what the office's other
//!   devices pushed (of the kinds asked for, never the device's own ops). Within each stream
//!   a sequence number is handed out in commit order (a writer holds the stream's lock from
//!   taking its number to its commit), so a cursor never skips a row committed after it;
//! - `publish` stores the city's own changes in one transaction, as ops of the city's
//!   publisher (its device id never changes), with clocks that only grow.

pub mod console;
pub mod dashboard;
pub mod dossiers;
#[cfg(feature = "story")]
pub mod story;

use std::future::Future;

use motcua_sync_proto::{AckOutcome, Hlc, ServerOp, WireOp};

/// Where a device's pull stands in each stream: the office's ops (`office`) and the city's
/// publications (`city`). Travels as the opaque text `"office.city"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullCursor {
    pub office: i64,
    pub city: i64,
}

impl PullCursor {
    /// `None` for text that is not a cursor this server gave.
    pub fn parse(s: &str) -> Option<PullCursor> {
        let (office, city) = s.split_once('.')?;
        let (office, city) = (office.parse().ok()?, city.parse().ok()?);
        (office >= 0 && city >= 0).then_some(PullCursor { office, city })
    }
}

impl std::fmt::Display for PullCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.office, self.city)
    }
}

/// One page of a pull: the city's publications first, then the office's ops.
#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub ops: Vec<ServerOp>,
    pub cursor: PullCursor,
    /// The page was full: more may be waiting.
    pub more: bool,
}

/// A change the city makes itself: the catalog, a year's holidays, an office's staff account.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    /// `None`: for every office.
    pub office_id: Option<i64>,
    /// The city staff member who published it (`city:USERNAME`).
    pub user_id: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

impl Publication {
    /// The op a publication becomes, made by the city's `publisher` at clock `hlc`.
    pub fn into_op(self, publisher: &str, hlc: Hlc, now: &str) -> WireOp {
        WireOp {
            id: uuid::Uuid::now_v7().to_string(),
            device_id: publisher.to_owned(),
            // Set from the stream's sequence when read back.
            device_seq: 0,
            hlc: hlc.to_string(),
            user_id: self.user_id,
            kind: self.kind,
            payload: self.payload,
            created_at: now.to_owned(),
        }
    }
}

/// The clock of the next publication: after the last one and after the wall clock.
pub fn next_city_hlc(last: &str) -> Hlc {
    Hlc::parse(last).unwrap_or_default().tick(now_ms())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// UTC now as op logs write times (RFC 3339, milliseconds).
pub fn rfc3339_now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

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
    /// The code is for another office than the one the PC was set up for (this office): the
    /// code is left unused.
    CodeOfAnotherOffice(Office),
}

/// A PC asking to redeem an enrolment code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redemption<'a> {
    pub code_sha256: &'a str,
    /// Unix seconds.
    pub now: i64,
    pub device_id: &'a str,
    pub name: &'a str,
    /// The SHA-256 of the credential the device gets if the code works.
    pub token_sha256: &'a str,
    /// The unit code the PC was set up with, if it has been: a code of another office is
    /// refused without being used.
    pub expected_unit: Option<&'a str>,
}

/// A device as the server knows it, once its credential has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub device_id: String,
    pub office_id: i64,
    /// Its office's unit code: the start of every dossier code the device may issue.
    pub office_unit_code: String,
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
    fn redeem_enrolment(&self, r: Redemption<'_>) -> impl Future<Output = Result<Redeemed, DbError>> + Send;

    /// Revokes a device's credential at once; false when there is no such device.
    fn revoke_device(&self, device_id: &str) -> impl Future<Output = Result<bool, DbError>> + Send;

    /// Every device, by office then name.
    fn devices(&self) -> impl Future<Output = Result<Vec<Device>, DbError>> + Send;

    /// The device whose credential hashes to `token_sha256`.
    fn device_by_token(&self, token_sha256: &str) -> impl Future<Output = Result<Option<Device>, DbError>> + Send;

    /// Stores `ops` pushed by `device` (see the contract above); one outcome per op, in order.
    /// A dossier step that does not follow from its dossier's stored state is refused
    /// ([`dossiers::check`]), and the states the batch changes are stored with it.
    fn ingest(
        &self,
        device: &Device,
        ops: Vec<dossiers::Incoming>,
    ) -> impl Future<Output = Result<Acks, DbError>> + Send;

    /// What `device` has not seen after `cursor`, at most `limit` ops: the city's publications
    /// for its office, then its office's ops of `kinds` made by other devices.
    fn pull(
        &self,
        device: &Device,
        kinds: &'static [&'static str],
        cursor: PullCursor,
        limit: u32,
    ) -> impl Future<Output = Result<Pulled, DbError>> + Send;

    /// Stores the city's own changes, all or none; returns them as devices will pull them.
    fn publish(&self, items: Vec<Publication>) -> impl Future<Output = Result<Vec<ServerOp>, DbError>> + Send;
}
