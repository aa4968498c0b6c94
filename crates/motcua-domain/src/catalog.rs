//! The procedure catalog (danh mục thủ tục hành chính, TTHC): what each procedure takes,
//! how long it lasts, what it costs and what paper it returns.
//!
//! The city server owns the catalog and distributes it as JSON; IT officers also edit it as
//! CSV in Excel. Both readers normalise every text to NFC (through [`text::clean`]) and
//! validate the result, so a catalog that loads is one the counter can use. Errors say, in
//! Vietnamese, which line (CSV) or which record (JSON) is wrong and why.
//!
//! The CSV format (one row per procedure, papers in one cell) is documented in
//! `assets/catalog/README.md`; [`format_processing`], [`parse_processing`],
//! [`format_papers`] and [`parse_papers`] are its cell formats.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::calendar::ProcessingTime;
use crate::text::{self, clean, fold};

/// The form in which a paper must be handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaperForm {
    /// Bản chính.
    Original,
    /// Bản sao.
    Copy,
    /// Bản sao chứng thực.
    CertifiedCopy,
    /// Bản chụp.
    Photocopy,
}

impl PaperForm {
    pub const ALL: [PaperForm; 4] =
        [PaperForm::Original, PaperForm::Copy, PaperForm::CertifiedCopy, PaperForm::Photocopy];

    /// The label on the intake checklist and the receipt.
    pub fn label_vi(&self) -> &'static str {
        match self {
            PaperForm::Original => "Bản chính",
            PaperForm::Copy => "Bản sao",
            PaperForm::CertifiedCopy => "Bản sao chứng thực",
            PaperForm::Photocopy => "Bản chụp",
        }
    }

    /// The wording inside a CSV paper item, e.g. `[bản chính]`.
    fn label_csv(&self) -> &'static str {
        match self {
            PaperForm::Original => "bản chính",
            PaperForm::Copy => "bản sao",
            PaperForm::CertifiedCopy => "bản sao chứng thực",
            PaperForm::Photocopy => "bản chụp",
        }
    }

    /// Reads a form written either as its code (`original`, `certified_copy`) or in
    /// Vietnamese, with or without diacritics, in any case (`Bản chính`, `ban sao co chung thuc`).
    pub fn parse_vi_or_code(s: &str) -> Option<Self> {
        let folded = fold(s).replace(['_', '-'], " ");
        let words = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        match words.as_str() {
            "original" | "ban chinh" => Some(PaperForm::Original),
            "copy" | "ban sao" => Some(PaperForm::Copy),
            "certified copy" | "ban sao chung thuc" | "ban sao co chung thuc" => Some(PaperForm::CertifiedCopy),
            "photocopy" | "ban chup" | "ban photo" => Some(PaperForm::Photocopy),
            _ => None,
        }
    }
}

/// One paper of the dossier (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredPaper {
    pub name: String,
    pub form: PaperForm,
    pub count: u32,
    /// Only when it applies ("nếu có").
    #[serde(default)]
    pub optional: bool,
}

/// One administrative procedure as the office offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    /// Code in the national database of administrative procedures, e.g. `1.001193`.
    pub code: String,
    pub name: String,
    /// Lĩnh vực, e.g. "Hộ tịch", "Chứng thực".
    pub field: String,
    /// Cấp thực hiện, e.g. "Cấp xã".
    #[serde(default)]
    pub level: String,
    pub processing: ProcessingTime,
    /// Phí, lệ phí in VND; 0 = không thu (details, per-page rates and exemptions in `fee_note`).
    pub fee_vnd: u64,
    #[serde(default)]
    pub fee_note: String,
    pub papers: Vec<RequiredPaper>,
    /// Kết quả, e.g. "Giấy khai sinh (bản chính)".
    pub result: String,
    /// Cơ quan thực hiện, e.g. "UBND cấp xã".
    pub agency: String,
    /// Liên thông: several agencies take part.
    #[serde(default)]
    pub interagency: bool,
    /// The result may be returned by public postal service.
    pub postal_return: bool,
    /// The office does not handle this procedure.
    #[serde(default)]
    pub hidden: bool,
}

impl Procedure {
    /// The folded search text: `text::fold` of "code name field" ("Đăng ký" → "dang ky").
    pub fn search_key(&self) -> String {
        fold(&format!("{} {} {}", self.code, self.name, self.field))
    }

    /// Passes every text field through [`text::clean`].
    pub fn normalize(&mut self) {
        for s in [
            &mut self.code,
            &mut self.name,
            &mut self.field,
            &mut self.level,
            &mut self.fee_note,
            &mut self.result,
            &mut self.agency,
        ] {
            *s = clean(s);
        }
        for paper in &mut self.papers {
            paper.name = clean(&paper.name);
        }
    }
}

/// A version of the catalog, as the city server distributes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    #[serde(default)]
    pub version: String,
    /// Sample data, not the official catalog.
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub note: String,
    pub procedures: Vec<Procedure>,
}

/// A column of the CSV (and the matching JSON field), or a catalog-level metadata item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Code,
    Name,
    Field,
    Level,
    Processing,
    FeeVnd,
    FeeNote,
    Papers,
    Result,
    Agency,
    Interagency,
    PostalReturn,
    Hidden,
    /// Catalog metadata (`# version: …` line of the CSV).
    Version,
    /// Catalog metadata (`# sample: …`).
    Sample,
    /// Catalog metadata (`# note: …`).
    Note,
}

impl Column {
    /// The CSV columns, in the order [`Catalog::to_csv`] writes them.
    pub const CSV: [Column; 13] = [
        Column::Code,
        Column::Name,
        Column::Field,
        Column::Level,
        Column::Processing,
        Column::FeeVnd,
        Column::FeeNote,
        Column::Papers,
        Column::Result,
        Column::Agency,
        Column::Interagency,
        Column::PostalReturn,
        Column::Hidden,
    ];

    /// The header name in the CSV (and the JSON field name).
    pub fn name(&self) -> &'static str {
        match self {
            Column::Code => "code",
            Column::Name => "name",
            Column::Field => "field",
            Column::Level => "level",
            Column::Processing => "processing",
            Column::FeeVnd => "fee_vnd",
            Column::FeeNote => "fee_note",
            Column::Papers => "papers",
            Column::Result => "result",
            Column::Agency => "agency",
            Column::Interagency => "interagency",
            Column::PostalReturn => "postal_return",
            Column::Hidden => "hidden",
            Column::Version => "version",
            Column::Sample => "sample",
            Column::Note => "note",
        }
    }

    /// What the column holds, in the words of an error message.
    pub fn label_vi(&self) -> &'static str {
        match self {
            Column::Code => "mã thủ tục",
            Column::Name => "tên thủ tục",
            Column::Field => "lĩnh vực",
            Column::Level => "cấp thực hiện",
            Column::Processing => "thời hạn giải quyết",
            Column::FeeVnd => "phí, lệ phí",
            Column::FeeNote => "ghi chú phí, lệ phí",
            Column::Papers => "thành phần hồ sơ",
            Column::Result => "kết quả",
            Column::Agency => "cơ quan thực hiện",
            Column::Interagency => "liên thông",
            Column::PostalReturn => "trả kết quả qua bưu chính",
            Column::Hidden => "ẩn thủ tục",
            Column::Version => "phiên bản danh mục",
            Column::Sample => "dữ liệu mẫu",
            Column::Note => "ghi chú danh mục",
        }
    }

    /// Columns a CSV must have; the others default (empty text, `không`).
    fn required(&self) -> bool {
        !matches!(self, Column::Level | Column::FeeNote | Column::Interagency | Column::Hidden)
    }

    fn from_header(s: &str) -> Option<Column> {
        let s = s.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        Column::CSV.into_iter().find(|c| c.name() == s)
    }
}

/// Where a problem is: a line of a CSV file, a record of a JSON catalog, or the catalog itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// 1-based line of the CSV file (the line a multi-line record starts on).
    Line(u64),
    /// 1-based position in `procedures`, with the procedure's code when it has one.
    Record {
        number: usize,
        code: String,
    },
    Catalog,
}

impl Location {
    fn lower(&self) -> String {
        let s = self.to_string();
        let mut chars = s.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => s,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(line) => write!(f, "Dòng {line}"),
            Location::Record { number, code } if code.is_empty() => {
                write!(f, "Thủ tục thứ {number}")
            }
            Location::Record { number, code } => write!(f, "Thủ tục thứ {number} (mã {code})"),
            Location::Catalog => f.write_str("Danh mục"),
        }
    }
}

/// Why a catalog could not be read or is not valid. Each message says where and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("Tệp JSON danh mục không hợp lệ (dòng {line}, cột {column}): {message}")]
    Json { line: usize, column: usize, message: String },
    #[error("Tệp CSV danh mục trống: thiếu dòng tiêu đề ({})", csv_header().join(","))]
    EmptyCsv,
    #[error("{at}: không đọc được CSV: {message}")]
    Csv { at: Location, message: String },
    #[error("Dòng {line}: thiếu cột \"{}\" trong dòng tiêu đề", .column.name())]
    MissingColumn { line: u64, column: Column },
    #[error("Dòng {line}: cột \"{column}\" không thuộc định dạng danh mục (các cột: {})", csv_header().join(","))]
    UnknownColumn { line: u64, column: String },
    #[error("Dòng {line}: cột \"{}\" có hai lần trong dòng tiêu đề", .column.name())]
    DuplicateColumn { line: u64, column: Column },
    #[error(
        "Dòng {line}: dòng thông tin danh mục không hợp lệ: \"{text}\" (cần \"# version: …\", \"# sample: có/không\" hoặc \"# note: …\")"
    )]
    BadMetadata { line: u64, text: String },
    #[error("{at}: có {found} cột, dòng tiêu đề có {expected} cột")]
    ColumnCount { at: Location, found: usize, expected: usize },
    #[error("{at}: thiếu {}", .column.label_vi())]
    Missing { at: Location, column: Column },
    #[error("{at}: {} không hợp lệ: \"{value}\" ({hint})", .column.label_vi())]
    Invalid { at: Location, column: Column, value: String, hint: &'static str },
    #[error("{at}: mã thủ tục \"{code}\" trùng với {}", .first.lower())]
    DuplicateCode { at: Location, code: String, first: Location },
    #[error("{at}: thành phần hồ sơ thứ {number} không hợp lệ: \"{value}\" ({reason})")]
    Paper { at: Location, number: usize, value: String, reason: String },
    #[error("{at}: {} chưa được chuẩn hóa (Unicode NFC, không thừa khoảng trắng): \"{value}\"", .column.label_vi())]
    NotNormalized { at: Location, column: Column, value: String },
}

fn csv_header() -> Vec<&'static str> {
    Column::CSV.iter().map(Column::name).collect()
}

const HINT_PROCESSING: &str =
    "cần dạng \"5 ngày làm việc\", \"8 giờ làm việc\" hoặc \"trong ngày, sau 15:00\"; thời hạn phải lớn hơn 0";
const HINT_FEE: &str = "cần số tiền bằng đồng, ví dụ 50000 hoặc 50.000; ghi 0 nếu không thu";
const HINT_BOOL: &str = "cần có/không, true/false hoặc 1/0";

impl Catalog {
    /// Reads a catalog from JSON (a leading BOM is accepted), normalises its text and validates it.
    pub fn from_json(s: &str) -> Result<Catalog, CatalogError> {
        let s = s.strip_prefix('\u{feff}').unwrap_or(s);
        let mut catalog: Catalog = serde_json::from_str(s).map_err(|e| {
            let message = e.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
            CatalogError::Json { line: e.line(), column: e.column(), message }
        })?;
        catalog.normalize();
        catalog.validate()?;
        Ok(catalog)
    }

    /// Pretty-printed JSON, the format the city server distributes.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a catalog always serialises to JSON")
    }

    /// Reads a catalog from CSV: UTF-8 with or without BOM, comma-, semicolon- or
    /// tab-separated (guessed from the header line), optional `# key: value` metadata lines
    /// before the header. Normalises text and validates, reporting the first problem with its
    /// line number.
    pub fn from_csv(s: &str) -> Result<Catalog, CatalogError> {
        let s = s.strip_prefix('\u{feff}').unwrap_or(s);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sniff_delimiter(s))
            .from_reader(s.as_bytes());
        let mut catalog =
            Catalog { version: String::new(), sample: false, note: String::new(), procedures: Vec::new() };
        let mut header: Option<Header> = None;
        let mut seen = HashMap::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(index as u64 + 1, csv::Position::line);
                CatalogError::Csv { at: Location::Line(line), message: e.to_string() }
            })?;
            let line = record.position().map_or(index as u64 + 1, csv::Position::line);
            let fields: Vec<&str> = record.iter().collect();
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let Some(header) = &header else {
                if fields[0].trim_start().starts_with('#') {
                    read_metadata(&mut catalog, line, &fields)?;
                } else {
                    header = Some(Header::parse(line, &fields)?);
                }
                continue;
            };
            let at = Location::Line(line);
            let procedure = header.procedure(&at, &fields)?;
            check_procedure(&procedure, &at, &mut seen)?;
            catalog.procedures.push(procedure);
        }
        if header.is_none() {
            return Err(CatalogError::EmptyCsv);
        }
        Ok(catalog)
    }

    /// CSV with a BOM (so Excel opens it as UTF-8), metadata lines, the header row and one
    /// row per procedure; `\n` line ends. The format is documented in `assets/catalog/README.md`.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        let put = |w: &mut csv::Writer<Vec<u8>>, row: &[&str]| w.write_record(row).expect("writing CSV to memory");
        if !self.version.is_empty() {
            put(&mut w, &[&format!("# version: {}", self.version)]);
        }
        if self.sample {
            put(&mut w, &["# sample: có"]);
        }
        if !self.note.is_empty() {
            put(&mut w, &[&format!("# note: {}", self.note)]);
        }
        put(&mut w, &csv_header());
        for p in &self.procedures {
            let processing = format_processing(&p.processing);
            let fee = p.fee_vnd.to_string();
            let papers = format_papers(&p.papers);
            put(
                &mut w,
                &[
                    &p.code,
                    &p.name,
                    &p.field,
                    &p.level,
                    &processing,
                    &fee,
                    &p.fee_note,
                    &papers,
                    &p.result,
                    &p.agency,
                    bool_vi(p.interagency),
                    bool_vi(p.postal_return),
                    bool_vi(p.hidden),
                ],
            );
        }
        let bytes = w.into_inner().expect("flushing CSV to memory");
        let mut out = String::from('\u{feff}');
        out.push_str(std::str::from_utf8(&bytes).expect("CSV of UTF-8 strings is UTF-8"));
        out
    }

    /// Codes non-empty and unique, names non-empty, processing times above zero, paper names
    /// non-empty and counts at least 1, every text already normalised ([`text::clean`]).
    pub fn validate(&self) -> Result<(), CatalogError> {
        for (column, value) in [(Column::Version, &self.version), (Column::Note, &self.note)] {
            if *value != clean(value) {
                return Err(CatalogError::NotNormalized { at: Location::Catalog, column, value: value.clone() });
            }
        }
        let mut seen = HashMap::new();
        for (i, p) in self.procedures.iter().enumerate() {
            let at = Location::Record { number: i + 1, code: p.code.clone() };
            check_procedure(p, &at, &mut seen)?;
        }
        Ok(())
    }

    /// Passes every text of the catalog through [`text::clean`].
    pub fn normalize(&mut self) {
        self.version = clean(&self.version);
        self.note = clean(&self.note);
        for p in &mut self.procedures {
            p.normalize();
        }
    }

    /// The procedure with this code, hidden or not.
    pub fn find(&self, code: &str) -> Option<&Procedure> {
        self.procedures.iter().find(|p| p.code == code)
    }

    /// The procedures the office handles.
    pub fn visible(&self) -> impl Iterator<Item = &Procedure> {
        self.procedures.iter().filter(|p| !p.hidden)
    }
}

fn check_procedure(p: &Procedure, at: &Location, seen: &mut HashMap<String, Location>) -> Result<(), CatalogError> {
    for (column, value) in [
        (Column::Code, &p.code),
        (Column::Name, &p.name),
        (Column::Field, &p.field),
        (Column::Level, &p.level),
        (Column::FeeNote, &p.fee_note),
        (Column::Result, &p.result),
        (Column::Agency, &p.agency),
    ] {
        if *value != clean(value) {
            return Err(CatalogError::NotNormalized { at: at.clone(), column, value: value.clone() });
        }
    }
    for (column, value) in [(Column::Code, &p.code), (Column::Name, &p.name)] {
        if value.is_empty() {
            return Err(CatalogError::Missing { at: at.clone(), column });
        }
    }
    let zero = match p.processing {
        ProcessingTime::WorkingDays { days } => days == 0,
        ProcessingTime::WorkingHours { hours } => hours == 0,
        ProcessingTime::CalendarDays { days } => days == 0,
        ProcessingTime::SameDay { .. } => false,
    };
    if zero {
        return Err(CatalogError::Invalid {
            at: at.clone(),
            column: Column::Processing,
            value: format_processing(&p.processing),
            hint: HINT_PROCESSING,
        });
    }
    for (i, paper) in p.papers.iter().enumerate() {
        let reason = if paper.name != clean(&paper.name) {
            "tên giấy tờ chưa được chuẩn hóa (Unicode NFC, không thừa khoảng trắng)"
        } else if paper.name.is_empty() {
            "thiếu tên giấy tờ"
        } else if paper.count == 0 {
            "số lượng phải từ 1 trở lên"
        } else {
            continue;
        };
        return Err(CatalogError::Paper {
            at: at.clone(),
            number: i + 1,
            value: format_paper(paper),
            reason: reason.to_owned(),
        });
    }
    if let Some(first) = seen.get(&p.code) {
        return Err(CatalogError::DuplicateCode { at: at.clone(), code: p.code.clone(), first: first.clone() });
    }
    seen.insert(p.code.clone(), at.clone());
    Ok(())
}

/// The CSV header: which column each position holds (`None`: an empty trailing header cell).
struct Header {
    columns: Vec<Option<Column>>,
    /// Position of each known column.
    index: HashMap<Column, usize>,
}

impl Header {
    fn parse(line: u64, fields: &[&str]) -> Result<Header, CatalogError> {
        let mut columns = Vec::with_capacity(fields.len());
        let mut index = HashMap::new();
        for (i, name) in fields.iter().enumerate() {
            if name.trim().is_empty() {
                columns.push(None);
                continue;
            }
            let column =
                Column::from_header(name).ok_or_else(|| CatalogError::UnknownColumn { line, column: clean(name) })?;
            if index.insert(column, i).is_some() {
                return Err(CatalogError::DuplicateColumn { line, column });
            }
            columns.push(Some(column));
        }
        if let Some(&column) = Column::CSV.iter().find(|c| c.required() && !index.contains_key(c)) {
            return Err(CatalogError::MissingColumn { line, column });
        }
        Ok(Header { columns, index })
    }

    fn procedure(&self, at: &Location, fields: &[&str]) -> Result<Procedure, CatalogError> {
        let expected = self.columns.len();
        if fields.len() < expected || fields[expected..].iter().any(|f| !f.trim().is_empty()) {
            return Err(CatalogError::ColumnCount { at: at.clone(), found: fields.len(), expected });
        }
        let raw = |c: Column| self.index.get(&c).map_or("", |&i| fields[i]);
        let cell = |c: Column| clean(raw(c));
        let boolean = |c: Column| -> Result<bool, CatalogError> {
            let value = raw(c);
            if value.trim().is_empty() {
                return if c.required() { Err(CatalogError::Missing { at: at.clone(), column: c }) } else { Ok(false) };
            }
            parse_bool(value).ok_or_else(|| CatalogError::Invalid {
                at: at.clone(),
                column: c,
                value: clean(value),
                hint: HINT_BOOL,
            })
        };

        let processing_text = raw(Column::Processing);
        if processing_text.trim().is_empty() {
            return Err(CatalogError::Missing { at: at.clone(), column: Column::Processing });
        }
        let processing = parse_processing(processing_text).ok_or_else(|| CatalogError::Invalid {
            at: at.clone(),
            column: Column::Processing,
            value: clean(processing_text),
            hint: HINT_PROCESSING,
        })?;
        let fee_text = raw(Column::FeeVnd);
        let fee_vnd = parse_fee(fee_text).ok_or_else(|| CatalogError::Invalid {
            at: at.clone(),
            column: Column::FeeVnd,
            value: clean(fee_text),
            hint: HINT_FEE,
        })?;
        let papers = parse_papers(raw(Column::Papers)).map_err(|e| CatalogError::Paper {
            at: at.clone(),
            number: e.number,
            value: e.item,
            reason: e.reason,
        })?;
        Ok(Procedure {
            code: cell(Column::Code),
            name: cell(Column::Name),
            field: cell(Column::Field),
            level: cell(Column::Level),
            processing,
            fee_vnd,
            fee_note: cell(Column::FeeNote),
            papers,
            result: cell(Column::Result),
            agency: cell(Column::Agency),
            interagency: boolean(Column::Interagency)?,
            postal_return: boolean(Column::PostalReturn)?,
            hidden: boolean(Column::Hidden)?,
        })
    }
}

/// `# version: …`, `# sample: có`, `# note: …` lines before the header.
fn read_metadata(catalog: &mut Catalog, line: u64, fields: &[&str]) -> Result<(), CatalogError> {
    let bad = || CatalogError::BadMetadata { line, text: clean(&fields.join(" ")) };
    if fields[1..].iter().any(|f| !f.trim().is_empty()) {
        return Err(bad());
    }
    let body = fields[0].trim_start().trim_start_matches('#');
    let (key, value) = body.split_once(':').ok_or_else(bad)?;
    match key.trim().to_ascii_lowercase().as_str() {
        "version" => catalog.version = clean(value),
        "note" => catalog.note = clean(value),
        "sample" => catalog.sample = parse_bool(value).ok_or_else(bad)?,
        _ => return Err(bad()),
    }
    Ok(())
}

/// The delimiter of the header line: Excel with Vietnamese regional settings saves `;`.
fn sniff_delimiter(s: &str) -> u8 {
    let header = s
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("\"#"))
        .unwrap_or("");
    let count = |c: char| header.matches(c).count();
    let (comma, semicolon, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab > semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

fn bool_vi(b: bool) -> &'static str {
    if b { "có" } else { "không" }
}

/// `true/false`, `1/0`, `có/không` (with or without diacritics), `yes/no`.
fn parse_bool(s: &str) -> Option<bool> {
    match fold(s.trim()).as_str() {
        "true" | "1" | "co" | "yes" => Some(true),
        "false" | "0" | "khong" | "no" => Some(false),
        _ => None,
    }
}

/// An amount in VND: digits, optionally grouped by `.`, `,` or spaces in threes, optionally
/// followed by `đ`, `đồng` or `VND`.
fn parse_fee(s: &str) -> Option<u64> {
    let folded = fold(s);
    let mut t = folded.trim();
    for suffix in ["dong", "vnd", "d"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim_end();
            break;
        }
    }
    let groups: Vec<&str> = t.split(['.', ',', ' ']).collect();
    let well_formed = groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups[0].len() <= if groups.len() > 1 { 3 } else { usize::MAX };
    if !well_formed {
        return None;
    }
    groups.concat().parse().ok()
}

/// The canonical CSV wording of a processing time: `5 ngày làm việc`, `8 giờ làm việc`,
/// `trong ngày, sau 15:00`.
pub fn format_processing(p: &ProcessingTime) -> String {
    match p {
        ProcessingTime::WorkingDays { days } => format!("{days} ngày làm việc"),
        ProcessingTime::WorkingHours { hours } => format!("{hours} giờ làm việc"),
        ProcessingTime::CalendarDays { days } => format!("{days} ngày (kể cả ngày nghỉ)"),
        ProcessingTime::SameDay { cutoff } => format!("trong ngày, sau {}", cutoff.format("%H:%M")),
    }
}

/// Reads a processing time written in Vietnamese (with or without diacritics: `5 ngày làm
/// việc`, `05 ngay lam viec`, `8 giờ làm việc`, `trong ngày, sau 15:00`, `Trong ngày (nhận sau
/// 15h00 …)`) or as a code (`working_days:5`, `working_hours:8`, `same_day:15:00`).
/// "5 ngày" alone is refused: calendar or working days? The law says which; write it.
pub fn parse_processing(s: &str) -> Option<ProcessingTime> {
    let f = fold(&clean(s));
    if let Some((kind, rest)) = f.split_once(':') {
        let rest = rest.trim();
        match kind.trim() {
            "working_days" => {
                return positive(rest).map(|days| ProcessingTime::WorkingDays { days });
            }
            "working_hours" => {
                return positive(rest).map(|hours| ProcessingTime::WorkingHours { hours });
            }
            "calendar_days" => {
                return positive(rest).map(|days| ProcessingTime::CalendarDays { days });
            }
            "same_day" => return find_time(rest).map(|cutoff| ProcessingTime::SameDay { cutoff }),
            _ => {}
        }
    }
    if let Some(n) = f.strip_suffix(" ngay lam viec") {
        return positive(n.trim()).map(|days| ProcessingTime::WorkingDays { days });
    }
    if let Some(n) = f.strip_suffix(" ngay (ke ca ngay nghi)") {
        return positive(n.trim()).map(|days| ProcessingTime::CalendarDays { days });
    }
    if let Some(n) = f.strip_suffix(" gio lam viec") {
        return positive(n.trim()).map(|hours| ProcessingTime::WorkingHours { hours });
    }
    if let Some(rest) = f.strip_prefix("trong ngay") {
        return find_time(rest).map(|cutoff| ProcessingTime::SameDay { cutoff });
    }
    None
}

fn positive(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|&n| n > 0)
}

/// The first time of day in a folded text: `15:00`, `15h00`, `15h`, `15 gio`.
fn find_time(s: &str) -> Option<NaiveTime> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let t = &s[start..];
    let hours_len = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    if hours_len > 2 {
        return None;
    }
    let hours: u32 = t[..hours_len].parse().ok()?;
    let after = &t[hours_len..];
    let minutes = if let Some(m) = after.strip_prefix(':').or_else(|| after.strip_prefix('h')) {
        let len = m.find(|c: char| !c.is_ascii_digit()).unwrap_or(m.len());
        match len {
            0 if after.starts_with('h') => 0,
            2 => m[..2].parse().ok()?,
            _ => return None,
        }
    } else if after.trim_start().starts_with("gio") {
        0
    } else {
        return None;
    };
    NaiveTime::from_hms_opt(hours, minutes, 0)
}

/// The CSV cell of the papers: `name [form] xcount` items joined by ` ; `; an optional paper
/// has `, nếu có` after its form; a `;` inside a name is doubled (`;;`).
pub fn format_papers(papers: &[RequiredPaper]) -> String {
    papers.iter().map(format_paper).collect::<Vec<_>>().join(" ; ")
}

fn format_paper(p: &RequiredPaper) -> String {
    let optional = if p.optional { ", nếu có" } else { "" };
    format!("{} [{}{optional}] x{}", p.name.replace(';', ";;"), p.form.label_csv(), p.count)
}

/// A paper item of a CSV cell that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperParseError {
    /// 1-based position among the cell's items.
    pub number: usize,
    pub item: String,
    pub reason: String,
}

/// Reads the papers cell written by [`format_papers`]. Also accepts `X2`, `× 2`, a missing
/// count (1), any case and no diacritics in the form, and empty items (a trailing ` ; `).
/// Names are normalised with [`text::clean`].
pub fn parse_papers(s: &str) -> Result<Vec<RequiredPaper>, PaperParseError> {
    split_items(s)
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            parse_paper(&item).map_err(|reason| PaperParseError { number: i + 1, item: text::clean(&item), reason })
        })
        .collect()
}

/// Splits at single `;`, turning `;;` back into `;`; trims, drops empty items.
fn split_items(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ';' {
            current.push(c);
        } else if chars.peek() == Some(&';') {
            chars.next();
            current.push(';');
        } else {
            items.push(std::mem::take(&mut current));
        }
    }
    items.push(current);
    items.into_iter().map(|i| i.trim().to_owned()).filter(|i| !i.is_empty()).collect()
}

fn parse_paper(item: &str) -> Result<RequiredPaper, String> {
    const NO_FORM: &str = "thiếu hình thức trong ngoặc vuông, ví dụ \"Tờ khai [bản chính] x1\"";
    let close = item.rfind(']').ok_or(NO_FORM)?;
    let tail = item[close + 1..].trim();
    let count = if tail.is_empty() { 1 } else { parse_count(tail)? };
    let open = item[..close].rfind('[').ok_or(NO_FORM)?;
    let name = clean(&item[..open]);
    if name.is_empty() {
        return Err("thiếu tên giấy tờ".to_owned());
    }
    let mut parts = item[open + 1..close].split(',');
    let form_text = parts.next().unwrap_or("").trim();
    let form = PaperForm::parse_vi_or_code(form_text).ok_or_else(|| {
        format!("hình thức \"{form_text}\" không hợp lệ: cần bản chính, bản sao, bản sao chứng thực hoặc bản chụp")
    })?;
    let mut optional = false;
    for extra in parts {
        match fold(extra.trim()).as_str() {
            "neu co" | "optional" => optional = true,
            _ => {
                return Err(format!("\"{}\" không hợp lệ trong ngoặc vuông (chỉ ghi thêm \"nếu có\")", extra.trim()));
            }
        }
    }
    Ok(RequiredPaper { name, form, count, optional })
}

fn parse_count(tail: &str) -> Result<u32, String> {
    let bad = || format!("số lượng \"{tail}\" không hợp lệ: ghi x1, x2…");
    let digits = tail.strip_prefix(['x', 'X', '×']).ok_or_else(bad)?.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match digits.parse::<u32>() {
        Ok(0) => Err("số lượng phải từ 1 trở lên".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_split_at_single_semicolons_only() {
        assert_eq!(split_items("a ; b;; c ;d; ; "), vec!["a", "b; c", "d"]);
        assert_eq!(split_items("a;; ; b"), vec!["a;", "b"]);
        assert!(split_items("  ").is_empty());
    }

    #[test]
    fn times_are_found_in_several_spellings() {
        let t = |h, m| Some(NaiveTime::from_hms_opt(h, m, 0).unwrap());
        assert_eq!(find_time(", sau 15:00"), t(15, 0));
        assert_eq!(find_time(" (nhan sau 15h30 tra ...)"), t(15, 30));
        assert_eq!(find_time(" truoc 9h"), t(9, 0));
        assert_eq!(find_time(" sau 16 gio"), t(16, 0));
        assert_eq!(find_time(" sau 15:0"), None);
        assert_eq!(find_time(" sau 25:00"), None);
        assert_eq!(find_time(" sau"), None);
    }

    #[test]
    fn fees_accept_grouping_and_units_only_in_threes() {
        assert_eq!(parse_fee("50000"), Some(50_000));
        assert_eq!(parse_fee("50.000 đồng"), Some(50_000));
        assert_eq!(parse_fee("1,000,000 VND"), Some(1_000_000));
        assert_eq!(parse_fee("2.000đ"), Some(2_000));
        assert_eq!(parse_fee("0"), Some(0));
        assert_eq!(parse_fee("2.5"), None);
        assert_eq!(parse_fee("1234.000"), None);
        assert_eq!(parse_fee(""), None);
        assert_eq!(parse_fee("miễn"), None);
    }
}
