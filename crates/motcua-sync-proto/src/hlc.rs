//! Hybrid logical clock: orders ops across devices whose wall clocks disagree, and never
//! goes backwards on one device even when its clock is set back.

use std::fmt;

/// Wall-clock milliseconds plus a counter for events within the same millisecond (or while
/// the wall clock is behind the last seen time). Text form `0001764000000000-00000` sorts
/// like the clock; the device id breaks ties in the op log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
}

impl Hlc {
    /// The next timestamp after `self` given the wall clock reads `now_ms`.
    pub fn tick(self, now_ms: i64) -> Hlc {
        if now_ms > self.wall_ms {
            Hlc { wall_ms: now_ms, counter: 0 }
        } else {
            Hlc { wall_ms: self.wall_ms, counter: self.counter + 1 }
        }
    }

    /// The clock after seeing `remote`, an op made elsewhere: never behind it, so whatever
    /// this device does next is ordered after what it has seen (the HLC receive rule).
    pub fn observe(self, remote: Hlc) -> Hlc {
        self.max(remote)
    }

    pub fn parse(s: &str) -> Option<Hlc> {
        let (wall, counter) = s.split_once('-')?;
        Some(Hlc { wall_ms: wall.parse().ok()?, counter: counter.parse().ok()? })
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016}-{:05}", self.wall_ms, self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_goes_backwards() {
        let a = Hlc::default().tick(1000);
        let b = a.tick(900);
        let c = b.tick(1000);
        let d = c.tick(1001);
        assert!(a < b && b < c && c < d);
        assert!(a.to_string() < b.to_string() && c.to_string() < d.to_string());
        assert_eq!(Hlc::parse(&d.to_string()), Some(d));
        let seen = Hlc { wall_ms: 5000, counter: 3 };
        assert!(d.observe(seen).tick(1002) > seen, "what follows a received op is after it");
        assert_eq!(seen.observe(d), seen, "an older remote clock changes nothing");
    }
}
