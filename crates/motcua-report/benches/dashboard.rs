//! The supervisor's dashboard and the monthly XLSX export over an office's whole history,
//! next to floors (what bare SQLite does on the same file) measured in the same run.
//!
//! `cargo bench -p motcua-report --bench dashboard` prints the tables; `MOTCUA_BENCH_QUICK=1`
//! (set by `cargo xtask bench --quick`) takes fewer samples over 50,000 dossiers instead of
//! 1,000,000. Nothing here asserts a time: the goals are printed as PASS/MISS:
//! the dashboard of a month over 1,000,000 dossiers at p95 ≤ 50 ms, the monthly report to XLSX
//! in ≤ 2 s.
//!
//! The data: an office's three years (to Friday 20/11/2026, 15:00), 20 procedures in 6 fields,
//! 10 clerks each receiving under their own account, dossiers on working days (weekends, public
//! holidays and Tết off) in working hours. Everything goes through the store's write path:
//! `receive_dossiers` per clerk, then each dossier's steps (hand-off, supplement, result,
//! return at the counter or by post, refusal, withdrawal, stop) as `Change::DossierStepped`,
//! its queue ticket and, for some, a satisfaction rating, with `commit_batch`; so the
//! dashboard's counters are kept by the triggers exactly as at a counter. Steps later than
//! "now" are not taken: the last weeks hold the open dossiers.
//!
//! - Dashboard: `Store::dashboard` for a past month, the current month and a year; the
//!   dashboard's statements one by one; floors: a bare index range count of one month and
//!   the read of the month's counter rows, and, for contrast, the full scan the counters avoid.
//! - Export: `Store::dossier_report` of a month, then `MonthlyReport::to_xlsx` written to a
//!   file, for the month just ended and for one a year earlier.
//!
//! Cached under `target/bench-data/dashboard-{rows}-schema{N}-gen{G}.db` (generating a million
//! dossiers through the write path takes minutes), reused while the schema version and row
//! count match.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use rusqlite::{Connection, OpenFlags};

use motcua_benchkit::{Stats, filesystem_of, machine, ms, pass, remove_db, target_dir, thousands};
use motcua_domain::calendar::ProcessingTime;
use motcua_domain::catalog::{PaperForm, Procedure, RequiredPaper};
use motcua_domain::dossier::DossierDraft;
use motcua_domain::lifecycle::Step;
use motcua_domain::queue::{Ticket, TicketState};
use motcua_domain::satisfaction::{Level, RatedService, RatingDraft};
use motcua_report::MonthlyReport;
use motcua_store::{
    Actor, Change, DeadlineCutoffs, DossierRecord, DossierStep, LATEST_SCHEMA, NewDossier, RatingRecord, Role,
    StartupCheck, Store, UserRecord,
};

/// Bump when the generator changes, so a cached database from an older generator is rebuilt.
const GENERATOR_VERSION: u32 = 1;
/// Working days generated per round (one `receive_dossiers` and one `commit_batch` per clerk).
const ROUND_DAYS: usize = 5;
/// The goals of the issue.
const DASHBOARD_GOAL: Duration = Duration::from_millis(50);
const EXPORT_GOAL: Duration = Duration::from_secs(2);
/// Time given to each period's dashboard runs, and to each statement of the breakdown.
const DASHBOARD_BUDGET: Duration = Duration::from_secs(40);
const STATEMENT_BUDGET: Duration = Duration::from_secs(3);

/// How many runs of something that took `once` fit in `budget`, within `min..=max`.
fn runs_within(budget: Duration, once: Duration, min: usize, max: usize) -> usize {
    ((budget.as_secs_f64() / once.as_secs_f64().max(1e-6)) as usize).clamp(min, max.max(min))
}

struct Config {
    quick: bool,
    rows: usize,
    dashboard_runs: usize,
    statement_runs: usize,
    report_runs: usize,
    scan_runs: usize,
}

impl Config {
    fn from_env() -> Config {
        let quick = std::env::var("MOTCUA_BENCH_QUICK").is_ok_and(|v| v == "1");
        if quick {
            Config { quick, rows: 50_000, dashboard_runs: 40, statement_runs: 10, report_runs: 3, scan_runs: 2 }
        } else {
            Config { quick, rows: 1_000_000, dashboard_runs: 200, statement_runs: 30, report_runs: 10, scan_runs: 3 }
        }
    }
}

/// "Now" for the whole office: the data ends here and the dashboard looks from here.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap().and_hms_opt(15, 0, 0).unwrap()
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 11, 20).unwrap()
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn main() {
    let cfg = Config::from_env();
    let started = Instant::now();
    let target = target_dir();
    let scratch_parent = target.join("bench-tmp");
    std::fs::create_dir_all(&scratch_parent).expect("create target/bench-tmp");
    let scratch = tempfile_dir(&scratch_parent);

    let data = ensure_db(&target.join("bench-data"), cfg.rows);

    println!("# Dashboard and monthly export benchmark{}", if cfg.quick { " (quick)" } else { "" });
    println!("machine: {}", machine());
    println!("files:   {} on {}", data.display(), filesystem_of(&data));
    println!("sqlite:  {}", rusqlite::version());
    let raw = Connection::open_with_flags(&data, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open the data read-only");
    print_data(&raw, &data);

    let store = Store::open_with(&data, StartupCheck::AfterCleanClose).expect("open the store");
    let t = Instant::now();
    warm(&raw);
    eprintln!("[bench] page cache warmed in {:.1} s", t.elapsed().as_secs_f64());

    let missed = bench_dashboard(&cfg, &store, &raw);
    if missed {
        print_plans(&raw);
    }
    bench_export(&cfg, &store, &scratch);
    drop(store);
    drop(raw);
    let _ = std::fs::remove_dir_all(&scratch);
    println!("\ndashboard benchmark done in {:.1} s", started.elapsed().as_secs_f64());
}

fn tempfile_dir(parent: &Path) -> PathBuf {
    let dir = parent.join(format!("dashboard-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// Reads every page once, so the runs see a warm page cache (as a supervisor's PC that has
/// the store open all day).
fn warm(raw: &Connection) {
    for sql in [
        "SELECT sum(length(data)) FROM dossiers",
        "SELECT count(*) FROM dossiers INDEXED BY dossiers_day",
        "SELECT count(*) FROM dossiers INDEXED BY dossiers_resolved WHERE resolved_at IS NOT NULL",
        "SELECT count(*) FROM dossiers INDEXED BY dossiers_closed WHERE closed_at IS NOT NULL",
        "SELECT sum(received) FROM dossier_counts",
    ] {
        let _: Option<i64> = raw.query_row(sql, [], |r| r.get(0)).expect(sql);
    }
}

// ---------------------------------------------------------------------------------------------
// Dashboard

struct Period {
    label: &'static str,
    start: NaiveDate,
    end: NaiveDate,
}

fn periods() -> [Period; 3] {
    [
        Period { label: "a past month (09/2026, all ended)", start: ymd(2026, 9, 1), end: ymd(2026, 10, 1) },
        Period { label: "the current month (11/2026, open ones)", start: ymd(2026, 11, 1), end: ymd(2026, 12, 1) },
        Period { label: "a year (2025)", start: ymd(2025, 1, 1), end: ymd(2026, 1, 1) },
    ]
}

fn cutoffs() -> DeadlineCutoffs {
    let now = now();
    // Friday: the next working day is Monday.
    DeadlineCutoffs {
        now,
        end_of_today: ymd(2026, 11, 21).and_hms_opt(0, 0, 0).unwrap(),
        end_of_next_working_day: ymd(2026, 11, 24).and_hms_opt(0, 0, 0).unwrap(),
    }
}

/// Returns whether a goal was missed.
fn bench_dashboard(cfg: &Config, store: &Store, raw: &Connection) -> bool {
    let periods = periods();
    let cut = cutoffs();
    println!(
        "\n## Store::dashboard over {} dossiers (warm page cache; now = {})",
        thousands(cfg.rows),
        cut.now.format("%d/%m/%Y %H:%M")
    );

    // One unmeasured run each (it also sizes the run: as many as fit in DASHBOARD_BUDGET, at
    // least 10, at most `dashboard_runs`), then in turn so all see the machine in the same state.
    let runs: Vec<usize> = periods
        .iter()
        .map(|p| {
            let t = Instant::now();
            std::hint::black_box(store.dashboard(p.start, p.end, cut).expect("dashboard"));
            runs_within(DASHBOARD_BUDGET, t.elapsed(), 10, cfg.dashboard_runs)
        })
        .collect();
    let mut times: Vec<Vec<Duration>> = periods.iter().map(|_| Vec::new()).collect();
    for i in 0..cfg.dashboard_runs {
        for (k, p) in periods.iter().enumerate() {
            if i >= runs[k] {
                continue;
            }
            let t = Instant::now();
            let d = store.dashboard(p.start, p.end, cut).expect("dashboard");
            times[k].push(t.elapsed());
            std::hint::black_box(d);
        }
    }

    // Floors on the same file: the month's received dossiers counted on their day index, the
    // month's counter rows read, and the full pass over the dossiers the counters avoid.
    let month = &periods[0];
    let (from, to) = (month.start.to_string(), month.end.to_string());
    let count_month = || -> i64 {
        raw.prepare_cached("SELECT count(*) FROM dossiers WHERE received_day >= ?1 AND received_day < ?2")
            .unwrap()
            .query_row([&from, &to], |r| r.get(0))
            .unwrap()
    };
    let read_counters = || -> i64 {
        raw.prepare_cached(
            "SELECT count(*), sum(received + resolved_early + resolved_on_time + resolved_late + ended_otherwise)
             FROM dossier_counts WHERE day >= ?1 AND day < ?2",
        )
        .unwrap()
        .query_row([&from, &to], |r| r.get(0))
        .unwrap()
    };
    // The month's figures per procedure and clerk computed from the dossiers themselves.
    let scan = || -> i64 {
        let mut stmt = raw
            .prepare_cached(
                "SELECT procedure_code, received_by, sum(received_day >= ?1 AND received_day < ?2),
                        sum(timeliness = 'early' AND resolved_at >= ?1 AND resolved_at < ?2),
                        sum(timeliness = 'on_time' AND resolved_at >= ?1 AND resolved_at < ?2),
                        sum(timeliness = 'late' AND resolved_at >= ?1 AND resolved_at < ?2),
                        sum(timeliness IS NULL AND coalesce(resolved_at, closed_at) >= ?1 AND coalesce(resolved_at, closed_at) < ?2),
                        sum(resolved_at IS NULL AND closed_at IS NULL)
                 FROM dossiers GROUP BY 1, 2",
            )
            .unwrap();
        let rows = stmt.query_map([&from, &to], |r| r.get::<_, i64>(2)).unwrap();
        rows.map(Result::unwrap).sum()
    };
    let in_month = count_month();
    let counter_rows = read_counters();
    let (mut f_count, mut f_counters, mut f_scan) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..cfg.dashboard_runs {
        let t = Instant::now();
        std::hint::black_box(count_month());
        f_count.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(read_counters());
        f_counters.push(t.elapsed());
    }
    for _ in 0..cfg.scan_runs {
        let t = Instant::now();
        std::hint::black_box(scan());
        f_scan.push(t.elapsed());
    }

    let mut table = Table::new();
    let floor = Stats::of(f_count);
    table.row(
        &format!("floor: count(*) of one month on dossiers_day ({} rows)", thousands(in_month as usize)),
        &floor,
        None,
        "",
    );
    table.row(
        &format!("floor: read one month of dossier_counts ({} rows)", thousands(counter_rows as usize)),
        &Stats::of(f_counters),
        None,
        "",
    );
    let mut missed = false;
    for (p, t) in periods.iter().zip(times) {
        let s = Stats::of(t);
        // The goal is the dashboard of a month; a year is shown for scale.
        let goal = if (p.end - p.start).num_days() <= 31 {
            let ok = s.p95 <= DASHBOARD_GOAL;
            missed |= !ok;
            format!("p95 ≤ {} ms: {}", DASHBOARD_GOAL.as_millis(), pass(ok))
        } else {
            "(no goal: the goal is a month's)".to_owned()
        };
        table.row(&format!("Store::dashboard, {}", p.label), &s, Some(&floor), &goal);
    }
    table.row("contrast: the scan the counters avoid (GROUP BY over dossiers)", &Stats::of(f_scan), Some(&floor), "");
    table.print();

    // What the dashboard returned, and that it agrees with the monthly report.
    for p in &periods {
        let d = store.dashboard(p.start, p.end, cut).expect("dashboard");
        let t = &d.totals;
        println!(
            "{}: received {}, resolved {} (early {}, on time {}, late {}: {:.2} % late), ended otherwise {}, \
             pending now {} ({} late, {} waiting for a supplement), {} ratings, {} tickets; {} procedures, {} fields, \
             {} clerks, {} days",
            p.label,
            t.received,
            t.resolved(),
            t.resolved_early,
            t.resolved_on_time,
            t.resolved_late,
            t.late_rate.unwrap_or(0.0),
            t.ended_otherwise,
            t.pending,
            d.pending.late,
            d.pending.waiting_supplement,
            t.satisfaction.very_satisfied + t.satisfaction.satisfied + t.satisfaction.dissatisfied,
            d.queue.issued,
            d.by_procedure.len(),
            d.by_field.len(),
            d.by_clerk.len(),
            d.by_day.len(),
        );
        let start = p.start.and_hms_opt(0, 0, 0).unwrap();
        let end = p.end.and_hms_opt(0, 0, 0).unwrap();
        let report = store.dossier_report(start, end).expect("report");
        let sum = |f: fn(&motcua_store::ReportLine) -> u64| report.iter().map(f).sum::<u64>();
        let from_report = [
            sum(|l| l.received),
            sum(|l| l.resolved_early),
            sum(|l| l.resolved_on_time),
            sum(|l| l.resolved_late),
            sum(|l| l.ended_otherwise),
        ];
        let from_dashboard = [t.received, t.resolved_early, t.resolved_on_time, t.resolved_late, t.ended_otherwise];
        if from_report == from_dashboard {
            println!("    same received / early / on time / late / ended otherwise as Store::dossier_report: yes");
        } else {
            println!(
                "    received / early / on time / late / ended otherwise: dashboard {from_dashboard:?}, \
                 Store::dossier_report {from_report:?}: DISAGREE"
            );
        }
    }

    statements(cfg, raw, &periods);
    missed
}

/// The dashboard's statements (as in crates/motcua-store/src/dashboard.rs), each timed on its
/// own on a bare connection: where the time goes.
fn statement_list() -> Vec<(&'static str, String)> {
    vec![
        (
            "counters of the period (dossier_counts)",
            "SELECT day, procedure_code, received_by, received, resolved_early, resolved_on_time, resolved_late, ended_otherwise
             FROM dossier_counts WHERE day >= ?1 AND day < ?2"
                .into(),
        ),
        ("open counts (dossier_open_counts)", "SELECT procedure_code, received_by, open FROM dossier_open_counts WHERE open > 0".into()),
        (
            "late and due soon (dossiers_open_by_due)",
            "SELECT procedure_code, received_by, sum(due_at < ?3), sum(due_at >= ?3 AND due_at < ?4),
                    sum(due_at >= ?4 AND due_at < ?5)
             FROM dossiers WHERE status IN ('received', 'in_processing') AND due_at < ?5
             GROUP BY 1, 2"
                .into(),
        ),
        (
            "waiting for a supplement",
            "SELECT count(*) FROM dossiers WHERE resolved_at IS NULL AND closed_at IS NULL AND status = 'needs_supplement'"
                .into(),
        ),
        (
            "ratings of the period",
            "SELECT procedure_code, clerk_id, level, count(*) FROM ratings WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2, 3"
                .into(),
        ),
        ("procedures and users", "SELECT code, name, field FROM procedures UNION ALL SELECT id, full_name, '' FROM users".into()),
        (
            "feedback (3 statements)",
            "SELECT (SELECT count(*) FROM feedback WHERE received_at >= ?1 AND received_at < ?2),
                    (SELECT sum(answered_at <= deadline_at) FROM feedback WHERE answered_at >= ?1 AND answered_at < ?2),
                    (SELECT count(*) FROM feedback WHERE status IN ('received', 'assigned') AND deadline_at < ?3)"
                .into(),
        ),
        (
            "queue figures (queue_day_figures)",
            "SELECT count(*), sum(state = 'finished'), sum(state = 'no_show'),
                    avg(wait_minutes), max(wait_minutes), avg(CASE WHEN state = 'finished' THEN service_minutes END)
             FROM queue_tickets INDEXED BY queue_day_figures WHERE day >= ?1 AND day < ?2"
                .into(),
        ),
    ]
}

fn statement_args(p: &Period) -> [String; 5] {
    let cut = cutoffs();
    let f = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    [p.start.to_string(), p.end.to_string(), f(cut.now), f(cut.end_of_today), f(cut.end_of_next_working_day)]
}

/// Binds only the parameters a statement uses (?1…?5).
fn run_statement(raw: &Connection, sql: &str, args: &[String; 5]) -> usize {
    let mut stmt = raw.prepare_cached(sql).unwrap();
    for i in 1..=stmt.parameter_count() {
        stmt.raw_bind_parameter(i, &args[i - 1]).unwrap();
    }
    let mut rows = stmt.raw_query();
    let mut n = 0;
    while let Some(r) = rows.next().unwrap() {
        std::hint::black_box(r.get_ref(0).ok());
        n += 1;
    }
    n
}

fn statements(cfg: &Config, raw: &Connection, periods: &[Period]) {
    println!("\n### The dashboard's statements one by one (p50 ms over {} runs; rows returned)", cfg.statement_runs);
    let list = statement_list();
    let mut out = format!("{:<46}", "");
    for p in periods {
        let _ = write!(out, " {:>24}", p.label.split(" (").next().unwrap_or(p.label));
    }
    println!("{out}");
    for (label, sql) in &list {
        let mut out = format!("{label:<46}");
        for p in periods {
            let args = statement_args(p);
            let first = Instant::now();
            let mut rows = run_statement(raw, sql, &args);
            let mut t = Vec::new();
            for _ in 0..runs_within(STATEMENT_BUDGET, first.elapsed(), 3, cfg.statement_runs) {
                let s = Instant::now();
                rows = run_statement(raw, sql, &args);
                t.push(s.elapsed());
            }
            let s = Stats::of(t);
            let _ = write!(out, " {:>14.3} ({:>7})", ms(s.p50), rows);
        }
        println!("{out}");
    }
}

fn print_plans(raw: &Connection) {
    println!("\n### EXPLAIN QUERY PLAN of the dashboard's statements (a goal was missed)");
    let args = statement_args(&periods()[1]);
    for (label, sql) in statement_list() {
        println!("{label}:");
        let mut stmt = raw.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        for i in 1..=stmt.parameter_count() {
            stmt.raw_bind_parameter(i, &args[i - 1]).unwrap();
        }
        let mut rows = stmt.raw_query();
        let mut depth: BTreeMap<i64, usize> = BTreeMap::new();
        while let Some(r) = rows.next().unwrap() {
            let (id, parent, detail): (i64, i64, String) = (r.get(0).unwrap(), r.get(1).unwrap(), r.get(3).unwrap());
            let d = depth.get(&parent).map_or(0, |d| d + 1);
            depth.insert(id, d);
            println!("  {}{}", "  ".repeat(d), detail);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Export

fn bench_export(cfg: &Config, store: &Store, scratch: &Path) {
    println!(
        "\n## Monthly report to XLSX: Store::dossier_report of a month, MonthlyReport::to_xlsx, written to a file \
         ({} runs, warm page cache)",
        cfg.report_runs
    );
    let months = [("10/2026 (the month just ended)", ymd(2026, 10, 1)), ("11/2025 (a year earlier)", ymd(2025, 11, 1))];
    let mut table = Table::new_with("");
    for (label, month) in months {
        let start = month.and_hms_opt(0, 0, 0).unwrap();
        let end = month.checked_add_months(chrono::Months::new(1)).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let file = scratch.join(format!("bao-cao-{}.xlsx", month.format("%Y-%m")));
        let (mut query, mut xlsx, mut total) = (Vec::new(), Vec::new(), Vec::new());
        let (mut lines, mut bytes) = (0, 0);
        for run in 0..=cfg.report_runs {
            let t0 = Instant::now();
            let report_lines = store.dossier_report(start, end).expect("dossier_report");
            let t1 = Instant::now();
            lines = report_lines.len();
            let report = MonthlyReport {
                office_name: "Bộ phận Một cửa UBND phường Thử".into(),
                month,
                lines: report_lines,
                made_on: ymd(2026, 11, 20),
            };
            let data = report.to_xlsx().expect("to_xlsx");
            std::fs::write(&file, &data).expect("write the xlsx");
            let t2 = Instant::now();
            bytes = data.len();
            if run > 0 {
                query.push(t1 - t0);
                xlsx.push(t2 - t1);
                total.push(t2 - t0);
            }
        }
        let total = Stats::of(total);
        table.row(&format!("{label}: dossier_report ({lines} lines)"), &Stats::of(query), None, "");
        table.row(&format!("{label}: to_xlsx + write ({} kB)", bytes / 1024), &Stats::of(xlsx), None, "");
        table.row(
            &format!("{label}: export, total"),
            &total,
            None,
            &format!("≤ {} s: {}", EXPORT_GOAL.as_secs(), pass(total.max <= EXPORT_GOAL)),
        );
    }
    table.print();
    println!(
        "(goal on the max of the runs; the report reads every dossier alive in the month: received in it, or \
         resolved, ended after its start, or open)"
    );
}

// ---------------------------------------------------------------------------------------------
// The data

fn print_data(raw: &Connection, path: &Path) {
    let count = |sql: &str| -> i64 { raw.query_row(sql, [], |r| r.get(0)).expect(sql) };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "data:    {:.0} MB; {} dossiers ({} open, {} waiting for a supplement), {} steps, {} ops, {} ratings, \
         {} queue tickets, {} dossier_counts rows, {} users",
        size as f64 / 1e6,
        thousands(count("SELECT count(*) FROM dossiers") as usize),
        thousands(count("SELECT count(*) FROM dossiers WHERE resolved_at IS NULL AND closed_at IS NULL") as usize),
        thousands(count(
            "SELECT count(*) FROM dossiers WHERE resolved_at IS NULL AND closed_at IS NULL AND status = 'needs_supplement'"
        ) as usize),
        thousands(count("SELECT count(*) FROM dossier_steps") as usize),
        thousands(count("SELECT count(*) FROM ops") as usize),
        thousands(count("SELECT count(*) FROM ratings") as usize),
        thousands(count("SELECT count(*) FROM queue_tickets") as usize),
        thousands(count("SELECT count(*) FROM dossier_counts") as usize),
        count("SELECT count(*) FROM users"),
    );
    let (first, last): (String, String) = raw
        .query_row("SELECT min(received_day), max(received_day) FROM dossiers", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    println!(
        "         received {first} .. {last}; 20 procedures in 6 fields, 10 clerks; all through the store's write path"
    );
}

/// The database: `n` dossiers of three years through the store's own write path, cached.
fn ensure_db(data_dir: &Path, n: usize) -> PathBuf {
    std::fs::create_dir_all(data_dir).unwrap();
    let path = data_dir.join(format!("dashboard-{n}-schema{LATEST_SCHEMA}-gen{GENERATOR_VERSION}.db"));
    if cached_rows(&path) == Some(n as i64) {
        eprintln!("[bench] reusing {}", path.display());
        return path;
    }
    let partial = path.with_extension("partial");
    for p in [&path, &partial] {
        remove_db(p);
    }
    eprintln!("[bench] generating {n} dossiers into {} (cached for later runs)", path.display());
    let t = Instant::now();
    let mut store = Store::open(&partial).expect("open a new store");
    generate(&mut store, n);
    drop(store);
    let conn = Connection::open(&partial).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    std::fs::rename(&partial, &path).unwrap();
    remove_db(&partial);
    println!("generated {n} dossiers through the write path in {:.0} s", t.elapsed().as_secs_f64());
    path
}

/// Row count of a cached database whose schema version is the current one.
fn cached_rows(path: &Path) -> Option<i64> {
    motcua_benchkit::cached_rows(path, LATEST_SCHEMA)
}

/// (code, name, field, working days, weight in the office's mix).
const PROCEDURES: [(&str, &str, &str, u32, u32); 20] = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch", 3, 8),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch", 3, 3),
    ("1.000656", "Đăng ký khai tử", "Hộ tịch", 3, 2),
    ("1.004227", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", 1, 6),
    ("1.001022", "Xác nhận tình trạng hôn nhân", "Hộ tịch", 3, 5),
    ("1.000689", "Đăng ký thay đổi, cải chính hộ tịch", "Hộ tịch", 3, 1),
    ("2.000908", "Chứng thực bản sao từ bản chính", "Chứng thực", 1, 25),
    ("2.000884", "Chứng thực chữ ký trong giấy tờ, văn bản", "Chứng thực", 1, 8),
    ("2.000815", "Chứng thực hợp đồng, giao dịch", "Chứng thực", 2, 3),
    ("1.003003", "Đăng ký biến động quyền sử dụng đất", "Đất đai", 10, 4),
    ("1.004222", "Xác nhận nguồn gốc đất", "Đất đai", 15, 2),
    ("1.005398", "Hòa giải tranh chấp đất đai", "Đất đai", 20, 1),
    ("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", 15, 2),
    ("1.010006", "Xác nhận hiện trạng công trình", "Xây dựng", 7, 1),
    ("1.001776", "Xác nhận hộ nghèo, hộ cận nghèo", "Lao động, Thương binh và Xã hội", 5, 3),
    ("1.001758", "Trợ cấp xã hội hằng tháng", "Lao động, Thương binh và Xã hội", 7, 2),
    ("1.002305", "Xác nhận người có công", "Lao động, Thương binh và Xã hội", 5, 1),
    ("2.000720", "Đăng ký thành lập hộ kinh doanh", "Kinh doanh", 3, 3),
    ("2.000575", "Đăng ký thay đổi hộ kinh doanh", "Kinh doanh", 3, 2),
    ("2.000629", "Tạm ngừng kinh doanh hộ kinh doanh", "Kinh doanh", 3, 1),
];

/// The clerks who usually take a field's dossiers (another one does 10 % of the time).
fn field_clerks(field: &str) -> &'static [usize] {
    match field {
        "Hộ tịch" => &[0, 1, 2],
        "Chứng thực" => &[3, 4, 5, 6],
        "Đất đai" | "Xây dựng" => &[7, 8],
        "Kinh doanh" => &[9, 1],
        _ => &[9, 2],
    }
}

const CLERKS: [&str; 10] = [
    "Nguyễn Thị Lan",
    "Trần Văn Hùng",
    "Lê Thị Thu Hà",
    "Phạm Minh Tuấn",
    "Hoàng Thị Mai",
    "Vũ Đức Anh",
    "Đặng Thị Hồng",
    "Bùi Quang Huy",
    "Đỗ Thị Ngọc Ánh",
    "Ngô Văn Sơn",
];
const SURNAMES: [&str; 12] =
    ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"];
const MIDDLES: [&str; 8] = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu"];
const GIVENS: [&str; 16] = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Linh", "Nam", "Phương", "Quân", "Thảo",
    "Trang", "Vinh",
];

fn clerk_actor(k: usize) -> Actor {
    Actor { user_id: format!("clerk-{:02}", k + 1), display_name: CLERKS[k].into() }
}

fn admin() -> Actor {
    Actor { user_id: "bench-admin".into(), display_name: "Quản trị".into() }
}

/// SplitMix64: the same sequence every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// The office's working days: weekdays without public holidays and Tết.
struct Calendar {
    days: Vec<NaiveDate>,
}

impl Calendar {
    fn new(from: NaiveDate, to: NaiveDate) -> Calendar {
        let tet = [
            (ymd(2024, 2, 8), ymd(2024, 2, 14)),
            (ymd(2025, 1, 27), ymd(2025, 2, 2)),
            (ymd(2026, 2, 14), ymd(2026, 2, 22)),
        ];
        let days = from
            .iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .filter(|d| !matches!((d.month(), d.day()), (1, 1) | (4, 30) | (5, 1) | (9, 2)))
            .filter(|d| !tet.iter().any(|(a, b)| (*a..=*b).contains(d)))
            .collect();
        Calendar { days }
    }
    /// The index of the first working day on or after `d`.
    fn index_of(&self, d: NaiveDate) -> usize {
        self.days.partition_point(|x| *x < d)
    }
    fn day(&self, i: usize) -> NaiveDate {
        self.days[i.min(self.days.len() - 1)]
    }
}

/// Minute `m` of the working day (0..450): 7:30–11:30, then 13:30–17:00.
fn clock(day: NaiveDate, m: u32) -> NaiveDateTime {
    let m = m.min(449);
    let minutes = if m < 240 { 7 * 60 + 30 + m } else { 13 * 60 + 30 + (m - 240) };
    day.and_time(NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap())
}

/// A time in working hours on working day `i`, after `after` (pushed a little later when the
/// day's pick is not).
fn time_on(rng: &mut Rng, cal: &Calendar, i: usize, after: NaiveDateTime) -> NaiveDateTime {
    let t = clock(cal.day(i), rng.below(450) as u32);
    if t > after { t } else { after + chrono::Duration::minutes(rng.between(5, 90)) }
}

/// [`time_on`] working day `first + lo..=hi`.
fn time_within(
    rng: &mut Rng,
    cal: &Calendar,
    first: usize,
    (lo, hi): (i64, i64),
    after: NaiveDateTime,
) -> NaiveDateTime {
    let i = first + rng.between(lo, hi) as usize;
    time_on(rng, cal, i, after)
}

/// What happens to a dossier after reception, with times (cut at "now" when applied).
enum Event {
    HandOff,
    SupplementRequested,
    SupplementReceived(NaiveDateTime),
    Ready,
    Returned,
    Posted,
    Refused,
    Withdrawn,
    Stopped,
}

struct Planned {
    clerk: usize,
    procedure: usize,
    new: NewDossier,
    events: Vec<(NaiveDateTime, Event)>,
    rating: Option<(NaiveDateTime, Level)>,
    /// (service prefix, number, issued_at, no-show tickets issued just before it)
    ticket: (String, u32, i64),
}

fn plan(rng: &mut Rng, cal: &Calendar, day: usize, received_at: NaiveDateTime, procedure: usize) -> Planned {
    let (code, name, field, days, _) = PROCEDURES[procedure];
    let pool = field_clerks(field);
    let clerk = if rng.chance(0.1) { rng.below(10) as usize } else { pool[rng.below(pool.len() as u64) as usize] };
    let due = |start: usize| cal.day(start + days as usize).and_hms_opt(17, 0, 0).unwrap();
    let due_at = due(day);
    let mut events = Vec::new();
    let u = rng.unit();
    let handoff = received_at + chrono::Duration::minutes(rng.between(5, 60));
    // The result path from working day `start` (after `t0`) against `due_at`.
    let result = |rng: &mut Rng,
                  events: &mut Vec<(NaiveDateTime, Event)>,
                  start: usize,
                  t0: NaiveDateTime,
                  due_at: NaiveDateTime| {
        let due_day = cal.index_of(due_at.date());
        let v = rng.unit();
        let ready = if v < 0.01 {
            time_within(rng, cal, due_day, (1, 5), due_at)
        } else if v < 0.31 || due_day <= start {
            // on the due day, by 17:00
            let t = clock(cal.day(due_day), rng.below(450) as u32);
            if t > t0 { t } else { t0 + chrono::Duration::minutes(1) }
        } else {
            time_within(rng, cal, start, (0, (due_day - start) as i64 - 1), t0)
        };
        events.push((ready, Event::Ready));
        let ready_day = cal.index_of(ready.date());
        let w = rng.unit();
        if w < 0.85 {
            let back = time_within(rng, cal, ready_day, (0, 6), ready);
            events.push((back, Event::Returned));
        } else if w < 0.95 {
            events.push((time_within(rng, cal, ready_day, (0, 1), ready), Event::Posted));
        }
    };
    if u < 0.015 {
        events.push((time_within(rng, cal, day, (0, days.min(2) as i64), received_at), Event::Refused));
    } else if u < 0.022 {
        events.push((time_within(rng, cal, day, (0, days as i64), received_at), Event::Withdrawn));
    } else if u < 0.062 {
        events.push((handoff, Event::HandOff));
        let asked = time_within(rng, cal, day, (0, (days / 2) as i64), handoff);
        events.push((asked, Event::SupplementRequested));
        let asked_day = cal.index_of(asked.date());
        if rng.chance(0.85) {
            let back_day = asked_day + rng.between(1, 10) as usize;
            let back = time_on(rng, cal, back_day, asked);
            let new_due = due(back_day);
            events.push((back, Event::SupplementReceived(new_due)));
            result(rng, &mut events, back_day, back, new_due);
        } else {
            events.push((time_on(rng, cal, asked_day + 22, asked), Event::Stopped));
        }
    } else if u < 0.0623 {
        // Forgotten: handed off, never resolved (open and late long after).
        events.push((handoff, Event::HandOff));
    } else {
        events.push((handoff, Event::HandOff));
        result(rng, &mut events, day, handoff, due_at);
    }
    let rating = match events.last() {
        Some((at, Event::Returned)) if rng.chance(0.3) => {
            let l = rng.unit();
            let level = if l < 0.72 {
                Level::VerySatisfied
            } else if l < 0.97 {
                Level::Satisfied
            } else {
                Level::Dissatisfied
            };
            Some((*at, level))
        }
        _ => None,
    };
    let surname = SURNAMES[rng.below(12) as usize];
    let full_name = format!("{surname} {} {}", MIDDLES[rng.below(8) as usize], GIVENS[rng.below(16) as usize]);
    let id_number = format!("001{}{:02}{:06}", rng.below(2), rng.between(40, 99), rng.below(1_000_000));
    let new = NewDossier {
        draft: DossierDraft {
            procedure_code: code.into(),
            ..motcua_store::fixtures::draft(&full_name, &id_number, &format!("09{:08}", rng.below(100_000_000)))
        },
        procedure_name: name.into(),
        processing: ProcessingTime::WorkingDays { days },
        received_at,
        appointment_at: due_at,
    };
    let prefix = ["A", "B", "C", "D", "E", "F"][field_index(field)].to_owned();
    Planned { clerk, procedure, new, events, rating, ticket: (prefix, 0, rng.between(3, 40)) }
}

fn field_index(field: &str) -> usize {
    match field {
        "Hộ tịch" => 0,
        "Chứng thực" => 1,
        "Đất đai" => 2,
        "Xây dựng" => 3,
        "Kinh doanh" => 4,
        _ => 5,
    }
}

fn set_up(store: &mut Store) {
    let mut changes = vec![Change::OfficeConfigured(motcua_store::fixtures::office(1))];
    for (code, name, field, days, _) in PROCEDURES {
        changes.push(Change::ProcedureUpserted(Procedure {
            code: code.into(),
            name: name.into(),
            field: field.into(),
            level: "Cấp xã".into(),
            processing: ProcessingTime::WorkingDays { days },
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
    for k in 0..CLERKS.len() {
        let a = clerk_actor(k);
        changes.push(Change::UserCreated(UserRecord {
            id: a.user_id.clone(),
            username: a.user_id,
            full_name: a.display_name,
            role: Role::Clerk,
            password_hash: "bench-placeholder-not-a-hash".into(),
            active: true,
            created_at: "2023-11-01T08:00:00Z".into(),
        }));
    }
    store.commit_batch(&admin(), changes).expect("set up the office");
}

/// `n` dossiers over three years to `now()`, through the write path.
fn generate(store: &mut Store, n: usize) {
    set_up(store);
    let now = now();
    let cal = Calendar::new(first_day(), now.date() + chrono::Duration::days(120));
    let last = cal.index_of(now.date());
    let days = last + 1;
    // Busier on Mondays, a little busier each year.
    let weights: Vec<f64> = (0..days)
        .map(|i| (if cal.day(i).weekday() == Weekday::Mon { 1.25 } else { 1.0 }) * (0.9 + 0.2 * i as f64 / days as f64))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut per_day: Vec<usize> = weights.iter().map(|w| (n as f64 * w / total).floor() as usize).collect();
    let short = n - per_day.iter().sum::<usize>();
    for k in 0..short {
        per_day[days - 1 - k % days] += 1;
    }
    let weight_sum: u32 = PROCEDURES.iter().map(|p| p.4).sum();
    let mut rng = Rng(2026);
    let office = motcua_store::fixtures::office(1);
    let t = Instant::now();
    let mut made = 0;
    let mut next_report = 100_000.min(n);
    for round in (0..days).step_by(ROUND_DAYS) {
        let mut planned: Vec<Planned> = Vec::new();
        for (day, &count) in per_day.iter().enumerate().skip(round).take(ROUND_DAYS) {
            // The last day ends at "now" (15:00): its dossiers came in before.
            let span = if day == last { 330 } else { 450 };
            let mut numbers: BTreeMap<String, u32> = BTreeMap::new();
            for j in 0..count {
                let minute = (j * span / count.max(1)) as u32;
                let received_at = clock(cal.day(day), minute) + chrono::Duration::seconds(rng.between(0, 59));
                let mut x = rng.below(u64::from(weight_sum)) as u32;
                let procedure = PROCEDURES
                    .iter()
                    .position(|p| {
                        if x < p.4 {
                            true
                        } else {
                            x -= p.4;
                            false
                        }
                    })
                    .unwrap();
                let mut p = plan(&mut rng, &cal, day, received_at, procedure);
                let number = numbers.entry(p.ticket.0.clone()).or_insert(0);
                // Some tickets of the service are not answered when called.
                if rng.chance(0.04) {
                    *number += 1;
                }
                *number += 1;
                p.ticket.1 = *number;
                planned.push(p);
            }
        }
        made += planned.len();
        for clerk in 0..CLERKS.len() {
            let mine: Vec<&Planned> = planned.iter().filter(|p| p.clerk == clerk).collect();
            if mine.is_empty() {
                continue;
            }
            let actor = clerk_actor(clerk);
            let saved = store
                .receive_dossiers(&actor, &office, mine.iter().map(|p| p.new.clone()).collect())
                .expect("receive_dossiers");
            let mut changes = Vec::with_capacity(mine.len() * 5);
            for (p, record) in mine.iter().zip(&saved) {
                changes.push(Change::TicketFinished(Box::new(ticket(p, record, clerk))));
                for (at, event) in &p.events {
                    if *at > now {
                        break;
                    }
                    changes.push(step(&actor, record, *at, event));
                }
                if let Some((at, level)) = p.rating
                    && at <= now
                {
                    changes.push(Change::RatingRecorded(Box::new(RatingRecord {
                        id: format!("rating-{}", record.id),
                        service: RatedService::Dossier { code: record.code.clone() },
                        draft: RatingDraft { level, criteria: vec![], comment: String::new() },
                        at,
                        clerk_id: actor.user_id.clone(),
                        clerk_name: actor.display_name.clone(),
                        counter: Some(clerk as u32 + 1),
                        procedure_code: PROCEDURES[p.procedure].0.into(),
                    })));
                }
            }
            store.commit_batch(&actor, changes).expect("steps, tickets and ratings");
        }
        if made >= next_report {
            eprintln!("[bench]   {made} dossiers, {:.0} s", t.elapsed().as_secs_f64());
            next_report += 100_000;
        }
    }
}

fn ticket(p: &Planned, record: &DossierRecord, clerk: usize) -> Ticket {
    let (prefix, number, wait) = &p.ticket;
    let called = record.received_at - chrono::Duration::minutes(4);
    let day = record.received_at.date();
    Ticket {
        id: format!("{day}-{prefix}{number:04}"),
        day,
        service: prefix.clone(),
        issued_service: prefix.clone(),
        number: *number,
        priority: None,
        state: TicketState::Finished,
        counter: Some(clerk as u32 + 1),
        for_counter: None,
        recalls: 0,
        order: i64::from(*number) * 8 + field_index(PROCEDURES[p.procedure].2) as i64,
        issued_at: called - chrono::Duration::minutes(*wait),
        called_at: Some(called),
        serving_at: Some(called + chrono::Duration::minutes(1)),
        finished_at: Some(record.received_at + chrono::Duration::minutes(3)),
        dossiers: vec![record.code.clone()],
    }
}

fn step(actor: &Actor, record: &DossierRecord, at: NaiveDateTime, event: &Event) -> Change {
    let step = match event {
        Event::HandOff => Step::HandedOff {
            to: "Phòng chuyên môn".into(),
            handler: String::new(),
            deadline: record.appointment_at,
            note: String::new(),
        },
        Event::SupplementRequested => {
            Step::SupplementRequested { missing: vec!["Tờ khai".into()], note: String::new() }
        }
        Event::SupplementReceived(due_at) => Step::SupplementReceived { due_at: *due_at, note: String::new() },
        Event::Ready => Step::ResultReady { note: String::new() },
        Event::Returned => Step::ReturnedAtCounter {
            collector_name: record.draft.applicant.full_name.clone(),
            collector_id: record.draft.applicant.id_number.clone(),
        },
        Event::Posted => Step::SentByPost {
            address: "Số 1 phố Thử, Hà Nội".into(),
            tracking_number: format!("RR{:09}VN", record.daily_number),
        },
        Event::Refused => Step::Refused { reason: "Không thuộc thẩm quyền giải quyết".into() },
        Event::Withdrawn => Step::Withdrawn { reason: String::new() },
        Event::Stopped => Step::ProcessingStopped { reason: "Quá hạn bổ sung hồ sơ".into() },
    };
    Change::DossierStepped(Box::new(DossierStep {
        dossier_id: record.id.clone(),
        code: record.code.clone(),
        at,
        by: actor.user_id.clone(),
        by_name: actor.display_name.clone(),
        step,
    }))
}

// ---------------------------------------------------------------------------------------------
// Measuring and printing

struct Table {
    out: String,
}

impl Table {
    fn new() -> Table {
        Table::new_with("×floor p50")
    }

    fn new_with(ratio: &str) -> Table {
        let mut out = String::new();
        let _ = writeln!(out, "{:<66} {:>5} {:>10} {:>10} {:>10}  {:>10}  goal", "ms", "n", "p50", "p95", "max", ratio);
        Table { out }
    }

    fn row(&mut self, label: &str, s: &Stats, floor: Option<&Stats>, goal: &str) {
        let ratio = floor.map_or(String::new(), |f| format!("{:.0}×", ms(s.p50) / ms(f.p50)));
        let label: String = label.chars().take(66).collect();
        let pad = 66 - label.chars().count();
        let _ = writeln!(
            self.out,
            "{label}{} {:>5} {:>10.3} {:>10.3} {:>10.3}  {:>10}  {goal}",
            " ".repeat(pad),
            s.n,
            ms(s.p50),
            ms(s.p95),
            ms(s.max),
            ratio
        );
    }

    fn print(&self) {
        print!("{}", self.out);
    }
}
