//! Office hours: the morning and afternoon sessions in which a counter receives dossiers and
//! in which hours-based processing times are counted.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// One working session (buổi làm việc), start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(with = "hhmm")]
    pub start: NaiveTime,
    #[serde(with = "hhmm")]
    pub end: NaiveTime,
}

/// Giờ làm việc of one office. Configurable per office: the law fixes working days, each
/// province fixes its hours (Hà Nội: 8:00–12:00, 13:00–17:00; many provinces 7:30–11:30,
/// 13:30–17:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    pub morning: Session,
    pub afternoon: Session,
    /// The office also receives and returns on Saturday mornings. Saturday is still not a
    /// working day for counting processing time (civil servants work Monday–Friday).
    pub saturday_morning: bool,
}

impl Default for OfficeHours {
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid constant time");
        OfficeHours {
            morning: Session { start: t(7, 30), end: t(11, 30) },
            afternoon: Session { start: t(13, 30), end: t(17, 0) },
            saturday_morning: false,
        }
    }
}

impl OfficeHours {
    /// Both sessions non-empty and the morning ends no later than the afternoon starts.
    pub fn is_consistent(&self) -> bool {
        self.morning.start < self.morning.end
            && self.morning.end <= self.afternoon.start
            && self.afternoon.start < self.afternoon.end
    }
}

/// `"07:30"` on the wire and in JSON files: what an IT officer types.
pub(crate) mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        NaiveTime::parse_from_str(s.trim(), "%H:%M")
            .map_err(|_| D::Error::custom(format!("giờ không hợp lệ: {s:?} (dạng HH:MM)")))
    }
}
