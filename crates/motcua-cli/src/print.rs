//! `motcua print …` and `motcua papers …`: papers from the command line.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use motcua_domain::papers::PaperSettings;
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
