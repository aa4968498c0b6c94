//! The counter's queue panel against a real hub on a loopback socket: enrolment, a ticket
//! issued and printed at the counter, call / recall / start / link / transfer / finish, and a
//! hub that goes away and comes back while intake carries on.

use std::net::SocketAddr;
use std::time::Duration;

use motcua_app::{CounterAction, CounterApp};
use motcua_domain::papers::{CounterPrinters, PrinterConfig};
use motcua_domain::queue::{CounterSetup, PriorityGroup, QueueHosting, QueueLink, QueueService, TicketState};
use motcua_queue::client::HubClient;
use motcua_queue::http::{HubState, router};
use motcua_queue::{Command, HostConfig, Outcome, QueueHost};

use crate::intake::birth_registration_draft;
use crate::support::{at, office_at};

const HUB_KEY: &str = "khoa-may-chu-hang-doi";

/// A hub serving `db` on `addr` (port 0: any free port) until dropped.
struct Hub {
    addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

fn start_hub(db: &std::path::Path, addr: &str) -> Hub {
    let host = QueueHost::open(db, HostConfig::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(HubState { host, key: HUB_KEY.into() });
    runtime.spawn(async move { axum::serve(listener, app).await });
    Hub { addr, _runtime: runtime }
}

fn url(hub: &Hub) -> String {
    format!("http://{}", hub.addr)
}

fn current_at(app: &CounterApp, counter: u32) -> (Option<String>, Option<TicketState>) {
    let panel = app.queue_panel().unwrap();
    let c = panel.status.counters.iter().find(|c| c.number == counter).unwrap();
    (c.current.clone(), c.current_state)
}

#[test]
fn the_counter_enrols_then_issues_calls_recalls_links_transfers_and_finishes_and_survives_the_hub_going_away() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 8, 0));
    let hub_db = dir.path().join("hub.db");
    let hub = start_hub(&hub_db, "127.0.0.1:0");
    let supervisor = HubClient::new(&url(&hub), Some(HUB_KEY.into())).unwrap();
    let services = vec![
        QueueService { prefix: "A".into(), name: "Hộ tịch".into() },
        QueueService { prefix: "B".into(), name: "Đất đai".into() },
    ];
    supervisor.command(&Command::SetServices { services }).unwrap();
    for (number, services) in [(3, vec!["A".to_string()]), (4, vec!["A".into(), "B".into()])] {
        supervisor.command(&Command::SetCounter { counter: CounterSetup { number, open: true, services } }).unwrap();
    }

    // Not enrolled yet: the panel says what to do.
    let err = app.queue_panel().unwrap_err();
    assert_eq!(err.code(), "queue_not_set_up");
    assert!(err.user_message().contains("chưa kết nối với máy chủ hàng đợi"), "{}", err.user_message());

    // A bad address, a wrong hub key: refused, nothing saved.
    let link = QueueLink { hub_url: url(&hub), counter: 3, supervisor: false };
    let bad = app
        .enrol_with_hub(QueueLink { hub_url: "192.168.1.10".into(), counter: 3, supervisor: false }, HUB_KEY)
        .unwrap_err();
    assert_eq!(bad.problems().unwrap().0[0].field, "hub_url");
    let wrong = app.enrol_with_hub(link.clone(), "doan-bua").unwrap_err();
    assert!(wrong.user_message().contains("Không có quyền"), "{}", wrong.user_message());
    assert_eq!(app.queue_link().unwrap(), None);
    app.enrol_with_hub(link.clone(), HUB_KEY).unwrap();
    assert_eq!(app.queue_link().unwrap(), Some(link));

    // A clerk's PC cannot set up the queue, even for its admin.
    assert!(!app.queue_panel().unwrap().can_manage);
    let err = app.queue_set_counter(CounterSetup { number: 3, open: false, services: vec![] }).unwrap_err();
    assert!(err.user_message().contains("máy của trưởng bộ phận"), "{}", err.user_message());

    // Nobody waiting yet.
    let err = app.queue_act(CounterAction::CallNext).unwrap_err();
    assert_eq!(err.code(), "nobody_waiting");
    assert!(err.user_message().contains("Không còn ai đang chờ"), "{}", err.user_message());

    // Tickets issued at the counter print on its ticket printer (a folder here).
    let tickets = dir.path().join("tickets");
    app.set_printers(CounterPrinters {
        a4: PrinterConfig::Folder { dir: dir.path().join("a4") },
        ticket: Some(PrinterConfig::Folder { dir: tickets.clone() }),
    })
    .unwrap();
    let first = app.queue_issue("A", None).unwrap();
    assert_eq!(first.label, "A001");
    assert!(first.printed.is_some(), "{:?}", first.print_error);
    let elderly = app.queue_issue("a", Some(PriorityGroup::Elderly)).unwrap();
    assert_eq!((elderly.label.as_str(), elderly.people_ahead), ("A002", 0));
    assert_eq!(std::fs::read_dir(&tickets).unwrap().count(), 2);
    let err = app.queue_issue("Z", None).unwrap_err();
    assert!(err.user_message().contains("Không có dịch vụ \"Z\""), "{}", err.user_message());

    // Priority first.
    let Outcome::Called { label, .. } = app.queue_act(CounterAction::CallNext).unwrap() else { panic!() };
    assert_eq!(label, "A002");
    assert_eq!(current_at(&app, 3), (Some("A002".into()), Some(TicketState::Called)));
    app.queue_act(CounterAction::Recall).unwrap();
    app.queue_act(CounterAction::Start).unwrap();
    assert_eq!(current_at(&app, 3).1, Some(TicketState::Serving));

    // A dossier saved while serving is linked to the ticket.
    let dossier = app.create_dossier(birth_registration_draft()).unwrap();
    let Outcome::Updated { ticket, .. } =
        app.queue_act(CounterAction::LinkDossier { code: dossier.code.clone() }).unwrap()
    else {
        panic!()
    };
    assert_eq!(ticket.dossiers, std::slice::from_ref(&dossier.code));

    // Transferred to land (B): counter 3 does not serve B, counter 4 calls it next.
    let transfer = CounterAction::Transfer { service: Some("B".into()), to_counter: None };
    app.queue_act(transfer).unwrap();
    assert_eq!(current_at(&app, 3).0, None);
    let Outcome::Called { label, .. } = supervisor.command(&Command::CallNext { counter: 4 }).unwrap() else {
        panic!()
    };
    assert_eq!(label, "A002", "a transferred ticket keeps its number");

    // The next one at counter 3, finished.
    let Outcome::Called { label, .. } = app.queue_act(CounterAction::CallNext).unwrap() else { panic!() };
    assert_eq!(label, "A001");
    app.queue_act(CounterAction::Finish).unwrap();
    let panel = app.queue_panel().unwrap();
    assert_eq!(panel.counter, 3);
    assert_eq!(panel.status.counters.iter().find(|c| c.number == 3).unwrap().served, 1);

    // The hub goes away: the panel says so, intake carries on.
    let port = hub.addr;
    drop(hub);
    let err = app.queue_panel().unwrap_err();
    assert_eq!(err.code(), "hub_unreachable");
    assert!(err.user_message().contains("Không kết nối được máy chủ hàng đợi"), "{}", err.user_message());
    assert_eq!(app.queue_act(CounterAction::CallNext).unwrap_err().code(), "hub_unreachable");
    app.create_dossier(birth_registration_draft()).unwrap();

    // It comes back at the same address: the same panel works again, the same key is valid.
    let _hub = start_hub(&hub_db, &port.to_string());
    assert_eq!(current_at(&app, 3), (None, None));
    assert_eq!(app.queue_issue("A", None).unwrap().label, "A003");

    // The counter key is a device secret: not in any op of the counter's log.
    let db = rusqlite::Connection::open(dir.path().join("counter.db")).unwrap();
    let key: String =
        db.query_row("SELECT value FROM device_secrets WHERE name = 'queue_counter_key'", [], |r| r.get(0)).unwrap();
    assert_eq!(key.len(), 32);
    let mut stmt = db.prepare("SELECT kind, payload FROM ops").unwrap();
    let ops: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert!(ops.iter().any(|(kind, _)| kind == "settings.queue_link_set"));
    assert!(ops.iter().all(|(_, payload)| !payload.contains(&key)), "the counter key is in the op log");
}

/// A free TCP port on loopback (another test could take it in between; unlikely here).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_counter_pc_hosts_the_office_queue_and_another_counter_enrols_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let host_pc = office_at(&dir, at(2026, 11, 23, 8, 0));
    let port = free_port();

    // Hosting off: nothing runs, no key shown.
    let info = host_pc.queue_hosting().unwrap();
    assert!(info.hosting.is_none() && !info.running && info.hub_key.is_none());
    let low = host_pc.set_queue_hosting(Some(QueueHosting { port: 80 })).unwrap_err();
    assert_eq!(low.problems().unwrap().0[0].field, "port");

    // On: the hub runs beside the counter's database, this PC is its counter 3.
    let info = host_pc.set_queue_hosting(Some(QueueHosting { port })).unwrap();
    assert!(info.running, "{:?}", info.problem);
    let hub_key = info.hub_key.clone().expect("the admin sees the hub key to give other counters");
    assert!(dir.path().join("hub.db").exists());
    assert_eq!(host_pc.queue_link().unwrap().unwrap().counter, 3);
    let hub_url = format!("http://127.0.0.1:{port}");
    let supervisor = HubClient::new(&hub_url, Some(hub_key.clone())).unwrap();
    let services = vec![QueueService { prefix: "A".into(), name: "Hộ tịch".into() }];
    supervisor.command(&Command::SetServices { services }).unwrap();
    for number in [3, 5] {
        let counter = CounterSetup { number, open: true, services: vec!["A".into()] };
        supervisor.command(&Command::SetCounter { counter }).unwrap();
    }
    assert_eq!(host_pc.queue_issue("A", None).unwrap().label, "A001");

    // Another counter PC finds it on the LAN and enrols with the key the admin gave it.
    let other_dir = tempfile::tempdir().unwrap();
    let other = office_at(&other_dir, at(2026, 11, 23, 8, 0));
    let found =
        motcua_queue::discovery::discover(port, &["127.0.0.1".parse().unwrap()], Duration::from_secs(1)).unwrap();
    assert_eq!(found.iter().map(|f| f.url.as_str()).collect::<Vec<_>>(), [hub_url.as_str()]);
    assert_eq!(found[0].office, "Bộ phận Một cửa UBND phường Ba Đình");
    other.enrol_with_hub(QueueLink { hub_url: found[0].url.clone(), counter: 5, supervisor: false }, &hub_key).unwrap();
    let Outcome::Called { label, .. } = other.queue_act(CounterAction::CallNext).unwrap() else { panic!() };
    assert_eq!(label, "A001");

    // The hosting PC is the supervisor's: it closes counter 5 live, and counter 5 is told.
    assert!(host_pc.queue_panel().unwrap().can_manage);
    host_pc.queue_set_counter(CounterSetup { number: 5, open: false, services: vec!["A".into()] }).unwrap();
    host_pc.queue_issue("A", None).unwrap();
    let err = other.queue_act(CounterAction::CallNext).unwrap_err();
    assert!(err.user_message().contains("Quầy 5 đang đóng"), "{}", err.user_message());
    host_pc.queue_set_counter(CounterSetup { number: 5, open: true, services: vec!["A".into()] }).unwrap();

    // A port another program holds: said plainly, the app goes on.
    let taken = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let busy = QueueHosting { port: taken.local_addr().unwrap().port() };
    let err = other.set_queue_hosting(Some(busy)).unwrap_err();
    assert!(err.user_message().contains("Không mở được máy chủ hàng đợi"), "{}", err.user_message());
    assert!(other.queue_hosting().unwrap().problem.is_some());

    // Restarted (the app closed and opened again): the hub comes back with the queue.
    host_pc.shut_down();
    drop(host_pc);
    let host_pc = CounterApp::open(&dir.path().join("counter.db")).unwrap();
    host_pc.resume_hosting();
    host_pc.login("admin", "matkhau123").unwrap();
    assert!(host_pc.queue_hosting().unwrap().running);
    assert_eq!(
        host_pc.queue_panel().unwrap().status.counters.iter().find(|c| c.number == 5).unwrap().current.as_deref(),
        Some("A001")
    );

    // Off: the hub stops; the counter that used it is told it cannot reach it.
    host_pc.set_queue_hosting(None).unwrap();
    assert_eq!(other.queue_panel().unwrap_err().code(), "hub_unreachable");
}
