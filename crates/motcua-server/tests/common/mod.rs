//! The city server as a process, for the tests that drive it.

#[allow(dead_code)] // only the fault tests use it
pub mod proxy;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the server when the test ends, also when it fails (a server left running would keep
/// the test's output pipe open and hang whoever reads it).
pub struct Server(std::process::Child);

impl Server {
    /// `motcua-server --db sqlite:PATH --listen 127.0.0.1:0`, and the URL it says it listens on.
    pub fn start(path: &Path) -> (Server, String) {
        Server::start_on(path, "127.0.0.1:0")
    }

    /// The same on a given address (a server restarted where its clients expect it).
    pub fn start_on(path: &Path, listen: &str) -> (Server, String) {
        let mut server = Server(
            Process::new(env!("CARGO_BIN_EXE_motcua-server"))
                .args(["--db", &format!("sqlite:{}", path.display()), "--listen", listen])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let stderr = server.0.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(20)).expect("the server did not start in 20 s");
        (server, url)
    }
}

/// `motcua-server --db sqlite:PATH ARGS…`: an admin command; its stdout, or its stderr as
/// the panic.
#[allow(dead_code)] // not every test file enrols
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

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
