//! `motcua-server` as a process, for the tests that drive it (the city server and the office
//! hub). Each test file uses part of it.
#![allow(dead_code)]

pub mod proxy;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the server when the test ends, also when it fails (a server left running would keep
/// the test's output pipe open and hang whoever reads it).
pub struct Server(std::process::Child, std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl Server {
    /// `motcua-server --db sqlite:PATH --listen 127.0.0.1:0`, and the URL it says it listens on.
    pub fn start(path: &Path) -> (Server, String) {
        Server::start_on(path, "127.0.0.1:0")
    }

    /// The same on a given address (a server restarted where its clients expect it).
    pub fn start_on(path: &Path, listen: &str) -> (Server, String) {
        Server::spawn(&["--db", &format!("sqlite:{}", path.display()), "--listen", listen])
    }

    /// `motcua-server ARGS…` (the hub's key from beside its database, never from the
    /// environment), and the URL it says it listens on, waited for 20 s at most.
    pub fn spawn(args: &[&str]) -> (Server, String) {
        let mut server = Server(
            Process::new(env!("CARGO_BIN_EXE_motcua-server"))
                .args(args)
                .env_remove("MOTCUA_HUB_KEY")
                .stderr(Stdio::piped())
                .spawn()
                .expect("start motcua-server"),
            Default::default(),
        );
        let stderr = server.0.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let log = server.1.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_owned());
                }
                log.lock().unwrap().push(line);
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(20)).expect("the server did not start in 20 s");
        (server, url)
    }
}

impl Server {
    /// What the server has logged so far (its standard error).
    pub fn log(&self) -> String {
        self.1.lock().unwrap().join("\n")
    }
}

/// `motcua-server --db sqlite:PATH ARGS…`: an admin command; its stdout, or its stderr as
/// the panic.
pub fn admin(path: &Path, args: &[&str]) -> Result<String, String> {
    let out = Process::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["--db", &format!("sqlite:{}", path.display())])
        .args(args)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(String::from_utf8(out.stderr).unwrap())
    }
}

impl Server {
    /// SIGKILL now, failing the test if the process was already gone: no shutdown code runs.
    pub fn kill(mut self) {
        self.0.kill().expect("the server was still running");
        self.0.wait().expect("reap the server");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
