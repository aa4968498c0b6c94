//! The city's console API over a real server process: city staff log in (a wrong password and
//! an unknown name get the same answer), a supervisor sees every office's sync health and
//! pages through one office's dossiers, every such read is recorded and only a city admin
//! sees that record; a device credential opens nothing here; no name reaches the log.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use common::{Server, admin};
use motcua_store::fixtures::{at, draft, receive, set_up};
use motcua_sync::CityClient;

fn city_user(path: &std::path::Path, username: &str, role: &str, password: &str) {
    let mut add = Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["--db", &format!("sqlite:{}", path.display()), "city-user", "add"])
        .args(["--username", username, "--name", "Lê Thị Giám Sát", "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    assert!(add.wait().unwrap().success());
}

#[test]
fn a_city_supervisor_sees_offices_and_dossiers_and_every_read_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("city.db");
    admin(&path, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    admin(&path, &["office", "add", "--unit-code", "000.00.22.H26", "--name", "Phường Kim Mã"]).unwrap();
    let code = admin(&path, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    city_user(&path, "giamsat", "supervisor", "Mật khẩu giám sát");
    city_user(&path, "quantri", "admin", "Mật khẩu quản trị");
    let (server, url) = Server::start(&path);

    // A counter of Ba Đình receives two dossiers and syncs.
    let store = std::sync::Mutex::new(set_up(&dir.path().join("counter.db"), 1));
    let device_id = store.lock().unwrap().device_id().to_owned();
    for (i, name) in ["Phạm Văn Hùng", "Vũ Thị Lan"].iter().enumerate() {
        receive(
            &mut store.lock().unwrap(),
            1,
            draft(name, &format!("00120300777{i}"), ""),
            at(2026, 12, 2, 9, i as u32),
        );
    }
    let enrolment = CityClient::new(&url, None).unwrap().enrol(&code, &device_id, "Quầy 1", None).unwrap();
    let client = CityClient::new(&url, Some(enrolment.device_token.clone())).unwrap();
    motcua_sync::sync_round(&client, &store).unwrap();

    let http = reqwest::blocking::Client::new();
    let login = |user: &str, password: &str| {
        http.post(format!("{url}/api/v0/city/login"))
            .json(&json!({"username": user, "password": password}))
            .send()
            .unwrap()
    };
    let get = |route: &str, token: &str| http.get(format!("{url}{route}")).bearer_auth(token).send().unwrap();

    let wrong = login("giamsat", "sai mật khẩu");
    let unknown = login("khongco", "Mật khẩu giám sát");
    assert_eq!((wrong.status().as_u16(), unknown.status().as_u16()), (401, 401));
    assert_eq!(wrong.text().unwrap(), unknown.text().unwrap(), "the same answer: no way to learn who exists");
    let session: Value = login(" GiamSat ", "Mật khẩu giám sát").json().unwrap();
    let token = session["token"].as_str().unwrap().to_owned();
    assert_eq!(session["role"], "supervisor");

    let offices: Value = get("/api/v0/city/offices", &token).json().unwrap();
    let offices = offices.as_array().unwrap();
    assert_eq!(offices.len(), 2);
    assert_eq!((offices[0]["unit_code"].as_str(), offices[0]["devices"].as_u64()), (Some("000.00.21.H26"), Some(1)));
    assert!(offices[0]["last_seen_at"].as_i64().is_some(), "the device's hello is its last sign of life");
    assert!(offices[0]["ops"].as_i64().unwrap() >= 4, "office, procedure, two dossiers");
    assert_eq!((offices[1]["devices"].as_u64(), offices[1]["last_seen_at"].as_i64()), (Some(0), None));

    let first: Value = get("/api/v0/city/offices/000.00.21.H26/dossiers?limit=1", &token).json().unwrap();
    assert_eq!(first["dossiers"][0]["applicant_name"], "Phạm Văn Hùng");
    let next = first["next"].as_i64().expect("a next page");
    let rest: Value = get(&format!("/api/v0/city/offices/000.00.21.H26/dossiers?after={next}"), &token).json().unwrap();
    assert_eq!(rest["dossiers"][0]["applicant_name"], "Vũ Thị Lan");
    assert!(rest["next"].is_null());
    assert_eq!(get("/api/v0/city/offices/999/dossiers", &token).status().as_u16(), 422);

    // The record of reads: for city admins only.
    assert_eq!(get("/api/v0/city/reads", &token).status().as_u16(), 403);
    let admin_session: Value = login("quantri", "Mật khẩu quản trị").json().unwrap();
    let reads: Value = get("/api/v0/city/reads", admin_session["token"].as_str().unwrap()).json().unwrap();
    let reads: Vec<(&str, &str, i64)> = reads
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["username"].as_str().unwrap(), r["office_unit_code"].as_str().unwrap(), r["count"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(reads, [("giamsat", "000.00.21.H26", 1), ("giamsat", "000.00.21.H26", 1)]);

    // A device's credential, a made-up token, none: nothing here.
    for t in [enrolment.device_token.as_str(), "made-up", ""] {
        assert_eq!(get("/api/v0/city/offices", t).status().as_u16(), 401, "{t:?}");
    }
    let log = server.log();
    for name in ["Phạm Văn Hùng", "Vũ Thị Lan", "Mật khẩu", &token] {
        assert!(!log.contains(name), "{name:?} in the server's log:\n{log}");
    }
    drop(server);
}
