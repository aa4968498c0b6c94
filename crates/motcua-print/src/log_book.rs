//! The log book (sổ theo dõi hồ sơ: form 06 of the 2018 set, 07 of the 2025 set): every
//! dossier received in a period, one ruled row each, on A4 turned sideways, pages numbered.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::a4::{Paper, Style, Table, bold, regular};
use crate::error::PrintError;
use crate::forms::FormSet;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogBook {
    pub office_name: String,
    /// "Quyển số": the year of the period's start (the book is kept per year).
    pub volume: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Oldest first, as the book is written.
    pub entries: Vec<LogEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogEntry {
    pub code: String,
    pub procedure_name: String,
    pub sets: u32,
    pub applicant_name: String,
    pub address: String,
    pub phone: String,
    /// The agency that decides (cơ quan chủ trì giải quyết), from the catalog.
    pub agency: String,
    pub received_at: NaiveDateTime,
    pub appointment_at: NaiveDateTime,
    /// When the result was handed over; empty until the dossier is returned.
    pub returned_at: Option<NaiveDateTime>,
    pub note: String,
}

impl LogEntry {
    /// The book's "address, phone" cell: the address, then the phone when there is one.
    pub fn contact(&self) -> String {
        if self.phone.is_empty() { self.address.clone() } else { format!("{}; ĐT: {}", self.address, self.phone) }
    }
}

/// Column widths (mm) for the 11 columns of the book on landscape A4 (262 mm of text width).
/// The code's column holds a whole dossier code on one line: it is what a reader looks for.
const WIDTHS: [f32; 11] = [9.0, 44.0, 34.0, 11.0, 30.0, 34.0, 24.0, 19.0, 19.0, 19.0, 19.0];

pub fn render(book: &LogBook, forms: &FormSet) -> Result<Vec<u8>, PrintError> {
    let c = &forms.log_book;
    if c.columns.len() != WIDTHS.len() {
        return Err(PrintError::BadFormSet(format!(
            "log_book has {} columns, the layout {}",
            c.columns.len(),
            WIDTHS.len()
        )));
    }
    let mut paper = Paper::landscape(&format!("{} {} – {}", c.title, book.from, book.to));
    paper.begin_section();
    paper.paragraph(&[bold(book.office_name.to_uppercase())], Style::centered(12.0));
    paper.space(2.0);
    paper.paragraph(&[bold(&c.title)], Style::centered(15.0));
    paper.paragraph(&[regular(c.volume_line.replace("{volume}", &book.volume))], Style::centered(12.0));
    let period = c
        .period_line
        .replace("{from}", &book.from.format("%d/%m/%Y").to_string())
        .replace("{to}", &book.to.format("%d/%m/%Y").to_string());
    paper.paragraph(&[regular(period)], Style::centered(12.0));
    paper.space(4.0);
    if book.entries.is_empty() {
        paper.paragraph(&[regular(&c.empty)], Style::centered(12.0));
        return Ok(paper.finish());
    }
    let when = |t: NaiveDateTime| {
        vec![vec![regular(t.format("%H:%M").to_string())], vec![regular(t.format("%d/%m/%Y").to_string())]]
    };
    let rows = book
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                vec![vec![regular((i + 1).to_string())]],
                vec![vec![bold(&e.code)]],
                vec![vec![regular(&e.procedure_name)]],
                vec![vec![regular(format!("{:02}", e.sets))]],
                vec![vec![regular(&e.applicant_name)]],
                vec![vec![regular(e.contact())]],
                vec![vec![regular(&e.agency)]],
                when(e.received_at),
                when(e.appointment_at),
                e.returned_at.map(when).unwrap_or_default(),
                vec![vec![regular(&e.note)]],
            ]
        })
        .collect();
    paper.table(&Table {
        widths: WIDTHS.to_vec(),
        header: c.columns.iter().map(|h| vec![bold(h)]).collect(),
        header_style: Style::centered(8.5),
        rows,
        style: Style::body(8.5),
        min_row_height: 0.0,
    });
    paper.space(3.0);
    paper.paragraph(&[bold(c.total_line.replace("{count}", &book.entries.len().to_string()))], Style::body(11.0));
    Ok(paper.finish())
}
