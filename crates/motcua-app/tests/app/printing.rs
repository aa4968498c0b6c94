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

/// An update is installed only when nothing is being printed or saved: it waits for a paper
/// half-way to the printer, and a save that comes while it installs waits for it. The printer
/// is a FIFO standing for a USB printer's device file: the test reads the job slowly, so the
/// print is provably in flight.
#[cfg(unix)]
#[test]
fn an_update_waits_for_a_print_in_flight_and_holds_back_saves() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};

    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(office_at(&dir, at(2026, 11, 23, 8, 0)));
    let device = dir.path().join("lp0");
    assert!(Command::new("mkfifo").arg(&device).status().unwrap().success());
    app.set_printers(CounterPrinters { a4: PrinterConfig::Device { path: device.clone() }, ticket: None }).unwrap();

    // The "printer" end, opened first (without waiting for a writer), its pipe shrunk to one
    // page: the job cannot fit, so the app's write waits for the test to read.
    use std::os::unix::fs::OpenOptionsExt;
    let mut printer = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(&device)
        .unwrap();
    rustix::pipe::fcntl_setpipe_size(&printer, 4096).unwrap();
    let printing = std::thread::spawn({
        let app = app.clone();
        move || app.test_print(PrinterRole::A4).unwrap().bytes
    });
    // The first bytes have reached the printer: the print is in flight.
    let mut first = Vec::new();
    let mut chunk = [0u8; 1024];
    while first.is_empty() {
        match printer.read(&mut chunk) {
            // 0: the app has not opened the device yet.
            Ok(0) => std::thread::sleep(Duration::from_millis(5)),
            Ok(n) => first.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("{e}"),
        }
    }

    let installed = Arc::new(AtomicBool::new(false));
    let updating = std::thread::spawn({
        let (app, installed) = (app.clone(), installed.clone());
        move || app.while_idle(|| installed.store(true, Ordering::SeqCst)).unwrap()
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(!installed.load(Ordering::SeqCst), "the update must not install while a paper prints");
    // The rest of the job, until the app has closed the device and its print call returned.
    let mut rest = Vec::new();
    loop {
        match printer.read(&mut chunk) {
            Ok(0) if printing.is_finished() => break,
            Ok(0) => std::thread::sleep(Duration::from_millis(1)),
            Ok(n) => rest.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => panic!("{e}"),
        }
    }
    let job = printing.join().unwrap();
    assert_eq!(first.len() + rest.len(), job, "the whole job reached the printer");
    updating.join().unwrap();
    assert!(installed.load(Ordering::SeqCst));

    // While an update installs, a save waits for it.
    let (release, released) = mpsc::channel::<()>();
    let (started, installing) = mpsc::channel::<()>();
    let updating = std::thread::spawn({
        let app = app.clone();
        move || {
            app.while_idle(|| {
                started.send(()).unwrap();
                released.recv().unwrap();
            })
            .unwrap()
        }
    });
    installing.recv().unwrap();
    let saved = Arc::new(AtomicBool::new(false));
    let saving = std::thread::spawn({
        let (app, saved) = (app.clone(), saved.clone());
        move || {
            let code = app.create_dossier(crate::intake::birth_registration_draft()).unwrap().code;
            saved.store(true, Ordering::SeqCst);
            code
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(!saved.load(Ordering::SeqCst), "a save must wait for the update to finish");
    release.send(()).unwrap();
    updating.join().unwrap();
    let code = saving.join().unwrap();
    assert!(app.dossier(&code).is_ok());
}
