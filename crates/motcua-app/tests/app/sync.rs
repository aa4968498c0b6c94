//! The counter app and the city server (served in process on a loopback socket, on a real
//! SQLite file): the admin enrols the PC with a one-time code; offline, the clerk registers
//! three dossiers and sees them waiting; when the server is back the app shows them synced
//! without anyone doing anything, and "Đồng bộ ngay" sends a fourth at once.

use std::time::{Duration, Instant};

use motcua_app::{CounterApp, FixedClock};
use motcua_server::loopback::{LoopbackCity, code_for_office, office_with_code, stored_dossier_codes};

use crate::intake::birth_registration_draft;
use crate::support::{at, office_at};

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ok() {
        assert!(Instant::now() < deadline, "waited 30 s for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn register(app: &CounterApp, name: &str) -> String {
    let mut draft = birth_registration_draft();
    draft.applicant.full_name = name.into();
    app.create_dossier(draft).unwrap().code
}

#[test]
fn enrolled_offline_then_synced_by_itself_and_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let city_db = dir.path().join("city.db");
    let code = office_with_code(&city_db, "000.00.21.H26", "Phường Ba Đình");
    let app = office_at(&dir, at(2026, 12, 2, 8, 0));

    let before = app.sync_status().unwrap();
    assert!(before.link.is_none());
    assert_eq!(app.sync_now().unwrap_err().code(), "sync_not_set_up");

    // Enrolment: a wrong code first, then the right one typed loosely.
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");
    let address = city.address().to_owned();
    let wrong = app.enrol_with_city(&city.url, "AAAA-BBBB-CCCC").unwrap_err();
    assert!(wrong.user_message().contains("Mã đăng ký không đúng"), "{}", wrong.user_message());
    let bad_url = app.enrol_with_city("motcua.hanoi.gov.vn", &code).unwrap_err();
    assert_eq!(bad_url.code(), "invalid");
    let link = app.enrol_with_city(&format!("{}/", city.url), &code.to_lowercase()).unwrap();
    assert_eq!((link.office_unit_code.as_str(), link.office_name.as_str()), ("000.00.21.H26", "Phường Ba Đình"));
    wait_until("the first sync", || app.sync_status().unwrap().online == Some(true));
    drop(city);

    // Offline: the clerk carries on; the line says what waits.
    let codes: Vec<String> =
        ["Nguyễn Văn An", "Trần Thị Bình", "Đặng Văn Đức"].iter().map(|n| register(&app, n)).collect();
    app.sync_now().unwrap();
    wait_until("the app to see the server away", || {
        let s = app.sync_status().unwrap();
        s.online == Some(false) && s.waiting >= 3
    });
    let offline = app.sync_status().unwrap();
    assert!(offline.oldest_waiting_at.is_some());
    assert!(offline.last_error.as_deref().unwrap().contains("Không kết nối được"), "{offline:?}");
    assert!(!offline.needs_attention);

    // The server comes back on the same address: nobody presses anything.
    let city = LoopbackCity::start(&city_db, &address);
    wait_until("the outbox to drain", || {
        let s = app.sync_status().unwrap();
        s.waiting == 0 && s.online == Some(true)
    });
    let synced = app.sync_status().unwrap();
    assert!(synced.last_synced_at.is_some() && synced.last_error.is_none() && synced.rejected == 0);
    let stored = stored_dossier_codes(&city_db);
    for code in &codes {
        assert_eq!(stored.iter().filter(|c| *c == code).count(), 1, "{code} stored once");
    }

    // "Đồng bộ ngay": the timer is 30 s away; the fourth dossier goes now.
    let fourth = register(&app, "Lê Thị Hoa");
    app.sync_now().unwrap();
    wait_until("the fourth dossier to go", || app.sync_status().unwrap().waiting == 0);
    assert!(stored_dossier_codes(&city_db).contains(&fourth));
    drop(city);
    app.shut_down();
}

/// An op the server cannot take (its payload damaged on this PC) is refused alone: the ops
/// behind it are stored, the line counts the refusal, and the admin reads why.
#[test]
fn a_refused_op_does_not_hold_up_the_rest_and_the_admin_sees_why() {
    let dir = tempfile::tempdir().unwrap();
    let city_db = dir.path().join("city.db");
    let code = office_with_code(&city_db, "000.00.21.H26", "Phường Ba Đình");
    let app = office_at(&dir, at(2026, 12, 2, 8, 0));
    let first = register(&app, "Nguyễn Văn An");
    let second = register(&app, "Trần Thị Bình");
    // Damage the first dossier's op as stored on this PC (a bug, a bad disk sector).
    {
        let conn = rusqlite::Connection::open(dir.path().join("counter.db")).unwrap();
        let n = conn
            .execute(
                "UPDATE ops SET payload = json_object('code', json_extract(payload, '$.code'))
                 WHERE kind = 'dossier.received' AND json_extract(payload, '$.code') = ?1",
                [&first],
            )
            .unwrap();
        assert_eq!(n, 1);
    }
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");
    app.enrol_with_city(&city.url, &code).unwrap();
    wait_until("the outbox to drain", || {
        let s = app.sync_status().unwrap();
        s.waiting == 0 && s.online == Some(true)
    });
    let status = app.sync_status().unwrap();
    assert_eq!(status.rejected, 1);
    assert_eq!(stored_dossier_codes(&city_db), [second], "the dossier behind the refused op is stored");
    let refused = app.sync_rejections().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!((refused[0].kind.as_str(), refused[0].code.as_str()), ("dossier.received", "invalid_payload"));
    assert!(refused[0].message.contains("không đúng"), "{}", refused[0].message);
    app.shut_down();
}

/// A second PC of an office the city already knows joins it at first run with the server's
/// address, a code and its counter number: the office's data, accounts, catalog and dossiers
/// come down; the office's admin logs in with the account made on the first PC. A counter
/// number the first PC uses is refused, and trying again needs no new code. From then on the
/// office's data is shared (a hotline changed on one PC reaches the other) while each PC
/// keeps its own counter number.
#[test]
fn a_new_pc_joins_an_office_the_city_knows() {
    let dir = tempfile::tempdir().unwrap();
    let city_db = dir.path().join("city.db");
    let code_a = office_with_code(&city_db, "000.00.21.H26", "Phường Ba Đình");
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");
    let a = office_at(&dir, at(2026, 12, 2, 8, 0));
    let a_counter = a.status().unwrap().office.unwrap().counter_number;
    a.enrol_with_city(&city.url, &code_a).unwrap();
    let received = register(&a, "Nguyễn Văn An");
    a.sync_once().unwrap();
    assert!(stored_dossier_codes(&city_db).contains(&received));

    let b =
        CounterApp::open_with_clock(&dir.path().join("pc-b.db"), Box::new(FixedClock(at(2026, 12, 2, 9, 0)))).unwrap();
    assert!(!b.status().unwrap().setup_done);
    assert_eq!(b.join_city_office(&city.url, " ", 5).unwrap_err().code(), "invalid", "no code typed");
    let wrong = b.join_city_office(&city.url, "AAAA-BBBB-CCCC", 5).unwrap_err();
    assert!(wrong.user_message().contains("Mã đăng ký không đúng"), "{}", wrong.user_message());

    let code_b = code_for_office(&city_db, "000.00.21.H26");
    let taken = b.join_city_office(&city.url, &code_b, a_counter).unwrap_err();
    let problem = &taken.problems().expect("a field problem").0[0];
    assert_eq!(problem.field, "counter_number");
    assert!(problem.message.contains(&format!("Quầy {a_counter} đã có máy khác")), "{}", problem.message);
    assert!(!b.status().unwrap().setup_done, "nothing set up with a taken counter number");

    // The code is used up, and not needed again: the PC is enrolled.
    let office = b.join_city_office(&city.url, "", 5).unwrap();
    assert_eq!(office.counter_number, 5);
    let a_office = a.status().unwrap().office.unwrap();
    assert_eq!(
        (office.name.as_str(), office.unit_code.as_str()),
        (a_office.name.as_str(), a_office.unit_code.as_str())
    );
    assert_eq!(office.hotlines, a_office.hotlines);
    let status = b.status().unwrap();
    assert!(status.setup_done && status.session.is_none());
    assert_eq!(b.join_city_office(&city.url, "", 6).unwrap_err().code(), "already_set_up");

    // The office's admin, with the password set on the first PC; the dossier and catalog came down.
    b.login("admin", "matkhau123").unwrap();
    assert_eq!(b.dossier(&received).unwrap().draft.applicant.full_name, "Nguyễn Văn An");
    assert!(!b.search_procedures("khai sinh").unwrap().is_empty());
    assert_eq!(b.sync_status().unwrap().link.unwrap().office_unit_code, "000.00.21.H26");

    // A hotline changed on the first PC reaches the second; each keeps its counter number.
    let mut changed = a.status().unwrap().office.unwrap();
    changed.hotlines = vec!["1900 9999".into()];
    a.update_office(changed).unwrap();
    a.sync_once().unwrap();
    b.sync_once().unwrap();
    let on_b = b.status().unwrap().office.unwrap();
    assert_eq!((on_b.hotlines.as_slice(), on_b.counter_number), (&["1900 9999".to_owned()][..], 5));
    a.sync_once().unwrap();
    assert_eq!(a.status().unwrap().office.unwrap().counter_number, a_counter);

    // Both PCs change the hotline before syncing, A first (by their clocks and in fact): the
    // later edit (B's) wins on both, and B's admin reads that A's older edit came down after
    // and was kept in the log only.
    let kept_before = b.sync_not_applied().unwrap().len();
    let mut on_a = a.status().unwrap().office.unwrap();
    on_a.hotlines = vec!["1900 1111".into()];
    a.update_office(on_a).unwrap();
    let mut on_b = b.status().unwrap().office.unwrap();
    on_b.hotlines = vec!["1900 2222".into()];
    b.update_office(on_b).unwrap();
    a.sync_once().unwrap();
    b.sync_once().unwrap();
    a.sync_once().unwrap();
    for pc in [&a, &b] {
        assert_eq!(pc.status().unwrap().office.unwrap().hotlines, ["1900 2222"]);
    }
    let kept = b.sync_not_applied().unwrap();
    assert_eq!(kept.len(), kept_before + 1, "{kept:?}");
    assert_eq!((kept[0].kind.as_str(), kept[0].reason.as_str()), ("office.configured", "superseded"));
    assert!(kept[0].explanation.starts_with("Máy này đã có bản sửa mới hơn"), "{}", kept[0].explanation);
    drop(city);
    a.shut_down();
    b.shut_down();
}
