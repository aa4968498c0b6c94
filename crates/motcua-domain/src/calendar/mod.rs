//! The office's calendar: Vietnamese lunar dates, days off, office hours, and the
//! appointment date (ngày hẹn trả) of a dossier.
//!
//! Pure computation: the per-year exceptions (official swaps and added days off) and the
//! office hours come in as data, so following a new decree never means editing code.

mod deadline;
mod holidays;
mod hours;
mod lunar;

pub use deadline::ProcessingTime;
pub use holidays::{CalendarExceptions, ExceptionDay, Holiday, HolidayKind, WorkCalendar, statutory_holidays};
pub use hours::{OfficeHours, Session};
pub use lunar::{LunarDate, lunar_to_solar, solar_to_lunar};

/// Vietnam's local time (UTC+7, no daylight saving) at the instant `utc`: offices keep this
/// time whatever time zone their PCs are set to.
pub fn vietnam_local(utc: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("constant offset");
    utc.with_timezone(&vietnam).naive_local()
}
