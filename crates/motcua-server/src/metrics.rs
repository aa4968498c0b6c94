//! `GET /metrics`: what the city's IT team watches, in Prometheus's text format. Counts only:
//! no device, office or person is named in a label.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use motcua_sync_proto::AckOutcome;

#[derive(Default)]
pub struct Metrics {
    pushes: AtomicU64,
    ops_received: AtomicU64,
    ops_stored: AtomicU64,
    ops_duplicate: AtomicU64,
    /// Refused ops by refusal code (a short fixed set: invalid, wrong_device, unknown_kind, …).
    ops_rejected: Mutex<BTreeMap<String, u64>>,
    pulls: AtomicU64,
    ops_pulled: AtomicU64,
    /// Requests refused before any work, by error code (unauthorized, revoked, invalid, …).
    refused: Mutex<BTreeMap<String, u64>>,
    enrolled: AtomicU64,
}

fn bump(map: &Mutex<BTreeMap<String, u64>>, key: &str) {
    *map.lock().unwrap_or_else(|p| p.into_inner()).entry(key.to_owned()).or_default() += 1;
}

impl Metrics {
    pub fn pushed<'a>(&self, acks: impl Iterator<Item = &'a AckOutcome>) {
        self.pushes.fetch_add(1, Ordering::Relaxed);
        for ack in acks {
            self.ops_received.fetch_add(1, Ordering::Relaxed);
            match ack {
                AckOutcome::Stored { .. } => self.ops_stored.fetch_add(1, Ordering::Relaxed),
                AckOutcome::Duplicate { .. } => self.ops_duplicate.fetch_add(1, Ordering::Relaxed),
                AckOutcome::Rejected { code, .. } => {
                    bump(&self.ops_rejected, code);
                    0
                }
            };
        }
    }

    pub fn pulled(&self, ops: usize) {
        self.pulls.fetch_add(1, Ordering::Relaxed);
        self.ops_pulled.fetch_add(ops as u64, Ordering::Relaxed);
    }

    pub fn refused(&self, code: &str) {
        bump(&self.refused, code);
    }

    pub fn enrolled(&self) {
        self.enrolled.fetch_add(1, Ordering::Relaxed);
    }

    /// The text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
        };
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        counter("motcua_sync_pushes_total", "Push requests answered.", get(&self.pushes));
        counter("motcua_sync_ops_received_total", "Ops received in pushes.", get(&self.ops_received));
        counter("motcua_sync_ops_stored_total", "Ops stored for the first time.", get(&self.ops_stored));
        counter("motcua_sync_ops_duplicate_total", "Ops received again and recognised.", get(&self.ops_duplicate));
        counter("motcua_sync_pulls_total", "Pull requests answered.", get(&self.pulls));
        counter("motcua_sync_ops_pulled_total", "Ops sent in pulls.", get(&self.ops_pulled));
        counter("motcua_devices_enrolled_total", "Devices enrolled with a one-time code.", get(&self.enrolled));
        let mut labelled = |name: &str, help: &str, label: &str, map: &Mutex<BTreeMap<String, u64>>| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            for (key, value) in map.lock().unwrap_or_else(|p| p.into_inner()).iter() {
                let _ = writeln!(out, "{name}{{{label}=\"{key}\"}} {value}");
            }
        };
        labelled("motcua_sync_ops_rejected_total", "Ops refused for good, by code.", "code", &self.ops_rejected);
        labelled("motcua_requests_refused_total", "Requests refused, by error code.", "code", &self.refused);
        out
    }
}
