//! The Vietnamese lunar calendar (âm lịch).
//!
//! This is the standard published algorithm for the Vietnamese calendar by Hồ Ngọc Đức
//! ("Thuật toán tính âm lịch"): Julian day numbers, new moons computed astronomically with
//! Jean Meeus' formulas ("Astronomical Algorithms", 1998), the sun's longitude for the solar
//! terms, lunar month 11 is the month containing the winter solstice, and in a year of 13
//! months the leap month is the first month after month 11 with no major solar term
//! (trung khí). Everything is computed for the meridian 105°E (UTC+7), the official time zone
//! of Vietnam since 1968, for all years: this is what makes Tết fall on 29/01/1968,
//! 21/01/1985 and 17/02/2007 in Vietnam, where the Chinese calendar (UTC+8) differs.
//!
//! The formulas are accurate for 1900–2100 (tested over every day of that range); outside it
//! they still give a consistent calendar, increasingly far from the astronomical truth.

use std::f64::consts::PI;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Time zone of the Vietnamese calendar, in hours east of Greenwich (105°E).
const TIME_ZONE: f64 = 7.0;

/// Julian day number of 1900-01-01 minus one half day: the epoch of the new moon series.
const EPOCH_1900: f64 = 2_415_021.076_998_695;

/// Mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;

/// Offset between chrono's days since 0001-01-01 (day 1) and the Julian day number.
const JDN_OFFSET: i64 = 1_721_425;

/// A date of the Vietnamese lunar calendar.
///
/// `year` is the lunar year, numbered like the solar year in which it mostly falls (the
/// lunar year 2025, Ất Tỵ, starts on 29/01/2025). `leap` marks the leap month (tháng nhuận),
/// which repeats the number of the month before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    pub leap: bool,
}

impl fmt::Display for LunarDate {
    /// `D/M/YYYY`, with ` nhuận` right after the month of a leap month: `5/4 nhuận/2020`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { " nhuận" } else { "" };
        write!(f, "{}/{}{}/{}", self.day, self.month, leap, self.year)
    }
}

/// The lunar date of a solar (Gregorian) date.
pub fn solar_to_lunar(date: NaiveDate) -> LunarDate {
    let day_number = jdn(date);
    // The lunar month of the date starts at the last new moon on or before it. The mean
    // month gives k within one of the answer; the published code tries k + 1 then k, which
    // misses by one in a few years (2054-05-07, 2062-04-09 gave "day 0"): step until right.
    let mut k = ((day_number as f64 - EPOCH_1900) / SYNODIC_MONTH).floor() as i64 + 1;
    let mut month_start = new_moon_day(k);
    while month_start > day_number {
        k -= 1;
        month_start = new_moon_day(k);
    }
    while new_moon_day(k + 1) <= day_number {
        k += 1;
        month_start = new_moon_day(k);
    }
    let mut a11 = lunar_month_11(date.year());
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = date.year();
        a11 = lunar_month_11(date.year() - 1);
    } else {
        lunar_year = date.year() + 1;
        b11 = lunar_month_11(date.year() + 1);
    }
    let day = (day_number - month_start + 1) as u32;
    let diff = (month_start - a11).div_euclid(29);
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_month_diff = leap_month_offset(a11);
        if diff >= leap_month_diff {
            month = diff + 10;
            if diff == leap_month_diff {
                leap = true;
            }
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate { day, month: month as u32, year: lunar_year, leap }
}

/// The solar date of a lunar date; `None` when that lunar date does not exist: a month
/// outside 1–12, a day outside the month (day 30 of a 29-day month), or a leap month the
/// year does not have.
pub fn lunar_to_solar(lunar: LunarDate) -> Option<NaiveDate> {
    if !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return None;
    }
    let month = i64::from(lunar.month);
    let (a11, b11) = if month < 11 {
        (lunar_month_11(lunar.year.checked_sub(1)?), lunar_month_11(lunar.year))
    } else {
        (lunar_month_11(lunar.year), lunar_month_11(lunar.year.checked_add(1)?))
    };
    let k = (0.5 + (a11 as f64 - EPOCH_1900) / SYNODIC_MONTH).floor() as i64;
    let mut off = (month - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let leap_month = (leap_off - 2).rem_euclid(12);
        if lunar.leap && month != leap_month {
            return None;
        }
        if lunar.leap || off >= leap_off {
            off += 1;
        }
    } else if lunar.leap {
        return None;
    }
    let month_start = new_moon_day(k + off);
    let month_length = new_moon_day(k + off + 1) - month_start;
    if i64::from(lunar.day) > month_length {
        return None;
    }
    from_jdn(month_start + i64::from(lunar.day) - 1)
}

/// Julian day number of a date (noon-based: 2000-01-01 is 2451545).
fn jdn(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OFFSET
}

fn from_jdn(jd: i64) -> Option<NaiveDate> {
    i32::try_from(jd - JDN_OFFSET).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Julian day (with fraction, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49 in
/// the simplified form used by the published algorithm).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// Julian day number of the local (UTC+7) day of the k-th new moon.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// The sun's apparent longitude in radians, in [0, 2π), at Julian day `jdn` (UT).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Which of the 12 major solar terms (0 = spring equinox … 9 = winter solstice … ) the sun
/// has reached at the start of local day `day_number`.
fn sun_longitude_sector(day_number: i64) -> i64 {
    (sun_longitude(day_number as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i64
}

/// Julian day number of the start of lunar month 11 (the month containing the winter
/// solstice) of solar year `year`.
fn lunar_month_11(year: i32) -> i64 {
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).map_or_else(
        // Beyond chrono's range: extrapolate with the mean Gregorian year.
        || 2_451_910 + ((f64::from(year) - 2000.0) * 365.2425) as i64,
        jdn,
    );
    let off = (dec31 - 2_415_021) as f64;
    let k = (off / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k);
    if sun_longitude_sector(nm) >= 9 { new_moon_day(k - 1) } else { nm }
}

/// In a 13-month lunar year starting at month 11 `a11`, how many months after month 11 the
/// leap month comes (the first month with no major solar term).
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - EPOCH_1900) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_longitude_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_longitude_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn julian_day_number_matches_the_astronomical_one() {
        assert_eq!(jdn(d(2000, 1, 1)), 2_451_545);
        assert_eq!(jdn(d(1900, 1, 1)), 2_415_021);
        assert_eq!(from_jdn(2_451_545), Some(d(2000, 1, 1)));
    }

    #[test]
    fn display_puts_nhuan_after_the_month() {
        let l = LunarDate { day: 5, month: 4, year: 2020, leap: true };
        assert_eq!(l.to_string(), "5/4 nhuận/2020");
        let l = LunarDate { leap: false, ..l };
        assert_eq!(l.to_string(), "5/4/2020");
    }
}
