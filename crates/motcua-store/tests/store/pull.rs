//! Pulled ops applied on a real file: the office's other PC's dossiers and shared records
//! arrive through the same write path, once; a page applied twice changes nothing; the later
//! clock wins a conflicting edit on both PCs alike, the loser kept in the log; the city's
//! catalog keeps the office's own choice of hidden procedures.

use motcua_store::{Change, OpRecord, PullApplied, Store};
use motcua_sync_proto::WireOp;

use crate::support::*;

/// What `from` made itself, as the server would hand it to another PC.
fn made_by(from: &Store) -> Vec<WireOp> {
    let me = from.device_id().to_owned();
    from.ops_after(0, 10_000).unwrap().into_iter().filter(|o| o.device_id == me).map(OpRecord::into_wire).collect()
}

#[test]
fn another_pcs_dossiers_arrive_once_and_stay_out_of_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = set_up(&dir.path().join("a.db"), 1);
    let path_b = dir.path().join("b.db");
    let mut b = set_up(&path_b, 2);
    let received = receive(&mut a, 1, draft("Đặng Thị Thu", "001303001234", "0912345678"), at(2026, 12, 2, 9, 0));
    let waiting_before = b.sync_summary().unwrap().waiting;

    let page = made_by(&a);
    let first = b.apply_pulled(&page, "7.3").unwrap();
    // The office profile and the procedure are records B set up after A did: B's are the
    // later versions and stay (A's kept in the log).
    assert_eq!(first, PullApplied { applied: 1, already_had: 0, superseded: 2, not_applied: 0 });
    let there = b.dossier_by_code(&received.code).unwrap().expect("A's dossier at B");
    assert_eq!(there.draft.applicant.full_name, "Đặng Thị Thu");
    assert_eq!(b.search_dossiers("dang thi thu", 10).unwrap().len(), 1, "found without diacritics");
    // Indexed for search at the page's end: by ID number, phone, and the start of either.
    for typed in ["001303001234", "0912345678", "0013030", "09123"] {
        assert_eq!(b.search_dossiers(typed, 10).unwrap().len(), 1, "found by {typed}");
    }
    assert_eq!(b.pull_cursor().unwrap().as_deref(), Some("7.3"));
    assert_eq!(b.sync_summary().unwrap().waiting, waiting_before, "pulled ops are not pushed back");
    let reasons: Vec<String> = b.pulled_not_applied(10).unwrap().into_iter().map(|n| n.reason).collect();
    assert_eq!(reasons, ["superseded", "superseded"]);

    // The same page again (a reply lost, then a retry), then after a restart: nothing changes.
    let again = b.apply_pulled(&page, "7.3").unwrap();
    assert_eq!(again, PullApplied { already_had: 3, ..PullApplied::default() });
    drop(b);
    let mut b = Store::open(&path_b).unwrap();
    assert_eq!(b.apply_pulled(&page, "7.3").unwrap().already_had, 3);
    assert_eq!(b.dossier_count().unwrap(), 1);
    assert_eq!(b.ops_after(0, 100).unwrap().iter().filter(|o| o.device_id == a.device_id()).count(), 3);
}

#[test]
fn the_later_edit_wins_on_both_pcs_and_the_loser_stays_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = set_up(&dir.path().join("a.db"), 1);
    let mut b = set_up(&dir.path().join("b.db"), 2);
    let mut renamed = procedure();
    renamed.name = "Đăng ký khai sinh (A)".into();
    let edit_a = a.commit(&actor(), Change::ProcedureUpserted(renamed.clone())).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    renamed.name = "Đăng ký khai sinh (B)".into();
    let edit_b = b.commit(&actor(), Change::ProcedureUpserted(renamed)).unwrap();
    assert!(edit_b.hlc > edit_a.hlc);

    // Each PC gets the other's edit: B's (later) wins at both, whatever order they arrive in.
    let at_b = b.apply_pulled(&[edit_a.clone().into_wire()], "1.0").unwrap();
    assert_eq!(at_b.superseded, 1);
    let at_a = a.apply_pulled(&[edit_b.into_wire()], "1.0").unwrap();
    assert_eq!(at_a.applied, 1);
    for store in [&a, &b] {
        assert_eq!(store.procedure("1.001193").unwrap().unwrap().name, "Đăng ký khai sinh (B)");
    }
    let kept: Vec<_> =
        b.pulled_not_applied(10).unwrap().into_iter().map(|n| (n.op_id, n.kind, n.reason, n.explanation)).collect();
    assert_eq!(
        kept,
        [(
            edit_a.id.clone(),
            "procedure.upserted".to_owned(),
            "superseded".to_owned(),
            "Máy này đã có bản sửa mới hơn của cùng mục; bản này chỉ được giữ trong nhật ký.".to_owned()
        )]
    );
    assert!(b.ops_after(0, 100).unwrap().iter().any(|o| o.id == edit_a.id), "the loser is in B's log");
}

#[test]
fn the_citys_catalog_keeps_the_offices_hidden_procedures_and_clocks_move_past_what_was_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut b = set_up(&path, 2);
    let mut hidden = procedure();
    hidden.hidden = true;
    b.commit(&actor(), Change::ProcedureUpserted(hidden)).unwrap();

    // The city publishes a new version (its clock an hour ahead of this PC's).
    let mut city_version = procedure();
    city_version.name = "Đăng ký khai sinh (mẫu 2026)".into();
    let ahead = chrono::Utc::now().timestamp_millis() + 3_600_000;
    let published = WireOp {
        id: "01900000-0000-7000-8000-00000000c001".into(),
        device_id: "01900000-0000-7000-8000-0000000c17e0".into(),
        device_seq: 1,
        hlc: format!("{ahead:016}-00000"),
        user_id: "city:quantri".into(),
        kind: "procedure.upserted".into(),
        payload: serde_json::to_value(&city_version).unwrap(),
        created_at: "2026-12-02T02:00:00.000Z".into(),
    };
    assert_eq!(b.apply_pulled(std::slice::from_ref(&published), "0.1").unwrap().applied, 1);
    let now = b.procedure("1.001193").unwrap().unwrap();
    assert_eq!((now.name.as_str(), now.hidden), ("Đăng ký khai sinh (mẫu 2026)", true));

    // This PC's next op is ordered after the op it saw, also after a restart.
    drop(b);
    let mut b = Store::open(&path).unwrap();
    let next = b.commit(&actor(), Change::UserLoggedIn { user_id: "u".into() }).unwrap();
    assert!(next.hlc > published.hlc, "{} after {}", next.hlc, published.hlc);

    // A payload that does not match its kind is kept and named, not applied; the page goes on.
    let mut broken = published.clone();
    broken.id = "01900000-0000-7000-8000-00000000c002".into();
    broken.payload = serde_json::json!({"code": 12});
    let mut fine = published;
    fine.id = "01900000-0000-7000-8000-00000000c003".into();
    fine.hlc = format!("{:016}-00000", ahead + 1);
    let report = b.apply_pulled(&[broken, fine], "0.3").unwrap();
    assert_eq!((report.not_applied, report.applied), (1, 1));
    assert!(b.pulled_not_applied(1).unwrap()[0].reason.starts_with("unreadable:"));
}

#[test]
fn the_offices_feedback_types_set_on_one_pc_reach_the_other() {
    use motcua_domain::feedback::{FeedbackType, default_types};
    let dir = tempfile::tempdir().unwrap();
    let mut a = set_up(&dir.path().join("a.db"), 1);
    let mut b = set_up(&dir.path().join("b.db"), 2);
    assert_eq!(b.feedback_types().unwrap(), None, "the defaults stand until set");
    let mut own = default_types();
    own.push(FeedbackType {
        key: "dat_dai".into(),
        label: "Phản ánh về đất đai".into(),
        answer_within_working_days: 15,
    });
    let set = a.commit(&actor(), Change::FeedbackTypesSet(own.clone())).unwrap();
    let applied = b.apply_pulled(&[set.into_wire()], "2.0").unwrap();
    assert_eq!(applied.applied, 1);
    assert_eq!(b.feedback_types().unwrap(), Some(own));
}

/// The office's profile is shared but for the counter number: a later edit on A reaches B
/// with B's own number; a PC with no office yet keeps A's aside for the join to read, with
/// the counter numbers the other PCs use.
#[test]
fn the_office_profile_is_shared_but_each_pc_keeps_its_counter_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = set_up(&dir.path().join("a.db"), 1);
    let mut b = set_up(&dir.path().join("b.db"), 2);
    let mut fresh = Store::open(dir.path().join("fresh.db")).unwrap();

    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut edited = office(1);
    edited.hotlines = vec!["1900 9999".into()];
    a.commit(&actor(), Change::OfficeConfigured(edited)).unwrap();
    let page = made_by(&a);

    b.apply_pulled(&page, "1.0").unwrap();
    let at_b = b.office().unwrap().unwrap();
    assert_eq!((at_b.hotlines.as_slice(), at_b.counter_number), (&["1900 9999".to_owned()][..], 2));

    let at_fresh = fresh.apply_pulled(&page, "1.0").unwrap();
    assert_eq!(at_fresh.not_applied, 2, "both of A's profiles wait for the join: {at_fresh:?}");
    assert_eq!(fresh.office().unwrap(), None);
    let others = fresh.office_of_other_pcs().unwrap().expect("A's profile, kept aside");
    assert_eq!(others.profile.hotlines, ["1900 9999"]);
    assert_eq!(others.counters_in_use, [1]);
    // B's own profile arrives too: both counters are in use.
    fresh.apply_pulled(&made_by(&b), "2.0").unwrap();
    assert_eq!(fresh.office_of_other_pcs().unwrap().unwrap().counters_in_use, [1, 2]);
}
