//! The admin looks for an update in the real window, on a PC enrolled with the city server,
//! which hands out updates from a folder. The folder first holds garbage, then offers version
//! 9.9.9 whose package is signed with a key that is not the app's; then the admin's own address
//! has nothing: each is refused with a clear message, nothing is installed, the app keeps
//! working.

use std::path::Path;
use std::process::Command;

use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;
use motcua_server::loopback::{LoopbackCity, office_with_code};

mod common;
use common::*;

/// The Tauri CLI installed by `npm ci` in ui/: it makes and uses minisign keys.
fn tauri_cli(args: &[&str]) {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/.bin/tauri");
    let out = Command::new(&cli).args(args).output().unwrap_or_else(|e| panic!("{}: {e}", cli.display()));
    assert!(out.status.success(), "tauri {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A package for 9.9.9 signed with a fresh key (not the one in tauri.conf.json): its signature.
fn signed_by_a_stranger(dir: &Path, package: &Path) -> String {
    let key = dir.join("stranger.key");
    tauri_cli(&["signer", "generate", "-w", key.to_str().unwrap(), "-p", "", "--ci", "-f"]);
    tauri_cli(&[
        "signer",
        "sign",
        "-f",
        key.to_str().unwrap(),
        "-p",
        "",
        "--app-version",
        "9.9.9",
        package.to_str().unwrap(),
    ]);
    std::fs::read_to_string(format!("{}.sig", package.display())).unwrap()
}

#[test]
fn an_update_with_a_bad_signature_or_a_garbage_answer_is_refused() {
    let profile = Profile::fresh("updates");
    prepare_counter(&profile.db, 0);
    // The city server hands out updates from a folder (`motcua-server --updates DIR`); the PC is
    // enrolled with it, so it looks there while its admin has typed no address.
    let updates = profile.dir.join("city-updates");
    std::fs::create_dir_all(&updates).unwrap();
    std::fs::write(updates.join("latest.json"), "<html>502 Bad Gateway</html>").unwrap();
    let city_db = profile.dir.join("city.db");
    let code = office_with_code(&city_db, UNIT_CODE, "Phường Ba Đình");
    let city = LoopbackCity::start_with_updates(&city_db, "127.0.0.1:0", Some(&updates));
    {
        let pc = motcua_app::CounterApp::open(&profile.db).unwrap().with_cli_session();
        pc.enrol_with_city(&city.url, &code).unwrap();
        pc.shut_down();
    }
    let package = updates.join("motcua_9.9.9_amd64.deb");
    std::fs::write(&package, b"!<arch>\ndebian-binary   not really a package").unwrap();
    let signature = signed_by_a_stranger(&profile.dir, &package);
    let platform =
        serde_json::json!({"signature": signature, "url": format!("{}/updates/motcua_9.9.9_amd64.deb", city.url)});
    let manifest = serde_json::json!({
        "version": "9.9.9",
        "notes": "Sửa lỗi in giấy tiếp nhận",
        "pub_date": "2026-12-01T00:00:00Z",
        "platforms": {"linux-x86_64": platform, "linux-x86_64-deb": platform},
    })
    .to_string();

    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "updates");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.click_on("#nav-admin");
    app.el("#update-source");
    assert_eq!(app.value_of("#update-source"), "", "no address typed: the city server's");

    // The city's folder holds garbage where the manifest should be.
    app.click_on("#update-check");
    app.wait_text("#update-error", "the garbage refused", &|t| t.contains("trả lời không hợp lệ"));

    // The city's IT team puts a release there: 9.9.9, whose package is not signed by the
    // app's key.
    std::fs::write(updates.join("latest.json"), manifest).unwrap();
    app.click_on("#update-check");
    app.wait_text("#update-state", "the offer", &|t| t.contains("Có bản cập nhật 9.9.9"));
    assert!(app.text_of("#update-notes").contains("Sửa lỗi in giấy tiếp nhận"));
    app.click_on("#update-install");
    let said = app.wait_text("#update-error", "the bad signature refused", &|t| t.contains("chữ ký hợp lệ"));
    assert!(said.contains("Phần mềm đang dùng giữ nguyên"), "{said}");

    // An address of the admin's own wins over the city's: one with nothing there.
    app.fill("#update-source", &format!("{}/updates/khong-co.json", city.url));
    app.click_on("#update-source-save");
    app.wait_text("#update-state", "the saved address", &|t| t.contains("Đã lưu địa chỉ cập nhật"));
    app.click_on("#update-check");
    app.wait_text("#update-error", "nothing there", &|t| t.contains("trả lời không hợp lệ"));

    // Nothing was installed: the same app still answers.
    app.click_on("#nav-today");
    app.el("#today-list, #today-empty");
    assert!(app.exists("#current-user"));
}
