//! The `motcua` commands as an IT officer's script runs them: the real binary, a real file.

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod backup;
mod sync;

fn motcua(args: &[&str], stdin: Option<&str>) -> Output {
    motcua_at(None, args, stdin)
}

/// `motcua` run at office time `now` (debug builds read `MOTCUA_TEST_NOW`), or the real time.
fn motcua_at(now: Option<&str>, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_motcua"));
    match now {
        Some(now) => command.env("MOTCUA_TEST_NOW", now),
        None => command.env_remove("MOTCUA_TEST_NOW"),
    };
    let mut child = command
        .args(args)
        .env_remove("MOTCUA_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = motcua(args, None);
    assert!(out.status.success(), "motcua {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn lunar_conversions() {
    assert_eq!(ok(&["calendar", "to-lunar", "2026-02-17"]).trim(), "1/1/2026");
    assert_eq!(ok(&["calendar", "to-lunar", "2020-05-23"]).trim(), "1/4 nhuận/2020");
    assert_eq!(ok(&["calendar", "to-solar", "2020", "4", "1", "--leap"]).trim(), "2020-05-23");
    assert_eq!(ok(&["calendar", "to-solar", "1968", "1", "1"]).trim(), "1968-01-29");
    let refused = motcua(&["calendar", "to-solar", "2021", "4", "1", "--leap"], None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("không tồn tại"));
}

#[test]
fn holidays_as_json_and_deadline_defaults() {
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["calendar", "holidays", "--year", "2026", "--json"])).unwrap();
    let days: Vec<&str> = json.as_array().unwrap().iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert!(days.contains(&"2026-02-17") && days.contains(&"2026-04-27") && days.contains(&"2026-11-24"), "{days:?}");
    assert_eq!(
        ok(&["calendar", "deadline", "--from", "2026-11-23T09:00", "--working-days", "3"]).trim(),
        "2026-11-27T09:00"
    );
    let bad = motcua(&["calendar", "deadline", "--from", "23/11/2026", "--working-days", "3"], None);
    assert!(!bad.status.success());
}

/// A counter database in `dir` set up as the first-run wizard does; returns its path.
fn set_up_office(dir: &std::path::Path) -> String {
    let db = dir.join("counter.db").to_str().unwrap().to_owned();
    let setup = dir.join("setup.json");
    std::fs::write(
        &setup,
        r#"{"office":{"name":"Bộ phận Một cửa xã Thử","unit_code":"000.00.31.H26","address":"Xã Thử","place_name":"Hà Nội",
            "counter_number":2,"hotlines":["1900 1234"]},
           "admin":{"full_name":"Quản Trị","username":"admin","password":"matkhau123"}}"#,
    )
    .unwrap();
    let office: serde_json::Value =
        serde_json::from_str(&ok(&["--db", &db, "office", "init", "--json", setup.to_str().unwrap()])).unwrap();
    assert_eq!(office["unit_code"], "000.00.31.H26");
    db
}

/// Saves a birth registration with its two required papers for `applicant` (JSON) through
/// `motcua dossier create`; returns the saved dossier.
fn create_birth_registration(db: &str, applicant: &str) -> serde_json::Value {
    // Birth and parentage registration: 3 working days, due on Thursday 19/11 at 09:00.
    let draft = format!(
        r#"{{"procedure_code":"1.000689","applicant":{applicant},
        "papers":[{{"name":"Tờ khai đăng ký khai sinh","form":"original","count":1}},
                  {{"name":"Tờ khai đăng ký nhận cha, mẹ, con","form":"original","count":1}},
                  {{"name":"Giấy chứng sinh","form":"original","count":1}},
                  {{"name":"Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan có thẩm quyền xác nhận quan hệ cha, con hoặc mẹ, con","form":"copy","count":1}}]}}"#
    );
    let out = motcua(&["--db", db, "dossier", "create", "--json", "-"], Some(&draft));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn office_catalog_and_dossiers_over_one_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let db = db.as_str();

    let csv = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog/procedures.csv");
    let summary: serde_json::Value =
        serde_json::from_str(&ok(&["--db", db, "catalog", "import", csv, "--json"])).unwrap();
    assert_eq!(summary["created"], 0, "setup already loaded the same catalog");

    // With --db the deadline follows the office's calendar in the database, official
    // exceptions included: Monday 2026-08-31 is a swapped day off, then 1/9 and 2/9.
    assert_eq!(
        ok(&["--db", db, "calendar", "deadline", "--from", "2026-08-28T09:00", "--working-days", "1"]).trim(),
        "2026-09-03T09:00"
    );

    let saved =
        create_birth_registration(db, r#"{"full_name":"Bùi Thị Hoa","id_number":"001303001234","phone":"0912345678"}"#);
    let code = saved["code"].as_str().unwrap();
    assert!(code.starts_with("000.00.31.H26-") && code.ends_with("-0002"), "{code}");
    assert!(saved["appointment_at"].as_str().is_some());

    let got: serde_json::Value = serde_json::from_str(&ok(&["--db", db, "dossier", "get", code, "--json"])).unwrap();
    assert_eq!(got["draft"]["applicant"]["full_name"], "Bùi Thị Hoa");
    let found: serde_json::Value =
        serde_json::from_str(&ok(&["--db", db, "dossier", "search", "bui thi hoa", "--json"])).unwrap();
    assert_eq!(found[0]["code"], code);
    assert!(ok(&["--db", db, "dossier", "search", "0912345678"]).contains(code));

    // Bad input: a clear Vietnamese message, a non-zero exit, nothing saved.
    let bad = motcua(
        &["--db", db, "dossier", "create", "--json", "-"],
        Some(r#"{"procedure_code":"1.001193","applicant":{"full_name":""}}"#),
    );
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("Chưa nhập họ tên"), "{stderr}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&ok(&["--db", db, "dossier", "search", "0", "--json"]))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // The receipt as a PDF, with the city's look-up URL in its QR code.
    let bad_url = motcua(&["--db", db, "papers", "set", "--lookup-url", "dvc.hanoi.gov.vn/tra-cuu"], None);
    assert!(String::from_utf8_lossy(&bad_url.stderr).contains("{code}"), "{bad_url:?}");
    let settings = ok(&["--db", db, "papers", "set", "--lookup-url", "https://dvc.hanoi.gov.vn/tra-cuu?ma={code}"]);
    assert!(settings.contains("tt03-2025"), "{settings}");
    let pdf = dir.path().join("receipt.pdf");
    ok(&["--db", db, "print", "receipt", code, "--out", pdf.to_str().unwrap()]);
    let text = std::process::Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.matches(code).count(), 2, "the code on both copies:\n{text}");
    assert!(text.contains("1900 1234") && text.contains("Bùi Thị Hoa"), "{text}");
    let missing = motcua(&["--db", db, "print", "receipt", "000.00.31.H26-000000-0001", "--out", "x.pdf"], None);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Không tìm thấy hồ sơ"), "{missing:?}");

    // A queue ticket, both ways.
    let ticket_pdf = dir.path().join("ticket.pdf");
    ok(&[
        "--db",
        db,
        "print",
        "ticket",
        "--service",
        "Hộ tịch",
        "--number",
        "A015",
        "--format",
        "pdf",
        "--out",
        ticket_pdf.to_str().unwrap(),
    ]);
    let text = std::process::Command::new("pdftotext").args([ticket_pdf.to_str().unwrap(), "-"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("A015") && text.contains("Hộ tịch") && text.contains("1900 1234"), "{text}");
    let escpos = dir.path().join("ticket.bin");
    ok(&[
        "--db",
        db,
        "print",
        "ticket",
        "--service",
        "Hộ tịch",
        "--number",
        "A016",
        "--format",
        "escpos",
        "--ahead",
        "3",
        "--out",
        escpos.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&escpos).unwrap();
    assert!(bytes.starts_with(&[0x1B, b'@']) && bytes.ends_with(&[0x1D, b'V', 66, 0]), "ESC/POS with a cut");

    assert!(ok(&["--db", db, "db", "check"]).starts_with("ok"));
}

#[test]
fn the_other_forms_and_the_log_book_by_name_or_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let db = db.as_str();
    let saved = create_birth_registration(db, r#"{"full_name":"Đặng Văn Lâm","id_number":"001203001234"}"#);
    let code = saved["code"].as_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();

    // Form 02 by number, its items repeated.
    let supplement = out("02.pdf");
    #[rustfmt::skip]
    ok(&["--db", db, "print", "form", "02", code, "--out", &supplement,
         "--item", "Giấy chứng sinh bản chính", "--item", "Bản sao giấy chứng nhận kết hôn"]);
    let text = pdf_text(std::path::Path::new(&supplement));
    assert!(text.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ") && text.contains(code), "{text}");
    assert!(
        text.contains("1. Giấy chứng sinh bản chính") && text.contains("2. Bản sao giấy chứng nhận kết hôn"),
        "{text}"
    );

    // An apology by name needs a reason and a new date after the old one.
    let apology = out("04.pdf");
    let missing = motcua(&["--db", db, "print", "form", "apology", code, "--out", &apology], None);
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(!missing.status.success() && stderr.contains("Chưa nhập lý do"), "{stderr}");
    assert!(!std::path::Path::new(&apology).exists(), "nothing written for a refused paper");
    let apology_due = |new_date: &str| {
        let args =
            ["print", "form", "apology", code, "--out", &apology, "--reason", "Chờ xác minh", "--new-date", new_date];
        motcua(&[&["--db", db][..], &args].concat(), None)
    };
    let early = apology_due("2020-01-01T08:00");
    assert!(String::from_utf8_lossy(&early.stderr).contains("phải sau thời gian hẹn cũ"), "{early:?}");
    let later = apology_due("2099-01-05T15:00");
    assert!(later.status.success(), "{later:?}");
    let text = pdf_text(std::path::Path::new(&apology));
    assert!(text.contains("15 giờ 00 phút, ngày 05/01/2099") && text.contains("Chờ xác minh"), "{text}");

    // The control sheet, and a form the 2018 set does not have.
    let control = out("06.pdf");
    ok(&["--db", db, "print", "form", "control-sheet", code, "--out", &control]);
    assert!(pdf_text(std::path::Path::new(&control)).contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));
    ok(&["--db", db, "papers", "set", "--form-set", "tt01-2018"]);
    let stop = motcua(&["--db", db, "print", "form", "stop", code, "--out", &out("05.pdf"), "--reason", "x"], None);
    assert!(String::from_utf8_lossy(&stop.stderr).contains("không có mẫu này"), "{stop:?}");
    let unknown = motcua(&["--db", db, "print", "form", "09", code, "--out", &out("09.pdf")], None);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("các mẫu: supplement (Mẫu số 02)"), "{unknown:?}");

    // The log book of the day the dossiers were received (the office's "today").
    let day = &saved["received_at"].as_str().unwrap()[..10];
    let book = out("logbook.pdf");
    ok(&["--db", db, "print", "logbook", "--from", day, "--to", day, "--out", &book]);
    let text = pdf_text(std::path::Path::new(&book));
    assert!(text.contains("SỔ THEO DÕI HỒ SƠ"), "{text}");
    assert!(text.contains(code) && text.contains("Đặng Văn Lâm") && text.contains("Tổng số: 1 hồ sơ"), "{text}");
    let backwards =
        motcua(&["--db", db, "print", "logbook", "--from", "2026-12-02", "--to", "2026-12-01", "--out", &book], None);
    assert!(String::from_utf8_lossy(&backwards.stderr).contains("Ngày bắt đầu phải trước"), "{backwards:?}");

    // The same book as a spreadsheet: one row per dossier under the book's columns, the
    // reception time a date-time cell; and as CSV.
    use calamine::Reader;
    let xlsx = out("logbook.xlsx");
    ok(&["--db", db, "report", "logbook", "--from", day, "--to", day, "--format", "xlsx", "--out", &xlsx]);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Sổ theo dõi").unwrap();
    let rows: Vec<Vec<calamine::Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let header = rows.iter().position(|r| r.first().is_some_and(|c| *c == "STT")).expect("the header row");
    assert_eq!(rows[header].len(), 11, "{:?}", rows[header]);
    let entry = &rows[header + 1];
    assert_eq!((entry[0].to_string(), entry[1].to_string()), ("1".to_owned(), code.to_owned()));
    assert_eq!(entry[4].to_string(), "Đặng Văn Lâm");
    let calamine::Data::DateTime(received) = &entry[7] else { panic!("the reception time as a date-time: {entry:?}") };
    // Excel counts days from 30/12/1899.
    let excel_day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
        + chrono::Duration::days(received.as_f64().floor() as i64);
    assert_eq!(excel_day.to_string(), day);
    assert!(rows.iter().any(|r| r.first().is_some_and(|c| *c == "Tổng số: 1 hồ sơ")));
    let csv = out("logbook.csv");
    ok(&["--db", db, "report", "logbook", "--from", day, "--to", day, "--format", "csv", "--out", &csv]);
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.lines().count() == 2, "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(code), "{csv}");
}

#[test]
fn a_missing_database_is_reported_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nope.db");
    let out = motcua(&["--db", db.to_str().unwrap(), "dossier", "get", "X"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không tìm thấy tệp dữ liệu"));
    assert!(!db.exists());
}

/// `motcua queue …` against a hub on loopback, as an IT officer's script drives it.
#[test]
fn queue_commands_through_a_hub() {
    use motcua_queue::http::{HubState, router};
    let dir = tempfile::tempdir().unwrap();
    let host = motcua_queue::QueueHost::open(&dir.path().join("hub.db"), Default::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let hub = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(axum::serve(listener, router(HubState { host, key: "k".into() })).into_future());
    let q = |args: &[&str]| {
        let mut all = vec!["queue", args[0], "--hub", hub.as_str(), "--key", "k"];
        all.extend_from_slice(&args[1..]);
        motcua(&all, None)
    };
    let ok_q = |args: &[&str]| {
        let out = q(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    ok_q(&["services", "--service", "A=Đất đai", "--service", "B=Hộ tịch"]);
    ok_q(&["counter", "--number", "5", "--services", "A,B"]);
    assert!(ok_q(&["issue", "--service", "A"]).starts_with("A001"));
    assert!(ok_q(&["issue", "--service", "B", "--priority"]).starts_with("B001"));
    assert_eq!(ok_q(&["call", "--counter", "5"]).trim(), "Mời số B001 đến quầy 5");
    let status: serde_json::Value = serde_json::from_str(&ok_q(&["status", "--json"])).unwrap();
    assert_eq!(status["waiting"], 1);
    assert_eq!(status["counters"][0]["current"], "B001");
    // Nobody for counter 5 once A001 is called; an unknown service; the wrong key.
    ok_q(&["call", "--counter", "5"]);
    let none = q(&["call", "--counter", "5"]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("Không còn ai đang chờ"));
    let unknown = q(&["issue", "--service", "Z"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("Không có dịch vụ \"Z\""));
    let wrong = motcua(&["queue", "call", "--hub", &hub, "--key", "sai", "--counter", "5"], None);
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("Không có quyền"));
    // Counter 5 enrolled: its own key works at counter 5 only.
    let counter_key = ok_q(&["enrol", "--counter", "5"]).trim().to_owned();
    assert_eq!(counter_key.len(), 32, "{counter_key:?}");
    let as_counter =
        |n: &str| motcua(&["queue", "ticket", "--hub", &hub, "--key", &counter_key, "--counter", n, "start"], None);
    let own = as_counter("5");
    assert!(own.status.success(), "{}", String::from_utf8_lossy(&own.stderr));
    let other = as_counter("6");
    assert!(String::from_utf8_lossy(&other.stderr).contains("chỉ điều khiển số của quầy mình"));
    // A hub that is not there: said plainly, with its address.
    let gone = motcua(&["queue", "status", "--hub", "http://127.0.0.1:9"], None);
    assert!(String::from_utf8_lossy(&gone.stderr).contains("Không kết nối được máy chủ hàng đợi"));
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
}

#[test]
fn a_dossier_steps_through_its_life_and_goes_on_the_late_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let db = db.as_str();
    let at = |now: &str, args: &[&str], stdin: Option<&str>| {
        let out = motcua_at(Some(now), args, stdin);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // Three dossiers received on Monday 16/11/2026 at 09:00.
    let applicant = r#"{"full_name":"Đỗ Thị Mai","id_number":"001303001234"}"#;
    // Birth and parentage registration: 3 working days, due on Thursday 19/11 at 09:00.
    let draft = format!(
        r#"{{"procedure_code":"1.000689","applicant":{applicant},
        "papers":[{{"name":"Tờ khai đăng ký khai sinh","form":"original","count":1}},
                  {{"name":"Tờ khai đăng ký nhận cha, mẹ, con","form":"original","count":1}},
                  {{"name":"Giấy chứng sinh","form":"original","count":1}},
                  {{"name":"Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan có thẩm quyền xác nhận quan hệ cha, con hoặc mẹ, con","form":"copy","count":1}}]}}"#
    );
    let monday = "2026-11-16T09:00:00";
    let codes: Vec<String> = (0..3)
        .map(|_| {
            let (ok, out, err) = at(monday, &["--db", db, "dossier", "create", "--json", "-"], Some(&draft));
            assert!(ok, "{err}");
            let saved: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(saved["received_at"], monday);
            saved["code"].as_str().unwrap().to_owned()
        })
        .collect();
    let due: serde_json::Value =
        serde_json::from_str(&at(monday, &["--db", db, "dossier", "get", &codes[0], "--json"], None).1).unwrap();
    let due_at = due["appointment_at"].as_str().unwrap().to_owned();
    assert_eq!(due_at, "2026-11-19T09:00:00");

    // One handed off and ready; one handed off; the third untouched.
    let step =
        |now: &str, code: &str, json: &str| at(now, &["--db", db, "dossier", "step", code, "--json", "-"], Some(json));
    let handoff = r#"{"step":"handed_off","to":"Công chức Tư pháp - Hộ tịch","handler":"","deadline":"2026-11-17T17:00:00","note":""}"#;
    for code in &codes[..2] {
        let (ok, out, err) = step("2026-11-16T10:00:00", code, handoff);
        assert!(ok, "{err}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["status"], "in_processing");
    }
    let (ok, out, _) = step("2026-11-16T15:00:00", &codes[0], r#"{"step":"result_ready","note":""}"#);
    assert!(ok);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["timeliness"], "early");

    // Out of order, or a return without the collector's ID: refused in Vietnamese, nothing saved.
    let (ok, _, err) = step(
        "2026-11-16T15:30:00",
        &codes[2],
        r#"{"step":"returned_at_counter","collector_name":"Đỗ Thị Mai","collector_id":"001303001234"}"#,
    );
    assert!(!ok);
    assert!(err.contains("Hồ sơ đang ở trạng thái \"Đã tiếp nhận\": không thể trả kết quả"), "{err}");
    let (ok, _, err) = step(
        "2026-11-16T15:30:00",
        &codes[0],
        r#"{"step":"returned_at_counter","collector_name":"Đỗ Thị Mai","collector_id":""}"#,
    );
    assert!(!ok);
    assert!(err.contains("Chưa nhập số giấy tờ tùy thân của người nhận kết quả"), "{err}");
    let (ok, _, err) = step("2026-11-16T15:30:00", &codes[0], r#"{"step":"finished"}"#);
    assert!(!ok && err.contains("Bước xử lý không đúng định dạng JSON"), "{err}");

    // The day before the deadline: two are due on the next working day, none late.
    let day_before = format!("{}T16:00:00", &due_at[..10]);
    let day_before =
        chrono::NaiveDateTime::parse_from_str(&day_before, "%Y-%m-%dT%H:%M:%S").unwrap() - chrono::Duration::days(1);
    let lists = |now: &str| -> serde_json::Value {
        let (ok, out, err) = at(now, &["--db", db, "dossier", "late", "--json"], None);
        assert!(ok, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let codes_of = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect()
    };
    let before = lists(&day_before.format("%Y-%m-%dT%H:%M:%S").to_string());
    assert_eq!(codes_of(&before["late"]), Vec::<String>::new());
    assert_eq!(codes_of(&before["due_next_working_day"]), codes[1..].to_vec());

    // A minute past the deadline both are late; an apology moves the appointment, not the deadline.
    let after =
        chrono::NaiveDateTime::parse_from_str(&due_at, "%Y-%m-%dT%H:%M:%S").unwrap() + chrono::Duration::minutes(1);
    let after = after.format("%Y-%m-%dT%H:%M:%S").to_string();
    assert_eq!(codes_of(&lists(&after)["late"]), codes[1..].to_vec());
    let sorry =
        r#"{"step":"apologised","reason":"Chờ xác minh thông tin hộ tịch","new_appointment_at":"2026-11-27T09:00:00"}"#;
    assert!(step(&after, &codes[1], sorry).0);
    let late = lists(&after);
    assert_eq!(codes_of(&late["late"]), codes[1..].to_vec());
    assert_eq!(late["late"][0]["appointment_at"], "2026-11-27T09:00:00");

    // The process-control sheet of the first one, in order, with who did what.
    let (ok, out, _) = at(&after, &["--db", db, "dossier", "history", &codes[0], "--json"], None);
    assert!(ok);
    let history: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = history["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["handed_off", "result_ready"]);
    assert_eq!(history["steps"][0]["to"], "Công chức Tư pháp - Hộ tịch");
    assert_eq!(history["lifecycle"]["status"], "result_ready");

    // Its process-control sheet (form 06) carries the recorded hand-off and its deadline.
    let sheet = dir.path().join("06.pdf");
    let (ok, _, err) =
        at(&after, &["--db", db, "print", "form", "06", &codes[0], "--out", sheet.to_str().unwrap()], None);
    assert!(ok, "{err}");
    let text = pdf_text(&sheet);
    for expected in [
        "Nhận: Công chức Tư pháp - Hộ tịch",
        "10 giờ 00 phút, ngày 16/11/2026",
        "Hạn xử lý: 17 giờ 00 phút, ngày 17/11/2026",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
}

#[test]
fn the_monthly_report_as_csv_xlsx_and_pdf_has_the_stores_numbers() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.db");
    let lines = {
        let mut store = motcua_store::fixtures::set_up(&path, 1);
        motcua_store::fixtures::generate_dossiers(&mut store, 3_000, 11);
        let day = |d: u32, m: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap().and_hms_opt(0, 0, 0).unwrap();
        store.dossier_report(day(1, 11), day(1, 12)).unwrap()
    };
    let db = path.to_str().unwrap();
    let numbers = |l: &motcua_store::ReportLine| {
        vec![
            l.carried_over,
            l.received,
            l.carried_over + l.received,
            l.resolved_early,
            l.resolved_on_time,
            l.resolved_late,
            l.ended_otherwise,
            l.pending,
            l.pending_late,
        ]
    };
    let mut total = motcua_store::ReportLine::default();
    lines.iter().for_each(|l| total.add(l));
    let report = |format: &str| {
        let out = dir.path().join(format!("bao-cao.{format}"));
        ok(&[
            "--db",
            db,
            "report",
            "monthly",
            "--month",
            "2026-11",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        out
    };

    // CSV: a header, then the procedures' rows with the store's numbers; the last row the total.
    let csv_text = std::fs::read_to_string(report("csv")).unwrap();
    let csv_text = csv_text.strip_prefix('\u{feff}').expect("a byte-order mark for spreadsheet programs");
    let rows: Vec<Vec<String>> =
        csv_text.lines().map(|l| l.split(',').map(|c| c.trim_matches('"').to_owned()).collect()).collect();
    assert_eq!(rows[0][4], "Kỳ trước chuyển qua");
    let as_numbers = |row: &[String]| row[4..].iter().map(|n| n.parse::<u64>().unwrap()).collect::<Vec<_>>();
    for line in &lines {
        let row = rows.iter().find(|r| r[2] == line.procedure_code).expect("the procedure's row");
        assert_eq!((row[1].as_str(), row[3].as_str()), (line.field.as_str(), line.procedure_name.as_str()));
        assert_eq!(as_numbers(row), numbers(line), "{}", line.procedure_code);
    }
    let last = rows.last().unwrap();
    assert_eq!(last[1], "TỔNG CỘNG");
    assert_eq!(as_numbers(last), numbers(&total));

    // The dashboard of the same month shows the report's numbers.
    let board = motcua_at(
        Some("2026-12-10T09:00:00"),
        &["--db", db, "report", "dashboard", "--from", "2026-11-01", "--to", "2026-11-30", "--json"],
        None,
    );
    assert!(board.status.success(), "{}", String::from_utf8_lossy(&board.stderr));
    let board: serde_json::Value = serde_json::from_slice(&board.stdout).unwrap();
    let t = &board["totals"];
    let got: Vec<u64> = ["received", "resolved_early", "resolved_on_time", "resolved_late", "ended_otherwise"]
        .iter()
        .map(|k| t[k].as_u64().unwrap())
        .collect();
    let want = as_numbers(last);
    assert_eq!(got, [want[1], want[3], want[4], want[5], want[6]]);
    assert_eq!(board["by_day"].as_array().unwrap().len(), 30);
    let text = motcua_at(
        Some("2026-12-10T09:00:00"),
        &["--db", db, "report", "dashboard", "--from", "2026-11-01", "--to", "2026-11-30"],
        None,
    );
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("Theo lĩnh vực:") && text.contains("Đất đai"), "{text}");
    let backwards = motcua(&["--db", db, "report", "dashboard", "--from", "2026-11-30", "--to", "2026-11-01"], None);
    assert!(String::from_utf8_lossy(&backwards.stderr).contains("Ngày cuối phải sau"), "{backwards:?}");

    // XLSX, read back: the same cells, numbers as numbers.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(report("xlsx")).unwrap();
    let sheet = book.worksheet_range("Báo cáo").unwrap();
    let cells: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert!(cells.iter().any(|r| r[0].contains("THÁNG 11/2026")), "the title");
    let body: Vec<&Vec<String>> = cells.iter().skip_while(|r| r[0] != "STT").skip(1).collect();
    assert_eq!(body.len(), rows.len() - 1, "as many rows as the CSV");
    for (x, c) in body.iter().zip(&rows[1..]) {
        assert_eq!(x.as_slice(), c.as_slice());
    }
    let numeric = sheet.rows().flat_map(|r| r.iter()).filter(|c| matches!(c, calamine::Data::Float(_))).count();
    assert_eq!(numeric, body.len() * 9);

    // PDF: the title, each procedure and the total line, with the font embedded.
    let pdf = report("pdf");
    // -layout keeps each table row on one line
    let text = Command::new("pdftotext").args(["-layout", pdf.to_str().unwrap(), "-"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("BÁO CÁO TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THÁNG 11/2026"), "{flat}");
    let total_line = numbers(&total).iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&format!("TỔNG CỘNG {total_line}")), "{total_line} not in {flat}");
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes ")), "fonts not all embedded:\n{fonts}");

    // Bad input: a clear message, no file.
    for (args, message) in [
        (["--month", "2026-13", "--format", "csv"], "Tháng không hợp lệ"),
        (["--month", "2026-11", "--format", "docx"], "Định dạng không hỗ trợ"),
    ] {
        let out = dir.path().join("khong-co.csv");
        let run = motcua(
            &[&["--db", db, "report", "monthly"][..], &args[..], &["--out", out.to_str().unwrap()]].concat(),
            None,
        );
        assert!(!run.status.success());
        assert!(String::from_utf8_lossy(&run.stderr).contains(message), "{:?}", run);
        assert!(!out.exists());
    }
}

#[test]
fn feedback_is_recorded_assigned_answered_published_and_listed_when_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let db = set_up_office(dir.path());
    let db = db.as_str();
    let run = |now: &str, args: &[&str], stdin: Option<&str>| {
        let out = motcua_at(Some(now), &[&["--db", db, "feedback"][..], args].concat(), stdin);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.success(), text, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let monday = "2026-11-16T09:00:00";
    // A call to the hotline about a dossier (5 working days), a Zalo message about a rule
    // (10 working days; 24/11 is a day off).
    let call = r#"{"channel":"hotline","type_key":"giai_quyet_ho_so","content":"Hồ sơ của tôi chưa có kết quả",
                   "sender":{"name":"Phan Văn Tài","phone":"0912 345 678"},"dossier_code":"000.00.31.h26-261110-0002"}"#;
    let (ok, out, err) = run(monday, &["add", "--json", "-"], Some(call));
    assert!(ok, "{err}");
    let first: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(first["number"], "PAKN-2026-02-0001");
    assert_eq!(first["deadline_at"], "2026-11-23T09:00:00");
    assert_eq!(first["draft"]["dossier_code"], "000.00.31.H26-261110-0002");
    let zalo = r#"{"channel":"zalo","type_key":"quy_dinh","content":"Đề nghị bỏ yêu cầu bản sao chứng thực"}"#;
    let (ok, out, _) = run(monday, &["add", "--json", "-"], Some(zalo));
    assert!(ok);
    let second: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(second["number"], "PAKN-2026-02-0002");
    assert_eq!(second["deadline_at"], "2026-12-01T09:00:00");

    // No channel: refused, with the field named; nothing numbered.
    let (ok, _, err) =
        run(monday, &["add", "--json", "-"], Some(r#"{"channel":null,"type_key":"khac","content":"Góp ý"}"#));
    assert!(!ok && err.contains("Chưa chọn kênh tiếp nhận"), "{err}");

    // Friday 20/11: the first is due by the end of the next working day (Monday 23/11).
    let due: serde_json::Value = serde_json::from_str(&run("2026-11-20T10:00:00", &["due"], None).1).unwrap();
    assert_eq!(due["overdue"].as_array().unwrap().len(), 0);
    assert_eq!(due["due_soon"][0]["number"], "PAKN-2026-02-0001");

    // Tuesday 24/11: it is overdue; assigned to the admin, answered, then published.
    let due: serde_json::Value = serde_json::from_str(&run("2026-11-24T08:00:00", &["due"], None).1).unwrap();
    assert_eq!(due["overdue"][0]["number"], "PAKN-2026-02-0001");
    let act = |now: &str, json: &str| run(now, &["act", "PAKN-2026-02-0001", "--json", "-"], Some(json));
    let (ok, _, err) = act("2026-11-24T08:05:00", r#"{"action":"publish"}"#);
    assert!(!ok && err.contains("cần trả lời trước"), "{err}");
    let (ok, _, err) = act("2026-11-24T08:05:00", r#"{"action":"assign","user_id":"khong-co","user_name":""}"#);
    assert!(!ok && err.contains("Không có tài khoản cán bộ này"), "{err}");
    assert!(act("2026-11-24T08:05:00", r#"{"action":"assign","user_id":"admin","user_name":""}"#).0);
    let (ok, out, _) =
        act("2026-11-24T10:00:00", r#"{"action":"answer","text":"Hồ sơ đã có kết quả, mời ông đến nhận."}"#);
    assert!(ok);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["status"], "answered");
    assert!(act("2026-11-24T10:30:00", r#"{"action":"publish"}"#).0);
    let item: serde_json::Value =
        serde_json::from_str(&run("2026-11-24T11:00:00", &["show", "pakn-2026-02-0001"], None).1).unwrap();
    assert_eq!(item["status"], "published");
    let actions: Vec<&str> =
        item["actions"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["assign", "answer", "publish"]);
    assert_eq!(item["actions"][0]["user_name"], "Quản Trị");
    // No longer overdue; the list shows both, newest first.
    let due: serde_json::Value = serde_json::from_str(&run("2026-11-24T11:00:00", &["due"], None).1).unwrap();
    assert!(due["overdue"].as_array().unwrap().is_empty());
    let list: serde_json::Value = serde_json::from_str(&run("2026-11-24T11:00:00", &["list"], None).1).unwrap();
    let numbers: Vec<&str> = list.as_array().unwrap().iter().map(|f| f["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["PAKN-2026-02-0002", "PAKN-2026-02-0001"]);

    // The office sets its own types: a land type with 15 working days. A new item of it is
    // due 15 working days on; an item of a type no longer listed is refused; the old items
    // keep their deadlines.
    let types: serde_json::Value = serde_json::from_str(&run("2026-11-25T08:00:00", &["types"], None).1).unwrap();
    assert_eq!(types.as_array().unwrap().len(), 4, "the defaults until set");
    let own = r#"[{"key":"dat_dai","label":"  Phản ánh về   đất đai","answer_within_working_days":15},
                  {"key":"khac","label":"Nội dung khác","answer_within_working_days":10}]"#;
    let (ok, out, err) = run("2026-11-25T08:00:00", &["types", "--set", "-"], Some(own));
    assert!(ok, "{err}");
    let set: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(set[0]["label"], "Phản ánh về đất đai");
    let (ok, _, err) = run(
        "2026-11-25T08:00:00",
        &["types", "--set", "-"],
        Some(r#"[{"key":"Đất","label":"x","answer_within_working_days":0}]"#),
    );
    assert!(!ok && err.contains("Mã loại") && err.contains("Thời hạn trả lời"), "{err}");
    let land = r#"{"channel":"in_person","type_key":"dat_dai","content":"Chậm cấp giấy chứng nhận"}"#;
    let (ok, out, err) = run("2026-11-25T08:00:00", &["add", "--json", "-"], Some(land));
    assert!(ok, "{err}");
    // 15 working days from Wednesday 25/11/2026.
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["deadline_at"], "2026-12-16T08:00:00");
    let (ok, _, err) = run("2026-11-25T08:00:00", &["add", "--json", "-"], Some(zalo));
    assert!(!ok && err.contains("Chưa chọn loại phản ánh"), "{err}");
    let item: serde_json::Value =
        serde_json::from_str(&run("2026-11-25T09:00:00", &["show", "PAKN-2026-02-0002"], None).1).unwrap();
    assert_eq!(item["record"]["deadline_at"], "2026-12-01T09:00:00");
}
