//! `motcua print …` and `motcua papers …`: papers from the command line.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use clap::Subcommand;

use motcua_app::CounterApp;
use motcua_domain::papers::{DossierForm, LetterContent, PaperSettings};
use motcua_print::output::write_file_atomically;

use crate::data::open;

#[derive(Subcommand)]
pub enum PrintCommand {
    /// The receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) of a dossier, as an A4 PDF.
    Receipt {
        code: String,
        #[arg(long)]
        out: PathBuf,
        /// Mark it "Bản in lại" (printed again after the first receipt).
        #[arg(long)]
        reprint: bool,
    },
    /// A queue ticket for the office in the database: ESC/POS for a thermal printer, or PDF.
    Ticket {
        #[arg(long)]
        service: String,
        #[arg(long)]
        number: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: TicketFormat,
        #[arg(long)]
        out: PathBuf,
        /// People waiting before this number.
        #[arg(long, default_value_t = 0)]
        ahead: u32,
        /// Estimated wait, minutes.
        #[arg(long, default_value_t = 0)]
        wait: u32,
    },
    /// Another paper of a dossier, in the office's form set: supplement (02), refusal (03),
    /// apology (04), stop (05, 2025 set), control-sheet; or the form's number in the set ("02").
    Form {
        form: String,
        code: String,
        #[arg(long)]
        out: PathBuf,
        /// What the applicant must supplement (form 02); repeat for each item.
        #[arg(long = "item")]
        items: Vec<String>,
        /// Why (forms 03, 04, 05).
        #[arg(long, default_value = "")]
        reason: String,
        /// The new return time of an apology (form 04), e.g. 2026-12-05T15:00.
        #[arg(long)]
        new_date: Option<String>,
    },
    /// The log book (sổ theo dõi hồ sơ) of the dossiers received from one day to another.
    Logbook {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: NaiveDate,
        /// Last day, YYYY-MM-DD (included).
        #[arg(long)]
        to: NaiveDate,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TicketFormat {
    Escpos,
    Pdf,
}

#[derive(Subcommand)]
pub enum PapersCommand {
    /// Shows the form set and the look-up URL template.
    Show,
    /// Sets the form set (tt03-2025, tt01-2018) and/or the look-up URL template with {code}.
    Set {
        #[arg(long)]
        form_set: Option<String>,
        #[arg(long)]
        lookup_url: Option<String>,
    },
}

pub fn print(cmd: PrintCommand, db: Option<&Path>) -> anyhow::Result<()> {
    let app = open(db, false)?;
    match cmd {
        PrintCommand::Receipt { code, out, reprint } => {
            let pdf = app.receipt_pdf(&code, reprint)?;
            write_file_atomically(&out, &pdf)?;
            println!("{}", out.display());
        }
        PrintCommand::Ticket { service, number, format, out, ahead, wait } => {
            let ticket = app.ticket(&service, &number, ahead, wait)?;
            let bytes = match format {
                TicketFormat::Escpos => ticket.escpos(),
                TicketFormat::Pdf => ticket.pdf(),
            };
            write_file_atomically(&out, &bytes)?;
            println!("{}", out.display());
        }
        PrintCommand::Form { form, code, out, items, reason, new_date } => {
            let form = resolve_form(&app, &form)?;
            let new_appointment = new_date.as_deref().map(parse_time).transpose()?;
            let pdf = app.form_pdf(form, &code, LetterContent { items, reason, new_appointment })?;
            write_file_atomically(&out, &pdf)?;
            println!("{}", out.display());
        }
        PrintCommand::Logbook { from, to, out } => {
            let pdf = app.log_book_pdf(from, to)?;
            write_file_atomically(&out, &pdf)?;
            println!("{}", out.display());
        }
    }
    Ok(())
}

pub fn papers(cmd: PapersCommand, db: Option<&Path>) -> anyhow::Result<()> {
    let app = open(db, false)?;
    let settings = match cmd {
        PapersCommand::Show => app.paper_settings()?,
        PapersCommand::Set { form_set, lookup_url } => {
            let current = app.paper_settings()?;
            app.set_paper_settings(PaperSettings {
                form_set: form_set.unwrap_or(current.form_set),
                lookup_url_template: lookup_url.unwrap_or(current.lookup_url_template),
            })?
        }
    };
    println!("{}", serde_json::to_string_pretty(&settings)?);
    Ok(())
}

/// A form by its name (`apology`, `control-sheet`) or by its number in the office's set
/// (`04`, `4`): IT officers know the forms by number, and numbers differ between sets.
fn resolve_form(app: &CounterApp, given: &str) -> anyhow::Result<DossierForm> {
    if let Some(form) = DossierForm::parse(given) {
        return Ok(form);
    }
    let forms = app.dossier_forms()?;
    let wanted: Option<u32> = given.trim().parse().ok();
    forms.iter().find(|f| wanted.is_some() && number_of(&f.number) == wanted).map(|f| f.form).ok_or_else(|| {
        let known: Vec<String> =
            forms.iter().map(|f| format!("{} ({})", f.form.key().replace('_', "-"), f.number)).collect();
        anyhow::anyhow!("không có mẫu {given:?} trong bộ biểu mẫu đang dùng; các mẫu: {}", known.join(", "))
    })
}

/// 2 from "Mẫu số 02".
fn number_of(caption: &str) -> Option<u32> {
    caption.split_whitespace().last()?.parse().ok()
}

fn parse_time(s: &str) -> anyhow::Result<NaiveDateTime> {
    let s = s.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(|| anyhow::anyhow!("thời gian {s:?} không hợp lệ; viết dạng 2026-12-05T15:00"))
}
