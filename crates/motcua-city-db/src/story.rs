//! The story every backend must tell the same way (run by each backend's tests against a real
//! database): offices, devices, a batch pushed twice, an id replayed by another office's
//! device, pulls per office.

use motcua_sync_proto::{AckOutcome, WireOp};

use crate::{CityDb, Publication, PullCursor, Redemption};

/// Device ids of the story (UUIDs, as counters make them).
pub const DEVICE_A: &str = "00000000-0000-7000-8000-00000000000a";
pub const DEVICE_B: &str = "00000000-0000-7000-8000-00000000000b";
pub const DEVICE_A2: &str = "00000000-0000-7000-8000-0000000000a2";

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
    let first = db.ingest(&dev_a, plain(batch.clone())).await.unwrap();
    assert!(first.iter().all(|a| matches!(a, AckOutcome::Stored { .. })), "{first:?}");
    let again = db.ingest(&dev_a, plain(batch)).await.unwrap();
    assert!(again.iter().all(|a| matches!(a, AckOutcome::Duplicate { .. })), "{again:?}");
    assert_eq!(first.iter().map(seq).collect::<Vec<_>>(), again.iter().map(seq).collect::<Vec<_>>());

    // Device B claims to be device A: stored as B's, in B's office. Replaying one of A's op
    // ids gets a refusal that says nothing of A's op.
    db.ingest(&dev_b, plain(vec![op(DEVICE_A, 4)])).await.unwrap();
    let replay = db.ingest(&dev_b, plain(vec![op(DEVICE_A, 1)])).await.unwrap();
    assert!(matches!(&replay[0], AckOutcome::Rejected { code, .. } if code == "id_taken"), "{replay:?}");

    // Another PC of office A pulls A's ops of the kinds it asks for; A's own PC gets none of
    // its own back; office B's PC gets only B's.
    db.add_device(a, DEVICE_A2, "Quầy 2", "hash-a2").await.unwrap();
    let dev_a2 = db.device_by_token("hash-a2").await.unwrap().unwrap();
    let start = PullCursor::default();
    let pulled = db.pull(&dev_a2, KINDS, start, 100).await.unwrap();
    assert_eq!(pulled.ops.len(), 3);
    assert!(!pulled.more);
    assert!(pulled.ops.windows(2).all(|w| w[0].server_seq < w[1].server_seq));
    assert_eq!(pulled.ops[0].op.payload["subject"], "Đặng Văn Đức 1");
    assert!(db.pull(&dev_a2, &["dossier.received"], start, 100).await.unwrap().ops.is_empty(), "kinds filter");
    assert!(db.pull(&dev_a, KINDS, start, 100).await.unwrap().ops.is_empty(), "its own ops");
    db.add_device(b, "00000000-0000-7000-8000-0000000000b2", "Quầy 2", "hash-b2").await.unwrap();
    let dev_b2 = db.device_by_token("hash-b2").await.unwrap().unwrap();
    let pulled_b = db.pull(&dev_b2, KINDS, start, 100).await.unwrap();
    assert_eq!(pulled_b.ops.len(), 1);
    assert_eq!(pulled_b.ops[0].op.device_id, DEVICE_B);
    let after = db.pull(&dev_a2, KINDS, pulled.cursor, 100).await.unwrap();
    assert!(after.ops.is_empty() && !after.more && after.cursor == pulled.cursor);
    // The device's own ops do not hold the cursor back: it moves past them.
    let own = db.pull(&dev_a, KINDS, start, 100).await.unwrap();
    assert_eq!(own.cursor.office, pulled.cursor.office);
}

/// The kinds the story's devices pull.
const KINDS: &[&str] = &["paper.printed"];

/// The city's publications: for every office or one; pulled before the office's ops, page by
/// page, each op once; clocks that only grow; a second office sees only what is for it.
pub async fn publications_reach_their_offices_once_in_order(db: impl CityDb) {
    let a = db.create_office("000.00.41.H26", "Phường Hàng Bạc").await.unwrap();
    let b = db.create_office("000.00.42.H26", "Phường Hàng Đào").await.unwrap();
    db.add_device(a, "00000000-0000-7000-8000-0000000000d1", "Quầy 1", "hash-d1").await.unwrap();
    db.add_device(a, "00000000-0000-7000-8000-0000000000d2", "Quầy 2", "hash-d2").await.unwrap();
    db.add_device(b, "00000000-0000-7000-8000-0000000000e1", "Quầy 1", "hash-e1").await.unwrap();
    let (d1, d2, e1) = (
        db.device_by_token("hash-d1").await.unwrap().unwrap(),
        db.device_by_token("hash-d2").await.unwrap().unwrap(),
        db.device_by_token("hash-e1").await.unwrap().unwrap(),
    );
    let publication = |office_id: Option<i64>, n: i64| Publication {
        office_id,
        user_id: "city:admin".into(),
        kind: "paper.printed".into(),
        payload: serde_json::json!({"paper": "n", "subject": format!("Thông báo {n}"), "reprint": false, "printer": ""}),
    };
    let published = db
        .publish(vec![publication(None, 1), publication(Some(a), 2), publication(Some(b), 3), publication(None, 4)])
        .await
        .unwrap();
    assert_eq!(published.len(), 4);
    let publisher = &published[0].op.device_id;
    assert!(published.iter().all(|p| &p.op.device_id == publisher && p.op.check_shape().is_ok()), "{published:?}");
    assert!(published.windows(2).all(|w| w[0].op.hlc < w[1].op.hlc && w[0].server_seq < w[1].server_seq));
    let later = db.publish(vec![publication(None, 5)]).await.unwrap();
    assert_eq!(&later[0].op.device_id, publisher, "one publisher for ever");
    assert!(later[0].op.hlc > published[3].op.hlc);

    // d1 pushes two ops; d2 walks everything two at a time.
    db.ingest(&d1, plain((1..=2).map(|n| op("00000000-0000-7000-8000-0000000000d1", 100 + n)).collect()))
        .await
        .unwrap();
    let mut cursor = PullCursor::default();
    let mut seen = Vec::new();
    for _ in 0..10 {
        let page = db.pull(&d2, KINDS, cursor, 2).await.unwrap();
        assert!(page.ops.len() <= 2);
        seen.extend(page.ops.iter().map(|o| o.op.payload["subject"].as_str().unwrap().to_owned()));
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    assert_eq!(
        seen,
        ["Thông báo 1", "Thông báo 2", "Thông báo 4", "Thông báo 5", "Đặng Văn Đức 101", "Đặng Văn Đức 102"]
    );
    assert!(db.pull(&d2, KINDS, cursor, 2).await.unwrap().ops.is_empty());
    let for_b = db.pull(&e1, KINDS, PullCursor::default(), 100).await.unwrap();
    let subjects: Vec<&str> = for_b.ops.iter().map(|o| o.op.payload["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["Thông báo 1", "Thông báo 3", "Thông báo 4", "Thông báo 5"]);
    // Published after the cursor: found by the next pull.
    db.publish(vec![publication(Some(a), 6)]).await.unwrap();
    let next = db.pull(&d2, KINDS, cursor, 2).await.unwrap();
    assert_eq!(next.ops.len(), 1);
    assert_eq!(next.ops[0].op.payload["subject"], "Thông báo 6");
}

fn redeem<'a>(code: &'a str, now: i64, device_id: &'a str, name: &'a str, token: &'a str) -> Redemption<'a> {
    Redemption { code_sha256: code, now, device_id, name, token_sha256: token, expected_unit: None }
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
    assert_eq!(db.redeem_enrolment(redeem("nope", now, PC, "Quầy 1", "tok-1")).await.unwrap(), Redeemed::Unknown);
    assert_eq!(db.redeem_enrolment(redeem("code-old", now, PC, "Quầy 1", "tok-1")).await.unwrap(), Redeemed::Expired);
    assert!(db.device_by_token("tok-1").await.unwrap().is_none(), "nothing registered by a refused code");

    let enrolled = db.redeem_enrolment(redeem("code-1", now, PC, "Quầy 1", "tok-1")).await.unwrap();
    assert!(matches!(&enrolled, Redeemed::Enrolled(o) if o.id == c && o.unit_code == "000.00.31.H26"));
    let device = db.device_by_token("tok-1").await.unwrap().unwrap();
    assert_eq!((device.office_id, device.revoked), (c, false));
    // The same code again, by this PC or another: used.
    assert_eq!(db.redeem_enrolment(redeem("code-1", now, PC, "Quầy 1", "tok-2")).await.unwrap(), Redeemed::Used);
    let other_pc = "00000000-0000-7000-8000-0000000000c2";
    assert_eq!(db.redeem_enrolment(redeem("code-1", now, other_pc, "Quầy 2", "tok-3")).await.unwrap(), Redeemed::Used);

    // A code of another office cannot move the PC there; the code stays usable.
    db.issue_enrolment_code(d, "code-d", now + 3600).await.unwrap();
    assert_eq!(
        db.redeem_enrolment(redeem("code-d", now, PC, "Quầy 1", "tok-4")).await.unwrap(),
        Redeemed::DeviceInAnotherOffice
    );
    assert!(
        matches!(db.redeem_enrolment(redeem("code-d", now, other_pc, "Quầy 1", "tok-5")).await.unwrap(), Redeemed::Enrolled(o) if o.id == d)
    );

    // A PC set up for office C typing office D's code: refused, the code left for its PC.
    db.issue_enrolment_code(d, "code-d2", now + 3600).await.unwrap();
    let third_pc = "00000000-0000-7000-8000-0000000000c3";
    let wrong =
        Redemption { expected_unit: Some("000.00.31.H26"), ..redeem("code-d2", now, third_pc, "Quầy 3", "tok-7") };
    assert!(matches!(db.redeem_enrolment(wrong).await.unwrap(), Redeemed::CodeOfAnotherOffice(o) if o.id == d));
    assert!(db.device_by_token("tok-7").await.unwrap().is_none());
    let right =
        Redemption { expected_unit: Some("000.00.32.H26"), ..redeem("code-d2", now, third_pc, "Quầy 3", "tok-7") };
    assert!(matches!(db.redeem_enrolment(right).await.unwrap(), Redeemed::Enrolled(o) if o.id == d));
    assert_eq!(db.device_by_token("tok-7").await.unwrap().unwrap().office_unit_code, "000.00.32.H26");

    // Revoked at once; a fresh code from the admin brings the PC back with a new credential,
    // and the old one stays dead.
    assert!(db.revoke_device(PC).await.unwrap());
    assert!(!db.revoke_device("no-such-device").await.unwrap());
    assert!(db.device_by_token("tok-1").await.unwrap().unwrap().revoked);
    db.issue_enrolment_code(c, "code-2", now + 3600).await.unwrap();
    assert!(matches!(
        db.redeem_enrolment(redeem("code-2", now, PC, "Quầy 1", "tok-6")).await.unwrap(),
        Redeemed::Enrolled(_)
    ));
    assert!(db.device_by_token("tok-1").await.unwrap().is_none());
    assert!(!db.device_by_token("tok-6").await.unwrap().unwrap().revoked);

    let listed = db.devices().await.unwrap();
    let mine: Vec<(&str, &str, bool)> = listed
        .iter()
        .filter(|d| d.office_unit_code.starts_with("000.00.3"))
        .map(|d| (d.office_unit_code.as_str(), d.name.as_str(), d.revoked))
        .collect();
    assert_eq!(
        mine,
        [("000.00.31.H26", "Quầy 1", false), ("000.00.32.H26", "Quầy 1", false), ("000.00.32.H26", "Quầy 3", false)]
    );
}

/// The city's console: staff accounts and sessions, each office's sync health, an office's
/// dossiers read with an audit record of the read.
pub async fn the_city_console_sees_offices_and_traces_every_read<D: CityDb + crate::console::CityConsoleDb>(db: D) {
    use crate::console::CityRole;
    let office = db.create_office("000.00.51.H26", "Phường Tràng Tiền").await.unwrap();
    let quiet = db.create_office("000.00.52.H26", "Phường Lý Thái Tổ").await.unwrap();
    const PC: &str = "00000000-0000-7000-8000-0000000000f1";
    db.add_device(office, PC, "Quầy 1", "hash-f1").await.unwrap();
    let device = db.device_by_token("hash-f1").await.unwrap().unwrap();
    let _ = quiet;

    let id = db.add_city_user("giamsat", "Lê Thị Giám Sát", CityRole::Supervisor, "$argon2id$x").await.unwrap();
    let id = id.expect("a new account");
    assert_eq!(db.add_city_user("giamsat", "Người khác", CityRole::Admin, "h").await.unwrap(), None, "taken");
    let user = db.city_user_by_username("giamsat").await.unwrap().unwrap();
    assert_eq!(
        (user.id, user.role, user.active, user.full_name.as_str()),
        (id, CityRole::Supervisor, true, "Lê Thị Giám Sát")
    );
    let now = 1_764_000_000;
    db.open_city_session(id, "session-1", now + 3600).await.unwrap();
    assert_eq!(db.city_user_by_session("session-1", now).await.unwrap().map(|u| u.id), Some(id));
    assert!(db.city_user_by_session("session-1", now + 3600).await.unwrap().is_none(), "expired");
    assert!(db.city_user_by_session("nope", now).await.unwrap().is_none());

    // Two dossiers and a printed paper pushed; the device said hello.
    let dossier = |n: i64| {
        let mut o = op(PC, n);
        o.id = format!("00000000-0000-7000-8000-0000000f{n:04}");
        o.kind = "dossier.received".into();
        o.payload = serde_json::json!({"code": format!("000.00.51.H26-261202-{n:04}"), "applicant": "Phạm Văn Hùng"});
        o
    };
    let mut paper = op(PC, 3);
    paper.id = "00000000-0000-7000-8000-0000000f0003".into();
    db.ingest(&device, plain(vec![dossier(1), dossier(2), paper])).await.unwrap();
    db.touch_device(PC, now - 60).await.unwrap();

    let health = db.office_health().await.unwrap();
    let mine: Vec<_> = health.iter().filter(|h| h.unit_code.starts_with("000.00.5")).collect();
    assert_eq!(mine.len(), 2);
    assert_eq!((mine[0].devices, mine[0].revoked, mine[0].last_seen_at, mine[0].ops), (1, 0, Some(now - 60), 3));
    assert_eq!(mine[0].last_op_at.as_deref(), Some("2026-11-23T02:00:00.000Z"));
    assert_eq!((mine[1].devices, mine[1].ops, mine[1].last_seen_at), (0, 0, None));

    let first = db.office_dossiers(id, office, 0, 1, now).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].payload["code"], "000.00.51.H26-261202-0001");
    let rest = db.office_dossiers(id, office, first[0].server_seq, 10, now + 1).await.unwrap();
    assert_eq!(rest.len(), 1, "only dossiers, after the cursor");
    let reads = db.city_reads(10).await.unwrap();
    let mine: Vec<(i64, &str, Option<&str>, i64)> = reads
        .iter()
        .filter(|r| r.username == "giamsat")
        .map(|r| (r.at, r.what.as_str(), r.office_unit_code.as_deref(), r.count))
        .collect();
    assert_eq!(
        mine,
        [(now + 1, "office_dossiers", Some("000.00.51.H26"), 1), (now, "office_dossiers", Some("000.00.51.H26"), 1)]
    );
}

/// Ops with no dossier effect, as a backend test pushes them.
fn plain(ops: Vec<WireOp>) -> Vec<crate::dossiers::Incoming> {
    ops.into_iter().map(crate::dossiers::Incoming::from).collect()
}

/// A dossier received and stepped by one office's PCs: each step is checked against the
/// dossier's stored state in the server's order; a step that no longer follows is refused and
/// never pulled; a retried step is a duplicate, not a second step; another office's PC cannot
/// step the dossier.
pub async fn dossier_steps_are_checked_in_the_servers_order<D: CityDb>(db: D) {
    use crate::dossiers::{DossierEffect, Incoming};
    use motcua_domain::lifecycle::Step;

    const PC1: &str = "00000000-0000-7000-8000-000000000101";
    const PC2: &str = "00000000-0000-7000-8000-000000000102";
    const OTHER: &str = "00000000-0000-7000-8000-000000000109";
    let office = db.create_office("000.00.61.H26", "Phường Láng").await.unwrap();
    let other_office = db.create_office("000.00.62.H26", "Phường Ô Chợ Dừa").await.unwrap();
    for (office, device, token) in
        [(office, PC1, "hash-g1"), (office, PC2, "hash-g2"), (other_office, OTHER, "hash-g9")]
    {
        db.add_device(office, device, "Quầy", token).await.unwrap();
    }
    let pc1 = db.device_by_token("hash-g1").await.unwrap().unwrap();
    let pc2 = db.device_by_token("hash-g2").await.unwrap().unwrap();
    let other = db.device_by_token("hash-g9").await.unwrap().unwrap();

    let time = |d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 11, d).and_then(|d| d.and_hms_opt(h, 0, 0)).expect("valid time")
    };
    let dossier_id = "01900000-0000-7000-8000-00000000d051";
    let item = |device: &str, n: i64, effect: DossierEffect| {
        let mut o = op(device, 5_000 + n);
        o.kind = match effect {
            DossierEffect::Received { .. } => "dossier.received",
            DossierEffect::Step { .. } => "dossier.step",
        }
        .into();
        Incoming { op: o, dossier: Some(effect), tally: None }
    };
    let step = |at, step| DossierEffect::Step { dossier_id: dossier_id.into(), at, step };
    let ready = || Step::ResultReady { note: String::new() };
    let handoff = Step::HandedOff {
        to: "Phòng Tư pháp".into(),
        handler: String::new(),
        deadline: time(18, 17),
        note: String::new(),
    };

    // Received and handed off in one batch.
    let received = DossierEffect::Received {
        dossier_id: dossier_id.into(),
        code: "000.00.61.H26-261116-0001".into(),
        received_at: time(16, 8),
        due_at: time(19, 9),
    };
    let first = vec![item(PC1, 1, received), item(PC1, 2, step(time(16, 10), handoff))];
    let acks = db.ingest(&pc1, first.clone()).await.unwrap();
    assert!(acks.iter().all(|a| matches!(a, AckOutcome::Stored { .. })), "{acks:?}");

    // Offline, PC2 refused it and PC1 marked its result ready. PC2 reaches the server first.
    let refuse = item(PC2, 3, step(time(17, 9), Step::Refused { reason: "Không thuộc thẩm quyền".into() }));
    let mark_ready = item(PC1, 4, step(time(17, 10), ready()));
    let acks = db.ingest(&pc2, vec![refuse]).await.unwrap();
    assert!(matches!(acks[0], AckOutcome::Stored { .. }), "{acks:?}");
    let paper_behind = Incoming::from(op(PC1, 5_005));
    let acks = db.ingest(&pc1, vec![mark_ready, paper_behind]).await.unwrap();
    match &acks[0] {
        AckOutcome::Rejected { code, message } => {
            assert_eq!(code, "step_refused");
            assert!(message.starts_with("Hồ sơ đã kết thúc (Từ chối)"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(matches!(acks[1], AckOutcome::Stored { .. }), "the op behind it is stored: {acks:?}");

    // The batch sent again: duplicates, not steps applied twice (or refused).
    let again = db.ingest(&pc1, first).await.unwrap();
    assert!(again.iter().all(|a| matches!(a, AckOutcome::Duplicate { .. })), "{again:?}");

    // Another office's PC cannot step it; nor can anyone step a dossier the server lacks.
    let acks = db.ingest(&other, vec![item(OTHER, 6, step(time(17, 11), ready()))]).await.unwrap();
    assert!(matches!(&acks[0], AckOutcome::Rejected { code, .. } if code == "unknown_dossier"), "{acks:?}");
    let stranger = DossierEffect::Step {
        dossier_id: "01900000-0000-7000-8000-0000000000ff".into(),
        at: time(17, 11),
        step: ready(),
    };
    let acks = db.ingest(&pc1, vec![item(PC1, 7, stranger)]).await.unwrap();
    assert!(matches!(&acks[0], AckOutcome::Rejected { code, .. } if code == "unknown_dossier"), "{acks:?}");

    // What PC2 pulls of PC1's: its reception, hand-off and paper; never the refused step.
    let pulled =
        db.pull(&pc2, &["dossier.received", "dossier.step", "paper.printed"], PullCursor::default(), 100).await;
    let ids: Vec<i64> = pulled.unwrap().ops.iter().filter(|o| o.op.device_id == PC1).map(|o| o.op.device_seq).collect();
    assert_eq!(ids, [5_001, 5_002, 5_005]);
}

/// Two offices' month as their PCs pushed it: the city's dashboard counts each office as its
/// own counters do (received in the period, ended in it by outcome, open now and late now with
/// a supplement's stopped clock not late, feedback answered on time or late, ratings by
/// level); a batch sent again counts once; an office with nothing has a line of zeros.
pub async fn the_city_dashboard_counts_each_office_as_its_counters_do<D: CityDb + crate::dashboard::CityDashboardDb>(
    db: D,
) {
    use crate::dashboard::{OfficeFigures, Period, Tally};
    use crate::dossiers::{DossierEffect, Incoming};
    use motcua_domain::lifecycle::Step;
    use motcua_domain::satisfaction::{Level, LevelCounts};

    const PC_X: &str = "00000000-0000-7000-8000-000000000171";
    const PC_Y: &str = "00000000-0000-7000-8000-000000000172";
    let x = db.create_office("000.00.71.H26", "Phường Kim Liên").await.unwrap();
    let y = db.create_office("000.00.72.H26", "Phường Văn Miếu").await.unwrap();
    db.create_office("000.00.73.H26", "Phường Hoàn Kiếm").await.unwrap();
    db.add_device(x, PC_X, "Quầy 1", "hash-k1").await.unwrap();
    db.add_device(y, PC_Y, "Quầy 1", "hash-k2").await.unwrap();
    let pc_x = db.device_by_token("hash-k1").await.unwrap().unwrap();
    let pc_y = db.device_by_token("hash-k2").await.unwrap().unwrap();

    let at = |m: u32, d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, m, d).and_then(|d| d.and_hms_opt(h, 0, 0)).expect("valid time")
    };
    let mut n = 7_000;
    let mut item = |device: &str, dossier: Option<DossierEffect>, tally: Option<Tally>| {
        n += 1;
        Incoming { op: op(device, n), dossier, tally }
    };
    let received = |id: &str, on: (u32, u32), due: (u32, u32)| DossierEffect::Received {
        dossier_id: id.into(),
        code: format!("CODE-{id}"),
        received_at: at(on.0, on.1, 9),
        due_at: at(due.0, due.1, 17),
    };
    let step = |id: &str, on: (u32, u32), step: Step| DossierEffect::Step {
        dossier_id: id.into(),
        at: at(on.0, on.1, 10),
        step,
    };
    let ready = || Step::ResultReady { note: String::new() };
    let rating = |id: &str, on: (u32, u32), level| Tally::Rating { id: id.into(), at: at(on.0, on.1, 11), level };

    let office_x = vec![
        // Early, late, open and late, on time (received in October), waiting for a supplement.
        item(PC_X, Some(received("d1", (11, 2), (11, 5))), None),
        item(PC_X, Some(step("d1", (11, 3), ready())), None),
        item(PC_X, Some(received("d2", (11, 2), (11, 4))), None),
        item(PC_X, Some(step("d2", (11, 6), ready())), None),
        item(PC_X, Some(received("d3", (11, 10), (11, 12))), None),
        item(PC_X, Some(received("d4", (10, 30), (11, 2))), None),
        item(PC_X, Some(step("d4", (11, 2), ready())), None),
        item(
            PC_X,
            Some(step(
                "d4",
                (11, 3),
                Step::ReturnedAtCounter { collector_name: "Lê Thị Hoa".into(), collector_id: "001190012345".into() },
            )),
            None,
        ),
        item(PC_X, Some(received("d5", (11, 11), (11, 18))), None),
        item(
            PC_X,
            Some(step(
                "d5",
                (11, 12),
                Step::SupplementRequested { missing: vec!["Tờ khai".into()], note: String::new() },
            )),
            None,
        ),
        item(PC_X, None, Some(rating("r1", (11, 3), Level::VerySatisfied))),
        item(PC_X, None, Some(rating("r2", (11, 6), Level::Dissatisfied))),
        item(PC_X, None, Some(rating("r3", (10, 31), Level::Satisfied))),
        item(
            PC_X,
            None,
            Some(Tally::FeedbackReceived { id: "f1".into(), received_at: at(11, 4, 8), deadline_at: at(11, 14, 17) }),
        ),
        item(PC_X, None, Some(Tally::FeedbackAnswered { id: "f1".into(), at: at(11, 10, 15) })),
        item(
            PC_X,
            None,
            Some(Tally::FeedbackReceived { id: "f2".into(), received_at: at(11, 5, 8), deadline_at: at(11, 13, 17) }),
        ),
    ];
    let office_y = vec![
        item(PC_Y, Some(received("e1", (11, 16), (11, 19))), None),
        item(PC_Y, Some(step("e1", (11, 17), Step::Withdrawn { reason: "Công dân rút".into() })), None),
        item(PC_Y, Some(received("e2", (12, 1), (12, 4))), None),
        item(PC_Y, None, Some(rating("r4", (11, 17), Level::Satisfied))),
        item(
            PC_Y,
            None,
            Some(Tally::FeedbackReceived { id: "f3".into(), received_at: at(10, 20, 8), deadline_at: at(10, 30, 17) }),
        ),
        item(PC_Y, None, Some(Tally::FeedbackAnswered { id: "f3".into(), at: at(11, 2, 9) })),
    ];
    for (device, batch) in [(&pc_x, office_x.clone()), (&pc_y, office_y), (&pc_x, office_x)] {
        let acks = db.ingest(device, batch).await.unwrap();
        assert!(acks.iter().all(|a| !matches!(a, AckOutcome::Rejected { .. })), "{acks:?}");
    }

    let period = Period {
        start: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        end: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        now: at(11, 20, 12),
    };
    // The story's offices (a backend's tests may share one database between stories).
    let figures: Vec<OfficeFigures> = db
        .office_figures(period)
        .await
        .unwrap()
        .into_iter()
        .filter(|f| ["000.00.71.H26", "000.00.72.H26", "000.00.73.H26"].contains(&f.unit_code.as_str()))
        .collect();
    let expected = [
        OfficeFigures {
            unit_code: "000.00.71.H26".into(),
            name: "Phường Kim Liên".into(),
            received: 4,
            resolved_early: 1,
            resolved_on_time: 1,
            resolved_late: 1,
            ended_otherwise: 0,
            pending: 2,
            pending_late: 1,
            feedback_received: 2,
            feedback_answered_on_time: 1,
            feedback_answered_late: 0,
            feedback_overdue: 1,
            satisfaction: LevelCounts { very_satisfied: 1, satisfied: 0, dissatisfied: 1 },
        },
        OfficeFigures {
            unit_code: "000.00.72.H26".into(),
            name: "Phường Văn Miếu".into(),
            received: 1,
            ended_otherwise: 1,
            pending: 1,
            feedback_answered_late: 1,
            satisfaction: LevelCounts { very_satisfied: 0, satisfied: 1, dissatisfied: 0 },
            ..OfficeFigures::default()
        },
        OfficeFigures {
            unit_code: "000.00.73.H26".into(),
            name: "Phường Hoàn Kiếm".into(),
            ..OfficeFigures::default()
        },
    ];
    assert_eq!(figures, expected);
    assert_eq!(figures[0].on_time_rate().map(|r| r.round()), Some(67.0));
    assert_eq!(figures[0].satisfaction.satisfaction_rate(), Some(50.0));
    assert_eq!(figures[2].on_time_rate(), None);
}
