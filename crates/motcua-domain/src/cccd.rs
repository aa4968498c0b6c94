//! The citizen identity card (Căn cước công dân / Căn cước): its 12-digit number and the QR
//! line a handheld scanner types.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label_vi(self) -> &'static str {
        match self {
            Gender::Male => "Nam",
            Gender::Female => "Nữ",
        }
    }

    /// Reads the card's "Nam"/"Nữ" (any case, with or without diacritics).
    pub fn parse_vi(s: &str) -> Option<Gender> {
        match text::fold(s.trim()).as_str() {
            "nam" | "male" => Some(Gender::Male),
            "nu" | "female" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// What the card's QR code holds:
/// `id|old 9-digit id|full name|ddmmyyyy birth|gender|address|ddmmyyyy issue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardData {
    pub id_number: String,
    pub old_id_number: Option<String>,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub gender: Gender,
    pub address: String,
    pub issue_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("Mã QR không đúng định dạng căn cước: cần ít nhất 6 trường ngăn bởi dấu |, nhận được {0}")]
    TooFewFields(usize),
    #[error("Mã QR có ngày sinh không hợp lệ: {0:?} (cần ddmmyyyy)")]
    BadBirthDate(String),
    #[error("Mã QR có giới tính không hợp lệ: {0:?}")]
    BadGender(String),
    #[error("Mã QR không có họ tên")]
    NoName,
    #[error("{0}")]
    BadId(IdProblem),
}

/// Parses the line a scanner types. Extra trailing fields (newer cards) are ignored; a missing
/// issue date is allowed. Text is normalised to NFC.
pub fn parse_qr(line: &str) -> Result<CardData, QrError> {
    let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    if fields.len() < 6 {
        return Err(QrError::TooFewFields(fields.len()));
    }
    let id_number = fields[0].to_owned();
    let birth_date = parse_ddmmyyyy(fields[3]).ok_or_else(|| QrError::BadBirthDate(fields[3].to_owned()))?;
    let gender = Gender::parse_vi(fields[4]).ok_or_else(|| QrError::BadGender(fields[4].to_owned()))?;
    check_id_number(&id_number, Some(birth_date), Some(gender)).map_err(QrError::BadId)?;
    let full_name = text::clean(fields[2]);
    if full_name.is_empty() {
        return Err(QrError::NoName);
    }
    let old = fields[1];
    Ok(CardData {
        id_number,
        old_id_number: (!old.is_empty()).then(|| old.to_owned()),
        full_name,
        birth_date,
        gender,
        address: text::clean(fields[5]),
        issue_date: fields.get(6).and_then(|s| parse_ddmmyyyy(s)),
    })
}

/// `ddmmyyyy` as printed in the QR.
pub fn parse_ddmmyyyy(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d = s[0..2].parse().ok()?;
    let m = s[2..4].parse().ok()?;
    let y = s[4..8].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Why an identity number is not acceptable. The Display text is shown to the clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdProblem {
    #[error("Số định danh phải gồm 12 chữ số (CMND cũ: 9 chữ số)")]
    Format,
    #[error("Mã tỉnh nơi đăng ký khai sinh {0} (3 chữ số đầu) không tồn tại")]
    Province(String),
    #[error(
        "Chữ số thứ 4 ({digit}) cho biết thế kỷ sinh {century_start}–{century_end}, không khớp năm sinh {birth_year}"
    )]
    Century { digit: u32, century_start: i32, century_end: i32, birth_year: i32 },
    #[error("Chữ số 5–6 ({digits}) phải là hai số cuối năm sinh {birth_year}")]
    BirthYear { digits: String, birth_year: i32 },
    #[error("Chữ số thứ 4 ({digit}) cho biết giới tính {expected}, không khớp giới tính đã nhập")]
    Gender { digit: u32, expected: &'static str },
}

/// What a 12-digit number says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdFacts {
    pub province_code: String,
    pub province: &'static str,
    pub gender: Gender,
    /// First year of the birth century (1900, 2000, …).
    pub century_start: i32,
    pub birth_year_2: u32,
}

/// Decodes a 12-digit personal identity number (Thông tư 07/2016/TT-BCA, Thông tư 59/2021):
/// digits 1–3 province of birth registration, digit 4 gender and century (0/1 = male/female
/// born 1900–1999, 2/3 = 2000–2099, … up to 8/9 = 2300s), digits 5–6 the year's last two digits.
pub fn id_facts(id: &str) -> Result<IdFacts, IdProblem> {
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdProblem::Format);
    }
    let province_code = &id[0..3];
    let province = province_name(province_code).ok_or_else(|| IdProblem::Province(province_code.to_owned()))?;
    let digit = id.as_bytes()[3] as u32 - b'0' as u32;
    Ok(IdFacts {
        province_code: province_code.to_owned(),
        province,
        gender: if digit.is_multiple_of(2) { Gender::Male } else { Gender::Female },
        century_start: 1900 + 100 * (digit / 2) as i32,
        birth_year_2: id[4..6].parse().expect("two ASCII digits"),
    })
}

/// Checks a number against what else the clerk typed. A 9-digit old identity card number
/// (CMND) is accepted as it is: it encodes nothing we can check.
pub fn check_id_number(id: &str, birth: Option<NaiveDate>, gender: Option<Gender>) -> Result<(), IdProblem> {
    if id.len() == 9 && id.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    let facts = id_facts(id)?;
    if let Some(birth) = birth {
        let year = birth.year();
        let digit = id.as_bytes()[3] as u32 - b'0' as u32;
        if year < facts.century_start || year >= facts.century_start + 100 {
            return Err(IdProblem::Century {
                digit,
                century_start: facts.century_start,
                century_end: facts.century_start + 99,
                birth_year: year,
            });
        }
        if (year % 100) as u32 != facts.birth_year_2 {
            return Err(IdProblem::BirthYear { digits: id[4..6].to_owned(), birth_year: year });
        }
    }
    if let Some(gender) = gender
        && gender != facts.gender
    {
        let digit = id.as_bytes()[3] as u32 - b'0' as u32;
        return Err(IdProblem::Gender { digit, expected: facts.gender.label_vi() });
    }
    Ok(())
}

/// Province codes of birth registration (Thông tư 07/2016/TT-BCA, the 63 provinces before
/// the 2025 merger: cards keep the code they were issued with).
const PROVINCES: &[(&str, &str)] = &[
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa - Vũng Tàu"),
    ("079", "Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}
