use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{NaiveDate, NaiveDateTime};

use motcua_domain::queue::{CounterSetup, QueueService};
use motcua_queue::{Command, HostConfig, Outcome, QueueError, QueueHost};
use motcua_store::Actor;

pub fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(h, m, 0).unwrap()
}

/// A clock the test moves: seconds after 2026-12-01 00:00.
#[derive(Clone, Default)]
pub struct TestClock(Arc<AtomicI64>);

impl TestClock {
    pub fn set(&self, t: NaiveDateTime) {
        self.0.store((t - at(1, 0, 0)).num_seconds(), Ordering::SeqCst);
    }
    pub fn advance_minutes(&self, m: i64) {
        self.0.fetch_add(m * 60, Ordering::SeqCst);
    }
    pub fn now(&self) -> NaiveDateTime {
        at(1, 0, 0) + chrono::Duration::seconds(self.0.load(Ordering::SeqCst))
    }
}

pub fn supervisor() -> Actor {
    Actor { user_id: "supervisor".into(), display_name: "Trưởng bộ phận".into() }
}

pub struct Hub {
    pub host: QueueHost,
    pub clock: TestClock,
    pub dir: tempfile::TempDir,
}

impl Hub {
    /// A hub with services A (Đất đai) and B (Hộ tịch); counters 1 (A), 2 (B), 3 (A, B).
    pub fn new() -> Hub {
        let dir = tempfile::tempdir().unwrap();
        let clock = TestClock::default();
        clock.set(at(1, 8, 0));
        let c = clock.clone();
        let config = HostConfig { clock: Arc::new(move || c.now()), ..HostConfig::default() };
        let host = QueueHost::open(&dir.path().join("hub.db"), config).unwrap();
        let hub = Hub { host, clock, dir };
        hub.run(Command::SetServices {
            services: vec![
                QueueService { prefix: "A".into(), name: "Đất đai".into() },
                QueueService { prefix: "B".into(), name: "Hộ tịch".into() },
            ],
        })
        .unwrap();
        for (number, services) in [(1, vec!["A"]), (2, vec!["B"]), (3, vec!["A", "B"])] {
            let counter =
                CounterSetup { number, open: true, services: services.into_iter().map(String::from).collect() };
            hub.run(Command::SetCounter { counter }).unwrap();
        }
        hub
    }

    pub fn run(&self, command: Command) -> Result<Outcome, QueueError> {
        self.host.run_blocking(supervisor(), command)
    }

    pub fn issue(&self, service: &str, priority: bool) -> String {
        let priority = priority.then_some(motcua_domain::queue::PriorityGroup::Elderly);
        match self.run(Command::Issue { service: service.into(), priority }).unwrap() {
            Outcome::Issued { label, .. } => label,
            other => panic!("{other:?}"),
        }
    }

    pub fn call(&self, counter: u32) -> Result<String, QueueError> {
        match self.run(Command::CallNext { counter })? {
            Outcome::Called { label, .. } => Ok(label),
            other => panic!("{other:?}"),
        }
    }
}
