//! A counter's store syncing with the city server process, as an office does: enrolled with a
//! one-time code, then offline while dossiers are received, then the server back on the same
//! address: the outbox drains to zero by itself, every op stored once and in order. Then
//! "Đồng bộ ngay" pushes a new dossier without waiting for the timer.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use motcua_store::fixtures::{at, draft, receive, set_up};
use motcua_store::{Change, Store};
use motcua_sync::runner::RunnerConfig;
use motcua_sync::{CityClient, StoreAccess, SyncRunner};
use motcua_sync_proto::PullReply;

use common::{Server, admin};

/// Polls `ok` every 50 ms for up to 20 s.
fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok() {
        assert!(Instant::now() < deadline, "waited 20 s for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// Every op the server has for the device's office, through the device's own pull.
fn pulled(url: &str, token: &str) -> Vec<motcua_sync_proto::ServerOp> {
    let http = reqwest::blocking::Client::new();
    let (mut all, mut cursor) = (Vec::new(), None::<String>);
    for _ in 0..100 {
        let reply: PullReply = http
            .post(format!("{url}/api/v0/sync/pull"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "cursor": cursor, "limit": 1000 }))
            .send()
            .unwrap()
            .json()
            .unwrap();
        all.extend(reply.ops);
        cursor = Some(reply.cursor);
        if !reply.more {
            return all;
        }
    }
    panic!("pull never ended");
}

#[test]
fn an_office_offline_for_a_while_catches_up_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city.db");
    admin(&city, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let code = admin(&city, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let address = free_address();

    // Enrolment, while the server is there.
    let store = Arc::new(Mutex::new(set_up(&dir.path().join("counter.db"), 1)));
    let (server, url) = Server::start_on(&city, &address);
    let device_id = store.lock().unwrap().device_id().to_owned();
    let enrolment = CityClient::new(&url, None).unwrap().enrol(&code, &device_id, "Quầy 1").unwrap();
    drop(server);

    // Offline: three dossiers received.
    let codes: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Đặng Văn Đức"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut s = store.lock().unwrap();
            receive(&mut s, 1, draft(name, &format!("00120300123{i}"), "0912345678"), at(2026, 12, 2, 9, i as u32)).code
        })
        .collect();
    let made = store.lock().unwrap().ops_after(0, 1000).unwrap();
    assert_eq!(store.lock().unwrap().sync_summary().unwrap().waiting, made.len() as u64);

    let config = RunnerConfig {
        every: Duration::from_secs(3600),
        backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(400),
    };
    let client = CityClient::new(&url, Some(enrolment.device_token.clone())).unwrap();
    let runner = SyncRunner::start(client, store.clone(), config);
    wait_until("the runner to find the server away", || runner.state().online == Some(false));
    let state = runner.state();
    assert!(!state.needs_attention && state.last_error.unwrap().contains("Không kết nối được"));

    // The server comes back where the counter expects it: nobody presses anything.
    let (_server, url) = Server::start_on(&city, &address);
    wait_until("the outbox to drain", || store.lock().unwrap().sync_summary().unwrap().waiting == 0);
    wait_until("the state to say online", || runner.state().online == Some(true));
    let skew = runner.state().clock_skew_s.expect("the server says its time");
    assert!(skew.abs() <= 2, "same machine, same clock: {skew} s");
    let summary = store.lock().unwrap().sync_summary().unwrap();
    assert!(summary.last_push_at.is_some() && summary.rejected == 0, "{summary:?}");

    let on_server = pulled(&url, &enrolment.device_token);
    let ids: Vec<&str> = on_server.iter().map(|o| o.op.id.as_str()).collect();
    let expected: Vec<&str> = made.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, expected, "every op once, in the counter's order");
    for code in &codes {
        assert!(on_server.iter().any(|o| o.op.kind == "dossier.received" && o.op.payload["code"] == *code));
    }
    assert_eq!(on_server.last().unwrap().op.payload["draft"]["applicant"]["full_name"], "Đặng Văn Đức");

    // "Đồng bộ ngay": the timer is an hour away, the new dossier goes now.
    let new_code = {
        let mut s = store.lock().unwrap();
        receive(&mut s, 1, draft("Lê Thị Hoa", "001203009999", "0987654321"), at(2026, 12, 2, 10, 0)).code
    };
    assert_eq!(store.lock().unwrap().sync_summary().unwrap().waiting, 1);
    runner.sync_now();
    wait_until("the new dossier to go", || store.lock().unwrap().sync_summary().unwrap().waiting == 0);
    let on_server = pulled(&url, &enrolment.device_token);
    assert_eq!(on_server.len(), made.len() + 1);
    assert_eq!(on_server.last().unwrap().op.payload["code"], new_code);
    runner.stop();
}

#[test]
fn a_revoked_pc_stops_and_says_why_and_keeps_its_ops() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city.db");
    admin(&city, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let code = admin(&city, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap().trim().to_owned();
    let (_server, url) = Server::start(&city);
    let store = Arc::new(Mutex::new(Store::open(dir.path().join("counter.db")).unwrap()));
    let device_id = store.lock().unwrap().device_id().to_owned();
    let enrolment = CityClient::new(&url, None).unwrap().enrol(&code, &device_id, "Quầy 2").unwrap();
    admin(&city, &["device", "revoke", &device_id]).unwrap();

    store
        .with_store(&mut |s| {
            s.commit(&motcua_store::Actor::cli(), Change::UserLoggedIn { user_id: "u1".into() }).map(|_| ())
        })
        .unwrap();
    let client = CityClient::new(&url, Some(enrolment.device_token)).unwrap();
    let runner = SyncRunner::start(client, store.clone(), RunnerConfig::default());
    wait_until("the refusal", || runner.state().needs_attention);
    let state = runner.state();
    assert!(state.last_error.as_deref().unwrap().contains("thu hồi"), "{state:?}");
    assert_eq!(store.lock().unwrap().sync_summary().unwrap().waiting, 1, "nothing marked sent");
    drop(runner);
}
