//! The counter's store: one SQLite file per counter PC, the truth of that counter.
//!
//! ## The one write path
//! Every change to domain data is a [`Change`]: [`Store::commit`] applies it to the tables and
//! appends its operation record (UUIDv7, device, hybrid logical clock, user, kind, payload) in
//! the same immediate transaction, committed with `synchronous=FULL`, so when `commit` returns
//! the change is on disk. The op log is both the audit trail and the outbox the city sync
//! pushes; applying an op received from elsewhere goes through the same `apply` function.
//! No public function writes a domain table any other way.
//!
//! ## Adding a table
//! Add a migration file `migrations/NNNN_what.sql` and list it in [`db::MIGRATIONS`]; add a
//! `Change` variant for each way the table changes and its arm in `ops::apply`; put the reads
//! in a module named after the table.

pub mod backup;
mod catalog;
mod dashboard;
mod db;
mod dossier_steps;
mod dossiers;
mod durable;
mod error;
mod feedback;
#[cfg(feature = "fixtures")]
pub mod fixtures;
mod mail;
mod maintenance;
mod office;
mod ops;
pub mod password;
mod pull;
mod queue;
mod ratings;
mod reports;
mod search;
mod settings;
mod sync;
mod users;

pub use dashboard::{Dashboard, DashboardLine, DeadlineCutoffs, FeedbackFigures, PendingByDeadline, QueueFigures};
pub use db::{LATEST_SCHEMA, StartupCheck, Store};
pub use dossier_steps::{DossierHistory, DossierStep};
pub use dossiers::{DossierRecord, DossierSummary, NewDossier};
pub use durable::WalSync;
pub use error::StoreError;
pub use feedback::{FeedbackActed, FeedbackItem, FeedbackRecord, FeedbackSummary};
pub use mail::MailState;
pub use maintenance::{Checkpointer, Integrity, Maintenance};
pub use motcua_sync_proto::Hlc;
pub use office::OfficeOfOtherPcs;
pub use ops::{Actor, Change, OpRecord, ReadTx, Step};
pub use pull::{NotApplied, PullApplied};
pub use ratings::RatingRecord;
pub use reports::ReportLine;
pub use search::{QueryKind, classify as classify_query};
pub use sync::{Acked, Rejection, SyncSummary};
pub use users::{MIN_PASSWORD_CHARS, NewUser, Role, UserRecord};
