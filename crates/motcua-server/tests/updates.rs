//! `motcua-server --updates DIR` as a process: the folder's files are served under /updates/
//! as they are at each request (a new release replaces `latest.json`), nothing outside the
//! folder is, and a folder that does not exist stops the server at start with a clear message.

mod common;

use common::Server;

#[test]
fn the_city_hands_out_the_updates_folder_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let updates = dir.path().join("updates");
    std::fs::create_dir(&updates).unwrap();
    std::fs::write(updates.join("latest.json"), r#"{"version":"0.1.1"}"#).unwrap();
    let package: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(updates.join("motcua_0.1.1_amd64.deb"), &package).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "outside the folder").unwrap();
    let db = dir.path().join("city.db");
    let (_server, url) = Server::spawn(&[
        "--db",
        &format!("sqlite:{}", db.display()),
        "--listen",
        "127.0.0.1:0",
        "--updates",
        updates.to_str().unwrap(),
    ]);
    let client = reqwest::blocking::Client::new();
    let get = |path: &str| client.get(format!("{url}{path}")).send().unwrap();

    let manifest = get("/updates/latest.json");
    assert_eq!(manifest.status(), 200);
    assert_eq!(manifest.headers()["content-type"], "application/json");
    assert_eq!(manifest.headers()["cache-control"], "no-cache");
    assert_eq!(manifest.text().unwrap(), r#"{"version":"0.1.1"}"#);
    let got = get("/updates/motcua_0.1.1_amd64.deb");
    assert_eq!(got.headers()["content-length"], package.len().to_string().as_str());
    assert!(got.bytes().unwrap() == package, "the package, byte for byte");

    // A new release: the next request sees it.
    std::fs::write(updates.join("latest.json"), r#"{"version":"0.1.2"}"#).unwrap();
    assert!(get("/updates/latest.json").text().unwrap().contains("0.1.2"));

    for outside in [
        "/updates/..%2Fsecret.txt",
        "/updates/../secret.txt",
        "/updates/%2E%2E",
        "/updates/.hidden",
        "/updates/none.json",
    ] {
        let r = get(outside);
        assert_eq!(r.status(), 404, "{outside}");
        assert!(!r.text().unwrap().contains("outside the folder"), "{outside}");
    }
    // The sync API is there as always.
    assert_eq!(get("/healthz").text().unwrap(), "ok");
}

#[test]
fn a_missing_updates_folder_stops_the_server_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["--db", &format!("sqlite:{}", dir.path().join("city.db").display()), "--listen", "127.0.0.1:0"])
        .args(["--updates", dir.path().join("khong-co").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("khong-co") && said.contains("không có thư mục này"), "{said}");
}
