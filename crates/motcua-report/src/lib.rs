//! Reports as files. The monthly dossier report (báo cáo tình hình tiếp nhận, giải quyết hồ sơ):
//! per field and procedure, carried over, received, resolved early / on time / late, ended
//! otherwise, pending and late, with a subtotal per field and a grand total; to CSV (raw data,
//! UTF-8 with a BOM so spreadsheet programs read the Vietnamese right), XLSX and PDF (A4 turned
//! sideways, fonts embedded). Every format writes the same [`Table`], so the numbers are the
//! same in each. The log book (form 07) to XLSX and CSV: [`log_book`].

pub mod log_book;
mod pdf;

use chrono::NaiveDate;
use motcua_store::ReportLine;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("pdf: {0}")]
    Pdf(#[from] motcua_print::PrintError),
}

/// The monthly report of one office.
#[derive(Debug, Clone)]
pub struct MonthlyReport {
    pub office_name: String,
    /// The first day of the month.
    pub month: NaiveDate,
    /// As the store computed them, in field order.
    pub lines: Vec<ReportLine>,
    /// When the report was made (printed under the title).
    pub made_on: NaiveDate,
}

/// The column headers, in order.
pub const COLUMNS: [&str; 13] = [
    "STT",
    "Lĩnh vực",
    "Mã thủ tục",
    "Tên thủ tục",
    "Kỳ trước chuyển qua",
    "Mới tiếp nhận",
    "Tổng số",
    "Giải quyết trước hạn",
    "Giải quyết đúng hạn",
    "Giải quyết quá hạn",
    "Từ chối, dừng, rút",
    "Đang giải quyết",
    "Trong đó quá hạn",
];

/// What a row of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Procedure,
    /// The sum of one field's procedures.
    FieldTotal,
    GrandTotal,
}

/// One row as every format writes it: four texts, then nine numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub texts: [String; 4],
    pub numbers: [u64; 9],
}

fn numbers(l: &ReportLine) -> [u64; 9] {
    [
        l.carried_over,
        l.received,
        l.carried_over + l.received,
        l.resolved_early,
        l.resolved_on_time,
        l.resolved_late,
        l.ended_otherwise,
        l.pending,
        l.pending_late,
    ]
}

impl MonthlyReport {
    pub fn title(&self) -> String {
        format!("BÁO CÁO TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THÁNG {}", self.month.format("%m/%Y"))
    }

    /// The report's rows: each procedure, each field's subtotal after its procedures, then the
    /// grand total.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut total = ReportLine::default();
        let mut field_total = ReportLine::default();
        let mut n = 0;
        for (i, line) in self.lines.iter().enumerate() {
            n += 1;
            rows.push(Row {
                kind: RowKind::Procedure,
                texts: [n.to_string(), line.field.clone(), line.procedure_code.clone(), line.procedure_name.clone()],
                numbers: numbers(line),
            });
            field_total.add(line);
            total.add(line);
            let field_ends = self.lines.get(i + 1).is_none_or(|next| next.field != line.field);
            if field_ends {
                rows.push(Row {
                    kind: RowKind::FieldTotal,
                    texts: [String::new(), format!("Cộng lĩnh vực {}", line.field), String::new(), String::new()],
                    numbers: numbers(&field_total),
                });
                field_total = ReportLine::default();
            }
        }
        rows.push(Row {
            kind: RowKind::GrandTotal,
            texts: [String::new(), "TỔNG CỘNG".into(), String::new(), String::new()],
            numbers: numbers(&total),
        });
        rows
    }

    /// CSV, UTF-8 with a byte-order mark, one header line.
    pub fn to_csv(&self) -> Result<Vec<u8>, ReportError> {
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(COLUMNS)?;
            for row in self.rows() {
                let mut record: Vec<String> = row.texts.to_vec();
                record.extend(row.numbers.iter().map(u64::to_string));
                w.write_record(&record)?;
            }
            w.flush().map_err(csv::Error::from)?;
        }
        Ok(out)
    }

    /// An XLSX workbook with one sheet: title lines, the header, the rows (numbers as numbers).
    pub fn to_xlsx(&self) -> Result<Vec<u8>, ReportError> {
        use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Báo cáo")?;
        let bold = Format::new().set_bold();
        let header =
            Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_border(FormatBorder::Thin);
        let cell = Format::new().set_border(FormatBorder::Thin);
        let total = Format::new().set_bold().set_border(FormatBorder::Thin);
        sheet.write_string_with_format(0, 0, &self.office_name, &bold)?;
        sheet.write_string_with_format(1, 0, self.title(), &bold)?;
        const HEADER_ROW: u32 = 3;
        for (c, name) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(HEADER_ROW, c as u16, *name, &header)?;
        }
        for (c, width) in [5.0, 18.0, 11.0, 40.0].into_iter().chain([11.0; 9]).enumerate() {
            sheet.set_column_width(c as u16, width)?;
        }
        for (i, row) in self.rows().iter().enumerate() {
            let r = HEADER_ROW + 1 + i as u32;
            let format = if row.kind == RowKind::Procedure { &cell } else { &total };
            for (c, text) in row.texts.iter().enumerate() {
                sheet.write_string_with_format(r, c as u16, text, format)?;
            }
            for (c, n) in row.numbers.iter().enumerate() {
                sheet.write_number_with_format(r, (4 + c) as u16, *n as f64, format)?;
            }
        }
        Ok(book.save_to_buffer()?)
    }

    /// A4 landscape PDF, the office's name and the title above the table.
    pub fn to_pdf(&self) -> Result<Vec<u8>, ReportError> {
        Ok(pdf::render(self)?)
    }
}
