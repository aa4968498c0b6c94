//! What the app-window tests share: the test office, logging in, picking a procedure, and a
//! counter database prepared through the same use cases the window calls.
#![allow(dead_code)] // each test file uses its own part

use motcua_e2e::harness::Display;
use motcua_e2e::ui::{LAUNCH_TIMEOUT, Ui};
use motcua_e2e::webdriver::Session;

pub const OFFICE_NAME: &str = "Ủy ban nhân dân phường Ba Đình";
pub const UNIT_CODE: &str = "000.00.21.H26";
pub const ADMIN_NAME: &str = "Lê Thị Hồng Nhung";
pub const ADMIN_USER: &str = "quantri";
pub const ADMIN_PASS: &str = "Mật-khẩu-2024";
/// What a handheld scanner types for the chip card of Nguyễn Văn Đức (born 01/05/2003, Hà Nội).
pub const QR_LINE: &str =
    "001203001234|012345678|Nguyễn Văn Đức|01052003|Nam|Số 1 ngõ 2 Đội Cấn, Ba Đình, Hà Nội|15062021";
pub const CITIZEN: &str = "Nguyễn Văn Đức";
pub const CITIZEN_ADDRESS: &str = "Số 1 ngõ 2 Đội Cấn, Ba Đình, Hà Nội";
pub const BIRTH_CODE: &str = "1.001193";
pub const BIRTH_NAME: &str = "Đăng ký khai sinh";

/// Waits for the first screen after launch and says which it is.
pub fn first_screen(app: &Session) -> &'static str {
    let el = app.wait_for("#setup-name, #login-username, #current-user", LAUNCH_TIMEOUT).unwrap_or_else(|e| {
        panic!(
            "no screen of the app showed up: {e}. An app built without `--features custom-protocol` \
             looks for a dev server instead of its embedded UI."
        )
    });
    match app.attribute(&el, "id").expect("id of the first screen").as_deref() {
        Some("setup-name") => "wizard",
        Some("login-username") => "login",
        _ => "main",
    }
}

/// Logs in from the login screen and waits for the main layout.
pub fn login(app: &Session, username: &str, password: &str, full_name: &str) {
    app.fill("#login-username", username);
    app.fill("#login-password", password);
    app.click_on("#login-submit");
    app.wait_for("#current-user", LAUNCH_TIMEOUT).unwrap_or_else(|e| {
        let err = app.find("#login-error").ok().flatten().and_then(|el| app.text(&el).ok());
        panic!("login as {username} failed: {e}; #login-error says {err:?}")
    });
    app.wait_text("#current-user", full_name, &|t| t.contains(full_name));
}

/// Picks "Đăng ký khai sinh" by type-ahead and ticks all its papers.
pub fn pick_birth_registration(app: &Session) {
    // --- procedure: type-ahead, pick "Đăng ký khai sinh"
    app.type_into("#procedure-search", "khai sinh");
    let option = format!(".procedure-option[data-code=\"{BIRTH_CODE}\"]");
    app.wait_text(&option, BIRTH_NAME, &|t| t.starts_with(BIRTH_NAME));
    app.click_on(&option);
    let chosen = app.wait_text("#procedure-chosen", BIRTH_NAME, &|t| t.contains(BIRTH_NAME));
    assert!(chosen.contains(BIRTH_CODE), "the chosen procedure shows its code: {chosen:?}");

    // --- papers: tick all
    app.el("#papers .paper-check");
    app.click_on("#papers-all");
    let checks = app
        .wait_until("every paper ticked", motcua_e2e::ui::UI_TIMEOUT, |s| {
            let v = s.execute(
                "return Array.from(document.querySelectorAll('#papers .paper-check')).map(e => e.checked);",
                vec![],
            )?;
            let all: Vec<bool> =
                v.as_array().map(|a| a.iter().map(|b| b.as_bool() == Some(true)).collect()).unwrap_or_default();
            Ok((!all.is_empty() && all.iter().all(|&b| b)).then_some(all.len()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(checks >= 1, "the procedure has papers to tick");
}

/// An office set up with the test's admin and `n` dossiers received today, through the same
/// use cases the window calls; returns their codes.
pub fn prepare_counter(db: &std::path::Path, n: usize) -> Vec<String> {
    let app = motcua_app::CounterApp::open(db).expect("open the counter database");
    let setup = serde_json::json!({
        "office": {"name": OFFICE_NAME, "unit_code": UNIT_CODE, "address": "Số 25 phố Liễu Giai, Hà Nội",
                   "place_name": "Hà Nội", "counter_number": 2, "hotlines": ["1900 1234"]},
        "admin": {"full_name": ADMIN_NAME, "username": ADMIN_USER, "password": ADMIN_PASS}
    });
    app.setup_office(serde_json::from_value(setup).unwrap()).expect("set up the office");
    let app = app.with_cli_session();
    (0..n)
        .map(|i| {
            let draft = serde_json::json!({
                "procedure_code": BIRTH_CODE,
                "applicant": {"full_name": format!("Trần Văn Số {i}"), "id_number": format!("0012030{i:05}"), "phone": ""},
                "papers": [
                    {"name": "Tờ khai đăng ký khai sinh", "form": "original", "count": 1},
                    {"name": "Giấy chứng sinh; trường hợp không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh",
                     "form": "original", "count": 1}
                ]
            });
            app.create_dossier(serde_json::from_value(draft).unwrap()).expect("save a dossier").code
        })
        .collect()
}

/// Birth and parentage registration: 3 working days.
pub const BIRTH_PARENTAGE_CODE: &str = "1.000689";

/// A draft of birth and parentage registration with all its papers.
pub fn birth_and_parentage_draft(name: &str, id_number: &str) -> serde_json::Value {
    serde_json::json!({
        "procedure_code": BIRTH_PARENTAGE_CODE,
        "applicant": {"full_name": name, "id_number": id_number, "phone": ""},
        "papers": [
            {"name": "Tờ khai đăng ký khai sinh", "form": "original", "count": 1},
            {"name": "Tờ khai đăng ký nhận cha, mẹ, con", "form": "original", "count": 1},
            {"name": "Giấy chứng sinh", "form": "original", "count": 1},
            {"name": "Văn bản của cơ quan y tế, cơ quan giám định hoặc cơ quan có thẩm quyền xác nhận quan hệ cha, con hoặc mẹ, con",
             "form": "copy", "count": 1}
        ]
    })
}

/// On the citizen's rating window (it opens beside the clerk's): waits for the question about
/// `service` (a ticket's label or a dossier's code), answers `level` with `comment`, waits for
/// the thanks, and goes back to the clerk's window.
pub fn rate_on_citizens_screen(app: &Session, service: &str, level: &str, comment: &str) {
    let main = app.window_handle().unwrap();
    let mut rating = None;
    for _ in 0..50 {
        rating = app.window_handles().unwrap().into_iter().find(|h| *h != main);
        if rating.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let rating = rating.expect("the rating window opens");
    app.switch_to_window(&rating).unwrap();
    let asked = app.wait_text("#rating-service", "the rated service", &|t| t.contains(service));
    assert!(asked.starts_with("Dịch vụ:"), "{asked}");
    app.click_on(&format!("#rating-{level}"));
    if !comment.is_empty() {
        app.fill("#rating-comment", comment);
    }
    app.click_on("#rating-send");
    app.wait_text("#rating-thanks", "the thanks", &|t| t.contains("Cảm ơn"));
    app.switch_to_window(&main).unwrap();
}

/// Types `path` into the system's file dialog titled `title` (GTK's: WebDriver cannot reach
/// it) and chooses it, with xdotool on the test's X display: `select` (a folder picker's
/// location bar, Ctrl+L; a save dialog's name field, Ctrl+A), the path, Enter. A folder
/// picker must open in a real folder (GTK's "Recent" view takes no typed path), so the
/// caller points it at one.
pub fn type_path_in_the_system_dialog(display: &Display, title: &str, select: &str, path: &std::path::Path) {
    let try_xdotool = |args: &[&str]| {
        std::process::Command::new("xdotool")
            .args(args)
            .env("DISPLAY", display.name())
            .output()
            .unwrap_or_else(|e| panic!("xdotool (apt-get install xdotool): {e}"))
    };
    let xdotool = |args: &[&str]| {
        let out = try_xdotool(args);
        assert!(out.status.success(), "xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    // --sync waits for the window; bounded by the test's own timeout through `timeout`.
    // --onlyvisible: a window found before it is mapped refuses the focus (X BadMatch).
    let found = std::process::Command::new("timeout")
        .args(["20", "xdotool", "search", "--sync", "--onlyvisible", "--name", title])
        .env("DISPLAY", display.name())
        .output()
        .unwrap();
    let window = String::from_utf8_lossy(&found.stdout).lines().next().map(str::to_owned);
    let window = window.unwrap_or_else(|| panic!("no window titled {title:?} within 20 s"));
    // Mapped is not always viewable yet on a loaded machine: a few tries, 100 ms apart.
    for attempt in 1.. {
        let focus = try_xdotool(&["windowfocus", "--sync", &window]);
        if focus.status.success() {
            break;
        }
        assert!(attempt < 30, "xdotool windowfocus {window}: {}", String::from_utf8_lossy(&focus.stderr));
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // Typed through XTEST into the focused window (GTK ignores keys sent to a window directly).
    xdotool(&["key", select]);
    xdotool(&["type", "--delay", "20", &path.display().to_string()]);
    // Enter chooses what was typed. Should a key be lost on a loaded machine, Enter again
    // while the dialog is still shown (a few times at most).
    for _ in 0..3 {
        xdotool(&["key", "Return"]);
        std::thread::sleep(std::time::Duration::from_millis(700));
        let open = std::process::Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", title])
            .env("DISPLAY", display.name())
            .output()
            .unwrap();
        if String::from_utf8_lossy(&open.stdout).trim().is_empty() {
            return;
        }
    }
    panic!("the system dialog {title:?} did not close");
}
