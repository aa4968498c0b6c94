//! The city console page (`/console` on the city server) in a real browser (headless
//! Chromium): a city supervisor logs in (a wrong password gets the Vietnamese refusal), reads
//! every office's figures of November, the office's line as its own dashboard shows it,
//! changes the period, and opens an office's dossiers.

use std::time::Duration;

use motcua_city_db::console::CityRole;
use motcua_e2e::browser::Browser;
use motcua_e2e::ui::Ui;
use motcua_server::loopback::{LoopbackCity, city_user, office_with_code};
use motcua_store::DeadlineCutoffs;
use motcua_store::fixtures::{generate_dossiers, set_up};

/// The cells of the table row of the office `unit` (`""`: the totals).
fn row_cells(browser: &Browser, unit: &str) -> Vec<String> {
    let cells = browser.js(&format!(
        "return [...document.querySelectorAll('#figures tbody tr')].filter(r => r.dataset.unit === '{unit}')
           .flatMap(r => [...r.cells].map(c => c.textContent.trim()));"
    ));
    cells.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_city_supervisor_reads_every_offices_figures_in_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let city_db = dir.path().join("city.db");
    let code = office_with_code(&city_db, "000.00.21.H26", "Phường Ba Đình");
    office_with_code(&city_db, "000.00.22.H26", "Phường Kim Mã");
    city_user(&city_db, "giamsat", "Lê Thị Giám Sát", CityRole::Supervisor, "Mật khẩu giám sát");
    let city = LoopbackCity::start(&city_db, "127.0.0.1:0");

    // Ba Đình's counter: a month and a half of dossiers, synced.
    let mut counter = set_up(&dir.path().join("counter.db"), 1);
    let made = generate_dossiers(&mut counter, 300, 5);
    let device_id = counter.device_id().to_owned();
    let counter = std::sync::Mutex::new(counter);
    let enrolment =
        motcua_sync::CityClient::new(&city.url, None).unwrap().enrol(&code, &device_id, "Quầy 1", None).unwrap();
    let client = motcua_sync::CityClient::new(&city.url, Some(enrolment.device_token)).unwrap();
    assert_eq!(motcua_sync::sync_round(&client, &counter).unwrap().pushed.rejected, 0);

    let browser = Browser::launch();
    browser.goto(&format!("{}/console", city.url)).unwrap();
    browser.fill("#username", "giamsat");
    browser.fill("#password", "sai mật khẩu");
    browser.click_on("#login-form button");
    browser.wait_text("#login-error", "the refusal", &|t| t == "Sai tên đăng nhập hoặc mật khẩu.");
    browser.fill("#password", "Mật khẩu giám sát");
    browser.click_on("#login-form button");
    browser.wait_text("#who-name", "the supervisor's name", &|t| t == "Lê Thị Giám Sát");

    // November, as the office's own dashboard counts it at the page's moment.
    browser.js(
        "document.getElementById('from').value = '2026-11-01'; document.getElementById('to').value = '2026-11-30';",
    );
    browser.click_on("#period button");
    let as_of = browser.wait_text("#as-of", "the period", &|t| t.starts_with("Từ 01/11/2026 đến 30/11/2026"));
    // "…; hồ sơ đang giải quyết tính đến DD/MM/YYYY HH:MM."
    let stamp = as_of.rsplit("tính đến ").next().unwrap().trim_end_matches('.');
    let now = chrono::NaiveDateTime::parse_from_str(stamp, "%d/%m/%Y %H:%M").unwrap();
    let end_of_today = now.date().succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap();
    let cut = DeadlineCutoffs { now, end_of_today, end_of_next_working_day: end_of_today + chrono::Duration::days(1) };
    let day = |m: u32| chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    let own = counter.lock().unwrap().dashboard(day(11), day(12), cut).unwrap().totals;
    let ba_dinh = row_cells(&browser, "000.00.21.H26");
    assert_eq!(ba_dinh[0], "Phường Ba Đình");
    let shown: Vec<&str> = [1, 2, 3, 4, 5, 8, 9].iter().map(|&i| ba_dinh[i].as_str()).collect();
    let expected: Vec<String> = [
        own.received,
        own.resolved_early,
        own.resolved_on_time,
        own.resolved_late,
        own.ended_otherwise,
        own.pending,
        own.pending_late,
    ]
    .iter()
    .map(u64::to_string)
    .collect();
    assert_eq!(shown, expected, "Ba Đình's line: {ba_dinh:?}");
    assert!(own.received > 100 && own.resolved_late > 0, "a real month: {own:?}");
    let rate = format!("{:.1}", own.on_time_rate.unwrap()).replace('.', ",");
    let rate = rate.trim_end_matches(",0");
    assert_eq!(ba_dinh[6], format!("{rate} %"), "the on-time rate, written the Vietnamese way");
    assert!(row_cells(&browser, "000.00.22.H26")[1..6].iter().all(|c| c == "0"));
    assert_eq!(row_cells(&browser, "")[1], own.received.to_string(), "the city's totals");
    browser.screenshot(&motcua_e2e::harness::artifacts_dir().join("city-console-dashboard.png")).unwrap();

    // A month with nothing: zeros, no error.
    browser.js(
        "document.getElementById('from').value = '2025-01-01'; document.getElementById('to').value = '2025-01-31';",
    );
    browser.click_on("#period button");
    browser.wait_text("#as-of", "the new period", &|t| t.starts_with("Từ 01/01/2025"));
    assert_eq!(row_cells(&browser, "000.00.21.H26")[1], "0");

    // An office's dossiers (a read of personal data the server records).
    browser
        .js("[...document.querySelectorAll('#offices tbody tr')].find(r => r.cells[1].textContent === '000.00.21.H26')
           .querySelector('button').click();");
    browser.wait_text("#dossiers-title", "the dossiers' title", &|t| t == "Hồ sơ đã tiếp nhận — Phường Ba Đình");
    let first = browser
        .wait_until("the first page", Duration::from_secs(10), |s| {
            let v = s.execute("return document.querySelector('#dossiers tbody tr td')?.textContent || '';", vec![])?;
            Ok(v.as_str().filter(|t| !t.is_empty()).map(str::to_owned))
        })
        .unwrap();
    assert_eq!(first, made[0].code);
    assert!(browser.is_displayed(&browser.el("#dossiers-more")).unwrap(), "300 dossiers: more than a page");
}
