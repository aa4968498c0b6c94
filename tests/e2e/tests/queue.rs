//! The counter's queue bar and queue screen in the real app window, against an office hub on
//! loopback: enrol the PC, issue tickets at the counter, call (priority first), recall,
//! transfer to another service and counter, start, link the dossier saved meanwhile, finish;
//! then the hub goes away (the bar says so, intake carries on) and comes back (the bar
//! reconnects by itself).

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use motcua_domain::papers::{CounterPrinters, PrinterConfig};
use motcua_domain::queue::{CounterSetup, QueueService};
use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;
use motcua_e2e::webdriver::ENTER;
use motcua_queue::client::HubClient;
use motcua_queue::http::{HubState, router};
use motcua_queue::{Command, Outcome, QueueHost};

mod common;
use common::*;

const HUB_KEY: &str = "khoa-hang-doi-phuong";
/// Long enough for a poll (every 2 s) that has to wait out a refused connection.
const BAR_TIMEOUT: Duration = Duration::from_secs(15);

struct Hub {
    addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

fn start_hub(db: &Path, addr: &str) -> Hub {
    let host = QueueHost::open(db, Default::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(axum::serve(listener, router(HubState { host, key: HUB_KEY.into() })).into_future());
    Hub { addr, _runtime: runtime }
}

/// The ticket's stored record on the hub (WAL lets the test read while the hub writes).
fn hub_ticket(db: &Path, service: &str, number: u32) -> serde_json::Value {
    let conn = rusqlite::Connection::open(db).unwrap();
    let json: String = conn
        .query_row(
            "SELECT record FROM queue_tickets WHERE issued_service = ?1 AND number = ?2",
            rusqlite::params![service, number],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

fn bar_says(app: &App, what: &str, expected: &str) {
    app.wait_text("#queue-current", what, &|t| t == expected);
}

#[test]
fn the_clerk_runs_the_queue_from_the_counter_window() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let hub_db = dir.path().join("hub.db");
    let hub = start_hub(&hub_db, "127.0.0.1:0");
    let hub_url = format!("http://{}", hub.addr);
    let supervisor = HubClient::new(&hub_url, Some(HUB_KEY.into())).unwrap();
    let services = vec![
        QueueService { prefix: "A".into(), name: "Hộ tịch".into() },
        QueueService { prefix: "B".into(), name: "Đất đai".into() },
    ];
    supervisor.command(&Command::SetServices { services }).unwrap();
    for (number, services) in [(2, vec!["A".to_string()]), (4, vec!["A".into(), "B".into()])] {
        supervisor.command(&Command::SetCounter { counter: CounterSetup { number, open: true, services } }).unwrap();
    }

    // A set-up counter (number 2) whose papers and tickets print to folders.
    let profile = Profile::fresh("queue-panel");
    prepare_counter(&profile.db, 0);
    let (a4, tickets) = (profile.dir.join("printed"), profile.dir.join("tickets"));
    motcua_app::CounterApp::open(&profile.db)
        .unwrap()
        .with_cli_session()
        .set_printers(CounterPrinters {
            a4: PrinterConfig::Folder { dir: a4.clone() },
            ticket: Some(PrinterConfig::Folder { dir: tickets.clone() }),
        })
        .unwrap();

    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "queue");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    // Not enrolled: no bar; the queue screen says what to do.
    assert!(!app.exists("#queue-bar"));
    app.click_on("#nav-queue");
    app.wait_text("#queue-not-set-up", "the not-set-up notice", &|t| t.contains("chưa kết nối"));

    // --- the admin enrols this PC: a wrong key first, then the right one
    app.click_on("#nav-admin");
    app.fill("#queue-hub-url", &hub_url);
    app.wait_value("#queue-counter-number", "2");
    app.fill("#queue-hub-key", "doan-bua");
    app.click_on("#queue-enrol");
    app.wait_text("#queue-setup-error", "the refusal", &|t| t.contains("Không có quyền"));
    assert!(!app.exists("#queue-bar"));
    app.fill("#queue-hub-key", HUB_KEY);
    app.click_on("#queue-enrol");
    app.wait_text("#queue-enrolled", "the enrolment", &|t| t.contains("quầy 2"));
    assert_eq!(app.value_of("#queue-hub-key"), "", "the hub key is not left on screen");
    bar_says(&app, "the bar", "Chưa gọi số nào");

    // --- nobody waiting
    app.click_on("#queue-call-next");
    app.wait_text("#queue-error", "nobody waiting", &|t| t.contains("Không còn ai đang chờ"));

    // --- tickets issued at the counter, printed on its ticket printer; one from the kiosk
    app.click_on("#nav-queue");
    app.click_on("#queue-issue-A");
    app.wait_text("#queue-issued", "A001", &|t| t.contains("Số A001"));
    app.click_on("#queue-priority");
    app.click_on("#queue-issue-A");
    app.wait_text("#queue-issued", "A002", &|t| t.contains("Số A002") && t.contains("trước bạn 0 người"));
    assert_eq!(std::fs::read_dir(&tickets).unwrap().count(), 2, "two tickets printed");
    HubClient::new(&hub_url, None).unwrap().issue("B", None).unwrap();
    app.wait_text("#queue-totals", "3 waiting", &|t| t.contains("3 đang chờ"));

    // --- call: priority first; recall; transfer to land (B) at counter 4
    app.click_on("#queue-call-next");
    bar_says(&app, "the priority ticket called", "Đã gọi A002");
    app.wait_text("#queue-counters-table tr[data-counter=\"2\"]", "counter 2 in the live view", &|t| {
        t.contains("A002")
    });
    app.click_on("#queue-recall");
    app.wait_text("#queue-message", "the recall", &|t| t.contains("Đã gọi lại số A002"));
    assert_eq!(hub_ticket(&hub_db, "A", 2)["recalls"], 1);
    app.click_on("#queue-transfer");
    app.js("const s = document.getElementById('queue-transfer-service'); s.value = 'B'; \
         s.dispatchEvent(new Event('change', { bubbles: true }));");
    app.fill("#queue-transfer-counter", "4");
    app.click_on("#queue-transfer-do");
    app.wait_text("#queue-message", "the transfer", &|t| t.contains("Đã chuyển số A002"));
    bar_says(&app, "the counter free again", "Chưa gọi số nào");
    let Outcome::Called { label, .. } = supervisor.command(&Command::CallNext { counter: 4 }).unwrap() else {
        panic!("counter 4 did not get a call")
    };
    assert_eq!(label, "A002", "the transferred ticket waits for counter 4, ahead of B001");

    // --- the next one: start serving, save a dossier, it is linked; finish
    app.click_on("#queue-call-next");
    bar_says(&app, "A001 called", "Đã gọi A001");
    app.click_on("#queue-start");
    bar_says(&app, "A001 served", "Đang phục vụ A001");
    app.click_on("#nav-intake");
    app.type_into("#id-number", &format!("{QR_LINE}{ENTER}"));
    app.wait_value("#full-name", CITIZEN);
    pick_birth_registration(&app);
    app.fill("#phone", "0912345678");
    app.click_on("#save-dossier");
    app.el("#saved-panel");
    let code = app.text_of("#saved-code").trim().to_owned();
    app.wait_text("#queue-note", "the link", &|t| t.contains("Hồ sơ đã gắn với số A001"));
    assert_eq!(hub_ticket(&hub_db, "A", 1)["dossiers"], serde_json::json!([code]));
    app.click_on("#queue-finish");
    app.wait_text("#queue-message", "finished", &|t| t.contains("Đã xong số A001"));
    assert_eq!(hub_ticket(&hub_db, "A", 1)["state"], "finished");
    // Finishing asks the citizen how it went, on their own screen; the rating counts for the
    // procedure of the dossier registered while served.
    rate_on_citizens_screen(&app, "A001", "satisfied", "");
    let counter = rusqlite::Connection::open(&profile.db).unwrap();
    let (key, level, procedure): (String, String, String) = counter
        .query_row("SELECT service_key, level, procedure_code FROM ratings", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let ticket_id = hub_ticket(&hub_db, "A", 1)["id"].as_str().unwrap().to_owned();
    assert_eq!((key, level, procedure), (format!("ticket:{ticket_id}"), "satisfied".to_owned(), BIRTH_CODE.to_owned()));
    app.screenshot("queue-1-finished");

    // --- the hub goes away: the bar says so and keeps trying; intake is untouched
    let addr = hub.addr;
    drop(hub);
    app.wait_text("#queue-offline", "the offline notice", &|t| {
        t.contains("Không kết nối được máy chủ hàng đợi") && t.contains("thử kết nối lại")
    });
    let call = app.el("#queue-call-next");
    assert_eq!(app.property(&call, "disabled").unwrap(), true, "no calling while the hub is away");
    app.click_on("#new-dossier");
    app.el("#id-number");
    app.screenshot("queue-2-offline");

    // --- it comes back at the same address: the bar reconnects by itself
    let _hub = start_hub(&hub_db, &addr.to_string());
    app.wait_until("the bar back online", BAR_TIMEOUT, |s| {
        let el = s.wait_for("#queue-bar", BAR_TIMEOUT)?;
        Ok((s.attribute(&el, "data-state")?.as_deref() == Some("ok")).then_some(()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!app.exists("#queue-offline"));
    eprintln!("[e2e] the_clerk_runs_the_queue_from_the_counter_window took {:.1} s", started.elapsed().as_secs_f64());
}

/// The office has no hub box: the admin turns hosting on at one counter PC. Its queue bar works
/// at once, a kiosk and another counter reach the hub over the network with the key shown, and
/// after the app restarts the hub is back with its queue.
#[test]
fn a_counter_pc_hosts_the_office_queue() {
    let profile = Profile::fresh("queue-hosting");
    prepare_counter(&profile.db, 0);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let hub_url = format!("http://127.0.0.1:{port}");
    let display = Display::open(&profile.log_dir());
    let hub_key;
    {
        let app = App::launch(&display, &profile, "hosting");
        assert_eq!(first_screen(&app), "login");
        login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
        app.click_on("#nav-admin");
        app.wait_text("#queue-host-state", "not hosting", &|t| t.contains("không giữ hàng đợi"));
        app.click_on("#queue-host-enabled");
        app.fill("#queue-host-port", &port.to_string());
        app.click_on("#queue-host-save");
        app.wait_text("#queue-host-state", "hosting", &|t| t.contains("đang chạy"));
        hub_key = app.text_of("#queue-host-key").trim().to_owned();
        assert_eq!(hub_key.len(), 32, "the hub key is shown to the admin: {hub_key:?}");
        app.wait_text("#queue-enrolled", "this PC enrolled with its own hub", &|t| t.contains("quầy 2"));

        // The kiosk and the supervisor reach it over the network; this PC finds it by asking.
        let found =
            motcua_queue::discovery::discover(port, &["127.0.0.1".parse().unwrap()], Duration::from_secs(1)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].office, OFFICE_NAME);
        let supervisor = HubClient::new(&hub_url, Some(hub_key.clone())).unwrap();
        let services = vec![QueueService { prefix: "A".into(), name: "Hộ tịch".into() }];
        supervisor.command(&Command::SetServices { services }).unwrap();
        let counter = CounterSetup { number: 2, open: true, services: vec!["A".into()] };
        supervisor.command(&Command::SetCounter { counter }).unwrap();
        HubClient::new(&hub_url, None).unwrap().issue("A", None).unwrap();
        app.click_on("#queue-call-next");
        bar_says(&app, "the kiosk's ticket called", "Đã gọi A001");

        // This is the supervisor's PC: from the queue screen, a new service for the kiosk and
        // counter 2 closed, then opened again, live.
        app.click_on("#nav-queue");
        app.js("const t = document.getElementById('queue-services-edit'); t.value = 'A = Hộ tịch\\nB = Đất đai'; \
             t.dispatchEvent(new Event('input', { bubbles: true }));");
        app.click_on("#queue-services-save");
        app.el("#queue-manage-done");
        app.el("#queue-issue-B");
        app.click_on("#queue-counter-toggle-2");
        app.wait_text("#queue-counter-toggle-2", "the counter closed", &|t| t == "Mở quầy");
        assert!(!HubClient::new(&hub_url, None).unwrap().status().unwrap().counters[0].open);
        app.click_on("#queue-call-next");
        app.wait_text("#queue-error", "closed", &|t| t.contains("Quầy 2 đang đóng"));
        app.click_on("#queue-counter-toggle-2");
        app.wait_text("#queue-counter-toggle-2", "the counter open", &|t| t == "Đóng quầy");
        app.screenshot("queue-3-hosting");
    }
    // The app is closed and opened again: the hub it hosts comes back with the queue.
    let app = App::launch(&display, &profile, "hosting-again");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    bar_says(&app, "the call kept", "Đã gọi A001");
    let status = HubClient::new(&hub_url, None).unwrap().status().unwrap();
    assert_eq!(status.counters[0].current.as_deref(), Some("A001"));
}
