//! One pull round: pages of what changed for this PC's office, each applied with its cursor
//! in one transaction, until the server says there is no more.

use motcua_store::PullApplied;
use motcua_sync_proto::PullReply;

use crate::StoreAccess;
use crate::client::CityClient;
use crate::error::SyncError;

/// Ops per page: a page is applied in one transaction (about 1 MB of dossiers).
pub const PAGE: u32 = 1000;

/// Pages in one round at most (10 million ops).
const MAX_PAGES: usize = 10_000;

/// What a round pulled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullReport {
    pub pages: u32,
    pub applied: PullApplied,
}

/// Pulls and applies everything waiting. Stops at the first failure; pages applied before it
/// stay applied (with their cursor), the rest comes in the next round.
///
/// The next page is fetched while this one is applied (a thread, one page ahead): the
/// server's work and the transfer overlap the counter's writes.
pub fn pull_all(client: &CityClient, store: &impl StoreAccess) -> Result<PullReport, SyncError> {
    let start = store.with_store(&mut |s| s.pull_cursor())?;
    std::thread::scope(|scope| {
        let (pages, arriving) = std::sync::mpsc::sync_channel::<Result<PullReply, SyncError>>(1);
        scope.spawn(move || {
            let mut cursor = start;
            // Bounded: a server that always says "more" cannot keep the round going for ever.
            for _ in 0..MAX_PAGES {
                let page = client.pull(cursor, PAGE);
                let last = page.as_ref().map_or(true, |p| !p.more);
                cursor = page.as_ref().ok().map(|p| p.cursor.clone());
                // The applier stopped (a failure): nothing more to fetch.
                if pages.send(page).is_err() || last {
                    break;
                }
            }
        });
        let mut report = PullReport::default();
        for page in arriving {
            let page = page?;
            let ops: Vec<_> = page.ops.into_iter().map(|o| o.op).collect();
            let applied = store.with_store(&mut |s| s.apply_pulled(&ops, &page.cursor))?;
            report.pages += 1;
            report.applied.applied += applied.applied;
            report.applied.already_had += applied.already_had;
            report.applied.superseded += applied.superseded;
            report.applied.not_applied += applied.not_applied;
        }
        Ok(report)
    })
}
