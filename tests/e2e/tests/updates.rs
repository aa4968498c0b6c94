//! The admin looks for an update in the real window. A server on loopback first answers
//! garbage, then offers version 9.9.9 whose package is signed with a key that is not the app's:
//! both are refused with a clear message, nothing is installed, the app keeps working.

use std::path::Path;
use std::process::Command;

use axum::Router;
use axum::routing::get;
use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;

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
    let package = profile.dir.join("motcua_9.9.9_amd64.deb");
    std::fs::write(&package, b"!<arch>\ndebian-binary   not really a package").unwrap();
    let signature = signed_by_a_stranger(&profile.dir, &package);

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let platform = serde_json::json!({"signature": signature, "url": format!("{base}/motcua_9.9.9_amd64.deb")});
    let manifest = serde_json::json!({
        "version": "9.9.9",
        "notes": "Sửa lỗi in giấy tiếp nhận",
        "pub_date": "2026-12-01T00:00:00Z",
        "platforms": {"linux-x86_64": platform, "linux-x86_64-deb": platform},
    })
    .to_string();
    let bytes = std::fs::read(&package).unwrap();
    let router = Router::new()
        .route("/latest.json", get(move || async move { ([("content-type", "application/json")], manifest) }))
        .route("/garbage.json", get(|| async { "<html>502 Bad Gateway</html>" }))
        .route("/motcua_9.9.9_amd64.deb", get(move || async move { bytes }));
    runtime.spawn(axum::serve(listener, router).into_future());

    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "updates");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.click_on("#nav-admin");

    // A server that answers garbage.
    app.fill("#update-source", &format!("{base}/garbage.json"));
    app.click_on("#update-source-save");
    app.wait_text("#update-state", "the saved address", &|t| t.contains("Đã lưu địa chỉ cập nhật"));
    app.click_on("#update-check");
    app.wait_text("#update-error", "the garbage refused", &|t| t.contains("trả lời không hợp lệ"));

    // A version on offer whose package is not signed by the app's key.
    app.fill("#update-source", &format!("{base}/latest.json"));
    app.click_on("#update-source-save");
    app.wait_text("#update-state", "the saved address", &|t| t.contains("Đã lưu"));
    app.click_on("#update-check");
    app.wait_text("#update-state", "the offer", &|t| t.contains("Có bản cập nhật 9.9.9"));
    assert!(app.text_of("#update-notes").contains("Sửa lỗi in giấy tiếp nhận"));
    app.click_on("#update-install");
    let said = app.wait_text("#update-error", "the bad signature refused", &|t| t.contains("chữ ký hợp lệ"));
    assert!(said.contains("Phần mềm đang dùng giữ nguyên"), "{said}");

    // Nothing was installed: the same app still answers.
    app.click_on("#nav-today");
    app.el("#today-list, #today-empty");
    assert!(app.exists("#current-user"));
}
