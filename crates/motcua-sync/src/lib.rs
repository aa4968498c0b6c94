//! The counter's side of sync with the city server.
//!
//! - [`client::CityClient`]: the HTTP calls (enrol, hello, push), request bodies gzipped when
//!   large, every refusal turned into a [`SyncError`] with the server's Vietnamese message.
//! - [`push::push_all`]: one round: the outbox is pushed in log order, batch by batch; an op
//!   is marked sent only by the server's acknowledgement, which the server gives after its
//!   own durable commit. A refused op is recorded and counts as sent: the ops behind it go on.
//! - [`pull::pull_all`]: then what changed for the office comes down, page by page, each
//!   applied through the store's write path together with its cursor.
//! - [`runner::SyncRunner`]: a thread that runs rounds on a timer, sooner when asked ("Đồng
//!   bộ ngay"), with exponential backoff and jitter while the server cannot be reached, and
//!   keeps the state the counter shows.
//!
//! The store is reached through [`StoreAccess`], so its lock is never held while waiting on
//! the network.

pub mod client;
pub mod error;
pub mod pull;
pub mod push;
pub mod runner;

use std::sync::Mutex;

use motcua_store::{Store, StoreError};

pub use client::CityClient;
pub use error::SyncError;
pub use pull::{PullReport, pull_all};
pub use push::{PushReport, push_all};
pub use runner::{SyncRunner, SyncState};

/// What one sync round did: up, then down.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub pushed: PushReport,
    pub pulled: PullReport,
}

/// One round: this PC's ops up first (so the server has them before it hands out others'),
/// then what changed for the office down.
pub fn sync_round(client: &CityClient, store: &impl StoreAccess) -> Result<RoundReport, SyncError> {
    let pushed = push_all(client, store)?;
    let pulled = pull_all(client, store)?;
    Ok(RoundReport { pushed, pulled })
}

/// Short use of the counter's store, between network calls.
pub trait StoreAccess: Send + Sync {
    fn with_store<T>(&self, f: &mut dyn FnMut(&mut Store) -> Result<T, StoreError>) -> Result<T, StoreError>;
}

impl StoreAccess for Mutex<Store> {
    fn with_store<T>(&self, f: &mut dyn FnMut(&mut Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut store = self.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut store)
    }
}
