//! The office queue, shared by every counter of an office over the LAN alone.
//!
//! One PC hosts it (a counter's, or a small box running `motcua-server --office-hub`): a
//! [`host::QueueHost`] owns that PC's hub store and is the only writer of the queue. Commands
//! (take a ticket, call next, recall, …) go to its writer thread, which commits whatever has
//! arrived meanwhile in one transaction (group commit: one fsync for the lot), answers each
//! caller, then publishes the calls to the hall displays. Every change is an op in the hub
//! store's log, so the city gets the queue's figures through the same sync as dossiers.
//!
//! `http` is the LAN API over it (axum: JSON, server-sent events), `client` what counter apps
//! and the CLI call it with, `rules` the decisions themselves, made from `today`: the day's
//! queue, which the host's writer keeps in memory.

pub mod access;
pub mod client;
pub mod discovery;
pub mod error;
pub mod host;
pub mod http;
pub mod office_hub;
pub mod rules;
pub mod status;
mod today;

pub use error::QueueError;
pub use host::{Caller, Command, HostConfig, Outcome, QueueEvent, QueueHost};
pub use status::QueueStatus;
