//! Printing through a real CUPS scheduler: a private `cupsd` on a loopback port, a raw queue
//! whose device is the `socket` backend (what a network printer's queue uses) pointed at a
//! fake printer on loopback. `lp` reaches this cupsd through `CUPS_SERVER`, set once before
//! anything else runs: this file is its own test binary with a single test for that reason.
//!
//! Needs the Debian packages `cups-daemon`, `cups-client` and `cups` (for the socket backend),
//! which `cargo xtask test` installs.
#![cfg(unix)]

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use motcua_domain::papers::PrinterConfig;
use motcua_print::{JobFormat, PrintError, PrintJob};

/// A cupsd of this test alone, stopped when dropped.
struct Cupsd {
    child: Child,
    server: String,
    dir: tempfile::TempDir,
}

impl Cupsd {
    fn start() -> Cupsd {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["spool", "tmp", "cache", "state", "log", "ppd"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let port = free_port();
        let server = format!("127.0.0.1:{port}");
        std::fs::write(
            root.join("cupsd.conf"),
            format!(
                "Listen {server}\nLogLevel info\nWebInterface No\nBrowsing No\n\
                 <Location />\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>\n\
                 <Location /admin>\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
            ),
        )
        .unwrap();
        let r = root.display();
        std::fs::write(
            root.join("cups-files.conf"),
            format!(
                "ServerRoot {r}\nRequestRoot {r}/spool\nTempDir {r}/tmp\nCacheDir {r}/cache\nStateDir {r}/state\n\
                 ErrorLog {r}/log/error_log\nAccessLog {r}/log/access_log\nPageLog {r}/log/page_log\n"
            ),
        )
        .unwrap();
        let cupsd =
            ["/usr/sbin/cupsd", "/sbin/cupsd"].into_iter().find(|p| Path::new(p).exists()).unwrap_or_else(|| {
                panic!("cupsd is not installed: `apt-get install cups-daemon cups` (cargo xtask test does)")
            });
        let child = Command::new(cupsd)
            .arg("-f")
            .arg("-c")
            .arg(root.join("cupsd.conf"))
            .arg("-s")
            .arg(root.join("cups-files.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start cupsd");
        let cupsd = Cupsd { child, server, dir };
        cupsd.wait_running();
        cupsd
    }

    fn wait_running(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if TcpStream::connect(&self.server).is_ok() && self.lp_tool("lpstat", &["-r"]).contains("is running") {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("cupsd did not start in 15 s:\n{}", self.log());
    }

    /// Runs a CUPS admin tool against this scheduler; stdout and stderr together.
    fn lp_tool(&self, program: &str, args: &[&str]) -> String {
        let out = Command::new(program)
            .args(["-h", &self.server])
            .args(args)
            .env("LC_ALL", "C")
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
    }
}

impl Drop for Cupsd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A network printer that takes jobs one connection each and hands over their bytes.
fn fake_printer() -> (u16, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut job = Vec::new();
            let _ = stream.read_to_end(&mut job);
            if tx.send(job).is_err() {
                return;
            }
        }
    });
    (port, rx)
}

fn a4_job(name: &str) -> PrintJob {
    let pdf = motcua_print::test_page::render(
        "Ủy ban nhân dân phường Ba Đình",
        "Máy in theo tên: MayIn-A4",
        &["1900 1234".to_owned()],
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(8, 0, 0).unwrap(),
    );
    PrintJob { name: name.into(), format: JobFormat::Pdf, bytes: pdf }
}

fn received(rx: &mpsc::Receiver<Vec<u8>>, cupsd: &Cupsd) -> Vec<u8> {
    rx.recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("the printer got nothing in 30 s; cupsd log:\n{}", cupsd.log()))
}

#[test]
fn a_cups_queue_prints_the_exact_pdf_and_a_stopped_one_is_refused_with_its_reason() {
    let cupsd = Cupsd::start();
    // SAFETY: the only test of this binary, before any thread of its own reads the environment.
    // (The one unsafe block outside the Windows spooler binding; `lp` has no other way to be
    // pointed at a scheduler without changing what the app runs.)
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("CUPS_SERVER", &cupsd.server)
    };
    let (port, jobs) = fake_printer();
    // A raw queue (CUPS calls them deprecated, and prints through them as ever): the printer
    // gets the PDF as the app made it, as from a PDF-capable office printer's queue.
    let added =
        cupsd.lp_tool("lpadmin", &["-p", "MayIn-A4", "-E", "-v", &format!("socket://127.0.0.1:{port}"), "-m", "raw"]);
    let state = cupsd.lp_tool("lpstat", &["-p", "MayIn-A4"]);
    assert!(
        state.contains("printer MayIn-A4 is idle"),
        "lpadmin: {added}
lpstat: {state}"
    );
    let printer = PrinterConfig::System { name: "MayIn-A4".into() };

    // The PDF goes through the scheduler and the socket backend unchanged.
    let job = a4_job("receipt-000.00.21.H26-261123-0001");
    motcua_print::send(&printer, &job).unwrap_or_else(|e| panic!("{e}; cupsd log:\n{}", cupsd.log()));
    assert!(received(&jobs, &cupsd) == job.bytes, "the printer got other bytes than the PDF");

    // CUPS stops a queue when its printer fails; a job would wait there unseen. The clerk is
    // told, in Vietnamese, with the printer's reason.
    let reason = "Hết giấy khay 1";
    let out = cupsd.lp_tool("cupsdisable", &["-r", reason, "MayIn-A4"]);
    assert!(out.trim().is_empty(), "cupsdisable: {out}");
    let err = motcua_print::send(&printer, &a4_job("receipt-2")).unwrap_err();
    assert!(matches!(&err, PrintError::PrinterStopped { printer, .. } if printer == "MayIn-A4"), "{err}");
    let message = err.user_message();
    assert!(message.contains("MayIn-A4") && message.contains(reason) && message.contains("In lại"), "{message}");
    assert!(jobs.recv_timeout(Duration::from_millis(500)).is_err(), "a job reached the stopped printer");

    // Once the printer is back, "In lại" prints.
    cupsd.lp_tool("cupsenable", &["MayIn-A4"]);
    let retry = a4_job("receipt-2");
    motcua_print::send(&printer, &retry).unwrap();
    assert!(received(&jobs, &cupsd) == retry.bytes);

    // A name this scheduler does not know.
    let err = motcua_print::send(&PrinterConfig::System { name: "May-in-khong-co".into() }, &retry).unwrap_err();
    assert!(matches!(err, PrintError::PrinterNotFound(_)), "{err}");
}
