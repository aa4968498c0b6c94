//! A dossier's steps after reception on a real file: each one an op, checked against the
//! dossier's state in the write transaction; the late list reads only open dossiers; steps
//! pulled from another PC apply in order, and one that does not follow is kept, not applied.

use motcua_domain::dossier::DossierStatus;
use motcua_domain::lifecycle::{Step, Timeliness};
use motcua_store::{Acked, OpRecord, Store, StoreError};

use crate::support::*;

fn handoff(deadline: chrono::NaiveDateTime) -> Step {
    Step::HandedOff {
        to: "Phòng Tư pháp".into(), handler: "Lê Văn Cường".into(), deadline, note: String::new()
    }
}

fn ready() -> Step {
    Step::ResultReady { note: String::new() }
}

#[test]
fn a_dossier_goes_from_reception_to_return_with_every_step_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    let mut store = set_up(&path, 1);
    let d = receive(&mut store, 1, draft("Phạm Thị Hoa", "001303001234", "0912345678"), at(2026, 11, 16, 9, 0));
    let due = d.appointment_at;

    store.record_step(&actor(), &d.code, handoff(at(2026, 11, 18, 17, 0)), at(2026, 11, 16, 10, 0)).unwrap();
    let after_ready = store.record_step(&actor(), &d.code.to_lowercase(), ready(), at(2026, 11, 18, 15, 0)).unwrap();
    assert_eq!(after_ready.status, DossierStatus::ResultReady);
    assert_eq!(after_ready.timeliness, Some(Timeliness::Early), "ready the day before {due}");
    let collect =
        Step::ReturnedAtCounter { collector_name: " Phạm Thị Hoa ".into(), collector_id: "0013 0300 1234".into() };
    store.record_step(&actor(), &d.code, collect, at(2026, 11, 19, 8, 0)).unwrap();

    // After a restart: the status, the history in order, and one op per step.
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.dossier_by_code(&d.code).unwrap().unwrap().status, DossierStatus::Returned);
    let history = store.dossier_history(&d.code).unwrap().unwrap();
    let kinds: Vec<&str> = history.steps.iter().map(|s| s.step.kind()).collect();
    assert_eq!(kinds, ["handed_off", "result_ready", "returned_at_counter"]);
    assert_eq!(
        history.steps[2].step,
        Step::ReturnedAtCounter { collector_name: "Phạm Thị Hoa".into(), collector_id: "001303001234".into() },
        "stored normalised"
    );
    assert_eq!(history.steps[0].by_name, "Cán bộ Thử");
    assert_eq!(history.lifecycle.closed_at, Some(at(2026, 11, 19, 8, 0)));
    let step_ops = store.ops_after(0, 100).unwrap().into_iter().filter(|o| o.kind == "dossier.step").count();
    assert_eq!(step_ops, 3);
}

#[test]
fn a_step_out_of_order_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("counter.db"), 1);
    let d = receive(&mut store, 1, draft("Phạm Thị Hoa", "001303001234", "0912345678"), at(2026, 11, 16, 9, 0));
    let ops_before = store.ops_after(0, 100).unwrap().len();

    let collect =
        Step::ReturnedAtCounter { collector_name: "Phạm Thị Hoa".into(), collector_id: "001303001234".into() };
    let err = store.record_step(&actor(), &d.code, collect, at(2026, 11, 16, 10, 0)).unwrap_err();
    assert!(matches!(err, StoreError::StepRefused(_)));
    assert_eq!(err.user_message(), "Hồ sơ đang ở trạng thái \"Đã tiếp nhận\": không thể trả kết quả");

    store.record_step(&actor(), &d.code, ready(), at(2026, 11, 16, 11, 0)).unwrap();
    let no_id = Step::ReturnedAtCounter { collector_name: "Phạm Thị Hoa".into(), collector_id: String::new() };
    let err = store.record_step(&actor(), &d.code, no_id, at(2026, 11, 16, 12, 0)).unwrap_err();
    assert_eq!(err.user_message(), "Chưa nhập số giấy tờ tùy thân của người nhận kết quả");
    let unknown = store.record_step(&actor(), "000.00.21.H26-261116-9999", ready(), at(2026, 11, 16, 12, 0));
    assert!(matches!(unknown, Err(StoreError::NotFound { what: "dossier" })));

    assert_eq!(store.ops_after(0, 100).unwrap().len(), ops_before + 1, "only the accepted step left an op");
    assert_eq!(store.dossier_history(&d.code).unwrap().unwrap().steps.len(), 1);
}

#[test]
fn the_due_list_holds_open_dossiers_soonest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = set_up(&dir.path().join("counter.db"), 1);
    // Due (received + 3 days in the fixture) on 19/11, 20/11, 21/11 and 22/11.
    let codes: Vec<String> = (16..=19)
        .map(|day| receive(&mut store, 1, draft("Người Thử", "001303001234", ""), at(2026, 11, day, 9, 0)).code)
        .collect();
    store.record_step(&actor(), &codes[1], ready(), at(2026, 11, 17, 9, 0)).unwrap();
    let waiting = Step::SupplementRequested { missing: vec!["Tờ khai có chữ ký".into()], note: String::new() };
    store.record_step(&actor(), &codes[2], waiting, at(2026, 11, 18, 9, 0)).unwrap();
    store.record_step(&actor(), &codes[3], handoff(at(2026, 11, 21, 9, 0)), at(2026, 11, 19, 10, 0)).unwrap();

    let due: Vec<String> =
        store.open_dossiers_due_by(at(2026, 11, 22, 9, 0)).unwrap().into_iter().map(|s| s.code).collect();
    // The resolved one and the one waiting for its supplement are not the office's to hurry.
    assert_eq!(due, [codes[0].clone(), codes[3].clone()]);
    let by_20th = store.open_dossiers_due_by(at(2026, 11, 20, 0, 0)).unwrap();
    assert_eq!(by_20th.len(), 1);
    assert_eq!(by_20th[0].due_at, at(2026, 11, 19, 9, 0));
    assert_eq!(by_20th[0].status, DossierStatus::Received);
}

#[test]
fn steps_made_on_another_pc_apply_in_order_and_a_clash_is_kept_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = set_up(&dir.path().join("a.db"), 1);
    let mut b = set_up(&dir.path().join("b.db"), 2);
    let d = receive(&mut a, 1, draft("Phạm Thị Hoa", "001303001234", "0912345678"), at(2026, 11, 16, 9, 0));
    a.record_step(&actor(), &d.code, handoff(at(2026, 11, 18, 17, 0)), at(2026, 11, 16, 10, 0)).unwrap();
    let a_id = a.device_id().to_owned();
    let from_a = |s: &Store| {
        s.ops_after(0, 100)
            .unwrap()
            .into_iter()
            .filter(|o| o.device_id == a_id && o.kind.starts_with("dossier."))
            .map(OpRecord::into_wire)
            .collect::<Vec<_>>()
    };
    let page = from_a(&a);
    let applied = b.apply_pulled(&page, "1.2").unwrap();
    assert_eq!(applied.applied, 2);
    assert_eq!(b.dossier_by_code(&d.code).unwrap().unwrap().status, DossierStatus::InProcessing);

    // Offline, B refuses the dossier while A marks its result ready: A's step reaches B after.
    b.record_step(&actor(), &d.code, Step::Refused { reason: "Không thuộc thẩm quyền".into() }, at(2026, 11, 17, 9, 0))
        .unwrap();
    a.record_step(&actor(), &d.code, ready(), at(2026, 11, 17, 10, 0)).unwrap();
    let applied = b.apply_pulled(&from_a(&a), "1.3").unwrap();
    assert_eq!((applied.already_had, applied.not_applied), (2, 1));
    let kept = b.pulled_not_applied(1).unwrap().remove(0);
    assert_eq!(kept.kind, "dossier.step");
    assert!(kept.reason.starts_with("step_refused:Hồ sơ đã kết thúc"), "{kept:?}");
    assert!(kept.explanation.starts_with("Không hợp lệ với dữ liệu trên máy này: Hồ sơ đã kết thúc"), "{kept:?}");
    assert_eq!(b.dossier_by_code(&d.code).unwrap().unwrap().status, DossierStatus::Rejected);

    // B pushes its refusal; A's step reached the server first, so the server refuses B's. B's
    // dossier then follows the server's order: A's result is ready, and nothing is kept aside.
    let mine = b.unsent_ops(100).unwrap();
    let acks: Vec<(String, Acked)> = mine
        .iter()
        .map(|o| {
            let acked = if o.kind == "dossier.step" {
                Acked::Rejected { code: "step_refused".into(), message: "Hồ sơ đã có kết quả".into() }
            } else {
                Acked::Stored
            };
            (o.id.clone(), acked)
        })
        .collect();
    b.record_acks(&acks).unwrap();
    let history = b.dossier_history(&d.code).unwrap().unwrap();
    assert_eq!(history.lifecycle.status, DossierStatus::ResultReady);
    let kinds: Vec<&str> = history.steps.iter().map(|s| s.step.kind()).collect();
    assert_eq!(kinds, ["handed_off", "result_ready"]);
    assert_eq!(b.dossier_by_code(&d.code).unwrap().unwrap().status, DossierStatus::ResultReady);
    assert!(b.pulled_not_applied(10).unwrap().iter().all(|n| n.kind != "dossier.step"));
    assert_eq!(b.sync_rejections(10).unwrap()[0].kind, "dossier.step", "the refusal is still shown");

    // The dashboard's counters followed the rebuild: the refusal taken back, the result counted.
    let now = at(2026, 11, 17, 12, 0);
    let cut = motcua_store::DeadlineCutoffs { now, end_of_today: now, end_of_next_working_day: now };
    let (first, last) =
        (chrono::Datelike::with_day(&now.date(), 1).unwrap(), chrono::Datelike::with_day(&now.date(), 30).unwrap());
    let board = b.dashboard(first, last, cut).unwrap();
    let t = &board.totals;
    assert_eq!((t.received, t.resolved(), t.ended_otherwise, board.pending.open), (1, 1, 0, 0));
}
