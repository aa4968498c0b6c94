//! Queue benchmark: what a counter waits for when it presses "Gọi tiếp" while 30 counters call
//! over the LAN, how many tickets the kiosks can take per second, and how soon the hall display
//! hears of a call, next to two floors measured in the same run: a bare HTTP round trip on
//! loopback (A) and a bare fsynced SQLite commit (B). A durable call costs at least A + B.
//!
//! The hub is served as the concurrency test serves it (axum on a 2-worker tokio runtime, on
//! 127.0.0.1:0; `motcua-server --office-hub` runs one worker per core), its store in a temp
//! dir under `target/bench-tmp` (a real disk, so fsync is real). Counters and kiosks are plain
//! threads, each with its own keep-alive socket ([`wire`]: see there why not the counter
//! app's reqwest client); the display is a raw SSE subscriber reading
//! `GET /api/v0/queue/events` line by line, each call timed from just before its request is
//! sent to the arrival of its `called` event's `data:` line.
//!
//! `cargo bench -p motcua-queue --bench queue` (also run by `cargo xtask bench`) prints the
//! table; `MOTCUA_BENCH_QUICK=1` takes fewer samples. Nothing is asserted: goals are printed
//! as PASS/MISS.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant};

use rusqlite::{Connection, TransactionBehavior};

use motcua_benchkit::{filesystem_of, machine, pass, target_dir, thousands};
use motcua_domain::queue::{CounterSetup, PriorityGroup, QueueService};
use motcua_queue::client::HubClient;
use motcua_queue::http::{ErrorBody, HubState, TicketRequest, router};
use motcua_queue::{Command, HostConfig, Outcome, QueueEvent, QueueHost, QueueStatus};

mod wire;
use wire::{EventLines, Wire};

const COUNTERS: u32 = 30;
const KIOSKS: usize = 20;
const KEY: &str = "khoa-do-hieu-nang";
const SERVICES: [&str; 3] = ["A", "B", "C"];
/// Goals (from the project's requirements).
const CALL_P99_GOAL: Duration = Duration::from_millis(5);
const ISSUE_GOAL_PER_S: f64 = 1_000.0;
const DISPLAY_P99_GOAL: Duration = Duration::from_millis(200);
/// How long the display may take before an event counts as missing.
const DISPLAY_WAIT: Duration = Duration::from_secs(2);
/// In the steady run each counter calls this often: 300 calls a second from 30 counters, far
/// above a busy office (where a counter calls every few minutes), well below saturation.
const PACE: Duration = Duration::from_millis(100);

struct Config {
    quick: bool,
    /// Rounds, each on a fresh hub (samples are pooled).
    rounds: usize,
    /// Timed calls per counter (after one untimed call that opens the connection).
    calls_per_counter: usize,
    /// Timed calls per counter in the steady run (one every [`PACE`]).
    paced_per_counter: usize,
    /// Tickets the kiosks take in the throughput run.
    tickets: usize,
    /// Fsynced commits in floor B.
    commits: usize,
    /// Calls made one at a time while the display listens.
    display_calls: usize,
}

impl Config {
    fn from_env() -> Config {
        let quick = std::env::var("MOTCUA_BENCH_QUICK").is_ok_and(|v| v == "1");
        if quick {
            Config {
                quick,
                rounds: 1,
                calls_per_counter: 20,
                paced_per_counter: 20,
                tickets: 300,
                commits: 200,
                display_calls: 50,
            }
        } else {
            Config {
                quick,
                rounds: 5,
                calls_per_counter: 30,
                paced_per_counter: 40,
                tickets: 1_000,
                commits: 1_000,
                display_calls: 100,
            }
        }
    }
}

/// Counter n calls from: A; B; or A, B and C (as in the concurrency test).
fn services_of(counter: u32) -> Vec<String> {
    match counter % 3 {
        0 => vec!["A".into()],
        1 => vec!["B".into()],
        _ => vec!["A".into(), "B".into(), "C".into()],
    }
}

fn main() {
    let cfg = Config::from_env();
    let started = Instant::now();
    let scratch_parent = target_dir().join("bench-tmp");
    std::fs::create_dir_all(&scratch_parent).expect("create target/bench-tmp");
    let scratch = tempfile::tempdir_in(&scratch_parent).expect("temp dir");

    print_header(&cfg, scratch.path());

    // Floor B first, on a quiet machine.
    let floor_b = floor_commit(&scratch.path().join("floor.db"), cfg.commits);
    let floor_a = floor_http(COUNTERS as usize, cfg.rounds * cfg.calls_per_counter, None);
    let floor_a_paced = floor_http(COUNTERS as usize, cfg.rounds * cfg.paced_per_counter, Some(PACE));
    let floor_a1 = floor_http(1, cfg.rounds * cfg.display_calls, None);

    let rounds: Vec<Round> = (0..cfg.rounds)
        .map(|r| {
            let t = Instant::now();
            let round = Round::run(&cfg, &scratch.path().join(format!("hub-{r}.db")));
            eprintln!("[bench] round {} of {}: {:.1} s", r + 1, cfg.rounds, t.elapsed().as_secs_f64());
            round
        })
        .collect();
    let pooled = |f: fn(&Round) -> &Sample| {
        let parts: Vec<&Sample> = rounds.iter().map(f).collect();
        let times = parts.iter().flat_map(|s| s.times.iter().copied()).collect();
        (Stats::of(times, parts.iter().map(|s| s.wall).sum()), parts.iter().map(|s| s.missed).sum::<usize>())
    };
    let (issue, _) = pooled(|r| &r.issue);
    let (display_alone, missed_alone) = pooled(|r| &r.display_alone);
    let (call, _) = pooled(|r| &r.call);
    let (call_paced, _) = pooled(|r| &r.call_paced);
    let (display_load, missed_load) = pooled(|r| &r.display_load);
    let lagged: usize = rounds.iter().map(|r| r.lagged).sum();

    let floors = floor_a.p50 + floor_b.p50;
    let floors_paced = floor_a_paced.p50 + floor_b.p50;
    let steady = format!("each every {} ms", PACE.as_millis());
    let floors_alone = floor_a1.p50 + floor_b.p50;
    let mut table = Table::new();
    table.row("floor A: HTTP round trip, 30 threads", &floor_a, None, String::new());
    table.row(&format!("floor A: the same, {steady}"), &floor_a_paced, None, String::new());
    table.row("floor A: HTTP round trip, one thread", &floor_a1, None, String::new());
    table.row("floor B: fsynced 1-row SQLite commit", &floor_b, None, String::new());
    table.row(
        "call next, 30 counters at once",
        &call,
        Some(floors),
        format!("p99 ≤ {} ms: {}", CALL_P99_GOAL.as_millis(), pass(call.p99 <= CALL_P99_GOAL)),
    );
    table.row(
        &format!("call next, 30 counters {steady}"),
        &call_paced,
        Some(floors_paced),
        format!("p99 ≤ {} ms: {}", CALL_P99_GOAL.as_millis(), pass(call_paced.p99 <= CALL_P99_GOAL)),
    );
    table.row(
        &format!("take a ticket, {KIOSKS} kiosks at once"),
        &issue,
        Some(floors),
        format!("≥ {} /s: {}", thousands(ISSUE_GOAL_PER_S as usize), pass(issue.per_s >= ISSUE_GOAL_PER_S)),
    );
    table.row(
        "display: call → \"called\" event, one call",
        &display_alone,
        Some(floors_alone),
        display_goal(&display_alone, missed_alone),
    );
    table.row(
        "display: the same, 30 counters at once",
        &display_load,
        Some(floors),
        display_goal(&display_load, missed_load),
    );
    println!(
        "{:<44} {:>6} {:>9} {:>9} {:>9} {:>9}  {:>10}  goal",
        "ms", "n", "p50", "p99", "max", "per s", "×(A+B) p50"
    );
    table.print();
    if lagged > 0 {
        println!("the display fell behind {lagged} time(s) and was told to reload the status");
    }
    let waiting: Vec<String> = rounds.iter().map(|r| thousands(r.waiting as usize)).collect();
    println!(
        "{} round(s), each on a fresh hub: {} tickets taken at once, then {} calls one at a time, then {} calls \
         at once ({} per counter after 1 untimed call each, each calling again as soon as answered: saturation) \
         starting with {} tickets waiting, then {} calls at a steady {:.0} per second ({} per counter, {steady}, \
         timed from when each was due)",
        cfg.rounds,
        thousands(cfg.tickets / KIOSKS * KIOSKS),
        cfg.display_calls,
        thousands(COUNTERS as usize * cfg.calls_per_counter),
        cfg.calls_per_counter,
        waiting.join(" / "),
        thousands(COUNTERS as usize * cfg.paced_per_counter),
        COUNTERS as f64 / PACE.as_secs_f64(),
        cfg.paced_per_counter,
    );
    eprintln!("[bench] queue benchmark: {:.1} s", started.elapsed().as_secs_f64());
}

/// Timed samples of one kind from one round, with the wall time they took together.
struct Sample {
    times: Vec<Duration>,
    wall: Duration,
    /// Display events that never arrived.
    missed: usize,
}

/// One round on a fresh hub.
struct Round {
    issue: Sample,
    display_alone: Sample,
    call: Sample,
    /// The 30 counters calling at a steady [`PACE`] each.
    call_paced: Sample,
    display_load: Sample,
    /// Times the display was told to reload (it fell behind).
    lagged: usize,
    /// Tickets waiting when the 30 counters started.
    waiting: u32,
}

impl Round {
    fn run(cfg: &Config, path: &Path) -> Round {
        let hub = Hub::start(path);
        hub.set_up();

        // Ticket issue throughput: the kiosks, all at once (services in turn, one in ten
        // elderly, as in the concurrency test).
        let per_kiosk = cfg.tickets / KIOSKS;
        let issued = hub
            .issue(KIOSKS, per_kiosk, |i, k| (SERVICES[(i + k) % 3], (k % 10 == 3).then_some(PriorityGroup::Elderly)));
        let issue = Sample { times: issued.calls.iter().map(|c| c.took).collect(), wall: issued.wall, missed: 0 };

        // Enough waiting that no counter runs dry, and no more (a call's cost grows with the
        // queue): each counter makes one untimed call, its timed calls and its share of the
        // display's. A-only and B-only counters take their service; with the services issued
        // in turn the mixed ones end up taking C. Per service: what its 10 counters call, plus
        // a margin for the priority tickets the mixed counters take first.
        let per_counter =
            2 + cfg.calls_per_counter + cfg.paced_per_counter + cfg.display_calls.div_ceil(COUNTERS as usize);
        let need = 10 * per_counter;
        let target = need + need / 10 + 20;
        let mut plan = Vec::new();
        let mut short: Vec<usize> = SERVICES
            .iter()
            .map(|p| target.saturating_sub(issued.calls.iter().filter(|c| c.label.starts_with(p)).count()))
            .collect();
        while short.iter().any(|n| *n > 0) {
            for (s, n) in short.iter_mut().enumerate() {
                if *n > 0 {
                    plan.push(SERVICES[s]);
                    *n -= 1;
                }
            }
        }
        let per_kiosk = plan.len().div_ceil(KIOSKS);
        let plan = Arc::new(plan);
        hub.issue(KIOSKS, per_kiosk, move |i, k| {
            (plan.get(i * per_kiosk + k).copied().unwrap_or(SERVICES[k % 3]), None)
        });

        // The hall display, listening from now on.
        let display = Display::subscribe(&hub.url);

        // Display latency, one call at a time.
        let caller = Wire::connect(&hub.url, Some(KEY));
        let mut alone = Vec::with_capacity(cfg.display_calls);
        let mut missed_alone = 0;
        let t = Instant::now();
        for i in 0..cfg.display_calls {
            let counter = i as u32 % COUNTERS + 1;
            let sent = Instant::now();
            let label = call_next(&caller, counter);
            match display.wait_for(&label, DISPLAY_WAIT) {
                Some(arrived) => alone.push(arrived.saturating_duration_since(sent)),
                None => missed_alone += 1,
            }
        }
        let display_alone = Sample { times: alone, wall: t.elapsed(), missed: missed_alone };

        // Call next: 30 counters at once, the display listening.
        let waiting = caller.get("/api/v0/queue/status").json::<QueueStatus>().waiting;
        let run = concurrently(
            COUNTERS as usize,
            cfg.calls_per_counter,
            {
                let url = hub.url.clone();
                move |_| Wire::connect(&url, Some(KEY))
            },
            |client, i| {
                call_next(client, i as u32 + 1);
            },
            |client, i, _| call_next(client, i as u32 + 1),
        );
        let call = Sample { times: run.calls.iter().map(|c| c.took).collect(), wall: run.wall, missed: 0 };
        let arrivals = display.collect(run.calls.iter().map(|c| c.label.clone()).collect(), DISPLAY_WAIT);
        let under_load: Vec<Duration> = run
            .calls
            .iter()
            .filter_map(|c| arrivals.get(&c.label).map(|a| a.saturating_duration_since(c.sent)))
            .collect();
        let display_load = Sample { missed: run.calls.len() - under_load.len(), times: under_load, wall: run.wall };
        let lagged = display.reloads();

        // Call next again, each counter at a steady pace.
        let url = hub.url.clone();
        let run = paced(
            COUNTERS as usize,
            cfg.paced_per_counter,
            PACE,
            move |_| Wire::connect(&url, Some(KEY)),
            |client, i| {
                call_next(client, i as u32 + 1);
            },
            |client, i, _| call_next(client, i as u32 + 1),
        );
        let call_paced = Sample { times: run.calls.iter().map(|c| c.took).collect(), wall: run.wall, missed: 0 };
        hub.stop();
        Round { issue, display_alone, call, call_paced, display_load, lagged, waiting }
    }
}

fn display_goal(s: &Stats, missed: usize) -> String {
    let mut goal =
        format!("p99 ≤ {} ms: {}", DISPLAY_P99_GOAL.as_millis(), pass(missed == 0 && s.p99 <= DISPLAY_P99_GOAL));
    if missed > 0 {
        goal.push_str(&format!(" ({missed} never arrived within {} s)", DISPLAY_WAIT.as_secs()));
    }
    goal
}

fn call_next(client: &Wire, counter: u32) -> String {
    let answer = client.post("/api/v0/queue/commands", &Command::CallNext { counter });
    if answer.status != 200 {
        let error: ErrorBody = answer.json();
        if error.code == "nobody_waiting" {
            panic!("counter {counter} ran dry: the benchmark did not issue enough tickets (or the day changed)")
        }
        panic!("counter {counter}: {} {}", error.code, error.message);
    }
    match answer.json() {
        Outcome::Called { label, .. } => label,
        other => panic!("counter {counter}: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Floors

/// Floor B: one row inserted in its own immediate transaction, committed with WAL and
/// `synchronous=FULL` (what the hub's store does for each group commit, without the work).
fn floor_commit(path: &Path, n: usize) -> Stats {
    let mut conn = Connection::open(path).expect("open floor db");
    conn.pragma_update(None, "journal_mode", "WAL").expect("WAL");
    conn.pragma_update(None, "synchronous", "FULL").expect("synchronous");
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT NOT NULL)").expect("table");
    let mut commit = |i: usize| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).expect("begin");
        tx.execute("INSERT INTO t (x) VALUES (?1)", [format!("vé {i}")]).expect("insert");
        tx.commit().expect("commit");
    };
    for i in 0..5 {
        commit(i);
    }
    let t = Instant::now();
    let times = (0..n)
        .map(|i| {
            let t = Instant::now();
            commit(i);
            t.elapsed()
        })
        .collect();
    Stats::of(times, t.elapsed())
}

/// Floor A: `threads` threads, each with its own socket, POSTing a call-next body to
/// an axum route that answers a constant: everything a call costs but the queue.
fn floor_http(threads: usize, per_thread: usize, every: Option<Duration>) -> Stats {
    let app = axum::Router::new().route("/", axum::routing::post(|| async { r#"{"ok":true}"# }));
    let server = Server::serve(app);
    let url = server.url.clone();
    let post = |client: &Wire, counter: u32| {
        let answer = client.post("/", &Command::CallNext { counter });
        assert_eq!(answer.status, 200);
        std::hint::black_box(answer.body);
    };
    let run = run_threads(
        threads,
        per_thread,
        every,
        move |_| Wire::connect(&url, Some(KEY)),
        move |client, i| post(client, i as u32 + 1),
        move |client, i, _| {
            post(client, i as u32 + 1);
            String::new()
        },
    );
    server.runtime.shutdown_timeout(Duration::from_secs(5));
    Stats::of(run.calls.iter().map(|c| c.took).collect(), run.wall)
}

// ---------------------------------------------------------------------------------------------
// The hub on loopback

struct Server {
    url: String,
    runtime: tokio::runtime::Runtime,
}

impl Server {
    /// `app` on 127.0.0.1:0 on its own 2-worker runtime (as the concurrency test serves the hub).
    fn serve(app: axum::Router) -> Server {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        runtime.spawn(async move { axum::serve(listener, app).await });
        Server { url, runtime }
    }
}

struct Hub {
    url: String,
    host: QueueHost,
    server: Server,
}

impl Hub {
    fn start(path: &Path) -> Hub {
        let host = QueueHost::open(path, HostConfig::default()).expect("open the hub");
        let server = Server::serve(router(HubState { host: host.clone(), key: KEY.into() }));
        Hub { url: server.url.clone(), host, server }
    }

    /// Services A, B and C; 30 open counters.
    fn set_up(&self) {
        let admin = HubClient::new(&self.url, Some(KEY.into())).expect("client");
        let services =
            SERVICES.iter().map(|p| QueueService { prefix: (*p).into(), name: format!("Dịch vụ {p}") }).collect();
        admin.command(&Command::SetServices { services }).expect("set services");
        for n in 1..=COUNTERS {
            let counter = CounterSetup { number: n, open: true, services: services_of(n) };
            admin.command(&Command::SetCounter { counter }).expect("set counter");
        }
    }

    /// `kiosks` threads taking `per_kiosk` tickets each (after reading the status once to open
    /// the connection); `what(kiosk, k)` is the service and priority of the k-th ticket.
    fn issue(
        &self,
        kiosks: usize,
        per_kiosk: usize,
        what: impl Fn(usize, usize) -> (&'static str, Option<PriorityGroup>) + Send + Sync + 'static,
    ) -> Run {
        let url = self.url.clone();
        concurrently(
            kiosks,
            per_kiosk,
            move |_| Wire::connect(&url, None),
            |kiosk, _| {
                assert_eq!(kiosk.get("/api/v0/queue/status").status, 200);
            },
            move |kiosk, i, k| {
                let (service, priority) = what(i, k);
                let answer = kiosk.post("/api/v0/queue/tickets", &TicketRequest { service: service.into(), priority });
                match (answer.status, answer.json()) {
                    (200, Outcome::Issued { label, .. }) => label,
                    (status, other) => panic!("kiosk {i}: {status} {other:?}"),
                }
            },
        )
    }

    fn stop(self) {
        drop(self.host);
        self.server.runtime.shutdown_timeout(Duration::from_secs(5));
    }
}

/// A hall display: `GET /api/v0/queue/events` read line by line on its own thread, each
/// `called` event's label passed on with the instant its `data:` line was read.
struct Display {
    called: mpsc::Receiver<(String, Instant)>,
    reloads: mpsc::Receiver<()>,
    /// Arrived, not yet asked for.
    early: std::cell::RefCell<HashMap<String, Instant>>,
}

impl Display {
    fn subscribe(base: &str) -> Display {
        let mut events = EventLines::open(base, "/api/v0/queue/events");
        let (tx, called) = mpsc::channel();
        let (reload_tx, reloads) = mpsc::channel();
        std::thread::spawn(move || {
            let mut kind = String::new();
            while let Some(line) = events.next_line() {
                let arrived = Instant::now();
                if line.is_empty() {
                    kind.clear();
                } else if let Some(k) = line.strip_prefix("event:") {
                    kind = k.trim().to_owned();
                    if kind == "reload" {
                        let _ = reload_tx.send(());
                    }
                } else if let Some(data) = line.strip_prefix("data:")
                    && kind == "called"
                    && let Ok(QueueEvent { label: Some(label), .. }) = serde_json::from_str(data.trim())
                    && tx.send((label, arrived)).is_err()
                {
                    break;
                }
            }
        });
        Display { called, reloads, early: Default::default() }
    }

    /// When the `called` event for `label` arrived, waiting up to `wait` for it.
    fn wait_for(&self, label: &str, wait: Duration) -> Option<Instant> {
        if let Some(at) = self.early.borrow_mut().remove(label) {
            return Some(at);
        }
        let deadline = Instant::now() + wait;
        loop {
            let (got, at) = self.called.recv_timeout(deadline.saturating_duration_since(Instant::now())).ok()?;
            if got == label {
                return Some(at);
            }
            self.early.borrow_mut().insert(got, at);
        }
    }

    /// Arrival of each of `labels` (events for other calls are skipped), waiting up to `wait`
    /// for each next event.
    fn collect(&self, labels: Vec<String>, wait: Duration) -> HashMap<String, Instant> {
        let mut out = HashMap::with_capacity(labels.len());
        let mut early = self.early.borrow_mut();
        for l in &labels {
            if let Some(at) = early.remove(l) {
                out.insert(l.clone(), at);
            }
        }
        let wanted: HashSet<&String> = labels.iter().collect();
        while out.len() < labels.len() {
            let Ok((got, at)) = self.called.recv_timeout(wait) else { break };
            if wanted.contains(&got) {
                out.insert(got, at);
            }
        }
        out
    }

    fn reloads(&self) -> usize {
        self.reloads.try_iter().count()
    }
}

// ---------------------------------------------------------------------------------------------
// Running and measuring

struct Call {
    sent: Instant,
    took: Duration,
    label: String,
}

struct Run {
    calls: Vec<Call>,
    /// From the release of all threads to the last one's end.
    wall: Duration,
}

/// `threads` threads, each making its client, a warm-up call (not timed: it opens the
/// connection), then, released together, `per_thread` timed calls `call(client, thread, k)`,
/// each as soon as the one before has answered.
fn concurrently<C>(
    threads: usize,
    per_thread: usize,
    make: impl Fn(usize) -> C + Send + Sync + 'static,
    warm_up: impl Fn(&C, usize) + Send + Sync + 'static,
    call: impl Fn(&C, usize, usize) -> String + Send + Sync + 'static,
) -> Run {
    run_threads(threads, per_thread, None, make, warm_up, call)
}

/// As [`concurrently`], but thread i makes its k-th call at `start + (i / threads + k) ×
/// every` (the threads evenly staggered) instead of at once: a steady load of `threads / every`
/// calls per second that does not slow down when the server does. A call whose time came while
/// the one before was still waiting is timed from when it was due, not from when it could be
/// sent, so a slow answer counts against every call it held up.
fn paced<C>(
    threads: usize,
    per_thread: usize,
    every: Duration,
    make: impl Fn(usize) -> C + Send + Sync + 'static,
    warm_up: impl Fn(&C, usize) + Send + Sync + 'static,
    call: impl Fn(&C, usize, usize) -> String + Send + Sync + 'static,
) -> Run {
    run_threads(threads, per_thread, Some(every), make, warm_up, call)
}

fn run_threads<C>(
    threads: usize,
    per_thread: usize,
    every: Option<Duration>,
    make: impl Fn(usize) -> C + Send + Sync + 'static,
    warm_up: impl Fn(&C, usize) + Send + Sync + 'static,
    call: impl Fn(&C, usize, usize) -> String + Send + Sync + 'static,
) -> Run {
    let (make, warm_up, call) = (Arc::new(make), Arc::new(warm_up), Arc::new(call));
    let ready = Arc::new(Barrier::new(threads + 1));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let (make, warm_up, call, ready) = (make.clone(), warm_up.clone(), call.clone(), ready.clone());
            std::thread::spawn(move || {
                let client = make(i);
                warm_up(&client, i);
                ready.wait();
                let start = Instant::now();
                (0..per_thread)
                    .map(|k| {
                        let sent = match every {
                            None => Instant::now(),
                            Some(every) => {
                                let due = start + every.mul_f64(i as f64 / threads as f64 + k as f64);
                                let now = Instant::now();
                                if now < due {
                                    std::thread::sleep(due - now);
                                    Instant::now()
                                } else {
                                    due
                                }
                            }
                        };
                        let label = call(&client, i, k);
                        Call { sent, took: sent.elapsed(), label }
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    ready.wait();
    let t = Instant::now();
    let calls = handles.into_iter().flat_map(|h| h.join().expect("a benchmark thread panicked")).collect();
    Run { calls, wall: t.elapsed() }
}

struct Stats {
    n: usize,
    p50: Duration,
    p99: Duration,
    max: Duration,
    /// Samples per second of wall time.
    per_s: f64,
}

impl Stats {
    fn of(mut v: Vec<Duration>, wall: Duration) -> Stats {
        if v.is_empty() {
            return Stats { n: 0, p50: Duration::ZERO, p99: Duration::ZERO, max: Duration::ZERO, per_s: 0.0 };
        }
        v.sort();
        // Nearest rank.
        let at = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        Stats {
            n: v.len(),
            p50: at(0.50),
            p99: at(0.99),
            max: v[v.len() - 1],
            per_s: v.len() as f64 / wall.as_secs_f64(),
        }
    }
}

struct Table {
    rows: Vec<String>,
}

impl Table {
    fn new() -> Table {
        Table { rows: Vec::new() }
    }

    fn row(&mut self, label: &str, s: &Stats, floors: Option<Duration>, goal: String) {
        let ratio = floors.map(|f| format!("{:.1}×", ms(s.p50) / ms(f))).unwrap_or_default();
        let pad = 44usize.saturating_sub(label.chars().count());
        self.rows.push(format!(
            "{label}{} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>9.0}  {:>10}  {goal}",
            " ".repeat(pad),
            s.n,
            ms(s.p50),
            ms(s.p99),
            ms(s.max),
            s.per_s,
            ratio
        ));
    }

    fn print(&self) {
        for r in &self.rows {
            println!("{r}");
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn print_header(cfg: &Config, dir: &Path) {
    println!("# Queue benchmark{}", if cfg.quick { " (quick)" } else { "" });
    println!("machine: {}; hub files in {} on {}", machine(), dir.display(), filesystem_of(dir));
    println!(
        "floor A: one HTTP round trip on loopback: POST a call-next body to an axum route answering a constant, \
         each thread its own keep-alive socket; {COUNTERS} threads at once (as the counters), and one alone"
    );
    println!(
        "floor B: one fsynced SQLite commit: a 1-row INSERT in its own transaction, WAL, synchronous=FULL, \
         one at a time, in the same directory as the hub's store"
    );
    println!(
        "A durable call costs at least A + B (×(A+B): against the 30-thread A, or the one-thread A for the one-call \
         row); the hub's group commit lets calls that arrive together share one B."
    );
    println!();
}
