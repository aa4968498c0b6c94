//! The Windows print spooler (winspool), through Microsoft's `windows-sys` bindings.
//!
//! Raw jobs (ESC/POS tickets, or PDF for printers that take PDF directly) go to the printer
//! as a `RAW` document: OpenPrinterW → StartDocPrinterW → WritePrinter → EndDocPrinter, the
//! documented way to bypass the driver's rendering. How it was chosen: ARCHITECTURE.md,
//! "Printing".
//!
//! This is the only unsafe code in the shipped crates (a CUPS test sets an environment variable): FFI calls with buffers that outlive them.

use windows_sys::Win32::Foundation::{ERROR_INVALID_PRINTER_NAME, GetLastError};
use windows_sys::Win32::Graphics::Printing::{
    ClosePrinter, DOC_INFO_1W, EndDocPrinter, EndPagePrinter, GetDefaultPrinterW, OpenPrinterW, PRINTER_HANDLE,
    StartDocPrinterW, StartPagePrinter, WritePrinter,
};

use crate::error::PrintError;
use crate::transport::PrintJob;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

/// Closes the printer handle however the job ends.
struct Printer(PRINTER_HANDLE);

impl Drop for Printer {
    fn drop(&mut self) {
        // SAFETY: the handle came from a successful OpenPrinterW and is closed once.
        unsafe { ClosePrinter(self.0) };
    }
}

/// The name of the user's default printer.
pub(crate) fn default_printer() -> Result<String, PrintError> {
    let mut len = 0u32;
    // SAFETY: a null buffer with length 0 asks for the needed length.
    unsafe { GetDefaultPrinterW(std::ptr::null_mut(), &mut len) };
    if len == 0 {
        return Err(PrintError::PrinterNotFound("mặc định".to_owned()));
    }
    let mut buf = vec![0u16; len as usize];
    // SAFETY: `buf` holds `len` UTF-16 units, as the first call asked for.
    if unsafe { GetDefaultPrinterW(buf.as_mut_ptr(), &mut len) } == 0 {
        return Err(PrintError::PrinterNotFound("mặc định".to_owned()));
    }
    let end = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
    Ok(String::from_utf16_lossy(&buf[..end]))
}

pub(crate) fn send(name: &str, job: &PrintJob) -> Result<(), PrintError> {
    let failed = |step: &str| {
        // SAFETY: GetLastError has no preconditions.
        let code = unsafe { GetLastError() };
        PrintError::PrinterFailed { printer: name.to_owned(), detail: format!("{step}: Windows error {code}") }
    };
    let printer_name = wide(name);
    let mut handle = PRINTER_HANDLE::default();
    // SAFETY: `printer_name` is NUL-terminated and lives across the call; `handle` is a valid out pointer.
    if unsafe { OpenPrinterW(printer_name.as_ptr(), &mut handle, std::ptr::null()) } == 0 {
        // SAFETY: as above.
        if unsafe { GetLastError() } == ERROR_INVALID_PRINTER_NAME {
            return Err(PrintError::PrinterNotFound(name.to_owned()));
        }
        return Err(failed("OpenPrinter"));
    }
    let printer = Printer(handle);
    let mut doc_name = wide(&job.name);
    let mut datatype = wide("RAW");
    let info = DOC_INFO_1W {
        pDocName: doc_name.as_mut_ptr(),
        pOutputFile: std::ptr::null_mut(),
        pDatatype: datatype.as_mut_ptr(),
    };
    // SAFETY: `info` and the strings it points to outlive the call.
    if unsafe { StartDocPrinterW(printer.0, 1, &info) } == 0 {
        return Err(failed("StartDocPrinter"));
    }
    // SAFETY: a document was started on this handle.
    if unsafe { StartPagePrinter(printer.0) } == 0 {
        return Err(failed("StartPagePrinter"));
    }
    let mut offset = 0;
    while offset < job.bytes.len() {
        let chunk = &job.bytes[offset..job.bytes.len().min(offset + (1 << 20))];
        let mut written = 0u32;
        // SAFETY: `chunk` is valid for `chunk.len()` bytes during the call; `written` is a valid out pointer.
        let ok = unsafe { WritePrinter(printer.0, chunk.as_ptr().cast(), chunk.len() as u32, &mut written) };
        if ok == 0 || written == 0 {
            return Err(failed("WritePrinter"));
        }
        offset += written as usize;
    }
    // SAFETY: a page and a document are open on this handle.
    if unsafe { EndPagePrinter(printer.0) } == 0 || unsafe { EndDocPrinter(printer.0) } == 0 {
        return Err(failed("EndDocPrinter"));
    }
    Ok(())
}
