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
