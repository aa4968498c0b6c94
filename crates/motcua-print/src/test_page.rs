//! The "In thử" page: what an admin prints to see that the A4 printer is reached and that
//! Vietnamese comes out right (every tone mark on every vowel, đ and Đ) before a citizen's
//! receipt depends on it.

use chrono::NaiveDateTime;

use motcua_domain::papers::time_and_date;

use crate::a4::{Paper, Style, bold, regular};

/// Every vowel with every tone, upper and lower case: a missing glyph shows as a gap.
const SAMPLE: [&str; 4] = [
    "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị",
    "o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ Đ",
    "Ầ Ấ Ẩ Ẫ Ậ Ằ Ắ Ẳ Ẵ Ặ Ề Ế Ể Ễ Ệ Ồ Ố Ổ Ỗ Ộ Ờ Ớ Ở Ỡ Ợ Ừ Ứ Ử Ữ Ự Ỳ Ý Ỷ Ỹ Ỵ",
    "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc",
];

pub const TITLE: &str = "TRANG IN THỬ";

/// One A4 page naming the office, the printer and the time, with the Vietnamese sample.
pub fn render(office_name: &str, printer: &str, hotlines: &[String], at: NaiveDateTime) -> Vec<u8> {
    let mut paper = Paper::new(TITLE);
    paper.begin_section();
    paper.paragraph(&[bold(office_name.to_uppercase())], Style::centered(12.0));
    paper.space(8.0);
    paper.paragraph(&[bold(TITLE)], Style::centered(16.0));
    paper.space(4.0);
    let body = Style::body(13.0);
    paper.paragraph(&[regular("Máy in: "), bold(printer)], body);
    paper.paragraph(&[regular("In lúc: "), bold(time_and_date(at))], body);
    paper.paragraph(&[regular("Đường dây nóng: "), bold(hotlines.join("; "))], body);
    paper.space(4.0);
    for line in SAMPLE {
        paper.paragraph(&[regular(line)], body);
    }
    paper.finish()
}
