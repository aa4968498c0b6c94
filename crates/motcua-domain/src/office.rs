//! The office profile the first-run wizard collects: who receives, where, when, and where a
//! citizen can complain (the hotline printed on every receipt).

use serde::{Deserialize, Serialize};

use crate::calendar::OfficeHours;
use crate::dossier_code::{CodePattern, CounterSlot};
use crate::text;
use crate::validation::{MAX_NAME_CHARS, MAX_TEXT_CHARS, Problems};

/// Default number of counter slots an office's dossier codes are interleaved over.
pub const DEFAULT_COUNTER_SLOTS: u32 = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeProfile {
    /// e.g. "Bộ phận Một cửa UBND phường Ba Đình"
    pub name: String,
    /// The receiving unit's code (QCVN 102:2016/BTTTT), e.g. `000.00.21.H26`.
    pub unit_code: String,
    pub address: String,
    /// Place name for the date line of papers: "Hà Nội, ngày 23 tháng 11 năm 2026".
    #[serde(default)]
    pub place_name: String,
    /// This PC's counter number (quầy số).
    pub counter_number: u32,
    #[serde(default = "default_slots")]
    pub counter_slots: u32,
    /// Đường dây nóng: printed on receipts and tickets. At least one.
    pub hotlines: Vec<String>,
    #[serde(default)]
    pub feedback_email: String,
    /// Other complaint channels: Zalo, the city portal (1022), Facebook page …
    #[serde(default)]
    pub other_channels: Vec<String>,
    #[serde(default)]
    pub hours: OfficeHours,
    #[serde(default)]
    pub code_pattern: CodePattern,
}

fn default_slots() -> u32 {
    DEFAULT_COUNTER_SLOTS
}

impl OfficeProfile {
    /// NFC, trimmed, empty list items dropped.
    pub fn normalised(mut self) -> Self {
        self.name = text::clean(&self.name);
        self.unit_code = self.unit_code.trim().to_uppercase();
        self.address = text::clean(&self.address);
        self.place_name = text::clean(&self.place_name);
        self.hotlines = self.hotlines.iter().map(|h| text::clean(h)).filter(|h| !h.is_empty()).collect();
        self.feedback_email = self.feedback_email.trim().to_owned();
        self.other_channels = self.other_channels.iter().map(|c| text::clean(c)).filter(|c| !c.is_empty()).collect();
        self
    }

    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::default();
        if self.name.is_empty() {
            p.add("name", "Chưa nhập tên đơn vị");
        } else if self.name.chars().count() > MAX_TEXT_CHARS {
            p.add("name", format!("Tên đơn vị quá dài (tối đa {MAX_TEXT_CHARS} ký tự)"));
        }
        if !is_unit_code(&self.unit_code) {
            p.add("unit_code", "Mã đơn vị không hợp lệ (ví dụ 000.00.21.H26: các nhóm chữ và số ngăn bởi dấu chấm)");
        }
        if self.address.is_empty() {
            p.add("address", "Chưa nhập địa chỉ");
        } else if self.address.chars().count() > MAX_TEXT_CHARS {
            p.add("address", format!("Địa chỉ quá dài (tối đa {MAX_TEXT_CHARS} ký tự)"));
        }
        if self.place_name.chars().count() > MAX_NAME_CHARS {
            p.add("place_name", "Địa danh quá dài");
        }
        if let Err(e) = CounterSlot::new(self.counter_number, self.counter_slots) {
            p.add("counter_number", e.to_string());
        }
        if self.hotlines.is_empty() {
            p.add("hotlines", "Cần ít nhất một số đường dây nóng để in trên giấy tiếp nhận");
        }
        for h in &self.hotlines {
            if !is_phone_like(h) {
                p.add("hotlines", format!("Số đường dây nóng không hợp lệ: {h}"));
            }
        }
        if !self.feedback_email.is_empty() && !is_email_like(&self.feedback_email) {
            p.add("feedback_email", "Địa chỉ email không hợp lệ");
        }
        if !self.hours.is_consistent() {
            p.add("hours", "Giờ làm việc không hợp lệ: buổi sáng phải kết thúc trước buổi chiều");
        }
        if let Err(e) = self.code_pattern.validate() {
            p.add("code_pattern", e.to_string());
        }
        p.into_result()
    }

    pub fn counter_slot(&self) -> CounterSlot {
        CounterSlot { counter: self.counter_number, slots: self.counter_slots }
    }
}

/// Dot-separated groups of capital letters and digits: `000.00.21.H26`, `H26.12`.
pub fn is_unit_code(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    (2..=6).contains(&groups.len())
        && s.len() <= 32
        && groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()))
}

/// A phone number as people write it: digits with optional spaces, dots, dashes, a leading +.
/// Short service numbers (1022, 1900 xxxx) count.
pub fn is_phone_like(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let rest_ok = s.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    rest_ok && (3..=15).contains(&digits)
}

/// A plausible e-mail address: one `@`, a dot in the domain, no spaces.
pub fn is_email_like(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// The city server a counter PC syncs with, as its enrolment gave it. (The PC's credential is
/// a device secret, never here.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityLink {
    /// `https://motcua.hanoi.gov.vn`
    pub server_url: String,
    /// The office the city enrolled this PC in (unit code and name).
    pub office_unit_code: String,
    pub office_name: String,
}
