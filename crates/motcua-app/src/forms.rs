//! The papers about one dossier besides its receipt (forms 02–05 and the process-control
//! sheet) and the log book of a period, in the office's form set.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;

use motcua_domain::lifecycle::Step;
use motcua_domain::papers::{DossierForm, LetterContent};
use motcua_print::control_sheet::Handoff;
use motcua_print::forms::FormEntry;
use motcua_print::letters::DossierFacts;
use motcua_print::log_book::{LogBook, LogEntry};
use motcua_print::{FormSet, JobFormat, PrintJob};
use motcua_store::{DossierRecord, Role};

use crate::papers::{Printed, log_entry};
use crate::{AppError, CounterApp, State};

/// The hand-offs among a dossier's steps, as the process-control sheet prints them.
fn handoffs(history: &Option<motcua_store::DossierHistory>) -> Vec<Handoff> {
    let steps = history.as_ref().map(|h| h.steps.as_slice()).unwrap_or_default();
    steps
        .iter()
        .filter_map(|s| match &s.step {
            Step::HandedOff { to, handler, deadline, note } => Some(Handoff {
                to: if handler.is_empty() { to.clone() } else { format!("{to} ({handler})") },
                at: s.at,
                deadline: *deadline,
                note: note.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// The longest period one log book covers: a year, the book's own span.
const LOG_BOOK_MAX_DAYS: i64 = 366;

impl CounterApp {
    /// The forms of the office's set that can be printed for a dossier, in the set's order.
    pub fn dossier_forms(&self) -> Result<Vec<FormEntry>, AppError> {
        Ok(FormSet::by_id(&self.paper_settings()?.form_set)?.dossier_forms())
    }

    /// Form `form` of dossier `code` as an A4 PDF; a letter needs what the clerk wrote.
    pub fn form_pdf(&self, form: DossierForm, code: &str, content: LetterContent) -> Result<Vec<u8>, AppError> {
        Self::session(&self.lock(), &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        render_form(&self.state, form, code, content, self.now().date())
    }

    /// Prints form `form` of dossier `code` on this counter's A4 printer.
    pub fn print_form(&self, form: DossierForm, code: &str, content: LetterContent) -> Result<Printed, AppError> {
        let pdf = self.form_pdf(form, code, content)?;
        let printer = self.printers()?.a4;
        let job = PrintJob { name: format!("{}-{code}", form.key()), format: JobFormat::Pdf, bytes: pdf };
        self.send_to_printer(&printer, &job)?;
        self.record_printed(form.key(), code, false, &printer)?;
        tracing::info!(form = form.key(), printer = %printer.describe(), "form printed");
        Ok(Printed { printer: printer.describe(), bytes: job.bytes.len() })
    }

    /// The log book of the dossiers received from `from` to `to` (both included).
    pub fn log_book(&self, from: NaiveDate, to: NaiveDate) -> Result<LogBook, AppError> {
        if from > to {
            return Err(AppError::field("from", "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."));
        }
        if (to - from).num_days() >= LOG_BOOK_MAX_DAYS {
            return Err(AppError::field("to", "Mỗi lần in sổ theo dõi tối đa một năm."));
        }
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let office = st.store.require_office()?;
        let records = st.store.dossiers_received_between(from, to)?;
        let mut agencies: HashMap<String, String> = HashMap::new();
        let mut entries = Vec::with_capacity(records.len());
        for d in records {
            let code = d.draft.procedure_code.clone();
            if !agencies.contains_key(&code) {
                let agency = st.store.procedure(&code)?.map(|p| p.agency).unwrap_or_default();
                agencies.insert(code.clone(), agency);
            }
            entries.push(entry_of(d, agencies[&code].clone()));
        }
        Ok(LogBook { office_name: office.name, volume: from.format("%Y").to_string(), from, to, entries })
    }

    pub fn log_book_pdf(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<u8>, AppError> {
        let book = self.log_book(from, to)?;
        let forms = FormSet::by_id(&self.paper_settings()?.form_set)?;
        Ok(motcua_print::log_book::render(&book, &forms)?)
    }

    /// Prints the log book of the period on this counter's A4 printer.
    pub fn print_log_book(&self, from: NaiveDate, to: NaiveDate) -> Result<Printed, AppError> {
        let pdf = self.log_book_pdf(from, to)?;
        let printer = self.printers()?.a4;
        let job = PrintJob { name: format!("log-book-{from}-{to}"), format: JobFormat::Pdf, bytes: pdf };
        self.send_to_printer(&printer, &job)?;
        self.record_printed("log_book", &format!("{from}..{to}"), false, &printer)?;
        Ok(Printed { printer: printer.describe(), bytes: job.bytes.len() })
    }
}

fn entry_of(d: DossierRecord, agency: String) -> LogEntry {
    let a = d.draft.applicant;
    LogEntry {
        code: d.code,
        procedure_name: d.procedure_name,
        sets: d.draft.sets.max(1),
        applicant_name: a.full_name,
        address: a.address,
        phone: a.phone,
        agency,
        received_at: d.received_at,
        appointment_at: d.appointment_at,
        // Returning results arrives with the dossier lifecycle; until then the column is blank.
        returned_at: None,
        note: String::new(),
    }
}

/// Form `form` of dossier `code` as an A4 PDF, dated `today`, for whoever may have it: the
/// window's [`CounterApp::form_pdf`], and the mailer, which attaches the apology letter (nobody
/// is logged in on its thread).
pub(crate) fn render_form(
    state: &Mutex<State>,
    form: DossierForm,
    code: &str,
    content: LetterContent,
    today: NaiveDate,
) -> Result<Vec<u8>, AppError> {
    let content = content.normalised();
    let (record, facts, agency, forms, handoffs) = {
        let st = state.lock().unwrap_or_else(|p| p.into_inner());
        let record = st.store.dossier_by_code(code)?.ok_or(AppError::NotFound("hồ sơ"))?;
        let office = st.store.require_office()?;
        let forms = FormSet::by_id(&st.store.paper_settings()?.form_set)?;
        let agency = st.store.procedure(&record.draft.procedure_code)?.map(|p| p.agency).unwrap_or_default();
        let facts = DossierFacts {
            office_name: office.name.clone(),
            place_name: office.place_name.clone(),
            code: record.code.clone(),
            number: log_entry(&record, &office),
            applicant_name: record.draft.applicant.full_name.clone(),
            procedure_name: record.procedure_name.clone(),
            received_at: record.received_at,
            appointment_at: record.appointment_at,
            officer_name: record.received_by_name.clone(),
            hotlines: office.hotlines.clone(),
            printed_on: today,
        };
        let handoffs = match form {
            DossierForm::ControlSheet => handoffs(&st.store.dossier_history(code)?),
            _ => Vec::new(),
        };
        (record, facts, agency, forms, handoffs)
    };
    let pdf = match form {
        DossierForm::ControlSheet => motcua_print::control_sheet::render(&facts, &agency, &handoffs, &forms)?,
        letter => {
            // Checked before the set: the clerk fixes what they typed first.
            forms.letter(letter)?;
            content.validate(letter, record.appointment_at).map_err(AppError::Invalid)?;
            motcua_print::letters::render(letter, &facts, &content, &forms)?
        }
    };
    Ok(pdf)
}
