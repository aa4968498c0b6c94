//! Store benchmarks: the durable save of a dossier, search over a million dossiers, and opening
//! the store at start-up, each next to a floor (what bare SQLite does for the same work)
//! measured in the same run.
//!
//! `cargo bench -p motcua-store --bench store` prints the tables; `MOTCUA_BENCH_QUICK=1` (set
//! by `cargo xtask bench --quick`) takes fewer samples over 50,000 dossiers instead of 1,000,000.
//! Nothing here asserts a time: goals are printed as PASS/MISS.
//!
//! - Durable save: `Store::receive_dossier` on a store with 10,000 dossiers as the app runs it
//!   (WAL checkpoints on the maintenance thread), interleaved with the floor (a 1-row fsynced
//!   commit on a bare file) and with the same store without the maintenance thread; the pages
//!   a save writes, by table and index.
//! - Search: `Store::search_dossiers` by group of queries, each next to the same lookup on bare
//!   tables (FTS5 / plain index) holding the same values. When a goal is missed: the slowest
//!   queries and the query plans.
//! - Open: `Store::open_with(AfterCleanClose)` on a year of dossiers, after a clean close and
//!   after a crash.
//!
//! Cached under `target/bench-data/` (generating a million dossiers through the write path
//! takes minutes), reused while the schema version and row count match: the search database,
//! the floor tables, and `startup-50000-*.db` (an office with a year of dossiers and an
//! account) that `cargo xtask bench` also times the app's start-up on.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};

use motcua_benchkit::{Stats, filesystem_of, machine, ms, pass, remove_db, target_dir};
use motcua_domain::calendar::ProcessingTime;
use motcua_domain::catalog::{PaperForm, Procedure, RequiredPaper};
use motcua_domain::cccd::Gender;
use motcua_domain::dossier::{Applicant, DossierDraft, ReceivedPaper, ReturnMethod};
use motcua_domain::office::OfficeProfile;
use motcua_domain::text;
use motcua_store::{Actor, Change, LATEST_SCHEMA, NewDossier, StartupCheck, Store};

/// Bump when the generator changes, so a cached database from an older generator is rebuilt.
const GENERATOR_VERSION: u32 = 1;
/// Dossiers per `receive_dossiers` transaction while generating.
const BATCH: usize = 10_000;
/// The app's list limit (motcua_app::LIST_LIMIT).
const LIMIT: usize = 50;

struct Config {
    quick: bool,
    save_samples: usize,
    save_base: usize,
    search_rows: usize,
    search_reps: usize,
}

impl Config {
    fn from_env() -> Config {
        let quick = std::env::var("MOTCUA_BENCH_QUICK").is_ok_and(|v| v == "1");
        if quick {
            Config { quick, save_samples: 300, save_base: 2_000, search_rows: 50_000, search_reps: 3 }
        } else {
            Config { quick, save_samples: 3_000, save_base: 10_000, search_rows: 1_000_000, search_reps: 15 }
        }
    }
}

fn main() {
    let cfg = Config::from_env();
    let started = Instant::now();
    let target = target_dir();
    let scratch_parent = target.join("bench-tmp");
    std::fs::create_dir_all(&scratch_parent).expect("create target/bench-tmp");
    let scratch = tempfile::tempdir_in(&scratch_parent).expect("temp dir");

    print_machine(scratch.path(), &cfg);

    let t = Instant::now();
    bench_save(&cfg, scratch.path());
    eprintln!("[bench] durable save part: {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    bench_search(&cfg, &target.join("bench-data"));
    eprintln!("[bench] search part: {:.1} s", t.elapsed().as_secs_f64());

    let startup = ensure_startup_db(&target.join("bench-data"));
    eprintln!("[bench] start-up fixture for `cargo xtask bench`: {}", startup.display());
    bench_open(&startup, scratch.path());
    println!("\nstore benchmark done in {:.1} s", started.elapsed().as_secs_f64());
}

// ---------------------------------------------------------------------------------------------
// Durable save

fn bench_save(cfg: &Config, dir: &Path) {
    println!("\n## Durable save (synchronous=FULL, WAL; files in {})", dir.display());

    // The floor: one row, one fsynced commit, nothing else.
    let mut floor_conn = Connection::open(dir.join("floor.db")).expect("open floor db");
    floor_conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    floor_conn.pragma_update(None, "synchronous", "FULL").unwrap();
    floor_conn.execute_batch("CREATE TABLE t (x INTEGER)").unwrap();
    let mut floor_commit = |i: i64| {
        let tx = floor_conn.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        tx.execute("INSERT INTO t VALUES (?)", [i]).unwrap();
        tx.commit().unwrap();
    };

    // Two stores with the same dossiers: as the app runs it (checkpoints on the maintenance
    // thread), and without the maintenance thread (SQLite's automatic checkpoint inside the
    // save that crosses 1,000 WAL pages), to show what the thread takes off the save path.
    let t = Instant::now();
    let paths = ["counter.db", "counter-autocheckpoint.db"].map(|f| dir.join(f));
    let mut stores = paths.each_ref().map(|p| set_up(p));
    let mut generator = Generator::new(7, cfg.save_base);
    let office = office();
    let actor = actor();
    for start in (0..cfg.save_base).step_by(BATCH) {
        let batch: Vec<NewDossier> =
            (start..(start + BATCH).min(cfg.save_base)).map(|i| generator.dossier(i)).collect();
        for store in &mut stores {
            store.receive_dossiers(&actor, &office, batch.clone()).expect("generate base dossiers");
        }
    }
    eprintln!("[bench] save: 2 × {} base dossiers in {:.1} s", cfg.save_base, t.elapsed().as_secs_f64());
    // The app checkpoints every 2 s and a counter saves at most a dossier every half minute;
    // here time is compressed (checkpoint every CHECKPOINT ms, a save every PACE ms) so that
    // checkpoints overlap saves far more often than at a counter: a pessimistic view.
    const CHECKPOINT: u64 = 20;
    const PACE: u64 = 10;
    let maintenance = stores[0]
        .start_maintenance(Duration::ZERO, Duration::from_millis(CHECKPOINT))
        .expect("start the maintenance thread");

    // New dossiers arrive on the day after the generated ones, a few seconds apart.
    let day = generator.end_day().succ_opt().unwrap();
    let new_dossier = |generator: &mut Generator, i: usize| {
        let mut d = generator.dossier(0);
        d.received_at = day.and_hms_opt(7, 30, 0).unwrap() + chrono::Duration::seconds(i as i64);
        d.appointment_at = d.received_at + chrono::Duration::days(3);
        d
    };
    // In WAL mode the database file is written only by checkpoints: its mtime tells which
    // saves ran the automatic checkpoint inside their commit.
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();

    let warmup = 50;
    for i in 0..warmup {
        floor_commit(-(i as i64));
        let d = new_dossier(&mut generator, i);
        for store in &mut stores {
            store.receive_dossier(&actor, &office, d.clone()).unwrap();
        }
    }
    // WAL pages a save appends, averaged over a few saves into an emptied WAL (on the store
    // without the thread, so nothing folds the WAL meanwhile).
    const PROBE: usize = 20;
    let side = Connection::open(&paths[1]).unwrap();
    side.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    for i in 0..PROBE {
        stores[1].receive_dossier(&actor, &office, new_dossier(&mut generator, warmup + i)).unwrap();
    }
    let (frames, pages_by_btree) = wal_pages_by_btree(&side, &paths[1], PROBE);
    let frames_per_save = frames as f64 / PROBE as f64;
    drop(side);

    // Interleaved, so all of them see the same disk at the same moments.
    let n = cfg.save_samples;
    let mut floor = Vec::with_capacity(n);
    let mut save: [Vec<Duration>; 2] = Default::default();
    let (mut plain, mut with_ckpt) = (Vec::new(), Vec::new());
    let mut rng = StdRng::seed_from_u64(11);
    for i in 0..n {
        let t = Instant::now();
        floor_commit(i as i64);
        floor.push(t.elapsed());
        let d = new_dossier(&mut generator, warmup + PROBE + i);
        for (k, store) in stores.iter_mut().enumerate() {
            let written = mtime(&paths[k]);
            let t = Instant::now();
            let saved = store.receive_dossier(&actor, &office, d.clone()).expect("receive_dossier");
            let took = t.elapsed();
            save[k].push(took);
            std::hint::black_box(saved);
            if k == 1 {
                if mtime(&paths[1]) != written { with_ckpt.push(took) } else { plain.push(took) }
            }
        }
        // A random phase against the checkpoint timer.
        std::thread::sleep(Duration::from_micros(rng.random_range(PACE * 500..PACE * 1500)));
    }
    drop(maintenance);

    let floor = Stats::of(floor);
    let goal = |s: &Stats| {
        format!(
            "p99 ≤ 2 ms: {}; ≤ 5× floor p99: {}",
            pass(s.p99 <= Duration::from_millis(2)),
            pass(s.p99.as_secs_f64() <= floor.p99.as_secs_f64() * 5.0)
        )
    };
    let [save, save_auto] = save.map(Stats::of);
    let mut table = Table::new();
    table.row("floor: 1-row INSERT, own fsynced txn", &floor, None, "");
    table.row(
        &format!("receive_dossier on {} dossiers, as the app runs it", cfg.save_base),
        &save,
        Some(&floor),
        &goal(&save),
    );
    table.row("without the maintenance thread", &save_auto, Some(&floor), "");
    if !with_ckpt.is_empty() && !plain.is_empty() {
        let label = format!("  of which the {} saves that ran the WAL checkpoint", with_ckpt.len());
        table.row(&label, &Stats::of(with_ckpt), Some(&floor), "");
        table.row("  and the others", &Stats::of(plain), Some(&floor), "");
    }
    table.print();
    println!(
        "The maintenance thread ran a PASSIVE checkpoint every {CHECKPOINT} ms while saves came every ~{PACE} ms \
         (in the app: every 2 s, saves minutes apart). One save appends {frames_per_save:.1} WAL pages of 4 KiB on \
         average; without the thread SQLite's automatic checkpoint (1,000 pages) runs inside every ~{:.0}th save.",
        1000.0 / frames_per_save.max(1.0)
    );
    println!("Pages per save by table or index: {pages_by_btree}");
    if floor.p99 > Duration::from_millis(2) {
        println!(
            "In this run the disk's own fsync tail is above the goal: the floor (one fsynced 1-row commit) is {:.1} ms p50 / {:.1} ms p99.",
            ms(floor.p50),
            ms(floor.p99)
        );
    }
}

/// Which table or index each page in the WAL belongs to (the WAL holds `saves` saves here):
/// the frame headers name the pages, `dbstat` names their B-trees. Returns the frame count and
/// the pages per save by B-tree.
fn wal_pages_by_btree(conn: &Connection, db: &Path, saves: usize) -> (usize, String) {
    let Ok(wal) = std::fs::read(format!("{}-wal", db.display())) else { return (0, "?".into()) };
    if wal.len() < 32 {
        return (0, "?".into());
    }
    let page_size = u32::from_be_bytes(wal[8..12].try_into().unwrap()) as usize;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut frames = 0;
    let mut stmt = conn.prepare("SELECT name FROM dbstat WHERE pageno = ?1").unwrap();
    for frame in wal[32..].chunks_exact(24 + page_size) {
        let pgno = u32::from_be_bytes(frame[0..4].try_into().unwrap());
        let name: String = stmt.query_row([pgno], |r| r.get(0)).unwrap_or_else(|_| "(free/other)".into());
        *counts.entry(name).or_default() += 1;
        frames += 1;
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (frames, v.iter().map(|(n, c)| format!("{n} {:.1}", *c as f64 / saves as f64)).collect::<Vec<_>>().join(", "))
}

// ---------------------------------------------------------------------------------------------
// Search

/// One query group: what a clerk types, and the goal for it.
struct Group {
    name: &'static str,
    queries: Vec<String>,
    goal: Option<Duration>,
    floor: Floor,
}

#[derive(Clone, Copy)]
enum Floor {
    /// FTS5 prefix MATCH, newest 50 by rowid.
    Fts,
    /// `name = ?` on a plain index, newest 50.
    ExactName,
    /// A range on a plain index (the column the query is meant for), newest 50.
    Range(&'static str),
}

/// Measured pair: the thing under test and its reference, interleaved query by query.
struct Pair {
    subject: Stats,
    reference: Stats,
    /// Per query: median time and rows returned, slowest first.
    slowest: Vec<(String, Duration, usize)>,
}

/// Runs every query once (warm-up, and to size the run), then as many rounds as fit in
/// `budget` (at least 2, at most `max_reps`), timing `subject` and `reference` alternately.
fn measure(
    queries: &[String],
    max_reps: usize,
    budget: Duration,
    mut subject: impl FnMut(&str) -> usize,
    mut reference: impl FnMut(&str) -> usize,
) -> Pair {
    let t = Instant::now();
    for q in queries {
        std::hint::black_box(subject(q));
        std::hint::black_box(reference(q));
    }
    let round = t.elapsed().max(Duration::from_micros(1));
    let reps = ((budget.as_secs_f64() / round.as_secs_f64()) as usize).clamp(2, max_reps);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut per_query: BTreeMap<&str, (Vec<Duration>, usize)> = BTreeMap::new();
    for _ in 0..reps {
        for q in queries {
            let t = Instant::now();
            let rows = subject(q);
            let d = t.elapsed();
            a.push(d);
            let e = per_query.entry(q).or_default();
            e.0.push(d);
            e.1 = rows;
            let t = Instant::now();
            std::hint::black_box(reference(q));
            b.push(t.elapsed());
        }
    }
    let mut slowest: Vec<(String, Duration, usize)> = per_query
        .into_iter()
        .map(|(q, (mut v, rows))| {
            v.sort();
            (q.to_owned(), v[v.len() / 2], rows)
        })
        .collect();
    slowest.sort_by_key(|x| std::cmp::Reverse(x.1));
    Pair { subject: Stats::of(a), reference: Stats::of(b), slowest }
}

fn goal_text(goal: Option<Duration>, s: &Stats) -> String {
    match goal {
        Some(goal) => format!("p95 ≤ {} ms: {}", goal.as_millis(), pass(s.p95 <= goal)),
        None => String::new(),
    }
}

fn bench_search(cfg: &Config, data_dir: &Path) {
    let n = cfg.search_rows;
    println!("\n## Search over {n} dossiers (limit {LIMIT}, newest first, warm page cache)");
    let data = ensure_search_db(data_dir, n);
    let floor_path = ensure_floor_db(data_dir, &data, n);

    let store = Store::open_with(&data, StartupCheck::AfterCleanClose).expect("open search db");
    let floor = Connection::open_with_flags(&floor_path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let raw = Connection::open_with_flags(&data, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();

    let groups = query_groups(&raw, n);
    let budget = if cfg.quick { Duration::from_secs(3) } else { Duration::from_secs(15) };

    let mut table = Table::new();
    let mut misses = Vec::new();
    for g in &groups {
        let t = Instant::now();
        let pair = measure(
            &g.queries,
            cfg.search_reps,
            budget,
            |q| store.search_dossiers(q, LIMIT).unwrap().len(),
            |q| run_floor(&floor, g.floor, q),
        );
        eprintln!("[bench] {}: {:.1} s", g.name, t.elapsed().as_secs_f64());
        table.row(&format!("floor: {}", floor_label(g.floor)), &pair.reference, None, "");
        table.row(
            &format!("{} ({} queries)", g.name, g.queries.len()),
            &pair.subject,
            Some(&pair.reference),
            &goal_text(g.goal, &pair.subject),
        );
        if g.goal.is_some_and(|goal| pair.subject.p95 > goal) {
            misses.push((g.name, pair.slowest));
        }
    }
    table.print();
    println!(
        "File: {:.2} GB. Summary columns of up to {LIMIT} rows are read for every query, as the list shows them.",
        std::fs::metadata(&data).map(|m| m.len()).unwrap_or(0) as f64 / 1e9
    );

    if misses.is_empty() {
        return;
    }
    println!("\n### Goals missed: the slowest queries (median ms, rows returned)");
    for (name, slowest) in &misses {
        println!("{name}:");
        for (q, d, rows) in slowest.iter().take(6) {
            println!("  {:<28} {:>9.3} ms  {:>3} rows", format!("{q:?}"), ms(*d), rows);
        }
    }
    print_plans(&raw);
}

const SUMMARY: &str = "d.code, d.applicant_name, d.procedure_name, d.status, d.received_at, d.appointment_at";

fn floor_label(f: Floor) -> String {
    match f {
        Floor::Fts => "FTS5 prefix MATCH, same words".into(),
        Floor::ExactName => "name = ? on plain index".into(),
        Floor::Range(col) => format!("{col} range on plain index"),
    }
}

/// The floor for one query: the same lookup on bare tables holding the same folded values.
fn run_floor(conn: &Connection, floor: Floor, q: &str) -> usize {
    match floor {
        Floor::Fts => {
            let words: Vec<String> = text::words(&text::fold(q)).map(|w| format!("\"{w}\"*")).collect();
            let mut stmt =
                conn.prepare_cached("SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY rowid DESC LIMIT 50").unwrap();
            stmt.query_map([words.join(" ")], |r| r.get::<_, i64>(0)).unwrap().count()
        }
        Floor::ExactName => {
            let mut stmt = conn.prepare_cached("SELECT id FROM p WHERE name = ?1 ORDER BY id DESC LIMIT 50").unwrap();
            stmt.query_map([text::fold(q)], |r| r.get::<_, i64>(0)).unwrap().count()
        }
        Floor::Range(col) => {
            let key: String = if col == "code" || col == "code_tail" {
                q.trim().to_uppercase()
            } else {
                q.chars().filter(char::is_ascii_digit).collect()
            };
            let sql = format!("SELECT id FROM p WHERE {col} >= ?1 AND {col} < ?2 ORDER BY id DESC LIMIT 50");
            let mut stmt = conn.prepare_cached(&sql).unwrap();
            stmt.query_map(params![key, format!("{key}{}", char::MAX)], |r| r.get::<_, i64>(0)).unwrap().count()
        }
    }
}

/// Every prefix of `s` by characters (what the search box holds after each key), skipping
/// prefixes that end in a space (the same query as one character before).
fn typed(s: &str) -> impl Iterator<Item = String> + '_ {
    s.char_indices().map(|(i, c)| &s[..i + c.len_utf8()]).filter(|p| !p.ends_with(' ')).map(str::to_owned)
}

fn query_groups(raw: &Connection, n: usize) -> Vec<Group> {
    // Real rows to look up, spread over the whole year.
    let mut rng = StdRng::seed_from_u64(99);
    let mut sample = Vec::new();
    let mut stmt = raw
        .prepare("SELECT applicant_name, id_number, phone_digits, code, code_tail FROM dossiers WHERE rowid = ?1")
        .unwrap();
    while sample.len() < 30 {
        let rowid = rng.random_range(1..=n as i64);
        if let Ok(row) = stmt.query_row([rowid], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        }) && !row.2.is_empty()
        {
            sample.push(row);
        }
    }

    let names = [
        "nguyen van an",
        "tran thi",
        "Đặng Văn",
        "le h",
        "Phạm Minh Tuấn",
        "hoang duc",
        "Huỳnh Thị Thu",
        "vu thi mai",
        "Bùi Quang",
        "do van hung",
        "Ngô Thanh",
        "duong",
        "ly thi",
        "Nguyễn Thị Hường",
        "ho ngoc",
        "phan van",
    ];
    let type_ahead: Vec<String> = names.iter().flat_map(|n| typed(n)).collect();
    let exact_names: Vec<String> = sample.iter().map(|s| s.0.clone()).collect();
    let id_full: Vec<String> = sample.iter().map(|s| s.1.clone()).collect();
    // What the box holds while an ID is typed, from the 6th digit (province, century, year).
    let id_prefix: Vec<String> = sample.iter().take(10).flat_map(|s| (6..12).map(|k| s.1[..k].to_owned())).collect();
    // The first digits of an ID typed key by key: every keystroke is a search.
    let id_typed: Vec<String> = sample.iter().take(5).flat_map(|s| (1..=5).map(|k| s.1[..k].to_owned())).collect();
    let phones: Vec<String> = sample.iter().map(|s| s.2.clone()).collect();
    let codes: Vec<String> = sample.iter().map(|s| s.3.clone()).collect();
    let tails: Vec<String> = sample.iter().map(|s| s.4.clone()).collect();

    let ms20 = Some(Duration::from_millis(20));
    let ms1 = Some(Duration::from_millis(1));
    vec![
        Group { name: "type-ahead, name letter by letter", queries: type_ahead, goal: ms20, floor: Floor::Fts },
        Group { name: "exact full name", queries: exact_names, goal: ms20, floor: Floor::ExactName },
        Group { name: "ID number, full 12 digits", queries: id_full, goal: ms1, floor: Floor::Range("id_number") },
        Group {
            name: "ID number, prefix 6-11 digits",
            queries: id_prefix,
            goal: ms1,
            floor: Floor::Range("id_number"),
        },
        Group { name: "ID typed, first 1-5 digits", queries: id_typed, goal: ms20, floor: Floor::Range("id_number") },
        Group { name: "phone, full 10 digits", queries: phones, goal: ms1, floor: Floor::Range("phone") },
        Group { name: "dossier code, full", queries: codes, goal: ms1, floor: Floor::Range("code") },
        Group { name: "dossier code, yymmdd-seq tail", queries: tails, goal: ms1, floor: Floor::Range("code_tail") },
    ]
}

/// The search database: `n` dossiers through the store's own write path, cached.
fn ensure_search_db(data_dir: &Path, n: usize) -> PathBuf {
    std::fs::create_dir_all(data_dir).unwrap();
    let path = data_dir.join(format!("search-{n}-schema{LATEST_SCHEMA}-gen{GENERATOR_VERSION}.db"));
    if let Some(found) = cached_rows(&path)
        && found == n as i64
    {
        eprintln!("[bench] reusing {}", path.display());
        return path;
    }
    let partial = path.with_extension("partial");
    for p in [&path, &partial] {
        remove_db(p);
    }
    remove_db(&floor_path(data_dir, n));
    eprintln!("[bench] generating {n} dossiers into {} (cached for later runs)", path.display());
    let t = Instant::now();
    let mut store = set_up(&partial);
    fill(&mut store, n);
    drop(store);
    finish_cached_db(&partial, &path);
    eprintln!("[bench] generated {n} dossiers in {:.0} s", t.elapsed().as_secs_f64());
    path
}

/// Dossiers in the start-up fixture.
const STARTUP_ROWS: usize = 50_000;

/// A set-up office with a year of dossiers and an admin account, for `cargo xtask bench` to
/// time the app's start on a database that is not empty (Store::open runs quick_check over the
/// whole file). The account's password hash is a placeholder: the login screen only needs an
/// account to exist. Built from the cached search database of the same size when there is one.
fn ensure_startup_db(data_dir: &Path) -> PathBuf {
    std::fs::create_dir_all(data_dir).unwrap();
    let path = data_dir.join(format!("startup-{STARTUP_ROWS}-schema{LATEST_SCHEMA}-gen{GENERATOR_VERSION}.db"));
    if cached_rows(&path) == Some(STARTUP_ROWS as i64) {
        return path;
    }
    remove_db(&path);
    let partial = path.with_extension("partial");
    remove_db(&partial);
    let source = data_dir.join(format!("search-{STARTUP_ROWS}-schema{LATEST_SCHEMA}-gen{GENERATOR_VERSION}.db"));
    let mut store = if cached_rows(&source) == Some(STARTUP_ROWS as i64) {
        std::fs::copy(&source, &partial).unwrap();
        Store::open(&partial).unwrap()
    } else {
        let mut store = set_up(&partial);
        fill(&mut store, STARTUP_ROWS);
        store
    };
    let admin = motcua_store::UserRecord {
        id: uuid::Uuid::now_v7().to_string(),
        username: "admin".into(),
        full_name: "Quản trị".into(),
        role: motcua_store::Role::Admin,
        password_hash: "bench-placeholder-not-a-hash".into(),
        active: true,
        created_at: "2025-01-01T00:00:00Z".into(),
    };
    store.commit(&actor(), Change::UserCreated(admin)).expect("create the admin account");
    drop(store);
    finish_cached_db(&partial, &path);
    path
}

// ---------------------------------------------------------------------------------------------
// Opening the store at start-up

/// `Store::open_with(AfterCleanClose)` (what the app does before its first screen) on the
/// start-up fixture: after a clean close (the check is deferred to the maintenance thread)
/// and after a crash (a WAL left behind: the check runs before the store opens), next to the
/// floor, a bare `Connection::open` that reads the schema.
fn bench_open(fixture: &Path, scratch: &Path) {
    const RUNS: usize = 7;
    println!("\n## Opening the store at start-up ({STARTUP_ROWS} dossiers, warm page cache)");
    let clean = scratch.join("open-clean.db");
    std::fs::copy(fixture, &clean).expect("copy the start-up fixture");

    // A crash snapshot: the files as a power cut leaves them, copied while a writer holds
    // the database open with a save still in its WAL.
    let crash_src = scratch.join("open-crash-src.db");
    std::fs::copy(fixture, &crash_src).unwrap();
    let mut writer = Store::open(&crash_src).unwrap();
    let mut generator = Generator::new(3, 1);
    writer.receive_dossier(&actor(), &office(), generator.dossier(0)).unwrap();
    let crash = scratch.join("open-crash.db");
    for suffix in ["", "-wal"] {
        std::fs::copy(format!("{}{suffix}", crash_src.display()), format!("{}{suffix}", crash.display())).unwrap();
    }
    drop(writer);
    let crash_copy = scratch.join("open-crash-run.db");

    let (mut floor, mut after_clean, mut after_crash) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let t = Instant::now();
        let conn = Connection::open(&clean).unwrap();
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).unwrap();
        floor.push(t.elapsed());
        drop(conn);

        let t = Instant::now();
        let store = Store::open_with(&clean, StartupCheck::AfterCleanClose).unwrap();
        after_clean.push(t.elapsed());
        drop(store);

        remove_db(&crash_copy);
        for suffix in ["", "-wal"] {
            std::fs::copy(format!("{}{suffix}", crash.display()), format!("{}{suffix}", crash_copy.display())).unwrap();
        }
        let t = Instant::now();
        let store = Store::open_with(&crash_copy, StartupCheck::AfterCleanClose).unwrap();
        after_crash.push(t.elapsed());
        drop(store);
    }
    let floor = Stats::of(floor);
    let mut table = Table::new();
    table.row("floor: Connection::open + read the schema", &floor, None, "");
    table.row("Store::open after a clean close (check deferred)", &Stats::of(after_clean), Some(&floor), "");
    table.row("Store::open after a crash (quick_check first)", &Stats::of(after_crash), Some(&floor), "");
    table.print();
    println!(
        "File: {:.0} MB. After a clean close the integrity check runs on the maintenance thread once the first \
         screen is up; after a crash it runs before anything is written.",
        std::fs::metadata(fixture).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
}

/// Saves `n` generated dossiers through the store's batch write path.
fn fill(store: &mut Store, n: usize) {
    let t = Instant::now();
    let mut generator = Generator::new(2026, n);
    let (office, actor) = (office(), actor());
    for start in (0..n).step_by(BATCH) {
        let batch = (start..(start + BATCH).min(n)).map(|i| generator.dossier(i)).collect();
        store.receive_dossiers(&actor, &office, batch).expect("generate dossiers");
        if (start + BATCH).is_multiple_of(100_000) {
            eprintln!("[bench]   {} dossiers, {:.0} s", start + BATCH, t.elapsed().as_secs_f64());
        }
    }
}

/// Folds the WAL into the file and moves it to its cache name, so a half-built cache never
/// has the final name.
fn finish_cached_db(partial: &Path, path: &Path) {
    let conn = Connection::open(partial).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    std::fs::rename(partial, path).unwrap();
    remove_db(partial);
}

/// Row count of a cached database whose schema version is the current one.
fn cached_rows(path: &Path) -> Option<i64> {
    motcua_benchkit::cached_rows(path, LATEST_SCHEMA)
}

fn floor_path(data_dir: &Path, n: usize) -> PathBuf {
    data_dir.join(format!("floor-{n}-gen{GENERATOR_VERSION}-prefix7.db"))
}

/// Bare tables holding the same folded names, ID numbers, phones and codes (same rowids).
fn ensure_floor_db(data_dir: &Path, data: &Path, n: usize) -> PathBuf {
    let path = floor_path(data_dir, n);
    let data_mtime = std::fs::metadata(data).and_then(|m| m.modified()).ok();
    if path.exists()
        && std::fs::metadata(&path).and_then(|m| m.modified()).ok() >= data_mtime
        && let Ok(conn) = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        && conn.query_row("SELECT count(*) FROM p", [], |r| r.get::<_, i64>(0)).ok() == Some(n as i64)
    {
        return path;
    }
    remove_db(&path);
    let t = Instant::now();
    let partial = path.with_extension("partial");
    remove_db(&partial);
    let conn = Connection::open(&partial).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute("ATTACH DATABASE ?1 AS src", [data.to_str().unwrap()]).unwrap();
    conn.execute_batch(
        "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL, id_number TEXT NOT NULL,
             phone TEXT NOT NULL, code TEXT NOT NULL, code_tail TEXT NOT NULL);
         CREATE VIRTUAL TABLE f USING fts5 (name, content = '', tokenize = 'unicode61', prefix = '1 2 3 4 5 6 7');
         BEGIN;
         INSERT INTO p SELECT rowid, name_folded, id_number, phone_digits, code, code_tail FROM src.dossiers ORDER BY rowid;
         INSERT INTO f (rowid, name) SELECT id, name FROM p ORDER BY id;
         COMMIT;
         CREATE INDEX p_name ON p (name);
         CREATE INDEX p_id_number ON p (id_number);
         CREATE INDEX p_phone ON p (phone);
         CREATE INDEX p_code ON p (code);
         CREATE INDEX p_code_tail ON p (code_tail);
         INSERT INTO f (f) VALUES ('optimize');
         DETACH DATABASE src;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    drop(conn);
    std::fs::rename(&partial, &path).unwrap();
    remove_db(&partial);
    eprintln!("[bench] built the floor tables in {:.0} s", t.elapsed().as_secs_f64());
    path
}

type Args = Vec<Box<dyn rusqlite::ToSql>>;

fn print_plans(raw: &Connection) {
    println!("\n### EXPLAIN QUERY PLAN of the store's queries (crates/motcua-store/src/search.rs)");
    let plans: [(&str, String, Args); 2] = [
        (
            "Digits",
            format!(
                "SELECT {SUMMARY} FROM dossiers d
                 WHERE d.rowid IN (SELECT rowid FROM dossier_keys WHERE dossier_keys MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
                 ORDER BY d.rowid DESC"
            ),
            vec![Box::new("\"001\"*"), Box::new(50)],
        ),
        (
            "Name",
            format!(
                "SELECT {SUMMARY} FROM dossiers d
                 WHERE d.rowid IN (SELECT rowid FROM dossier_names WHERE dossier_names MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
                 ORDER BY d.rowid DESC"
            ),
            vec![Box::new("\"nguyen\"* \"van\"*"), Box::new(50)],
        ),
    ];
    for (kind, sql, args) in plans {
        println!("{kind}:");
        let mut stmt = raw.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(3)?))
            })
            .unwrap();
        let mut depth: BTreeMap<i64, usize> = BTreeMap::new();
        for row in rows {
            let (id, parent, detail) = row.unwrap();
            let d = depth.get(&parent).map_or(0, |d| d + 1);
            depth.insert(id, d);
            println!("  {}{}", "  ".repeat(d), detail);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Data

fn actor() -> Actor {
    Actor { user_id: "bench".into(), display_name: "Cán bộ Thử".into() }
}

fn office() -> OfficeProfile {
    OfficeProfile {
        name: "Bộ phận Một cửa UBND phường Thử".into(),
        unit_code: "000.00.21.H26".into(),
        address: "1 Phố Thử, Hà Nội".into(),
        place_name: "Hà Nội".into(),
        counter_number: 1,
        counter_slots: 20,
        hotlines: vec!["1900 1234".into()],
        feedback_email: String::new(),
        other_channels: vec![],
        hours: Default::default(),
        code_pattern: Default::default(),
    }
}

const PROCEDURES: &[(&str, &str, &str)] = &[
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch"),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch"),
    ("1.000656", "Đăng ký khai tử", "Hộ tịch"),
    ("2.000908", "Chứng thực bản sao từ bản chính", "Chứng thực"),
    ("1.004227", "Cấp bản sao trích lục hộ tịch", "Hộ tịch"),
    ("1.001022", "Xác nhận tình trạng hôn nhân", "Hộ tịch"),
];

fn set_up(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open store");
    let mut changes = vec![Change::OfficeConfigured(office())];
    for (code, name, field) in PROCEDURES {
        changes.push(Change::ProcedureUpserted(Procedure {
            code: (*code).into(),
            name: (*name).into(),
            field: (*field).into(),
            level: "Cấp xã".into(),
            processing: ProcessingTime::WorkingDays { days: 3 },
            fee_vnd: 0,
            fee_note: String::new(),
            papers: vec![RequiredPaper {
                name: "Tờ khai".into(),
                form: PaperForm::Original,
                count: 1,
                optional: false,
            }],
            result: "Kết quả".into(),
            agency: "UBND cấp xã".into(),
            interagency: false,
            postal_return: true,
            hidden: false,
        }));
    }
    store.commit_batch(&actor(), changes).expect("set up office");
    store
}

/// Surnames with their share in percent·10 (Nguyễn ~38%).
const SURNAMES: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 35),
    ("Huỳnh", 20),
    ("Phan", 45),
    ("Vũ", 25),
    ("Võ", 15),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Trương", 8),
    ("Đào", 6),
    ("Đoàn", 6),
    ("Lâm", 5),
    ("Mai", 5),
    ("Trịnh", 5),
    ("Cao", 4),
    ("Lương", 4),
    ("Hà", 4),
    ("Tạ", 3),
    ("Lưu", 3),
    ("Chu", 2),
    ("Tô", 2),
    ("Vương", 2),
    ("Thái", 2),
    ("Triệu", 2),
    ("Châu", 2),
    ("Kiều", 1),
    ("Quách", 1),
    ("Tăng", 1),
    ("La", 1),
    ("Mạc", 1),
    ("Khúc", 1),
];
const MIDDLE_MALE: &[&str] = &[
    "Văn", "Văn", "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Ngọc", "Công", "Hoàng", "Duy",
    "Quang", "Anh", "Tuấn", "Trọng", "Đình", "Bá", "Gia", "Mạnh", "Thành", "Tiến",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Bảo", "Phương", "Thúy", "Hồng",
    "Mai", "Lan", "Hải", "Diệu", "Khánh", "Thùy", "Mỹ", "Hoài", "Quỳnh",
];
const GIVEN_MALE: &[&str] = &[
    "An", "Anh", "Bảo", "Bình", "Cường", "Chiến", "Dũng", "Duy", "Đạt", "Đức", "Định", "Giang", "Hải", "Hiếu", "Hiệp",
    "Hòa", "Hoàng", "Huy", "Hùng", "Hưng", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lợi", "Luân", "Minh",
    "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Phương", "Quân", "Quang", "Quý", "Sơn", "Tài", "Tâm", "Thắng", "Thành",
    "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
];
const GIVEN_FEMALE: &[&str] = &[
    "An", "Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Huệ", "Hương",
    "Hường", "Huyền", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Nhi", "Oanh",
    "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thơ", "Thu", "Thủy", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân",
    "Vy", "Xuân", "Yến",
];
/// Province codes of birth registration (Thông tư 07/2016/TT-BCA).
const PROVINCE_CODES: &[&str] = &[
    "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025", "026",
    "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048", "049",
    "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075", "077",
    "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
];
const STREETS: &[&str] =
    &["Kim Mã", "Đội Cấn", "Láng Hạ", "Nguyễn Trãi", "Hoàng Hoa Thám", "Giải Phóng", "Trường Chinh", "Cầu Giấy"];

#[derive(Clone)]
struct Person {
    full_name: String,
    id_number: String,
    phone: String,
    birth_date: NaiveDate,
    gender: Gender,
    address: String,
}

/// Deterministic dossiers spread over the working days of one year, in time order.
struct Generator {
    rng: StdRng,
    days: Vec<NaiveDate>,
    total: usize,
    /// People who have filed before: about a quarter of dossiers are theirs.
    seen: Vec<Person>,
}

impl Generator {
    fn new(seed: u64, total: usize) -> Generator {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let days = (0..365)
            .map(|i| start + chrono::Duration::days(i))
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();
        Generator { rng: StdRng::seed_from_u64(seed), days, total, seen: Vec::new() }
    }

    fn end_day(&self) -> NaiveDate {
        *self.days.last().unwrap()
    }

    /// The `i`-th dossier of `total`: its day and time follow `i`.
    fn dossier(&mut self, i: usize) -> NewDossier {
        let per_day = self.total.div_ceil(self.days.len()).max(1);
        let day = self.days[(i / per_day).min(self.days.len() - 1)];
        let seconds = 7 * 3600 + 1800 + ((i % per_day) as u64 * 9 * 3600 / per_day as u64) as i64;
        let received_at: NaiveDateTime = day.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::seconds(seconds);
        let person = if !self.seen.is_empty() && self.rng.random_bool(0.25) {
            let k = self.rng.random_range(0..self.seen.len());
            self.seen[k].clone()
        } else {
            let p = self.person();
            if self.seen.len() < 200_000 {
                self.seen.push(p.clone());
            } else {
                let k = self.rng.random_range(0..self.seen.len());
                self.seen[k] = p.clone();
            }
            p
        };
        let (code, name, _) = PROCEDURES[self.rng.random_range(0..PROCEDURES.len())];
        NewDossier {
            draft: DossierDraft {
                procedure_code: code.into(),
                applicant: Applicant {
                    full_name: person.full_name,
                    id_number: person.id_number,
                    birth_date: Some(person.birth_date),
                    gender: Some(person.gender),
                    address: person.address,
                    phone: person.phone,
                    ..Default::default()
                },
                papers: vec![ReceivedPaper { name: "Tờ khai".into(), form: PaperForm::Original, count: 1 }],
                sets: 1,
                return_method: ReturnMethod::Counter,
                postal_address: String::new(),
                note: String::new(),
            },
            procedure_name: name.into(),
            processing: ProcessingTime::WorkingDays { days: 3 },
            received_at,
            appointment_at: received_at + chrono::Duration::days(3),
        }
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.random_range(0..list.len())]
    }

    fn person(&mut self) -> Person {
        let total: u32 = SURNAMES.iter().map(|s| s.1).sum();
        let mut x = self.rng.random_range(0..total);
        let surname = SURNAMES
            .iter()
            .find(|s| {
                if x < s.1 {
                    true
                } else {
                    x -= s.1;
                    false
                }
            })
            .unwrap()
            .0;
        let gender = if self.rng.random_bool(0.5) { Gender::Male } else { Gender::Female };
        let (middles, givens) = match gender {
            Gender::Male => (MIDDLE_MALE, GIVEN_MALE),
            Gender::Female => (MIDDLE_FEMALE, GIVEN_FEMALE),
        };
        let mut name = format!("{surname} {}", self.pick(middles));
        if self.rng.random_bool(0.2) {
            let second = self.pick(&middles[6..]);
            if !name.ends_with(second) {
                name.push(' ');
                name.push_str(second);
            }
        }
        name.push(' ');
        name.push_str(self.pick(givens));

        let year = self.rng.random_range(1940..=2007);
        let birth_date =
            NaiveDate::from_ymd_opt(year, self.rng.random_range(1..=12), self.rng.random_range(1..=28)).unwrap();
        let province = if self.rng.random_bool(0.55) { "001" } else { self.pick(PROVINCE_CODES) };
        let century = if year >= 2000 { 2 } else { 0 } + u32::from(gender == Gender::Female);
        let id_number = format!("{province}{century}{:02}{:06}", year % 100, self.rng.random_range(0..1_000_000));
        let phone = if self.rng.random_bool(0.1) {
            String::new()
        } else {
            let digits = format!("09{:08}", self.rng.random_range(0..100_000_000));
            if self.rng.random_bool(0.3) {
                format!("{} {} {}", &digits[..4], &digits[4..7], &digits[7..])
            } else {
                digits
            }
        };
        let address = format!(
            "Số {} ngõ {} phố {}, Hà Nội",
            self.rng.random_range(1..200),
            self.rng.random_range(1..300),
            self.pick(STREETS)
        );
        Person { full_name: name, id_number, phone, birth_date, gender, address }
    }
}

// ---------------------------------------------------------------------------------------------
// Measuring and printing

struct Table {
    out: String,
}

impl Table {
    fn new() -> Table {
        Table::new_with("×floor")
    }

    fn new_with(ratio: &str) -> Table {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<56} {:>6} {:>9} {:>9} {:>9} {:>9}  {:>13}  goal",
            "ms",
            "n",
            "p50",
            "p95",
            "p99",
            "max",
            format!("{ratio} p50/99")
        );
        Table { out }
    }

    fn row(&mut self, label: &str, s: &Stats, floor: Option<&Stats>, goal: &str) {
        let ratio = match floor {
            Some(f) => format!("{:.1}× / {:.1}×", ms(s.p50) / ms(f.p50), ms(s.p99) / ms(f.p99)),
            None => String::new(),
        };
        let label: String =
            if label.chars().count() > 56 { label.chars().take(56).collect() } else { label.to_owned() };
        let pad = 56 - label.chars().count();
        let _ = writeln!(
            self.out,
            "{label}{} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>9.3}  {:>13}  {goal}",
            " ".repeat(pad),
            s.n,
            ms(s.p50),
            ms(s.p95),
            ms(s.p99),
            ms(s.max),
            ratio
        );
    }

    fn print(&self) {
        print!("{}", self.out);
    }
}

fn print_machine(dir: &Path, cfg: &Config) {
    println!("# Store benchmark{}", if cfg.quick { " (quick)" } else { "" });
    println!("machine: {}", machine());
    println!("files:   {} on {}", dir.display(), filesystem_of(dir));
    println!("sqlite:  {}", rusqlite::version());
}
