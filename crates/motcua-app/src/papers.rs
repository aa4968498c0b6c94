//! Papers: the settings that shape them and the receipt of a saved dossier.

use motcua_domain::dossier::ReturnMethod;
use motcua_domain::office::OfficeProfile;
use motcua_domain::papers::{CounterPrinters, PaperSettings, PrinterConfig, PrinterRole};
use motcua_print::{FormSet, JobFormat, PrintJob, Receipt, Ticket};
use motcua_store::{Change, DossierRecord, Role};

use crate::{AppError, CounterApp};

impl CounterApp {
    pub fn paper_settings(&self) -> Result<PaperSettings, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        Ok(st.store.paper_settings()?)
    }

    /// The admin picks the form set and enters the city's look-up URL template.
    pub fn set_paper_settings(&self, settings: PaperSettings) -> Result<PaperSettings, AppError> {
        let settings = settings.normalised();
        let mut problems = settings.validate().err().unwrap_or_default();
        if FormSet::by_id(&settings.form_set).is_err() {
            problems.add("form_set", "Bộ biểu mẫu không có trong phần mềm");
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        st.store.commit(&s.actor, Change::PaperSettingsSet(settings.clone()))?;
        tracing::info!(form_set = %settings.form_set, qr = !settings.lookup_url_template.is_empty(), "paper settings set");
        Ok(settings)
    }

    /// What the receipt of dossier `code` prints; `reprint` marks a copy printed again later.
    pub fn receipt(&self, code: &str, reprint: bool) -> Result<Receipt, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let record = st.store.dossier_by_code(code)?.ok_or(AppError::NotFound("hồ sơ"))?;
        let office = st.store.require_office()?;
        let settings = st.store.paper_settings()?;
        Ok(receipt_of(&record, &office, &settings, reprint))
    }

    /// A queue ticket of this office (the queue issue supplies the number and the wait).
    pub fn ticket(
        &self,
        service: &str,
        number: &str,
        people_ahead: u32,
        wait_minutes: u32,
    ) -> Result<Ticket, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let office = st.store.require_office()?;
        Ok(Ticket {
            office_name: office.name,
            service: motcua_domain::text::clean(service),
            number: number.trim().to_owned(),
            issued_at: self.now(),
            people_ahead,
            estimated_wait_minutes: wait_minutes,
            hotlines: office.hotlines,
        })
    }

    /// The receipt as an A4 PDF in the office's form set, both copies.
    pub fn receipt_pdf(&self, code: &str, reprint: bool) -> Result<Vec<u8>, AppError> {
        let receipt = self.receipt(code, reprint)?;
        let forms = FormSet::by_id(&self.paper_settings()?.form_set)?;
        Ok(motcua_print::receipt::render(&receipt, &forms)?)
    }
}

/// Where a paper went, for the clerk's "printed on …" line.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Printed {
    pub printer: String,
    pub bytes: usize,
}

impl CounterApp {
    pub fn printers(&self) -> Result<CounterPrinters, AppError> {
        let st = self.lock();
        Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        Ok(st.store.printers()?)
    }

    /// The admin sets this counter PC's printers.
    pub fn set_printers(&self, printers: CounterPrinters) -> Result<CounterPrinters, AppError> {
        for (field, p) in [("a4", Some(&printers.a4)), ("ticket", printers.ticket.as_ref())] {
            match p {
                Some(PrinterConfig::System { name }) if name.trim().is_empty() => {
                    return Err(AppError::field(field, "Chưa nhập tên máy in"));
                }
                Some(PrinterConfig::Network { host, port }) if host.trim().is_empty() || *port == 0 => {
                    return Err(AppError::field(field, "Chưa nhập địa chỉ và cổng máy in mạng (thường là 9100)"));
                }
                Some(PrinterConfig::Folder { dir }) if dir.as_os_str().is_empty() => {
                    return Err(AppError::field(field, "Chưa chọn thư mục lưu bản in"));
                }
                _ => {}
            }
        }
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin])?;
        let device_id = st.store.device_id().to_owned();
        st.store.commit(&s.actor, Change::PrintersSet { device_id, printers: printers.clone() })?;
        tracing::info!(a4 = %printers.a4.describe(), "printers set");
        Ok(printers)
    }

    /// Prints the receipt of a saved dossier on this counter's A4 printer. The dossier is
    /// already durable (the save fsynced it); a failed print is only retried, never re-saved.
    pub fn print_receipt(&self, code: &str, reprint: bool) -> Result<Printed, AppError> {
        let pdf = self.receipt_pdf(code, reprint)?;
        let printer = self.printers()?.a4;
        let paper = if reprint { "receipt.reprint" } else { "receipt" };
        let job = PrintJob { name: format!("{paper}-{code}"), format: JobFormat::Pdf, bytes: pdf };
        self.send_to_printer(&printer, &job)?;
        self.record_printed("receipt", code, reprint, &printer)?;
        Ok(Printed { printer: printer.describe(), bytes: job.bytes.len() })
    }

    /// "In thử": a sample on one of this counter's printers, so the admin sees it works (and
    /// that Vietnamese prints) before a citizen's paper depends on it.
    pub fn test_print(&self, role: PrinterRole) -> Result<Printed, AppError> {
        let (printers, office) = {
            let st = self.lock();
            Self::session(&st, &[Role::Admin])?;
            (st.store.printers()?, st.store.require_office()?)
        };
        let (printer, job) = match role {
            PrinterRole::A4 => {
                let pdf = motcua_print::test_page::render(
                    &office.name,
                    &printers.a4.label_vi(),
                    &office.hotlines,
                    self.now(),
                );
                (printers.a4, PrintJob { name: "test-page".into(), format: JobFormat::Pdf, bytes: pdf })
            }
            PrinterRole::Ticket => {
                let printer =
                    printers.ticket.ok_or_else(|| AppError::field("ticket", "Chưa cấu hình máy in phiếu xếp hàng"))?;
                let sample = Ticket {
                    office_name: office.name,
                    service: "In thử".into(),
                    number: "A000".into(),
                    issued_at: self.now(),
                    people_ahead: 0,
                    estimated_wait_minutes: 0,
                    hotlines: office.hotlines,
                };
                (printer, PrintJob { name: "test-ticket".into(), format: JobFormat::EscPos, bytes: sample.escpos() })
            }
        };
        self.send_to_printer(&printer, &job)?;
        self.record_printed(job.name.as_str(), "", false, &printer)?;
        Ok(Printed { printer: printer.describe(), bytes: job.bytes.len() })
    }

    pub(crate) fn record_printed(
        &self,
        paper: &str,
        subject: &str,
        reprint: bool,
        printer: &PrinterConfig,
    ) -> Result<(), AppError> {
        let mut st = self.lock();
        let s = Self::session(&st, &[Role::Admin, Role::Supervisor, Role::Clerk])?;
        let change = Change::PaperPrinted {
            paper: paper.to_owned(),
            subject: subject.to_owned(),
            reprint,
            printer: printer.describe(),
        };
        st.store.commit(&s.actor, change)?;
        Ok(())
    }
}

fn receipt_of(d: &DossierRecord, office: &OfficeProfile, settings: &PaperSettings, reprint: bool) -> Receipt {
    let a = &d.draft.applicant;
    let return_to = match d.draft.return_method {
        ReturnMethod::Counter => ReturnMethod::Counter.label_vi().to_owned(),
        ReturnMethod::Post => format!("{}: {}", ReturnMethod::Post.label_vi(), d.draft.postal_address),
    };
    Receipt {
        office_name: office.name.clone(),
        place_name: office.place_name.clone(),
        code: d.code.clone(),
        applicant_name: a.full_name.clone(),
        id_number: a.id_number.clone(),
        address: a.address.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
        procedure_name: d.procedure_name.clone(),
        papers: d.draft.papers.clone(),
        sets: d.draft.sets.max(1),
        processing: d.processing.describe_vi(),
        received_at: d.received_at,
        appointment_at: d.appointment_at,
        return_to,
        // The log book is kept per year.
        log_volume: d.received_at.format("%Y").to_string(),
        log_entry: log_entry(d, office),
        officer_name: d.received_by_name.clone(),
        hotlines: office.hotlines.clone(),
        feedback_email: office.feedback_email.clone(),
        other_channels: office.other_channels.clone(),
        lookup_url: settings.lookup_url(&d.code),
        reprint,
    }
}

/// The dossier's entry in the office's log book, printed as the number of its papers: the
/// code after the unit ("261123-0007"), unique in the year's book.
pub(crate) fn log_entry(d: &DossierRecord, office: &OfficeProfile) -> String {
    d.code.strip_prefix(&format!("{}-", office.unit_code)).unwrap_or(&d.code).to_owned()
}
