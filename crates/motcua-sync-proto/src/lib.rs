//! The sync protocol between a counter app and the city server, shared by both sides.
//!
//! Everything here is data: what travels, in which version, and what each refusal means. The
//! client (`motcua-sync`) and the server (`motcua-server`) do the I/O.
//!
//! The exchange:
//! 1. `POST /api/v0/devices/enrol` once per PC, with the one-time code a city admin issued:
//!    the device gets its credential ([`Enrolment`]).
//! 2. `POST /api/v0/sync/hello` at the start of each sync: both sides say which protocol
//!    versions they speak; an outdated client gets [`ErrorCode::OutdatedClient`] and stops
//!    (it never half-syncs with a server it does not understand).
//! 3. `POST /api/v0/sync/push`: the device's ops in log order, in batches. The server answers
//!    for every op only after its own durable commit; the client marks an op sent only then.
//! 4. `POST /api/v0/sync/pull`: what changed for this device's office since its cursor.
//!
//! Every route is versioned (`/api/v0/…`); bodies are JSON, gzip-compressed when large.

pub mod error;
pub mod hlc;
pub mod op;
pub mod wire;

pub use error::{ErrorBody, ErrorCode};
pub use hlc::Hlc;
pub use op::{Ack, AckOutcome, CITY_USER_PREFIX, WireOp};
pub use wire::{EnrolRequest, Enrolment, Hello, HelloReply, PullReply, PullRequest, PushReply, PushRequest, ServerOp};

/// The protocol this build speaks. Bumped when a message changes in a way an older peer would
/// misread; additions that older peers can ignore do not bump it.
pub const PROTOCOL_VERSION: u32 = 1;

/// The oldest client protocol the server still accepts.
pub const MIN_CLIENT_PROTOCOL: u32 = 1;

/// Ops in one push at most (the server may ask for fewer in its [`HelloReply`]).
pub const MAX_BATCH_OPS: u32 = 500;

/// A request body at most, after decompression.
pub const MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;
