//! Where a paper goes: one entry point, [`send`], and one [`PrinterConfig`] variant per way a
//! counter PC reaches a printer. Every transport either delivers the whole job or returns an
//! error the clerk can act on; the dossier is already saved, so the job can be retried.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use motcua_domain::papers::PrinterConfig;

use crate::error::PrintError;
use crate::output::write_file_atomically;

/// What is sent: a PDF (A4 papers, PDF tickets) or raw printer language (ESC/POS tickets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobFormat {
    Pdf,
    EscPos,
}

#[derive(Debug, Clone)]
pub struct PrintJob {
    /// A file-safe name: `receipt-000.00.21.H26-261123-0007`.
    pub name: String,
    pub format: JobFormat,
    pub bytes: Vec<u8>,
}

/// How long a network printer may take to accept a connection or a block of the job.
const NETWORK_TIMEOUT: Duration = Duration::from_secs(5);

/// Sends `job` to `printer`; nothing is retried here, the caller keeps the job for the
/// clerk's retry.
pub fn send(printer: &PrinterConfig, job: &PrintJob) -> Result<(), PrintError> {
    let result = match printer {
        PrinterConfig::Folder { dir } => {
            let ext = match job.format {
                JobFormat::Pdf => "pdf",
                JobFormat::EscPos => "bin",
            };
            std::fs::create_dir_all(dir).map_err(|source| PrintError::Io { path: dir.clone(), source })?;
            write_file_atomically(&dir.join(format!("{}.{ext}", job.name)), &job.bytes)
        }
        PrinterConfig::Network { host, port } => send_tcp(host, *port, &job.bytes),
        PrinterConfig::Device { path } => std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(&job.bytes).and_then(|()| f.flush()))
            .map_err(|source| PrintError::Io { path: path.clone(), source }),
        PrinterConfig::System { name } => send_system(Some(name), job),
        PrinterConfig::SystemDefault => send_system(None, job),
    };
    match &result {
        Ok(()) => tracing::info!(job = %job.name, printer = %printer.describe(), bytes = job.bytes.len(), "printed"),
        Err(e) => tracing::warn!(job = %job.name, printer = %printer.describe(), error = %e, "print failed"),
    }
    result
}

fn send_tcp(host: &str, port: u16, bytes: &[u8]) -> Result<(), PrintError> {
    let target = format!("{host}:{port}");
    let unreachable = |detail: String| PrintError::PrinterUnreachable { printer: target.clone(), detail };
    let addrs: Vec<SocketAddr> =
        (host, port).to_socket_addrs().map_err(|e| unreachable(format!("address: {e}")))?.collect();
    let mut last = None;
    let mut stream = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, NETWORK_TIMEOUT) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let mut stream = stream.ok_or_else(|| unreachable(last.map_or("no address".into(), |e| e.to_string())))?;
    let interrupted =
        |e: std::io::Error| PrintError::PrinterInterrupted { printer: target.clone(), detail: e.to_string() };
    stream.set_write_timeout(Some(NETWORK_TIMEOUT)).map_err(interrupted)?;
    stream.set_read_timeout(Some(NETWORK_TIMEOUT)).map_err(interrupted)?;
    stream.write_all(bytes).map_err(interrupted)?;
    stream.flush().map_err(interrupted)?;
    // Half-close, then wait for the printer to close its side: it has taken the whole job
    // only then (a reset here means it dropped part of it).
    stream.shutdown(Shutdown::Write).map_err(interrupted)?;
    let mut sink = [0u8; 512];
    loop {
        match stream.read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => continue, // status bytes some printers send back
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {
                // Printer kept the connection open: everything was written and acknowledged by TCP.
                return Ok(());
            }
            Err(e) => return Err(interrupted(e)),
        }
    }
}

#[cfg(not(windows))]
fn send_system(name: Option<&str>, job: &PrintJob) -> Result<(), PrintError> {
    use std::process::Stdio;
    // CUPS accepts a job for a stopped queue and keeps it: the clerk would be told "sent" and
    // the citizen would leave without a receipt. A queue stops when the printer failed (off,
    // out of paper, jammed), so look before sending.
    if let Some(queue) = name.map(str::to_owned).or_else(cups_default) {
        cups_queue_ready(&queue)?;
    }
    // `lp` reads the job from stdin; raw jobs bypass the PDF filters. No `-d`: the system's
    // default printer.
    let mut cmd = cups_command("lp");
    if let Some(name) = name {
        cmd.args(["-d", name]);
    }
    cmd.args(["-t", &job.name]);
    let name = name.unwrap_or("mặc định");
    if job.format == JobFormat::EscPos {
        cmd.args(["-o", "raw"]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PrintError::PrinterFailed { printer: name.to_owned(), detail: format!("lp: {e}") })?;
    let written = child.stdin.take().expect("piped stdin").write_all(&job.bytes);
    let output = child
        .wait_with_output()
        .map_err(|e| PrintError::PrinterFailed { printer: name.to_owned(), detail: format!("lp: {e}") })?;
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if output.status.success() && written.is_ok() {
        return Ok(());
    }
    if stderr.contains("does not exist")
        || stderr.contains("Unknown destination")
        || stderr.contains("No default destination")
    {
        return Err(PrintError::PrinterNotFound(name.to_owned()));
    }
    Err(PrintError::PrinterFailed { printer: name.to_owned(), detail: stderr })
}

/// A CUPS command whose messages are the untranslated ones matched here, whatever the
/// desktop's language.
#[cfg(not(windows))]
fn cups_command(program: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.env("LC_ALL", "C");
    cmd
}

/// The system's default CUPS queue, if there is one.
#[cfg(not(windows))]
fn cups_default() -> Option<String> {
    let out = cups_command("lpstat").arg("-d").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().find_map(|l| l.strip_prefix("system default destination: ")).map(|n| n.trim().to_owned())
}

/// Refuses a queue CUPS has stopped, with the reason CUPS gives (the printer's own words).
/// Anything `lpstat` cannot say (no scheduler, no such queue) is left to `lp` to report.
#[cfg(not(windows))]
fn cups_queue_ready(queue: &str) -> Result<(), PrintError> {
    let Ok(out) = cups_command("lpstat").args(["-p", queue]).output() else { return Ok(()) };
    let text = String::from_utf8_lossy(&out.stdout);
    // "printer NAME disabled since DATE -\n\tREASON"
    let mut lines = text.lines();
    let stopped = lines.next().is_some_and(|l| l.starts_with("printer ") && l.contains(" disabled since "));
    if !stopped {
        return Ok(());
    }
    let reason = lines.map(str::trim).filter(|l| !l.is_empty() && *l != "Paused").collect::<Vec<_>>().join("; ");
    Err(PrintError::PrinterStopped { printer: queue.to_owned(), reason })
}

#[cfg(windows)]
fn send_system(name: Option<&str>, job: &PrintJob) -> Result<(), PrintError> {
    match name {
        Some(name) => crate::windows_spooler::send(name, job),
        None => crate::windows_spooler::send(&crate::windows_spooler::default_printer()?, job),
    }
}
