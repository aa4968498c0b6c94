//! Printer transports against real sockets and files: a fake 9100 printer on loopback that
//! keeps what it receives, one that hangs up mid-job, a missing printer.

use std::io::Read;
use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::Duration;

use motcua_print::{JobFormat, PrintError, PrintJob, PrinterConfig, Ticket, escpos};

fn ticket_job() -> PrintJob {
    let ticket = Ticket {
        office_name: "UBND phường Ba Đình".into(),
        service: "Hộ tịch".into(),
        number: "B007".into(),
        issued_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(8, 0, 0).unwrap(),
        people_ahead: 2,
        estimated_wait_minutes: 6,
        hotlines: vec!["1900 1234".into()],
    };
    PrintJob { name: "ticket-B007".into(), format: JobFormat::EscPos, bytes: ticket.escpos() }
}

/// A one-job printer on 127.0.0.1: reads up to `stop_after` bytes (all if None), then hangs up.
fn fake_printer(stop_after: Option<usize>) -> (u16, JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let want = stop_after.map_or(buf.len(), |n| (n - got.len()).min(buf.len()));
            if want == 0 {
                break;
            }
            match conn.read(&mut buf[..want]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        got // dropping `conn` closes it, with unread data: the client sees a reset
    });
    (port, handle)
}

#[test]
fn a_network_printer_receives_the_exact_bytes() {
    let job = ticket_job();
    let (port, printer) = fake_printer(None);
    motcua_print::send(&PrinterConfig::Network { host: "127.0.0.1".into(), port }, &job).expect("printed");
    let received = printer.join().unwrap();
    assert_eq!(received, job.bytes);
    assert!(escpos::decode(&received).unwrap().cut);
}

#[test]
fn a_printer_hanging_up_mid_job_is_an_error_and_the_retry_prints() {
    let job = ticket_job();
    assert!(job.bytes.len() > 20_000, "the job must be larger than what the printer takes");
    let (port, printer) = fake_printer(Some(1000));
    let err = motcua_print::send(&PrinterConfig::Network { host: "127.0.0.1".into(), port }, &job).unwrap_err();
    assert!(matches!(err, PrintError::PrinterInterrupted { .. }), "{err}");
    assert!(err.user_message().contains("In lại"), "{}", err.user_message());
    assert_eq!(printer.join().unwrap().len(), 1000);

    let (port, printer) = fake_printer(None);
    motcua_print::send(&PrinterConfig::Network { host: "127.0.0.1".into(), port }, &job).expect("the retry prints");
    assert_eq!(printer.join().unwrap(), job.bytes);
}

#[test]
fn a_printer_that_is_off_is_reported_in_vietnamese() {
    // A port nobody listens on: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err =
        motcua_print::send(&PrinterConfig::Network { host: "127.0.0.1".into(), port }, &ticket_job()).unwrap_err();
    assert!(matches!(err, PrintError::PrinterUnreachable { .. }), "{err}");
    assert!(err.user_message().contains("Không kết nối được máy in"));
}

#[test]
fn a_system_printer_that_does_not_exist_is_named_in_the_message() {
    let err = motcua_print::send(&PrinterConfig::System { name: "May-in-khong-co".into() }, &ticket_job()).unwrap_err();
    assert!(matches!(err, PrintError::PrinterNotFound(_)), "{err}");
    assert!(err.user_message().contains("May-in-khong-co"));
}

#[test]
fn folder_and_device_get_the_whole_job() {
    let dir = tempfile::tempdir().unwrap();
    let job = PrintJob { name: "receipt-X".into(), format: JobFormat::Pdf, bytes: b"%PDF-1.7 test".to_vec() };
    motcua_print::send(&PrinterConfig::Folder { dir: dir.path().join("in") }, &job).unwrap();
    assert_eq!(std::fs::read(dir.path().join("in/receipt-X.pdf")).unwrap(), job.bytes);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("in")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no partial file left behind");

    // A device file (what /dev/usb/lp0 is): written as is; a missing one is an error.
    let device = dir.path().join("lp0");
    std::fs::write(&device, b"").unwrap();
    let ticket = ticket_job();
    motcua_print::send(&PrinterConfig::Device { path: device.clone() }, &ticket).unwrap();
    assert_eq!(std::fs::read(&device).unwrap(), ticket.bytes);
    let err = motcua_print::send(&PrinterConfig::Device { path: dir.path().join("lp9") }, &ticket).unwrap_err();
    assert!(err.user_message().contains("thử in lại"), "{}", err.user_message());
}
