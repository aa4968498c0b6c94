//! The admin's backup settings and the daily backup thread.

use std::time::{Duration, Instant};

use motcua_app::{AppError, BackupStatus, CounterApp, NewUser};
use motcua_store::Role;
use motcua_store::backup::BackupSettings;

use crate::support::*;

/// Polls the admin's view until `done` holds (bounded: 20 s).
fn wait_for(app: &CounterApp, what: &str, done: impl Fn(&BackupStatus) -> bool) -> BackupStatus {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        let status = app.backup_status().unwrap();
        if done(&status) {
            return status;
        }
        assert!(Instant::now() < until, "{what}: {status:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_daily_backup_writes_once_a_day_reports_a_removed_stick_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 12, 2, 9, 0));
    let usb = dir.path().join("usb");

    let refused = app.set_backup_settings(Some(BackupSettings { folder: usb.clone(), keep: 7 })).unwrap_err();
    assert!(refused.user_message().contains("Không tìm thấy thư mục"), "{}", refused.user_message());
    std::fs::create_dir(&usb).unwrap();
    let refused = app.set_backup_settings(Some(BackupSettings { folder: usb.clone(), keep: 0 })).unwrap_err();
    assert_eq!(refused.problems().unwrap().0[0].field, "keep");
    app.set_backup_settings(Some(BackupSettings { folder: usb.clone(), keep: 7 })).unwrap();

    app.start_daily_backups(Duration::from_millis(20), Duration::from_millis(100));
    let status = wait_for(&app, "the day's backup", |s| s.daily.len() == 1);
    motcua_store::backup::inspect(&status.daily[0].file).unwrap();
    // Later wake-ups the same day write nothing more.
    std::thread::sleep(Duration::from_millis(350));
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 1);

    // The stick is pulled out: the admin sees why there is no backup, and it comes back by
    // itself once the stick is back.
    std::fs::remove_dir_all(&usb).unwrap();
    let status = wait_for(&app, "the missing folder reported", |s| s.last.as_ref().is_some_and(|l| l.error.is_some()));
    assert!(status.last.unwrap().error.unwrap().contains("Ổ USB đã bị rút ra?"));
    std::fs::create_dir(&usb).unwrap();
    wait_for(&app, "the backup after the stick came back", |s| {
        s.daily.len() == 1 && s.last.as_ref().is_some_and(|l| l.error.is_none())
    });
    app.shut_down();

    // The admin's "back up now" replaces the day's file; a clerk can do none of it.
    let taken = app.back_up_now().unwrap();
    assert_eq!(taken.facts.dossiers, 0);
    let clerk =
        NewUser { full_name: "Lý Thị Quầy".into(), username: "quay1".into(), password: "matkhau456".into() };
    app.create_user(clerk, Role::Clerk).unwrap();
    app.logout().unwrap();
    app.login("quay1", "matkhau456").unwrap();
    assert!(matches!(app.backup_status(), Err(AppError::Forbidden)));
    assert!(matches!(app.back_up_now(), Err(AppError::Forbidden)));
}
