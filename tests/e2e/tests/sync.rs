//! City sync in the real app window: the admin enrols the PC in Quản trị with the server's
//! address and a one-time code; the server goes away; the clerk registers three dossiers in
//! the window and the sync line says they wait; the server comes back and, with nobody
//! touching anything, the line says "Đã đồng bộ" and the server has all three.
//!
//! And a second PC of that office, installed fresh: its first-run screen joins the office
//! from the city server instead of typing it in again. And what the admin reads of the sync:
//! ops the server refused, changes pulled but kept in the log only.

use std::time::Duration;

use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;
use motcua_e2e::webdriver::{Session, WdResult};
use motcua_server::loopback::{LoopbackCity, code_for_office, office_with_code, stored_dossier_codes};

mod common;
use common::*;

/// Backoff after a few failures (2, 4, 8 s with jitter) plus the line's 3 s poll.
const SYNC_TIMEOUT: Duration = Duration::from_secs(45);

/// The sync line's `data-online` and `data-waiting`, once it is shown.
fn line_state(s: &Session) -> WdResult<Option<(String, String)>> {
    let Some(line) = s.find("#sync-line")? else { return Ok(None) };
    Ok(Some((
        s.attribute(&line, "data-online")?.unwrap_or_default(),
        s.attribute(&line, "data-waiting")?.unwrap_or_default(),
    )))
}

#[test]
fn dossiers_registered_offline_reach_the_city_by_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let city_db = dir.path().join("city.db");
    let code = office_with_code(&city_db, UNIT_CODE, "Phường Ba Đình");
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");
    let address = city.address().to_owned();

    let profile = Profile::fresh("city-sync");
    prepare_counter(&profile.db, 0);
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "sync");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    assert!(!app.exists("#sync-line"), "no sync line before enrolment");

    // --- enrolment: a used-up guess first, then the code
    app.click_on("#nav-admin");
    app.fill("#city-url", &city.url);
    app.fill("#city-code", "AAAA-BBBB-CCCC");
    app.click_on("#city-enrol");
    app.wait_text("#city-setup-error", "the refusal", &|t| t.contains("Mã đăng ký không đúng"));
    assert_eq!(app.value_of("#city-code"), "", "the code is not left on screen");
    app.fill("#city-code", &code);
    app.click_on("#city-enrol");
    app.wait_text("#city-enrolled", "the enrolment", &|t| t.contains("Phường Ba Đình") && t.contains(UNIT_CODE));
    app.wait_text("#sync-state", "the first sync", &|t| t.starts_with("Đã đồng bộ lúc"));

    // --- the server goes away; the clerk registers three dossiers
    drop(city);
    let mut codes = Vec::new();
    for i in 0..3 {
        // From Quản trị the first time; from the saved panel after that.
        app.click_on(if i == 0 { "#nav-intake" } else { "#new-dossier" });
        app.fill("#full-name", &format!("Nguyễn Văn Mạng {i}"));
        app.fill("#id-number", &format!("00120300{i:04}"));
        pick_birth_registration(&app);
        app.click_on("#save-dossier");
        app.el("#saved-panel");
        codes.push(app.text_of("#saved-code").trim().to_owned());
    }
    app.click_on("#sync-now");
    app.wait_until("the line to say offline with 3 waiting", SYNC_TIMEOUT, |s| {
        Ok(line_state(s)?.filter(|(online, waiting)| online == "false" && waiting.parse::<u32>().unwrap_or(0) >= 3))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    app.wait_text("#sync-state", "offline", &|t| t.contains("Mất kết nối máy chủ thành phố"));
    app.wait_text("#sync-waiting", "what waits", &|t| t.contains("thao tác chờ gửi"));
    app.screenshot("sync-1-offline");

    // --- it comes back at the same address: nobody touches anything
    let _city = LoopbackCity::start(&city_db, &address);
    app.wait_until("the line to say synced", SYNC_TIMEOUT, |s| {
        Ok(line_state(s)?.filter(|(online, waiting)| online == "true" && waiting == "0"))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    app.wait_text("#sync-state", "synced", &|t| t.starts_with("Đã đồng bộ lúc"));
    assert!(!app.exists("#sync-waiting"));
    app.screenshot("sync-2-synced");
    let stored = stored_dossier_codes(&city_db);
    for code in &codes {
        assert_eq!(stored.iter().filter(|c| *c == code).count(), 1, "{code} on the server once: {stored:?}");
    }
}

#[test]
fn a_new_pc_joins_its_office_from_the_first_run_screen() {
    let dir = tempfile::tempdir().unwrap();
    let city_db = dir.path().join("city.db");
    let code_a = office_with_code(&city_db, UNIT_CODE, "Phường Ba Đình");
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");

    // The office's first PC (counter 2), set up and synced earlier.
    let first_pc = dir.path().join("first-pc.db");
    let received = prepare_counter(&first_pc, 2);
    let a = motcua_app::CounterApp::open(&first_pc).unwrap().with_cli_session();
    a.enrol_with_city(&city.url, &code_a).unwrap();
    a.sync_once().unwrap();
    a.shut_down();
    drop(a);

    let code_b = code_for_office(&city_db, UNIT_CODE);
    let profile = Profile::fresh("city-join");
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "join");
    assert_eq!(first_screen(&app), "wizard");
    app.click_on("#setup-mode-join");
    app.fill("#join-url", &city.url);
    app.fill("#join-code", &code_b);
    app.fill("#join-counter", "2");
    app.click_on("#join-submit");
    let taken = ".field-error[data-field=\"counter_number\"]";
    app.wait_text(taken, "counter 2 refused", &|t| t.contains("Quầy 2 đã có máy khác"));
    assert_eq!(app.value_of("#join-code"), "", "the code is not left on screen");
    app.screenshot("join-0-counter-taken");

    // Another counter number; the code is not needed again.
    app.fill("#join-counter", "4");
    app.click_on("#join-submit");
    app.wait_text("#login-notice", "the joined notice", &|t| t.contains("quầy 4"));
    app.screenshot("join-1-login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.wait_text(".brand-counter", "the counter number", &|t| t.contains("Quầy số 4"));
    app.click_on("#nav-today");
    for code in &received {
        app.el(&format!("#today-list tr[data-code=\"{code}\"]"));
    }
    app.screenshot("join-2-today");
}

/// What the admin reads in Quản trị about the sync: an op the server refused (this PC's copy of
/// a dossier damaged), counted on the sync line, and a change pulled from the office's other
/// PC that lost to this PC's later edit, kept in the log only; each with its reason.
#[test]
fn the_admin_reads_what_the_server_refused_and_what_came_down_unapplied() {
    let dir = tempfile::tempdir().unwrap();
    let city_db = dir.path().join("city.db");
    let code = office_with_code(&city_db, UNIT_CODE, "Phường Ba Đình");
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");

    // This PC: two dossiers, the first one's op damaged as stored here (a bad disk sector);
    // enrolled and synced once before the window opens.
    let profile = Profile::fresh("sync-lists");
    let codes = prepare_counter(&profile.db, 2);
    let damaged = rusqlite::Connection::open(&profile.db)
        .unwrap()
        .execute(
            "UPDATE ops SET payload = json_object('code', json_extract(payload, '$.code'))
             WHERE kind = 'dossier.received' AND json_extract(payload, '$.code') = ?1",
            [&codes[0]],
        )
        .unwrap();
    assert_eq!(damaged, 1);
    {
        let a = motcua_app::CounterApp::open(&profile.db).unwrap().with_cli_session();
        a.enrol_with_city(&city.url, &code).unwrap();
        a.sync_once().unwrap();
        a.shut_down();
    }
    assert_eq!(stored_dossier_codes(&city_db), [codes[1].clone()], "the refused dossier is not stored");

    // The office's second PC joins; opened again without its sync thread, it changes the
    // hotline (its op's clock: now, before this PC's edit below) and sends it only after.
    let b_db = dir.path().join("pc-b.db");
    let b = motcua_app::CounterApp::open(&b_db).unwrap();
    b.join_city_office(&city.url, &code_for_office(&city_db, UNIT_CODE), 5).unwrap();
    b.shut_down();
    drop(b);
    let b = motcua_app::CounterApp::open(&b_db).unwrap();
    b.login(ADMIN_USER, ADMIN_PASS).unwrap();
    let mut on_b = b.status().unwrap().office.unwrap();
    on_b.hotlines = vec!["1900 5555".into()];
    b.update_office(on_b).unwrap();

    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "sync-lists");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.wait_text("#sync-rejected", "the refusal counted", &|t| t.contains('1'));

    // This PC corrects the office's address, later than the other PC's edit; that one arrives
    // after: older, it is kept in the log only.
    app.click_on("#nav-admin");
    app.fill("#office-address", "Số 27 phố Liễu Giai, Hà Nội");
    app.click_on("#office-save");
    app.wait_text("#office-edit-result", "saved", &|t| t.contains("Đã lưu thông tin đơn vị"));
    b.sync_once().unwrap();
    app.click_on("#sync-now");
    app.wait_until("the line to say synced", SYNC_TIMEOUT, |s| {
        Ok(line_state(s)?.filter(|(online, waiting)| online == "true" && waiting == "0"))
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // Quản trị, opened again (the round's pull may end just after its push): both lists.
    app.wait_until("the kept op to be listed", SYNC_TIMEOUT, |s| {
        for nav in ["#nav-today", "#nav-admin"] {
            if let Some(el) = s.find(nav)? {
                s.click(&el)?;
            }
        }
        std::thread::sleep(Duration::from_millis(500));
        Ok(s.find("#sync-not-applied")?.map(|_| ()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let refused = app.wait_text("#sync-rejections tbody", "the refused op", &|t| !t.is_empty());
    assert!(refused.contains("Tiếp nhận hồ sơ") && refused.contains("không đúng"), "{refused}");
    let kept = app.wait_text("#sync-not-applied tbody", "the op kept", &|t| !t.is_empty());
    assert!(kept.contains("Thông tin đơn vị") && kept.contains("Máy này đã có bản sửa mới hơn"), "{kept}");
    app.js("document.getElementById('sync-rejections').scrollIntoView();");
    app.screenshot("sync-3-lists");
    assert_eq!(app.value_of("#office-address"), "Số 27 phố Liễu Giai, Hà Nội", "this PC's later edit stands");
    b.shut_down();
    drop(city);
}
