//! Tests of `motcua_domain::calendar`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use motcua_domain::calendar::*;
use proptest::prelude::*;

const Y2025: &str = include_str!("../../../../assets/calendar/2025.json");
const Y2026: &str = include_str!("../../../../assets/calendar/2026.json");
const Y2027: &str = include_str!("../../../../assets/calendar/2027.json");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).expect("valid test time")
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
}

fn lunar(day: u32, month: u32, year: i32, leap: bool) -> LunarDate {
    LunarDate { day, month, year, leap }
}

fn exceptions() -> Vec<CalendarExceptions> {
    [Y2025, Y2026, Y2027].iter().map(|s| CalendarExceptions::from_json(s).expect("asset file parses")).collect()
}

/// The office calendar with the official lists of 2025–2027 and the default hours.
fn official() -> WorkCalendar {
    WorkCalendar::new(OfficeHours::default(), exceptions())
}

fn dates(days: &[Holiday]) -> Vec<NaiveDate> {
    days.iter().map(|h| h.date).collect()
}

fn off_on(cal: &WorkCalendar, date: NaiveDate) -> Option<Holiday> {
    cal.days_off(date.year()).into_iter().find(|h| h.date == date)
}

// ---------------------------------------------------------------- lunar calendar

#[test]
fn every_day_1900_to_2100_round_trips_through_the_lunar_calendar() {
    let mut date = d(1900, 1, 1);
    let mut count = 0;
    while date <= d(2100, 12, 31) {
        let l = solar_to_lunar(date);
        assert_eq!(lunar_to_solar(l), Some(date), "{date} → {l}");
        date = date.succ_opt().unwrap();
        count += 1;
    }
    assert_eq!(count, 73_414);
}

#[test]
fn lunar_days_follow_each_other_in_29_or_30_day_months_and_12_or_13_month_years() {
    let mut date = d(1900, 3, 1);
    let mut prev = solar_to_lunar(date);
    // None until the first Tết: the year 1900 is seen only in part.
    let mut months_in_year: Option<u32> = None;
    let mut leap_years = 0;
    while date < d(2100, 12, 31) {
        date = date.succ_opt().unwrap();
        let l = solar_to_lunar(date);
        if l.day == 1 {
            assert!(prev.day == 29 || prev.day == 30, "month of {} days before {date}", prev.day);
            let next_month = if l.leap {
                l.month == prev.month && l.year == prev.year && !prev.leap
            } else if prev.month == 12 {
                l.month == 1 && l.year == prev.year + 1
            } else {
                l.month == prev.month + 1 && l.year == prev.year
            };
            assert!(next_month, "{prev} is followed by {l} ({date})");
            if l.month == 1 && !l.leap {
                if let Some(months) = months_in_year {
                    assert!(months == 12 || months == 13, "{months} months before {date}");
                    leap_years += usize::from(months == 13);
                }
                months_in_year = Some(0);
            }
            months_in_year = months_in_year.map(|m| m + 1);
        } else {
            assert_eq!((l.day, l.month, l.year, l.leap), (prev.day + 1, prev.month, prev.year, prev.leap), "{date}");
        }
        prev = l;
    }
    // 7 leap months every 19 years: about 74 in 200 years.
    assert!((70..=78).contains(&leap_years), "{leap_years} leap years");
}

proptest! {
    #[test]
    fn random_dates_round_trip(offset in 0i64..73_414) {
        let date = d(1900, 1, 1) + TimeDelta::days(offset);
        let l = solar_to_lunar(date);
        prop_assert!((1..=30).contains(&l.day) && (1..=12).contains(&l.month));
        prop_assert!(l.year == date.year() || l.year == date.year() - 1);
        prop_assert_eq!(lunar_to_solar(l), Some(date));
    }
}

#[test]
fn tet_in_vietnam_differs_from_china_in_1968_1985_2007() {
    // China (UTC+8): 1968-01-30, 1985-02-20, 2007-02-18.
    for (year, tet) in [(1968, d(1968, 1, 29)), (1985, d(1985, 1, 21)), (2007, d(2007, 2, 17))] {
        assert_eq!(lunar_to_solar(lunar(1, 1, year, false)), Some(tet));
        assert_eq!(solar_to_lunar(tet), lunar(1, 1, year, false));
    }
}

#[test]
fn tet_of_recent_years() {
    for (year, tet) in [(2024, d(2024, 2, 10)), (2025, d(2025, 1, 29)), (2026, d(2026, 2, 17)), (2027, d(2027, 2, 6))] {
        assert_eq!(lunar_to_solar(lunar(1, 1, year, false)), Some(tet), "Tết {year}");
        assert_eq!(solar_to_lunar(tet), lunar(1, 1, year, false));
        // The day before is the last day of the previous lunar year.
        let eve = solar_to_lunar(tet.pred_opt().unwrap());
        assert_eq!((eve.month, eve.year, eve.leap), (12, year - 1, false));
        assert!(eve.day == 29 || eve.day == 30);
    }
}

#[test]
fn leap_months_2020_and_2023() {
    assert_eq!(solar_to_lunar(d(2020, 5, 23)), lunar(1, 4, 2020, true));
    assert_eq!(solar_to_lunar(d(2020, 5, 22)), lunar(30, 4, 2020, false));
    assert_eq!(lunar_to_solar(lunar(1, 4, 2020, true)), Some(d(2020, 5, 23)));
    assert_eq!(solar_to_lunar(d(2020, 5, 23)).to_string(), "1/4 nhuận/2020");
    assert_eq!(solar_to_lunar(d(2023, 3, 22)), lunar(1, 2, 2023, true));
    assert_eq!(lunar_to_solar(lunar(1, 2, 2023, true)), Some(d(2023, 3, 22)));
    assert_eq!(solar_to_lunar(d(2023, 3, 22)).to_string(), "1/2 nhuận/2023");
}

#[test]
fn display_is_day_month_year_with_nhuan_after_the_month() {
    assert_eq!(lunar(5, 4, 2020, true).to_string(), "5/4 nhuận/2020");
    assert_eq!(lunar(10, 3, 2026, false).to_string(), "10/3/2026");
    assert_eq!(solar_to_lunar(d(2026, 4, 26)).to_string(), "10/3/2026");
}

#[test]
fn gio_to_hung_vuong() {
    assert_eq!(lunar_to_solar(lunar(10, 3, 2025, false)), Some(d(2025, 4, 7)));
    assert_eq!(lunar_to_solar(lunar(10, 3, 2026, false)), Some(d(2026, 4, 26)));
}

#[test]
fn lunar_dates_that_do_not_exist() {
    // 2024 has no leap month; 2025 has leap month 6 only; 2020 leap month 4 only.
    assert_eq!(lunar_to_solar(lunar(1, 4, 2024, true)), None);
    assert_eq!(lunar_to_solar(lunar(1, 4, 2025, true)), None);
    assert_eq!(lunar_to_solar(lunar(1, 6, 2025, true)), Some(d(2025, 7, 25)));
    assert_eq!(lunar_to_solar(lunar(1, 3, 2020, true)), None);
    // Tháng Chạp of Ất Tỵ (2025) has 29 days: Tết Bính Ngọ is 2026-02-17.
    assert_eq!(lunar_to_solar(lunar(29, 12, 2025, false)), Some(d(2026, 2, 16)));
    assert_eq!(lunar_to_solar(lunar(30, 12, 2025, false)), None);
    // Month 4 of 2020 (before the leap month) has 30 days.
    assert_eq!(lunar_to_solar(lunar(30, 4, 2020, false)), Some(d(2020, 5, 22)));
    for bad in
        [lunar(0, 1, 2025, false), lunar(31, 1, 2025, false), lunar(1, 0, 2025, false), lunar(1, 13, 2025, false)]
    {
        assert_eq!(lunar_to_solar(bad), None, "{bad:?}");
    }
}

#[test]
fn lunar_date_serializes_with_its_field_names() {
    let json = serde_json::to_string(&lunar(1, 4, 2020, true)).unwrap();
    assert_eq!(json, r#"{"day":1,"month":4,"year":2020,"leap":true}"#);
    assert_eq!(serde_json::from_str::<LunarDate>(&json).unwrap(), lunar(1, 4, 2020, true));
}

// ---------------------------------------------------------------- holidays

#[test]
fn statutory_holidays_2026() {
    let days = statutory_holidays(2026);
    let expected = [
        (d(2026, 1, 1), "Tết Dương lịch", HolidayKind::Statutory),
        (d(2026, 2, 16), "Tết Nguyên đán (29 tháng Chạp)", HolidayKind::Statutory),
        (d(2026, 2, 17), "Tết Nguyên đán (mùng 1)", HolidayKind::Statutory),
        (d(2026, 2, 18), "Tết Nguyên đán (mùng 2)", HolidayKind::Statutory),
        (d(2026, 2, 19), "Tết Nguyên đán (mùng 3)", HolidayKind::Statutory),
        (d(2026, 2, 20), "Tết Nguyên đán (mùng 4)", HolidayKind::Statutory),
        (d(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", HolidayKind::Statutory),
        (d(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)", HolidayKind::Substitute),
        (d(2026, 4, 30), "Ngày Chiến thắng (30/4)", HolidayKind::Statutory),
        (d(2026, 5, 1), "Ngày Quốc tế Lao động (1/5)", HolidayKind::Statutory),
        (d(2026, 9, 1), "Quốc khánh (1/9)", HolidayKind::Statutory),
        (d(2026, 9, 2), "Quốc khánh (2/9)", HolidayKind::Statutory),
        (d(2026, 11, 24), "Ngày Văn hóa Việt Nam (24/11)", HolidayKind::Statutory),
    ];
    let got: Vec<_> = days.iter().map(|h| (h.date, h.name.as_str(), h.kind)).collect();
    assert_eq!(got, expected);
}

#[test]
fn culture_day_24_11_is_off_from_2026_only() {
    assert!(statutory_holidays(2025).iter().all(|h| h.date != d(2025, 11, 24)));
    assert!(statutory_holidays(2026).iter().any(|h| h.date == d(2026, 11, 24)));
    assert!(statutory_holidays(2030).iter().any(|h| h.date == d(2030, 11, 24)));
}

#[test]
fn national_day_adjacent_day_matches_the_official_choices_2021_to_2026() {
    for (year, adjacent) in [(2021, 3), (2022, 1), (2023, 1), (2024, 3), (2025, 1), (2026, 1)] {
        let sept: Vec<u32> =
            statutory_holidays(year).iter().filter(|h| h.date.month() == 9).map(|h| h.date.day()).collect();
        let mut expected = vec![adjacent, 2];
        expected.sort();
        if year == 2023 {
            expected.push(4); // 2/9/2023 was a Saturday: nghỉ bù Monday 4/9.
        }
        assert_eq!(sept, expected, "{year}");
    }
}

#[test]
fn substitutes_2023_come_after_the_run_of_gio_to_30_4_and_1_5() {
    // 2023: 1/1 Sunday → Monday 2/1. Tết: Saturday 21/1 (30 tháng Chạp), Sunday 22/1 (mùng 1)
    // to Wednesday 25/1 → Thursday 26/1 and Friday 27/1. Giỗ Tổ Saturday 29/4, 30/4 Sunday,
    // 1/5 Monday → Tuesday 2/5 and Wednesday 3/5 (as officially given). 2/9 Saturday → 4/9.
    let subs: Vec<_> =
        statutory_holidays(2023).into_iter().filter(|h| h.kind == HolidayKind::Substitute).map(|h| h.date).collect();
    assert_eq!(subs, [d(2023, 1, 2), d(2023, 1, 26), d(2023, 1, 27), d(2023, 5, 2), d(2023, 5, 3), d(2023, 9, 4)]);
}

#[test]
fn statutory_holidays_are_consistent_every_year_2000_to_2100() {
    for year in 2000..=2100 {
        let days = statutory_holidays(year);
        assert!(days.windows(2).all(|w| w[0].date < w[1].date), "{year}: sorted, one entry per date");
        assert!(days.iter().all(|h| h.date.year() == year));
        let tet: Vec<_> = days.iter().filter(|h| h.name.starts_with("Tết Nguyên đán")).map(|h| h.date).collect();
        assert_eq!(tet.len(), 5, "{year}");
        assert_eq!(solar_to_lunar(tet[1]), lunar(1, 1, year, false));
        assert_eq!(tet[4] - tet[0], TimeDelta::days(4));
        let weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let on_weekend = days.iter().filter(|h| h.kind == HolidayKind::Statutory && weekend(h.date)).count();
        let subs: Vec<_> = days.iter().filter(|h| h.kind == HolidayKind::Substitute).collect();
        assert_eq!(subs.len(), on_weekend, "{year}: one nghỉ bù per holiday on a weekend");
        for s in subs {
            assert!(!weekend(s.date) && s.name.starts_with("Nghỉ bù "), "{year}: {s:?}");
        }
    }
}

#[test]
fn asset_files_are_valid_and_match_their_year() {
    for (year, list) in (2025..).zip(exceptions()) {
        assert_eq!(list.year, year);
        assert_eq!(list.validate(), Ok(()));
        assert!(!list.source.is_empty());
    }
}

#[test]
fn exceptions_json_format() {
    let list = CalendarExceptions::from_json(r#"{"year": 2030, "days_off": [{"date": "2030-01-02", "name": "x"}]}"#)
        .expect("source and worked_days may be omitted");
    assert_eq!(list.year, 2030);
    assert_eq!(list.source, "");
    assert_eq!(list.days_off, [ExceptionDay { date: d(2030, 1, 2), name: "x".into() }]);
    assert!(list.worked_days.is_empty());
    assert!(
        CalendarExceptions::from_json(r#"{"year": 2030, "days_off": [{"date": "02/01/2030", "name": "x"}]}"#).is_err()
    );
    assert!(CalendarExceptions::from_json(r#"{"days_off": []}"#).is_err(), "year is required");

    let misfiled = CalendarExceptions { year: 2031, ..list.clone() };
    assert!(misfiled.validate().unwrap_err().contains("không thuộc năm 2031"));
    let both = CalendarExceptions { worked_days: list.days_off.clone(), ..list };
    assert!(both.validate().unwrap_err().contains("vừa là ngày nghỉ vừa là ngày làm việc"));

    let h = Holiday { date: d(2026, 8, 31), name: "n".into(), kind: HolidayKind::Exception };
    assert_eq!(serde_json::to_string(&h).unwrap(), r#"{"date":"2026-08-31","name":"n","kind":"exception"}"#);
    assert_eq!(serde_json::to_string(&HolidayKind::Substitute).unwrap(), r#""substitute""#);
}

#[test]
fn official_days_off_2025() {
    let cal = official();
    assert_eq!(
        dates(&cal.days_off(2025)),
        [
            d(2025, 1, 1),
            d(2025, 1, 27),
            d(2025, 1, 28),
            d(2025, 1, 29),
            d(2025, 1, 30),
            d(2025, 1, 31),
            d(2025, 2, 1),
            d(2025, 4, 7),
            d(2025, 4, 30),
            d(2025, 5, 1),
            d(2025, 5, 2),
            d(2025, 9, 1),
            d(2025, 9, 2),
        ]
    );
    assert_eq!(off_on(&cal, d(2025, 1, 27)).unwrap().kind, HolidayKind::Exception);
    // The computed nghỉ bù of Saturday 1/2 is cancelled by the official list…
    assert!(statutory_holidays(2025).iter().any(|h| h.date == d(2025, 2, 3) && h.kind == HolidayKind::Substitute));
    assert!(cal.is_working_day(d(2025, 2, 3)));
    assert!(!WorkCalendar::default().is_working_day(d(2025, 2, 3)));
    // …and Saturday 26/4 is worked in exchange for Friday 2/5.
    assert!(cal.is_working_day(d(2025, 4, 26)));
    assert!(!cal.is_working_day(d(2025, 5, 2)));
    assert!(WorkCalendar::default().is_working_day(d(2025, 5, 2)));
    assert!(!cal.is_working_day(d(2025, 4, 27)), "Sunday");
}

#[test]
fn official_days_off_2026() {
    let cal = official();
    let days = cal.days_off(2026);
    assert_eq!(
        dates(&days),
        [
            d(2026, 1, 1),
            d(2026, 1, 2),
            d(2026, 2, 16),
            d(2026, 2, 17),
            d(2026, 2, 18),
            d(2026, 2, 19),
            d(2026, 2, 20),
            d(2026, 4, 26),
            d(2026, 4, 27),
            d(2026, 4, 30),
            d(2026, 5, 1),
            d(2026, 8, 31),
            d(2026, 9, 1),
            d(2026, 9, 2),
            d(2026, 11, 24),
        ]
    );
    let substitute = off_on(&cal, d(2026, 4, 27)).unwrap();
    assert_eq!(substitute.kind, HolidayKind::Substitute);
    assert!(substitute.name.starts_with("Nghỉ bù Giỗ Tổ Hùng Vương"));
    assert_eq!(off_on(&cal, d(2026, 8, 31)).unwrap().kind, HolidayKind::Exception);
    assert!(cal.is_working_day(d(2026, 8, 22)), "Saturday 22/8 is worked");
    assert!(cal.is_working_day(d(2026, 1, 10)), "Saturday 10/1 is worked");
    assert!(!cal.is_working_day(d(2026, 8, 31)));
    assert!(!cal.is_working_day(d(2026, 11, 24)));
    assert!(cal.is_working_day(d(2026, 11, 23)));
    assert!(!cal.is_working_day(d(2026, 8, 29)), "an ordinary Saturday");
    assert!(!days.iter().any(|h| h.date == d(2026, 8, 29)), "weekends are not listed");
}

#[test]
fn official_days_off_2027_are_the_computed_ones() {
    let cal = official();
    let days = cal.days_off(2027);
    assert_eq!(days, statutory_holidays(2027));
    assert_eq!(
        dates(&days),
        [
            d(2027, 1, 1),
            d(2027, 2, 5),
            d(2027, 2, 6),
            d(2027, 2, 7),
            d(2027, 2, 8),
            d(2027, 2, 9),
            d(2027, 2, 10),
            d(2027, 2, 11),
            d(2027, 4, 16),
            d(2027, 4, 30),
            d(2027, 5, 1),
            d(2027, 5, 3),
            d(2027, 9, 2),
            d(2027, 9, 3),
            d(2027, 11, 24),
        ]
    );
    // Tết mùng 1 and 2 fall on Saturday 6/2 and Sunday 7/2: their nghỉ bù come after the run.
    let subs: Vec<_> = days.iter().filter(|h| h.kind == HolidayKind::Substitute).map(|h| h.name.as_str()).collect();
    assert_eq!(
        subs,
        ["Nghỉ bù Tết Nguyên đán (mùng 1)", "Nghỉ bù Tết Nguyên đán (mùng 2)", "Nghỉ bù Ngày Quốc tế Lao động (1/5)",]
    );
    assert_eq!(cal.next_working_day(d(2027, 2, 4)), d(2027, 2, 12));
}

#[test]
fn next_working_day_is_strictly_after() {
    let cal = official();
    assert_eq!(cal.next_working_day(d(2026, 11, 20)), d(2026, 11, 23));
    assert_eq!(cal.next_working_day(d(2026, 11, 23)), d(2026, 11, 25));
    assert_eq!(cal.next_working_day(d(2026, 8, 21)), d(2026, 8, 22));
    assert_eq!(cal.next_working_day(d(2026, 8, 28)), d(2026, 9, 3));
    assert_eq!(cal.next_working_day(d(2026, 12, 31)), d(2027, 1, 4));
}

#[test]
fn exceptions_are_filed_by_the_year_of_their_date_and_merged() {
    let day = |date, name: &str| ExceptionDay { date, name: name.into() };
    let a = CalendarExceptions { year: 2030, days_off: vec![day(d(2030, 3, 4), "a")], ..Default::default() };
    let b = CalendarExceptions {
        year: 2030,
        days_off: vec![day(d(2030, 3, 5), "b")],
        worked_days: vec![day(d(2030, 3, 9), "c")],
        ..Default::default()
    };
    let cal = WorkCalendar::new(OfficeHours::default(), vec![a, b]);
    assert!(!cal.is_working_day(d(2030, 3, 4)));
    assert!(!cal.is_working_day(d(2030, 3, 5)));
    assert!(cal.is_working_day(d(2030, 3, 9)), "a worked Saturday");
    assert!(cal.is_working_day(d(2030, 3, 6)));
    let extra: Vec<_> = cal.days_off(2030).into_iter().filter(|h| h.kind == HolidayKind::Exception).collect();
    assert_eq!(dates(&extra), [d(2030, 3, 4), d(2030, 3, 5)]);
    assert_eq!(cal.hours(), &OfficeHours::default());
}

// ---------------------------------------------------------------- appointment

fn working_days(days: u32) -> ProcessingTime {
    ProcessingTime::WorkingDays { days }
}

fn working_hours(hours: u32) -> ProcessingTime {
    ProcessingTime::WorkingHours { hours }
}

fn same_day(h: u32, m: u32) -> ProcessingTime {
    ProcessingTime::SameDay { cutoff: hm(h, m) }
}

#[test]
fn working_days_skip_the_culture_day() {
    let cal = official();
    assert_eq!(cal.appointment(at(2026, 11, 23, 9, 0), &working_days(3)), at(2026, 11, 27, 9, 0));
    assert_eq!(cal.appointment(at(2026, 11, 23, 9, 0), &working_days(1)), at(2026, 11, 25, 9, 0));
}

#[test]
fn received_after_hours_counts_from_the_next_morning() {
    let cal = official();
    // Friday 17:30 → Monday 23/11 07:30; one working day later (24/11 off) → Wednesday 25/11.
    assert_eq!(cal.appointment(at(2026, 11, 20, 17, 30), &working_days(1)), at(2026, 11, 25, 7, 30));
    // Exactly 17:00 is after hours too; 16:59 is not.
    assert_eq!(cal.appointment(at(2026, 11, 20, 17, 0), &working_days(1)), at(2026, 11, 25, 7, 30));
    assert_eq!(cal.appointment(at(2026, 11, 20, 16, 59), &working_days(1)), at(2026, 11, 23, 16, 59));
    // Before opening → the same day's opening.
    assert_eq!(cal.appointment(at(2026, 3, 2, 6, 15), &working_days(2)), at(2026, 3, 4, 7, 30));
    // Lunch break → the afternoon start.
    assert_eq!(cal.appointment(at(2026, 3, 2, 12, 0), &working_days(2)), at(2026, 3, 4, 13, 30));
    // Sunday → Monday morning.
    assert_eq!(cal.appointment(at(2026, 3, 1, 10, 0), &working_days(2)), at(2026, 3, 4, 7, 30));
}

#[test]
fn zero_working_days_is_the_end_of_the_effective_day() {
    let cal = official();
    assert_eq!(cal.appointment(at(2026, 3, 2, 9, 0), &working_days(0)), at(2026, 3, 2, 17, 0));
    assert_eq!(cal.appointment(at(2026, 3, 2, 16, 0), &working_days(0)), at(2026, 3, 2, 17, 0));
    assert_eq!(cal.appointment(at(2026, 3, 7, 9, 0), &working_days(0)), at(2026, 3, 9, 17, 0));
}

#[test]
fn working_hours_count_office_time_only() {
    let cal = official();
    // Monday 15:00: 2 h today, 4 h Tuesday morning, 2 h Tuesday afternoon.
    assert_eq!(cal.appointment(at(2026, 3, 2, 15, 0), &working_hours(8)), at(2026, 3, 3, 15, 30));
    // Landing exactly on a session end gives that end.
    assert_eq!(cal.appointment(at(2026, 3, 2, 7, 30), &working_hours(4)), at(2026, 3, 2, 11, 30));
    assert_eq!(cal.appointment(at(2026, 3, 2, 16, 0), &working_hours(1)), at(2026, 3, 2, 17, 0));
    // A whole day is 7.5 h: 8 h from Monday opening ends Tuesday 08:00.
    assert_eq!(cal.appointment(at(2026, 3, 2, 7, 30), &working_hours(8)), at(2026, 3, 3, 8, 0));
    // Lunch break counts from 13:30.
    assert_eq!(cal.appointment(at(2026, 3, 2, 12, 0), &working_hours(1)), at(2026, 3, 2, 14, 30));
    // Across the Quốc khánh break (31/8–2/9 off, Saturday 29/8 and Sunday 30/8 too).
    assert_eq!(cal.appointment(at(2026, 8, 28, 16, 0), &working_hours(2)), at(2026, 9, 3, 8, 30));
    assert_eq!(cal.appointment(at(2026, 3, 2, 10, 0), &working_hours(0)), at(2026, 3, 2, 10, 0));
    assert_eq!(cal.appointment(at(2026, 3, 2, 18, 0), &working_hours(0)), at(2026, 3, 3, 7, 30));
}

#[test]
fn same_day_with_a_cut_off() {
    let cal = official();
    let certified_copy = same_day(15, 0);
    assert_eq!(cal.appointment(at(2026, 3, 2, 14, 59), &certified_copy), at(2026, 3, 2, 17, 0));
    assert_eq!(cal.appointment(at(2026, 3, 2, 15, 0), &certified_copy), at(2026, 3, 3, 17, 0));
    // The next working day after Monday 23/11 is Wednesday 25/11.
    assert_eq!(cal.appointment(at(2026, 11, 23, 15, 30), &certified_copy), at(2026, 11, 25, 17, 0));
    // After hours or on a weekend: counted from the next morning, so returned that day.
    assert_eq!(cal.appointment(at(2026, 11, 20, 17, 30), &certified_copy), at(2026, 11, 23, 17, 0));
    assert_eq!(cal.appointment(at(2026, 3, 7, 9, 0), &certified_copy), at(2026, 3, 9, 17, 0));
}

#[test]
fn a_swapped_saturday_is_a_working_day() {
    let cal = official();
    assert_eq!(cal.appointment(at(2026, 8, 21, 9, 0), &working_days(1)), at(2026, 8, 22, 9, 0));
    assert_eq!(cal.appointment(at(2026, 8, 22, 9, 0), &working_days(0)), at(2026, 8, 22, 17, 0));
    assert_eq!(cal.appointment(at(2026, 8, 21, 16, 0), &working_hours(2)), at(2026, 8, 22, 8, 30));
    assert_eq!(cal.appointment(at(2026, 8, 22, 14, 0), &same_day(15, 0)), at(2026, 8, 22, 17, 0));
    // Without the official list the Saturday is off.
    let plain = WorkCalendar::default();
    assert_eq!(plain.appointment(at(2026, 8, 21, 9, 0), &working_days(1)), at(2026, 8, 24, 9, 0));
}

#[test]
fn tet_2025_official_list_changes_the_appointment() {
    // Friday 24/01/2025 + 1 working day. Officially 27/1–31/1 off and 3/2 worked.
    assert_eq!(official().appointment(at(2025, 1, 24, 10, 0), &working_days(1)), at(2025, 2, 3, 10, 0));
    // Computed defaults only: Monday 27/1 works; Tết 28/1–1/2, nghỉ bù Monday 3/2.
    let plain = WorkCalendar::default();
    assert_eq!(plain.appointment(at(2025, 1, 24, 10, 0), &working_days(1)), at(2025, 1, 27, 10, 0));
    assert_eq!(plain.appointment(at(2025, 1, 24, 10, 0), &working_days(2)), at(2025, 2, 4, 10, 0));
}

#[test]
fn appointments_cross_the_new_year() {
    let cal = official();
    // 31/12/2026 Thursday, 1/1/2027 Friday off, weekend, Monday 4/1, Tuesday 5/1.
    assert_eq!(cal.appointment(at(2026, 12, 30, 10, 0), &working_days(3)), at(2027, 1, 5, 10, 0));
    assert_eq!(cal.appointment(at(2026, 12, 31, 16, 0), &working_hours(2)), at(2027, 1, 4, 8, 30));
}

#[test]
fn saturday_morning_offices_do_not_count_saturday() {
    let hours = OfficeHours { saturday_morning: true, ..OfficeHours::default() };
    let cal = WorkCalendar::new(hours, exceptions());
    assert!(!cal.is_working_day(d(2026, 3, 7)));
    // Received Saturday 09:00 → counted from Monday 07:30.
    assert_eq!(cal.appointment(at(2026, 3, 7, 9, 0), &working_days(1)), at(2026, 3, 10, 7, 30));
    assert_eq!(cal.appointment(at(2026, 3, 7, 9, 0), &same_day(15, 0)), at(2026, 3, 9, 17, 0));
    assert_eq!(cal.appointment(at(2026, 3, 6, 16, 0), &working_hours(2)), at(2026, 3, 9, 8, 30));
}

#[test]
fn other_office_hours_are_used() {
    // Hà Nội: 08:00–12:00, 13:00–17:00.
    let hours = OfficeHours {
        morning: Session { start: hm(8, 0), end: hm(12, 0) },
        afternoon: Session { start: hm(13, 0), end: hm(17, 0) },
        saturday_morning: false,
    };
    let cal = WorkCalendar::new(hours, exceptions());
    assert_eq!(cal.appointment(at(2026, 3, 2, 7, 45), &working_days(1)), at(2026, 3, 3, 8, 0));
    assert_eq!(cal.appointment(at(2026, 3, 2, 12, 30), &working_hours(4)), at(2026, 3, 2, 17, 0));
    assert_eq!(cal.appointment(at(2026, 3, 2, 15, 0), &working_hours(8)), at(2026, 3, 3, 15, 0));
}

#[test]
fn inconsistent_hours_fall_back_to_the_defaults_and_terminate() {
    let hours = OfficeHours {
        morning: Session { start: hm(9, 0), end: hm(9, 0) },
        afternoon: Session { start: hm(13, 0), end: hm(13, 0) },
        saturday_morning: false,
    };
    let cal = WorkCalendar::new(hours, vec![]);
    assert_eq!(cal.appointment(at(2026, 3, 2, 15, 0), &working_hours(8)), at(2026, 3, 3, 15, 30));
}

/// Office time between two instants, summed day by day: an independent check of the
/// hours-based appointment.
fn office_time(cal: &WorkCalendar, from: NaiveDateTime, to: NaiveDateTime) -> TimeDelta {
    let h = cal.hours();
    let mut total = TimeDelta::zero();
    let mut day = from.date();
    while day <= to.date() {
        if cal.is_working_day(day) {
            for session in [h.morning, h.afternoon] {
                let lo = day.and_time(session.start).max(from);
                let hi = day.and_time(session.end).min(to);
                if hi > lo {
                    total += hi - lo;
                }
            }
        }
        day = day.succ_opt().unwrap();
    }
    total
}

fn in_office_hours(cal: &WorkCalendar, t: NaiveDateTime) -> bool {
    let h = cal.hours();
    let time = t.time();
    cal.is_working_day(t.date())
        && ((h.morning.start <= time && time <= h.morning.end)
            || (h.afternoon.start <= time && time <= h.afternoon.end))
}

fn any_received() -> impl Strategy<Value = NaiveDateTime> {
    // 2025-01-01 .. 2027-12-20, any second of the day.
    (0i64..1083, 0i64..86_400).prop_map(|(day, s)| at(2025, 1, 1, 0, 0) + TimeDelta::days(day) + TimeDelta::seconds(s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn working_day_appointments_are_sane(received in any_received(), n in 0u32..40, saturday in any::<bool>()) {
        let hours = OfficeHours { saturday_morning: saturday, ..OfficeHours::default() };
        let cal = WorkCalendar::new(hours, exceptions());
        let a = cal.appointment(received, &working_days(n));
        let b = cal.appointment(received, &working_days(n + 1));
        prop_assert!(a >= received, "{a} before {received}");
        prop_assert!(in_office_hours(&cal, a), "{a}");
        prop_assert!(in_office_hours(&cal, b), "{b}");
        prop_assert!(a < b, "not increasing: {a} then {b}");
        // Exactly n working days after the effective day of receipt.
        let start = cal.appointment(received, &working_hours(0));
        let mut counted = 0;
        let mut day = start.date();
        while day < a.date() {
            day = day.succ_opt().unwrap();
            counted += u32::from(cal.is_working_day(day));
        }
        prop_assert_eq!(counted, n);
    }

    #[test]
    fn working_hour_appointments_are_sane(received in any_received(), n in 0u32..24) {
        let cal = official();
        let a = cal.appointment(received, &working_hours(n));
        let b = cal.appointment(received, &working_hours(n + 1));
        prop_assert!(a >= received, "{a} before {received}");
        prop_assert!(in_office_hours(&cal, a), "{a}");
        prop_assert!(a < b, "not increasing: {a} then {b}");
        prop_assert_eq!(office_time(&cal, received, a), TimeDelta::hours(i64::from(n)));
    }

    #[test]
    fn same_day_appointments_are_sane(received in any_received(), cutoff_min in 7 * 60u32..18 * 60) {
        let cal = official();
        let cutoff = hm(cutoff_min / 60, cutoff_min % 60);
        let a = cal.appointment(received, &ProcessingTime::SameDay { cutoff });
        prop_assert!(a >= received);
        prop_assert!(in_office_hours(&cal, a));
        prop_assert_eq!(a.time(), hm(17, 0));
        let start = cal.appointment(received, &working_hours(0));
        let next = cal.next_working_day(start.date());
        prop_assert!(a.date() == start.date() || a.date() == next);
        prop_assert_eq!(a.date() == start.date(), start.time() < cutoff);
    }
}

#[test]
fn calendar_days_count_days_off_but_never_end_on_one() {
    let cal = official();
    let thirty = ProcessingTime::CalendarDays { days: 30 };
    assert_eq!(cal.appointment(at(2026, 11, 23, 9, 0), &thirty), at(2026, 12, 23, 9, 0));
    // Monday + 5 days is a Saturday: the period ends on the next working day.
    let five = ProcessingTime::CalendarDays { days: 5 };
    assert_eq!(cal.appointment(at(2026, 11, 23, 9, 0), &five), at(2026, 11, 30, 9, 0));
    // Ending on 31/8/2026 (the swapped day off), then 1/9 and 2/9: Thursday 3/9.
    assert_eq!(
        cal.appointment(at(2026, 8, 24, 10, 0), &ProcessingTime::CalendarDays { days: 7 }),
        at(2026, 9, 3, 10, 0)
    );
    assert_eq!(thirty.describe_vi(), "30 ngày (kể cả ngày nghỉ)");
}
