//! Printing from the counter: the admin's printers and "In thử", the receipt after a save.

use std::io::Read;
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use motcua_app::AppError;
use motcua_domain::papers::{CounterPrinters, PrinterConfig, PrinterRole};

use crate::support::{at, office_at};

fn pdf_text(path: &std::path::Path) -> String {
    let out =
        Command::new("pdftotext").args([path.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn test_prints_reach_the_a4_folder_and_the_network_ticket_printer() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 8, 0));
    let folder = dir.path().join("printed");

    // No ticket printer yet: the admin is told, nothing is sent.
    let err = app.test_print(PrinterRole::Ticket).unwrap_err();
    assert!(err.user_message().contains("Chưa cấu hình máy in phiếu"), "{}", err.user_message());

    // A thermal printer on the network (a one-job fake on loopback) and the A4 to a folder.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let printer = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = Vec::new();
        conn.read_to_end(&mut got).unwrap();
        got
    });
    app.set_printers(CounterPrinters {
        a4: PrinterConfig::Folder { dir: folder.clone() },
        ticket: Some(PrinterConfig::Network { host: "127.0.0.1".into(), port }),
    })
    .unwrap();

    app.test_print(PrinterRole::A4).unwrap();
    let page = pdf_text(&folder.join("test-page.pdf"));
    for expected in ["TRANG IN THỬ", "BỘ PHẬN MỘT CỬA UBND PHƯỜNG BA ĐÌNH", "1900 1234"] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    // pdftotext reads the runs of one-letter samples without their spaces.
    let letters: String = page.split_whitespace().collect();
    assert!(letters.contains("ỳýỷỹỵđĐ") && letters.contains("ỲÝỶỸỴ"), "the tone-mark sample:\n{page}");
    assert!(page.contains(&format!("thư mục {}", folder.display())), "names the printer:\n{page}");

    app.test_print(PrinterRole::Ticket).unwrap();
    let bytes = printer.join().unwrap();
    let printed = motcua_print::escpos::decode(&bytes).expect("a whole ESC/POS job");
    assert!(printed.cut, "the sample ticket is cut");
    assert!(printed.image.ink() > 0, "the sample ticket has something on it");
}

#[test]
fn only_the_admin_tests_printers() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 11, 23, 8, 0));
    app.create_user(
        motcua_app::NewUser {
            full_name: "Trần Văn Cán".into(),
            username: "canbo".into(),
            password: "matkhau123".into(),
        },
        motcua_store::Role::Clerk,
    )
    .unwrap();
    app.logout().unwrap();
    app.login("canbo", "matkhau123").unwrap();
    assert!(matches!(app.test_print(PrinterRole::A4), Err(AppError::Forbidden)));
}
