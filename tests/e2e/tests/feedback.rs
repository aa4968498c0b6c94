//! Feedback (phản ánh, kiến nghị) in the real app window: an item with no channel is refused
//! with the field named; a hotline call is recorded with its deadline; days later it shows as
//! overdue, is assigned, answered and published.

use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;

mod common;
use common::*;

fn select(app: &App, css: &str, value: &str) {
    app.el(&format!("{css} option[value=\"{value}\"]"));
    app.js(&format!(
        "const s = document.querySelector('{css}'); s.value = '{value}'; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    ));
}

#[test]
fn a_hotline_call_is_recorded_goes_overdue_and_is_answered() {
    let mut profile = Profile::fresh("feedback");
    prepare_counter(&profile.db, 0);

    // --- Monday 16/11/2026: the call comes in
    profile.office_time = Some("2026-11-16T09:00:00".into());
    let display = Display::open(&profile.log_dir());
    let number = {
        let app = App::launch(&display, &profile, "feedback-monday");
        assert_eq!(first_screen(&app), "login");
        login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
        app.click_on("#nav-feedback");
        app.el("#feedback-form");
        app.fill("#feedback-content", "Gọi đường dây nóng: hồ sơ khai sinh chưa có kết quả");
        select(&app, "#feedback-type", "giai_quyet_ho_so");
        app.click_on("#feedback-submit");
        app.wait_text("#feedback-form", "the missing channel", &|t| t.contains("Chưa chọn kênh tiếp nhận"));
        select(&app, "#feedback-channel", "hotline");
        app.fill("#feedback-sender-name", "Phan Văn Tài");
        app.click_on("#feedback-submit");
        let saved = app.wait_text("#feedback-saved", "the saved notice", &|t| t.contains("Đã ghi nhận"));
        assert!(saved.contains("hạn trả lời 09:00 ngày 23/11/2026"), "{saved}");
        let number =
            saved.split_whitespace().find(|w| w.starts_with("PAKN-")).unwrap().trim_end_matches(',').to_owned();
        app.el(&format!("#feedback-recent tr[data-number=\"{number}\"]"));
        number
    };

    // --- Wednesday 25/11 (24/11 is a day off): overdue; assigned, answered, published
    profile.office_time = Some("2026-11-25T08:00:00".into());
    let app = App::launch(&display, &profile, "feedback-later");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.click_on("#nav-feedback");
    app.wait_text("#feedback-overdue-warning", "the overdue warning", &|t| t.contains("Quá hạn trả lời: 1"));
    app.click_on(&format!("#feedback-overdue tr[data-number=\"{number}\"] .feedback-open"));
    app.el("#feedback-item[data-status=\"received\"]");
    app.fill("#feedback-assignee", ADMIN_USER);
    app.click_on("#feedback-assign");
    app.el("#feedback-item[data-status=\"assigned\"]");
    app.fill("#feedback-answer", "Hồ sơ đã có kết quả, mời ông đến Bộ phận Một cửa nhận.");
    app.click_on("#feedback-answer-save");
    app.el("#feedback-item[data-status=\"answered\"]");
    app.click_on("#feedback-publish");
    app.el("#feedback-item[data-status=\"published\"]");
    let actions = app.text_of("#feedback-actions");
    for expected in ["Giao xử lý", "Trả lời", "Công khai", ADMIN_NAME] {
        assert!(actions.contains(expected), "{expected} not in {actions}");
    }
    app.wait_gone("#feedback-overdue-warning", motcua_e2e::ui::UI_TIMEOUT).unwrap();

    // --- the supervisor adds the office's own type: a bad key is refused, then saved; the
    // new type is offered with its deadline
    app.click_on("#feedback-types summary");
    app.click_on("#feedback-type-add");
    let last = "#feedback-types tbody tr:last-child";
    app.fill(&format!("{last} .type-key"), "Đất đai");
    app.fill(&format!("{last} .type-label"), "Phản ánh về đất đai");
    app.click_on("#feedback-types-save");
    app.wait_text("#feedback-types", "the refusal", &|t| t.contains("Mã loại \"Đất đai\" chỉ gồm chữ thường"));
    app.fill(&format!("{last} .type-key"), "dat_dai");
    app.click_on("#feedback-types-save");
    app.el("#feedback-types-saved");
    let offered = app.text_of("#feedback-type option[value=\"dat_dai\"]");
    assert!(offered.contains("Phản ánh về đất đai") && offered.contains("10"), "{offered}");
}
