//! `cargo xtask bench [--runs N] [--quick] [--store-only | --window-only]`
//!
//! 1. The store benchmark (`cargo bench -p motcua-store --bench store`), which prints its own
//!    tables: durable save, search and opening the store, each next to a bare-SQLite floor;
//!    then the papers benchmark (`cargo bench -p motcua-print --bench papers`): receipt, ticket
//!    and log book next to a 40-line PDF in the same font; then the queue benchmark
//!    (`cargo bench -p motcua-queue --bench queue`): call-next latency with 30 counters, ticket
//!    throughput and hall display latency on loopback, next to a bare HTTP round trip and a bare
//!    fsynced SQLite commit; then the sync benchmark (`cargo bench -p motcua-server --bench
//!    sync`): the city server's ingest from 50 devices on SQLite and PostgreSQL and one device's
//!    10,000-op backlog, next to a bare 100-record JSON batch in one SQLite transaction; then
//!    the dashboard benchmark (`cargo bench -p motcua-report --bench dashboard`): the
//!    supervisor's dashboard of a month and a year and the monthly report to XLSX over three
//!    years of an office (1,000,000 dossiers), next to a bare index range count.
//! 2. Start-up and idle memory of the release app against an empty Tauri v2 window
//!    (`tests/empty-window`, the floor), both built with their page embedded
//!    (`--features custom-protocol`) and run under Xvfb (a private one when `DISPLAY` is unset).
//!    Start-up is the wall time from spawning the process to reading its "ready" line on
//!    stderr; memory is the PSS of the whole process tree (the app and its WebKit processes)
//!    about 5 s after ready. The app runs on a freshly set-up office (login screen) and, when
//!    the store benchmark has made it, on `target/bench-data/startup-*.db` (the same office with
//!    a year of dossiers). Nothing is asserted: goals are printed as PASS/MISS.
//!
//! Linux only (Xvfb, `/proc`). Every wait is bounded; a run that times out is reported as
//! failed and its processes are killed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The app may take up to this long from spawn to its first painted screen.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// Idle memory is read this long after ready.
const SETTLE: Duration = Duration::from_secs(5);
/// Goals (from the project's requirements): app / empty window.
const START_GOAL: f64 = 1.5;
const MEMORY_GOAL: f64 = 1.3;

const OFFICE_JSON: &str = r#"{"office":{"name":"Bộ phận Một cửa UBND phường Thử","unit_code":"000.00.21.H26","address":"1 Phố Thử, Hà Nội","place_name":"Hà Nội","counter_number":1,"hotlines":["1900 1234"]},"admin":{"full_name":"Quản trị","username":"admin","password":"matkhau123"}}"#;

struct Options {
    runs: usize,
    quick: bool,
    store: bool,
    window: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options { runs: 10, quick: false, store: true, window: true };
    let mut runs_given = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--runs" => {
                let v = it.next().context("--runs needs a number")?;
                o.runs = v.parse().with_context(|| format!("--runs {v:?}: not a number"))?;
                runs_given = true;
            }
            s if s.starts_with("--runs=") => {
                o.runs = s["--runs=".len()..].parse().with_context(|| format!("{s:?}: not a number"))?;
                runs_given = true;
            }
            "--store-only" => o.window = false,
            "--window-only" => o.store = false,
            "-h" | "--help" => {
                println!(
                    "cargo xtask bench [--runs N] [--quick] [--store-only | --window-only]\n\
                     \n  --runs N       app and empty-window launches each (default 10)\
                     \n  --quick        smoke run: 50,000 dossiers, fewer samples, 3 launches\
                     \n  --store-only   only the store, papers and queue benchmarks\
                     \n  --window-only  only start-up and memory"
                );
                return Ok(Options { runs: 0, quick: false, store: false, window: false });
            }
            other => bail!("unknown option {other:?} (try --help)"),
        }
    }
    if o.quick && !runs_given {
        o.runs = 3;
    }
    if o.runs == 0 && o.window {
        bail!("--runs must be at least 1");
    }
    Ok(o)
}

pub fn run(args: &[String]) -> Result<()> {
    let o = parse(args)?;
    let root = crate::root();
    let started = Instant::now();
    if o.store {
        let t = Instant::now();
        let quick = if o.quick { "1" } else { "0" };
        crate::sh_env("cargo", &["bench", "-p", "motcua-store", "--bench", "store"], &[("MOTCUA_BENCH_QUICK", quick)])?;
        eprintln!("[bench] store benchmark: {:.0} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        crate::sh_env(
            "cargo",
            &["bench", "-p", "motcua-print", "--bench", "papers"],
            &[("MOTCUA_BENCH_QUICK", quick)],
        )?;
        eprintln!("[bench] papers benchmark: {:.0} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        crate::sh_env("cargo", &["bench", "-p", "motcua-queue", "--bench", "queue"], &[("MOTCUA_BENCH_QUICK", quick)])?;
        eprintln!("[bench] queue benchmark: {:.0} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        crate::sh_env("cargo", &["bench", "-p", "motcua-server", "--bench", "sync"], &[("MOTCUA_BENCH_QUICK", quick)])?;
        eprintln!("[bench] sync benchmark: {:.0} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        crate::sh_env(
            "cargo",
            &["bench", "-p", "motcua-report", "--bench", "dashboard"],
            &[("MOTCUA_BENCH_QUICK", quick)],
        )?;
        eprintln!("[bench] dashboard benchmark: {:.0} s", t.elapsed().as_secs_f64());
    }
    if o.window {
        let t = Instant::now();
        let bins = build_binaries(&root)?;
        eprintln!("[bench] release builds: {:.0} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        bench_windows(&root, &bins, &o)?;
        eprintln!("[bench] window runs: {:.0} s", t.elapsed().as_secs_f64());
    }
    if o.store || o.window {
        eprintln!("[bench] total: {:.0} s", started.elapsed().as_secs_f64());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Building

struct Binaries {
    app: PathBuf,
    empty: PathBuf,
    cli: PathBuf,
}

fn build_binaries(root: &Path) -> Result<Binaries> {
    let mut packages = crate::deps::APP_PACKAGES.to_vec();
    packages.extend_from_slice(&["xvfb", "xauth"]);
    crate::deps::apt(&packages)?;
    eprintln!("[bench] building the UI and the release binaries (several minutes when not cached)");
    crate::build_ui()?;
    for args in [
        &["build", "--release", "-p", "motcua-desktop", "--features", "custom-protocol"][..],
        &["build", "--release", "-p", "motcua-empty-window", "--features", "custom-protocol"][..],
        &["build", "--release", "-p", "motcua-cli"][..],
    ] {
        crate::sh("cargo", args)?;
    }
    let release = target_dir(root).join("release");
    let bins = Binaries {
        app: release.join("motcua-desktop"),
        empty: release.join("motcua-empty-window"),
        cli: release.join("motcua"),
    };
    for b in [&bins.app, &bins.empty, &bins.cli] {
        anyhow::ensure!(b.is_file(), "{} was not built", b.display());
    }
    Ok(bins)
}

// ---------------------------------------------------------------------------------------------
// Start-up and memory

/// What is launched: the binary, the line that says it is ready, and the database it opens.
struct Subject {
    label: String,
    bin: PathBuf,
    marker: &'static str,
    /// Copied for every launch (the app may write to it), so every launch sees the same file.
    db: Option<PathBuf>,
}

/// One launch, measured.
struct Launch {
    /// Spawn → the ready line read from stderr.
    ready: Duration,
    /// What the process itself reports (`since_start_ms`, from the top of `main`).
    own_ms: Option<u64>,
    /// The app's `screen=` (the empty window has none).
    screen: Option<String>,
    /// PSS of the process tree, kB, `SETTLE` after ready.
    pss_kb: u64,
    /// The processes in the tree: name → count.
    processes: BTreeMap<String, usize>,
}

fn bench_windows(root: &Path, bins: &Binaries, o: &Options) -> Result<()> {
    let work = target_dir(root).join("bench-window");
    if work.exists() {
        std::fs::remove_dir_all(&work).with_context(|| format!("clear {}", work.display()))?;
    }
    std::fs::create_dir_all(&work)?;

    // A database already set up, so the app opens on the login screen.
    let office = work.join("office.json");
    std::fs::write(&office, OFFICE_JSON)?;
    let seed_db = work.join("seed.db");
    let out = Command::new(&bins.cli)
        .arg("--db")
        .arg(&seed_db)
        .args(["office", "init", "--json"])
        .arg(&office)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("run {}", bins.cli.display()))?;
    anyhow::ensure!(
        out.status.success(),
        "`motcua office init` failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let mut subjects = vec![
        Subject {
            label: "empty window (floor)".into(),
            bin: bins.empty.clone(),
            marker: "EMPTY_WINDOW_READY",
            db: None,
        },
        Subject {
            label: "app (login)".into(),
            bin: bins.app.clone(),
            marker: "screen ready",
            db: Some(seed_db.clone()),
        },
    ];
    // The same office with a year of dossiers, made by the store benchmark (its quick_check at
    // open reads the whole file, so start-up grows with the data).
    match startup_fixture(root) {
        Some((rows, path)) => subjects.push(Subject {
            label: format!("app (login, {rows} dossiers)"),
            bin: bins.app.clone(),
            marker: "screen ready",
            db: Some(path),
        }),
        None => {
            eprintln!("[bench] no target/bench-data/startup-*.db (the store benchmark makes it): app with data skipped")
        }
    }

    let display = Display::open(&work)?;
    eprintln!("[bench] windows on display {}", display.name);

    let mut results: Vec<(Vec<Launch>, Vec<String>)> = subjects.iter().map(|_| Default::default()).collect();
    // One unmeasured launch each first (binaries and WebKit's files into the page cache, WebKit's
    // profile created), then in turn, so all see the machine in the same state.
    let order: Vec<(usize, Option<usize>)> = (0..subjects.len())
        .map(|k| (k, None))
        .chain((0..o.runs).flat_map(|run| (0..subjects.len()).map(move |k| (k, Some(run + 1)))))
        .collect();
    for (i, (k, run)) in order.into_iter().enumerate() {
        let subject = &subjects[k];
        let db = work.join(format!("run-{i}.db"));
        if let Some(src) = &subject.db {
            std::fs::copy(src, &db).with_context(|| format!("copy {}", src.display()))?;
        }
        let outcome = launch(subject, &display, &work, &db);
        let _ = remove_db(&db);
        let when = run.map_or("warm-up".to_owned(), |r| format!("run {r:>2}"));
        match outcome {
            Ok(l) => {
                eprintln!(
                    "[bench] {:<32} {when}: ready {:>5.0} ms (own {:>4} ms{}), tree PSS {:.1} MiB",
                    subject.label,
                    l.ready.as_secs_f64() * 1e3,
                    l.own_ms.map_or("?".into(), |m| m.to_string()),
                    l.screen.as_deref().map_or(String::new(), |s| format!(", screen={s}")),
                    l.pss_kb as f64 / 1024.0
                );
                if run.is_some() {
                    results[k].0.push(l);
                }
            }
            Err(e) => {
                eprintln!("[bench] {} {when} failed: {e:#}", subject.label);
                if run.is_some() {
                    results[k].1.push(format!("{e:#}"));
                }
            }
        }
    }
    drop(display);

    print_window_tables(bins, o, &subjects, &results);
    Ok(())
}

/// `target/bench-data/startup-<rows>-*.db`, the newest if several.
fn startup_fixture(root: &Path) -> Option<(String, PathBuf)> {
    let dir = target_dir(root).join("bench-data");
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rows = name.strip_prefix("startup-")?.split('-').next()?.parse::<u64>().ok()?;
            if !name.ends_with(".db") {
                return None;
            }
            let modified = e.metadata().and_then(|m| m.modified()).ok()?;
            Some((modified, rows, e.path()))
        })
        .max_by_key(|(modified, _, _)| *modified)
        .map(|(_, rows, path)| (motcua_benchkit::thousands(rows as usize), path))
}

fn launch(subject: &Subject, display: &Display, work: &Path, db: &Path) -> Result<Launch> {
    let (bin, marker) = (&subject.bin, subject.marker);
    let mut cmd = Command::new(bin);
    cmd.current_dir(work)
        .env("DISPLAY", &display.name)
        .env("XDG_DATA_HOME", work.join("xdg/data"))
        .env("XDG_CONFIG_HOME", work.join("xdg/config"))
        .env("XDG_CACHE_HOME", work.join("xdg/cache"))
        .env("NO_AT_BRIDGE", "1")
        .env("NO_COLOR", "1")
        .env("MOTCUA_LOG", "info")
        .env("MOTCUA_DB", db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let spawned = Instant::now();
    let mut child = cmd.spawn().with_context(|| format!("spawn {}", bin.display()))?;
    let mut tree = ProcessTree { root: child.id(), child: Some(&mut child) };

    // Read stderr on a thread for the whole life of the process (a full pipe would block it).
    let stderr = tree.child.as_mut().and_then(|c| c.stderr.take()).context("stderr is piped")?;
    let (tx, rx) = mpsc::channel::<(Instant, String)>();
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::new(stderr);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match r.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = strip_ansi(&String::from_utf8_lossy(&buf));
                    if tx.send((Instant::now(), line)).is_err() {
                        // Nobody listens any more: keep draining so the process never blocks.
                        let _ = std::io::copy(&mut r, &mut std::io::sink());
                        break;
                    }
                }
            }
        }
    });

    let mut tail: Vec<String> = Vec::new();
    let deadline = spawned + READY_TIMEOUT;
    let found = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left.min(Duration::from_millis(200))) {
            Ok((at, line)) => {
                if line.contains(marker) {
                    break Some((at, line));
                }
                tail.push(line.trim_end().to_owned());
                if tail.len() > 15 {
                    tail.remove(0);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if Instant::now() >= deadline {
                    break None;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break None,
        }
    };
    let Some((at, line)) = found else {
        let exited = tree.child.as_mut().and_then(|c| c.try_wait().ok().flatten());
        tree.kill();
        drop(rx);
        join_bounded(reader);
        bail!(
            "no {marker:?} line {} ; last stderr lines:\n    {}",
            match exited {
                Some(s) => format!("(the process exited: {s})"),
                None => format!("within {} s", READY_TIMEOUT.as_secs()),
            },
            tail.join("\n    ")
        );
    };
    let ready = at - spawned;
    let own_ms = field(&line, "since_start_ms").and_then(|v| v.parse().ok());
    let screen = field(&line, "screen");

    std::thread::sleep(SETTLE);
    let exited = tree.child.as_mut().and_then(|c| c.try_wait().ok().flatten());
    let (pss_kb, processes) = tree.pss();
    tree.kill();
    drop(rx);
    join_bounded(reader);
    if let Some(status) = exited {
        bail!("the process exited on its own before its memory was read ({status})");
    }
    Ok(Launch { ready, own_ms, screen, pss_kb, processes })
}

/// The stderr reader ends when every process holding the pipe has exited; if one survived the
/// kill, say so and leave the thread behind rather than hang.
fn join_bounded(reader: std::thread::JoinHandle<()>) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !reader.is_finished() {
        if Instant::now() >= deadline {
            eprintln!("[bench] warning: a process of the launch still holds its stderr open after the kill");
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = reader.join();
}

/// `key=value` in a log line (tracing's fmt layout: `... screen ready screen=login since_start_ms=812`).
fn field(line: &str, key: &str) -> Option<String> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        .map(|v| v.trim_matches('"').to_owned())
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ params final-byte
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A spawned process and everything it started, found through `/proc/*/stat`.
struct ProcessTree<'a> {
    root: u32,
    child: Option<&'a mut Child>,
}

impl ProcessTree<'_> {
    /// The root and all its descendants alive now.
    fn members(&self) -> Vec<u32> {
        let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        if let Ok(dir) = std::fs::read_dir("/proc") {
            for e in dir.flatten() {
                let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
                if let Some((ppid, _)) = stat(pid) {
                    children.entry(ppid).or_default().push(pid);
                }
            }
        }
        let mut out = vec![self.root];
        let mut i = 0;
        while i < out.len() {
            if let Some(kids) = children.get(&out[i]) {
                out.extend(kids.iter().copied().filter(|k| !out.contains(k)).collect::<Vec<_>>());
            }
            i += 1;
        }
        out
    }

    /// Summed PSS (kB) of the tree and the names of its processes.
    fn pss(&self) -> (u64, BTreeMap<String, usize>) {
        let mut total = 0;
        let mut names = BTreeMap::new();
        for pid in self.members() {
            let Some((_, name)) = stat(pid) else { continue };
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
            let pss: u64 = rollup
                .lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0);
            total += pss;
            *names.entry(name).or_insert(0) += 1;
        }
        (total, names)
    }

    /// SIGTERM to the whole tree, then SIGKILL to whatever is left after 2 s.
    fn kill(&mut self) {
        let members = self.members();
        signal("TERM", &members);
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            if let Some(c) = self.child.as_mut() {
                let _ = c.try_wait();
            }
            let alive: Vec<u32> = members.iter().copied().filter(|p| alive(*p)).collect();
            if alive.is_empty() {
                break;
            }
            if Instant::now() >= deadline {
                signal("KILL", &alive);
                std::thread::sleep(Duration::from_millis(100));
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if let Some(c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for ProcessTree<'_> {
    fn drop(&mut self) {
        if self.child.is_some() {
            self.kill();
        }
    }
}

/// (ppid, comm) from `/proc/PID/stat`.
fn stat(pid: u32) -> Option<(u32, String)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = s.find('(')?;
    let close = s.rfind(')')?;
    let name = s[open + 1..close].to_owned();
    let mut rest = s[close + 1..].split_whitespace();
    let state = rest.next()?;
    if state == "Z" || state == "X" {
        return None;
    }
    Some((rest.next()?.parse().ok()?, name))
}

fn alive(pid: u32) -> bool {
    stat(pid).is_some()
}

fn signal(sig: &str, pids: &[u32]) {
    if pids.is_empty() {
        return;
    }
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .args(pids.iter().map(u32::to_string))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// `DISPLAY` when set, else a private Xvfb on a free display (it picks the number itself with
/// `-displayfd`), killed on drop.
struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    fn open(work: &Path) -> Result<Display> {
        if let Some(d) = std::env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
            return Ok(Display { name: d.to_string_lossy().into_owned(), xvfb: None });
        }
        let log = std::fs::File::create(work.join("xvfb.log"))?;
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1600x900x24", "-nolisten", "tcp", "-noreset"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .context("start Xvfb (apt-get install xvfb), or set DISPLAY")?;
        let stdout = child.stdout.take().context("Xvfb stdout is piped")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) if line.trim().parse::<u32>().is_ok() => {
                Ok(Display { name: format!(":{}", line.trim()), xvfb: Some(child) })
            }
            other => {
                let _ = child.kill();
                let _ = child.wait();
                bail!(
                    "Xvfb did not report a display within 20 s (got {other:?}); see {}",
                    work.join("xvfb.log").display()
                )
            }
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(mut child) = self.xvfb.take() {
            signal("TERM", &[child.id()]);
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Printing

/// Nearest-rank percentile of sorted values.
fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn sorted(v: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = v.collect();
    v.sort_by(f64::total_cmp);
    v
}

fn print_window_tables(bins: &Binaries, o: &Options, subjects: &[Subject], results: &[(Vec<Launch>, Vec<String>)]) {
    println!("\n# Start-up and idle memory: the app against an empty Tauri v2 window");
    println!("machine: {}", motcua_benchkit::machine());
    if let Some(v) = webkit_version() {
        println!("webkit2gtk-4.1 {v}; Xvfb 1600x900x24; release builds with --features custom-protocol");
    }
    for (label, bin) in [("app", &bins.app), ("empty", &bins.empty)] {
        let size = std::fs::metadata(bin).map(|m| m.len()).unwrap_or(0);
        println!("{label:<5} binary {} ({:.1} MiB)", bin.display(), size as f64 / 1048576.0);
    }
    println!(
        "{} measured launches each, in turn, after one unmeasured launch each{}.",
        o.runs,
        if o.quick { " (--quick)" } else { "" }
    );
    println!(
        "\"ready\" = spawn → the first screen painted and usable: the empty window's page loaded and\n\
         painted; for the app, the login screen (a database already set up: what a clerk sees at\n\
         every start). The intake form needs a login; login → intake is covered by the e2e test.\n"
    );

    println!("## Start-up, spawn → ready (ms, wall time measured outside the process)");
    println!("{:<34} {:>7} {:>8} {:>8} {:>8}   {:>22}", "", "ok", "p50", "p95", "max", "own since_start_ms p50");
    let mut start: Vec<Option<(f64, f64)>> = Vec::new();
    for (subject, (runs, failed)) in subjects.iter().zip(results) {
        if runs.is_empty() {
            println!("{:<34} {:>7}   (no successful run)", subject.label, format!("0/{}", failed.len()));
            start.push(None);
            continue;
        }
        let t = sorted(runs.iter().map(|l| l.ready.as_secs_f64() * 1e3));
        let own = sorted(runs.iter().filter_map(|l| l.own_ms).map(|m| m as f64));
        let screens: BTreeSet<&str> = runs.iter().filter_map(|l| l.screen.as_deref()).collect();
        let unexpected: Vec<&str> = screens.iter().copied().filter(|s| *s != "login").collect();
        println!(
            "{:<34} {:>7} {:>8.0} {:>8.0} {:>8.0}   {:>22}{}",
            subject.label,
            format!("{}/{}", runs.len(), runs.len() + failed.len()),
            pct(&t, 0.5),
            pct(&t, 0.95),
            t[t.len() - 1],
            if own.is_empty() { "-".into() } else { format!("{:.0}", pct(&own, 0.5)) },
            if unexpected.is_empty() { String::new() } else { format!("   (screen: {})", unexpected.join("/")) }
        );
        start.push(Some((pct(&t, 0.5), pct(&t, 0.95))));
    }
    for (k, subject) in subjects.iter().enumerate().skip(1) {
        if let (Some(Some((e, e95))), Some(Some((a, a95)))) = (start.first(), start.get(k)) {
            let r = a / e;
            println!(
                "{} / empty window (p50): {r:.2}× (p95: {:.2}×)   goal ≤ {START_GOAL}×: {}",
                subject.label,
                a95 / e95,
                if r <= START_GOAL { "PASS" } else { "MISS" }
            );
        }
    }

    println!("\n## Idle memory, PSS of the process tree {} s after ready (MiB)", SETTLE.as_secs());
    println!("{:<34} {:>7} {:>8} {:>8}   processes", "", "ok", "p50", "max");
    let mut memory: Vec<Option<f64>> = Vec::new();
    for (subject, (runs, _)) in subjects.iter().zip(results) {
        if runs.is_empty() {
            println!("{:<34}   (no successful run)", subject.label);
            memory.push(None);
            continue;
        }
        let m = sorted(runs.iter().map(|l| l.pss_kb as f64 / 1024.0));
        let procs =
            runs[runs.len() / 2].processes.iter().map(|(n, c)| if *c > 1 { format!("{n}×{c}") } else { n.clone() });
        println!(
            "{:<34} {:>7} {:>8.1} {:>8.1}   {}",
            subject.label,
            runs.len(),
            pct(&m, 0.5),
            m[m.len() - 1],
            procs.collect::<Vec<_>>().join(", ")
        );
        memory.push(Some(pct(&m, 0.5)));
    }
    for (k, subject) in subjects.iter().enumerate().skip(1) {
        if let (Some(Some(e)), Some(Some(a))) = (memory.first(), memory.get(k)) {
            let r = a / e;
            println!(
                "{} / empty window (p50): {r:.2}×   goal ≤ {MEMORY_GOAL}×: {}",
                subject.label,
                if r <= MEMORY_GOAL { "PASS" } else { "MISS" }
            );
        }
    }
    for (subject, (_, failed)) in subjects.iter().zip(results) {
        for f in failed {
            println!("failed {} launch: {f}", subject.label);
        }
    }
}

fn webkit_version() -> Option<String> {
    let out =
        Command::new("pkg-config").args(["--modversion", "webkit2gtk-4.1"]).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

fn remove_db(path: &Path) -> std::io::Result<()> {
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    std::fs::remove_file(path)
}
