//! Dates and times as the text chrono writes for them ("2026-11-20", "2026-11-20T08:05:00",
//! "…T08:05:00.250"), without chrono's formatting machinery. The queue hub writes about ten
//! per call (each ticket's record and op, the day of each query), and chrono's `Display`, one
//! `write_char` per character through `fmt::Write`, was a fifteenth of its writer's
//! instructions (callgrind). The text is the same as chrono's (a property test holds them
//! equal); what is outside the fast path (years past 9999 or before 0, leap seconds) goes to
//! chrono. Reading stays chrono's.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serializer;

/// `d` as chrono's `to_string()` writes it: `YYYY-MM-DD`.
pub fn date(d: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    if !push_date(&mut out, d) {
        return d.to_string();
    }
    out
}

/// `t` as chrono's `to_string()` writes it, with `T` between date and time (its serde form).
pub fn date_time(t: NaiveDateTime) -> String {
    let mut out = String::with_capacity(29);
    if !push_date(&mut out, t.date()) || t.nanosecond() >= 1_000_000_000 {
        return format!("{t:?}");
    }
    out.push('T');
    push_digits(&mut out, t.hour(), 2);
    out.push(':');
    push_digits(&mut out, t.minute(), 2);
    out.push(':');
    push_digits(&mut out, t.second(), 2);
    // chrono's `%.f`: nothing for whole seconds, else milli-, micro- or nanoseconds.
    match t.nanosecond() {
        0 => {}
        n if n % 1_000_000 == 0 => push_fraction(&mut out, n / 1_000_000, 3),
        n if n % 1_000 == 0 => push_fraction(&mut out, n / 1_000, 6),
        n => push_fraction(&mut out, n, 9),
    }
    out
}

/// Serde's `serialize_with` for a `NaiveDate`: the same JSON as chrono's.
pub fn serialize_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&date(*d))
}

/// Serde's `serialize_with` for a `NaiveDateTime`: the same JSON as chrono's.
pub fn serialize_date_time<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&date_time(*t))
}

/// Serde's `serialize_with` for an `Option<NaiveDateTime>`: the same JSON as chrono's.
pub fn serialize_opt_date_time<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_some(&date_time(*t)),
        None => s.serialize_none(),
    }
}

/// False when chrono writes the year otherwise (a sign, or more than four digits).
fn push_date(out: &mut String, d: NaiveDate) -> bool {
    let Ok(year) = u32::try_from(d.year()) else { return false };
    if year > 9999 {
        return false;
    }
    push_digits(out, year, 4);
    out.push('-');
    push_digits(out, d.month(), 2);
    out.push('-');
    push_digits(out, d.day(), 2);
    true
}

fn push_fraction(out: &mut String, value: u32, width: u32) {
    out.push('.');
    push_digits(out, value, width);
}

/// `value` in decimal, zero-padded to `width` digits (`value` has at most `width`).
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (value / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}
