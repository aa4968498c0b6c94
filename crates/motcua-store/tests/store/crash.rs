//! Durability: a process killed with SIGKILL in the middle of a stream of saves loses
//! nothing that was reported saved and leaves nothing half-written.

use std::io::{BufRead, BufReader, Lines, Write};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use motcua_store::{Integrity, StartupCheck, Store};

use crate::support::*;

const DB_ENV: &str = "MOTCUA_CRASH_TEST_DB";

/// The writer: runs only when the parent test below starts this binary as a child process.
#[test]
#[ignore = "started by the crash and backup tests"]
fn child_writer() {
    let path = std::env::var(DB_ENV).expect("run by the parent test");
    let mut store = Store::open(&path).unwrap();
    let stdout = std::io::stdout();
    for i in 0.. {
        let d = receive(
            &mut store,
            4,
            draft(&format!("Hoàng Văn Số {i}"), "001203001234", "0912345678"),
            at(2026, 11, 23, 9, 0),
        );
        // Printed only after receive_dossier returned, i.e. after the durable commit.
        let mut out = stdout.lock();
        writeln!(out, "SAVED {}", d.code).unwrap();
        out.flush().unwrap();
    }
}

/// Starts [`child_writer`] on `path` in a process of its own; its lines say what it saved.
pub fn spawn_writer(path: &Path) -> (Child, Lines<BufReader<ChildStdout>>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash::child_writer", "--ignored", "--nocapture", "--test-threads=1"])
        .env(DB_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    (child, lines)
}

#[cfg(unix)]
#[test]
fn kill_during_saves_loses_nothing_reported_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    drop(set_up(&path, 4));

    let mut reported = Vec::new();
    // Kill at different depths of the stream; each round appends to the same file.
    for (round, kill_after) in [7usize, 31, 64].into_iter().enumerate() {
        let (mut child, mut lines) = spawn_writer(&path);
        let mut seen = 0;
        while seen < kill_after {
            let line = lines.next().expect("child ended early").unwrap();
            if let Some(code) = line.strip_prefix("SAVED ") {
                reported.push(code.to_owned());
                seen += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no flush, mid-write
        child.wait().unwrap();
        // Lines the child printed before it died still count as reported.
        for line in lines.map_while(Result::ok) {
            if let Some(code) = line.strip_prefix("SAVED ") {
                reported.push(code.to_owned());
            }
        }

        // The app's way of opening: a WAL left by the killed writer makes it check right away.
        let store = Store::open_with(&path, StartupCheck::AfterCleanClose)
            .unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        assert_eq!(store.integrity(), Integrity::Ok, "round {round}: an unclean file must be checked at open");
        store.full_integrity_check().unwrap();
        let ops = store.ops_after(0, 100_000).unwrap();
        let op_codes: std::collections::HashSet<&str> =
            ops.iter().filter(|o| o.kind == "dossier.received").filter_map(|o| o.payload["code"].as_str()).collect();
        for code in &reported {
            assert!(store.dossier_by_code(code).unwrap().is_some(), "round {round}: saved dossier {code} is gone");
            assert!(op_codes.contains(code.as_str()), "round {round}: dossier {code} has no op record");
        }
        // Nothing half-written: every dossier row has its op and vice versa.
        assert_eq!(store.dossier_count().unwrap() as usize, op_codes.len(), "round {round}");
        assert!(reported.len() <= op_codes.len());
    }
}
