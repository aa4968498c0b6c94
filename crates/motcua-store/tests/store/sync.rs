//! The sync outbox on a real file: what waits, in order; acknowledgements and refusals
//! recorded in one transaction; the summary the clerk's sync line shows.

use motcua_store::{Acked, Change, Store};

use crate::support::*;

#[test]
fn the_outbox_drains_by_acknowledgement_and_keeps_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut store = set_up(&path, 1);
    for i in 0..3 {
        receive(&mut store, 1, draft(&format!("Người Thứ {i}"), &format!("00120300100{i}"), ""), at(2026, 12, 2, 9, i));
    }
    let all = store.ops_after(0, 100).unwrap();
    assert_eq!(all.len(), 5, "office, procedure, three dossiers");

    let summary = store.sync_summary().unwrap();
    assert_eq!((summary.waiting, summary.rejected), (5, 0));
    assert_eq!(summary.oldest_waiting_at.as_deref(), Some(all[0].created_at.as_str()));
    assert!(summary.last_push_at.is_none());

    // The first batch: two in log order.
    let first = store.unsent_ops(2).unwrap();
    assert_eq!(first.iter().map(|o| o.seq).collect::<Vec<_>>(), [all[0].seq, all[1].seq]);
    store
        .record_acks(&[
            (first[0].id.clone(), Acked::Stored),
            (first[1].id.clone(), Acked::Rejected { code: "invalid_payload".into(), message: "Nội dung sai".into() }),
            // An id this store never made: ignored.
            ("00000000-0000-7000-8000-00000000dead".into(), Acked::Stored),
        ])
        .unwrap();
    let summary = store.sync_summary().unwrap();
    assert_eq!((summary.waiting, summary.rejected), (3, 1));
    assert_eq!(summary.oldest_waiting_at.as_deref(), Some(all[2].created_at.as_str()));
    assert!(summary.last_push_at.is_none(), "not everything is on the server yet");
    let refused = store.sync_rejections(10).unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!((refused[0].op_id.as_str(), refused[0].kind.as_str()), (all[1].id.as_str(), "procedure.upserted"));
    assert_eq!(refused[0].message, "Nội dung sai");

    // The rest; then the file is reopened: nothing waits, the time of the last push is kept.
    let rest = store.unsent_ops(100).unwrap();
    assert_eq!(rest.len(), 3);
    let acks: Vec<_> = rest.iter().map(|o| (o.id.clone(), Acked::Stored)).collect();
    store.record_acks(&acks).unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let summary = store.sync_summary().unwrap();
    assert_eq!((summary.waiting, summary.rejected), (0, 1));
    assert!(summary.last_push_at.is_some());
    assert!(store.unsent_ops(100).unwrap().is_empty());

    // A new change waits again; acknowledging twice changes nothing.
    let op = store.commit(&actor(), Change::UserLoggedIn { user_id: "u".into() }).unwrap();
    assert_eq!(store.sync_summary().unwrap().waiting, 1);
    store.record_acks(&[(op.id.clone(), Acked::Stored)]).unwrap();
    store.record_acks(&[(op.id, Acked::Rejected { code: "x".into(), message: "y".into() })]).unwrap();
    let summary = store.sync_summary().unwrap();
    assert_eq!((summary.waiting, summary.rejected), (0, 1), "a late refusal of a sent op is not recorded");
}
