//! 30 counters calling over HTTP on loopback while 1,000 tickets are taken at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use motcua_domain::queue::{CounterSetup, PriorityGroup, QueueService, Ticket};
use motcua_queue::client::HubClient;
use motcua_queue::http::{HubState, router};
use motcua_queue::{Command, HostConfig, Outcome, QueueError, QueueHost};

const COUNTERS: u32 = 30;
const TICKETS: usize = 1_000;
const ISSUERS: usize = 20;
pub(crate) const KEY: &str = "khoa-thu-nghiem";

/// Counter n calls from: A; B; or A, B and C.
fn services_of(counter: u32) -> Vec<String> {
    match counter % 3 {
        0 => vec!["A".into()],
        1 => vec!["B".into()],
        _ => vec!["A".into(), "B".into(), "C".into()],
    }
}

pub(crate) struct Server {
    pub(crate) url: String,
    pub(crate) host: QueueHost,
    runtime: tokio::runtime::Runtime,
    pub(crate) dir: tempfile::TempDir,
}

pub(crate) fn serve() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let host = QueueHost::open(&dir.path().join("hub.db"), HostConfig::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = router(HubState { host: host.clone(), key: KEY.into() });
    runtime.spawn(async move { axum::serve(listener, app).await });
    Server { url, host, runtime, dir }
}

#[test]
fn thirty_counters_and_a_thousand_tickets_each_called_once_in_priority_order() {
    let server = serve();
    let admin = HubClient::new(&server.url, Some(KEY.into())).unwrap();
    let services =
        ["A", "B", "C"].iter().map(|p| QueueService { prefix: (*p).into(), name: format!("Dịch vụ {p}") }).collect();
    admin.command(&Command::SetServices { services }).unwrap();
    for n in 1..=COUNTERS {
        admin
            .command(&Command::SetCounter { counter: CounterSetup { number: n, open: true, services: services_of(n) } })
            .unwrap();
    }

    let issuing_done = Arc::new(AtomicBool::new(false));
    let called_total = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(180);

    // Each counter calls with its own enrolled key, as the counter apps do.
    let counters: Vec<_> = (1..=COUNTERS)
        .map(|n| {
            let (url, done, total) = (server.url.clone(), issuing_done.clone(), called_total.clone());
            let key = admin.enrol(n, false).unwrap();
            std::thread::spawn(move || {
                let client = HubClient::new(&url, Some(key)).unwrap();
                let mut called = Vec::new();
                while Instant::now() < deadline {
                    match client.command(&Command::CallNext { counter: n }) {
                        Ok(Outcome::Called { label, .. }) => {
                            called.push(label);
                            total.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(other) => panic!("{other:?}"),
                        Err(QueueError::Remote { code, .. }) if code == "nobody_waiting" => {
                            if done.load(Ordering::SeqCst) && total.load(Ordering::SeqCst) >= TICKETS {
                                break;
                            }
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(e) => panic!("counter {n}: {e}"),
                    }
                }
                called
            })
        })
        .collect();

    let issuers: Vec<_> = (0..ISSUERS)
        .map(|i| {
            let url = server.url.clone();
            std::thread::spawn(move || {
                let kiosk = HubClient::new(&url, None).unwrap();
                (0..TICKETS / ISSUERS)
                    .map(|k| {
                        let service = ["A", "B", "C"][(i + k) % 3];
                        let priority = (k % 10 == 3).then_some(PriorityGroup::Elderly);
                        match kiosk.issue(service, priority).unwrap() {
                            Outcome::Issued { label, .. } => label,
                            other => panic!("{other:?}"),
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();

    let issued: Vec<String> = issuers.into_iter().flat_map(|t| t.join().unwrap()).collect();
    issuing_done.store(true, Ordering::SeqCst);
    let called: Vec<String> = counters.into_iter().flat_map(|t| t.join().unwrap()).collect();

    // No number issued twice, and each service's numbers run 1..=n without a gap.
    let unique: HashSet<&String> = issued.iter().collect();
    assert_eq!(unique.len(), TICKETS, "a number was issued twice");
    let mut per_service: BTreeMap<char, Vec<u32>> = BTreeMap::new();
    for label in &issued {
        per_service.entry(label.chars().next().unwrap()).or_default().push(label[1..].parse().unwrap());
    }
    for (service, mut numbers) in per_service {
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>(), "service {service}");
    }
    // Every ticket called exactly once.
    let mut seen = HashSet::new();
    for label in &called {
        assert!(seen.insert(label), "{label} was called twice");
    }
    assert_eq!(seen.len(), TICKETS, "tickets never called: {}", TICKETS - seen.len());

    // Priority order, checked on the hub's own op log: at each call, the ticket called was the
    // first waiting one of that counter's services (priority first, then issue order).
    let store = motcua_store::Store::open(server.dir.path().join("hub.db")).unwrap();
    let mut waiting: HashMap<String, Ticket> = HashMap::new();
    let mut calls = 0;
    let mut after = 0;
    loop {
        let ops = store.ops_after(after, 1_000).unwrap();
        let Some(last) = ops.last() else { break };
        after = last.seq;
        for op in ops {
            let ticket = || serde_json::from_value::<Ticket>(op.payload.clone()).unwrap();
            match op.kind.as_str() {
                "queue.ticket_issued" => {
                    let t = ticket();
                    waiting.insert(t.id.clone(), t);
                }
                "queue.ticket_called" => {
                    let t = ticket();
                    let mine = services_of(t.counter.unwrap());
                    let best = waiting
                        .values()
                        .filter(|w| mine.contains(&w.service))
                        .min_by_key(|w| (w.priority.is_none(), w.order))
                        .expect("a call with nobody waiting");
                    assert_eq!(best.id, t.id, "counter {:?} called {} before {}", t.counter, t.label(), best.label());
                    waiting.remove(&t.id);
                    calls += 1;
                }
                _ => {}
            }
        }
    }
    assert_eq!(calls, TICKETS);
    assert!(waiting.is_empty());
    drop(server.host);
    server.runtime.shutdown_timeout(Duration::from_secs(5));
}
