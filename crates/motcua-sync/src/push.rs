//! One push round: the outbox, in log order, batch by batch, until it is empty.

use motcua_store::{Acked, OpRecord};
use motcua_sync_proto::{AckOutcome, ErrorCode, MAX_BATCH_OPS, PROTOCOL_VERSION};

use crate::StoreAccess;
use crate::client::CityClient;
use crate::error::SyncError;

/// What a round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Ops the server now has (stored by this round or already before: a retried batch).
    pub sent: u64,
    /// Of those, the ones it already had (an acknowledgement lost on the way, then a resend).
    pub duplicates: u64,
    /// Ops it refused for good (recorded, shown to the admin).
    pub rejected: u64,
    pub batches: u32,
    /// The server's clock minus this PC's, in seconds, at the hello (the network's delay
    /// included): the clerk is warned when it is minutes off, since receipts carry dates.
    pub clock_skew_s: Option<i64>,
}

/// `server_time` (RFC 3339) minus `local`, in whole seconds; `None` if it cannot be read.
pub fn clock_skew_s(server_time: &str, local: chrono::DateTime<chrono::Utc>) -> Option<i64> {
    let server = chrono::DateTime::parse_from_rfc3339(server_time).ok()?;
    Some((server.with_timezone(&chrono::Utc) - local).num_seconds())
}

/// Pushes everything this PC has not had acknowledged. Stops at the first failure; what was
/// acknowledged before it stays acknowledged, the rest goes in the next round.
pub fn push_all(client: &CityClient, store: &impl StoreAccess) -> Result<PushReport, SyncError> {
    let hello = client.hello()?;
    if hello.min_client_protocol > PROTOCOL_VERSION {
        return Err(SyncError::Refused {
            code: ErrorCode::OutdatedClient,
            message: "Phần mềm ở quầy đã quá cũ để đồng bộ; hãy cập nhật phiên bản mới.".into(),
        });
    }
    let batch = hello.max_batch_ops.clamp(1, MAX_BATCH_OPS) as usize;
    let mut report =
        PushReport { clock_skew_s: clock_skew_s(&hello.server_time, chrono::Utc::now()), ..PushReport::default() };
    loop {
        let ops = store.with_store(&mut |s| s.unsent_ops(batch))?;
        if ops.is_empty() {
            // Nothing waiting: the server has everything (this records when).
            store.with_store(&mut |s| s.record_acks(&[]))?;
            return Ok(report);
        }
        let ids: Vec<String> = ops.iter().map(|o| o.id.clone()).collect();
        let reply = client.push(ops.into_iter().map(OpRecord::into_wire).collect())?;
        if reply.acks.len() != ids.len() || reply.acks.iter().zip(&ids).any(|(a, id)| a.id != *id) {
            return Err(SyncError::BadAnswer {
                status: 200,
                detail: format!("{} acknowledgements for {} ops, or not in order", reply.acks.len(), ids.len()),
            });
        }
        let mut acks = Vec::with_capacity(ids.len());
        for ack in reply.acks {
            let acked = match ack.outcome {
                AckOutcome::Stored { .. } => {
                    report.sent += 1;
                    Acked::Stored
                }
                AckOutcome::Duplicate { .. } => {
                    report.sent += 1;
                    report.duplicates += 1;
                    Acked::Stored
                }
                AckOutcome::Rejected { code, message } => {
                    tracing::warn!(op = %ack.id, code = %code, "op refused by the city server");
                    report.rejected += 1;
                    Acked::Rejected { code, message }
                }
            };
            acks.push((ack.id, acked));
        }
        store.with_store(&mut |s| s.record_acks(&acks))?;
        report.batches += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::clock_skew_s;

    #[test]
    fn the_skew_is_the_servers_clock_minus_ours() {
        let ours = chrono::DateTime::parse_from_rfc3339("2026-12-02T02:00:00Z").unwrap().to_utc();
        assert_eq!(clock_skew_s("2026-12-01T02:00:00Z", ours), Some(-86_400), "this PC a day ahead");
        assert_eq!(clock_skew_s("2026-12-02T09:05:00+07:00", ours), Some(300));
        assert_eq!(clock_skew_s("", ours), None, "an older server sends nothing");
    }
}
