//! The admin turns on this PC's daily backup in the real window: a folder that is not there is
//! refused at its field, then "Sao lưu ngay" writes a verified backup the card lists, which
//! holds the counter's dossiers.

use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;

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

    std::fs::create_dir_all(&usb).unwrap();
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
