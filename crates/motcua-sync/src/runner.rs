//! The sync thread: a round at start, then on a timer; sooner when the clerk presses "Đồng bộ
//! ngay"; after a failure, again after an exponential backoff with jitter (so a hundred
//! offices coming back online at once do not all knock at the same second).

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rand::Rng;
use serde::Serialize;

use crate::StoreAccess;
use crate::client::CityClient;

#[derive(Debug, Clone, Copy)]
pub struct RunnerConfig {
    /// Between rounds while all is well.
    pub every: Duration,
    /// The first retry after a failure; doubled after each further failure, up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        RunnerConfig {
            every: Duration::from_secs(30),
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// What the counter shows of the sync thread (the outbox's own figures come from the store).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncState {
    /// Whether the last round reached the server; `None` before the first round ends.
    pub online: Option<bool>,
    /// A round is running now.
    pub syncing: bool,
    /// Why the last round failed, in Vietnamese for the clerk.
    pub last_error: Option<String>,
    /// The failure needs a person (an outdated app, a revoked PC): retries are rare.
    pub needs_attention: bool,
    /// Failures in a row.
    pub failures: u32,
    /// The server's clock minus this PC's, in seconds, at the last round that reached it.
    pub clock_skew_s: Option<i64>,
}

enum Wake {
    Now,
}

pub struct SyncRunner {
    wake: Option<mpsc::Sender<Wake>>,
    state: Arc<Mutex<SyncState>>,
    thread: Option<JoinHandle<()>>,
}

impl SyncRunner {
    pub fn start<S: StoreAccess + 'static>(client: CityClient, store: Arc<S>, config: RunnerConfig) -> SyncRunner {
        let (wake, woken) = mpsc::channel();
        let state = Arc::new(Mutex::new(SyncState::default()));
        let shared = state.clone();
        let thread = std::thread::Builder::new()
            .name("city-sync".into())
            .spawn(move || run(client, store, config, woken, shared))
            .expect("start the sync thread");
        SyncRunner { wake: Some(wake), state, thread: Some(thread) }
    }

    /// "Đồng bộ ngay": a round as soon as the one running (if any) ends.
    pub fn sync_now(&self) {
        if let Some(wake) = &self.wake {
            let _ = wake.send(Wake::Now);
        }
    }

    pub fn state(&self) -> SyncState {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl SyncRunner {
    /// Stops the thread and waits for it: after the round in progress, which the client's
    /// timeouts bound (30 s on a stalled link).
    pub fn stop(mut self) {
        drop(self.wake.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Dropping the runner (the app exiting) does not wait for a round on a stalled link: the
/// thread stops after it by itself, and a round cut short by the process's exit loses
/// nothing (acknowledgements are recorded in one transaction; unrecorded ones are sent again).
impl Drop for SyncRunner {
    fn drop(&mut self) {
        drop(self.wake.take());
    }
}

/// The wait after `failures` failures in a row: `backoff × 2^(failures-1)`, at most
/// `max_backoff`, then a random half to whole of it.
pub fn backoff_delay(config: &RunnerConfig, failures: u32) -> Duration {
    let doubled = config.backoff.saturating_mul(1u32 << failures.saturating_sub(1).min(20));
    let capped = doubled.min(config.max_backoff);
    capped.mul_f64(rand::rng().random_range(0.5..=1.0))
}

fn run<S: StoreAccess>(
    client: CityClient,
    store: Arc<S>,
    config: RunnerConfig,
    woken: mpsc::Receiver<Wake>,
    state: Arc<Mutex<SyncState>>,
) {
    let set = |f: &mut dyn FnMut(&mut SyncState)| f(&mut state.lock().unwrap_or_else(|p| p.into_inner()));
    loop {
        set(&mut |s| s.syncing = true);
        let result = crate::sync_round(&client, store.as_ref());
        let before = state.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let delay = match &result {
            Ok(crate::RoundReport { pushed: report, pulled }) => {
                let got = pulled.applied.applied + pulled.applied.superseded + pulled.applied.not_applied;
                if report.sent + report.rejected + got > 0 || before.online != Some(true) {
                    tracing::info!(
                        sent = report.sent,
                        rejected = report.rejected,
                        batches = report.batches,
                        pulled_applied = pulled.applied.applied,
                        pulled_superseded = pulled.applied.superseded,
                        pulled_not_applied = pulled.applied.not_applied,
                        "synced"
                    );
                }
                set(&mut |s| {
                    *s = SyncState { online: Some(true), clock_skew_s: report.clock_skew_s, ..SyncState::default() }
                });
                config.every
            }
            Err(e) => {
                let message = e.user_message();
                // One log line per change of trouble, not one per retry.
                if before.last_error.as_deref() != Some(message.as_str()) {
                    tracing::warn!(error = %e, "sync round failed");
                }
                let failures = before.failures.saturating_add(1);
                let needs_attention = !e.is_retryable();
                set(&mut |s| {
                    *s = SyncState {
                        online: Some(matches!(e, crate::SyncError::Refused { .. })),
                        syncing: false,
                        last_error: Some(message.clone()),
                        needs_attention,
                        failures,
                        clock_skew_s: before.clock_skew_s,
                    }
                });
                if needs_attention { config.max_backoff } else { backoff_delay(&config, failures) }
            }
        };
        match woken.recv_timeout(delay) {
            // Presses made during the round are answered by one round.
            Ok(Wake::Now) => while woken.try_recv().is_ok() {},
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    tracing::info!("sync thread stopped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap_with_jitter_below_each_step() {
        let config = RunnerConfig {
            every: Duration::from_secs(30),
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(60),
        };
        for (failures, full) in [(1, 2.0), (2, 4.0), (3, 8.0), (5, 32.0), (6, 60.0), (40, 60.0)] {
            for _ in 0..50 {
                let d = backoff_delay(&config, failures).as_secs_f64();
                assert!(d >= full / 2.0 - 1e-9 && d <= full + 1e-9, "{failures} failures: {d} s");
            }
        }
        let spread: std::collections::HashSet<u128> = (0..20).map(|_| backoff_delay(&config, 3).as_millis()).collect();
        assert!(spread.len() > 1, "no jitter");
    }
}
