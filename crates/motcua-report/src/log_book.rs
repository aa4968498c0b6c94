//! The log book (Sổ theo dõi hồ sơ, form 07) as a spreadsheet: the same entries and columns the
//! printed book has (`motcua_print::log_book`), one dossier per row, to XLSX (times as dates a
//! spreadsheet can sort) and CSV. The column titles come from the office's form set.

use chrono::NaiveDateTime;
use motcua_print::forms::LogBookCaptions;
use motcua_print::log_book::{LogBook, LogEntry};

use crate::ReportError;

/// The eleven cells of an entry as text, in the book's column order (number first).
fn texts(i: usize, e: &LogEntry) -> [String; 11] {
    let when = |t: NaiveDateTime| t.format("%H:%M %d/%m/%Y").to_string();
    [
        (i + 1).to_string(),
        e.code.clone(),
        e.procedure_name.clone(),
        e.sets.to_string(),
        e.applicant_name.clone(),
        e.contact(),
        e.agency.clone(),
        when(e.received_at),
        when(e.appointment_at),
        e.returned_at.map(when).unwrap_or_default(),
        e.note.clone(),
    ]
}

fn title_lines(book: &LogBook, c: &LogBookCaptions) -> [String; 3] {
    [
        book.office_name.to_uppercase(),
        format!("{} — {}", c.title, c.volume_line.replace("{volume}", &book.volume)),
        c.period_line
            .replace("{from}", &book.from.format("%d/%m/%Y").to_string())
            .replace("{to}", &book.to.format("%d/%m/%Y").to_string()),
    ]
}

/// CSV, UTF-8 with a byte-order mark: the header, then one row per dossier.
pub fn to_csv(book: &LogBook, c: &LogBookCaptions) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(&c.columns)?;
        for (i, e) in book.entries.iter().enumerate() {
            w.write_record(texts(i, e))?;
        }
        w.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

/// XLSX: the title lines, the header, one row per dossier; the number and sets as numbers,
/// the three times as date-times; the total line below.
pub fn to_xlsx(book: &LogBook, c: &LogBookCaptions) -> Result<Vec<u8>, ReportError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Sổ theo dõi")?;
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let time = Format::new().set_border(FormatBorder::Thin).set_num_format("hh:mm dd/mm/yyyy");
    for (r, line) in title_lines(book, c).iter().enumerate() {
        sheet.write_string_with_format(r as u32, 0, line, &bold)?;
    }
    const HEADER_ROW: u32 = 4;
    for (col, name) in c.columns.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, name, &header)?;
    }
    for (col, width) in [5.0, 26.0, 36.0, 8.0, 24.0, 30.0, 24.0, 16.0, 16.0, 16.0, 18.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    let excel_time = |t: NaiveDateTime| ExcelDateTime::parse_from_str(&t.format("%Y-%m-%dT%H:%M:%S").to_string());
    for (i, e) in book.entries.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        let t = texts(i, e);
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        for col in [1usize, 2, 4, 5, 6, 10] {
            sheet.write_string_with_format(r, col as u16, &t[col], &cell)?;
        }
        sheet.write_number_with_format(r, 3, f64::from(e.sets), &cell)?;
        sheet.write_datetime_with_format(r, 7, &excel_time(e.received_at)?, &time)?;
        sheet.write_datetime_with_format(r, 8, &excel_time(e.appointment_at)?, &time)?;
        match e.returned_at {
            Some(at) => sheet.write_datetime_with_format(r, 9, &excel_time(at)?, &time)?,
            None => sheet.write_blank(r, 9, &cell)?,
        };
    }
    let last = HEADER_ROW + 2 + book.entries.len() as u32;
    let total = if book.entries.is_empty() {
        c.empty.clone()
    } else {
        c.total_line.replace("{count}", &book.entries.len().to_string())
    };
    sheet.write_string_with_format(last, 0, &total, &bold)?;
    Ok(wb.save_to_buffer()?)
}
