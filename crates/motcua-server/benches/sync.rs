//! Sync benchmark: what the city server takes in, next to a floor measured in the same run.
//!
//! - **floor**: a bare axum route taking 100 small records as JSON and inserting them in one
//!   SQLite transaction (WAL, `synchronous=FULL`), posted by the same 50 client threads: the
//!   least a durable batch costs on this machine, with none of the sync's work.
//! - **ingest, 50 devices at once**: 50 counter PCs (10 offices × 5) each pushing batches of
//!   500 ops through [`CityClient`] (gzip, the real checks and the real store) to the city
//!   server on SQLite, then on PostgreSQL (a throw-away cluster started here).
//! - **one device's backlog**: a counter store holding 10,000 ops pushed by `push_all` until
//!   its outbox is empty (fresh server each time).
//! - **pull**: a new counter PC's `pull_all` (HTTP pages of 1,000, each applied with its cursor
//!   in one transaction of the counter's store) of a 5,000-procedure catalog the city
//!   published, and its first sync of an office whose other PC received 100,000 dossiers;
//!   next to the same pages fetched and parsed without applying them (the pull's floor).
//!
//! `cargo bench -p motcua-server --bench sync` (also `cargo xtask bench`); `MOTCUA_BENCH_QUICK=1`
//! does less. Nothing is asserted: goals print PASS or MISS.

use std::path::Path;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use motcua_benchkit::{filesystem_of, machine, pass, target_dir, thousands};
use motcua_city_db::CityDb;
use motcua_city_postgres::PostgresCityDb;
use motcua_city_sqlite::SqliteCityDb;
use motcua_server::city::{router, token_sha256};
use motcua_store::Store;
use motcua_store::fixtures::print_papers;
use motcua_sync::{CityClient, pull_all, push_all};
use motcua_sync_proto::WireOp;

const DEVICES: usize = 50;
const OFFICES: usize = 10;
const BATCH: usize = 500;
const FLOOR_RECORDS: usize = 100;
const BACKLOG: usize = 10_000;
const SQLITE_GOAL: f64 = 50_000.0;
const PG_GOAL: f64 = 20_000.0;
const FLOOR_SHARE_GOAL: f64 = 0.30;
const BACKLOG_GOAL: Duration = Duration::from_millis(500);
const CATALOG: usize = 5_000;
const CATALOG_GOAL: Duration = Duration::from_millis(200);
const OFFICE_DOSSIERS: usize = 100_000;
const FIRST_SYNC_GOAL: Duration = Duration::from_secs(10);

struct Config {
    quick: bool,
    /// Batches each device pushes in the ingest runs.
    batches_per_device: usize,
    /// Floor posts per client thread.
    floor_posts: usize,
    /// Times the 10,000-op backlog is pushed (each on a fresh server).
    backlog_runs: usize,
    /// Dossiers of the office a new PC pulls on its first sync.
    office_dossiers: usize,
}

fn main() {
    let quick = std::env::var("MOTCUA_BENCH_QUICK").is_ok_and(|v| v == "1");
    let cfg = if quick {
        Config { quick, batches_per_device: 2, floor_posts: 10, backlog_runs: 1, office_dossiers: 20_000 }
    } else {
        Config { quick, batches_per_device: 6, floor_posts: 40, backlog_runs: 3, office_dossiers: OFFICE_DOSSIERS }
    };
    let scratch_parent = target_dir().join("bench-tmp");
    std::fs::create_dir_all(&scratch_parent).expect("target/bench-tmp");
    let scratch = tempfile::tempdir_in(&scratch_parent).expect("temp dir");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    header(&cfg, scratch.path());

    // `MOTCUA_BENCH_ONLY=pull`: the pull rows alone (profiling them).
    if std::env::var("MOTCUA_BENCH_ONLY").is_ok_and(|v| v == "pull") {
        print_pulls(&pull_runs(&runtime, &scratch.path().join("pull"), &cfg));
        return;
    }
    let floor = floor_run(&runtime, &scratch.path().join("floor.db"), &cfg);
    let sqlite = {
        let db = SqliteCityDb::open(&scratch.path().join("city.db")).expect("city db");
        ingest_run(&runtime, db, &cfg)
    };
    let pg = match std::panic::catch_unwind(motcua_city_postgres::cluster::Cluster::start) {
        Ok(cluster) => {
            let db = runtime.block_on(PostgresCityDb::connect(&cluster.url(), 16)).expect("connect");
            Some(ingest_run(&runtime, db, &cfg))
        }
        Err(_) => {
            eprintln!("[bench] no PostgreSQL here (apt-get install postgresql): its row is left out");
            None
        }
    };
    let backlog: Vec<Duration> =
        (0..cfg.backlog_runs).map(|i| backlog_run(&runtime, &scratch.path().join(format!("backlog-{i}")))).collect();
    let pulls = pull_runs(&runtime, &scratch.path().join("pull"), &cfg);

    println!("{:<52} {:>8} {:>10} {:>12} {:>9}  goal", "", "ops", "seconds", "ops/s", "÷ floor");
    let floor_rate = floor.0 as f64 / floor.1.as_secs_f64();
    row("floor: 100-record JSON batch, one SQLite tx (50 thr)", floor.0, floor.1, None, String::new());
    let goal = |rate: f64, want: f64| {
        format!(
            "≥ {} ops/s and ≥ {:.0} % of floor: {}",
            thousands(want as usize),
            FLOOR_SHARE_GOAL * 100.0,
            pass(rate >= want && rate / floor_rate >= FLOOR_SHARE_GOAL)
        )
    };
    let (n, t) = sqlite;
    row("ingest, 50 devices at once, SQLite", n, t, Some(floor_rate), goal(n as f64 / t.as_secs_f64(), SQLITE_GOAL));
    if let Some((n, t)) = pg {
        row(
            "ingest, 50 devices at once, PostgreSQL",
            n,
            t,
            Some(floor_rate),
            goal(n as f64 / t.as_secs_f64(), PG_GOAL),
        );
    }
    for (i, t) in backlog.iter().enumerate() {
        row(
            &format!("one device's 10,000-op backlog, push_all (run {})", i + 1),
            BACKLOG,
            *t,
            Some(floor_rate),
            format!("≤ {} ms: {}", BACKLOG_GOAL.as_millis(), pass(*t <= BACKLOG_GOAL)),
        );
    }
    print_pulls(&pulls);
    println!(
        "ingest: {DEVICES} devices in {OFFICES} offices, {} batches of {BATCH} ops each, through CityClient (gzip) \
         to the server on loopback; the floor's ops are its records.",
        cfg.batches_per_device,
    );
}

fn print_pulls(pulls: &PullRows) {
    for (label, n, t, goal) in &pulls.rows {
        let goal = match goal {
            Some(g) => format!("≤ {} ms: {}", g.as_millis(), pass(t <= g)),
            None => String::new(),
        };
        row(label, *n, *t, None, goal);
    }
    println!(
        "pull: pages of {} ops; a dossier op is {} bytes of JSON.",
        motcua_sync::pull::PAGE,
        pulls.dossier_op_bytes
    );
}

fn row(label: &str, ops: usize, took: Duration, floor_rate: Option<f64>, goal: String) {
    let rate = ops as f64 / took.as_secs_f64();
    let share = floor_rate.map(|f| format!("{:.0} %", rate / f * 100.0)).unwrap_or_default();
    let pad = 52usize.saturating_sub(label.chars().count());
    println!(
        "{label}{} {:>8} {:>10.3} {:>12} {:>9}  {goal}",
        " ".repeat(pad),
        thousands(ops),
        took.as_secs_f64(),
        thousands(rate as usize),
        share
    );
}

/// Serves `app` on loopback; the URL.
fn serve(runtime: &tokio::runtime::Runtime, app: axum::Router) -> String {
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    runtime.spawn(axum::serve(listener, app).into_future());
    url
}

// ---------------------------------------------------------------------------------------------
// Floor

#[derive(serde::Serialize, serde::Deserialize)]
struct Record {
    id: String,
    n: i64,
    text: String,
}

fn floor_run(runtime: &tokio::runtime::Runtime, path: &Path, cfg: &Config) -> (usize, Duration) {
    let conn = rusqlite::Connection::open(path).expect("floor db");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE r (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, n INTEGER NOT NULL, text TEXT NOT NULL)",
    )
    .expect("floor schema");
    let conn = Arc::new(Mutex::new(conn));
    let app = axum::Router::new().route(
        "/floor",
        axum::routing::post(move |axum::Json(records): axum::Json<Vec<Record>>| {
            let conn = conn.clone();
            async move {
                tokio::task::spawn_blocking(move || {
                    let mut conn = conn.lock().expect("floor lock");
                    let tx = conn.transaction().expect("begin");
                    {
                        let mut insert =
                            tx.prepare_cached("INSERT INTO r (id, n, text) VALUES (?1, ?2, ?3)").expect("insert");
                        for r in &records {
                            insert.execute(rusqlite::params![r.id, r.n, r.text]).expect("row");
                        }
                    }
                    tx.commit().expect("commit");
                })
                .await
                .expect("floor task");
                "{}"
            }
        }),
    );
    let url = serve(runtime, app);
    let posts = cfg.floor_posts;
    let took = together(
        DEVICES,
        move |t| {
            let http = reqwest::blocking::Client::new();
            (http, t)
        },
        move |(http, t)| {
            for p in 0..posts {
                let records: Vec<Record> = (0..FLOOR_RECORDS)
                    .map(|i| Record {
                        id: format!("{t}-{p}-{i}"), n: i as i64, text: "Giấy tiếp nhận hồ sơ".into()
                    })
                    .collect();
                let resp = http.post(format!("{url}/floor")).json(&records).send().expect("floor post");
                assert!(resp.status().is_success());
            }
        },
    );
    (DEVICES * posts * FLOOR_RECORDS, took)
}

// ---------------------------------------------------------------------------------------------
// Ingest

fn device_id(d: usize) -> String {
    format!("{d:08x}-0000-7000-8000-000000000000")
}

fn wire_op(d: usize, n: usize) -> WireOp {
    WireOp {
        id: format!("{d:08x}-0000-7000-8000-{n:012x}"),
        device_id: device_id(d),
        device_seq: n as i64 + 1,
        hlc: format!("{:016}-00000", 1_764_000_000_000u64 + n as u64),
        user_id: "u-1".into(),
        kind: "paper.printed".into(),
        payload: serde_json::json!({
            "paper": "receipt", "subject": format!("000.00.21.H26-261202-{:04}", n % 10_000),
            "reprint": false, "printer": "Máy in quầy"
        }),
        created_at: "2026-12-02T02:00:00.000Z".into(),
    }
}

fn ingest_run<D: CityDb + motcua_city_db::console::CityConsoleDb>(
    runtime: &tokio::runtime::Runtime,
    db: D,
    cfg: &Config,
) -> (usize, Duration) {
    runtime.block_on(async {
        let mut offices = Vec::new();
        for o in 0..OFFICES {
            offices
                .push(db.create_office(&format!("000.00.{o:02}.H26"), &format!("Phường {o}")).await.expect("office"));
        }
        for d in 0..DEVICES {
            db.add_device(
                offices[d % OFFICES],
                &device_id(d),
                &format!("Quầy {d}"),
                &token_sha256(&format!("token-{d}")),
            )
            .await
            .expect("device");
        }
    });
    let url = serve(runtime, router(db));
    let batches = cfg.batches_per_device;
    let took = together(
        DEVICES,
        move |d| {
            let client = CityClient::new(&url, Some(format!("token-{d}"))).expect("client");
            client.hello().expect("hello");
            let work: Vec<Vec<WireOp>> =
                (0..batches).map(|b| (b * BATCH..(b + 1) * BATCH).map(|n| wire_op(d, n)).collect()).collect();
            (client, Mutex::new(work))
        },
        |(client, work)| {
            for batch in std::mem::take(&mut *work.lock().expect("work")) {
                let reply = client.push(batch).expect("push");
                assert!(reply.acks.iter().all(|a| matches!(a.outcome, motcua_sync_proto::AckOutcome::Stored { .. })));
            }
        },
    );
    (DEVICES * batches * BATCH, took)
}

// ---------------------------------------------------------------------------------------------
// One device's backlog

fn backlog_run(runtime: &tokio::runtime::Runtime, dir: &Path) -> Duration {
    std::fs::create_dir_all(dir).expect("dir");
    let db = SqliteCityDb::open(&dir.join("city.db")).expect("city db");
    let mut store = Store::open(dir.join("counter.db")).expect("counter");
    print_papers(&mut store, BACKLOG);
    let device = store.device_id().to_owned();
    runtime.block_on(async {
        let office = db.create_office("000.00.21.H26", "Phường Ba Đình").await.expect("office");
        db.add_device(office, &device, "Quầy 1", &token_sha256("the-token")).await.expect("device");
    });
    let url = serve(runtime, router(db));
    let client = CityClient::new(&url, Some("the-token".into())).expect("client");
    let store = Mutex::new(store);
    let t = Instant::now();
    let report = push_all(&client, &store).expect("push");
    let took = t.elapsed();
    assert_eq!(report.sent as usize, BACKLOG);
    took
}

// ---------------------------------------------------------------------------------------------
// Pull

struct PullRows {
    rows: Vec<(String, usize, Duration, Option<Duration>)>,
    dossier_op_bytes: usize,
}

/// A city with two offices' worth of work: the catalog published, then an office whose PC 1
/// received `office_dossiers` dossiers (ingested directly, untimed). Each timed run is a new
/// PC of that office pulling everything from the start into a fresh store.
fn pull_runs(runtime: &tokio::runtime::Runtime, dir: &Path, cfg: &Config) -> PullRows {
    std::fs::create_dir_all(dir).expect("dir");
    let db = SqliteCityDb::open(&dir.join("city.db")).expect("city db");
    let (office, source) = runtime.block_on(async {
        let office = db.create_office("000.00.21.H26", "Phường Ba Đình").await.expect("office");
        db.add_device(office, &device_id(9000), "Quầy 1", &token_sha256("source")).await.expect("device");
        (office, db.device_by_token(&token_sha256("source")).await.expect("db").expect("source"))
    });
    let mut n_pc = 0;
    let mut new_pc = |db: &SqliteCityDb| {
        n_pc += 1;
        let store = Store::open(dir.join(format!("pc-{n_pc}.db"))).expect("counter");
        let token = format!("pc-{n_pc}");
        runtime.block_on(db.add_device(office, store.device_id(), "Quầy mới", &token_sha256(&token))).expect("device");
        (Mutex::new(store), token)
    };
    let url = serve(runtime, router(db.clone()));
    let mut rows = Vec::new();

    // The catalog.
    let base = motcua_store::fixtures::procedure();
    let catalog: Vec<motcua_city_db::Publication> = (0..CATALOG)
        .map(|i| {
            // The first is the procedure of the office's dossiers below.
            let mut p = base.clone();
            if i > 0 {
                p.code = format!("9.{i:06}");
                p.name = format!("{} số {i}", base.name);
            }
            let change = motcua_store::Change::ProcedureUpserted(p);
            motcua_city_db::Publication {
                office_id: None,
                user_id: "city:bench".into(),
                kind: change.kind().into(),
                payload: change.payload().expect("payload"),
            }
        })
        .collect();
    runtime.block_on(db.publish(catalog)).expect("publish");
    for run in 1..=3 {
        let (store, token) = new_pc(&db);
        let client = CityClient::new(&url, Some(token)).expect("client");
        let t = Instant::now();
        let report = pull_all(&client, &store).expect("pull");
        let took = t.elapsed();
        assert_eq!(report.applied.applied as usize, CATALOG);
        rows.push((format!("pull a 5,000-procedure catalog, new PC (run {run})"), CATALOG, took, Some(CATALOG_GOAL)));
    }

    // The office's dossiers, made from one real dossier op of a counter.
    let sample = {
        let mut pc1 = motcua_store::fixtures::set_up(&dir.join("source.db"), 1);
        let d = motcua_store::fixtures::draft("Nguyễn Thị Hồng Nhung", "001303001234", "0912345678");
        motcua_store::fixtures::receive(&mut pc1, 1, d, motcua_store::fixtures::at(2026, 12, 2, 9, 0));
        pc1.ops_after(0, 100).expect("ops").pop().expect("the dossier op").into_wire()
    };
    let dossier_op_bytes = sample.payload.to_string().len();
    let n = cfg.office_dossiers;
    runtime.block_on(async {
        for chunk in (0..n).collect::<Vec<_>>().chunks(5_000) {
            let ops: Vec<WireOp> = chunk.iter().map(|&i| dossier_op(&sample, &source.device_id, i)).collect();
            db.ingest(&source, ops.into_iter().map(Into::into).collect()).await.expect("ingest");
        }
    });
    let (store, token) = new_pc(&db);
    let client = CityClient::new(&url, Some(token.clone())).expect("client");
    // Floor: the same pages over HTTP, parsed, not applied.
    let t = Instant::now();
    let mut cursor = store.lock().expect("store").pull_cursor().expect("cursor");
    let mut fetched = 0;
    loop {
        let page = client.pull(cursor, motcua_sync::pull::PAGE).expect("page");
        fetched += page.ops.len();
        cursor = Some(page.cursor);
        if !page.more {
            break;
        }
    }
    rows.push(("floor: the same pages fetched, not applied".into(), fetched, t.elapsed(), None));
    let t = Instant::now();
    let report = pull_all(&client, &store).expect("pull");
    let took = t.elapsed();
    assert_eq!(report.applied.applied as usize, CATALOG + n);
    let label = format!("first sync of a {}-dossier office, new PC", thousands(n));
    let goal = (n == OFFICE_DOSSIERS).then_some(FIRST_SYNC_GOAL);
    rows.push((label, CATALOG + n, took, goal));
    PullRows { rows, dossier_op_bytes }
}

/// The `i`-th dossier of the office, made from `sample`: its own id, code and applicant.
fn dossier_op(sample: &WireOp, device: &str, i: usize) -> WireOp {
    let mut op = sample.clone();
    op.id = format!("0190{i:04x}-0000-7000-8000-{i:012x}");
    op.device_id = device.to_owned();
    op.device_seq = i as i64 + 1;
    op.hlc = format!("{:016}-00000", 1_764_000_000_000u64 + i as u64);
    let p = &mut op.payload;
    p["id"] = format!("0191{i:04x}-0000-7000-8000-{i:012x}").into();
    let (day, number) = (i / 9_000, i % 9_000 + 1);
    assert!(day < 28, "codes stay unique up to 252,000 dossiers");
    p["code"] = format!("000.00.21.H26-2612{:02}-{number:04}", day + 1).into();
    p["daily_number"] = (number as u64).into();
    p["draft"]["applicant"]["full_name"] = format!("Nguyễn Thị Hồng Nhung {i}").into();
    p["draft"]["applicant"]["id_number"] = format!("001303{i:06}").into();
    op
}

// ---------------------------------------------------------------------------------------------

/// `threads` threads each make their state (untimed), then, released together, run `work`;
/// the wall time from the release to the last one's end.
fn together<C: Send + 'static>(
    threads: usize,
    make: impl Fn(usize) -> C + Send + Sync + 'static,
    work: impl Fn(&C) + Send + Sync + 'static,
) -> Duration {
    let (make, work) = (Arc::new(make), Arc::new(work));
    let ready = Arc::new(Barrier::new(threads + 1));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let (make, work, ready) = (make.clone(), work.clone(), ready.clone());
            std::thread::spawn(move || {
                let state = make(i);
                ready.wait();
                work(&state);
            })
        })
        .collect();
    ready.wait();
    let t = Instant::now();
    for h in handles {
        h.join().expect("a benchmark thread panicked");
    }
    t.elapsed()
}

fn header(cfg: &Config, dir: &Path) {
    println!("# Sync benchmark{}", if cfg.quick { " (quick)" } else { "" });
    println!("machine: {}; files in {} on {}", machine(), dir.display(), filesystem_of(dir));
    println!();
}
