//! The admin's settings in the real window: this PC's daily backup (a folder that is not there
//! is refused at its field, then "Sao lưu ngay" writes a verified backup the card lists, which
//! holds the counter's dossiers), and the office's data corrected after the first run.

use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;
use motcua_e2e::webdriver::ENTER;

mod common;
use common::*;

#[test]
fn the_admin_turns_on_the_daily_backup_and_backs_up_now() {
    let profile = Profile::fresh("backup");
    let codes = prepare_counter(&profile.db, 2);
    let usb = profile.db.parent().unwrap().join("usb");
    let _ = std::fs::remove_dir_all(&usb);
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "backup");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.click_on("#nav-admin");
    app.wait_text("#backup-state", "backup off", &|t| t.contains("Chưa bật sao lưu tự động"));

    app.click_on("#backup-enabled");
    app.fill("#backup-folder", usb.to_str().unwrap());
    app.fill("#backup-keep", "7");
    app.click_on("#backup-save");
    app.wait_text("#backup-folder-error", "the missing folder refused", &|t| t.contains("Không tìm thấy thư mục"));

    // The USB drive is plugged in; the admin picks it in the system's folder picker.
    std::fs::create_dir_all(&usb).unwrap();
    // The picker opens where the field points (the folder above the drive's).
    app.fill("#backup-folder", usb.parent().unwrap().to_str().unwrap());
    app.click_on("#backup-folder-pick");
    type_path_in_the_system_dialog(&display, "Chọn thư mục sao lưu", "ctrl+l", &usb);
    app.wait_until("the picked folder in its field", motcua_e2e::ui::UI_TIMEOUT, |s| {
        let value = s.execute("return document.getElementById('backup-folder').value;", vec![])?;
        Ok((value.as_str() == usb.to_str()).then_some(()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    app.click_on("#backup-save");
    app.wait_text("#backup-list-empty", "no backup yet", &|t| t.contains("Chưa có bản sao lưu"));
    app.click_on("#backup-now");
    let said = app.wait_text("#backup-state", "the backup done", &|t| t.contains("Đã sao lưu vào"));
    assert!(said.contains("2 hồ sơ") && said.contains("đã kiểm tra toàn vẹn"), "{said}");
    let listed = app.text_of("#backup-list");
    let file = std::fs::read_dir(&usb).unwrap().flatten().map(|e| e.path()).next().expect("a backup file");
    assert!(listed.contains(file.file_name().unwrap().to_str().unwrap()), "{listed}");

    let facts = motcua_store::backup::inspect(&file).unwrap();
    assert_eq!(facts.dossiers, 2);
    let copy = motcua_store::Store::open(&file).unwrap();
    for code in &codes {
        assert!(copy.dossier_by_code(code).unwrap().is_some(), "{code} is in the backup");
    }
}

/// The mail server card: a bad port is refused at its field; saved settings come back with the
/// password kept but not shown; "Gửi thư thử" to a server that is not there says so.
#[test]
fn the_admin_sets_up_the_mail_server_and_a_test_mail_says_what_went_wrong() {
    let profile = Profile::fresh("mail");
    prepare_counter(&profile.db, 0);
    // A port nothing listens on: bound, then let go.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "mail");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.click_on("#nav-admin");
    app.click_on("#mail-enabled");
    app.fill("#mail-host", "127.0.0.1");
    app.js("const s = document.getElementById('mail-security'); s.value = 'none'; \
            s.dispatchEvent(new Event('change', { bubbles: true }));");
    app.fill("#mail-port", "0");
    app.fill("#mail-username", "motcua");
    app.fill("#mail-password", "Mật-khẩu-thư");
    app.fill("#mail-from", "motcua@badinh.example.vn");
    app.click_on("#mail-save");
    app.wait_text("#mail-port-error", "the bad port", &|t| t.contains("Cổng máy chủ thư"));
    app.fill("#mail-port", &closed.to_string());
    app.click_on("#mail-save");
    app.wait_text("#mail-state", "saved", &|t| t.contains("Đã lưu cấu hình máy chủ thư"));
    assert_eq!(app.value_of("#mail-password"), "", "the password is not shown again");
    let placeholder = app.js("return document.getElementById('mail-password').placeholder;");
    assert!(placeholder.as_str().unwrap_or_default().contains("đã lưu"), "{placeholder}");

    app.fill("#mail-test-to", "quan.tri@example.vn");
    app.click_on("#mail-test");
    app.wait_text("#mail-error", "the failure", &|t| t.contains("Chưa gửi được thư: không kết nối được máy chủ thư"));
}

#[test]
fn the_admin_corrects_the_office_data_and_the_header_follows() {
    let profile = Profile::fresh("office-edit");
    prepare_counter(&profile.db, 0);
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "office-edit");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.click_on("#nav-admin");
    app.wait_text("#office-unit-code", "the unit code", &|t| t == UNIT_CODE);

    // A counter with no hotline left is refused at the field; nothing is saved.
    app.fill("#office-hotlines", "");
    app.click_on("#office-save");
    app.wait_text("#office-hotlines-error", "no hotline refused", &|t| !t.is_empty());

    app.fill("#office-hotlines", "024 3825 9999");
    app.type_into("#office-hotlines", &format!("{ENTER}1022"));
    app.wait_value("#office-hotlines", "024 3825 9999\n1022");
    app.fill("#office-counter", "7");
    app.fill("#office-name", "Bộ phận Một cửa phường Ba Đình (mới)");
    app.click_on("#office-save");
    app.wait_text("#office-edit-result", "the saved notice", &|t| t.contains("Đã lưu thông tin đơn vị"));
    // The header, at the top of the page the admin scrolled down.
    app.js("window.scrollTo(0, 0); return true;");
    app.wait_text(".brand-counter", "the header's counter", &|t| t.contains('7'));
    // The name is cut with an ellipsis in the header (WebDriver reads no text there): its
    // tooltip and content carry it whole.
    let header = app.js("return document.querySelector('.brand-office').title;");
    assert_eq!(header.as_str(), Some("Bộ phận Một cửa phường Ba Đình (mới)"));

    let stored = motcua_app::CounterApp::open(&profile.db).unwrap().status().unwrap().office.unwrap();
    assert_eq!(stored.hotlines, ["024 3825 9999", "1022"]);
    assert_eq!(stored.counter_number, 7);
}
