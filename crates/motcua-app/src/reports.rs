//! Reports for the supervisor as files: the monthly dossier report, and the log book (form 07)
//! as a spreadsheet or the PDF that prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use motcua_print::forms::FormSet;
use motcua_report::MonthlyReport;
use motcua_store::{Change, Role};

use crate::{AppError, CounterApp};

/// The formats the monthly report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Xlsx,
    Pdf,
    Csv,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<ReportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(ReportFormat::Xlsx),
            "pdf" => Some(ReportFormat::Pdf),
            "csv" => Some(ReportFormat::Csv),
            _ => None,
        }
    }
}

/// A report the supervisor saves from the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportRequest {
    /// The monthly dossier report of the month starting on `month`.
    Monthly { month: NaiveDate },
    /// The log book (form 07) of the dossiers received from `from` to `to`, both included.
    LogBook { from: NaiveDate, to: NaiveDate },
}

impl ReportRequest {
    /// The name the save dialog proposes (no accents: any disk, any OS).
    pub fn file_name(self, format: ReportFormat) -> String {
        let ext = format.extension();
        match self {
            ReportRequest::Monthly { month } => format!("bao-cao-thang-{}.{ext}", month.format("%Y-%m")),
            ReportRequest::LogBook { from, to } => format!("so-theo-doi-{from}-den-{to}.{ext}"),
        }
    }
}

impl CounterApp {
    /// Whether the report has anything in it: a period with nothing is refused with the reason
    /// (before the save dialog opens, and again when saving).
    pub fn check_report(&self, request: ReportRequest) -> Result<(), AppError> {
        match request {
            ReportRequest::Monthly { month } => self.monthly_report(month).and_then(|r| nonempty_month(&r)),
            ReportRequest::LogBook { from, to } => self.log_book(from, to).and_then(|b| nonempty_book(&b, from, to)),
        }
    }

    /// Writes the report to `dest` (the file the user chose in the save dialog) and returns
    /// it; an empty period is refused and no file is written. The file appears whole or not at
    /// all: written beside it, flushed to disk, then renamed.
    pub fn save_report(&self, request: ReportRequest, format: ReportFormat, dest: &Path) -> Result<PathBuf, AppError> {
        let bytes = match request {
            ReportRequest::Monthly { month } => {
                let report = self.monthly_report(month)?;
                nonempty_month(&report)?;
                self.monthly_report_bytes(&report, format)?
            }
            ReportRequest::LogBook { from, to } => {
                let book = self.log_book(from, to)?;
                nonempty_book(&book, from, to)?;
                self.log_book_bytes(&book, from, to, format)?
            }
        };
        write_whole(dest, &bytes).map_err(|e| {
            tracing::warn!(path = %dest.display(), error = %e, "report not saved");
            AppError::SaveFile(format!("không ghi được {}", dest.display()))
        })?;
        tracing::info!(path = %dest.display(), bytes = bytes.len(), ?format, "report saved");
        Ok(dest.to_owned())
    }

    /// The report of the month that starts on `month` (any day of it will do), for a
    /// supervisor or admin.
    pub fn monthly_report(&self, month: NaiveDate) -> Result<MonthlyReport, AppError> {
        let first = month.with_day(1).unwrap_or(month);
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor])?;
        let office = st.store.require_office()?;
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default();
        let lines = st.store.dossier_report(midnight(first), midnight(next))?;
        Ok(MonthlyReport { office_name: office.name, month: first, lines, made_on: self.now().date() })
    }

    /// The monthly report as a file's bytes.
    pub fn monthly_report_file(&self, month: NaiveDate, format: ReportFormat) -> Result<Vec<u8>, AppError> {
        self.monthly_report_bytes(&self.monthly_report(month)?, format)
    }

    fn monthly_report_bytes(&self, report: &MonthlyReport, format: ReportFormat) -> Result<Vec<u8>, AppError> {
        let bytes = match format {
            ReportFormat::Xlsx => report.to_xlsx(),
            ReportFormat::Pdf => report.to_pdf(),
            ReportFormat::Csv => report.to_csv(),
        }
        .map_err(|e| AppError::Report(e.to_string()))?;
        tracing::info!(month = %report.month, lines = report.lines.len(), ?format, "monthly report made");
        Ok(bytes)
    }

    /// The log book of the dossiers received from `from` to `to` (both included) as a file.
    /// It lists citizens' names and addresses: each export leaves an audit record, like a
    /// printed book does.
    pub fn log_book_file(&self, from: NaiveDate, to: NaiveDate, format: ReportFormat) -> Result<Vec<u8>, AppError> {
        self.log_book_bytes(&self.log_book(from, to)?, from, to, format)
    }

    fn log_book_bytes(
        &self,
        book: &motcua_print::log_book::LogBook,
        from: NaiveDate,
        to: NaiveDate,
        format: ReportFormat,
    ) -> Result<Vec<u8>, AppError> {
        let forms = FormSet::by_id(&self.paper_settings()?.form_set)?;
        let bytes =
            match format {
                ReportFormat::Pdf => motcua_print::log_book::render(book, &forms)?,
                ReportFormat::Xlsx => motcua_report::log_book::to_xlsx(book, &forms.log_book)
                    .map_err(|e| AppError::Report(e.to_string()))?,
                ReportFormat::Csv => motcua_report::log_book::to_csv(book, &forms.log_book)
                    .map_err(|e| AppError::Report(e.to_string()))?,
            };
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let printer = format!("tệp {}", format.extension());
        st.store.commit(
            &s.actor,
            Change::PaperPrinted {
                paper: "log_book".into(),
                subject: format!("{from}..{to}"),
                reprint: false,
                printer,
            },
        )?;
        tracing::info!(%from, %to, entries = book.entries.len(), ?format, "log book exported");
        Ok(bytes)
    }
}

fn nonempty_month(report: &MonthlyReport) -> Result<(), AppError> {
    if report.lines.is_empty() {
        let month = report.month.format("%m/%Y");
        return Err(AppError::field("month", format!("Tháng {month} không có hồ sơ nào để báo cáo.")));
    }
    Ok(())
}

fn nonempty_book(book: &motcua_print::log_book::LogBook, from: NaiveDate, to: NaiveDate) -> Result<(), AppError> {
    if book.entries.is_empty() {
        let (from, to) = (from.format("%d/%m/%Y"), to.format("%d/%m/%Y"));
        return Err(AppError::field("from", format!("Từ {from} đến {to} không có hồ sơ nào được tiếp nhận.")));
    }
    Ok(())
}

/// `bytes` into `dest`, whole: a file beside it, synced, renamed over it (an earlier report of
/// the same name is replaced only by a complete one).
fn write_whole(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = dest.with_file_name(format!(".{name}.dang-ghi"));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&partial, dest)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}
