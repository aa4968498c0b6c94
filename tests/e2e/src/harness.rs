//! Starts what an end-to-end test needs and tears it all down again, even when the test panics:
//! an X server (Xvfb, when `DISPLAY` is unset), one `tauri-driver` per app launch, and the
//! WebDriver session that launches the app window.
//!
//! Linux only (Xvfb, WebKitWebDriver, `/proc`). Every wait is bounded.

use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::net::TcpListener;
use std::ops::{Deref, DerefMut};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::webdriver::{Client, Session};

/// How long the driver may take to answer `/status` after it started.
const DRIVER_START: Duration = Duration::from_secs(20);
/// One HTTP request to the driver; creating the session launches the app, so it is generous.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(90);
/// How long the app may take to close by itself once its session is deleted.
const APP_EXIT: Duration = Duration::from_secs(10);

const BUILD_HINT: &str = "build it first (from the workspace root):\n    \
     npm --prefix ui ci && npm --prefix ui run build\n    \
     cargo build -p motcua-desktop --features custom-protocol\n\
     or point MOTCUA_APP_BIN at a built motcua-desktop";

/// The Cargo workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    here.canonicalize().unwrap_or(here)
}

/// Where screenshots go: `<workspace>/artifacts/e2e/` (git-ignored).
pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("artifacts").join("e2e");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Where a test's database, WebKit profile and logs go: `<target>/e2e/<case>/`.
fn work_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|t| if t.is_absolute() { t } else { workspace_root().join(t) })
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("e2e")
}

/// The app under test: `MOTCUA_APP_BIN`, else `<workspace>/target/debug/motcua-desktop`.
/// Panics with how to build it when it is missing: a missing app is a failure, never a skip.
pub fn app_binary() -> PathBuf {
    let path = match std::env::var_os("MOTCUA_APP_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => workspace_root().join("target").join("debug").join("motcua-desktop"),
    };
    let path = if path.is_absolute() { path } else { workspace_root().join(path) };
    assert!(
        path.is_file(),
        "the app binary {} does not exist: the end-to-end tests drive the real app, {BUILD_HINT}",
        path.display()
    );
    path
}

/// A helper program: `env_var` if set, else the first of `candidates` that exists, else
/// a name looked up in PATH. Panics with `install_hint` when none can be found.
fn tool(env_var: &str, candidates: &[PathBuf], name: &str, install_hint: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env_var).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "{env_var}={} does not exist", p.display());
        return p;
    }
    if let Some(p) = candidates.iter().find(|p| p.is_file()) {
        return p.clone();
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!("`{name}` not found (set {env_var} to its path): {install_hint}");
}

fn tauri_driver_bin() -> PathBuf {
    let mut candidates = Vec::new();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        candidates.push(PathBuf::from(home).join("bin/tauri-driver"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cargo/bin/tauri-driver"));
    }
    tool("TAURI_DRIVER", &candidates, "tauri-driver", "install it with `cargo install tauri-driver --locked`")
}

fn native_driver_bin() -> PathBuf {
    tool(
        "WEBKIT_WEBDRIVER",
        &[PathBuf::from("/usr/bin/WebKitWebDriver")],
        "WebKitWebDriver",
        "install it with `apt-get install webkit2gtk-driver`",
    )
}

/// A TCP port nobody listens on right now (the OS picks it).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("cannot find a free TCP port: {e}"))
}

/// Sends `signal` to a process (or, with a negative id, to a process group) through `kill(1)`:
/// this crate forbids `unsafe`, so no libc.
fn signal(signal: &str, target: i64) {
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg("--")
        .arg(target.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Waits up to `timeout` for a child to exit; true if it did.
fn wait_child(child: &mut Child, timeout: Duration) -> bool {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return true,
            Ok(None) if start.elapsed() >= timeout => return false,
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// The last `lines` lines of a text file (for failure messages).
pub fn tail(path: &Path, lines: usize) -> String {
    let Ok(mut f) = File::open(path) else {
        return String::new();
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = f.seek(SeekFrom::Start(len.saturating_sub(64 * 1024)));
    let mut buf = Vec::new();
    let _ = f.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

// ---------------------------------------------------------------------------------------------
// The X display

/// A private D-Bus session bus (`dbus-daemon --session`), stopped on drop.
pub struct SessionBus {
    pub address: String,
    daemon: Child,
}

impl SessionBus {
    pub fn start() -> Self {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian's dbus-daemon package)");
        let stdout = daemon.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let address = rx.recv_timeout(Duration::from_secs(10)).expect("dbus-daemon printed its address");
        Self { address: address.trim().to_owned(), daemon }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The X display the app windows open on: `DISPLAY` when set, else a private Xvfb that is
/// killed on drop.
pub struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    /// `DISPLAY` if set; otherwise starts Xvfb on a free display number (it picks one itself
    /// with `-displayfd` and tells us when it is ready to take clients).
    pub fn open(log_dir: &Path) -> Self {
        if let Some(d) = std::env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
            return Self { name: d.to_string_lossy().into_owned(), xvfb: None };
        }
        let xvfb = tool("XVFB", &[PathBuf::from("/usr/bin/Xvfb")], "Xvfb", "install it with `apt-get install xvfb`");
        std::fs::create_dir_all(log_dir).expect("create the log folder");
        let log_path = log_dir.join("xvfb.log");
        let log = File::create(&log_path).expect("create xvfb.log");
        let mut child = Command::new(&xvfb)
            .args(["-displayfd", "1", "-screen", "0", "1600x900x24", "-nolisten", "tcp", "-noreset"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", xvfb.display()));
        let stdout = child.stdout.take().expect("Xvfb stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) if line.trim().parse::<u32>().is_ok() => {
                let name = format!(":{}", line.trim());
                eprintln!("[e2e] Xvfb is up on display {name}");
                Self { name, xvfb: Some(child) }
            }
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "Xvfb did not report a display within 20 s (got {other:?}); its log ({}):\n{}",
                    log_path.display(),
                    tail(&log_path, 20)
                );
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(mut child) = self.xvfb.take() {
            signal("TERM", i64::from(child.id()));
            if !wait_child(&mut child, Duration::from_secs(5)) {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A test case's files

/// One test case's own files under `<target>/e2e/<case>/`: the database, the WebKit profile
/// (local storage lives there, so each case gets its own) and the logs. Several app launches
/// on the same profile see the same data, as a counter PC does across restarts.
pub struct Profile {
    pub case: String,
    pub dir: PathBuf,
    pub db: PathBuf,
    /// The office time the app starts at (`MOTCUA_TEST_NOW`, read by debug builds), if set.
    pub office_time: Option<String>,
    /// `false`: the app finds its database where an installed app does (its data folder
    /// under this profile's `XDG_DATA_HOME`), not through `MOTCUA_DB`.
    pub db_from_env: bool,
    /// A D-Bus session bus for the app (`DBUS_SESSION_BUS_ADDRESS`): what the single-instance
    /// plugin uses on Linux. Without one (the default under Xvfb) every start runs alone.
    pub session_bus: Option<String>,
}

impl Profile {
    /// A fresh, empty profile: whatever an earlier run left is removed, so the app starts
    /// with the first-run wizard.
    pub fn fresh(case: &str) -> Self {
        let dir = work_root().join(case);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
        }
        for sub in ["xdg/data", "xdg/config", "xdg/cache", "logs"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        let db = dir.join("motcua.db");
        Self { case: case.to_owned(), dir, db, office_time: None, db_from_env: true, session_bus: None }
    }

    pub fn log_dir(&self) -> PathBuf {
        self.dir.join("logs")
    }

    /// The environment the driver (and so the app it launches) runs with; also for starting
    /// the app by hand, as a clerk double-clicking its icon again.
    pub fn env(&self, display: &Display) -> Vec<(&'static str, OsString)> {
        let mut env = vec![
            ("DISPLAY", display.name().into()),
            ("XDG_DATA_HOME", self.dir.join("xdg/data").into_os_string()),
            ("XDG_CONFIG_HOME", self.dir.join("xdg/config").into_os_string()),
            ("XDG_CACHE_HOME", self.dir.join("xdg/cache").into_os_string()),
            // no session bus under Xvfb: keep GTK from waiting for accessibility
            ("NO_AT_BRIDGE", "1".into()),
            // plain text logs (tracing-subscriber honours it)
            ("NO_COLOR", "1".into()),
        ];
        if self.db_from_env {
            env.push(("MOTCUA_DB", self.db.clone().into_os_string()));
        }
        if let Some(bus) = &self.session_bus {
            env.push(("DBUS_SESSION_BUS_ADDRESS", bus.into()));
        }
        if let Some(now) = &self.office_time {
            env.push(("MOTCUA_TEST_NOW", now.into()));
        }
        env
    }
}

// ---------------------------------------------------------------------------------------------
// One launch of the app

/// What happened when an app was shut down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shutdown {
    /// The app closed by itself once its WebDriver session was deleted (else it was killed).
    pub app_exited_by_itself: bool,
}

/// One running app window behind its own `tauri-driver`. Derefs to the WebDriver [`Session`].
/// Dropping it (also while a test panics) deletes the session, kills the driver and any app
/// process left behind; while panicking it first saves a screenshot and prints the log tail.
pub struct App {
    label: String,
    session: Option<Session>,
    driver: Option<Child>,
    log: PathBuf,
    /// The profile's `XDG_DATA_HOME`: every process of this launch carries it.
    data_home: PathBuf,
    app_bin: PathBuf,
}

impl App {
    /// Starts `tauri-driver` with the profile's environment and opens a session, which launches
    /// the app. `label` names the log file (`<case>/logs/<label>.log`) and failure screenshots.
    pub fn launch(display: &Display, profile: &Profile, label: &str) -> Self {
        let app_bin = app_binary();
        let driver_bin = tauri_driver_bin();
        let native_bin = native_driver_bin();
        let log = profile.log_dir().join(format!("{label}.log"));
        let mut last_failure = String::new();
        // A port picked free may be taken before the driver binds it (tests running in
        // parallel): try again with other ports.
        for attempt in 1..=3 {
            let port = free_port();
            let native_port = loop {
                let p = free_port();
                if p != port {
                    break p;
                }
            };
            let out = File::create(&log).unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
            let err = out.try_clone().expect("clone the log file handle");
            let mut cmd = Command::new(&driver_bin);
            cmd.arg("--port")
                .arg(port.to_string())
                .arg("--native-port")
                .arg(native_port.to_string())
                .arg("--native-driver")
                .arg(&native_bin)
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                // its own process group: the native driver and the app it launches are killed with it
                .process_group(0);
            // A session bus from the developer's desktop would make every test app one
            // "single instance": the app gets a bus only when the profile brings its own.
            cmd.env_remove("DBUS_SESSION_BUS_ADDRESS");
            for (k, v) in profile.env(display) {
                cmd.env(k, v);
            }
            let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));
            let mut app = Self {
                label: label.to_owned(),
                session: None,
                driver: Some(child),
                log: log.clone(),
                data_home: profile.dir.join("xdg/data"),
                app_bin: app_bin.clone(),
            };
            let client = Client::new(&format!("http://127.0.0.1:{port}"), REQUEST_TIMEOUT);
            // the native driver first (asking tauri-driver before it is up makes it log errors)
            let native = Client::new(&format!("http://127.0.0.1:{native_port}"), REQUEST_TIMEOUT);
            if let Err(why) = app.wait_driver_ready(&native).and_then(|()| app.wait_driver_ready(&client)) {
                last_failure = format!("attempt {attempt}: {why}\n{}", tail(&log, 20));
                app.shutdown();
                continue;
            }
            let caps = json!({
                "alwaysMatch": { "tauri:options": { "application": app_bin } }
            });
            match Session::create(client, caps) {
                Ok(s) => {
                    eprintln!(
                        "[e2e] {}: app launched (driver port {port}, display {}, db {}, log {})",
                        label,
                        display.name(),
                        profile.db.display(),
                        log.display()
                    );
                    app.session = Some(s);
                    return app;
                }
                Err(e) => {
                    last_failure = format!("attempt {attempt}: creating the WebDriver session failed: {e}");
                    app.shutdown();
                    last_failure.push('\n');
                    last_failure.push_str(&tail(&log, 30));
                    // a session refused for another reason than ports will not get better
                    if e.code != "http" {
                        break;
                    }
                }
            }
        }
        panic!("could not launch the app {} under tauri-driver: {last_failure}", app_bin.display());
    }

    fn wait_driver_ready(&mut self, client: &Client) -> Result<(), String> {
        let start = Instant::now();
        let quick = Client::new(client.base(), Duration::from_secs(2));
        loop {
            if let Some(child) = self.driver.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(format!("tauri-driver exited early ({status})"));
            }
            if quick.status().is_ok() {
                return Ok(());
            }
            if start.elapsed() >= DRIVER_START {
                return Err(format!("no answer from {}/status within {DRIVER_START:?}", client.base()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The file that collects tauri-driver's, WebKitWebDriver's and the app's stderr.
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// Saves a screenshot as `<workspace>/artifacts/e2e/<name>.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let path = artifacts_dir().join(format!("{name}.png"));
        self.session().screenshot(&path).unwrap_or_else(|e| panic!("screenshot {} failed: {e}", path.display()));
        eprintln!("[e2e] screenshot: {}", path.display());
        path
    }

    fn session(&self) -> &Session {
        self.session.as_ref().expect("the app was shut down")
    }

    /// Ends the session (the driver closes the window, and so the app), then stops the driver
    /// and kills whatever is left of this launch. Safe to call twice.
    pub fn shutdown(&mut self) -> Shutdown {
        let mut exited = true;
        if let Some(mut s) = self.session.take() {
            if let Err(e) = s.delete() {
                eprintln!("[e2e] {}: deleting the session failed: {e}", self.label);
            }
            exited = self.wait_app_gone(APP_EXIT);
            if !exited {
                eprintln!("[e2e] {}: the app was still running {APP_EXIT:?} after its session ended", self.label);
            }
        }
        if let Some(mut child) = self.driver.take() {
            let group = -i64::from(child.id());
            signal("TERM", group);
            if !wait_child(&mut child, Duration::from_secs(5)) {
                signal("KILL", group);
                let _ = child.kill();
                let _ = child.wait();
            }
            // the group may outlive its leader (the native driver, the app, WebKit helpers)
            signal("KILL", group);
        }
        // anything that still carries this launch's database in its environment
        for pid in self.leftovers(false) {
            signal("KILL", pid);
        }
        if !self.wait_leftovers_gone(Duration::from_secs(5)) {
            eprintln!("[e2e] {}: processes still alive after kill: {:?}", self.label, self.leftovers(false));
        }
        Shutdown { app_exited_by_itself: exited }
    }

    /// Processes started for this launch: they carry `XDG_DATA_HOME=<the profile's>` in their
    /// environment (the test process itself does not). With `app_only`, just the app binary.
    fn leftovers(&self, app_only: bool) -> Vec<i64> {
        let marker = {
            let mut m = b"XDG_DATA_HOME=".to_vec();
            m.extend_from_slice(self.data_home.as_os_str().as_encoded_bytes());
            m
        };
        let me = i64::from(std::process::id());
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        dir.filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<i64>().ok()))
            .filter(|&pid| pid != me)
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/environ"))
                    .map(|env| env.split(|&b| b == 0).any(|kv| kv == marker.as_slice()))
                    .unwrap_or(false)
            })
            .filter(|pid| {
                !app_only
                    || std::fs::read_link(format!("/proc/{pid}/exe"))
                        .map(|exe| exe == self.app_bin || exe.file_name() == self.app_bin.file_name())
                        .unwrap_or(false)
            })
            // zombies are dead already
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/stat"))
                    .map(|s| !s.rsplit(')').next().unwrap_or("").trim_start().starts_with('Z'))
                    .unwrap_or(false)
            })
            .collect()
    }

    fn wait_app_gone(&self, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.leftovers(true).is_empty() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.leftovers(true).is_empty()
    }

    fn wait_leftovers_gone(&self, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.leftovers(false).is_empty() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Deref for App {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session()
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut Session {
        self.session.as_mut().expect("the app was shut down")
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Some(s) = &self.session {
                let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
                let path = artifacts_dir().join(format!("FAILED-{}-{stamp}.png", self.label));
                match s.screenshot(&path) {
                    Ok(()) => eprintln!("[e2e] {}: failure screenshot {}", self.label, path.display()),
                    Err(e) => eprintln!("[e2e] {}: no failure screenshot: {e}", self.label),
                }
            }
            eprintln!(
                "[e2e] {}: last lines of {} (driver + app stderr):\n{}",
                self.label,
                self.log.display(),
                tail(&self.log, 40)
            );
        }
        self.shutdown();
    }
}
