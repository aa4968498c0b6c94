//! The office hub as a process: started the way the IT officer starts it, killed with
//! SIGKILL mid-day while tickets are being taken, started again on the same database.

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use motcua_domain::queue::{CounterSetup, PriorityGroup, QueueService, TicketState};
use motcua_queue::client::HubClient;
use motcua_queue::{Command, Outcome};

struct Hub {
    /// Killed (SIGKILL) when dropped.
    process: common::Server,
    url: String,
}

impl Hub {
    /// Starts `motcua-server --office-hub` and waits (bounded) for its "listening" line.
    fn start(db: &Path) -> Hub {
        Hub::start_with(db, &[])
    }

    fn start_with(db: &Path, extra: &[&str]) -> Hub {
        let db = format!("sqlite:{}", db.display());
        let mut args = vec!["--office-hub", "--db", &db, "--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let (process, url) = common::Server::spawn(&args);
        Hub { process, url }
    }

    fn client(&self, db: &Path) -> HubClient {
        let key =
            std::fs::read_to_string(format!("{}.key", db.display())).expect("the hub keeps its key beside the db");
        HubClient::new(&self.url, Some(key.trim().to_owned())).unwrap()
    }

    /// SIGKILL: no shutdown code runs.
    fn kill(self) {
        self.process.kill();
    }
}

fn label(outcome: Outcome) -> String {
    match outcome {
        Outcome::Issued { label, .. } | Outcome::Called { label, .. } | Outcome::Updated { label, .. } => label,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_hub_killed_mid_day_comes_back_with_its_queue_numbers_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let hub = Hub::start(&db);
    let client = hub.client(&db);
    let services = vec![QueueService { prefix: "A".into(), name: "Đất đai".into() }];
    client.command(&Command::SetServices { services }).unwrap();
    client
        .command(&Command::SetCounter { counter: CounterSetup { number: 1, open: true, services: vec!["A".into()] } })
        .unwrap();
    for k in 0..10 {
        client.issue("A", (k == 7).then_some(PriorityGroup::Disability)).unwrap();
    }
    assert_eq!(label(client.command(&Command::CallNext { counter: 1 }).unwrap()), "A008", "priority first");

    // Tickets keep coming from the kiosk while the hub is killed: each one it acknowledged
    // must be there after the restart.
    let url = hub.url.clone();
    let (acked_tx, acked) = mpsc::channel();
    let kiosk = std::thread::spawn(move || {
        let kiosk = HubClient::new(&url, None).unwrap();
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            match kiosk.issue("A", None) {
                Ok(o) => acked_tx.send(label(o)).unwrap(),
                Err(_) => return, // the hub is gone
            }
        }
    });
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 30 {
        acknowledged.push(acked.recv_timeout(Duration::from_secs(20)).expect("the kiosk got no ticket"));
    }
    hub.kill();
    kiosk.join().unwrap();
    acknowledged.extend(acked.try_iter());

    let hub = Hub::start(&db);
    let client = hub.client(&db);
    let status = client.status().unwrap();
    // 9 from before, every acknowledged one, and at most the one in flight when the hub died
    // (committed, its answer lost with the process).
    let acked = 9 + acknowledged.len() as u32;
    assert!((acked..=acked + 1).contains(&status.waiting), "{} waiting, {acked} acknowledged", status.waiting);
    assert_eq!(status.counters[0].current.as_deref(), Some("A008"), "counter 1 still has A008");
    // Numbers go on from the last one issued; the order is the issue order.
    let next = label(client.issue("A", None).unwrap());
    let last: u32 = acknowledged.last().unwrap()[1..].parse().unwrap();
    assert!(next[1..].parse::<u32>().unwrap() > last, "{next} after {last}");
    let calls: Vec<String> =
        (0..3).map(|_| label(client.command(&Command::CallNext { counter: 1 }).unwrap())).collect();
    assert_eq!(calls, ["A001", "A002", "A003"]);
    drop(hub);

    // Every acknowledged ticket is in the hub's database, once.
    let store = motcua_store::Store::open(&db).unwrap();
    let day = store.tickets_of_day(status.day).unwrap();
    for l in &acknowledged {
        assert_eq!(day.iter().filter(|t| &t.label() == l).count(), 1, "{l}");
    }
    assert_eq!(day.iter().filter(|t| t.state == TicketState::Finished).count(), 3, "A008, A001, A002 finished");
}

/// The kiosk's ticket goes to the hub's thermal printer as ESC/POS raster; a printer that is
/// off leaves the ticket taken and tells the kiosk to have the number remembered.
#[test]
fn kiosk_tickets_print_on_the_hubs_ticket_printer() {
    use std::io::Read;
    let printer = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = printer.local_addr().unwrap().port();
    let (jobs_tx, jobs) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in printer.incoming() {
            let mut job = Vec::new();
            stream.unwrap().read_to_end(&mut job).unwrap();
            jobs_tx.send(job).unwrap();
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let spec = format!("tcp:127.0.0.1:{port}");
    let hub = Hub::start_with(
        &db,
        &["--ticket-printer", &spec, "--office-name", "UBND phường Ba Đình", "--hotline", "1900 1234"],
    );
    let services = vec![QueueService { prefix: "B".into(), name: "Hộ tịch".into() }];
    hub.client(&db).command(&Command::SetServices { services }).unwrap();
    let kiosk = reqwest::blocking::Client::new();
    let take = |url: &str| -> serde_json::Value {
        kiosk
            .post(format!("{url}/api/v0/queue/tickets"))
            .json(&serde_json::json!({"service": "B"}))
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    let answer = take(&hub.url);
    assert_eq!(answer["label"], "B001");
    assert_eq!(answer["printed"], true, "{answer}");
    let job = jobs.recv_timeout(Duration::from_secs(10)).expect("the printer got the ticket");
    assert!(job.starts_with(&[0x1b, 0x40]), "ESC @ first");
    assert!(job.windows(3).any(|w| w == [0x1d, 0x76, 0x30]), "a GS v 0 raster image");
    drop(hub);

    // The same hub with its printer off (nothing listens on that port any more).
    let off = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let spec = format!("tcp:127.0.0.1:{off}");
    let hub = Hub::start_with(&db, &["--ticket-printer", &spec]);
    let answer = take(&hub.url);
    assert_eq!(answer["label"], "B002", "the ticket is taken even when it cannot print");
    assert_eq!(answer["printed"], false);
    assert_eq!(answer["print_message"], "Máy in phiếu đang lỗi; vui lòng ghi nhớ số của bạn.");
}

/// A counter looking for hubs finds this one on its UDP port (the HTTP port's number), with
/// the office's name; a port where no hub answers gives an empty list, not an error.
#[test]
fn counters_find_the_hub_on_the_lan() {
    use motcua_queue::discovery::discover;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.db");
    let hub = Hub::start_with(&db, &["--office-name", "UBND phường Ba Đình"]);
    let port: u16 = hub.url.rsplit(':').next().unwrap().parse().unwrap();
    let loopback = ["127.0.0.1".parse().unwrap()];
    let found = discover(port, &loopback, Duration::from_millis(1500)).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].url, hub.url);
    assert_eq!(found[0].office, "UBND phường Ba Đình");
    // The URL it gives works.
    HubClient::new(&found[0].url, None).unwrap().status().unwrap();
    drop(hub);
    assert!(discover(port, &loopback, Duration::from_millis(300)).unwrap().is_empty());
}
