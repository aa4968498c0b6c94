//! Form 01: every field, exact Vietnamese text, both copies, the QR, the font.

use motcua_domain::catalog::PaperForm;
use motcua_domain::dossier::ReceivedPaper;
use motcua_print::{FormSet, Receipt, receipt};

use crate::poppler;

fn sample() -> Receipt {
    motcua_print::receipt::sample()
}

fn render_to(r: &Receipt, name: &str) -> std::path::PathBuf {
    let pdf = receipt::render(r, &FormSet::by_id("tt03-2025").unwrap()).expect("render");
    let path = poppler::artifacts().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path
}

/// pdftotext breaks lines where the paper does; compare with whitespace collapsed.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_field_prints_in_both_copies_with_the_hotline_and_a_working_qr() {
    let r = sample();
    let pdf = render_to(&r, "receipt");
    poppler::qpdf_check(&pdf);
    assert_eq!(poppler::page_count(&pdf), 2, "one page per copy");
    let text = flat(&poppler::text(&pdf));
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BỘ PHẬN MỘT CỬA UBND PHƯỜNG BA ĐÌNH",
        "Hà Nội, ngày 23 tháng 11 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.00.21.H26-261123-0007",
        "Tiếp nhận hồ sơ của: Nguyễn Văn Đức",
        "Số định danh cá nhân: 001203001234",
        "Địa chỉ: Số 1 ngõ 2 Đội Cấn, phường Ba Đình, Hà Nội",
        "Số điện thoại: 0912 345 678; Thư điện tử: duc.nguyen@example.vn",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "1) Tờ khai đăng ký khai sinh — Bản chính: 1",
        "2) Giấy chứng sinh — Bản chính: 1",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 23/11/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 05 phút, ngày 26/11/2026",
        "6. Đăng ký nhận kết quả tại: Nhận tại Bộ phận Một cửa",
        "Quyển số: 2026, Số thứ tự: 261123-0007",
        "Đường dây nóng: 024 3823 4567; 1900 1234",
        "motcua.badinh@hanoi.gov.vn",
        "Zalo: UBND phường Ba Đình",
        "Lê Thị Hồng Nhung",
    ] {
        assert_eq!(text.matches(expected).count(), 2, "{expected:?} should print once per copy in:\n{text}");
    }
    assert!(text.contains("Liên 1: Giao người nộp hồ sơ") && text.contains("Liên 2: Lưu tại Bộ phận Một cửa"));
    assert!(!text.contains("BẢN IN LẠI"));
    assert_eq!(text, motcua_domain::text::clean(&text), "the text layer is NFC");

    let fonts = poppler::fonts(&pdf);
    assert!(!fonts.is_empty());
    for &(ref name, embedded, subset, unicode) in &fonts {
        assert!(embedded && subset && unicode, "{name}: embedded {embedded}, subset {subset}, ToUnicode {unicode}");
        assert!(name.contains("+NotoSerif"), "{name}");
    }

    let png = poppler::render_page(&pdf, 1, &poppler::artifacts().join("receipt-page1"));
    assert_eq!(poppler::qr_codes(&png), [r.lookup_url.clone().unwrap()]);
}

#[test]
fn a_reprint_says_so_on_both_copies() {
    let pdf = render_to(&Receipt { reprint: true, ..sample() }, "receipt-reprint");
    assert_eq!(flat(&poppler::text(&pdf)).matches("BẢN IN LẠI").count(), 2);
}

#[test]
fn long_names_and_forty_papers_flow_onto_numbered_pages_with_nothing_cut() {
    let long_name = "Tôn Nữ Thị Hoàng Diệu Huyền Trang Công Tằng Tôn Nữ ".repeat(6).trim().to_owned();
    let long_address = "Thôn Đông Hạ, xã Nghĩa Hưng, huyện Nghĩa Đàn, tỉnh Nghệ An; ".repeat(6).trim().to_owned();
    assert!(long_name.chars().count() > 300);
    let papers = (1..=40)
        .map(|i| ReceivedPaper {
            name: format!("Giấy tờ chứng minh quyền sử dụng đất số {i} kèm bản vẽ sơ đồ thửa đất"),
            form: PaperForm::CertifiedCopy,
            count: 2,
        })
        .collect();
    let r = Receipt { applicant_name: long_name.clone(), address: long_address.clone(), papers, ..sample() };
    let pdf = render_to(&r, "receipt-long");
    poppler::qpdf_check(&pdf);
    let pages = poppler::page_count(&pdf);
    assert!(pages >= 4 && pages.is_multiple_of(2), "each copy flows onto more pages: {pages}");
    let text = flat(&poppler::text(&pdf));
    assert_eq!(text.matches(&long_name).count(), 4, "the name, whole, in the body and the signature of both copies");
    assert_eq!(text.matches(&long_address).count(), 2);
    for i in 1..=40 {
        let item = format!(
            "{i}) Giấy tờ chứng minh quyền sử dụng đất số {i} kèm bản vẽ sơ đồ thửa đất — Bản sao chứng thực: 2"
        );
        assert_eq!(text.matches(&item).count(), 2, "{item}");
    }
    let per_copy = pages / 2;
    assert_eq!(text.matches(&format!("Trang 1/{per_copy}")).count(), 2);
    assert_eq!(text.matches(&format!("Trang {per_copy}/{per_copy}")).count(), 2);
    poppler::render_page(&pdf, 2, &poppler::artifacts().join("receipt-long-page2"));
}

#[test]
fn no_hotline_is_refused_with_a_message_for_the_admin() {
    let err =
        receipt::render(&Receipt { hotlines: vec![" ".into()], ..sample() }, &FormSet::by_id("tt01-2018").unwrap())
            .unwrap_err();
    assert!(err.user_message().contains("đường dây nóng"), "{}", err.user_message());
}
