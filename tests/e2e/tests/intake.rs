//! The counter's main path, end to end, in the real app window: first-run wizard → login →
//! scan a CCCD → pick a procedure → save → today's list → search → detail → restart.
//! And the bad-input path: a malformed scan, an incomplete dossier, a clerk without admin.
//!
//! Needs the app built with its UI embedded (see `harness::app_binary`), Xvfb (or a DISPLAY),
//! WebKitWebDriver and tauri-driver. Run: `cargo test -p motcua-e2e -- --test-threads=1`.

use std::time::Instant;

use motcua_e2e::harness::{App, Display, Profile};
use motcua_e2e::ui::{LAUNCH_TIMEOUT, Ui};
use motcua_e2e::webdriver::{ENTER, ESCAPE, Session};

mod common;
use common::*;

/// Dark pixels on the preview's first page (pdf.js drew the paper, not an empty canvas).
const INKED_PIXELS: &str = "const c = document.querySelector('#pdf-preview canvas.preview-page');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i + 3] > 0) n++;
    return n;";

/// `^000\.00\.21\.H26-\d{6}-\d{4}$`
fn is_dossier_code(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("000.00.21.H26-") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    parts.len() == 2
        && parts[0].len() == 6
        && parts[1].len() == 4
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Holds a date written dd/mm/yyyy.
fn has_vn_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(10)
        .any(|w| w.iter().enumerate().all(|(i, c)| if i == 2 || i == 5 { *c == b'/' } else { c.is_ascii_digit() }))
}

/// A message meant for a Vietnamese clerk: not empty, with Vietnamese letters in it.
fn is_vietnamese(s: &str) -> bool {
    const VN: &str = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ";
    !s.trim().is_empty() && s.to_lowercase().chars().any(|c| VN.contains(c))
}

/// Fills every field of the first-run wizard and submits it; ends on the login screen.
fn run_wizard(app: &Session) {
    assert_eq!(first_screen(app), "wizard", "a fresh database must open the first-run wizard");
    app.fill("#setup-name", OFFICE_NAME);
    app.fill("#setup-unit-code", UNIT_CODE);
    app.fill("#setup-address", "Số 25 phố Liễu Giai, phường Ba Đình, Hà Nội");
    app.fill("#setup-place", "Bộ phận Một cửa phường Ba Đình");
    app.fill("#setup-counter", "2");
    app.type_into("#setup-hotlines", &format!("024 3823 4567{ENTER}1900 1234"));
    app.wait_value("#setup-hotlines", "024 3823 4567\n1900 1234");
    app.fill("#setup-email", "motcua.badinh@hanoi.gov.vn");
    app.type_into("#setup-channels", &format!("Zalo: UBND phường Ba Đình{ENTER}Hòm thư góp ý tại trụ sở"));
    app.fill("#setup-morning-start", "07:30");
    app.fill("#setup-morning-end", "11:30");
    app.fill("#setup-afternoon-start", "13:30");
    app.fill("#setup-afternoon-end", "17:00");
    app.click_on("#setup-saturday");
    let sat = app.el("#setup-saturday");
    assert_eq!(app.property(&sat, "checked").unwrap(), true, "Saturday morning should be ticked");
    app.fill("#setup-admin-name", ADMIN_NAME);
    app.fill("#setup-admin-username", ADMIN_USER);
    app.fill("#setup-admin-password", ADMIN_PASS);
    app.fill("#setup-admin-password2", ADMIN_PASS);
    app.click_on("#setup-submit");
    app.wait_for("#login-username", LAUNCH_TIMEOUT).unwrap_or_else(|e| {
        let errors = app.js(
            "return Array.from(document.querySelectorAll('.field-error, .banner')).map(e => e.textContent).join(' | ');",
        );
        panic!("the wizard did not lead to the login screen: {e}; errors shown: {errors}")
    });
    assert!(!app.exists("#setup-name"), "the wizard is still shown after setup");
    // the login screen names the office
    app.wait_text(".login-office", "the office name", &|t| t == OFFICE_NAME);
}

/// The text of a PDF the app printed, read with poppler's pdftotext.
fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().expect("pdftotext");
    assert!(out.status.success(), "pdftotext {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Selector of the row of a dossier in a table.
/// Every file of a zip, as text.
fn unzip(path: &std::path::Path) -> Vec<(String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().unwrap().into_owned(), text)
        })
        .collect()
}

fn row(table: &str, code: &str) -> String {
    format!("{table} tr.dossier-row[data-code=\"{code}\"]")
}

#[test]
fn intake_from_first_run_to_restart() {
    let started = Instant::now();
    let profile = Profile::fresh("intake");
    let display = Display::open(&profile.log_dir());

    let code;
    let printed = profile.dir.join("printed");
    {
        let mut app = App::launch(&display, &profile, "first-launch");
        run_wizard(&app);
        login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
        assert!(app.exists("#nav-admin"), "the admin sees the admin screen");

        // --- the admin sends this counter's A4 papers to a folder (one a print server watches)
        app.click_on("#nav-admin");
        app.el("#printer-setup[data-state=\"ready\"]");
        app.js("const s = document.getElementById('printer-a4-kind'); s.value = 'folder'; \
             s.dispatchEvent(new Event('change', { bubbles: true }));");
        app.fill("#printer-a4-dir", printed.to_str().unwrap());
        app.click_on("#printers-save");
        app.wait_text("#printer-setup-result", "the saved notice", &|t| t.contains("Đã lưu cấu hình máy in"));
        // "In thử": a sample page in the folder, the Vietnamese sample on it.
        app.click_on("#printer-a4-test");
        app.wait_text("#printer-setup-result", "the test page notice", &|t| t.contains("Đã gửi trang in thử"));
        let sample = pdf_text(&printed.join("test-page.pdf"));
        let letters: String = sample.split_whitespace().collect();
        assert!(sample.contains("TRANG IN THỬ") && letters.contains("ỲÝỶỸỴ"), "{sample}");
        app.click_on("#nav-intake");

        // --- intake: the scanner types the QR line, then Enter
        app.el("#intake");
        app.type_into("#id-number", &format!("{QR_LINE}{ENTER}"));
        app.wait_value("#full-name", CITIZEN);
        app.wait_value("#birth-date", "01/05/2003");
        app.wait_value("#gender", "male");
        app.wait_value("#address", CITIZEN_ADDRESS);
        app.wait_value("#id-number", "001203001234");
        app.wait_until("focus on #procedure-search", motcua_e2e::ui::UI_TIMEOUT, |s| {
            Ok((s.focused_id() == "procedure-search").then_some(()))
        })
        .unwrap_or_else(|e| panic!("{e}; focus is on #{}", app.focused_id()));
        assert!(
            !app.exists(".field-error[data-field=\"id_number\"]"),
            "a valid card must not show an error or warning: {}",
            app.text_of(".field-error[data-field=\"id_number\"]")
        );

        pick_birth_registration(&app);

        app.fill("#phone", "0912345678");
        let when = app.wait_text("#appointment", "an appointment date", &|t| has_vn_date(t));
        eprintln!("[e2e] appointment shown: {when:?}");

        // --- save
        app.click_on("#save-dossier");
        app.el("#saved-panel");
        code = app.text_of("#saved-code").trim().to_owned();
        assert!(is_dossier_code(&code), "dossier code {code:?} does not match ^000\\.00\\.21\\.H26-\\d{{6}}-\\d{{4}}$");
        let saved_text = app.text_of("#saved-panel");
        assert!(saved_text.contains(CITIZEN), "the saved panel names the applicant: {saved_text:?}");
        assert!(saved_text.contains(BIRTH_NAME), "the saved panel names the procedure: {saved_text:?}");
        // The receipt prints by itself once saved: both copies, the code and the hotline.
        app.el("#receipt-print[data-state=\"done\"]");
        let receipt = pdf_text(&printed.join(format!("receipt-{code}.pdf")));
        assert_eq!(receipt.matches(code.as_str()).count(), 2, "the code on both copies:\n{receipt}");
        assert!(receipt.contains(CITIZEN) && receipt.contains("1900 1234"), "{receipt}");
        assert!(!receipt.contains("BẢN IN LẠI"));
        app.screenshot("intake-1-saved");

        // --- today's list
        app.click_on("#nav-today");
        app.el("#today");
        let today_row = row("#today-list", &code);
        app.el(&today_row);
        assert_eq!(app.text_of(&format!("{today_row} .dossier-code")), code);
        assert_eq!(app.text_of(&format!("{today_row} .dossier-applicant")), CITIZEN);

        // --- search without diacritics
        app.click_on("#nav-search");
        app.el("#search");
        app.type_into("#search-input", "nguyen van duc");
        let search_row = row("#search-results", &code);
        app.el(&search_row);
        assert_eq!(app.text_of(&format!("{search_row} .dossier-applicant")), CITIZEN);
        // "Đức" is found by "duc" (a fresh search screen: leave and come back)
        app.click_on("#nav-today");
        app.el("#today");
        app.click_on("#nav-search");
        app.el("#search");
        app.type_into("#search-input", "duc");
        app.wait_value("#search-input", "duc");
        app.el(&search_row);
        assert!(!app.exists("#search-empty"), "\"duc\" must find Đức");

        // --- the detail (a click on the row's code cell; WebKitWebDriver cannot click a <tr> itself)
        app.click_on(&format!("{search_row} .dossier-code"));
        app.el("#dossier-detail");
        app.wait_text("#detail-code", "the dossier code", &|t| t.trim() == code);
        // The detail loads the whole record: the applicant and the ID number show.
        app.wait_text("#dossier-detail", "the applicant's details", &|t| {
            t.contains("Nguyễn Văn Đức") && t.contains("001203001234") && t.contains("Đăng ký khai sinh")
        });
        app.screenshot("intake-2-detail");
        // "Xem trước": the reprint's own PDF drawn in the window (two copies, two pages, ink on
        // them); Escape closes the preview and leaves the detail open.
        app.click_on("#preview-receipt");
        app.el("#pdf-preview[data-state=\"ready\"]");
        assert_eq!(app.js("return document.querySelector('#pdf-preview').dataset.pages;"), "2");
        let inked = app.js(INKED_PIXELS);
        assert!(inked.as_u64().is_some_and(|n| n > 2_000), "the preview page is blank: {inked}");
        app.screenshot("intake-2-preview");
        // keys straight to the focused button (type_into would click it, which prints)
        let print_button = app.el("#preview-print");
        app.send_keys(&print_button, ESCAPE).unwrap();
        app.wait_gone("#pdf-preview", std::time::Duration::from_secs(5)).unwrap();
        assert!(app.exists("#dossier-detail"), "Escape in the preview closed the dossier too");
        // A reprint from the detail (here from its preview) is marked as one.
        app.click_on("#preview-receipt");
        app.el("#pdf-preview[data-state=\"ready\"]");
        app.click_on("#preview-print");
        app.el("#receipt-reprint[data-state=\"done\"]");
        assert!(!app.exists("#pdf-preview"), "the preview stays open after printing");
        let reprint = pdf_text(&printed.join(format!("receipt.reprint-{code}.pdf")));
        assert_eq!(reprint.matches("BẢN IN LẠI").count(), 2, "{reprint}");

        // --- another paper of the dossier: a request to supplement (form 02 of the 2025 set).
        // Printing it with nothing listed names the field; with the list, it prints.
        app.el("#form-kind option[value=\"supplement\"]");
        app.click_on("#form-print");
        app.wait_text("#forms-print", "the empty list refused", &|t| t.contains("Chưa nhập nội dung cần bổ sung"));
        // Enter between the items, as the clerk types them (one per line).
        app.type_into("#form-items", &format!("Giấy chứng sinh bản chính{ENTER}Bản sao giấy chứng nhận kết hôn"));
        app.click_on("#form-preview");
        app.el("#pdf-preview[data-state=\"ready\"]");
        assert_eq!(app.js("return document.querySelector('#pdf-preview').dataset.pages;"), "1");
        app.click_on("#preview-close");
        app.click_on("#form-print");
        app.el("#forms-print[data-state=\"done\"]");
        let supplement = pdf_text(&printed.join(format!("supplement-{code}.pdf")));
        for expected in [
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "1. Giấy chứng sinh bản chính",
            "2. Bản sao giấy chứng nhận kết hôn",
        ] {
            assert!(supplement.contains(expected), "missing {expected:?} in:\n{supplement}");
        }
        assert!(supplement.contains(code.as_str()), "{supplement}");
        app.screenshot("intake-3-forms");
        app.click_on("#detail-close");

        // --- the day's log book, from today's list
        app.click_on("#nav-today");
        // the list first: when it loads, it pushes the log book down under a pending click
        app.el(&row("#today-list", &code));
        app.click_on("#log-book summary");
        app.el("#log-book[open] #log-book-print");
        app.click_on("#log-book-print");
        app.el("#log-book[data-state=\"done\"]");
        let book = std::fs::read_dir(&printed)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("log-book-")))
            .expect("the log book in the print folder");
        let book = pdf_text(&book);
        assert!(book.contains("SỔ THEO DÕI HỒ SƠ") && book.contains(code.as_str()), "{book}");
        app.click_on("#log-book-preview");
        app.el("#pdf-preview[data-state=\"ready\"]");
        app.click_on("#preview-close");
        app.wait_gone("#pdf-preview", std::time::Duration::from_secs(5)).unwrap();

        let shut = app.shutdown();
        assert!(shut.app_exited_by_itself, "the app must close when its window is closed");
    }

    // --- a new app on the same database: login (not the wizard), and the dossier is still there
    {
        let app = App::launch(&display, &profile, "second-launch");
        assert_eq!(first_screen(&app), "login", "after setup, a restart must show the login screen");
        assert!(!app.exists("#setup-name"), "the wizard must not come back after a restart");
        app.wait_text(".login-office", "the office name", &|t| t == OFFICE_NAME);
        login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
        app.click_on("#nav-today");
        let today_row = row("#today-list", &code);
        app.el(&today_row);
        assert_eq!(app.text_of(&format!("{today_row} .dossier-applicant")), CITIZEN);
        app.screenshot("intake-3-after-restart");

        // --- "Xem trước khi in": the next receipt waits in its preview and prints from there
        app.click_on("#nav-intake");
        app.click_on("#preview-first");
        app.type_into("#id-number", &format!("{QR_LINE}{ENTER}"));
        app.wait_value("#full-name", CITIZEN);
        pick_birth_registration(&app);
        app.click_on("#save-dossier");
        app.el("#saved-panel");
        let second = app.text_of("#saved-code").trim().to_owned();
        app.el("#pdf-preview[data-state=\"ready\"]");
        let waiting = app.text_of("#receipt-print");
        assert!(waiting.contains("chưa in"), "the clerk is told the receipt waits: {waiting:?}");
        let receipt_file = printed.join(format!("receipt-{second}.pdf"));
        assert!(!receipt_file.exists(), "the receipt printed before the clerk pressed In");
        app.click_on("#preview-print");
        app.el("#receipt-print[data-state=\"done\"]");
        let receipt = pdf_text(&receipt_file);
        assert_eq!(receipt.matches(second.as_str()).count(), 2, "{receipt}");
        assert!(!receipt.contains("BẢN IN LẠI"), "a first print is not a reprint");

        // --- "Xuất nhật ký": the logs and the PC's summary in one zip for the IT officer
        app.click_on("#nav-admin");
        app.click_on("#logs-export");
        let said = app.wait_text("#logs-export-result", "the export notice", &|t| t.contains("Đã xuất"));
        let zip_path = said.split(" vào ").nth(1).expect("the zip's path is shown").trim().to_owned();
        let exported = unzip(std::path::Path::new(&zip_path));
        let summary = &exported.iter().find(|(name, _)| name == motcua_app::SUMMARY_NAME).expect("the summary").1;
        assert!(summary.contains(UNIT_CODE) && summary.contains("Số hồ sơ: 2"), "{summary}");
        assert!(exported.iter().any(|(name, text)| name.starts_with("logs/motcua") && text.contains("dossier")));

        // The logs of this whole session hold none of the citizen's personal data: not in the
        // log folder, not in the zip, not on stderr.
        let log_folder = profile.dir.join("xdg/data/vn.motcua.counter/logs");
        let mut logs: Vec<(String, String)> = std::fs::read_dir(&log_folder)
            .unwrap_or_else(|e| panic!("{}: {e}", log_folder.display()))
            .flatten()
            .map(|e| (e.path().display().to_string(), std::fs::read_to_string(e.path()).unwrap()))
            .collect();
        assert!(!logs.is_empty() && logs.iter().all(|(_, t)| !t.is_empty()), "the app writes log files");
        logs.extend(exported);
        for e in std::fs::read_dir(profile.log_dir()).unwrap().flatten() {
            logs.push((
                e.path().display().to_string(),
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into(),
            ));
        }
        let folded = motcua_domain::text::fold(CITIZEN);
        for personal in ["001203001234", "0912345678", CITIZEN, CITIZEN_ADDRESS, "Đội Cấn", folded.as_str(), "01052003"]
        {
            for (file, text) in &logs {
                assert!(!text.contains(personal), "{file} carries personal data {personal:?}");
            }
        }
    }
    eprintln!("[e2e] intake_from_first_run_to_restart took {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn bad_input_and_clerk_role() {
    let started = Instant::now();
    let profile = Profile::fresh("bad-input");
    let display = Display::open(&profile.log_dir());
    let app = App::launch(&display, &profile, "launch");
    run_wizard(&app);
    login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);

    // --- a malformed scan: a Vietnamese error under #id-number, nothing filled
    app.el("#intake");
    app.type_into("#id-number", &format!("abc|123{ENTER}"));
    let err = app
        .wait_text(".field-error[data-field=\"id_number\"]:not(.field-warning)", "an error", &|t| !t.trim().is_empty());
    assert!(is_vietnamese(&err), "the scan error should be in Vietnamese: {err:?}");
    let id_field = app.js("const e = document.querySelector('.field-error[data-field=\"id_number\"]'); \
         return e && e.parentElement.querySelector('#id-number') !== null;");
    assert_eq!(id_field, true, "the error is shown next to #id-number");
    assert_eq!(app.value_of("#full-name"), "", "a bad scan fills nothing");

    // --- save with no name and no procedure: field errors, nothing saved
    app.click_on("#save-dossier");
    let name_err = app.wait_text(".field-error[data-field=\"full_name\"]", "an error", &|t| !t.trim().is_empty());
    assert!(is_vietnamese(&name_err), "name error in Vietnamese: {name_err:?}");
    let proc_err = app.wait_text(".field-error[data-field=\"procedure_code\"]", "an error", &|t| !t.trim().is_empty());
    assert!(is_vietnamese(&proc_err), "procedure error in Vietnamese: {proc_err:?}");
    assert!(!app.exists("#saved-panel"), "an incomplete dossier must not be saved");
    assert!(app.exists(".field-error[data-field=\"id_number\"]"), "the malformed ID stays flagged after pressing save");
    app.screenshot("bad-input-1-errors");

    app.click_on("#nav-today");
    app.el("#today-empty");
    assert!(!app.exists("#today-list tr.dossier-row"), "nothing was saved, the today list stays empty");

    // --- the admin creates a clerk
    app.click_on("#nav-admin");
    app.el("#admin");
    app.fill("#user-name", "Trần Thị Bình");
    app.fill("#user-username", "tranbinh");
    app.fill("#user-password", "Bình-2024-mk");
    assert_eq!(app.value_of("#user-role"), "clerk", "a new account is a clerk unless chosen otherwise");
    app.click_on("#user-create");
    app.el("#user-created");
    app.wait_text("#users-list", "the new clerk", &|t| t.contains("tranbinh") && t.contains("Trần Thị Bình"));

    // --- the clerk logs in: no admin screen
    app.click_on("#logout");
    app.el("#login-username");
    login(&app, "tranbinh", "Bình-2024-mk", "Trần Thị Bình");
    app.el("#nav-intake");
    assert!(app.exists("#nav-today") && app.exists("#nav-search"), "a clerk has intake, today and search");
    assert!(!app.exists("#nav-admin"), "a clerk must not see #nav-admin");
    assert_eq!(app.value_of("#id-number"), "", "the admin's unsaved draft must not show to the clerk");
    assert!(!app.exists("#admin"), "a clerk must not see the admin screen");
    app.screenshot("bad-input-2-clerk");
    drop(app);
    eprintln!("[e2e] bad_input_and_clerk_role took {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn code_and_date_matchers() {
    assert!(is_dossier_code("000.00.21.H26-251123-0001"));
    assert!(!is_dossier_code("000.00.21.H26-25112-0001"));
    assert!(!is_dossier_code("000.00.21.H26-251123-0001 "));
    assert!(!is_dossier_code("000.00.21.H27-251123-0001"));
    assert!(has_vn_date("Hẹn trả: 08:00 ngày 25/11/2025"));
    assert!(!has_vn_date("25-11-2025"));
    assert!(is_vietnamese("Mã QR không hợp lệ"));
    assert!(!is_vietnamese("invalid"));
}

/// A counter database whose search index got damaged (a bad disk sector) while the app was
/// closed: the app still opens, finds the damage in the background, says so in Vietnamese,
/// lets the clerk log in and read, and writes nothing into the file.
#[test]
fn a_damaged_database_is_reported_and_left_untouched() {
    let started = Instant::now();
    let profile = Profile::fresh("damaged-db");
    let saved = prepare_counter(&profile.db, 30);
    let damaged = damage_index(&profile.db, "dossiers_id_number");
    let display = Display::open(&profile.log_dir());
    {
        let app = App::launch(&display, &profile, "launch");
        assert_eq!(first_screen(&app), "login", "a set-up office opens on the login screen");
        let banner = app.wait_text("#integrity-banner", "the damage warning", &|t| t.contains("bị hỏng"));
        assert!(banner.contains("cán bộ CNTT"), "the banner tells the clerk whom to call: {banner:?}");
        login(&app, ADMIN_USER, ADMIN_PASS, ADMIN_NAME);
        app.el("#integrity-banner");
        // Reading still works: today's list shows what was saved before the damage.
        app.click_on("#nav-today");
        app.wait_text("#today-list", "the saved dossiers", &|t| saved.iter().all(|c| t.contains(c.as_str())));
        app.screenshot("damaged-db-1-banner");
    }
    let after = std::fs::read(&profile.db).unwrap();
    assert!(after == damaged, "the app wrote into the damaged file");
    eprintln!("[e2e] a_damaged_database_is_reported_and_left_untouched took {:.1} s", started.elapsed().as_secs_f64());
}

/// Overwrites the root page of `index` with garbage, as a bad sector would; returns the file.
fn damage_index(db: &std::path::Path, index: &str) -> Vec<u8> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let (page, size): (i64, i64) = conn
        .query_row(
            "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = ?1",
            [index],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let mut data = std::fs::read(db).unwrap();
    let start = (page - 1) as usize * size as usize;
    data[start..start + size as usize].fill(0xA5);
    std::fs::write(db, &data).unwrap();
    data
}
