//! Wording shared by every paper the office prints (Nghị định 30/2020/NĐ-CP, Phụ lục I: the
//! place-and-date line of an administrative document).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// "Hà Nội, ngày 05 tháng 02 năm 2026": days below 10 and months below 3 take a leading
/// zero (so a handwritten digit cannot be added in front); other months do not ("tháng 11").
pub fn place_and_date(place: &str, date: NaiveDate) -> String {
    let place = place.trim();
    let date_words = date_in_words(date);
    if place.is_empty() { capitalise(&date_words) } else { format!("{place}, {date_words}") }
}

/// "ngày 05 tháng 02 năm 2026", the date part of [`place_and_date`].
pub fn date_in_words(date: NaiveDate) -> String {
    let month = if date.month() < 3 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

/// "09 giờ 30 phút, ngày 23/11/2026": the receipt's received and return times.
pub fn time_and_date(at: NaiveDateTime) -> String {
    format!("{:02} giờ {:02} phút, ngày {}", at.hour(), at.minute(), at.format("%d/%m/%Y"))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn leading_zeros_only_where_the_decree_asks() {
        assert_eq!(place_and_date("Hà Nội", d(2026, 11, 23)), "Hà Nội, ngày 23 tháng 11 năm 2026");
        assert_eq!(place_and_date("Hà Nội", d(2026, 2, 5)), "Hà Nội, ngày 05 tháng 02 năm 2026");
        assert_eq!(place_and_date(" Ba Đình ", d(2026, 3, 9)), "Ba Đình, ngày 09 tháng 3 năm 2026");
        assert_eq!(place_and_date("", d(2026, 12, 1)), "Ngày 01 tháng 12 năm 2026");
        let at = d(2026, 11, 23).and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(time_and_date(at), "09 giờ 05 phút, ngày 23/11/2026");
    }
}
