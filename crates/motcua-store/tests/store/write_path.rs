//! The one write path: rows and op records commit together; codes are unique across counters.

use std::collections::HashSet;

use motcua_store::{Change, Store};

use crate::support::*;

#[test]
fn every_change_leaves_one_op_with_its_payload() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("c.db"), 3);
    let d = receive(&mut store, 3, draft("Nguyễn Văn An", "001203001234", "0912345678"), at(2026, 11, 23, 9, 0));

    let ops = store.ops_after(0, 100).unwrap();
    let kinds: Vec<&str> = ops.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(kinds, ["office.configured", "procedure.upserted", "dossier.received"]);
    let last = ops.last().unwrap();
    assert_eq!(last.payload["code"], d.code);
    assert_eq!(last.user_id, "test-user");
    assert_eq!(last.device_id, store.device_id());
    assert!(uuid::Uuid::parse_str(&last.id).unwrap().get_version_num() == 7);
    // HLCs strictly increase along the log.
    assert!(ops.windows(2).all(|w| w[0].hlc < w[1].hlc));
}

#[test]
fn an_op_read_back_from_the_log_is_the_change_that_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("c.db"), 3);
    receive(&mut store, 3, draft("Nguyễn Văn An", "001203001234", "0912345678"), at(2026, 11, 23, 9, 0));
    for op in store.ops_after(0, 100).unwrap() {
        assert!(Change::KINDS.contains(&op.kind.as_str()), "{} missing from Change::KINDS", op.kind);
        let change = Change::from_op(&op.kind, &op.payload).unwrap();
        assert_eq!(change.kind(), op.kind);
    }
    // A payload of the wrong shape, a kind from a newer app: both refused.
    assert!(Change::from_op("dossier.received", &serde_json::json!({"code": 7})).is_err());
    assert!(Change::from_op("dossier.archived", &serde_json::json!({})).is_err());
    // Every listed kind is one the enum reads (a typo in the list would refuse good ops).
    for kind in Change::KINDS {
        let e = Change::from_op(kind, &serde_json::Value::Null).unwrap_err().to_string();
        assert!(!e.contains("unknown variant"), "{kind}: {e}");
    }
}

#[test]
fn a_failed_change_writes_nothing_not_even_its_op() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("c.db"), 1);
    let before = store.ops_after(0, 100).unwrap().len();
    let mut bad = draft("Trần Thị B", "001303001234", "");
    bad.procedure_code = "9.999999".into(); // no such procedure: the foreign key refuses it
    let result = store.receive_dossier(
        &actor(),
        &office(1),
        motcua_store::NewDossier {
            draft: bad,
            procedure_name: "x".into(),
            processing: motcua_domain::calendar::ProcessingTime::WorkingDays { days: 1 },
            received_at: at(2026, 11, 23, 9, 0),
            appointment_at: at(2026, 11, 25, 9, 0),
        },
    );
    assert!(result.is_err());
    assert_eq!(store.ops_after(0, 100).unwrap().len(), before);
    assert_eq!(store.dossier_count().unwrap(), 0);
}

#[test]
fn codes_follow_the_interleaved_scheme_and_reset_daily() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("c.db"), 3);
    let a = receive(&mut store, 3, draft("A", "001203001234", ""), at(2026, 11, 23, 8, 0));
    let b = receive(&mut store, 3, draft("B", "001203001234", ""), at(2026, 11, 23, 8, 5));
    let c = receive(&mut store, 3, draft("C", "001203001234", ""), at(2026, 11, 25, 8, 0));
    assert_eq!(a.code, "000.00.21.H26-261123-0003");
    assert_eq!(b.code, "000.00.21.H26-261123-0023");
    assert_eq!(c.code, "000.00.21.H26-261125-0003");
}

/// Several counters of one office, each offline with its own file, saving in the same
/// seconds: no two codes are equal.
#[test]
fn codes_are_unique_across_offline_counters() {
    let dir = tempfile::tempdir().unwrap();
    let mut stores: Vec<(u32, Store)> =
        (1..=6).map(|c| (c, set_up(&dir.path().join(format!("counter{c}.db")), c))).collect();
    let mut codes = HashSet::new();
    for round in 0..40 {
        for (counter, store) in &mut stores {
            let d = receive(store, *counter, draft("Lê Văn C", "001203001234", ""), at(2026, 11, 23, 9, 0));
            assert!(codes.insert(d.code.clone()), "duplicate code {} in round {round}", d.code);
        }
    }
    assert_eq!(codes.len(), 240);
}

#[test]
fn reopening_keeps_the_hlc_moving_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let first_hlc = {
        let store = set_up(&path, 1);
        store.ops_after(0, 10).unwrap().last().unwrap().hlc.clone()
    };
    let mut store = Store::open(&path).unwrap();
    let op = store.commit(&actor(), Change::UserLoggedIn { user_id: "x".into() }).unwrap();
    assert!(op.hlc > first_hlc);
}

/// A waiting ticket of service A, numbered `number` on 2026-11-20.
fn waiting_ticket(id: &str, number: u32) -> motcua_domain::queue::Ticket {
    let issued = at(2026, 11, 20, 8, 0);
    motcua_domain::queue::Ticket {
        id: id.into(),
        day: issued.date(),
        service: "A".into(),
        issued_service: "A".into(),
        number,
        priority: None,
        state: motcua_domain::queue::TicketState::Waiting,
        counter: None,
        for_counter: None,
        recalls: 0,
        order: i64::from(number),
        issued_at: issued,
        called_at: None,
        serving_at: None,
        finished_at: None,
        dossiers: vec![],
    }
}

#[test]
fn a_group_commit_step_whose_write_fails_halfway_leaves_nothing_and_the_others_commit() {
    // The second step enrols a counter key before its ticket breaks the unique number: that
    // enrolment must not stay, the third step must not see it, and the first and third steps
    // commit with one op each.
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("hub.db"), 1);
    let ops_before = store.ops_after(0, 1_000).unwrap().len();
    let day = at(2026, 11, 20, 8, 0).date();
    let issue = |t: motcua_domain::queue::Ticket| Change::TicketIssued(Box::new(t));
    let enrol = Change::QueueCounterEnrolled {
        enrolment: motcua_domain::queue::Enrolment { counter: 7, supervisor: false },
        key_sha256: "k2".into(),
    };
    let steps: Vec<motcua_store::Step<'_, bool, motcua_store::StoreError>> = vec![
        Box::new(|_| Ok((actor(), vec![issue(waiting_ticket("t1", 1))], true))),
        Box::new(|_| Ok((actor(), vec![enrol, issue(waiting_ticket("t3", 1))], true))),
        Box::new(move |read| {
            let enrolled = read.enrolment("k2")?.is_some();
            Ok((actor(), vec![issue(waiting_ticket("t4", 2))], enrolled))
        }),
    ];
    let results = store.commit_steps(steps).unwrap();
    assert!(matches!(results[0], Ok(true)));
    assert!(results[1].is_err(), "the second step breaks the unique number");
    assert!(matches!(results[2], Ok(false)), "the third step must not see the second's enrolment: {:?}", results[2]);

    let ids: Vec<String> = store.tickets_of_day(day).unwrap().into_iter().map(|t| t.id).collect();
    assert_eq!(ids, ["t1", "t4"]);
    let ops = store.ops_after(0, 1_000).unwrap();
    assert_eq!(ops.len() - ops_before, 2, "one op per written ticket, none for the failed step");
    assert!(ops.windows(2).all(|w| w[0].hlc < w[1].hlc));
}
