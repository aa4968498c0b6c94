//! Sync under faults, on real sockets and files, counting ops made, stored and duplicated:
//! answers lost on the way (cut, stalled) by a proxy; the server SIGKILLed in the middle of a
//! 10,000-op backlog and started again. Every time: every op stored exactly once, in the
//! counter's order, and the counter's outbox drained by itself.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use motcua_server::loopback::stored_op_order;
use motcua_store::fixtures::print_papers;
use motcua_store::{Actor, Change, Store};
use motcua_sync::runner::RunnerConfig;
use motcua_sync::{CityClient, PushReport, SyncRunner, push_all};

use common::proxy::{Fate, Proxy};
use common::{Server, admin};

/// A counter that has made `n` ops (printed papers: real changes through the write path).
fn counter_with_ops(path: &Path, n: usize) -> Store {
    let mut store = Store::open(path).unwrap();
    print_papers(&mut store, n);
    store
}

/// An office in a fresh city database, and a credential for the counter's device.
fn enrolled(city: &Path, url: &str, device_id: &str) -> String {
    admin(city, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let code = admin(city, &["enrolment-code", "--office", "000.00.21.H26"]).unwrap();
    CityClient::new(url, None).unwrap().enrol(code.trim(), device_id, "Quầy 1", None).unwrap().device_token
}

/// Every op the counter made is on the server exactly once, in the counter's order.
fn assert_exactly_once_in_order(store: &Store, city: &Path) {
    let made: Vec<(String, i64)> = store.ops_after(0, 1_000_000).unwrap().into_iter().map(|o| (o.id, o.seq)).collect();
    let on_server = stored_op_order(city);
    assert_eq!(on_server.len(), made.len(), "ops made {} / stored {}", made.len(), on_server.len());
    assert_eq!(on_server, made, "the server holds each op once, in the counter's order");
    assert_eq!(store.sync_summary().unwrap().waiting, 0, "the outbox is empty");
}

#[test]
fn answers_lost_on_the_way_are_resent_and_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city.db");
    let (_server, url) = Server::start(&city);
    let store = Mutex::new(counter_with_ops(&dir.path().join("counter.db"), 1_200));
    let device_id = store.lock().unwrap().device_id().to_owned();
    let token = enrolled(&city, &url, &device_id);

    // The 1st and 3rd pushes' answers are cut, the 2nd's stalls; the rest pass.
    let proxy = Proxy::start(url.trim_start_matches("http://"), |n| match n {
        0 | 2 => Fate::Cut,
        1 => Fate::Stall,
        _ => Fate::Pass,
    });
    let client = CityClient::with_timeout(&proxy.url, Some(token), Duration::from_secs(2)).unwrap();
    let (mut rounds_failed, mut total) = (0, PushReport::default());
    for _ in 0..20 {
        match push_all(&client, &store) {
            Ok(report) => {
                total.sent += report.sent;
                total.duplicates += report.duplicates;
                break;
            }
            Err(e) => {
                assert!(e.is_retryable(), "{e}");
                rounds_failed += 1;
            }
        }
    }
    let store = store.into_inner().unwrap();
    eprintln!(
        "[faults] lost answers: {rounds_failed} rounds failed, {} pushes through the proxy, {} ops resent and \
         recognised as duplicates, {} stored",
        proxy.pushes_seen(),
        total.duplicates,
        stored_op_order(&city).len()
    );
    assert_eq!(rounds_failed, 3, "each lost answer failed its round");
    assert!(total.duplicates >= 500, "the batches whose answers were lost came back as duplicates");
    assert_exactly_once_in_order(&store, &city);
}

#[test]
fn ten_thousand_ops_waiting_survive_a_server_killed_mid_push() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city.db");
    let address = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let (server, url) = Server::start_on(&city, &address);
    let store = Arc::new(Mutex::new(counter_with_ops(&dir.path().join("counter.db"), 10_000)));
    let device_id = store.lock().unwrap().device_id().to_owned();
    let token = enrolled(&city, &url, &device_id);
    drop(server);

    // The server is down while the counter tries: 10,000 ops wait.
    let config = RunnerConfig {
        every: Duration::from_secs(3600),
        backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(300),
    };
    let runner = SyncRunner::start(CityClient::new(&url, Some(token)).unwrap(), store.clone(), config);
    wait_until("a failed round", Duration::from_secs(20), || runner.state().online == Some(false));
    assert_eq!(store.lock().unwrap().sync_summary().unwrap().waiting, 10_000);

    // Back; SIGKILLed once part of the backlog is in; back again.
    let (server, _) = Server::start_on(&city, &address);
    wait_until("part of the backlog stored", Duration::from_secs(60), || stored_op_order(&city).len() >= 2_000);
    drop(server); // SIGKILL
    let at_kill = stored_op_order(&city).len();
    let (_server, _) = Server::start_on(&city, &address);
    wait_until("the outbox to drain", Duration::from_secs(120), || {
        store.lock().unwrap().sync_summary().unwrap().waiting == 0
    });
    runner.stop();
    eprintln!(
        "[faults] server killed with {at_kill} of 10,000 ops stored; after the restart {} stored",
        stored_op_order(&city).len()
    );
    assert!(at_kill < 10_000, "the kill came before the end");
    assert_exactly_once_in_order(&store.lock().unwrap(), &city);
}

fn wait_until(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ok() {
        assert!(Instant::now() < deadline, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A counter whose clock ran a day ahead (then a day behind) while it worked, corrected
/// between: its ops' clocks still grow along its log, and the server stores every op once,
/// in the counter's order, whatever the timestamps say.
#[test]
fn a_counter_clock_a_day_off_changes_nothing_on_the_server() {
    for shift_ms in [86_400_000i64, -86_400_000] {
        let dir = tempfile::tempdir().unwrap();
        let city = dir.path().join("city.db");
        let counter = dir.path().join("counter.db");
        drop(counter_with_ops(&counter, 300));
        // What those 300 ops would carry had the PC's clock been a day off when it made them.
        {
            let conn = rusqlite::Connection::open(&counter).unwrap();
            conn.execute(
                "UPDATE ops SET hlc = printf('%016d-%s', CAST(substr(hlc, 1, 16) AS INTEGER) + ?1, substr(hlc, 18)),
                                created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ?2)",
                rusqlite::params![shift_ms, format!("{} seconds", shift_ms / 1000)],
            )
            .unwrap();
        }
        // The clock is put right; the PC goes on working.
        let mut store = Store::open(&counter).unwrap();
        let actor = Actor { user_id: "u-1".into(), display_name: "Cán bộ Thử".into() };
        for i in 0..20 {
            store.commit(&actor, Change::UserLoggedIn { user_id: format!("u-{i}") }).unwrap();
        }
        let made = store.ops_after(0, 1_000).unwrap();
        assert!(made.windows(2).all(|w| w[0].hlc < w[1].hlc), "the log's clocks grow, shift {shift_ms} ms");

        let (_server, url) = Server::start(&city);
        let token = enrolled(&city, &url, store.device_id());
        let store = Mutex::new(store);
        let report = push_all(&CityClient::new(&url, Some(token)).unwrap(), &store).unwrap();
        assert_eq!((report.sent, report.rejected), (made.len() as u64, 0));
        assert_exactly_once_in_order(&store.into_inner().unwrap(), &city);
    }
}
