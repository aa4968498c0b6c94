//! The dossier code (mã hồ sơ), printed on every paper: unit code – `yymmdd` – sequence.
//!
//! ## How codes stay unique with no network
//! Each counter PC issues codes from its own SQLite file and may not reach any other counter.
//! The 4-digit sequence of a unit's day is therefore interleaved between counters: an office
//! declares `slots`, the most counters it will ever run (default 20), and counter `c`
//! (1 ≤ c ≤ slots) gives its n-th dossier of the day the sequence `(n − 1) × slots + c`.
//! Two counters can never produce the same sequence, whatever order they save in; a counter
//! gets `9999 / slots` four-digit codes a day and past that the sequence simply grows to five
//! digits, still unique. Changing `slots` is only safe at the start of a day with no dossiers.
//! Example with 20 slots: counter 3 issues …-0003, …-0023, …-0043; counter 5 issues …-0005, …-0025.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The code layout, configurable because Thông tư 03/2025/TT-VPCP may add a sector segment.
/// Placeholders: `{unit}` the receiving unit's code, `{yymmdd}` the day of receipt,
/// `{seq}` the sequence padded to 4 digits. Anything else is copied as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePattern(pub String);

impl Default for CodePattern {
    fn default() -> Self {
        CodePattern("{unit}-{yymmdd}-{seq}".to_owned())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("Mẫu mã hồ sơ phải chứa {{unit}}, {{yymmdd}} và {{seq}}")]
    Pattern,
    #[error("Số quầy {counter} phải nằm trong 1..{slots} (số quầy tối đa của đơn vị)")]
    Counter { counter: u32, slots: u32 },
}

impl CodePattern {
    pub fn validate(&self) -> Result<(), CodeError> {
        let p = &self.0;
        if p.contains("{unit}") && p.contains("{yymmdd}") && p.contains("{seq}") {
            Ok(())
        } else {
            Err(CodeError::Pattern)
        }
    }

    pub fn render(&self, unit_code: &str, day: NaiveDate, sequence: u64) -> String {
        self.0
            .replace("{unit}", unit_code)
            .replace("{yymmdd}", &day.format("%y%m%d").to_string())
            .replace("{seq}", &format!("{sequence:04}"))
    }
}

/// Where this counter sits in the office's sequence space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterSlot {
    pub counter: u32,
    pub slots: u32,
}

impl CounterSlot {
    pub fn new(counter: u32, slots: u32) -> Result<Self, CodeError> {
        if counter == 0 || counter > slots {
            return Err(CodeError::Counter { counter, slots });
        }
        Ok(CounterSlot { counter, slots })
    }

    /// The unit-day sequence of this counter's `n`-th dossier of the day (n ≥ 1).
    pub fn sequence(self, n: u64) -> u64 {
        assert!(n >= 1, "the first dossier of a day is n = 1");
        (n - 1) * u64::from(self.slots) + u64::from(self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_national_layout() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let seq = CounterSlot::new(7, 20).unwrap().sequence(1);
        assert_eq!(CodePattern::default().render("000.00.21.H26", day, seq), "000.00.21.H26-261123-0007");
    }

    #[test]
    fn interleaves_counters() {
        let s3 = CounterSlot::new(3, 20).unwrap();
        assert_eq!([s3.sequence(1), s3.sequence(2), s3.sequence(3)], [3, 23, 43]);
        assert!(CounterSlot::new(0, 20).is_err());
        assert!(CounterSlot::new(21, 20).is_err());
    }
}
