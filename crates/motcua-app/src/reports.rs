//! Reports for the supervisor as files: the monthly dossier report, and the log book (form 07)
//! as a spreadsheet or the PDF that prints.

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

impl CounterApp {
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
        let report = self.monthly_report(month)?;
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
        let book = self.log_book(from, to)?;
        let forms = FormSet::by_id(&self.paper_settings()?.form_set)?;
        let bytes =
            match format {
                ReportFormat::Pdf => motcua_print::log_book::render(&book, &forms)?,
                ReportFormat::Xlsx => motcua_report::log_book::to_xlsx(&book, &forms.log_book)
                    .map_err(|e| AppError::Report(e.to_string()))?,
                ReportFormat::Csv => motcua_report::log_book::to_csv(&book, &forms.log_book)
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
