//! `motcua sync …` against the city server on loopback, and the counter's process SIGKILLed
//! again and again in the middle of `motcua sync now`: nothing lost, nothing stored twice,
//! nothing out of order, and the last run empties the outbox.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use motcua_server::loopback::{LoopbackCity, code_for_office, office_with_code, stored_op_order};
use motcua_store::Store;
use motcua_store::fixtures::print_papers;

use super::{motcua, ok, set_up_office};

#[test]
fn a_counter_killed_mid_push_loses_nothing_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let city_db = dir.path().join("city.db");
    let code = office_with_code(&city_db, "000.00.31.H26", "Xã Thử");
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");

    let status: serde_json::Value = serde_json::from_str(&ok(&["--db", &db, "sync", "status", "--json"])).unwrap();
    assert!(status["link"].is_null());
    let said = ok(&["--db", &db, "sync", "enrol", "--server", &city.url, "--code", &code]);
    assert!(said.contains("Xã Thử"), "{said}");

    // 6,000 ops waiting (printed papers through the write path, 1,000 a transaction).
    print_papers(&mut Store::open(&db).unwrap(), 6_000);

    // `motcua sync now`, SIGKILLed as soon as the server has more of the outbox than before
    // (so always part-way, whatever this machine's speed), a few times; a run that gets to
    // the end by itself stops the series. Then one run left alone.
    let mut killed_at = Vec::new();
    for _ in 0..8 {
        let before = stored_op_order(&city_db).len();
        let mut child = Command::new(env!("CARGO_BIN_EXE_motcua"))
            .args(["--db", &db, "sync", "now", "--json"])
            .env_remove("MOTCUA_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline
            && child.try_wait().unwrap().is_none()
            && stored_op_order(&city_db).len() == before
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            child.wait().unwrap();
            killed_at.push(stored_op_order(&city_db).len());
            continue;
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        break;
    }
    ok(&["--db", &db, "sync", "now", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&ok(&["--db", &db, "sync", "now", "--json"])).unwrap();
    assert_eq!(report["sent"], 0, "nothing left: {report}");

    let store = Store::open(&db).unwrap();
    let made: Vec<(String, i64)> = store.ops_after(0, 100_000).unwrap().into_iter().map(|o| (o.id, o.seq)).collect();
    let on_server = stored_op_order(&city_db);
    eprintln!(
        "[faults] counter killed {} times, with these ops stored: {killed_at:?}; ops made {}, stored {}",
        killed_at.len(),
        made.len(),
        on_server.len()
    );
    assert!(killed_at.iter().any(|n| *n > 0 && *n < made.len()), "never killed with part of the outbox sent");
    assert_eq!(on_server, made, "each op once, in the counter's order");
    let status: serde_json::Value = serde_json::from_str(&ok(&["--db", &db, "sync", "status", "--json"])).unwrap();
    assert_eq!(status["waiting"], 0);
    assert!(status["last_synced_at"].is_string());
    drop(city);
}

/// `motcua sync join` on a new PC's empty file: a counter number the first PC uses is
/// refused with the numbers in use; another one, without the code again, takes the office.
#[test]
fn a_new_pc_joins_its_office_from_a_script() {
    let dir = tempfile::tempdir().unwrap();
    let first_pc = set_up_office(dir.path());
    let city_db = dir.path().join("city.db");
    let code = office_with_code(&city_db, "000.00.31.H26", "Xã Thử");
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");
    ok(&["--db", &first_pc, "sync", "enrol", "--server", &city.url, "--code", &code]);
    ok(&["--db", &first_pc, "sync", "now"]);

    let new_pc = dir.path().join("new-pc.db").to_string_lossy().into_owned();
    let code = code_for_office(&city_db, "000.00.31.H26");
    let taken =
        motcua(&["--db", &new_pc, "sync", "join", "--server", &city.url, "--code", &code, "--counter", "2"], None);
    let said = String::from_utf8_lossy(&taken.stderr);
    assert!(
        !taken.status.success() && said.contains("Quầy 2 đã có máy khác") && said.contains("đang dùng: 2"),
        "{said}"
    );
    let said = ok(&["--db", &new_pc, "sync", "join", "--server", &city.url, "--counter", "3"]);
    assert!(said.contains("quầy 3"), "{said}");
    let office: serde_json::Value = serde_json::from_str(&ok(&["--db", &new_pc, "office", "show", "--json"])).unwrap();
    assert_eq!((office["unit_code"].as_str(), office["counter_number"].as_u64()), (Some("000.00.31.H26"), Some(3)));
    assert_eq!(office["name"], "Bộ phận Một cửa xã Thử");
}
