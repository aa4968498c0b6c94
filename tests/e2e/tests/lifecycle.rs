//! A dossier's life in the real app window: two dossiers received on Monday are late on
//! Thursday; the counter's today screen warns about them; the clerk records an apology with a
//! new date and prints the apology letter (form 04) filled from it; the other one goes through
//! hand-off, result ready and return, with an out-of-order step refused in Vietnamese.

use chrono::NaiveDate;
use motcua_domain::papers::{CounterPrinters, PrinterConfig};
use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::Ui;

mod common;
use common::*;

/// The office set up and two dossiers received at 09:00 on Monday 16/11/2026 (due Thursday
/// 19/11 at 09:00); papers print to `printed`.
fn prepare(profile: &Profile, printed: &std::path::Path) -> Vec<String> {
    prepare_counter(&profile.db, 0);
    let monday = NaiveDate::from_ymd_opt(2026, 11, 16).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap();
    let app = motcua_app::CounterApp::open_with_clock(&profile.db, Box::new(motcua_app::FixedClock(monday)))
        .unwrap()
        .with_cli_session();
    app.set_printers(CounterPrinters { a4: PrinterConfig::Folder { dir: printed.to_owned() }, ticket: None }).unwrap();
    ["Hoàng Thị Lan", "Vũ Văn Nam"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let draft = birth_and_parentage_draft(name, &format!("00130300123{i}"));
            let saved = app.create_dossier(serde_json::from_value(draft).unwrap()).expect("save a dossier");
            assert_eq!(saved.appointment_at.to_string(), "2026-11-19 09:00:00");
            saved.code
        })
        .collect()
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().expect("pdftotext");
    assert!(out.status.success(), "pdftotext {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sets a `datetime-local` input as the clerk's picker would (typing into one is not portable).
fn set_datetime(app: &App, css: &str, value: &str) {
    app.js(&format!(
        "const e = document.querySelector('{css}'); e.value = '{value}'; \
         e.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    ));
}

/// Picks `step` in the next-step menu.
fn choose_step(app: &App, step: &str) {
    app.el(&format!("#step-kind option[value=\"{step}\"]"));
    app.js(&format!(
        "const s = document.getElementById('step-kind'); s.value = '{step}'; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    ));
    app.el("#step-save");
}

fn save_step(app: &App, step: &str) {
    app.click_on("#step-save");
    app.el(&format!("#steps-list li[data-step=\"{step}\"]"));
}

#[test]
fn a_late_dossier_is_flagged_and_apologised_for_and_another_is_returned() {
    let mut profile = Profile::fresh("lifecycle");
    let printed = profile.dir.join("printed");
    let codes = prepare(&profile, &printed);
    // Thursday 19/11, an hour after both were due.
    profile.office_time = Some("2026-11-19T10:00:00".into());

    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "lifecycle");
    assert_eq!(first_screen(&app), "login");
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
    app.click_on("#nav-today");

    // --- today's screen warns: two late dossiers, each needing an apology
    let warning = app.wait_text("#due-late-warning", "the late warning", &|t| t.contains("Quá hạn: 2 hồ sơ"));
    assert!(warning.contains("xin lỗi"), "{warning}");
    for code in &codes {
        app.el(&format!("#due-late tr.dossier-row[data-code=\"{code}\"]"));
    }

    // --- the apology for the first: a new date, then form 04 filled from it
    app.click_on(&format!("#due-late tr.dossier-row[data-code=\"{}\"] .dossier-code", codes[0]));
    app.el("#step-form");
    choose_step(&app, "apologised");
    app.fill("#step-reason", "Chờ xác minh thông tin của cơ quan y tế");
    set_datetime(&app, "#step-newAppointment", "2026-11-25T09:00");
    save_step(&app, "apologised");
    app.wait_text("#dossier-steps", "the apology count", &|t| t.contains("Đã xin lỗi, hẹn lại 1 lần"));
    app.el("#form-kind option[value=\"apology\"]");
    app.js("const s = document.getElementById('form-kind'); s.value = 'apology'; \
         s.dispatchEvent(new Event('change', { bubbles: true }));");
    app.wait_value("#form-reason", "Chờ xác minh thông tin của cơ quan y tế");
    app.wait_value("#form-new-date", "2026-11-25T09:00");
    app.click_on("#form-print");
    app.el("#forms-print[data-state=\"done\"]");
    let letter = pdf_text(&printed.join(format!("apology-{}.pdf", codes[0])));
    for expected in [codes[0].as_str(), "Hoàng Thị Lan", "Chờ xác minh thông tin của cơ quan y tế", "25/11/2026"]
    {
        assert!(letter.contains(expected), "{expected:?} not in the apology letter: {letter}");
    }
    app.click_on("#detail-close");

    // --- the second: hand-off, result ready, then a return without the collector's ID is
    // refused, and with it the dossier is returned
    app.click_on(&format!("#due-late tr.dossier-row[data-code=\"{}\"] .dossier-code", codes[1]));
    choose_step(&app, "handed_off");
    app.fill("#step-to", "Công chức Tư pháp - Hộ tịch");
    set_datetime(&app, "#step-deadline", "2026-11-19T16:00");
    save_step(&app, "handed_off");
    app.wait_text("#detail-status", "in processing", &|t| t == "Đang giải quyết");
    choose_step(&app, "result_ready");
    save_step(&app, "result_ready");
    app.wait_text("#steps-timeliness", "late", &|t| t == "Quá hạn");
    choose_step(&app, "returned_at_counter");
    app.fill("#step-collectorName", "Vũ Văn Nam");
    app.click_on("#step-save");
    app.wait_text("#step-error", "the refusal", &|t| {
        t.contains("Chưa nhập số giấy tờ tùy thân của người nhận kết quả")
    });
    app.fill("#step-collectorId", "001303001231");
    save_step(&app, "returned_at_counter");
    app.wait_text("#detail-status", "returned", &|t| t == "Đã trả kết quả");
    app.wait_text("#dossier-steps", "no next step", &|t| t.contains("Hồ sơ đã kết thúc."));
    app.click_on("#detail-close");

    // --- back on today's screen: only the apologised one is still late
    app.wait_text("#due-late-warning", "one late", &|t| t.contains("Quá hạn: 1 hồ sơ"));
    assert!(!app.exists(&format!("#due-late tr.dossier-row[data-code=\"{}\"]", codes[1])));
}
