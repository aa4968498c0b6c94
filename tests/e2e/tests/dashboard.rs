//! The supervisor's dashboard and the citizen's rating screen in the real app: three dossiers
//! received on Monday, one resolved early, one late, one still open and late on Friday. The
//! clerk asks the citizen of the open one for a rating; the rating window opens and records
//! it; the dashboard shows the month's figures, the late one, the rate and the satisfaction.
//! The supervisor saves the monthly report and the log book through the system's save dialog
//! (an empty period is refused before it opens).

use chrono::NaiveDate;
use motcua_domain::lifecycle::Step;
use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;

mod common;
use common::*;

fn at(d: u32, h: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d).and_then(|d| d.and_hms_opt(h, 0, 0)).unwrap()
}

fn app_at(profile: &Profile, now: chrono::NaiveDateTime) -> motcua_app::CounterApp {
    motcua_app::CounterApp::open_with_clock(&profile.db, Box::new(motcua_app::FixedClock(now)))
        .unwrap()
        .with_cli_session()
}

/// Three dossiers received Monday 16/11 at 09:00 (due Thursday 19/11 09:00): the first's result
/// is ready on Tuesday (early), the second's on Friday 08:00 (late), the third still open.
fn prepare(profile: &Profile) -> Vec<String> {
    prepare_counter(&profile.db, 0);
    let monday = app_at(profile, at(16, 9));
    let codes: Vec<String> = ["Hoàng Thị Lan", "Vũ Văn Nam", "Đỗ Thị Mai"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let draft = birth_and_parentage_draft(name, &format!("00130300123{i}"));
            monday.create_dossier(serde_json::from_value(draft).unwrap()).expect("save a dossier").code
        })
        .collect();
    drop(monday);
    let ready = || Step::ResultReady { note: String::new() };
    app_at(profile, at(17, 10)).record_step(&codes[0], ready()).unwrap();
    app_at(profile, at(20, 8)).record_step(&codes[1], ready()).unwrap();
    codes
}

#[test]
fn a_rating_is_given_on_the_citizens_screen_and_the_dashboard_shows_the_month() {
    let mut profile = Profile::fresh("dashboard");
    let codes = prepare(&profile);
    // Friday 20/11, 10:00: the third dossier is a day late.
    profile.office_time = Some("2026-11-20T10:00:00".into());
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "dashboard");
    let saved_dir = profile.db.parent().unwrap().join("bao-cao");
    let _ = std::fs::remove_dir_all(&saved_dir);
    std::fs::create_dir_all(&saved_dir).unwrap();
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);

    // --- the clerk asks the citizen of the late dossier for a rating
    app.click_on("#nav-today");
    app.click_on(&format!("#due-late tr.dossier-row[data-code=\"{}\"] .dossier-code", codes[2]));
    app.click_on("#rating-ask");
    app.wait_text("#rating-ask-note", "the asked note", &|t| t.contains("Đã mời người dân đánh giá"));

    // --- the rating window opened: the citizen chooses and sends
    rate_on_citizens_screen(&app, &codes[2], "very_satisfied", "Cán bộ hướng dẫn tận tình");

    // Asking again for the same dossier: refused, it was rated.
    app.click_on("#rating-ask");
    app.wait_text("#rating-ask-note", "the refusal", &|t| t.contains("đã được người dân đánh giá"));
    app.click_on("#detail-close");

    // --- the dashboard of the month (the default period)
    app.click_on("#nav-dashboard");
    app.wait_text("#dashboard-received", "received", &|t| t == "3");
    assert_eq!(app.text_of("#dashboard-resolved"), "2");
    let resolved = app.text_of(".kpi:has(#dashboard-resolved) .kpi-sub");
    assert!(resolved.contains("Trước hạn 1") && resolved.contains("Trễ hạn 1"), "{resolved}");
    assert_eq!(app.text_of("#dashboard-late-rate"), "50 %");
    assert_eq!(app.text_of("#dashboard-satisfaction-rate"), "100 %");
    let pending = app.text_of(".kpi:has(#dashboard-pending) .kpi-sub");
    assert!(pending.contains("Quá hạn 1"), "{pending}");
    assert_eq!(app.text_of("#dashboard-pending"), "1");
    let row = app.text_of(&format!("#dashboard-by-procedure tr[data-key=\"{BIRTH_PARENTAGE_CODE}\"]"));
    assert!(row.contains("Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con"), "{row}");
    let clerk = app.text_of("#dashboard-by-clerk tbody");
    assert!(clerk.contains("Dòng lệnh"), "the dossiers were received from the command line: {clerk}");
    // The charts drew on their canvases.
    let drawn = app.js("const c = document.getElementById('dashboard-days-chart'); \
         return c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0);");
    assert_eq!(drawn, serde_json::Value::Bool(true));

    // A period with nothing in it still opens: zeros, no rate.
    app.click_on("#dashboard-preset-previousMonth");
    app.wait_text("#dashboard-received", "nothing received", &|t| t == "0");
    assert_eq!(app.text_of("#dashboard-late-rate"), "—");
    assert_eq!(app.text_of("#dashboard-pending"), "1", "the open dossier is still shown");

    // --- reports as files. October had nothing: refused before any dialog opens.
    set_input(&app, "#report-month", "2026-10", "input");
    app.click_on("#report-monthly-save");
    app.wait_text("#report-export-outcome", "the refusal", &|t| t == "Tháng 10/2026 không có hồ sơ nào để báo cáo.");
    app.click_on("#report-log-book-save");
    app.wait_text("#report-export-outcome", "the log book's refusal", &|t| {
        t == "Từ 01/10/2026 đến 31/10/2026 không có hồ sơ nào được tiếp nhận."
    });

    // November's report as XLSX, saved where the supervisor types in the save dialog.
    set_input(&app, "#report-month", "2026-11", "input");
    app.click_on("#report-monthly-save");
    let xlsx = saved_dir.join("bao-cao-thang-11.xlsx");
    type_path_in_the_system_dialog(&display, "Lưu báo cáo tháng", "ctrl+a", &xlsx);
    app.wait_text("#report-export-outcome", "saved", &|t| t == format!("Đã lưu: {}", xlsx.display()));
    let mut book = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).expect("an XLSX is a zip");
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut book.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    assert!(strings.contains("Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con"), "{strings}");

    // The log book of the period on screen (November) as the PDF that prints.
    app.click_on("#dashboard-preset-month");
    app.wait_text("#dashboard-received", "the month again", &|t| t == "3");
    set_input(&app, "#report-log-book-format", "pdf", "change");
    app.click_on("#report-log-book-save");
    let pdf = saved_dir.join("so-theo-doi-thang-11.pdf");
    type_path_in_the_system_dialog(&display, "Lưu sổ theo dõi hồ sơ", "ctrl+a", &pdf);
    app.wait_text("#report-export-outcome", "saved", &|t| t == format!("Đã lưu: {}", pdf.display()));
    let out = std::process::Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["Hoàng Thị Lan", "Vũ Văn Nam", "Đỗ Thị Mai"] {
        assert!(text.contains(name), "{name} in the log book:\n{text}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&saved_dir).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "the two files and no partial one: {leftovers:?}");
}

/// Sets a field's value as typing or choosing would, with the event the UI listens to.
fn set_input(app: &motcua_e2e::webdriver::Session, css: &str, value: &str, event: &str) {
    app.js(&format!(
        "const el = document.querySelector('{css}'); \
         const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype; \
         Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, '{value}'); \
         el.dispatchEvent(new Event('{event}', {{ bubbles: true }}));"
    ));
}
