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

/// Enrolment: a code works once, before it expires, for one office; re-enrolling a device
/// replaces its credential; a revoked device is known as revoked; a device cannot slip into
/// another office.
pub async fn an_enrolment_code_works_once_and_revocation_is_at_once(db: impl CityDb) {
    use crate::Redeemed;
    let c = db.create_office("000.00.31.H26", "Xã Sóc Sơn").await.unwrap();
    let d = db.create_office("000.00.32.H26", "Xã Đông Anh").await.unwrap();
    let office = db.office_by_unit_code("000.00.31.H26").await.unwrap().unwrap();
    assert_eq!((office.id, office.name.as_str()), (c, "Xã Sóc Sơn"));
    assert!(db.office_by_unit_code("999").await.unwrap().is_none());
    let now = 1_764_000_000;
    const PC: &str = "00000000-0000-7000-8000-0000000000c1";

    db.issue_enrolment_code(c, "code-1", now + 3600).await.unwrap();
    db.issue_enrolment_code(c, "code-old", now - 1).await.unwrap();
    assert_eq!(db.redeem_enrolment("nope", now, PC, "Quầy 1", "tok-1").await.unwrap(), Redeemed::Unknown);
    assert_eq!(db.redeem_enrolment("code-old", now, PC, "Quầy 1", "tok-1").await.unwrap(), Redeemed::Expired);
    assert!(db.device_by_token("tok-1").await.unwrap().is_none(), "nothing registered by a refused code");

    let enrolled = db.redeem_enrolment("code-1", now, PC, "Quầy 1", "tok-1").await.unwrap();
    assert!(matches!(&enrolled, Redeemed::Enrolled(o) if o.id == c && o.unit_code == "000.00.31.H26"));
    let device = db.device_by_token("tok-1").await.unwrap().unwrap();
    assert_eq!((device.office_id, device.revoked), (c, false));
    // The same code again, by this PC or another: used.
    assert_eq!(db.redeem_enrolment("code-1", now, PC, "Quầy 1", "tok-2").await.unwrap(), Redeemed::Used);
    let other_pc = "00000000-0000-7000-8000-0000000000c2";
    assert_eq!(db.redeem_enrolment("code-1", now, other_pc, "Quầy 2", "tok-3").await.unwrap(), Redeemed::Used);

    // A code of another office cannot move the PC there; the code stays usable.
    db.issue_enrolment_code(d, "code-d", now + 3600).await.unwrap();
    assert_eq!(
        db.redeem_enrolment("code-d", now, PC, "Quầy 1", "tok-4").await.unwrap(),
        Redeemed::DeviceInAnotherOffice
    );
    assert!(
        matches!(db.redeem_enrolment("code-d", now, other_pc, "Quầy 1", "tok-5").await.unwrap(), Redeemed::Enrolled(o) if o.id == d)
    );

    // Revoked at once; a fresh code from the admin brings the PC back with a new credential,
    // and the old one stays dead.
    assert!(db.revoke_device(PC).await.unwrap());
    assert!(!db.revoke_device("no-such-device").await.unwrap());
    assert!(db.device_by_token("tok-1").await.unwrap().unwrap().revoked);
    db.issue_enrolment_code(c, "code-2", now + 3600).await.unwrap();
    assert!(matches!(db.redeem_enrolment("code-2", now, PC, "Quầy 1", "tok-6").await.unwrap(), Redeemed::Enrolled(_)));
    assert!(db.device_by_token("tok-1").await.unwrap().is_none());
    assert!(!db.device_by_token("tok-6").await.unwrap().unwrap().revoked);

    let listed = db.devices().await.unwrap();
    let mine: Vec<(&str, &str, bool)> = listed
        .iter()
        .filter(|l| l.office_unit_code.starts_with("000.00.3"))
        .map(|l| (l.office_unit_code.as_str(), l.device.name.as_str(), l.device.revoked))
        .collect();
    assert_eq!(mine, [("000.00.31.H26", "Quầy 1", false), ("000.00.32.H26", "Quầy 1", false)]);
}
