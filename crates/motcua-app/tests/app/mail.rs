//! The apology of a late dossier by email, through a mail server on loopback that speaks
//! SMTP (a small fake that keeps what it is sent): queued with the step when the citizen gave
//! an address; not sent while no server is set up, or while the server refuses, each failure
//! shown on the dossier; sent once it accepts, with form 04 attached as on paper.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use chrono::NaiveDate;
use motcua_domain::lifecycle::Step;
use motcua_domain::mail::{MailSecurity, MailSettings};

use crate::intake::birth_registration_draft;
use crate::support::{at, office_at};

/// A mail server that answers SMTP on loopback and keeps each message's text; it refuses
/// recipients while `refuse` is set. Its thread ends by itself after a minute.
struct FakeSmtp {
    port: u16,
    messages: Arc<Mutex<Vec<String>>>,
    refuse: Arc<AtomicBool>,
}

impl FakeSmtp {
    fn start() -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (messages, refuse) = (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicBool::new(false)));
        let (kept, refusing) = (messages.clone(), refuse.clone());
        std::thread::spawn(move || {
            let until = Instant::now() + Duration::from_secs(60);
            while Instant::now() < until {
                match listener.accept() {
                    Ok((conn, _)) => converse(conn, &kept, &refusing),
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        FakeSmtp { port, messages, refuse }
    }
}

fn converse(conn: std::net::TcpStream, kept: &Mutex<Vec<String>>, refusing: &AtomicBool) {
    conn.set_nonblocking(false).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut out = conn.try_clone().unwrap();
    let mut lines = BufReader::new(conn);
    let mut say = |s: &str| out.write_all(format!("{s}\r\n").as_bytes()).unwrap();
    say("220 fake.motcua.test ESMTP");
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("EHLO") || command.starts_with("HELO") {
            say("250 fake.motcua.test");
        } else if command.starts_with("RCPT") && refusing.load(Ordering::SeqCst) {
            say("550 5.1.1 mailbox unavailable");
        } else if command == "DATA" {
            say("354 go ahead");
            let mut text = String::new();
            loop {
                line.clear();
                lines.read_line(&mut line).unwrap();
                if line == ".\r\n" {
                    break;
                }
                text.push_str(&line);
            }
            kept.lock().unwrap().push(text);
            say("250 2.0.0 kept");
        } else if command == "QUIT" {
            say("221 bye");
            return;
        } else {
            say("250 ok");
        }
    }
}

/// The PDF attached to `message` (its base64 part), as pdftotext reads it.
fn attached_pdf_text(message: &str, dir: &std::path::Path) -> String {
    let part = message.split("Content-Type: application/pdf").nth(1).expect("a PDF part");
    let body = part.split("\r\n\r\n").nth(1).unwrap().split("\r\n--").next().unwrap();
    let b64: String = body.split_whitespace().collect();
    let pdf = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    let path = dir.join("attached.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").args([path.to_str().unwrap(), "-"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok() {
        assert!(Instant::now() < deadline, "waited 20 s for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_late_dossiers_apology_goes_by_email_once_the_mail_server_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = office_at(&dir, at(2026, 12, 2, 8, 0));
    let mut draft = birth_registration_draft();
    draft.applicant.email = "nguoi.dan@example.vn".into();
    let code = app.create_dossier(draft).unwrap().code;
    let no_email = app.create_dossier(birth_registration_draft()).unwrap().code;
    app.start_mailer(Duration::from_millis(100));

    let new_date = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap().and_hms_opt(9, 30, 0).unwrap();
    let apology =
        || Step::Apologised { reason: "Chờ xác minh của Sở Tư pháp".into(), new_appointment_at: new_date };
    app.record_step(&code, apology()).unwrap();
    app.record_step(&no_email, apology()).unwrap();
    assert!(app.dossier_mails(&no_email).unwrap().is_empty(), "no address given: no letter by email");

    // No mail server set up yet: the letter waits, and says why.
    wait_until("the first attempt", || app.dossier_mails(&code).unwrap()[0].attempts >= 1);
    let waiting = &app.dossier_mails(&code).unwrap()[0];
    assert_eq!((waiting.item.recipient.as_str(), waiting.sent_at), ("nguoi.dan@example.vn", None));
    assert!(waiting.last_error.as_deref().unwrap().contains("chưa cấu hình máy chủ thư"), "{waiting:?}");

    // A server that refuses the recipient: the failure is shown, the letter kept for later.
    let smtp = FakeSmtp::start();
    smtp.refuse.store(true, Ordering::SeqCst);
    let settings = MailSettings {
        host: "127.0.0.1".into(),
        port: smtp.port,
        security: MailSecurity::None,
        username: String::new(),
        from_address: "motcua@badinh.example.vn".into(),
        from_name: String::new(),
    };
    let bad = app.set_mail_settings(Some(MailSettings { port: 0, ..settings.clone() }), None).unwrap_err();
    assert_eq!(bad.problems().unwrap().0[0].field, "port");
    app.set_mail_settings(Some(settings), None).unwrap();
    app.retry_mails().unwrap();
    wait_until("the refusal", || {
        app.dossier_mails(&code).unwrap()[0].last_error.as_deref().is_some_and(|e| e.contains("từ chối"))
    });
    let refused = &app.dossier_mails(&code).unwrap()[0];
    assert!(refused.sent_at.is_none() && refused.next_attempt_at.is_some());
    assert!(smtp.messages.lock().unwrap().is_empty());

    // It takes mail now: "Gửi lại" sends the letter, once.
    smtp.refuse.store(false, Ordering::SeqCst);
    app.retry_mails().unwrap();
    wait_until("the letter sent", || app.dossier_mails(&code).unwrap()[0].sent_at.is_some());
    let sent = &app.dossier_mails(&code).unwrap()[0];
    assert_eq!(sent.last_error, None);
    let messages = smtp.messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "one letter");
    let message = &messages[0];
    assert!(message.contains("To: nguoi.dan@example.vn"), "{message}");
    assert!(message.contains("motcua@badinh.example.vn"), "{message}");
    let letter = attached_pdf_text(message, dir.path());
    for expected in [code.as_str(), "Chờ xác minh của Sở Tư pháp", "15/12/2026"] {
        assert!(letter.contains(expected), "{expected:?} not in the attached letter:\n{letter}");
    }
    app.retry_mails().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(smtp.messages.lock().unwrap().len(), 1, "a sent letter is not sent again");

    // "Gửi thư thử" from the admin's card.
    app.send_test_mail("quan.tri@example.vn").unwrap();
    assert!(smtp.messages.lock().unwrap()[1].contains("To: quan.tri@example.vn"));
    app.shut_down();
}
