//! Who may do what, over the LAN API on loopback: enrolled counters act on their own counter
//! only, the kiosk only takes tickets, the hub key does everything; re-enrolling revokes.

use motcua_domain::queue::{CounterSetup, QueueService};
use motcua_queue::client::HubClient;
use motcua_queue::{Command, Outcome, QueueError};
use motcua_store::Store;

use crate::concurrency::{KEY, serve};

fn forbidden(result: Result<Outcome, QueueError>) -> String {
    match result {
        Err(QueueError::Remote { status: 403, code, message }) if code == "forbidden" => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn counters_act_on_their_own_counter_with_their_own_key_and_a_new_enrolment_revokes_the_old_key() {
    let server = serve();
    let supervisor = HubClient::new(&server.url, Some(KEY.into())).unwrap();
    let services = vec![QueueService { prefix: "A".into(), name: "Đất đai".into() }];
    supervisor.command(&Command::SetServices { services }).unwrap();
    for number in [1, 2] {
        let counter = CounterSetup { number, open: true, services: vec!["A".into()] };
        supervisor.command(&Command::SetCounter { counter }).unwrap();
    }

    // Only the hub key enrols.
    let stranger = HubClient::new(&server.url, Some("doan-bua".into())).unwrap();
    match stranger.enrol(1, false) {
        Err(QueueError::Remote { status: 403, .. }) => {}
        other => panic!("enrolment without the hub key: {other:?}"),
    }
    let key1 = supervisor.enrol(1, false).unwrap();
    let key2 = supervisor.enrol(2, false).unwrap();
    assert_ne!(key1, key2);
    let counter1 = HubClient::new(&server.url, Some(key1.clone())).unwrap();

    // A counter takes tickets and calls at its own counter …
    counter1.issue("A", None).unwrap();
    counter1.issue("A", None).unwrap();
    let Outcome::Called { label, .. } = counter1.command(&Command::CallNext { counter: 1 }).unwrap() else {
        panic!("not a call")
    };
    assert_eq!(label, "A001");
    // … but not at another counter, and cannot change the set-up.
    let msg = forbidden(counter1.command(&Command::CallNext { counter: 2 }));
    assert!(msg.contains("quầy mình"), "{msg}");
    let counter = CounterSetup { number: 1, open: false, services: vec![] };
    let msg = forbidden(counter1.command(&Command::SetCounter { counter }));
    assert!(msg.contains("trưởng bộ phận"), "{msg}");

    // The kiosk (no key) and a made-up key cannot call.
    let kiosk = HubClient::new(&server.url, None).unwrap();
    forbidden(kiosk.command(&Command::CallNext { counter: 2 }));
    let msg = forbidden(stranger.command(&Command::CallNext { counter: 2 }));
    assert!(msg.contains("chưa đăng ký"), "{msg}");

    // Counter 1's PC is re-enrolled (say, replaced): the old key stops working at once.
    let new_key1 = supervisor.enrol(1, false).unwrap();
    forbidden(counter1.command(&Command::Recall { counter: 1 }));
    let counter1 = HubClient::new(&server.url, Some(new_key1)).unwrap();
    counter1.command(&Command::Recall { counter: 1 }).unwrap();
    // Counter 2's key was not touched.
    let counter2 = HubClient::new(&server.url, Some(key2)).unwrap();
    counter2.command(&Command::CallNext { counter: 2 }).unwrap();

    // The supervisor's PC (enrolled as such, as counter 9) sets up the queue and may act on any
    // counter, but cannot enrol PCs: that takes the hub key.
    let boss = HubClient::new(&server.url, Some(supervisor.enrol(9, true).unwrap())).unwrap();
    let counter = CounterSetup { number: 2, open: false, services: vec!["A".into()] };
    boss.command(&Command::SetCounter { counter }).unwrap();
    boss.command(&Command::Finish { counter: 2 }).unwrap();
    match boss.enrol(3, false) {
        Err(QueueError::Remote { status: 403, .. }) => {}
        other => panic!("enrolment with a supervisor PC's key: {other:?}"),
    }
    let msg = forbidden(boss.command(&Command::EnrolCounter { counter: 3, supervisor: true, key_sha256: "x".into() }));
    assert!(msg.contains("khóa của máy chủ"), "{msg}");

    // The op log says which counter did what; the keys themselves are nowhere in the file.
    let db = server.dir.path().join("hub.db");
    drop(server.host);
    let store = Store::open(&db).unwrap();
    let ops = store.ops_after(0, 1000).unwrap();
    let called: Vec<&str> =
        ops.iter().filter(|o| o.kind == "queue.ticket_called").map(|o| o.user_id.as_str()).collect();
    assert_eq!(called, ["counter:1", "counter:2"]);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes.extend(std::fs::read(db.with_extension("db-wal")).unwrap_or_default());
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(&key1), "a counter key is stored in clear");
}
