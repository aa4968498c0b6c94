//! First run, accounts and roles.

use motcua_app::{AppError, CatalogFormat, CounterApp, NewUser};
use motcua_store::Role;

use crate::support::*;

#[test]
fn first_run_sets_up_the_office_with_the_bundled_catalog_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = CounterApp::open(&dir.path().join("c.db")).unwrap();
    assert!(!app.status().unwrap().setup_done);
    app.setup_office(setup_json()).unwrap();
    let status = app.status().unwrap();
    assert!(status.setup_done);
    assert!(status.session.is_none(), "setup does not log anyone in");
    assert!(matches!(app.setup_office(setup_json()), Err(AppError::AlreadySetUp)));

    app.login("admin", "matkhau123").unwrap();
    assert!(app.search_procedures("").unwrap().len() >= 30);
}

#[test]
fn setup_reports_every_bad_field_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = CounterApp::open(&dir.path().join("c.db")).unwrap();
    let mut setup = setup_json();
    setup.office.unit_code = "abc".into();
    setup.office.hotlines.clear();
    setup.admin.password = "short".into();
    let err = app.setup_office(setup).unwrap_err();
    let fields: Vec<&str> = err.problems().unwrap().0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["unit_code", "hotlines", "admin.password"]);
    assert!(!app.status().unwrap().setup_done);
}

#[test]
fn wrong_password_is_refused_and_logout_ends_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    app.logout().unwrap();
    assert!(matches!(app.login("admin", "sai mật khẩu"), Err(AppError::BadLogin)));
    assert!(matches!(app.login("khongco", "matkhau123"), Err(AppError::BadLogin)));
    assert!(matches!(app.dossiers_received_on(None), Err(AppError::NotLoggedIn)));
    let s = app.login("ADMIN", "matkhau123").unwrap();
    assert_eq!(s.role, Role::Admin);
}

#[test]
fn a_clerk_cannot_use_admin_functions() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    let clerk =
        NewUser {
            full_name: "Trần Thị Cán Bộ".into(), username: "canbo1".into(), password: "matkhau456".into()
        };
    app.create_user(clerk, Role::Clerk).unwrap();
    app.logout().unwrap();
    assert_eq!(app.login("canbo1", "matkhau456").unwrap().role, Role::Clerk);
    assert!(matches!(app.users(), Err(AppError::Forbidden)));
    assert!(matches!(app.import_catalog("{\"procedures\":[]}", CatalogFormat::Json), Err(AppError::Forbidden)));
    let again = NewUser { full_name: "X".into(), username: "canbo2".into(), password: "matkhau456".into() };
    assert!(matches!(app.create_user(again, Role::Admin), Err(AppError::Forbidden)));
}

#[test]
fn reimporting_the_catalog_updates_by_code_and_keeps_dossiers() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 9, 0));
    let dossier = app.create_dossier(crate::intake::birth_registration_draft()).unwrap();

    let exported = app.export_catalog(CatalogFormat::Csv).unwrap();
    let renamed = exported.replace("Đăng ký khai sinh,", "Đăng ký khai sinh (cập nhật),");
    assert_ne!(renamed, exported, "the CSV names the procedure in its own cell");
    let summary = app.import_catalog(&renamed, CatalogFormat::Csv).unwrap();
    assert_eq!(summary.created, 0);
    assert!(summary.updated >= 30);
    assert_eq!(app.procedure("1.001193").unwrap().name, "Đăng ký khai sinh (cập nhật)");
    let kept = app.dossier(&dossier.code).unwrap();
    assert_eq!(kept.procedure_name, "Đăng ký khai sinh", "a dossier keeps the name it was received under");

    let broken = app.import_catalog("code,name\n1.1,x\n", CatalogFormat::Csv).unwrap_err();
    assert!(broken.user_message().contains("Dòng 1"), "{}", broken.user_message());
}

#[test]
fn the_counter_app_checks_a_clean_file_after_start_and_leaves_it_clean_at_exit() {
    use motcua_app::IntegrityInfo;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let wal = dir.path().join("c.db-wal");
    let app = CounterApp::open_at_counter(&path).unwrap();
    app.setup_office(setup_json()).unwrap();
    app.login("admin", "matkhau123").unwrap();
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the saves are in the WAL");
    // Tauri exits without dropping the app: shut_down is all that runs.
    app.shut_down();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "shut_down leaves an empty WAL");
    std::mem::forget(app);

    let app = CounterApp::open_at_counter(&path).unwrap();
    assert_eq!(app.status().unwrap().integrity, IntegrityInfo::Checking, "a clean file is checked later");
    app.login("admin", "matkhau123").expect("usable while the check waits");
}

#[test]
fn the_admin_corrects_the_office_data_but_not_its_unit_code() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 12, 2, 9, 0));
    let mut office = app.status().unwrap().office.unwrap();
    office.hotlines = vec!["  024 3825 1111 ".into(), "".into()];
    office.address = "Số 2 phố Mới".into();
    office.counter_number = 5;
    let saved = app.update_office(office.clone()).unwrap();
    assert_eq!(saved.hotlines, ["024 3825 1111"]);
    let now = app.status().unwrap().office.unwrap();
    assert_eq!((now.address.as_str(), now.counter_number), ("Số 2 phố Mới", 5));

    let mut moved = now.clone();
    moved.unit_code = "000.00.99.H26".into();
    let refused = app.update_office(moved).unwrap_err();
    assert_eq!(refused.problems().unwrap().0[0].field, "unit_code");
    let mut no_hotline = now.clone();
    no_hotline.hotlines.clear();
    assert_eq!(app.update_office(no_hotline).unwrap_err().problems().unwrap().0[0].field, "hotlines");
    assert_eq!(app.status().unwrap().office.unwrap(), now, "a refused change saves nothing");

    app.create_user(
        NewUser { full_name: "Đào Văn Quầy".into(), username: "quay2".into(), password: "matkhau456".into() },
        Role::Clerk,
    )
    .unwrap();
    app.logout().unwrap();
    app.login("quay2", "matkhau456").unwrap();
    assert!(matches!(app.update_office(now), Err(AppError::Forbidden)));
}
