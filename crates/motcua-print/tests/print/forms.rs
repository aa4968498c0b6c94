//! Forms 02–05, the process-control sheet and the log book, read back with poppler.

use chrono::{NaiveDate, NaiveDateTime};
use motcua_domain::papers::{DossierForm, LetterContent};
use motcua_print::letters::DossierFacts;
use motcua_print::log_book::{LogBook, LogEntry};
use motcua_print::{FormSet, PrintError, control_sheet, letters, log_book};

use crate::poppler;

fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(h, m, 0).unwrap()
}

fn facts() -> DossierFacts {
    DossierFacts {
        office_name: "Bộ phận Một cửa UBND phường Ba Đình".into(),
        place_name: "Hà Nội".into(),
        code: "000.00.21.H26-261123-0007".into(),
        number: "261123-0007".into(),
        applicant_name: "Nguyễn Văn Đức".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        received_at: at(23, 9, 5),
        appointment_at: at(26, 9, 5),
        officer_name: "Lê Thị Hồng Nhung".into(),
        hotlines: vec!["024 3823 4567".into()],
        printed_on: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    }
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn save(pdf: Vec<u8>, name: &str) -> std::path::PathBuf {
    let path = poppler::artifacts().join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    poppler::qpdf_check(&path);
    for (font, embedded, subset, unicode) in poppler::fonts(&path) {
        assert!(
            embedded && subset && unicode,
            "{name}: font {font} embedded {embedded} subset {subset} ToUnicode {unicode}"
        );
    }
    path
}

#[test]
fn supplement_lists_every_missing_item_with_the_dossier_and_who_to_call() {
    let set = FormSet::by_id("tt03-2025").unwrap();
    let content = LetterContent {
        items: vec!["Bản sao Giấy chứng nhận kết hôn của cha mẹ".into(), "Giấy chứng sinh bản chính".into()],
        reason: String::new(),
        new_appointment: None,
    };
    let path = save(letters::render(DossierForm::Supplement, &facts(), &content, &set).unwrap(), "form-02-supplement");
    let text = flat(&poppler::text(&path));
    for expected in [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hà Nội, ngày 25 tháng 11 năm 2026",
        "Số: 261123-0007/PBS",
        "Kính gửi: Nguyễn Văn Đức",
        "Mã hồ sơ: 000.00.21.H26-261123-0007",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "1. Bản sao Giấy chứng nhận kết hôn của cha mẹ",
        "2. Giấy chứng sinh bản chính",
        "Lê Thị Hồng Nhung, số điện thoại 024 3823 4567",
        "NGƯỜI HƯỚNG DẪN",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // No reason was given: its sentence is left out rather than printed empty.
    assert!(!text.contains("Lý do:"), "{text}");
    assert!(!text.contains('{'), "an unfilled placeholder: {text}");
}

#[test]
fn apology_carries_the_old_and_new_return_times_and_the_hotline() {
    for (set_id, title) in [
        ("tt03-2025", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        ("tt01-2018", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
    ] {
        let set = FormSet::by_id(set_id).unwrap();
        let content = LetterContent {
            items: vec![],
            reason: "Hồ sơ cần xác minh thêm tại Ủy ban nhân dân xã nơi cư trú trước đây.".into(),
            new_appointment: Some(at(30, 14, 0)),
        };
        let pdf = letters::render(DossierForm::Apology, &facts(), &content, &set).unwrap();
        let text = flat(&poppler::text(&save(pdf, &format!("form-04-apology-{set_id}"))));
        for expected in [
            title,
            "09 giờ 05 phút, ngày 26/11/2026",
            "14 giờ 00 phút, ngày 30/11/2026",
            "Hồ sơ cần xác minh thêm tại Ủy ban nhân dân xã nơi cư trú trước đây.",
            "xin lỗi",
            "024 3823 4567",
        ] {
            assert!(text.contains(expected), "{set_id}: missing {expected:?} in:\n{text}");
        }
    }
}

#[test]
fn refusal_and_stop_print_the_reason_and_the_2018_set_has_no_stop_notice() {
    let content = LetterContent {
        reason: "Thủ tục không thuộc thẩm quyền giải quyết của phường.".into(),
        ..Default::default()
    };
    let set = FormSet::by_id("tt03-2025").unwrap();
    for (form, title) in [
        (DossierForm::Refusal, "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ"),
        (DossierForm::Stop, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
    ] {
        let pdf = letters::render(form, &facts(), &content, &set).unwrap();
        let text = flat(&poppler::text(&save(pdf, &format!("form-{}", form.key()))));
        assert!(text.contains(title), "{text}");
        assert!(text.contains("Thủ tục không thuộc thẩm quyền giải quyết của phường."), "{text}");
    }
    let old = FormSet::by_id("tt01-2018").unwrap();
    let err = letters::render(DossierForm::Stop, &facts(), &content, &old).unwrap_err();
    assert!(matches!(err, PrintError::FormNotInSet { .. }), "{err:?}");
    assert!(err.user_message().contains("không có mẫu"), "{}", err.user_message());
}

#[test]
fn control_sheet_prints_the_dossier_and_the_first_hand_off_with_ruled_rows() {
    let set = FormSet::by_id("tt03-2025").unwrap();
    let pdf = control_sheet::render(&facts(), "UBND phường Ba Đình", &[], &set).unwrap();
    let path = save(pdf, "form-06-control-sheet");
    let text = flat(&poppler::text(&path));
    for expected in [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Mã hồ sơ: 000.00.21.H26-261123-0007",
        "Cơ quan, đơn vị giải quyết hồ sơ: UBND phường Ba Đình",
        "Thời gian trả kết quả theo quy định: 09 giờ 05 phút, ngày 26/11/2026",
        "1. Giao: Bộ phận Một cửa UBND phường Ba Đình (Lê Thị Hồng Nhung)",
        "6. Giao:",
        "Người giao / Người nhận",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(poppler::page_count(&path), 1);
    poppler::render_page(&path, 1, &poppler::artifacts().join("form-06-control-sheet"));
}

#[test]
fn control_sheet_prints_the_recorded_hand_offs_each_with_its_deadline() {
    let set = FormSet::by_id("tt03-2025").unwrap();
    let handoffs = [
        control_sheet::Handoff {
            to: "Công chức Tư pháp - Hộ tịch (Trần Văn Bình)".into(),
            at: at(23, 10, 0),
            deadline: at(24, 16, 30),
            note: String::new(),
        },
        control_sheet::Handoff {
            to: "Lãnh đạo UBND phường".into(),
            at: at(24, 15, 0),
            deadline: at(25, 11, 0),
            note: "Ký duyệt".into(),
        },
    ];
    let pdf = control_sheet::render(&facts(), "UBND phường Ba Đình", &handoffs, &set).unwrap();
    let path = save(pdf, "form-06-control-sheet-handoffs");
    let text = flat(&poppler::text(&path));
    for expected in [
        "1. Giao: Bộ phận Một cửa UBND phường Ba Đình (Lê Thị Hồng Nhung)",
        "Nhận: Công chức Tư pháp - Hộ tịch (Trần Văn Bình)",
        "10 giờ 00 phút, ngày 23/11/2026",
        "Hạn xử lý: 16 giờ 30 phút, ngày 24/11/2026",
        "2. Giao: Công chức Tư pháp - Hộ tịch (Trần Văn Bình)",
        "Nhận: Lãnh đạo UBND phường",
        "Ký duyệt",
        "3. Giao: Lãnh đạo UBND phường",
        "6. Giao:",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(poppler::page_count(&path), 1);
}

fn entry(i: usize) -> LogEntry {
    let received = at(2, 7, 30) + chrono::Duration::minutes(7 * i as i64);
    LogEntry {
        code: format!("000.00.21.H26-2611{:02}-{:04}", 2 + i / 200, i % 200 + 1),
        procedure_name: if i.is_multiple_of(3) {
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản".into()
        } else {
            "Đăng ký khai sinh".into()
        },
        sets: 1,
        applicant_name: if i == 5 {
            "Tôn Nữ Thị Hoàng Diệu Huyền Trang ".repeat(10).trim().to_owned()
        } else {
            format!("Trần Thị Đào {i}")
        },
        address: "Số 1 ngõ 2 Đội Cấn, phường Ba Đình, Hà Nội".into(),
        phone: "0912345678".into(),
        agency: "UBND phường Ba Đình".into(),
        received_at: received,
        appointment_at: received + chrono::Duration::days(3),
        returned_at: None,
        note: String::new(),
    }
}

#[test]
fn log_book_runs_over_landscape_pages_with_the_header_on_each_and_every_dossier_once() {
    let set = FormSet::by_id("tt03-2025").unwrap();
    let book = LogBook {
        office_name: "Bộ phận Một cửa UBND phường Ba Đình".into(),
        volume: "2026".into(),
        from: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        entries: (0..120).map(entry).collect(),
    };
    let path = save(log_book::render(&book, &set).unwrap(), "form-07-log-book");
    let pages = poppler::page_count(&path);
    assert!(pages > 3, "120 rows take several pages, got {pages}");
    let raw = poppler::text(&path);
    let text = flat(&raw);
    for expected in
        ["SỔ THEO DÕI HỒ SƠ", "Quyển số: 2026", "Từ ngày 02/11/2026 đến ngày 30/11/2026", "Tổng số: 120 hồ sơ"]
    {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    for e in &book.entries {
        assert_eq!(text.matches(e.code.as_str()).count(), 1, "{} printed once", e.code);
    }
    // The long name wraps inside its column and is printed whole (its words, in whatever order
    // pdftotext reads the wrapped lines of neighbouring cells).
    assert_eq!(text.matches("Huyền").count(), 10, "the 340-character name is cut");
    // The header row on every page, and pages numbered.
    assert_eq!(text.matches("STT").count(), pages, "column headers once per page");
    assert!(text.contains(&format!("Trang {pages}/{pages}")), "page numbers");
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 400_000, "log book of 120 rows is {size} bytes");
    poppler::render_page(&path, 1, &poppler::artifacts().join("form-07-log-book"));
}

#[test]
fn an_empty_period_says_so() {
    let set = FormSet::by_id("tt01-2018").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let book =
        LogBook { office_name: "UBND xã Thử".into(), volume: "2026".into(), from: day, to: day, entries: vec![] };
    let text = flat(&poppler::text(&save(log_book::render(&book, &set).unwrap(), "form-06-log-book-empty")));
    assert!(text.contains("Không có hồ sơ nào trong khoảng thời gian này."), "{text}");
}
