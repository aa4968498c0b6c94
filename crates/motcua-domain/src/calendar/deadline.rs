//! Processing time (thời hạn giải quyết) and the appointment it gives.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

use super::holidays::{WorkCalendar, WorkingDays};
use super::hours::{OfficeHours, hhmm};

/// How long a procedure takes by law, as the catalog states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProcessingTime {
    /// N working days (ngày làm việc) after the day of receipt.
    WorkingDays { days: u32 },
    /// N office hours, counted inside the morning and afternoon sessions of working days.
    WorkingHours { hours: u32 },
    /// N calendar days ("không quá 30 ngày", e.g. land-dispute mediation under Luật Đất đai):
    /// days off count, but a period ending on a day off ends on the next working day
    /// (Bộ luật Dân sự 2015, Điều 148).
    CalendarDays { days: u32 },
    /// Returned the same working day; received after `cutoff`, the next working day
    /// (e.g. certified copies, Nghị định 23/2015/NĐ-CP: after 15:00).
    SameDay {
        #[serde(with = "hhmm")]
        cutoff: NaiveTime,
    },
}

impl ProcessingTime {
    /// The wording printed on the receipt and shown on the intake form.
    pub fn describe_vi(&self) -> String {
        match self {
            ProcessingTime::WorkingDays { days } => format!("{days:02} ngày làm việc"),
            ProcessingTime::WorkingHours { hours } => format!("{hours:02} giờ làm việc"),
            ProcessingTime::CalendarDays { days } => format!("{days:02} ngày (kể cả ngày nghỉ)"),
            ProcessingTime::SameDay { cutoff } => {
                format!("Trong ngày (nhận sau {} trả trong ngày làm việc tiếp theo)", cutoff.format("%H:%M"))
            }
        }
    }
}

impl WorkCalendar {
    /// The appointment (ngày hẹn trả kết quả) of a dossier received at `received` with
    /// processing time `time`, counted in this office's working days and hours.
    ///
    /// Rules:
    ///
    /// - **Effective receipt.** A dossier received inside a session (start inclusive, end
    ///   exclusive) of a working day counts from that instant. Received before the morning
    ///   session, it counts from the morning start; in the lunch break, from the afternoon
    ///   start; at or after the afternoon end, or on a day that is not a working day, from the
    ///   morning start of the next working day. A Saturday morning of an office open on
    ///   Saturdays is not a working day either (Saturday does not count for processing
    ///   times), unless the official list makes that Saturday a worked day.
    /// - **[`ProcessingTime::WorkingDays`]** `{ days: n }`: the n-th working day after the
    ///   effective day of receipt, at the clock time of the effective receipt (received
    ///   Monday 09:00, 3 days → Thursday 09:00). `n = 0` is treated like
    ///   [`ProcessingTime::SameDay`] with no cut-off: the effective day at the end of the
    ///   afternoon session.
    /// - **[`ProcessingTime::WorkingHours`]** `{ hours: n }`: n × 60 minutes of office time
    ///   counted from the effective receipt, only inside the morning and afternoon sessions of
    ///   working days; the appointment is the instant they are used up. When that is exactly
    ///   the end of a session, the session end is returned (not the start of the next one).
    ///   `n = 0` gives the effective receipt itself.
    /// - **[`ProcessingTime::CalendarDays`]** `{ days: n }`: the effective day of receipt plus
    ///   n calendar days, at the clock time of the effective receipt; when that day is not a
    ///   working day, the next working day at that time.
    /// - **[`ProcessingTime::SameDay`]** `{ cutoff }`: effective receipt before `cutoff` → the
    ///   effective day at the end of the afternoon session; at or after `cutoff` → the next
    ///   working day at the end of the afternoon session. A dossier received after hours
    ///   counts from the next morning, so it is returned that day.
    ///
    /// The appointment is never before `received`. If the office hours are not consistent
    /// ([`OfficeHours::is_consistent`]), the default hours are used so that the computation
    /// always ends. Each year's days off are computed at most once per call. Beyond the last
    /// date chrono can represent, the result saturates at `NaiveDateTime::MAX`.
    pub fn appointment(&self, received: NaiveDateTime, time: &ProcessingTime) -> NaiveDateTime {
        let default_hours;
        let hours = if self.hours().is_consistent() {
            self.hours()
        } else {
            default_hours = OfficeHours::default();
            &default_hours
        };
        let mut days = WorkingDays::new(self);
        let start = effective_receipt(hours, &mut days, received);
        let closing = |d: NaiveDate| d.and_time(hours.afternoon.end);
        match *time {
            ProcessingTime::WorkingDays { days: 0 } => closing(start.date()),
            ProcessingTime::WorkingDays { days: n } => {
                let mut d = start.date();
                for _ in 0..n {
                    d = days.next_after(d);
                    if d == NaiveDate::MAX {
                        return NaiveDateTime::MAX;
                    }
                }
                d.and_time(start.time())
            }
            ProcessingTime::WorkingHours { hours: n } => {
                add_office_time(hours, &mut days, start, TimeDelta::minutes(i64::from(n) * 60))
            }
            ProcessingTime::CalendarDays { days: n } => {
                let Some(mut d) = start.date().checked_add_days(chrono::Days::new(u64::from(n))) else {
                    return NaiveDateTime::MAX;
                };
                if !self.is_working_day(d) {
                    d = days.next_after(d);
                }
                if d == NaiveDate::MAX { NaiveDateTime::MAX } else { d.and_time(start.time()) }
            }
            ProcessingTime::SameDay { cutoff } => {
                if start.time() < cutoff {
                    closing(start.date())
                } else {
                    let d = days.next_after(start.date());
                    if d == NaiveDate::MAX { NaiveDateTime::MAX } else { closing(d) }
                }
            }
        }
    }
}

/// The instant from which processing time counts: `received` if it is inside a session of a
/// working day, otherwise the start of the next session of a working day.
fn effective_receipt(hours: &OfficeHours, days: &mut WorkingDays<'_>, received: NaiveDateTime) -> NaiveDateTime {
    let (d, t) = (received.date(), received.time());
    if days.is_working(d) {
        if t < hours.morning.start {
            return d.and_time(hours.morning.start);
        }
        if t < hours.morning.end {
            return received;
        }
        if t < hours.afternoon.start {
            return d.and_time(hours.afternoon.start);
        }
        if t < hours.afternoon.end {
            return received;
        }
    }
    let next = days.next_after(d);
    if next == NaiveDate::MAX { NaiveDateTime::MAX } else { next.and_time(hours.morning.start) }
}

/// `start` (inside a session of a working day) plus `amount` of office time.
fn add_office_time(
    hours: &OfficeHours,
    days: &mut WorkingDays<'_>,
    start: NaiveDateTime,
    amount: TimeDelta,
) -> NaiveDateTime {
    let mut now = start;
    let mut left = amount;
    loop {
        if now == NaiveDateTime::MAX {
            return now;
        }
        let in_morning = now.time() < hours.morning.end;
        let session_end = now.date().and_time(if in_morning { hours.morning.end } else { hours.afternoon.end });
        let available = session_end - now;
        if left <= available {
            return now + left;
        }
        left -= available;
        now = if in_morning {
            now.date().and_time(hours.afternoon.start)
        } else {
            let next = days.next_after(now.date());
            if next == NaiveDate::MAX { NaiveDateTime::MAX } else { next.and_time(hours.morning.start) }
        };
    }
}
