//! Public holidays (ngày nghỉ lễ, Tết) and the office's working days.
//!
//! The defaults are computed from the law: Bộ luật Lao động 2019, Điều 112, with the
//! substitute days (nghỉ bù) of its implementing decree. Each year the government also picks
//! the exact Tết days, swaps working days and sometimes adds days off; that official list comes
//! as data ([`CalendarExceptions`], one JSON file per year, distributed by the city server), so
//! following a new announcement never means editing code.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::hours::OfficeHours;
use super::lunar::{LunarDate, lunar_to_solar};

/// Where a day off comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A holiday of the Labour Code, computed.
    Statutory,
    /// Nghỉ bù: a statutory holiday fell on a Saturday or Sunday.
    Substitute,
    /// Added by the year's official list (e.g. a swapped working day, an extra Tết day).
    Exception,
}

/// One day off, with its Vietnamese name as shown to clerks and citizens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
    pub kind: HolidayKind,
}

/// One day of a year's official list: `{"date": "YYYY-MM-DD", "name": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionDay {
    pub date: NaiveDate,
    pub name: String,
}

/// The official decisions of one year that the computed defaults cannot know: the content of
/// `assets/calendar/YEAR.json`.
///
/// `days_off` are added to the statutory days; `worked_days` are working days whatever else
/// applies (a Saturday worked in exchange for a day off, or a computed substitute day that the
/// official list does not give).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CalendarExceptions {
    pub year: i32,
    /// The decision or announcement the list follows (số hiệu văn bản), for the record.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub days_off: Vec<ExceptionDay>,
    #[serde(default)]
    pub worked_days: Vec<ExceptionDay>,
}

impl CalendarExceptions {
    /// Parses a year file. Only the syntax is checked here: call [`Self::validate`] before
    /// using a file received from elsewhere.
    pub fn from_json(s: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(s)
    }

    /// Every date lies in `year`, and no date is both a day off and a worked day. The error is
    /// a Vietnamese sentence for the IT officer.
    pub fn validate(&self) -> Result<(), String> {
        for (list, day) in
            self.days_off.iter().map(|d| ("ngày nghỉ", d)).chain(self.worked_days.iter().map(|d| ("ngày làm việc", d)))
        {
            if day.date.year() != self.year {
                return Err(format!(
                    "Lịch năm {}: {} {} ({}) không thuộc năm {}.",
                    self.year,
                    list,
                    day.date.format("%d/%m/%Y"),
                    day.name,
                    self.year
                ));
            }
        }
        if let Some(both) = self.days_off.iter().find(|off| self.worked_days.iter().any(|w| w.date == off.date)) {
            return Err(format!(
                "Lịch năm {}: ngày {} vừa là ngày nghỉ vừa là ngày làm việc.",
                self.year,
                both.date.format("%d/%m/%Y")
            ));
        }
        Ok(())
    }
}

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The statutory days off of `year` (Bộ luật Lao động 2019, Điều 112), with their substitute
/// days, sorted by date:
///
/// - Tết Dương lịch: 1/1;
/// - Tết Nguyên đán: the last day of the lunar year (29 or 30 tháng Chạp) and mùng 1–4 of
///   the new year (the government may choose other days: see [`CalendarExceptions`]);
/// - Giỗ Tổ Hùng Vương: 10/3 lunar;
/// - Ngày Chiến thắng 30/4 and Ngày Quốc tế Lao động 1/5;
/// - Quốc khánh 2/9 and an adjacent day: 3/9 when 2/9 is a Monday or a Thursday (so the
///   break joins a weekend), otherwise 1/9; this matches the official choices of 2021–2026;
/// - from 2026, Ngày Văn hóa Việt Nam 24/11.
///
/// A holiday on a Saturday or a Sunday gives a substitute day off (nghỉ bù) on the next
/// Monday–Friday that is neither a holiday nor an already given substitute day, so the
/// substitutes of a run of Tết days that spans a weekend come after the whole run.
pub fn statutory_holidays(year: i32) -> Vec<Holiday> {
    let mut days: Vec<Holiday> = Vec::with_capacity(20);
    let mut push = |date: Option<NaiveDate>, name: &str| {
        if let Some(date) = date {
            days.push(Holiday { date, name: name.to_owned(), kind: HolidayKind::Statutory });
        }
    };

    push(date(year, 1, 1), "Tết Dương lịch");

    if let Some(tet) = lunar_to_solar(LunarDate { day: 1, month: 1, year, leap: false }) {
        if let Some(eve) = tet.pred_opt() {
            let last = super::lunar::solar_to_lunar(eve).day;
            push(Some(eve), &format!("Tết Nguyên đán ({last} tháng Chạp)"));
        }
        for n in 0..4u64 {
            push(tet.checked_add_days(Days::new(n)), &format!("Tết Nguyên đán (mùng {})", n + 1));
        }
    }
    push(lunar_to_solar(LunarDate { day: 10, month: 3, year, leap: false }), "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    push(date(year, 4, 30), "Ngày Chiến thắng (30/4)");
    push(date(year, 5, 1), "Ngày Quốc tế Lao động (1/5)");
    if let Some(national_day) = date(year, 9, 2) {
        let adjacent_day = if matches!(national_day.weekday(), Weekday::Mon | Weekday::Thu) { 3 } else { 1 };
        push(date(year, 9, adjacent_day), &format!("Quốc khánh ({adjacent_day}/9)"));
        push(Some(national_day), "Quốc khánh (2/9)");
    }
    if year >= 2026 {
        push(date(year, 11, 24), "Ngày Văn hóa Việt Nam (24/11)");
    }
    days.sort_by_key(|h| h.date);
    // Two holidays on one date (Giỗ Tổ could meet 30/4 or 1/5 after an early leap month)
    // make one day off.
    days.dedup_by(|later, first| {
        let same = later.date == first.date;
        if same {
            first.name = format!("{}, {}", first.name, later.name);
        }
        same
    });

    let mut substitutes: Vec<Holiday> = Vec::new();
    for holiday in days.iter().filter(|h| is_weekend(h.date)) {
        let mut d = holiday.date;
        while let Some(next) = d.succ_opt() {
            d = next;
            let taken = days.iter().any(|h| h.date == d) || substitutes.iter().any(|h| h.date == d);
            if !is_weekend(d) && !taken {
                substitutes.push(Holiday {
                    date: d,
                    name: format!("Nghỉ bù {}", holiday.name),
                    kind: HolidayKind::Substitute,
                });
                break;
            }
        }
    }
    days.extend(substitutes);
    days.sort_by_key(|h| h.date);
    days
}

/// The office's calendar: its hours and the official exceptions of each year.
///
/// Exceptions are filed by the year of each date, whatever the `year` field of the list they
/// came in (lists are checked with [`CalendarExceptions::validate`] where they are loaded);
/// several lists for one year are merged.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    hours: OfficeHours,
    days_off: BTreeMap<i32, Vec<ExceptionDay>>,
    worked_days: BTreeMap<i32, Vec<ExceptionDay>>,
}

impl WorkCalendar {
    pub fn new(hours: OfficeHours, exceptions: Vec<CalendarExceptions>) -> Self {
        let mut days_off: BTreeMap<i32, Vec<ExceptionDay>> = BTreeMap::new();
        let mut worked_days: BTreeMap<i32, Vec<ExceptionDay>> = BTreeMap::new();
        for list in exceptions {
            for day in list.days_off {
                days_off.entry(day.date.year()).or_default().push(day);
            }
            for day in list.worked_days {
                worked_days.entry(day.date.year()).or_default().push(day);
            }
        }
        WorkCalendar { hours, days_off, worked_days }
    }

    pub fn hours(&self) -> &OfficeHours {
        &self.hours
    }

    fn worked(&self, year: i32) -> &[ExceptionDay] {
        self.worked_days.get(&year).map_or(&[], Vec::as_slice)
    }

    /// The days off of `year`: statutory days and their substitutes, plus the official list's
    /// days off, minus its worked days; sorted by date, one entry per date (a statutory day
    /// wins over an exception on the same date). Ordinary weekends are not listed.
    pub fn days_off(&self, year: i32) -> Vec<Holiday> {
        let worked = self.worked(year);
        let mut days = statutory_holidays(year);
        if let Some(extra) = self.days_off.get(&year) {
            days.extend(extra.iter().map(|d| Holiday {
                date: d.date,
                name: d.name.clone(),
                kind: HolidayKind::Exception,
            }));
        }
        // Stable sort: for one date the statutory entry stays first and dedup keeps it.
        days.sort_by_key(|h| h.date);
        days.dedup_by_key(|h| h.date);
        days.retain(|h| !worked.iter().any(|w| w.date == h.date));
        days
    }

    /// Monday–Friday and not a day off, or a worked day of the official list (a swapped
    /// Saturday). Saturday mornings of offices that open then are not working days: they do
    /// not count for processing times.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        YearDays::new(self, date.year()).is_working(date)
    }

    /// The first working day strictly after `date` (`NaiveDate::MAX` if the calendar ends
    /// first).
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        WorkingDays::new(self).next_after(date)
    }
}

/// Which days of one year are working days: computed once, then O(1) per date.
#[derive(Debug, Clone)]
struct YearDays {
    year: i32,
    /// Indexed by `ordinal0()`.
    working: Vec<bool>,
}

impl YearDays {
    fn new(calendar: &WorkCalendar, year: i32) -> Self {
        let mut working = Vec::with_capacity(366);
        let mut d = date(year, 1, 1);
        while let Some(day) = d.filter(|x| x.year() == year) {
            working.push(!is_weekend(day));
            d = day.succ_opt();
        }
        let mut set = |day: NaiveDate, value: bool| {
            if day.year() == year
                && let Some(slot) = working.get_mut(day.ordinal0() as usize)
            {
                *slot = value;
            }
        };
        for off in calendar.days_off(year) {
            set(off.date, false);
        }
        for w in calendar.worked(year) {
            set(w.date, true);
        }
        YearDays { year, working }
    }

    fn is_working(&self, d: NaiveDate) -> bool {
        debug_assert_eq!(d.year(), self.year);
        self.working.get(d.ordinal0() as usize).copied().unwrap_or(false)
    }
}

/// A working-day oracle for one computation: each year's days are computed at most once.
#[derive(Debug)]
pub(crate) struct WorkingDays<'a> {
    calendar: &'a WorkCalendar,
    years: Vec<YearDays>,
}

impl<'a> WorkingDays<'a> {
    pub(crate) fn new(calendar: &'a WorkCalendar) -> Self {
        WorkingDays { calendar, years: Vec::with_capacity(2) }
    }

    pub(crate) fn is_working(&mut self, d: NaiveDate) -> bool {
        let year = d.year();
        if let Some(y) = self.years.iter().find(|y| y.year == year) {
            return y.is_working(d);
        }
        let y = YearDays::new(self.calendar, year);
        let working = y.is_working(d);
        // A computation moves forward: keep the last few years only.
        if self.years.len() >= 4 {
            self.years.remove(0);
        }
        self.years.push(y);
        working
    }

    /// The first working day strictly after `d`, or `NaiveDate::MAX` at the end of the
    /// calendar.
    pub(crate) fn next_after(&mut self, mut d: NaiveDate) -> NaiveDate {
        while let Some(next) = d.succ_opt() {
            d = next;
            if self.is_working(d) {
                return d;
            }
        }
        NaiveDate::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn validate_rejects_a_date_of_another_year_and_a_day_both_off_and_worked() {
        let day = |date| ExceptionDay { date, name: "x".into() };
        let mut list = CalendarExceptions { year: 2026, ..Default::default() };
        assert_eq!(list.validate(), Ok(()));
        list.days_off.push(day(d(2025, 12, 31)));
        assert!(list.validate().unwrap_err().contains("không thuộc năm 2026"));
        list.days_off = vec![day(d(2026, 8, 31))];
        list.worked_days = vec![day(d(2026, 8, 31))];
        assert!(list.validate().unwrap_err().contains("vừa là ngày nghỉ vừa là ngày làm việc"));
    }

    #[test]
    fn a_year_has_one_flag_per_day() {
        let cal = WorkCalendar::default();
        assert_eq!(YearDays::new(&cal, 2024).working.len(), 366);
        assert_eq!(YearDays::new(&cal, 2025).working.len(), 365);
    }
}
