//! A counter's store syncing with the city server process, as an office does: enrolled with a
//! one-time code, then offline while dossiers are received, then the server back on the same
//! address: the outbox drains to zero by itself, every op stored once and in order. Then
//! "Đồng bộ ngay" pushes a new dossier without waiting for the timer. Two PCs of one office
//! and the city: each PC's dossiers reach the other, the city's catalog, holidays and staff
//! accounts reach both, and nothing of another office reaches them.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use motcua_server::loopback::{stored_dossier_codes, stored_op_order};
use motcua_store::fixtures::{at, draft, receive, set_up};
use motcua_store::{Change, Store};
use motcua_sync::runner::RunnerConfig;
use motcua_sync::{CityClient, StoreAccess, SyncRunner};

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
    let enrolment =
        CityClient::new(&url, None).unwrap().enrol(&code, &device_id, "Quầy 1", Some("000.00.21.H26")).unwrap();
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
    let (_server, _url) = Server::start_on(&city, &address);
    wait_until("the outbox to drain", || store.lock().unwrap().sync_summary().unwrap().waiting == 0);
    wait_until("the state to say online", || runner.state().online == Some(true));
    let skew = runner.state().clock_skew_s.expect("the server says its time");
    assert!(skew.abs() <= 2, "same machine, same clock: {skew} s");
    let summary = store.lock().unwrap().sync_summary().unwrap();
    assert!(summary.last_push_at.is_some() && summary.rejected == 0, "{summary:?}");

    let on_server = stored_op_order(&city);
    let expected: Vec<(String, i64)> = made.iter().map(|o| (o.id.clone(), o.seq)).collect();
    assert_eq!(on_server, expected, "every op once, in the counter's order");
    assert_eq!(stored_dossier_codes(&city), codes);

    // "Đồng bộ ngay": the timer is an hour away, the new dossier goes now.
    let new_code = {
        let mut s = store.lock().unwrap();
        receive(&mut s, 1, draft("Lê Thị Hoa", "001203009999", "0987654321"), at(2026, 12, 2, 10, 0)).code
    };
    assert_eq!(store.lock().unwrap().sync_summary().unwrap().waiting, 1);
    runner.sync_now();
    wait_until("the new dossier to go", || store.lock().unwrap().sync_summary().unwrap().waiting == 0);
    assert_eq!(stored_op_order(&city).len(), made.len() + 1);
    assert_eq!(stored_dossier_codes(&city).last(), Some(&new_code));
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
    let enrolment = CityClient::new(&url, None).unwrap().enrol(&code, &device_id, "Quầy 2", None).unwrap();
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

/// A counter PC, set up and enrolled in `unit`: its store and its credential.
fn enrolled_pc(
    dir: &std::path::Path,
    city: &std::path::Path,
    url: &str,
    unit: &str,
    counter: u32,
) -> (Arc<Mutex<Store>>, String) {
    let code = admin(city, &["enrolment-code", "--office", unit]).unwrap().trim().to_owned();
    let store = set_up(&dir.join(format!("{unit}-{counter}.db")), counter);
    let device_id = store.device_id().to_owned();
    let enrolment =
        CityClient::new(url, None).unwrap().enrol(&code, &device_id, &format!("Quầy {counter}"), Some(unit)).unwrap();
    (Arc::new(Mutex::new(store)), enrolment.device_token)
}

#[test]
fn two_pcs_of_an_office_and_the_city_share_what_they_should_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city.db");
    admin(&city, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    admin(&city, &["office", "add", "--unit-code", "000.00.22.H26", "--name", "Phường Kim Mã"]).unwrap();
    let (_server, url) = Server::start(&city);
    let pc1 = enrolled_pc(dir.path(), &city, &url, "000.00.21.H26", 1);
    let pc2 = enrolled_pc(dir.path(), &city, &url, "000.00.21.H26", 2);
    let other_office = enrolled_pc(dir.path(), &city, &url, "000.00.22.H26", 1);
    let round = |(store, token): &(Arc<Mutex<Store>>, String)| {
        motcua_sync::sync_round(&CityClient::new(&url, Some(token.clone())).unwrap(), store.as_ref()).unwrap()
    };

    // PC 1 receives two dossiers; the city publishes its catalog, next year's holidays and a
    // clerk's account for the office.
    let codes: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut s = pc1.0.lock().unwrap();
            receive(&mut s, 1, draft(name, &format!("00120300123{i}"), "0912345678"), at(2026, 12, 2, 9, i as u32)).code
        })
        .collect();
    let assets = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets");
    admin(&city, &["catalog", "publish", &format!("{assets}/catalog/procedures.json")]).unwrap();
    admin(&city, &["calendar", "publish", &format!("{assets}/calendar/2027.json")]).unwrap();
    let mut staff = std::process::Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["--db", &format!("sqlite:{}", city.display()), "staff", "add", "--office", "000.00.21.H26"])
        .args(["--username", "an.nv", "--name", "Nguyễn Văn An", "--role", "clerk"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    staff.stdin.take().unwrap().write_all("Mật khẩu mới 1\n".as_bytes()).unwrap();
    assert!(staff.wait().unwrap().success());

    let first = round(&pc1);
    assert_eq!(first.pushed.rejected, 0);
    assert_eq!(first.pulled.applied.applied, 42 + 1 + 1, "the city's: {first:?}");
    let at_pc2 = round(&pc2);
    let at_other = round(&other_office);
    // PC 2: 42 procedures, the year, the account and PC 1's two dossiers. PC 1's set-up
    // version of a procedure is older than the city's, and its office profile older than PC
    // 2's (set up after it): kept in the log, not applied.
    assert_eq!(at_pc2.pulled.applied.applied, 42 + 1 + 1 + 2, "{at_pc2:?}");
    assert_eq!(at_pc2.pulled.applied.superseded, 2, "{at_pc2:?}");
    let pc2_store = pc2.0.lock().unwrap();
    for code in &codes {
        let d = pc2_store.dossier_by_code(code).unwrap().expect("PC 1's dossier at PC 2");
        assert_eq!(d.received_by_name, pc1.0.lock().unwrap().dossier_by_code(code).unwrap().unwrap().received_by_name);
    }
    assert_eq!(pc2_store.search_dossiers("tran thi binh", 5).unwrap().len(), 1);
    assert!(pc2_store.procedure_count().unwrap() >= 42);
    assert!(pc2_store.calendar_exceptions().unwrap().iter().any(|y| y.year == 2027));
    let clerk = pc2_store.user_by_username("an.nv").unwrap().expect("the city's account at PC 2");
    assert!(motcua_store::password::verify_password("Mật khẩu mới 1", &clerk.password_hash));
    assert!(!clerk.password_hash.contains("Mật khẩu"), "only a hash travels");
    drop(pc2_store);

    // The other office: the city-wide catalog and year, none of office A's dossiers or staff.
    assert_eq!(at_other.pulled.applied.applied, 42 + 1, "{at_other:?}");
    let other = other_office.0.lock().unwrap();
    assert_eq!(other.dossier_count().unwrap(), 0);
    assert!(other.user_by_username("an.nv").unwrap().is_none());
    drop(other);

    // PC 1's next round: none of its own ops back, only PC 2's set-up version of the
    // procedure, older than the city's, and PC 2's office profile (the newer: taken, with PC
    // 1's own counter number). A round after that brings nothing.
    let pc1_next = round(&pc1);
    assert_eq!(pc1_next.pulled.applied, motcua_store::PullApplied { applied: 1, superseded: 1, ..Default::default() });
    assert_eq!(pc1.0.lock().unwrap().office().unwrap().unwrap().counter_number, 1);
    let again = round(&pc2);
    assert_eq!((again.pushed.sent, again.pulled.applied), (0, motcua_store::PullApplied::default()));
    assert_eq!(pc1.0.lock().unwrap().sync_summary().unwrap().waiting, 0);
}

#[test]
fn a_dossiers_steps_reach_the_other_pc_and_both_end_in_the_servers_order() {
    use motcua_domain::dossier::DossierStatus;
    use motcua_domain::lifecycle::Step;

    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city.db");
    admin(&city, &["office", "add", "--unit-code", "000.00.21.H26", "--name", "Phường Ba Đình"]).unwrap();
    let (server, url) = Server::start(&city);
    let pc1 = enrolled_pc(dir.path(), &city, &url, "000.00.21.H26", 1);
    let pc2 = enrolled_pc(dir.path(), &city, &url, "000.00.21.H26", 2);
    let round = |(store, token): &(Arc<Mutex<Store>>, String)| {
        motcua_sync::sync_round(&CityClient::new(&url, Some(token.clone())).unwrap(), store.as_ref()).unwrap()
    };
    let actor = motcua_store::fixtures::actor();
    let status = |pc: &(Arc<Mutex<Store>>, String), code: &str| {
        pc.0.lock().unwrap().dossier_by_code(code).unwrap().expect("the dossier").status
    };

    // PC 1 receives a dossier and hands it to the department; PC 2 sees it in processing.
    let code =
        receive(&mut pc1.0.lock().unwrap(), 1, draft("Lê Thị Hằng", "001303001234", ""), at(2026, 11, 16, 9, 0)).code;
    let handoff = Step::HandedOff {
        to: "Phòng Tư pháp".into(),
        handler: String::new(),
        deadline: at(2026, 11, 18, 17, 0),
        note: String::new(),
    };
    pc1.0.lock().unwrap().record_step(&actor, &code, handoff, at(2026, 11, 16, 10, 0)).unwrap();
    round(&pc1);
    round(&pc2);
    assert_eq!(status(&pc2, &code), DossierStatus::InProcessing);

    // Both offline from each other: PC 2 marks the result ready, PC 1 records a withdrawal.
    // PC 2 syncs first: its step stands; PC 1's is refused and PC 1 follows the server.
    pc2.0
        .lock()
        .unwrap()
        .record_step(&actor, &code, Step::ResultReady { note: String::new() }, at(2026, 11, 17, 9, 0))
        .unwrap();
    pc1.0
        .lock()
        .unwrap()
        .record_step(&actor, &code, Step::Withdrawn { reason: "Người nộp xin rút".into() }, at(2026, 11, 17, 9, 5))
        .unwrap();
    assert_eq!(round(&pc2).pushed.rejected, 0);
    let pc1_round = round(&pc1);
    assert_eq!(pc1_round.pushed.rejected, 1, "{pc1_round:?}");
    round(&pc1);
    assert_eq!(status(&pc1, &code), DossierStatus::ResultReady);
    let refusal = pc1.0.lock().unwrap().sync_rejections(5).unwrap().remove(0);
    assert_eq!((refusal.kind.as_str(), refusal.code.as_str()), ("dossier.step", "step_refused"));
    assert!(refusal.message.contains("Hồ sơ đang ở trạng thái \"Có kết quả\""), "{}", refusal.message);

    // The return at PC 1 reaches PC 2: both show it returned, with the same steps.
    let collect =
        Step::ReturnedAtCounter { collector_name: "Lê Thị Hằng".into(), collector_id: "001303001234".into() };
    pc1.0.lock().unwrap().record_step(&actor, &code, collect, at(2026, 11, 17, 14, 0)).unwrap();
    round(&pc1);
    round(&pc2);
    let steps = |pc: &(Arc<Mutex<Store>>, String)| -> Vec<&'static str> {
        pc.0.lock().unwrap().dossier_history(&code).unwrap().unwrap().steps.iter().map(|s| s.step.kind()).collect()
    };
    assert_eq!(steps(&pc1), ["handed_off", "result_ready", "returned_at_counter"]);
    assert_eq!(steps(&pc2), steps(&pc1));
    assert_eq!(status(&pc2, &code), DossierStatus::Returned);
    // Nothing of the applicant in the server's log.
    assert!(!server.log().contains("Lê Thị Hằng") && !server.log().contains("001303001234"));
}
