//! One pull round: pages of what changed for this PC's office, each applied with its cursor
//! in one transaction, until the server says there is no more.

use motcua_store::PullApplied;

use crate::StoreAccess;
use crate::client::CityClient;
use crate::error::SyncError;

/// Ops per page: a page is applied in one transaction (about 1 MB of dossiers).
pub const PAGE: u32 = 1000;

/// What a round pulled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullReport {
    pub pages: u32,
    pub applied: PullApplied,
}

/// Pulls and applies everything waiting. Stops at the first failure; pages applied before it
/// stay applied (with their cursor), the rest comes in the next round.
pub fn pull_all(client: &CityClient, store: &impl StoreAccess) -> Result<PullReport, SyncError> {
    let mut report = PullReport::default();
    // Bounded: a server that always says "more" cannot keep the round going for ever.
    for _ in 0..10_000 {
        let cursor = store.with_store(&mut |s| s.pull_cursor())?;
        let page = client.pull(cursor, PAGE)?;
        let ops: Vec<_> = page.ops.into_iter().map(|o| o.op).collect();
        let applied = store.with_store(&mut |s| s.apply_pulled(&ops, &page.cursor))?;
        report.pages += 1;
        report.applied.applied += applied.applied;
        report.applied.already_had += applied.already_had;
        report.applied.superseded += applied.superseded;
        report.applied.not_applied += applied.not_applied;
        if !page.more {
            break;
        }
    }
    Ok(report)
}
