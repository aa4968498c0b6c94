//! The story every backend must tell the same way (run by each backend's tests against a real
//! database): offices, devices, a batch pushed twice, an id replayed by another office's
//! device, pulls per office.

use motcua_sync_proto::{AckOutcome, WireOp};

use crate::CityDb;

/// Device ids of the story (UUIDs, as counters make them).
pub const DEVICE_A: &str = "00000000-0000-7000-8000-00000000000a";
pub const DEVICE_B: &str = "00000000-0000-7000-8000-00000000000b";

/// An op of `device` numbered `n` (ids and clocks made from `n`): a printed paper, whose
/// payload a counter's store would accept, with Vietnamese text in it.
pub fn op(device: &str, n: i64) -> WireOp {
    WireOp {
        id: format!("00000000-0000-7000-8000-{n:012}"),
        device_id: device.into(),
        device_seq: n,
        hlc: format!("{:016}-00000", 1_764_000_000_000i64 + n),
        user_id: "u".into(),
        kind: "paper.printed".into(),
        payload: serde_json::json!({
            "paper": "receipt", "subject": format!("Đặng Văn Đức {n}"), "reprint": false, "printer": "MayIn-A4"
        }),
        created_at: "2026-11-23T02:00:00.000Z".into(),
    }
}

fn seq(a: &AckOutcome) -> Option<i64> {
    match a {
        AckOutcome::Stored { server_seq } | AckOutcome::Duplicate { server_seq } => Some(*server_seq),
        AckOutcome::Rejected { .. } => None,
    }
}

/// Panics at the first difference from the contract in the crate's documentation.
pub async fn a_batch_sent_twice_is_stored_once_and_pulls_stay_in_their_office(db: impl CityDb) {
    let a = db.create_office("000.00.21.H26", "Phường Ba Đình").await.unwrap();
    let b = db.create_office("000.00.22.H26", "Phường Kim Mã").await.unwrap();
    db.add_device(a, DEVICE_A, "Quầy 1", "hash-a").await.unwrap();
    db.add_device(b, DEVICE_B, "Quầy 1", "hash-b").await.unwrap();
    let dev_a = db.device_by_token("hash-a").await.unwrap().unwrap();
    let dev_b = db.device_by_token("hash-b").await.unwrap().unwrap();
    assert!(db.device_by_token("nope").await.unwrap().is_none());

    let batch: Vec<WireOp> = (1..=3).map(|n| op(DEVICE_A, n)).collect();
    let first = db.ingest(&dev_a, batch.clone()).await.unwrap();
    assert!(first.iter().all(|a| matches!(a, AckOutcome::Stored { .. })), "{first:?}");
    let again = db.ingest(&dev_a, batch).await.unwrap();
    assert!(again.iter().all(|a| matches!(a, AckOutcome::Duplicate { .. })), "{again:?}");
    assert_eq!(first.iter().map(seq).collect::<Vec<_>>(), again.iter().map(seq).collect::<Vec<_>>());

    // Device B claims to be device A: stored as B's, in B's office. Replaying one of A's op
    // ids gets a refusal that says nothing of A's op.
    db.ingest(&dev_b, vec![op(DEVICE_A, 4)]).await.unwrap();
    let replay = db.ingest(&dev_b, vec![op(DEVICE_A, 1)]).await.unwrap();
    assert!(matches!(&replay[0], AckOutcome::Rejected { code, .. } if code == "id_taken"), "{replay:?}");

    let pulled = db.pull(a, 0, 100).await.unwrap();
    assert_eq!(pulled.len(), 3);
    assert!(pulled.windows(2).all(|w| w[0].server_seq < w[1].server_seq));
    assert_eq!(pulled[0].op.payload["subject"], "Đặng Văn Đức 1");
    let pulled_b = db.pull(b, 0, 100).await.unwrap();
    assert_eq!(pulled_b.len(), 1);
    assert_eq!(pulled_b[0].op.device_id, DEVICE_B);
    assert!(db.pull(a, pulled[2].server_seq, 100).await.unwrap().is_empty());
}
