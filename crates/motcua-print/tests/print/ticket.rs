//! The queue ticket: ESC/POS decoded back to the image it prints, and the PDF read back.

use chrono::NaiveDate;
use motcua_print::{Ticket, escpos};

use crate::poppler;

fn sample() -> Ticket {
    Ticket {
        office_name: "Trung tâm Phục vụ hành chính công quận Đống Đa".into(),
        service: "Chứng thực bản sao, chữ ký".into(),
        number: "A015".into(),
        issued_at: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, 5, 0).unwrap(),
        people_ahead: 5,
        estimated_wait_minutes: 15,
        hotlines: vec!["024 3823 4567".into()],
    }
}

/// Rows of the image with at least one dot.
fn inked_rows(image: &motcua_print::raster::Bitmap) -> Vec<usize> {
    (0..image.height).filter(|&y| (0..image.width).any(|x| image.get(x, y))).collect()
}

#[test]
fn escpos_prints_exactly_the_rendered_image_then_cuts() {
    let ticket = sample();
    let expected = ticket.raster();
    assert_eq!(expected.width, escpos::DOTS_80MM);
    let bytes = ticket.escpos();
    let printed = escpos::decode(&bytes).expect("valid ESC/POS");
    assert!(printed.cut, "the ticket is cut off the roll");
    assert_eq!(printed.image, expected, "the printer gets the image dot for dot");
    assert!(bytes.starts_with(&[0x1B, b'@']), "initialised first");
    // No text commands: nothing depends on the printer's code page.
    assert!(!bytes.windows(2).any(|w| w == [0x1B, b't']), "no code page selection");
    std::fs::write(poppler::artifacts().join("ticket.pbm"), expected.to_pbm()).unwrap();
}

#[test]
fn the_number_is_printed_large_and_long_names_wrap_inside_the_roll() {
    let image = sample().raster();
    let short = Ticket { service: "A".into(), office_name: "B".into(), hotlines: vec![], ..sample() }.raster();
    // The number's line alone is taller than 90 dots (about 11 mm).
    let rows = inked_rows(&short);
    let mut runs = Vec::new();
    let mut start = rows[0];
    for w in rows.windows(2) {
        if w[1] != w[0] + 1 {
            runs.push(w[0] - start + 1);
            start = w[1];
        }
    }
    assert!(runs.iter().any(|&h| h >= 90), "no line of the ticket is as tall as the number: {runs:?}");

    let long = Ticket { office_name: "Ủy ban nhân dân phường Nguyễn Trung Trực ".repeat(4), ..sample() };
    let long_image = long.raster();
    assert!(long_image.height > image.height, "a long office name takes more lines");
    for y in 0..long_image.height {
        for x in (0..12).chain(long_image.width - 12..long_image.width) {
            assert!(!long_image.get(x, y), "ink in the margin at ({x}, {y})");
        }
    }
}

#[test]
fn a_truncated_job_is_not_taken_for_a_ticket() {
    let bytes = sample().escpos();
    assert!(escpos::decode(&bytes[..bytes.len() / 2]).is_err());
}

#[test]
fn the_pdf_ticket_has_every_line_in_vietnamese() {
    let path = poppler::artifacts().join("ticket.pdf");
    std::fs::write(&path, sample().pdf()).unwrap();
    poppler::qpdf_check(&path);
    let text = poppler::text(&path).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG QUẬN ĐỐNG ĐA",
        "Chứng thực bản sao, chữ ký",
        "A015",
        "Lấy số lúc 09:05 ngày 23/11/2026",
        "Số người chờ trước bạn: 5",
        "Thời gian chờ dự kiến: khoảng 15 phút",
        "Đường dây nóng: 024 3823 4567",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(poppler::fonts(&path).iter().all(|f| f.1 && f.2));
}
