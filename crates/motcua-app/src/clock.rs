//! The office's wall clock.

use chrono::{NaiveDateTime, Utc};

/// Where "now" comes from: the real clock in the app, a fixed one in tests.
pub trait Clock: Send + Sync {
    /// Office local time.
    fn now(&self) -> NaiveDateTime;
}

/// Vietnam time (UTC+7, no daylight saving), whatever time zone the PC is set to: counter
/// PCs with a wrong zone setting still print the right hour on receipts.
pub struct OfficeClock;

impl Clock for OfficeClock {
    fn now(&self) -> NaiveDateTime {
        motcua_domain::calendar::vietnam_local(Utc::now())
    }
}

pub struct FixedClock(pub NaiveDateTime);

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        self.0
    }
}

/// Office time that starts at a given moment and runs on from there.
pub struct ShiftedClock {
    start: NaiveDateTime,
    since: std::time::Instant,
}

impl Clock for ShiftedClock {
    fn now(&self) -> NaiveDateTime {
        // Whole seconds: a script that sets the time sees exactly that time.
        self.start + chrono::Duration::seconds(self.since.elapsed().as_secs() as i64)
    }
}

/// The office clock; in debug builds only, `MOTCUA_TEST_NOW=2026-11-20T09:00:00` starts it at
/// that office time instead (tests of lateness need a day they can choose). Release builds
/// always use the real clock.
pub fn office_or_test_clock() -> Box<dyn Clock> {
    let start = cfg!(debug_assertions)
        .then(|| std::env::var("MOTCUA_TEST_NOW").ok())
        .flatten()
        .and_then(|text| NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").ok());
    match start {
        Some(start) => {
            tracing::warn!(%start, "test clock: office time starts at MOTCUA_TEST_NOW");
            Box::new(ShiftedClock { start, since: std::time::Instant::now() })
        }
        None => Box::new(OfficeClock),
    }
}
